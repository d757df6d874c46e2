"""Thirty students press Train on the same scenario: what it costs the server, against 30 separate runs.

Starts `dropout-lab serve` (default workers: one per core) with a fresh run store on a free loopback port,
then, in the same run: (1) 30 clients at once ask for "Same Network + Dropout": one trains, the others
join it; (2) 30 clients at once ask for it again: each is replayed from the store; (3) 30 clients at once
each ask for the same scenario with its own seed: 30 separate runs, as without sharing (a "busy" client
retries after 0.2 s). For each: CPU seconds of the server's worker processes (and of the server process
itself), wall time, and how many distinct runs the clients saw; every client must get every epoch of its
run, and all of (1) the identical result. Plain script:
`python benchmarks/bench_shared_runs.py [--clients 30]`. Loopback only, bounded waits and retries.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import threading
import time
from pathlib import Path

from websockets.sync.client import connect

from bench_server import cpu_seconds, free_port, start_server
from dropout_lab.engine.presets import PRESETS

SCENARIO = next(p for p in PRESETS if p.name == "same-network-dropout")
RETRIES = 3000  # "busy" answers a client accepts (0.2 s apart: at most 10 minutes)


def own_cpu(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def one_client(url: str, config: dict) -> list[dict]:
    """Every message of one run, retrying while the server is busy."""
    for _ in range(RETRIES):
        with connect(url, max_size=2**26, open_timeout=60) as ws:
            ws.send(json.dumps({"type": "start", "job": "train", "config": config}))
            messages = [json.loads(ws.recv(timeout=300))]
            if messages[0]["type"] == "busy":
                time.sleep(0.2)
                continue
            while messages[-1]["type"] not in ("run_finished", "run_failed"):
                messages.append(json.loads(ws.recv(timeout=300)))
            return messages
    raise RuntimeError("the server stayed busy")


def crowd(url: str, configs: list[dict], server: int) -> tuple[float, float, float, list[list[dict]]]:
    """All clients at once: (worker CPU s, server CPU s, wall s, each client's messages)."""
    results: list[list[dict]] = [[] for _ in configs]

    def client(i: int) -> None:
        results[i] = one_client(url, configs[i])

    threads = [threading.Thread(target=client, args=(i,)) for i in range(len(configs))]
    cpu, own, began = cpu_seconds(server), own_cpu(server), time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - began
    return cpu_seconds(server) - cpu, own_cpu(server) - own, wall, results


def check(results: list[list[dict]]) -> tuple[int, int]:
    """(distinct run ids, clients told the run was stored); every client must have the whole run."""
    for messages in results:
        assert messages[-1]["type"] == "run_finished" and not messages[-1]["stopped"], messages[-1]
        assert sum(m["type"] == "epoch_finished" for m in messages) == 2 * SCENARIO.config.epochs
    return len({m[0]["run_id"] for m in results}), sum(bool(m[0]["stored_at"]) for m in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=30, help="simultaneous clients (default: %(default)s)")
    args = parser.parse_args()
    n = args.clients
    config = dict(SCENARIO.values)
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        server = start_server(port, ("--store", str(Path(tmp) / "runs.sqlite3")))
        url = f"ws://127.0.0.1:{port}/ws"
        try:
            one_client(url, {**config, "epochs": 20, "seed": 999})  # warm caches
            cores = len(os.sched_getaffinity(0))
            epochs = SCENARIO.config.epochs
            print(f"{n} clients at once ask for '{SCENARIO.title}' ({epochs} epochs, a pair); "
                  f"server with {cores} workers; machine load {os.getloadavg()[0]:.1f}")  # fmt: skip
            shared = crowd(url, [config] * n, server.pid)
            runs, stored = check(shared[3])
            assert runs == 1 and stored == 0 and all(m[-1] == shared[3][0][-1] for m in shared[3]), "not one"
            print(f"  shared:   {runs} training, {n - 1} joined        worker CPU {shared[0]:6.1f} s, server "
                  f"CPU {shared[1]:4.1f} s, wall {shared[2]:5.1f} s")  # fmt: skip
            time.sleep(1.0)  # the run is recorded by its worker before it frees the slot
            again = crowd(url, [config] * n, server.pid)
            runs, stored = check(again[3])
            assert stored == n, f"{stored} of {n} replayed"
            print(f"  again:    0 trainings, {stored} replayed      worker CPU {again[0]:6.1f} s, server "
                  f"CPU {again[1]:4.1f} s, wall {again[2]:5.1f} s")  # fmt: skip
            separate = crowd(url, [{**config, "seed": 1000 + i} for i in range(n)], server.pid)
            runs, _ = check(separate[3])
            print(f"  separate: {runs} trainings (own seeds)    worker CPU {separate[0]:6.1f} s, server "
                  f"CPU {separate[1]:4.1f} s, wall {separate[2]:5.1f} s")  # fmt: skip
            ratio = shared[0] / separate[0]
            print(f"{n} clients on one scenario cost {ratio:.3f} of {n} separate runs' worker CPU "
                  f"({1 / max(ratio, 1e-9):.0f}x less); replayed from the store: "
                  f"{(again[0] + again[1]) / separate[0]:.3f} (worker + server CPU)")  # fmt: skip
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
