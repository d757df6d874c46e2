"""Recording a comparison while it runs: each event packed as it comes, the run stored when it ends.

For a producer that passes its events on as they come (the lab server's worker process), so it never
holds the run's events twice: `add` never raises and never keeps more than `limit_bytes` (beyond it the
recorder stops keeping, and `skipped` says why); `finish` stores the run if it ended with run_finished
after at least one epoch. Knows the events and the codec: nothing of SQL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..engine.events import EpochFinished, Event, RunFinished, RunStarted
from .codec import EventPacker
from .records import StoredRun
from .rows import Row, packed_training_row

LIMIT_BYTES = 64 * 2**20  # ~3000 maps of 100 x 100; the demo pair holds ~1.4 MB


class RunRecorder:
    def __init__(self, insert: Callable[[Row], StoredRun], *, limit_bytes: int = LIMIT_BYTES, **details: Any):
        self._insert, self._details = insert, details
        self.limit_bytes = limit_bytes
        self._packer: EventPacker | None = EventPacker()
        self._started: RunStarted | None = None
        self._finished: RunFinished | None = None
        self._epochs = 0
        self.skipped: str | None = None  # why the run will not be stored

    def add(self, event: Event) -> None:
        if self._packer is None:
            return
        if isinstance(event, RunStarted):
            self._started = event
        elif isinstance(event, RunFinished):
            self._finished = event
        elif isinstance(event, EpochFinished):
            self._epochs += 1
        self._packer.add(event)
        if self._packer.size > self.limit_bytes:
            self._packer = None
            self.skipped = f"its maps passed {self.limit_bytes / 2**20:g} MB, more than a recorder keeps"

    def finish(self) -> StoredRun | None:
        """Store the run (StoreError if the store cannot); None when there is nothing to store."""
        if self._packer is None:
            return None
        if self._started is None or self._finished is None or not self._epochs:
            self.skipped = "it did not finish an epoch" if self._finished else "it did not finish"
            return None
        packer, self._packer = self._packer, None
        return self._insert(packed_training_row(self._started, self._finished, packer, **self._details))
