"""The implicit ensemble: thinned sub-networks of one dropout-trained network, their average, eval mode.

Training with dropout trains a different thinned network at every step, all sharing weights. At test
time eval mode (no masks, no scaling) stands in for the average of all of them. Here we sample masks at
inference (inverted scaling, as in training), draw a few sub-networks' boundaries, and measure how the
Monte-Carlo average of T passes approaches the eval-mode prediction as T grows -- to a small floor:
the weight-scaling rule is exact only for the layer right after a dropout (Srivastava 2014, Fig. 11).
"""

from __future__ import annotations

import torch

from ..config import TrainConfig
from ..evaluation import grid_points
from ..events import NetworkSpec
from .catalog import EnsembleParams
from .progress import InsightProgress, InsightResult, Steps, StopCheck, check_stop, dropout_rate, train
from .thinned import class1_proba, mean_log_loss, rounded, unit_masks

NAME = "ensemble"
CHECKPOINTS = (1, 2, 3, 5, 10, 20, 30, 50, 100, 200, 300, 500, 1000)


def run_ensemble(config: TrainConfig, params: EnsembleParams, should_stop: StopCheck = None) -> Steps:
    """Train one dropout network, then sample thinned networks from it; yield progress and the result.

    result: p, extent, grid_size, maps (eval, thinned[], thinned_average, mc_average) of p(class 1),
    samples T, distance (mean |MC_T - eval| over the map; mean and std over repeats), noise_mean
    (mean |MC_T - long-run MC average|: the sampling noise alone, None for one repeat), the validation
    loss of the MC average per T and of eval mode, and the training/validation points.
    """
    p = dropout_rate(config)
    net = NetworkSpec(name="dropout", dropout=p, weight_decay=config.weight_decay, seed=config.seed)
    total = config.epochs + params.repeats
    run = yield from train(
        NAME, config, [net], stage="training the dropout network", should_stop=should_stop, total=total
    )
    trainer, model = run.trainer, run.trainer.model
    grid = grid_points(trainer.data.extent, params.map_size)  # (G*G, 2)
    X_tr, y_tr, X_val, y_val = trainer.data.splits[0]
    points = torch.cat([grid, torch.from_numpy(X_val)]).unsqueeze(0)  # (1, G*G + V, 2): one pass, both
    n_grid = grid.shape[0]
    y = torch.from_numpy(y_val).to(torch.float32).unsqueeze(0)  # (1, V)
    eval_p = class1_proba(model, points)  # (1, G*G + V)
    samples = [t for t in CHECKPOINTS if t <= params.max_samples]
    distance = torch.zeros(params.repeats, len(samples))
    mc_loss = torch.zeros(params.repeats, len(samples))
    running_means = torch.zeros(params.repeats, len(samples), n_grid)  # each repeat's average at each T
    thinned: list[torch.Tensor] = []
    mc_average = None
    for r in range(params.repeats):
        gen = torch.Generator().manual_seed(config.seed * 1_000 + r)
        running = torch.zeros_like(eval_p)
        for t in range(1, samples[-1] + 1):
            masks = unit_masks(1, model.layers, model.neurons, p, gen, rescale=True)
            proba = class1_proba(model, points, masks)
            running += proba
            if r == 0 and t <= params.n_thinned:
                thinned.append(proba[0, :n_grid])
            if t in samples:
                i = samples.index(t)
                mean = running / t
                running_means[r, i] = mean[0, :n_grid]
                distance[r, i] = (mean[0, :n_grid] - eval_p[0, :n_grid]).abs().mean()
                mc_loss[r, i] = mean_log_loss(mean[:, n_grid:], y)[0]
        if r == 0:
            mc_average = (running / samples[-1])[0, :n_grid]
        check_stop(should_stop)
        yield InsightProgress(
            insight=NAME, stage="sampling thinned networks", done=config.epochs + r + 1, total=total
        )
    assert mc_average is not None
    noise = _noise(running_means)
    result = {
        "p": p,
        "extent": list(trainer.data.extent),
        "grid_size": params.map_size,
        "eval": rounded(eval_p[0, :n_grid], 3),
        "thinned": rounded(torch.stack(thinned), 3),
        "thinned_average": rounded(torch.stack(thinned).mean(0), 3),
        "mc_average": rounded(mc_average, 3),
        "samples": samples,
        "distance_mean": rounded(distance.mean(0), 5),
        "distance_std": rounded(distance.std(0) if params.repeats > 1 else torch.zeros(len(samples)), 5),
        "noise_mean": None if noise is None else rounded(noise, 5),
        "mc_val_loss": rounded(mc_loss.mean(0), 5),
        "eval_val_loss": round(float(mean_log_loss(eval_p[:, n_grid:], y)[0]), 5),
        "points": points_payload(X_tr, y_tr, X_val, y_val),
    }
    yield InsightResult(insight=NAME, result=result)


def _noise(running_means: torch.Tensor) -> torch.Tensor | None:
    """Mean |average of T passes - long-run MC average| per T, (len(samples),), or None for one repeat.

    The long-run reference of repeat r is the mean of the OTHER repeats' longest averages (leave one
    out), so it shares no sample with the average it is compared with.
    """
    R = running_means.shape[0]
    if R < 2:
        return None
    final = running_means[:, -1]  # (R, G*G)
    reference = (final.sum(0, keepdim=True) - final) / (R - 1)  # (R, G*G)
    return (running_means - reference.unsqueeze(1)).abs().mean(dim=(0, 2))


def points_payload(X_train, y_train, X_val, y_val) -> dict[str, list]:
    """The data as JSON-ready lists (x rounded to 3 decimals)."""
    return {
        "X_train": rounded(X_train, 3),
        "y_train": [int(v) for v in y_train],
        "X_val": rounded(X_val, 3),
        "y_val": [int(v) for v in y_val],
    }
