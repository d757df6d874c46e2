"""The lab's one WebSocket, ``/ws``: read the first message, admit the job, stream it.

See jobs.py for the protocol. Every first message gets an answer: a refusal (protocol_error,
config_error, over_budget, busy) and a close, or the job's events -- trained, joined or replayed from the
run store (admission.py). Open job sockets are capped.
"""

from __future__ import annotations

from fastapi import APIRouter, WebSocket

from .admission import Lab, Refused, admit
from .jobs import Job, Refusal, parse_start
from .outbox import Outbox
from .settings import LabSettings
from .socket_stream import CLOSE_POLICY, CLOSE_TRY_AGAIN, DISCONNECTED, first_message, refuse, stream

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
        await _serve(websocket, state.lab)
    finally:
        state.sockets -= 1


async def _serve(websocket: WebSocket, lab: Lab) -> None:
    message = await first_message(websocket, lab.settings.limits.first_message_s)
    if message is DISCONNECTED:
        return
    job = message.payload if isinstance(message, Refusal) else parse_start(message)
    if not isinstance(job, Job):
        await refuse(websocket, job)
        return
    outbox = Outbox()
    handle = await admit(lab, job, outbox)
    if isinstance(handle, Refused):
        await refuse(websocket, handle.payload, CLOSE_TRY_AGAIN if handle.busy else CLOSE_POLICY)
        return
    await stream(websocket, handle, outbox, lab.settings.limits.idle_client_s)
