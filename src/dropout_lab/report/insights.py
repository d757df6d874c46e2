"""Figures of the "why dropout works" analyses: an insight's typed result -> one matplotlib Figure.

Builds `Figure` objects directly (never pyplot state). Every figure's caption is a fixed description
of the method (true whatever the numbers) followed by the result's own computed claims; legends sit
below the axes, off the data. Knows the result models of `engine.insights` only: nothing of training,
files, flags or the web. The maps of the ensemble and uncertainty views: insight_maps.py.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..engine.insights.alternatives_result import AlternativesResult
from ..engine.insights.events import AnyResult, parse_result
from ..engine.insights.knockout_result import KnockoutResult
from ..engine.insights.sweep_result import SweepResult
from .insight_maps import ensemble_figure, uncertainty_figure
from .insight_style import (
    DROPOUT,
    KIND_COLOURS,
    NETWORK_LINES,
    TIE_BAND,
    captioned_figure,
    kind_dashes,
    legend_below,
    rate_colour,
)


def sweep_figure(r: SweepResult) -> Figure:
    """Validation loss and gap against the drop probability (ties shaded), and each rate's curve."""
    method = (
        f"Each point: a network trained {r.epochs_done} epochs with that drop probability; networks of one "
        "seed share data, initial weights and mini-batches (thin lines: single seeds; band: ± 1 std over "
        "seeds). Shaded: the rates within noise of the lowest mean (paired over seeds, 95% t-interval)."
    )
    fig, body = captioned_figure((18, 5.6), method, r.claims)
    loss_ax, gap_ax, curve_ax = body.subplots(1, 3)
    rates = np.asarray(r.rates)
    for ax, measure, label in ((loss_ax, r.val_loss, "Validation loss"), (gap_ax, r.gap, "Overfitting gap")):
        _shade_ties(ax, r)
        mean, std = np.asarray(measure.mean), np.asarray(measure.std)
        ax.fill_between(rates, mean - std, mean + std, color=DROPOUT, alpha=0.18, label="± 1 std over seeds")
        for seed_values in np.asarray(measure.per_seed).T:
            ax.plot(rates, seed_values, color=DROPOUT, lw=0.6, alpha=0.35)
        ax.plot(rates, mean, "o-", color=DROPOUT, lw=2.4, label=f"mean of {len(r.seeds)} seeds")
        if measure is r.val_loss:
            ax.plot(rates, r.train_loss.mean, "s--", color="#4b5563", lw=1.4, label="training loss (mean)")
            star = {"ms": 20, "color": DROPOUT, "mec": "black", "zorder": 5}
            ax.plot(
                [r.best_rate],
                [r.val_loss.mean[r.best]],
                "*",
                label=f"lowest mean: p = {r.best_rate:g}",
                **star,
            )
        else:
            ax.axhline(0, color="#888888", lw=0.8)
        ax.set_xlabel("drop probability p")
        ax.set_ylabel(f"{label} (epoch {r.epochs_done}, eval mode)")
        ax.set_title(f"{label} against the drop probability", fontsize=12)
        ax.grid(alpha=0.3)
        legend_below(ax, ncols=2)
    draw_rate_curves(curve_ax, r)
    return fig


def _shade_ties(ax: Axes, r: SweepResult) -> None:
    """Grey spans over the runs of neighbouring rates within noise of the best (tie_spans)."""
    for k, (lo, hi) in enumerate(r.tie_spans):
        label = "within noise of the best" if k == 0 else None
        ax.axvspan(lo, hi, color=TIE_BAND, alpha=0.55, lw=0, label=label)


def draw_rate_curves(ax: Axes, r: SweepResult) -> None:
    """Validation curve per drop probability (mean over seeds), its early-stopping point as a dot."""
    for i, (p, curve) in enumerate(zip(r.rates, r.val_curves, strict=True)):
        colour = rate_colour(i, len(r.rates))
        ax.plot(np.arange(1, len(curve) + 1), curve, color=colour, lw=1.8, label=f"p = {p:g}")
        best = r.early_stop_epoch[i]
        ax.plot([best], [curve[best - 1]], "o", color=colour, ms=7, mec="black", zorder=5)
    ax.set(xlabel="epoch", ylabel="validation loss (mean over seeds)")
    ax.set_title("Validation curves; ● = early-stopping point", fontsize=12)
    ax.grid(alpha=0.3)
    legend_below(ax, ncols=5)


