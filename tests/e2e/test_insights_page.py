"""The "Why dropout works" page in headless Chromium against the real server: every panel runs and
draws, the sweep streams live, Stop marks what is stale, maps are the right way up (read from pixels)."""

from __future__ import annotations

from pathlib import Path

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
    "alternatives": {"sizes": "20, 40", "n_seeds": "2"},
}
INSIGHTS_HTML = Path(__file__).parents[2] / "src" / "dropout_lab" / "static" / "insights.html"

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


def fill(page: Page, name: str, values: dict[str, str]) -> None:
    page.click(f"#tab-{name}")
    panel = page.locator(f"#panel-{name}")
    expect(panel).to_be_visible()
    for param, value in values.items():
        panel.locator(f'.param[data-param="{param}"] input').fill(value)


def run_panel(page: Page, name: str, values: dict[str, str] | None = None) -> None:
    fill(page, name, FAST[name] if values is None else values)
    panel = page.locator(f"#panel-{name}")
    panel.locator(".run").click()
    expect(panel).to_have_attribute("data-state", "done", timeout=RUN_TIMEOUT_MS)


def test_the_panels_are_built_from_one_template_one_per_insight(page: Page):
    html = INSIGHTS_HTML.read_text()
    assert html.count("<template") == 1 and 'id="panel-sweep"' not in html
    open_page(page)
    names = page.evaluate("fetch('/api/insights').then(r => r.json()).then(s => s.insights.map(i => i.name))")
    built = page.locator("section.insight-panel[id^='panel-']").evaluate_all("els => els.map(e => e.id)")
    assert built == [f"panel-{n}" for n in names] + ["panel-live"]
    for name in names:
        expect(page.locator(f"#tab-{name}")).to_have_attribute("aria-controls", f"panel-{name}")


@pytest.mark.parametrize("name", list(FAST))
def test_each_panel_runs_real_training_and_draws_its_figures_and_claims(page: Page, name: str):
    open_page(page)
    run_panel(page, name)
    panel = page.locator(f"#panel-{name}")
    figures = panel.locator(".results .insight-figure")
    assert figures.count() >= 1
    canvases = panel.locator(".results canvas")
    for i in range(canvases.count()):
        assert canvases.nth(i).evaluate(PIXEL_SPREAD) > 3, f"canvas {i} is blank"
    for i in range(panel.locator(".results .insight-figure.chart").count()):
        expect(panel.locator(".results .insight-figure.chart").nth(i)).to_have_attribute("data-drawn", "true")
    expect(panel.locator(".insight-headline")).not_to_be_empty()
    expect(panel.locator(".status")).to_contain_text("trained just now")
    expect(panel.locator(".live-note")).to_be_hidden()  # a complete result is not labelled live or stale


def test_no_chart_legend_overlaps_its_plot(page: Page):
    open_page(page)
    run_panel(page, "sweep")
    charts = page.locator("#panel-sweep .insight-figure.chart")
    assert charts.count() == 3
    for i in range(3):
        plot = charts.nth(i).locator(".u-over").bounding_box()
        legend = charts.nth(i).locator(".u-legend").bounding_box()
        assert plot and legend and legend["y"] >= plot["y"] + plot["height"] - 1


def test_the_sweep_streams_its_curves_live_and_stop_marks_them_stale(page: Page):
    # about 15 s of work (estimated 26 s): it is stopped long before it could end, however fast the engine
    open_page(page, "?dataset=moons&n_samples=1000&layers=2&neurons=64&epochs=2000&dropout=0.5")
    fill(page, "sweep", {"rates": "0, 0.5, 0.9", "n_seeds": "2"})
    panel = page.locator("#panel-sweep")
    panel.locator(".run").click()
    curves = panel.locator(".sweep-curves")
    page.wait_for_function(
        "() => Number(document.querySelector('#panel-sweep .sweep-curves')?.dataset.epochs) >= 3",
        timeout=RUN_TIMEOUT_MS,
    )
    expect(panel).to_have_attribute("data-state", "running")  # curves are there before the run ends
    assert curves.locator("canvas").first.evaluate(PIXEL_SPREAD) > 3
    expect(panel.locator(".insight-headline")).to_contain_text("After ")
    expect(panel.locator(".live-note")).to_contain_text("Live: after")
    first = int(curves.get_attribute("data-epochs") or 0)
    page.wait_for_function(
        f"() => Number(document.querySelector('#panel-sweep .sweep-curves').dataset.epochs) > {first}"
    )  # ... and they grow
    panel.locator(".stop").click()
    expect(panel).to_have_attribute("data-state", "stopped")
    expect(panel.locator(".results")).to_have_attribute("data-stale", "true")
    expect(panel.locator(".live-note")).to_contain_text("Stopped after")
    expect(panel.locator(".live-note")).to_contain_text("of 2000 epochs")
    expect(panel.locator(".run")).to_be_focused()
    panel.locator(".run").click()  # a new run clears what was stale
    expect(panel.locator(".results")).not_to_have_attribute("data-stale", "true")
    panel.locator(".stop").click()


