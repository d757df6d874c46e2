"""The run store: finished runs and insight results in one SQLite file, to list, replay and export.

    store = RunStore.default()              # --store / DROPOUT_LAB_STORE / the user data folder; None if off
    run = store.record_training(events)     # a finished comparison's events
    store.runs()                            # newest first: StoredRun records
    store.replay(run.id)                    # the same typed events, run_started.stored_at set
    store.find(request_key("train", config))  # a stored run identical to a new request, or None
    removed = store.take(run.id); store.put_back(removed)  # delete, then undo

Imports only the engine, the standard library and platformdirs: nothing of the web, CLI or reports.
"""

from .errors import (
    RunDamagedError,
    RunNotFoundError,
    StoreBusyError,
    StoreCorruptError,
    StoreError,
    StoreFullError,
    StoreNewerVersionError,
    StoreOffError,
    StoreReadOnlyError,
    StoreUnavailableError,
)
from .identity import TRAIN, current_versions, points_digest, request_key
from .location import ENV, default_path, store_path
from .records import RemovedRun, StoredRun
from .run_store import RunStore

__all__ = [
    "ENV",
    "TRAIN",
    "RemovedRun",
    "RunDamagedError",
    "RunNotFoundError",
    "RunStore",
    "StoreBusyError",
    "StoreCorruptError",
    "StoreError",
    "StoreFullError",
    "StoreNewerVersionError",
    "StoreOffError",
    "StoreReadOnlyError",
    "StoreUnavailableError",
    "StoredRun",
    "current_versions",
    "default_path",
    "points_digest",
    "request_key",
    "store_path",
]
