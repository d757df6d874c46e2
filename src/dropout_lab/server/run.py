"""One job as the server sees it, from admission to its end: its worker, its outbox, its stop.

`stop(reason)` sets the worker's stop flag and gives it STOP_GRACE_S to end the run itself (the engine
checks before every mini-batch and between evaluation blocks); after that the runner kills the worker
and the run is ended by the server from what the client has already received (run_record.py). All
methods run on the event loop. Knows nothing of sockets.
"""

from __future__ import annotations

import asyncio
from collections.abc import Hashable
from typing import Any, Protocol

from .pool import Worker
from .run_record import STOPPED, RunRecord


class Sink(Protocol):
    """Where a run's messages go: one client's Outbox, or a Broadcast to every client sharing it."""

    def push(self, text: str, key: Hashable = None) -> None: ...

    def close(self) -> None: ...


class Owner(Protocol):
    """What a run needs of the runner that admitted it (runner.py's JobRunner)."""

    time_limit_s: float
    time_limit_reason: str

    def release(self, run: Run) -> None: ...

    def kill_run(self, run: Run) -> None: ...


STOP_GRACE_S = 0.25  # a stopped worker's time to end the run itself before it is killed


class Run:
    """One job, from admission to its end; `stop(reason)` from the event loop, as often as you like."""

    def __init__(self, runner: Owner, job: Any, outbox: Sink):
        self.runner, self.job, self.outbox = runner, job, outbox
        self.record = RunRecord(job)
        self.worker: Worker | None = None
        self.stop_reason: str | None = None
        self.finished = asyncio.Event()  # the slot is free: the worker is done or killed
        loop = asyncio.get_running_loop()
        self._timers = [loop.call_later(runner.time_limit_s, self.stop, runner.time_limit_reason)]

    @property
    def is_training(self) -> bool:
        return bool(self.job.is_training)

    def stop(self, reason: str = STOPPED) -> None:
        if self.finished.is_set() or self.stop_reason is not None or self.record.ended:
            return
        self.stop_reason = reason
        if self.worker is None:  # still waiting for a worker
            self._end_by_server(reason)
            self.runner.release(self)
            return
        self.worker.request_stop()
        self._timers.append(asyncio.get_running_loop().call_later(STOP_GRACE_S, self.runner.kill_run, self))

    def deliver(self, kind: str, key: Any, text: str, meta: dict[str, Any] | None) -> None:
        if self.record.ended:
            return
        if kind == "run_finished":
            text = self.record.with_reason(text, self.stop_reason)
        self.record.note(kind, meta)
        self.outbox.push(text, key)
        if self.record.ended:
            self.outbox.close()

    def worker_done(self) -> None:
        """The worker finished the job (it may have ended quietly: a stopped analysis)."""
        if not self.record.ended:
            reason = self.stop_reason or "the job ended without a result"
            self._end_by_server(reason)

    def _end_by_server(self, reason: str) -> None:
        text = self.record.end(reason)
        if text is not None:
            self.outbox.push(text)
        self.outbox.close()

    def killed(self, reason: str) -> None:
        if not self.record.ended:
            self._end_by_server(reason)

    def died(self, exitcode: int | None) -> None:
        if not self.record.ended:
            hint = " (out of memory?)" if exitcode == -9 else ""
            self.outbox.push(self.record.failed(f"the worker process ended unexpectedly{hint}"))
            self.outbox.close()

    def cancel_timers(self) -> None:
        for timer in self._timers:
            timer.cancel()
