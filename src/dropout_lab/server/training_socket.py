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

import asyncio
import contextlib
import json
import math
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from dropout_lab.engine.config import ConfigError, make_config

from .runner import Training, TrainingRunner

router = APIRouter()

CLOSE_NORMAL = 1000
CLOSE_POLICY = 1008  # bad message or configuration
CLOSE_TRY_AGAIN = 1013  # busy


@router.websocket("/ws/train")
async def train(websocket: WebSocket) -> None:
    await websocket.accept()
    try:
        message = await websocket.receive_json()
    except (WebSocketDisconnect, RuntimeError):
        return
    except ValueError:
        message = None
    if not isinstance(message, dict) or message.get("type") != "start":
        hint = 'the first message must be {"type": "start", "config": {...}}'
        await _refuse(websocket, {"type": "protocol_error", "message": hint})
        return
    try:
        config = make_config(message.get("config") or {})
    except ConfigError as exc:
        await _refuse(websocket, {"type": "config_error", "message": str(exc), "errors": exc.errors})
        return
    runner: TrainingRunner = websocket.app.state.runner
    training = runner.try_start(config)
    if training is None:
        busy = (
            f"The server is busy: all {runner.max_trainings} training slot(s) are in use. "
            "Try again when a run finishes."
        )
        await _refuse(websocket, {"type": "busy", "message": busy}, CLOSE_TRY_AGAIN)
        return
    await _stream(websocket, training)


async def _stream(websocket: WebSocket, training: Training) -> None:
    listener = asyncio.create_task(_listen(websocket, training))
    connected = True
    try:
        async for event in training.events():
            await websocket.send_text(_dumps(event))
    except Exception:  # the client went away mid-send
        connected = False
    finally:
        training.stop()
        listener.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await listener
    if connected:
        with contextlib.suppress(Exception):
            await websocket.close(CLOSE_NORMAL)


async def _listen(websocket: WebSocket, training: Training) -> None:
    """Turn "stop" messages and disconnects into a stop request."""
    try:
        while True:
            message = await websocket.receive_json()
            if isinstance(message, dict) and message.get("type") == "stop":
                training.stop()
    except Exception:  # disconnect (or garbage): the run has no listener any more
        training.stop()


async def _refuse(websocket: WebSocket, payload: dict[str, Any], code: int = CLOSE_POLICY) -> None:
    with contextlib.suppress(Exception):
        await websocket.send_text(_dumps(payload))
        await websocket.close(code)


def _dumps(payload: dict[str, Any]) -> str:
    """JSON without NaN/Infinity (JS cannot parse them): a diverged loss becomes null."""
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
