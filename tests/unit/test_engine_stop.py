"""How a run ends: complete runs are not 'stopped'; a stop keeps evaluated epochs and one final map each."""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest

from dropout_lab.engine import training
from dropout_lab.engine.config import make_config
from dropout_lab.engine.experiment import run_comparison

SMALL = dict(batch_size=0, n_samples=60, layers=1, neurons=8, epochs=50, grid_size=10, dropout=0.5)


@pytest.fixture
def evaluated(monkeypatch) -> list[threading.Event]:
    """One Event per epoch, set when the evaluation thread has finished measuring that epoch."""
    done = [threading.Event() for _ in range(60)]
    measure = training.Evaluator.epoch_events

    def epoch_events(self, epoch, *args, **kwargs):
        result = measure(self, epoch, *args, **kwargs)
        done[epoch].set()
        return result

    monkeypatch.setattr(training.Evaluator, "epoch_events", epoch_events)
    return done


def stop_after_first_epoch(done: list[threading.Event]):
    """Stop before epoch 2 trains, once epoch 1 is measured: the record ends at epoch 1."""

    polls = []

    def should_stop() -> bool:
        polls.append(1)  # polled before every mini-batch; the second poll comes after epoch 1 (one batch)
        return len(polls) > 1 and done[1].wait(timeout=60)

    return should_stop


def snapshots(events) -> Counter:
    return Counter((e.network, e.epoch) for e in events if e.type == "boundary_snapshot")


def test_a_complete_run_is_not_stopped_and_reports_its_duration():
    t0 = time.perf_counter()
    finished = list(run_comparison(make_config(SMALL, epochs=3)))[-1]
    elapsed = time.perf_counter() - t0
    assert finished.type == "run_finished" and finished.stopped is False
    assert 0 < finished.elapsed_s <= elapsed and finished.elapsed_s == round(finished.elapsed_s, 3)


def test_a_stop_before_any_map_ends_with_one_map_of_the_last_measured_epoch(evaluated):
    config = make_config(SMALL, snapshot_every=10)  # no regular map before epoch 10
    events = list(run_comparison(config, should_stop=stop_after_first_epoch(evaluated)))
    finished = events[-1]
    assert finished.type == "run_finished" and finished.stopped
    assert [s.epochs_run for s in finished.summary] == [1, 1]
    assert snapshots(events) == {("baseline", 1): 1, ("dropout", 1): 1}


def test_a_stop_after_a_map_does_not_draw_that_map_again(evaluated):
    config = make_config(SMALL, snapshot_every=1)  # every epoch has its map already
    events = list(run_comparison(config, should_stop=stop_after_first_epoch(evaluated)))
    assert events[-1].type == "run_finished" and events[-1].stopped
    assert snapshots(events) == {("baseline", 1): 1, ("dropout", 1): 1}
