"""The boundary map's orientation, from the engine out: row 0 is y_min, column 0 is x_min (events.py).

With class 1 in the bottom-right corner only (corner_data.py), the snapshot must say class 1 in the cell
of row 0 and the last column, and class 0 in the three other corners.
"""

import numpy as np
import pytest
import torch
from corner_data import CONFIG, GRID, corner_data

from dropout_lab.engine.config import make_config
from dropout_lab.engine.evaluation import grid_points
from dropout_lab.engine.events import BoundarySnapshot, NetworkSpec
from dropout_lab.engine.training import Trainer


@pytest.fixture(scope="module")
def trained() -> tuple[Trainer, list[BoundarySnapshot]]:
    nets = [NetworkSpec(name="plain", dropout=0.0, weight_decay=0.0, seed=1)]
    trainer = Trainer(CONFIG, nets, data=corner_data())
    snaps = [e for e in trainer.events() if isinstance(e, BoundarySnapshot)]
    return trainer, snaps


def test_grid_points_run_along_x_within_a_row_and_rows_climb_from_y_min():
    # extent (x_min, x_max, y_min, y_max): x and y ranges that cannot be confused
    points = grid_points((0.0, 2.0, 10.0, 14.0), 3, torch.float64)
    xs, ys = [0.0, 1.0, 2.0], [10.0, 12.0, 14.0]
    expected = [[xs[j], ys[i]] for i in range(3) for j in range(3)]  # index i * size + j
    assert points.tolist() == expected
    assert points.dtype == torch.float64


def test_the_run_extent_is_a_square_around_the_points_with_x_first():
    X, y = corner_data()
    net = NetworkSpec(name="a", dropout=0.0, weight_decay=0.0, seed=1)
    trainer = Trainer(make_config(grid_size=GRID, epochs=1), [net], data=(X, y))
    x_min, x_max, y_min, y_max = trainer.data.extent
    assert x_min < X[:, 0].min() and X[:, 0].max() < x_max  # x spans [0, 3] ...
    assert y_min < X[:, 1].min() and X[:, 1].max() < y_max  # ... y only [-1, 1]
    assert (x_min + x_max) / 2 == pytest.approx(1.5, abs=0.02)
    assert (y_min + y_max) / 2 == pytest.approx(0.0, abs=0.02)
    assert x_max - x_min == pytest.approx(y_max - y_min, abs=1e-3)  # square: pixels are square
    assert trainer.data.grid.tolist() == grid_points(trainer.data.extent, GRID).tolist()


def test_the_snapshot_is_high_in_class_ones_corner_and_low_in_the_others(trained):
    _, snaps = trained
    assert len(snaps) == 1
    probs = np.array(snaps[0].probs).reshape(GRID, GRID)  # [row, column] = [y index, x index]
    assert snaps[0].grid_size == GRID
    bottom_right = probs[0, -1]  # row 0 is y_min, last column is x_max
    assert bottom_right > 0.8
    top_left, top_right, bottom_left = probs[-1, 0], probs[-1, -1], probs[0, 0]
    assert max(top_left, top_right, bottom_left) < 0.1


def test_every_snapshot_cell_is_the_probability_at_its_own_point(trained):
    # An independent reading of the contract: rebuild the cell centres from the extent with numpy and ask
    # an ordinary nn.Sequential copy of the network there.
    trainer, snaps = trained
    x_min, x_max, y_min, y_max = snaps[0].extent
    xs, ys = np.linspace(x_min, x_max, GRID), np.linspace(y_min, y_max, GRID)
    points = np.array([[x, y] for y in ys for x in xs], dtype=np.float32)
    module = trainer.model.to_torch_module(0).eval()
    with torch.no_grad():
        expected = torch.softmax(module(torch.from_numpy(points)), dim=1)[:, 1].numpy()
    np.testing.assert_allclose(snaps[0].probs, expected, atol=5e-4 + 1e-6)  # rounded to 3 decimals
