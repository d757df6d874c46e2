"""A stored run streamed to one client: the messages a live run sends, read from the run store.

No worker and no budget: reading the demo pair back costs about 0.1 s of the server's time. Events are
decoded in a thread, a batch at a time, and queued in the client's outbox as the same JSON texts a worker
sends (``run_started.stored_at`` says when the run was recorded). The replay waits while the client has
more than HOLD_CHARS unread, so a slow client gets every message and memory stays bounded. A stop ends
it at once with run_finished(stopped) built from what was sent, as for a live run. If the store fails
before anything was sent, `Replay.open` returns None and the request is trained instead; a stored run
found damaged halfway ends as run_failed. Knows nothing of sockets or workers.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterator
from itertools import islice
from typing import Any

from dropout_lab.store import RunStore, StoredRun, StoreError

from .jobs import Job
from .outbox import LAG_CHARS, Outbox
from .run_record import STOPPED, RunRecord
from .worker import message

log = logging.getLogger("dropout_lab.server")
BATCH = 64  # events decoded per trip to the thread
HOLD_CHARS = LAG_CHARS // 2  # unread text beyond which the replay waits for the client (never coalesced)
WAIT_S = 0.01

Message = tuple[str, Any, str, dict[str, Any] | None]  # (type, coalescing key, JSON text, facts)


def _batch(events: Iterator[Any]) -> list[Message]:
    """The next messages of the replay (empty at its end), in the worker's wire format."""
    return [message(event)[1:] for event in islice(events, BATCH)]


class Replay:
    """One client's replay of one stored run: `stop(reason)` and `stop_reason`, as a live run has."""

    def __init__(self, job: Job, outbox: Outbox, run: StoredRun):
        self.job, self.outbox, self.run = job, outbox, run
        self.record = RunRecord(job)
        self.stop_reason: str | None = None
        self.on_done: list[Callable[[], None]] = []
        self._task: asyncio.Task[None] | None = None

    @classmethod
    async def open(cls, store: RunStore, run: StoredRun, job: Job, outbox: Outbox) -> Replay | None:
        """Start replaying `run` into `outbox`; None (and a log line) if the store cannot read it."""
        try:
            events = await asyncio.to_thread(store.replay, run.id)
            first = await asyncio.to_thread(_batch, events)  # a damaged run fails here, before any send
        except StoreError as exc:
            log.warning("dropout-lab: a stored run could not be replayed; training instead: %s", exc)
            return None
        replay = cls(job, outbox, run)
        replay._task = asyncio.get_running_loop().create_task(replay._play(first, events))
        return replay

    def stop(self, reason: str = STOPPED) -> None:
        if self.stop_reason is None and not self.record.ended:
            self.stop_reason = reason

    def _send(self, messages: list[Message]) -> None:
        for kind, key, text, meta in messages:
            self.record.note(kind, meta)
            self.outbox.push(text, key)

    async def _play(self, first: list[Message], events: Iterator[Any]) -> None:
        try:
            batch = first
            while batch and self.stop_reason is None:
                self._send(batch)
                while self.outbox.queued_chars > HOLD_CHARS and self.stop_reason is None:
                    await asyncio.sleep(WAIT_S)
                if self.stop_reason is None and not self.record.ended:
                    batch = await asyncio.to_thread(_batch, events)
                else:
                    batch = []
            if self.stop_reason is not None and not self.record.ended:
                end = self.record.end(self.stop_reason)
                if end is not None:
                    self.outbox.push(end)
        except StoreError as exc:
            log.warning("dropout-lab: stored run %s broke off: %s", self.run.id, exc)
            self.outbox.push(self.record.failed(f"the stored run could not be read: {exc}"))
        finally:
            self.outbox.close()
            for callback in self.on_done:
                callback()
