"""The epoch loop: several networks of one architecture trained in lockstep, yielding typed events.

Fairness by construction: networks with the same seed see the same data split, start from the same
weights and get the same mini-batches in the same order; only their dropout masks (a separate random
stream per network) and weight decay differ. Every reported metric except `batch_loss` is measured in
eval mode (no masks) under no_grad, on the full training and validation sets, after each epoch -- by
evaluation.py, on a copy of the weights, in a helper thread while training goes on.
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
from .dropout import DropoutMasks
from .evaluation import Aborted, Evaluator
from .events import Event, NetworkSpec, RunFailed, RunFinished, RunStarted
from .network import StackedMLP, split_flat
from .optim import FlatAdam, TorchSGD
from .run_data import RunData
from .summary import differences, summarize

SHUFFLE_STREAM = 1  # offsets separating per-seed random streams (init uses the seed itself)
MAX_PENDING = 4  # weight copies waiting for evaluation before training waits for it
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
        self.masks = DropoutMasks(
            [n.dropout for n in networks],
            [n.seed for n in networks],
            layers=c.layers,
            neurons=c.neurons,
            max_rows=min(c.batch_size or d.n_train, d.n_train),
            dtype=dtype,
        )
        self.last_multipliers: list[Tensor] | None = None  # the masks of the newest training step
        # Per-network L2 coefficient laid out like the flat parameter buffer (coupled L2, as torch's
        # Adam/SGD `weight_decay`), so one fused step serves networks with different decay.
        self.decay = torch.zeros_like(self.model.flat)
        for view in split_flat(self.decay, self.model.shapes):
            for k, net in enumerate(networks):
                view[k] = net.weight_decay
        self.has_decay = any(n.weight_decay > 0 for n in networks)
        flat, grad = self.model.flat, self.model.flat_grad  # backward() writes grad in place
        if c.optimizer == "adam":
            self.optimizer: FlatAdam | TorchSGD = FlatAdam(flat, grad, lr=c.lr)
        else:
            self.optimizer = TorchSGD(flat, grad, lr=c.lr, momentum=c.momentum)

    # ------------------------------------------------------------------ one epoch
    def _train_epoch(
        self, shuffles: list[torch.Generator], should_stop: Callable[[], bool] | None = None
    ) -> Tensor | None:
        """One pass over the training set: the mean mini-batch loss per network, (K,).

        `should_stop` is polled before every mini-batch; None means the epoch was abandoned.
        """
        d, K = self.data, len(self.networks)
        n = d.n_train
        perms = torch.stack([torch.randperm(n, generator=g) for g in shuffles])[d.seed_index]  # (K, N)
        X = torch.gather(d.X_train, 1, perms.unsqueeze(-1).expand(K, n, 2))
        y = torch.gather(d.y_train, 1, perms)
        # class-major (K, 2, N), as the network's output layer computes its logits
        target = torch.nn.functional.one_hot(y, 2).to(self.dtype).transpose(1, 2).contiguous()
        batch = self.config.batch_size if 0 < self.config.batch_size < n else n
        log_likelihood = torch.zeros(K, 2, batch, dtype=self.dtype)  # sum of target * log p per position
        decay = self.has_decay
        flat, flat_grad = self.model.flat, self.model.flat_grad
        full, rest = divmod(n, batch)
        start = 0
        for n_steps, nb in ((full, batch), (1 if rest else 0, rest)):
            for multipliers in self.masks.steps(n_steps, nb):  # drawn an epoch (chunk) at a time
                if should_stop is not None and should_stop():
                    return None
                xb, tb = X[:, start : start + nb], target[:, :, start : start + nb]
                start += nb
                logits, cache = self.model.forward(xb, multipliers)
                logp = torch.log_softmax(logits.transpose(1, 2), dim=1)  # (K, 2, B), contiguous
                log_likelihood[:, :, :nb].addcmul_(logp, tb)
                dlogits = logp.exp_().sub_(tb).div_(nb)  # d mean-CE / d logits = (softmax - target) / B
                self.model.backward(cache, dlogits.transpose(1, 2))  # -> flat_grad
                if decay:
                    flat_grad.addcmul_(self.decay, flat)
                self.optimizer.step()
                self.last_multipliers = multipliers
        return -log_likelihood.sum(dim=(1, 2)) / n

    def _last_masks(self) -> dict[int, list[list[bool]]]:
        """Kept/dropped flags of the first example of the last step, first 16 units, per dropout network."""
        shown = min(self.config.neurons, 16)
        last = self.last_multipliers
        if last is None:
            return {}
        kept = torch.stack([m[:, 0, :shown] for m in last], dim=1) != 0  # (K, layers, shown)
        return {k: kept[k].tolist() for k in self.masks.active}

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

    def events(self, should_stop: Callable[[], bool] | None = None) -> Iterator[Event]:
        """Train, yielding run_started, per-epoch metrics, snapshots and run_finished (or run_failed).

        Evaluation and boundary maps run on a copy of the weights in one helper thread while training
        goes on (they cost as much as training, and the second core is otherwise idle); events still
        come out in epoch order. `should_stop` is polled before every mini-batch: when it returns True
        the run ends at once with ``run_finished(stopped=True)``. Its last epoch is the newest one whose
        evaluation had finished (work on later ones is abandoned), with a final boundary snapshot of
        that epoch if one is missing and can be drawn within FINAL_SNAPSHOT_S. Closing the generator
        also stops training and evaluation at once.
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
        pending: deque[Pending] = deque()
        history: list[list[list[float]]] = []
        newest: list[Pending] = []  # the newest evaluated epoch, once there is one
        snapshotted = [0]  # epoch of the newest snapshot yielded

        def deliver(block: bool) -> Iterator[Event]:
            """Events of evaluated epochs, in order; waits for them when `block` or too many queue up."""
            while pending and (block or pending[0].result.done() or len(pending) > MAX_PENDING):
                item = pending.popleft()
                stats, events = item.result.result()
                history.append(stats)
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
                batch_loss = self._train_epoch(shuffles, should_stop)
                if batch_loss is None:
                    abandon_pending()
                    break
                weights = self.model.flat.clone()
                snapshot = self._snapshot_due(epoch)
                masks = self._last_masks()
                job = pool.submit(evaluator.epoch_events, epoch, weights, batch_loss, masks, snapshot)
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
            torch.set_num_threads(threads)
