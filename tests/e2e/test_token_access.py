"""The lab served beyond loopback, in a real browser: the printed URL's token lets the unchanged page in
(its fetches and its WebSocket carry the cookie the server sets) and a training runs to the end.

The server is `dropout-lab serve --host 0.0.0.0` in its own process, reached through 127.0.0.1 only.
"""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def exposed_lab() -> Iterator[tuple[int, str]]:
    """(port, token) of a lab listening on every interface, with the token it printed."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    argv = ["serve", "--host", "0.0.0.0", "--port", str(port), "--no-browser", "--workers", "1"]
    code = f"import sys; from dropout_lab.cli import main; sys.exit(main({argv!r}))"
    server = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None
    deadline, token = time.monotonic() + 120, None
    for line in server.stdout:
        match = re.search(r"token=([A-Za-z0-9_-]+)", line)
        if match:
            token = match.group(1)
            break
        assert time.monotonic() < deadline, "the lab did not start"
    assert token is not None
    try:
        yield port, token
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)


def test_the_page_opened_with_its_token_trains_over_its_socket(page: Page, exposed_lab):
    port, token = exposed_lab
    page.goto(f"http://127.0.0.1:{port}/?token={token}&epochs=20")
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    assert token not in page.url and "epochs=20" in page.url  # the token left the address bar
    page.click("#train")
    expect(page.locator("#status")).to_contain_text("Finished", timeout=60_000)


def test_without_the_token_the_page_is_refused(page: Page, exposed_lab):
    port, _ = exposed_lab
    response = page.request.get(f"http://127.0.0.1:{port}/")
    assert response.status == 403 and "token" in response.text()
