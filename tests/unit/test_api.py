"""The Python API: compare() returns a readable result; every bad argument names itself and its range."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

import dropout_lab
from dropout_lab import ComparisonResult, ConfigError, compare, make_moons
from dropout_lab.engine.events import BoundarySnapshot, RunFinished, RunStarted

SMALL = {"epochs": 12, "neurons": 16, "layers": 2, "n_samples": 80, "snapshot_every": 4, "grid_size": 20}


@pytest.fixture(scope="module")
def result() -> ComparisonResult:
    return compare(dropout=0.5, random_state=3, **SMALL)


def test_compare_trains_baseline_and_dropout_with_one_history_entry_per_epoch(
    result: ComparisonResult,
) -> None:
    assert [s.network for s in result.summary] == ["baseline", "dropout"]
    assert result.summary["dropout"].dropout == 0.5 and result.summary["baseline"].dropout == 0.0
    for name in ("baseline", "dropout"):
        assert result.history[name]["epoch"] == list(range(1, SMALL["epochs"] + 1))
        assert len(result.history[name]["val_loss"]) == SMALL["epochs"]


def test_summary_matches_the_last_epoch_of_the_history(result: ComparisonResult) -> None:
    for item in result.summary:
        history = result.history[item.network]
        assert item.val_loss == pytest.approx(history["val_loss"][-1])
        assert item.train_acc == pytest.approx(history["train_acc"][-1])
        best = int(np.argmin(history["val_loss"]))
        assert item.best_epoch == history["epoch"][best]


def test_summary_repr_is_a_table_with_a_plain_sentence(result: ComparisonResult) -> None:
    text = repr(result.summary)
    assert text.splitlines()[0].split()[:3] == ["metric", "baseline", "dropout"]
    assert "val loss" in text and "best epoch" in text
    assert "dropout (drop p = 0.5) vs baseline: Too few epochs to tell." in text  # the verdict (12 epochs)


def test_result_repr_is_short_and_readable(result: ComparisonResult) -> None:
    text = repr(result)
    assert text.startswith("ComparisonResult(moons, noise 0.3; 2 x 16 relu; 12 epochs)\nmetric")
    assert len(text.splitlines()) < 20


def test_result_keeps_the_events_and_the_last_boundary_per_network(result: ComparisonResult) -> None:
    assert isinstance(result.events[0], RunStarted) and isinstance(result.events[-1], RunFinished)
    assert set(result.boundaries) == {"baseline", "dropout"}
    assert all(b.epoch == SMALL["epochs"] for b in result.boundaries.values())
    assert any(isinstance(e, BoundarySnapshot) for e in result.events)
    assert result.config.dropout == 0.5 and result.config.seed == 3


def test_plot_returns_a_figure(result: ComparisonResult) -> None:
    assert isinstance(result.plot(), Figure)


def test_random_state_makes_runs_reproducible() -> None:
    a = compare(dropout=0.3, random_state=1, **{**SMALL, "epochs": 3})
    b = compare(dropout=0.3, random_state=1, **{**SMALL, "epochs": 3})
    c = compare(dropout=0.3, random_state=2, **{**SMALL, "epochs": 3})
    assert a.history == b.history
    assert a.history != c.history


def test_preset_values_are_used_and_knobs_override_them() -> None:
    result = compare("blobs", epochs=2, neurons=8, grid_size=10)
    assert result.config.dataset == "blobs" and result.config.layers == 1
    assert result.config.epochs == 2 and result.config.neurons == 8
    assert [s.network for s in result.summary] == ["baseline"]  # the blobs preset has no dropout


def test_own_points_replace_the_generated_dataset() -> None:
    X, y = make_moons(60, noise=0.1, random_state=0)
    result = compare(data=(X, y), dropout=0.2, **{**SMALL, "epochs": 2})
    split = result.data[0]
    assert len(split.X_train) + len(split.X_val) == 60  # not n_samples=80
    assert sorted(map(tuple, split.X_train + split.X_val)) == sorted(map(tuple, X.tolist()))


@pytest.mark.parametrize(
    ("kwargs", "field", "range_text"),
    [
        ({"dropout": 0.95}, "dropout", "a number from 0 to 0.9"),
        ({"epochs": 0}, "epochs", "an integer from 1 to 2000"),
        ({"neurons": 1000}, "neurons", "an integer from 2 to 512"),
        ({"dataset": "donut"}, "dataset", "one of blobs, circles, xor, moons, spiral"),
        ({"random_state": -1}, "seed", "an integer from 0 to 2147483647"),
    ],
)
def test_bad_argument_names_itself_and_its_range(kwargs: dict, field: str, range_text: str) -> None:
    with pytest.raises(ConfigError) as info:
        compare(**kwargs)
    assert isinstance(info.value, ValueError)
    assert info.value.errors[0]["field"] == field
    assert str(info.value).startswith(f"{field}: must be {range_text}")


def test_unknown_argument_is_named() -> None:
    with pytest.raises(ConfigError, match="droput: unknown setting 'droput'"):
        compare(droput=0.5)


def test_seed_and_random_state_together_are_refused() -> None:
    with pytest.raises(ConfigError, match="random_state: give random_state or seed, not both"):
        compare(seed=1, random_state=2)


def test_unknown_preset_lists_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="unknown preset 'nope'; choose one of: severe-overfitting, "):
        compare("nope")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (np.zeros((30, 2)), "data must be a pair \\(X, y\\) of arrays, or the path of a CSV file"),
        ((np.zeros((30, 3)), np.zeros(30)), "data: X must have shape \\(n, 2\\), got \\(30, 3\\)"),
        ((np.zeros((30, 2)), np.zeros(29)), "data: y must have shape \\(30,\\) to match X, got \\(29,\\)"),
        ((np.full((30, 2), np.nan), np.arange(30) % 2), "data: X contains NaN or infinite values"),
        ((np.zeros((30, 2)), np.arange(30) % 3), "data: y must contain only the labels 0 and 1"),
        ((np.zeros((5, 2)), np.arange(5) % 2), "data: need 20 to 5000 points, got 5"),
        ((np.zeros((30, 2)), np.ones(30)), "data: y has only one class"),
    ],
)
def test_malformed_data_is_refused_before_training(data: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        compare(data=data, **SMALL)


def test_package_reexports_the_public_api() -> None:
    for name in ("compare", "TrainConfig", "PRESETS", "make_moons", "make_spiral", "read_points_csv"):
        assert hasattr(dropout_lab, name)
