"""The app factory: assembles routes, the training socket, static files and the runner. Nothing else."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from . import routes, training_socket
from .insights_routes import include_insights
from .runner import EventSource, TrainingRunner


def _engine_source() -> EventSource:
    from dropout_lab.engine.experiment import run_comparison

    return run_comparison


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
        app.state.runner = TrainingRunner(_engine_source(), max_trainings)
        try:
            yield
        finally:
            app.state.runner.shutdown()

    app = FastAPI(title="dropout-lab", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.include_router(routes.router)
    app.include_router(training_socket.router)
    include_insights(app)  # the "Why dropout works" page and its socket, with their own runner
    app.mount("/static", StaticFiles(directory=routes.STATIC_DIR), name="static")
    return app
