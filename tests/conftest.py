"""Repo-wide: every test (and every process a test starts) records runs into a temporary run store,
never into the user's real one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session", autouse=True)
def temporary_run_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DROPOUT_LAB_STORE", str(tmp_path_factory.mktemp("store") / "runs.sqlite3"))
        yield
