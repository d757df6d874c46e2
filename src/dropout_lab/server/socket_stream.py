"""WebSocket plumbing of the job socket: the first message (with a deadline), refusals, and streaming a
run's outbox while listening for "stop" -- without letting a slow or silent client hold anything.

A client whose sends have not completed for `idle_s` (it reads nothing) has its run stopped and its
connection dropped. Knows nothing of the engine or of what the events mean.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import time
from typing import Any, Protocol

from fastapi import WebSocket

from dropout_lab.engine.fields import cut

from .guard import ABORT_KEY
from .jobs import Refusal, decode, protocol_error
from .outbox import Outbox
from .run_record import STOPPED

CLOSE_NORMAL = 1000
CLOSE_POLICY = 1008  # bad message or configuration
CLOSE_TRY_AGAIN = 1013  # busy
DISCONNECTED = object()  # the client left before saying anything


class Stoppable(Protocol):
    """What a stream stops: a client's share of a job, trained or replayed (sharing.Viewer)."""

    stop_reason: str | None

    def stop(self, reason: str = STOPPED) -> None: ...


async def first_message(websocket: WebSocket, timeout_s: float) -> Any:
    """The first message, parsed, or a `Refusal` (also for silence), or DISCONNECTED."""
    try:
        message = await asyncio.wait_for(websocket.receive(), timeout_s)
    except TimeoutError:
        return Refusal(protocol_error(f"no message within {timeout_s:g} s"))
    if message["type"] == "websocket.disconnect":
        return DISCONNECTED
    return decode(message.get("text"))


async def refuse(websocket: WebSocket, payload: dict[str, Any], code: int = CLOSE_POLICY) -> None:
    """Send one explanatory message and close with `code`."""
    with contextlib.suppress(Exception):
        await asyncio.wait_for(websocket.send_text(dumps(payload)), 5)
        await asyncio.wait_for(websocket.close(code), 5)


def abort(websocket: WebSocket) -> None:
    """Drop the connection now, unsent data included (a close would wait for a client that never reads)."""
    drop = websocket.scope.get(ABORT_KEY)
    if drop is not None:
        with contextlib.suppress(Exception):
            drop()


class _Sending:
    """When the send in progress began (None when idle): how long the client has not been reading."""

    def __init__(self) -> None:
        self.since: float | None = None

    def stuck_for(self) -> float:
        return 0.0 if self.since is None else time.monotonic() - self.since


async def _send_all(websocket: WebSocket, outbox: Outbox, sending: _Sending) -> None:
    while (text := await outbox.get()) is not None:
        sending.since = time.monotonic()
        await websocket.send_text(text)
        sending.since = None


async def _listen(websocket: WebSocket, run: Stoppable, outbox: Outbox) -> bool:
    """Turn "stop" into a stop; anything else ends the run with a protocol_error. False: client gone."""
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            run.stop("client disconnected")
            outbox.discard()
            return False
        parsed = decode(message.get("text"), first=False)
        if isinstance(parsed, dict) and parsed.get("type") == "stop":
            run.stop(STOPPED)
            continue
        if isinstance(parsed, Refusal):
            refusal = parsed.payload
        else:
            what = parsed.get("type") if isinstance(parsed, dict) else type(parsed).__name__
            refusal = protocol_error(f"unexpected message {cut(json.dumps(what))}", first=False)
        outbox.push(dumps(refusal))
        run.stop("protocol error: " + refusal["message"].split(";")[0])
        return True


async def stream(websocket: WebSocket, run: Stoppable, outbox: Outbox, idle_s: float) -> None:
    """Send the run's messages until it ends; stop it on "stop", a disconnect or a stuck client."""
    sending = _Sending()
    sender = asyncio.create_task(_send_all(websocket, outbox, sending))
    listener = asyncio.create_task(_listen(websocket, run, outbox))
    connected = True
    try:
        while not sender.done():
            await asyncio.wait({sender}, timeout=min(1.0, idle_s / 4))
            if sending.stuck_for() > idle_s:
                run.stop(f"client read nothing for {idle_s:g} s")
                outbox.discard()
                abort(websocket)
                connected = False
                break
        if sender.done() and sender.exception() is not None:
            connected = False  # the client went away mid-send
    finally:
        sender.cancel()
        run.stop("client disconnected")  # no effect if the run has ended
        if listener.done() and not listener.cancelled() and listener.exception() is None:
            connected = connected and listener.result()
        listener.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await listener
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await sender
    if connected:
        code = CLOSE_POLICY if run.stop_reason and run.stop_reason.startswith("protocol") else CLOSE_NORMAL
        with contextlib.suppress(Exception):
            await asyncio.wait_for(websocket.close(code), 5)


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
