"""The lab's decision-boundary maps in Chromium, read back as pixels: orientation, colours, 0.5 contour.

Blobs put class 1 around (0.75, 0.75) and class 0 around (-0.75, -0.75). After training, each map must
show class 1's hue near its top-right corner and class 0's near its bottom-left, and the 0.5 contour's
dark line must cross the diagonal where the snapshot's probability crosses 0.5. On blobs and on moons
(not symmetric about the diagonal), every confidently classified spot must carry the hue of the class
that the final snapshot (captured from the socket) gives it there. Hues are compared with
static/palette.json's class colours (which is nearer), never by counting colours.

Assumes what the page promises: a map fills its canvas, edge to edge over the snapshot's extent, and its
snapshot's epoch is in `data-snapshot-epoch`.
"""

from __future__ import annotations

import colorsys
import json
from importlib import resources

import numpy as np
import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

EPOCHS = 40
QUERY = (
    "?dataset={dataset}&noise=0.1&n_samples=200&layers=2&neurons=16&dropout=0.3&epochs={epochs}"
    "&lr=0.01&seed=0"
)
NETWORKS = ("baseline", "dropout")
CLASS_HUES = [
    colorsys.rgb_to_hsv(*(int(c[i : i + 2], 16) / 255 for i in (1, 3, 5)))[0]
    for c in json.loads(resources.files("dropout_lab").joinpath("static/palette.json").read_text())["class"]
]

# Pixels of a canvas at fractions (fx, fy) of its size, fy = 0 at the top: [[r, g, b], ...].
READ_PIXELS = """([id, spots]) => {
  const c = document.getElementById(id);
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  return {
    width: c.width,
    height: c.height,
    pixels: spots.map(([fx, fy]) => {
      const i = 4 * (Math.round(fy * (c.height - 1)) * c.width + Math.round(fx * (c.width - 1)));
      return [d[i], d[i + 1], d[i + 2]];
    }),
  };
}"""


def hsv(rgb) -> tuple[float, float, float]:
    return colorsys.rgb_to_hsv(*(v / 255 for v in rgb))


def nearest_class(rgb) -> int:
    """The class whose palette colour has the nearer hue (distances wrap around the hue circle)."""
    h = hsv(rgb)[0]
    return min((0, 1), key=lambda k: min(abs(h - CLASS_HUES[k]), 1 - abs(h - CLASS_HUES[k])))


def is_dark(rgb) -> bool:
    return max(rgb) < 90  # the contour's near-black line; class colours and the map are lighter


class Snapshot:
    """A boundary_snapshot's grid with bilinear lookup at canvas fractions (fy = 0 at the top)."""

    def __init__(self, event: dict):
        n = event["grid_size"]
        self.n = n
        self.probs = np.asarray(event["probs"]).reshape(n, n)  # [row, column], row 0 at y_min

    def at(self, fx: float, fy: float) -> float:
        col, row = fx * (self.n - 1), (1 - fy) * (self.n - 1)  # the top of the canvas is y_max
        c0, r0 = min(int(col), self.n - 2), min(int(row), self.n - 2)
        tc, tr = col - c0, row - r0
        p = self.probs
        bottom = p[r0, c0] * (1 - tc) + p[r0, c0 + 1] * tc
        top = p[r0 + 1, c0] * (1 - tc) + p[r0 + 1, c0 + 1] * tc
        return float(bottom * (1 - tr) + top * tr)


@pytest.fixture(params=["blobs"])
def trained(page: Page, request) -> dict:
    """Train a pattern in the lab; return run_started and the last snapshot per map, from the socket."""
    messages: list[dict] = []

    def record(payload) -> None:
        data = json.loads(payload)
        messages.extend(data if isinstance(data, list) else [data])

    page.on("websocket", lambda ws: ws.on("framereceived", record))
    page.goto("/" + QUERY.format(epochs=EPOCHS, dataset=request.param))
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    page.click("#train")
    expect(page.locator("#status")).to_contain_text("Finished", timeout=90_000)
    started = next(m for m in messages if m.get("type") == "run_started")
    snapshots = {}
    for name in NETWORKS:
        canvas = page.locator(f"#boundary-{name}")
        expect(canvas).to_have_attribute("data-snapshot-epoch", str(EPOCHS))
        snapshots[name] = next(
            m
            for m in messages
            if m.get("type") == "boundary_snapshot" and m["network"] == name and m["epoch"] == EPOCHS
        )
    return {"started": started, "snapshots": snapshots}


