"""Connections to one store file: opened per operation, so threads and processes never share one.

Writers take SQLite's write lock up front (``BEGIN IMMEDIATE``) and hold it for one short statement or
two; others wait for it up to the busy timeout. The journal is a WAL, so readers never wait. Every
connection checks the file (ours, not from a newer version) and migrates an old one; the first write
also runs ``PRAGMA quick_check``, so a damaged file is refused before anything is written into it.
Every sqlite3 or OS error leaves as a StoreError naming the file. A store on a read-only disk can
still be read; on a full disk, an I/O error is reported as the full disk it is.

Knows SQLite and the file system: nothing of runs or events.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import (
    SQLITE_CANTOPEN,
    SQLITE_IOERR,
    SQLITE_READONLY,
    StoreCorruptError,
    StoreError,
    StoreFullError,
    StoreReadOnlyError,
    translate,
)
from .schema import LATEST, migrate, version_of

BUSY_TIMEOUT_S = 30.0  # a writer holds the lock for milliseconds; this only bounds a stuck one
FULL_BYTES = 64 * 1024  # less free space than this: an I/O error is the disk being full


class Database:
    def __init__(self, path: Path, *, busy_timeout_s: float = BUSY_TIMEOUT_S, max_bytes: int | None = None):
        self.path = path
        self.busy_timeout_s = busy_timeout_s
        self.max_bytes = max_bytes  # a size limit: beyond it writes fail as a full disk would
        self._checked = False  # quick_check passed
        self._frozen = False  # on a read-only disk: read as immutable

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection | None]:
        """A connection to read with, or None when there is no file yet (nothing was ever recorded)."""
        if not self.path.exists():
            yield None
            return
        conn = self._open(write=False)
        try:
            yield conn
        except sqlite3.Error as exc:
            raise self._translate(exc) from exc
        finally:
            conn.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A connection inside one transaction: committed at the end, rolled back on any error."""
        conn = self._open(write=True)
        try:
            conn.execute("BEGIN IMMEDIATE")
            yield conn
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:  # SQLite rolls some failures (a full disk) back by itself
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise self._translate(exc) from exc
            raise
        finally:
            conn.close()

    def _open(self, *, write: bool) -> sqlite3.Connection:
        mode = "rwc" if write else "ro&immutable=1" if self._frozen else "rw"
        try:
            if write:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = self._connect(mode)
            try:
                self._prepare(conn, write=write)
            except BaseException:
                conn.close()
                raise
            return conn
        except sqlite3.Error as exc:
            code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
            if code in (SQLITE_CANTOPEN, SQLITE_READONLY) and self._unwritable():
                if write:
                    raise StoreReadOnlyError(self.path, "its disk or folder refuses writes") from exc
                if not self._frozen:
                    # A WAL store on a read-only disk cannot make its shared-memory index: as nobody
                    # can change the file, read it as immutable.
                    self._frozen = True
                    return self._open(write=False)
            raise self._translate(exc) from exc
        except OSError as exc:
            raise translate(exc, self.path, self.busy_timeout_s) from exc

    def _connect(self, mode: str) -> sqlite3.Connection:
        uri = f"{self.path.absolute().as_uri()}?mode={mode}"  # as_uri escapes '?', '#' and '%' in the path
        conn = sqlite3.connect(uri, uri=True, timeout=self.busy_timeout_s, isolation_level=None)
        if self.max_bytes is not None:
            page_size = conn.execute("PRAGMA page_size").fetchone()[0]
            conn.execute(f"PRAGMA max_page_count = {max(1, self.max_bytes // page_size)}")
        return conn

    def _prepare(self, conn: sqlite3.Connection, *, write: bool) -> None:
        """Check the file (ours, not newer); migrate it if old; before the first write, check its pages."""
        if version_of(conn, self.path) < LATEST:
            migrate(conn, self.path, self.busy_timeout_s)
        if write and not self._checked:
            problems = [row[0] for row in conn.execute("PRAGMA quick_check(5)")]
            if problems != ["ok"]:
                raise StoreCorruptError(self.path, "; ".join(" ".join(p.split()) for p in problems))
            self._checked = True

    def _translate(self, exc: sqlite3.Error) -> StoreError:
        """The StoreError for `exc`; an I/O error on a full disk (no room for the WAL's index) is Full."""
        if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF == SQLITE_IOERR and self._disk_full():
            return StoreFullError(self.path)
        return translate(exc, self.path, self.busy_timeout_s)

    def _folder(self) -> Path:
        """The store's folder, or its nearest existing parent (before the first record creates it)."""
        return next(p for p in [self.path.parent, *self.path.parents] if p.exists())

    def _disk_full(self) -> bool:
        stats = os.statvfs(self._folder())
        return stats.f_bavail * stats.f_frsize < FULL_BYTES

    def _unwritable(self) -> bool:
        """True when the store's disk is mounted read-only or its folder or file refuses this user."""
        folder = self._folder()
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return True
        return not os.access(folder, os.W_OK) or (self.path.exists() and not os.access(self.path, os.W_OK))
