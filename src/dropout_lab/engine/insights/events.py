"""What an insight yields: progress while it works, then one result (plain JSON-ready data). No torch."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel


class InsightProgress(BaseModel):
    type: Literal["insight_progress"] = "insight_progress"
    insight: str
    stage: str  # plain words, e.g. "training 50 networks"
    done: int
    total: int


class InsightResult(BaseModel):
    type: Literal["insight_result"] = "insight_result"
    insight: str
    result: dict[str, Any]


class InsightStopped(Exception):  # noqa: N818 -- a stop request, not an error
    """The consumer asked to stop (should_stop returned True) before the analysis finished."""
