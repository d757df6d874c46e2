"""The report of a run: its events -> one matplotlib Figure (loss curves, boundaries, metrics).

Builds `matplotlib.figure.Figure` objects directly (never pyplot's global state), so it is safe in
servers, tests and notebooks. Knows the event schema only: nothing of training, files, flags or the web.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import Bbox

from ..engine.events import (
    BoundarySnapshot,
    DataSplit,
    EpochFinished,
    Event,
    RunFinished,
    RunStarted,
)
from ..engine.verdict import judge
from .palette import CLASS_COLOURS, PROBABILITY_CMAP, network_colour, network_marker
from .text import format_metric_rows


def plot_comparison(
    events: Iterable[Event], *, title: str | None = None, data_label: str | None = None
) -> Figure:
    """Draw a finished run: loss curves, overfitting gap, last decision boundaries, metrics table.

    Parameters
    ----------
    events : iterable of Event
        One run's events in order (from the engine or read back from events.jsonl).
    title : str, optional
        Figure title; by default the data and network settings.
    data_label : str, optional
        Names the data in the default title (e.g. a CSV file name) instead of the generated dataset.

    Returns
    -------
    matplotlib.figure.Figure
        Axes: one loss axes, one boundary axes per network, one gap axes, one table axes.
    """
    events = list(events)
    started = next(e for e in events if isinstance(e, RunStarted))
    finished = next((e for e in events if isinstance(e, RunFinished)), None)
    names = [n.name for n in started.networks]
    colours = {name: network_colour(name, i) for i, name in enumerate(names)}
    epochs = [e for e in events if isinstance(e, EpochFinished)]
    # Snapshots may arrive a few epochs late (the engine draws them in the background): sort by epoch.
    snapshots = sorted((e for e in events if isinstance(e, BoundarySnapshot)), key=lambda e: e.epoch)
    last_snapshot = {e.network: e for e in snapshots}
    splits = {d.seed: d for d in started.data}

    n = len(names)
    fig = Figure(figsize=(max(15.6, 5.2 * (n + 1)), 10), layout="constrained")  # 16:10, slide-friendly
    grid = fig.add_gridspec(2, n + 1, height_ratios=(1, 1.1))
    draw_losses(fig.add_subplot(grid[0, :n]), epochs, colours)
    table_ax = fig.add_subplot(grid[0, n])
    if finished is not None:
        draw_metrics_table(table_ax, finished)
    table_ax.set_axis_off()
    for i, spec in enumerate(started.networks):
        ax = fig.add_subplot(grid[1, i])
        if spec.name in last_snapshot:
            draw_boundary(ax, last_snapshot[spec.name], splits.get(spec.seed, started.data[0]))
        label = f"{spec.name}: drop p = {spec.dropout:g}"
        ax.set_title(label, color=colours[spec.name], fontsize=13, fontweight="bold")
    draw_gaps(fig.add_subplot(grid[1, n]), epochs, colours)
    fig.legend(handles=_point_legend(), loc="outside lower center", ncols=4, frameon=False, fontsize=11)
    fig.suptitle(title or _describe_run(started, data_label), fontsize=15, fontweight="bold")
    return fig


def draw_losses(ax: Axes, epochs: Sequence[EpochFinished], colours: dict[str, str]) -> None:
    """Training (dashed) and validation (solid) loss per network, its gap shaded, the best epoch marked.

    As on the page, networks differ by more than colour: each has its own marker on both its lines.
    """
    for i, (name, colour) in enumerate(colours.items()):
        rows = [e for e in epochs if e.network == name]
        x = [e.epoch for e in rows]
        train, val = [e.train_loss for e in rows], [e.val_loss for e in rows]
        every = max(1, len(rows) // 12)
        marks: dict[str, Any] = {"marker": network_marker(name, i), "markevery": every, "ms": 6}
        ax.fill_between(x, train, val, where=[v >= t for v, t in zip(val, train, strict=True)],
                        color=colour, alpha=0.13, lw=0, interpolate=True)  # fmt: skip
        ax.plot(x, train, "--", color=colour, lw=1.6, label=f"{name} · training", mfc="white", **marks)
        ax.plot(x, val, "-", color=colour, lw=2.4, label=f"{name} · validation", **marks)
        if rows:
            best = min(rows, key=lambda e: e.val_loss)
            ax.plot(best.epoch, best.val_loss, "o", color=colour, ms=9, mec="white", mew=1.5, zorder=5)
    ax.set_title("Loss (eval mode; dots mark the best validation epoch)", fontsize=13)
    ax.set_xlabel("epoch")
    ax.set_ylabel("cross-entropy loss")
    ax.set_ylim(bottom=0)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.3)
    ax.legend(ncols=2, fontsize=10, frameon=False)


def draw_gaps(ax: Axes, epochs: Sequence[EpochFinished], colours: dict[str, str]) -> None:
    """The overfitting gap (validation minus training loss) per network over epochs."""
    for name, colour in colours.items():
        rows = [e for e in epochs if e.network == name]
        ax.plot([e.epoch for e in rows], [e.gap for e in rows], color=colour, lw=2.2, label=name)
    ax.axhline(0, color="#888888", lw=0.8)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title("Overfitting gap = validation − training loss", fontsize=13)
    ax.set_xlabel("epoch")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=10, frameon=False)


def draw_boundary(ax: Axes, snapshot: BoundarySnapshot, split: DataSplit) -> None:
    """Class-1 probability map with the 0.5 contour; training points filled, validation points hollow."""
    x_min, x_max, y_min, y_max = snapshot.extent
    probs = np.asarray(snapshot.probs).reshape(snapshot.grid_size, snapshot.grid_size)  # row 0 at y_min
    # Grid values sit on a linspace including both ends: each image pixel is centred on its value.
    dx, dy = (x_max - x_min) / (snapshot.grid_size - 1) / 2, (y_max - y_min) / (snapshot.grid_size - 1) / 2
    ax.imshow(
        probs, origin="lower", extent=(x_min - dx, x_max + dx, y_min - dy, y_max + dy), cmap=PROBABILITY_CMAP,
        vmin=0, vmax=1, interpolation="bilinear", aspect="auto",
    )  # fmt: skip
    xs = np.linspace(x_min, x_max, snapshot.grid_size)
    ys = np.linspace(y_min, y_max, snapshot.grid_size)
    if probs.min() < 0.5 < probs.max():
        ax.contour(xs, ys, probs, levels=[0.5], colors="#222222", linewidths=1.8)
    X_train, y_train = np.asarray(split.X_train), np.asarray(split.y_train)
    X_val, y_val = np.asarray(split.X_val), np.asarray(split.y_val)
    for label, colour in enumerate(CLASS_COLOURS):
        tr, va = X_train[y_train == label], X_val[y_val == label]
        ax.scatter(tr[:, 0], tr[:, 1], s=22, c=colour, edgecolors="white", linewidths=0.5, zorder=3)
        ax.scatter(va[:, 0], va[:, 1], s=22, facecolors="none", edgecolors=colour, linewidths=1.3, zorder=3)
    ax.set_xlim(x_min, x_max)
    ax.set_ylim(y_min, y_max)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel(f"x1   (boundary after epoch {snapshot.epoch})")
    ax.set_ylabel("x2")


def draw_metrics_table(ax: Axes, finished: RunFinished) -> None:
    """The final metrics per network (and the difference to the baseline) as a table."""
    header, rows = format_metric_rows(finished.summary)
    header = [h.replace("diff vs baseline", "Δ vs baseline") for h in header]
    table = ax.table(cellText=[r[1:] for r in rows], rowLabels=[r[0] for r in rows], colLabels=header[1:],
                     cellLoc="center", bbox=Bbox.from_bounds(0.3, 0.3, 0.68, 0.68))  # fmt: skip
    table.auto_set_font_size(False)
    table.set_fontsize(11)
    for (row, _col), cell in table.get_celld().items():
        cell.set_edgecolor("#cccccc")
        if row == 0:
            cell.set_text_props(fontweight="bold")
            cell.set_facecolor("#f0f0f0")
    ax.set_title("Final metrics" + (" (stopped early)" if finished.stopped else ""), fontsize=13)
    baseline = next((s for s in finished.summary if s.network == "baseline"), None)
    other = next((s for s in finished.summary if s.network != "baseline"), None)
    if baseline is not None:  # the verdict, the same as the page's and the CLI's
        verdict = judge(baseline.model_dump(), None if other is None else other.model_dump())
        ax.text(0.0, 0.25, verdict.headline, transform=ax.transAxes, va="top", fontsize=12, fontweight="bold")
        sentence = textwrap.fill(verdict.sentence, width=66)
        ax.text(0.0, 0.17, sentence, transform=ax.transAxes, va="top", fontsize=10, linespacing=1.35)


def _point_legend() -> list[Line2D]:
    def marker(label: str, face: str, edge: str) -> Line2D:
        return Line2D([], [], ls="", marker="o", ms=8, mfc=face, mec=edge, mew=1.3, label=label)

    grey = "#555555"
    return [
        marker("training point (filled)", grey, "white"),
        marker("validation point (hollow)", "none", grey),
        marker("class 0", CLASS_COLOURS[0], CLASS_COLOURS[0]),
        marker("class 1", CLASS_COLOURS[1], CLASS_COLOURS[1]),
    ]


def _describe_run(started: RunStarted, data_label: str | None) -> str:
    c = started.config
    n_points = sum(len(d.X_train) + len(d.X_val) for d in started.data[:1])
    data = data_label or f"{c['dataset']} (noise {c['noise']:g})"
    kind = "Dropout vs no dropout" if len(started.networks) > 1 else "No dropout (baseline only)"
    return (
        f"{kind} — {data}, {n_points} points; {c['layers']} × {c['neurons']} {c['activation']}, "
        f"{c['optimizer']} lr {c['lr']:g}, {c['epochs']} epochs, seed {c['seed']}"
    )
