"""The insights page, schema and the analyses on /ws, through the real server process and real training."""

from __future__ import annotations

import json
import time

import pytest
from lab_process import LabProcess, receive_all, start

from dropout_lab.engine.insights import INSIGHTS, parse_result
from dropout_lab.engine.insights.results import Claims

SMALL = {"dataset": "moons", "n_samples": 100, "layers": 2, "neurons": 16, "dropout": 0.5, "epochs": 15}
FAST = {
    "sweep": {"rates": [0.0, 0.5], "n_seeds": 2},
    "ensemble": {"max_samples": 20, "repeats": 2, "map_size": 12},
    "uncertainty": {"passes": 10, "map_size": 12},
    "knockout": {"shares": [0.0, 0.3], "draws": 2, "n_seeds": 2},
    "alternatives": {"sizes": [20, 40], "n_seeds": 1},
}
LIVE = {"sweep", "alternatives"}  # the analyses that stream partial results while they train


def test_the_page_and_the_schema_are_served(client):
    page = client.get("/insights")
    assert page.status_code == 200 and "Why dropout works" in page.text
    schema = client.get("/api/insights").json()["insights"]
    assert [i["name"] for i in schema] == list(INSIGHTS)
    for insight in schema:
        assert insight["title"] and insight["params"]
        assert all(p["allowed"] for p in insight["params"])


@pytest.mark.parametrize("name", list(INSIGHTS))
def test_each_insight_streams_progress_and_ends_with_its_result(lab: LabProcess, name):
    with lab.connect() as ws:
        ws.send(start(SMALL, name, FAST[name]))
        messages, code, _ = receive_all(ws)
    types = [m["type"] for m in messages]
    live = {"insight_progress", "insight_partial"} if name in LIVE else {"insight_progress"}
    assert types[-1] == "insight_result" and set(types[:-1]) <= live and code == 1000
    progress = [m for m in messages if m["type"] == "insight_progress"]
    done = [m["done"] for m in progress]
    assert done == sorted(done) and done[-1] == progress[-1]["total"]
    result = messages[-1]["result"]
    assert messages[-1]["insight"] == name and result["insight"] == name
    assert result["claims"]["headline"] and parse_result(result).claims == result_claims(result)


def result_claims(result: dict) -> Claims:
    return Claims(**result["claims"])


def test_the_sweep_streams_partial_results_each_complete_on_its_own(lab: LabProcess):
    long = {**SMALL, "epochs": 60}
    with lab.connect() as ws:
        ws.send(start(long, "sweep", FAST["sweep"]))
        messages, _, _ = receive_all(ws)
    partials = [m["result"] for m in messages if m["type"] == "insight_partial"]
    assert partials and messages[-1]["type"] == "insight_result"
    for p in partials:  # any one of them can be drawn alone: the server may drop the others
        assert not p["complete"] and len(p["val_curves"][0]) == p["epochs_done"] < 60
        assert p["claims"]["headline"].startswith(f"After {p['epochs_done']} of 60 epochs")


def test_a_bad_config_or_parameter_is_refused_naming_the_field_and_range(lab: LabProcess):
    with lab.connect() as ws:
        ws.send(start({"dropout": 2}, "sweep", {"n_seeds": 50, "bogus": 1}))
        (message,), _, _ = receive_all(ws)
    assert message["type"] == "config_error"
    errors = {(e["section"], e["field"]): e["message"] for e in message["errors"]}
    assert "0.9" in errors[("config", "dropout")]
    assert "1 to 10" in errors[("params", "n_seeds")]
    assert "unknown parameter" in errors[("params", "bogus")]
    with lab.connect() as ws:
        ws.send(json.dumps({"type": "start", "job": "nope"}))
        (message,), _, _ = receive_all(ws)
    assert message["type"] == "protocol_error" and "sweep" in message["message"]


def test_one_analysis_at_a_time_and_a_client_that_leaves_frees_its_slot(lab: LabProcess):
    long = {**SMALL, "epochs": 2000}
    with lab.connect() as first:
        first.send(start(long, "sweep", FAST["sweep"]))
        assert json.loads(first.recv(timeout=30))["type"] in ("insight_progress", "insight_partial")
        with lab.connect() as second:
            second.send(start(SMALL, "sweep", FAST["sweep"]))
            assert [m["type"] for m in receive_all(second)[0]] == ["busy"]
    left = time.monotonic()  # the first client has gone: its sweep must stop and free the slot at once
    while True:
        with lab.connect() as again:
            again.send(start(SMALL, "sweep", FAST["sweep"]))
            messages, _, _ = receive_all(again)
        if messages[0]["type"] != "busy" or time.monotonic() - left > 5:
            break
    assert messages[-1]["type"] == "insight_result"
    assert time.monotonic() - left < 5
