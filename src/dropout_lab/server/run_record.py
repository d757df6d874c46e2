"""What the server has seen of a run, enough to end it itself when its worker cannot.

A worker that does not stop in time is killed; the client still gets a proper end: for a training,
run_finished(stopped=true, reason) with the summary of the epochs already sent (the same numbers the
engine would have reported had it stopped there); for an analysis, insight_failed(reason). Knows the
event schema only: nothing of sockets or processes.
"""

from __future__ import annotations

import json
import time
from typing import Any

import numpy as np

from dropout_lab.engine.events import NetworkSpec, RunFailed, RunFinished
from dropout_lab.engine.summary import differences, summarize

from .jobs import InsightFailed, Job

ENDS = frozenset({"run_finished", "run_failed", "insight_result", "insight_failed"})
STOPPED = "stopped"  # the reason of a stop the user asked for
HISTORY_KEYS = ("train_loss", "val_loss", "train_acc", "val_acc", "batch_loss")  # summary.py's rows


class RunRecord:
    """Networks and per-epoch metrics of one job as they pass to the client; whether it has ended."""

    def __init__(self, job: Job):
        self.job = job
        self.run_id = ""
        self.networks: list[NetworkSpec] = []
        self.epochs: dict[str, list[list[float]]] = {}  # network -> one HISTORY_KEYS row per epoch
        self.ended = False  # an end event (ENDS) has been passed on
        self.t0 = time.perf_counter()

    def note(self, kind: str, meta: dict[str, Any] | None) -> None:
        if kind in ENDS:
            self.ended = True
        if meta is None:
            return
        if kind == "run_started":
            self.run_id = str(meta.get("run_id", ""))
            self.networks = [NetworkSpec(**n) for n in meta.get("networks", [])]
        elif kind == "epoch_finished":
            row = [float("nan") if meta.get(k) is None else float(meta[k]) for k in HISTORY_KEYS]
            self.epochs.setdefault(str(meta.get("network")), []).append(row)

    def with_reason(self, text: str, reason: str | None) -> str:
        """A run_finished from the engine, with why it stopped (when it did stop)."""
        if reason is None:
            return text
        payload = json.loads(text)
        if not payload.get("stopped") or payload.get("reason"):
            return text
        payload["reason"] = reason
        return json.dumps(payload, separators=(",", ":"))

    def end(self, reason: str) -> str | None:
        """The end event the server sends for a job it ended itself (None: an analysis the user stopped)."""
        self.ended = True
        return self.ending(reason)

    def ending(self, reason: str) -> str | None:
        """That end event for the messages passed on so far, the record left open (for one client that
        leaves a job others still watch: sharing.py)."""
        if not self.job.is_training:
            if reason == STOPPED:
                return None  # a stopped analysis ends quietly, as when its worker stops it
            return InsightFailed(insight=self.job.kind, reason=reason).model_dump_json()
        complete = min((len(self.epochs.get(n.name, [])) for n in self.networks), default=0)
        summary = []
        if complete:
            history = np.array([[self.epochs[n.name][e] for n in self.networks] for e in range(complete)])
            summary = summarize(self.networks, history.transpose(0, 2, 1))  # (epochs, 5, K)
        return RunFinished(
            run_id=self.run_id,
            stopped=True,
            elapsed_s=round(time.perf_counter() - self.t0, 3),
            summary=summary,
            differences=differences(summary),
            reason=reason,
        ).model_dump_json()

    def failed(self, reason: str) -> str:
        """The end event of a job whose worker died on its own."""
        self.ended = True
        if self.job.is_training:
            return RunFailed(run_id=self.run_id, reason=reason).model_dump_json()
        return InsightFailed(insight=self.job.kind, reason=reason).model_dump_json()
