"""What can go wrong with the run store, each as its own error with a message a person can act on.

`translate` turns sqlite3's errors (by their SQLite result code) and the OS's into these. Every message
names the store's file and says that nothing stored was touched. Knows SQLite's result codes only.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

# SQLite primary result codes (https://sqlite.org/rescode.html); an extended code's low byte is its primary.
SQLITE_READONLY, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR = 8, 5, 6, 10
SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 11, 13, 14, 26

KEEP = "choose another store with --store PATH (or DROPOUT_LAB_STORE), or switch it off with --no-store"


class StoreError(Exception):
    """The run store cannot do what was asked; the message says why and what to do. ``path``: its file."""

    def __init__(self, path: str | Path, message: str):
        self.path = str(path)
        super().__init__(message)


class RunNotFoundError(StoreError, LookupError):
    """No stored run has this id (or id prefix)."""

    def __init__(self, path: str | Path, run_id: str, detail: str = ""):
        self.run_id = run_id
        detail = detail or "`dropout-lab runs list` shows the stored runs"
        super().__init__(path, f"no run '{run_id}' in the run store {path}: {detail}")


class RunDamagedError(StoreError):
    """One stored run does not decode; the others are unaffected."""

    def __init__(self, path: str | Path, run_id: str, detail: str):
        self.run_id = run_id
        super().__init__(
            path,
            f"run '{run_id}' in the run store {path} is damaged ({detail}); the other runs are "
            f"unaffected. Remove it with `dropout-lab runs rm {run_id}`",
        )


class StoreReadOnlyError(StoreError):
    """The store's disk or directory refuses writes; reading still works."""

    def __init__(self, path: str | Path, detail: str = ""):
        why = f" ({detail})" if detail else ""
        super().__init__(
            path,
            f"the run store {path} is read-only{why}: nothing was recorded and nothing stored was "
            f"changed; {KEEP}",
        )


class StoreFullError(StoreError):
    """The disk (or the store's size limit) is full; the write was rolled back."""

    def __init__(self, path: str | Path):
        super().__init__(
            path,
            f"the disk holding the run store {path} is full (or the store reached its size limit): "
            "nothing was written and every stored run is intact. Free some space on that disk, or "
            "remove old runs with `dropout-lab runs rm ID`",
        )


class StoreBusyError(StoreError):
    """Another process held the store's write lock for longer than the busy timeout."""

    def __init__(self, path: str | Path, timeout_s: float):
        super().__init__(
            path,
            f"the run store {path} stayed locked by another process for {timeout_s:g} s: nothing was "
            "changed; try again",
        )


class StoreNewerVersionError(StoreError):
    """The file was written by a newer dropout-lab; it is left untouched."""

    def __init__(self, path: str | Path, found: int, known: int):
        self.found, self.known = found, known
        super().__init__(
            path,
            f"the run store {path} was written by a newer dropout-lab (schema version {found}; this one "
            f"reads up to {known}). It was left untouched: upgrade dropout-lab, or {KEEP}",
        )


class StoreCorruptError(StoreError):
    """The file is not a dropout-lab run store, or it is damaged; it is left untouched."""

    def __init__(self, path: str | Path, detail: str):
        super().__init__(
            path,
            f"{path} is not a usable dropout-lab run store ({detail}). It was left untouched: move it "
            f"aside to start a new store there, or {KEEP}",
        )


class StoreUnavailableError(StoreError):
    """The store's file cannot be opened or created (a missing or unwritable folder, an I/O error)."""

    def __init__(self, path: str | Path, detail: str):
        super().__init__(path, f"cannot use the run store {path} ({detail}); {KEEP}")


class StoreOffError(StoreError):
    """The store is switched off, so there is nothing to read."""

    def __init__(self) -> None:
        super().__init__("", "the run store is switched off (--no-store or DROPOUT_LAB_STORE=off)")


def translate(exc: sqlite3.Error | OSError, path: str | Path, busy_timeout_s: float = 0.0) -> StoreError:
    """The StoreError for a sqlite3 or OS error raised while using the store at `path`."""
    if isinstance(exc, OSError):
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return StoreReadOnlyError(path, exc.strerror or str(exc))
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return StoreFullError(path)
        return StoreUnavailableError(path, exc.strerror or str(exc))
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary == SQLITE_FULL:
        return StoreFullError(path)
    if primary == SQLITE_READONLY:
        return StoreReadOnlyError(path, str(exc))
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return StoreBusyError(path, busy_timeout_s)
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return StoreCorruptError(path, str(exc))
    if primary == SQLITE_CANTOPEN:
        return StoreUnavailableError(path, "the file or its folder cannot be opened")
    return StoreUnavailableError(path, str(exc))
