"""The web lab in headless Chromium against the real server: the lesson, the controls, the views."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

TRAINING_TIMEOUT_MS = 90_000

# A canvas is "not blank" when its pixels vary: a flat background or nothing at all fails.
PIXEL_SPREAD = """(id) => {
  const c = document.getElementById(id);
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  const seen = new Set();
  for (let i = 0; i < d.length; i += 4 * 97) {
    seen.add((d[i] >> 4) * 256 + (d[i + 1] >> 4) * 16 + (d[i + 2] >> 4));
  }
  return seen.size;
}"""


def open_lab(page: Page, query: str = "") -> None:
    page.goto(f"/{query}")
    expect(page.locator("body")).to_have_attribute("data-ready", "true")


def metric(page: Page, network: str, key: str) -> float:
    return float(page.locator(f'.card[data-network="{network}"] dd[data-metric="{key}"]').inner_text())


def train_and_wait(page: Page) -> None:
    page.click("#train")
    expect(page.locator("#status")).to_contain_text("Finished", timeout=TRAINING_TIMEOUT_MS)


def test_the_page_builds_its_controls_from_the_schema(page: Page):
    open_lab(page)
    knobs = page.request.get("/api/config").json()["knobs"]
    for knob in knobs:
        row = page.locator(f'.knob[data-knob="{knob["name"]}"]')
        expect(row).to_have_count(1)
        expect(row).to_contain_text(knob["label"])
    expect(page.locator("#knob-dropout-label")).to_contain_text("Drop probability")
    expect(page.locator(".scenario")).to_have_count(len(page.request.get("/api/config").json()["presets"]))
    # A bare URL opens on the first step of the lesson.
    first_step = page.locator('.scenario[data-preset="severe-overfitting"]')
    expect(first_step).to_have_attribute("aria-pressed", "true")


def test_the_seed_flow_ends_with_lower_validation_loss_with_dropout(page: Page):
    open_lab(page)
    page.click('.scenario[data-preset="severe-overfitting"]')
    expect(page.locator("#scenario-expect")).to_contain_text("gap")
    train_and_wait(page)
    expect(page.locator(".card")).to_have_count(1)  # drop probability 0: the baseline alone
    assert metric(page, "baseline", "val_loss") > 0

    page.click('.scenario[data-preset="same-network-dropout"]')
    train_and_wait(page)
    baseline, dropout = metric(page, "baseline", "val_loss"), metric(page, "dropout", "val_loss")
    assert dropout < baseline
    expect(page.locator("#difference")).to_contain_text(re.compile(r"validation loss is [\d.]+ lower"))
    expect(page.locator("#run-list li")).to_have_count(2)
    expect(page.locator("#loss-chart")).to_have_attribute("data-last-epoch", "300")
    for canvas in ("boundary-baseline", "boundary-dropout"):
        expect(page.locator(f"#{canvas}")).to_have_attribute("data-snapshot-epoch", "300")
        assert page.evaluate(PIXEL_SPREAD, canvas) > 20
    assert page.evaluate(PIXEL_SPREAD, "loss-chart") > 5

    page.check("#run-list .show-beside input")  # run #1 beside the current run
    expect(page.locator("#loss-chart")).to_have_attribute("data-last-epoch", "300")


def test_a_pattern_table_row_loads_its_settings(page: Page):
    open_lab(page)
    page.click('#pattern-rows tr[data-preset="spiral"]')
    spiral = next(p for p in page.request.get("/api/config").json()["presets"] if p["name"] == "spiral")
    expect(page.locator('input[name="dataset"][value="spiral"]')).to_be_checked()
    for name in ("layers", "neurons", "dropout", "epochs", "noise"):
        assert float(page.input_value(f"#knob-{name}")) == pytest.approx(spiral["config"][name])
    expect(page.locator('.scenario[data-preset="spiral"]')).to_have_attribute("aria-pressed", "true")
    assert "dataset=spiral" in page.url and "dropout=0.4" in page.url


def test_a_shared_url_restores_the_controls(page: Page):
    open_lab(page, "?dataset=xor&layers=2&neurons=24&dropout=0.25&epochs=40&seed=7&lr=0.01")
    expect(page.locator('input[name="dataset"][value="xor"]')).to_be_checked()
    assert page.input_value("#knob-layers") == "2"
    assert page.input_value("#knob-neurons") == "24"
    assert float(page.input_value("#knob-dropout")) == 0.25
    assert page.input_value("#knob-epochs") == "40"
    assert page.input_value("#knob-seed") == "7"
    assert page.input_value("#knob-lr") == "0.01"
    expect(page.locator("#knob-dropout-value")).to_have_text("25% of the neurons")
    expect(page.locator("#pytorch-code")).to_contain_text("nn.Dropout(p=0.25)")


def test_stop_export_and_reset_from_a_keyboard_started_run(page: Page):
    open_lab(page, "?dataset=moons&layers=2&neurons=16&dropout=0.3&epochs=2000&n_samples=100")
    page.focus("#train")
    page.keyboard.press("Enter")  # the form submits from the keyboard
    expect(page.locator("#status")).to_contain_text("Training", timeout=10_000)
    page.wait_for_function("Number(document.getElementById('loss-chart').dataset.lastEpoch) > 3")
    page.click("#stop")
    expect(page.locator("#status")).to_contain_text(re.compile(r"Stopped after epoch \d+"), timeout=10_000)
    expect(page.locator("#train")).to_be_enabled()
    expect(page.locator("#stop")).to_be_disabled()
    expect(page.locator("#run-list .run-status")).to_have_text("stopped")
    last_epoch = int(page.get_attribute("#loss-chart", "data-last-epoch"))
    assert last_epoch < 2000

    with page.expect_download() as download:
        page.click("#export-csv")
    lines = open(download.value.path()).read().splitlines()
    assert lines[0].startswith("run,label,network,dropout,epoch,train_loss,val_loss,gap")
    assert len(lines) - 1 >= 2 * last_epoch  # both networks, every epoch drawn
    with page.expect_download() as download:
        page.click("#export-loss")
    assert open(download.value.path(), "rb").read(8) == b"\x89PNG\r\n\x1a\n"

    page.click("#reset")
    expect(page.locator("#run-list li.empty")).to_have_count(1)
    expect(page.locator(".card")).to_have_count(0)
    first_step = page.locator('.scenario[data-preset="severe-overfitting"]')
    expect(first_step).to_have_attribute("aria-pressed", "true")


def test_an_invalid_value_is_named_with_its_range(page: Page):
    open_lab(page)
    page.click("#advanced summary")
    page.fill("#knob-lr", "5")
    page.click("#train")
    expect(page.locator("#form-error")).to_contain_text("Learning rate")
    expect(page.locator("#form-error")).to_contain_text("a number above 0 and at most 1")
    expect(page.locator("#knob-lr")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#run-list li.empty")).to_have_count(1)  # nothing was started


def test_sliders_move_with_the_keyboard(page: Page):
    open_lab(page)
    page.focus("#knob-dropout")
    page.keyboard.press("End")
    expect(page.locator("#knob-dropout-value")).to_have_text("90% of the neurons")
    assert "dropout=0.9" in page.url


def test_reset_during_training_abandons_the_run_cleanly(page: Page):
    open_lab(page, "?dataset=moons&layers=2&neurons=16&dropout=0.3&epochs=2000&n_samples=100")
    page.click("#train")
    page.wait_for_function("Number(document.getElementById('loss-chart').dataset.lastEpoch) > 3")
    page.click("#reset")
    expect(page.locator("#train")).to_be_enabled()
    page.click('#pattern-rows tr[data-preset="blobs"]')
    train_and_wait(page)  # the abandoned run's late close must not disturb this one
    expect(page.locator("#run-list li")).to_have_count(1)
    expect(page.locator("#run-list .run-status")).to_have_text("finished")


def test_the_live_diagram_shows_dropped_units_and_the_insights_link_keeps_the_settings(page: Page):
    open_lab(page, "?dataset=moons&layers=2&neurons=16&epochs=30&n_samples=120&dropout=0.5")
    caption = page.locator(".network-diagram-caption")
    expect(caption).to_contain_text("Train with dropout")
    train_and_wait(page)
    expect(caption).to_contain_text("Epoch 30")
    expect(caption).to_contain_text("×2")
    spread = page.evaluate(
        """() => {
      const c = document.querySelector('#network-diagram canvas');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const seen = new Set();
      for (let i = 0; i < d.length; i += 4 * 31) {
        seen.add((d[i] >> 4) * 256 + (d[i + 1] >> 4) * 16 + (d[i + 2] >> 4));
      }
      return seen.size;
    }"""
    )
    assert spread > 3
    href = page.get_attribute("#insights-link", "href")
    assert href.startswith("/insights?") and "neurons=16" in href
