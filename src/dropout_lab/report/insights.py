"""Figures of the "why dropout works" analyses: an insight's result dict -> one matplotlib Figure.

Builds `Figure` objects directly (never pyplot state). Knows the result dicts of
`engine.insights` only: nothing of training, files, flags or the web.
"""

from __future__ import annotations

import textwrap
from typing import Any

import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure
from matplotlib.ticker import ScalarFormatter

from .palette import CLASS_COLOURS, NETWORK_COLOURS, PROBABILITY_CMAP, REGULARISER_COLOURS

BASELINE, DROPOUT = NETWORK_COLOURS["baseline"], NETWORK_COLOURS["dropout"]
KIND_COLOURS = REGULARISER_COLOURS


def _figure(size: tuple[float, float], caption: str) -> tuple[Figure, SubFigure]:
    """A figure with a plain-language caption under its body; draw on the returned body."""
    lines = [line for para in caption.split("\n") for line in textwrap.wrap(para, int(size[0] * 12.5))]
    foot = 0.19 * len(lines) + 0.15  # inches of caption
    fig = Figure(figsize=(size[0], size[1] + foot), layout="constrained")
    body, bottom = fig.subfigures(2, 1, height_ratios=[size[1], foot])  # type: ignore[misc]
    bottom.text(0.01, 0.98, "\n".join(lines), fontsize=10, va="top", color="#333333")
    return fig, body


def _map(
    ax: Axes, values: list[float], result: dict[str, Any], title: str, cmap=PROBABILITY_CMAP, **kw
) -> Any:
    """A grid_size x grid_size map (row 0 at y_min) over result['extent'] with the points on top."""
    n, extent = result["grid_size"], result["extent"]
    grid = np.asarray(values).reshape(n, n)
    image = ax.imshow(grid, origin="lower", extent=extent, cmap=cmap, aspect="equal", **kw)
    if cmap is PROBABILITY_CMAP:
        xs, ys = np.linspace(extent[0], extent[1], n), np.linspace(extent[2], extent[3], n)
        ax.contour(xs, ys, grid, levels=[0.5], colors="#222222", linewidths=1.5)
    pts = result["points"]
    X, y = np.asarray(pts["X_train"]), np.asarray(pts["y_train"])
    ax.scatter(X[:, 0], X[:, 1], s=7, c=[CLASS_COLOURS[v] for v in y], edgecolors="white", linewidths=0.3)
    ax.set_title(title, fontsize=11)
    ax.set_xticks([])
    ax.set_yticks([])
    return image


def sweep_figure(result: dict[str, Any]) -> Figure:
    """Validation loss and gap against the drop probability: mean over seeds, a ±1 std band, best marked."""
    fig, body = _figure(
        (18, 5.4),
        f"Each point: a network trained {result['epochs']} epochs with that drop probability; networks of "
        "one seed share data, initial weights and batches (thin lines: single seeds). Left of the star "
        "the network overfits (large gap); at the right end too many units are dropped and both losses "
        "rise: under-fitting. Right: each rate's validation curve, its lowest point = early stopping.",
    )
    rates, m = np.asarray(result["rates"]), result["metrics"]
    loss_ax, gap_ax, curve_ax = body.subplots(1, 3)
    panels = zip((loss_ax, gap_ax), ("val_loss", "gap"), ("Validation loss", "Overfitting gap"), strict=True)
    for ax, key, label in panels:
        mean, std = np.asarray(m[key]["mean"]), np.asarray(m[key]["std"])
        ax.fill_between(rates, mean - std, mean + std, color=DROPOUT, alpha=0.18, label="± 1 std over seeds")
        for seed_values in np.asarray(m[key]["per_seed"]).T:
            ax.plot(rates, seed_values, color=DROPOUT, lw=0.6, alpha=0.35)
        ax.plot(rates, mean, "o-", color=DROPOUT, lw=2.4, label=f"mean of {len(result['seeds'])} seeds")
        if key == "val_loss":
            ax.plot(
                rates, m["train_loss"]["mean"], "s--", color="#555555", lw=1.4, label="training loss (mean)"
            )
            best = f"best: p = {result['best_rate']:g}"
            star = {"ms": 22, "color": "#f2b800", "mec": "black", "label": best, "zorder": 5}
            ax.plot([result["best_rate"]], [result["best_val_loss"]], "*", **star)
        else:
            ax.axhline(0, color="#888888", lw=0.8)
        ax.set_xlabel("drop probability p")
        ax.set_ylabel(f"{label} (final epoch, eval mode)")
        ax.set_title(f"{label} against the drop probability", fontsize=12)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=9)
    draw_rate_curves(curve_ax, result)
    return fig


