"""What a run's numbers say: the verdict chosen by the measurements, never by a scenario's name.

The thresholds (with their reasons) and the words live in static/verdict.json, which the page's
static/js/verdict.js reads too; tests/fixtures/verdicts.json holds cases both implementations must agree
on. A network's numbers come as a mapping with NetworkSummary's keys (``epochs_run``, ``train_loss``,
``val_loss``, ``gap``, ``val_acc``, ``best_epoch``, ``best_val_loss``, ``val_noise``, ``dropout``). Pure
Python: no torch, no files beyond that one JSON, nothing of the web or of plots.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

RULES: dict[str, Any] = json.loads(
    resources.files("dropout_lab").joinpath("static/verdict.json").read_text(encoding="utf-8")
)
THRESHOLDS: dict[str, float] = {name: t["value"] for name, t in RULES["thresholds"].items()}


@dataclass(frozen=True)
class Verdict:
    """One verdict: its kind (a key of verdict.json's "verdicts"), the words, and the numbers behind them."""

    kind: str
    headline: str
    sentence: str
    plain_overfits: bool
    facts: dict[str, str] = field(default_factory=dict)  # the formatted numbers the words use

    def __str__(self) -> str:
        return f"{self.headline}. {self.sentence}"


def curve_noise(values: Sequence[float], window: int | None = None) -> float:
    """Epoch-to-epoch wiggle of a curve: std of the differences over its last `window` points / sqrt 2.

    Differences remove a slow trend; dividing by sqrt 2 turns the spread of a difference of two noisy
    values into the spread of one. Fewer than 3 points: 0.
    """
    w = int(window or THRESHOLDS["noise_window"])
    tail = list(values)[-w:]
    if len(tail) < 3:
        return 0.0
    diffs = [b - a for a, b in zip(tail[:-1], tail[1:], strict=True)]
    mean = sum(diffs) / len(diffs)
    var = sum((d - mean) ** 2 for d in diffs) / len(diffs)
    return math.sqrt(var) / math.sqrt(2)


def judge(base: Mapping[str, Any], twin: Mapping[str, Any] | None = None) -> Verdict:
    """The verdict on the plain net (`base`) alone, or on its dropout twin against it."""
    t = THRESHOLDS
    n = int(base["epochs_run"])
    plain_overfits = (
        n >= t["min_epochs"]
        and base["best_epoch"] <= t["overfit_best_share"] * n
        and base["val_loss"] >= t["overfit_loss_ratio"] * base["best_val_loss"]
    )
    facts = _facts(base, twin, n)
    clauses: list[str] = []
    if n < t["min_epochs"]:
        kind = "too_few_epochs"
    elif twin is None:
        kind = "plain_overfits" if plain_overfits else "no_overfitting"
    else:
        d_val = twin["val_loss"] - base["val_loss"]
        d_gap = twin["gap"] - base["gap"]
        margin = _margin(base, twin)
        underfits = (
            twin["train_loss"] >= t["underfit_train_ratio"] * base["train_loss"]
            and base["val_acc"] - twin["val_acc"] >= t["underfit_accuracy_drop"]
        )
        if underfits:
            kind = "too_much_dropout"
            clauses += ["lower_val_is_no_win"] if d_val < 0 else []
        elif d_val < -margin:
            kind = "dropout_helped" if d_gap < -margin else "mixed"
        elif d_val > margin:
            kind = "dropout_worse"
        else:
            kind = "no_real_difference"
        if kind != "too_much_dropout":
            if plain_overfits:
                clauses.append("plain_overfits")
            elif kind in ("no_real_difference", "dropout_worse"):
                clauses.append("plain_fits")
    words = RULES["verdicts"][kind]
    texts = [words["sentence"], *(RULES["clauses"][c] for c in clauses)]
    sentence = " ".join(fill(text, facts) for text in texts)
    return Verdict(kind, words["headline"], sentence, plain_overfits, facts)


def _margin(base: Mapping[str, Any], twin: Mapping[str, Any]) -> float:
    """The smallest validation-loss difference that counts (see verdict.json's reasons)."""
    t = THRESHOLDS
    noise = math.hypot(base.get("val_noise", 0.0), twin.get("val_noise", 0.0))
    return max(
        t["min_difference"],
        t["min_relative_difference"] * max(base["val_loss"], twin["val_loss"]),
        t["noise_factor"] * noise,
    )


def _facts(base: Mapping[str, Any], twin: Mapping[str, Any] | None, n: int) -> dict[str, str]:
    """Every number a template may name, formatted exactly as verdict.js formats it."""
    facts = {
        "epochs": str(n),
        "min_epochs": str(int(THRESHOLDS["min_epochs"])),
        "overfit_ratio": ratio(THRESHOLDS["overfit_loss_ratio"]),
        "base_train": loss(base["train_loss"]),
        "base_val": loss(base["val_loss"]),
        "base_gap": loss(base["gap"]),
        "base_acc": percent(base["val_acc"]),
        "base_best": str(int(base["best_epoch"])),
        "base_best_val": loss(base["best_val_loss"]),
        "base_ratio": ratio(base["val_loss"] / max(base["best_val_loss"], 1e-12)),
    }
    if twin is not None:
        d_acc = twin["val_acc"] - base["val_acc"]
        facts |= {
            "p": f"{twin['dropout']:g}",
            "twin_train": loss(twin["train_loss"]),
            "twin_val": loss(twin["val_loss"]),
            "twin_gap": loss(twin["gap"]),
            "twin_acc": percent(twin["val_acc"]),
            "d_val": loss(abs(twin["val_loss"] - base["val_loss"])),
            "d_gap": loss(abs(twin["gap"] - base["gap"])),
            "margin": loss(_margin(base, twin)),
            "train_ratio": ratio(twin["train_loss"] / max(base["train_loss"], 1e-12)),
            "acc_drop": fixed(abs(100 * d_acc), 1),
            "acc_change": ("-" if d_acc < 0 else "+") + fixed(abs(100 * d_acc), 1),
        }
    return facts


def fill(template: str, facts: Mapping[str, str]) -> str:
    """Replace each {name} by facts[name]."""
    out = template
    for name, value in facts.items():
        out = out.replace("{" + name + "}", value)
    return out


def fixed(value: float, digits: int) -> str:
    """`value` with `digits` decimals, halves rounded up: the same digits as verdict.js's `fixed`.

    (Python's format rounds exact halves to even and JavaScript's toFixed rounds them up; an accuracy
    of 0.8125 would read 81.2% in one and 81.3% in the other.)
    """
    scale = 10**digits
    k = math.floor(value * scale + 0.5)
    sign = "-" if k < 0 else ""
    whole, frac = divmod(abs(k), scale)
    return f"{sign}{whole}.{frac:0{digits}d}" if digits else f"{sign}{whole}"


def loss(value: float) -> str:
    text = fixed(value, 3)
    return "0.000" if text == "-0.000" else text


def ratio(value: float) -> str:
    return fixed(value, 1) if value < 1000 else "over 1000"


def percent(value: float) -> str:
    return fixed(100 * value, 1)
