"""The round trip: a run recorded by `compare` is listed, shown and exported by `dropout-lab runs`
(the same files as `compare --out`) and loaded in Python with identical numbers; insights likewise."""

from __future__ import annotations

import contextlib
import io
import re
import warnings
from pathlib import Path

import pytest

import dropout_lab
from dropout_lab import ComparisonResult, StoreWarning, compare, load_run, make_moons, runs
from dropout_lab.cli import main
from dropout_lab.store import RunNotFoundError, RunStore, StoreOffError, request_key

SMALL = ["--epochs", "8", "--neurons", "16", "--layers", "2", "--n-samples", "60", "--grid-size", "16"]
SMALL += ["--snapshot-every", "4", "--dropout", "0.5", "--seed", "2"]
FILES = ("report.png", "history.csv", "summary.json", "events.jsonl")


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def recorded_id(out: str) -> str:
    found = re.search(r"Recorded as run ([0-9a-f]{12}) \(dropout-lab runs show \1\)", out)
    assert found, out
    return found.group(1)


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, Path]:
    """`compare --out` into a fresh store: (store, run id, the folder compare wrote)."""
    root = tmp_path_factory.mktemp("round-trip")
    store, out = root / "runs.sqlite3", root / "compare-out"
    stdout = io.StringIO()  # a module-scoped fixture has no capsys
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(io.StringIO()):
        assert main(["compare", *SMALL, "--out", str(out), "--store", str(store)]) == 0
    return store, recorded_id(stdout.getvalue()), out


def test_a_run_recorded_by_compare_is_listed_with_its_numbers(recorded, capsys, monkeypatch) -> None:
    store, run_id, out = recorded
    monkeypatch.setenv("DROPOUT_LAB_STORE", str(store))  # the default store, as a user would set it
    code, listing, _ = cli(capsys, "runs", "list")
    assert code == 0 and f"Runs in {store}" in listing
    row = next(line for line in listing.splitlines() if line.startswith(run_id))
    result = ComparisonResult.from_jsonl(out / "events.jsonl")
    val = " -> ".join(f"{n.val_loss:.3f}" for n in result.summary)
    assert " train " in row and "moons 0.3" in row and "2x16 p=0.5 8ep" in row and f"val loss {val}" in row


def test_show_prints_the_settings_versions_and_the_summary_table(recorded, capsys) -> None:
    store, run_id, out = recorded
    code, text, _ = cli(capsys, "runs", "show", run_id[:6], "--store", str(store))
    assert code == 0 and text.startswith(f"Run {run_id}\n")
    assert "generated: moons, noise 0.3, 60 points" in text and "torch 2.13" in text
    assert "neurons=16" in text and "dropout=0.5" in text
    assert repr(ComparisonResult.from_jsonl(out / "events.jsonl").summary) in text


def test_export_writes_the_same_files_as_compare_out(recorded, capsys, tmp_path) -> None:
    store, run_id, out = recorded
    code, text, _ = cli(
        capsys, "runs", "export", run_id, "--out", str(tmp_path / "exported"), "--store", str(store)
    )
    assert code == 0 and text.startswith("Wrote ")
    for name in FILES:
        assert (tmp_path / "exported" / name).read_bytes() == (out / name).read_bytes(), name


def test_load_run_returns_the_result_with_identical_numbers(recorded) -> None:
    store, run_id, out = recorded
    loaded = load_run(run_id[:5], store=store)
    original = ComparisonResult.from_jsonl(out / "events.jsonl")
    assert isinstance(loaded, ComparisonResult) and loaded.run_id == run_id
    assert loaded.history == original.history and loaded.summary == original.summary
    assert loaded.events == original.events and loaded.boundaries == original.boundaries
    (listed,) = runs(store=store)
    assert load_run(listed, store=store) == loaded


def test_compare_in_python_records_by_default_and_load_run_gives_back_an_equal_result(tmp_path) -> None:
    store = tmp_path / "runs.sqlite3"
    result = compare(dropout=0.5, epochs=4, neurons=8, layers=1, n_samples=40, grid_size=10, store=store)
    assert [r.id for r in runs(store=store)] == [result.run_id]
    assert load_run(result.run_id, store=store) == result  # every field: config, history, events, ...


def test_compare_records_in_the_default_store_unless_store_false_or_off(tmp_path, monkeypatch) -> None:
    store = tmp_path / "runs.sqlite3"
    monkeypatch.setenv("DROPOUT_LAB_STORE", str(store))
    compare(epochs=2, neurons=4, layers=1, n_samples=40, grid_size=10, store=False)
    assert runs() == [] and not store.exists()
    recorded = compare(epochs=2, neurons=4, layers=1, n_samples=40, grid_size=10)  # the default store
    assert [r.id for r in runs()] == [recorded.run_id] and store.exists()
    store.unlink()
    monkeypatch.setenv("DROPOUT_LAB_STORE", "off")
    compare(epochs=2, neurons=4, layers=1, n_samples=40, grid_size=10)
    assert not store.exists()
    with pytest.raises(StoreOffError, match="switched off"):
        runs()


def test_a_store_that_cannot_record_warns_and_compare_still_returns_the_result(tmp_path) -> None:
    not_a_store = tmp_path / "notes.txt"
    not_a_store.write_text("my notes, not a database\n" * 100)
    with pytest.warns(StoreWarning, match="the run was not recorded: .*notes.txt is not a usable"):
        result = compare(epochs=2, neurons=4, layers=1, n_samples=40, grid_size=10, store=not_a_store)
    assert len(result.summary) == 1 and not_a_store.read_text().startswith("my notes")


