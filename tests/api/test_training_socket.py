"""The training job on /ws, through the real server process, its workers and real (small) trainings."""

from __future__ import annotations

import json
import time

import pytest
from lab_process import LabProcess, receive_all, start

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
# Long enough (about 10 s alone, more beside another run) to be stopped or busy long before it ends.
LONG = {**SMALL, "epochs": 2000, "n_samples": 2000, "layers": 3, "neurons": 64, "snapshot_every": 100}


def first_epoch(ws) -> list[dict]:
    """Messages up to and including the first epoch_finished."""
    seen = [json.loads(ws.recv(timeout=30))]
    while seen[-1]["type"] != "epoch_finished":
        seen.append(json.loads(ws.recv(timeout=30)))
    return seen


def test_events_stream_in_order_for_both_networks(lab: LabProcess):
    with lab.connect() as ws:
        ws.send(start(SMALL))
        events, code, _ = receive_all(ws)
    types = [e["type"] for e in events]
    assert types[0] == "run_started" and types[-1] == "run_finished" and code == 1000
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
    assert finished["stopped"] is False and finished["reason"] is None
    assert {s["network"] for s in finished["summary"]} == {"baseline", "dropout"}
    assert "dropout" in finished["differences"]


def test_without_dropout_only_the_baseline_trains(lab: LabProcess):
    with lab.connect() as ws:
        ws.send(start({**SMALL, "dropout": 0.0, "epochs": 5}))
        events, _, _ = receive_all(ws)
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
def test_bad_configuration_names_the_field_and_allowed_range(lab: LabProcess, config, field, words):
    with lab.connect() as ws:
        ws.send(start(config))
        (message,), code, _ = receive_all(ws)
    assert message["type"] == "config_error"
    assert [e["field"] for e in message["errors"]] == [field]
    assert words in message["errors"][0]["message"] and field in message["message"]
    assert code == 1008


def test_stop_ends_the_run_early_with_the_stopped_flag_and_reason(lab: LabProcess):
    with lab.connect() as ws:
        ws.send(start(LONG))
        seen = first_epoch(ws)
        ws.send(json.dumps({"type": "stop"}))
        events, code, _ = receive_all(ws)
    finished = events[-1]
    assert finished["type"] == "run_finished" and finished["stopped"] is True
    assert finished["reason"] == "stopped" and code == 1000
    epochs = [
        e["epoch"] for e in seen + events if e["type"] == "epoch_finished" and e["network"] == "dropout"
    ]
    assert all(s["epochs_run"] == len(epochs) for s in finished["summary"])  # the epochs the client saw
    assert 0 < len(epochs) < 2000


def test_a_full_server_answers_busy_and_the_slot_comes_back(lab: LabProcess):
    with lab.connect() as first, lab.connect() as second:
        first.send(start(LONG))
        second.send(start({**LONG, "seed": 1}))  # another run: an identical one would join the first
        first_epoch(first)
        first_epoch(second)
        with lab.connect() as third:
            third.send(start(SMALL))
            (message,), code, _ = receive_all(third)
        assert message["type"] == "busy" and "2 jobs at once" in message["message"] and code == 1013
        first.send(json.dumps({"type": "stop"}))
        assert receive_all(first)[0][-1]["stopped"] is True
        deadline = time.monotonic() + 5
        while True:  # the stopped run's slot is free at once: the next start is admitted
            with lab.connect() as again:
                again.send(start({**SMALL, "epochs": 2}))
                events, _, _ = receive_all(again)
            if events[0]["type"] != "busy" or time.monotonic() > deadline:
                break
        assert events[-1]["type"] == "run_finished"


def test_non_finite_numbers_are_sent_as_null():
    sent = dumps({"val_loss": float("nan"), "probs": [0.5, float("inf")]})
    assert sent == '{"val_loss":null,"probs":[0.5,null]}'
