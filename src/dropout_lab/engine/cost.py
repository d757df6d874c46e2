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
# Peak resident memory over the tensors' bytes (fragmentation, temporaries) and what a run holds besides
# its tensors. Measured with benchmarks/calibrate_cost.py --jobs (VmHWM minus RSS after warm_up): the
# same job varies with the timing of its threads (8x512 full batch: 120 or 184 MB in repeated runs), so
# the margin covers the upper value; small jobs (10 MB) show what is left besides tensors: ~7 MB.
ALLOCATOR_MARGIN = 1.5
FIXED_BYTES = 8 * 2**20  # evaluation blocks, thread arenas and stacks, events, run bookkeeping
# The engine's sizes the memory model follows (tests/unit/test_engine_cost.py checks they match; copied so
# that pricing a job does not import torch):
MASK_CHUNK_ELEMENTS = 1 << 21  # dropout.py CHUNK_ELEMENTS: mask multipliers drawn at once, per shard
SHARD_ELEMENTS = 1 << 15  # shards.py: networks x rows x units from which a run trains in two shards
PENDING_BYTES, MIN_PENDING, MAX_PENDING = 8 * 2**20, 4, 16  # training.py: weight copies awaiting evaluation


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

    def holding(self, kept_bytes: float) -> Cost:
        """The same work while `kept_bytes` stay alive from earlier steps (a finished run's Trainer)."""
        return Cost(self.seconds, self.peak_bytes + ALLOCATOR_MARGIN * kept_bytes, self.flops)


def _kept_per_layer(activation: str, layers: int, *, backward: bool) -> int:
    """Activation tensors (networks x rows x units each) alive at once in StackedMLP.forward/backward:
    ReLU keeps one per layer (z, masked and rectified in place), other activations three (z, h, h*m);
    backward adds about three temporaries (da, dz, the next da), a forward without it one (the output).
    Measured: an uncertainty job 6x256, 2 networks over 10,000 cells, peaked at 160 MB, where the
    former 3 per layer + 1 priced 390 MB of activations alone."""
    per_layer = 1 if activation == "relu" else 3
    return per_layer * layers + (3 if backward else 1)


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
    activation: str = "relu"
    n_decay: int = 0  # networks with weight decay (they hold per-parameter decay coefficients)

    @classmethod
    def of(
        cls,
        config: TrainConfig,
        n_networks: int,
        n_dropout: int,
        n_points: int | None = None,
        n_decay: int | None = None,
    ) -> RunShape:
        """`n_decay` defaults to every network when the config has weight decay, else none."""
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
            activation=config.activation,
            n_decay=(n_networks if config.weight_decay > 0 else 0) if n_decay is None else n_decay,
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

    def shard_sizes(self) -> list[int]:
        """Networks per shard, as shards.shard_bounds splits them (two halves for big Adam runs)."""
        K = self.n_networks
        if self.optimizer != "adam" or K < 4 or K * self.batch * self.neurons < SHARD_ELEMENTS:
            return [K]
        return [(K + 1) // 2, K // 2]

    def mask_bytes(self) -> float:
        """Dropout mask buffers: per shard, float multipliers and 16-bit draws (6 bytes an element) for
        as many steps as dropout.py draws at once, capped at an epoch's steps. Measured: ~12 MB a shard
        at the 8 MB chunk (a 3x128 analysis' Trainer took 32 MB before its first step, two shards)."""
        if self.n_dropout == 0:
            return 0.0
        unit = self.layers * self.batch * self.neurons
        epoch_steps = math.ceil(self.n_train / self.batch)
        total = 0.0
        for k in self.shard_sizes():
            steps = max(1, min(MASK_CHUNK_ELEMENTS // max(1, k * unit), epoch_steps))
            total += 6 * k * steps * unit
        return total

    def pending_copies(self) -> int:
        """Weight copies alive at once: the evaluation queue (training.py pending_limit: 4 to 16 copies
        within 8 MB), the newest evaluated epoch's and the one being taken."""
        copy = FLOAT_BYTES * self.n_networks * params_per_network(self.layers, self.neurons)
        queued = max(MIN_PENDING, min(MAX_PENDING, PENDING_BYTES // max(1, copy)))
        if len(self.shard_sizes()) > 1:
            # The shards measure their own metrics: the evaluation thread only builds events and keeps
            # up. Measured: a 2x512 full-batch sweep (40 networks, 42 MB a copy) peaked at 385 MB, about
            # its other tensors plus two copies (the queue's 6 would price 700 MB).
            queued = 1
        return min(queued + 2, self.epochs + 1)  # a run never has more copies than epochs

    def kept_bytes(self) -> float:
        """What a finished run keeps while an analysis goes on (its Trainer: weights, gradients and data;
        training.py frees the masks and the optimiser state at the end of the run)."""
        K = self.n_networks
        return (
            FLOAT_BYTES
            * K
            * (2 * params_per_network(self.layers, self.neurons) + 8 * (self.n_train + self.n_val))
        )

    def peak_bytes(self) -> float:
        """Tensors alive at the busiest moment: parameters and their copies, one step's activations,
        the mask buffers, the stacked data and a snapshot's values, plus the evaluation blocks."""
        K, L, n, B = self.n_networks, self.layers, self.neurons, self.batch
        # flat, grad + Adam's 2 moments / SGD's momentum, + the decay coefficients if any network decays
        buffers = (4 if self.optimizer == "adam" else 3) + (1 if self.n_decay else 0)
        params = K * params_per_network(L, n) * (buffers + self.pending_copies())
        activations = K * B * n * _kept_per_layer(self.activation, L, backward=True)
        data = K * (self.n_train + self.n_val) * 8  # X, y, targets and the shuffled copies
        maps = K * self.grid**2 * (1 + 8 * 2 + 2)  # probabilities, Python floats (2 events), JSON
        tensors = FLOAT_BYTES * (params + activations + data + maps) + self.mask_bytes()
        return ALLOCATOR_MARGIN * tensors + FIXED_BYTES

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
    activation: str = "relu"

    def cost(self) -> Cost:
        K, L, n = self.n_networks, self.layers, self.neurons
        flops = K * forward_flops(L, n) * self.rows * self.passes
        seconds = (
            SECONDS_PER["matmul_flop"] * flops
            + SECONDS_PER["pass_element"] * K * n * L * self.rows * self.passes
            + SECONDS_PER["step_layer"] * (L + 1) * self.passes
        )
        activations = K * self.rows * n * _kept_per_layer(self.activation, L, backward=False)
        peak = ALLOCATOR_MARGIN * (FLOAT_BYTES * activations + self.extra_bytes) + FIXED_BYTES
        return Cost(seconds, peak, flops)
