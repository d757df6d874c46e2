"""Warm worker processes: started from a fork server that has imported torch and the engine once.

Each `Worker` is one process (worker.py) with a pipe for jobs, a pipe for events and a shared stop
flag. A reader thread per worker drains its event pipe at once and hands every message to
`dispatch(worker, message)` (the runner marshals it onto the event loop), ending with ("exit",) when
the process is gone -- killed, crashed or finished. `kill()` is immediate (SIGKILL): the process's
memory goes back to the operating system. Why a fork server: a new warm worker takes ~0.1 s instead
of ~2 s (torch's import), and forking a process that has run no torch threads is safe. Knows nothing
of sockets or of what the jobs are.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing as mp
import os
import threading
from collections.abc import Callable
from typing import Any

from . import worker as worker_main

# torch.optim's first optimiser imports torch._dynamo (~1.5 s, ~75 MB): pay it once, here, for every worker.
PRELOAD = [
    "torch",
    "torch._dynamo",
    "torch.optim",
    "dropout_lab.engine.experiment",
    *(f"dropout_lab.engine.insights.{name}" for name in ("sweep", "ensemble", "uncertainty", "knockout")),
    "dropout_lab.engine.insights.alternatives",
    "dropout_lab.server.worker",
]
# One thread per worker process for every math library: the pool is the parallelism.
ONE_THREAD = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
_context_lock = threading.Lock()


def context() -> Any:
    """The multiprocessing context of every pool: a fork server preloaded with torch and the engine."""
    ctx = mp.get_context("forkserver")
    with _context_lock:
        ctx.set_forkserver_preload(PRELOAD)
        saved = {k: os.environ.get(k) for k in ONE_THREAD}
        os.environ.update(ONE_THREAD)  # the fork server keeps the environment it starts with
        try:
            from multiprocessing import forkserver

            forkserver.ensure_running()  # ~2 s once per server process (imports torch)
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    return ctx


def stop_fork_server() -> None:
    """Kill the fork server now: left alone it takes seconds to unload torch after the server exits.

    (multiprocessing starts a new one on the next `context()`.)"""
    from multiprocessing import forkserver, util

    server = getattr(forkserver, "_forkserver", None)
    if server is None:
        return
    with server._lock:
        pid = server._forkserver_pid
        if pid is None:
            return
        with contextlib.suppress(OSError):
            os.kill(pid, 9)
        # Reap it and forget it, as ForkServer._stop does. Killed but not yet reaped, it still looks
        # alive to ensure_running(), and the next app in this process would connect to a dead address.
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
        with contextlib.suppress(OSError, TypeError):
            os.close(server._forkserver_alive_fd)
        address = server._forkserver_address
        if address and not util.is_abstract_socket_namespace(address):
            with contextlib.suppress(OSError):
                os.unlink(address)
        server._forkserver_pid = server._forkserver_address = server._forkserver_alive_fd = None


class ForkServerUsers:
    """Pools open in this process: the fork server is stopped when the last one closes (tests may run
    several apps in one process)."""

    count = 0

    @classmethod
    def enter(cls) -> None:
        with _context_lock:
            cls.count += 1

    @classmethod
    def leave(cls) -> None:
        # Decided and done under one lock: a pool opening meanwhile (enter, then context()) waits, and then
        # starts a new fork server, instead of forking from one being killed (its start would hang).
        with _context_lock:
            cls.count -= 1
            if cls.count == 0:
                stop_fork_server()


def rss_bytes(pid: int) -> int:
    """Resident memory of process `pid` (0 if it is gone)."""
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


class Worker:
    """One warm worker process; `dispatch` receives its messages on the reader thread."""

    def __init__(self, ctx: Any, warm: bool, dispatch: Callable[[Worker, tuple], None], store: Any = None):
        jobs_out, jobs_in = ctx.Pipe(duplex=False)  # (receiving end, sending end)
        events_out, events_in = ctx.Pipe(duplex=False)
        self.stop_flag = ctx.RawValue(ctypes.c_bool, False)
        self.process = ctx.Process(
            target=worker_main.serve_jobs,
            args=(jobs_out, events_in, self.stop_flag, os.getpid(), warm, store),  # store: records jobs
            name="dropout-lab-worker",
            daemon=True,
        )
        self.process.start()
        jobs_out.close()  # the child's ends: closing ours lets EOF tell us the child is gone
        events_in.close()
        self._jobs, self._events = jobs_in, events_out
        self._dispatch = dispatch
        self.pid: int = self.process.pid or 0
        self.ready = False
        self.exited = False  # its process is gone (set by the runner when the reader reports it)
        self.baseline_rss = 0  # resident memory when it was ready (bytes)
        self.run: Any = None  # the run it works on (set by the runner)
        self._reader = threading.Thread(target=self._read, name=f"worker-{self.pid}-events", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        try:
            while True:
                self._dispatch(self, self._events.recv())
        except (EOFError, OSError):
            pass
        except Exception:  # an unpicklable or truncated message: the worker is of no more use
            self.kill()
        self.process.join(timeout=5)
        with contextlib.suppress(OSError):
            self._events.close()
        self._dispatch(self, ("exit",))

    def send(self, job: Any) -> None:
        """Start `job` (the stop flag is cleared first; only the server writes it)."""
        self.stop_flag.value = False
        self._jobs.send(job)

    def request_stop(self) -> None:
        self.stop_flag.value = True

    @property
    def rss(self) -> int:
        return rss_bytes(self.pid)

    def kill(self) -> None:
        """End the process now (SIGKILL); its reader thread then reports ("exit",)."""
        with contextlib.suppress(Exception):
            self.process.kill()

    def close(self) -> None:
        """Ask an idle worker to quit, then make sure it does."""
        with contextlib.suppress(Exception):
            self._jobs.send(None)
        self.process.join(timeout=0.5)
        self.kill()
        with contextlib.suppress(Exception):
            self._jobs.close()
