"""Everything an operator may tune about one lab server, with safe defaults, in one frozen object.

`serve` flags fill it; tests build small ones (one worker, short timeouts). Knows nothing of uvicorn.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dropout_lab.store import RunStore

from .access import Access
from .budget import Budget


@dataclass(frozen=True)
class Limits:
    """Connection limits: what a silent, slow or greedy client may hold."""

    first_message_s: float = 10.0  # a job socket that says nothing for this long is closed
    idle_client_s: float = 30.0  # a client that reads nothing for this long loses its run and socket
    max_sockets: int = 100  # open job sockets; more are refused at once
    max_connections: int = 500  # open HTTP connections (uvicorn answers 503 beyond)
    header_timeout_s: float = 10.0  # time to send a complete request head


@dataclass(frozen=True)
class LabSettings:
    workers: int | None = None  # worker processes = jobs at once (default: one per core)
    max_insights: int | None = None  # analyses at once (default: half the workers, at least one)
    warm_up: bool = True  # workers run a tiny training before saying ready (first Train ~0.1 s)
    budget: Budget = field(default_factory=Budget)
    limits: Limits = field(default_factory=Limits)
    access: Access = field(default_factory=Access)
    # Where runs are kept, replayed from and listed (None: not kept). `dropout-lab serve` gives the
    # user's store (--store, DROPOUT_LAB_STORE, the data folder); an app made without one keeps nothing.
    store: RunStore | None = None

    @property
    def memory_kill_bytes(self) -> float:
        """A busy worker this far above its start is killed: twice the budget, a net under the estimate."""
        return 2 * self.budget.memory_mb * 2**20
