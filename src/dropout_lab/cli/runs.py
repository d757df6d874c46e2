"""``dropout-lab runs list | show ID | export ID --out DIR | rm ID... | rename ID NAME | note ID TEXT``
(and ``runs path``): the run store from the command line.

IDs may be abbreviated to any unique prefix. `export` writes the files ``compare --out`` (or the
insight's ``--out``) writes. Every store problem is one line on stderr and exit code 1; nothing stored
is changed by a failed command. Only parses, prints and writes the exported files.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path
from typing import Any

from ..api.results import ComparisonResult
from ..api.runs import RunList, load_run
from ..engine.events import NetworkSummary
from ..report.text import format_summary
from ..store import RunStore, StoredRun, StoreError, StoreOffError, store_path
from .flags import EXIT_FAILED
from .recording import add_store_flags


def add_runs_command(subparsers: Any) -> None:
    """Register ``runs`` and its subcommands on `subparsers` (from ``parser.add_subparsers``)."""
    runs = subparsers.add_parser(
        "runs",
        help="List, show, export, rename and remove the runs recorded in the run store.",
        description="The runs compare and the insight commands recorded. IDs may be abbreviated.",
    )
    commands = runs.add_subparsers(dest="runs_command", metavar="SUBCOMMAND", required=True)

    def sub(name: str, help: str, run: Any) -> argparse.ArgumentParser:
        parser = commands.add_parser(name, help=help, description=help)
        add_store_flags(parser, recording=False)
        parser.set_defaults(run=_guarded(run), parser=parser)
        return parser

    listing = sub("list", "The stored runs, newest first.", list_runs)
    listing.add_argument("--kind", help="Only this kind: train, or an insight's name (sweep, ...).")
    listing.add_argument("--limit", type=int, metavar="N", help="At most N runs.")
    sub("show", "One run: settings, data, versions, numbers.", show_run).add_argument("id")
    export = sub("export", "Write a run's report files, as compare --out does.", export_run)
    export.add_argument("id")
    export.add_argument("--out", metavar="DIR", required=True, help="The folder to write into.")
    remove = sub("rm", "Remove runs for good.", remove_runs)
    remove.add_argument("ids", nargs="*", metavar="ID")
    remove.add_argument("--all", action="store_true", help="Remove every run (needs --yes).")
    remove.add_argument("--yes", action="store_true", help="Confirm --all.")
    rename = sub("rename", "Give a run a name.", rename_run)
    rename.add_argument("id")
    rename.add_argument("name")
    note = sub("note", "Set a run's notes.", note_run)
    note.add_argument("id")
    note.add_argument("text")
    sub("path", "Print where the run store lives.", show_path)


def _guarded(command: Any) -> Any:
    """Run a subcommand against the store the flags name; a StoreError is one line and exit 1."""

    def run(args: argparse.Namespace) -> int:
        try:
            store = RunStore.default(args.store)
            if store is None and command is not show_path:
                raise StoreOffError()
            code: int = command(store, args)
            return code
        except StoreError as exc:
            print(f"dropout-lab: {exc}", file=sys.stderr)
            return EXIT_FAILED

    return run


def list_runs(store: RunStore, args: argparse.Namespace) -> int:
    found = RunList(store.runs(kind=args.kind, limit=args.limit))
    if not found:
        print(f"No runs recorded yet in {store.path}.")
        return 0
    print(f"Runs in {store.path}, newest first:\n")
    print(repr(found))
    return 0


def show_run(store: RunStore, args: argparse.Namespace) -> int:
    run = store.get(args.id)
    c = run.config
    data = {"generated": f"generated: {c['dataset']}, noise {c['noise']:g}, {c['n_samples']} points"}
    data_line = data.get(run.data_source, f"{run.data_name} ({run.data_source}, sha256 {run.data_hash})")
    lines = [
        f"Run {run.id}" + (f"  {run.name!r}" if run.name else ""),
        f"  recorded  {run.created_at.astimezone():%Y-%m-%d %H:%M:%S %Z}",
        f"  kind      {run.kind}" + ("  (stopped early)" if run.stopped else ""),
        f"  data      {data_line}",
        _wrapped("settings", c),
    ]
    if run.params:
        lines.append(_wrapped("params", run.params))
    lines.append("  versions  " + ", ".join(f"{k} {v}" for k, v in run.versions.items()))
    lines.append(f"  stored    {run.size_bytes / 1000:.1f} kB")
    if run.notes:
        lines.append(f"  notes     {run.notes}")
    print("\n".join(lines) + "\n")
    if run.is_training:
        print(format_summary([NetworkSummary(**n) for n in run.summary["networks"]]))
    else:
        print(run.summary.get("headline", ""))
    return 0


def export_run(store: RunStore, args: argparse.Namespace) -> int:
    run = store.get(args.id)
    loaded = load_run(run, store=store)
    out = Path(args.out)
    if isinstance(loaded, ComparisonResult):
        paths = list(loaded.save(out).values())
    else:
        from ..engine.insights.tables import insight_rows
        from .insights import save_insight

        paths = save_insight(run.kind, loaded.model_dump(mode="json"), insight_rows(loaded), out)
    print(f"Wrote {', '.join(str(p) for p in paths)}")
    return 0


def remove_runs(store: RunStore, args: argparse.Namespace) -> int:
    if args.all:
        if args.ids or not args.yes:
            count = len(store.runs())
            what = "give either IDs or --all" if args.ids else f"remove all {count} runs: add --yes"
            args.parser.error(what)
        print(f"Removed {store.clear()} runs from {store.path}.")
        return 0
    if not args.ids:
        args.parser.error("name the runs to remove (IDs), or --all --yes")
    targets = [store.get(run_id) for run_id in args.ids]  # every id checked before anything is removed
    for run in targets:
        store.remove(run.id)
        print(f"Removed run {_label(run)}.")
    return 0


def rename_run(store: RunStore, args: argparse.Namespace) -> int:
    print(f"Renamed run {_label(store.rename(args.id, args.name))}.")
    return 0


def note_run(store: RunStore, args: argparse.Namespace) -> int:
    run = store.annotate(args.id, args.text)
    print(f"Notes of run {_label(run)}: {run.notes}")
    return 0


def show_path(store: RunStore | None, args: argparse.Namespace) -> int:
    path = store_path(args.store)
    if path is None:
        print("dropout-lab: the run store is switched off (DROPOUT_LAB_STORE=off)", file=sys.stderr)
        return EXIT_FAILED
    print(path)
    return 0


def _wrapped(title: str, values: dict[str, Any]) -> str:
    text = ", ".join(f"{k}={v}" for k, v in values.items())
    return textwrap.fill(text, 100, initial_indent=f"  {title:<10}", subsequent_indent=" " * 12)


def _label(run: StoredRun) -> str:
    return f"{run.id} {run.name!r}" if run.name else run.id
