"""The verdict: chosen by the numbers, the same in Python and on the page, right on every scenario.

The shared fixture (tests/fixtures/verdicts.json) is also run by tests/js/verdict.test.js against
static/js/verdict.js; the scenario tests train the presets over several seeds (real training, a tiny
boundary grid) and judge the engine's own summaries, as the CLI and the page do.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import numpy as np
import pytest

from dropout_lab.engine.events import EpochFinished, NetworkSpec, RunFinished
from dropout_lab.engine.experiment import run_networks
from dropout_lab.engine.presets import PRESETS, get_preset
from dropout_lab.engine.verdict import RULES, THRESHOLDS, curve_noise, fixed, judge
from dropout_lab.report.text import describe_difference, format_summary

FIXTURE = json.loads((Path(__file__).parents[1] / "fixtures" / "verdicts.json").read_text())
SEEDS = range(5)


@pytest.mark.parametrize("case", FIXTURE["cases"], ids=[c["name"] for c in FIXTURE["cases"]])
def test_each_shared_case_gets_its_verdict_and_words(case):
    verdict = judge(case["base"], case["twin"])
    assert verdict.kind == case["kind"]
    assert verdict.plain_overfits == case["plain_overfits"]
    assert (verdict.headline, verdict.sentence) == (case["headline"], case["sentence"])


@pytest.mark.parametrize("case", FIXTURE["noise"], ids=lambda c: str(c["values"][:4]))
def test_curve_noise_matches_the_shared_cases(case):
    assert curve_noise(case["values"], case["window"]) == pytest.approx(case["noise"], abs=1e-12)


def test_the_fixture_covers_every_verdict_and_every_clause():
    assert {c["kind"] for c in FIXTURE["cases"]} == set(RULES["verdicts"])
    sentences = " ".join(c["sentence"] for c in FIXTURE["cases"])
    for clause in RULES["clauses"].values():
        assert clause.split(":")[0].split("(")[0].strip() in sentences


def test_every_threshold_has_a_reason_and_every_template_names_only_known_numbers():
    assert all(len(t["reason"]) > 40 for t in RULES["thresholds"].values())
    verdict = judge(FIXTURE["cases"][2]["base"], FIXTURE["cases"][2]["twin"])  # a twin run: every fact
    for words in [*RULES["verdicts"].values(), *({"sentence": c} for c in RULES["clauses"].values())]:
        for name in _placeholders(words["sentence"]):
            assert name in verdict.facts, name


def test_fixed_rounds_halves_up_like_the_page():
    assert fixed(81.25, 1) == "81.3" and fixed(0.0625, 3) == "0.063" and fixed(-0.0004, 3) == "0.000"


def _placeholders(text: str) -> list[str]:
    return [part.split("}")[0] for part in text.split("{")[1:]]


# ---------------------------------------------------------------- real training, per scenario


def _summaries(preset: str, rates: list[float], seeds=SEEDS, epochs: int | None = None) -> dict:
    """{(rate, seed): the engine's NetworkSummary} for the preset's settings; one batched run.

    Also {("val", rate, seed): the validation loss per epoch}.
    """
    config = get_preset(preset).config
    update = {"grid_size": 10, "snapshot_every": config.epochs} | ({"epochs": epochs} if epochs else {})
    config = config.model_copy(update=update)
    nets = [NetworkSpec(name=f"{p}/{s}", dropout=p, weight_decay=0.0, seed=s) for p in rates for s in seeds]
    events = list(run_networks(config, nets))
    finished = [e for e in events if isinstance(e, RunFinished)]
    assert len(finished) == 1 and not finished[0].stopped
    by_name = {s.network: s for s in finished[0].summary}
    out: dict = {(p, s): by_name[f"{p}/{s}"] for p in rates for s in seeds}
    epochs_done = [e for e in events if isinstance(e, EpochFinished)]
    for p in rates:
        for s in seeds:
            out["val", p, s] = [e.val_loss for e in epochs_done if e.network == f"{p}/{s}"]
    return out


def _verdicts(runs: dict, rate: float | None, seeds=SEEDS) -> list[str]:
    return [
        judge(runs[0.0, s].model_dump(), None if rate is None else runs[rate, s].model_dump()).kind
        for s in seeds
    ]


@pytest.fixture(scope="module")
def overfit_runs() -> dict:
    """Severe Overfitting's network at drop probability 0, 0.5 (Same Network + Dropout) and 0.9."""
    assert get_preset("same-network-dropout").config.dropout == 0.5
    assert get_preset("too-much-dropout").config.dropout == 0.9
    return _summaries("severe-overfitting", [0.0, 0.5, 0.9])


def test_severe_overfitting_without_a_twin_says_the_plain_net_overfits(overfit_runs):
    assert _verdicts(overfit_runs, None) == ["plain_overfits"] * len(SEEDS)


def test_same_network_with_dropout_says_dropout_helped(overfit_runs):
    assert _verdicts(overfit_runs, 0.5) == ["dropout_helped"] * len(SEEDS)
    for s in SEEDS:
        assert judge(overfit_runs[0.0, s].model_dump(), overfit_runs[0.5, s].model_dump()).plain_overfits


def test_too_much_dropout_says_underfitting_even_where_its_validation_loss_is_lower(overfit_runs):
    assert _verdicts(overfit_runs, 0.9) == ["too_much_dropout"] * len(SEEDS)
    lower = [s for s in SEEDS if overfit_runs[0.9, s].val_loss < overfit_runs[0.0, s].val_loss]
    assert lower  # the trap of the old sentence: "lower validation loss" is there, and still no win
    for s in lower:
        verdict = judge(overfit_runs[0.0, s].model_dump(), overfit_runs[0.9, s].model_dump())
        assert "no win" in verdict.sentence


def test_blobs_with_a_twin_says_no_real_difference():
    runs = _summaries("blobs", [0.0, 0.3])
    assert _verdicts(runs, 0.3) == ["no_real_difference"] * len(SEEDS)


def test_spiral_says_dropout_helped():
    runs = _summaries("spiral", [0.0, 0.4], seeds=range(3))
    assert _verdicts(runs, 0.4, seeds=range(3)) == ["dropout_helped"] * 3


@pytest.mark.parametrize(
    ("preset", "allowed"),
    [
        ("circles", {"dropout_worse", "no_real_difference"}),  # a small net that barely overfits
        ("xor", {"no_real_difference", "dropout_worse", "dropout_helped"}),
        ("moons", {"dropout_helped", "no_real_difference"}),
    ],
)
def test_medium_patterns_get_a_comparison_never_underfitting(preset, allowed):
    rate = get_preset(preset).config.dropout
    assert set(_verdicts(_summaries(preset, [0.0, rate]), rate)) <= allowed


def test_a_run_cut_before_min_epochs_is_too_few_to_tell():
    epochs = int(THRESHOLDS["min_epochs"]) - 1
    runs = _summaries("severe-overfitting", [0.0, 0.5], seeds=range(2), epochs=epochs)
    assert _verdicts(runs, 0.5, seeds=range(2)) == ["too_few_epochs"] * 2


def test_the_dropout_net_needs_two_to_four_times_the_epochs_to_settle(overfit_runs):
    """The FAQ's "does dropout slow training" answer: epochs to get within 5% of its own best val loss."""
    ratios = []
    for s in SEEDS:
        curves = (np.array(overfit_runs["val", 0.0, s]), np.array(overfit_runs["val", 0.5, s]))
        settle = [int(np.argmax(v <= 1.05 * v.min())) + 1 for v in curves]
        ratios.append(settle[1] / settle[0])
    assert min(ratios) > 1.5
    assert 2 <= statistics.median(ratios) <= 4


# ---------------------------------------------------------------- the CLI's words are the verdict's


def test_the_cli_summary_sentence_is_the_verdict(overfit_runs):
    base = overfit_runs[0.0, 0].model_copy(update={"network": "baseline"})
    heavy = overfit_runs[0.9, 0].model_copy(update={"network": "dropout"})
    verdict = judge(base.model_dump(), heavy.model_dump())
    sentence = describe_difference(base, heavy)
    assert verdict.kind == "too_much_dropout"
    assert sentence.startswith("dropout (drop p = 0.9) vs baseline: Too much dropout: the dropout net")
    assert verdict.sentence in sentence
    alone = format_summary([base])
    assert "The plain net overfits." in alone.replace("\n", " ")


def test_scenario_lines_say_what_to_watch_never_a_result():
    """The verdict states results; a scenario's fixed line only points at what to look at."""
    claims = ("ends lower", "ends with the lower", "no real difference", "stay high", "changes little",
              "keeps a much lower", "barely overfits", "overfits within")  # fmt: skip
    for preset in PRESETS:
        assert "watch" in preset.expect.lower(), preset.name
        assert not any(claim in preset.expect for claim in claims), preset.name
