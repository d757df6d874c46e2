"""The run store over real SQLite files: record, list, replay the identical events, keys, rename, remove."""

from __future__ import annotations

import json
import math
import sqlite3
from pathlib import Path

import pytest

from dropout_lab.engine.config import make_config
from dropout_lab.engine.events import BoundarySnapshot, EpochFinished, Event, RunFinished, RunStarted
from dropout_lab.engine.experiment import run_comparison
from dropout_lab.engine.insights import final_result, run_insight
from dropout_lab.engine.insights.events import InsightResult, parse_result
from dropout_lab.store import RunNotFoundError, RunStore, current_versions, points_digest, request_key
from dropout_lab.store.codec import decode_events, encode_events
from dropout_lab.store.schema import APPLICATION_ID, LATEST

TINY = {"epochs": 6, "neurons": 8, "layers": 1, "n_samples": 40, "grid_size": 12, "snapshot_every": 2}


def renamed(events: list[Event], run_id: str) -> list[Event]:
    return [e.model_copy(update={"run_id": run_id}) for e in events]


@pytest.fixture(scope="module")
def events() -> list[Event]:
    return list(run_comparison(make_config(dropout=0.5, seed=3, **TINY)))


@pytest.fixture
def store(tmp_path: Path) -> RunStore:
    return RunStore(tmp_path / "deep" / "folder" / "runs.sqlite3")


def test_a_recorded_run_replays_as_the_identical_typed_event_stream(store, events) -> None:
    run = store.record_training(events)
    replayed = list(store.replay(run.id, mark_stored=False))
    assert replayed == events  # every field of every event, in order (floats compared exactly)
    assert [type(e) for e in replayed] == [type(e) for e in events]
    assert sum(isinstance(e, BoundarySnapshot) for e in replayed) == 2 * 3  # every snapshot, not the last


def test_a_replay_is_marked_stored_with_its_recording_time_and_otherwise_unchanged(store, events) -> None:
    run = store.record_training(events)
    first, *rest = store.replay(run.id)
    assert isinstance(first, RunStarted) and events[0].stored_at is None
    assert first.stored_at == run.created_at.isoformat() and run.created_at.tzinfo is not None
    assert first.model_copy(update={"stored_at": None}) == events[0] and rest == events[1:]


