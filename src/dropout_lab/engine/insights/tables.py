"""Each insight's typed result as table rows (for CSV files and terminals).

Rows are flat dicts of numbers and short strings, read from the result models; the sentences about
them are the result's own `claims`. Nothing here trains or formats for a medium.
"""

from __future__ import annotations

from typing import Any

from .alternatives_result import AlternativesResult
from .ensemble_result import EnsembleResult
from .events import AnyResult
from .knockout_result import KnockoutResult
from .sweep_result import SweepResult
from .uncertainty_result import UncertaintyResult


def insight_rows(result: AnyResult) -> list[dict[str, Any]]:
    """The main numbers of a result, one dict per row."""
    if isinstance(result, SweepResult):
        return _sweep(result)
    if isinstance(result, EnsembleResult):
        return _ensemble(result)
    if isinstance(result, UncertaintyResult):
        return [{"measure": k, "value": v} for k, v in result.regions.model_dump().items()]
    if isinstance(result, KnockoutResult):
        return _knockout(result)
    return _alternatives(result)


def _sweep(r: SweepResult) -> list[dict[str, Any]]:
    return [
        {
            "drop_probability": p,
            "val_loss_mean": r.val_loss.mean[i],
            "val_loss_std": r.val_loss.std[i],
            "minus_best": r.vs_best[i].mean,
            "minus_best_se": r.vs_best[i].se,
            "ties_best": i in r.ties,
            "gap_mean": r.gap.mean[i],
            "train_loss_mean": r.train_loss.mean[i],
            "val_acc_mean": r.val_acc.mean[i],
            "best_epoch_mean": r.best_epoch.mean[i],
            "best": i == r.best,
        }
        for i, p in enumerate(r.rates)
    ]


def _ensemble(r: EnsembleResult) -> list[dict[str, Any]]:
    return [
        {
            "passes": t,
            "rms_to_thinned_mean": r.mc_to_mean.mean[i],
            "rms_to_thinned_mean_std": r.mc_to_mean.std[i],
            "one_over_sqrt_t": r.sqrt_reference[i],
            "rms_to_eval": r.mc_to_eval.mean[i],
            "eval_rms_to_thinned_mean": r.eval_to_mean,
            "mc_val_loss": r.mc_val_loss.mean[i],
            "eval_val_loss": r.eval_val_loss,
            "mc_val_error": r.mc_val_error.mean[i],
            "eval_val_error": r.eval_val_error,
        }
        for i, t in enumerate(r.samples)
    ]


def _knockout(r: KnockoutResult) -> list[dict[str, Any]]:
    return [
        {
            "share_off": s,
            "units_off_per_layer": r.n_off[j],
            "baseline_increase": r.increase_baseline.mean[j],
            "dropout_increase": r.increase_dropout.mean[j],
            "difference": r.plain_vs_dropout[j].mean,
            "difference_se": r.plain_vs_dropout[j].se,
            "clear": r.plain_vs_dropout[j].clear,
            "seeds_baseline_hurt_more": r.plain_vs_dropout[j].n_above,
            "seeds": len(r.seeds),
        }
        for j, s in enumerate(r.shares)
    ]


def _alternatives(r: AlternativesResult) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [
        {
            "section": "regulariser",
            "network": reg.kind,
            "final_val_loss": reg.mean_final_val_loss,
            "minus_plain": d.mean,
            "minus_plain_se": d.se,
            "clear": d.clear,
            "early_stop_val_loss": reg.mean_early_stop_val_loss,
            "early_stop_epoch": reg.mean_curve_best_epoch,
        }
        for reg, d in zip(r.regularisers, r.vs_plain, strict=True)
    ]
    rows += [
        {
            "section": "training-set size",
            "network": f"{s.n_train} training points",
            "baseline_val_loss": sum(s.baseline_val_loss) / len(s.baseline_val_loss),
            "dropout_val_loss": sum(s.dropout_val_loss) / len(s.dropout_val_loss),
            "dropout_gain": s.gain.mean,
            "dropout_gain_se": s.gain.se,
            "clear": s.gain.clear,
        }
        for s in r.sizes
    ]
    return rows
