"""Shared WebSocket plumbing for the training and insight sockets: streaming a worker's events,
turning "stop" and disconnects into a stop request, refusing with a reason, NaN-free JSON.

Knows nothing of the engine or of what the events mean.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
from typing import Any

from fastapi import WebSocket, WebSocketDisconnect

from .runner import Training

CLOSE_NORMAL = 1000
CLOSE_POLICY = 1008  # bad message or configuration
CLOSE_TRY_AGAIN = 1013  # busy
DISCONNECTED = object()  # the client left before saying anything


async def accept_first_message(websocket: WebSocket) -> Any:
    """Accept the socket and read its first JSON message (None if it is not JSON, or DISCONNECTED)."""
    await websocket.accept()
    try:
        return await websocket.receive_json()
    except (WebSocketDisconnect, RuntimeError):
        return DISCONNECTED
    except ValueError:
        return None


async def stream(websocket: WebSocket, training: Training) -> None:
    """Send the worker's events until it ends; a stop message or a disconnect stops it."""
    listener = asyncio.create_task(listen(websocket, training))
    connected = True
    try:
        async for event in training.events():
            await websocket.send_text(dumps(event))
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


async def listen(websocket: WebSocket, training: Training) -> None:
    """Turn "stop" messages and disconnects into a stop request."""
    try:
        while True:
            message = await websocket.receive_json()
            if isinstance(message, dict) and message.get("type") == "stop":
                training.stop()
    except Exception:  # disconnect (or garbage): the run has no listener any more
        training.stop()


async def refuse(websocket: WebSocket, payload: dict[str, Any], code: int = CLOSE_POLICY) -> None:
    """Send one explanatory message and close with `code`."""
    with contextlib.suppress(Exception):
        await websocket.send_text(dumps(payload))
        await websocket.close(code)


def dumps(payload: Any) -> str:
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
