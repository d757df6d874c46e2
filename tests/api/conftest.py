"""Fixtures: the real app in-process (TestClient) for plain routes, and the real server in its own
process (uvicorn, worker processes, a free loopback port) for everything that streams or refuses."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from lab_process import LabProcess

from dropout_lab.server import create_app

# TestClient's default host name, "testserver", is not one the lab answers to (DNS rebinding guard).
BASE_URL = "http://127.0.0.1"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(1, warm_up=False), base_url=BASE_URL) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabProcess]:
    """One lab server for the session: two workers (two jobs at once, one of them an analysis)."""
    with LabProcess(tmp_path_factory.mktemp("lab"), workers=2) as server:
        yield server
    assert "Traceback" not in server.errors + server.output, server.errors


@pytest.fixture(scope="session")
def tight_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabProcess]:
    """A lab with short limits, to see them act within a test's time: one worker, runs end after 4 s."""
    limits = {"first_message_s": 1.0, "idle_client_s": 2.0, "max_sockets": 6, "header_timeout_s": 1.0}
    budget = {"time_limit": 4.0}
    with LabProcess(tmp_path_factory.mktemp("tight"), workers=1, limits=limits, budget=budget) as server:
        yield server
    assert "Traceback" not in server.errors + server.output, server.errors
