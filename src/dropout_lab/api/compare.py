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

from ..engine.config import ConfigError, TrainConfig, make_config
from ..engine.events import EpochFinished, Event, RunStarted
from ..engine.presets import get_preset
from .estimate import warn_if_slow
from .points import check_points, read_points_csv
from .results import ComparisonResult
from .runs import StoreChoice, record_or_warn


def compare(
    preset: str | None = None,
    *,
    data: tuple[Any, Any] | str | Path | None = None,
    progress: bool = False,
    random_state: int | None = None,
    store: StoreChoice = None,
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
    store : bool or path, optional
        Where the run is recorded (see `runs`, `load_run`): by default the run store (the
        DROPOUT_LAB_STORE environment variable, else the user data folder; ``off`` there switches it
        off); ``False``: not recorded; a path: that store file. If recording fails, a `StoreWarning`
        says why and the result is returned all the same.
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
    return compare_config(make_config(base, **knobs), data=data, progress=progress, store=store)


def compare_config(
    config: TrainConfig,
    *,
    data: tuple[Any, Any] | str | Path | None = None,
    data_label: str | None = None,
    progress: bool = False,
    should_stop: Callable[[], bool] | None = None,
    store: StoreChoice = None,
) -> ComparisonResult:
    """Like `compare`, from a ready `TrainConfig`; `should_stop` is polled after every epoch.

    `data_label` names own `data` in the report's title (default: the file name, or "your data").
    """
    warn_if_slow("train", config)  # the user's own machine: no limit, but no surprise
    from_file = isinstance(data, str | Path)
    if isinstance(data, str | Path):
        data_label = data_label or Path(data).name
        data = read_points_csv(data)
    if data is not None:
        data_label = data_label or "your data"
    points = _check_data(data) if data is not None else None
    from ..engine.experiment import run_comparison

    events = run_comparison(config, data=points, should_stop=should_stop)
    result = ComparisonResult.from_events(collect_events(events, progress), data_label=data_label)
    record_or_warn(result, points=points, from_file=from_file, store=store)
    return result


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
