"""Named scenarios and the table of recommended settings per pattern.

Every preset is a full TrainConfig plus one line telling the user what to look for. The claims are
checked over several seeds in tests/unit/test_presets_science.py: change a number here, run those tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .config import TrainConfig, make_config


@dataclass(frozen=True)
class Preset:
    name: str  # CLI/URL key, kebab-case
    title: str  # button text
    expect: str  # one line: what you should see
    values: dict[str, Any]  # TrainConfig fields that differ from the defaults

    @property
    def config(self) -> TrainConfig:
        return make_config(self.values)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "expect": self.expect,
            "config": self.config.model_dump(),
        }


# The overfitting recipe (SCIENCE.md): ~400 noisy moons, 50/50 split, deep-ish ReLU net, Adam 1e-3, batch 32.
_OVERFIT = {"dataset": "moons", "noise": 0.3, "n_samples": 400, "layers": 4, "neurons": 128, "epochs": 300}

PRESETS: tuple[Preset, ...] = (
    Preset(
        "severe-overfitting",
        "Severe Overfitting",
        "Training loss keeps falling while validation loss bottoms out early and climbs: a widening gap.",
        {**_OVERFIT, "dropout": 0.0},
    ),
    Preset(
        "same-network-dropout",
        "Same Network + Dropout",
        "Same data, weights and batches with dropout 0.5: validation loss ends lower, the gap stays small.",
        {**_OVERFIT, "dropout": 0.5},
    ),
    Preset(
        "blobs",
        "Blobs (easy)",
        "Well-separated clusters: the network fits easily; add dropout and it makes no real difference.",
        {"dataset": "blobs", "noise": 0.1, "layers": 1, "neurons": 16, "dropout": 0.0, "epochs": 50},
    ),
    Preset(
        "circles",
        "Circles (medium)",
        "A ring around a disc: both networks learn the curved boundary; this small net barely overfits, "
        "so dropout changes little.",
        {"dataset": "circles", "noise": 0.15, "layers": 2, "neurons": 32, "dropout": 0.2, "epochs": 100},
    ),
    Preset(
        "xor",
        "XOR (medium)",
        "Four quadrants: both networks learn them; at this size there is little overfitting for dropout "
        "to cure.",
        {"dataset": "xor", "noise": 0.15, "layers": 2, "neurons": 32, "dropout": 0.2, "epochs": 100},
    ),
    Preset(
        "moons",
        "Moons (hard)",
        "Overlapping half-moons: without dropout the boundary bends around noisy points; "
        "dropout ends with the lower validation loss.",
        {"dataset": "moons", "noise": 0.3, "layers": 3, "neurons": 64, "dropout": 0.3, "epochs": 150},
    ),
    Preset(
        "spiral",
        "Spiral (hardest)",
        "Two arms: the plain net overfits within ~20 epochs; the dropout net keeps a much lower "
        "validation loss (it needs the long run).",
        {"dataset": "spiral", "noise": 0.2, "layers": 4, "neurons": 128, "dropout": 0.4, "epochs": 300},
    ),
    Preset(
        "too-much-dropout",
        "Too Much Dropout",
        "Dropout 0.9 keeps 1 unit in 10: training and validation loss both stay high (underfitting).",
        {**_OVERFIT, "dropout": 0.9},
    ),
)

# Recommended starting points per pattern; `preset` names the row's one-click configuration.
PATTERN_TABLE: tuple[dict[str, Any], ...] = (
    {
        "pattern": "blobs",
        "difficulty": "easy",
        "layers": "1-2",
        "neurons": "16",
        "dropout": "0%",
        "epochs": "50",
        "notes": "Linearly separable; dropout is not needed.",
        "preset": "blobs",
    },
    {
        "pattern": "circles",
        "difficulty": "medium",
        "layers": "2-3",
        "neurons": "32",
        "dropout": "20-30%",
        "epochs": "100",
        "notes": "Needs a curved boundary.",
        "preset": "circles",
    },
    {
        "pattern": "xor",
        "difficulty": "medium",
        "layers": "2-3",
        "neurons": "32",
        "dropout": "20-30%",
        "epochs": "100",
        "notes": "Not linearly separable; one hidden layer can solve it.",
        "preset": "xor",
    },
    {
        "pattern": "moons",
        "difficulty": "hard",
        "layers": "3-4",
        "neurons": "64",
        "dropout": "30-50%",
        "epochs": "150",
        "notes": "Overlapping classes invite overfitting.",
        "preset": "moons",
    },
    {
        "pattern": "spiral",
        "difficulty": "hardest",
        "layers": "4-5",
        "neurons": "64-128",
        "dropout": "40-50%",
        "epochs": "200-300",
        "notes": "Dropout nets need longer training to pay off.",
        "preset": "spiral",
    },
)


def get_preset(name: str) -> Preset:
    """The preset called `name`; ValueError listing the valid names otherwise."""
    for preset in PRESETS:
        if preset.name == name:
            return preset
    raise ValueError(f"unknown preset '{name}'; choose one of: {', '.join(p.name for p in PRESETS)}")
