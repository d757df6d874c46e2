"""What the insight figures share: the caption (method + computed claims), legends off the data, and
the line styles read from static/js/insights/styles.json so the page and the figures agree.
"""

from __future__ import annotations

import json
import textwrap
from importlib import resources
from typing import Any

from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure, SubFigure

from ..engine.insights.results import Claims
from .palette import NETWORK_COLOURS, REGULARISER_COLOURS

_STYLES: dict[str, Any] = json.loads(
    resources.files("dropout_lab").joinpath("static/js/insights/styles.json").read_text(encoding="utf-8")
)
BASELINE, DROPOUT = NETWORK_COLOURS["baseline"], NETWORK_COLOURS["dropout"]
KIND_COLOURS = REGULARISER_COLOURS
TIE_BAND: str = _STYLES["tie_band"]
REFERENCE: str = _STYLES["reference"]
RATE_RAMP = LinearSegmentedColormap.from_list("rate_ramp", _STYLES["rate_ramp"])
# Per network: colour, marker and dash pattern -- told apart by more than hue.
NETWORK_LINES = {
    "baseline": (BASELINE, "s", _STYLES["network_dash"]["baseline"]),
    "dropout": (DROPOUT, "o", _STYLES["network_dash"]["dropout"]),
}


def rate_colour(i: int, n: int) -> tuple[float, float, float, float]:
    """Colour of the i-th of n drop probabilities: dark blue (lowest) to salmon (highest), never yellow."""
    return RATE_RAMP(i / max(1, n - 1))


def kind_dashes(kind: str) -> list[float]:
    return list(_STYLES["kind_dash"].get(kind, []))


def captioned_figure(size: tuple[float, float], method: str, claims: Claims) -> tuple[Figure, SubFigure]:
    """A figure with its caption under the body: the headline (bold), the method, one line per finding."""
    width = int(size[0] * 12.5)  # characters per caption line at fontsize 10
    head = textwrap.wrap(claims.headline, width)
    rest = textwrap.wrap(method, width)
    for finding in claims.findings:
        rest += textwrap.wrap("• " + finding, width, subsequent_indent="  ")
    foot = 0.19 * (len(head) + len(rest)) + 0.25  # inches of caption
    fig = Figure(figsize=(size[0], size[1] + foot), layout="constrained")
    body, bottom = fig.subfigures(2, 1, height_ratios=[size[1], foot])  # type: ignore[misc]
    split = 1 - (0.19 * len(head) + 0.08) / foot
    bottom.text(0.01, 0.98, "\n".join(head), fontsize=10, va="top", fontweight="bold", color="#111827")
    bottom.text(0.01, split, "\n".join(rest), fontsize=10, va="top", color="#333333")
    return fig, body


def legend_below(ax: Axes, ncols: int = 2) -> None:
    """The axes' legend under its x label, never over the data."""
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=9, ncols=ncols, loc="upper center", bbox_to_anchor=(0.5, -0.16), frameon=False)
