"""Connections to one store file: opened per operation, so threads and processes never share one.

Writers take SQLite's write lock up front (``BEGIN IMMEDIATE``) and hold it for one short statement or
two; others wait for it up to the busy timeout. The journal is a WAL, so readers never wait. The first
connection checks (and, to write, migrates) the file; the first write also runs ``PRAGMA quick_check``,
so a damaged file is refused before anything is written into it. Every sqlite3 or OS error leaves as
a StoreError naming the file. A store on a read-only disk can still be read.

Knows SQLite and the file system: nothing of runs or events.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import SQLITE_CANTOPEN, SQLITE_READONLY, StoreCorruptError, StoreError, translate
from .schema import LATEST, migrate, version_of

BUSY_TIMEOUT_S = 30.0  # a writer holds the lock for milliseconds; this only bounds a stuck one


class Database:
    def __init__(self, path: Path, *, busy_timeout_s: float = BUSY_TIMEOUT_S, max_bytes: int | None = None):
        self.path = path
        self.busy_timeout_s = busy_timeout_s
        self.max_bytes = max_bytes  # a size limit: beyond it writes fail as a full disk would
        self._ready = False  # the file has been checked (and migrated) by this process
        self._checked = False  # quick_check passed

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
            raise translate(exc, self.path, self.busy_timeout_s) from exc
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
                raise translate(exc, self.path, self.busy_timeout_s) from exc
            raise
        finally:
            conn.close()

    def _open(self, *, write: bool) -> sqlite3.Connection:
        try:
            if write:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = self._connect("rwc" if write else "rw")
        except (OSError, sqlite3.Error) as exc:
            raise translate(exc, self.path, self.busy_timeout_s) from exc
        try:
            self._prepare(conn, write=write)
        except sqlite3.Error as exc:
            conn.close()
            code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
            if write or code not in (SQLITE_CANTOPEN, SQLITE_READONLY):
                raise translate(exc, self.path, self.busy_timeout_s) from exc
            # A WAL store on a read-only disk: nobody can change it, so read it as immutable.
            conn = self._connect("ro&immutable=1")
            try:
                self._prepare(conn, write=False)
            except sqlite3.Error as again:
                conn.close()
                raise translate(again, self.path) from again
            except StoreError:
                conn.close()
                raise
        except BaseException:
            conn.close()
            raise
        return conn

    def _connect(self, mode: str) -> sqlite3.Connection:
        uri = f"{self.path.absolute().as_uri()}?mode={mode}"  # as_uri escapes '?', '#' and '%' in the path
        conn = sqlite3.connect(uri, uri=True, timeout=self.busy_timeout_s, isolation_level=None)
        if self.max_bytes is not None:
            page_size = conn.execute("PRAGMA page_size").fetchone()[0]
            conn.execute(f"PRAGMA max_page_count = {max(1, self.max_bytes // page_size)}")
        return conn

    def _prepare(self, conn: sqlite3.Connection, *, write: bool) -> None:
        """Check the file once per process; migrate it when writing (or when it is too old to read)."""
        if not self._ready:
            if write or version_of(conn, self.path) < LATEST:
                migrate(conn, self.path)
            self._ready = True
        if write and not self._checked:
            problems = [row[0] for row in conn.execute("PRAGMA quick_check(5)")]
            if problems != ["ok"]:
                raise StoreCorruptError(self.path, "; ".join(problems))
            self._checked = True
