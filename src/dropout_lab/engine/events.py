"""Typed events: the only interface between the engine and its consumers.

The engine yields these; the server sends ``event.model_dump()`` as JSON over a WebSocket, the CLI writes
them as JSON lines, reports and the Python API read them. Keys are snake_case everywhere.

Order of one run: ``run_started``; then for each epoch, in order: one ``epoch_finished`` per network (in
the order of ``run_started.networks``), one ``dropout_mask`` per network with dropout, and -- every
``snapshot_every`` epochs, after the last epoch and after a stop -- one ``boundary_snapshot`` per network;
finally ``run_finished`` (also after a stop, with ``stopped=true``) or ``run_failed``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, TypeAdapter


class NetworkSpec(BaseModel):
    """One network of a run. Networks of a run share the architecture and optimiser settings."""

    name: str  # "baseline" (no dropout) and "dropout" in a comparison; "p=0.30" etc. in a sweep
    dropout: float
    weight_decay: float
    seed: int


class DataSplit(BaseModel):
    """The points one seed trains and validates on. X rows are (x1, x2); y is 0 or 1."""

    seed: int
    X_train: list[list[float]]
    y_train: list[int]
    X_val: list[list[float]]
    y_val: list[int]


class RunStarted(BaseModel):
    type: Literal["run_started"] = "run_started"
    run_id: str
    config: dict[str, Any]  # TrainConfig.model_dump()
    data_source: Literal["generated", "custom"]  # custom: the user's points (dataset/noise/n_samples unused)
    networks: list[NetworkSpec]
    data: list[DataSplit]  # one per distinct seed among the networks
    extent: tuple[float, float, float, float]  # (x_min, x_max, y_min, y_max) of the boundary grid
    grid_size: int
    # When this stream is a stored run replayed from the run store: the time it was recorded (ISO 8601,
    # UTC). None for a run trained for this request.
    stored_at: str | None = None


class EpochFinished(BaseModel):
    """Metrics after one epoch, all measured in eval mode on full sets -- except batch_loss."""

    type: Literal["epoch_finished"] = "epoch_finished"
    run_id: str
    network: str
    epoch: int  # 1-based
    train_loss: float  # eval mode, full training set
    val_loss: float  # eval mode, validation set
    gap: float  # val_loss - train_loss
    train_acc: float
    val_acc: float
    batch_loss: float  # running mean of the mini-batch losses in train mode (thinned networks)


class BoundarySnapshot(BaseModel):
    """Class-1 probability (eval mode) on a grid_size x grid_size grid over `extent`.

    ``probs`` is row-major, row 0 at y_min, column 0 at x_min, values rounded to 3 decimals.
    """

    type: Literal["boundary_snapshot"] = "boundary_snapshot"
    run_id: str
    network: str
    epoch: int
    grid_size: int
    extent: tuple[float, float, float, float]
    probs: list[float]


class DropoutMask(BaseModel):
    """Which hidden units one training example had switched off at the last step of an epoch.

    For networks with dropout only; ``kept[l][i]`` is False when unit i of hidden layer l was dropped.
    At most the first 16 units of each layer are included (enough to draw; the rest behave alike).
    Survivors were multiplied by ``scale`` = 1/(1-p) (inverted dropout).
    """

    type: Literal["dropout_mask"] = "dropout_mask"
    run_id: str
    network: str
    epoch: int
    p: float
    scale: float
    kept: list[list[bool]]


class NetworkSummary(BaseModel):
    network: str
    dropout: float
    weight_decay: float
    seed: int
    epochs_run: int
    train_loss: float
    val_loss: float
    gap: float
    train_acc: float
    val_acc: float
    best_epoch: int  # epoch of the lowest validation loss
    best_val_loss: float
    val_noise: float = 0.0  # epoch-to-epoch wiggle of the validation loss at the end (verdict.curve_noise)


class RunFinished(BaseModel):
    type: Literal["run_finished"] = "run_finished"
    run_id: str
    stopped: bool  # True when the consumer asked to stop before the last epoch
    elapsed_s: float
    summary: list[NetworkSummary]
    # Each dropout network minus the baseline: val_loss, gap, val_acc (empty without a baseline).
    differences: dict[str, dict[str, float]]
    # Why a stopped run stopped, when its consumer says: "stopped" (the user), "time limit ...",
    # "client ...", "server shutting down"; None when not given (or not stopped).
    reason: str | None = None


class RunFailed(BaseModel):
    type: Literal["run_failed"] = "run_failed"
    run_id: str
    reason: str


Event = Annotated[
    RunStarted | EpochFinished | DropoutMask | BoundarySnapshot | RunFinished | RunFailed,
    Field(discriminator="type"),
]
EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)


def parse_event(payload: dict[str, Any]) -> Event:
    """Rebuild a typed event from its JSON form (e.g. a line of events.jsonl)."""
    return EVENT_ADAPTER.validate_python(payload)
