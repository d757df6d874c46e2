"""Runs deleted from the page, kept in memory for a while so that Undo can put them back exactly.

A deletion takes the run out of the store at once (other pages, the CLI and new requests no longer see
it); its whole row waits here UNDO_S seconds, at most MAX_KEPT of them, then is gone for good -- as is
everything here when the server stops. Thread-safe (the HTTP routes run in a thread pool). Knows the
store's RemovedRun only.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

from dropout_lab.store import RemovedRun

UNDO_S = 600.0  # ten minutes to change one's mind
MAX_KEPT = 20  # deleted runs held at once (a demo pair's row is ~200 kB)


class DeletedRuns:
    def __init__(self, undo_s: float = UNDO_S, max_kept: int = MAX_KEPT):
        self.undo_s, self.max_kept = undo_s, max_kept
        self._kept: OrderedDict[str, tuple[float, RemovedRun]] = OrderedDict()
        self._lock = threading.Lock()

    def keep(self, removed: RemovedRun) -> None:
        with self._lock:
            self._expire()
            self._kept[removed.run.id] = (time.monotonic() + self.undo_s, removed)
            while len(self._kept) > self.max_kept:
                self._kept.popitem(last=False)

    def take_back(self, run_id: str) -> RemovedRun | None:
        """The deleted run with this full id, if it can still be restored (it is then no longer here)."""
        with self._lock:
            self._expire()
            found = self._kept.pop(run_id, None)
        return None if found is None else found[1]

    def _expire(self) -> None:
        now = time.monotonic()
        for run_id in [k for k, (until, _) in self._kept.items() if until < now]:
            del self._kept[run_id]
