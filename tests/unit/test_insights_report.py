"""Figures of the insights: built from real (small) results, labelled, with a legend and a caption."""

from __future__ import annotations

import io

import pytest
from matplotlib.figure import Figure

from dropout_lab.engine.config import make_config
from dropout_lab.engine.insights import INSIGHTS, final_result, run_insight
from dropout_lab.report.insights import insight_figure

SMALL = make_config(epochs=12, layers=2, neurons=16, n_samples=120, dropout=0.5)
FAST = {
    "sweep": {"rates": [0.0, 0.5, 0.9], "n_seeds": 2},
    "ensemble": {"max_samples": 20, "repeats": 2, "map_size": 12},
    "uncertainty": {"passes": 10, "map_size": 12},
    "knockout": {"shares": [0.0, 0.3], "draws": 2, "n_seeds": 2},
    "alternatives": {"sizes": [20, 40], "n_seeds": 2},
}


@pytest.mark.parametrize("name", list(INSIGHTS))
def test_every_figure_has_labelled_axes_a_legend_and_a_caption(name):
    result = final_result(run_insight(name, SMALL, FAST[name]))
    fig = insight_figure(name, result)
    assert isinstance(fig, Figure)
    plots = [ax for ax in fig.get_axes() if ax.get_xlabel() or ax.get_ylabel()]
    assert plots, "at least one chart with axis labels"
    for ax in plots:
        if ax.get_label() == "<colorbar>":
            continue
        assert ax.get_title(), "every chart says what it shows"
    texts = [t.get_text() for sub in fig.subfigs for t in sub.texts]
    assert any(len(t) > 80 for t in texts), "a plain-language caption under the figure"
    assert any(ax.get_legend() is not None for ax in fig.get_axes()) or name == "uncertainty"
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=40)  # renders (Agg) without error
    assert png.getbuffer().nbytes > 5_000


def test_the_sweep_figure_marks_the_best_rate():
    result = final_result(run_insight("sweep", SMALL, FAST["sweep"]))
    legend = insight_figure("sweep", result).get_axes()[0].get_legend()
    assert any(t.get_text() == f"best: p = {result['best_rate']:g}" for t in legend.get_texts())
