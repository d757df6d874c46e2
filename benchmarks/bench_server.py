"""Serving several users: total throughput of 2 and 4 simultaneous users against one, on the real server.

Starts `dropout-lab serve` (default workers: one per core) on a free loopback port and has 1, 2 and 4
users each run the same trainings back to back over /ws (a user answered "busy" retries after 0.1 s).
Prints trainings per minute and the ratio to one user (measured in the same run), the time from Train
to the first event, and the time a stop takes on a heavy request. Plain script: `python
benchmarks/bench_server.py [--jobs 3]`. Loopback only, bounded loops.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time

from websockets.sync.client import connect

# The lab's default training (3 x 128, 300 epochs, 400 points, a 100 x 100 map every 10 epochs), a pair.
JOB = {"type": "start", "job": "train", "config": {"dropout": 0.5}}
HEAVY = {"layers": 4, "neurons": 512, "n_samples": 5000, "batch_size": 0, "dropout": 0.5, "epochs": 40}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int, store_args: tuple[str, ...] = ("--no-store",)) -> subprocess.Popen[str]:
    """`dropout-lab serve` on `port` (by default keeping no runs: every request trains), once it listens."""
    argv = ["serve", "--no-browser", "--port", str(port), *store_args]
    code = f"import sys; from dropout_lab.cli import main; sys.exit(main({argv!r}))"
    server = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None
    deadline = time.monotonic() + 120
    for line in server.stdout:
        if "is running at" in line or time.monotonic() > deadline:
            break
    return server


def run_one(url: str, message: dict) -> float:
    """Run one job to its end; retry while busy. Returns seconds from Train to the first event."""
    for _ in range(6000):  # at most ~10 min of retries
        with connect(url, max_size=2**26, open_timeout=30) as ws:
            sent = time.monotonic()
            ws.send(json.dumps(message))
            first = json.loads(ws.recv(timeout=120))
            if first["type"] == "busy":
                time.sleep(0.1)
                continue
            answered = time.monotonic() - sent
            while json.loads(ws.recv(timeout=300))["type"] not in ("run_finished", "run_failed"):
                pass
            return answered
    raise RuntimeError("the server stayed busy")


def cpu_seconds(root: int) -> float:
    """CPU seconds used so far by `root`'s descendants (the fork server, the workers, reaped workers)."""
    stats: dict[int, list[str]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    stats[int(entry)] = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
    total, todo = 0.0, [root]
    while todo:
        parent = todo.pop()
        for pid, fields in stats.items():
            if int(fields[1]) == parent:  # field 4 of /proc/pid/stat: the parent
                total += sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # u+s time, children's
                todo.append(pid)
    return total


def throughput(url: str, users: int, jobs: int, root: int) -> tuple[float, float, list[float]]:
    """Trainings per minute with `users` running `jobs` each at once, the cores the workers kept busy on
    average, and each Train-to-first-event time."""
    answers: list[float] = []

    def user() -> None:
        for _ in range(jobs):
            answers.append(run_one(url, JOB))

    threads = [threading.Thread(target=user) for _ in range(users)]
    began, cpu = time.monotonic(), cpu_seconds(root)
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - began
    return 60 * users * jobs / wall, (cpu_seconds(root) - cpu) / wall, answers


def stop_time(url: str) -> float:
    with connect(url, max_size=2**26) as ws:
        ws.send(json.dumps({"type": "start", "job": "train", "config": HEAVY}))
        while json.loads(ws.recv(timeout=120))["type"] != "epoch_finished":
            pass
        time.sleep(0.2)
        sent = time.monotonic()
        ws.send(json.dumps({"type": "stop"}))
        while json.loads(ws.recv(timeout=30))["type"] != "run_finished":
            pass
        return time.monotonic() - sent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=3, help="trainings per user (default: %(default)s)")
    args = parser.parse_args()
    port = free_port()
    server = start_server(port)
    url = f"ws://127.0.0.1:{port}/ws"
    try:
        run_one(url, JOB)  # warm caches
        cores = len(os.sched_getaffinity(0))
        load = os.getloadavg()[0]
        print(f"server with {cores} workers (one per core); each user runs {args.jobs} default trainings")
        print(
            f"machine load before: {load:.1f} runnable processes on {cores} cores (others' work skews this)"
        )
        rates, answers = {}, []
        for users in (1, 2, 4):
            rates[users], cores_used, times = throughput(url, users, args.jobs, server.pid)
            answers += times
            ratio = rates[users] / rates[1]
            print(
                f"  {users} user(s) at once: {rates[users]:5.1f} trainings/min  ({ratio:.2f}x one user); "
                f"workers kept {cores_used:.2f} cores busy ({rates[users] / cores_used:.1f} per core-minute)"
            )
        print(
            f"Train -> first event: median {1000 * statistics.median(answers):.0f} ms (busy retries excluded)"
        )
        stops = [stop_time(url) for _ in range(3)]
        print(
            f"stop on a heavy full-batch request: median {1000 * statistics.median(stops):.0f} ms (goal: 500)"
        )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