def knockout_figure(r: KnockoutResult) -> Figure:
    """Relative validation-loss increase against the share of hidden units knocked out, both networks."""
    scaling = "survivors × 1/(1 − share)" if r.rescale else "no rescaling"
    method = (
        f"The same units are switched off in both networks of a seed ({scaling}); {r.draws} random draws "
        f"per share, {len(r.seeds)} seeds (thin lines)."
    )
    fig, body = captioned_figure((10, 5.8), method, r.claims)
    ax = body.subplots()
    shares = 100 * np.asarray(r.shares)
    for kind, measure, label in (
        ("baseline", r.increase_baseline, "without dropout"),
        ("dropout", r.increase_dropout, f"with dropout p = {r.p:g}"),
    ):
        colour, marker, dashes = NETWORK_LINES[kind]
        for per_seed in np.asarray(measure.per_seed).T:
            ax.plot(shares, 100 * per_seed, color=colour, lw=0.7, alpha=0.4, dashes=dashes)
        ax.plot(
            shares,
            100 * np.asarray(measure.mean),
            color=colour,
            marker=marker,
            lw=2.6,
            dashes=dashes,
            label=label,
        )
    ax.axhline(0, color="#888888", lw=0.8)
    ax.set(xlabel="hidden units switched off at test time (%)", ylabel="validation loss increase (%)")
    ax.set_title("Knock-outs: validation loss as units are switched off", fontsize=13)
    ax.grid(alpha=0.3)
    legend_below(ax, ncols=2)
    return fig


def alternatives_figure(r: AlternativesResult) -> Figure:
    """Validation curves with early stopping, final vs early-stopped loss, dropout's gain by data size."""
    method = (
        f"Same network and seeds; dropout p = {r.p:g}, weight decay {r.weight_decay:g} (coupled L2). Dots: "
        "single seeds; whiskers: ± 1 standard error of the mean."
    )
    fig, body = captioned_figure((16, 5.6), method, r.claims)
    curves, bars, sizes = body.subplots(1, 3)
    for reg in r.regularisers:
        colour = KIND_COLOURS.get(reg.kind, "#333333")
        curve = np.asarray(reg.val_curve)
        curves.plot(
            np.arange(1, len(curve) + 1),
            curve,
            color=colour,
            lw=2,
            dashes=kind_dashes(reg.kind),
            label=reg.kind,
        )
        best = reg.mean_curve_best_epoch
        curves.plot([best], [curve[best - 1]], "o", color=colour, ms=9, mec="black", zorder=5)
    curves.set(xlabel="epoch", ylabel="validation loss (mean over seeds)")
    curves.set_title("Validation curves; ● = early-stopping point", fontsize=12)
    x = np.arange(len(r.regularisers))
    for offset, key, colour, label in (
        (-0.2, "final_val_loss", "#9ca3af", "at the last epoch"),
        (0.2, "early_stop_val_loss", "#374151", "stopped early (lowest point)"),
    ):
        values = [getattr(reg, key) for reg in r.regularisers]
        bars.bar(x + offset, [np.mean(v) for v in values], 0.4, color=colour, label=label)
        for i, v in enumerate(values):
            bars.plot([i + offset] * len(v), v, "k.", ms=6)
    bars.set_xticks(x, [reg.kind.replace(" + ", "\n+ ") for reg in r.regularisers], fontsize=9)
    bars.set(ylabel="validation loss")
    bars.set_title("Final vs early-stopped validation loss", fontsize=12)
    _gain_bars(sizes, r)
    for ax in (curves, bars, sizes):
        ax.grid(alpha=0.3)
        legend_below(ax, ncols=2)
    return fig


def _gain_bars(ax: Axes, r: AlternativesResult) -> None:
    """Mean gain per training-set size with ± SE whiskers and the seeds; sizes not yet run stay empty."""
    labels = [f"{n} points" for n in r.planned_sizes]
    xs = np.arange(len(labels))
    done = r.sizes
    means = [s.gain.mean for s in done]
    errors = [s.gain.se or 0.0 for s in done]
    ax.bar(xs[: len(done)], means, 0.5, color=DROPOUT, alpha=0.8, label="mean gain (> 0: dropout helps)")
    ax.errorbar(xs[: len(done)], means, yerr=errors, fmt="none", ecolor="black", capsize=6, lw=1.4)
    for i, s in enumerate(done):
        ax.plot([i] * len(s.gains), s.gains, "k.", ms=8)
    ax.axhline(0, color="#555555", lw=0.8)
    ax.set_xticks(xs, labels)
    ax.set_xlim(-0.6, len(labels) - 0.4)
    ax.set(xlabel="training-set size", ylabel="val loss without − with dropout")
    ax.set_title("Dropout's gain by training-set size (● = seeds)", fontsize=12)


FIGURES: dict[str, Any] = {
    "sweep": sweep_figure,
    "ensemble": ensemble_figure,
    "uncertainty": uncertainty_figure,
    "knockout": knockout_figure,
    "alternatives": alternatives_figure,
}


def insight_figure(name: str, result: AnyResult | dict[str, Any]) -> Figure:
    """The figure of insight `name` (one of FIGURES) from its typed result (or that result's JSON)."""
    typed = parse_result(result) if isinstance(result, dict) else result
    if typed.insight != name:
        raise ValueError(f"a {typed.insight} result cannot draw the {name} figure")
    return FIGURES[name](typed)
