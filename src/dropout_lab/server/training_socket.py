"""The WebSocket that trains: takes a configuration, streams the engine's events, accepts "stop".

Protocol (JSON text frames, snake_case keys):
  client -> server  {"type": "start", "config": {...}}   first message; unknown keys are errors
                    {"type": "stop"}                      stop after the current epoch
  server -> client  the engine's events (run_started, epoch_finished, boundary_snapshot, run_finished,
                    run_failed), or one of {"type": "config_error", "message", "errors": [{field, message}]},
                    {"type": "busy", "message"}, {"type": "protocol_error", "message"};
                    then the server closes the socket.
A client that goes away stops its training: no orphan work.
"""

from __future__ import annotations

from fastapi import APIRouter, WebSocket

from dropout_lab.engine.config import ConfigError, make_config

from .runner import TrainingRunner
from .socket_stream import CLOSE_TRY_AGAIN, DISCONNECTED, accept_first_message, refuse, stream

router = APIRouter()


@router.websocket("/ws/train")
async def train(websocket: WebSocket) -> None:
    message = await accept_first_message(websocket)
    if message is DISCONNECTED:
        return
    if not isinstance(message, dict) or message.get("type") != "start":
        hint = 'the first message must be {"type": "start", "config": {...}}'
        await refuse(websocket, {"type": "protocol_error", "message": hint})
        return
    try:
        config = make_config(message.get("config") or {})
    except ConfigError as exc:
        await refuse(websocket, {"type": "config_error", "message": str(exc), "errors": exc.errors})
        return
    runner: TrainingRunner = websocket.app.state.runner
    training = runner.try_start(config)
    if training is None:
        busy = (
            f"The server is busy: all {runner.max_trainings} training slot(s) are in use. "
            "Try again when a run finishes."
        )
        await refuse(websocket, {"type": "busy", "message": busy}, CLOSE_TRY_AGAIN)
        return
    await stream(websocket, training)