def test_own_points_are_recorded_by_their_hash_and_name(tmp_path, capsys) -> None:
    store = tmp_path / "runs.sqlite3"
    X, y = make_moons(60, noise=0.2, random_state=1)
    csv = tmp_path / "mine.csv"
    csv.write_text(
        "x1,x2,label\n" + "".join(f"{a!r},{b!r},{c}\n" for (a, b), c in zip(X.tolist(), y, strict=True))
    )
    code, out, _ = cli(
        capsys, "compare", "--data", str(csv), "--epochs", "2", "--grid-size", "10", "--store", str(store)
    )
    assert code == 0
    from_csv = RunStore(store).get(recorded_id(out))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # recording must not warn
        from_arrays = compare(data=(X, y), epochs=2, grid_size=10, store=store)
    from_python = RunStore(store).get(from_arrays.run_id)
    assert (from_csv.data_source, from_csv.data_name) == ("csv", "mine.csv")
    assert (from_python.data_source, from_python.data_name) == ("points", "your data")
    assert from_csv.data_hash == from_python.data_hash and len(from_csv.data_hash or "") == 64
    assert from_csv.request_key == from_python.request_key  # the same points, the same request
    loaded = load_run(from_csv.id, store=store)
    assert isinstance(loaded, ComparisonResult) and loaded.data_label == "mine.csv"
    other = compare(data=(X, 1 - y), epochs=2, grid_size=10, store=store)
    other_run = RunStore(store).get(other.run_id)
    assert other_run.data_hash != from_csv.data_hash and other_run.request_key != from_csv.request_key


def test_an_insight_is_recorded_listed_exported_and_loaded(tmp_path, capsys) -> None:
    store = str(tmp_path / "runs.sqlite3")
    flags = ["--epochs", "6", "--layers", "1", "--neurons", "8", "--n-samples", "60", "--grid-size", "10"]
    flags += ["--rates", "0,0.5", "--n-seeds", "1", "--store", store]
    code, out, _ = cli(capsys, "sweep", *flags, "--out", str(tmp_path / "a"))
    assert code == 0
    run_id = recorded_id(out)
    code, listing, _ = cli(capsys, "runs", "list", "--kind", "sweep", "--store", store)
    assert code == 0 and run_id in listing
    assert cli(capsys, "runs", "list", "--kind", "train", "--store", store)[1].startswith("No runs recorded")
    code, _, _ = cli(capsys, "runs", "export", run_id, "--out", str(tmp_path / "b"), "--store", store)
    assert code == 0
    for name in ("sweep.png", "sweep.csv", "sweep.json"):
        assert (tmp_path / "b" / name).read_bytes() == (tmp_path / "a" / name).read_bytes(), name
    result = load_run(run_id, store=store)
    assert result.insight == "sweep" and result.rates == [0.0, 0.5]
    assert result.claims.headline[:40] in listing  # the list shows the result's own headline
    stored = RunStore(store).get(run_id)
    assert stored.params["rates"] == [0.0, 0.5] and stored.params["n_seeds"] == 1  # with every default
    config = {"epochs": 6, "layers": 1, "neurons": 8, "n_samples": 60, "grid_size": 10}
    assert stored.request_key == request_key("sweep", config, {"rates": [0, 0.5], "n_seeds": 1})


def test_no_store_records_nothing_and_says_nothing(tmp_path, capsys) -> None:
    store = tmp_path / "runs.sqlite3"
    code, out, err = cli(
        capsys, "compare", "--epochs", "2", "--grid-size", "10", "--store", str(store), "--no-store"
    )
    assert code == 0 and "Recorded" not in out and not store.exists()


def test_rename_note_and_rm_change_the_store_and_rm_all_needs_yes(recorded, capsys, tmp_path) -> None:
    store = tmp_path / "runs.sqlite3"
    copy = RunStore(store)
    for event_run in RunStore(recorded[0]).runs():
        copy.record_training(RunStore(recorded[0]).events(event_run.id))
    run_id = recorded[1]
    s = ["--store", str(store)]
    assert (
        cli(capsys, "runs", "rename", run_id[:4], "lesson 1", *s)[1] == f"Renamed run {run_id} 'lesson 1'.\n"
    )
    assert cli(capsys, "runs", "note", run_id, "gap 0.6 without", *s)[0] == 0
    assert (copy.get(run_id).name, copy.get(run_id).notes) == ("lesson 1", "gap 0.6 without")
    with pytest.raises(SystemExit):
        main(["runs", "rm", "--all", *s])
    assert "remove all 1 runs: add --yes" in capsys.readouterr().err and len(copy.runs()) == 1
    code, out, _ = cli(capsys, "runs", "rm", run_id, *s)
    assert code == 0 and out == f"Removed run {run_id} 'lesson 1'.\n" and copy.runs() == []
    with pytest.raises(RunNotFoundError):
        load_run(run_id, store=store)


def test_runs_path_names_the_store_and_runs_say_when_it_is_off(capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("DROPOUT_LAB_STORE", str(tmp_path))  # a folder: the file runs.sqlite3 in it
    assert cli(capsys, "runs", "path")[1] == f"{tmp_path / 'runs.sqlite3'}\n"
    monkeypatch.setenv("DROPOUT_LAB_STORE", "off")
    code, _, err = cli(capsys, "runs", "list")
    assert code == 1 and "switched off" in err
    monkeypatch.delenv("DROPOUT_LAB_STORE")
    assert cli(capsys, "runs", "path")[1].strip().endswith(str(Path("dropout-lab") / "runs.sqlite3"))


def test_the_package_exports_the_stored_runs_api() -> None:
    assert dropout_lab.runs is runs and dropout_lab.load_run is load_run
    assert {"runs", "load_run", "StoreWarning"} <= set(dropout_lab.__all__)