def draw_rate_curves(ax: Axes, result: dict[str, Any]) -> None:
    """Validation curve per drop probability (mean over seeds), its early-stopping point as a dot."""
    cmap = colormaps["viridis"]
    rates = result["rates"]
    for i, (p, curve) in enumerate(zip(rates, result["val_curves"], strict=True)):
        colour = cmap(i / max(1, len(rates) - 1))
        ax.plot(np.arange(1, len(curve) + 1), curve, color=colour, lw=1.8, label=f"p = {p:g}")
        best = result["early_stop_epoch"][i]
        ax.plot([best], [curve[best - 1]], "o", color=colour, ms=7, mec="black", zorder=5)
    ax.set(xlabel="epoch", ylabel="validation loss (mean over seeds)")
    ax.set_title("Validation curves; ● = early-stopping point", fontsize=12)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, ncols=2)


def ensemble_figure(result: dict[str, Any]) -> Figure:
    """Thinned sub-networks' boundaries, their average, the MC average, eval mode; MC -> eval convergence."""
    fig, body = _figure(
        (14, 7.4),
        f"One network trained with dropout p = {result['p']:g}. Each thinned network switches "
        "off a random set "
        "of hidden units (survivors × 1/(1−p)) and draws its own boundary. Averaging many of "
        "them gives almost "
        "the eval-mode prediction (about 50 passes): the sampling noise keeps falling, but a "
        "small distance to "
        "eval mode remains, because eval mode's scaling is exact only for the layer right after a dropout.",
    )
    maps = [(f"thinned network {i + 1}", v) for i, v in enumerate(result["thinned"])]
    maps += [
        (f"average of these {len(result['thinned'])}", result["thinned_average"]),
        (f"MC average of {result['samples'][-1]} passes", result["mc_average"]),
        ("eval mode (no masks)", result["eval"]),
    ]
    top, bottom = body.subfigures(2, 1, height_ratios=[0.85, 1.3])  # type: ignore[misc]
    for ax, (title, values) in zip(top.subplots(1, len(maps)), maps, strict=True):
        _map(ax, values, result, title, vmin=0, vmax=1)
    left, right = bottom.subplots(1, 2)
    T, mean, std = (np.asarray(result[k]) for k in ("samples", "distance_mean", "distance_std"))
    left.fill_between(T, mean - std, mean + std, color=DROPOUT, alpha=0.2)
    left.plot(T, mean, "o-", color=DROPOUT, lw=2.2, label="to eval mode")
    if result.get("noise_mean"):
        left.plot(T, result["noise_mean"], "s--", color="#555555", lw=1.6, label="to the long-run MC average")
    left.set(xscale="log", xlabel="passes T averaged", ylabel="mean |difference| in p(class 1) over the map")
    left.set_title("How far the average of T thinned networks is …", fontsize=12)
    right.plot(T, result["mc_val_loss"], "o-", color=DROPOUT, lw=2.2, label="MC average of T passes")
    right.axhline(result["eval_val_loss"], color="#333333", ls="--", label="eval mode")
    right.set(xscale="log", xlabel="passes T averaged", ylabel="validation loss")
    right.set_title("Validation loss of the average", fontsize=12)
    for ax in (left, right):
        ax.xaxis.set_major_formatter(ScalarFormatter())  # 1, 10, 100 rather than 10^0, 10^1, 10^2
        ax.grid(alpha=0.3)
        ax.legend(fontsize=9)
    return fig


def uncertainty_figure(result: dict[str, Any]) -> Figure:
    """MC mean p(class 1), MC spread, and the plain network's eval-mode entropy, over a zoomed-out plane."""
    r = result["regions"]
    facts = (
        f"Dropout p = {result['p']:g}; dotted box = where the data lies. Mean spread near the data "
        f"(≤ {r['near_radius']} from a training point): {r['spread_near']:.3f}; far from it (≥ "
        f"{r['far_radius']}): "
        f"{r['spread_far']:.3f}. Far cells called with p < 0.1 or > 0.9 and spread < 0.05: "
        f"{r['far_confident_share']:.0%}."
    )
    caveats = "\n".join("• " + c for c in result["caveats"])
    fig, body = _figure((14, 5.2), f"{facts}\nWhere this estimate is known to fail:\n{caveats}")
    a, b, c = body.subplots(1, 3)
    _map(
        a,
        result["mc_mean"],
        result,
        f"with dropout: MC mean p(class 1), T = {result['passes']}",
        vmin=0,
        vmax=1,
    )
    title = "with dropout: std of p(class 1) over T passes"
    spread = _map(b, result["spread"], result, title, cmap="viridis", vmin=0)
    body.colorbar(spread, ax=b, shrink=0.8, label="spread (std over passes)")
    title = "without dropout: no spread; eval-mode entropy"
    ent = _map(c, result["baseline_entropy"], result, title, cmap="viridis", vmin=0, vmax=1)
    body.colorbar(ent, ax=c, shrink=0.8, label="entropy (bits)")
    x0, x1, y0, y1 = result["data_extent"]
    for ax in (a, b, c):
        ax.plot([x0, x1, x1, x0, x0], [y0, y0, y1, y1, y0], color="#888888", lw=1.2, ls=":")
    return fig


