"""Fit the cost model's constants (engine/cost.py SECONDS_PER) to this machine, and check its memory.

Trains random run shapes (1-60 networks, 1-8 layers, 2-512 units, full batch to batch 8, grids up to
300) in fresh single-threaded worker processes, as the server's workers run them, and records CPU
seconds (training + evaluation threads) and the peak resident memory each run adds. Prints the fitted
constants (non-negative least squares on relative error), then every run's measured / estimated time
and memory with the current constants. Not part of `make bench` (it takes a few minutes):
`python benchmarks/calibrate_cost.py [--runs 60] [--seed 0]`.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import time

import numpy as np

from dropout_lab.engine import cost
from dropout_lab.engine.config import make_config
from dropout_lab.engine.events import NetworkSpec
from dropout_lab.server.pool import PRELOAD

TARGET_S = 1.5  # aim each run at about this long (with the current constants)


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def peak_rss_bytes() -> int:
    """This process's resident high-water mark (VmHWM). Not ru_maxrss: Linux carries that over an exec
    from the process that forked it, so a child of a large parent reports the parent's size."""
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmHWM:"))


def measure(values: dict, n_networks: int, n_dropout: int, answer) -> None:
    """In a fresh process: train once, send (cpu seconds, peak bytes added)."""
    import torch

    from dropout_lab.engine.experiment import run_networks, warm_up

    torch.set_num_threads(1)
    warm_up()
    config = make_config(values)
    nets = [
        NetworkSpec(name=f"n{k}", dropout=0.5 if k < n_dropout else 0.0, weight_decay=0.0, seed=k % 3)
        for k in range(n_networks)
    ]
    base = rss_bytes()
    t0 = time.process_time()
    for _ in run_networks(config, nets):
        pass
    cpu = time.process_time() - t0
    peak = peak_rss_bytes() - base
    answer.send((cpu, peak))


def measure_job(message: dict, answer) -> None:
    """In a fresh process: run one whole job as a server worker does; send (cpu seconds, peak bytes)."""
    import torch

    from dropout_lab.engine.experiment import warm_up
    from dropout_lab.server.jobs import job_events, parse_start

    torch.set_num_threads(1)
    warm_up()
    job = parse_start(message)
    base = rss_bytes()
    t0 = time.process_time()
    for _ in job_events(job, lambda: False):
        pass
    cpu = time.process_time() - t0
    answer.send((cpu, peak_rss_bytes() - base))


# Heavy jobs near the default budget (60 s, 512 MB): the model must not under-estimate these.
BIG = {"layers": 8, "neurons": 512, "n_samples": 5000}
JOBS = [
    {"job": "train", "config": {**BIG, "batch_size": 0, "epochs": 20}},
    {
        "job": "train",
        "config": {"layers": 4, "neurons": 256, "epochs": 100, "grid_size": 300, "snapshot_every": 1},
    },
    {"job": "train", "config": {"layers": 3, "neurons": 128, "n_samples": 2000, "epochs": 100}},
    {"job": "sweep", "config": {"layers": 3, "neurons": 128, "epochs": 10}, "params": {"n_seeds": 10}},
    {
        "job": "sweep",
        "config": {"layers": 2, "neurons": 512, "epochs": 5, "batch_size": 0},
        "params": {"n_seeds": 4},
    },
    {
        "job": "uncertainty",
        "config": {"layers": 6, "neurons": 256, "epochs": 5},
        "params": {"passes": 100, "map_size": 100},
    },
    {
        "job": "ensemble",
        "config": {"layers": 4, "neurons": 256, "epochs": 5},
        "params": {"max_samples": 200, "map_size": 100},
    },
    {
        "job": "knockout",
        "config": {"layers": 4, "neurons": 256, "epochs": 20, "n_samples": 2000},
        "params": {"draws": 50},
    },
    {
        "job": "alternatives",
        "config": {"layers": 3, "neurons": 128, "epochs": 20},
        "params": {"sizes": [30, 200, 1000, 2500]},
    },
]


def check_jobs(ctx) -> None:
    """Measured against estimated for each job in JOBS."""
    from dropout_lab.engine.job_cost import job_cost
    from dropout_lab.server.jobs import parse_start

    for message in JOBS:
        message = {"type": "start", **message}
        job = parse_start(message)
        est = job_cost(job.kind, job.config, job.params)
        mine, theirs = ctx.Pipe()
        worker = ctx.Process(target=measure_job, args=(message, theirs))
        worker.start()
        cpu, peak = mine.recv()
        worker.join()
        print(
            f"{job.kind:12s} {json.dumps(message['config'])[:60]:60s} "
            f"cpu {cpu:6.2f}s est {est.seconds:6.2f}s ({cpu / est.seconds:4.2f})  "
            f"peak {peak / 2**20:7.1f}MB est {est.peak_bytes / 2**20:7.1f}MB ({peak / est.peak_bytes:4.2f})",
            flush=True,
        )


