"""What the store says about a run without unpacking it: `StoredRun`, one row of the runs table.

Knows the table's columns: nothing of SQL connections, events or their encoding.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

# The columns a StoredRun is read from, in its fields' order (the blobs are read only to unpack a run).
COLUMNS = (
    "id, kind, created_at, name, notes, request_key, config, params, data_source, data_name, data_hash, "
    "versions, stopped, summary, size_bytes"
)


@dataclass(frozen=True)
class StoredRun:
    """One stored run (a comparison or an insight): its identity, settings and headline numbers.

    Attributes
    ----------
    id : str
        The run's id (a comparison's ``run_started.run_id``), e.g. ``"3f2a9c1e07b4"``.
    kind : str
        ``"train"`` for a with/without-dropout comparison, else the insight's name (``"sweep"``, ...).
    created_at : datetime
        When it was recorded (UTC).
    config : dict
        The experiment's settings (``TrainConfig`` fields).
    params : dict
        An insight's parameters (empty for a comparison).
    data_source : str
        ``"generated"``, ``"csv"`` (a file, named by `data_name`) or ``"points"`` (arrays).
    summary : dict
        A comparison: ``networks`` (final metrics per network), ``differences``, ``elapsed_s``. An
        insight: ``headline``.
    """

    id: str
    kind: str
    created_at: datetime
    name: str
    notes: str
    request_key: str
    config: dict[str, Any]
    params: dict[str, Any]
    data_source: str
    data_name: str | None
    data_hash: str | None
    versions: dict[str, str]
    stopped: bool
    summary: dict[str, Any]
    size_bytes: int

    @classmethod
    def from_row(cls, row: sqlite3.Row | tuple[Any, ...]) -> StoredRun:
        (id_, kind, created, name, notes, key, config, params, source, data_name, data_hash, versions,
         stopped, summary, size) = tuple(row)  # fmt: skip
        return cls(
            id=id_,
            kind=kind,
            created_at=datetime.fromisoformat(created),
            name=name,
            notes=notes,
            request_key=key,
            config=json.loads(config),
            params=json.loads(params),
            data_source=source,
            data_name=data_name,
            data_hash=data_hash,
            versions=json.loads(versions),
            stopped=bool(stopped),
            summary=json.loads(summary),
            size_bytes=size,
        )

    @property
    def is_training(self) -> bool:
        return self.kind == "train"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (the time as ISO 8601), e.g. for a server's run list."""
        data = asdict(self)
        data["created_at"] = self.created_at.isoformat()
        return data

    def __repr__(self) -> str:
        c = self.config
        when = self.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
        title = f" {self.name!r}" if self.name else ""
        return (
            f"StoredRun({self.id!r}{title}: {self.kind}, {c.get('dataset')}, {c.get('layers')} x "
            f"{c.get('neurons')}, dropout {c.get('dropout')}, {c.get('epochs')} epochs; {when})"
        )


@dataclass(frozen=True, repr=False)
class RemovedRun:
    """A run taken out of the store (`RunStore.take`) with every stored value, to put back on an undo."""

    run: StoredRun
    values: tuple[Any, ...]  # the row in rows.INSERT_COLUMNS order, blobs included

    def __repr__(self) -> str:
        return f"RemovedRun({self.run!r})"
