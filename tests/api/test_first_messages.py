"""Every first message gets an answer that names the problem, then a clean close -- and nothing reaches
the server's log. Over real sockets, against the real server process."""

from __future__ import annotations

import json

import pytest
from lab_process import LabProcess, receive_all, start
from websockets.exceptions import ConnectionClosed

TINY = {"epochs": 2, "n_samples": 40}
LONG = {"epochs": 2000, "n_samples": 400}


def answer(lab: LabProcess, frame: str | bytes) -> tuple[list[dict], int | None, str]:
    with lab.connect() as ws:
        ws.send(frame)
        return receive_all(ws, 30)


@pytest.mark.parametrize(
    ("frame", "kind", "words"),
    [
        ('{"type": "start", "config": [1]}', "config_error", "must be an object of settings (got [1])"),
        ('{"type": "start", "config": "abc"}', "config_error", "must be an object"),
        ('{"type": "start", "config": 5}', "config_error", "must be an object"),
        ('{"type": "start", "config": true}', "config_error", "must be an object"),
        ('{"type": "start", "config": []}', "config_error", "must be an object"),
        ('{"type": "start", "config": 0}', "config_error", "must be an object"),
        ('{"type": "start", "config": ""}', "config_error", "must be an object"),
        ('{"type": "start", "job": "sweep", "params": [1, 2]}', "config_error", "params: must be an object"),
        ('{"type": "start", "job": ["sweep"]}', "protocol_error", 'unknown "job" ["sweep"]'),
        ('{"type": "start", "job": {"a": 1}}', "protocol_error", 'unknown "job" {"a": 1}'),
        ('{"type": "start", "job": "nope"}', "protocol_error", 'unknown "job" "nope"'),
        ('{"type": "hello"}', "protocol_error", '"type" is "hello", not "start"'),
        ('{"type": "stop"}', "protocol_error", '"type" is "stop"'),
        ('{"type": "start", "extra": 1}', "protocol_error", "unknown key 'extra'"),
        ("[1, 2]", "protocol_error", "not a JSON object (got list)"),
        ("hello", "protocol_error", "not JSON"),
        ("", "protocol_error", "not JSON"),
        ("[" * 20000 + "]" * 20000, "protocol_error", "nested deeper than 8 levels"),
        ('{"type": "start", "config": {"a": ' * 6 + "1" + "}" * 12, "protocol_error", "nested deeper"),
        ("x" * 70_000, "protocol_error", "a message of 70,000 bytes (at most 65,536)"),
        (b'{"type": "start"}', "protocol_error", "a binary frame: send JSON text"),
    ],
)
def test_a_bad_first_message_is_answered_and_closed(lab: LabProcess, frame, kind, words):
    (message,), code, _ = answer(lab, frame)
    assert message["type"] == kind and words in message["message"], message
    assert code == 1008
    assert "Traceback" not in lab.errors


def test_thousands_of_unknown_settings_get_ten_lines_not_thousands(lab: LabProcess):
    config = {f"k{i}": 0 for i in range(5000)}
    frame = start(config)
    assert len(frame) < 65_536
    (message,), code, _ = answer(lab, frame)
    assert message["type"] == "config_error" and len(message["errors"]) == 10
    assert "and 4990 more" in message["message"] and len(json.dumps(message)) < 4000 and code == 1008


def test_a_long_value_is_never_echoed_in_full(lab: LabProcess):
    (message,), code, _ = answer(lab, start({"dataset": "s" * 60_000}))
    assert message["type"] == "config_error" and "dataset" in message["message"]
    assert len(json.dumps(message)) < 1000 and code == 1008


def test_a_frame_beyond_a_megabyte_is_refused_by_the_socket_itself(lab: LabProcess):
    with lab.connect() as ws:
        ws.send("x" * (2 << 20))
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=10)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009  # message too big


@pytest.mark.parametrize(
    ("later", "words"),
    [
        (start(TINY), 'unexpected message "start"'),
        ('{"type": "pause"}', 'unexpected message "pause"'),
        ("garbage", "not JSON"),
        (b"\x00\x01", "binary frame"),
    ],
)
def test_anything_but_stop_during_a_run_is_answered_then_the_run_stops(lab: LabProcess, later, words):
    with lab.connect() as ws:
        ws.send(start(LONG))
        assert json.loads(ws.recv(timeout=30))["type"] == "run_started"
        ws.send(later)
        messages, code, _ = receive_all(ws, 10)
    errors = [m for m in messages if m["type"] == "protocol_error"]
    assert len(errors) == 1 and words in errors[0]["message"] and '{"type": "stop"}' in errors[0]["message"]
    finished = messages[-1]
    assert finished["type"] == "run_finished" and finished["stopped"] is True
    assert finished["reason"].startswith("protocol error") and code == 1008
    assert "Traceback" not in lab.errors
