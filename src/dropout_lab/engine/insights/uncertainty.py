"""Monte-Carlo dropout uncertainty: T dropout-on passes per point, their spread and predictive entropy.

Gal & Ghahramani (2016) read dropout at test time as approximate Bayesian inference: the spread of
p(class 1) over T passes is an uncertainty estimate. We map it over a plane larger than the data so the
places where the estimate is known to fail (far from the data) are visible, and we measure them.
"""

from __future__ import annotations

import math

import numpy as np
import torch

from ..config import TrainConfig
from ..evaluation import grid_points
from ..experiment import comparison_networks
from .catalog import UncertaintyParams
from .ensemble import points_payload
from .progress import InsightProgress, InsightResult, Steps, StopCheck, check_stop, dropout_rate, train
from .thinned import class1_proba, rounded, unit_masks, zoomed

NAME = "uncertainty"
NEAR, FAR = 0.25, 1.0  # distance to the nearest training point: "near the data" / "far from the data"
CAVEATS = (
    "It is not calibrated: the spread is not a probability of being wrong, and its size depends on the "
    "drop probability and the architecture as much as on the data.",
    "It can be confidently wrong far from the data: a ReLU network extrapolates linearly, every thinned "
    "network agrees, and the spread stays small exactly where no training point backs the prediction.",
    "A network trained without dropout has no such estimate (every pass is the same network); switching "
    "dropout on only at test time gives a network it was never trained as.",
    "It is an approximation of a Bayesian posterior with a fixed, crude family; T passes cost T forward "
    "passes, and a small T gives a noisy map.",
)


def _entropy_bits(p: torch.Tensor) -> torch.Tensor:
    q = p.clamp(1e-7, 1 - 1e-7)
    return -(q * q.log2() + (1 - q) * (1 - q).log2())


def run_uncertainty(config: TrainConfig, params: UncertaintyParams, should_stop: StopCheck = None) -> Steps:
    """Train the network with and without dropout, then T passes over a zoomed-out grid.

    result: p, passes, extent, grid_size; maps over the grid: mc_mean (p(class 1) averaged over the
    passes), spread (its std over passes), entropy (bits, of mc_mean) for the dropout net, and
    baseline_entropy (eval mode; its MC spread is zero); regions: mean spread and entropy near / far
    from the training data and the share of far cells the dropout net calls confidently (p < 0.1 or
    > 0.9 with spread < 0.05); caveats; the points.
    """
    config = config.model_copy(update={"dropout": dropout_rate(config)})
    p = config.dropout
    chunks = max(1, math.ceil(params.passes / 10))
    total = config.epochs + chunks
    run = yield from train(
        NAME,
        config,
        comparison_networks(config),
        stage="training both networks",
        should_stop=should_stop,
        total=total,
    )
    trainer, model = run.trainer, run.trainer.model
    extent = zoomed(trainer.data.extent, params.zoom)
    grid = grid_points(extent, params.map_size)  # (G*G, 2)
    X = grid.unsqueeze(0).expand(2, -1, -1)  # (2, G*G, 2): member 0 baseline, 1 dropout
    eval_p = class1_proba(model, X)
    gen = torch.Generator().manual_seed(config.seed * 1_000 + 17)
    total_p = torch.zeros(grid.shape[0])
    total_sq = torch.zeros(grid.shape[0])
    for t in range(params.passes):
        masks = unit_masks(2, model.layers, model.neurons, p, gen, rescale=True)
        proba = class1_proba(model, X, masks)[1]  # only the dropout member: the baseline has p = 0
        total_p += proba
        total_sq += proba * proba
        if (t + 1) % 10 == 0 or t + 1 == params.passes:
            check_stop(should_stop)
            yield InsightProgress(
                insight=NAME,
                stage=f"{t + 1} of {params.passes} passes",
                done=config.epochs + math.ceil((t + 1) / 10),
                total=total,
            )
    mean = total_p / params.passes
    spread = (total_sq / params.passes - mean * mean).clamp(min=0).sqrt()
    entropy = _entropy_bits(mean)
    X_tr, y_tr, X_val, y_val = trainer.data.splits[0]
    nearest = torch.cdist(grid, torch.from_numpy(X_tr)).min(dim=1).values  # (G*G,)
    near, far = nearest <= NEAR, nearest >= FAR
    confident = ((mean < 0.1) | (mean > 0.9)) & (spread < 0.05)
    regions = {
        "near_radius": NEAR,
        "far_radius": FAR,
        "spread_near": float(spread[near].mean()) if near.any() else None,
        "spread_far": float(spread[far].mean()) if far.any() else None,
        "entropy_near": float(entropy[near].mean()) if near.any() else None,
        "entropy_far": float(entropy[far].mean()) if far.any() else None,
        "far_share": float(far.float().mean()),
        "far_confident_share": float(confident[far].float().mean()) if far.any() else None,
        "spread_entropy_correlation": float(
            np.corrcoef(spread.numpy(), _entropy_bits(eval_p[1]).numpy())[0, 1]
        ),
    }
    result = {
        "p": p,
        "passes": params.passes,
        "extent": list(extent),
        "data_extent": list(trainer.data.extent),
        "grid_size": params.map_size,
        "mc_mean": rounded(mean, 3),
        "spread": rounded(spread, 4),
        "entropy": rounded(entropy, 4),
        "baseline_entropy": rounded(_entropy_bits(eval_p[0]), 4),
        "regions": regions,
        "caveats": list(CAVEATS),
        "points": points_payload(X_tr, y_tr, X_val, y_val),
    }
    yield InsightResult(insight=NAME, result=result)
