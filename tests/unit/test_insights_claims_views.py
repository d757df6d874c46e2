"""Knock-outs, ensemble, uncertainty, alternatives: results built to contradict each claim flip its words.

No training: every result is built by hand with the numbers that should (or should not) back a claim.
"""

from __future__ import annotations

import math

import numpy as np

from dropout_lab.engine.insights.alternatives_result import AlternativesResult, Regulariser, SizeRun
from dropout_lab.engine.insights.ensemble_result import EnsembleResult
from dropout_lab.engine.insights.knockout_result import KnockoutResult
from dropout_lab.engine.insights.results import Measure, Points
from dropout_lab.engine.insights.uncertainty_result import UncertaintyResult

POINTS = Points(X_train=[[0.0, 0.0]], y_train=[1], X_val=[[0.1, 0.1]], y_val=[1])
SEEDS = [0, 1, 2, 3, 4]
PATTERN = np.array([0.01, -0.012, 0.008, -0.01, 0.004])  # mean 0


def knockout(plain_rise: float, dropout_rise: float, noise: float = 0.002, rescale=True) -> KnockoutResult:
    """Validation loss 0.3 (per seed level) rising by plain_rise / dropout_rise at 30% off."""
    level = 0.3 + np.array([0.0, 0.02, -0.02, 0.04, -0.01])
    rise = lambda r, k: level * (1 + r + noise * np.roll(PATTERN, k) / 0.01)  # noqa: E731
    return KnockoutResult(
        p=0.5,
        shares=[0.0, 0.3],
        n_off=[0, 19],
        neurons=64,
        seeds=SEEDS,
        draws=10,
        rescale=rescale,
        baseline_val_loss=np.stack([level, rise(plain_rise, 0)], 1).tolist(),
        dropout_val_loss=np.stack([level, rise(dropout_rise, 2)], 1).tolist(),
    )


def test_knockouts_say_which_network_is_hurt_more_only_when_the_seeds_agree():
    plain = knockout(0.18, 0.06).claims
    assert "+18% without dropout, +6% with" in plain.headline
    assert "the plain network is clearly hurt more (by 12 points, s.e. " in plain.headline
    assert "in 5 of 5 seeds" in plain.headline
    assert "At every share tried (30%) the plain network is clearly hurt more" in plain.findings[0]
    dropout = knockout(0.05, 0.2).claims
    assert "the dropout network is clearly hurt more" in dropout.headline
    assert "star" not in " ".join(dropout.findings) and "random subset" not in " ".join(dropout.findings)
    tie = knockout(0.10, 0.09, noise=0.05).claims
    assert "no clear difference between them" in tie.headline
    assert "within noise" in tie.findings[0]
    assert not any("more seeds" in f for f in tie.findings)  # the seeds disagree: no hint


def test_a_difference_every_seed_agrees_on_but_within_noise_suggests_more_seeds():
    base = alternatives(0.28, [0.1, 0.1, 0.1])
    plain = np.asarray(base.kind("plain").final_val_loss)
    uneven = (
        plain + [-0.001, -0.002, -0.05, -0.003, -0.044]
    ).tolist()  # lower in every seed, -0.02 on average
    regs = [
        k.model_copy(update={"final_val_loss": uneven}) if k.kind == "dropout" else k
        for k in base.regularisers
    ]
    fields = base.model_dump(exclude={"claims", "vs_plain", "early_vs_dropout", "complete", "regularisers"})
    steady = AlternativesResult(**fields, regularisers=regs).claims
    assert (
        "dropout 0.330 (-0.020, s.e." in steady.headline
        and "no clear difference" in steady.headline.split(";")[0]
    )
    assert any("go the same way in all 5 seeds yet stay within noise" in f for f in steady.findings)
    clear = alternatives(0.28, [0.1, 0.1, 0.1]).claims
    assert not any("more seeds" in f for f in clear.findings)


def test_without_rescaling_a_falling_loss_is_explained_only_when_it_falls():
    falls = knockout(-0.1, 0.02, rescale=False).claims
    assert any("validation loss falls with 30% off" in f for f in falls.findings)
    rises = knockout(0.2, 0.02, rescale=False).claims
    assert not any("falls" in f for f in rises.findings)


