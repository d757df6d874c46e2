"""Runs jobs on the worker pool: admission, one `Run` per job, stop that takes effect at once.

At most `workers` jobs run at once (analyses at most `max_insights` of them); beyond that `try_start`
returns None and the caller answers "busy" -- there is no queue. An admitted job waits only for a warm
worker (normally there is one; after a kill a new one is warm in ~0.1 s). A stop (the user's, a closed
or stuck client, the time limit, shutdown) sets the worker's stop flag; a worker that has not finished
within STOP_GRACE_S is killed and the run ended by the server (run_record.py), so any stop takes effect
in under half a second. A worker whose memory passes the limit is killed at once; one that grew during
a job is replaced afterwards, so memory goes back to the operating system. All state lives on the event
loop; worker threads only post messages to it. Knows nothing of HTTP or WebSockets.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections import deque
from typing import Any

from .pool import ForkServerUsers, Worker, context
from .run import STOP_GRACE_S, Run, Sink

RECYCLE_BYTES = 256 * 2**20  # a worker this much larger than when it started is replaced after its job
WATCH_EVERY_S = 0.25  # memory checks of busy workers


def default_workers() -> int:
    """One worker per core: each runs one single-threaded job (plus its evaluation thread)."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


class JobRunner:
    """Owns the worker processes, the admission bound and every run."""

    def __init__(
        self,
        workers: int | None = None,
        *,
        max_insights: int | None = None,
        warm_up: bool = True,
        time_limit_s: float = 90.0,
        memory_limit_bytes: float = 1024 * 2**20,
        store: Any = None,
    ):
        self.size = workers or default_workers()
        self.max_insights = max_insights or max(1, self.size // 2)
        self.warm = warm_up
        self.time_limit_s = time_limit_s
        self.time_limit_reason = f"time limit: the server ends a request after {time_limit_s:g} s"
        self.memory_limit_bytes = memory_limit_bytes
        self.store = store  # a RunStore the workers record every job into (None: nothing recorded)
        self.runs: set[Run] = set()
        self.workers: set[Worker] = set()
        self.idle: deque[Worker] = deque()
        self.waiting: deque[Run] = deque()
        self.closing = False
        self._ctx: Any = None
        self._opened = False  # counted among the fork server's users
        self._watch: asyncio.Task[None] | None = None

    # ------------------------------------------------------------------ life cycle
    async def open(self, timeout: float = 120.0) -> None:
        """Start the fork server and the workers; return when all are warm."""
        self._loop = asyncio.get_running_loop()
        ForkServerUsers.enter()
        self._opened = True
        self._ctx = await asyncio.to_thread(context)
        for _ in range(self.size):
            await self._spawn()
        deadline = time.monotonic() + timeout
        while len(self.idle) < self.size and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        self._watch = asyncio.create_task(self._watch_memory())

    async def close(self, reason: str = "server shutting down") -> None:
        """Stop every run (killing what does not stop in time) and end every worker."""
        self.closing = True
        for run in list(self.runs):
            run.stop(reason)
        deadline = time.monotonic() + STOP_GRACE_S + 0.1
        while self.runs and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        for run in list(self.runs):
            self.kill_run(run)
        if self._watch is not None:
            self._watch.cancel()
        for worker in list(self.workers):
            worker.kill()
        self.workers.clear()
        self.idle.clear()
        if self._opened:
            self._opened = False
            ForkServerUsers.leave()

    async def _spawn(self) -> None:
        try:
            worker = await asyncio.to_thread(Worker, self._ctx, self.warm, self._post, self.store)
        except RuntimeError:  # the loop's executor shut down: the lab closed while a worker was replaced
            if self.closing:
                return
            raise
        if self.closing:  # the lab closed while this worker started
            worker.kill()
            return
        self.workers.add(worker)
        # Its first messages may have come before it was added (a worker that need not warm up is ready
        # at once): they were noted on the worker, and are acted on now.
        if worker.exited:
            self._on_exit(worker)
        elif worker.ready:
            self._make_idle(worker)

    def _post(self, worker: Worker, message: tuple) -> None:
        """Called on a worker's reader thread: hand the message to the event loop."""
        with contextlib.suppress(RuntimeError):  # the loop is closed: nobody listens any more
            self._loop.call_soon_threadsafe(self._on_message, worker, message)

    # ------------------------------------------------------------------ admission
    @property
    def active(self) -> int:
        return len(self.runs)

    def active_of(self, training: bool) -> int:
        return sum(1 for run in self.runs if run.is_training == training)

    def try_start(self, job: Any, outbox: Sink) -> Run | None:
        """Admit `job` (its events go to `outbox`), or None when every slot is taken."""
        if self.closing or len(self.runs) >= self.size:
            return None
        if not job.is_training and self.active_of(False) >= self.max_insights:
            return None
        run = Run(self, job, outbox)
        self.runs.add(run)
        self.waiting.append(run)
        self._assign()
        return run

    def _assign(self) -> None:
        while self.waiting and self.idle:
            run, worker = self.waiting.popleft(), self.idle.popleft()
            if run.finished.is_set():
                self.idle.appendleft(worker)
                continue
            run.worker, worker.run = worker, run
            worker.send(run.job)

    def release(self, run: Run) -> None:
        run.cancel_timers()
        self.runs.discard(run)
        with contextlib.suppress(ValueError):
            self.waiting.remove(run)
        run.finished.set()

    def kill_run(self, run: Run) -> None:
        """End `run` now: kill its worker (a new one is started) and end the run for the client."""
        if run.finished.is_set():
            return
        worker = run.worker
        if worker is not None:
            worker.run = None
            worker.kill()  # its reader thread reports ("exit",): the pool respawns then
        run.killed(run.stop_reason or "stopped by the server")
        self.release(run)

    # ------------------------------------------------------------------ messages from workers
    def _on_message(self, worker: Worker, message: tuple) -> None:
        kind = message[0]
        run = worker.run
        if kind == "event" and run is not None:
            run.deliver(*message[1:])
        elif kind == "done" and run is not None:
            worker.run = None
            run.worker_done()
            self.release(run)
            if worker.rss > worker.baseline_rss + RECYCLE_BYTES:
                worker.kill()  # replaced when its exit arrives
            else:
                self._make_idle(worker)
        elif kind == "ready":
            worker.ready, worker.baseline_rss = True, worker.rss
            self._make_idle(worker)  # nothing yet if _spawn has not added it: _spawn does it then
        elif kind == "exit":
            worker.exited = True
            if worker in self.workers:  # else _spawn sees `exited` when it adds it (or the lab closed)
                self._on_exit(worker)

    def _make_idle(self, worker: Worker) -> None:
        if self.closing or worker not in self.workers:
            return
        self.idle.append(worker)
        self._assign()

    def _on_exit(self, worker: Worker) -> None:
        self.workers.discard(worker)
        with contextlib.suppress(ValueError):
            self.idle.remove(worker)
        run, worker.run = worker.run, None
        if run is not None and not run.finished.is_set():
            run.died(worker.process.exitcode)
            self.release(run)
        if not self.closing and len(self.workers) < self.size:
            asyncio.get_running_loop().create_task(self._spawn())

    async def _watch_memory(self) -> None:
        """Kill a busy worker at once when it passes the memory limit (the estimate was wrong)."""
        while True:
            await asyncio.sleep(WATCH_EVERY_S)
            for run in list(self.runs):
                worker = run.worker
                if worker is not None and worker.rss > worker.baseline_rss + self.memory_limit_bytes:
                    limit = round(self.memory_limit_bytes / 2**20)
                    run.stop_reason = run.stop_reason or f"memory limit: the run passed {limit} MB"
                    self.kill_run(run)
