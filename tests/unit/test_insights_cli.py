"""The insight subcommands: flags from the knobs and parameters, exit 2 on bad values, files written."""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys

import pytest

from dropout_lab.cli.insights import add_insight_commands
from dropout_lab.engine.insights import INSIGHTS, parse_result

SMALL = ["--epochs", "15", "--layers", "2", "--neurons", "16", "--n-samples", "120"]


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="dropout-lab")
    add_insight_commands(root.add_subparsers(dest="command"))
    return root


def run(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    return args.run(args)


def test_every_insight_is_a_subcommand_with_the_config_flags():
    for name in INSIGHTS:
        args = parser().parse_args([name, "--preset", "moons", "--epochs", "5"])
        assert args.insight == name and args.epochs == 5 and args.preset == "moons"


@pytest.mark.parametrize(
    ("argv", "flag", "allowed"),
    [
        (["sweep", "--rates", "0,0.95"], "--rates", "from 0 to 0.9"),
        (["sweep", "--n-seeds", "0"], "--n-seeds", "from 1 to 10"),
        (["uncertainty", "--passes", "many"], "--passes", "from 2 to 500"),
        (["knockout", "--rescale", "maybe"], "--rescale", "true or false"),
        (["ensemble", "--dropout", "1.5"], "--dropout", "0.9"),
    ],
)
def test_a_bad_value_exits_2_naming_the_flag_and_its_range(argv, flag, allowed, capsys):
    with pytest.raises(SystemExit) as info:
        run(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {flag}" in err and allowed in err


def test_sweep_writes_a_figure_a_table_and_the_result(tmp_path, capsys):
    code = run(["sweep", *SMALL, "--rates", "0,0.5,0.9", "--n-seeds", "2", "--out", str(tmp_path)])
    assert code == 0
    out = capsys.readouterr()
    assert (tmp_path / "sweep.png").stat().st_size > 10_000
    rows = list(csv.DictReader((tmp_path / "sweep.csv").open()))
    assert [float(r["drop_probability"]) for r in rows] == [0.0, 0.5, 0.9]
    assert sum(r["best"] == "True" for r in rows) == 1 and any(r["ties_best"] == "True" for r in rows)
    result = json.loads((tmp_path / "sweep.json").read_text())
    assert result["seeds"] == [0, 1] and result["epochs"] == 15
    claims = parse_result(result).claims  # the terminal says what the saved numbers say, word for word
    assert out.out.startswith(claims.headline + "\n")
    assert all(f"- {finding}" in out.out for finding in claims.findings)


def test_knockout_prints_its_table_with_a_progress_bar_on_stderr(capsys):
    assert run(["knockout", *SMALL, "--shares", "0,0.3", "--draws", "2", "--n-seeds", "1"]) == 0
    out = capsys.readouterr()
    assert "hidden units off" in out.out and "baseline_increase" in out.out
    assert "%|" in out.err  # tqdm


def test_registering_the_commands_does_not_import_torch():
    """`dropout-lab --help` and `presets` stay fast: torch (~1.6 s) loads only when an insight runs."""
    code = "import sys, argparse; from dropout_lab.cli.insights import add_insight_commands; "
    code += "add_insight_commands(argparse.ArgumentParser().add_subparsers()); print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
