"""serve(): binds 127.0.0.1 by default, prints the URL, and never fails for want of a browser."""

from __future__ import annotations

import threading
import time

from dropout_lab.server import launch


class FakeServer:
    """Stands in for uvicorn.Server: records its config, 'starts' at once and returns."""

    instances: list[FakeServer] = []

    def __init__(self, config):
        self.config = config
        self.started = False
        self.should_exit = False
        FakeServer.instances.append(self)

    def run(self):
        self.started = True
        time.sleep(0.3)  # the announcer thread runs while the server is up


def test_serve_binds_localhost_prints_the_url_and_survives_a_missing_browser(monkeypatch, capsys):
    opened = threading.Event()

    def no_browser(url):
        opened.set()
        raise RuntimeError("no browser on this machine")

    monkeypatch.setattr(launch.uvicorn, "Server", FakeServer)
    monkeypatch.setattr(launch.webbrowser, "open", no_browser)
    launch.serve(port=8123)
    assert opened.wait(2.0)
    server = FakeServer.instances[-1]
    assert server.config.host == "127.0.0.1" and server.config.port == 8123
    assert "http://127.0.0.1:8123/" in capsys.readouterr().out


def test_serve_without_browser_does_not_open_one(monkeypatch, capsys):
    monkeypatch.setattr(launch.uvicorn, "Server", FakeServer)
    monkeypatch.setattr(launch.webbrowser, "open", lambda url: (_ for _ in ()).throw(AssertionError))
    launch.serve(host="0.0.0.0", port=8124, open_browser=False)
    time.sleep(0.1)
    assert FakeServer.instances[-1].config.host == "0.0.0.0"
    assert "http://127.0.0.1:8124/" in capsys.readouterr().out  # a URL a browser can open
