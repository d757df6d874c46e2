"""The app factory: assembles routes, the job socket, static files and the runners. Nothing else."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from . import routes, socket_route
from .jobs import job_events
from .runner import TrainingRunner

MAX_INSIGHTS = 1  # an analysis trains many networks: one at a time keeps the trainings responsive


def _warm_up_engine() -> None:
    """Pay torch's import and first optimiser construction now, not on the first Train click."""
    import torch

    from dropout_lab.engine.experiment import warm_up

    torch.set_num_threads(1)  # one small model per core: more threads only oversubscribe
    warm_up()


def create_app(max_trainings: int | None = None, *, warm_up: bool = True) -> FastAPI:
    """The web lab. `max_trainings` bounds concurrent trainings (default: one per CPU core)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if warm_up:
            await asyncio.to_thread(_warm_up_engine)
        routes.lab_config()  # build the cached /api/config body now, not on the first page load
        app.state.runners = {
            "train": TrainingRunner(job_events, max_trainings),
            "insight": TrainingRunner(job_events, MAX_INSIGHTS),
        }
        try:
            yield
        finally:
            for runner in app.state.runners.values():
                runner.shutdown()

    app = FastAPI(title="dropout-lab", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.include_router(routes.router)
    app.include_router(socket_route.router)
    app.mount("/static", StaticFiles(directory=routes.STATIC_DIR), name="static")
    return app
