"""The one job protocol of the lab's WebSocket (``/ws``), for trainings and analyses alike.

client -> server, first message (JSON text, at most MAX_MESSAGE_BYTES bytes, nested at most MAX_DEPTH):
    {"type": "start", "job": "train" | "sweep" | "ensemble" | "uncertainty" | "knockout" | "alternatives",
     "config": {...TrainConfig fields...}, "params": {...the analysis' parameters...}}
    "config" and "params" may be left out (defaults); "params" belongs to analyses only.
client -> server, later: {"type": "stop"}: end the job now (a training ends with run_finished(stopped)).
    Anything else during a job is a protocol_error: the job stops and the socket closes.
server -> client: the job's events -- a training: run_started, epoch_finished, dropout_mask,
    boundary_snapshot, run_finished | run_failed (engine/events.py); an analysis: insight_progress and
    (sweep, alternatives) insight_partial ..., then insight_result | insight_failed
    (engine/insights/events.py) -- or one refusal, each with a human "message":
    {"type": "config_error", "message", "errors": [{"section": "config" | "params", "field", "label",
     "message"}]}, {"type": "over_budget", "message", "knobs": [...]} (see budget.py),
    {"type": "busy", "message"} or {"type": "protocol_error", "message"}; then the server closes the socket.
    A run the server ends itself (stop not honoured in time, time limit, client gone, shutdown) ends with
    run_finished(stopped=true, reason=...) built from the epochs already sent, or insight_failed(reason).
A client that reads slowly gets the newest boundary_snapshot / dropout_mask / insight_progress /
insight_partial per network or insight, not every one (outbox.py); everything else arrives in order.

This module parses and validates; it knows nothing of sockets.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from dropout_lab.engine.config import ConfigError, TrainConfig, make_config
from dropout_lab.engine.events import RunFailed
from dropout_lab.engine.fields import cut
from dropout_lab.engine.insights.catalog import INSIGHTS
from dropout_lab.engine.insights.params import InsightParams, make_params

TRAIN = "train"
JOBS: tuple[str, ...] = (TRAIN, *INSIGHTS)
START_HINT = '{"type": "start", "job": one of ' + ", ".join(JOBS) + ', "config": {...}, "params": {...}}'
MAX_MESSAGE_BYTES = 64 * 1024  # a start message is well under 2 KB; checked before parsing
MAX_DEPTH = 8  # {"config": {"rates": [...]}} is 3 deep
MAX_ERRORS = 10  # per refusal: a message with a million unknown keys gets ten lines, not a million


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


def protocol_error(problem: str, *, first: bool = True) -> dict[str, Any]:
    if first:
        return {"type": "protocol_error", "message": f"{problem}; the first message must be {START_HINT}"}
    return {
        "type": "protocol_error",
        "message": f'{problem}; during a job only {{"type": "stop"}} is accepted',
    }


def _depth(value: Any) -> int:
    """Nesting depth of parsed JSON, without recursion (deep input must not exhaust the stack)."""
    deepest, todo = 0, [(value, 1)]
    while todo:
        item, depth = todo.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            if depth <= MAX_DEPTH:
                todo += [(v, depth + 1) for v in (item.values() if isinstance(item, dict) else item)]
    return deepest


@dataclass(frozen=True)
class Refusal:
    """A message that could not even be read: the protocol_error to answer with."""

    payload: dict[str, Any]


def decode(text: str | bytes | None, *, first: bool = True) -> Any:
    """The parsed JSON of one text frame, or a `Refusal` (binary frame, size, syntax, depth)."""

    def refuse(problem: str) -> Refusal:
        return Refusal(protocol_error(problem, first=first))

    if text is None or isinstance(text, bytes):
        return refuse("a binary frame: send JSON text")
    size = len(text.encode("utf-8", "surrogatepass")) if len(text) * 4 > MAX_MESSAGE_BYTES else len(text)
    if size > MAX_MESSAGE_BYTES:
        return refuse(f"a message of {size:,} bytes (at most {MAX_MESSAGE_BYTES:,})")
    try:
        message = json.loads(text)
    except RecursionError:
        return refuse(f"JSON nested deeper than {MAX_DEPTH} levels")
    except ValueError as exc:
        return refuse(f"not JSON ({cut(str(exc))})")
    if _depth(message) > MAX_DEPTH:
        return refuse(f"JSON nested deeper than {MAX_DEPTH} levels")
    return message


def parse_start(message: Any) -> Job | dict[str, Any]:
    """A validated Job, or the refusal to send: a protocol_error or a config_error naming each field."""
    if not isinstance(message, dict):
        return protocol_error(f"not a JSON object (got {type(message).__name__})")
    if message.get("type") != "start":
        return protocol_error(f'"type" is {cut(json.dumps(message.get("type")))}, not "start"')
    kind = message.get("job", TRAIN)
    if not isinstance(kind, str) or kind not in JOBS:
        return protocol_error(f'unknown "job" {cut(json.dumps(kind))}')
    unknown = sorted(str(k) for k in set(message) - {"type", "job", "config", "params"})
    if unknown:
        return protocol_error(f"unknown key {cut(unknown[0])!r}")
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
        return config_error(errors)
    return Job(kind, config, params)


def config_error(errors: list[dict[str, str]]) -> dict[str, Any]:
    shown = errors[:MAX_ERRORS]
    text = "; ".join(f"{e['section']}.{e['field']}: {e['message']}" for e in shown)
    if len(errors) > len(shown):
        text += f"; and {len(errors) - len(shown)} more"
    return {"type": "config_error", "message": text, "errors": shown}


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


def job_failed(job: Job, reason: str, run_id: str = "") -> BaseModel:
    """The event that ends `job` as failed: run_failed for a training, insight_failed for an analysis."""
    if job.is_training:
        return RunFailed(run_id=run_id, reason=reason)
    return InsightFailed(insight=job.kind, reason=reason)
