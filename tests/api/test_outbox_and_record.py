"""The server's pieces without sockets: the coalescing outbox, and a run the server ends itself."""

from __future__ import annotations

import asyncio
import json

import numpy as np

from dropout_lab.engine.config import make_config
from dropout_lab.engine.experiment import run_comparison
from dropout_lab.engine.summary import summarize
from dropout_lab.server.jobs import Job
from dropout_lab.server.outbox import Outbox, coalescing_key
from dropout_lab.server.run_record import RunRecord
from dropout_lab.server.worker import message


def drain(outbox: Outbox) -> list[str]:
    async def take() -> list[str]:
        outbox.close()
        return [text async for text in _iterate(outbox)]

    return asyncio.run(take())


async def _iterate(outbox: Outbox):
    while (text := await outbox.get()) is not None:
        yield text


def test_a_client_that_keeps_up_gets_every_message():
    outbox = Outbox(lag_chars=100)
    for epoch in range(1, 4):  # a few short messages: far below the lag threshold
        outbox.push(f"map {epoch}", coalescing_key("boundary_snapshot", network="baseline"))
    assert drain(outbox) == ["map 1", "map 2", "map 3"] and outbox.coalesced == 0


def test_a_client_that_lags_gets_the_newest_snapshot_per_network_and_every_epoch_in_order():
    outbox = Outbox(lag_chars=0)  # lagging from the first message on
    for epoch in range(1, 1001):
        for net in ("baseline", "dropout"):
            outbox.push(f"epoch {epoch} {net}")
            outbox.push(f"map {epoch} {net}", coalescing_key("boundary_snapshot", network=net))
        outbox.push(f"mask {epoch}", coalescing_key("dropout_mask", network="dropout"))
    assert len(outbox) == 2000 + 3  # every epoch, one map per network, one mask
    sent = drain(outbox)
    assert [t for t in sent if t.startswith("epoch")] == [
        f"epoch {e} {n}" for e in range(1, 1001) for n in ("baseline", "dropout")
    ]
    assert sent.index("map 1000 baseline") > sent.index("epoch 1000 baseline")  # after its epoch
    assert {t for t in sent if not t.startswith("epoch")} == {
        "map 1000 baseline",
        "map 1000 dropout",
        "mask 1000",
    }
    assert outbox.coalesced == 3 * 999


def test_progress_of_an_analysis_coalesces_and_its_result_is_kept():
    outbox = Outbox(lag_chars=0)
    for done in range(100):
        outbox.push(f"progress {done}", coalescing_key("insight_progress", {"insight": "sweep"}))
    outbox.push("result")
    assert drain(outbox) == ["progress 99", "result"]


def test_a_run_ended_by_the_server_reports_the_epochs_the_client_saw():
    config = make_config(epochs=6, n_samples=60, layers=1, neurons=8, dropout=0.5, grid_size=10)
    record = RunRecord(Job("train", config))
    history = []
    for event in run_comparison(config):
        _, kind, _, text, meta = message(event)
        if kind == "epoch_finished" and json.loads(text)["epoch"] > 4:
            break  # the worker is killed here: epochs 1-4 were delivered
        record.note(kind, meta)
        if kind == "epoch_finished":
            history.append(json.loads(text))
    ended = json.loads(record.end("time limit: the server ends a request after 4 s"))
    assert ended["type"] == "run_finished" and ended["stopped"] is True
    assert ended["reason"].startswith("time limit")
    keys = ("train_loss", "val_loss", "train_acc", "val_acc", "batch_loss")
    rows = [[[h[k] for h in history if h["epoch"] == e] for k in keys] for e in range(1, 5)]
    expected = summarize(record.networks, np.array(rows))  # (epochs, 5, networks), as the engine does
    assert [s["epochs_run"] for s in ended["summary"]] == [4, 4]
    assert [s["val_loss"] for s in ended["summary"]] == [s.val_loss for s in expected]
    assert set(ended["differences"]) == {"dropout"}


def test_a_stopped_analysis_ends_quietly_and_one_past_its_limit_says_why():
    job = Job("sweep", make_config())
    assert RunRecord(job).end("stopped") is None
    failed = json.loads(RunRecord(job).end("server shutting down"))
    assert failed == {"type": "insight_failed", "insight": "sweep", "reason": "server shutting down"}
