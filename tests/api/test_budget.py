"""Every request has a budget: what is too big is refused at once -- before any work -- with the
settings to lower and by how much, and each suggested value is one the server then accepts."""

from __future__ import annotations

import json
import time

import pytest
from lab_process import LabProcess, receive_all, start

HUGE_SWEEP = (
    {"layers": 8, "neurons": 512, "n_samples": 5000, "epochs": 2000},
    {"rates": [round(0.1 * i, 1) for i in range(10)], "n_seeds": 10},
)
LONG_TRAINING = {"layers": 4, "neurons": 256, "n_samples": 2000, "epochs": 2000, "dropout": 0.5}


def refusal(
    lab: LabProcess, config: dict, job: str = "train", params: dict | None = None
) -> tuple[dict, float]:
    began = time.monotonic()
    with lab.connect() as ws:
        ws.send(start(config, job, params))
        (message,), code, _ = receive_all(ws, 10)
    assert code == 1008
    return message, time.monotonic() - began


def accepted(lab: LabProcess, config: dict, job: str = "train", params: dict | None = None) -> bool:
    """The server starts the job (then it is stopped at once)."""
    with lab.connect() as ws:
        ws.send(start(config, job, params))
        first = json.loads(ws.recv(timeout=30))
        if first["type"] in ("run_started", "insight_progress"):
            ws.send(json.dumps({"type": "stop"}))
            receive_all(ws, 10)
            return True
    assert first["type"] == "over_budget", first
    return False


def test_a_huge_sweep_is_refused_in_under_a_second_naming_what_to_lower(lab: LabProcess):
    message, took = refusal(lab, HUGE_SWEEP[0], "sweep", HUGE_SWEEP[1])
    assert took < 1.0 and message["type"] == "over_budget"
    assert "GB" in message["message"] and "60 s and 512 MB per request" in message["message"]
    assert message["estimate"]["memory_mb"] > 512 and message["estimate"]["seconds"] > 60
    fields = {k["field"] for k in message["knobs"]}
    assert {"epochs", "n_seeds", "neurons"} <= fields  # no single setting is enough: lower them together
    assert message["message"].startswith("This analysis is too big") and "Change all of" in message["message"]
    config, params = dict(HUGE_SWEEP[0]), dict(HUGE_SWEEP[1])
    for knob in message["knobs"]:
        target = config if knob["section"] == "config" else params
        if knob["field"] == "rates":
            target["rates"] = sorted(set(target["rates"]))[: knob["fits"]]
        else:
            target[knob["field"]] = knob["fits"]
    assert accepted(lab, config, "sweep", params)  # the combination it names does fit


def test_each_single_suggestion_for_a_long_training_fits_and_says_by_how_much(lab: LabProcess):
    message, took = refusal(lab, LONG_TRAINING)
    assert took < 1.0 and message["type"] == "over_budget" and "Any one of these fits" in message["message"]
    by_field = {k["field"]: k for k in message["knobs"]}
    epochs = by_field["epochs"]
    assert epochs["value"] == 2000 and 1 <= epochs["fits"] < 2000
    assert f"Epochs: at most {epochs['fits']} (now 2000)" in message["message"]
    for knob in message["knobs"]:
        assert accepted(lab, {**LONG_TRAINING, knob["field"]: knob["fits"]})
    assert not accepted(lab, {**LONG_TRAINING, "epochs": epochs["fits"] + 1})  # "at most" is exact


@pytest.mark.parametrize(
    ("job", "config", "params"),
    [
        ("train", {}, None),  # the lab's defaults
        ("train", {"layers": 4, "neurons": 128, "epochs": 300}, None),  # the presets' scale
        ("sweep", {}, {}),
        ("ensemble", {}, {}),
        ("uncertainty", {}, {}),
        ("knockout", {}, {}),
        ("alternatives", {}, {}),
    ],
)
def test_the_defaults_of_every_job_fit_the_default_budget(lab: LabProcess, job, config, params):
    assert accepted(lab, config, job, params)
