"""Knock-out robustness: validation loss as a growing share of hidden units is switched off at test time.

The "no star player" story, measured: a plain network may lean on a few units; a dropout-trained one
had to work with any random subset, so losing units hurts it far less. Knocked-out units are zeroed
and, by default, the survivors are rescaled by 1/(1 - share) so each layer's expected input is
unchanged (as inverted dropout does). Without rescaling the removal also shrinks every activation,
which shrinks the logits and so cures the plain net's over-confidence: its validation loss can even
FALL, measuring the scale change instead of the reliance on particular units. For each seed, the
baseline and the dropout network lose the SAME units, and every share is averaged over several draws.
"""

from __future__ import annotations

import numpy as np
import torch

from ..config import TrainConfig
from ..experiment import comparison_networks
from .catalog import KnockoutParams
from .knockout_result import KnockoutResult
from .progress import InsightProgress, InsightResult, Steps, StopCheck, check_stop, dropout_rate, train
from .thinned import class1_proba, mean_log_loss

NAME = "knockout"


def knockout_multipliers(
    n_off: int, layers: int, neurons: int, member_seed: list[int], gen, *, rescale: bool
) -> list:
    """Per hidden layer (K, 1, neurons): 0 for the n_off units chosen per seed; survivors 1, or
    neurons/(neurons - n_off) with `rescale`.

    member_seed[k] is the index of member k's seed, so members of one seed share the knocked-out units.
    """
    n_seeds = max(member_seed) + 1
    keep = torch.ones(n_seeds, layers, neurons)
    for s in range(n_seeds):
        for l in range(layers):
            keep[s, l, torch.randperm(neurons, generator=gen)[:n_off]] = 0.0
    if rescale:
        keep *= neurons / (neurons - n_off)
    chosen = keep[member_seed]  # (K, layers, neurons)
    return [chosen[:, l].unsqueeze(1) for l in range(layers)]


def run_knockout(config: TrainConfig, params: KnockoutParams, should_stop: StopCheck = None) -> Steps:
    """Train baseline + dropout pairs over seeds in one run, then knock units out; yield the result:
    a KnockoutResult (validation loss per seed and share, mean over draws; comparisons computed there).
    """
    config = config.model_copy(update={"dropout": dropout_rate(config)})
    seeds = [config.seed + i for i in range(params.n_seeds)]
    networks = [
        net.model_copy(update={"name": f"{net.name} seed={s}", "seed": s})
        for s in seeds
        for net in comparison_networks(config)
    ]
    shares = sorted(set(params.shares) | {0.0})
    total = config.epochs + len(shares)
    run = yield from train(
        NAME,
        config,
        networks,
        stage=f"training {len(networks)} networks",
        should_stop=should_stop,
        total=total,
    )
    trainer, model = run.trainer, run.trainer.model
    n = trainer.data.n_train
    X_val, y_val = trainer.data.X_all[:, n:], trainer.data.y_all[:, n:].to(torch.float32)  # (K, V, 2), (K, V)
    member_seed = trainer.data.seed_index.tolist()
    gen = torch.Generator().manual_seed(config.seed * 1_000 + 23)
    losses = np.zeros((len(networks), len(shares)))  # (K, shares), mean over draws
    n_off = [round(s * model.neurons) for s in shares]
    for j, off in enumerate(n_off):
        draws = 1 if off == 0 else params.draws
        for _ in range(draws):
            masks = knockout_multipliers(
                off, model.layers, model.neurons, member_seed, gen, rescale=params.rescale
            )
            losses[:, j] += mean_log_loss(class1_proba(model, X_val, masks), y_val).numpy() / draws
        check_stop(should_stop)
        yield InsightProgress(
            insight=NAME, stage=f"knocking out {shares[j]:.0%}", done=config.epochs + j + 1, total=total
        )
    result = KnockoutResult(
        p=config.dropout,
        shares=shares,
        n_off=n_off,
        neurons=model.neurons,
        seeds=seeds,
        draws=params.draws,
        rescale=params.rescale,
        baseline_val_loss=losses[0::2].tolist(),  # networks alternate baseline, dropout per seed
        dropout_val_loss=losses[1::2].tolist(),
    )
    yield InsightResult(insight=NAME, result=result)
