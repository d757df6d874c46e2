"""How ``compare`` and the insight commands record into the run store: ``--store PATH``, ``--no-store``.

The store is opened before the work starts, so a store that cannot record (read-only, from a newer
version, damaged) is reported at once, and the work goes on without it. A failed record is a warning:
the result the user asked for is printed and saved all the same. Only parses flags and prints.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import numpy as np

from ..api.results import ComparisonResult
from ..api.runs import record_comparison
from ..store import ENV, RunStore, StoredRun, StoreError, default_path

NOT_RECORDED = "dropout-lab: warning: the run will not be recorded"


def add_store_flags(parser: argparse.ArgumentParser, *, recording: bool = True) -> None:
    """``--store PATH`` (and, for commands that record, ``--no-store``)."""
    parser.add_argument(
        "--store",
        metavar="PATH",
        help=f"The run store file (default: ${ENV}, else {default_path()}).",
    )
    if recording:
        parser.add_argument(
            "--no-store", action="store_true", help=f"Do not record in the run store (or set {ENV}=off)."
        )


def store_from_args(args: argparse.Namespace) -> RunStore | None:
    """The store to record into, checked now; None (after a warning on stderr) when it cannot record."""
    store = RunStore.default(getattr(args, "store", None), off=getattr(args, "no_store", False))
    if store is None:
        return None
    try:
        store.check()
    except StoreError as exc:
        print(f"{NOT_RECORDED}: {exc}", file=sys.stderr)
        return None
    return store


def record_comparison_run(
    store: RunStore | None, result: ComparisonResult, data: tuple[np.ndarray, np.ndarray] | None
) -> StoredRun | None:
    """Record a comparison (`data`: the points of a --data file) and say where it went."""
    if store is None:
        return None
    return _told(lambda: record_comparison(result, points=data, from_file=data is not None, store=store))


def record_insight_run(
    store: RunStore | None, name: str, config: Any, params: dict[str, Any], result: Any, headline: str
) -> StoredRun | None:
    """Record an insight's result and say where it went."""
    if store is None:
        return None
    return _told(lambda: store.record_insight(name, config, params, result, headline=headline))


def _told(record: Any) -> StoredRun | None:
    try:
        run: StoredRun | None = record()
    except StoreError as exc:
        print(f"dropout-lab: warning: the run was not recorded: {exc}", file=sys.stderr)
        return None
    if run is not None:
        print(f"\nRecorded as run {run.id} (dropout-lab runs show {run.id}).")
    return run
