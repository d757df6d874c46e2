"""Big runs train in two shards (two threads): every network still trains exactly as it would alone."""

import threading

import numpy as np
import pytest
import torch

from dropout_lab.engine import shards, training
from dropout_lab.engine.config import make_config
from dropout_lab.engine.events import NetworkSpec
from dropout_lab.engine.experiment import run_networks
from dropout_lab.engine.shards import shard_bounds
from dropout_lab.engine.training import Trainer

SMALL = dict(n_samples=120, layers=2, neurons=24, epochs=10, snapshot_every=5, grid_size=12)
NETS = [
    NetworkSpec(name="base", dropout=0.0, weight_decay=0.0, seed=0),
    NetworkSpec(name="drop", dropout=0.5, weight_decay=0.0, seed=0),
    NetworkSpec(name="decay", dropout=0.0, weight_decay=0.01, seed=1),
    NetworkSpec(name="both", dropout=0.3, weight_decay=0.01, seed=2),
    NetworkSpec(name="heavy", dropout=0.8, weight_decay=0.0, seed=3),
]


@pytest.fixture
def always_shard(monkeypatch):
    monkeypatch.setattr(shards, "SHARD_ELEMENTS", 0)


def _curves(events, name):
    rows = [(e.train_loss, e.val_loss, e.batch_loss) for e in events if e.type == "epoch_finished"]
    named = [e.network for e in events if e.type == "epoch_finished"]
    return np.array([r for r, n in zip(rows, named, strict=True) if n == name])


def test_a_big_adam_run_is_split_in_two_halves_and_small_or_sgd_runs_are_not():
    config = make_config(neurons=64, batch_size=32)
    assert shard_bounds(config, 50, 32) == [(0, 25), (25, 50)]
    assert shard_bounds(config, 5, 32) == [(0, 5)]  # 5 x 32 x 64 activations: overhead dominates
    assert shard_bounds(config, 2, 400) == [(0, 2)]  # the demo pair never splits
    assert shard_bounds(config.model_copy(update={"optimizer": "sgd"}), 50, 32) == [(0, 50)]


def test_sharded_training_equals_separate_runs_in_float64(always_shard):
    config = make_config(SMALL)
    trainer = Trainer(config, NETS, dtype=torch.float64)
    assert [(s.lo, s.hi) for s in trainer.shards] == [(0, 3), (3, 5)]
    together = list(trainer.events())
    for net in NETS:
        alone = list(run_networks(config, [net], dtype=torch.float64))
        np.testing.assert_allclose(_curves(alone, net.name), _curves(together, net.name), rtol=1e-9)


def test_the_trained_weights_land_in_the_one_stacked_model(always_shard):
    config = make_config(SMALL)
    trainer = Trainer(config, NETS, dtype=torch.float64)
    before = [p.clone() for p in trainer.model.parameters]
    list(trainer.events())
    for k in range(len(NETS)):  # every member of both shards moved, in place, in Trainer.model
        assert all(not torch.equal(p[k], b[k]) for p, b in zip(trainer.model.parameters, before, strict=True))
    alone = Trainer(config, [NETS[4]], dtype=torch.float64)
    list(alone.events())
    for ours, theirs in zip(trainer.model.parameters, alone.model.parameters, strict=True):
        torch.testing.assert_close(ours[4], theirs[0], rtol=1e-9, atol=1e-12)


def test_each_shard_measures_its_own_members_in_its_own_thread(always_shard, monkeypatch):
    calls = []  # (thread, lo, hi) of every metrics measurement
    metrics = training.Evaluator.metrics

    def recording(self, flat_weights, lo=0, hi=None):
        calls.append((threading.current_thread().name.split("_")[0], lo, hi))
        return metrics(self, flat_weights, lo, hi)

    monkeypatch.setattr(training.Evaluator, "metrics", recording)
    list(run_networks(make_config(SMALL), NETS))
    # never the evaluation thread: it only builds the events and draws the maps
    assert sorted(set(calls)) == [("MainThread", 0, 3), ("dropout-lab-shard", 3, 5)]
    assert len(calls) == 2 * SMALL["epochs"]


def test_mask_events_come_from_both_shards(always_shard):
    events = list(run_networks(make_config(SMALL), NETS))
    masked = {e.network for e in events if e.type == "dropout_mask"}
    assert masked == {"drop", "both", "heavy"}


def test_a_stop_reaches_both_shards_before_their_next_mini_batch(always_shard):
    config = make_config(SMALL, n_samples=2000, batch_size=1, epochs=5)  # 1000 steps per epoch
    trainer = Trainer(config, NETS)
    steps = []  # mini-batches started by the second shard (its own thread)
    forward = trainer.shards[1].model.forward
    trainer.shards[1].model.forward = lambda X, *a, **kw: (steps.append(1), forward(X, *a, **kw))[1]
    calls, at_stop = [], []

    def should_stop():
        calls.append(1)
        if len(calls) > 5:
            at_stop.append(len(steps))
            return True
        return False

    events = list(trainer.events(should_stop=should_stop))
    assert len(calls) == 6  # polled in the consumer's thread before every mini-batch of the first shard
    assert len(steps) <= at_stop[0] + 1  # the other shard finished at most the step it was in
    assert events[-1].type == "run_finished" and events[-1].stopped
    assert [e.type for e in events] == ["run_started", "run_finished"]


def test_a_finished_run_keeps_weights_and_data_but_frees_what_only_training_needs(always_shard):
    # An analysis keeps its Trainer while the next run trains: mask buffers (~12 MB a shard), the
    # optimiser's moments and the decay coefficients must not stay alive with it.
    trainer = Trainer(make_config(SMALL), NETS)
    list(trainer.events())
    assert trainer.model.flat.numel() > 0 and trainer.data.X_all.numel() > 0
    for shard in trainer.shards:
        assert shard.masks.buffer.untyped_storage().nbytes() == 0
        assert shard.masks.bits.untyped_storage().nbytes() == 0
        assert shard.optimizer.exp_avg == shard.optimizer.exp_avg_sq == shard.decay == []
        assert shard.last_multipliers is None