LABEL_BOX = (96, 30)  # CSS pixels of boundary-map.js's epoch label (86 x 20 at 6, 6) and a margin


def point_fractions(started: dict) -> np.ndarray:
    """Every data point's position as canvas fractions (fx, fy), fy = 0 at the top."""
    x0, x1, y0, y1 = started["extent"]
    split = started["data"][0]
    X = np.asarray(split["X_train"] + split["X_val"])
    return np.stack([(X[:, 0] - x0) / (x1 - x0), (y1 - X[:, 1]) / (y1 - y0)], axis=1)


def test_each_map_shows_class_1_top_right_class_0_bottom_left_and_the_contour_between(
    page: Page, trained: dict
):
    for name in NETWORKS:
        snap = Snapshot(trained["snapshots"][name])
        corners = page.evaluate(READ_PIXELS, [f"boundary-{name}", [[0.96, 0.04], [0.04, 0.96]]])
        top_right, bottom_left = corners["pixels"]
        assert snap.at(0.96, 0.04) > 0.9 and snap.at(0.04, 0.96) < 0.1  # the network learnt blobs
        assert hsv(top_right)[1] > 0.15 and nearest_class(top_right) == 1, (name, top_right)
        assert hsv(bottom_left)[1] > 0.15 and nearest_class(bottom_left) == 0, (name, bottom_left)

        # Along the diagonal from the bottom-left to the top-right corner, pixel by pixel.
        steps = min(corners["width"], corners["height"])
        spots = [[i / steps, 1 - i / steps] for i in range(steps + 1)]
        line = page.evaluate(READ_PIXELS, [f"boundary-{name}", spots])["pixels"]
        dark = [i / steps for i, rgb in enumerate(line) if is_dark(rgb)]
        assert dark, f"{name}: no dark contour line on the diagonal"
        p = np.array([snap.at(s, 1 - s) for s in np.linspace(0, 1, 2001)])
        crossing = np.linspace(0, 1, 2001)[np.flatnonzero(np.diff(p >= 0.5))]
        assert len(crossing) == 1, crossing  # one boundary between the blobs
        near = 1.5 / (snap.n - 1) + 3 / steps  # within a cell and a half plus the line's width
        assert all(abs(d - crossing[0]) < near for d in dark), (name, dark, crossing)


@pytest.mark.parametrize("trained", ["blobs", "moons"], indirect=True)
def test_every_confident_spot_of_each_map_has_its_classs_hue(page: Page, trained: dict):
    # A flipped map puts confident spots on the other class's side of the boundary; a transposed one
    # too, on moons (blobs are symmetric about the diagonal: a transposed map looks the same).
    points = point_fractions(trained["started"])
    grid = [(fx, fy) for fx in np.linspace(0.03, 0.97, 25) for fy in np.linspace(0.03, 0.97, 25)]
    for name in NETWORKS:
        snap = Snapshot(trained["snapshots"][name])
        read = page.evaluate(READ_PIXELS, [f"boundary-{name}", grid])
        clear = 12 / min(read["width"], read["height"])  # away from the points drawn over the map
        checked, wrong, grey = 0, 0, 0
        for (fx, fy), rgb in zip(grid, read["pixels"], strict=True):
            p = snap.at(fx, fy)
            if abs(p - 0.5) < 0.3 or np.hypot(*(points - (fx, fy)).T).min() < clear:
                continue
            if fx * read["width"] < LABEL_BOX[0] and fy * read["height"] < LABEL_BOX[1]:
                continue  # under the "epoch N" label drawn over the map's top-left corner
            checked += 1
            if hsv(rgb)[1] < 0.1:
                grey += 1  # under a label drawn over the map (the epoch), or not painted at all
            else:
                wrong += nearest_class(rgb) != int(p > 0.5)
        assert checked > 300, checked  # most of the map is confident and free of points
        assert grey < 0.03 * checked, f"{name}: {grey} of {checked} confident spots are not coloured"
        assert wrong == 0, f"{name}: {wrong} of {checked} confident spots have the wrong hue"
