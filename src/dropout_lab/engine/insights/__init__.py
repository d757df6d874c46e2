"""Why dropout works: analyses built on the engine (rate sweep, implicit ensemble, MC uncertainty,
knock-outs, alternatives). PyTorch and numpy only: no web, plots or files.

Each insight is ``run(config, params, should_stop) -> iterator`` of InsightProgress (and, for the sweep
and alternatives, InsightPartial) events ending with one InsightResult whose `result` is a typed model
(``*_result.py``). `run_insight` validates and dispatches by name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ..config import TrainConfig
from .catalog import INSIGHTS, Insight
from .events import AnyResult, InsightPartial, InsightProgress, InsightResult, InsightStopped, parse_result
from .params import InsightParams, make_params, param_specs


def run_insight(
    name: str,
    config: TrainConfig,
    params: dict[str, Any] | InsightParams | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Iterator[InsightProgress | InsightPartial | InsightResult]:
    """Validate `params` for insight `name` (ConfigError naming field and range) and return its events.

    Raises ValueError for an unknown insight name.
    """
    if name not in INSIGHTS:
        raise ValueError(f"unknown insight '{name}'; choose one of: {', '.join(INSIGHTS)}")
    insight = INSIGHTS[name]
    if not isinstance(params, InsightParams):
        params = make_params(insight.params, params)
    return _analysis(name)(config, params, should_stop)


def _analysis(name: str) -> Callable[..., Iterator[InsightProgress | InsightPartial | InsightResult]]:
    """The analysis function of insight `name`, imported on first use (this is where torch loads)."""
    if name == "sweep":
        from .sweep import run_sweep

        return run_sweep
    if name == "ensemble":
        from .ensemble import run_ensemble

        return run_ensemble
    if name == "uncertainty":
        from .uncertainty import run_uncertainty

        return run_uncertainty
    if name == "knockout":
        from .knockout import run_knockout

        return run_knockout
    from .alternatives import run_alternatives

    return run_alternatives


def final_result(events: Iterator[InsightProgress | InsightPartial | InsightResult]) -> AnyResult:
    """Drain an insight's events and return its typed result."""
    result = None
    for event in events:
        if isinstance(event, InsightResult):
            result = event.result
    if result is None:
        raise RuntimeError("the insight ended without a result")
    return result


__all__ = [
    "INSIGHTS",
    "AnyResult",
    "Insight",
    "InsightPartial",
    "InsightProgress",
    "InsightResult",
    "InsightStopped",
    "final_result",
    "make_params",
    "param_specs",
    "parse_result",
    "run_insight",
]
