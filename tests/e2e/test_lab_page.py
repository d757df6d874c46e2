"""The web lab in headless Chromium against the real server: the lesson, the timeline, the verdict.

Small networks and short runs wherever the point is the page, not the science; the replay pace is set
to "as it trains" unless the test is about the replay.
"""

from __future__ import annotations

import re

import pytest
from lab_helpers import (
    PIXEL_SPREAD,
    SMALL,
    TRAINING_TIMEOUT_MS,
    box_inside_viewport,
    metric,
    open_lab,
    shown_epoch,
    train_and_wait,
)
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e


def test_the_page_builds_its_controls_from_the_schema(page: Page):
    open_lab(page)
    config = page.request.get("/api/config").json()
    for knob in config["knobs"]:
        row = page.locator(f'.knob[data-knob="{knob["name"]}"]')
        expect(row).to_have_count(1)
        expect(row).to_contain_text(knob["label"])
        if knob["group"] == "basic" and "choices" not in knob:  # a slider with a number box beside it
            expect(page.locator(f'#knob-{knob["name"]}[type="range"]')).to_have_count(1)
            expect(page.locator(f'#knob-{knob["name"]}-box[type="number"]')).to_have_count(1)
    expect(page.locator(".scenario")).to_have_count(len(config["presets"]))
    first_step = page.locator('.scenario[data-preset="severe-overfitting"]')
    expect(first_step).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#verdict-headline")).to_have_text("Press Train")


def test_the_best_demo_fits_one_screen_with_its_verdict_and_shaded_gaps(page: Page):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_lab(page)
    page.click('.scenario[data-preset="same-network-dropout"]')
    train_and_wait(page)
    expect(page.locator("#verdict-headline")).to_have_text("Dropout helped")
    expect(page.locator("#difference")).to_contain_text(re.compile(r"validation loss is [\d.]+ lower"))
    assert metric(page, "dropout", "val_loss") < metric(page, "baseline", "val_loss")
    for canvas in ("boundary-baseline", "boundary-dropout"):
        expect(page.locator(f"#{canvas}")).to_have_attribute("data-snapshot-epoch", "300")
        assert page.evaluate(PIXEL_SPREAD, canvas) > 20
    page.evaluate("window.scrollTo(0, 0)")
    seen = ("#loss-chart", "#boundary-baseline", "#boundary-dropout", "#verdict-headline", "#train", "#stop")
    for selector in seen:
        assert box_inside_viewport(page, selector, 1280, 720), selector
    # The plain net's gap is drawn: between its training and validation curves late in the run the chart
    # is tinted with its colour (near-black, translucent); above its validation curve nothing is drawn.
    tint = page.evaluate(
        """() => {
      const over = document.querySelector('#loss-chart .u-over').getBoundingClientRect();
      const canvas = document.querySelector('#loss-chart canvas');
      const box = canvas.getBoundingClientRect();
      const ctx = canvas.getContext('2d');
      const yMax = Number(document.getElementById('loss-chart').dataset.yMax);
      const xMax = Number(document.getElementById('loss-chart').dataset.xMax);
      const ratio = canvas.width / box.width;
      const at = (epoch, loss) => {
        const x = over.left - box.left + ((epoch - 1) / (xMax - 1)) * over.width;
        const y = over.top - box.top + (1 - loss / yMax) * over.height;
        return Array.from(ctx.getImageData(Math.round(x * ratio), Math.round(y * ratio), 1, 1).data);
      };
      return { readout: document.getElementById('chart-readout').textContent, inside: at(280, 0.3),
        above: at(280, 0.95 * yMax) };
    }"""
    )
    r, g, b, alpha = tint["inside"]
    assert max(r, g, b) < 60 and 20 < alpha < 80, tint  # #222222 at the band's opacity: grey on white
    assert tint["above"][3] < 10, tint


def test_too_much_dropout_is_called_underfitting(page: Page):
    open_lab(page)
    page.click('.scenario[data-preset="too-much-dropout"]')
    train_and_wait(page)
    expect(page.locator("#verdict-headline")).to_contain_text("underfits")
    expect(page.locator("#difference")).to_contain_text("training loss stays at")


def test_scrubbing_to_epoch_10_shows_epoch_10_everywhere(page: Page):
    open_lab(page, SMALL + "&epochs=40&snapshot_every=7")
    train_and_wait(page)
    page.locator("#tl-scrubber").fill("10")
    expect(page.locator("#tl-epoch")).to_have_text("Epoch 10 of 40")
    for network in ("baseline", "dropout"):
        expect(page.locator(f'.card[data-network="{network}"] .card-sub')).to_have_text("at epoch 10 of 40")
        expect(page.locator(f"#boundary-{network}")).to_have_attribute("data-snapshot-epoch", "7")
    expect(page.locator("#loss-chart")).to_have_attribute("data-last-epoch", "10")
    expect(page.locator("#verdict-when")).to_contain_text("At epoch 10 of 40")
    expect(page.locator("#verdict-headline")).to_have_text("Too few epochs to tell")
    # the cards hold the epoch's own numbers, the same the chart's readout gives
    readout = page.inner_text("#chart-readout")
    assert f"val {page.inner_text('.card[data-network=baseline] dd[data-metric=val_loss]')}" in readout
    assert "epoch=10" in page.url  # a link to this moment
    page.locator("#tl-scrubber").fill("14")
    for network in ("baseline", "dropout"):
        expect(page.locator(f"#boundary-{network}")).to_have_attribute("data-snapshot-epoch", "14")


