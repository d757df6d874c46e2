"""Stop means now: a stop, a disconnect or the time limit take effect within half a second, even on the
largest request the budget allows, because a worker that does not stop in time is killed."""

from __future__ import annotations

import json
import time

from lab_process import LabProcess, receive_all, start

from dropout_lab.server.budget import Budget
from dropout_lab.server.jobs import parse_start

STOP_S = 0.5
# About the heaviest step the budget allows: full batch of 2,500 points through two 4 x 512 networks
# (~0.4 s a step, so the engine's own check before each mini-batch comes too late: the worker is killed).
FULL_BATCH = {"layers": 4, "neurons": 512, "n_samples": 5000, "batch_size": 0, "dropout": 0.5}


def largest_epochs(config: dict, job: str = "train", params: dict | None = None) -> int:
    """The most epochs the server's default budget accepts for this request."""
    message = {"type": "start", "job": job, "config": config, "params": params or {}}
    if job == "train":
        del message["params"]
    candidates = [
        {**message, "config": {**config, "epochs": e}} for e in (2000, 1000, 500, 200, 100, 50, 20, 10)
    ]
    fits = [m["config"]["epochs"] for m in candidates if Budget().fits(parse_start(m))]
    assert fits, "nothing of this shape fits the default budget"
    return fits[0]


def until(ws, kind: str, stage: str = "") -> list[dict]:
    seen = [json.loads(ws.recv(timeout=60))]
    while seen[-1]["type"] != kind or stage not in seen[-1].get("stage", ""):
        seen.append(json.loads(ws.recv(timeout=60)))
    return seen


def test_the_largest_allowed_training_stops_within_half_a_second(lab: LabProcess):
    config = {**FULL_BATCH, "epochs": largest_epochs(FULL_BATCH)}
    with lab.connect() as ws:
        ws.send(start(config))
        seen = until(ws, "epoch_finished")
        time.sleep(0.2)  # the stop lands in the middle of a step
        sent = time.monotonic()
        ws.send(json.dumps({"type": "stop"}))
        rest = []
        while not rest or rest[-1]["type"] != "run_finished":
            rest.append(json.loads(ws.recv(timeout=10)))
        took = time.monotonic() - sent
    finished = rest[-1]
    assert took < STOP_S, f"stop took {took:.2f} s"
    assert finished["stopped"] is True and finished["reason"] == "stopped"
    delivered = [e for e in seen + rest if e["type"] == "epoch_finished" and e["network"] == "baseline"]
    assert [s["epochs_run"] for s in finished["summary"]] == [len(delivered)] * 2
    last = delivered[-1]
    assert finished["summary"][0]["val_loss"] == last["val_loss"]  # the summary is of the epochs sent


def test_a_heavy_analysis_stops_within_half_a_second_in_its_monte_carlo_passes(lab: LabProcess):
    params = {"passes": 100, "map_size": 90}
    config = {"layers": 3, "neurons": 512, "epochs": 5}
    assert Budget().fits(
        parse_start({"type": "start", "job": "uncertainty", "config": config, "params": params})
    )
    with lab.connect() as ws:
        ws.send(start(config, "uncertainty", params))
        until(ws, "insight_progress", "passes")
        sent = time.monotonic()
        ws.send(json.dumps({"type": "stop"}))
        _, code, _ = receive_all(ws, 10)
        took = time.monotonic() - sent
    assert took < STOP_S and code == 1000, f"stop took {took:.2f} s"


def test_a_client_that_disconnects_frees_its_slot_within_half_a_second(tight_lab: LabProcess):
    config = {**FULL_BATCH, "epochs": largest_epochs(FULL_BATCH)}
    with tight_lab.connect() as ws:  # tight_lab has one worker: the next job needs this one's slot
        ws.send(start(config))
        until(ws, "epoch_finished")
        time.sleep(0.3)
    left = time.monotonic()
    while True:
        with tight_lab.connect() as ws:
            ws.send(start({"epochs": 2, "n_samples": 40}))
            first = json.loads(ws.recv(timeout=10))
            admitted = time.monotonic() - left
            if first["type"] != "busy":
                assert receive_all(ws)[0][-1]["type"] == "run_finished"
                break
        assert admitted < 2 * STOP_S, "the slot stayed taken"
    assert admitted < STOP_S, f"the slot came back after {admitted:.2f} s"


def test_a_run_past_its_time_limit_ends_as_stopped_with_the_reason(tight_lab: LabProcess):
    began = time.monotonic()
    with tight_lab.connect() as ws:  # tight_lab's time limit is 4 s; this run would take minutes
        ws.send(start({"epochs": 2000, "n_samples": 1000}))
        events, code, _ = receive_all(ws, 30)
    finished = events[-1]
    assert finished["type"] == "run_finished" and finished["stopped"] is True and code == 1000
    assert finished["reason"].startswith("time limit") and "4 s" in finished["reason"]
    assert 4 <= time.monotonic() - began < 4 + 2
    assert finished["summary"][0]["epochs_run"] > 0
