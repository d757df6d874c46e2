"""The epoch loop: several networks of one architecture trained in lockstep, yielding typed events.

Fairness by construction: networks with the same seed see the same data split, start from the same
weights and get the same mini-batches in the same order; only their dropout masks (a separate random
stream per network) and weight decay differ. Every reported metric except `batch_loss` is measured in
eval mode (no masks) under no_grad, on the full training and validation sets, after each epoch -- by
evaluation.py, on a copy of the weights, in a helper thread while training goes on (in a sharded run,
each shard's thread measures its own members' metrics after its epoch, and the helper thread only builds
the events and draws the maps).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import NamedTuple

import numpy as np
import torch
from torch import Tensor

from .config import TrainConfig
from .evaluation import Aborted, Evaluator
from .events import Event, NetworkSpec, RunFailed, RunFinished, RunStarted
from .network import StackedMLP
from .run_data import RunData
from .shards import Shard, shard_bounds
from .summary import differences, summarize

SHUFFLE_STREAM = 1  # offsets separating per-seed random streams (init uses the seed itself)
# Weight copies waiting for evaluation before training waits for it: MIN_PENDING..MAX_PENDING, as many
# as fit in PENDING_BYTES. A boundary map costs several epochs of training in one lump (the demo pair:
# ~22 ms against ~3.3 ms an epoch); a queue of 4 made training wait for every map (~10% of the pair's
# time), a deeper one lets evaluation catch up during the cheaper epochs that follow.
MIN_PENDING, MAX_PENDING = 4, 16
PENDING_BYTES = 8 * 2**20


def pending_limit(copy_bytes: int) -> int:
    """How many evaluations may wait, for weight copies of `copy_bytes` each."""
    return max(MIN_PENDING, min(MAX_PENDING, PENDING_BYTES // max(1, copy_bytes)))


FINAL_SNAPSHOT_S = 0.25  # after a stop, a missing final map is drawn only if it takes less than this


class Pending(NamedTuple):
    """An epoch handed to the evaluation thread."""

    epoch: int
    weights: Tensor  # flat copy taken after the epoch
    snapshot: bool
    result: Future[tuple[list[list[float]], list[Event]]]


class Trainer:
    """Holds the data, the stacked networks and the optimiser of one run; `events()` trains.

    After training, `model` holds the final weights (member k = networks[k]) and `data` the points
    (`data.splits`: X_train, y_train, X_val, y_val per seed), for the analyses that need them.
    """

    def __init__(
        self,
        config: TrainConfig,
        networks: Sequence[NetworkSpec],
        *,
        data: tuple[np.ndarray, np.ndarray] | None = None,
        dtype: torch.dtype = torch.float32,
        run_id: str | None = None,
    ):
        if not networks:
            raise ValueError("at least one network is needed")
        self.config = config
        self.networks = list(networks)
        self.dtype = dtype
        self.run_id = run_id or uuid.uuid4().hex[:12]
        self.data = d = RunData(config, networks, data, dtype)
        c = config
        self.model = StackedMLP(
            [n.seed for n in networks],
            layers=c.layers,
            neurons=c.neurons,
            activation=c.activation,
            dtype=dtype,
        )
        rows = min(c.batch_size or d.n_train, d.n_train)
        steps = -(-d.n_train // rows)  # mini-batches per epoch
        self.shards = [
            Shard(self.model, bounds, networks, c, max_rows=rows, max_steps=steps, dtype=dtype)
            for bounds in shard_bounds(c, len(networks), rows)
        ]
        self._shard_pool: ThreadPoolExecutor | None = None  # trains the second shard, if any
        # Sharded runs: each shard's thread measures its own members' eval-mode metrics right after
        # its epoch (live weights, still in its cache), so a sweep runs two compute threads on two
        # cores instead of three; `events` sets `_measure`, `_train_epoch` leaves (4, K) in `_measured`.
        self._measure: Callable[[int, int], Tensor] | None = None
        self._measured: Tensor | None = None

    # ------------------------------------------------------------------ one epoch
    def _train_epoch(
        self, shuffles: list[torch.Generator], should_stop: Callable[[], bool] | None = None
    ) -> Tensor | None:
        """One pass over the training set: the mean mini-batch loss per network, (K,).

        `should_stop` is polled (in this thread) before every mini-batch of the first shard; None means
        the epoch was abandoned. A second shard trains in a helper thread at the same time and stops
        before its next mini-batch once the first has seen the stop.
        """
        d, K = self.data, len(self.networks)
        n = d.n_train
        perms = torch.stack([torch.randperm(n, generator=g) for g in shuffles])[d.seed_index]  # (K, N)
        X = torch.gather(d.X_train, 1, perms.unsqueeze(-1).expand(K, n, 2))
        y = torch.gather(d.y_train, 1, perms)
        target = torch.nn.functional.one_hot(y, 2).to(self.dtype)  # (K, N, 2)
        batch = self.config.batch_size if 0 < self.config.batch_size < n else n
        first, *others = self.shards
        if not others:
            return first.train_epoch(X, target, batch, should_stop)
        stop = threading.Event()

        def poll() -> bool:
            if should_stop is not None and should_stop():
                stop.set()
            return stop.is_set()

        if self._shard_pool is None:
            self._shard_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dropout-lab-shard")
        measure = self._measure

        def train(shard: Shard, stop_check: Callable[[], bool]) -> tuple[Tensor | None, Tensor | None]:
            lo, hi = shard.lo, shard.hi
            loss = shard.train_epoch(X[lo:hi], target[lo:hi], batch, stop_check)
            if loss is None or measure is None:
                return loss, None
            try:
                return loss, measure(lo, hi)
            except Aborted:  # the run is stopping: the evaluation thread would drop it as well
                return loss, None

        job = self._shard_pool.submit(train, others[0], stop.is_set)
        mine: tuple[Tensor | None, Tensor | None] = (None, None)
        try:
            mine = train(first, poll)
            while mine[0] is not None and not job.done():  # keep polling while the other shard finishes
                if poll():
                    break
                wait([job], timeout=0.005)
        finally:
            if mine[0] is None:
                stop.set()
            theirs = job.result()
        if mine[1] is not None and theirs[1] is not None:
            self._measured = torch.cat([mine[1], theirs[1]], dim=1)
        return None if mine[0] is None or theirs[0] is None else torch.cat([mine[0], theirs[0]])

    def _last_masks(self) -> dict[int, list[list[bool]]]:
        """Kept/dropped flags of the first example of the last step, first 16 units, per dropout network."""
        shown = min(self.config.neurons, 16)
        return {k: kept for shard in self.shards for k, kept in shard.last_masks(shown).items()}

    # ------------------------------------------------------------------ the run
    def started_event(self) -> RunStarted:
        return RunStarted(
            run_id=self.run_id,
            config=self.config.model_dump(),
            data_source=self.data.source,
            networks=self.networks,
            data=self.data.payload(),
            extent=self.data.extent,
            grid_size=self.config.grid_size,
        )

    def _snapshot_due(self, epoch: int) -> bool:
        return epoch % self.config.snapshot_every == 0 or epoch == self.config.epochs

    def events(
        self,
        should_stop: Callable[[], bool] | None = None,
        on_epoch: Callable[[int, list[list[float]]], None] | None = None,
    ) -> Iterator[Event]:
        """Train, yielding run_started, per-epoch metrics, snapshots and run_finished (or run_failed).

        Evaluation and boundary maps run on a copy of the weights in one helper thread while training goes on
        (they cost as much as training, and the second core is otherwise idle); a sharded run already uses
        both cores, so its shards measure their members' metrics themselves (two compute threads, not three).
        Events still come out in epoch order. `should_stop` is polled before every mini-batch: when it returns
        True the run ends at once with ``run_finished(stopped=True)``. Its last epoch is the newest one whose
        evaluation had finished (work on later ones is abandoned), with a final boundary snapshot of that
        epoch if one is missing and can be drawn within FINAL_SNAPSHOT_S. Closing the generator also stops
        training and evaluation at once. `on_epoch(epoch, stats)`, if given, receives each evaluated epoch's
        (5, K) stats (train_loss, val_loss, train_acc, val_acc, batch_loss per network) just before that
        epoch's events: the analyses aggregate per epoch from it.
        """
        t0 = time.perf_counter()
        # One intra-op thread: these GEMMs are too small to split, and the second core is busy with
        # evaluation (PERFORMANCE.md: two threads on one small model are slower than one).
        threads = torch.get_num_threads()
        torch.set_num_threads(1)
        stopping = threading.Event()  # tells the evaluation thread to abandon its work
        evaluator = Evaluator(
            self.model,
            self.networks,
            run_id=self.run_id,
            X_all=self.data.X_all,
            y_all=self.data.y_all,
            n_train=self.data.n_train,
            grid=self.data.grid,
            grid_size=self.config.grid_size,
            extent=self.data.extent,
            aborted=stopping.is_set,
        )
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dropout-lab-eval")  # FIFO: keeps order
        if len(self.shards) > 1:
            self._measure = lambda lo, hi: evaluator.metrics(self.model.flat, lo, hi)
        pending: deque[Pending] = deque()
        max_pending = pending_limit(self.model.flat.numel() * self.model.flat.element_size())
        history: list[list[list[float]]] = []
        newest: list[Pending] = []  # the newest evaluated epoch, once there is one
        snapshotted = [0]  # epoch of the newest snapshot yielded

        def deliver(block: bool) -> Iterator[Event]:
            """Events of evaluated epochs, in order; waits for them when `block` or too many queue up."""
            while pending and (block or pending[0].result.done() or len(pending) > max_pending):
                item = pending.popleft()
                stats, events = item.result.result()
                history.append(stats)
                if on_epoch is not None:
                    on_epoch(item.epoch, stats)
                newest[:] = [item]
                if item.snapshot:
                    snapshotted[0] = item.epoch
                yield from events

        def abandon_pending() -> None:
            """After a stop: keep what evaluation finished, in order, up to the first abandoned epoch."""
            stopping.set()
            for item in pending:
                item.result.cancel()  # not started yet: dropped
            wait([item.result for item in pending])  # the running one aborts within one block
            finished = 0
            for item in pending:
                if item.result.cancelled() or isinstance(item.result.exception(), Aborted):
                    break
                finished += 1
            while len(pending) > finished:
                pending.pop()

        try:
            yield self.started_event()
            shuffles = [
                torch.Generator().manual_seed(s * 1_000_003 + SHUFFLE_STREAM) for s in self.data.seeds
            ]
            for epoch in range(1, self.config.epochs + 1):
                self._measured = None
                batch_loss = self._train_epoch(shuffles, should_stop)
                if batch_loss is None:
                    abandon_pending()
                    break
                weights = self.model.flat.clone()
                snapshot = self._snapshot_due(epoch)
                masks = self._last_masks()
                measured = self._measured
                job = pool.submit(
                    evaluator.epoch_events, epoch, weights, batch_loss, masks, snapshot, measured
                )
                pending.append(Pending(epoch, weights, snapshot, job))
                yield from deliver(block=False)
            yield from deliver(block=True)
            stopped = len(history) < self.config.epochs
            if stopped and newest and snapshotted[0] != newest[0].epoch:
                last = newest[0]
                try:  # the final map, if it is quick (a stop must not wait for a large grid)
                    yield from evaluator.snapshots(
                        last.epoch, last.weights, time.monotonic() + FINAL_SNAPSHOT_S
                    )
                except Aborted:
                    pass  # the newest earlier map stands; it shows its epoch
            summary = summarize(self.networks, np.array(history)) if history else []
            yield RunFinished(
                run_id=self.run_id,
                stopped=stopped,
                elapsed_s=round(time.perf_counter() - t0, 3),
                summary=summary,
                differences=differences(summary),
            )
        except Exception as exc:  # a failed run is an event, not a crash of the consumer
            yield RunFailed(run_id=self.run_id, reason=f"{type(exc).__name__}: {exc}")
        finally:
            stopping.set()
            pool.shutdown(wait=True, cancel_futures=True)  # the running evaluation aborts within a block
            if self._shard_pool is not None:
                self._shard_pool.shutdown(wait=True)
                self._shard_pool = None
            self._measure = self._measured = None
            for shard in self.shards:  # the analyses keep the Trainer (model, data) while the next run trains
                shard.release()
            pending.clear()  # and their weight copies
            newest.clear()
            torch.set_num_threads(threads)
