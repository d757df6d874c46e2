"""The one configuration model: every knob of an experiment, defined once.

CLI flags, URL query keys, form fields, the `/api/config` schema and validation messages are all
generated from `TrainConfig` (through the field system in fields.py, shared with the analyses'
parameters). This module knows nothing of the web, files or plots.
"""

from __future__ import annotations

from typing import Any, Literal

from .fields import ConfigError, Settings, describe_allowed, field_specs, setting, validate

DatasetName = Literal["blobs", "circles", "xor", "moons", "spiral"]
DATASETS: tuple[str, ...] = ("blobs", "circles", "xor", "moons", "spiral")

# Dropout above 0.9 leaves almost nothing alive (p -> 1 zeroes every unit): cap it.
MAX_DROPOUT = 0.9


class TrainConfig(Settings):
    """One experiment: data, network, training. Dropout is the knob under study.

    Field names are the CLI flags (``--batch-size``), the URL keys and the form field names.
    """

    # --- data ---
    dataset: DatasetName = setting(
        "moons", label="Pattern", help="2-D toy problem: blobs, circles, xor, moons or spiral."
    )
    noise: float = setting(
        0.3,
        label="Noise",
        help="Std. dev. of Gaussian noise added to each coordinate (patterns span about [-1.5, 1.5]).",
        ge=0.0,
        le=1.0,
    )
    n_samples: int = setting(
        400,
        label="Points",
        help="Total number of points (training + validation).",
        group="advanced",
        ge=20,
        le=5000,
    )
    val_share: float = setting(
        0.5,
        label="Validation share",
        help="Fraction of the points held out for validation.",
        group="advanced",
        ge=0.1,
        le=0.9,
    )
    # --- network ---
    layers: int = setting(3, label="Hidden layers", help="Number of hidden layers.", ge=1, le=8)
    neurons: int = setting(128, label="Neurons per layer", help="Width of every hidden layer.", ge=2, le=512)
    activation: Literal["relu", "tanh", "gelu"] = setting(
        "relu", label="Activation", help="Hidden activation: relu, tanh or gelu.", group="advanced"
    )
    dropout: float = setting(
        0.0,
        label="Drop probability",
        help="Probability of zeroing each hidden unit during training (0 = no dropout, 0.5 = half).",
        ge=0.0,
        le=MAX_DROPOUT,
    )
    # --- training ---
    epochs: int = setting(300, label="Epochs", help="Passes over the training set.", ge=1, le=2000)
    optimizer: Literal["adam", "sgd"] = setting(
        "adam", label="Optimizer", help="adam, or sgd with momentum.", group="advanced"
    )
    lr: float = setting(0.001, label="Learning rate", help="Step size.", group="advanced", gt=0.0, le=1.0)
    momentum: float = setting(
        0.9, label="Momentum", help="SGD momentum (ignored by adam).", group="advanced", ge=0.0, lt=1.0
    )
    batch_size: int = setting(
        32, label="Batch size", help="Mini-batch size; 0 = full batch.", group="advanced", ge=0, le=5000
    )
    weight_decay: float = setting(
        0.0,
        label="Weight decay",
        help="L2 penalty added to the gradient (0 = none).",
        group="advanced",
        ge=0.0,
        le=0.1,
    )
    seed: int = setting(
        0,
        label="Seed",
        help="Seeds data, split, initial weights, batch order and dropout masks.",
        group="advanced",
        ge=0,
        le=2**31 - 1,
    )
    snapshot_every: int = setting(
        10,
        label="Boundary every",
        help="Epochs between decision-boundary snapshots.",
        group="advanced",
        ge=1,
        le=2000,
    )
    grid_size: int = setting(
        100,
        label="Grid size",
        help="Decision-boundary resolution (cells per side).",
        group="advanced",
        ge=10,
        le=300,
    )


def knob_specs() -> list[dict[str, Any]]:
    """Every knob with name, type, default, range, choices, label, help, group and allowed (words)."""
    return field_specs(TrainConfig)


def describe_range(name: str) -> str:
    """Human text of a knob's allowed values, e.g. 'a number from 0 to 0.9'."""
    return describe_allowed(TrainConfig, name)


def make_config(values: dict[str, Any] | None = None, **overrides: Any) -> TrainConfig:
    """Validate values into a TrainConfig, raising ConfigError that names each field and its range."""
    if values is not None and not isinstance(values, dict):
        return validate(TrainConfig, values)  # raises: names "config" and says it must be an object
    return validate(TrainConfig, {**(values or {}), **overrides})


__all__ = [
    "DATASETS",
    "MAX_DROPOUT",
    "ConfigError",
    "TrainConfig",
    "describe_range",
    "knob_specs",
    "make_config",
]
