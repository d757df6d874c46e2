"""The CLI never loses a result: --out is checked before any training, files are written whole or not
at all, and a long job is announced before it starts (CLI note, Python warning)."""

from __future__ import annotations

import warnings
from pathlib import Path

import matplotlib.figure
import pytest

import dropout_lab.engine.experiment
from dropout_lab import SlowJobWarning
from dropout_lab.api import compare
from dropout_lab.cli import main

SMALL = ["--epochs", "3", "--neurons", "8", "--layers", "1", "--n-samples", "60", "--grid-size", "10"]
LONG = ["--epochs", "2000", "--neurons", "512", "--layers", "6", "--n-samples", "5000"]


class TrainingStartedError(Exception):
    pass


@pytest.fixture
def no_training(monkeypatch) -> None:
    """Fail loudly if anything starts training."""

    def refuse(*args, **kwargs):
        raise TrainingStartedError

    monkeypatch.setattr(dropout_lab.engine.experiment, "run_comparison", refuse)


def refused(capsys, argv: list[str]) -> str:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    return capsys.readouterr().err


@pytest.mark.parametrize("command", [["compare"], ["sweep"], ["knockout"]])
def test_an_out_that_is_a_file_is_refused_before_any_training(tmp_path, capsys, no_training, command):
    taken = tmp_path / "report"
    taken.write_text("not a folder")
    err = refused(capsys, [*command, *SMALL, "--out", str(taken)])
    assert f"argument --out: {taken} is a file, not a folder" in err


def test_an_out_that_cannot_be_created_is_refused_before_training(tmp_path, capsys, no_training):
    inside_a_file = tmp_path / "file.txt" / "report"
    (tmp_path / "file.txt").write_text("x")
    err = refused(capsys, ["compare", *SMALL, "--out", str(inside_a_file)])
    assert f"argument --out: cannot write into {inside_a_file}: Not a directory" in err


def test_an_out_on_a_full_disk_is_refused_before_training(tmp_path, capsys, monkeypatch, no_training):
    monkeypatch.setattr("shutil.disk_usage", lambda path: type("Usage", (), {"free": 100_000})())
    err = refused(capsys, ["compare", *SMALL, "--out", str(tmp_path / "r")])
    assert "argument --out:" in err and "0.1 MB free; the results need about" in err


def test_ctrl_c_while_writing_leaves_the_previous_report_whole(tmp_path, capsys, monkeypatch):
    out = tmp_path / "report"
    assert main(["compare", *SMALL, "--out", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real_savefig = matplotlib.figure.Figure.savefig

    def interrupted(self, fname, *args, **kwargs):
        real_savefig(self, fname, *args, **kwargs)
        Path(fname).write_bytes(Path(fname).read_bytes()[:100])  # half written ...
        raise KeyboardInterrupt  # ... when Ctrl+C arrives

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", interrupted)
    assert main(["compare", *SMALL, "--seed", "9", "--out", str(out)]) == 130
    assert "interrupted while writing; no file was left half-written" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # the old report, untouched


def test_a_full_disk_while_writing_keeps_the_printed_results_and_no_partial_file(
    tmp_path, capsys, monkeypatch
):
    def disk_full(self, fname, *args, **kwargs):
        Path(fname).write_bytes(b"\x89PNG partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", disk_full)
    out = tmp_path / "report"
    assert main(["compare", *SMALL, "--out", str(out)]) == 1
    captured = capsys.readouterr()
    assert "val loss" in captured.out.lower() or "validation" in captured.out.lower()  # the table is there
    assert "could not write" in captured.err and "No space left on device" in captured.err
    assert list(out.iterdir()) == []  # no truncated report.png, no temporary file


def test_a_long_compare_says_so_before_it_starts(capsys, no_training):
    with pytest.raises(TrainingStartedError):
        main(["compare", *LONG])
    err = capsys.readouterr().err
    assert "dropout-lab: note: this training is estimated to take about" in err and "min" in err


def test_a_short_compare_says_nothing_about_time(capsys, tmp_path):
    assert main(["compare", *SMALL]) == 0
    assert "estimated" not in capsys.readouterr().err


def test_the_python_api_warns_before_a_long_training(no_training):
    with pytest.warns(SlowJobWarning, match="estimated to take about"), pytest.raises(TrainingStartedError):
        compare(epochs=2000, neurons=512, layers=6, n_samples=5000)
    with warnings.catch_warnings():
        warnings.simplefilter("error", SlowJobWarning)
        with pytest.raises(TrainingStartedError):
            compare(epochs=10)  # quick: no warning
