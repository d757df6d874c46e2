"""Recording a job into the run store from the worker process that runs it, as its events come.

The worker already holds every event as it is made, so it packs each one at once (maps as 16-bit
integers: store/recorder.py) and writes the run when the job ends, before saying "done": the server's
event loop never parses, holds or writes a run, and the job's flight stays joinable until its run is
in the store. A store that fails is a line in the log, never a failed job. Knows the store and the
engine's events: nothing of sockets or of the server's loop.
"""

from __future__ import annotations

import logging
from typing import Any

from dropout_lab.engine.insights.events import InsightResult
from dropout_lab.store import RunStore, StoreError

from .jobs import Job

log = logging.getLogger("dropout_lab.server")


class JobRecord:
    """One job's record in the making; `add` every event, then `finish()` (never raises)."""

    def __init__(self, store: RunStore | None, job: Job):
        self.store, self.job = store, job
        self.recorder = store.recorder() if store is not None and job.is_training else None
        self.result: InsightResult | None = None

    def add(self, event: Any) -> None:
        if self.recorder is not None:
            self.recorder.add(event)
        elif isinstance(event, InsightResult):
            self.result = event

    def finish(self) -> None:
        """Store the run or the analysis' result, if it has one; log why not when the store fails."""
        if self.store is None:
            return
        what = "training" if self.job.is_training else f"{self.job.kind} analysis"
        try:
            if self.recorder is not None:
                self.recorder.finish()
                if self.recorder.skipped and "finish" not in self.recorder.skipped:
                    log.warning("dropout-lab: a %s was not recorded: %s", what, self.recorder.skipped)
            elif self.result is not None:
                job, result = self.job, self.result.result
                headline = result.claims.headline
                self.store.record_insight(job.kind, job.config, job.params, result, headline=headline)
        except StoreError as exc:
            log.warning("dropout-lab: a %s was not recorded: %s", what, exc)
