"""The "Why dropout works" page in headless Chromium against the real server: every panel runs and draws."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

QUERY = "?dataset=moons&n_samples=120&layers=2&neurons=16&epochs=20&dropout=0.5"
RUN_TIMEOUT_MS = 90_000
FAST = {
    "sweep": {"rates": "0, 0.5, 0.9", "n_seeds": "2"},
    "ensemble": {"max_samples": "20", "repeats": "2", "map_size": "16"},
    "uncertainty": {"passes": "10", "map_size": "16"},
    "knockout": {"shares": "0, 0.3", "draws": "2", "n_seeds": "2"},
    "alternatives": {"sizes": "20, 40", "n_seeds": "1"},
}

# A canvas is "drawn" when its pixels vary: a flat background or nothing at all fails.
PIXEL_SPREAD = """(canvas) => {
  const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  const seen = new Set();
  for (let i = 0; i < d.length; i += 4 * 97) {
    seen.add((d[i] >> 4) * 256 + (d[i + 1] >> 4) * 16 + (d[i + 2] >> 4));
  }
  return seen.size;
}"""


def open_page(page: Page, query: str = QUERY) -> None:
    page.goto(f"/insights{query}")
    expect(page.locator("body")).to_have_attribute("data-ready", "true")


def run_panel(page: Page, name: str) -> None:
    page.click(f"#tab-{name}")
    panel = page.locator(f"#panel-{name}")
    expect(panel).to_be_visible()
    for param, value in FAST[name].items():
        panel.locator(f'.param[data-param="{param}"] input').fill(value)
    panel.locator(".run").click()
    expect(panel).to_have_attribute("data-state", "done", timeout=RUN_TIMEOUT_MS)


@pytest.mark.parametrize("name", list(FAST))
def test_each_panel_runs_real_training_and_draws_its_figures(page: Page, name: str):
    open_page(page)
    run_panel(page, name)
    panel = page.locator(f"#panel-{name}")
    canvases = panel.locator(".results canvas")
    assert canvases.count() >= 1
    for i in range(canvases.count()):
        expect(canvases.nth(i)).to_have_attribute("data-drawn", "true")
        assert canvases.nth(i).evaluate(PIXEL_SPREAD) > 3
    expect(panel.locator(".insight-caption").first).not_to_be_empty()
    expect(panel.locator(".status")).to_contain_text("trained just now")


def test_the_sweep_marks_a_best_rate_and_the_uncertainty_panel_says_where_it_fails(page: Page):
    open_page(page)
    run_panel(page, "sweep")
    expect(page.locator("#panel-sweep .insight-caption")).to_contain_text("The best rate is p =")
    page.locator("#panel-sweep .insight-numbers summary").click()
    expect(page.locator("#panel-sweep .insight-numbers tbody tr")).to_have_count(3)
    run_panel(page, "uncertainty")
    note = page.locator("#panel-uncertainty .honest-note")
    expect(note).to_contain_text("not calibrated")
    expect(note).to_contain_text("far from the data")


def test_the_live_diagram_animates_dropped_units_with_the_survivor_scale(page: Page):
    open_page(page)
    page.click("#tab-live")
    panel = page.locator("#panel-live")
    panel.locator(".run").click()
    canvas = panel.locator("canvas.network-diagram")
    expect(canvas).not_to_have_attribute("data-epoch", "", timeout=RUN_TIMEOUT_MS)
    first = int(canvas.get_attribute("data-epoch") or 0)
    expect(panel.locator(".network-diagram-caption")).to_contain_text("×2")
    page.wait_for_function(
        f"() => Number(document.querySelector('#panel-live canvas.network-diagram').dataset.epoch) > {first}"
    )
    assert int(canvas.get_attribute("data-dropped") or 0) > 0  # p = 0.5: some of 32 shown units are off
    assert canvas.evaluate(PIXEL_SPREAD) > 3


def test_settings_come_from_the_link_and_a_bad_parameter_names_its_range(page: Page):
    open_page(page)
    expect(page.locator("#config-summary")).to_contain_text("2 hidden layers × 16")
    expect(page.locator("#back")).to_have_attribute("href", f"/{QUERY}")
    page.click("#tab-sweep")
    panel = page.locator("#panel-sweep")
    panel.locator('.param[data-param="rates"] input').fill("0, 0.95")
    panel.locator(".run").click()
    expect(panel).to_have_attribute("data-state", "error")
    expect(panel.locator(".status")).to_contain_text("from 0 to 0.9")
    expect(panel.locator('.param[data-param="rates"]')).to_have_class("param invalid")
    open_page(page, "")  # no query: the defaults of /api/config
    expect(page.locator("#config-summary")).to_contain_text("moons")
