"""A user's own 2-D points: read from a CSV file ``x1,x2,label`` into ``(X, y)``, or checked as arrays.

Every malformed file raises `CsvFormatError` naming the line and the problem, so a person can fix the
file. This module knows the file format only: nothing of training, plots or the web.
"""

from __future__ import annotations

import itertools
import math
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from ..engine.config import knob_specs

HEADER_HINT = "x1,x2,label"
# The same limits as generated data (the n_samples knob): fewer points cannot be split into useful
# training and validation sets; more would make every epoch slow for an interactive tool.
_N_SAMPLES = next(spec for spec in knob_specs() if spec["name"] == "n_samples")
MIN_POINTS: int = _N_SAMPLES["minimum"]
MAX_POINTS: int = _N_SAMPLES["maximum"]
MAX_LINE = 200  # characters of one row: "x1,x2,label" needs ~40 even with long decimals
MAX_BYTES = 2**20  # 1 MB: MAX_POINTS rows of MAX_LINE / 5 characters, and room for blank lines
FLOAT32_MAX = float(np.finfo(np.float32).max)  # ~3.4e38: beyond it a value becomes infinity


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
    The file is read as a stream, line by line, and refused as soon as it breaks a limit (MAX_POINTS
    rows, MAX_BYTES bytes, MAX_LINE characters a line): a huge file or a device is never read whole.

    Parameters
    ----------
    path : str or Path
        The CSV file (a regular file). Labels must be 0 or 1 and both classes must occur; coordinates
        must be finite in float32 (the engine's precision).

    Returns
    -------
    X : ndarray of shape (n, 2), float32
    y : ndarray of shape (n,), int64

    Raises
    ------
    CsvFormatError
        If the file is missing, empty, too large or malformed; the message names the line and the problem.
    """
    rows: list[tuple[float, float, int]] = []
    first = True
    for number, line in _lines(path):
        if not line:
            continue
        fields = [f.strip() for f in line.split(",")]
        if first and _is_header(fields):
            first = False
            continue
        first = False
        rows.append(_parse_row(path, number, fields))
        if len(rows) > MAX_POINTS:
            raise CsvFormatError(
                path, number, f"more than {MAX_POINTS} data rows; at most {MAX_POINTS} are supported"
            )
    _check_rows(path, rows)
    X = np.array([(x1, x2) for x1, x2, _ in rows], dtype=np.float32)  # (n, 2)
    y = np.array([label for _, _, label in rows], dtype=np.int64)  # (n,)
    return X, y


def _open(path: str | Path) -> BinaryIO:
    """The file opened for reading, refused unless it is a regular file of at most MAX_BYTES."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise CsvFormatError(path, None, "file not found") from None
    except OSError as exc:
        raise CsvFormatError(path, None, f"cannot read it: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise CsvFormatError(path, None, "is a directory, not a CSV file")
    if not stat.S_ISREG(info.st_mode):
        raise CsvFormatError(path, None, "is not a regular file (a device, pipe or socket?); give a CSV file")
    if info.st_size > MAX_BYTES:
        raise CsvFormatError(path, None, f"is {info.st_size / 2**20:.1f} MB; at most {_limit_words()}")
    try:
        return open(path, "rb")  # noqa: SIM115 -- closed by _lines
    except OSError as exc:
        raise CsvFormatError(path, None, f"cannot read it: {exc.strerror or exc}") from None


def _lines(path: str | Path) -> Iterator[tuple[int, str]]:
    """(line number, stripped text) of each line, decoded as UTF-8, within the size limits."""
    total, seen_text = 0, False
    with _open(path) as handle:
        for number in itertools.count(1):
            raw = handle.readline(MAX_LINE + 1)
            if not raw:
                break
            total += len(raw)
            if total > MAX_BYTES:
                raise CsvFormatError(path, number, f"the file grows past {_limit_words()}")
            if len(raw) > MAX_LINE and not raw.endswith(b"\n"):
                raise CsvFormatError(
                    path, number, f"longer than {MAX_LINE} characters; expected '{HEADER_HINT}'"
                )
            try:
                text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                raise CsvFormatError(path, number, "not UTF-8 text (is this a spreadsheet file?)") from None
            seen_text = seen_text or bool(text.strip())
            yield number, text.strip()
    if not seen_text:
        raise CsvFormatError(path, None, f"the file is empty; expected rows '{HEADER_HINT}'")


def _limit_words() -> str:
    return f"{MAX_BYTES / 2**20:.0f} MB ({MAX_POINTS} rows of {HEADER_HINT})"


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
        if abs(value) > FLOAT32_MAX:
            limit = f"at most ±{FLOAT32_MAX:.3g}: the engine computes in float32"
            problem = f"{name} = {field!r} is too large ({limit})"
            raise CsvFormatError(path, number, problem)
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
