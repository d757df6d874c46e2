"""Two-class 2-D toy problems and the train/validation split.

Every maker has one signature, ``make_x(n_samples, *, noise, random_state) -> (X, y)``, returns
``X`` float32 of shape (n_samples, 2) and ``y`` int64 of 0/1, and is deterministic in `random_state`.
All patterns live in one frame (roughly [-1.5, 1.5] on each axis) so the same network means the same
across patterns, and ``noise`` always means the same thing: the standard deviation of isotropic Gaussian
noise added to each clean point, in those coordinates. Classes are balanced (the extra point of an odd
count goes to class 0). This module knows nothing of files (CSV lives outside the engine).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Maker = Callable[..., tuple[np.ndarray, np.ndarray]]


def _counts(n_samples: int) -> tuple[int, int]:
    n1 = n_samples // 2
    return n_samples - n1, n1


def _finish(
    X: np.ndarray, y: np.ndarray, noise: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    X = X + rng.normal(0.0, noise, size=X.shape)
    order = rng.permutation(len(y))  # interleave classes so a prefix is never one class
    return X[order].astype(np.float32), y[order].astype(np.int64)


def make_blobs(n_samples: int, *, noise: float = 0.1, random_state: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two round clusters of radius ~0.3 centred at (-0.75, -0.75) and (0.75, 0.75); noise widens them."""
    rng = np.random.default_rng(random_state)
    n0, n1 = _counts(n_samples)
    centres = np.array([[-0.75, -0.75]] * n0 + [[0.75, 0.75]] * n1)
    X = centres + rng.normal(0.0, 0.3, size=centres.shape) / 2.0
    y = np.array([0] * n0 + [1] * n1)
    return _finish(X, y, noise, rng)


def make_circles(
    n_samples: int, *, noise: float = 0.1, random_state: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Class 0 on a circle of radius 1.2, class 1 on a circle of radius 0.6 (as sklearn, scaled)."""
    rng = np.random.default_rng(random_state)
    n0, n1 = _counts(n_samples)
    angles = rng.uniform(0.0, 2 * np.pi, size=n_samples)
    radii = np.array([1.2] * n0 + [0.6] * n1)
    X = np.stack([radii * np.cos(angles), radii * np.sin(angles)], axis=1)
    y = np.array([0] * n0 + [1] * n1)
    return _finish(X, y, noise, rng)


def make_xor(n_samples: int, *, noise: float = 0.1, random_state: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Uniform points in [-1.2, 1.2]² kept 0.1 off the axes; class 1 where x1·x2 > 0."""
    rng = np.random.default_rng(random_state)
    n0, n1 = _counts(n_samples)
    magnitude = rng.uniform(0.1, 1.2, size=(n_samples, 2))
    # class 1: same signs (quadrants I, III); class 0: opposite signs (II, IV)
    s = rng.choice([-1.0, 1.0], size=n_samples)
    signs = np.stack([s, np.concatenate([-s[:n0], s[n0:]])], axis=1)
    X = magnitude * signs
    y = np.array([0] * n0 + [1] * n1)
    return _finish(X, y, noise, rng)


def make_moons(n_samples: int, *, noise: float = 0.1, random_state: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's two interleaving half-moons, centred on the origin (same units, same noise)."""
    rng = np.random.default_rng(random_state)
    n0, n1 = _counts(n_samples)
    t0 = rng.uniform(0.0, np.pi, size=n0)
    t1 = rng.uniform(0.0, np.pi, size=n1)
    upper = np.stack([np.cos(t0), np.sin(t0)], axis=1)
    lower = np.stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)], axis=1)
    X = np.concatenate([upper, lower]) - np.array([0.5, 0.25])
    y = np.array([0] * n0 + [1] * n1)
    return _finish(X, y, noise, rng)


def make_spiral(
    n_samples: int, *, noise: float = 0.1, random_state: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved arms of 1.25 turns out to radius 1.4; class 1 is class 0 rotated by half a turn."""
    rng = np.random.default_rng(random_state)
    n0, n1 = _counts(n_samples)
    t = np.sqrt(rng.uniform(0.02, 1.0, size=n_samples))  # sqrt: even density along the arm
    phase = np.array([0.0] * n0 + [np.pi] * n1)
    angle = 1.25 * 2 * np.pi * t + phase
    radius = 1.4 * t
    X = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
    y = np.array([0] * n0 + [1] * n1)
    return _finish(X, y, noise, rng)


MAKERS: dict[str, Maker] = {
    "blobs": make_blobs,
    "circles": make_circles,
    "xor": make_xor,
    "moons": make_moons,
    "spiral": make_spiral,
}


def make_dataset(
    name: str, n_samples: int, *, noise: float, random_state: int
) -> tuple[np.ndarray, np.ndarray]:
    """Dispatch to the maker called `name`."""
    return MAKERS[name](n_samples, noise=noise, random_state=random_state)


def split_train_val(
    X: np.ndarray, y: np.ndarray, *, val_share: float, random_state: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Stratified shuffle split: returns X_train, y_train, X_val, y_val.

    Each class is split in the same proportion so both sets keep the class balance.
    """
    rng = np.random.default_rng([random_state, 1])  # its own stream: independent of the data draw
    train_idx, val_idx = [], []
    for label in np.unique(y):
        idx = rng.permutation(np.flatnonzero(y == label))
        n_val = int(round(len(idx) * val_share))
        n_val = min(max(n_val, 1), len(idx) - 1) if len(idx) > 1 else 0
        val_idx.append(idx[:n_val])
        train_idx.append(idx[n_val:])
    tr = rng.permutation(np.concatenate(train_idx))
    va = rng.permutation(np.concatenate(val_idx))
    return X[tr], y[tr], X[va], y[va]


def grid_extent(X: np.ndarray, margin: float = 0.25) -> tuple[float, float, float, float]:
    """A square (x_min, x_max, y_min, y_max) covering all points plus a margin, for boundary maps."""
    lo = X.min(axis=0) - margin
    hi = X.max(axis=0) + margin
    centre = (lo + hi) / 2
    half = float(max(hi - lo)) / 2
    return (
        round(float(centre[0]) - half, 4),
        round(float(centre[0]) + half, 4),
        round(float(centre[1]) - half, 4),
        round(float(centre[1]) + half, 4),
    )
