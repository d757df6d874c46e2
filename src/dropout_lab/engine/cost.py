"""What a run costs, from its configuration alone: matrix-product FLOPs, CPU seconds and peak memory.

One model serves the server's budget (refuse what is too expensive before it starts), the CLI's "this
will take a while" note and the benchmarks (share of the machine's sustained matmul FLOP/s). A run is
one batched Trainer run (K stacked networks, see training.py); `PassShape` covers the forward passes
some analyses make afterwards. Seconds are CPU seconds of one core (the training thread plus the
evaluation thread), fitted on the reference 2-vCPU machine (benchmarks/calibrate_cost.py re-fits them):
they cover the matrix products, per-step and per-epoch overhead, element-wise work, dropout masks, Adam
and the boundary maps' JSON. Memory is the peak the run adds to a warm worker (tensors alive at once,
times an allocator margin). This module knows nothing of the web, files or plots.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .config import TrainConfig

FLOAT_BYTES = 4  # float32
# CPU seconds per unit of each feature (see `RunShape.features`), fitted by benchmarks/calibrate_cost.py.
SECONDS_PER = {
    "matmul_flop": 1.25e-11,  # matrix products at ~80 GFLOP/s (batched small shapes, 1 thread)
    "step": 70e-6,  # Python and kernel launches per mini-batch step
    "step_layer": 36e-6,  # ... and per layer of a step
    "element": 1.7e-9,  # element-wise work per activation element (forward and backward)
    "mask_element": 7e-9,  # drawing one dropout mask element
    "mask_network_step": 31e-6,  # one mask draw call per dropout network per step
    "param_step": 2.1e-9,  # optimiser work per parameter per step
    "epoch": 0.45e-3,  # per epoch: shuffling, the hand-over to the evaluation thread
    "network_epoch": 45e-6,  # per network per epoch: evaluation launches and event objects
    "map_value": 0.1e-6,  # per boundary-map value: rounding, list and JSON
    "pass_element": 3.5e-9,  # an analysis' forward pass, per activation element (masks, new tensors)
}
ALLOCATOR_MARGIN = 1.3  # peak resident memory over the tensors' bytes (fragmentation, temporaries)
FIXED_BYTES = 24 * 2**20  # evaluation blocks (BLOCK_ELEMENTS floats, a few alive) and run bookkeeping
PENDING_COPIES = 3  # weight copies alive in a run: evaluations queued (up to MAX_PENDING), the newest


def forward_flops(layers: int, neurons: int) -> int:
    """FLOPs of one eval-mode forward pass of one sample through 2 -> neurons x layers -> 2."""
    return 2 * (2 * neurons + (layers - 1) * neurons * neurons + neurons * 2)


def params_per_network(layers: int, neurons: int) -> int:
    """Weights and biases of one 2 -> neurons x layers -> 2 network."""
    return 3 * neurons + (layers - 1) * (neurons * neurons + neurons) + 2 * neurons + 2


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


def split_sizes(config: TrainConfig, n_points: int | None = None) -> tuple[int, int]:
    """(n_train, n_val) of `n_points` (default: config.n_samples) at the configured validation share."""
    points = config.n_samples if n_points is None else n_points
    n_val = round(points * config.val_share)
    return points - n_val, n_val


def run_flops(config: TrainConfig, n_networks: int, n_points: int | None = None) -> RunFlops:
    """FLOPs of training `n_networks` networks of `config` for all its epochs.

    `n_points` (training + validation) defaults to the configured n_samples.
    """
    n_train, n_val = split_sizes(config, n_points)
    f = forward_flops(config.layers, config.neurons) * n_networks
    return RunFlops(
        training=3.0 * f * n_train * config.epochs,
        evaluation=1.0 * f * (n_train + n_val) * config.epochs,
        snapshots=1.0 * f * config.grid_size**2 * n_snapshots(config),
    )


@dataclass(frozen=True)
class Cost:
    """CPU seconds (one core), peak memory added to a warm worker (bytes) and matrix-product FLOPs."""

    seconds: float
    peak_bytes: float
    flops: float

    def then(self, other: Cost) -> Cost:
        """`self` followed by `other`: times and FLOPs add, memory is the larger peak."""
        return Cost(
            self.seconds + other.seconds, max(self.peak_bytes, other.peak_bytes), self.flops + other.flops
        )


@dataclass(frozen=True)
class RunShape:
    """What one batched Trainer run does: K networks of one architecture over one data split."""

    layers: int
    neurons: int
    n_networks: int
    n_dropout: int  # networks with dropout (they draw masks)
    n_train: int
    n_val: int
    batch: int  # rows per mini-batch (the whole training set for full batch)
    epochs: int
    grid: int  # boundary map cells per side
    snapshots: int
    optimizer: str = "adam"

    @classmethod
    def of(
        cls, config: TrainConfig, n_networks: int, n_dropout: int, n_points: int | None = None
    ) -> RunShape:
        n_train, n_val = split_sizes(config, n_points)
        batch = config.batch_size if 0 < config.batch_size < n_train else n_train
        return cls(
            layers=config.layers,
            neurons=config.neurons,
            n_networks=n_networks,
            n_dropout=n_dropout,
            n_train=n_train,
            n_val=n_val,
            batch=batch,
            epochs=config.epochs,
            grid=config.grid_size,
            snapshots=n_snapshots(config),
            optimizer=config.optimizer,
        )

    @property
    def steps(self) -> int:
        return self.epochs * math.ceil(self.n_train / self.batch)

    def features(self) -> dict[str, float]:
        """The amounts of work `SECONDS_PER` prices, for the whole run."""
        K, L, n = self.n_networks, self.layers, self.neurons
        f = forward_flops(L, n)
        rows = self.n_train + self.n_val
        grid_rows = self.grid**2 * self.snapshots
        return {
            "matmul_flop": K * f * (3.0 * self.n_train * self.epochs + rows * self.epochs + grid_rows),
            "step": self.steps,
            "step_layer": self.steps * (L + 1),
            "element": K * n * L * (3.0 * self.steps * self.batch + rows * self.epochs + grid_rows),
            "mask_element": self.n_dropout * n * L * self.steps * self.batch,
            "mask_network_step": self.n_dropout * self.steps,
            "param_step": K * params_per_network(L, n) * self.steps,
            "epoch": self.epochs,
            "network_epoch": K * self.epochs,
            "map_value": K * grid_rows,
        }

    def peak_bytes(self) -> float:
        """Tensors alive at the busiest moment: parameters and their copies, one step's activations,
        the mask buffer, the stacked data and a snapshot's values, plus the evaluation blocks."""
        K, L, n, B = self.n_networks, self.layers, self.neurons, self.batch
        optimiser_buffers = 5 if self.optimizer == "adam" else 4  # flat, grad, decay + Adam's 2 / momentum
        params = K * params_per_network(L, n) * (optimiser_buffers + PENDING_COPIES)
        activations = K * B * n * (3 * L + 3)  # z, h (masked in place), mask per layer; backward temporaries
        data = K * (self.n_train + self.n_val) * 8  # X, y, targets and the shuffled copies
        maps = K * self.grid**2 * (1 + 8 * 2 + 2)  # probabilities, Python floats (2 events), JSON
        return ALLOCATOR_MARGIN * FLOAT_BYTES * (params + activations + data + maps) + FIXED_BYTES

    def cost(self) -> Cost:
        seconds = sum(SECONDS_PER[k] * v for k, v in self.features().items())
        return Cost(seconds, self.peak_bytes(), self.features()["matmul_flop"])


@dataclass(frozen=True)
class PassShape:
    """Forward passes of trained networks made by an analysis (Monte-Carlo dropout, knock-outs).

    Each pass runs all `n_networks` members over `rows` points at once, keeping every layer's
    activations (StackedMLP.forward), so memory grows with rows, not with passes.
    """

    layers: int
    neurons: int
    n_networks: int
    rows: int
    passes: int
    extra_bytes: float = 0.0  # what the analysis keeps besides (running sums, maps)

    def cost(self) -> Cost:
        K, L, n = self.n_networks, self.layers, self.neurons
        flops = K * forward_flops(L, n) * self.rows * self.passes
        seconds = (
            SECONDS_PER["matmul_flop"] * flops
            + SECONDS_PER["pass_element"] * K * n * L * self.rows * self.passes
            + SECONDS_PER["step_layer"] * (L + 1) * self.passes
        )
        activations = K * self.rows * n * (3 * L + 1)
        peak = ALLOCATOR_MARGIN * (FLOAT_BYTES * activations + self.extra_bytes) + FIXED_BYTES
        return Cost(seconds, peak, flops)
