"""The lab's one WebSocket, ``/ws``: read the first message, start the job, stream its events.

See jobs.py for the protocol. Trainings and analyses have their own bounded runners (an analysis
trains many networks: one at a time keeps trainings responsive); a full runner answers "busy".
"""

from __future__ import annotations

from fastapi import APIRouter, WebSocket

from .jobs import Job, parse_start
from .runner import TrainingRunner
from .socket_stream import CLOSE_TRY_AGAIN, DISCONNECTED, accept_first_message, refuse, stream

router = APIRouter()


@router.websocket("/ws")
async def job_socket(websocket: WebSocket) -> None:
    message = await accept_first_message(websocket)
    if message is DISCONNECTED:
        return
    job = parse_start(message)
    if not isinstance(job, Job):
        await refuse(websocket, job)
        return
    runner: TrainingRunner = websocket.app.state.runners["train" if job.is_training else "insight"]
    work = runner.try_start(job)
    if work is None:
        what = "training" if job.is_training else "analysis"
        busy = (
            f"The server is busy: all {runner.max_jobs} {what} slot(s) are in use. "
            "Try again when one finishes."
        )
        await refuse(websocket, {"type": "busy", "message": busy}, CLOSE_TRY_AGAIN)
        return
    await stream(websocket, work)
