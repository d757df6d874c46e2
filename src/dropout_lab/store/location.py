"""Where the run store lives: a flag, else the DROPOUT_LAB_STORE environment variable, else the user's
data directory (platformdirs); "off" (or --no-store) switches it off.

Knows paths and the environment only: nothing of SQLite or of what is stored.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs

ENV = "DROPOUT_LAB_STORE"
FILE_NAME = "runs.sqlite3"
OFF = frozenset({"off", "none", "no", "false", "0"})


def default_path() -> Path:
    """The store in the user's data directory, e.g. ~/.local/share/dropout-lab/runs.sqlite3 on Linux."""
    return Path(platformdirs.user_data_dir("dropout-lab", appauthor=False)) / FILE_NAME


def store_path(
    flag: str | Path | None = None, *, off: bool = False, environ: Mapping[str, str] | None = None
) -> Path | None:
    """The store's file, or None when the store is switched off.

    `flag` (e.g. ``--store PATH``) wins over the environment variable, which wins over the default. A
    value of "off" (or "none", "no", "false", "0") switches the store off, as does `off` (``--no-store``).
    A value naming an existing folder means the file ``runs.sqlite3`` in it.
    """
    if off:
        return None
    env = os.environ if environ is None else environ
    value = str(flag) if flag is not None else env.get(ENV, "")
    if not value.strip():
        return default_path()
    if value.strip().lower() in OFF:
        return None
    path = Path(value).expanduser()
    return path / FILE_NAME if path.is_dir() else path
