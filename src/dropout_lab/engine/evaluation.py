"""Eval-mode measurements of a run's networks, from a copy of their weights: metrics and boundary maps.

Everything here runs in eval mode (no dropout masks) under no_grad, on the FULL training and
validation sets, so the gap (validation - training loss) is honest. Work is cut into row blocks of
bounded size, and `aborted()` is checked between blocks: a stop never waits for a large grid.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

import torch
from torch import Tensor

from .events import BoundarySnapshot, DropoutMask, EpochFinished, Event, NetworkSpec
from .network import StackedMLP, split_flat

METRIC_BLOCK_ELEMENTS = 1 << 18  # rows x units x networks per metrics block: ~1 MB of float32


class Aborted(Exception):  # noqa: N818 -- control flow, not an error
    """The run is stopping: the measurement in progress is abandoned."""


def grid_points(
    extent: tuple[float, float, float, float], size: int, dtype: torch.dtype = torch.float32
) -> Tensor:
    """(size*size, 2) points over extent, row-major: row i is y_i (row 0 at y_min), column j is x_j."""
    x0, x1, y0, y1 = extent
    gy = torch.linspace(y0, y1, size, dtype=dtype)
    gx = torch.linspace(x0, x1, size, dtype=dtype)
    yy, xx = torch.meshgrid(gy, gx, indexing="ij")
    return torch.stack([xx.reshape(-1), yy.reshape(-1)], dim=1)


class Evaluator:
    """Measures one run's networks after an epoch: one eval pass over both sets, then the grid.

    X_all (K, N + V, 2) holds each network's training points followed by its validation points.
    """

    def __init__(
        self,
        model: StackedMLP,
        networks: Sequence[NetworkSpec],
        *,
        run_id: str,
        X_all: Tensor,
        y_all: Tensor,
        n_train: int,
        grid: Tensor,
        grid_size: int,
        extent: tuple[float, float, float, float],
        aborted: Callable[[], bool] = lambda: False,
    ):
        self.model = model
        self.networks = list(networks)
        self.run_id = run_id
        self.X_all, self.y_all, self.n_train = X_all, y_all, n_train
        self.is_one = y_all == 1  # (K, N + V)
        self.sign = 1 - 2 * y_all.to(X_all.dtype)  # -1 for class 1, +1 for class 0
        self.grid, self.grid_size, self.extent = grid, grid_size, extent
        self.aborted = aborted

    def _check(self, deadline: float | None = None) -> None:
        """Raise Aborted when the run is stopping -- or, given a deadline, only when it has passed."""
        if (time.monotonic() > deadline) if deadline is not None else self.aborted():
            raise Aborted()

    def metrics(self, flat_weights: Tensor, lo: int = 0, hi: int | None = None) -> Tensor:
        """(4, hi - lo): train_loss, val_loss, train_acc, val_acc in eval mode on the full sets, of
        members lo..hi-1 (default: all). A shard's thread measures its own members this way."""
        hi = self.y_all.shape[0] if hi is None else hi
        weights = [w[lo:hi] for w in split_flat(flat_weights, self.model.shapes)]
        X_all, sign, is_one = self.X_all[lo:hi], self.sign[lo:hi], self.is_one[lo:hi]
        K, rows = hi - lo, self.y_all.shape[1]
        nll = torch.empty(K, rows, dtype=flat_weights.dtype)
        correct = torch.empty(K, rows, dtype=torch.bool)
        # Blocks of ~1 MB of activations stay in cache between a layer's product and its activation.
        block = max(1, METRIC_BLOCK_ELEMENTS // (K * self.model.neurons))
        with torch.no_grad():
            for start in range(0, rows, block):
                self._check()
                stop = start + block
                d = self.model.margin(X_all[:, start:stop], weights=weights)  # (K, b): l1 - l0
                # -log softmax[y] = softplus(l_other - l_y) = softplus(d * (1 - 2y))
                nll[:, start:stop] = torch.nn.functional.softplus(d * sign[:, start:stop])
                torch.eq(d > 0, is_one[:, start:stop], out=correct[:, start:stop])  # argmax, ties -> 0
        n = self.n_train
        acc = correct.to(flat_weights.dtype)
        return torch.stack([nll[:, :n].mean(1), nll[:, n:].mean(1), acc[:, :n].mean(1), acc[:, n:].mean(1)])

    def epoch_events(
        self,
        epoch: int,
        flat_weights: Tensor,
        batch_loss: Tensor,
        masks: dict[int, list[list[bool]]],
        snapshot: bool,
        measured: Tensor | None = None,
    ) -> tuple[list[list[float]], list[Event]]:
        """The (5, K) stats (train_loss, val_loss, train_acc, val_acc, batch_loss) and the epoch's events.

        Events: one epoch_finished per network, one dropout_mask per dropout network (`masks`: kept
        flags of the epoch's last step), then the boundary snapshots if `snapshot`. `measured`, if
        given, is the epoch's (4, K) `metrics`, already measured (by the shards' threads). Raises Aborted.
        """
        metrics = self.metrics(flat_weights) if measured is None else measured
        stats = torch.cat([metrics, batch_loss.unsqueeze(0)]).tolist()
        events: list[Event] = []
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
        if snapshot:
            events += self.snapshots(epoch, flat_weights)
        return stats, events

    def snapshots(
        self, epoch: int, flat_weights: Tensor, deadline: float | None = None
    ) -> list[BoundarySnapshot]:
        """One boundary_snapshot per network: eval-mode p(class 1) on the grid. Raises Aborted."""
        weights = split_flat(flat_weights, self.model.shapes)
        probs = self.model.predict_proba(self.grid, weights=weights, check=lambda: self._check(deadline))
        rounded = (torch.round(probs.double() * 1000) / 1000).tolist()
        return [
            BoundarySnapshot.model_construct(  # skip re-validating 10k floats we just made
                type="boundary_snapshot",
                run_id=self.run_id,
                network=net.name,
                epoch=epoch,
                grid_size=self.grid_size,
                extent=self.extent,
                probs=rounded[k],
            )
            for k, net in enumerate(self.networks)
        ]
