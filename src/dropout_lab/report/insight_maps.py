"""The map figures of the insights: the implicit ensemble and Monte-Carlo uncertainty.

Maps are grid_size x grid_size grids over the result's extent, row 0 at y_min (drawn with
origin="lower"), with the 0.5 contour on probability maps and a colour bar on scalar (viridis) maps.
Knows the result models of `engine.insights` only.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from ..engine.insights.ensemble_result import EnsembleResult
from ..engine.insights.results import Points
from ..engine.insights.uncertainty_result import FAR, UncertaintyResult
from .insight_style import DROPOUT, REFERENCE, captioned_figure, legend_below
from .palette import CLASS_COLOURS, PROBABILITY_CMAP

EVAL = "#111827"


def draw_map(
    ax: Axes,
    values: list[float],
    n: int,
    extent: list[float],
    points: Points,
    title: str,
    *,
    scalar: bool = False,
    nearest: list[float] | None = None,
    **kw: Any,
) -> Any:
    """One map with the training points on top; probability maps get their 0.5 contour.

    `nearest` (distance of each cell to the data) veils the cells farther than FAR: extrapolation.
    """
    grid = np.asarray(values).reshape(n, n)  # row 0 at y_min
    box = (extent[0], extent[1], extent[2], extent[3])
    cmap = "viridis" if scalar else PROBABILITY_CMAP
    image = ax.imshow(grid, origin="lower", extent=box, cmap=cmap, aspect="equal", **kw)
    if not scalar:
        xs, ys = np.linspace(extent[0], extent[1], n), np.linspace(extent[2], extent[3], n)
        ax.contour(xs, ys, grid, levels=[0.5], colors=EVAL, linewidths=1.5)
    if nearest is not None:
        veil = np.zeros((n, n, 4))
        veil[np.asarray(nearest).reshape(n, n) >= FAR] = (1.0, 1.0, 1.0, 0.5)
        ax.imshow(veil, origin="lower", extent=box, aspect="equal")
    X, y = np.asarray(points.X_train), np.asarray(points.y_train)
    ax.scatter(X[:, 0], X[:, 1], s=7, c=[CLASS_COLOURS[v] for v in y], edgecolors="white", linewidths=0.3)
    ax.set_title(title, fontsize=10)
    ax.set_xticks([])
    ax.set_yticks([])
    return image


def ensemble_figure(r: EnsembleResult) -> Figure:
    """Thinned networks, their averages and eval mode; convergence to the thinned mean; loss and error."""
    method = (
        f"One network trained with dropout p = {r.p:g}. Each thinned network switches off a random set of "
        f"hidden units (survivors × 1/(1−p)). {r.repeats} independent repeats of the Monte-Carlo average "
        "(band: ± 1 std); each repeat is compared with the other repeats' longest average (leave one out). "
        "Distances: root-mean-square difference of p(class 1) over the map."
    )
    fig, body = captioned_figure((16, 8.2), method, r.claims)
    top, bottom = body.subfigures(2, 1, height_ratios=[0.8, 1.3])  # type: ignore[misc]
    maps = [(f"thinned network {i + 1}", v) for i, v in enumerate(r.thinned)]
    maps += [
        (f"average of these {len(r.thinned)}", r.thinned_average),
        (f"MC average, {r.samples[-1]} passes", r.mc_average),
        (f"thinned-network mean\n({r.repeats} × {r.samples[-1]} passes)", r.thinned_mean),
        ("eval mode\n(no masks)", r.eval),
    ]
    for ax, (title, values) in zip(top.subplots(1, len(maps)), maps, strict=True):
        draw_map(ax, values, r.grid_size, r.extent, r.points, title, vmin=0, vmax=1)
    conv, loss, error = bottom.subplots(1, 3)
    T = np.asarray(r.samples)
    mean, std = np.asarray(r.mc_to_mean.mean), np.asarray(r.mc_to_mean.std)
    conv.fill_between(T, np.maximum(mean - std, 1e-6), mean + std, color=DROPOUT, alpha=0.2)
    conv.plot(T, mean, "o-", color=DROPOUT, lw=2.2, label="MC average vs thinned-network mean")
    conv.plot(T, r.sqrt_reference, "--", color=REFERENCE, lw=1.4, label="1/√T")
    conv.axhline(r.eval_to_mean, color=EVAL, ls="-.", lw=1.8, label="eval mode vs thinned-network mean")
    conv.plot(T, r.mc_to_eval.mean, ":", color="#6b7280", lw=1.4, label="MC average vs eval mode")
    conv.set(xscale="log", yscale="log", xlabel="passes T averaged", ylabel="RMS difference in p(class 1)")
    conv.set_title("Convergence: sampling noise vs approximation error", fontsize=11)
    for ax, measure, eval_value, label in (
        (loss, r.mc_val_loss, r.eval_val_loss, "validation loss"),
        (error, r.mc_val_error, r.eval_val_error, "validation error"),
    ):
        m, s = np.asarray(measure.mean), np.asarray(measure.std)
        ax.fill_between(T, m - s, m + s, color=DROPOUT, alpha=0.2)
        ax.plot(T, m, "o-", color=DROPOUT, lw=2.2, label="MC average of T passes")
        ax.axhline(eval_value, color=EVAL, ls="-.", lw=1.8, label="eval mode")
        ax.set(xscale="log", xlabel="passes T averaged", ylabel=label)
        ax.set_title(f"{label.capitalize()} of the MC average vs eval mode", fontsize=11)
    for ax in (conv, loss, error):
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))  # 1, 10, 100, not 10^0 ...
        ax.grid(alpha=0.3)
        legend_below(ax, ncols=2)
    return fig


def uncertainty_figure(r: UncertaintyResult) -> Figure:
    """MC mean p(class 1), MC spread, and the plain network's eval-mode entropy, over a zoomed-out plane."""
    method = (
        f"Dropout p = {r.p:g}, T = {r.passes} passes. Dotted box: where the data lies. Pale: cells more than "
        f"{FAR:g} from any training point (extrapolation)."
    )
    caveats = "Where this estimate is known to fail: " + " ".join(r.caveats)
    fig, body = captioned_figure((15, 5.4), f"{method} {caveats}", r.claims)
    a, b, c = body.subplots(1, 3)
    common: dict[str, Any] = {"n": r.grid_size, "extent": r.extent, "points": r.points, "nearest": r.nearest}
    draw_map(
        a, r.mc_mean, title=f"with dropout: MC mean p(class 1), T = {r.passes}", vmin=0, vmax=1, **common
    )
    spread = draw_map(
        b, r.spread, title="with dropout: std of p(class 1) over the passes", scalar=True, vmin=0, **common
    )
    body.colorbar(spread, ax=b, shrink=0.8, label="spread (std over passes)")
    title = "without dropout: no spread; eval-mode entropy"
    ent = draw_map(c, r.baseline_entropy, title=title, scalar=True, vmin=0, vmax=1, **common)
    body.colorbar(ent, ax=c, shrink=0.8, label="entropy (bits)")
    x0, x1, y0, y1 = r.data_extent
    for ax in (a, b, c):
        ax.plot([x0, x1, x1, x0, x0], [y0, y0, y1, y1, y0], color="#888888", lw=1.2, ls=":")
    return fig
