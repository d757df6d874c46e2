"""Migrations: a store written by the first schema opens in this version with every run intact.

The first schema is frozen here, as released: if anyone edits MIGRATIONS[0] instead of adding a new
migration, the first test fails.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from dropout_lab.engine.config import make_config
from dropout_lab.engine.events import Event
from dropout_lab.engine.experiment import run_comparison
from dropout_lab.store import RunStore, StoreError, current_versions, request_key, schema
from dropout_lab.store.codec import CODEC, encode_events

FIRST_SCHEMA = (
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
    f"PRAGMA application_id = {0x444C4142}",
)
TINY = {"epochs": 3, "neurons": 8, "layers": 1, "n_samples": 40, "grid_size": 10, "dropout": 0.5}


@pytest.fixture(scope="module")
def events() -> list[Event]:
    return list(run_comparison(make_config(**TINY)))


def store_at(path: Path, version: int, events: list[Event]) -> None:
    """A store file as `version` of dropout-lab left it, holding one run written with the first
    schema's columns (later migrations only add columns with defaults)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    for migration in schema.MIGRATIONS[:version]:
        for statement in migration:
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {version}")
    packed, grids = encode_events(events)
    started, finished = events[0], events[-1]
    summary = {"networks": [s.model_dump() for s in finished.summary]}
    row = (
        started.run_id, "2024-05-01T10:00:00.000+00:00", "from v1", "old notes",
        request_key("train", started.config), json.dumps(started.config), "generated", None, None,
        json.dumps(current_versions()), 0, json.dumps(summary),
        CODEC, packed, grids, len(packed) + len(grids or b""),
    )  # fmt: skip
    conn.execute(f"INSERT INTO runs VALUES ({', '.join('?' * len(row))})", row)
    conn.close()


def test_the_first_schema_is_never_edited() -> None:
    assert schema.MIGRATIONS[0] == FIRST_SCHEMA


@pytest.mark.parametrize("version", range(1, schema.LATEST))
def test_a_store_from_an_older_schema_migrates_on_opening_with_every_run_intact(tmp_path, events, version):
    path = tmp_path / "runs.sqlite3"
    store_at(path, version, events)
    store = RunStore(path)
    (run,) = store.runs()
    assert (run.id, run.name, run.notes, run.kind, run.params) == (
        events[0].run_id,
        "from v1",
        "old notes",
        "train",
        {},
    )
    assert store.events(run.id) == events
    assert store.find(request_key("train", make_config(**TINY))) == run
    insight = store.record_insight("sweep", make_config(**TINY), {"rates": [0, 0.5]}, {"best_rate": 0.5})
    assert [r.id for r in store.runs()] == [insight.id, run.id]
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.LATEST


def test_a_migration_that_fails_leaves_the_store_as_it_was(tmp_path, events, monkeypatch) -> None:
    path = tmp_path / "runs.sqlite3"
    store_at(path, 1, events)
    broken = (*schema.MIGRATIONS, ("ALTER TABLE runs ADD COLUMN kind TEXT",))  # a duplicate column
    monkeypatch.setattr(schema, "MIGRATIONS", broken)
    monkeypatch.setattr(schema, "LATEST", len(broken))
    with pytest.raises(StoreError, match="duplicate column"):
        RunStore(path).runs()
    monkeypatch.undo()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1  # not half-way: all or nothing
    assert RunStore(path).events(events[0].run_id) == events


def test_migrating_a_store_that_is_up_to_date_does_nothing(tmp_path, events) -> None:
    path = tmp_path / "runs.sqlite3"
    store_at(path, 1, events)
    for found in (1, schema.LATEST):  # the version each call found
        with closing(sqlite3.connect(path, isolation_level=None)) as conn:
            assert schema.migrate(conn, path) == found
            assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.LATEST
    assert len(RunStore(path).runs()) == 1
