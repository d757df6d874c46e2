"""Alternatives and context: weight decay beside dropout, early stopping, and training-set size.

1. Regularisers: the same network from the same seed trained plain, with dropout, with weight decay
   (coupled L2, as torch Adam's weight_decay) and with both -- one batched run over the seeds.
2. Early stopping: on every validation curve, the epoch of the lowest loss and that loss.
3. Training-set size: dropout's gain (baseline minus dropout final validation loss) at several sizes;
   one batched run per size (different sizes cannot share a batch).
"""

from __future__ import annotations

import numpy as np

from ..config import TrainConfig
from ..events import NetworkSpec
from .catalog import AlternativesParams
from .progress import InsightResult, Steps, StopCheck, dropout_rate, train

NAME = "alternatives"


def regulariser_networks(config: TrainConfig, p: float, wd: float, seeds: list[int]) -> list[NetworkSpec]:
    """Per seed: plain, dropout, weight decay, dropout + weight decay (named 'kind seed=s')."""
    kinds = {
        "plain": (0.0, 0.0),
        "dropout": (p, 0.0),
        "weight decay": (0.0, wd),
        "dropout + weight decay": (p, wd),
    }
    return [
        NetworkSpec(name=f"{kind} seed={s}", dropout=d, weight_decay=w, seed=s)
        for s in seeds
        for kind, (d, w) in kinds.items()
    ]


def n_samples_for(config: TrainConfig, n_train: int) -> int:
    """Total points giving about n_train training points at the configured validation share."""
    return min(5000, max(20, round(n_train / (1 - config.val_share))))


def run_alternatives(config: TrainConfig, params: AlternativesParams, should_stop: StopCheck = None) -> Steps:
    """Yield progress, then the result.

    result: p, weight_decay, seeds; regularisers: per kind, the mean validation and training curves
    (val_curve, train_curve), final and early-stopping (lowest) validation loss and its epoch, per
    seed and mean; sizes: n_train, n_samples, baseline and dropout final validation loss per seed,
    gain (mean, per seed).
    """
    p = dropout_rate(config)
    seeds = [config.seed + i for i in range(params.n_seeds)]
    sizes = sorted(set(params.sizes))
    total = config.epochs * (1 + len(sizes))
    nets = regulariser_networks(config, p, params.decay, seeds)
    run = yield from train(
        NAME, config, nets, stage="training the regularisers", should_stop=should_stop, total=total
    )
    kinds = list(dict.fromkeys(n.name.rsplit(" seed=", 1)[0] for n in nets))
    regularisers = {}
    for kind in kinds:
        curves = np.array([run.history[f"{kind} seed={s}"]["val_loss"] for s in seeds])  # (seeds, epochs)
        train_curves = np.array([run.history[f"{kind} seed={s}"]["train_loss"] for s in seeds])
        best = curves.argmin(1)
        regularisers[kind] = {
            "val_curve": curves.mean(0).tolist(),
            "train_curve": train_curves.mean(0).tolist(),
            "final_val_loss": curves[:, -1].tolist(),
            "early_stop_val_loss": curves.min(1).tolist(),
            "early_stop_epoch": (best + 1).tolist(),
            "mean_final_val_loss": float(curves[:, -1].mean()),
            "mean_early_stop_val_loss": float(curves.min(1).mean()),
            "mean_curve_best_epoch": int(curves.mean(0).argmin()) + 1,
        }
    size_rows = []
    for i, n_train in enumerate(sizes):
        sized = config.model_copy(update={"n_samples": n_samples_for(config, n_train)})
        pair = [
            NetworkSpec(name=f"{kind} seed={s}", dropout=d, weight_decay=config.weight_decay, seed=s)
            for s in seeds
            for kind, d in (("baseline", 0.0), ("dropout", p))
        ]
        stage = f"training-set size {n_train}"
        sized_run = yield from train(
            NAME,
            sized,
            pair,
            stage=stage,
            should_stop=should_stop,
            offset=config.epochs * (1 + i),
            total=total,
        )
        final = {s.network: s.val_loss for s in sized_run.summary}
        base = [final[f"baseline seed={s}"] for s in seeds]
        drop = [final[f"dropout seed={s}"] for s in seeds]
        gain = [b - d for b, d in zip(base, drop, strict=True)]
        size_rows.append(
            {
                "n_train": sized_run.trainer.data.n_train,
                "n_samples": sized.n_samples,
                "baseline_val_loss": base,
                "dropout_val_loss": drop,
                "gain": gain,
                "mean_gain": float(np.mean(gain)),
                "relative_gain": float(np.mean(gain) / np.mean(base)),
            }
        )
    result = {
        "p": p,
        "weight_decay": params.decay,
        "seeds": seeds,
        "epochs": config.epochs,
        "regularisers": regularisers,
        "sizes": size_rows,
    }
    yield InsightResult(insight=NAME, result=result)