def ensemble(mc_to_mean_at_1: float, law: float, eval_to_mean: float, mc_loss: float, eval_loss=0.30):
    """Distances mc_to_mean_at_1 * T**law (law -0.5: 1/sqrt(T)); 5 repeats with a little spread."""
    T = [1, 2, 5, 10, 20, 50, 100, 200]
    spread = 1 + 0.02 * PATTERN / 0.01
    dist = [[mc_to_mean_at_1 * t**law * s for s in spread] for t in T]
    loss = [[mc_loss + 0.002 * x / 0.01 for x in PATTERN] for _ in T]
    return EnsembleResult(
        p=0.5,
        extent=[-1, 1, -1, 1],
        grid_size=2,
        points=POINTS,
        eval=[0.1, 0.2, 0.8, 0.9],
        thinned=[[0.1, 0.3, 0.7, 0.9]],
        mc_average=[0.1, 0.2, 0.8, 0.9],
        thinned_mean=[0.1, 0.2, 0.8, 0.9],
        samples=T,
        mc_to_mean=Measure(per_seed=dist),
        mc_to_eval=Measure(per_seed=[[eval_to_mean + d[0]] * 5 for d in dist]),
        eval_to_mean=eval_to_mean,
        mc_val_loss=Measure(per_seed=loss),
        mc_val_error=Measure(per_seed=[[0.1] * 5 for _ in T]),
        eval_val_loss=eval_loss,
        eval_val_error=0.1,
    )


def test_the_ensemble_says_it_converges_like_one_over_root_t_only_when_it_does():
    sqrt_law = ensemble(0.14, -0.5, 0.04, 0.29).claims.headline
    assert "converges like 1/√T to the mean of the thinned networks" in sqrt_law
    assert "more slowly" in ensemble(0.14, -0.2, 0.04, 0.29).claims.headline
    assert "does not get closer" in ensemble(0.14, 0.0, 0.04, 0.29).claims.headline


def test_eval_modes_approximation_error_is_claimed_only_above_the_reference_noise():
    r = ensemble(0.14, -0.5, 0.04, 0.29)
    assert math.isclose(r.reference_noise, r.mc_to_mean.mean[-1] * 2 / 5)
    assert "an approximation error that more passes cannot remove" in r.claims.headline
    assert "it approaches eval mode's approximation error (0.040), not zero" in r.claims.findings[0]
    matches = ensemble(0.14, -0.5, 0.002, 0.29).claims
    assert "eval mode matches that mean to within the sampling noise" in matches.headline
    assert "it falls with the sampling noise" in matches.findings[0]


def test_the_mc_averages_validation_loss_is_compared_with_eval_modes_over_the_repeats():
    assert "clearly lower than eval mode's" in ensemble(0.14, -0.5, 0.04, 0.29).claims.findings[1]
    assert "clearly higher than eval mode's" in ensemble(0.14, -0.5, 0.04, 0.31).claims.findings[1]
    assert "no clear difference from eval mode's" in ensemble(0.14, -0.5, 0.04, 0.3).claims.findings[1]
    assert (
        "no clear difference from eval mode's (10.0%)" in ensemble(0.14, -0.5, 0.04, 0.3).claims.findings[2]
    )


def uncertainty(spread_near: float, spread_far: float, far_p: float, baseline_far_entropy: float, passes=50):
    """A 1 x 4 strip of cells: 2 near the data, 2 far; far cells predict far_p."""
    return UncertaintyResult(
        p=0.5,
        passes=passes,
        extent=[-2, 2, -2, 2],
        data_extent=[-1, 1, -1, 1],
        grid_size=2,
        points=POINTS,
        mc_mean=[0.5, 0.6, far_p, far_p],
        spread=[spread_near, spread_near, spread_far, spread_far],
        entropy=[1.0, 0.9, 0.1, 0.1],
        baseline_entropy=[0.9, 0.8, baseline_far_entropy, 0.0],
        nearest=[0.1, 0.2, 1.5, 2.0],
        caveats=["c"],
    )


def remade(r: UncertaintyResult, **changes) -> UncertaintyResult:
    """The same measurements with some replaced, validated anew (derived fields recomputed)."""
    return UncertaintyResult(**{**r.model_dump(exclude={"regions", "claims"}), **changes})


def test_the_far_field_claims_follow_the_spreads_and_the_share_called_confidently():
    fails = uncertainty(0.1, 0.02, 0.98, 0.0).claims.headline
    assert "MC spread is 0.020 vs 0.100 near it: clearly smaller" in fails
    assert "100% of the far cells are called confidently" in fails
    flags = uncertainty(0.05, 0.2, 0.5, 0.0).claims.headline
    assert "clearly larger" in flags and "none of the far cells is called confidently" in flags
    assert "no clear difference" in uncertainty(0.1, 0.105, 0.5, 0.0).claims.headline
    assert (
        "clearly larger" in uncertainty(0.1, 0.125, 0.5, 0.0, passes=500).claims.headline
    )  # T sets the noise


