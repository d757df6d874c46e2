"""Each view's numbers against what the science says (../shared/SCIENCE.md), from real training.

Small, fast configurations where the claim holds for any overfitting-prone net; the real
severe-overfitting preset (seeds batched into one run) where SCIENCE.md quotes that recipe.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from dropout_lab.engine.config import make_config
from dropout_lab.engine.insights import final_result, run_insight
from dropout_lab.engine.insights.ensemble import loo_reference
from dropout_lab.engine.insights.uncertainty import RunningMoments
from dropout_lab.engine.presets import get_preset

torch.set_num_threads(1)

# Noisy moons, a net big enough to overfit 100 training points quickly.
OVERFIT = make_config(dataset="moons", noise=0.3, n_samples=200, layers=2, neurons=32, epochs=60, dropout=0.5)


def test_the_sweep_marks_its_best_rate_and_shows_underfitting_at_the_high_end():
    result = final_result(run_insight("sweep", OVERFIT, {"rates": [0.0, 0.3, 0.5, 0.9], "n_seeds": 2}))
    mean = result.val_loss.mean
    assert result.val_loss.mean[result.best] == min(mean)
    assert result.best_rate == result.rates[int(np.argmin(mean))] and result.best in result.ties
    assert mean[-1] > min(mean)  # p = 0.9: validation loss above the sweep's best
    train = result.train_loss.mean
    assert train[-1] > train[0]  # too much dropout: training loss high too (under-fitting)
    assert result.gap.mean[-1] < result.gap.mean[0]
    # early stopping: the plain net's best epoch comes before the end; heavy dropout converges later
    curves, stops = result.val_curves, result.early_stop_epoch
    assert all(len(c) == OVERFIT.epochs for c in curves) and result.complete
    assert stops[0] < OVERFIT.epochs and stops[-1] >= stops[0]
    assert curves[0][stops[0] - 1] == min(curves[0])


def test_the_monte_carlo_average_converges_to_the_thinned_mean_and_eval_mode_stays_apart():
    params = {"max_samples": 100, "repeats": 4, "map_size": 20}
    result = final_result(run_insight("ensemble", OVERFIT, params))
    to_mean, to_eval = result.mc_to_mean.mean, result.mc_to_eval.mean
    assert result.samples[0] == 1 and result.samples[-1] == 100
    # 1/sqrt(100) = 0.1 (the leave-one-out reference adds ~15%): a real decrease, not "already close"
    assert to_mean[-1] < to_mean[0] / 4
    assert all(b < a for a, b in zip(to_mean, to_mean[3:], strict=False))
    # eval mode is a different point: its distance to the thinned mean is far above the sampling noise,
    # and the MC average's distance to eval mode levels off there instead of falling to zero
    assert result.eval_to_mean > 3 * result.reference_noise
    assert to_eval[-1] > 0.7 * result.eval_to_mean and to_eval[-1] > 2 * to_mean[-1]
    assert "converges like 1/√T" in result.claims.headline
    thinned = np.asarray(result.thinned)
    assert np.abs(thinned - np.asarray(result.thinned_mean)).mean() > to_mean[-1]  # one sub-network: far


def test_the_noise_reference_of_each_repeat_leaves_that_repeat_out():
    finals = torch.tensor([[0.0, 1.0], [1.0, 1.0], [2.0, 4.0]])  # 3 repeats, 2 cells
    reference = loo_reference(finals)
    assert torch.allclose(reference[0], torch.tensor([1.5, 2.5]))  # mean of repeats 1 and 2 only
    assert torch.allclose(reference[2], torch.tensor([0.5, 1.0]))
    two = loo_reference(torch.tensor([[0.2], [0.6]]))
    assert torch.allclose(two, torch.tensor([[0.6], [0.2]]))  # with 2 repeats: the other one


def test_the_uncertainty_spread_is_a_standard_deviation_over_the_passes():
    passes = torch.tensor([[0.1, 0.9], [0.3, 0.9], [0.8, 0.2], [0.2, 0.6]], dtype=torch.float64)
    moments = RunningMoments(2)
    for p in passes:
        moments.add(p)
    assert torch.allclose(moments.mean, passes.mean(0))
    assert torch.allclose(moments.std, passes.std(0, unbiased=False))  # 0.27 and 0.29: the variance is 0.07


def test_mc_dropout_spread_is_largest_where_the_prediction_is_uncertain():
    result = final_result(run_insight("uncertainty", OVERFIT, {"passes": 40, "map_size": 30}))
    mean, spread = np.asarray(result.mc_mean), np.asarray(result.spread)
    assert spread.min() >= 0 and spread.max() > 0.02
    unsure, sure = (mean > 0.3) & (mean < 0.7), (mean < 0.05) | (mean > 0.95)
    assert unsure.any() and sure.any()
    assert spread[unsure].mean() > spread[sure].mean()
    assert result.regions.spread_unsure is not None and result.regions.spread_sure is not None
    assert result.regions.spread_unsure > result.regions.spread_sure
    assert len(result.caveats) >= 3 and result.regions.far_share > 0.3  # the map reaches far out


def cell_of(point, extent, n):
    """Row and column of the grid cell nearest to `point` (row 0 at y_min, column 0 at x_min)."""
    x0, x1, y0, y1 = extent
    return round((point[1] - y0) / (y1 - y0) * (n - 1)), round((point[0] - x0) / (x1 - x0) * (n - 1))


@pytest.mark.parametrize(("name", "key"), [("ensemble", "eval"), ("uncertainty", "mc_mean")])
def test_the_insight_maps_are_not_transposed_or_flipped(name, key):
    """Read each training point's own cell: the map agrees with the labels; its transpose does not."""
    params = {"ensemble": {"max_samples": 10, "repeats": 2, "map_size": 40}, "uncertainty": {"passes": 4}}
    result = final_result(run_insight(name, OVERFIT, params[name]))
    n, extent = result.grid_size, result.extent
    grid = np.asarray(getattr(result, key)).reshape(n, n)
    cells = [cell_of(x, extent, n) for x in result.points.X_train]
    labels = np.asarray(result.points.y_train)
    agree = np.mean([(grid[i, j] > 0.5) == y for (i, j), y in zip(cells, labels, strict=True)])
    transposed = np.mean([(grid[j, i] > 0.5) == y for (i, j), y in zip(cells, labels, strict=True)])
    flipped = np.mean([(grid[n - 1 - i, j] > 0.5) == y for (i, j), y in zip(cells, labels, strict=True)])
    assert agree > 0.8
    assert agree - transposed > 0.15 and agree - flipped > 0.15  # the test can tell them apart