def test_the_store_and_its_folders_are_created_on_the_first_record_only(store, events) -> None:
    assert store.runs() == [] and not store.path.parent.exists()  # reading creates nothing
    store.record_training(events)
    conn = sqlite3.connect(store.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()


def test_a_run_keeps_settings_data_versions_summary_and_size(store, events) -> None:
    run = store.record_training(events, name="first", notes="tiny")
    assert (run.id, run.kind, run.name, run.notes) == (events[0].run_id, "train", "first", "tiny")
    assert run.config == events[0].config and run.params == {}
    assert run.data_source == "generated" and run.data_hash is None
    assert run.versions == current_versions() and run.versions["torch"].startswith("2.13")
    finished = events[-1]
    assert isinstance(finished, RunFinished)
    assert run.summary["networks"] == [s.model_dump() for s in finished.summary]
    assert run.summary["differences"] == finished.differences and not run.stopped
    assert 0 < run.size_bytes < len("".join(e.model_dump_json() for e in events)) / 3


def test_runs_are_listed_newest_first_and_found_by_any_unique_id_prefix(store, events) -> None:
    ids = ["aaaa11110000", "aaaa22220000", "bbbb33330000"]
    for run_id in ids:
        store.record_training(renamed(events, run_id))
    assert [r.id for r in store.runs()] == ids[::-1]
    assert [r.id for r in store.runs(limit=2)] == ids[:0:-1]
    assert store.get("bbbb").id == ids[2] and store.get("aaaa2").id == ids[1]
    with pytest.raises(RunNotFoundError, match="'aaaa' .*several ids \\(aaaa11110000, aaaa22220000\\)"):
        store.get("aaaa")


def test_recording_the_same_run_twice_stores_it_once(store, events) -> None:
    first = store.record_training(events)
    again = store.record_training(events, name="ignored")
    assert again == first and len(store.runs()) == 1


def test_rename_annotate_and_remove_change_only_that_run(store, events) -> None:
    keep, other = (store.record_training(renamed(events, i)) for i in ("keep00000000", "gone00000000"))
    assert store.rename("keep", "baseline study").name == "baseline study"
    assert store.annotate("keep", "shown in class").notes == "shown in class"
    assert store.remove("gone").id == other.id
    assert [r.id for r in store.runs()] == [keep.id]
    assert store.get(keep.id).name == "baseline study"
    with pytest.raises(RunNotFoundError):
        store.remove("gone")
    assert store.clear() == 1 and store.runs() == []


def test_the_request_key_of_a_new_identical_request_finds_the_stored_run(store, events) -> None:
    config = make_config(dropout=0.5, seed=3, **TINY)
    run = store.record_training(events)
    assert run.request_key == request_key("train", config)
    assert run.request_key == request_key("train", {"dropout": 0.5, "seed": 3, **TINY})  # defaults filled
    assert store.find(request_key("train", config)) == run
    for changed in (make_config(dropout=0.5, seed=4, **TINY), make_config(dropout=0.4, seed=3, **TINY)):
        assert store.find(request_key("train", changed)) is None
    other_code = {**current_versions(), "engine": "0" * 16}
    assert request_key("train", config, versions=other_code) != run.request_key
    assert request_key("sweep", config, {"rates": [0, 0.5]}) != run.request_key
    own = points_digest(b"\0" * 16, b"\1" * 16)
    assert request_key("train", config, data_hash=own) != run.request_key


def test_a_stopped_run_is_kept_but_never_found_for_a_new_request(store, events) -> None:
    stopped = [*events[:-1], events[-1].model_copy(update={"stopped": True})]
    run = store.record_training(stopped)
    assert run.stopped and store.get(run.id).stopped
    assert store.find(run.request_key) is None


def test_only_finished_runs_on_known_data_are_recorded(store, events) -> None:
    with pytest.raises(ValueError, match="only a finished run"):
        store.record_training(events[:-1])
    with pytest.raises(ValueError, match="data_hash"):
        store.record_training(events, data_source="csv", data_name="mine.csv")
    custom = [events[0].model_copy(update={"data_source": "custom"}), *events[1:]]
    with pytest.raises(ValueError, match="data_hash"):
        store.record_training(custom)
    assert store.runs() == []


def test_an_insight_result_is_stored_with_its_parameters_and_replays_as_its_result(store) -> None:
    config = make_config(**TINY)
    result = final_result(run_insight("sweep", config, {"rates": [0.0, 0.5], "n_seeds": 2}))
    run = store.record_insight("sweep", config, {"rates": [0.0, 0.5]}, result, headline="Best p 0.5")
    assert (run.kind, run.summary) == ("sweep", {"headline": "Best p 0.5"})
    assert run.params == {"rates": [0.0, 0.5], "n_seeds": 5}  # every parameter, defaults filled in
    assert run.request_key == request_key("sweep", config, {"rates": [0.0, 0.5]})
    assert run.request_key == request_key("sweep", TINY, {"n_seeds": 5, "rates": [0, 0.5]})
    assert parse_result(store.insight_result(run.id)) == result
    (replayed,) = store.replay(run.id)
    assert isinstance(replayed, InsightResult) and replayed.result == result
    with pytest.raises(ValueError, match="insight, not a comparison"):
        store.events(run.id)


def test_the_codec_keeps_nan_losses_and_maps_off_the_thousandths_exactly(events) -> None:
    epoch = next(e for e in events if isinstance(e, EpochFinished))
    snapshot = next(e for e in events if isinstance(e, BoundarySnapshot))
    odd = [
        epoch.model_copy(update={"train_loss": float("nan"), "val_loss": float("inf")}),
        snapshot.model_copy(update={"probs": [0.1234567] + snapshot.probs[1:]}),  # not on the lattice
        snapshot.model_copy(update={"probs": [float("nan")] + snapshot.probs[1:]}),
        snapshot,
    ]
    back = list(decode_events(*encode_events(odd)))
    assert math.isnan(back[0].train_loss) and back[0].val_loss == float("inf")
    assert back[1].probs == odd[1].probs and back[3] == snapshot
    assert math.isnan(back[2].probs[0]) and back[2].probs[1:] == snapshot.probs[1:]


def test_boundary_maps_are_packed_at_least_eight_times_smaller_than_their_json() -> None:
    config = make_config(dropout=0.5, **{**TINY, "grid_size": 80, "epochs": 4, "neurons": 32})
    events = list(run_comparison(config))
    packed, grids = encode_events(events)
    assert grids is not None
    as_json = sum(len(e.model_dump_json()) for e in events)
    assert len(packed) + len(grids) < as_json / 8
    snapshots = [e for e in events if isinstance(e, BoundarySnapshot)]
    assert len(grids) < 2 * sum(len(s.probs) for s in snapshots)  # under 2 bytes per probability
    assert json.loads(snapshots[0].model_dump_json())["probs"] == snapshots[0].probs
