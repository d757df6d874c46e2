"""Parameters of the analyses: one pydantic model per insight, validated like the TrainConfig.

Each field carries a label, help and a plain-words range, so the CLI flags, the page's inputs and the
error messages ("must be ... (got ...)") all come from here.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..config import ConfigError


def param(default: Any, *, label: str, help: str, allowed: str | None = None, **constraints: Any) -> Any:
    """A parameter field with the metadata every consumer reads (`allowed` is the range in words).

    `allowed` is derived from `ge`/`le` when not given (lists and flags still say it themselves).
    """
    if allowed is None:
        kind = "an integer" if isinstance(default, int) else "a number"
        allowed = f"{kind} from {constraints['ge']:.10g} to {constraints['le']:.10g}"
    extra: Any = {"label": label, "allowed": allowed}
    return Field(default, description=help, json_schema_extra=extra, **constraints)


class InsightParams(BaseModel):
    """Base of every insight's parameters: unknown keys are errors, values immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def make_params(model: type[InsightParams], values: dict[str, Any] | None) -> InsightParams:
    """Validate `values`; raise ConfigError naming each bad field and its allowed range."""
    try:
        return model(**(values or {}))
    except ValidationError as exc:
        errors = []
        for err in exc.errors():
            name = str(err["loc"][0]) if err["loc"] else "params"
            if err["type"] == "extra_forbidden":
                message = f"unknown parameter '{name}'"
            elif name in model.model_fields:
                allowed = (model.model_fields[name].json_schema_extra or {}).get("allowed", "")  # type: ignore[union-attr]
                value = (values or {}).get(name, err.get("input"))
                message = f"must be {allowed} (got {value!r})"
            else:
                message = err["msg"]
            errors.append({"field": name, "message": message})
        raise ConfigError(errors) from None


def param_specs(model: type[InsightParams]) -> list[dict[str, Any]]:
    """name, type ("number", "integer" or "list"), default, label, help and allowed, per parameter."""
    schema = model.model_json_schema()["properties"]
    specs = []
    for name, field in model.model_fields.items():
        prop = schema[name]
        kind = "list" if prop.get("type") == "array" else prop.get("type", "number")
        item = prop.get("items", {}).get("type") if kind == "list" else None
        specs.append(
            {
                "name": name,
                "type": kind,
                "item_type": item,
                "default": field.default,
                "label": prop["label"],
                "help": prop["description"],
                "allowed": prop["allowed"],
            }
        )
    return specs