def test_knockouts_hurt_the_plain_network_more_on_the_severe_overfitting_preset():
    config = get_preset("severe-overfitting").config.model_copy(update={"dropout": 0.5})
    result = final_result(run_insight("knockout", config, {"shares": [0.0, 0.3], "draws": 10, "n_seeds": 5}))
    d = result.plain_vs_dropout[1]
    assert d.n_above >= 3  # most seeds
    assert result.increase_baseline.mean[1] > result.increase_dropout.mean[1]
    assert 0 < result.increase_dropout.mean[1] < 0.2  # the dropout net barely notices


@pytest.fixture(scope="module")
def alternatives():
    config = get_preset("moons").config
    return final_result(run_insight("alternatives", config, {"sizes": [30, 200], "n_seeds": 2}))


def test_weight_decay_and_early_stopping_are_real_alternatives(alternatives):
    plain, dropout, decay = (alternatives.kind(k) for k in ("plain", "dropout", "weight decay"))
    assert decay.mean_final_val_loss < plain.mean_final_val_loss
    assert dropout.mean_final_val_loss < plain.mean_final_val_loss
    # early stopping: the lowest point of every curve, reached before the end for the plain net
    for r in alternatives.regularisers:
        assert all(e <= f + 1e-12 for e, f in zip(r.early_stop_val_loss, r.final_val_loss, strict=True))
    assert max(plain.early_stop_epoch) < alternatives.epochs
    assert plain.mean_early_stop_val_loss < plain.mean_final_val_loss


def test_the_data_size_rows_measure_what_they_say(alternatives):
    small, medium = alternatives.sizes
    assert (small.n_train, medium.n_train) == (30, 200) and alternatives.complete
    for row in (small, medium):
        gains = np.asarray(row.baseline_val_loss) - np.asarray(row.dropout_val_loss)
        assert np.allclose(row.gains, gains) and row.gain.mean == pytest.approx(gains.mean())
    findings = " ".join(alternatives.claims.findings)
    top = max((small, medium), key=lambda s: s.gain.mean)
    assert f"The largest mean gain is at {top.n_train} points" in findings  # whichever it is, as measured
