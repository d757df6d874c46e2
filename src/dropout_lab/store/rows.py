"""What one record writes: the row of a finished comparison or of an insight's result, checked, keyed
(identity.request_key) and packed (codec.py) before any lock is taken.

Knows the events, the identity key and the table's columns: nothing of connections or files.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..engine.events import Event, RunFinished, RunStarted
from .codec import CODEC, EventPacker, encode_result
from .identity import TRAIN, canonical, current_versions, request_key

DATA_SOURCES = ("generated", "csv", "points")
INSERT_COLUMNS = (
    "id", "kind", "created_at", "name", "notes", "request_key", "config", "params", "data_source",
    "data_name", "data_hash", "versions", "stopped", "summary", "codec", "events", "grids", "size_bytes",
)  # fmt: skip


@dataclass(frozen=True)
class Row:
    id: str
    kind: str
    config: dict[str, Any]
    params: dict[str, Any]
    data_source: str
    data_name: str | None
    data_hash: str | None
    versions: dict[str, str]
    name: str
    notes: str
    request_key: str
    stopped: bool
    summary: dict[str, Any]
    events: bytes
    grids: bytes | None

    def values(self) -> tuple[Any, ...]:
        """The values of INSERT_COLUMNS, recorded now."""
        now = datetime.now(UTC).isoformat(timespec="milliseconds")
        return (self.id, self.kind, now, self.name, self.notes, self.request_key, json.dumps(self.config),
                json.dumps(self.params), self.data_source, self.data_name, self.data_hash,
                json.dumps(self.versions), int(self.stopped), json.dumps(self.summary), CODEC, self.events,
                self.grids, len(self.events) + len(self.grids or b""))  # fmt: skip


def training_row(events: Iterable[Event], **details: Any) -> Row:
    """A finished comparison (run_started ... run_finished); its id is the run's ``run_id``."""
    events = list(events)
    started, finished = (events[0], events[-1]) if events else (None, None)
    if not isinstance(started, RunStarted) or not isinstance(finished, RunFinished):
        raise ValueError("only a finished run is stored: run_started ... run_finished")
    packer = EventPacker()
    for event in events:
        packer.add(event)
    return packed_training_row(started, finished, packer, **details)


def packed_training_row(
    started: RunStarted,
    finished: RunFinished,
    packer: EventPacker,
    *,
    data_source: str = "generated",
    data_name: str | None = None,
    data_hash: str | None = None,
    name: str = "",
    notes: str = "",
    versions: dict[str, str] | None = None,
) -> Row:
    """The row of a comparison whose events (`started` ... `finished`) went into `packer`."""
    _check_data(data_source, data_hash, custom=started.data_source == "custom")
    versions = versions or current_versions()
    packed, grids = packer.blobs()
    summary = {
        "networks": [s.model_dump() for s in finished.summary],
        "differences": finished.differences,
        "elapsed_s": finished.elapsed_s,
    }
    key = request_key(TRAIN, started.config, None, data_hash=data_hash, versions=versions)
    return Row(started.run_id, TRAIN, started.config, {}, data_source, data_name, data_hash, versions, name,
               notes, key, finished.stopped, summary, packed, grids)  # fmt: skip


def insight_row(
    insight: str,
    config: Any,
    params: Any,
    result: Any,
    *,
    headline: str = "",
    data_source: str = "generated",
    data_name: str | None = None,
    data_hash: str | None = None,
    name: str = "",
    notes: str = "",
    versions: dict[str, str] | None = None,
) -> Row:
    """An insight's result (a dict, or a pydantic model) with its settings and parameters; a new id."""
    _check_data(data_source, data_hash, custom=data_source != "generated")
    versions = versions or current_versions()
    config, params = canonical(insight, config, params)  # stored in full, as the key sees them
    key = request_key(insight, config, params, data_hash=data_hash, versions=versions)
    return Row(uuid.uuid4().hex[:12], insight, config, params, data_source, data_name, data_hash, versions,
               name, notes, key, False, {"headline": headline}, encode_result(result), None)  # fmt: skip


def _check_data(source: str, data_hash: str | None, *, custom: bool) -> None:
    """Own points need their hash: two different sets of points must never share a request key."""
    if source not in DATA_SOURCES:
        raise ValueError(f"data_source must be one of {', '.join(DATA_SOURCES)}, not {source!r}")
    if (source != "generated" or custom) and not data_hash:
        raise ValueError("a run on the user's own points needs their data_hash (identity.points_digest)")
    if custom and source == "generated":
        raise ValueError("the run trained on the user's own points: data_source must be 'csv' or 'points'")
