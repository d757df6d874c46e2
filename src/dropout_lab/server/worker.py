"""The worker process: runs one job at a time and sends its events back to the server.

Started by pool.py from a fork server that has already imported torch and the engine, so a new
worker is warm in about 0.1 s. It reads jobs (server/jobs.py `Job`) from `commands`, runs
`jobs.job_events(job, should_stop)` and sends each event, as JSON text, through `events` -- a pipe
the server drains at once, so sending never waits long. `should_stop` reads a shared flag the server
sets; the server kills a worker that does not stop within a fraction of a second, so nothing here
has to be quick to stop. With a run store, each job is recorded as it runs (job_record.py). Ctrl+C
belongs to the server (SIGINT is ignored here), and a worker whose server has gone exits by itself.
Knows nothing of sockets or HTTP.
"""

from __future__ import annotations

import os
import signal
import threading
from multiprocessing.connection import Connection
from typing import Any

from pydantic import BaseModel

from .job_record import JobRecord
from .jobs import Job, job_events, job_failed
from .outbox import coalescing_key

# Parsed by the server, not only forwarded: what it needs to end a run itself if the worker is killed.
NOTED = frozenset({"run_started", "epoch_finished"})


def message(event: BaseModel) -> tuple[str, str, Any, str, dict[str, Any] | None]:
    """("event", type, coalescing key, JSON text, the small facts the server keeps about the run)."""
    kind = str(getattr(event, "type", ""))
    if kind == "run_started":
        meta: dict[str, Any] | None = {
            "run_id": getattr(event, "run_id", ""),
            "networks": [n.model_dump() for n in getattr(event, "networks", [])],
        }
    elif kind in NOTED:
        meta = event.model_dump()
    else:
        meta = None
    name = getattr(event, "network", None) or getattr(event, "insight", None)
    return ("event", kind, coalescing_key(kind, network=name), event.model_dump_json(), meta)


def _exit_with_server(server_pid: int) -> None:
    """Leave as soon as the server process is gone (our parent is the fork server, not the server)."""
    while True:
        threading.Event().wait(0.5)
        try:
            os.kill(server_pid, 0)
        except ProcessLookupError:
            os._exit(0)
        except PermissionError:
            pass


def serve_jobs(
    commands: Connection, events: Connection, stop: Any, server_pid: int, warm: bool, store: Any = None
) -> None:
    """Worker main loop: warm up, say "ready", then run jobs until told to quit (None) or orphaned.
    With a `store` (a RunStore), each job is recorded there before "done" (job_record.py)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_server, args=(server_pid,), daemon=True).start()
    import torch

    torch.set_num_threads(1)  # one small model per worker; the engine adds its evaluation thread
    if warm:
        from dropout_lab.engine.experiment import warm_up

        warm_up()
    events.send(("ready", os.getpid()))

    def should_stop() -> bool:
        return bool(stop.value)

    while True:
        try:
            job: Job | None = commands.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        record = JobRecord(store, job)
        try:
            for event in job_events(job, should_stop):
                events.send(message(event))
                record.add(event)
        except (BrokenPipeError, EOFError, OSError):
            return  # the server is gone
        except Exception as exc:  # anything the engine did not turn into an event
            events.send(message(job_failed(job, f"{type(exc).__name__}: {exc}")))
        else:
            record.finish()
        events.send(("done",))
