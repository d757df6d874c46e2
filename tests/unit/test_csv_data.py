"""Reading a user's points from CSV: good files load, every malformed file names its line and problem."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from dropout_lab.api.points import (
    MAX_BYTES,
    MAX_LINE,
    MAX_POINTS,
    MIN_POINTS,
    CsvFormatError,
    read_points_csv,
)


def _rows(n: int = MIN_POINTS) -> list[str]:
    return [f"{i * 0.1:.2f},{-i * 0.05:.2f},{i % 2}" for i in range(n)]


def _write(tmp_path: Path, lines: list[str], name: str = "points.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_file_with_header_loads_as_float_points_and_int_labels(tmp_path: Path) -> None:
    X, y = read_points_csv(_write(tmp_path, ["x1,x2,label", *_rows(25)]))
    assert X.shape == (25, 2) and X.dtype == np.float32
    assert y.shape == (25,) and y.dtype == np.int64
    assert X[3].tolist() == pytest.approx([0.3, -0.15])
    assert y.tolist() == [i % 2 for i in range(25)]


def test_file_without_header_blank_lines_and_bom_loads(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(("\ufeff" + "\n".join(_rows(20)[:10] + ["", "  "] + _rows(20)[10:]) + "\n").encode())
    X, y = read_points_csv(path)
    assert len(X) == len(y) == 20


def test_float_labels_zero_and_one_are_accepted(tmp_path: Path) -> None:
    rows = [r.rsplit(",", 1)[0] + ("," + ("1.0" if i % 2 else "0.0")) for i, r in enumerate(_rows())]
    _, y = read_points_csv(_write(tmp_path, rows))
    assert set(y.tolist()) == {0, 1}


@pytest.mark.parametrize(
    ("bad_row", "problem"),
    [
        ("0.1,0.2", "expected 3 columns (x1,x2,label), got 2"),
        ("0.1,0.2,1,7", "expected 3 columns (x1,x2,label), got 4"),
        ("0.1,abc,1", "x2 is not a number: 'abc'"),
        ("nan,0.2,1", "x1 must be a finite number, got 'nan'"),
        ("0.1,inf,0", "x2 must be a finite number, got 'inf'"),
        ("0.1,0.2,2", "label must be 0 or 1, got '2'"),
        ("0.1,0.2,0.5", "label must be 0 or 1, got '0.5'"),
        ("0.1,0.2,", "label is not a number: ''"),
    ],
)
def test_malformed_row_names_its_line_and_problem(tmp_path: Path, bad_row: str, problem: str) -> None:
    rows = ["x1,x2,label", *_rows()]
    rows[6] = bad_row  # line 7 of the file
    with pytest.raises(CsvFormatError) as info:
        read_points_csv(_write(tmp_path, rows))
    assert info.value.line == 7
    assert info.value.problem == problem
    assert str(info.value) == f"{tmp_path / 'points.csv'}, line 7: {problem}"


def test_bad_first_line_is_an_error_not_a_header_when_partly_numeric(tmp_path: Path) -> None:
    with pytest.raises(CsvFormatError, match=r"line 1: x2 is not a number: 'oops'"):
        read_points_csv(_write(tmp_path, ["0.5,oops,1", *_rows()]))


def test_empty_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("\n  \n")
    with pytest.raises(CsvFormatError, match="the file is empty") as info:
        read_points_csv(path)
    assert info.value.line is None


def test_header_only_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(CsvFormatError, match="no data rows, only a header"):
        read_points_csv(_write(tmp_path, ["x1,x2,label"]))


def test_too_few_rows_states_the_minimum(tmp_path: Path) -> None:
    with pytest.raises(CsvFormatError, match=f"only 5 data rows; need at least {MIN_POINTS} points"):
        read_points_csv(_write(tmp_path, _rows(5)))


def test_single_class_is_reported(tmp_path: Path) -> None:
    rows = [r.rsplit(",", 1)[0] + ",1" for r in _rows(30)]
    with pytest.raises(CsvFormatError, match="all 30 points have label 1; both classes 0 and 1 are needed"):
        read_points_csv(_write(tmp_path, rows))


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(CsvFormatError, match="file not found"):
        read_points_csv(tmp_path / "nope.csv")


def test_binary_file_names_the_line_of_the_bad_bytes(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_bytes(b"x1,x2,label\n0.1,0.2,1\n\xff\xfe\x00\n")
    with pytest.raises(CsvFormatError, match="line 3: not UTF-8 text"):
        read_points_csv(path)


def test_csv_error_is_a_value_error() -> None:
    assert issubclass(CsvFormatError, ValueError)


def test_a_value_too_large_for_float32_names_its_line(tmp_path: Path) -> None:
    rows = ["x1,x2,label", *_rows()]
    rows[4] = "1e39,0.5,1"  # finite in Python, infinity in float32
    with pytest.raises(CsvFormatError) as info:
        read_points_csv(_write(tmp_path, rows))
    assert (
        info.value.line == 5
        and "x1 = '1e39' is too large" in info.value.problem
        and "float32" in str(info.value)
    )
    rows[4] = "3.4e38,-3.4e38,1"  # the largest float32 values still load
    X, _ = read_points_csv(_write(tmp_path, rows))
    assert np.isfinite(X).all()


def test_rows_beyond_the_cap_are_refused_while_reading_not_after(tmp_path: Path) -> None:
    # 5,001 good rows, then lines that would fail to parse: the row cap must trip first, at line 5,002.
    lines = ["x1,x2,label", *_rows(MAX_POINTS + 1), *(["not,a,row,at,all"] * 100)]
    with pytest.raises(CsvFormatError) as info:
        read_points_csv(_write(tmp_path, lines))
    assert info.value.line == MAX_POINTS + 2
    assert info.value.problem == f"more than {MAX_POINTS} data rows; at most {MAX_POINTS} are supported"


def test_a_file_larger_than_the_cap_is_refused_before_it_is_read(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "huge.csv"
    with open(path, "wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: big on paper, nothing to read
    opened = []
    monkeypatch.setattr(
        "builtins.open", lambda *a, **k: opened.append(a) or (_ for _ in ()).throw(AssertionError)
    )
    with pytest.raises(CsvFormatError, match=r"is 1.0 MB; at most 1 MB \(5000 rows of x1,x2,label\)"):
        read_points_csv(path)
    assert opened == []


def test_a_line_without_end_is_refused_at_its_first_characters(tmp_path: Path) -> None:
    path = tmp_path / "one-line.csv"
    path.write_bytes(b"0.1,0.2,1\n" + b"9" * 50_000)
    with pytest.raises(CsvFormatError) as info:
        read_points_csv(path)
    assert info.value.line == 2 and f"longer than {MAX_LINE} characters" in info.value.problem


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused_without_reading_it(device: str) -> None:
    with pytest.raises(CsvFormatError, match="is not a regular file"):
        read_points_csv(device)


def test_a_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "points.csv"
    os.mkfifo(fifo)
    with pytest.raises(CsvFormatError, match="is not a regular file"):
        read_points_csv(fifo)  # opening a FIFO for reading would block: it must not be opened at all


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CsvFormatError, match="is a directory"):
        read_points_csv(tmp_path)
