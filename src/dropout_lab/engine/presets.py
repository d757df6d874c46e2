"""Named scenarios and the table of recommended settings per pattern.

Every preset is a full TrainConfig plus one line telling the user what to watch. The lines state no
result (the verdict, computed from the run, does that); the calibration behind each preset is checked
over several seeds in tests/unit/test_presets_science.py and its verdicts in tests/unit/test_verdict.py:
change a number here, run those tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .config import TrainConfig, make_config


@dataclass(frozen=True)
class Preset:
    name: str  # CLI/URL key, kebab-case
    title: str  # button text
    expect: str  # one line: what to watch (never a result the numbers could contradict)
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
        "Watch the training loss fall while the validation loss bottoms out early and climbs: that widening "
        "gap is overfitting. The verdict says whether this run shows it.",
        {**_OVERFIT, "dropout": 0.0},
    ),
    Preset(
        "same-network-dropout",
        "Same Network + Dropout",
        "Same data, weights and batches, now with dropout 0.5: watch the two validation curves and their "
        "shaded gaps; the verdict says whether dropout helped beyond the noise.",
        {**_OVERFIT, "dropout": 0.5},
    ),
    Preset(
        "blobs",
        "Blobs (easy)",
        "Well-separated clusters: watch how fast the plain net fits them, then add the dropout twin and see "
        "whether it changes anything.",
        {"dataset": "blobs", "noise": 0.1, "layers": 1, "neurons": 16, "dropout": 0.0, "epochs": 50},
    ),
    Preset(
        "circles",
        "Circles (medium)",
        "A ring around a disc: watch both boundaries bend into a circle and compare the gaps: does this "
        "small net overfit enough for dropout to matter?",
        {"dataset": "circles", "noise": 0.15, "layers": 2, "neurons": 32, "dropout": 0.2, "epochs": 100},
    ),
    Preset(
        "xor",
        "XOR (medium)",
        "Four quadrants: watch both boundaries find them, and whether the plain net's gap grows enough for "
        "dropout to have something to cure.",
        {"dataset": "xor", "noise": 0.15, "layers": 2, "neurons": 32, "dropout": 0.2, "epochs": 100},
    ),
    Preset(
        "moons",
        "Moons (hard)",
        "Overlapping half-moons: watch the plain net's boundary bend around single noisy points and compare "
        "the final validation losses; the verdict says if the difference is beyond the noise.",
        {"dataset": "moons", "noise": 0.3, "layers": 3, "neurons": 64, "dropout": 0.3, "epochs": 150},
    ),
    Preset(
        "spiral",
        "Spiral (hardest)",
        "Two arms: watch when the plain net's validation loss turns upward, and how many more epochs the "
        "dropout net needs before its curve settles (use the best-epoch buttons).",
        {"dataset": "spiral", "noise": 0.2, "layers": 4, "neurons": 128, "dropout": 0.4, "epochs": 300},
    ),
    Preset(
        "too-much-dropout",
        "Too Much Dropout",
        "Dropout 0.9 keeps about 1 unit in 10: watch the dropout net's training loss. If it stays high, "
        "that is underfitting, whatever its validation loss says.",
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
