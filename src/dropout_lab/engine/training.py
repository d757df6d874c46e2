"""Training loop: several networks of one architecture trained in lockstep, yielding typed events.

Fairness by construction: networks with the same seed see the same data split, start from the same
weights and get the same mini-batches in the same order; only their dropout masks (a separate random
stream per network) and weight decay differ. Every reported metric except `batch_loss` is measured in
eval mode (no masks) under no_grad, on the full training and validation sets, after each epoch.
"""

from __future__ import annotations

import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Literal

import numpy as np
import torch
from torch import Tensor

from .config import TrainConfig
from .datasets import grid_extent, make_dataset, split_train_val
from .dropout import DropoutMasks
from .events import (
    BoundarySnapshot,
    DataSplit,
    DropoutMask,
    EpochFinished,
    Event,
    NetworkSpec,
    RunFailed,
    RunFinished,
    RunStarted,
)
from .network import StackedMLP, split_flat
from .optim import FlatAdam, TorchSGD
from .summary import differences, summarize

SHUFFLE_STREAM = 1  # offsets separating per-seed random streams (init uses the seed itself)


def _stack(arrays: Sequence[np.ndarray], index: Sequence[int], dtype: torch.dtype | None = None) -> Tensor:
    """(K, ...) tensor with arrays[index[k]] as member k's slice."""
    t = torch.from_numpy(np.stack(arrays))
    return (t.to(dtype) if dtype is not None else t)[list(index)]


