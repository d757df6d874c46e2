"""The one palette, shared with the page: static/palette.json is read here and by static/js/palette.js."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from matplotlib.colors import LinearSegmentedColormap

_PALETTE: dict[str, Any] = json.loads(
    resources.files("dropout_lab").joinpath("static/palette.json").read_text(encoding="utf-8")
)

CLASS_COLOURS: tuple[str, str] = tuple(_PALETTE["class"])  # type: ignore[assignment]  # class 0, class 1
NETWORK_COLOURS: dict[str, str] = dict(_PALETTE["network"])  # "baseline", "dropout"
OTHER_COLOURS: tuple[str, ...] = tuple(_PALETTE["others"])
REGULARISER_COLOURS: dict[str, str] = dict(_PALETTE["regulariser"])
# Class-1 probability: pale class-0 colour (0) -> white (0.5) -> pale class-1 colour (1).
PROBABILITY_CMAP = LinearSegmentedColormap.from_list("class_probability", list(_PALETTE["probability"]))


# Matplotlib marker per network shape name (the page draws the same shapes on its curves).
_MARKERS = {"circle": "o", "triangle": "^", "square": "s", "diamond": "D"}
NETWORK_MARKERS: dict[str, str] = dict(_PALETTE["marker"])


def network_marker(name: str, index: int = 0) -> str:
    """The matplotlib marker of a network: its own shape if it has one, else one by index."""
    shapes = list(_MARKERS)
    return _MARKERS[NETWORK_MARKERS.get(name, shapes[index % len(shapes)])]


def network_colour(name: str, index: int = 0) -> str:
    """The colour of a network in every figure: its own if it has one, else the index-th other one."""
    return NETWORK_COLOURS.get(name, OTHER_COLOURS[index % len(OTHER_COLOURS)])
