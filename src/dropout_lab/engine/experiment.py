"""What the consumers call: the fair with/without-dropout comparison, arbitrary sets of networks, warm-up.

Each function returns a generator of events (see events.py). Iterate it to train; close it to stop.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import numpy as np
import torch

from .config import TrainConfig, make_config
from .events import Event, NetworkSpec
from .training import Trainer


def comparison_networks(config: TrainConfig) -> list[NetworkSpec]:
    """The configured network's no-dropout twin ("baseline") and, if it has dropout, itself ("dropout")."""
    base = NetworkSpec(name="baseline", dropout=0.0, weight_decay=config.weight_decay, seed=config.seed)
    if config.dropout == 0:
        return [base]
    return [base, base.model_copy(update={"name": "dropout", "dropout": config.dropout})]


def sweep_networks(config: TrainConfig, rates: Sequence[float], seeds: Sequence[int]) -> list[NetworkSpec]:
    """One network per (drop probability, seed), named like ``p=0.30 seed=2``."""
    return [
        NetworkSpec(name=f"p={p:.2f} seed={s}", dropout=p, weight_decay=config.weight_decay, seed=s)
        for p in rates
        for s in seeds
    ]


def run_networks(
    config: TrainConfig,
    networks: Sequence[NetworkSpec],
    *,
    data: tuple[np.ndarray, np.ndarray] | None = None,
    run_id: str | None = None,
    should_stop: Callable[[], bool] | None = None,
    dtype: torch.dtype = torch.float32,
) -> Iterator[Event]:
    """Train `networks` (same architecture and optimiser, from `config`) together; yield their events.

    `data` = (X (n, 2), y (n,) of 0/1) replaces the generated dataset (it is still split by
    config.val_share and each network's seed).
    """
    return Trainer(config, networks, data=data, dtype=dtype, run_id=run_id).events(should_stop)


def run_comparison(
    config: TrainConfig,
    *,
    data: tuple[np.ndarray, np.ndarray] | None = None,
    run_id: str | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Iterator[Event]:
    """Train the configured network and its no-dropout twin in lockstep (see comparison_networks)."""
    return run_networks(
        config, comparison_networks(config), data=data, run_id=run_id, should_stop=should_stop
    )


def warm_up() -> None:
    """Pay the one-off costs (first optimiser construction imports torch._dynamo, ~1.5 s) up front."""
    config = make_config(epochs=1, n_samples=40, neurons=4, layers=1, dropout=0.5, grid_size=10)
    for _ in run_comparison(config):
        pass
