"""The insights page, schema and WebSocket through the real app (insights included) and real training."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from dropout_lab.engine.insights import INSIGHTS, parse_result
from dropout_lab.engine.insights.results import Claims
from dropout_lab.server import create_app

SMALL = {"dataset": "moons", "n_samples": 100, "layers": 2, "neurons": 16, "dropout": 0.5, "epochs": 15}
FAST = {
    "sweep": {"rates": [0.0, 0.5], "n_seeds": 2},
    "ensemble": {"max_samples": 20, "repeats": 2, "map_size": 12},
    "uncertainty": {"passes": 10, "map_size": 12},
    "knockout": {"shares": [0.0, 0.3], "draws": 2, "n_seeds": 2},
    "alternatives": {"sizes": [20, 40], "n_seeds": 1},
}
LIVE = {"sweep", "alternatives"}  # the analyses that stream partial results while they train


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    app = create_app(warm_up=False)
    with TestClient(app) as test_client:
        yield test_client


def receive_until_closed(ws) -> list[dict]:
    messages = []
    while True:
        try:
            messages.append(ws.receive_json())
        except WebSocketDisconnect:
            return messages


def test_the_page_and_the_schema_are_served(client):
    page = client.get("/insights")
    assert page.status_code == 200 and "Why dropout works" in page.text
    schema = client.get("/api/insights").json()["insights"]
    assert [i["name"] for i in schema] == list(INSIGHTS)
    for insight in schema:
        assert insight["title"] and insight["params"]
        assert all(p["allowed"] for p in insight["params"])


@pytest.mark.parametrize("name", list(INSIGHTS))
def test_each_insight_streams_progress_and_ends_with_its_result(client, name):
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "start", "job": name, "config": SMALL, "params": FAST[name]})
        messages = receive_until_closed(ws)
    types = [m["type"] for m in messages]
    live = {"insight_progress", "insight_partial"} if name in LIVE else {"insight_progress"}
    assert types[-1] == "insight_result" and set(types[:-1]) == live
    done = [m["done"] for m in messages if m["type"] == "insight_progress"]
    assert done == sorted(done) and done[-1] == messages[-2]["total"]
    result = messages[-1]["result"]
    assert messages[-1]["insight"] == name and result["insight"] == name
    assert result["claims"]["headline"] and parse_result(result).claims == result_claims(result)


def result_claims(result: dict) -> Claims:
    return Claims(**result["claims"])


def test_the_sweep_streams_partial_results_each_complete_on_its_own(client):
    long = {**SMALL, "epochs": 60}
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "start", "job": "sweep", "config": long, "params": FAST["sweep"]})
        messages = receive_until_closed(ws)
    partials = [m["result"] for m in messages if m["type"] == "insight_partial"]
    assert partials and messages[-1]["type"] == "insight_result"
    for p in partials:  # any one of them can be drawn alone: the server may drop the others
        assert not p["complete"] and len(p["val_curves"][0]) == p["epochs_done"] < 60
        assert p["claims"]["headline"].startswith(f"After {p['epochs_done']} of 60 epochs")


def test_a_bad_config_or_parameter_is_refused_naming_the_field_and_range(client):
    with client.websocket_connect("/ws") as ws:
        ws.send_json(
            {"type": "start", "job": "sweep", "config": {"dropout": 2}, "params": {"n_seeds": 50, "bogus": 1}}
        )
        (message,) = receive_until_closed(ws)
    assert message["type"] == "config_error"
    errors = {(e["section"], e["field"]): e["message"] for e in message["errors"]}
    assert "0.9" in errors[("config", "dropout")]
    assert "1 to 10" in errors[("params", "n_seeds")]
    assert "unknown parameter" in errors[("params", "bogus")]
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "start", "job": "nope"})
        (message,) = receive_until_closed(ws)
    assert message["type"] == "protocol_error" and "sweep" in message["message"]


def test_one_analysis_at_a_time_and_a_client_that_leaves_stops_its_work(client):
    runner = client.app.state.runners["insight"]
    long = {**SMALL, "epochs": 2000}
    with client.websocket_connect("/ws") as first:
        first.send_json({"type": "start", "job": "sweep", "config": long, "params": FAST["sweep"]})
        assert first.receive_json()["type"] == "insight_progress"
        with client.websocket_connect("/ws") as second:
            second.send_json({"type": "start", "job": "sweep", "config": SMALL, "params": FAST["sweep"]})
            assert [m["type"] for m in receive_until_closed(second)] == ["busy"]
    deadline = time.monotonic() + 10
    while runner.active and time.monotonic() < deadline:
        time.sleep(0.02)
    assert runner.active == 0  # the socket closed: the 2000-epoch sweep stopped
