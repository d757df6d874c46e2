"""`serve()`: run the web lab with uvicorn -- hardened settings, real URLs, token, clean and quick exit.

Binds 127.0.0.1 by default. Beyond loopback a token is required (generated unless given) and printed
once, inside the URL, with a warning that the lab is reachable from the network; nothing else ever
prints it (uvicorn's access log is off). On SIGTERM/SIGINT every run is stopped first (clients get
run_finished(stopped, reason="server shutting down")), then uvicorn shuts down: the process exits
within about a second; a second Ctrl+C forces it at once.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import sys
import threading
import time
import webbrowser
from dataclasses import replace
from types import FrameType
from typing import Any

import uvicorn

from .access import WILDCARDS, Access, is_loopback, machine_names
from .app import create_app
from .http_guard import guarded_http
from .pool import stop_fork_server
from .settings import LabSettings, Limits

WS_MAX_BYTES = 1 << 20  # frames beyond this are refused by the WebSocket layer itself (1009)
DRAIN_S = 0.6  # on shutdown: time for runs to end and their last messages to leave


def uvicorn_config(app: Any, host: str, port: int, limits: Limits | None = None) -> uvicorn.Config:
    """The lab's uvicorn settings: quiet, no access log, bounded connections, frames and timeouts."""
    limits = limits or Limits()
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,  # URLs may hold the token
        http=guarded_http(limits.header_timeout_s),
        ws="websockets-sansio",  # applies backpressure: a send waits while the client's buffer is full
        ws_max_size=WS_MAX_BYTES,
        limit_concurrency=limits.max_connections,
        timeout_keep_alive=5,
        timeout_graceful_shutdown=1,
    )


class LabServer(uvicorn.Server):
    """uvicorn's server, ending every run (with its reason) before the connections close."""

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        if self.should_exit or getattr(self, "_draining", False):
            if sig == signal.SIGINT:  # a second Ctrl+C: no more waiting, and no traceback either
                _kill_workers(self)
                os._exit(130)
            self.should_exit = True
            return
        app = self.config.app
        runner = getattr(getattr(app, "state", None), "runner", None)
        loop = getattr(runner, "_loop", None)
        if runner is None or loop is None or not self.started:
            super().handle_exit(sig, frame)
            return
        self._draining = True
        self._captured_signals.append(sig)
        loop.call_soon_threadsafe(lambda: loop.create_task(self._drain(runner)))

    async def _drain(self, runner: Any) -> None:
        import asyncio

        await runner.close()
        deadline = time.monotonic() + DRAIN_S
        state = getattr(self.config.app, "state", None)
        while time.monotonic() < deadline and getattr(state, "sockets", 0) > 0:
            await asyncio.sleep(0.02)
        self.should_exit = True


def lan_address() -> str | None:
    """This machine's address on its main network (no packet is sent: a UDP socket only picks a route)."""
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("10.255.255.255", 1))
        address = probe.getsockname()[0]
        return None if is_loopback(address) else address
    return None


def urls(host: str, port: int) -> list[str]:
    """Base URLs a browser can open, the most useful first (never 0.0.0.0)."""

    def url(name: str) -> str:
        return f"http://[{name}]:{port}/" if ":" in name else f"http://{name}:{port}/"

    if host not in WILDCARDS:
        return [url(host)]
    names = [a for a in (lan_address(), *sorted(machine_names())) if a and not is_loopback(a)]
    return [url(n) for n in dict.fromkeys(names)] + [url("127.0.0.1")]


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    open_browser: bool = True,
    *,
    settings: LabSettings | None = None,
    token: str | None = None,
    allowed_hosts: tuple[str, ...] = (),
) -> int:
    """Serve the lab until Ctrl+C/SIGTERM; return the exit code. Never fails for want of a browser."""
    settings = settings or LabSettings()
    exposed = not is_loopback(host.strip("[]"))
    if exposed and token is None:
        token = secrets.token_urlsafe(24)
    access = Access(bound=host, allowed_hosts=frozenset(h.lower() for h in allowed_hosts), token=token)
    settings = replace(settings, access=access)
    app = create_app(settings=settings)
    server = LabServer(uvicorn_config(app, host, port, settings.limits))
    addresses = urls(host, port)
    first = addresses[0] + (f"?token={token}" if token else "")

    def announce() -> None:  # after start-up (workers warm, socket bound)
        while not server.started and not server.should_exit:
            threading.Event().wait(0.05)
        if not server.started:
            return
        keeper = getattr(app.state, "keeper", None)  # set once the app has started
        if keeper is not None:
            print(keeper.describe(), flush=True)
        print(f"dropout-lab is running at {first}  (Ctrl+C to stop)", flush=True)
        if len(addresses) > 1:
            also = ", ".join(addresses[1:])
            print(
                f"  also at {also}" + (" (add ?token=... from the line above)" if token else ""), flush=True
            )
        if exposed:
            print(
                f"WARNING: listening on {host}: the lab is reachable from the network. Anyone with the URL "
                "and its token can run jobs on this machine; share it only with your class.",
                flush=True,
            )
        if open_browser:
            with contextlib.suppress(Exception):
                webbrowser.open(first)

    announcer = threading.Thread(target=announce, daemon=True)
    announcer.start()
    print("dropout-lab: starting the workers ...", flush=True)
    try:
        server.run()
        announcer.join(timeout=1)
    except KeyboardInterrupt:  # uvicorn re-raises the captured Ctrl+C once it has shut down
        return 130
    except SystemExit as exc:  # e.g. the port is taken: uvicorn has already said why
        return int(exc.code or 0) if isinstance(exc.code, int) else 1
    finally:
        _kill_workers(server)
    return 0


def _kill_workers(server: LabServer) -> None:
    """After a forced exit the lifespan's shutdown did not run: no worker may outlive the server."""
    runner = getattr(getattr(server.config.app, "state", None), "runner", None)
    for worker in list(getattr(runner, "workers", ())):
        worker.kill()
    stop_fork_server()
    sys.stdout.flush()
