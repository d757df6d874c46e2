"""The cost model: the matrix products of a run (PERFORMANCE.md's figures), and each job's CPU seconds
and peak memory, which the server's budget and the CLI's note rely on."""

import subprocess
import sys

import pytest

from dropout_lab.engine.config import make_config
from dropout_lab.engine.cost import forward_flops, n_snapshots, run_flops


def test_a_5x128_relu_net_costs_132_kflop_per_sample_forward():
    assert forward_flops(5, 128) == 2 * (2 * 128 + 4 * 128 * 128 + 128 * 2) == 132_096


def test_a_run_counts_training_evaluation_and_the_grid_per_network():
    config = make_config(layers=5, neurons=128, n_samples=400, epochs=300, snapshot_every=10, grid_size=100)
    one, two = run_flops(config, 1), run_flops(config, 2)
    f = 132_096
    assert one.training == 3 * f * 200 * 300
    assert one.evaluation == f * 400 * 300
    assert one.snapshots == f * 100 * 100 * 30
    assert two.total == 2 * one.total
    assert 0.45 < one.snapshots / one.total < 0.6  # the grid is about half of the work


def test_snapshots_are_every_n_epochs_plus_the_last():
    assert n_snapshots(make_config(epochs=300, snapshot_every=10)) == 30
    assert n_snapshots(make_config(epochs=305, snapshot_every=10)) == 31
    assert n_snapshots(make_config(epochs=5, snapshot_every=10)) == 1


# --- CPU seconds and peak memory per job (engine/job_cost.py) -----------------------------------------


def test_a_sweep_costs_one_network_per_rate_and_seed():
    from dropout_lab.engine.insights.catalog import SweepParams
    from dropout_lab.engine.job_cost import job_cost

    config = make_config(epochs=50)
    small = job_cost("sweep", config, SweepParams(rates=[0.0, 0.5], n_seeds=2))
    large = job_cost("sweep", config, SweepParams(rates=[0.0, 0.25, 0.5, 0.75], n_seeds=4))
    assert large.flops == pytest.approx(4 * small.flops, rel=0.01)  # 16 networks against 4
    assert large.seconds > 3 * small.seconds and large.peak_bytes > small.peak_bytes


def test_an_analysis_costs_its_training_and_its_passes():
    from dropout_lab.engine.insights.catalog import EnsembleParams, UncertaintyParams
    from dropout_lab.engine.job_cost import job_cost

    config = make_config(layers=3, neurons=128, epochs=100)
    few, many = UncertaintyParams(passes=10), UncertaintyParams(passes=400)
    assert job_cost("uncertainty", config, many).seconds > 5 * job_cost("uncertainty", config, few).seconds
    wide = job_cost("ensemble", config, EnsembleParams(map_size=100))
    narrow = job_cost("ensemble", config, EnsembleParams(map_size=20))
    assert wide.peak_bytes > narrow.peak_bytes and wide.seconds > 5 * narrow.seconds


def test_the_cost_grows_with_every_size_setting():
    from dropout_lab.engine.job_cost import job_cost

    base = make_config(epochs=100, n_samples=400, layers=3, neurons=64, grid_size=50)
    seconds = job_cost("train", base).seconds
    for knob, bigger in (
        ("epochs", 200),
        ("n_samples", 800),
        ("layers", 6),
        ("neurons", 128),
        ("grid_size", 100),
    ):
        assert job_cost("train", base.model_copy(update={knob: bigger})).seconds > seconds, knob
    full_batch = base.model_copy(update={"batch_size": 0, "n_samples": 5000, "neurons": 512})
    assert job_cost("train", full_batch).peak_bytes > 3 * job_cost("train", base).peak_bytes


def test_the_issue_worst_case_sweep_is_estimated_in_tens_of_gigabytes():
    """200 networks of 8 x 512 trained together (the issue measured 14.7 GB for one allocation)."""
    from dropout_lab.engine.insights.catalog import SweepParams
    from dropout_lab.engine.job_cost import job_cost

    config = make_config(layers=8, neurons=512, batch_size=0, n_samples=5000, epochs=2000)
    cost = job_cost("sweep", config, SweepParams(rates=[i / 22 for i in range(20)], n_seeds=10))
    assert cost.peak_bytes > 14.7 * 2**30 and cost.seconds > 3600


# Peak resident memory a job adds to a warm process: run in a fresh Python, the job's loop given as code.
PEAK_PROGRAM = """
import os
import torch
from dropout_lab.engine.config import make_config
from dropout_lab.engine.experiment import run_comparison, warm_up
from dropout_lab.engine.insights import run_insight
from dropout_lab.engine.insights.catalog import AlternativesParams
torch.set_num_threads(1)
warm_up()
with open("/proc/self/statm") as f:
    base = int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
for _ in {events}:
    pass
with open("/proc/self/status") as f:  # VmHWM, not ru_maxrss: Linux carries that over from pytest's exec
    print(next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmHWM:")) - base)
"""


def peak_bytes_added(events: str) -> int:
    program = PEAK_PROGRAM.format(events=events)
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=120, check=True
    )
    return int(done.stdout.split()[-1])


def test_the_memory_estimate_covers_a_real_run_without_doubling_it():
    """Peak resident memory a real run adds, measured in a fresh process, against the estimate."""
    from dropout_lab.engine.job_cost import job_cost

    values = {"layers": 4, "neurons": 512, "n_samples": 3000, "batch_size": 0, "dropout": 0.5, "epochs": 2}
    measured = peak_bytes_added(f"run_comparison(make_config({values!r}))")
    estimated = job_cost("train", make_config(values)).peak_bytes
    assert 0.5 * estimated < measured <= estimated, (measured / 2**20, estimated / 2**20)


def test_the_memory_model_follows_the_engines_sizes():
    from dropout_lab.engine import cost, dropout, shards, training

    assert cost.MASK_CHUNK_ELEMENTS == dropout.CHUNK_ELEMENTS
    assert cost.SHARD_ELEMENTS == shards.SHARD_ELEMENTS
    assert (cost.PENDING_BYTES, cost.MIN_PENDING, cost.MAX_PENDING) == (
        training.PENDING_BYTES,
        training.MIN_PENDING,
        training.MAX_PENDING,
    )
    config = make_config(layers=3, neurons=128, epochs=20)
    for k in (2, 6, 12, 40):
        shape = cost.RunShape.of(config, k, k // 2)
        assert [hi - lo for lo, hi in shards.shard_bounds(config, k, shape.batch)] == shape.shard_sizes()


def test_the_memory_estimate_covers_an_analysis_of_several_runs():
    """An analysis trains run after run (alternatives: the regularisers, then one run per size) and
    keeps earlier Trainers alive: its peak, measured in a fresh process, against the estimate. The
    model once took the largest run's peak alone and under-estimated this job by 2x."""
    from dropout_lab.engine.insights.catalog import AlternativesParams
    from dropout_lab.engine.job_cost import job_cost

    values = {"layers": 3, "neurons": 128, "epochs": 10}
    params = {"sizes": [30, 1000], "n_seeds": 3}
    measured = peak_bytes_added(
        f"run_insight('alternatives', make_config({values!r}), AlternativesParams(**{params!r}), None)"
    )
    estimated = job_cost("alternatives", make_config(values), AlternativesParams(**params)).peak_bytes
    assert 0.4 * estimated < measured <= estimated, (measured / 2**20, estimated / 2**20)
