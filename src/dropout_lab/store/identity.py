"""When two requests are the same run: a stable key over everything that decides a run's numbers.

Training is deterministic: the same settings (the seed among them), data, job (kind and parameters) and
code give the same events. The key hashes those; the code is named by the versions of dropout-lab, its
engine's source, torch, numpy and Python, so a changed engine never replays an old run as a new one.
Knows hashing and package metadata only: nothing of SQLite, training or the web.
"""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Mapping
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from ..engine import events as engine_events
from ..engine.config import make_config
from ..engine.insights.catalog import INSIGHTS
from ..engine.insights.params import make_params

KEY_VERSION = 1  # bump when what goes into the key changes: old keys then never match new requests
TRAIN = "train"  # the job kind of a with/without-dropout comparison (the server's "train" job)


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "unknown"


@lru_cache(maxsize=1)
def engine_fingerprint() -> str:
    """A hash of the engine's source files: any change to how runs are computed changes it."""
    root = Path(engine_events.__file__).parent
    digest = hashlib.sha256()
    for source in sorted(root.rglob("*.py")):
        digest.update(source.relative_to(root).as_posix().encode() + b"\0" + source.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def _versions() -> tuple[tuple[str, str], ...]:
    return (
        ("dropout_lab", _package_version("dropout-lab")),
        ("engine", engine_fingerprint()),
        ("torch", _package_version("torch")),  # read from metadata: torch is not imported
        ("numpy", _package_version("numpy")),
        ("python", platform.python_version()),
    )


def current_versions() -> dict[str, str]:
    """The versions recorded with each run and used in its key."""
    return dict(_versions())


def plain(value: Any) -> dict[str, Any]:
    """A settings model (pydantic) or mapping as a plain dict (a model's every field, defaults included)."""
    if value is None:
        return {}
    if hasattr(value, "model_dump"):
        return dict(value.model_dump(mode="json"))
    return dict(value)


def canonical(kind: str, config: Any, params: Any = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """The full settings and parameters, defaults filled in: ``{"epochs": 5}`` and the TrainConfig it
    makes are the same request. Raises ConfigError for values the models refuse."""
    full_config = plain(make_config(plain(config)))
    if kind in INSIGHTS:
        return full_config, plain(make_params(INSIGHTS[kind].params, plain(params)))
    return full_config, plain(params)


def points_digest(x_bytes: bytes, y_bytes: bytes) -> str:
    """The hash naming a user's own points: X as little-endian float32 (n, 2), y as little-endian int64."""
    digest = hashlib.sha256(b"points-v1\0")
    digest.update(len(x_bytes).to_bytes(8, "little") + x_bytes + y_bytes)
    return digest.hexdigest()


def request_key(
    kind: str,
    config: Any,
    params: Any = None,
    *,
    data_hash: str | None = None,
    versions: Mapping[str, str] | None = None,
) -> str:
    """The identity of a request: equal keys mean the stored run is the run this request would train.

    `kind` is the job ("train" or an insight's name); `config` the TrainConfig (or a dict of some of
    its fields); `params` the insight's parameters (a model or a dict); `data_hash` the
    `points_digest` of the user's points (None for generated data); `versions` default to the
    running code's (`current_versions`). Defaults are filled in first (`canonical`).
    """
    config, params = canonical(kind, config, params)
    identity = {
        "key_version": KEY_VERSION,
        "kind": kind,
        "config": config,
        "params": params,
        "data": data_hash or "generated",
        "versions": dict(versions) if versions is not None else current_versions(),
    }
    text = json.dumps(identity, sort_keys=True, separators=(",", ":"), allow_nan=True)
    return hashlib.sha256(text.encode()).hexdigest()
