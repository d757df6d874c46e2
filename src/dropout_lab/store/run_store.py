"""The run store: record finished runs and insight results, list them, replay them, rename and remove.

One SQLite file (see database.py for how it is opened and shared, schema.py for its tables, rows.py
and codec.py for what a record writes and how events are packed). Every method opens its own
connection, so one RunStore may be used from many threads, and many processes may use one file.
Ids may be abbreviated to any unique prefix.
Knows the engine's events: nothing of the web, the CLI, reports or the Python API's result objects.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..engine.events import Event, RunStarted
from ..engine.insights.events import InsightResult, parse_result
from .codec import DecodeError, decode_events, decode_result
from .database import BUSY_TIMEOUT_S, Database
from .errors import RunDamagedError, RunNotFoundError
from .location import store_path
from .recorder import RunRecorder
from .records import COLUMNS, RemovedRun, StoredRun
from .rows import INSERT_COLUMNS, Row, insight_row, training_row

INSERT = f"INSERT INTO runs ({', '.join(INSERT_COLUMNS)}) VALUES ({', '.join('?' * len(INSERT_COLUMNS))})"


class RunStore:
    """The runs stored in one SQLite file (created, with its folder, on the first record).

    Parameters
    ----------
    path : str or Path
        The file. `RunStore.default()` finds the usual one (flag, DROPOUT_LAB_STORE, user data folder).
    busy_timeout_s : float
        How long a write waits for another writer's lock before `StoreBusyError`.
    max_bytes : int, optional
        A size limit: a record that would grow the file beyond it fails like a full disk (`StoreFullError`).
    """

    def __init__(
        self, path: str | Path, *, busy_timeout_s: float = BUSY_TIMEOUT_S, max_bytes: int | None = None
    ):
        self.path = Path(path)
        self._db = Database(self.path, busy_timeout_s=busy_timeout_s, max_bytes=max_bytes)

    @classmethod
    def default(cls, flag: str | Path | None = None, *, off: bool = False) -> RunStore | None:
        """The store a flag, the environment or the user data folder names; None when switched off."""
        path = store_path(flag, off=off)
        return None if path is None else cls(path)

    def __repr__(self) -> str:
        return f"RunStore({str(self.path)!r})"

    def check(self) -> None:
        """Open the store as a record would (creating and migrating it), recording nothing.

        Raises the StoreError a record would meet now (read-only, newer, damaged, locked), so a caller
        can say so before a long training rather than after it.
        """
        with self._db.write():
            pass

    # --- recording ---------------------------------------------------------------------------------

    def record_training(self, events: Iterable[Event], **details: Any) -> StoredRun:
        """Store a finished comparison's events (run_started ... run_finished); return its record.

        `details`: ``data_source`` ("generated", "csv" or "points"), ``data_name``, ``data_hash``
        (`identity.points_digest`: own points need it, so that different points never share a key),
        ``name``, ``notes``, ``versions`` (default: the running code's). The id is the run's
        ``run_id``; recording the same run twice stores it once.
        """
        return self._insert(training_row(events, **details))

    def recorder(self, **details: Any) -> RunRecorder:
        """A comparison recorded while it runs: ``add`` each event as it comes, then ``finish()``
        (see recorder.py; `details` as for `record_training`)."""
        return RunRecorder(self._insert, **details)

    def record_insight(
        self, insight: str, config: Any, params: Any, result: Any, **details: Any
    ) -> StoredRun:
        """Store an insight's result (a dict or a pydantic model) with its settings and parameters.

        `details` as for `record_training`, plus ``headline`` (the sentence a list shows).
        """
        return self._insert(insight_row(insight, config, params, result, **details))

    def _insert(self, row: Row) -> StoredRun:
        with self._db.write() as conn:  # the blobs are packed already: the lock is held for one insert
            if conn.execute("SELECT 1 FROM runs WHERE id = ?", (row.id,)).fetchone() is None:
                conn.execute(INSERT, row.values())
            return _stored(conn, row.id)

    # --- reading -----------------------------------------------------------------------------------

    def runs(self, *, kind: str | None = None, limit: int | None = None) -> list[StoredRun]:
        """The stored runs, newest first (only comparisons: ``kind="train"``; an insight: its name)."""
        where, args = ("WHERE kind = ?", [kind]) if kind else ("", [])
        sql = f"SELECT {COLUMNS} FROM runs {where} ORDER BY created_at DESC, rowid DESC LIMIT ?"
        with self._db.read() as conn:
            if conn is None:
                return []
            rows = conn.execute(sql, [*args, -1 if limit is None else limit]).fetchall()
        return [StoredRun.from_row(row) for row in rows]

    def get(self, run_id: str) -> StoredRun:
        """The run with this id or unique id prefix; `RunNotFoundError` otherwise."""
        with self._db.read() as conn:
            conn, full = self._resolve(conn, run_id)
            return _stored(conn, full)

    def find(self, key: str) -> StoredRun | None:
        """The newest complete (not stopped) run recorded for this `identity.request_key`, if any."""
        sql = f"SELECT {COLUMNS} FROM runs WHERE request_key = ? AND stopped = 0 ORDER BY created_at DESC"
        with self._db.read() as conn:
            row = None if conn is None else conn.execute(sql, (key,)).fetchone()
        return None if row is None else StoredRun.from_row(row)

    def replay(self, run_id: str, *, mark_stored: bool = True) -> Iterator[Event | InsightResult]:
        """The run's events in their recorded order, typed, as the live run yielded them.

        With `mark_stored`, ``run_started.stored_at`` holds the time it was recorded (a live run has
        None there). An insight replays as its one ``insight_result``. The run is read at once (an
        unknown id raises here); its events are decoded as they are consumed.
        """
        run, codec, packed, grids = self._blobs(run_id)
        return self._decoded(run, codec, packed, grids, mark_stored)

    def events(self, run_id: str) -> list[Event]:
        """A comparison's events exactly as recorded."""
        run = self.get(run_id)
        if not run.is_training:
            raise ValueError(f"run '{run.id}' is a {run.kind} insight, not a comparison: it has no events")
        return [e for e in self.replay(run.id, mark_stored=False) if not isinstance(e, InsightResult)]

    def insight_result(self, run_id: str) -> dict[str, Any]:
        """An insight run's result as recorded (JSON data)."""
        run, _, packed, _ = self._blobs(run_id)
        if run.is_training:
            raise ValueError(f"run '{run.id}' is a comparison, not an insight: load its events")
        try:
            return decode_result(packed)
        except DecodeError as exc:
            raise RunDamagedError(self.path, run.id, str(exc)) from None

    def _blobs(self, run_id: str) -> tuple[StoredRun, int, bytes, bytes | None]:
        with self._db.read() as conn:
            conn, full = self._resolve(conn, run_id)
            row = conn.execute(f"SELECT {COLUMNS}, codec, events, grids FROM runs WHERE id = ?", (full,))
            *columns, codec, packed, grids = row.fetchone()
        return StoredRun.from_row(columns), codec, packed, grids

    def _decoded(
        self, run: StoredRun, codec: int, packed: bytes, grids: bytes | None, mark_stored: bool
    ) -> Iterator[Event | InsightResult]:
        try:
            if not run.is_training:
                yield InsightResult(insight=run.kind, result=parse_result(decode_result(packed)))
                return
            for event in decode_events(packed, grids, codec):
                if mark_stored and isinstance(event, RunStarted):
                    event = event.model_copy(update={"stored_at": run.created_at.isoformat()})
                yield event
        except DecodeError as exc:
            raise RunDamagedError(self.path, run.id, str(exc)) from None

    def _resolve(self, conn: sqlite3.Connection | None, run_id: str) -> tuple[sqlite3.Connection, str]:
        """The connection (None: no file yet) and the full id of `run_id` (an id or a unique prefix)."""
        if conn is None or not isinstance(run_id, str) or not run_id.strip():
            raise RunNotFoundError(self.path, str(run_id))
        run_id = run_id.strip()
        sql = "SELECT id FROM runs WHERE id = ? OR substr(id, 1, ?) = ? ORDER BY id = ? DESC LIMIT 6"
        found = [r[0] for r in conn.execute(sql, (run_id, len(run_id), run_id, run_id))]
        if not found:
            raise RunNotFoundError(self.path, run_id)
        if found[0] != run_id and len(found) > 1:
            shown = ", ".join(found[:5]) + (", ..." if len(found) > 5 else "")
            detail = f"it starts several ids ({shown}): give more characters"
            raise RunNotFoundError(self.path, run_id, detail)
        return conn, str(found[0])

    # --- changing ----------------------------------------------------------------------------------

    def rename(self, run_id: str, name: str) -> StoredRun:
        return self._update(run_id, "name", name)

    def annotate(self, run_id: str, notes: str) -> StoredRun:
        return self._update(run_id, "notes", notes)

    def _update(self, run_id: str, column: str, value: str) -> StoredRun:
        if not isinstance(value, str):
            raise TypeError(f"{column} must be text, not {type(value).__name__}")
        with self._db.write() as conn:
            conn, full = self._resolve(conn, run_id)
            conn.execute(f"UPDATE runs SET {column} = ? WHERE id = ?", (value, full))
            return _stored(conn, full)

    def remove(self, run_id: str) -> StoredRun:
        """Delete one run for good; return what it was."""
        return self.take(run_id).run

    def take(self, run_id: str) -> RemovedRun:
        """Delete one run and return all of it (its row, blobs included): `put_back` can undo this."""
        with self._db.write() as conn:
            conn, full = self._resolve(conn, run_id)
            values = conn.execute(f"SELECT {', '.join(INSERT_COLUMNS)} FROM runs WHERE id = ?", (full,))
            removed = RemovedRun(_stored(conn, full), tuple(values.fetchone()))
            conn.execute("DELETE FROM runs WHERE id = ?", (full,))
        return removed

    def put_back(self, removed: RemovedRun) -> StoredRun:
        """Restore a run `take` removed, exactly as it was (id, time, name, events); once if done twice."""
        with self._db.write() as conn:
            if conn.execute("SELECT 1 FROM runs WHERE id = ?", (removed.run.id,)).fetchone() is None:
                conn.execute(INSERT, removed.values)
            return _stored(conn, removed.run.id)

    def clear(self) -> int:
        """Delete every run; return how many there were."""
        if not self.path.exists():
            return 0
        with self._db.write() as conn:
            return conn.execute("DELETE FROM runs").rowcount


def _stored(conn: sqlite3.Connection, run_id: str) -> StoredRun:
    return StoredRun.from_row(conn.execute(f"SELECT {COLUMNS} FROM runs WHERE id = ?", (run_id,)).fetchone())
