"""The catalogue of insights: names, titles, one-line summaries and parameter models. No torch here.

Kept apart from the analyses so that CLIs and schema endpoints can list the insights and validate their
parameters without importing PyTorch (~1.6 s); `run_insight` imports the analysis on use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import Field

from ..config import MAX_DROPOUT
from .params import InsightParams, param

Rate = Annotated[float, Field(ge=0.0, le=MAX_DROPOUT)]
Share = Annotated[float, Field(ge=0.0, le=0.9)]
Size = Annotated[int, Field(ge=10, le=2500)]


class SweepParams(InsightParams):
    rates: list[Rate] = param(
        [round(0.1 * i, 1) for i in range(10)],
        label="Drop probabilities",
        help="The drop probabilities to train, one network each per seed.",
        min_length=2,
        max_length=20,
    )
    n_seeds: int = param(
        5,
        label="Seeds",
        help="Repeats with different data, weights and batches (seed, seed+1, ...): the band's width.",
        ge=1,
        le=10,
    )


class EnsembleParams(InsightParams):
    n_thinned: int = param(
        4,
        label="Sub-networks shown",
        help="Thinned networks drawn one by one.",
        ge=1,
        le=8,
    )
    max_samples: int = param(
        200,
        label="Most passes",
        help="Largest number T of dropout-on passes averaged in the convergence plots.",
        ge=10,
        le=1000,
    )
    repeats: int = param(
        5,
        label="Repeats",
        help="Independent runs of the Monte-Carlo average: the band, and each run's reference is the "
        "others' average (at least 2).",
        ge=2,
        le=20,
    )
    map_size: int = param(
        40,
        label="Map resolution",
        help="Cells per side of the maps.",
        ge=10,
        le=100,
    )


class UncertaintyParams(InsightParams):
    passes: int = param(
        50,
        label="Passes T",
        help="Dropout-on forward passes per point.",
        ge=2,
        le=500,
    )
    zoom: float = param(
        2.0,
        label="Zoom out",
        help="How far beyond the data the map reaches (1 = the data's box, 2 = twice as wide).",
        ge=1.0,
        le=4.0,
    )
    map_size: int = param(
        50,
        label="Map resolution",
        help="Cells per side of the map.",
        ge=10,
        le=100,
    )


class KnockoutParams(InsightParams):
    shares: list[Share] = param(
        [0.0, 0.1, 0.2, 0.3, 0.4, 0.5],
        label="Shares knocked out",
        help="Fractions of each hidden layer's units switched off at test time.",
        min_length=2,
        max_length=20,
    )
    draws: int = param(
        20,
        label="Draws",
        help="Random choices of units per share (averaged).",
        ge=1,
        le=100,
    )
    n_seeds: int = param(
        5,
        label="Seeds",
        help="Trained pairs (seed, seed+1, ...): with fewer, only large differences are clear.",
        ge=1,
        le=10,
    )
    rescale: bool = param(
        True,
        label="Rescale survivors",
        help="Multiply surviving units by 1/(1 - share), keeping each layer's expected input.",
    )


class AlternativesParams(InsightParams):
    decay: float = param(
        0.001,
        label="Weight decay compared",
        help="L2 coefficient of the weight-decay networks (coupled, as torch Adam's weight_decay).",
        gt=0.0,
        le=0.1,
    )
    sizes: list[Size] = param(
        [30, 200, 1000],
        label="Training-set sizes",
        help="Numbers of training points (validation keeps the configured share).",
        min_length=1,
        max_length=6,
    )
    n_seeds: int = param(
        3,
        label="Seeds",
        help="Repeats with different data and weights.",
        ge=1,
        le=10,
    )


@dataclass(frozen=True)
class Insight:
    name: str
    title: str
    summary: str  # one line: what the analysis measures (never a claim about its outcome)
    params: type[InsightParams]


INSIGHTS: dict[str, Insight] = {
    i.name: i
    for i in (
        Insight(
            "sweep",
            "Rate sweep",
            "Validation loss and gap against the drop probability over several seeds (one batched run), "
            "and which rates are within noise of the best.",
            SweepParams,
        ),
        Insight(
            "ensemble",
            "The implicit ensemble",
            "Thinned sub-networks and their mean; how the MC average converges to that mean, and how far "
            "eval mode is from it.",
            EnsembleParams,
        ),
        Insight(
            "uncertainty",
            "Monte-Carlo dropout uncertainty",
            "Monte-Carlo dropout uncertainty over the plane, and where that estimate fails.",
            UncertaintyParams,
        ),
        Insight(
            "knockout",
            "Knock-out robustness",
            "Validation loss as hidden units are switched off at test time, with and without dropout.",
            KnockoutParams,
        ),
        Insight(
            "alternatives",
            "Alternatives and context",
            "Weight decay beside dropout, early-stopping points, and dropout's gain by data size.",
            AlternativesParams,
        ),
    )
}