def knockout_figure(result: dict[str, Any]) -> Figure:
    """Relative validation-loss increase against the share of hidden units knocked out, both networks."""
    scaling = "survivors × 1/(1 − share)" if result.get("rescale", True) else "no rescaling"
    fig, body = _figure(
        (10, 5.6),
        f"The same units are switched off in both networks ({scaling}); {result['draws']} random "
        "draws per share, "
        f"{len(result['seeds'])} seeds (thin lines). The plain network relies on particular "
        "units; the dropout "
        "network was trained to work with any random subset: no star player.",
    )
    ax = body.subplots()
    shares = 100 * np.asarray(result["shares"])
    kinds = (
        ("baseline", BASELINE, "without dropout"),
        ("dropout", DROPOUT, f"with dropout p = {result['p']:g}"),
    )
    for kind, colour, label in kinds:
        for per_seed in result["increase_per_seed"][kind]:
            ax.plot(shares, 100 * np.asarray(per_seed), color=colour, lw=0.7, alpha=0.4)
        ax.plot(shares, 100 * np.asarray(result["increase"][kind]), "o-", color=colour, lw=2.6, label=label)
    ax.axhline(0, color="#888888", lw=0.8)
    ax.set(xlabel="hidden units switched off at test time (%)", ylabel="validation loss increase (%)")
    ax.set_title("Knock-outs: validation loss as units are switched off", fontsize=13)
    ax.grid(alpha=0.3)
    ax.legend()
    return fig


def alternatives_figure(result: dict[str, Any]) -> Figure:
    """Validation curves with early stopping, final vs early-stopped loss, dropout gain by data size."""
    fig, body = _figure(
        (15, 5.4),
        f"Same network and seeds; dropout p = {result['p']:g}, weight decay "
        f"{result['weight_decay']:g} (coupled "
        "L2). Weight decay and early stopping are real alternatives. Dropout mostly lowers validation loss; "
        "expect little gain with very few points, the most at a few hundred, less with many.",
    )
    curves, bars, sizes = body.subplots(1, 3)
    regs = result["regularisers"]
    for kind, r in regs.items():
        colour = KIND_COLOURS.get(kind, "#333333")
        curve = np.asarray(r["val_curve"])
        curves.plot(np.arange(1, len(curve) + 1), curve, color=colour, lw=2, label=kind)
        best = r["mean_curve_best_epoch"]
        curves.plot([best], [curve[best - 1]], "o", color=colour, ms=9, mec="black", zorder=5)
    curves.set(xlabel="epoch", ylabel="validation loss (mean over seeds)")
    curves.set_title("Validation curves; ● = early-stopping point", fontsize=12)
    x = np.arange(len(regs))
    final = [r["mean_final_val_loss"] for r in regs.values()]
    early = [r["mean_early_stop_val_loss"] for r in regs.values()]
    bars.bar(x - 0.2, final, 0.4, color="#9e9e9e", label="at the last epoch")
    bars.bar(x + 0.2, early, 0.4, color="#37474f", label="stopped early (lowest point)")
    bars.set_xticks(x, [k.replace(" + ", "\n+ ") for k in regs], fontsize=9)
    bars.set(ylabel="validation loss (mean over seeds)")
    bars.set_title("Final vs early-stopped validation loss", fontsize=12)
    rows = result["sizes"]
    xs = np.arange(len(rows))
    sizes.bar(xs, [r["mean_gain"] for r in rows], color=DROPOUT, alpha=0.8, label="mean gain")
    for i, r in enumerate(rows):
        sizes.plot([i] * len(r["gain"]), r["gain"], "k.", ms=8)
    sizes.axhline(0, color="#555555", lw=0.8)
    sizes.set_xticks(xs, [f"{r['n_train']} points" for r in rows])
    sizes.set(xlabel="training-set size", ylabel="val loss without − with dropout (> 0: dropout helps)")
    sizes.set_title("Dropout's gain by training-set size (● = seeds)", fontsize=12)
    for ax in (curves, bars, sizes):
        ax.grid(alpha=0.3)
        ax.legend(fontsize=9)
    return fig


FIGURES = {
    "sweep": sweep_figure,
    "ensemble": ensemble_figure,
    "uncertainty": uncertainty_figure,
    "knockout": knockout_figure,
    "alternatives": alternatives_figure,
}


def insight_figure(name: str, result: dict[str, Any]) -> Figure:
    """The figure of insight `name` (one of FIGURES) from its result dict."""
    return FIGURES[name](result)
