"""Rate sweep: final validation loss and overfitting gap against the drop probability, over seeds.

All (rate, seed) networks train together in ONE batched Trainer run; networks with the same seed share
the data split, initial weights and batch order, so the rates are compared fairly within each seed.
"""

from __future__ import annotations

import numpy as np

from ..config import TrainConfig
from ..experiment import sweep_networks
from .catalog import SweepParams
from .progress import InsightResult, Steps, StopCheck, train

NAME = "sweep"


def run_sweep(config: TrainConfig, params: SweepParams, should_stop: StopCheck = None) -> Steps:
    """Train every (rate, seed) network at once; yield progress, then the sweep's InsightResult.

    result: rates, seeds, per-rate mean/std/min/max of val_loss, gap, train_loss, val_acc (final epoch,
    eval mode), the per-seed values (rates x seeds), the best rate (lowest mean validation loss), and
    per rate the validation curve over epochs (mean over seeds) with its early-stopping epoch (lowest).
    """
    rates = sorted(set(params.rates))
    seeds = [config.seed + i for i in range(params.n_seeds)]
    networks = sweep_networks(config, rates, seeds)
    stage = f"training {len(networks)} networks together"
    run = yield from train(NAME, config, networks, stage=stage, should_stop=should_stop)
    by_name = {s.network: s for s in run.summary}
    metrics: dict[str, dict[str, list]] = {}
    for key in ("val_loss", "gap", "train_loss", "val_acc", "best_val_loss"):
        table = np.array([getattr(by_name[n.name], key) for n in networks]).reshape(len(rates), len(seeds))
        metrics[key] = {
            "mean": table.mean(1).tolist(),
            "std": table.std(1).tolist(),
            "min": table.min(1).tolist(),
            "max": table.max(1).tolist(),
            "per_seed": table.tolist(),
        }
    best = int(np.argmin(metrics["val_loss"]["mean"]))
    curves = np.array([run.history[n.name]["val_loss"] for n in networks])  # (rates*seeds, epochs)
    curves = curves.reshape(len(rates), len(seeds), -1).mean(1)  # (rates, epochs)
    result = {
        "rates": rates,
        "seeds": seeds,
        "epochs": config.epochs,
        "metrics": metrics,
        "best_rate": rates[best],
        "best_val_loss": metrics["val_loss"]["mean"][best],
        "val_curves": np.round(curves, 5).tolist(),
        "early_stop_epoch": (curves.argmin(1) + 1).tolist(),
    }
    yield InsightResult(insight=NAME, result=result)
