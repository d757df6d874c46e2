"""HTTP routes of the kept runs: list them, one run, its events, rename, delete with undo -- and
``/runs/<id>``, the lab page that opens one run by its link.

    GET    /api/runs?kind=train&limit=100   {"store": {"on", "recording", "problem"}, "runs": [...]}
    GET    /api/runs/<id>                   {"run": {...}}                (any unique id prefix)
    GET    /api/runs/<id>/events            {"run", "events": [...]} (a comparison; run_started.stored_at
                                             set) or {"run", "result": {...}} (an analysis)
    PATCH  /api/runs/<id>                   {"name": "...", "notes": "..."} (either) -> {"run"}
    DELETE /api/runs/<id>                   -> {"run", "undo_s"}: gone from the store at once
    POST   /api/runs/<id>/restore           undo a DELETE within undo_s (deleted_runs.py) -> {"run"}

Answers are JSON (a NaN loss as null); a problem is {"type": "store_error", "message"} with 404 (no such
run, no store), 400/413 (a bad body), 409 (a read-only store) or 503 (the store fails). The store is used
in threads, never on the event loop; the changing routes are Origin-checked by the guard.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response

from dropout_lab.engine.insights.catalog import INSIGHTS
from dropout_lab.store import RunNotFoundError, RunStore, StoreError, StoreOffError, StoreReadOnlyError

from .deleted_runs import DeletedRuns
from .keeping import RunKeeper
from .routes import STATIC_DIR
from .socket_stream import dumps

router = APIRouter()
MAX_BODY_BYTES = 4096
LIMITS = {"name": 120, "notes": 2000}  # characters
MAX_LIST = 1000


class RequestError(Exception):
    def __init__(self, status: int, message: str):
        self.status = status
        super().__init__(message)


def _json(payload: Any, status: int = 200) -> Response:
    return Response(dumps(payload), status, {"Cache-Control": "no-store"}, "application/json")


def _problem(exc: Exception) -> Response:
    if isinstance(exc, RequestError):
        status = exc.status
    elif isinstance(exc, RunNotFoundError | StoreOffError):
        status = 404
    elif isinstance(exc, StoreReadOnlyError):
        status = 409
    else:
        status = 503
    return _json({"type": "store_error", "message": str(exc)}, status)


def _store(request: Request) -> RunStore:
    keeper: RunKeeper = request.app.state.keeper
    if keeper.store is None:
        raise StoreOffError() if keeper.problem is None else RequestError(404, keeper.problem)
    return keeper.store


async def _answer(request: Request, work: Callable[[RunStore], Any]) -> Response:
    """`work(store)` in a thread, as JSON; any store problem as its status and message."""
    try:
        store = _store(request)
        return _json(await asyncio.to_thread(work, store))
    except (StoreError, RequestError) as exc:
        return _problem(exc)


@router.get("/runs/{run_id}", include_in_schema=False)
def run_page(run_id: str) -> FileResponse:
    """The lab page; it reads the id from its address and opens that run."""
    return FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})


@router.get("/api/runs")
async def list_runs(request: Request) -> Response:
    keeper: RunKeeper = request.app.state.keeper
    try:
        kind, limit = _list_query(request)
    except RequestError as exc:
        return _problem(exc)
    if keeper.store is None:
        return _json({"store": keeper.status(), "runs": []})
    store = keeper.store
    try:
        runs = await asyncio.to_thread(store.runs, kind=kind, limit=limit)
    except StoreError as exc:
        return _problem(exc)
    return _json({"store": keeper.status(), "runs": [run.to_dict() for run in runs]})


def _list_query(request: Request) -> tuple[str | None, int]:
    kind = request.query_params.get("kind", "train")
    kinds = ("train", *INSIGHTS)
    if kind not in (*kinds, "all"):
        raise RequestError(400, f"kind must be one of {', '.join(kinds)} or all, not {kind[:40]!r}")
    raw = request.query_params.get("limit", "100")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIST:
        raise RequestError(400, f"limit must be a whole number from 1 to {MAX_LIST}, not {raw[:40]!r}")
    return (None if kind == "all" else kind), int(raw)


@router.get("/api/runs/{run_id}")
async def get_run(request: Request, run_id: str) -> Response:
    return await _answer(request, lambda store: {"run": store.get(run_id).to_dict()})


@router.get("/api/runs/{run_id}/events")
async def run_events(request: Request, run_id: str) -> Response:
    def read(store: RunStore) -> dict[str, Any]:
        run = store.get(run_id)
        if not run.is_training:
            return {"run": run.to_dict(), "result": store.insight_result(run.id)}
        return {"run": run.to_dict(), "events": [event.model_dump() for event in store.replay(run.id)]}

    return await _answer(request, read)


@router.patch("/api/runs/{run_id}")
async def change_run(request: Request, run_id: str) -> Response:
    try:
        changes = _changes(await _body(request))
    except RequestError as exc:
        return _problem(exc)

    def change(store: RunStore) -> dict[str, Any]:
        run = store.get(run_id)
        if "name" in changes:
            run = store.rename(run.id, changes["name"])
        if "notes" in changes:
            run = store.annotate(run.id, changes["notes"])
        return {"run": run.to_dict()}

    return await _answer(request, change)


@router.delete("/api/runs/{run_id}")
async def delete_run(request: Request, run_id: str) -> Response:
    deleted: DeletedRuns = request.app.state.deleted

    def delete(store: RunStore) -> dict[str, Any]:
        removed = store.take(run_id)
        deleted.keep(removed)
        return {"run": removed.run.to_dict(), "undo_s": deleted.undo_s}

    return await _answer(request, delete)


@router.post("/api/runs/{run_id}/restore")
async def restore_run(request: Request, run_id: str) -> Response:
    deleted: DeletedRuns = request.app.state.deleted

    def restore(store: RunStore) -> dict[str, Any]:
        removed = deleted.take_back(run_id)
        if removed is None:
            late = f"only runs deleted in the last {deleted.undo_s / 60:g} minutes can, while the server runs"
            raise RequestError(404, f"run '{run_id[:40]}' can no longer be restored: {late}")
        try:
            return {"run": store.put_back(removed).to_dict()}
        except StoreError:
            deleted.keep(removed)  # still restorable once the store works again
            raise

    return await _answer(request, restore)


async def _body(request: Request) -> Any:
    """The request's JSON body, read up to MAX_BODY_BYTES."""
    data = b""
    async for chunk in request.stream():
        data += chunk
        if len(data) > MAX_BODY_BYTES:
            raise RequestError(413, f"the body is over {MAX_BODY_BYTES} bytes")
    try:
        return json.loads(data)
    except ValueError:
        raise RequestError(400, 'the body must be JSON, e.g. {"name": "lesson 1"}') from None


def _changes(body: Any) -> dict[str, str]:
    """The fields to change, each checked: a name of at most 120 characters, notes of at most 2000."""
    if not isinstance(body, dict) or not body or set(body) - set(LIMITS):
        raise RequestError(400, 'give "name" and/or "notes", e.g. {"name": "lesson 1"}')
    changes = {}
    for field, value in body.items():
        if not isinstance(value, str):
            raise RequestError(400, f"{field} must be text, not {type(value).__name__}")
        value = value.strip()
        if len(value) > LIMITS[field]:
            raise RequestError(400, f"{field} must be at most {LIMITS[field]} characters (got {len(value)})")
        if any(ord(c) < 32 and c not in "\n\t" for c in value) or (field == "name" and "\n" in value):
            raise RequestError(400, f"{field} must not hold control characters")
        changes[field] = value
    return changes
