"""How the server keeps runs: the run store checked at start, looked up for each request, written after.

Every store call runs off the event loop (a thread), and every StoreError is logged and swallowed: a store
that fails never fails a job -- the job trains as if there were no store, or its result goes unrecorded,
and the server's log says why. A store on a read-only disk is still read (listed, replayed) but not
written. A finished job is recorded from the very messages its clients received (JSON texts), in a
background thread. Knows the store and the messages' JSON: nothing of sockets or workers.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any

from dropout_lab.engine.events import parse_event
from dropout_lab.engine.insights.events import parse_result
from dropout_lab.store import RunStore, StoredRun, StoreError, StoreReadOnlyError, current_versions

from .jobs import Job

log = logging.getLogger("dropout_lab.server")
NULLABLE = frozenset({"reason", "stored_at"})  # event fields whose null is None, not a NaN the JSON lost


class RunKeeper:
    """The server's run store (None when switched off or unusable), and whether it records."""

    def __init__(self, store: RunStore | None):
        self.store = store
        self.recording = store is not None
        self.problem: str | None = None  # why the store is not used (or only read), in words
        self._pending: set[asyncio.Task[Any]] = set()

    async def open(self) -> None:
        """Check the store now (creating or migrating it): a problem is said once, at start."""
        await asyncio.to_thread(current_versions)  # hash the engine's sources now, not on the first Train
        if self.store is None:
            return
        try:
            await asyncio.to_thread(self.store.check)
        except StoreReadOnlyError as exc:  # what is stored can still be listed and replayed
            self.recording, self.problem = False, str(exc)
            log.warning("dropout-lab: new runs will not be recorded: %s", exc)
        except StoreError as exc:
            self.store, self.recording, self.problem = None, False, str(exc)
            log.warning("dropout-lab: runs will not be kept: %s", exc)

    def describe(self) -> str:
        """One line for the console at start."""
        if self.store is None:
            return f"dropout-lab: runs are not kept ({self.problem or 'no run store: --no-store'})"
        if not self.recording:
            return f"dropout-lab: runs in {self.store.path} are shown, new runs are not recorded"
        return f"dropout-lab: runs are kept in {self.store.path}"

    def status(self) -> dict[str, Any]:
        """What the page says about keeping runs: on, recording, and the problem if any."""
        return {"on": self.store is not None, "recording": self.recording, "problem": self.problem}

    async def find(self, key: str) -> StoredRun | None:
        """The stored complete run for this request key; None when there is none or the store fails."""
        if self.store is None:
            return None
        try:
            return await asyncio.to_thread(self.store.find, key)
        except StoreError as exc:
            log.warning("dropout-lab: the run store could not be searched; training instead: %s", exc)
            return None

    def record(self, job: Job, texts: list[str]) -> asyncio.Task[StoredRun | None] | None:
        """Record a finished job from its messages, in the background; None when not recording."""
        if not self.recording:
            return None
        task = asyncio.get_running_loop().create_task(asyncio.to_thread(self._record, job, texts))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)
        return task

    def _record(self, job: Job, texts: list[str]) -> StoredRun | None:
        assert self.store is not None
        messages = [json.loads(text) for text in texts]
        end = messages[-1].get("type") if messages else None
        try:
            if job.is_training:
                if end != "run_finished" or not any(m.get("type") == "epoch_finished" for m in messages):
                    return None  # a failed run, or one stopped before its first epoch: nothing to keep
                return self.store.record_training([parse_event(_with_nans(m)) for m in messages])
            if end != "insight_result":
                return None
            result = parse_result(messages[-1]["result"])
            headline = result.claims.headline
            return self.store.record_insight(job.kind, job.config, job.params, result, headline=headline)
        except StoreError as exc:
            log.warning("dropout-lab: a %s was not recorded: %s", _what(job), exc)
        except ValueError as exc:  # a message that does not read back as an event (should not happen)
            log.warning("dropout-lab: a %s was not recorded: %s", _what(job), str(exc)[:300])
        return None

    async def drain(self, timeout_s: float) -> None:
        """Wait (a little) for records in progress, e.g. at shutdown."""
        if self._pending:
            with contextlib.suppress(Exception):
                await asyncio.wait(set(self._pending), timeout=timeout_s)


def _what(job: Job) -> str:
    return "training" if job.is_training else f"{job.kind} analysis"


def _with_nans(value: Any, name: str = "") -> Any:
    """A message's JSON with NaN back where the wire has null (JSON cannot carry a diverged loss)."""
    if value is None:
        return None if name in NULLABLE else float("nan")
    if isinstance(value, dict):
        return {k: _with_nans(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_nans(v, name) for v in value]
    return value