class Trainer:
    """Holds the data, the stacked networks and the optimiser of one run; `events()` trains.

    After training, `model` holds the final weights (member k = networks[k]) and `splits` the data
    (X_train, y_train, X_val, y_val) per seed, for the analyses that need them.
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
        self.seeds = list(dict.fromkeys(n.seed for n in networks))  # distinct, in order
        self.splits = [self._make_split(s, data) for s in self.seeds]
        self.data_source: Literal["generated", "custom"] = "generated" if data is None else "custom"
        idx = [self.seeds.index(n.seed) for n in networks]
        self.X_train = _stack([s[0] for s in self.splits], idx, dtype)  # (K, N, 2)
        self.y_train = _stack([s[1] for s in self.splits], idx)  # (K, N)
        X_val = _stack([s[2] for s in self.splits], idx, dtype)
        y_val = _stack([s[3] for s in self.splits], idx)
        self.X_all = torch.cat([self.X_train, X_val], dim=1)  # (K, N + V, 2): one eval pass for both sets
        self.y_all = torch.cat([self.y_train, y_val], dim=1)
        self.n_train = self.X_train.shape[1]
        self.seed_index = torch.tensor(idx)

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
            max_rows=min(c.batch_size or self.n_train, self.n_train),
            dtype=dtype,
        )
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
        self.extent = grid_extent(np.concatenate([np.concatenate([s[0], s[2]]) for s in self.splits]))
        x0, x1, y0, y1 = self.extent
        gx = torch.linspace(x0, x1, c.grid_size, dtype=dtype)
        gy = torch.linspace(y0, y1, c.grid_size, dtype=dtype)
        yy, xx = torch.meshgrid(gy, gx, indexing="ij")  # row i = y_i, column j = x_j
        self.grid = torch.stack([xx.reshape(-1), yy.reshape(-1)], dim=1)  # (G*G, 2)

    def _make_split(self, seed: int, data: tuple[np.ndarray, np.ndarray] | None):
        c = self.config
        if data is None:
            X, y = make_dataset(c.dataset, c.n_samples, noise=c.noise, random_state=seed)
        else:
            X, y = np.asarray(data[0], dtype=np.float32), np.asarray(data[1], dtype=np.int64)
        return split_train_val(X, y, val_share=c.val_share, random_state=seed)

    # ------------------------------------------------------------------ one epoch
    def _train_epoch(self, shuffles: list[torch.Generator]) -> Tensor:
        """One pass over the training set; returns the mean mini-batch loss per network, (K,)."""
        n, K = self.n_train, len(self.networks)
        perms = torch.stack([torch.randperm(n, generator=g) for g in shuffles])[self.seed_index]  # (K, N)
        X = torch.gather(self.X_train, 1, perms.unsqueeze(-1).expand(K, n, 2))
        y = torch.gather(self.y_train, 1, perms)
        target = torch.nn.functional.one_hot(y, 2).to(self.dtype)  # (K, N, 2)
        batch = self.config.batch_size if 0 < self.config.batch_size < n else n
        loss_sum = torch.zeros(K, dtype=self.dtype)
        decay = self.has_decay
        flat, flat_grad = self.model.flat, self.model.flat_grad
        for start in range(0, n, batch):
            xb, tb = X[:, start : start + batch], target[:, start : start + batch]
            nb = xb.shape[1]
            logits, cache = self.model.forward(xb, self.masks.sample(nb))
            logp = torch.log_softmax(logits, dim=-1)  # (K, B, 2)
            loss_sum -= (logp * tb).sum(dim=(1, 2))
            self.model.backward(cache, (logp.exp() - tb) / nb)  # d mean-CE / d logits -> flat_grad
            if decay:
                flat_grad.addcmul_(self.decay, flat)
            self.optimizer.step()
        return loss_sum / n

    def _last_masks(self) -> dict[int, list[list[bool]]]:
        """Kept/dropped flags of the first example of the last step, first 16 units, per dropout network."""
        shown = min(self.config.neurons, 16)
        return {k: (self.masks.buffer[k, :, 0, :shown] != 0).tolist() for k in self.masks.active}

    def _evaluate(
        self, epoch: int, flat_weights: Tensor, batch_loss: Tensor, masks: dict[int, list[list[bool]]]
    ) -> tuple[list[list[float]], list]:
        """Eval mode on the full sets from a copy of the weights taken after `epoch`.

        Returns the (5, K) stats (train_loss, val_loss, train_acc, val_acc, batch_loss) and the events:
        one epoch_finished per network, one dropout_mask per dropout network (`masks`: the kept flags
        of the epoch's last step), then the boundary snapshots if this epoch has them.
        """
        weights = split_flat(flat_weights, self.model.shapes)
        with torch.no_grad():
            logits, _ = self.model.forward(self.X_all, weights=weights)  # no multipliers: dropout off
            nll = -torch.log_softmax(logits, -1).gather(-1, self.y_all.unsqueeze(-1)).squeeze(-1)  # (K, N+V)
            correct = (logits.argmax(-1) == self.y_all).to(self.dtype)
            n = self.n_train
            rows = [nll[:, :n].mean(1), nll[:, n:].mean(1), correct[:, :n].mean(1), correct[:, n:].mean(1)]
            stats = torch.stack(rows + [batch_loss]).tolist()
        events: list = []
        for k, net in enumerate(self.networks):
            tr, va, tra, vaa, bl = (row[k] for row in stats)
            events.append(
                EpochFinished(
                    run_id=self.run_id,
                    network=net.name,
                    epoch=epoch,
                    train_loss=tr,
                    val_loss=va,
                    gap=va - tr,
                    train_acc=tra,
                    val_acc=vaa,
                    batch_loss=bl,
                )
            )
        for k, kept in masks.items():
            p = self.networks[k].dropout
            events.append(
                DropoutMask(
                    run_id=self.run_id,
                    network=self.networks[k].name,
                    epoch=epoch,
                    p=p,
                    scale=1 / (1 - p),
                    kept=kept,
                )
            )
        c = self.config
        if epoch % c.snapshot_every == 0 or epoch == c.epochs or epoch == self.last_epoch:
            events += self._snapshots(epoch, weights)
        return stats, events

    def _snapshots(self, epoch: int, weights: list[Tensor]) -> list[BoundarySnapshot]:
        probs = self.model.predict_proba(self.grid, weights=weights)
        rounded = (torch.round(probs.double() * 1000) / 1000).tolist()
        return [
            BoundarySnapshot.model_construct(  # skip re-validating 10k floats we just made
                type="boundary_snapshot",
                run_id=self.run_id,
                network=net.name,
                epoch=epoch,
                grid_size=self.config.grid_size,
                extent=self.extent,
                probs=rounded[k],
            )
            for k, net in enumerate(self.networks)
        ]

    # ------------------------------------------------------------------ the run
    def started_event(self) -> RunStarted:
        data = [
            DataSplit(
                seed=seed,
                X_train=s[0].tolist(),
                y_train=s[1].tolist(),
                X_val=s[2].tolist(),
                y_val=s[3].tolist(),
            )
            for seed, s in zip(self.seeds, self.splits, strict=True)
        ]
        return RunStarted(
            run_id=self.run_id,
            config=self.config.model_dump(),
            data_source=self.data_source,
            networks=self.networks,
            data=data,
            extent=self.extent,
            grid_size=self.config.grid_size,
        )

    def events(self, should_stop: Callable[[], bool] | None = None) -> Iterator[Event]:
        """Train, yielding run_started, per-epoch metrics, snapshots and run_finished (or run_failed).

        Evaluation and boundary maps run on a copy of the weights in one helper thread while training
        goes on (they cost as much as training, and the second core is otherwise idle); events still
        come out in epoch order. `should_stop` is polled after every epoch: when it returns True the
        run ends early with a final snapshot and ``run_finished(stopped=True)``. Closing the generator
        also stops training at once.
        """
        t0 = time.perf_counter()
        # One intra-op thread: these GEMMs are too small to split, and the second core is busy with
        # evaluation (PERFORMANCE.md: two threads on one small model are slower than one).
        threads = torch.get_num_threads()
        torch.set_num_threads(1)
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dropout-lab-eval")  # FIFO: keeps order
        pending: deque[Future[tuple[list[list[float]], list]]] = deque()
        history: list[list[list[float]]] = []
        self.last_epoch = self.config.epochs

        def drain(block: bool) -> Iterator[Event]:
            # never let more than a few weight copies queue up if evaluation is the slower side
            while pending and (block or pending[0].done() or len(pending) > 4):
                stats, events = pending.popleft().result()
                history.append(stats)
                yield from events

        try:
            yield self.started_event()
            shuffles = [torch.Generator().manual_seed(s * 1_000_003 + SHUFFLE_STREAM) for s in self.seeds]
            epochs, stopped, epoch = self.config.epochs, False, 0
            for epoch in range(1, epochs + 1):
                batch_loss = self._train_epoch(shuffles)
                stopped = epoch < epochs and should_stop is not None and should_stop()
                if stopped:
                    self.last_epoch = epoch
                weights = self.model.flat.clone()
                pending.append(pool.submit(self._evaluate, epoch, weights, batch_loss, self._last_masks()))
                yield from drain(block=stopped)
                if stopped:
                    break
            yield from drain(block=True)
            summary = summarize(self.networks, np.array(history))
            elapsed = round(time.perf_counter() - t0, 3)
            yield RunFinished(
                run_id=self.run_id,
                stopped=stopped,
                elapsed_s=elapsed,
                summary=summary,
                differences=differences(summary),
            )
        except Exception as exc:  # a failed run is an event, not a crash of the consumer
            yield RunFailed(run_id=self.run_id, reason=f"{type(exc).__name__}: {exc}")
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
            torch.set_num_threads(threads)
