"""The insight analyses as a consumer sees them: validation, progress events, JSON results, stopping."""

from __future__ import annotations

import json

import pytest
import torch

from dropout_lab.engine.config import ConfigError, make_config
from dropout_lab.engine.events import NetworkSpec
from dropout_lab.engine.insights import INSIGHTS, InsightProgress, InsightResult, InsightStopped, run_insight
from dropout_lab.engine.insights.knockout import knockout_multipliers
from dropout_lab.engine.insights.params import param_specs
from dropout_lab.engine.insights.thinned import class1_proba, unit_masks
from dropout_lab.engine.training import Trainer

SMALL = make_config(epochs=12, layers=2, neurons=16, n_samples=120, dropout=0.5)
FAST_PARAMS = {
    "sweep": {"rates": [0.0, 0.5], "n_seeds": 2},
    "ensemble": {"max_samples": 20, "repeats": 2, "map_size": 12},
    "uncertainty": {"passes": 12, "map_size": 12},
    "knockout": {"shares": [0.0, 0.5], "draws": 2, "n_seeds": 2},
    "alternatives": {"sizes": [20, 40], "n_seeds": 1},
}


@pytest.mark.parametrize("name", list(INSIGHTS))
def test_every_insight_streams_progress_then_one_json_result(name):
    events = list(run_insight(name, SMALL, FAST_PARAMS[name]))
    progress = [e for e in events if isinstance(e, InsightProgress)]
    results = [e for e in events if isinstance(e, InsightResult)]
    assert len(results) == 1 and isinstance(events[-1], InsightResult)
    assert progress, "long work must report progress"
    done = [p.done for p in progress]
    assert done == sorted(done) and all(0 < p.done <= p.total for p in progress)
    assert progress[-1].done == progress[-1].total
    json.dumps(events[-1].model_dump(mode="json"), allow_nan=False)  # the wire format is plain JSON


@pytest.mark.parametrize("name", list(INSIGHTS))
def test_every_parameter_has_a_label_help_and_allowed_range(name):
    for spec in param_specs(INSIGHTS[name].params):
        assert spec["label"] and spec["help"] and spec["allowed"]
        assert spec["type"] in ("integer", "number", "list", "boolean")


def test_a_bad_parameter_names_the_field_and_its_range():
    with pytest.raises(ConfigError) as info:
        list(run_insight("sweep", SMALL, {"rates": [0.0, 0.95], "n_seeds": 0}))
    fields = {e["field"]: e["message"] for e in info.value.errors}
    assert "0.9" in fields["rates"] and "2 to 20" in fields["rates"]
    assert "1 to 10" in fields["n_seeds"]
    with pytest.raises(ConfigError, match="unknown parameter 'passes'"):
        list(run_insight("sweep", SMALL, {"passes": 3}))
    with pytest.raises(ValueError, match="unknown insight"):
        run_insight("nope", SMALL)


def test_a_stop_request_ends_the_analysis_early():
    calls = {"n": 0}

    def stop() -> bool:
        calls["n"] += 1
        return calls["n"] > 3

    events = run_insight("sweep", make_config(SMALL.model_dump(), epochs=200), FAST_PARAMS["sweep"], stop)
    with pytest.raises(InsightStopped):
        list(events)
    assert calls["n"] < 10


def test_inference_masks_drop_the_share_asked_for_and_rescale_survivors():
    masks = unit_masks(3, 2, 1000, 0.3, torch.Generator().manual_seed(0), rescale=True)
    assert [m.shape for m in masks] == [(3, 1, 1000)] * 2
    values = torch.unique(masks[0])
    assert torch.allclose(values, torch.tensor([0.0, 1 / 0.7]))
    assert abs((masks[0] == 0).float().mean().item() - 0.3) < 0.03


def test_knockouts_remove_the_same_units_from_both_networks_of_a_seed():
    gen = torch.Generator().manual_seed(0)
    masks = knockout_multipliers(5, 2, 20, [0, 0, 1, 1], gen, rescale=False)
    for m in masks:
        assert torch.equal(m[0], m[1]) and torch.equal(m[2], m[3])
        assert not torch.equal(m[0], m[2])
        assert ((m == 0).sum(dim=-1) == 5).all()


def test_eval_mode_probabilities_match_the_torch_module():
    trainer = Trainer(SMALL, [NetworkSpec(name="d", dropout=0.5, weight_decay=0.0, seed=0)])
    for _ in trainer.events():
        pass
    X = torch.from_numpy(trainer.data.splits[0][2])
    module = trainer.model.to_torch_module(0, dropout=0.5).eval()
    with torch.no_grad():
        expected = torch.softmax(module(X), dim=-1)[:, 1]
    assert torch.allclose(class1_proba(trainer.model, X.unsqueeze(0))[0], expected, atol=1e-5)
