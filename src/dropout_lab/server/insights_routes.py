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

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Literal

from fastapi import APIRouter, FastAPI, WebSocket
from fastapi.responses import FileResponse
from pydantic import BaseModel

from dropout_lab.engine.config import ConfigError, TrainConfig, make_config

from .routes import STATIC_DIR
from .runner import TrainingRunner
from .socket_stream import CLOSE_TRY_AGAIN, DISCONNECTED, accept_first_message, refuse, stream

MAX_INSIGHTS = 1  # an insight trains many networks: one at a time keeps the trainings responsive

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
    message = await accept_first_message(websocket)
    if message is DISCONNECTED:
        return
    job = _parse_job(message)
    if not isinstance(job, InsightJob):
        await refuse(websocket, job)
        return
    runner: TrainingRunner = websocket.app.state.insight_runner
    work = runner.try_start(job)  # type: ignore[arg-type]  # the runner passes it through to run_job
    if work is None:
        busy = "The server is busy with another analysis. Try again when it finishes."
        await refuse(websocket, {"type": "busy", "message": busy}, CLOSE_TRY_AGAIN)
        return
    await stream(websocket, work)


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
