"""The dropout-lab command: flags from the config, exit 2 naming flag and range, four output files."""

from __future__ import annotations

import csv
import io
import json
import signal
import sys
from pathlib import Path

import pytest

import dropout_lab.server
from dropout_lab.api.results import ComparisonResult
from dropout_lab.cli import build_parser, main
from dropout_lab.engine.config import describe_range, knob_specs
from dropout_lab.engine.events import parse_event
from dropout_lab.engine.presets import PATTERN_TABLE, PRESETS

SMALL = ["--epochs", "12", "--neurons", "16", "--layers", "2", "--n-samples", "80"]
SMALL += ["--snapshot-every", "5", "--grid-size", "20", "--dropout", "0.5", "--seed", "4"]
NUMERIC = [s for s in knob_specs() if "choices" not in s]


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def _fails_with(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    return capsys.readouterr().err


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """One real small run with --out; returns (out_dir, stdout, stderr)."""
    out = tmp_path_factory.mktemp("cli") / "report"
    capture = pytest.MonkeyPatch()
    stdout, stderr = io.StringIO(), io.StringIO()
    capture.setattr(sys, "stdout", stdout)
    capture.setattr(sys, "stderr", stderr)
    try:
        code = main(["compare", *SMALL, "--out", str(out)])
    finally:
        capture.undo()
    assert code == 0, stderr.getvalue()
    return out, stdout.getvalue(), stderr.getvalue()


@pytest.mark.parametrize("spec", NUMERIC, ids=[s["name"] for s in NUMERIC])
def test_every_numeric_flag_above_its_range_exits_2_naming_flag_and_range(capsys, spec) -> None:
    too_big = spec.get("maximum", spec.get("exclusiveMaximum")) + 1
    err = _fails_with(capsys, ["compare", _flag(spec["name"]), str(too_big)])
    assert f"argument {_flag(spec['name'])}: must be {describe_range(spec['name'])}" in err


@pytest.mark.parametrize("spec", NUMERIC, ids=[s["name"] for s in NUMERIC])
def test_every_numeric_flag_refuses_text(capsys, spec) -> None:
    err = _fails_with(capsys, ["compare", _flag(spec["name"]), "lots"])
    assert f"argument {_flag(spec['name'])}: must be {describe_range(spec['name'])} (got 'lots')" in err


def test_dropout_above_the_cap_names_the_range(capsys) -> None:
    err = _fails_with(capsys, ["compare", "--dropout", "0.95"])
    assert "argument --dropout: must be a number from 0 to 0.9 (got 0.95)" in err


def test_fractional_epochs_are_refused(capsys) -> None:
    assert "argument --epochs: must be an integer from 1 to 2000 (got '1.5')" in _fails_with(
        capsys, ["compare", "--epochs", "1.5"]
    )


def test_bad_choice_lists_the_valid_values(capsys) -> None:
    err = _fails_with(capsys, ["compare", "--dataset", "donut"])
    assert "argument --dataset: invalid choice: 'donut'" in err and "'spiral'" in err


def test_unknown_preset_lists_the_valid_ones(capsys) -> None:
    err = _fails_with(capsys, ["compare", "--preset", "nope"])
    assert "argument --preset: invalid choice: 'nope'" in err
    assert all(p.name in err for p in PRESETS)


def test_malformed_csv_exits_2_naming_the_line(capsys, tmp_path: Path) -> None:
    path = tmp_path / "points.csv"
    path.write_text("x1,x2,label\n" + "0.1,0.2,0\n0.3,0.4,1\n" * 10 + "0.5,oops,1\n")
    err = _fails_with(capsys, ["compare", "--data", str(path)])
    assert f"argument --data: {path}, line 22: x2 is not a number: 'oops'" in err


def test_every_flag_has_help_with_range_and_default() -> None:
    compare = build_parser()._subparsers._group_actions[0].choices["compare"]  # type: ignore[union-attr]
    helps = {a.option_strings[0]: a.help for a in compare._actions if a.option_strings}
    for spec in knob_specs():
        text = helps[_flag(spec["name"])]
        assert f"Allowed: {describe_range(spec['name'])}; default: {spec['default']}." in text


def test_compare_writes_the_four_files(run) -> None:
    out, _, _ = run
    assert sorted(p.name for p in out.iterdir()) == [
        "events.jsonl",
        "history.csv",
        "report.png",
        "summary.json",
    ]
    assert (out / "report.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_history_has_one_row_per_network_per_epoch(run) -> None:
    out, _, _ = run
    rows = list(csv.DictReader((out / "history.csv").open()))
    assert len(rows) == 12 * 2
    assert [(r["network"], int(r["epoch"])) for r in rows[:4]] == [
        ("baseline", 1), ("dropout", 1), ("baseline", 2), ("dropout", 2),
    ]  # fmt: skip


def test_summary_json_matches_the_last_epoch_rows(run) -> None:
    out, _, _ = run
    summary = json.loads((out / "summary.json").read_text())
    last = {r["network"]: r for r in csv.DictReader((out / "history.csv").open()) if r["epoch"] == "12"}
    assert summary["config"]["dropout"] == 0.5 and summary["config"]["seed"] == 4
    assert [n["network"] for n in summary["networks"]] == ["baseline", "dropout"]
    for network in summary["networks"]:
        row = last[network["network"]]
        for key in ("train_loss", "val_loss", "gap", "train_acc", "val_acc"):
            assert network[key] == pytest.approx(float(row[key]))


def test_events_jsonl_holds_every_event_including_boundaries(run) -> None:
    out, _, _ = run
    events = [parse_event(json.loads(line)) for line in (out / "events.jsonl").read_text().splitlines()]
    kinds = [e.type for e in events]
    assert kinds[0] == "run_started" and kinds[-1] == "run_finished"
    assert kinds.count("epoch_finished") == 24
    assert kinds.count("boundary_snapshot") == 2 * 3  # epochs 5, 10 and the last (12)
    again = ComparisonResult.from_jsonl(out / "events.jsonl")
    assert again.summary["dropout"].val_loss == events[-1].summary[1].val_loss


def test_progress_bar_goes_to_stderr_and_summary_table_to_stdout(run) -> None:
    _, stdout, stderr = run
    assert "training" in stderr and "12/12" in stderr and "epoch" in stderr
    assert "12/12" not in stdout
    assert stdout.splitlines()[0].split()[:3] == ["metric", "baseline", "dropout"]
    assert "dropout (drop p = 0.5) vs baseline: Too few epochs to tell." in stdout  # the verdict (12 epochs)
    assert "Wrote " in stdout


def test_presets_lists_every_preset_and_the_pattern_table(capsys) -> None:
    assert main(["presets"]) == 0
    out = capsys.readouterr().out
    for preset in PRESETS:
        assert preset.name in out and preset.expect.split()[0] in out
    for row in PATTERN_TABLE:
        assert row["notes"] in out


def test_serve_passes_its_flags(monkeypatch) -> None:
    calls = []
    monkeypatch.setattr(dropout_lab.server, "serve", lambda **kw: calls.append(kw) or 0)
    argv = ["serve", "--host", "0.0.0.0", "--port", "8123", "--no-browser", "--token", "classroom-2026"]
    argv += [
        "--allowed-host",
        "lab.school.test",
        "--workers",
        "3",
        "--max-seconds",
        "30",
        "--max-memory-mb",
        "256",
    ]
    assert main(argv) == 0
    (call,) = calls
    settings = call.pop("settings")
    assert call == {
        "host": "0.0.0.0",
        "port": 8123,
        "open_browser": False,
        "token": "classroom-2026",
        "allowed_hosts": ("lab.school.test",),
    }
    assert settings.workers == 3 and settings.budget.seconds == 30 and settings.budget.memory_mb == 256


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--port", "-1"], "argument --port: must be an integer from 1 to 65535 (got '-1')"),
        (["--port", "70000"], "argument --port: must be an integer from 1 to 65535 (got '70000')"),
        (["--port", "http"], "argument --port: must be an integer from 1 to 65535 (got 'http')"),
        (["--workers", "0"], "argument --workers: must be an integer from 1 to 64"),
        (["--max-seconds", "0"], "argument --max-seconds: must be a number from 1 to 86400"),
        (["--token", "a b"], "argument --token: must be 8 to 200 characters"),
        (["--token", "short"], "argument --token: must be 8 to 200 characters"),
    ],
)
def test_serve_refuses_bad_flags_with_exit_2_and_the_range(capsys, argv, message) -> None:
    assert message in _fails_with(capsys, ["serve", *argv])


