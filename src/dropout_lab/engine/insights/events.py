"""What an insight yields: progress while it works, partial results while it trains, then one typed
result (`*_result.py`). The wire format is ``model_dump(mode="json")``. No torch here.

A consumer may skip any ``insight_progress`` or ``insight_partial`` (the server coalesces them for a
slow client): each partial is self-contained, the whole result so far, never a delta.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, TypeAdapter

from .alternatives_result import AlternativesResult
from .ensemble_result import EnsembleResult
from .knockout_result import KnockoutResult
from .sweep_result import SweepResult
from .uncertainty_result import UncertaintyResult

AnyResult = Annotated[
    SweepResult | EnsembleResult | UncertaintyResult | KnockoutResult | AlternativesResult,
    Field(discriminator="insight"),
]
RESULT_ADAPTER: TypeAdapter[AnyResult] = TypeAdapter(AnyResult)


class InsightProgress(BaseModel):
    type: Literal["insight_progress"] = "insight_progress"
    insight: str
    stage: str  # plain words, e.g. "training 50 networks"
    done: int
    total: int


class InsightPartial(BaseModel):
    """The result so far, while training runs (sweep and alternatives): `result.complete` is False."""

    type: Literal["insight_partial"] = "insight_partial"
    insight: str
    result: AnyResult


class InsightResult(BaseModel):
    type: Literal["insight_result"] = "insight_result"
    insight: str
    result: AnyResult


class InsightStopped(Exception):  # noqa: N818 -- a stop request, not an error
    """The consumer asked to stop (should_stop returned True) before the analysis finished."""


def parse_result(payload: dict[str, Any]) -> AnyResult:
    """A typed result from its JSON form (e.g. a saved NAME.json); derived fields are recomputed."""
    return RESULT_ADAPTER.validate_python(payload)
