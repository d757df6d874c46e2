"""Stored runs in the Python API: `runs()` lists them, `load_run(id)` returns the object `compare` returned.

`compare` records each run here (see `record_comparison`) unless given ``store=False`` or the store is
switched off (``DROPOUT_LAB_STORE=off``); a store that cannot record warns (`StoreWarning`) and never
costs the caller the result. Knows the store and the result objects: nothing of the CLI or the web.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import numpy as np

from ..engine.insights.events import AnyResult, parse_result
from ..store import RunStore, StoredRun, StoreError, StoreOffError, points_digest
from .results import ComparisonResult

# Which store: None (or True) = the default one (DROPOUT_LAB_STORE, else the user data folder),
# False = none, a path = that file, or a RunStore.
StoreChoice = RunStore | str | Path | bool | None


class StoreWarning(UserWarning):
    """A run was computed but could not be recorded in the run store (the message says why)."""


def open_store(store: StoreChoice = None) -> RunStore | None:
    """The RunStore `store` names (see StoreChoice), or None when recording is off."""
    if store is False:
        return None
    if isinstance(store, RunStore):
        return store
    if store is None or store is True:
        return RunStore.default()
    return RunStore(store)


def _required(store: StoreChoice) -> RunStore:
    found = open_store(store)
    if found is None:
        raise StoreOffError()
    return found


def runs(*, kind: str | None = None, limit: int | None = None, store: StoreChoice = None) -> RunList:
    """The stored runs, newest first, as `StoredRun` records (settings, summary, name, time).

    Parameters
    ----------
    kind : str, optional
        ``"train"`` for comparisons only, or an insight's name (``"sweep"``, ...).
    limit : int, optional
        At most this many.
    store : path or RunStore, optional
        Another store than the default one.
    """
    return RunList(_required(store).runs(kind=kind, limit=limit))


def load_run(run: str | StoredRun, *, store: StoreChoice = None) -> ComparisonResult | AnyResult:
    """A stored run as `compare` returned it: a `ComparisonResult`; an insight's run: its typed result.

    `run` is an id (any unique prefix will do) or a record from `runs()`. Raises `RunNotFoundError`
    (a LookupError naming the id and the store) when there is no such run.
    """
    found = _required(store)
    record = found.get(run.id if isinstance(run, StoredRun) else run)
    if not record.is_training:
        return parse_result(found.insight_result(record.id))
    return ComparisonResult.from_events(found.events(record.id), data_label=record.data_name)


def points_hash(points: tuple[np.ndarray, np.ndarray]) -> str:
    """The identity of user points as the engine trains on them (float32 X, int64 y)."""
    X, y = points
    x_bytes = np.ascontiguousarray(X, dtype="<f4").tobytes()
    return points_digest(x_bytes, np.ascontiguousarray(y, dtype="<i8").tobytes())


def record_comparison(
    result: ComparisonResult,
    *,
    points: tuple[np.ndarray, np.ndarray] | None = None,
    from_file: bool = False,
    store: StoreChoice = None,
) -> StoredRun | None:
    """Record `result` (trained on `points` if given, read from a file if `from_file`); None when off.

    Raises StoreError when the store cannot record (the run is not recorded; nothing stored is lost).
    """
    target = open_store(store)
    if target is None:
        return None
    if points is None:
        return target.record_training(result.events)
    source = "csv" if from_file else "points"
    return target.record_training(
        result.events, data_source=source, data_name=result.data_label, data_hash=points_hash(points)
    )


def record_or_warn(result: ComparisonResult, **how: Any) -> StoredRun | None:
    """`record_comparison`, turning a store's failure into a `StoreWarning`: the result is never lost."""
    try:
        return record_comparison(result, **how)
    except StoreError as exc:
        warnings.warn(f"the run was not recorded: {exc}", StoreWarning, stacklevel=3)
        return None


class RunList(list[StoredRun]):
    """Stored runs that print as a table (one row per run, newest first)."""

    def __repr__(self) -> str:
        if not self:
            return "(no stored runs)"
        rows = [run_row(run) for run in self]
        columns = list(rows[0])
        widths = {c: max(len(c), *(len(r[c]) for r in rows)) for c in columns}
        lines = ["  ".join(c.ljust(widths[c]) for c in columns).rstrip()]
        lines += ["  ".join(r[c].ljust(widths[c]) for c in columns).rstrip() for r in rows]
        return "\n".join(lines)


def run_row(run: StoredRun) -> dict[str, str]:
    """One run in words: id, time, kind, name, data, network and its result (for tables)."""
    c = run.config
    if run.data_source == "generated":
        data = f"{c['dataset']} {c['noise']:g}"
    else:
        data = run.data_name or "own data"
    dropout = f"p={c['dropout']:g}"
    if run.is_training:
        nets = {n["network"]: n for n in run.summary["networks"]}
        result = " -> ".join(f"{n['val_loss']:.3f}" for n in nets.values())
        result = f"val loss {result}" + (" (stopped)" if run.stopped else "")
    else:
        result = run.summary.get("headline", "")
        result = result if len(result) <= 60 else result[:57] + "..."
    return {
        "id": run.id,
        "when": run.created_at.astimezone().strftime("%Y-%m-%d %H:%M"),
        "kind": run.kind,
        "name": run.name,
        "data": data,
        "network": f"{c['layers']}x{c['neurons']} {dropout} {c['epochs']}ep",
        "result": result,
    }
