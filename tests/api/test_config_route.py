"""GET /api/config, the page and its static files, served by the real app."""

from __future__ import annotations

import re

from dropout_lab.engine.config import MAX_DROPOUT, TrainConfig, describe_range


def test_config_lists_every_knob_with_type_default_and_range(client):
    body = client.get("/api/config").json()
    knobs = {k["name"]: k for k in body["knobs"]}
    assert list(knobs) == list(TrainConfig.model_fields)
    for name, field in TrainConfig.model_fields.items():
        assert knobs[name]["default"] == field.default
        assert knobs[name]["label"] and knobs[name]["help"] and knobs[name]["type"]
    assert knobs["dropout"]["maximum"] == MAX_DROPOUT
    assert knobs["dropout"]["label"] == "Drop probability"
    assert knobs["dataset"]["choices"] == ["blobs", "circles", "xor", "moons", "spiral"]
    assert knobs["epochs"]["type"] == "integer" and knobs["epochs"]["minimum"] == 1
    assert knobs["lr"]["allowed"] == describe_range("lr")  # the engine's wording, for the page's messages


def test_config_carries_presets_and_pattern_table(client):
    body = client.get("/api/config").json()
    presets = {p["name"]: p for p in body["presets"]}
    assert {"severe-overfitting", "same-network-dropout"} <= set(presets)
    assert presets["severe-overfitting"]["config"]["dropout"] == 0.0
    assert presets["same-network-dropout"]["config"]["dropout"] == 0.5
    assert all(p["expect"] for p in presets.values())
    rows = body["pattern_table"]
    assert [r["pattern"] for r in rows] == ["blobs", "circles", "xor", "moons", "spiral"]
    assert all(r["preset"] in presets for r in rows)


def test_page_modules_and_favicon_are_served_from_the_package(client):
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert 'type="module"' in page.text
    # nothing loaded from the internet (plain links to further reading are not loaded)
    assert not re.search(r'(src|href)="https?://', page.text.replace('<a href="http', '<a link="http'))
    assert client.get("/favicon.ico").status_code == 200
    main = client.get("/static/js/main.js")
    assert main.status_code == 200 and "javascript" in main.headers["content-type"]


def test_every_imported_module_exists(client):
    seen, todo = set(), ["main.js"]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        response = client.get(f"/static/js/{name}")
        assert response.status_code == 200, name
        todo += re.findall(r"from '\./([\w-]+\.js)'", response.text)
    assert len(seen) > 5
    preloaded = set(re.findall(r'rel="modulepreload" href="/static/js/([\w-]+\.js)"', client.get("/").text))
    assert preloaded == seen - {"main.js"}  # the page fetches every module at once, no waterfall
