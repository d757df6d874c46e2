"""How the server uses the run store: checked once at start, searched for each request, described.

Every store call here runs off the event loop (a thread), and every StoreError is logged and swallowed:
a store that fails never fails a job -- the job trains as if there were no store, and the server's log
says why. A store on a read-only disk is still read (listed, replayed) but not written. The runs
themselves are written by the worker processes that compute them (job_record.py). Knows the store:
nothing of sockets or workers.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from dropout_lab.store import RunStore, StoredRun, StoreError, StoreReadOnlyError, current_versions

log = logging.getLogger("dropout_lab.server")


class RunKeeper:
    """The server's run store (None when switched off or unusable), and whether new runs are recorded."""

    def __init__(self, store: RunStore | None):
        self.store = store
        self.recording = store is not None
        self.problem: str | None = None  # why the store is not used (or only read), in words

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
            return f"dropout-lab: the runs in {self.store.path} are shown; new runs are not recorded"
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
