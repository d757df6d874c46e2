"""A stored run streamed again: the messages a live run sends, read from the run store, no worker.

Reading the demo pair back costs about 0.1 s of the server's time. `open_stored` reads the run and decodes
its first events (in a thread: a store that fails, or a damaged run, is found here, before anything is
sent, and the request is trained instead). A `Replay` then decodes the rest a batch at a time, in a
thread, and pushes them as the same JSON texts a worker sends (``run_started.stored_at`` says when the
run was recorded) into a sink -- a Broadcast, so that identical requests arriving meanwhile share one
replay as they share a training (sharing.py); each client's outbox coalesces for it if it lags. A stop
ends it with run_finished(stopped) built from what was sent, as for a live run; a run found damaged
halfway ends as run_failed. Knows nothing of sockets or workers.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterator
from itertools import islice
from typing import Any

from dropout_lab.store import RunStore, StoredRun, StoreError

from .jobs import Job
from .run import Sink
from .run_record import STOPPED, RunRecord
from .worker import message

log = logging.getLogger("dropout_lab.server")
BATCH = 64  # events decoded per trip to the thread

Message = tuple[str, Any, str, dict[str, Any] | None]  # (type, coalescing key, JSON text, facts)
Source = tuple[StoredRun, Iterator[Any], list[Message]]  # the run, its events, the first batch


def _batch(events: Iterator[Any]) -> list[Message]:
    """The next messages of the replay (empty at its end), in the worker's wire format."""
    return [message(event)[1:] for event in islice(events, BATCH)]


async def open_stored(store: RunStore, run: StoredRun) -> Source | None:
    """The stored run, ready to replay; None (and a log line) if the store cannot read it."""
    try:
        events = await asyncio.to_thread(store.replay, run.id)
        return run, events, await asyncio.to_thread(_batch, events)  # a damaged run fails here
    except StoreError as exc:
        log.warning("dropout-lab: a stored run could not be replayed; training instead: %s", exc)
        return None


class Replay:
    """One stored run streamed into `sink`; `stop(reason)` and `record`, as a live Run has."""

    def __init__(self, job: Job, sink: Sink, source: Source):
        self.job, self.sink = job, sink
        self.run, events, first = source
        self.record = RunRecord(job)
        self.stop_reason: str | None = None
        self.on_done: list[Callable[[], None]] = []
        self._task = asyncio.get_running_loop().create_task(self._play(first, events))

    def stop(self, reason: str = STOPPED) -> None:
        if self.stop_reason is None and not self.record.ended:
            self.stop_reason = reason

    def _send(self, messages: list[Message]) -> None:
        for kind, key, text, meta in messages:
            self.record.note(kind, meta)
            self.sink.push(text, key)

    async def _play(self, first: list[Message], events: Iterator[Any]) -> None:
        try:
            batch = first
            while batch and self.stop_reason is None:
                self._send(batch)
                batch = [] if self.record.ended else await asyncio.to_thread(_batch, events)
            if self.stop_reason is not None and not self.record.ended:
                end = self.record.end(self.stop_reason)
                if end is not None:
                    self.sink.push(end)
        except StoreError as exc:
            log.warning("dropout-lab: stored run %s broke off: %s", self.run.id, exc)
            self.sink.push(self.record.failed(f"the stored run could not be read: {exc}"))
        finally:
            self.sink.close()
            callbacks, self.on_done = self.on_done, []  # (they hold this replay: no cycle outlives it)
            for callback in callbacks:
                callback()
