"""serve(): what it binds, what it prints, the browser it opens -- without starting uvicorn.

The fake server records its uvicorn config and "runs" briefly; the fake browser records every call, so
each assertion sees what really happened (nothing is asserted inside another thread).
"""

from __future__ import annotations

import re
import threading
import webbrowser

import pytest

from dropout_lab.server import launch


class FakeServer:
    """Stands in for the lab's uvicorn server: records its config, 'starts' at once, runs briefly."""

    instances: list[FakeServer] = []

    def __init__(self, config):
        self.config = config
        self.started = False
        self.should_exit = False
        FakeServer.instances.append(self)

    def run(self):
        self.started = True
        threading.Event().wait(0.2)  # the announcer thread prints and opens the browser meanwhile


@pytest.fixture
def opened_urls(monkeypatch) -> list[str]:
    """Every URL the lab asks the browser to open; the fake browser then fails, as on a headless box."""
    opened: list[str] = []

    def open_url(url: str) -> bool:
        opened.append(url)
        raise webbrowser.Error("no browser on this machine")

    monkeypatch.setattr(launch, "LabServer", FakeServer)
    monkeypatch.setattr(launch.webbrowser, "open", open_url)
    return opened


def test_serve_binds_localhost_prints_the_url_and_opens_it_once(opened_urls, capsys):
    code = launch.serve(port=8123)
    server = FakeServer.instances[-1]
    assert code == 0
    assert server.config.host == "127.0.0.1" and server.config.port == 8123
    assert server.config.access_log is False and server.config.ws_max_size == launch.WS_MAX_BYTES
    out = capsys.readouterr().out
    assert "running at http://127.0.0.1:8123/ " in out and "token" not in out and "WARNING" not in out
    assert opened_urls == ["http://127.0.0.1:8123/"]  # and a browser that fails does not stop the lab


def test_serve_on_every_interface_requires_a_token_prints_it_once_and_warns(opened_urls, capsys):
    launch.serve(host="0.0.0.0", port=8124, open_browser=False)
    server = FakeServer.instances[-1]
    assert server.config.host == "0.0.0.0" and opened_urls == []
    out = capsys.readouterr().out
    tokens = re.findall(r"token=([A-Za-z0-9_-]+)", out)
    assert len(tokens) == 1 and len(tokens[0]) >= 24 and out.count(tokens[0]) == 1
    assert "http://0.0.0.0" not in out and "http://127.0.0.1:8124/" in out
    assert "reachable from the network" in out
    access = server.config.app.state.settings.access
    assert access.token == tokens[0] and access.exposed


def test_a_given_token_is_used_even_on_loopback(opened_urls):
    launch.serve(port=8125, token="classroom-token-1")
    assert opened_urls == ["http://127.0.0.1:8125/?token=classroom-token-1"]
    assert FakeServer.instances[-1].config.app.state.settings.access.token == "classroom-token-1"
