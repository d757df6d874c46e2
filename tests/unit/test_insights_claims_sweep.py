"""The sweep's sentences are computed from its numbers: results built to contradict each claim flip it.

No training here: each result is made by hand (rates x seeds), the way the engine's history makes it.
"""

from __future__ import annotations

import numpy as np

from dropout_lab.engine.insights.results import Measure
from dropout_lab.engine.insights.sweep_result import SweepResult, sweep_result, tie_spans

RATES = [0.0, 0.5, 0.6, 0.7, 0.8, 0.9]
SEED_LEVEL = np.array([0.0, 0.05, -0.04, 0.08, -0.02])  # seeds differ; pairing removes this


NOISE = np.array([0.05, -0.06, 0.04, -0.05, 0.02])  # a seed pattern with mean 0, shifted per rate


def sweep(shift, *, train=None, noise=0.002, acc=None, best_epoch=None, done=50, epochs=50) -> SweepResult:
    """A 5-seed sweep: validation loss 0.3 + shift (per rate) + each seed's level + a per-rate pattern of
    noise (NOISE rolled by the rate's index, scaled to `noise`; mean 0, so the means are 0.3 + shift)."""
    shift = np.asarray(shift, dtype=float)[:, None]
    jitter = np.stack([np.roll(NOISE, i) for i in range(len(shift))]) * noise / 0.05
    val = 0.3 + shift + SEED_LEVEL + jitter
    train = np.full_like(val, 0.2) if train is None else np.asarray(train, dtype=float)[:, None] + 0 * val
    acc = np.full_like(val, 0.9) if acc is None else np.asarray(acc, dtype=float)[:, None] + 0 * val
    epochs_at = np.full_like(val, 40.0) if best_epoch is None else np.asarray(best_epoch)[:, None] + 0 * val
    return SweepResult(
        rates=RATES[: len(shift)],
        seeds=list(range(val.shape[1])),
        epochs=epochs,
        epochs_done=done,
        val_loss=Measure(per_seed=val.tolist()),
        train_loss=Measure(per_seed=train.tolist()),
        val_acc=Measure(per_seed=acc.tolist()),
        best_epoch=Measure(per_seed=epochs_at.tolist()),
        val_curves=[[0.5, 0.4]] * len(shift),
    )


def test_rates_within_noise_of_the_best_are_named_as_a_range_not_a_single_winner():
    r = sweep([0.1, 0.006, 0.003, 0.0, 0.007, 0.3], noise=0.03)  # 0.5-0.8 within 0.01, seeds noisy
    assert r.best_rate == 0.7 and r.ties == [1, 2, 3, 4]
    head = r.claims.headline
    assert "Lowest mean validation loss at p = 0.7" in head and "p = 0.5, 0.6, 0.8" in head
    assert "a best range (p = 0.5–0.8)" in head


def test_a_best_rate_that_beats_every_other_one_clearly_is_called_best():
    r = sweep([0.06, 0.03, 0.02, 0.0, 0.025, 0.3])
    assert r.ties == [3]
    assert r.claims.headline.startswith("Best drop probability: p = 0.7")
    assert "every other rate is clearly worse" in r.claims.headline


def test_when_nothing_is_clear_there_is_no_best_rate():
    r = sweep([0.01, 0.005, 0.0, 0.004, 0.008, 0.012], noise=0.05)
    assert r.ties == list(range(6))
    assert r.claims.headline.startswith("No clear best drop probability")


def test_dropout_helps_is_said_only_when_no_dropout_is_clearly_worse():
    helps = sweep([0.06, 0.01, 0.0, 0.01, 0.02, 0.3])
    assert any("dropout clearly helps here" in f for f in helps.claims.findings)
    noisy = sweep([0.01, 0.008, 0.0, 0.01, 0.02, 0.3], noise=0.03)
    assert any("no clear gain from dropout" in f for f in noisy.claims.findings)
    plain_best = sweep([0.0, 0.02, 0.03, 0.04, 0.05, 0.3])
    assert any("No dropout (p = 0) has the lowest" in f for f in plain_best.claims.findings)
    assert not any("helps" in f for f in plain_best.claims.findings)


