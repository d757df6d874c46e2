"""The report: events -> a Figure with loss curves, boundaries (train filled, validation hollow), metrics."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.image import AxesImage

from dropout_lab import compare
from dropout_lab.engine.events import Event, RunStarted
from dropout_lab.report.comparison import plot_comparison
from dropout_lab.report.text import describe_difference, format_metric_rows, format_summary

SMALL = {"epochs": 10, "neurons": 16, "layers": 2, "n_samples": 60, "snapshot_every": 5, "grid_size": 16}


@pytest.fixture(scope="module")
def events() -> list[Event]:
    return compare(dropout=0.5, random_state=0, **SMALL).events


@pytest.fixture(scope="module")
def figure(events: list[Event]) -> Figure:
    return plot_comparison(events)


def _axes_titled(fig: Figure, start: str):
    found = [ax for ax in fig.axes if ax.get_title().startswith(start)]
    assert len(found) == 1, [ax.get_title() for ax in fig.axes]
    return found[0]


def test_figure_has_loss_table_gap_and_one_boundary_per_network(figure: Figure) -> None:
    titles = sorted(ax.get_title() for ax in figure.axes)
    assert titles == sorted(
        [
            "Loss (eval mode; dots mark the best validation epoch)",
            "Final metrics",
            "Overfitting gap = validation − training loss",
            "baseline: drop p = 0",
            "dropout: drop p = 0.5",
        ]
    )


def test_loss_axes_tells_training_and_validation_apart_per_network(figure: Figure) -> None:
    ax = _axes_titled(figure, "Loss")
    styles = {line.get_label(): line.get_linestyle() for line in ax.get_lines() if line.get_label()[0] != "_"}
    assert styles == {
        "baseline · training": "--",
        "baseline · validation": "-",
        "dropout · training": "--",
        "dropout · validation": "-",
    }
    assert all(len(line.get_xdata()) == SMALL["epochs"] for line in ax.get_lines() if "·" in line.get_label())


def test_boundary_shows_probability_map_and_filled_training_hollow_validation_points(
    figure: Figure, events: list[Event]
) -> None:
    started = events[0]
    assert isinstance(started, RunStarted)
    ax = _axes_titled(figure, "dropout")
    images = [child for child in ax.get_children() if isinstance(child, AxesImage)]
    assert len(images) == 1 and images[0].get_array().shape == (SMALL["grid_size"], SMALL["grid_size"])
    points = [c for c in ax.collections if isinstance(c, PathCollection)]
    filled = [c for c in points if len(c.get_facecolors()) and c.get_facecolors()[0][3] > 0]
    hollow = [c for c in points if not len(c.get_facecolors()) or c.get_facecolors()[0][3] == 0]
    split = started.data[0]
    assert sum(len(c.get_offsets()) for c in filled) == len(split.X_train)
    assert sum(len(c.get_offsets()) for c in hollow) == len(split.X_val)
    assert "epoch 10" in ax.get_xlabel()


def test_metrics_table_lists_every_metric(figure: Figure) -> None:
    ax = _axes_titled(figure, "Final metrics")
    texts = [cell.get_text().get_text() for cell in ax.tables[0].get_celld().values()]
    for label in ("train loss", "val loss", "gap (val - train)", "val accuracy", "best epoch (val)"):
        assert label in texts
    assert "Δ vs baseline" in texts


def test_metric_rows_show_the_difference_to_the_baseline(events: list[Event]) -> None:
    summary = events[-1].summary
    header, rows = format_metric_rows(summary)
    assert header == ["metric", "baseline", "dropout", "diff vs baseline"]
    val = next(r for r in rows if r[0] == "val loss")
    assert float(val[3]) == pytest.approx(summary[1].val_loss - summary[0].val_loss, abs=2e-3)


def test_difference_sentence_is_the_verdict_lower_or_higher(events: list[Event]) -> None:
    base, drop = events[-1].summary
    base = base.model_copy(update={"epochs_run": 100, "best_epoch": 100, "val_noise": 0.0})
    drop = drop.model_copy(update={"epochs_run": 100, "best_epoch": 100, "val_noise": 0.0})
    better = drop.model_copy(update={"val_loss": base.val_loss - 0.2, "gap": base.gap - 0.1})
    worse = drop.model_copy(update={"val_loss": base.val_loss + 0.2, "gap": base.gap + 0.1})
    assert "vs baseline: Dropout helped. With dropout (p = 0.5) the validation loss is 0.200 lower" in (
        describe_difference(base, better)
    )
    assert "and the gap 0.100 smaller" in describe_difference(base, better)
    assert "Dropout did worse here. With dropout (p = 0.5) the validation loss is 0.200 higher" in (
        describe_difference(base, worse)
    )


def test_single_network_summary_has_no_difference_column(events: list[Event]) -> None:
    text = format_summary(events[-1].summary[:1])
    assert "diff" not in text and "vs baseline" not in text


def test_report_never_touches_pyplot_global_state() -> None:
    code = (
        "from dropout_lab import compare\n"
        "compare(epochs=2, neurons=4, layers=1, n_samples=40, grid_size=10, dropout=0.5).plot()\n"
        "import sys; assert 'matplotlib.pyplot' not in sys.modules, 'pyplot was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_boundary_image_is_the_last_snapshot_with_row_0_at_y_min(figure: Figure, events: list[Event]) -> None:
    snapshots = [e for e in events if e.type == "boundary_snapshot" and e.network == "dropout"]
    last = max(snapshots, key=lambda e: e.epoch)
    ax = _axes_titled(figure, "dropout")
    image = next(child for child in ax.get_children() if isinstance(child, AxesImage))
    grid = SMALL["grid_size"]
    assert image.origin == "lower"
    assert np.array_equal(np.asarray(image.get_array()), np.reshape(last.probs, (grid, grid)))
    # the axes show the extent; the image reaches half a cell beyond it so each pixel centres on its value
    x_min, x_max, y_min, y_max = last.extent
    assert (*ax.get_xlim(), *ax.get_ylim()) == pytest.approx(last.extent)
    dx, dy = (x_max - x_min) / (grid - 1) / 2, (y_max - y_min) / (grid - 1) / 2
    assert tuple(image.get_extent()) == pytest.approx((x_min - dx, x_max + dx, y_min - dy, y_max + dy))


def test_default_title_names_the_data_and_the_network(events: list[Event]) -> None:
    title = plot_comparison(events)._suptitle.get_text()
    assert title.startswith("Dropout vs no dropout — moons (noise 0.3), 60 points; 2 × 16 relu")
    own = plot_comparison(events, data_label="mine.csv")._suptitle.get_text()
    assert own.startswith("Dropout vs no dropout — mine.csv, 60 points;")