# Reads the eval-mode map of blobs (class 1 centred at (0.75, 0.75), class 0 at (-0.75, -0.75)):
# corners' colours and, along the diagonal, where the colour turns and where the dark contour is.
MAP_PIXELS = """(canvas) => {
  const ctx = canvas.getContext('2d');
  const w = canvas.width, h = canvas.height;
  const at = (fx, fy) =>
    Array.from(ctx.getImageData(Math.round(fx * (w - 1)), Math.round(fy * (h - 1)), 1, 1).data);
  const diagonal = [];
  for (let i = 0; i <= 200; i++) diagonal.push(at(i / 200, 1 - i / 200));  // bottom-left -> top-right
  return {topRight: at(0.96, 0.04), bottomLeft: at(0.04, 0.96), topLeft: at(0.04, 0.04), diagonal};
}"""


def test_the_insight_maps_show_class_one_top_right_with_the_contour_between(page: Page):
    open_page(page, "?dataset=blobs&noise=0.1&n_samples=200&layers=1&neurons=16&epochs=60&dropout=0.5")
    run_panel(page, "ensemble", {"max_samples": "10", "repeats": "2", "map_size": "30"})
    canvas = page.locator('#panel-ensemble canvas[aria-label="eval mode (no masks)"]')
    pixels = canvas.evaluate(MAP_PIXELS)
    blue = lambda rgb: rgb[2] > rgb[0] + 12  # noqa: E731  class 1 (#2962a8, pale) vs class 0 (#e67e22)
    orange = lambda rgb: rgb[0] > rgb[2] + 12  # noqa: E731
    assert blue(pixels["topRight"]) and orange(pixels["bottomLeft"])
    line = pixels["diagonal"]
    turn = next(i for i in range(len(line)) if blue(line[i]) and all(blue(c) for c in line[i : i + 20]))
    assert all(not blue(c) for c in line[: turn - 20] if sum(c[:3]) > 300)  # orange (or points) before
    dark = [i for i, c in enumerate(line) if sum(c[:3]) < 200]
    assert dark and any(abs(i - turn) <= 6 for i in dark), "the 0.5 contour lies where the colour turns"
    assert 40 < turn < 160  # between the clusters, not at an edge


def test_map_rows_line_up_when_titles_wrap_and_scalar_maps_have_colour_bars(page: Page):
    open_page(page)
    run_panel(page, "ensemble")
    maps = page.locator("#panel-ensemble .map-row .insight-figure").evaluate_all(
        """els => els.map(f => [f.getBoundingClientRect().top, f.querySelector('figcaption').offsetHeight,
                                f.querySelector('canvas').getBoundingClientRect().top])"""
    )
    assert len(maps) == 8
    assert len({round(h) for _, h, _ in maps}) > 1, "some titles wrap (else this test shows nothing)"
    rows: dict[int, set[int]] = {}
    for figure_top, _, canvas_top in maps:  # maps in one grid row: their canvases share one top edge
        rows.setdefault(round(figure_top), set()).add(round(canvas_top))
    assert all(len(tops) == 1 for tops in rows.values()), rows
    run_panel(page, "uncertainty")
    bars = page.locator("#panel-uncertainty canvas.color-bar")
    assert bars.count() == 3
    for i in range(3):
        assert bars.nth(i).evaluate(PIXEL_SPREAD) > 3


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


def test_settings_come_from_the_link_and_a_bad_parameter_is_named_by_its_label(page: Page):
    open_page(page)
    expect(page.locator("#config-summary")).to_contain_text("2 hidden layers × 16")
    expect(page.locator("#back")).to_have_attribute("href", f"/{QUERY}")
    fill(page, "sweep", {"rates": "0, 0.95"})
    panel = page.locator("#panel-sweep")
    panel.locator(".run").click()
    expect(panel).to_have_attribute("data-state", "error")
    expect(panel.locator(".status")).to_contain_text("Drop probabilities: must be")
    expect(panel.locator(".status")).not_to_contain_text("params.rates")
    field = panel.locator('.param[data-param="rates"]')
    expect(field).to_have_class("param invalid")
    expect(field.locator(".param-error")).to_contain_text("from 0 to 0.9")
    expect(field.locator("input")).to_have_attribute("aria-invalid", "true")
    open_page(page, "")  # no query: the defaults of /api/config
    expect(page.locator("#config-summary")).to_contain_text("moons")
