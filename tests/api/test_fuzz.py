"""Property-based fuzz (hypothesis) of the real server over loopback: whatever the first message or the
HTTP request, the answer is a known message or status below 500, the socket closes cleanly, and no
traceback reaches the server's log. Bounded: a fixed number of examples, each with timeouts."""

from __future__ import annotations

import json
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lab_process import LabProcess
from websockets.exceptions import ConnectionClosed

from dropout_lab.engine.config import TrainConfig
from dropout_lab.server.jobs import JOBS

REFUSALS = {"config_error", "protocol_error", "over_budget", "busy"}  # each with a human "message"
EVENTS = {"run_started", "insight_progress"}  # a valid job has started
CLOSE_CODES = {1000, 1008, 1009, 1013}
FUZZ = settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)

scalars = st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.floats() | st.text(max_size=30)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
knobs = st.dictionaries(st.sampled_from(list(TrainConfig.model_fields) + ["bogus"]), json_values, max_size=5)
params = st.dictionaries(
    st.sampled_from(["rates", "n_seeds", "passes", "map_size", "draws", "shares", "sizes", "x"]),
    json_values,
    max_size=3,
)
starts = st.fixed_dictionaries(
    {"type": st.sampled_from(["start", "start", "stop", "x"]) | json_values},
    optional={"job": st.sampled_from(JOBS) | json_values, "config": knobs | json_values, "params": params},
)
frames = starts.map(json.dumps) | st.text(max_size=200) | st.binary(max_size=64) | json_values.map(json.dumps)


@FUZZ
@given(frame=frames)
def test_any_first_message_gets_a_known_answer_and_a_clean_close(lab: LabProcess, frame: Any):
    with lab.connect(open_timeout=10) as ws:
        ws.send(frame)
        try:
            first = json.loads(ws.recv(timeout=30))
        except ConnectionClosed as closed:
            raise AssertionError(f"closed without an answer: {closed}") from None
        assert first["type"] in REFUSALS | EVENTS
        assert first["type"] in EVENTS or first["message"]
        if first["type"] in EVENTS:
            ws.send(json.dumps({"type": "stop"}))  # a valid job: stop it at once
        try:
            while True:
                json.loads(ws.recv(timeout=10))
        except ConnectionClosed as closed:
            assert closed.rcvd is not None and closed.rcvd.code in CLOSE_CODES
    assert "Traceback" not in lab.errors


METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]
ROUTES = ["/", "/insights", "/api/config", "/api/insights", "/static/js/main.js", "/ws", "/favicon.ico"]
paths = st.sampled_from(ROUTES) | st.text(
    st.characters(min_codepoint=33, max_codepoint=126), max_size=40
).map(lambda p: "/" + p)
header_values = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=60).map(str.strip)
headers = st.fixed_dictionaries(
    {},
    optional={
        "Origin": st.sampled_from(["null", "http://evil.example", "http://127.0.0.1"]) | header_values,
        "Host": st.sampled_from(["127.0.0.1", "localhost", "evil.test", ""]) | header_values,
        "Cookie": header_values,
        "Authorization": header_values,
        "Upgrade": st.just("websocket"),
        "Content-Type": st.sampled_from(["application/json", "text/plain"]),
    },
)


@FUZZ
@given(method=st.sampled_from(METHODS), path=paths, headers=headers, body=st.binary(max_size=256))
def test_any_http_request_gets_an_answer_below_500(lab: LabProcess, method, path, headers, body):
    try:
        request = httpx.Request(method, lab.url + path, headers=headers, content=body or None)
    except (httpx.InvalidURL, httpx.LocalProtocolError, UnicodeEncodeError, ValueError):
        return  # the client library itself refuses to send it
    with httpx.Client(timeout=10) as client:
        try:
            response = client.send(request)
        except httpx.LocalProtocolError:
            return  # the client library itself refuses to send it
        except httpx.RemoteProtocolError:
            return  # the server closed a request it could not parse: an answer too
    assert response.status_code < 500, (method, path, headers, response.status_code)
    assert "Traceback" not in lab.errors
