"""Alternatives and context: weight decay beside dropout, early stopping, and training-set size.

1. Regularisers: the same network from the same seed trained plain, with dropout, with weight decay
   (coupled L2, as torch Adam's weight_decay) and with both -- one batched run over the seeds.
2. Early stopping: on every validation curve, the epoch of the lowest loss and that loss.
3. Training-set size: dropout's gain (baseline minus dropout final validation loss) at several sizes;
   one batched run per size (different sizes cannot share a batch).
Partial results stream while the regularisers train and after each size (alternatives_result.py).
"""

from __future__ import annotations

from ..config import TrainConfig
from ..events import NetworkSpec
from .alternatives_result import AlternativesResult, Regulariser, SizeRun, regulariser_rows
from .catalog import AlternativesParams
from .progress import InsightPartial, InsightResult, Steps, StopCheck, dropout_rate, train
from .results import VAL_LOSS

NAME = "alternatives"


def regulariser_kinds(p: float, wd: float) -> list[tuple[str, float, float]]:
    """(kind, drop probability, weight decay) of the four networks trained from each seed."""
    return [
        ("plain", 0.0, 0.0),
        ("dropout", p, 0.0),
        ("weight decay", 0.0, wd),
        ("dropout + weight decay", p, wd),
    ]


def n_samples_for(config: TrainConfig, n_train: int) -> int:
    """Total points giving about n_train training points at the configured validation share."""
    return min(5000, max(20, round(n_train / (1 - config.val_share))))


def run_alternatives(config: TrainConfig, params: AlternativesParams, should_stop: StopCheck = None) -> Steps:
    """Yield progress and partial results, then the AlternativesResult."""
    p = dropout_rate(config)
    seeds = [config.seed + i for i in range(params.n_seeds)]
    sizes = sorted(set(params.sizes))
    total = config.epochs * (1 + len(sizes))
    kinds = regulariser_kinds(p, params.decay)
    nets = [  # seed-major: network k = seed k // 4, kind k % 4
        NetworkSpec(name=f"{kind} seed={s}", dropout=d, weight_decay=w, seed=s)
        for s in seeds
        for kind, d, w in kinds
    ]

    def result(regularisers: list[Regulariser], done: int, size_runs: list[SizeRun]) -> AlternativesResult:
        return AlternativesResult(
            p=p,
            weight_decay=params.decay,
            seeds=seeds,
            epochs=config.epochs,
            epochs_done=done,
            regularisers=regularisers,
            sizes=list(size_runs),
            planned_sizes=sizes,
        )

    def build(history):
        return result(regulariser_rows(kinds, len(seeds), history), len(history), [])

    stage = "training the regularisers"
    run = yield from train(
        NAME, config, nets, stage=stage, should_stop=should_stop, total=total, partial=build
    )
    regularisers = regulariser_rows(kinds, len(seeds), run.history)
    size_runs: list[SizeRun] = []
    for i, n_train in enumerate(sizes):
        sized = config.model_copy(update={"n_samples": n_samples_for(config, n_train)})
        pair = [  # seed-major: baseline, dropout
            NetworkSpec(name=f"{kind} seed={s}", dropout=d, weight_decay=config.weight_decay, seed=s)
            for s in seeds
            for kind, d in (("baseline", 0.0), ("dropout", p))
        ]
        offset = config.epochs * (1 + i)
        sized_run = yield from train(
            NAME,
            sized,
            pair,
            stage=f"training-set size {n_train}",
            should_stop=should_stop,
            offset=offset,
            total=total,
        )
        final = sized_run.history[-1, VAL_LOSS]  # (2 * seeds,)
        size_runs.append(
            SizeRun(
                n_train=sized_run.trainer.data.n_train,
                n_samples=sized.n_samples,
                baseline_val_loss=final[0::2].tolist(),
                dropout_val_loss=final[1::2].tolist(),
            )
        )
        if i + 1 < len(sizes):  # the bars fill as their runs finish
            yield InsightPartial(insight=NAME, result=result(regularisers, config.epochs, size_runs))
    yield InsightResult(insight=NAME, result=result(regularisers, config.epochs, size_runs))
