"""The store's tables and their migrations; the version lives in the file (``PRAGMA user_version``).

A file is ours when its ``application_id`` is APPLICATION_ID. Opening checks it and the version before
anything is written: another program's SQLite file or a damaged one is refused (`StoreCorruptError`), one from
a newer dropout-lab too (`StoreNewerVersionError`); neither is ever written to. Migrations run in one
``BEGIN IMMEDIATE`` transaction, so two processes opening an old store at once migrate it once.

A released migration never changes: a new schema is a new entry at the end of MIGRATIONS.
Knows SQL only: nothing of events or their encoding.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from .errors import StoreCorruptError, StoreNewerVersionError

APPLICATION_ID = 0x444C4142  # "DLAB" in the file's header: marks the file as a dropout-lab run store

# Version 1: one row per finished comparison run.
V1 = (
    """CREATE TABLE runs (
        id TEXT PRIMARY KEY,           -- the run's run_id (engine: 12 hex digits)
        created_at TEXT NOT NULL,      -- ISO 8601, UTC, when it was recorded
        name TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        request_key TEXT NOT NULL,     -- identity.request_key: equal keys replay instead of training
        config TEXT NOT NULL,          -- JSON: TrainConfig
        data_source TEXT NOT NULL,     -- 'generated', 'csv' (a file) or 'points' (arrays)
        data_name TEXT,                -- the CSV file's name, or 'your data'
        data_hash TEXT,                -- identity.points_digest of the user's points
        versions TEXT NOT NULL,        -- JSON: dropout_lab, engine, torch, numpy, python
        stopped INTEGER NOT NULL,      -- 1 when stopped early (never replayed for a new request)
        summary TEXT NOT NULL,         -- JSON: what a list shows without unpacking the events
        codec INTEGER NOT NULL,        -- layout of the blobs (codec.py)
        events BLOB NOT NULL,          -- zlib JSON lines (codec.py)
        grids BLOB,                    -- zlib uint16 boundary maps (codec.py)
        size_bytes INTEGER NOT NULL    -- stored bytes of the blobs
    )""",
    "CREATE INDEX runs_by_request ON runs (request_key)",
    "CREATE INDEX runs_by_time ON runs (created_at)",
    f"PRAGMA application_id = {APPLICATION_ID}",
)

# Version 2: insight results beside comparisons (an insight keeps its result JSON in `events`, no grids).
V2 = (
    "ALTER TABLE runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'train'",  # 'train' or an insight's name
    "ALTER TABLE runs ADD COLUMN params TEXT NOT NULL DEFAULT '{}'",  # JSON: an insight's parameters
    "CREATE INDEX runs_by_kind ON runs (kind, created_at)",
)

MIGRATIONS: tuple[tuple[str, ...], ...] = (V1, V2)
LATEST = len(MIGRATIONS)


def version_of(conn: sqlite3.Connection, path: str | Path) -> int:
    """The file's schema version (0: a new, empty file); refuses files that are not ours or too new."""
    own = not conn.in_transaction  # one snapshot for the three reads: another thread may be migrating
    if own:
        conn.execute("BEGIN")
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    finally:
        if own and conn.in_transaction:  # after an I/O error SQLite may have ended it already
            conn.execute("COMMIT")
    if app_id != APPLICATION_ID and (app_id != 0 or version != 0 or tables != 0):
        raise StoreCorruptError(path, "it is an SQLite file of another program")
    if version > LATEST:
        raise StoreNewerVersionError(path, version, LATEST)
    return int(version)


def use_wal(conn: sqlite3.Connection, busy_timeout_s: float) -> None:
    """Switch the file to a WAL journal (it lasts in the file; readers never block the writer).

    The switch needs the file to itself, and SQLite answers "database is locked" at once, without its
    busy timeout, while another connection reads the new file: so it is retried until the timeout."""
    deadline = time.monotonic() + busy_timeout_s
    pause = 0.001
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            busy = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF == sqlite3.SQLITE_BUSY
            if not busy or time.monotonic() + pause > deadline:
                raise
            time.sleep(pause)
            pause = min(2 * pause, 0.05)


def migrate(conn: sqlite3.Connection, path: str | Path, busy_timeout_s: float = 30.0) -> int:
    """Bring the file to LATEST (a no-op when it is there); return the version it had."""
    if version_of(conn, path) == LATEST:
        return LATEST
    use_wal(conn, busy_timeout_s)
    conn.execute("BEGIN IMMEDIATE")
    try:
        found = version_of(conn, path)  # again under the write lock: another process may have migrated
        for version in range(found, LATEST):
            for statement in MIGRATIONS[version]:
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {LATEST}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # SQLite rolls some failures (a full disk) back by itself
            conn.execute("ROLLBACK")
        raise
    return found
