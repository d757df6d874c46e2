"""The Python API: run a with/without-dropout comparison in one call, scikit-learn style.

`compare(...)` validates its arguments against the one config model, trains (through the engine's event
stream) and returns a `ComparisonResult`. Knows nothing of the web or the CLI's flags.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from .csv_data import MAX_POINTS, MIN_POINTS, read_points_csv
from .engine.config import ConfigError, TrainConfig, make_config
from .engine.events import EpochFinished, Event, RunStarted
from .engine.presets import get_preset
from .results import ComparisonResult


def compare(
    preset: str | None = None,
    *,
    data: tuple[Any, Any] | str | Path | None = None,
    progress: bool = False,
    random_state: int | None = None,
    **knobs: Any,
) -> ComparisonResult:
    """Train the same network with and without dropout and return the comparison.

    Parameters
    ----------
    preset : str, optional
        A named scenario (see ``PRESETS``); `knobs` override its values.
    data : (X, y) or path, optional
        Your own points instead of a generated dataset: X of shape (n, 2) and y of 0/1 labels, or the
        path of a CSV file ``x1,x2,label``. They are split by ``val_share`` and ``seed``.
    progress : bool, default False
        Show a progress bar on stderr.
    random_state : int, optional
        Alias of the ``seed`` knob, as in scikit-learn.
    **knobs
        Any `TrainConfig` field, e.g. ``dropout=0.5, epochs=300, dataset="spiral"``.

    Raises
    ------
    ConfigError
        (a ValueError) naming each bad argument and its allowed range.
    ValueError
        For an unknown preset (listing the valid ones) or malformed `data` (`CsvFormatError` for a file).
    TrainingError
        If the engine reports that training failed.
    """
    if random_state is not None:
        if "seed" in knobs:
            raise ConfigError([{"field": "random_state", "message": "give random_state or seed, not both"}])
        knobs["seed"] = random_state
    base = get_preset(preset).values if preset is not None else {}
    return compare_config(make_config(base, **knobs), data=data, progress=progress)


def compare_config(
    config: TrainConfig,
    *,
    data: tuple[Any, Any] | str | Path | None = None,
    data_label: str | None = None,
    progress: bool = False,
    should_stop: Callable[[], bool] | None = None,
) -> ComparisonResult:
    """Like `compare`, from a ready `TrainConfig`; `should_stop` is polled after every epoch.

    `data_label` names own `data` in the report's title (default: the file name, or "your data").
    """
    if isinstance(data, str | Path):
        data_label = data_label or Path(data).name
        data = read_points_csv(data)
    if data is not None:
        data_label = data_label or "your data"
    points = _check_data(data) if data is not None else None
    from .engine.experiment import run_comparison

    events = run_comparison(config, data=points, should_stop=should_stop)
    return ComparisonResult.from_events(collect_events(events, progress), data_label=data_label)


def collect_events(events: Iterator[Event], progress: bool = False) -> list[Event]:
    """Drain an engine event stream into a list, optionally with a tqdm bar on stderr (one step per epoch)."""
    collected: list[Event] = []
    bar: tqdm | None = None
    last_network, val_losses = "", {}
    try:
        for event in events:
            collected.append(event)
            if isinstance(event, RunStarted) and progress:
                bar = tqdm(
                    total=int(event.config["epochs"]), unit="epoch", desc="training", dynamic_ncols=True
                )
                last_network = event.networks[-1].name
            elif isinstance(event, EpochFinished) and bar is not None:
                val_losses[f"val {event.network}"] = f"{event.val_loss:.3f}"
                if event.network == last_network:  # every network has finished this epoch
                    bar.set_postfix(val_losses, refresh=False)
                    bar.update(1)
    finally:
        if bar is not None:
            bar.close()
        close = getattr(events, "close", None)
        if close is not None:
            close()  # a generator stops training when closed (e.g. after Ctrl+C)
    return collected


def _check_data(data: Any) -> tuple[np.ndarray, np.ndarray]:
    try:
        X, y = data
    except (TypeError, ValueError):
        raise ValueError("data must be a pair (X, y) of arrays, or the path of a CSV file") from None
    return check_points(X, y, where="data")


def check_points(X: Any, y: Any, *, where: str) -> tuple[np.ndarray, np.ndarray]:
    """Validate user points: X (n, 2) finite, y of 0/1 with both classes, n within the knob's range.

    Returns X as float32 and y as int64; ValueError messages start with `where` (the argument's name).
    """
    try:
        X = np.asarray(X, dtype=np.float32)
        y_float = np.asarray(y, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{where}: X and y must be numeric arrays ({exc})") from None
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"{where}: X must have shape (n, 2), got {X.shape}")
    if y_float.shape != (len(X),):
        raise ValueError(f"{where}: y must have shape ({len(X)},) to match X, got {y_float.shape}")
    if not np.isfinite(X).all():
        raise ValueError(f"{where}: X contains NaN or infinite values")
    if not np.isin(y_float, (0.0, 1.0)).all():
        raise ValueError(f"{where}: y must contain only the labels 0 and 1")
    if not MIN_POINTS <= len(X) <= MAX_POINTS:
        raise ValueError(f"{where}: need {MIN_POINTS} to {MAX_POINTS} points, got {len(X)}")
    if len(np.unique(y_float)) < 2:
        raise ValueError(f"{where}: y has only one class; both 0 and 1 are needed")
    return X, y_float.astype(np.int64)
