"""The data contract of datasets.py: each maker's labels, balance and frame; noise; the split; the extent.

Clean points (noise = 0) are checked against the geometry each docstring promises, so a maker that
swaps its labels or moves its pattern fails here, not only in a science test far away.
"""

from __future__ import annotations

import numpy as np
import pytest

from dropout_lab.engine.datasets import (
    MAKERS,
    grid_extent,
    make_blobs,
    make_circles,
    make_dataset,
    make_moons,
    make_spiral,
    make_xor,
    split_train_val,
)

N = 2000


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_every_maker_returns_float32_points_and_int64_labels_in_one_frame(name):
    X, y = MAKERS[name](N, noise=0.0, random_state=3)
    assert X.shape == (N, 2) and X.dtype == np.float32
    assert y.shape == (N,) and y.dtype == np.int64
    assert set(y.tolist()) == {0, 1}
    assert np.abs(X).max() <= 1.5  # clean points stay in the shared frame, about [-1.5, 1.5]
    assert np.abs(X).max() > 0.9  # ... and use it


@pytest.mark.parametrize("name", sorted(MAKERS))
@pytest.mark.parametrize("n", [200, 201, 21])
def test_classes_are_balanced_and_the_odd_point_goes_to_class_0(name, n):
    _, y = MAKERS[name](n, noise=0.1, random_state=0)
    assert (y == 0).sum() == n - n // 2
    assert (y == 1).sum() == n // 2


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_a_makers_defaults_are_noise_0_1_and_random_state_0(name):
    X, y = MAKERS[name](50)
    X2, y2 = MAKERS[name](50, noise=0.1, random_state=0)
    assert np.array_equal(X, X2) and np.array_equal(y, y2)


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_makers_are_deterministic_in_random_state_and_interleave_the_classes(name):
    X, y = MAKERS[name](200, noise=0.2, random_state=7)
    X2, y2 = make_dataset(name, 200, noise=0.2, random_state=7)
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    X3, _ = MAKERS[name](200, noise=0.2, random_state=8)
    assert not np.array_equal(X, X3)
    assert set(y[:10].tolist()) == {0, 1}  # shuffled: a prefix is not one class


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_noise_is_isotropic_gaussian_with_the_given_standard_deviation(name):
    clean, y_clean = MAKERS[name](N, noise=0.0, random_state=2)
    noisy, y_noisy = MAKERS[name](N, noise=0.2, random_state=2)  # the same draws, scaled noise added
    assert np.array_equal(y_clean, y_noisy)
    offsets = (noisy - clean).astype(np.float64)
    np.testing.assert_allclose(offsets.std(axis=0), [0.2, 0.2], atol=0.01)  # sd of the sd ~0.003
    np.testing.assert_allclose(offsets.mean(axis=0), [0.0, 0.0], atol=0.015)


def test_xor_puts_class_1_where_x1_x2_is_positive_off_the_axes():
    X, y = make_xor(N, noise=0.0, random_state=1)
    assert np.array_equal(y, (X[:, 0] * X[:, 1] > 0).astype(np.int64))
    assert np.abs(X).min() >= 0.1 - 1e-6 and np.abs(X).max() <= 1.2 + 1e-6
    assert np.abs(X).min() < 0.11 and np.abs(X).max() > 1.19  # ... and fill that band
    for label in (0, 1):  # both quadrants of each class are used
        quadrants = {(bool(a > 0), bool(b > 0)) for a, b in X[y == label]}
        assert len(quadrants) == 2


def test_blobs_are_centred_at_minus_and_plus_three_quarters():
    X, y = make_blobs(N, noise=0.0, random_state=1)
    np.testing.assert_allclose(X[y == 0].mean(axis=0), [-0.75, -0.75], atol=0.02)
    np.testing.assert_allclose(X[y == 1].mean(axis=0), [0.75, 0.75], atol=0.02)
    np.testing.assert_allclose(X[y == 1].std(axis=0), [0.15, 0.15], atol=0.01)  # radius ~0.3


def test_circles_put_class_0_at_radius_1_2_and_class_1_at_0_6():
    X, y = make_circles(N, noise=0.0, random_state=1)
    radius = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(radius[y == 0], 1.2, atol=1e-5)
    np.testing.assert_allclose(radius[y == 1], 0.6, atol=1e-5)
    for label in (0, 1):  # each class all round its circle, evenly: eight sectors of about 1/8 each
        angle = np.arctan2(X[y == label, 1], X[y == label, 0])
        sectors = np.histogram(angle, bins=8, range=(-np.pi, np.pi))[0] / (y == label).sum()
        np.testing.assert_allclose(sectors, 1 / 8, atol=0.03)  # 1000 points: sd of a share ~0.01


