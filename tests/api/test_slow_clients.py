"""Slow, silent and greedy clients cost nothing: a client that reads nothing loses its run and its
connection, and the server's memory comes back; silent sockets and half-sent requests are closed; open
sockets are capped. Measured on the real server process over real sockets (tight_lab's short limits)."""

from __future__ import annotations

import contextlib
import json
import socket
import time

from lab_process import LabProcess, RawSocket, receive_all, start

# ~25 MB/s of boundary maps (300 x 300, both networks, every epoch): without coalescing, a client that
# does not read would make the server hold every one of them.
FLOOD = {"epochs": 2000, "grid_size": 300, "snapshot_every": 1, "layers": 1, "neurons": 2, "n_samples": 40}
MB = 2**20


def run_small(lab: LabProcess) -> list[dict]:
    with lab.connect() as ws:
        ws.send(start({"epochs": 2, "n_samples": 40}))
        return receive_all(ws, 30)[0]


def test_a_client_that_reads_nothing_loses_its_run_and_the_server_its_memory(tight_lab: LabProcess):
    assert run_small(tight_lab)[-1]["type"] == "run_finished"
    baseline = tight_lab.rss()
    for _ in range(3):
        paused = RawSocket(tight_lab.port, rcvbuf=4096)  # reads nothing: its buffers fill at once
        paused.send_text(start(FLOOD))
        began, peak = time.monotonic(), 0
        while time.monotonic() - began < 3.0:  # tight_lab gives up on a silent reader after 2 s
            peak = max(peak, tight_lab.rss())
            time.sleep(0.05)
        frames = paused.read_frames(timeout=2)  # what was buffered, then the dropped connection
        paused.close()
        assert frames and all(opcode == 1 for opcode, _ in frames)  # no close frame: it was dropped
        assert peak < baseline + 40 * MB, f"peak {peak / MB:.0f} MB over a {baseline / MB:.0f} MB baseline"
        assert run_small(tight_lab)[-1]["type"] == "run_finished"  # its one slot is free again
    time.sleep(0.3)
    assert tight_lab.rss() < baseline + 20 * MB


def test_a_socket_that_says_nothing_is_answered_and_closed(tight_lab: LabProcess):
    began = time.monotonic()
    with tight_lab.connect() as ws:
        (message,), code, _ = receive_all(ws, 10)
    assert message["type"] == "protocol_error" and "no message within 1 s" in message["message"]
    assert code == 1008 and time.monotonic() - began < 3


def test_open_job_sockets_are_capped(tight_lab: LabProcess):
    with contextlib.ExitStack() as silent:
        for _ in range(6):  # tight_lab allows 6 open job sockets
            silent.enter_context(tight_lab.connect())
        with tight_lab.connect() as extra:
            (message,), code, _ = receive_all(extra, 10)
        assert message["type"] == "busy" and "6 connections" in message["message"] and code == 1013
    time.sleep(0.2)
    assert run_small(tight_lab)[-1]["type"] == "run_finished"  # the count goes down as sockets close


def closed_within(sock: socket.socket, seconds: float, trickle: bytes = b"") -> float:
    """Seconds until the server closes `sock` (sending `trickle` every 0.3 s meanwhile)."""
    began = time.monotonic()
    sock.settimeout(0.3)
    while time.monotonic() - began < seconds:
        try:
            if sock.recv(4096) == b"":
                return time.monotonic() - began
        except TimeoutError:
            if trickle:
                sock.sendall(trickle)
        except ConnectionResetError:
            return time.monotonic() - began
    raise AssertionError(f"still open after {seconds} s")


def test_half_sent_requests_and_silent_connections_are_closed(tight_lab: LabProcess):
    with socket.create_connection(("127.0.0.1", tight_lab.port), timeout=5) as silent:
        assert closed_within(silent, 5) < 3  # tight_lab: a request head within 1 s
    with socket.create_connection(("127.0.0.1", tight_lab.port), timeout=5) as slow:
        slow.sendall(b"GET /api/config HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        assert closed_within(slow, 5, trickle=b"X") < 3  # a byte every 0.3 s does not keep it open
    with socket.create_connection(("127.0.0.1", tight_lab.port), timeout=5) as polite:
        polite.sendall(b"GET /api/config HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        polite.settimeout(5)
        assert polite.recv(12) == b"HTTP/1.1 200"


def test_stopping_reading_then_leaving_mid_run_does_not_block_others(lab: LabProcess):
    paused = RawSocket(lab.port, rcvbuf=4096)
    paused.send_text(start(FLOOD))
    time.sleep(0.5)
    paused.close()  # gone without a word
    began = time.monotonic()
    while True:  # its slot comes back at once; meanwhile the other worker serves
        events = run_small(lab)
        if events[0]["type"] != "busy" or time.monotonic() - began > 2:
            break
    assert events[-1]["type"] == "run_finished"
    assert json.dumps(events)  # every message was JSON
