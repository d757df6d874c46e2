"""The "why dropout works" commands: ``dropout-lab sweep|ensemble|uncertainty|knockout|alternatives``.

Flags come from the config's knobs (via cli.py's helpers) and from each insight's parameter model, so
names, help and ranges never drift. This module only parses, drives a progress bar and writes files.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any

from ..api.files import atomic_path, write_text
from ..engine.config import TrainConfig
from ..engine.insights import INSIGHTS, make_params
from .flags import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    add_preset_flag,
    add_settings_flags,
    config_from_args,
    values_with_prefix,
)
from .preflight import announce_if_slow, check_out
from .recording import add_store_flags, record_insight_run, store_from_args

PARAM = "param_"  # namespace prefix of the analysis' parameters (knobs use their own names)


def add_insight_commands(subparsers: Any) -> None:
    """Register one subcommand per insight on `subparsers` (from ``parser.add_subparsers``)."""
    for name, insight in INSIGHTS.items():
        sub = subparsers.add_parser(
            name,
            help=insight.summary,
            description=f"{insight.title}: {insight.summary} Flags override the preset's values.",
        )
        add_preset_flag(sub)
        sub.add_argument("--out", metavar="DIR", help=f"Write {name}.png, {name}.csv and {name}.json here.")
        add_store_flags(sub)
        add_settings_flags(sub.add_argument_group(f"{name} parameters"), insight.params, dest_prefix=PARAM)
        knobs = sub.add_argument_group("experiment settings (default: the preset's, else shown)")
        add_settings_flags(knobs, TrainConfig)
        sub.set_defaults(run=run_insight_command, parser=sub, insight=name)


def run_insight_command(args: argparse.Namespace) -> int:
    """Build config and parameters from the flags, run the insight with a progress bar, print and save."""
    name = args.insight
    config = config_from_args(args)
    params = values_with_prefix(args, PARAM)
    out = check_out(args)  # before any work: a bad --out must not cost the results
    announce_if_slow(name, config, make_params(INSIGHTS[name].params, params))

    import torch  # late: --help stays fast
    from tqdm import tqdm

    from ..engine.insights import AnyResult, InsightProgress, InsightResult, run_insight
    from ..engine.insights.tables import insight_rows

    torch.set_num_threads(1)  # the engine evaluates on one extra thread; more only oversubscribes
    store = store_from_args(args)  # checked before the work: a store that cannot record says so now
    result: AnyResult | None = None
    bar = None
    try:
        for event in run_insight(name, config, params):
            if isinstance(event, InsightProgress):
                if bar is None:
                    bar = tqdm(total=event.total, file=sys.stderr, unit="step", leave=False)
                bar.set_description(event.stage)
                bar.update(event.done - bar.n)
            elif isinstance(event, InsightResult):
                result = event.result
    except KeyboardInterrupt:
        print("dropout-lab: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except RuntimeError as exc:
        print(f"dropout-lab: {name} failed: {exc}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        if bar is not None:
            bar.close()
    assert result is not None
    rows = insight_rows(result)
    print(result.claims.headline)
    print_rows(rows)
    for finding in result.claims.findings:
        print(f"- {finding}")
    record_insight_run(store, name, config, params, result, result.claims.headline)  # before the files
    if out is not None:
        try:
            paths = save_insight(name, result.model_dump(mode="json"), rows, out)
        except OSError as exc:  # e.g. a full disk: the table above is still printed
            print(f"dropout-lab: could not write {out}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_FAILED
        except KeyboardInterrupt:
            print("dropout-lab: interrupted while writing; no file was left half-written", file=sys.stderr)
            return EXIT_INTERRUPTED
        print(f"\nWrote {', '.join(str(p) for p in paths)}")
    return 0


def print_rows(rows: list[dict[str, Any]]) -> None:
    """An aligned text table (numbers to 4 significant digits)."""
    columns = list(dict.fromkeys(k for row in rows for k in row))
    cells = [columns] + [[_cell(row.get(c, "")) for c in columns] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(columns))]
    for row in cells:
        print("  " + "  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)))


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return "" if value is None else str(value)


def save_insight(name: str, result: dict[str, Any], rows: list[dict[str, Any]], out: Path) -> list[Path]:
    """Write NAME.png (the figure), NAME.csv (the rows) and NAME.json (the full result) into `out`."""
    from ..report.insights import insight_figure

    out.mkdir(parents=True, exist_ok=True)
    png, table, raw = out / f"{name}.png", out / f"{name}.csv", out / f"{name}.json"
    with atomic_path(png) as temporary:  # each file whole, or the previous one untouched
        insight_figure(name, result).savefig(temporary, dpi=110, format="png")
    columns = list(dict.fromkeys(k for row in rows for k in row))
    with atomic_path(table) as temporary, temporary.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    write_text(raw, json.dumps(result))
    return [png, table, raw]
