"""Monte-Carlo dropout uncertainty: T dropout-on passes per point, their spread and predictive entropy.

Gal & Ghahramani (2016) read dropout at test time as approximate Bayesian inference: the spread of
p(class 1) over T passes is an uncertainty estimate. We map it over a plane larger than the data so the
places where the estimate is known to fail (far from the data) are visible, and we measure them.
"""

from __future__ import annotations

import math

import torch

from ..config import TrainConfig
from ..evaluation import grid_points
from ..experiment import comparison_networks
from .catalog import UncertaintyParams
from .ensemble import points_payload
from .progress import InsightProgress, InsightResult, Steps, StopCheck, check_stop, dropout_rate, train
from .results import rounded
from .thinned import class1_proba, unit_masks, zoomed
from .uncertainty_result import UncertaintyResult

NAME = "uncertainty"
CAVEATS = (
    "It is not calibrated: the spread is not a probability of being wrong, and its size depends on the "
    "drop probability and the architecture as much as on the data.",
    "It can be confidently wrong far from the data: a ReLU network extrapolates linearly, every thinned "
    "network agrees, and the spread can stay small exactly where no training point backs the prediction.",
    "A network trained without dropout has no such estimate (every pass is the same network); switching "
    "dropout on only at test time gives a network it was never trained as.",
    "It is an approximation of a Bayesian posterior with a fixed, crude family; T passes cost T forward "
    "passes, and a small T gives a noisy map.",
)


class RunningMoments:
    """Mean and standard deviation of p(class 1) over passes, accumulated pass by pass: (cells,)."""

    def __init__(self, cells: int):
        self.n = 0
        self.total = torch.zeros(cells, dtype=torch.float64)
        self.total_sq = torch.zeros(cells, dtype=torch.float64)

    def add(self, proba: torch.Tensor) -> None:
        self.n += 1
        self.total += proba
        self.total_sq += proba * proba

    @property
    def mean(self) -> torch.Tensor:
        return self.total / self.n

    @property
    def std(self) -> torch.Tensor:
        """Population standard deviation over the passes (the spread: same units as p, not squared)."""
        return (self.total_sq / self.n - self.mean**2).clamp(min=0).sqrt()


def _entropy_bits(p: torch.Tensor) -> torch.Tensor:
    q = p.clamp(1e-7, 1 - 1e-7)
    return -(q * q.log2() + (1 - q) * (1 - q).log2())


def run_uncertainty(config: TrainConfig, params: UncertaintyParams, should_stop: StopCheck = None) -> Steps:
    """Train the network with and without dropout, then T passes over a zoomed-out grid; yield an
    UncertaintyResult (maps of the MC mean, its spread, entropies, distance to the data; regions and
    claims computed there).
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
    moments = RunningMoments(grid.shape[0])
    for t in range(params.passes):
        masks = unit_masks(2, model.layers, model.neurons, p, gen, rescale=True)
        proba = class1_proba(model, X, masks)[1]  # only the dropout member: the baseline has p = 0
        moments.add(proba)
        if (t + 1) % 10 == 0 or t + 1 == params.passes:
            check_stop(should_stop)
            yield InsightProgress(
                insight=NAME,
                stage=f"{t + 1} of {params.passes} passes",
                done=config.epochs + math.ceil((t + 1) / 10),
                total=total,
            )
    X_tr, y_tr, X_val, y_val = trainer.data.splits[0]
    result = UncertaintyResult(
        p=p,
        passes=params.passes,
        extent=list(extent),
        data_extent=list(trainer.data.extent),
        grid_size=params.map_size,
        points=points_payload(X_tr, y_tr, X_val, y_val),
        mc_mean=rounded(moments.mean, 3),
        spread=rounded(moments.std, 4),
        entropy=rounded(_entropy_bits(moments.mean), 4),
        baseline_entropy=rounded(_entropy_bits(eval_p[0]), 4),
        nearest=rounded(torch.cdist(grid, torch.from_numpy(X_tr)).min(dim=1).values, 3),  # (G*G,)
        caveats=list(CAVEATS),
    )
    yield InsightResult(insight=NAME, result=result)
