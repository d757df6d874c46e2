"""A worker's first message may reach the runner before the runner has added the worker (one that need
not warm up is ready at once): it must still count. Lost, the lab never finished starting (its pool waited
for a ready worker it had dropped): an e2e flake with `warm_up=False`."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from dropout_lab.server import runner as runner_module
from dropout_lab.server.runner import JobRunner


class EarlyWorker:
    """Stands in for pool.Worker: posts `first` from its constructor (as the reader thread would), then
    takes a little longer to be handed back, so the message is handled before the runner adds it."""

    def __init__(self, ctx, warm, dispatch, store=None, *, first: tuple = ("ready", 1)):
        self.ready = self.exited = False
        self.rss = self.baseline_rss = 0
        self.run = None
        self.killed = False
        dispatch(self, first)
        time.sleep(0.2)

    def kill(self) -> None:
        self.killed = True


@pytest.mark.parametrize("first", [("ready", 1), ("exit",)])
def test_a_message_that_comes_before_the_worker_is_added_still_counts(monkeypatch, first):
    spawned: list[EarlyWorker] = []

    def make(*args, **kwargs):
        worker = EarlyWorker(*args, first=first if not spawned else ("ready", 2))  # a replacement is fine
        spawned.append(worker)
        return worker

    monkeypatch.setattr(runner_module, "Worker", make)

    async def scenario() -> JobRunner:
        runner = JobRunner(1, warm_up=False)
        runner._loop = asyncio.get_running_loop()
        await runner._spawn()
        await asyncio.sleep(0.5)  # a replacement, if one was asked for, has been started
        runner.closing = True
        return runner

    # A loop of its own in a thread of its own: in the full suite the main thread may already run one
    with ThreadPoolExecutor(1) as pool:
        runner = pool.submit(lambda: asyncio.run(scenario())).result(timeout=30)
    first_worker = spawned[0]
    if first[0] == "ready":
        assert first_worker.ready and list(runner.idle) == [first_worker]  # ready: it takes jobs
    else:
        assert first_worker not in runner.workers  # gone before it was added: not kept as a worker ...
        assert len(spawned) == 2 and list(runner.idle) == [spawned[1]]  # ... and replaced
