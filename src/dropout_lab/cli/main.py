"""The ``dropout-lab`` command: parse flags -> config -> engine (via the API), report or server.

Flags of ``compare`` are generated from the config's knobs, so names, help, defaults and ranges never
drift from `TrainConfig`. This module only parses and prints: no training, plotting or HTTP code.
"""

from __future__ import annotations

import argparse
import signal
import sys
import textwrap
import threading
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

from ..api.points import CsvFormatError, read_points_csv
from ..engine.config import TrainConfig
from ..engine.presets import PATTERN_TABLE, PRESETS
from .flags import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    add_preset_flag,
    add_settings_flags,
    config_from_args,
)
from .insights import add_insight_commands
from .preflight import announce_if_slow, check_out, output_bytes
from .recording import add_store_flags, record_comparison_run, store_from_args
from .runs import add_runs_command
from .serve_flags import add_serve_flags


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (also used as the console script)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    return args.run(args)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser: presets, compare, serve, the insight commands and runs."""
    parser = argparse.ArgumentParser(
        prog="dropout-lab", description="See how dropout prevents overfitting on 2-D toy problems."
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    presets = commands.add_parser("presets", help="List the named scenarios and the settings per pattern.")
    presets.set_defaults(run=show_presets, parser=presets)

    compare = commands.add_parser(
        "compare",
        help="Train the same network with and without dropout; print (and save) the comparison.",
        description="Train the same network with and without dropout. Flags override the preset's values.",
    )
    add_preset_flag(compare)
    compare.add_argument("--data", metavar="FILE.csv", help="Your own points: CSV rows x1,x2,label (0/1).")
    compare.add_argument(
        "--out", metavar="DIR", help="Write report.png, history.csv, summary.json, events.jsonl."
    )
    add_store_flags(compare)
    knobs = compare.add_argument_group("experiment settings (default: the preset's, else shown)")
    add_settings_flags(knobs, TrainConfig)
    compare.set_defaults(run=run_compare, parser=compare)

    serve = commands.add_parser(
        "serve",
        help="Start the web lab in your browser.",
        description="Start the web lab. It listens on 127.0.0.1 unless told otherwise; on any other "
        "address it requires a token (generated and printed in the URL unless you give one).",
    )
    add_serve_flags(serve)
    serve.set_defaults(run=run_serve, parser=serve)

    add_insight_commands(commands)  # sweep, ensemble, uncertainty, knockout, alternatives
    add_runs_command(commands)  # runs list | show | export | rm | rename | note | path
    return parser


def run_compare(args: argparse.Namespace) -> int:
    """Build the config from preset and flags, train with a progress bar, print and save the result."""
    config = config_from_args(args)
    try:
        data = read_points_csv(args.data) if args.data else None
    except CsvFormatError as exc:
        args.parser.error(f"argument --data: {exc}")
    unused = [f"--{n.replace('_', '-')}" for n in ("dataset", "noise", "n_samples") if hasattr(args, n)]
    if data is not None and unused:
        print(f"dropout-lab: note: {', '.join(unused)} ignored: --data gives the points", file=sys.stderr)
    check_out(args, output_bytes(config))  # before training: a bad --out must not cost the results
    announce_if_slow("train", config)

    import torch  # late: `presets` and `--help` stay fast

    from ..api.compare import compare_config
    from ..api.estimate import SlowJobWarning
    from ..api.results import TrainingError

    torch.set_num_threads(1)  # two small nets: threads cost more in sync than they gain
    store = store_from_args(args)  # checked before training: a store that cannot record says so now
    stop = {"requested": False}
    in_main_thread = threading.current_thread() is threading.main_thread()  # signals need the main thread
    previous = signal.signal(signal.SIGINT, _request_stop(stop)) if in_main_thread else None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SlowJobWarning)  # announced above, in the CLI's words
            result = compare_config(
                config,
                data=data,
                data_label=args.data and Path(args.data).name,
                progress=True,
                should_stop=lambda: stop["requested"],
                store=False,  # recorded below, with a message
            )
    except TrainingError as exc:
        print(f"dropout-lab: training failed: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("dropout-lab: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        if in_main_thread:
            signal.signal(signal.SIGINT, previous)
    if result.stopped:
        print(f"Stopped early after epoch {result.summary[0].epochs_run} (Ctrl+C).")
    print(result.summary)
    if len(result.summary) == 1:
        print("\nThe drop probability is 0, so only the baseline was trained: add e.g. --dropout 0.5.")
    record_comparison_run(store, result, data)  # before the files: a failed write loses nothing
    if args.out:
        try:
            paths = result.save(args.out)
        except OSError as exc:  # e.g. the disk filled up meanwhile: the table above is still printed
            print(f"dropout-lab: could not write {args.out}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_FAILED
        except KeyboardInterrupt:  # each file is whole: the new one, or the old one left untouched
            print("dropout-lab: interrupted while writing; no file was left half-written", file=sys.stderr)
            return EXIT_INTERRUPTED
        print(f"\nWrote {', '.join(str(p) for p in paths.values())}")
    return EXIT_INTERRUPTED if result.stopped else 0


def show_presets(args: argparse.Namespace) -> int:
    """Print the presets with their settings and what to look for, then the settings per pattern."""
    print("Presets (dropout-lab compare --preset NAME; flags override their values):\n")
    width = max(len(p.name) for p in PRESETS)
    for preset in PRESETS:
        c = preset.config
        settings = f"{c.dataset}, noise {c.noise:g}; {c.layers} x {c.neurons}; dropout {c.dropout:g}; "
        settings += f"{c.epochs} epochs"
        lines = [settings, *textwrap.wrap(preset.expect, width=96 - width)]
        print(f"  {preset.name.ljust(width)}  {lines[0]}")
        for line in lines[1:]:
            print(" " * (width + 4) + line)
    columns = ("pattern", "difficulty", "layers", "neurons", "dropout", "epochs", "preset", "notes")
    rows = [columns, *[tuple(str(row.get(c, "")) for c in columns) for row in PATTERN_TABLE]]
    widths = [max(len(r[i]) for r in rows) for i in range(len(columns))]
    print("\nRecommended starting points per pattern:\n")
    for i, row in enumerate(rows):
        print("  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if i == 0:
            print("  " + "  ".join("-" * w for w in widths))
    return 0


def run_serve(args: argparse.Namespace) -> int:
    """Start the web server (imported here: the CLI works without the web stack loaded)."""
    from ..server import serve
    from ..server.budget import Budget
    from ..server.settings import LabSettings
    from ..store import RunStore

    settings = LabSettings(
        workers=args.workers,
        budget=Budget(seconds=args.max_seconds, memory_mb=args.max_memory_mb),
        store=RunStore.default(args.store, off=args.no_store),  # checked when the server starts
    )
    return serve(
        host=args.host,
        port=args.port,
        open_browser=not args.no_browser,
        settings=settings,
        token=args.token,
        allowed_hosts=tuple(args.allowed_host or ()),
    )


def _request_stop(stop: dict[str, bool]) -> Callable[[int, object], None]:
    """SIGINT handler: the first Ctrl+C ends training after this epoch (results kept); a second aborts."""

    def handle(signum: int, frame: object) -> None:
        if stop["requested"]:
            raise KeyboardInterrupt
        stop["requested"] = True
        print("\nStopping after this epoch (Ctrl+C again to abort)...", file=sys.stderr)

    return handle


if __name__ == "__main__":
    sys.exit(main())
