"""The final metrics of a run as text: table rows, a printable table, the verdict in plain words.

Shared by the figure's metrics table, the CLI's summary and the API's ``repr``. The words are the
verdict of engine/verdict.py (the page judges with the same rules), never a sentence of their own.
Knows `NetworkSummary` only: nothing of plotting, files or training. Plain ASCII, so any terminal can
print it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence

from ..engine.events import NetworkSummary
from ..engine.verdict import judge


def format_metric_rows(summary: Sequence[NetworkSummary]) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the metrics table: one column per network, then one "Δ vs baseline" column.

    The difference column compares the first non-baseline network with the network named "baseline".
    """
    by_name = {s.network: s for s in summary}
    others = [s for s in summary if s.network != "baseline"]
    pair = (by_name["baseline"], others[0]) if "baseline" in by_name and others else None
    header = ["metric", *(s.network for s in summary)] + (["diff vs baseline"] if pair else [])
    rows = []
    for label, key, fmt in _METRICS:
        row = [label, *(fmt(getattr(s, key)) for s in summary)]
        if pair:
            row.append(_signed(getattr(pair[1], key) - getattr(pair[0], key), fmt))
        rows.append(row)
    return header, rows


def format_summary(summary: Sequence[NetworkSummary]) -> str:
    """The final metrics as a plain-text table followed by one sentence per network against the baseline."""
    if not summary:
        return "No epoch finished before the stop: there are no numbers to show."
    header, rows = format_metric_rows(summary)
    columns = list(zip(header, *rows, strict=True))
    widths = [max(len(cell) for cell in column) for column in columns]
    lines = [_align(row, widths) for row in [header, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    baseline = next((s for s in summary if s.network == "baseline"), None)
    others = [s for s in summary if s is not baseline]
    if baseline is not None:
        words = [describe_difference(baseline, o) for o in others] or [describe_network(baseline)]
        for text in words:
            lines += ["", *textwrap.wrap(text, width=100)]
    return "\n".join(lines)


def describe_difference(baseline: NetworkSummary, other: NetworkSummary) -> str:
    """The verdict on `other` against the baseline, in words: headline, then what the numbers say."""
    verdict = judge(baseline.model_dump(), other.model_dump())
    return f"{other.network} (drop p = {other.dropout:g}) vs {baseline.network}: {verdict}"


def describe_network(baseline: NetworkSummary) -> str:
    """The verdict on a plain network trained alone (does it overfit?), in words."""
    return f"{baseline.network}: {judge(baseline.model_dump())}"


def _align(row: Sequence[str], widths: Sequence[int]) -> str:
    """First column left-aligned (labels), the others right-aligned (numbers)."""
    cells = [c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))]
    return "  ".join(cells)


def _loss(value: float) -> str:
    text = f"{value:.3f}"
    return "0.000" if text == "-0.000" else text  # a gap of -0.0001 is no gap


def _percent(value: float) -> str:
    return f"{100 * value:.1f}%"


def _epoch(value: float) -> str:
    return f"{value:.0f}"


def _signed(value: float, fmt: Callable[[float], str]) -> str:
    if fmt is _percent:
        return f"{100 * value:+.1f} pts"
    return ("+" if value >= 0 else "-") + fmt(abs(value))


_METRICS: tuple[tuple[str, str, Callable[[float], str]], ...] = (
    ("train loss", "train_loss", _loss),
    ("val loss", "val_loss", _loss),
    ("gap (val - train)", "gap", _loss),
    ("train accuracy", "train_acc", _percent),
    ("val accuracy", "val_acc", _percent),
    ("best epoch (val)", "best_epoch", _epoch),
    ("best val loss", "best_val_loss", _loss),
)
