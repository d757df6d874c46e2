"""Store faults while serving never fail a job: a store on a read-only disk is read but not written, a
full store (its size limit) records nothing new, a store from a newer dropout-lab is left untouched --
whether found at start or while serving. Each time the server trains, replays what it can, and says why
(in its log, and on /api/runs for the page). Real server processes, real SQLite files."""

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from lab_process import LabProcess
from runs_helpers import QUICK, forged, http, run_job, stored_runs, wait_for_run

from dropout_lab.engine.config import make_config
from dropout_lab.engine.events import Event
from dropout_lab.engine.experiment import run_comparison
from dropout_lab.store import RunStore
from dropout_lab.store.schema import LATEST


@pytest.fixture(scope="module")
def real_events() -> list[Event]:
    return list(run_comparison(make_config(**QUICK)))


def filled(path: Path, real_events: list[Event], seed: int) -> str:
    """A store at `path` holding one run, for the request with this seed; its id."""
    RunStore(path).record_training(forged(real_events, {**QUICK, "seed": seed}, f"{seed:012d}"))
    return f"{seed:012d}"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_newer(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()  # the last connection: its write-ahead log is folded into the file


def mounting_works() -> bool:
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    probe = ["unshare", "--mount", "--propagation", "private", "sh", "-c", "mount -t tmpfs tmpfs /mnt"]
    return subprocess.run(probe, capture_output=True).returncode == 0


@pytest.mark.skipif(
    os.geteuid() == 0 and not mounting_works(), reason="as root only a read-only mount refuses writes"
)
def test_a_store_on_a_read_only_disk_is_listed_and_replayed_but_new_runs_are_not_recorded(
    tmp_path, real_events
):
    source = tmp_path / "source.sqlite3"
    stored = filled(source, real_events, 51)
    disk = tmp_path / "disk"
    disk.mkdir()
    store = disk / "runs.sqlite3"
    if os.geteuid() == 0:  # a private mount namespace: a tmpfs holding a copy of the store, then read-only
        steps = f"mount -t tmpfs -o size=8m tmpfs {shlex.quote(str(disk))} && cp {shlex.quote(str(source))} "
        steps += f'{shlex.quote(str(store))} && mount -o remount,ro {shlex.quote(str(disk))} && exec "$@"'
        prefix: tuple[str, ...] = ("unshare", "--mount", "--propagation", "private", "sh", "-c", steps, "-")
    else:
        shutil.copy(source, store)
        disk.chmod(0o555)
        store.chmod(0o444)
        prefix = ()
    try:
        with LabProcess(tmp_path, prefix=prefix, workers=1, store=str(store)) as lab:
            assert "new runs are not recorded" in lab.output
            status, body = http(lab, "GET", "/api/runs")
            assert status == 200 and body["store"]["on"] and not body["store"]["recording"]
            assert "read-only" in body["store"]["problem"] and [r["id"] for r in body["runs"]] == [stored]
            assert run_job(lab, {**QUICK, "seed": 51})[0]["stored_at"]  # replayed from the read-only store
            trained = run_job(lab, {**QUICK, "seed": 52})
            assert trained[-1]["type"] == "run_finished" and not trained[-1]["stopped"]
            assert [r["id"] for r in stored_runs(lab)] == [stored]  # nothing recorded
            status, body = http(lab, "PATCH", f"/api/runs/{stored}", {"name": "x"})
            assert status == 409 and "read-only" in body["message"]
            assert "new runs will not be recorded" in lab.errors
    finally:
        disk.chmod(0o755)


def test_a_full_store_records_nothing_new_and_every_job_still_ends_well(tmp_path, real_events):
    store = tmp_path / "runs.sqlite3"
    stored = filled(store, real_events, 61)
    limit = store.stat().st_size  # not one page more: any new run fills it
    with LabProcess(tmp_path, workers=1, store=str(store), store_max_bytes=limit) as lab:
        first = run_job(lab, {**QUICK, "seed": 62})
        assert first[-1]["type"] == "run_finished" and not first[-1]["stopped"]
        for _ in range(100):  # until the worker has given up recording it, the finished run can be joined
            again = run_job(lab, {**QUICK, "seed": 62})
            if again[0]["run_id"] != first[0]["run_id"]:
                break
            time.sleep(0.05)
        assert again[0]["stored_at"] is None and again[0]["run_id"] != first[0]["run_id"]  # trained again
        assert run_job(lab, {**QUICK, "seed": 61})[0]["run_id"] == stored  # the kept run still replays
        assert [r["id"] for r in stored_runs(lab)] == [stored]
        errors = lab.errors
    assert "was not recorded" in errors and "is full" in errors and "Traceback" not in errors


def test_a_store_from_a_newer_version_is_left_untouched_and_the_lab_trains_without_it(tmp_path, real_events):
    store = tmp_path / "runs.sqlite3"
    filled(store, real_events, 71)
    make_newer(store)
    before = digest(store)
    with LabProcess(tmp_path, workers=1, store=str(store)) as lab:
        assert "runs are not kept" in lab.output and "newer dropout-lab" in lab.output
        status, body = http(lab, "GET", "/api/runs")
        assert status == 200 and not body["store"]["on"] and "newer dropout-lab" in body["store"]["problem"]
        trained = run_job(lab, {**QUICK, "seed": 71})  # its stored twin cannot be read: trained
        assert trained[0]["stored_at"] is None and trained[-1]["type"] == "run_finished"
        status, body = http(lab, "GET", "/api/runs/000000000071")
        assert status == 404 and "newer dropout-lab" in body["message"]
    assert digest(store) == before


def test_a_store_that_breaks_while_serving_is_logged_and_the_lab_goes_on_training(tmp_path, real_events):
    store = tmp_path / "runs.sqlite3"
    with LabProcess(tmp_path, workers=1, store=str(store)) as lab:
        kept = run_job(lab, {**QUICK, "seed": 81})
        wait_for_run(lab, kept[0]["run_id"])
        make_newer(store)  # say, a newer dropout-lab took the store over
        status, body = http(lab, "GET", "/api/runs")
        assert status == 503 and "newer dropout-lab" in body["message"]
        again = run_job(lab, {**QUICK, "seed": 81})  # the store cannot be searched: trained instead
        assert again[0]["stored_at"] is None and again[-1]["type"] == "run_finished"
        other = run_job(lab, {**QUICK, "seed": 82})
        assert other[-1]["type"] == "run_finished" and not other[-1]["stopped"]
        errors = lab.errors
    assert "could not be searched; training instead" in errors and "was not recorded" in errors
