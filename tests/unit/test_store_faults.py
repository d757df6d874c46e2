"""Faults over real SQLite files: each gets a clear error, and nothing already stored is lost or written.

An unknown id, a file from a newer version, another program's file, a damaged file or run, a store
held locked, a size limit reached (SQLite's own SQLITE_FULL). Real read-only and full disks are in
test_store_disks.py; two writers in test_store_concurrency.py.
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
from pathlib import Path

import pytest

from dropout_lab.cli import main
from dropout_lab.engine.config import make_config
from dropout_lab.engine.events import BoundarySnapshot, Event
from dropout_lab.engine.experiment import run_comparison
from dropout_lab.store import (
    RunDamagedError,
    RunNotFoundError,
    RunStore,
    StoreBusyError,
    StoreCorruptError,
    StoreFullError,
    StoreNewerVersionError,
)
from dropout_lab.store.schema import LATEST

TINY = {"epochs": 4, "neurons": 8, "layers": 1, "n_samples": 40, "grid_size": 10, "snapshot_every": 2}
CLI_TINY = ["--epochs", "3", "--neurons", "8", "--layers", "1", "--n-samples", "40", "--grid-size", "10"]


@pytest.fixture(scope="module")
def events() -> list[Event]:
    return list(run_comparison(make_config(dropout=0.5, **TINY)))


def as_run(events: list[Event], run_id: str) -> list[Event]:
    return [e.model_copy(update={"run_id": run_id}) for e in events]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def filled(tmp_path: Path, events: list[Event]) -> RunStore:
    store = RunStore(tmp_path / "runs.sqlite3")
    for n in range(3):
        store.record_training(as_run(events, f"run{n}00000000"))
    return store


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_an_unknown_id_names_the_id_and_the_store_everywhere(filled, capsys) -> None:
    with pytest.raises(RunNotFoundError, match=f"no run 'nope' in the run store {filled.path}") as info:
        filled.get("nope")
    assert isinstance(info.value, LookupError)
    for action in (filled.events, filled.remove, lambda i: filled.rename(i, "x"), filled.replay):
        with pytest.raises(RunNotFoundError):
            action("nope")
    for argv in (["show", "nope"], ["export", "nope", "--out", "x"], ["rm", "run0", "nope"]):
        code, _, err = cli(capsys, "runs", *argv, "--store", str(filled.path))
        assert code == 1 and "no run 'nope' in the run store" in err and "runs list" in err
    assert len(filled.runs()) == 3  # `rm run0 nope` checked every id before removing any


def test_a_store_from_a_newer_version_is_refused_and_never_written(filled, events, capsys) -> None:
    with sqlite3.connect(filled.path) as conn:
        conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    before = digest(filled.path)
    newer = RunStore(filled.path)
    for action in (newer.runs, newer.check, lambda: newer.record_training(as_run(events, "new0"))):
        with pytest.raises(StoreNewerVersionError, match=f"schema version {LATEST + 1}; this one reads up"):
            action()
    code, out, err = cli(capsys, "compare", *CLI_TINY, "--store", str(filled.path))
    assert code == 0 and "val loss" in out  # the user still gets the result...
    assert "will not be recorded" in err and "newer dropout-lab" in err and "Recorded" not in out
    code, _, err = cli(capsys, "runs", "list", "--store", str(filled.path))
    assert code == 1 and "upgrade dropout-lab" in err
    assert digest(filled.path) == before  # ... and the file is byte for byte what it was


@pytest.mark.parametrize("kind", ["text", "foreign", "damaged"])
def test_a_file_that_is_not_a_usable_store_is_refused_and_left_untouched(tmp_path, events, kind) -> None:
    path = tmp_path / "runs.sqlite3"
    if kind == "text":
        path.write_text("x1,x2,label\n0.1,0.2,1\n" * 500)
    elif kind == "foreign":
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE notes (body TEXT)")
            conn.execute("INSERT INTO notes VALUES ('mine')")
    else:
        store = RunStore(path)
        for n in range(3):
            store.record_training(as_run(events, f"run{n}"))
        with sqlite3.connect(path) as conn:
            root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'runs'").fetchone()[0]
            page = conn.execute("PRAGMA page_size").fetchone()[0]
        with open(path, "r+b") as f:  # scribble over the runs table's root page
            f.seek((root - 1) * page)
            f.write(b"\xa5" * page)
    before = digest(path)
    store = RunStore(path)
    with pytest.raises(StoreCorruptError, match="is not a usable dropout-lab run store .* left untouched"):
        store.runs()
    with pytest.raises(StoreCorruptError):
        store.record_training(as_run(events, "new0"))
    assert digest(path) == before


def test_damage_that_reading_never_meets_is_found_before_anything_is_written(tmp_path) -> None:
    store = RunStore(tmp_path / "runs.sqlite3")
    config = make_config(dropout=0.5, **{**TINY, "grid_size": 60, "snapshot_every": 1})
    big = list(run_comparison(config))  # its maps overflow onto pages of their own
    for n in range(3):
        store.record_training(as_run(big, f"run{n}"))
    with sqlite3.connect(store.path) as conn:
        grids = conn.execute("SELECT grids FROM runs WHERE id = 'run1'").fetchone()[0]
        page = conn.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(store.path.read_bytes())
    last = data.index(grids[-60:-20]) // page  # the blob's last overflow page: its link is never followed
    data[last * page : last * page + 4] = (99999).to_bytes(4, "big")
    store.path.write_bytes(bytes(data))
    before = digest(store.path)
    damaged = RunStore(store.path)
    assert len(damaged.runs()) == 3
    with pytest.raises(StoreCorruptError, match="invalid page number 99999"):
        damaged.record_training(as_run(big, "new0"))
    assert digest(store.path) == before


def test_a_damaged_run_names_itself_and_the_others_still_load(filled) -> None:
    conn = sqlite3.connect(filled.path)
    blob = conn.execute("SELECT events FROM runs WHERE id = 'run100000000'").fetchone()[0]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every live page in the main file, none in the WAL
    conn.close()
    data = filled.path.read_bytes()
    # 40 bytes of this run's compressed events found nowhere else in the file: the runs hold nearly the
    # same events, so most stretches of one run's data lie in the others' too
    piece = next(blob[i : i + 40] for i in range(40, len(blob) - 40) if data.count(blob[i : i + 40]) == 1)
    at = data.index(piece)
    filled.path.write_bytes(data[:at] + bytes(b ^ 0xFF for b in piece) + data[at + 40 :])
    with pytest.raises(
        RunDamagedError, match="run 'run100000000' .* is damaged .* other runs are unaffected"
    ):
        filled.events("run1")
    assert len(filled.events("run0")) == len(filled.events("run2")) > 0
    assert {r.id for r in filled.runs()} == {"run000000000", "run100000000", "run200000000"}


def test_a_store_reaching_its_size_limit_fails_like_a_full_disk_and_keeps_every_run(filled, events) -> None:
    before = {r.id: filled.events(r.id) for r in filled.runs()}
    size = filled.path.stat().st_size
    limited = RunStore(filled.path, max_bytes=size)  # SQLite's own SQLITE_FULL: PRAGMA max_page_count
    with pytest.raises(StoreFullError, match="is full .* every stored run is intact"):
        limited.record_training(big_run(events, "big0"))
    assert {r.id: limited.events(r.id) for r in limited.runs()} == before
    limited.remove("run0")  # freeing room inside the file makes room for the next run
    limited.record_training(as_run(events, "next"))
    assert len(limited.runs()) == 3


def big_run(events: list[Event], run_id: str, maps: int = 6, size: int = 300) -> list[Event]:
    """A run with `maps` incompressible size x size boundary maps (about 0.15 MB each when stored)."""
    rng = random.Random(0)
    snapshot = next(e for e in events if isinstance(e, BoundarySnapshot))
    noise = [[rng.randrange(1001) / 1000 for _ in range(size**2)] for _ in range(maps)]
    extra = [snapshot.model_copy(update={"grid_size": size, "probs": probs}) for probs in noise]
    return as_run([events[0], *extra, *events[1:]], run_id)


def test_a_store_held_locked_by_another_writer_says_so_and_works_once_released(filled, events) -> None:
    holder = sqlite3.connect(filled.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process mid-write, holding the lock
    try:
        impatient = RunStore(filled.path, busy_timeout_s=0.2)
        with pytest.raises(StoreBusyError, match="locked by another process for 0.2 s: nothing was changed"):
            impatient.record_training(as_run(events, "late"))
        assert len(impatient.runs()) == 3  # readers are never blocked (WAL)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    impatient.record_training(as_run(events, "late"))
    assert len(filled.runs()) == 4
