"""Test helpers: the real lab server in its own process on a free loopback port, and WebSocket clients.

`LabProcess` starts tests/api/run_lab.py (uvicorn, worker processes, the lab's own hardening), waits
for its "running at" line and offers its URL, token, log, resident memory and signals. `RawSocket` is a
bare-bones WebSocket client for what a polite client library will not do (foreign Host headers,
never reading). Every connection goes to 127.0.0.1 only, with timeouts on every wait.
"""

from __future__ import annotations

import base64
import json
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

RUN_LAB = Path(__file__).with_name("run_lab.py")
LOOPBACK = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def rss_of(pid: int) -> int:
    with open(f"/proc/{pid}/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def descendants(pid: int) -> set[int]:
    """Every process below `pid` (its fork server and workers)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        children = [p for p, pp in parents.items() if pp == parent]
        found.update(children)
        todo += children
    return found


class LabProcess:
    """`python run_lab.py OPTIONS` on a free port; a context manager that always stops it."""

    def __init__(self, tmp: Path, *, prefix: tuple[str, ...] = (), **options: Any):
        self.prefix = prefix  # a command to run the lab under (e.g. unshare, for a read-only mount)
        self.port = free_port()
        self.options = {"port": self.port, **options}
        self.out_path, self.err_path = tmp / f"lab-{self.port}.out", tmp / f"lab-{self.port}.err"
        self.process: subprocess.Popen[bytes] | None = None
        self.token: str | None = None

    def __enter__(self) -> LabProcess:
        with open(self.out_path, "wb") as out, open(self.err_path, "wb") as err:
            self.process = subprocess.Popen(
                [*self.prefix, sys.executable, str(RUN_LAB), json.dumps(self.options)],
                stdout=out,
                stderr=err,
                start_new_session=True,  # its own process group: a "terminal" Ctrl+C reaches it alone
            )
        deadline = time.monotonic() + 120
        while "is running at" not in self.output:
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"the lab did not start:\n{self.output}\n{self.errors}")
            time.sleep(0.05)
        match = re.search(r"token=([A-Za-z0-9._~-]+)", self.output)
        self.token = match.group(1) if match else None
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    @property
    def output(self) -> str:
        return self.out_path.read_text(errors="replace")

    @property
    def errors(self) -> str:
        return self.err_path.read_text(errors="replace")

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://{LOOPBACK}:{self.port}/ws"

    def rss(self) -> int:
        return rss_of(self.pid)

    def connect(self, **kwargs: Any) -> Any:
        """A websockets client on /ws (origin, additional_headers ... as websockets' connect)."""
        kwargs.setdefault("open_timeout", 10)
        kwargs.setdefault("max_size", 64 * 2**20)
        return connect(self.ws_url, **kwargs)


def start(config: dict | None = None, job: str = "train", params: dict | None = None) -> str:
    message: dict[str, Any] = {"type": "start", "job": job, "config": config or {}}
    if params is not None:
        message["params"] = params
    return json.dumps(message)


def receive_all(ws: Any, timeout: float = 60.0) -> tuple[list[dict], int | None, str]:
    """Every message until the server closes: (messages, close code, close reason)."""
    messages, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            messages.append(json.loads(ws.recv(timeout=max(0.01, deadline - time.monotonic()))))
        except ConnectionClosed as closed:
            frame = closed.rcvd
            return messages, frame.code if frame else None, frame.reason if frame else ""
        except TimeoutError:
            break
    raise AssertionError(f"the server did not close within {timeout} s; got {[m['type'] for m in messages]}")


class RawSocket:
    """A WebSocket client at the byte level: any headers, and free not to read."""

    def __init__(self, port: int, headers: dict[str, str] | None = None, rcvbuf: int | None = None):
        self.sock = socket.socket()
        if rcvbuf is not None:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.settimeout(10)
        self.sock.connect((LOOPBACK, port))
        fields = {
            "Host": f"{LOOPBACK}:{port}",
            "Upgrade": "websocket",
            "Connection": "Upgrade",
            "Sec-WebSocket-Key": base64.b64encode(os.urandom(16)).decode(),
            "Sec-WebSocket-Version": "13",
            **(headers or {}),
        }
        request = "GET /ws HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields.items()) + "\r\n"
        self.sock.sendall(request.encode("latin-1"))
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                break
            head += chunk
        self.status = int(head.split(b" ", 2)[1]) if head else 0

    def send_text(self, text: str, opcode: int = 1) -> None:
        data = text.encode()
        mask = os.urandom(4)
        size = len(data)
        header = bytes([0x80 | opcode])
        if size < 126:
            header += bytes([0x80 | size])
        elif size < 65536:
            header += bytes([0x80 | 126]) + struct.pack("!H", size)
        else:
            header += bytes([0x80 | 127]) + struct.pack("!Q", size)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
        self.sock.sendall(header + mask + masked)

    def read_frames(self, timeout: float = 10.0) -> list[tuple[int, bytes]]:
        """Frames until the server closes or `timeout` passes: [(opcode, payload)]."""
        self.sock.settimeout(timeout)
        data = b""
        try:
            while chunk := self.sock.recv(65536):
                data += chunk
        except (TimeoutError, ConnectionResetError):
            pass
        frames, i = [], 0
        while i + 2 <= len(data):
            opcode, size = data[i] & 0x0F, data[i + 1] & 0x7F
            i += 2
            if size == 126:
                size, i = struct.unpack("!H", data[i : i + 2])[0], i + 2
            elif size == 127:
                size, i = struct.unpack("!Q", data[i : i + 8])[0], i + 8
            frames.append((opcode, data[i : i + size]))
            i += size
        return frames

    def close(self) -> None:
        self.sock.close()
