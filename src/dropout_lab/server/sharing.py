"""Identical requests share one job: thirty students pressing Train on one scenario cost one training.

A `Broadcast` stands where a run's outbox stood (the Run pushes into it): it keeps every message of the
job in order (its history) and copies each to the outbox of every client watching. A client asking for a
job identical to one in flight (equal `store.request_key`) joins it: its own outbox first gets the
whole history (never coalesced: those texts are in memory already), then the rest live, coalesced for
that client alone if it lags. `Viewer.stop` lets one client leave (it gets its own run_finished, built
from what it has received, as if the run had stopped there for it); only the last viewer's stop stops
the job. `Flights` finds the job in flight for a request key. Knows nothing of sockets, workers or the
store.
"""

from __future__ import annotations

import itertools
import json
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from .jobs import Job
from .outbox import LAG_CHARS, Outbox
from .replay import Replay
from .run import Run
from .run_record import STOPPED

HISTORY_CHARS = LAG_CHARS  # history beyond which older maps and masks make way (a demo pair: ~3 MB)


class Broadcast:
    """Every message of one job, kept in order and copied to each attached client's outbox.

    The history stays whole for an ordinary run (the demo pair's 3 MB); past HISTORY_CHARS (a map every
    epoch, say) it keeps, of the messages an outbox may coalesce, only the newest per key, as a lagging
    client's outbox does: a late joiner then gets every epoch and the latest maps, and the server's
    memory stays bounded."""

    def __init__(self) -> None:
        self._history: OrderedDict[int, str] = OrderedDict()
        self._latest: dict[Hashable, int] = {}
        self._numbers = itertools.count()
        self.chars = 0
        self.outboxes: list[Outbox] = []
        self.closed = False
        self.keeping = True  # False once nobody can join any more: the history is dropped
        self.on_close: list[Callable[[], None]] = []

    @property
    def history(self) -> list[str]:
        return list(self._history.values())

    def push(self, text: str, key: Hashable = None) -> None:
        if self.closed:
            return
        for outbox in self.outboxes:
            outbox.push(text, key)
        if not self.keeping:
            return
        number = next(self._numbers)
        if key is not None:
            older = self._latest.get(key)
            if older is not None and self.chars > HISTORY_CHARS and older in self._history:
                self.chars -= len(self._history.pop(older))
            self._latest[key] = number
        self._history[number] = text
        self.chars += len(text)

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        for outbox in self.outboxes:
            outbox.close()
        callbacks, self.on_close = self.on_close, []  # (they hold the flight: no cycle outlives the job)
        for callback in callbacks:
            callback()

    def release(self) -> None:
        """Nobody can join any more: drop the history now (each client's outbox keeps what it still needs)."""
        self.keeping = False
        self._history.clear()
        self._latest.clear()
        self.chars = 0

    def attach(self, outbox: Outbox) -> None:
        """Everything so far into `outbox`, then every new message (closed at once if the job ended)."""
        for text in self._history.values():
            outbox.push(text)
        if self.closed:
            outbox.close()
        else:
            self.outboxes.append(outbox)

    def detach(self, outbox: Outbox) -> None:
        if outbox in self.outboxes:
            self.outboxes.remove(outbox)

    def watched_by_others(self, outbox: Outbox) -> bool:
        return any(o is not outbox and not o.closed for o in self.outboxes)

    def complete(self) -> bool:
        """The job ended with its whole result: a finished (not stopped) run, or an analysis' result."""
        if not self.closed or not self._history:
            return False
        last = json.loads(next(reversed(self._history.values())))
        kind = last.get("type") if isinstance(last, dict) else None
        return (kind == "run_finished" and not last.get("stopped")) or kind == "insight_result"


@dataclass(eq=False)
class Flight:
    """One job in flight: its request key, the job, its broadcast and its run on the worker pool."""

    key: str
    job: Job
    broadcast: Broadcast = field(default_factory=Broadcast)
    run: Run | Replay | None = None  # the job on a worker, or its replay from the run store
    owner: Flights | None = None
    viewers: int = 0  # clients that have joined (the first one included)

    def join(self, outbox: Outbox) -> Viewer:
        self.viewers += 1
        self.broadcast.attach(outbox)
        return Viewer(self, outbox)


class Viewer:
    """One client of a flight: what its socket stream stops (`stop`, `stop_reason`)."""

    def __init__(self, flight: Flight, outbox: Outbox):
        self.flight, self.outbox = flight, outbox
        self.stop_reason: str | None = None

    def stop(self, reason: str = STOPPED) -> None:
        broadcast, run = self.flight.broadcast, self.flight.run
        if self.stop_reason is not None or broadcast.closed or run is None:
            return
        self.stop_reason = reason
        if broadcast.watched_by_others(self.outbox):  # the job goes on for the others: this client leaves
            broadcast.detach(self.outbox)
            text = run.record.ending(reason)
            if text is not None:
                self.outbox.push(text)
            self.outbox.close()
            return
        if self.flight.owner is not None:
            self.flight.owner.forget(self.flight)  # a stopping job is joined by nobody new
        run.stop(reason)


class Flights:
    """The jobs in flight by request key (and, briefly, a finished one while it is being recorded)."""

    def __init__(self) -> None:
        self._by_key: dict[str, Flight] = {}

    def get(self, key: str) -> Flight | None:
        return self._by_key.get(key)

    def add(self, flight: Flight) -> None:
        flight.owner = self
        self._by_key[flight.key] = flight

    def forget(self, flight: Flight) -> None:
        if self._by_key.get(flight.key) is flight:
            del self._by_key[flight.key]
        flight.broadcast.release()  # nobody joins it any more

    def __len__(self) -> int:
        return len(self._by_key)
