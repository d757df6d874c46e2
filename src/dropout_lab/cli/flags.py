"""Command-line flags generated from the field system: one ``--flag`` per setting, checked while parsing.

Both the experiment's knobs (`TrainConfig`) and each analysis' parameters come through here, so names,
help, defaults and ranges never drift from the models. Also the one preset + flags merge.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from ..engine.config import ConfigError, TrainConfig, make_config
from ..engine.fields import Settings, field_specs, validate
from ..engine.presets import PRESETS, get_preset

EXIT_USAGE = 2  # bad flags or input files, as argparse does
EXIT_FAILED = 1
EXIT_INTERRUPTED = 130  # 128 + SIGINT

TRUE, FALSE = ("true", "yes", "1"), ("false", "no", "0")


def flag_name(name: str) -> str:
    return "--" + name.replace("_", "-")


def add_settings_flags(group: Any, model: type[Settings], *, dest_prefix: str = "") -> None:
    """One ``--flag`` per field of `model` with its help, allowed values and default.

    Unset flags stay out of the namespace (``default=SUPPRESS``) so a preset's values survive; the
    value lands in ``dest_prefix + name``. Lists are comma-separated.
    """
    for spec in field_specs(model):
        default = spec["default"]
        shown = ",".join(f"{v:g}" for v in default) if spec["type"] == "list" else default
        kwargs: dict[str, Any] = {
            "dest": dest_prefix + spec["name"],
            "default": argparse.SUPPRESS,
            "help": f"{spec['help']} Allowed: {spec['allowed']}; default: {shown}.",
            "type": _parser(model, spec),
        }
        if "choices" in spec:
            kwargs["metavar"] = "{" + ",".join(spec["choices"]) + "}"
        else:
            metavars = {"list": "A,B,...", "integer": "INT", "boolean": "{true,false}"}
            kwargs["metavar"] = metavars.get(spec["type"], "NUMBER")
        group.add_argument(flag_name(spec["name"]), **kwargs)


def _parser(model: type[Settings], spec: dict[str, Any]) -> Callable[[str], Any]:
    """An argparse type: text -> value, refused with the field's allowed values in words."""
    name, kind = spec["name"], spec["type"]
    number = int if spec.get("item_type", kind) == "integer" else float

    def parse(text: str) -> Any:
        if "choices" in spec and text not in spec["choices"]:
            choices = ", ".join(repr(c) for c in spec["choices"])
            raise argparse.ArgumentTypeError(f"invalid choice: {text!r} (choose from {choices})")
        try:
            if "choices" in spec:
                value: Any = text
            elif kind == "boolean":
                if text.lower() not in TRUE + FALSE:
                    raise ValueError(text)
                value = text.lower() in TRUE
            elif kind == "list":
                value = [number(part) for part in text.split(",") if part.strip()]
            else:
                value = number(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be {spec['allowed']} (got {text!r})") from None
        try:
            validate(model, {name: value})
        except ConfigError as exc:
            raise argparse.ArgumentTypeError(exc.errors[0]["message"]) from None
        return value

    return parse


def add_preset_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--preset", choices=[p.name for p in PRESETS], help="Start from a named scenario (see `presets`)."
    )


def config_from_args(args: argparse.Namespace) -> TrainConfig:
    """The preset's values (if any) overridden by the knob flags given; exits 2 on a cross-field error."""
    values = dict(get_preset(args.preset).values) if getattr(args, "preset", None) else {}
    values.update(
        {s["name"]: getattr(args, s["name"]) for s in field_specs(TrainConfig) if hasattr(args, s["name"])}
    )
    try:
        return make_config(values)
    except ConfigError as exc:  # only cross-field problems get here: single flags were checked while parsing
        args.parser.error(", ".join(f"{flag_name(e['field'])}: {e['message']}" for e in exc.errors))
        raise  # unreachable: error() exits


def values_with_prefix(args: argparse.Namespace, prefix: str) -> dict[str, Any]:
    """The flags stored under ``prefix + name``, as {name: value}."""
    return {k[len(prefix) :]: v for k, v in vars(args).items() if k.startswith(prefix)}
