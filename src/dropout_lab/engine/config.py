"""The one configuration model: every knob of an experiment, defined once.

CLI flags, URL query keys, form fields, the `/api/config` schema and validation messages are all
generated from `TrainConfig`. This module knows nothing of the web, files or plots.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

DatasetName = Literal["blobs", "circles", "xor", "moons", "spiral"]
DATASETS: tuple[str, ...] = ("blobs", "circles", "xor", "moons", "spiral")

# Dropout above 0.9 leaves almost nothing alive (p -> 1 zeroes every unit): cap it.
MAX_DROPOUT = 0.9


def _knob(default: Any, *, label: str, help: str, group: str = "basic", **kw: Any) -> Any:
    """A field with the UI metadata (label, group) every consumer reads."""
    return Field(default, description=help, json_schema_extra={"label": label, "group": group}, **kw)


class TrainConfig(BaseModel):
    """One experiment: data, network, training. Dropout is the knob under study.

    Field names are the CLI flags (``--batch-size``), the URL keys and the form field names.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    # --- data ---
    dataset: DatasetName = _knob(
        "moons", label="Pattern", help="2-D toy problem: blobs, circles, xor, moons or spiral."
    )
    noise: float = _knob(
        0.3,
        label="Noise",
        help="Std. dev. of Gaussian noise added to each coordinate (patterns span about [-1.5, 1.5]).",
        ge=0.0,
        le=1.0,
    )
    n_samples: int = _knob(
        400,
        label="Points",
        help="Total number of points (training + validation).",
        group="advanced",
        ge=20,
        le=5000,
    )
    val_share: float = _knob(
        0.5,
        label="Validation share",
        help="Fraction of the points held out for validation.",
        group="advanced",
        ge=0.1,
        le=0.9,
    )
    # --- network ---
    layers: int = _knob(3, label="Hidden layers", help="Number of hidden layers.", ge=1, le=8)
    neurons: int = _knob(128, label="Neurons per layer", help="Width of every hidden layer.", ge=2, le=512)
    activation: Literal["relu", "tanh", "gelu"] = _knob(
        "relu", label="Activation", help="Hidden activation: relu, tanh or gelu.", group="advanced"
    )
    dropout: float = _knob(
        0.0,
        label="Drop probability",
        help="Probability of zeroing each hidden unit during training (0 = no dropout, 0.5 = half).",
        ge=0.0,
        le=MAX_DROPOUT,
    )
    # --- training ---
    epochs: int = _knob(300, label="Epochs", help="Passes over the training set.", ge=1, le=2000)
    optimizer: Literal["adam", "sgd"] = _knob(
        "adam", label="Optimizer", help="adam, or sgd with momentum.", group="advanced"
    )
    lr: float = _knob(0.001, label="Learning rate", help="Step size.", group="advanced", gt=0.0, le=1.0)
    momentum: float = _knob(
        0.9, label="Momentum", help="SGD momentum (ignored by adam).", group="advanced", ge=0.0, lt=1.0
    )
    batch_size: int = _knob(
        32, label="Batch size", help="Mini-batch size; 0 = full batch.", group="advanced", ge=0, le=5000
    )
    weight_decay: float = _knob(
        0.0,
        label="Weight decay",
        help="L2 penalty added to the gradient (0 = none).",
        group="advanced",
        ge=0.0,
        le=0.1,
    )
    seed: int = _knob(
        0,
        label="Seed",
        help="Seeds data, split, initial weights, batch order and dropout masks.",
        group="advanced",
        ge=0,
        le=2**31 - 1,
    )
    snapshot_every: int = _knob(
        10,
        label="Boundary every",
        help="Epochs between decision-boundary snapshots.",
        group="advanced",
        ge=1,
        le=2000,
    )
    grid_size: int = _knob(
        100,
        label="Grid size",
        help="Decision-boundary resolution (cells per side).",
        group="advanced",
        ge=10,
        le=300,
    )


def knob_specs() -> list[dict[str, Any]]:
    """Every knob with name, type, default, range, choices, label, help and group (for UIs and docs)."""
    schema = TrainConfig.model_json_schema()
    specs = []
    for name, field in TrainConfig.model_fields.items():
        prop = schema["properties"][name]
        spec: dict[str, Any] = {
            "name": name,
            "type": prop.get("type", "string"),
            "default": field.default,
            "label": prop["label"],
            "help": prop["description"],
            "group": prop["group"],
        }
        if "enum" in prop:
            spec["choices"] = prop["enum"]
        for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            if key in prop:
                spec[key] = prop[key]
        specs.append(spec)
    return specs


def describe_range(name: str) -> str:
    """Human text of a knob's allowed values, e.g. 'a number from 0 to 0.9'."""
    spec = next(s for s in knob_specs() if s["name"] == name)
    if "choices" in spec:
        return "one of " + ", ".join(spec["choices"])
    kind = "an integer" if spec["type"] == "integer" else "a number"
    lo_open, hi_open = "exclusiveMinimum" in spec, "exclusiveMaximum" in spec
    lo = format(spec["exclusiveMinimum"] if lo_open else spec["minimum"], ".10g")
    hi = format(spec["exclusiveMaximum"] if hi_open else spec["maximum"], ".10g")
    if not (lo_open or hi_open):
        return f"{kind} from {lo} to {hi}"
    lower = f"above {lo}" if lo_open else f"at least {lo}"
    upper = f"below {hi}" if hi_open else f"at most {hi}"
    return f"{kind} {lower} and {upper}"


class ConfigError(ValueError):
    """Invalid configuration; `errors` lists ``{"field", "message"}`` per bad field."""

    def __init__(self, errors: list[dict[str, str]]):
        self.errors = errors
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))


def make_config(values: dict[str, Any] | None = None, **overrides: Any) -> TrainConfig:
    """Validate values into a TrainConfig, raising ConfigError that names each field and its range."""
    merged = {**(values or {}), **overrides}
    try:
        return TrainConfig(**merged)
    except ValidationError as exc:
        errors = []
        for err in exc.errors():
            field = ".".join(str(p) for p in err["loc"]) or "config"
            if err["type"] == "extra_forbidden":
                message = f"unknown setting '{field}'"
            elif field in TrainConfig.model_fields:
                message = f"must be {describe_range(field)} (got {err.get('input')!r})"
            else:
                message = err["msg"]
            errors.append({"field": field, "message": message})
        raise ConfigError(errors) from None
