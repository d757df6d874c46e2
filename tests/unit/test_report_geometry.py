"""The report's boundary maps, read back as pixels from the Agg canvas: orientation, colours, contour.

A real run on corner_data (class 1 only in the bottom-right corner) is drawn by plot_comparison; each
boundary axes must show class 1's colour in its bottom-right corner and class 0's in the other three,
and the 0.5 contour's dark line where the snapshot's probability crosses 0.5.
"""

from __future__ import annotations

import colorsys

import numpy as np
import pytest
from corner_data import CONFIG, GRID, corner_data
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb

from dropout_lab.engine.events import BoundarySnapshot, Event
from dropout_lab.engine.experiment import run_comparison
from dropout_lab.report.comparison import plot_comparison
from dropout_lab.report.palette import CLASS_COLOURS, PROBABILITY_CMAP

NETWORKS = ("baseline", "dropout")


def hue(rgb) -> float:
    return colorsys.rgb_to_hsv(*(c / 255 for c in rgb[:3]))[0]


def saturation(rgb) -> float:
    return colorsys.rgb_to_hsv(*(c / 255 for c in rgb[:3]))[1]


def nearest_class(rgb) -> int:
    """The class whose palette colour has the nearer hue (hue distance wraps around the circle)."""

    def distance(colour: str) -> float:
        d = abs(hue(rgb) - colorsys.rgb_to_hsv(*to_rgb(colour))[0])
        return min(d, 1 - d)

    return min((0, 1), key=lambda k: distance(CLASS_COLOURS[k]))


@pytest.fixture(scope="module")
def events() -> list[Event]:
    return list(run_comparison(CONFIG.model_copy(update={"dropout": 0.2}), data=corner_data()))


@pytest.fixture(scope="module")
def rendered(events: list[Event]) -> tuple[dict[str, Axes], np.ndarray]:
    """The boundary axes by network and the figure's RGBA pixels (row 0 at the top, as images are)."""
    fig = plot_comparison(events)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    axes = {name: next(ax for ax in fig.axes if ax.get_title().startswith(name)) for name in NETWORKS}
    return axes, np.asarray(canvas.buffer_rgba())


def snapshot(events: list[Event], network: str) -> BoundarySnapshot:
    return [e for e in events if isinstance(e, BoundarySnapshot) and e.network == network][-1]


def final_grid(events: list[Event], network: str):
    """The last map of `network`: its extent, grid x and y values, and probabilities (row i at y_i)."""
    snap = snapshot(events, network)
    x_min, x_max, y_min, y_max = snap.extent
    xs, ys = np.linspace(x_min, x_max, GRID), np.linspace(y_min, y_max, GRID)
    return snap.extent, xs, ys, np.asarray(snap.probs).reshape(GRID, GRID)


def pixel(ax: Axes, pixels: np.ndarray, x: float, y: float) -> np.ndarray:
    """The pixel drawn at data point (x, y) of `ax`."""
    px, py = ax.transData.transform((x, y))  # display coordinates: origin at the bottom left
    return pixels[int(round(pixels.shape[0] - py)), int(round(px))]


@pytest.mark.parametrize("network", NETWORKS)
def test_class_ones_colour_fills_its_corner_and_class_zeros_the_others(rendered, events, network):
    axes, pixels = rendered
    ax = axes[network]
    x_min, x_max, y_min, y_max = snapshot(events, network).extent
    inset = (x_max - x_min) * 0.04  # inside the map, clear of the frame; no point lies this far out
    corners = {
        "bottom right": (x_max - inset, y_min + inset, 1),
        "bottom left": (x_min + inset, y_min + inset, 0),
        "top left": (x_min + inset, y_max - inset, 0),
        "top right": (x_max - inset, y_max - inset, 0),
    }
    for where, (x, y, expected) in corners.items():
        rgb = pixel(ax, pixels, x, y)
        assert saturation(rgb) > 0.1, f"{where}: {rgb} is nearly white, not a confident class colour"
        assert nearest_class(rgb) == expected, f"{where}: {rgb} has class {1 - expected}'s hue"


def crossings(row: np.ndarray, xs: np.ndarray) -> list[float]:
    """x where the linearly interpolated values of `row` cross 0.5."""
    found = []
    for j in range(len(row) - 1):
        a, b = row[j], row[j + 1]
        if (a >= 0.5) != (b >= 0.5):
            found.append(xs[j] + (0.5 - a) / (b - a) * (xs[j + 1] - xs[j]))
    return found


@pytest.mark.parametrize("network", NETWORKS)
def test_the_half_contour_is_drawn_where_the_probability_crosses_one_half(rendered, events, network):
    axes, pixels = rendered
    ax = axes[network]
    (x_min, x_max, _, _), xs, ys, probs = final_grid(events, network)
    r = 1  # a grid row in the point-free margin below the data (y < -1)
    assert ys[r] < -1.2
    expected = crossings(probs[r], xs)
    assert len(expected) == 1  # class 0 on the left, class 1 on the right
    # Scan the pixel row at y = ys[r] across the map, away from the frame, for the contour's dark line.
    (left, py), (right, _) = ax.transData.transform([(x_min, ys[r]), (x_max, ys[r])])
    row = pixels[int(round(pixels.shape[0] - py)), int(left) + 4 : int(right) - 4, :3].astype(int)
    dark = np.flatnonzero(row.max(axis=1) < 110) + int(left) + 4
    assert len(dark) > 0, "no dark contour line on this row"
    dark_x = ax.transData.inverted().transform([(px, py) for px in dark])[:, 0]
    cell = xs[1] - xs[0]
    assert np.all(np.abs(dark_x - expected[0]) < cell / 2), (dark_x, expected)


@pytest.mark.parametrize("network", NETWORKS)
def test_each_map_pixel_has_the_colour_of_the_probability_at_its_point(rendered, events, network):
    # Grid values sit on a linspace that includes both ends of the extent: an image stretched edge to
    # edge over the extent would put each value up to half a cell off its point.
    axes, pixels = rendered
    ax = axes[network]
    (x_min, x_max, _, _), xs, ys, probs = final_grid(events, network)
    r = 1  # the point-free margin below the data; p rises from 0 to 1 along it
    (left, py), (right, _) = ax.transData.transform([(x_min, ys[r]), (x_max, ys[r])])
    columns = np.arange(int(left) + 4, int(right) - 4)
    row = pixels[int(round(pixels.shape[0] - py)), columns, :3].astype(int)
    line = columns[row.max(axis=1) < 110]  # the contour's dark line covers the map: skip it
    x = ax.transData.inverted().transform([(c, py) for c in columns])[:, 0]
    expected = np.asarray(PROBABILITY_CMAP(np.interp(x, xs, probs[r]))[:, :3]) * 255
    off_line = np.abs(columns[:, None] - line[None, :]).min(axis=1) > 3
    error = np.abs(row - expected).max(axis=1)[off_line]
    assert error.max() <= 6, (x[off_line][error > 6], error[error > 6])
