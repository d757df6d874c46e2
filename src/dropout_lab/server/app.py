"""The app factory: assembles the access guard, routes, the job socket, static files, the runner and the
run store (kept runs, joined and replayed jobs)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from . import routes, run_routes, socket_route
from .admission import Lab
from .deleted_runs import DeletedRuns
from .guard import AccessGuard
from .keeping import RunKeeper
from .runner import JobRunner
from .settings import LabSettings
from .sharing import Flights


class JobCount:
    """Running jobs of one kind (trainings or analyses), for tests and status: `active`, `max_jobs`."""

    def __init__(self, runner: JobRunner, training: bool):
        self._runner, self._training = runner, training

    @property
    def active(self) -> int:
        return self._runner.active_of(self._training)

    @property
    def max_jobs(self) -> int:
        return self._runner.size if self._training else self._runner.max_insights


def create_app(
    max_trainings: int | None = None, *, warm_up: bool = True, settings: LabSettings | None = None
) -> FastAPI:
    """The web lab. `max_trainings` sets the worker processes (= jobs at once; default one per core);
    `warm_up=False` skips the workers' warm-up run (quicker start for tests); `settings` has the rest."""
    settings = settings or LabSettings()
    if max_trainings is not None:
        settings = replace(settings, workers=max_trainings)
    if not warm_up:
        settings = replace(settings, warm_up=False)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        routes.lab_config()  # build the cached /api/config body now, not on the first page load
        keeper = RunKeeper(settings.store)
        await keeper.open()
        runner = JobRunner(
            settings.workers,
            max_insights=settings.max_insights,
            warm_up=settings.warm_up,
            time_limit_s=settings.budget.time_limit_s,
            memory_limit_bytes=settings.memory_kill_bytes,
            store=keeper.store if keeper.recording else None,  # the workers record each job
        )
        app.state.runner = runner
        app.state.runners = {"train": JobCount(runner, True), "insight": JobCount(runner, False)}
        app.state.sockets = 0
        app.state.keeper = keeper
        app.state.deleted = DeletedRuns()
        app.state.lab = lab = Lab(settings, runner, keeper, Flights(), set())
        await runner.open()
        try:
            yield
        finally:
            await runner.close()
            for replay in list(lab.replays):
                replay.stop("server shutting down")

    app = FastAPI(title="dropout-lab", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    app.add_middleware(AccessGuard, access=settings.access)
    app.include_router(routes.router)
    app.include_router(run_routes.router)
    app.include_router(socket_route.router)
    app.mount("/static", StaticFiles(directory=routes.STATIC_DIR), name="static")
    return app
