"""End-to-end fixtures: the real server on a free port, Debian's Chromium, no console errors allowed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from lab_helpers import serving

from dropout_lab.server import create_app

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict:
    """Debian's chromium: no browser download."""
    return {"executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """The real app under uvicorn in a background thread (engine warm-up included)."""
    with serving(create_app()) as url:
        yield url


@pytest.fixture(scope="session")
def base_url(live_server: str) -> str:
    """pytest-playwright resolves page.goto("/...") against this."""
    return live_server


@pytest.fixture(autouse=True)
def no_console_errors(page) -> Iterator[list[str]]:
    """Every e2e test fails on a console error or an uncaught exception (a missing favicon counts)."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield errors
    assert errors == []
