"""A user's own 2-D points: read from a CSV file ``x1,x2,label`` into ``(X, y)``, or checked as arrays.

Every malformed file raises `CsvFormatError` naming the line and the problem, so a person can fix the
file. This module knows the file format only: nothing of training, plots or the web.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from ..engine.config import knob_specs

HEADER_HINT = "x1,x2,label"
# The same limits as generated data (the n_samples knob): fewer points cannot be split into useful
# training and validation sets; more would make every epoch slow for an interactive tool.
_N_SAMPLES = next(spec for spec in knob_specs() if spec["name"] == "n_samples")
MIN_POINTS: int = _N_SAMPLES["minimum"]
MAX_POINTS: int = _N_SAMPLES["maximum"]


class CsvFormatError(ValueError):
    """A CSV file of points is malformed; ``line`` is 1-based (None for whole-file problems)."""

    def __init__(self, path: str | Path, line: int | None, problem: str):
        self.path = str(path)
        self.line = line
        self.problem = problem
        where = f"{self.path}, line {line}" if line is not None else self.path
        super().__init__(f"{where}: {problem}")


def read_points_csv(path: str | Path) -> tuple[np.ndarray, np.ndarray]:
    """Read labelled 2-D points from a CSV file with columns ``x1,x2,label``.

    A first line whose fields are all non-numeric is a header and is skipped; blank lines are ignored.

    Parameters
    ----------
    path : str or Path
        The CSV file. Labels must be 0 or 1 and both classes must occur.

    Returns
    -------
    X : ndarray of shape (n, 2), float32
    y : ndarray of shape (n,), int64

    Raises
    ------
    CsvFormatError
        If the file is missing, empty or malformed; the message names the line and the problem.
    """
    text = _read_text(path)
    rows: list[tuple[float, float, int]] = []
    first = True
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        fields = [f.strip() for f in line.split(",")]
        if first and _is_header(fields):
            first = False
            continue
        first = False
        rows.append(_parse_row(path, number, fields))
    _check_rows(path, rows)
    X = np.array([(x1, x2) for x1, x2, _ in rows], dtype=np.float32)  # (n, 2)
    y = np.array([label for _, _, label in rows], dtype=np.int64)  # (n,)
    return X, y


def _read_text(path: str | Path) -> str:
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise CsvFormatError(path, None, "file not found") from None
    except IsADirectoryError:
        raise CsvFormatError(path, None, "is a directory, not a CSV file") from None
    try:
        text = data.decode("utf-8-sig")  # tolerate the byte-order mark spreadsheets write
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CsvFormatError(path, line, "not UTF-8 text (is this a spreadsheet file?)") from None
    if not text.strip():
        raise CsvFormatError(path, None, f"the file is empty; expected rows '{HEADER_HINT}'")
    return text


def _is_header(fields: list[str]) -> bool:
    return all(not _is_number(f) for f in fields)


def _is_number(field: str) -> bool:
    try:
        float(field)
    except ValueError:
        return False
    return True


def _parse_row(path: str | Path, number: int, fields: list[str]) -> tuple[float, float, int]:
    if len(fields) != 3:
        problem = f"expected 3 columns ({HEADER_HINT}), got {len(fields)}"
        raise CsvFormatError(path, number, problem)
    values = []
    for name, field in zip(("x1", "x2", "label"), fields, strict=True):
        if not _is_number(field):
            raise CsvFormatError(path, number, f"{name} is not a number: {field!r}")
        value = float(field)
        if not math.isfinite(value):
            raise CsvFormatError(path, number, f"{name} must be a finite number, got {field!r}")
        values.append(value)
    x1, x2, label = values
    if label not in (0.0, 1.0):
        raise CsvFormatError(path, number, f"label must be 0 or 1, got {fields[2]!r}")
    return x1, x2, int(label)


def _check_rows(path: str | Path, rows: list[tuple[float, float, int]]) -> None:
    n = len(rows)
    if n == 0:
        raise CsvFormatError(path, None, f"no data rows, only a header; expected rows '{HEADER_HINT}'")
    if n < MIN_POINTS:
        raise CsvFormatError(path, None, f"only {n} data rows; need at least {MIN_POINTS} points")
    if n > MAX_POINTS:
        raise CsvFormatError(path, None, f"{n} data rows; at most {MAX_POINTS} points are supported")
    labels = {label for _, _, label in rows}
    if len(labels) < 2:
        only = labels.pop()
        raise CsvFormatError(path, None, f"all {n} points have label {only}; both classes 0 and 1 are needed")


def check_points(X: Any, y: Any, *, where: str) -> tuple[np.ndarray, np.ndarray]:
    """Validate user points: X (n, 2) finite, y of 0/1 with both classes, n within the knob's range.

    Returns X as float32 and y as int64; ValueError messages start with `where` (the argument's name).
    """
    try:
        X = np.asarray(X, dtype=np.float32)
        y_float = np.asarray(y, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{where}: X and y must be numeric arrays ({exc})") from None
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"{where}: X must have shape (n, 2), got {X.shape}")
    if y_float.shape != (len(X),):
        raise ValueError(f"{where}: y must have shape ({len(X)},) to match X, got {y_float.shape}")
    if not np.isfinite(X).all():
        raise ValueError(f"{where}: X contains NaN or infinite values")
    if not np.isin(y_float, (0.0, 1.0)).all():
        raise ValueError(f"{where}: y must contain only the labels 0 and 1")
    if not MIN_POINTS <= len(X) <= MAX_POINTS:
        raise ValueError(f"{where}: need {MIN_POINTS} to {MAX_POINTS} points, got {len(X)}")
    if len(np.unique(y_float)) < 2:
        raise ValueError(f"{where}: y has only one class; both 0 and 1 are needed")
    return X, y_float.astype(np.int64)
