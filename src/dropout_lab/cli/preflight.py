"""Checks before any training starts: the output folder can take the results, and a long job is
announced. So a result is never lost to a bad --out after minutes of work."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..api.estimate import slow_note
from ..api.files import OutputError, check_output_dir
from ..engine.config import TrainConfig
from ..engine.cost import n_snapshots

REPORT_BYTES = 2 * 2**20  # a figure and a table, generously


def output_bytes(config: TrainConfig) -> int:
    """About how much a compare --out folder takes: events.jsonl holds every boundary map."""
    maps = 2 * n_snapshots(config) * config.grid_size**2 * 7  # ~7 characters a rounded probability
    return REPORT_BYTES + maps + 2 * config.epochs * 600 + config.n_samples * 60


def check_out(args: argparse.Namespace, need_bytes: int = REPORT_BYTES) -> Path | None:
    """The --out folder, created and proven writable with room to spare; exit 2 if it cannot be."""
    if not getattr(args, "out", None):
        return None
    try:
        return check_output_dir(args.out, need_bytes)
    except OutputError as exc:
        args.parser.error(f"argument --out: {exc}")
        raise  # unreachable: error() exits


def announce_if_slow(kind: str, config: TrainConfig, params: Any = None) -> None:
    """One line on stderr when the job is estimated to take over a minute."""
    note = slow_note(kind, config, params)
    if note is not None:
        print(f"dropout-lab: note: {note}", file=sys.stderr, flush=True)
