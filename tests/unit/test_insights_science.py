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
from dropout_lab.engine.presets import get_preset

torch.set_num_threads(1)

# Noisy moons, a net big enough to overfit 100 training points quickly.
OVERFIT = make_config(dataset="moons", noise=0.3, n_samples=200, layers=2, neurons=32, epochs=60, dropout=0.5)


def test_the_sweep_marks_its_best_rate_and_shows_underfitting_at_the_high_end():
    result = final_result(run_insight("sweep", OVERFIT, {"rates": [0.0, 0.3, 0.5, 0.9], "n_seeds": 2}))
    mean = result["metrics"]["val_loss"]["mean"]
    assert result["best_val_loss"] == min(mean)
    assert result["best_rate"] == result["rates"][int(np.argmin(mean))]
    assert mean[-1] > min(mean)  # p = 0.9: validation loss above the sweep's best
    train = result["metrics"]["train_loss"]["mean"]
    assert train[-1] > train[0]  # too much dropout: training loss high too (under-fitting)
    assert result["metrics"]["gap"]["mean"][-1] < result["metrics"]["gap"]["mean"][0]
    # early stopping: the plain net's best epoch comes before the end; heavy dropout converges later
    curves, stops = result["val_curves"], result["early_stop_epoch"]
    assert all(len(c) == OVERFIT.epochs for c in curves)
    assert stops[0] < OVERFIT.epochs and stops[-1] >= stops[0]
    assert curves[0][stops[0] - 1] == min(curves[0])


def test_the_monte_carlo_average_approaches_eval_mode_as_samples_grow():
    params = {"max_samples": 100, "repeats": 4, "map_size": 20}
    result = final_result(run_insight("ensemble", OVERFIT, params))
    distance, noise = result["distance_mean"], result["noise_mean"]
    assert result["samples"][0] == 1 and result["samples"][-1] == 100
    assert distance[-1] < distance[0]
    assert noise[-1] < noise[0] / 3  # the sampling noise itself falls like 1/sqrt(T)
    assert distance[-1] < 0.1  # close to eval mode, if not exactly there
    thinned = np.asarray(result["thinned"])
    assert np.abs(thinned - np.asarray(result["eval"])).mean() > distance[-1]  # one sub-network is farther


def test_mc_dropout_spread_is_largest_where_the_prediction_is_uncertain():
    result = final_result(run_insight("uncertainty", OVERFIT, {"passes": 40, "map_size": 30}))
    mean, spread = np.asarray(result["mc_mean"]), np.asarray(result["spread"])
    assert spread.min() >= 0 and spread.max() > 0.02
    unsure, sure = (mean > 0.3) & (mean < 0.7), (mean < 0.05) | (mean > 0.95)
    assert unsure.any() and sure.any()
    assert spread[unsure].mean() > spread[sure].mean()
    assert len(result["caveats"]) >= 3 and result["regions"]["far_share"] > 0.3  # the map reaches far out


def test_knockouts_hurt_the_plain_network_more_on_the_severe_overfitting_preset():
    config = get_preset("severe-overfitting").config.model_copy(update={"dropout": 0.5})
    result = final_result(run_insight("knockout", config, {"shares": [0.0, 0.3], "draws": 10, "n_seeds": 5}))
    hurt_more = result["baseline_hurt_more"][1]
    assert hurt_more >= 3  # most seeds
    assert result["increase"]["baseline"][1] > result["increase"]["dropout"][1]
    assert 0 < result["increase"]["dropout"][1] < 0.2  # the dropout net barely notices


@pytest.fixture(scope="module")
def alternatives() -> dict:
    config = get_preset("moons").config
    return final_result(run_insight("alternatives", config, {"sizes": [30, 200], "n_seeds": 2}))


def test_weight_decay_and_early_stopping_are_real_alternatives(alternatives):
    regs = alternatives["regularisers"]
    plain = regs["plain"]
    assert regs["weight decay"]["mean_final_val_loss"] < plain["mean_final_val_loss"]
    assert regs["dropout"]["mean_final_val_loss"] < plain["mean_final_val_loss"]
    # early stopping: the lowest point of every curve, reached before the end for the plain net
    for r in regs.values():
        assert all(e <= f + 1e-12 for e, f in zip(r["early_stop_val_loss"], r["final_val_loss"], strict=True))
    assert max(plain["early_stop_epoch"]) < alternatives["epochs"]
    assert plain["mean_early_stop_val_loss"] < plain["mean_final_val_loss"]


def test_dropout_helps_more_at_a_few_hundred_points_than_at_thirty(alternatives):
    small, medium = alternatives["sizes"]
    assert small["n_train"] == 30 and medium["n_train"] == 200
    assert medium["mean_gain"] > 0
    assert medium["mean_gain"] > small["mean_gain"]
