"""The "Why dropout works" page, its parameter schema and a WebSocket that runs one insight.

Protocol of ``/ws/insight`` (JSON text frames, snake_case keys):
  client -> server  {"insight": "sweep", "config": {...}, "params": {...}}   first message
                    {"type": "stop"}                                           stop early
  server -> client  {"type": "insight_progress", "insight", "stage", "done", "total"} ...
                    then {"type": "insight_result", "insight", "result": {...}}
                    or {"type": "insight_failed", "reason"}, {"type": "config_error", "message",
                    "errors": [{"section": "config"|"params", "field", "message"}]}, {"type": "busy"},
                    {"type": "protocol_error"}; then the server closes the socket.
Work runs in the web lab's TrainingRunner (worker threads, bounded; here one insight at a time), off
the event loop; a client that goes away stops its analysis.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Literal

from fastapi import APIRouter, FastAPI, WebSocket, WebSocketDisconnect
from fastapi.responses import FileResponse
from pydantic import BaseModel

from dropout_lab.engine.config import ConfigError, TrainConfig, make_config

from .routes import STATIC_DIR
from .runner import Training, TrainingRunner

MAX_INSIGHTS = 1  # an insight trains many networks: one at a time keeps the trainings responsive
CLOSE_NORMAL, CLOSE_POLICY, CLOSE_TRY_AGAIN = 1000, 1008, 1013

router = APIRouter()


class InsightFailed(BaseModel):
    type: Literal["insight_failed"] = "insight_failed"
    insight: str
    reason: str


@dataclass(frozen=True)
class InsightJob:
    """What the runner hands to the worker: the insight, its validated config and parameters."""

    name: str
    config: TrainConfig
    params: Any


def run_job(job: InsightJob, should_stop: Callable[[], bool]) -> Iterator[BaseModel]:
    """Worker-thread source: the insight's events; a stop ends quietly, a failure becomes an event."""
    import torch

    from dropout_lab.engine.insights import InsightStopped, run_insight

    torch.set_num_threads(1)  # the engine evaluates on one extra thread; more only oversubscribes
    try:
        yield from run_insight(job.name, job.config, job.params, should_stop)
    except InsightStopped:
        return
    except Exception as exc:
        yield InsightFailed(insight=job.name, reason=f"{type(exc).__name__}: {exc}")


def include_insights(app: FastAPI) -> None:
    """Add the insights page, schema and socket to `app`, with their own bounded runner."""
    app.include_router(router)
    app.state.insight_runner = TrainingRunner(run_job, MAX_INSIGHTS)
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(a: FastAPI) -> AsyncIterator[Any]:
        async with inner(a) as state:
            try:
                yield state
            finally:
                a.state.insight_runner.shutdown()

    app.router.lifespan_context = lifespan


@router.get("/insights", include_in_schema=False)
def insights_page() -> FileResponse:
    return FileResponse(STATIC_DIR / "insights.html", headers={"Cache-Control": "no-cache"})


@router.get("/api/insights")
def insights_schema() -> dict[str, Any]:
    """Every insight with its title, one-line summary and parameters (name, type, default, allowed...)."""
    from dropout_lab.engine.insights import INSIGHTS, param_specs

    return {
        "insights": [
            {"name": i.name, "title": i.title, "summary": i.summary, "params": param_specs(i.params)}
            for i in INSIGHTS.values()
        ]
    }


@router.websocket("/ws/insight")
async def insight_socket(websocket: WebSocket) -> None:
    await websocket.accept()
    try:
        message = await websocket.receive_json()
    except (WebSocketDisconnect, RuntimeError):
        return
    except ValueError:
        message = None
    job = _parse_job(message)
    if not isinstance(job, InsightJob):
        await _refuse(websocket, job)
        return
    runner: TrainingRunner = websocket.app.state.insight_runner
    work = runner.try_start(job)  # type: ignore[arg-type]  # the runner passes it through to run_job
    if work is None:
        busy = "The server is busy with another analysis. Try again when it finishes."
        await _refuse(websocket, {"type": "busy", "message": busy}, CLOSE_TRY_AGAIN)
        return
    await _stream(websocket, work)


def _parse_job(message: Any) -> InsightJob | dict[str, Any]:
    """A validated job, or the error payload naming each bad field and its allowed range."""
    from dropout_lab.engine.insights import INSIGHTS, make_params

    if not isinstance(message, dict) or message.get("insight") not in INSIGHTS:
        names = ", ".join(INSIGHTS)
        hint = f'the first message must be {{"insight": one of {names}, "config": {{}}, "params": {{}}}}'
        return {"type": "protocol_error", "message": hint}
    errors: list[dict[str, str]] = []
    config = params = None
    for section in ("config", "params"):
        values = message.get(section) or {}
        try:
            if not isinstance(values, dict):
                raise ConfigError([{"field": section, "message": "must be an object"}])
            if section == "config":
                config = make_config(values)
            else:
                params = make_params(INSIGHTS[message["insight"]].params, values)
        except ConfigError as exc:
            errors += [{"section": section, **e} for e in exc.errors]
    if errors or config is None:
        text = "; ".join(f"{e['section']}.{e['field']}: {e['message']}" for e in errors)
        return {"type": "config_error", "message": text, "errors": errors}
    return InsightJob(message["insight"], config, params)


async def _stream(websocket: WebSocket, work: Training) -> None:
    listener = asyncio.create_task(_listen(websocket, work))
    connected = True
    try:
        async for event in work.events():
            await websocket.send_text(_dumps(event))
    except Exception:  # the client went away mid-send
        connected = False
    finally:
        work.stop()
        listener.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await listener
    if connected:
        with contextlib.suppress(Exception):
            await websocket.close(CLOSE_NORMAL)


async def _listen(websocket: WebSocket, work: Training) -> None:
    """Turn {"type": "stop"} and disconnects into a stop request."""
    try:
        while True:
            message = await websocket.receive_json()
            if isinstance(message, dict) and message.get("type") == "stop":
                work.stop()
    except Exception:
        work.stop()


async def _refuse(websocket: WebSocket, payload: dict[str, Any], code: int = CLOSE_POLICY) -> None:
    with contextlib.suppress(Exception):
        await websocket.send_text(_dumps(payload))
        await websocket.close(code)


def _dumps(payload: Any) -> str:
    """JSON without NaN/Infinity (JS cannot parse them): a non-finite number becomes null."""
    try:
        return json.dumps(payload, allow_nan=False, separators=(",", ":"))
    except ValueError:
        return json.dumps(_finite(payload), separators=(",", ":"))


def _finite(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value