def test_the_plain_nets_bright_far_cells_are_explained_only_when_there_are_some():
    some = uncertainty(0.1, 0.02, 0.98, 0.95).claims.findings[-1]
    assert "above 0.5 bit in 50% of the far cells" in some and "decision boundary continued" in some
    none = uncertainty(0.1, 0.02, 0.98, 0.0).claims.findings[-1]
    assert "it is certain everywhere far from the data" in none
    cells = {"mc_mean": [0.5] * 1000, "spread": [0.1] * 1000, "entropy": [1.0] * 1000}
    few = remade(
        uncertainty(0.1, 0.02, 0.98, 0.0),
        nearest=[0.1] * 2 + [2.0] * 998,
        baseline_entropy=[0.0] * 999 + [0.9],  # 1 bright far cell in 998
        **cells,
    )
    assert "in under 1% of the far cells: those bright cells" in few.claims.findings[-1]


def test_a_map_without_far_cells_says_so_instead_of_claiming_about_them():
    r = remade(uncertainty(0.1, 0.02, 0.98, 0.0), nearest=[0.1, 0.2, 0.3, 0.4])
    assert r.claims.headline.startswith("The map does not reach far from the data")


def alternatives(dropout_final: float, gains: list[float], early: float = 0.26, noise=0.002, sizes_done=None):
    level = np.array([0.0, 0.02, -0.02, 0.01, -0.01])  # mean 0

    def kind(name: str, final: float, k: int, early_loss=None) -> Regulariser:
        values = final + level + noise * np.roll(PATTERN, k) / 0.01
        lows = values - 0.02 if early_loss is None else early_loss + level
        return Regulariser(
            kind=name,
            dropout=0.5 if "dropout" in name else 0.0,
            weight_decay=0.001 if "decay" in name else 0.0,
            val_curve=[0.6, 0.4, float(values.mean())],
            train_curve=[0.5, 0.3, 0.2],
            final_val_loss=values.tolist(),
            early_stop_val_loss=lows.tolist(),
            early_stop_epoch=[2] * 5,
        )

    runs = [
        SizeRun(
            n_train=n,
            n_samples=2 * n,
            baseline_val_loss=(0.5 + level).tolist(),
            dropout_val_loss=(0.5 + level - g + noise * np.roll(PATTERN, i) / 0.01).tolist(),
        )
        for i, (n, g) in enumerate(zip([30, 200, 1000], gains, strict=False))
    ]
    return AlternativesResult(
        p=0.5,
        weight_decay=0.001,
        seeds=SEEDS,
        epochs=100,
        epochs_done=100,
        regularisers=[
            kind("plain", 0.35, 0, early_loss=early),
            kind("dropout", dropout_final, 1),
            kind("weight decay", 0.35, 2),
            kind("dropout + weight decay", 0.25, 3),
        ],
        sizes=runs[:sizes_done] if sizes_done is not None else runs,
        planned_sizes=[30, 200, 1000][: len(gains)],
    )


def test_regularisers_are_called_lower_than_plain_only_when_clearly_so():
    head = alternatives(0.28, [0.1, 0.1, 0.1]).claims.headline
    assert "dropout 0.280 (-0.070, s.e. 0.00" in head and "clearly lower" in head.split(";")[0]
    assert "weight decay 0.350 (" in head and "no clear difference" in head.split(";")[1]
    worse = alternatives(0.40, [0.1, 0.1, 0.1]).claims.headline
    assert "clearly higher" in worse.split(";")[0]


def test_early_stopping_against_dropout_follows_the_paired_numbers():
    lower = alternatives(0.28, [0.1], early=0.22).claims.findings[0]
    assert "gives 0.220" in lower and "vs 0.280 for dropout" in lower and ": clearly lower" in lower
    tie = alternatives(0.28, [0.1], early=0.28, noise=0.02).claims.findings[0]
    assert ": no clear difference" in tie


def test_data_size_gains_are_stated_as_measured_with_their_spread():
    r = alternatives(0.28, [0.73, 0.72, 0.3], noise=0.03)
    findings = " ".join(r.claims.findings)
    assert "30 training points: dropout's gain +0.730" not in findings  # gains carry their sign and se
    assert "30 training points: dropout's gain 0.730 (s.e. " in findings and "(a clear gain" in findings
    assert (
        "The largest mean gain is at 30 points; compared with it: 200 points no clear difference" in findings
    )
    assert "1000 points clearly smaller" in findings
    loss = " ".join(alternatives(0.28, [-0.05, 0.03], noise=0.002).claims.findings)
    assert "30 training points: dropout's gain -0.050" in loss and "(a clear loss" in loss
    assert "The largest mean gain is at 200 points" in loss


def test_alternatives_say_which_sizes_are_still_to_come():
    r = alternatives(0.28, [0.1, 0.1, 0.1], sizes_done=1)
    assert not r.complete
    assert r.claims.headline.startswith("With 1 of 3 training-set sizes done: Final validation loss")
