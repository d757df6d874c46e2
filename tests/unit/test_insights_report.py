"""Figures of the insights: built from real (small) results, labelled, legends off the data, captions
that are the result's own claims, colour bars on the scalar maps."""

from __future__ import annotations

import io

import pytest
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

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


@pytest.fixture(scope="module")
def results() -> dict:
    return {name: final_result(run_insight(name, SMALL, FAST[name])) for name in INSIGHTS}


def texts(fig: Figure) -> str:
    return "\n".join(t.get_text() for sub in fig.subfigs for t in sub.texts).replace("\n", " ")


@pytest.mark.parametrize("name", list(INSIGHTS))
def test_every_figure_has_titled_labelled_charts_and_the_results_claims_as_caption(results, name):
    result = results[name]
    fig = insight_figure(name, result)
    plots = [ax for ax in fig.get_axes() if ax.get_xlabel() or ax.get_ylabel()]
    assert plots, "at least one chart with axis labels"
    for ax in plots:
        if ax.get_label() != "<colorbar>":
            assert ax.get_title(), "every chart says what it shows"
    caption = " ".join(texts(fig).split())
    for sentence in [result.claims.headline, *result.claims.findings]:
        assert " ".join(sentence.split()) in caption.replace("• ", "")
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=40)  # renders (Agg) without error
    assert png.getbuffer().nbytes > 5_000


@pytest.mark.parametrize("name", ["sweep", "knockout", "alternatives", "ensemble"])
def test_no_legend_covers_its_charts_data(results, name):
    fig = insight_figure(name, results[name])
    fig.canvas.draw()
    legends = [(ax, ax.get_legend()) for ax in fig.get_axes() if ax.get_legend() is not None]
    assert legends
    for ax, legend in legends:
        box = legend.get_window_extent()
        assert not Bbox.intersection(box, ax.get_window_extent()), f"legend over '{ax.get_title()}'"


def test_the_scalar_maps_of_the_uncertainty_figure_have_colour_bars(results):
    fig = insight_figure("uncertainty", results["uncertainty"])
    bars = [ax.get_ylabel() for ax in fig.get_axes() if ax.get_label() == "<colorbar>"]
    assert sorted(bars) == ["entropy (bits)", "spread (std over passes)"]


def test_the_sweep_figure_marks_the_lowest_mean_and_shades_the_ties(results):
    result = results["sweep"]
    fig = insight_figure("sweep", result)
    labels = [t.get_text() for t in fig.get_axes()[0].get_legend().get_texts()]
    assert f"lowest mean: p = {result.best_rate:g}" in labels
    assert "within noise of the best" in labels


def test_a_figure_can_be_drawn_from_a_saved_json_result_but_not_as_another_insight(results):
    wire = results["knockout"].model_dump(mode="json")
    assert isinstance(insight_figure("knockout", wire), Figure)
    with pytest.raises(ValueError, match="knockout result cannot draw the sweep figure"):
        insight_figure("sweep", wire)
