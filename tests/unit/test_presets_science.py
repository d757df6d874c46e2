"""Each preset shows what its one line claims, across seeds (real training; see SCIENCE.md).

Seeds train together as one batched run (each network keeps its own data, weights and masks), with a
tiny boundary grid since only the losses are checked here.
"""

import numpy as np
import pytest

from dropout_lab.engine.events import NetworkSpec
from dropout_lab.engine.experiment import run_networks
from dropout_lab.engine.presets import PATTERN_TABLE, PRESETS, get_preset

SEEDS = range(10)


def _histories(config, rates, seeds):
    """{(rate, seed): array (epochs, 4) of train_loss, val_loss, train_acc, val_acc}."""
    config = config.model_copy(update={"grid_size": 10, "snapshot_every": config.epochs})
    nets = [NetworkSpec(name=f"{p}/{s}", dropout=p, weight_decay=0.0, seed=s) for p in rates for s in seeds]
    rows: dict = {}
    for e in run_networks(config, nets):
        assert e.type != "run_failed", e
        if e.type == "epoch_finished":
            rows.setdefault(e.network, []).append((e.train_loss, e.val_loss, e.train_acc, e.val_acc))
    return {(p, s): np.array(rows[f"{p}/{s}"]) for p in rates for s in seeds}


@pytest.fixture(scope="module")
def overfit_runs():
    """The severe-overfitting network at drop probability 0, 0.5 and 0.9, ten seeds."""
    return _histories(get_preset("severe-overfitting").config, [0.0, 0.5, 0.9], SEEDS)


def test_severe_overfitting_bottoms_out_early_and_climbs_in_every_seed(overfit_runs):
    epochs = get_preset("severe-overfitting").config.epochs
    for s in SEEDS:
        val = overfit_runs[0.0, s][:, 1]
        assert np.argmin(val) < epochs / 2
        assert val[-1] >= 1.2 * val.min()
        train = overfit_runs[0.0, s][:, 0]
        # training loss kept falling meanwhile: judged on the last tenth of the run, not on the last
        # epoch alone, where a chance Adam spike of an overfit net can land
        assert train[-epochs // 10 :].mean() < train[np.argmin(val)]


def test_same_network_with_dropout_ends_with_lower_validation_loss_in_9_of_10_seeds(overfit_runs):
    assert get_preset("same-network-dropout").config.dropout == 0.5
    wins = sum(overfit_runs[0.5, s][-1, 1] < overfit_runs[0.0, s][-1, 1] for s in SEEDS)
    assert wins >= 9
    gaps = [(overfit_runs[p, s][-1, 1] - overfit_runs[p, s][-1, 0]) for p in (0.0, 0.5) for s in SEEDS]
    assert np.mean(gaps[10:]) < 0.5 * np.mean(gaps[:10])  # and a much smaller overfitting gap


def test_too_much_dropout_underfits_both_losses_stay_high(overfit_runs):
    assert get_preset("too-much-dropout").config.dropout == 0.9
    for s in SEEDS:
        heavy, right = overfit_runs[0.9, s][-1], overfit_runs[0.5, s][-1]
        assert heavy[0] > 2 * right[0]  # training loss stays high
        assert heavy[1] > right[1]  # and validation is worse than with a sensible rate
        assert heavy[0] > 0.3


def test_blobs_dropout_makes_no_real_difference():
    runs = _histories(get_preset("blobs").config, [0.0, 0.5], range(5))
    for s in range(5):
        assert abs(runs[0.5, s][-1, 1] - runs[0.0, s][-1, 1]) < 0.05
        assert runs[0.0, s][-1, 3] >= 0.97


@pytest.mark.parametrize("name", ["circles", "xor"])
def test_medium_patterns_are_learnt_and_dropout_changes_little(name):
    config = get_preset(name).config
    runs = _histories(config, [0.0, config.dropout], range(5))
    for s in range(5):
        assert runs[config.dropout, s][-1, 3] >= 0.9
        assert abs(runs[config.dropout, s][-1, 1] - runs[0.0, s][-1, 1]) < 0.06


@pytest.mark.parametrize("name", ["moons", "spiral"])
def test_hard_patterns_dropout_ends_with_lower_validation_loss(name):
    config = get_preset(name).config
    runs = _histories(config, [0.0, config.dropout], range(5))
    wins = sum(runs[config.dropout, s][-1, 1] < runs[0.0, s][-1, 1] for s in range(5))
    assert wins >= 4


def test_every_pattern_table_row_loads_a_preset_of_that_pattern():
    names = {p.name for p in PRESETS}
    for row in PATTERN_TABLE:
        assert row["preset"] in names
        assert get_preset(row["preset"]).config.dataset == row["pattern"]
