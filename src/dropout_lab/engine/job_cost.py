"""What each job costs: a training (the comparison pair) or one of the analyses, as runs and passes.

Each analysis is described by the batched runs it trains and the forward passes it makes afterwards
(see insights/*.py); cost.py prices them. When an analysis changes what it trains, change it here too
(tests/unit/test_engine_cost.py measures the model against real runs). Knows nothing of the web.
"""

from __future__ import annotations

import math
from typing import Any

from .config import TrainConfig
from .cost import FLOAT_BYTES, Cost, PassShape, RunShape

# Analyses train with one tiny final map (insights/progress.py `quiet`); the maps they draw are their own.
QUIET_GRID = 10
ENSEMBLE_CHECKPOINTS = (1, 2, 3, 5, 10, 20, 30, 50, 100, 200, 300, 500, 1000)  # insights/ensemble.py
MAX_SAMPLES = 5000  # insights/alternatives.py n_samples_for


def _quiet(config: TrainConfig) -> TrainConfig:
    return config.model_copy(update={"snapshot_every": config.epochs, "grid_size": QUIET_GRID})


def _run(config: TrainConfig, n_networks: int, n_dropout: int, n_points: int | None = None) -> Cost:
    return RunShape.of(config, n_networks, n_dropout, n_points).cost()


def training_cost(config: TrainConfig) -> Cost:
    """The lab's training: the configured network and, with dropout, its no-dropout twin."""
    return _run(config, 2 if config.dropout > 0 else 1, 1 if config.dropout > 0 else 0)


def _n_val(config: TrainConfig, n_points: int | None = None) -> int:
    return round((config.n_samples if n_points is None else n_points) * config.val_share)


def sweep_cost(config: TrainConfig, params: Any) -> Cost:
    rates = sorted(set(params.rates))
    k = len(rates) * params.n_seeds
    return _run(_quiet(config), k, sum(1 for p in rates if p > 0) * params.n_seeds)


def _trained(config: TrainConfig, n_networks: int, n_dropout: int, passes: PassShape) -> Cost:
    """A run, then forward passes of its networks while its Trainer (weights, data) stays alive."""
    run = RunShape.of(_quiet(config), n_networks, n_dropout)
    return run.cost().then(passes.cost().holding(run.kept_bytes()))


def knockout_cost(config: TrainConfig, params: Any) -> Cost:
    k = 2 * params.n_seeds
    shares = sorted(set(params.shares) | {0.0})
    passes = 1 + params.draws * (len(shares) - 1)
    shape = PassShape(config.layers, config.neurons, k, _n_val(config), passes, activation=config.activation)
    return _trained(config, k, params.n_seeds, shape)


def alternatives_cost(config: TrainConfig, params: Any) -> Cost:
    """The regularisers' run, then one run per training-set size. The regularisers' Trainer stays alive
    through the size runs, and each size's Trainer until the next size's run has finished."""
    regularisers = RunShape.of(
        _quiet(config), 4 * params.n_seeds, 2 * params.n_seeds, n_decay=2 * params.n_seeds
    )
    cost, previous = regularisers.cost(), 0.0
    for n_train in sorted(set(params.sizes)):
        points = min(MAX_SAMPLES, max(20, round(n_train / (1 - config.val_share))))
        sized = _quiet(config.model_copy(update={"n_samples": points}))
        shape = RunShape.of(sized, 2 * params.n_seeds, params.n_seeds)
        cost = cost.then(shape.cost().holding(regularisers.kept_bytes() + previous))
        previous = shape.kept_bytes()
    return cost


def ensemble_cost(config: TrainConfig, params: Any) -> Cost:
    longest = max(t for t in ENSEMBLE_CHECKPOINTS if t <= params.max_samples)
    cells = params.map_size**2
    checkpoints = sum(1 for t in ENSEMBLE_CHECKPOINTS if t <= params.max_samples)
    kept = FLOAT_BYTES * cells * (params.repeats * checkpoints + params.n_thinned + 4)
    rows = cells + _n_val(config)
    shape = PassShape(
        config.layers, config.neurons, 1, rows, params.repeats * longest + 1, kept, config.activation
    )
    return _trained(config, 1, 1, shape)


def uncertainty_cost(config: TrainConfig, params: Any) -> Cost:
    cells = params.map_size**2
    shape = PassShape(
        config.layers, config.neurons, 2, cells, params.passes + 1, FLOAT_BYTES * cells * 8, config.activation
    )
    return _trained(config, 2, 1, shape)


INSIGHT_COSTS = {
    "sweep": sweep_cost,
    "knockout": knockout_cost,
    "alternatives": alternatives_cost,
    "ensemble": ensemble_cost,
    "uncertainty": uncertainty_cost,
}


def job_cost(kind: str, config: TrainConfig, params: Any = None) -> Cost:
    """The cost of a training (`kind` "train") or of the analysis `kind` with its parameters."""
    if kind == "train":
        return training_cost(config)
    if kind not in INSIGHT_COSTS:
        raise ValueError(f"unknown job '{kind}'")
    return INSIGHT_COSTS[kind](config, params)


def describe_seconds(seconds: float) -> str:
    """'45 s', '3 min', '2 h 10 min': how long, in words a person reads at a glance."""
    if seconds < 90:
        return f"{max(1, math.ceil(seconds))} s"
    minutes = round(seconds / 60)
    if minutes < 120:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60} min"


def describe_bytes(n_bytes: float) -> str:
    """'350 MB', '14.7 GB'."""
    mb = n_bytes / 2**20
    return f"{mb / 1024:.1f} GB" if mb >= 1024 else f"{max(1, round(mb))} MB"
