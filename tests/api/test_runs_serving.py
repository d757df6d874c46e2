"""The lab server keeps runs: a finished run is recorded, an identical request is replayed from the store
(no training), an identical request in flight is joined (one training, every client the whole stream),
and replays and joins need no budget and no worker. Over a real SQLite file and a real server process
with one worker."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lab_process import LabProcess, receive_all, start
from runs_helpers import (
    FORGED_LOSS,
    HELD,
    QUICK,
    epochs_of,
    forged,
    run_job,
    stored_runs,
    wait_for_run,
    without_stored_at,
)

from dropout_lab.engine.config import make_config
from dropout_lab.engine.events import Event
from dropout_lab.engine.experiment import run_comparison
from dropout_lab.engine.job_cost import job_cost
from dropout_lab.store import RunStore

BUDGET_S = 45.0
UNCERTAINTY = {"passes": 10, "map_size": 12}


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("kept") / "runs.sqlite3"


@pytest.fixture(scope="module")
def kept_lab(tmp_path_factory: pytest.TempPathFactory, store_path: Path):
    """One worker (so a second training is "busy"), a small budget, long runs allowed to finish."""
    budget = {"seconds": BUDGET_S, "time_limit": 120}
    with LabProcess(tmp_path_factory.mktemp("lab"), workers=1, store=str(store_path), budget=budget) as lab:
        yield lab
    assert "Traceback" not in lab.errors + lab.output, lab.errors


@pytest.fixture(scope="module")
def real_events() -> list[Event]:
    return list(run_comparison(make_config(**QUICK)))


def until_epoch(ws, epoch: int) -> list[dict]:
    """Messages up to the first epoch_finished of `epoch`."""
    seen = [json.loads(ws.recv(timeout=60))]
    while not (seen[-1]["type"] == "epoch_finished" and seen[-1]["epoch"] >= epoch):
        seen.append(json.loads(ws.recv(timeout=60)))
    return seen


def test_a_finished_run_is_kept_and_an_identical_request_replays_it_marked_as_stored(kept_lab):
    config = {**QUICK, "seed": 11}
    live = run_job(kept_lab, config)
    assert live[0]["stored_at"] is None and live[-1]["type"] == "run_finished"
    record = wait_for_run(kept_lab, live[0]["run_id"])
    assert record["config"]["seed"] == 11 and not record["stopped"]
    replayed = run_job(kept_lab, config)
    assert replayed[0]["run_id"] == live[0]["run_id"] and replayed[0]["stored_at"] == record["created_at"]
    assert without_stored_at(replayed) == without_stored_at(live)  # every message, every number, in order


def test_a_stored_run_is_replayed_without_training(kept_lab, store_path, real_events):
    config = {**QUICK, "seed": 12}
    RunStore(store_path).record_training(forged(real_events, config, "f0f0f0f0f0f0"))
    messages = run_job(kept_lab, config)
    assert messages[0]["run_id"] == "f0f0f0f0f0f0" and messages[0]["stored_at"]
    losses = {m["val_loss"] for m in messages if m["type"] == "epoch_finished"}
    assert losses == {FORGED_LOSS}  # numbers no training gives: the engine was not called


def test_a_stored_run_over_the_budget_is_replayed_while_training_it_is_refused(
    kept_lab, store_path, real_events
):
    big = {**QUICK, "epochs": 2000, "n_samples": 4000, "neurons": 128, "layers": 4}
    assert job_cost("train", make_config(**big), None).seconds > BUDGET_S
    refused = run_job(kept_lab, {**big, "seed": 14})
    assert [m["type"] for m in refused] == ["over_budget"]
    RunStore(store_path).record_training(forged(real_events, {**big, "seed": 13}, "b1b1b1b1b1b1"))
    replayed = run_job(kept_lab, {**big, "seed": 13})
    assert replayed[0]["run_id"] == "b1b1b1b1b1b1" and replayed[-1]["type"] == "run_finished"


def test_an_identical_request_in_flight_is_joined_and_both_clients_get_the_whole_stream(kept_lab):
    config = {**HELD, "seed": 15}
    with kept_lab.connect() as first:
        first.send(start(config))
        seen = until_epoch(first, 3)
        with kept_lab.connect() as second:
            second.send(start(config))
            joined, code, _ = receive_all(second, 120)
        rest, _, _ = receive_all(first, 120)
    whole = seen + rest
    assert joined == whole and code == 1000  # the late joiner got everything so far, then the rest
    assert whole[0]["stored_at"] is None and whole[-1]["type"] == "run_finished" and not whole[-1]["stopped"]
    assert epochs_of(whole) == [(net, e) for e in range(1, 2001) for net in ("baseline", "dropout")]
    run_id = whole[0]["run_id"]  # one training: two would each have drawn their own run id
    wait_for_run(kept_lab, run_id)
    assert [r["id"] for r in stored_runs(kept_lab) if r["config"]["seed"] == 15] == [run_id]


def test_joins_and_replays_need_no_worker_while_a_new_training_is_busy(kept_lab, store_path, real_events):
    RunStore(store_path).record_training(forged(real_events, {**QUICK, "seed": 18}, "d1d1d1d1d1d1"))
    with kept_lab.connect() as first:
        first.send(start({**HELD, "seed": 16}))
        started = until_epoch(first, 1)[0]  # the one worker is busy now
        assert [m["type"] for m in run_job(kept_lab, {**QUICK, "seed": 17})] == ["busy"]
        with kept_lab.connect() as joiner:
            joiner.send(start({**HELD, "seed": 16}))
            assert json.loads(joiner.recv(timeout=30))["run_id"] == started["run_id"]
        replayed = run_job(kept_lab, {**QUICK, "seed": 18})
        assert replayed[0]["run_id"] == "d1d1d1d1d1d1" and replayed[-1]["type"] == "run_finished"
        first.send(json.dumps({"type": "stop"}))  # the joiner left: this client alone stops the run
        rest, _, _ = receive_all(first, 30)
    assert rest[-1]["type"] == "run_finished" and rest[-1]["stopped"] and rest[-1]["reason"] == "stopped"


def test_a_client_leaving_a_shared_run_ends_alone_and_the_other_gets_the_whole_run(kept_lab):
    config = {**HELD, "seed": 19}
    with kept_lab.connect() as first, kept_lab.connect() as second:
        first.send(start(config))
        until_epoch(first, 2)
        second.send(start(config))
        until_epoch(second, 3)
        first.send(json.dumps({"type": "stop"}))
        left, code, _ = receive_all(first, 30)
        stayed, _, _ = receive_all(second, 120)
    end = left[-1]
    assert end["type"] == "run_finished" and end["stopped"] and end["reason"] == "stopped" and code == 1000
    assert 3 <= end["summary"][0]["epochs_run"] < 2000  # its own end, from the epochs it had received
    assert stayed[-1]["type"] == "run_finished" and not stayed[-1]["stopped"]
    assert stayed[-1]["summary"][0]["epochs_run"] == 2000
    assert not wait_for_run(kept_lab, end["run_id"])["stopped"]  # kept complete: the run went on


def test_a_run_stopped_by_its_last_client_is_kept_but_never_replayed(kept_lab):
    config = {**HELD, "seed": 20}
    with kept_lab.connect() as ws:
        ws.send(start(config))
        first = until_epoch(ws, 3)[0]
        ws.send(json.dumps({"type": "stop"}))
        end = receive_all(ws, 30)[0][-1]
    assert end["type"] == "run_finished" and end["stopped"]
    assert wait_for_run(kept_lab, first["run_id"])["stopped"]
    with kept_lab.connect() as ws:
        ws.send(start(config))
        again = json.loads(ws.recv(timeout=30))
        ws.send(json.dumps({"type": "stop"}))
        receive_all(ws, 30)
    assert again["stored_at"] is None and again["run_id"] != first["run_id"]  # trained anew


def test_an_analysis_is_kept_and_replayed_as_its_result_alone(kept_lab):
    config = {**QUICK, "seed": 21, "epochs": 15}
    live = run_job(kept_lab, config, "uncertainty", UNCERTAINTY)
    assert "insight_progress" in {m["type"] for m in live} and live[-1]["type"] == "insight_result"
    result = live[-1]["result"]
    kept = wait_for_run(kept_lab, kind="uncertainty", seed=21)
    assert kept["summary"]["headline"] == result["claims"]["headline"] and kept["params"]["passes"] == 10
    replayed = run_job(kept_lab, config, "uncertainty", UNCERTAINTY)
    assert replayed == [live[-1]]  # no progress: nothing was computed
