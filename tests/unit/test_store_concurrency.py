"""Many writers on one store: two processes creating and filling the same new file at once, and threads
sharing one RunStore while another reads. Every run lands, whole; nobody sees "database is locked"."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from dropout_lab.engine.config import make_config
from dropout_lab.engine.events import Event, parse_event
from dropout_lab.engine.experiment import run_comparison
from dropout_lab.store import RunStore

TINY = {"epochs": 3, "neurons": 8, "layers": 1, "n_samples": 40, "grid_size": 10}
PER_WRITER = 12

WRITER = r"""
import json, sys, time
from pathlib import Path
from dropout_lab.engine.events import parse_event
from dropout_lab.store import RunStore
store_path, events_path, go, name = sys.argv[1:5]
events = [parse_event(json.loads(line)) for line in Path(events_path).read_text().splitlines()]
while not Path(go).exists():  # start together: both open the new store at the same moment
    time.sleep(0.005)
store = RunStore(store_path)
for n in range(int(sys.argv[5])):
    store.record_training([e.model_copy(update={"run_id": f"{name}{n:08d}"}) for e in events])
print("done")
"""


@pytest.fixture(scope="module")
def events() -> list[Event]:
    return list(run_comparison(make_config(dropout=0.5, **TINY)))


def test_two_processes_creating_and_writing_one_store_at_once_lose_nothing(tmp_path, events) -> None:
    events_path, go, store_path = (
        tmp_path / "events.jsonl",
        tmp_path / "go",
        tmp_path / "new" / "runs.sqlite3",
    )
    events_path.write_text("\n".join(e.model_dump_json() for e in events))
    (tmp_path / "writer.py").write_text(WRITER)
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                str(tmp_path / "writer.py"),
                str(store_path),
                str(events_path),
                str(go),
                name,
                str(PER_WRITER),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for name in ("aaaa", "bbbb")
    ]
    go.touch()
    results = [w.communicate(timeout=120) for w in writers]
    assert [w.returncode for w in writers] == [0, 0], [err[-2000:] for _, err in results]
    store = RunStore(store_path)
    ids = {run.id for run in store.runs()}
    assert ids == {f"{name}{n:08d}" for name in ("aaaa", "bbbb") for n in range(PER_WRITER)}
    for run_id in ("aaaa00000000", f"bbbb{PER_WRITER - 1:08d}"):
        replayed = [e.model_copy(update={"run_id": events[0].run_id}) for e in store.events(run_id)]
        assert replayed == [parse_event(json.loads(e.model_dump_json())) for e in events]


def test_threads_sharing_one_store_record_while_another_reads(tmp_path: Path, events) -> None:
    store = RunStore(tmp_path / "runs.sqlite3")
    errors: list[BaseException] = []
    seen: list[int] = []
    writing = threading.Event()

    def write(name: str) -> None:
        try:
            for n in range(8):
                store.record_training([e.model_copy(update={"run_id": f"{name}{n:04d}"}) for e in events])
        except BaseException as exc:
            errors.append(exc)

    def read() -> None:
        try:
            while writing.is_set():
                seen.append(len(store.runs()))
        except BaseException as exc:
            errors.append(exc)

    writing.set()
    threads = [threading.Thread(target=write, args=(f"t{i}",)) for i in range(4)]
    reader = threading.Thread(target=read)
    for t in [*threads, reader]:
        t.start()
    for t in threads:
        t.join(timeout=120)
    writing.clear()
    reader.join(timeout=30)
    assert errors == []
    assert len(store.runs()) == 32
    assert seen == sorted(seen)  # a reader sees runs arrive, never vanish or half-written


class LockedThenFree:
    """A connection whose switch to WAL answers "database is locked" `times` times, as SQLite does at
    once (no busy timeout) when another connection is creating the same new store."""

    def __init__(self, times: int, code: int = 5) -> None:  # 5: SQLITE_BUSY
        self.left, self.code, self.calls = times, code, 0

    def execute(self, sql: str):
        import sqlite3

        self.calls += 1
        if sql == "PRAGMA journal_mode = WAL" and self.left:
            self.left -= 1
            exc = sqlite3.OperationalError("database is locked")
            exc.sqlite_errorcode = self.code  # type: ignore[attr-defined]
            raise exc
        return self

    def fetchone(self):
        return ("delete",)


def test_the_switch_to_wal_is_retried_while_locked_and_other_errors_are_not() -> None:
    import sqlite3

    from dropout_lab.store.schema import use_wal

    locked = LockedThenFree(times=3)
    use_wal(locked, busy_timeout_s=5)  # type: ignore[arg-type]
    assert locked.left == 0 and locked.calls == 8  # three refusals, each retried, then the switch
    with pytest.raises(sqlite3.OperationalError):
        use_wal(LockedThenFree(times=1, code=10), busy_timeout_s=5)  # type: ignore[arg-type]  # I/O error
    with pytest.raises(sqlite3.OperationalError):
        use_wal(LockedThenFree(times=10**6), busy_timeout_s=0.05)  # type: ignore[arg-type]  # stays locked
