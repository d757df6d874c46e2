"""The cost model counts the matrix products of a run (PERFORMANCE.md's figures)."""

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