def test_play_pause_step_and_the_keyboard(page: Page):
    open_lab(page, SMALL + "&epochs=60")
    train_and_wait(page)
    page.locator("#tl-pace").select_option("10")
    page.click("#tl-start")
    assert shown_epoch(page) == 1
    page.evaluate("document.activeElement.blur()")  # keys on the page itself, not on a button
    page.keyboard.press("Space")  # play at 10 epochs a second
    expect(page.locator("#tl-play")).to_have_text("Pause")
    page.wait_for_function("Number(document.getElementById('tl-scrubber').value) >= 5")
    page.keyboard.press("Space")
    paused = shown_epoch(page)
    page.wait_for_timeout(400)
    assert shown_epoch(page) == paused < 60
    page.keyboard.press("ArrowRight")
    assert shown_epoch(page) == paused + 1
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert shown_epoch(page) == paused - 1
    page.keyboard.press("End")
    assert shown_epoch(page) == 60
    page.keyboard.press("Home")
    assert shown_epoch(page) == 1
    page.click("#tl-forward")
    assert shown_epoch(page) == 2
    best = page.locator('#tl-best button[data-network="baseline"]')
    page.click('#tl-best button[data-network="baseline"]')
    assert shown_epoch(page) == int(best.get_attribute("data-epoch"))


def test_training_runs_ahead_while_the_view_replays_at_its_pace(page: Page):
    open_lab(page, SMALL + "&epochs=80")
    page.locator("#tl-pace").select_option("10")
    page.click("#train")
    expect(page.locator("#status")).to_contain_text("Trained all 80 epochs", timeout=TRAINING_TIMEOUT_MS)
    assert shown_epoch(page) < 80  # the view is still replaying at 10 epochs a second
    expect(page.locator("#status")).to_contain_text("replaying epoch")
    page.keyboard.press("End")
    expect(page.locator("#status")).to_contain_text("Finished 80 epochs")


def test_a_shared_link_opens_at_its_epoch(page: Page):
    open_lab(page, SMALL + "&epochs=30&epoch=12")
    expect(page.locator("#tl-epoch")).to_have_text("Epoch 12 of 30", timeout=TRAINING_TIMEOUT_MS)
    expect(page.locator("#tl-play")).to_have_text("Play")
    expect(page.locator('.card[data-network="dropout"] .card-sub')).to_have_text("at epoch 12 of 30")
    page.wait_for_function("location.search.includes('epoch=12')")


def test_the_copied_code_runs(page: Page, tmp_path):
    import subprocess
    import sys

    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_lab(page, "?dataset=xor&layers=2&neurons=8&dropout=0.3&epochs=3&n_samples=60")
    page.click("#copy-code")
    expect(page.locator("#copy-code")).to_have_text("Copied")
    code = page.evaluate("navigator.clipboard.readText()")
    path = tmp_path / "copied.py"
    path.write_text(code)
    done = subprocess.run([sys.executable, "-I", str(path)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert re.search(r"^final plain: train_loss [\d.]+ val_loss [\d.]+ gap", done.stdout, re.M)
    assert re.search(r"^final dropout: train_loss", done.stdout, re.M)


def test_no_horizontal_scroll_on_a_phone(page: Page):
    page.set_viewport_size({"width": 390, "height": 844})
    open_lab(page, SMALL + "&epochs=20&layers=8")
    train_and_wait(page)
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    diagram = page.locator("#network-diagram canvas")
    assert int(diagram.get_attribute("data-units-shown")) < 16  # as many as fit without overlap


def test_a_pattern_row_load_is_confirmed_and_brings_train_into_view(page: Page):
    open_lab(page)
    page.click('#pattern-rows tr[data-preset="spiral"]')
    spiral = next(p for p in page.request.get("/api/config").json()["presets"] if p["name"] == "spiral")
    expect(page.locator('input[name="dataset"][value="spiral"]')).to_be_checked()
    for name in ("layers", "neurons", "dropout", "epochs", "noise"):
        assert float(page.input_value(f"#knob-{name}-box")) == pytest.approx(spiral["config"][name])
    expect(page.locator("#pattern-loaded")).to_contain_text("Loaded the Spiral (hardest) settings")
    expect(page.locator('#pattern-rows tr[data-preset="spiral"]')).to_have_class(re.compile("loaded"))
    expect(page.locator("#train")).to_be_focused()
    expect(page.locator("#train")).to_be_in_viewport()
    assert "dataset=spiral" in page.url and "dropout=0.4" in page.url
