"""Shared steps of the kept-runs tests (tests/api/test_runs_*.py): run a job on a real lab server, read
its HTTP routes, wait for a run to be recorded, and make a stored run whose numbers the engine could
never produce (so a stream carrying them can only have come from the store). Loopback only, bounded."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from typing import Any

from lab_process import LabProcess, receive_all, start

from dropout_lab.engine.config import make_config
from dropout_lab.engine.events import EpochFinished, Event, RunStarted

# Quick, real trainings; each test varies the seed so that no test replays another's run.
QUICK = {"dataset": "moons", "n_samples": 100, "layers": 2, "neurons": 16, "dropout": 0.3, "epochs": 20,
         "snapshot_every": 5, "grid_size": 20}  # fmt: skip
# Held (2000 epochs of a 3x64 net on 2000 points: about 10 s, estimated 33 s): joined or stopped by the
# test, never over before the test acts.
HELD = {**QUICK, "epochs": 2000, "n_samples": 2000, "layers": 3, "neurons": 64, "snapshot_every": 100}
FORGED_LOSS = 0.123456  # every validation loss of a forged run: no training ever gives this


def run_job(lab: LabProcess, config: dict, job: str = "train", params: dict | None = None) -> list[dict]:
    """Every message of one job, start to close."""
    with lab.connect() as ws:
        ws.send(start(config, job, params))
        messages, code, _ = receive_all(ws, 120)
    assert code in (1000, 1008, 1013), code  # 1008: a refusal (over_budget), 1013: busy
    return messages


def http(lab: LabProcess, method: str, path: str, body: Any = None, origin: str | None = None) -> tuple:
    """(status, parsed JSON body) of one request to the lab."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(lab.url + path, data=data, method=method)
    if origin is not None:
        request.add_header("Origin", origin)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw.decode(errors="replace")


def stored_runs(lab: LabProcess, kind: str = "train") -> list[dict]:
    status, body = http(lab, "GET", f"/api/runs?kind={kind}")
    assert status == 200, body
    return body["runs"]


def wait_for_run(lab: LabProcess, run_id: str | None = None, kind: str = "train", seed: int | None = None,
                 timeout: float = 30) -> dict:  # fmt: skip
    """The stored run with this id (or of this kind and seed), once its worker has recorded it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [r for r in stored_runs(lab, kind) if r["id"] == run_id or r["config"]["seed"] == seed]
        if found:
            return found[0]
        time.sleep(0.05)
    raise AssertionError(f"run {run_id or seed} was not recorded within {timeout} s")


def forged(events: list[Event], config: dict, run_id: str) -> list[Event]:
    """A real run's events passed off as the run of `config`, every validation loss FORGED_LOSS."""
    full = make_config(**config).model_dump()
    out: list[Event] = []
    for event in events:
        event = event.model_copy(update={"run_id": run_id})
        if isinstance(event, RunStarted):
            event = event.model_copy(update={"config": full})
        elif isinstance(event, EpochFinished):
            event = event.model_copy(update={"val_loss": FORGED_LOSS})
        out.append(event)
    return out


def without_stored_at(messages: list[dict]) -> list[dict]:
    return [{k: v for k, v in m.items() if k != "stored_at"} for m in messages]


def epochs_of(messages: list[dict]) -> list[tuple[str, int]]:
    return [(m["network"], m["epoch"]) for m in messages if m["type"] == "epoch_finished"]
