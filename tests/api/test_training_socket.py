"""The training WebSocket through the real app and real (small) trainings."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from dropout_lab.server import create_app
from dropout_lab.server.socket_stream import dumps

# Small but real trainings: fast enough for the suite, real enough to stream every event type.
SMALL = {
    "dataset": "moons",
    "n_samples": 100,
    "layers": 2,
    "neurons": 16,
    "dropout": 0.3,
    "epochs": 20,
    "snapshot_every": 5,
    "grid_size": 20,
}
LONG = {**SMALL, "epochs": 2000}  # long enough to be stopped or busy long before it ends


def start(ws, config):
    ws.send_json({"type": "start", "job": "train", "config": config})


def receive_until_closed(ws) -> list[dict]:
    events = []
    while True:
        try:
            events.append(ws.receive_json())
        except WebSocketDisconnect:
            return events


def wait_until(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def test_events_stream_in_order_for_both_networks(client):
    with client.websocket_connect("/ws") as ws:
        start(ws, SMALL)
        events = receive_until_closed(ws)
    types = [e["type"] for e in events]
    assert types[0] == "run_started" and types[-1] == "run_finished"
    assert [n["name"] for n in events[0]["networks"]] == ["baseline", "dropout"]
    epochs = [(e["network"], e["epoch"]) for e in events if e["type"] == "epoch_finished"]
    assert epochs == [(net, epoch) for epoch in range(1, 21) for net in ("baseline", "dropout")]
    snapshots = [e for e in events if e["type"] == "boundary_snapshot"]
    assert [(s["network"], s["epoch"]) for s in snapshots] == [
        (net, epoch) for epoch in (5, 10, 15, 20) for net in ("baseline", "dropout")
    ]
    assert all(len(s["probs"]) == 20 * 20 for s in snapshots)
    # each snapshot comes after its epoch's metrics, and before the next epoch
    position = {(e.get("type"), e.get("network"), e.get("epoch")): i for i, e in enumerate(events)}
    assert position[("boundary_snapshot", "baseline", 5)] > position[("epoch_finished", "dropout", 5)]
    assert position[("boundary_snapshot", "dropout", 5)] < position[("epoch_finished", "baseline", 6)]
    finished = events[-1]
    assert finished["stopped"] is False
    assert {s["network"] for s in finished["summary"]} == {"baseline", "dropout"}
    assert "dropout" in finished["differences"]


def test_without_dropout_only_the_baseline_trains(client):
    with client.websocket_connect("/ws") as ws:
        start(ws, {**SMALL, "dropout": 0.0, "epochs": 5})
        events = receive_until_closed(ws)
    assert [n["name"] for n in events[0]["networks"]] == ["baseline"]
    assert {e["network"] for e in events if e["type"] == "epoch_finished"} == {"baseline"}
    assert events[-1]["type"] == "run_finished" and events[-1]["differences"] == {}


@pytest.mark.parametrize(
    ("config", "field", "words"),
    [
        ({"dropout": 0.95}, "dropout", "a number from 0 to 0.9"),
        ({"epochs": 0}, "epochs", "integer from 1 to 2000"),
        ({"dataset": "swirl"}, "dataset", "one of blobs, circles, xor, moons, spiral"),
        ({"dropuot": 0.5}, "dropuot", "unknown setting"),
    ],
)
def test_bad_configuration_names_the_field_and_allowed_range(client, config, field, words):
    with client.websocket_connect("/ws") as ws:
        start(ws, config)
        message = ws.receive_json()
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
    assert message["type"] == "config_error"
    assert [e["field"] for e in message["errors"]] == [field]
    assert words in message["errors"][0]["message"] and field in message["message"]
    assert closed.value.code == 1008


def test_first_message_must_be_start(client):
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "stop"})
        message = ws.receive_json()
    assert message["type"] == "protocol_error" and "start" in message["message"]


def test_stop_ends_the_run_early_with_the_stopped_flag(client):
    with client.websocket_connect("/ws") as ws:
        start(ws, LONG)
        assert ws.receive_json()["type"] == "run_started"
        while ws.receive_json()["type"] != "epoch_finished":
            pass
        ws.send_json({"type": "stop"})
        events = receive_until_closed(ws)
    finished = events[-1]
    assert finished["type"] == "run_finished" and finished["stopped"] is True
    assert all(0 < s["epochs_run"] < 2000 for s in finished["summary"])
    assert wait_until(lambda: client.app.state.runners["train"].active == 0)


def test_disconnect_stops_training(client):
    runner = client.app.state.runners["train"]
    with client.websocket_connect("/ws") as ws:
        start(ws, LONG)
        assert ws.receive_json()["type"] == "run_started"
        assert runner.active == 1
    # The client went away mid-run: the worker must stop, not train 2000 epochs for nobody.
    assert wait_until(lambda: runner.active == 0, timeout=5.0)


def test_beyond_the_limit_the_answer_is_busy_and_the_slot_comes_back():
    with TestClient(create_app(max_trainings=1)) as client:
        with client.websocket_connect("/ws") as first:
            start(first, LONG)
            assert first.receive_json()["type"] == "run_started"
            with client.websocket_connect("/ws") as second:
                start(second, SMALL)
                message = second.receive_json()
                with pytest.raises(WebSocketDisconnect) as closed:
                    second.receive_json()
            assert message["type"] == "busy" and "1 training slot" in message["message"]
            assert closed.value.code == 1013
            first.send_json({"type": "stop"})
            assert receive_until_closed(first)[-1]["stopped"] is True
        assert wait_until(lambda: client.app.state.runners["train"].active == 0)
        with client.websocket_connect("/ws") as again:
            start(again, {**SMALL, "epochs": 2})
            assert receive_until_closed(again)[-1]["type"] == "run_finished"


def test_non_finite_numbers_are_sent_as_null():
    sent = dumps({"val_loss": float("nan"), "probs": [0.5, float("inf")]})
    assert sent == '{"val_loss":null,"probs":[0.5,null]}'
