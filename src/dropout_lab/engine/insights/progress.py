"""The step every analysis shares: training networks through the engine's Trainer, with progress.

Every analysis is a generator: ``insight_progress`` events (stage, done, total) so a UI or CLI can draw
a progress bar, ``insight_partial`` events (the result so far) where the analysis can build one while
training runs, and finally one ``insight_result`` (see events.py). Training always goes through the
engine's Trainer, so every number comes from real training. The stats are gathered once per epoch
from the Trainer's `on_epoch` hook, as one (5, K) block -- never network event by network event.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from pydantic import BaseModel

from ..config import TrainConfig
from ..events import RunFailed, RunFinished
from ..training import Trainer
from .events import InsightPartial, InsightProgress, InsightResult, InsightStopped

__all__ = ["InsightPartial", "InsightProgress", "InsightResult", "InsightStopped", "train"]

StopCheck = Callable[[], bool] | None
Steps = Generator[InsightProgress | InsightPartial | InsightResult, None, Any]  # `yield from` returns
PartialBuilder = Callable[[np.ndarray], BaseModel]  # history so far (epochs_done, 5, K) -> result so far

# A partial result after the first epoch, then at most one per this many seconds: the page redraws a few
# times a second, and building one costs a few milliseconds of the training thread.
PARTIAL_INTERVAL_S = 0.25


@dataclass
class TrainedRun:
    """A finished run: the trainer (weights in `trainer.model`, data in `trainer.data`) and its stats."""

    trainer: Trainer
    history: np.ndarray  # (epochs, 5, K): rows as results.TRAIN_LOSS ... BATCH_LOSS, network k = networks[k]


def quiet(config: TrainConfig) -> TrainConfig:
    """The config with the boundary snapshots reduced to one tiny final map (analyses draw their own)."""
    return config.model_copy(update={"snapshot_every": config.epochs, "grid_size": 10})


def train(
    insight: str,
    config: TrainConfig,
    networks: Sequence[Any],
    *,
    stage: str,
    should_stop: StopCheck = None,
    data: Any = None,
    offset: int = 0,
    total: int | None = None,
    partial: PartialBuilder | None = None,
) -> Steps:
    """Train `networks` in one batched Trainer run, yielding one progress event per epoch.

    `offset`/`total` place this run's epochs inside a longer analysis (several runs, one bar).
    `partial`, given the stats so far, builds the result so far: yielded as ``insight_partial`` after
    the first epoch and then every PARTIAL_INTERVAL_S (not after the last epoch: the caller's final
    result follows). Returns a TrainedRun; raises InsightStopped on a stop, RuntimeError on failure.
    """
    trainer = Trainer(quiet(config), networks, data=data)
    history = np.zeros((config.epochs, 5, len(networks)))
    done = [0]  # epochs evaluated so far, set by the hook

    def record(epoch: int, stats: list[list[float]]) -> None:
        history[epoch - 1] = stats
        done[0] = epoch

    total = total or config.epochs
    shown, last_partial = 0, -float("inf")
    finished: RunFinished | None = None
    for event in trainer.events(should_stop, on_epoch=record):
        if done[0] > shown:
            shown = done[0]
            yield InsightProgress(insight=insight, stage=stage, done=offset + shown, total=total)
            due = time.monotonic() - last_partial >= PARTIAL_INTERVAL_S
            if partial is not None and shown < config.epochs and due:
                last_partial = time.monotonic()
                yield InsightPartial(insight=insight, result=partial(history[:shown]))  # type: ignore[arg-type]
        if isinstance(event, RunFinished):
            finished = event
        elif isinstance(event, RunFailed):
            raise RuntimeError(f"training failed: {event.reason}")
    if finished is None or finished.stopped:
        raise InsightStopped()
    return TrainedRun(trainer=trainer, history=history[: done[0]])


def check_stop(should_stop: StopCheck) -> None:
    """Raise InsightStopped when the consumer has asked to stop."""
    if should_stop is not None and should_stop():
        raise InsightStopped()


def dropout_rate(config: TrainConfig) -> float:
    """The drop probability an analysis of "the dropout network" uses: the config's, or 0.5 if it has none."""
    return config.dropout if config.dropout > 0 else 0.5
