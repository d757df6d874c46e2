"""Typed results and live partials: one model per insight, the same on the wire, partials self-contained."""

from __future__ import annotations

import json

import numpy as np
import pytest

from dropout_lab.engine.config import make_config
from dropout_lab.engine.events import EpochFinished, NetworkSpec
from dropout_lab.engine.insights import (
    InsightPartial,
    InsightResult,
    final_result,
    parse_result,
    progress,
    run_insight,
)
from dropout_lab.engine.training import Trainer

SMALL = make_config(epochs=8, layers=2, neurons=16, n_samples=120, dropout=0.5)
FAST = {
    "sweep": {"rates": [0.0, 0.5], "n_seeds": 2},
    "ensemble": {"max_samples": 20, "repeats": 2, "map_size": 12},
    "uncertainty": {"passes": 12, "map_size": 12},
    "knockout": {"shares": [0.0, 0.5], "draws": 2, "n_seeds": 2},
    "alternatives": {"sizes": [20, 40], "n_seeds": 2},
}


@pytest.mark.parametrize("name", list(FAST))
def test_a_result_survives_its_json_form_with_the_same_numbers_and_words(name):
    result = final_result(run_insight(name, SMALL, FAST[name]))
    wire = json.loads(json.dumps(result.model_dump(mode="json"), allow_nan=False))
    assert wire["insight"] == name and wire["claims"]["headline"] == result.claims.headline
    again = parse_result(wire)  # derived fields (means, verdicts, claims) are recomputed, not trusted
    assert type(again) is type(result) and again.claims == result.claims


def test_a_claim_in_the_json_cannot_override_what_the_numbers_say():
    result = final_result(run_insight("sweep", SMALL, FAST["sweep"]))
    wire = result.model_dump(mode="json")
    wire["claims"] = {"headline": "p = 0.5 is the best rate, beyond doubt.", "findings": []}
    assert parse_result(wire).claims == result.claims


@pytest.fixture
def every_epoch(monkeypatch):
    """A partial after every epoch (the default sends one per PARTIAL_INTERVAL_S)."""
    monkeypatch.setattr(progress, "PARTIAL_INTERVAL_S", 0.0)


def test_the_sweep_streams_self_contained_partials_epoch_by_epoch(every_epoch):
    events = list(run_insight("sweep", SMALL, FAST["sweep"]))
    partials = [e.result for e in events if isinstance(e, InsightPartial)]
    final = events[-1]
    assert isinstance(final, InsightResult) and final.result.complete
    assert [p.epochs_done for p in partials] == list(range(1, SMALL.epochs))  # the last one is the result
    for p in partials:
        assert not p.complete and p.claims.headline.startswith(
            f"After {p.epochs_done} of {SMALL.epochs} epochs"
        )
        assert [len(c) for c in p.val_curves] == [p.epochs_done] * 2  # every rate's curve so far, whole
        assert len(p.val_loss.per_seed) == 2 and len(p.val_loss.per_seed[0]) == 2
    # each partial's curves are the final curves' beginning: nothing is a delta
    assert np.allclose(partials[3].val_curves, np.asarray(final.result.val_curves)[:, :4])


def test_alternatives_stream_their_curves_then_fill_a_bar_per_finished_size(every_epoch):
    events = list(run_insight("alternatives", SMALL, FAST["alternatives"]))
    partials = [e.result for e in events if isinstance(e, InsightPartial)]
    growing = [p for p in partials if p.epochs_done < SMALL.epochs]
    assert [p.epochs_done for p in growing] == list(range(1, SMALL.epochs))
    assert all(p.sizes == [] and len(p.regularisers[0].val_curve) == p.epochs_done for p in growing)
    after_sizes = [p for p in partials if p.epochs_done == SMALL.epochs]
    assert [len(p.sizes) for p in after_sizes] == [1] and after_sizes[0].planned_sizes == [20, 40]
    assert not after_sizes[0].complete and events[-1].result.complete and len(events[-1].result.sizes) == 2


def test_by_default_partials_are_throttled_to_a_few_per_second():
    events = list(run_insight("sweep", make_config(SMALL.model_dump(), epochs=30), FAST["sweep"]))
    partials = [e for e in events if isinstance(e, InsightPartial)]
    assert 1 <= len(partials) < 30  # the first epoch always, then one per PARTIAL_INTERVAL_S


def test_the_trainers_epoch_hook_hands_over_each_epochs_stats_once_in_order():
    networks = [NetworkSpec(name=n, dropout=d, weight_decay=0.0, seed=0) for n, d in (("a", 0.0), ("b", 0.5))]
    seen: list[tuple[int, list[list[float]]]] = []
    events = list(Trainer(SMALL, networks).events(on_epoch=lambda e, s: seen.append((e, s))))
    assert [e for e, _ in seen] == list(range(1, SMALL.epochs + 1))
    assert all(np.shape(s) == (5, 2) for _, s in seen)
    finished = [e for e in events if isinstance(e, EpochFinished)]
    for event in finished:
        stats = seen[event.epoch - 1][1]
        k = ["a", "b"].index(event.network)
        assert (stats[0][k], stats[1][k], stats[3][k]) == (event.train_loss, event.val_loss, event.val_acc)
