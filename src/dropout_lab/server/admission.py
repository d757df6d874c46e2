"""Which way a valid request is served: joined, replayed, trained -- or refused.

1. A job identical to one in flight (equal request key) is joined (sharing.py): no new work.
2. Else a stored complete run identical to it is replayed from the run store (replay.py): no worker.
   A replay is in flight too: identical requests meanwhile share it.
3. Else it is trained on the worker pool, if it fits the budget and a slot is free; its flight is
   then open to joiners. Its worker records it (job_record.py) before it frees its slot, and a complete
   flight stays joinable until then: no identical request slips through between the two and trains again.

Joins and replays cost no computing: they are never refused as over the budget and take no worker slot
(a run recorded with `compare` on bigger settings than the server allows is replayed all the same).
Knows nothing of sockets.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from dropout_lab.store import request_key

from .budget import over_budget
from .jobs import Job
from .keeping import RunKeeper
from .outbox import Outbox
from .replay import Replay, open_stored
from .run import Run
from .runner import JobRunner
from .settings import LabSettings
from .sharing import Flight, Flights, Viewer


@dataclass(frozen=True)
class Refused:
    payload: dict[str, Any]
    busy: bool = False  # closed with "try again" rather than "policy"


@dataclass
class Lab:
    """What admission needs of the running server (app.state holds one)."""

    settings: LabSettings
    runner: JobRunner
    keeper: RunKeeper
    flights: Flights
    replays: set[Replay]


async def admit(lab: Lab, job: Job, outbox: Outbox) -> Viewer | Refused:
    """Serve `job` into `outbox`: the client's share of it (what its stream stops), or the refusal."""
    key = request_key(job.kind, job.config, job.params)
    flight = lab.flights.get(key)
    if flight is not None:
        return flight.join(outbox)
    stored = await lab.keeper.find(key)
    source = None
    if stored is not None and lab.keeper.store is not None:
        source = await open_stored(lab.keeper.store, stored)
    flight = lab.flights.get(key)  # an identical request may have started while the store was read
    if flight is not None:
        return flight.join(outbox)
    flight = Flight(key, job)
    if source is not None:
        viewer = flight.join(outbox)
        replay = Replay(job, flight.broadcast, source)
        _fly(lab, flight, replay)
        lab.replays.add(replay)  # to stop it at shutdown
        replay.on_done += [lambda: lab.replays.discard(replay), lambda: lab.flights.forget(flight)]
        return viewer
    too_big = over_budget(job, lab.settings.budget)
    if too_big is not None:
        return Refused(too_big)
    viewer = flight.join(outbox)
    run = lab.runner.try_start(job, flight.broadcast)
    if run is None:
        return Refused(_busy(lab.runner, job), busy=True)
    _fly(lab, flight, run)
    asyncio.get_running_loop().create_task(_forget_when_released(lab, flight, run))
    return viewer


def _fly(lab: Lab, flight: Flight, run: Run | Replay) -> None:
    flight.run = run
    lab.flights.add(flight)
    flight.broadcast.on_close.append(lambda: _ended(lab, flight))


def _ended(lab: Lab, flight: Flight) -> None:
    """The job ended: a stopped or failed one is joined by nobody new; a complete one stays joinable
    while its worker records it (until the run is released), then the store has it."""
    if not flight.broadcast.complete():
        lab.flights.forget(flight)


async def _forget_when_released(lab: Lab, flight: Flight, run: Run) -> None:
    await run.finished.wait()
    lab.flights.forget(flight)


def _busy(runner: JobRunner, job: Job) -> dict[str, Any]:
    what = "training" if job.is_training else "analysis"
    return {
        "type": "busy",
        "message": f"The server is busy: every {what} slot is in use ({runner.size} jobs at once, "
        f"{runner.max_insights} of them analyses). Try again when one finishes.",
    }