def random_shape(rng: random.Random) -> tuple[dict, int, int]:
    """A random run of about TARGET_S seconds and at least 5 epochs (by the current constants)."""
    while True:
        values, n_networks, n_dropout = _draw(rng)
        if values["epochs"] >= 5:
            return values, n_networks, n_dropout


def _draw(rng: random.Random) -> tuple[dict, int, int]:
    n_networks = rng.choice([1, 2, 2, 4, 10, 20, 60])
    values = {
        "layers": rng.randint(1, 8),
        "neurons": int(round(2 ** rng.uniform(1, 9))),
        "n_samples": int(round(2 ** rng.uniform(4.4, 12.2))),
        "batch_size": rng.choice([0, 8, 32, 32, 128, 1000]),
        "grid_size": rng.choice([10, 50, 100, 200, 300]),
        "snapshot_every": rng.choice([1, 10, 50]),
        "optimizer": rng.choice(["adam", "adam", "sgd"]),
        "epochs": 10,
    }
    n_dropout = rng.randint(0, n_networks)
    one_epoch = cost.RunShape.of(make_config(values), n_networks, n_dropout).cost().seconds / 10
    values["epochs"] = max(1, min(2000, int(TARGET_S / max(one_epoch, 1e-6))))
    return values, n_networks, n_dropout


def nnls(A: np.ndarray, b: np.ndarray, iterations: int = 20000) -> np.ndarray:
    """Non-negative least squares by projected gradient on column-scaled A (small problems only)."""
    scale = np.linalg.norm(A, axis=0) + 1e-300
    As = A / scale
    x = np.clip(np.linalg.lstsq(As, b, rcond=None)[0], 0, None)
    step = 1.0 / np.linalg.norm(As, 2) ** 2
    for _ in range(iterations):
        x = np.clip(x - step * As.T @ (As @ x - b), 0, None)
    return x / scale


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", action="store_true", help="check whole heavy jobs instead of fitting")
    args = parser.parse_args()
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)  # as the server's workers: torch.optim already imported
    if args.jobs:
        check_jobs(ctx)
        return
    rng = random.Random(args.seed)
    rows = []
    for i in range(args.runs):
        values, k, kd = random_shape(rng)
        shape = cost.RunShape.of(make_config(values), k, kd)
        mine, theirs = ctx.Pipe()
        worker = ctx.Process(target=measure, args=(values, k, kd, theirs))
        worker.start()
        cpu, peak = mine.recv()
        worker.join()
        rows.append((shape, cpu, peak))
        est = shape.cost()
        print(
            f"{i:3d} K={k:3d} L={values['layers']} n={values['neurons']:3d} N={values['n_samples']:4d} "
            f"B={shape.batch:4d} E={values['epochs']:4d} "
            f"G={values['grid_size']:3d}/{values['snapshot_every']:2d}"
            f"  cpu {cpu:6.2f}s est {est.seconds:6.2f}s ({cpu / est.seconds:4.2f})"
            f"  peak {peak / 2**20:7.1f}MB est {est.peak_bytes / 2**20:7.1f}MB"
            f" ({peak / est.peak_bytes:4.2f})",
            flush=True,
        )
    names = list(rows[0][0].features())
    A = np.array([[shape.features()[n] for n in names] for shape, _, _ in rows])
    t = np.array([cpu for _, cpu, _ in rows])
    fitted = nnls(A / t[:, None], np.ones(len(t)))  # relative error: every run counts the same
    print("\nfitted SECONDS_PER:")
    for name, value in zip(names, fitted, strict=True):
        print(f"    {name!r}: {value:.3g},")
    ratio = t / (A @ fitted)
    print(f"measured / fitted: median {np.median(ratio):.2f}, min {ratio.min():.2f}, max {ratio.max():.2f}")
    mem = np.array([peak / shape.cost().peak_bytes for shape, _, peak in rows])
    print(f"memory measured / estimated: median {np.median(mem):.2f}, max {mem.max():.2f}")


if __name__ == "__main__":
    main()