def test_moons_are_two_unit_half_circles_interleaved_and_centred_on_the_origin():
    X, y = make_moons(N, noise=0.0, random_state=1)
    upper, lower = X[y == 0].astype(np.float64), X[y == 1].astype(np.float64)
    # class 0: the upper half of the unit circle around (-0.5, -0.25); class 1: the lower half around
    # (0.5, 0.25) -- scikit-learn's moons shifted by (-0.5, -0.25)
    np.testing.assert_allclose(np.hypot(upper[:, 0] + 0.5, upper[:, 1] + 0.25), 1.0, atol=1e-5)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 0.5, lower[:, 1] - 0.25), 1.0, atol=1e-5)
    assert (upper[:, 1] >= -0.25 - 1e-6).all() and (lower[:, 1] <= 0.25 + 1e-6).all()
    np.testing.assert_allclose(X.mean(axis=0), [0.0, 0.0], atol=0.03)


def test_spiral_arms_turn_with_the_radius_and_class_1_is_class_0_rotated_half_a_turn():
    X, y = make_spiral(N, noise=0.0, random_state=1)
    radius = np.hypot(X[:, 0], X[:, 1]).astype(np.float64)
    assert radius.min() >= 1.4 * np.sqrt(0.02) - 1e-5 and radius.max() <= 1.4 + 1e-5
    assert radius.min() < 0.25 and radius.max() > 1.39  # the arms run from the centre out
    t = radius / 1.4
    for label, phase in ((0, 0.0), (1, np.pi)):
        angle = np.arctan2(X[y == label, 1], X[y == label, 0])
        expected = 1.25 * 2 * np.pi * t[y == label] + phase
        wrapped = np.angle(np.exp(1j * (angle - expected)))  # difference on the circle
        np.testing.assert_allclose(wrapped, 0.0, atol=1e-4)


@pytest.mark.parametrize("share", [0.5, 0.3, 0.25])
def test_the_split_keeps_each_class_share_in_both_sets(share):
    rng = np.random.default_rng(0)
    y = np.array([0] * 141 + [1] * 59)  # unbalanced on purpose: 70.5% class 0
    X = rng.normal(size=(200, 2)).astype(np.float32)
    X_tr, y_tr, X_va, y_va = split_train_val(X, y, val_share=share, random_state=4)
    for label, count in ((0, 141), (1, 59)):
        assert (y_va == label).sum() == round(count * share)  # stratified: per class, up to rounding
        assert (y_tr == label).sum() == count - round(count * share)
    assert abs(y_tr.mean() - y_va.mean()) < 2 / len(y_va)  # the same class shares, up to rounding
    # a partition of the points, labels kept with their points
    rows = sorted(map(tuple, np.concatenate([X_tr, X_va]).tolist()))
    assert rows == sorted(map(tuple, X.tolist()))
    label_of = {tuple(x): c for x, c in zip(X.tolist(), y.tolist(), strict=True)}
    assert all(label_of[tuple(x)] == c for x, c in zip(X_va.tolist(), y_va.tolist(), strict=True))


def test_the_split_is_deterministic_in_random_state_and_shuffles_both_sets():
    X, y = make_moons(200, noise=0.1, random_state=0)
    a = split_train_val(X, y, val_share=0.5, random_state=1)
    b = split_train_val(X, y, val_share=0.5, random_state=1)
    c = split_train_val(X, y, val_share=0.5, random_state=2)
    assert all(np.array_equal(p, q) for p, q in zip(a, b, strict=True))
    assert not np.array_equal(a[2], c[2])
    assert set(a[1][:10].tolist()) == {0, 1} and set(a[3][:10].tolist()) == {0, 1}


@pytest.mark.parametrize(("size", "share", "in_val"), [(2, 0.1, 1), (2, 0.9, 1), (3, 0.1, 1), (1, 0.5, 0)])
def test_a_tiny_class_keeps_a_point_on_each_side_and_a_lone_point_trains(size, share, in_val):
    y = np.array([0] * 20 + [1] * size)
    X = np.arange(2 * len(y), dtype=np.float32).reshape(len(y), 2)
    _, y_tr, _, y_va = split_train_val(X, y, val_share=share, random_state=0)
    assert (y_va == 1).sum() == in_val and (y_tr == 1).sum() == size - in_val


def test_the_extent_is_a_square_around_the_points_plus_the_margin_x_first():
    X = np.array([[0.0, -1.0], [3.0, 1.0], [1.0, 0.0]])
    assert grid_extent(X) == (-0.25, 3.25, -1.75, 1.75)  # x spans 3 + margins; y is padded to match
    assert grid_extent(X[:, ::-1]) == (-1.75, 1.75, -0.25, 3.25)
    assert grid_extent(X + 0.123456) == (-0.1265, 3.3735, -1.6265, 1.8735)  # rounded to 4 decimals
