"""DropoutMLPClassifier, scikit-learn style: fit returns self, learned attributes end in _, clear errors."""

from __future__ import annotations

import numpy as np
import pytest

from dropout_lab import ConfigError, DropoutMLPClassifier, make_moons

SMALL = {"layers": 2, "neurons": 16, "epochs": 15}


@pytest.fixture(scope="module")
def points() -> tuple[np.ndarray, np.ndarray]:
    return make_moons(120, noise=0.2, random_state=0)


@pytest.fixture(scope="module")
def fitted(points) -> DropoutMLPClassifier:
    return DropoutMLPClassifier(dropout=0.3, random_state=5, **SMALL).fit(*points)


def test_init_stores_parameters_verbatim_and_learns_nothing() -> None:
    clf = DropoutMLPClassifier(dropout=7, random_state=3)  # checked in fit, not here (scikit-learn rule)
    assert clf.get_params()["dropout"] == 7 and clf.random_state == 3
    assert not [name for name in vars(clf) if name.endswith("_")]


def test_fit_returns_self_and_sets_learned_attributes(points) -> None:
    clf = DropoutMLPClassifier(random_state=0, **SMALL)
    assert clf.fit(*points) is clf
    assert clf.classes_.tolist() == [0, 1]
    assert clf.n_iter_ == SMALL["epochs"] == len(clf.history_["val_loss"])
    assert 1 <= clf.best_epoch_ <= SMALL["epochs"]
    assert not clf.model_.training  # eval mode: predictions never drop units


def test_predict_proba_rows_sum_to_one_and_predict_is_its_argmax(fitted, points) -> None:
    X, _ = points
    proba = fitted.predict_proba(X)
    assert proba.shape == (len(X), 2)
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert np.array_equal(fitted.predict(X), proba.argmax(axis=1))


def test_predictions_agree_with_the_accuracies_reported_during_training(fitted, points) -> None:
    X, y = points
    n_val = round(len(X) * fitted.validation_fraction)
    expected = (
        fitted.history_["train_acc"][-1] * (len(X) - n_val) + fitted.history_["val_acc"][-1] * n_val
    ) / len(X)
    assert fitted.score(X, y) == pytest.approx(expected, abs=1e-6)


def test_same_random_state_gives_the_same_model(points) -> None:
    a = DropoutMLPClassifier(dropout=0.3, random_state=5, **SMALL).fit(*points)
    b = DropoutMLPClassifier(dropout=0.3, random_state=6, **SMALL).fit(*points)
    again = DropoutMLPClassifier(dropout=0.3, random_state=5, **SMALL).fit(*points)
    assert np.array_equal(a.predict_proba(points[0]), again.predict_proba(points[0]))
    assert not np.array_equal(a.predict_proba(points[0]), b.predict_proba(points[0]))


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"dropout": 0.95}, "dropout: must be a number from 0 to 0.9 (got 0.95)"),
        ({"validation_fraction": 0.01}, "validation_fraction: must be a number from 0.1 to 0.9 (got 0.01)"),
        ({"random_state": -1}, "random_state: must be an integer from 0 to 2147483647 (got -1)"),
        ({"activation": "sigmoid"}, "activation: must be one of relu, tanh, gelu (got 'sigmoid')"),
    ],
)
def test_bad_parameter_is_named_with_its_range_at_fit(points, params: dict, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        DropoutMLPClassifier(**params).fit(*points)
    assert str(info.value) == message


def test_malformed_points_are_named_at_fit() -> None:
    with pytest.raises(ValueError, match=r"fit: X must have shape \(n, 2\), got \(30, 3\)"):
        DropoutMLPClassifier(**SMALL).fit(np.zeros((30, 3)), np.arange(30) % 2)


def test_predict_before_fit_says_so() -> None:
    with pytest.raises(RuntimeError, match="not fitted yet"):
        DropoutMLPClassifier().predict(np.zeros((2, 2)))


def test_set_params_refuses_unknown_names_and_repr_shows_changes() -> None:
    clf = DropoutMLPClassifier().set_params(dropout=0.2)
    assert repr(clf) == "DropoutMLPClassifier(dropout=0.2)"
    with pytest.raises(ValueError, match="unknown parameter 'drop'"):
        clf.set_params(drop=0.1)
