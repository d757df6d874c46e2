"""The implicit ensemble: thinned sub-networks of one dropout-trained network, their mean, eval mode.

Training with dropout trains a different thinned network at every step, all sharing weights. Here we
sample masks at inference (inverted scaling, as in training), draw a few sub-networks' boundaries, and
measure, over several independent repeats: how the Monte-Carlo average of T passes converges to the
mean of the thinned networks (as 1/sqrt(T)); how far eval mode (weight scaling) is from that mean -- an
approximation error that does not shrink with T (Baldi & Sadowski 2013); and the validation loss and
error of the MC average against eval mode's (Srivastava et al. 2014, Fig. 11). What the numbers show,
in words: ensemble_result.py.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import Tensor

from ..config import TrainConfig
from ..evaluation import grid_points
from ..events import NetworkSpec
from .catalog import EnsembleParams
from .ensemble_result import EnsembleResult
from .progress import InsightProgress, InsightResult, Steps, StopCheck, check_stop, dropout_rate, train
from .results import Measure, Points, rounded
from .thinned import class1_proba, mean_log_loss, unit_masks

NAME = "ensemble"
CHECKPOINTS = (1, 2, 3, 5, 10, 20, 30, 50, 100, 200, 300, 500, 1000)


def loo_reference(finals: Tensor) -> Tensor:
    """Per repeat r, the mean of the OTHER repeats' longest averages: (R, P) -> (R, P).

    Leave one out, so the reference shares no sample with the average it is compared with (else the
    distance at the largest T would shrink by the repeat's own share of the reference).
    """
    R = finals.shape[0]
    return (finals.sum(0, keepdim=True) - finals) / (R - 1)


def rms(a: Tensor, b: Tensor) -> Tensor:
    """Root-mean-square of a - b over the last dimension (the map's cells).

    RMS rather than mean |a - b|: the mean square distance of an average of T passes is exactly the
    per-pass variance / T, whatever the shape of the passes' distribution, so 1/sqrt(T) is exact.
    """
    return (a - b).pow(2).mean(dim=-1).sqrt()


def run_ensemble(config: TrainConfig, params: EnsembleParams, should_stop: StopCheck = None) -> Steps:
    """Train one dropout network, then sample thinned networks from it; yield progress and the result."""
    p = dropout_rate(config)
    net = NetworkSpec(name="dropout", dropout=p, weight_decay=config.weight_decay, seed=config.seed)
    total = config.epochs + params.repeats
    run = yield from train(
        NAME, config, [net], stage="training the dropout network", should_stop=should_stop, total=total
    )
    trainer, model = run.trainer, run.trainer.model
    grid = grid_points(trainer.data.extent, params.map_size)  # (G*G, 2), row-major, row 0 at y_min
    X_tr, y_tr, X_val, y_val = trainer.data.splits[0]
    points = torch.cat([grid, torch.from_numpy(X_val)]).unsqueeze(0)  # (1, G*G + V, 2): one pass, both
    n_grid = grid.shape[0]
    y = torch.from_numpy(y_val).to(torch.float32).unsqueeze(0)  # (1, V)
    eval_p = class1_proba(model, points)[0]  # (G*G + V,)
    samples = [t for t in CHECKPOINTS if t <= params.max_samples]
    running_means = torch.zeros(params.repeats, len(samples), n_grid + len(y_val))  # (R, S, G*G + V)
    thinned: list[Tensor] = []
    for r in range(params.repeats):
        gen = torch.Generator().manual_seed(config.seed * 1_000 + r)
        running = torch.zeros_like(eval_p)
        for t in range(1, samples[-1] + 1):
            masks = unit_masks(1, model.layers, model.neurons, p, gen, rescale=True)
            proba = class1_proba(model, points, masks)[0]
            running += proba
            if r == 0 and t <= params.n_thinned:
                thinned.append(proba[:n_grid])
            if t in samples:
                running_means[r, samples.index(t)] = running / t
        check_stop(should_stop)
        yield InsightProgress(
            insight=NAME, stage="sampling thinned networks", done=config.epochs + r + 1, total=total
        )
    maps, val = running_means[..., :n_grid], running_means[..., n_grid:]  # (R, S, G*G), (R, S, V)
    reference = loo_reference(maps[:, -1])  # (R, G*G)
    thinned_mean = maps[:, -1].mean(0)  # (G*G,): all R * T_max passes
    loss = mean_log_loss(val.reshape(-1, val.shape[-1]), y.expand(val.shape[0] * val.shape[1], -1))
    error = ((val > 0.5).float() != y).float().mean(-1)  # (R, S)
    result = EnsembleResult(
        p=p,
        extent=list(trainer.data.extent),
        grid_size=params.map_size,
        points=points_payload(X_tr, y_tr, X_val, y_val),
        eval=rounded(eval_p[:n_grid], 3),
        thinned=rounded(torch.stack(thinned), 3),
        mc_average=rounded(maps[0, -1], 3),
        thinned_mean=rounded(thinned_mean, 3),
        samples=samples,
        mc_to_mean=_by_t(rms(maps, reference.unsqueeze(1))),
        mc_to_eval=_by_t(rms(maps, eval_p[:n_grid])),
        eval_to_mean=float(rms(eval_p[:n_grid], thinned_mean)),
        mc_val_loss=_by_t(loss.reshape(val.shape[0], val.shape[1])),
        mc_val_error=_by_t(error),
        eval_val_loss=float(mean_log_loss(eval_p[n_grid:].unsqueeze(0), y)[0]),
        eval_val_error=float(((eval_p[n_grid:] > 0.5).float() != y[0]).float().mean()),
    )
    yield InsightResult(insight=NAME, result=result)


def _by_t(values: Tensor) -> Measure:
    """(repeats, T) -> a Measure with one row per T, one column per repeat."""
    return Measure(per_seed=rounded(values.T.double().numpy(), 6))


def points_payload(X_train, y_train, X_val, y_val) -> Points:
    """The data as JSON-ready lists (x rounded to 3 decimals)."""
    return Points(
        X_train=rounded(np.asarray(X_train), 3),
        y_train=[int(v) for v in y_train],
        X_val=rounded(np.asarray(X_val), 3),
        y_val=[int(v) for v in y_val],
    )