def test_no_command_prints_help_and_exits_2(capsys) -> None:
    assert main([]) == 2
    assert "compare" in capsys.readouterr().out


def test_own_csv_points_are_trained_on(tmp_path: Path, capsys) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("x1,x2,label\n" + "".join(f"{i / 10},{(i % 7) / 10},{i % 2}\n" for i in range(30)))
    out = tmp_path / "out"
    assert (
        main(["compare", *SMALL, "--epochs", "2", "--data", str(path), "--noise", "0.1", "--out", str(out)])
        == 0
    )
    err = capsys.readouterr().err
    assert "dropout-lab: note: --noise, --n-samples ignored: --data gives the points" in err
    started = json.loads((out / "events.jsonl").read_text().splitlines()[0])
    split = started["data"][0]
    assert len(split["X_train"]) + len(split["X_val"]) == 30
    assert json.loads((out / "summary.json").read_text())["data"] == "mine.csv"


def test_without_dropout_only_the_baseline_is_trained_and_the_user_is_told(capsys) -> None:
    argv = ["compare", *SMALL, "--epochs", "2", "--dropout", "0"]
    assert main(argv) == 0
    assert "only the baseline was trained: add e.g. --dropout 0.5" in capsys.readouterr().out


def test_ctrl_c_handler_is_restored_after_training(capsys) -> None:
    before = signal.getsignal(signal.SIGINT)
    assert main(["compare", *SMALL, "--epochs", "2"]) == 0
    assert signal.getsignal(signal.SIGINT) is before
