"""The one field system: how every setting is declared, described and validated.

The training configuration (`config.TrainConfig`) and every analysis' parameters
(`insights.catalog`) are `Settings` models whose fields are declared with `setting(...)`. From that one
declaration come the CLI flags, the page's form fields and URL keys, the `/api/config` schema, the
allowed range in words and the validation errors (field, label, message). Nothing else may
re-declare a range. This module knows nothing of the web, files or plots.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

MAX_SHOWN = 40  # characters of a rejected value repeated in an error; longer values are cut


class Settings(BaseModel):
    """Base of every settings model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    noun: ClassVar[str] = "setting"  # "unknown setting 'x'" / "unknown parameter 'x'"


SettingsT = TypeVar("SettingsT", bound=Settings)


def setting(default: Any, *, label: str, help: str, group: str = "basic", **constraints: Any) -> Any:
    """A field with what every consumer reads: a label, a help text and a group ("basic", "advanced").

    `constraints` are pydantic's (ge, gt, le, lt, min_length, max_length); the range in words is
    derived from them (see `field_specs`), never written beside them.
    """
    extra: Any = {"label": label, "group": group}
    return Field(default, description=help, json_schema_extra=extra, **constraints)


class ConfigError(ValueError):
    """Invalid settings; `errors` lists ``{"field", "label", "message"}`` per bad field."""

    def __init__(self, errors: list[dict[str, str]]):
        self.errors = errors
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))


def field_specs(model: type[Settings]) -> list[dict[str, Any]]:
    """Every field: name, type, default, label, help, group, allowed (words) and its bounds.

    type is "number", "integer", "string" (with `choices`), "boolean" or "list" (with `item_type`,
    `min_items`, `max_items`); bounds are `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`
    (of the items, for a list).
    """
    schema = model.model_json_schema()["properties"]
    specs = []
    for name, field in model.model_fields.items():
        prop = schema[name]
        spec: dict[str, Any] = {
            "name": name,
            "type": "list" if prop.get("type") == "array" else prop.get("type", "string"),
            "default": field.default,
            "label": prop["label"],
            "help": prop["description"],
            "group": prop["group"],
        }
        bounds = prop.get("items", {}) if spec["type"] == "list" else prop
        if spec["type"] == "list":
            spec["item_type"] = bounds.get("type", "number")
            spec["min_items"] = prop.get("minItems", 0)
            spec["max_items"] = prop.get("maxItems")
        if "enum" in prop:
            spec["choices"] = prop["enum"]
        for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            if key in bounds:
                spec[key] = bounds[key]
        spec["allowed"] = _allowed(spec)
        specs.append(spec)
    return specs


def describe_allowed(model: type[Settings], name: str) -> str:
    """The allowed values of one field in words, e.g. 'a number from 0 to 0.9'."""
    return next(s["allowed"] for s in field_specs(model) if s["name"] == name)


def _allowed(spec: dict[str, Any]) -> str:
    if "choices" in spec:
        return "one of " + ", ".join(spec["choices"])
    if spec["type"] == "boolean":
        return "true or false"
    if spec["type"] == "string":
        return "any text"
    if spec["type"] == "list":
        kind = "integers" if spec["item_type"] == "integer" else "numbers"
        most = spec["max_items"]
        count = f"{spec['min_items']} to {most}" if most is not None else f"at least {spec['min_items']}"
        return f"a list of {count} {kind} {_range_words(spec)}".rstrip()
    kind = "an integer" if spec["type"] == "integer" else "a number"
    return f"{kind} {_range_words(spec)}".rstrip()


def _range_words(spec: dict[str, Any]) -> str:
    lo_open, hi_open = "exclusiveMinimum" in spec, "exclusiveMaximum" in spec
    lo = spec.get("exclusiveMinimum", spec.get("minimum"))
    hi = spec.get("exclusiveMaximum", spec.get("maximum"))
    lower = None if lo is None else ("above " if lo_open else "at least ") + format(lo, ".10g")
    upper = None if hi is None else ("below " if hi_open else "at most ") + format(hi, ".10g")
    if lower is None or upper is None:
        return lower or upper or ""  # one bound or none
    if not (lo_open or hi_open):
        return f"from {format(lo, '.10g')} to {format(hi, '.10g')}"
    return f"{lower} and {upper}"


def cut(text: str) -> str:
    """`text` cut to MAX_SHOWN characters: errors never echo huge inputs back."""
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def shorten(value: Any) -> str:
    """repr of a rejected value, cut to MAX_SHOWN characters."""
    return cut(repr(value))


def validate(model: type[SettingsT], values: Any, *, where: str = "config") -> SettingsT:
    """`values` (a dict) as a `model` instance, or ConfigError naming each bad field and its range.

    `where` names the whole object in the error when `values` is not a dict at all.
    """
    if values is None:
        values = {}
    if not isinstance(values, dict):
        message = f"must be an object of {model.noun}s (got {shorten(values)})"
        raise ConfigError([{"field": where, "label": where, "message": message}])
    try:
        return model(**{str(k): v for k, v in values.items()})
    except ValidationError as exc:
        specs = {s["name"]: s for s in field_specs(model)}
        errors, seen = [], set()
        for err in exc.errors():
            name = str(err["loc"][0]) if err["loc"] else where
            if name in seen:
                continue  # one message per field, even for several bad items of a list
            seen.add(name)
            spec = specs.get(name)
            if err["type"] == "extra_forbidden":
                message = f"unknown {model.noun} '{cut(name)}'"
            elif spec is not None:
                message = f"must be {spec['allowed']} (got {shorten(values.get(name, err.get('input')))})"
            else:
                message = cut(err["msg"])
            label = spec["label"] if spec is not None else cut(name)
            errors.append(
                {"field": name if spec is not None else cut(name), "label": label, "message": message}
            )
        raise ConfigError(errors) from None
