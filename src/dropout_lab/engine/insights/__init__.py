"""Why dropout works: analyses built on the engine (rate sweep, implicit ensemble, MC uncertainty,
knock-outs, alternatives). PyTorch and numpy only: no web, plots or files.

Each insight is ``run(config, params, should_stop) -> iterator`` of InsightProgress events ending with
one InsightResult (JSON-ready). `run_insight` validates and dispatches by name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..config import TrainConfig
from .alternatives import AlternativesParams, run_alternatives
from .ensemble import EnsembleParams, run_ensemble
from .knockout import KnockoutParams, run_knockout
from .params import InsightParams, make_params, param_specs
from .progress import InsightProgress, InsightResult, InsightStopped
from .sweep import SweepParams, run_sweep
from .uncertainty import UncertaintyParams, run_uncertainty


@dataclass(frozen=True)
class Insight:
    name: str
    title: str
    summary: str  # one line: what the analysis shows
    params: type[InsightParams]
    run: Callable[..., Iterator[Any]]


INSIGHTS: dict[str, Insight] = {
    i.name: i
    for i in (
        Insight(
            "sweep",
            "Rate sweep",
            "Validation loss and gap against the drop probability, over several seeds (one batched run).",
            SweepParams,
            run_sweep,
        ),
        Insight(
            "ensemble",
            "The implicit ensemble",
            "Thinned sub-networks, their average and eval mode; how the MC average approaches eval mode.",
            EnsembleParams,
            run_ensemble,
        ),
        Insight(
            "uncertainty",
            "Monte-Carlo dropout uncertainty",
            "Monte-Carlo dropout uncertainty over the plane, and where that estimate fails.",
            UncertaintyParams,
            run_uncertainty,
        ),
        Insight(
            "knockout",
            "Knock-out robustness",
            "Validation loss as hidden units are switched off at test time, with and without dropout.",
            KnockoutParams,
            run_knockout,
        ),
        Insight(
            "alternatives",
            "Alternatives and context",
            "Weight decay beside dropout, early-stopping points, and dropout's gain by data size.",
            AlternativesParams,
            run_alternatives,
        ),
    )
}


def run_insight(
    name: str,
    config: TrainConfig,
    params: dict[str, Any] | InsightParams | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Iterator[InsightProgress | InsightResult]:
    """Validate `params` for insight `name` (ConfigError naming field and range) and return its events.

    Raises ValueError for an unknown insight name.
    """
    if name not in INSIGHTS:
        raise ValueError(f"unknown insight '{name}'; choose one of: {', '.join(INSIGHTS)}")
    insight = INSIGHTS[name]
    if not isinstance(params, InsightParams):
        params = make_params(insight.params, params)
    return insight.run(config, params, should_stop)


def final_result(events: Iterator[InsightProgress | InsightResult]) -> dict[str, Any]:
    """Drain an insight's events and return its result dict."""
    result = None
    for event in events:
        if isinstance(event, InsightResult):
            result = event.result
    if result is None:
        raise RuntimeError("the insight ended without a result")
    return result


__all__ = [
    "INSIGHTS",
    "Insight",
    "InsightProgress",
    "InsightResult",
    "InsightStopped",
    "final_result",
    "make_params",
    "param_specs",
    "run_insight",
]
