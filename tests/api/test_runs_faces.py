"""One run across the faces: trained by the server, listed and exported by the CLI, loaded in Python with
identical numbers; a run recorded by the CLI is replayed by the server; kept runs outlive a server
restart. Over a real SQLite file and real server processes."""

from __future__ import annotations

import contextlib
import csv
import io
import json
from pathlib import Path

from lab_process import LabProcess
from runs_helpers import QUICK, http, run_job, stored_runs, wait_for_run, without_stored_at

from dropout_lab import load_run
from dropout_lab.api.results import ComparisonResult
from dropout_lab.cli import main


def cli(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(list(argv))
    return code, out.getvalue()


def test_a_run_trained_by_the_server_is_listed_exported_and_loaded_with_identical_numbers(tmp_path):
    store = tmp_path / "runs.sqlite3"
    with LabProcess(tmp_path, workers=1, store=str(store)) as lab:
        streamed = run_job(lab, {**QUICK, "seed": 31})
        run_id = streamed[0]["run_id"]
        wait_for_run(lab, run_id)
    code, listing = cli("runs", "list", "--store", str(store))
    assert code == 0 and run_id in listing and "moons 0.3" in listing
    code, wrote = cli("runs", "export", run_id[:6], "--out", str(tmp_path / "out"), "--store", str(store))
    assert code == 0 and "summary.json" in wrote

    loaded = load_run(run_id, store=store)
    assert isinstance(loaded, ComparisonResult) and loaded.run_id == run_id
    assert without_stored_at([json.loads(e.model_dump_json()) for e in loaded.events]) == without_stored_at(
        streamed
    )
    finished = streamed[-1]
    assert [s.model_dump() for s in loaded.summary] == finished["summary"]
    val = [m["val_loss"] for m in streamed if m["type"] == "epoch_finished" and m["network"] == "dropout"]
    assert loaded.history["dropout"]["val_loss"] == val

    exported = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert exported["networks"] == finished["summary"]
    lines = (tmp_path / "out" / "events.jsonl").read_text().splitlines()
    assert without_stored_at([json.loads(line) for line in lines]) == without_stored_at(streamed)
    with open(tmp_path / "out" / "history.csv", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["network"] == "dropout"]
    assert [float(r["val_loss"]) for r in rows] == val


def test_a_run_recorded_by_the_cli_is_replayed_by_the_server(tmp_path):
    store = tmp_path / "runs.sqlite3"
    flags = [f"--{k.replace('_', '-')}={v}" for k, v in {**QUICK, "seed": 33}.items()]
    code, out = cli("compare", *flags, "--store", str(store))
    assert code == 0 and "Recorded as run" in out
    (recorded,) = load_run_ids(store)
    with LabProcess(tmp_path, workers=1, store=str(store)) as lab:
        replayed = run_job(lab, {**QUICK, "seed": 33})
    assert replayed[0]["run_id"] == recorded and replayed[0]["stored_at"]


def load_run_ids(store: Path) -> list[str]:
    from dropout_lab import runs

    return [r.id for r in runs(store=store)]


def test_kept_runs_and_their_names_outlive_a_server_restart(tmp_path):
    store = tmp_path / "runs.sqlite3"
    config = {**QUICK, "seed": 32}
    with LabProcess(tmp_path, workers=1, store=str(store)) as lab:
        first = run_job(lab, config)
        run_id = first[0]["run_id"]
        wait_for_run(lab, run_id)
        status, body = http(lab, "PATCH", f"/api/runs/{run_id}", {"name": "lesson 1"})
        assert status == 200 and body["run"]["name"] == "lesson 1"
    with LabProcess(tmp_path, workers=1, store=str(store)) as lab:
        (kept,) = stored_runs(lab)
        assert kept["id"] == run_id and kept["name"] == "lesson 1"
        again = run_job(lab, config)
        status, events = http(lab, "GET", f"/api/runs/{run_id}/events")
    assert again[0]["run_id"] == run_id and again[0]["stored_at"] == kept["created_at"]
    assert without_stored_at(again) == without_stored_at(first)
    assert status == 200 and without_stored_at(events["events"]) == without_stored_at(first)
