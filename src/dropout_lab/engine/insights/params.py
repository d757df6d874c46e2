"""Parameters of the analyses: one `Settings` model per insight, declared and validated like the
training configuration (see ../fields.py: the one field system).
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..fields import Settings, field_specs, setting, validate


def param(default: Any, *, label: str, help: str, **constraints: Any) -> Any:
    """A parameter field: `setting` in the "params" group."""
    return setting(default, label=label, help=help, group="params", **constraints)


class InsightParams(Settings):
    """Base of every insight's parameters: unknown keys are errors, values immutable."""

    noun: ClassVar[str] = "parameter"


def make_params(model: type[InsightParams], values: Any) -> InsightParams:
    """Validate `values`; raise ConfigError naming each bad field and its allowed range."""
    return validate(model, values, where="params")


def param_specs(model: type[InsightParams]) -> list[dict[str, Any]]:
    """Per parameter: name, type, default, label, help, allowed (see fields.field_specs)."""
    return field_specs(model)
