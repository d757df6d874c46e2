"""The one job protocol of the lab's WebSocket (``/ws``), for trainings and analyses alike.

client -> server, first message (JSON text, at most MAX_FIRST_MESSAGE bytes):
    {"type": "start", "job": "train" | "sweep" | "ensemble" | "uncertainty" | "knockout" | "alternatives",
     "config": {...TrainConfig fields...}, "params": {...the analysis' parameters...}}
    "config" and "params" may be left out (defaults); "params" belongs to analyses only.
client -> server, later: {"type": "stop"}: end the job now (a training ends with run_finished(stopped)).
server -> client: the job's events -- a training: run_started, epoch_finished, dropout_mask,
    boundary_snapshot, run_finished | run_failed (engine/events.py); an analysis: insight_progress and
    (sweep, alternatives) insight_partial ..., then insight_result | insight_failed
    (engine/insights/events.py) -- or one refusal:
    {"type": "config_error", "message",
     "errors": [{"section": "config" | "params", "field", "label", "message"}]},
    {"type": "busy", "message"} or {"type": "protocol_error", "message"}; then the server closes the socket.

This module parses and validates; it knows nothing of sockets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from dropout_lab.engine.config import ConfigError, TrainConfig, make_config
from dropout_lab.engine.insights.catalog import INSIGHTS
from dropout_lab.engine.insights.params import InsightParams, make_params

TRAIN = "train"
JOBS: tuple[str, ...] = (TRAIN, *INSIGHTS)
START_HINT = '{"type": "start", "job": one of ' + ", ".join(JOBS) + ', "config": {...}, "params": {...}}'


@dataclass(frozen=True)
class Job:
    """A validated request: what to run (`kind`), on which experiment, with which parameters."""

    kind: str  # "train" or an insight's name
    config: TrainConfig
    params: InsightParams | None = None

    @property
    def is_training(self) -> bool:
        return self.kind == TRAIN


class InsightFailed(BaseModel):
    type: Literal["insight_failed"] = "insight_failed"
    insight: str
    reason: str


def protocol_error(problem: str) -> dict[str, Any]:
    return {"type": "protocol_error", "message": f"{problem}; the first message must be {START_HINT}"}


def parse_start(message: Any) -> Job | dict[str, Any]:
    """A validated Job, or the refusal to send: a protocol_error or a config_error naming each field."""
    if not isinstance(message, dict):
        return protocol_error("not a JSON object")
    if message.get("type") != "start":
        return protocol_error('no "type": "start"')
    kind = message.get("job", TRAIN)
    if not isinstance(kind, str) or kind not in JOBS:
        return protocol_error("unknown job")
    unknown = sorted(set(message) - {"type", "job", "config", "params"})
    if unknown:
        return protocol_error(f"unknown key {unknown[0][:40]!r}")
    errors: list[dict[str, str]] = []
    config: TrainConfig | None = None
    params: InsightParams | None = None
    try:
        config = make_config(message.get("config", {}))
    except ConfigError as exc:
        errors += [{"section": "config", **e} for e in exc.errors]
    if kind == TRAIN:
        if message.get("params") not in (None, {}):
            errors.append({"section": "params", "field": "params", "label": "params",
                           "message": "a training takes no parameters"})  # fmt: skip
    else:
        try:
            params = make_params(INSIGHTS[kind].params, message.get("params", {}))
        except ConfigError as exc:
            errors += [{"section": "params", **e} for e in exc.errors]
    if errors or config is None:
        text = "; ".join(f"{e['section']}.{e['field']}: {e['message']}" for e in errors)
        return {"type": "config_error", "message": text, "errors": errors}
    return Job(kind, config, params)


def job_events(job: Job, should_stop: Callable[[], bool]) -> Iterator[BaseModel]:
    """Worker-side source: the job's events. A stopped analysis ends quietly, a failed one as an event."""
    if job.is_training:
        from dropout_lab.engine.experiment import run_comparison

        yield from run_comparison(job.config, should_stop=should_stop)
        return
    from dropout_lab.engine.insights import InsightStopped, run_insight

    try:
        yield from run_insight(job.kind, job.config, job.params, should_stop)
    except InsightStopped:
        return
    except Exception as exc:
        yield InsightFailed(insight=job.kind, reason=f"{type(exc).__name__}: {exc}")
