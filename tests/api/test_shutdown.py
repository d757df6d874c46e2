"""Shutdown: SIGTERM or Ctrl+C end the server within 2 s, running jobs included (their clients are told
why), no worker process outlives it, and nothing is left in the log but the lab's own lines."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from lab_process import LabProcess, descendants, receive_all, start

HEAVY = {"layers": 4, "neurons": 512, "n_samples": 5000, "batch_size": 0, "dropout": 0.5, "epochs": 40}


def exit_time(lab: LabProcess, *signals: int) -> float:
    assert lab.process is not None
    began = time.monotonic()
    for sig in signals:  # Ctrl+C in a terminal reaches the whole group: the workers and fork server too
        if sig == signal.SIGINT:
            os.killpg(lab.pid, sig)
        else:
            lab.process.send_signal(sig)
        time.sleep(0.05)
    try:
        lab.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pytest.fail("the server did not exit within 10 s")
    return time.monotonic() - began


def alive(pid: int) -> bool:
    """Running (a zombie waiting for init to reap it has already exited)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def gone(pids: set[int], within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not any(alive(pid) for pid in pids):
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("signals", [(signal.SIGTERM,), (signal.SIGINT,)], ids=["SIGTERM", "Ctrl+C"])
def test_the_server_exits_within_two_seconds_and_tells_running_clients_why(tmp_path, signals):
    with LabProcess(tmp_path, workers=1) as lab:
        workers = descendants(lab.pid)
        assert workers  # the fork server and the warm worker
        with lab.connect() as ws:
            ws.send(start(HEAVY))
            while json.loads(ws.recv(timeout=60))["type"] != "epoch_finished":
                pass
            took = exit_time(lab, *signals)
            messages, code, _ = receive_all(ws, 5)
        assert took < 2.0, f"exit took {took:.2f} s"
        finished = messages[-1]
        assert finished["type"] == "run_finished" and finished["stopped"] is True
        assert finished["reason"] == "server shutting down" and code == 1000
        assert gone(workers, within=1.0), "a worker outlived the server"
        assert "Traceback" not in lab.output + lab.errors


def test_a_second_ctrl_c_forces_the_exit(tmp_path):
    with LabProcess(tmp_path, workers=1) as lab:
        workers = descendants(lab.pid)
        with lab.connect() as ws:
            ws.send(start(HEAVY))
            while json.loads(ws.recv(timeout=60))["type"] != "epoch_finished":
                pass
            took = exit_time(lab, signal.SIGINT, signal.SIGINT)
        assert took < 1.0, f"exit took {took:.2f} s"
        assert lab.process is not None and lab.process.returncode in (130, -signal.SIGINT)
        assert gone(workers, within=1.0)
        assert "Traceback" not in lab.output + lab.errors