def test_under_fitting_is_claimed_only_when_both_losses_are_clearly_higher_at_the_top_rate():
    train = [0.05, 0.1, 0.12, 0.15, 0.2, 0.55]
    underfits = sweep([0.06, 0.01, 0.0, 0.01, 0.02, 0.3], train=train)
    assert any(
        "both losses are clearly higher" in f and "under-fitting" in f for f in underfits.claims.findings
    )
    flat_train = sweep([0.06, 0.01, 0.0, 0.01, 0.02, 0.3], train=[0.2] * 6)
    assert any("the training loss is not" in f for f in flat_train.claims.findings)
    tied_top = sweep([0.2, 0.1, 0.0, 0.01, 0.02, 0.001], noise=0.02)
    assert any("Even at p = 0.9 the validation loss is within noise" in f for f in tied_top.claims.findings)
    top_best = sweep([0.06, 0.05, 0.04, 0.03, 0.02, 0.0])
    assert any("The largest rate tried, p = 0.9, has the lowest loss" in f for f in top_best.claims.findings)


def test_gap_accuracy_and_early_stopping_are_compared_with_no_dropout_seed_by_seed():
    r = sweep(
        [0.06, 0.01, 0.0, 0.01, 0.02, 0.3],
        train=[0.05, 0.2, 0.22, 0.24, 0.26, 0.5],
        best_epoch=[30, 120, 140, 150, 150, 150],
    )
    findings = " ".join(r.claims.findings)
    assert "Overfitting gap" in findings and "clearly smaller" in findings
    assert "Validation accuracy" in findings and "no clear difference" in findings  # 0.9 everywhere
    assert "Dropout lowered the loss more than the error rate" in findings
    assert "epoch 140 (mean) at p = 0.6" in findings and "clearly later" in findings
    same_epochs = sweep([0.06, 0.01, 0.0, 0.01, 0.02, 0.3], best_epoch=[40] * 6)
    assert (
        "bottoms out at epoch 40 (mean) at p = 0.6 vs epoch 40 without dropout: no clear difference"
        in " ".join(same_epochs.claims.findings)
    )


def test_one_seed_claims_no_difference_at_all():
    r = SweepResult(
        rates=[0.0, 0.5],
        seeds=[0],
        epochs=10,
        epochs_done=10,
        val_loss=Measure(per_seed=[[0.5], [0.3]]),
        train_loss=Measure(per_seed=[[0.1], [0.2]]),
        val_acc=Measure(per_seed=[[0.8], [0.85]]),
        best_epoch=Measure(per_seed=[[3.0], [9.0]]),
        val_curves=[[0.5], [0.3]],
    )
    assert "with one seed no difference between rates can be told from noise" in r.claims.headline
    assert r.claims.findings == []


def test_a_partial_sweep_says_it_is_still_running():
    r = sweep([0.06, 0.03, 0.02, 0.0, 0.025, 0.3], done=40, epochs=300)
    assert not r.complete
    assert r.claims.headline.startswith("After 40 of 300 epochs: Best drop probability")
    assert sweep([0.06, 0.03, 0.02, 0.0, 0.025, 0.3]).claims.headline.startswith("Best")


def test_the_result_is_built_from_the_engines_per_epoch_stats_rate_major():
    rates, seeds, epochs = [0.0, 0.5], [0, 1, 2], 4
    history = np.zeros((3, 5, 6))  # 3 epochs done, 5 stat rows, 2 rates x 3 seeds
    history[:, 1, :3] = [[0.6] * 3, [0.5] * 3, [0.55] * 3]  # p = 0: lowest at epoch 2
    history[:, 1, 3:] = [[0.6] * 3, [0.45] * 3, [0.4] * 3]  # p = 0.5: still falling
    history[:, 0] = 0.2
    history[:, 3] = 0.8
    r = sweep_result(rates, seeds, epochs, history)
    assert r.epochs_done == 3 and not r.complete
    assert np.allclose(r.val_loss.mean, [0.55, 0.4]) and r.best_rate == 0.5
    assert r.best_epoch.mean == [2.0, 3.0] and r.early_stop_epoch == [2, 3]
    assert r.val_curves == [[0.6, 0.5, 0.55], [0.6, 0.45, 0.4]]
    assert np.allclose(r.gap.mean, [0.35, 0.2])


def test_tie_spans_cover_each_run_of_tied_rates_and_nothing_between():
    grid = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5]
    assert tie_spans(grid, [1, 2, 4]) == [(0.1 - 0.025, 0.2 + 0.025), (0.4 - 0.025, 0.4 + 0.025)]
