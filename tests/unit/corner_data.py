"""Data whose class 1 lives in one corner only: the fixture of the geometry tests (engine and report).

The corner is the bottom-right one (x high, y low), off the diagonal, so that both a transposed map
(x and y swapped) and an upside-down one move it to a corner where the network says class 0. The points
span x in [0, 3] but y only in [-1, 1], so an extent with x and y confused is caught too.
"""

import numpy as np

from dropout_lab.engine.config import TrainConfig, make_config

GRID = 15
# Full batch, 150 steps: every seed tried puts p > 0.9 in the corner and < 0.01 in the other three.
CONFIG: TrainConfig = make_config(
    layers=2, neurons=24, epochs=150, lr=0.02, batch_size=0, grid_size=GRID, snapshot_every=150, seed=1
)


def corner_data(n: int = 300, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Points uniform over x in [0, 3], y in [-1, 1]; class 1 only where x > 2 and y < -0.2."""
    rng = np.random.default_rng(seed)
    X = np.stack([rng.uniform(0, 3, n), rng.uniform(-1, 1, n)], axis=1).astype(np.float32)
    y = ((X[:, 0] > 2.0) & (X[:, 1] < -0.2)).astype(np.int64)
    return X, y
