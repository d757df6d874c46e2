"""A finished run as an object (`ComparisonResult`), rebuilt from its events; reads and writes its folder.

The folder holds report.png, history.csv, summary.json and events.jsonl. Knows the event schema, the
report and the text summary: nothing of training, flags or the web.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..engine.config import TrainConfig
from ..engine.events import (
    BoundarySnapshot,
    DataSplit,
    EpochFinished,
    Event,
    NetworkSummary,
    RunFailed,
    RunFinished,
    RunStarted,
    parse_event,
)
from ..report.text import format_summary
from .files import atomic_path, write_text

if TYPE_CHECKING:
    from matplotlib.figure import Figure

HISTORY_COLUMNS = ("network", "epoch", "train_loss", "val_loss", "gap", "train_acc", "val_acc", "batch_loss")


class TrainingError(RuntimeError):
    """The engine reported ``run_failed``; the message is its reason."""


@dataclass(frozen=True)
class Summary:
    """Final metrics per network (``summary["dropout"].val_loss``) and dropout minus baseline."""

    networks: tuple[NetworkSummary, ...]
    differences: dict[str, dict[str, float]]

    def __getitem__(self, key: str | int) -> NetworkSummary:
        if isinstance(key, int):
            return self.networks[key]
        for item in self.networks:
            if item.network == key:
                return item
        raise KeyError(f"no network '{key}'; networks: {', '.join(n.network for n in self.networks)}")

    def __iter__(self) -> Iterator[NetworkSummary]:
        return iter(self.networks)

    def __len__(self) -> int:
        return len(self.networks)

    def __repr__(self) -> str:
        return format_summary(self.networks)


@dataclass(frozen=True)
class ComparisonResult:
    """Everything one run produced, rebuilt from its events.

    Attributes
    ----------
    config : TrainConfig
    summary : Summary
        Per network: final train/val loss, gap, accuracies, best epoch; plus the differences.
    history : dict
        ``history[network][metric]`` is a list over epochs; metrics are the `HISTORY_COLUMNS` after network.
    boundaries : dict
        The last `BoundarySnapshot` per network.
    data : list of DataSplit
        The training and validation points per seed.
    events : list
        Every event in order, as the engine yielded it.
    """

    config: TrainConfig
    summary: Summary
    history: dict[str, dict[str, list[float]]]
    boundaries: dict[str, BoundarySnapshot]
    data: list[DataSplit]
    events: list[Event]
    stopped: bool = False
    data_label: str | None = None  # names the user's own data (e.g. its CSV file); None = generated

    def __repr__(self) -> str:
        # The events hold every boundary map: never print them, print what a person wants to read.
        c = self.config
        data = self.data_label or f"{c.dataset}, noise {c.noise:g}"
        head = f"ComparisonResult({data}; {c.layers} x {c.neurons} {c.activation}; {c.epochs} epochs"
        head += "; stopped early)" if self.stopped else ")"
        return f"{head}\n{self.summary!r}"

    @property
    def run_id(self) -> str:
        """The run's id (``run_started.run_id``); ``load_run(result.run_id)`` reads it back from the store."""
        return self.events[0].run_id

    @classmethod
    def from_events(cls, events: Iterable[Event], *, data_label: str | None = None) -> ComparisonResult:
        """Rebuild a result from a finished event stream (e.g. the lines of events.jsonl)."""
        events = list(events)
        started = next((e for e in events if isinstance(e, RunStarted)), None)
        end = events[-1] if events else None
        if started is None:
            raise ValueError("the event stream has no run_started event")
        if isinstance(end, RunFailed):
            raise TrainingError(end.reason)
        if not isinstance(end, RunFinished):
            raise ValueError("the event stream has no run_finished event: the run did not complete")
        history: dict[str, dict[str, list[float]]] = {
            n.name: {col: [] for col in HISTORY_COLUMNS[1:]} for n in started.networks
        }
        boundaries: dict[str, BoundarySnapshot] = {}
        for event in events:
            if isinstance(event, EpochFinished):
                for col in HISTORY_COLUMNS[1:]:
                    history[event.network][col].append(getattr(event, col))
            elif isinstance(event, BoundarySnapshot):
                if event.network not in boundaries or event.epoch > boundaries[event.network].epoch:
                    boundaries[event.network] = event  # snapshots may arrive a few epochs late
        return cls(
            config=TrainConfig(**started.config),
            summary=Summary(tuple(end.summary), end.differences),
            history=history,
            boundaries=boundaries,
            data=started.data,
            events=events,
            stopped=end.stopped,
            data_label=data_label,
        )

    @classmethod
    def from_jsonl(cls, path: str | Path) -> ComparisonResult:
        """Read the ``events.jsonl`` written by `save` (or ``dropout-lab compare --out``)."""
        with open(path, encoding="utf-8") as lines:
            return cls.from_events(parse_event(json.loads(line)) for line in lines if line.strip())

    def plot(self, *, title: str | None = None) -> Figure:
        """A matplotlib Figure: loss curves, decision boundaries with the points, a metrics table."""
        from ..report.comparison import plot_comparison

        return plot_comparison(self.events, title=title, data_label=self.data_label)

    def save(self, out_dir: str | Path) -> dict[str, Path]:
        """Write report.png, history.csv, summary.json and events.jsonl into `out_dir`; return the paths.

        Each file is written under a temporary name and renamed into place: an interrupt or a full disk
        leaves the previous file (if any) or the new one, never a truncated one.
        """
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        paths = {name: out / name for name in ("report.png", "history.csv", "summary.json", "events.jsonl")}
        with atomic_path(paths["report.png"]) as temporary:
            self.plot().savefig(temporary, dpi=120, format="png")
        with (
            atomic_path(paths["history.csv"]) as temporary,
            open(temporary, "w", newline="", encoding="utf-8") as f,
        ):
            writer = csv.writer(f)
            writer.writerow(HISTORY_COLUMNS)
            for event in self.events:
                if isinstance(event, EpochFinished):
                    writer.writerow([getattr(event, col) for col in HISTORY_COLUMNS])
        summary = {
            "config": self.config.model_dump(),
            "data": self.data_label
            or "generated",  # with own data, config.dataset/noise/n_samples are unused
            "stopped": self.stopped,
            "networks": [s.model_dump() for s in self.summary],
            "differences": self.summary.differences,
        }
        write_text(paths["summary.json"], json.dumps(summary, indent=2) + "\n")
        with atomic_path(paths["events.jsonl"]) as temporary, open(temporary, "w", encoding="utf-8") as f:
            f.writelines(event.model_dump_json() + "\n" for event in self.events)
        return paths
