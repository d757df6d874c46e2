"""What a run costs, from its configuration alone: floating-point operations by kind of work.

One model serves the server's budget (refuse what is too expensive before it starts) and the
benchmarks (share of the machine's sustained matmul FLOP/s). It counts the matrix products, which
dominate at these sizes; element-wise work (activations, masks, Adam) is left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from .config import TrainConfig


def forward_flops(layers: int, neurons: int) -> int:
    """FLOPs of one eval-mode forward pass of one sample through 2 -> neurons x layers -> 2."""
    return 2 * (2 * neurons + (layers - 1) * neurons * neurons + neurons * 2)


@dataclass(frozen=True)
class RunFlops:
    """FLOPs of one run of `n_networks` stacked networks, by kind of work."""

    training: float  # forward + backward (about 3 forward passes) over the training set, every epoch
    evaluation: float  # one eval forward over training + validation set, every epoch
    snapshots: float  # one eval forward over the boundary grid per snapshot

    @property
    def total(self) -> float:
        return self.training + self.evaluation + self.snapshots


def n_snapshots(config: TrainConfig) -> int:
    """Boundary snapshots of a full run: every snapshot_every epochs, and after the last epoch."""
    regular = config.epochs // config.snapshot_every
    return regular + (0 if config.epochs % config.snapshot_every == 0 else 1)


def run_flops(config: TrainConfig, n_networks: int, n_points: int | None = None) -> RunFlops:
    """FLOPs of training `n_networks` networks of `config` for all its epochs.

    `n_points` (training + validation) defaults to the configured n_samples.
    """
    points = config.n_samples if n_points is None else n_points
    n_val = round(points * config.val_share)
    n_train = points - n_val
    f = forward_flops(config.layers, config.neurons) * n_networks
    return RunFlops(
        training=3.0 * f * n_train * config.epochs,
        evaluation=1.0 * f * points * config.epochs,
        snapshots=1.0 * f * config.grid_size**2 * n_snapshots(config),
    )
