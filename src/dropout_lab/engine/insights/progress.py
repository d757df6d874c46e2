"""The step every analysis shares: training networks through the engine's Trainer, with progress.

Every analysis is a generator: ``insight_progress`` events (stage, done, total) so a UI or CLI can draw
a progress bar, and finally one ``insight_result`` (see events.py). Training always goes through the
engine's Trainer, so every number comes from real training.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..config import TrainConfig
from ..events import EpochFinished, NetworkSummary, RunFailed, RunFinished
from ..training import Trainer
from .events import InsightProgress, InsightResult, InsightStopped

__all__ = ["InsightProgress", "InsightResult", "InsightStopped", "train"]


StopCheck = Callable[[], bool] | None
Steps = Generator[InsightProgress | InsightResult, None, Any]  # `yield from` returns the step's value


@dataclass
class TrainedRun:
    """A finished run: the trainer (weights in `trainer.model`, data in `trainer.data`) and its curves."""

    trainer: Trainer
    summary: list[NetworkSummary]
    # network name -> {"train_loss": [...], "val_loss": [...]} per epoch (eval mode, full sets)
    history: dict[str, dict[str, list[float]]] = field(default_factory=dict)


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
) -> Steps:
    """Train `networks` in one batched Trainer run, yielding one progress event per epoch.

    `offset`/`total` place this run's epochs inside a longer analysis (several runs, one bar).
    Returns a TrainedRun; raises InsightStopped on a stop, RuntimeError if training failed.
    """
    trainer = Trainer(quiet(config), networks, data=data)
    history: dict[str, dict[str, list[float]]] = {
        n.name: {"train_loss": [], "val_loss": []} for n in networks
    }
    total = total or config.epochs
    finished: RunFinished | None = None
    for event in trainer.events(should_stop):
        if isinstance(event, EpochFinished):
            history[event.network]["train_loss"].append(event.train_loss)
            history[event.network]["val_loss"].append(event.val_loss)
            if event.network == networks[0].name:
                yield InsightProgress(insight=insight, stage=stage, done=offset + event.epoch, total=total)
        elif isinstance(event, RunFinished):
            finished = event
        elif isinstance(event, RunFailed):
            raise RuntimeError(f"training failed: {event.reason}")
    if finished is None or finished.stopped:
        raise InsightStopped()
    return TrainedRun(trainer=trainer, summary=finished.summary, history=history)


def check_stop(should_stop: StopCheck) -> None:
    """Raise InsightStopped when the consumer has asked to stop."""
    if should_stop is not None and should_stop():
        raise InsightStopped()


def dropout_rate(config: TrainConfig) -> float:
    """The drop probability an analysis of "the dropout network" uses: the config's, or 0.5 if it has none."""
    return config.dropout if config.dropout > 0 else 0.5
