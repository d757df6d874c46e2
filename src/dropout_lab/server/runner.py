"""Runs jobs off the event loop: a bounded pool of worker threads, one engine generator each.

The engine is CPU-bound PyTorch; a worker thread iterates its event generator and hands each event
(as a JSON-ready dict) to the event loop. At most `max_jobs` run at once: beyond that `try_start`
returns None and the caller answers "busy" -- there is no queue. Stopping (the user's Stop or a closed
socket) sets the engine's `should_stop` flag: it ends the run after the current epoch with
run_finished(stopped=true); the generator is always closed, so no orphan work survives.
This module knows nothing of HTTP or WebSockets.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

# (job, should_stop) -> generator of pydantic events, e.g. jobs.job_events
EventSource = Callable[[Any, Callable[[], bool]], Iterator[Any]]

# Events in flight between the worker and the socket: the worker waits (backpressure) beyond this.
MAX_IN_FLIGHT = 256
_END = object()


def default_max_jobs() -> int:
    """One training per core: each training uses one torch thread."""
    return max(1, os.cpu_count() or 1)


class Training:
    """One running training: iterate `events()` on the event loop, call `stop()` from anywhere."""

    def __init__(self, source: EventSource, job: Any, release: Callable[[], None]):
        self._source = source
        self._job = job
        self._release = release
        self._loop = asyncio.get_running_loop()
        self._queue: asyncio.Queue[Any] = asyncio.Queue()
        self._credits = threading.Semaphore(MAX_IN_FLIGHT)
        self._stop = threading.Event()
        self.finished = threading.Event()  # set when the worker has closed the generator

    def stop(self) -> None:
        """Ask the engine to stop after the current epoch; safe to call twice or after the end."""
        self._stop.set()

    @property
    def stop_requested(self) -> bool:
        return self._stop.is_set()

    async def events(self) -> AsyncIterator[dict[str, Any]]:
        """The engine's events as dicts, in order, until the run ends or is stopped."""
        while True:
            item = await self._queue.get()
            if item is _END:
                return
            self._credits.release()
            yield item

    def work(self) -> None:
        """Worker-thread body: pump the generator; always close it and free the slot."""
        try:
            events = self._source(self._job, self._stop.is_set)
            try:
                for event in events:
                    if not self._emit(event.model_dump(mode="json")):
                        break  # stopped and nobody reads any more: don't wait for run_finished
            finally:
                close = getattr(events, "close", None)  # a generator: GeneratorExit stops training here
                if close is not None:
                    close()
        except Exception as exc:  # the engine's failure becomes a message, never a dead socket
            self._emit({"type": "run_failed", "run_id": "", "reason": f"{type(exc).__name__}: {exc}"})
        finally:
            self.finished.set()
            self._release()
            self._loop.call_soon_threadsafe(self._queue.put_nowait, _END)

    def _emit(self, payload: dict[str, Any]) -> bool:
        """Hand one event to the loop; False when stopped while waiting for the consumer."""
        while not self._credits.acquire(timeout=0.05):
            if self._stop.is_set():
                return False
        try:
            self._loop.call_soon_threadsafe(self._queue.put_nowait, payload)
        except RuntimeError:  # the loop is closed: nobody is listening any more
            return False
        return True


class TrainingRunner:
    """Owns the worker threads and the concurrency bound."""

    def __init__(self, source: EventSource, max_jobs: int | None = None):
        self.max_jobs = max_jobs or default_max_jobs()
        self._source = source
        self._slots = threading.BoundedSemaphore(self.max_jobs)
        self._executor = ThreadPoolExecutor(self.max_jobs, thread_name_prefix="job")
        self._lock = threading.Lock()
        self._active: set[Training] = set()

    @property
    def active(self) -> int:
        with self._lock:
            return len(self._active)

    def try_start(self, job: Any) -> Training | None:
        """Start a job now, or return None when every slot is taken (call on the event loop)."""
        if not self._slots.acquire(blocking=False):
            return None
        training: Training

        def release() -> None:
            with self._lock:
                self._active.discard(training)
            self._slots.release()

        training = Training(self._source, job, release)
        with self._lock:
            self._active.add(training)
        self._executor.submit(training.work)
        return training

    def shutdown(self) -> None:
        """Stop every training and wait for the workers (server shutdown)."""
        with self._lock:
            running = list(self._active)
        for training in running:
            training.stop()
        self._executor.shutdown(wait=True, cancel_futures=True)
