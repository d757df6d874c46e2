"""The kept runs over HTTP: list, one run, its events, rename, delete and undo, the page at /runs/<id>,
bad requests named, foreign pages refused, and a lab without a store saying so. The real app (in-process)
over a real SQLite file; the runs are recorded by the store's own API from real trainings."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from runs_helpers import QUICK

from dropout_lab.engine.config import make_config
from dropout_lab.engine.experiment import run_comparison
from dropout_lab.engine.insights import final_result, run_insight
from dropout_lab.server import create_app
from dropout_lab.server.deleted_runs import DeletedRuns
from dropout_lab.server.settings import LabSettings
from dropout_lab.store import RunStore

BASE_URL = "http://127.0.0.1"
OURS = {"Origin": BASE_URL}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> RunStore:
    store = RunStore(tmp_path_factory.mktemp("routes") / "runs.sqlite3")
    for seed in (1, 2):
        store.record_training(run_comparison(make_config(**{**QUICK, "seed": seed})))
    config = make_config(**{**QUICK, "epochs": 10})
    result = final_result(run_insight("uncertainty", config, {"passes": 10, "map_size": 12}))
    store.record_insight("uncertainty", config, {"passes": 10, "map_size": 12}, result, headline="h")
    return store


@pytest.fixture(scope="module")
def web(store: RunStore) -> Iterator[TestClient]:
    app = create_app(1, warm_up=False, settings=LabSettings(store=store))
    with TestClient(app, base_url=BASE_URL) as client:
        yield client


def runs(web: TestClient, query: str = "") -> list[dict]:
    response = web.get(f"/api/runs{query}")
    assert response.status_code == 200, response.text
    return response.json()["runs"]


def test_the_list_holds_the_comparisons_newest_first_and_says_the_store_is_on(web, store):
    body = web.get("/api/runs").json()
    assert body["store"] == {"on": True, "recording": True, "problem": None}
    assert [r["id"] for r in body["runs"]] == [r.id for r in store.runs(kind="train")]
    assert [r["config"]["seed"] for r in body["runs"]] == [2, 1]
    assert {r["kind"] for r in runs(web, "?kind=all")} == {"train", "uncertainty"}
    assert len(runs(web, "?limit=1")) == 1


@pytest.mark.parametrize(("query", "words"), [("?kind=bogus", "kind must be one of train"),
                                              ("?limit=0", "limit must be a whole number from 1 to 1000"),
                                              ("?limit=x", "limit must be")])  # fmt: skip
def test_a_bad_list_query_is_named(web, query, words):
    response = web.get(f"/api/runs{query}")
    assert response.status_code == 400 and words in response.json()["message"]


def test_one_run_by_id_or_prefix_and_its_events_marked_as_stored(web, store):
    run = store.runs(kind="train")[0]
    assert web.get(f"/api/runs/{run.id[:5]}").json()["run"]["id"] == run.id
    body = web.get(f"/api/runs/{run.id}/events").json()
    assert body["run"]["id"] == run.id and body["events"][0]["stored_at"] == run.created_at.isoformat()
    recorded = [json.loads(e.model_dump_json()) for e in store.events(run.id)]
    assert [{**e, "stored_at": None} if e["type"] == "run_started" else e for e in body["events"]] == recorded


def test_an_analysis_gives_its_result(web, store):
    (run,) = store.runs(kind="uncertainty")
    body = web.get(f"/api/runs/{run.id}/events").json()
    assert body["result"] == store.insight_result(run.id) and "events" not in body


def test_an_unknown_run_is_a_404_naming_it(web):
    response = web.get("/api/runs/nosuchrun/events")
    assert response.status_code == 404 and "no run 'nosuchrun'" in response.json()["message"]


def test_a_run_is_renamed_and_noted_and_a_bad_name_is_refused_naming_the_rule(web, store):
    run = store.runs(kind="train")[1]
    response = web.patch(f"/api/runs/{run.id}", json={"name": "  lesson 1 ", "notes": "p=0.3"}, headers=OURS)
    assert response.status_code == 200 and response.json()["run"]["name"] == "lesson 1"
    assert store.get(run.id).name == "lesson 1" and store.get(run.id).notes == "p=0.3"
    for body, words in [
        ({"name": "x" * 121}, "at most 120 characters"),
        ({"name": 3}, "name must be text"),
        ({"title": "x"}, 'give "name" and/or "notes"'),
        ({"name": "a\nb"}, "control characters"),
    ]:
        response = web.patch(f"/api/runs/{run.id}", json=body, headers=OURS)
        assert response.status_code == 400 and words in response.json()["message"], body
    response = web.patch(f"/api/runs/{run.id}", content=b'{"name": "' + b"x" * 5000 + b'"}', headers=OURS)
    assert response.status_code == 413
    assert store.get(run.id).name == "lesson 1"  # nothing a refused request sent was kept


def test_a_deleted_run_leaves_the_store_at_once_and_undo_puts_it_back_exactly(web, store):
    run = store.runs(kind="train")[0]
    events = store.events(run.id)
    response = web.delete(f"/api/runs/{run.id}", headers=OURS)
    assert response.status_code == 200 and response.json()["undo_s"] > 0
    assert run.id not in [r["id"] for r in runs(web)] and web.get(f"/api/runs/{run.id}").status_code == 404
    response = web.post(f"/api/runs/{run.id}/restore", headers=OURS)
    assert response.status_code == 200 and store.get(run.id) == run and store.events(run.id) == events
    response = web.post(f"/api/runs/{run.id}/restore", headers=OURS)  # once only
    assert response.status_code == 404 and "can no longer be restored" in response.json()["message"]


def test_undo_is_refused_once_its_time_has_passed(web, store):
    web.app.state.deleted = DeletedRuns(undo_s=0.0)
    try:
        run = store.runs(kind="train")[0]
        removed = store.take(run.id)  # put back by hand below: the other tests need the run
        web.app.state.deleted.keep(removed)
        response = web.post(f"/api/runs/{run.id}/restore", headers=OURS)
        assert response.status_code == 404 and "last 0 minutes" in response.json()["message"]
        store.put_back(removed)
    finally:
        web.app.state.deleted = DeletedRuns()


def test_a_foreign_page_can_neither_delete_nor_rename_a_run(web, store):
    run = store.runs(kind="train")[0]
    evil = {"Origin": "http://evil.test"}
    assert web.delete(f"/api/runs/{run.id}", headers=evil).status_code == 403
    assert web.patch(f"/api/runs/{run.id}", json={"name": "pwned"}, headers=evil).status_code == 403
    assert store.get(run.id) == run


def test_a_run_link_opens_the_lab_page(web, store):
    response = web.get(f"/runs/{store.runs()[0].id}")
    assert response.status_code == 200 and 'id="run-list"' in response.text


def test_a_lab_without_a_store_says_runs_are_not_kept(tmp_path: Path):
    with TestClient(create_app(1, warm_up=False), base_url=BASE_URL) as web:
        body = web.get("/api/runs").json()
        assert body == {"store": {"on": False, "recording": False, "problem": None}, "runs": []}
        response = web.get("/api/runs/abc/events")
        assert response.status_code == 404 and "switched off" in response.json()["message"]
