"""The lab's one WebSocket, ``/ws``: read the first message, check the budget, run the job, stream it.

See jobs.py for the protocol. Every first message gets an answer: a refusal (protocol_error,
config_error, over_budget, busy) and a close, or the job's events. Open job sockets are capped.
"""

from __future__ import annotations

from fastapi import APIRouter, WebSocket

from .budget import over_budget
from .jobs import Job, Refusal, parse_start
from .outbox import Outbox
from .runner import JobRunner
from .settings import LabSettings
from .socket_stream import CLOSE_TRY_AGAIN, DISCONNECTED, first_message, refuse, stream

router = APIRouter()


@router.websocket("/ws")
async def job_socket(websocket: WebSocket) -> None:
    state = websocket.app.state
    settings: LabSettings = state.settings
    await websocket.accept()
    if state.sockets >= settings.limits.max_sockets:
        message = f"The server has {settings.limits.max_sockets} connections open, its limit. Try again soon."
        await refuse(websocket, {"type": "busy", "message": message}, CLOSE_TRY_AGAIN)
        return
    state.sockets += 1
    try:
        await _serve(websocket, state.runner, settings)
    finally:
        state.sockets -= 1


async def _serve(websocket: WebSocket, runner: JobRunner, settings: LabSettings) -> None:
    message = await first_message(websocket, settings.limits.first_message_s)
    if message is DISCONNECTED:
        return
    job = message.payload if isinstance(message, Refusal) else parse_start(message)
    if not isinstance(job, Job):
        await refuse(websocket, job)
        return
    too_big = over_budget(job, settings.budget)
    if too_big is not None:
        await refuse(websocket, too_big)
        return
    outbox = Outbox()
    run = runner.try_start(job, outbox)
    if run is None:
        what = "training" if job.is_training else "analysis"
        busy = (
            f"The server is busy: every {what} slot is in use ({runner.size} jobs at once, "
            f"{runner.max_insights} of them analyses). Try again when one finishes."
        )
        await refuse(websocket, {"type": "busy", "message": busy}, CLOSE_TRY_AGAIN)
        return
    await stream(websocket, run, outbox, settings.limits.idle_client_s)
