"""The lab when things go wrong or change: server failures, refusals, bad links and values, stop, reset,
stale results, exports, the one-click dropout twin."""

from __future__ import annotations

import json
import re

import pytest
from lab_helpers import SMALL, TRAINING_TIMEOUT_MS, open_lab, serving, train_and_wait
from playwright.sync_api import Page, WebSocketRoute, expect

from dropout_lab.server import create_app

pytestmark = pytest.mark.e2e


def test_an_unreachable_server_is_reported_as_such(page: Page, no_console_errors: list[str]):
    with serving(create_app(warm_up=False)) as url:
        page.goto(f"{url}/{SMALL}&epochs=5")
        expect(page.locator("body")).to_have_attribute("data-ready", "true")
    # the server has gone away after the page loaded
    page.click("#train")
    expect(page.locator("#status")).to_contain_text("Cannot reach the server", timeout=20_000)
    expect(page.locator("#announcer")).to_contain_text("Cannot reach the server")
    expect(page.locator("#train")).to_be_enabled()
    # the browser logs the failed connection itself: expected here, and the only error allowed
    no_console_errors[:] = [e for e in no_console_errors if "WebSocket connection" not in e]


def test_a_dropped_connection_mid_run_says_connection_lost_not_stopped(page: Page):
    """The real server trains; the socket between it and the page is cut after a few epochs."""
    seen = {"epochs": 0}

    def relay(ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()

        def to_page(message: str | bytes) -> None:
            ws.send(message)
            if json.loads(message).get("type") == "epoch_finished":
                seen["epochs"] += 1
                if seen["epochs"] == 10:  # 5 epochs of both networks: cut the line
                    ws.close()
                    server.close()

        server.on_message(to_page)

    page.route_web_socket(re.compile(r"/ws$"), relay)
    open_lab(page, SMALL + "&epochs=2000")
    page.click("#train")
    status = page.locator("#status")
    expect(status).to_contain_text("Connection lost after epoch", timeout=TRAINING_TIMEOUT_MS)
    assert "Stopped" not in page.inner_text("#status")
    expect(page.locator("#run-list .run-status")).to_have_text("connection lost")
    expect(page.locator("#train")).to_be_enabled()


def test_any_refusal_shows_its_message(page: Page):
    """A refusal type the page has no special case for (H2's over_budget) still shows its message."""

    def refuse(ws: WebSocketRoute) -> None:
        refusal = json.dumps({"type": "over_budget", "message": "Too big: 9 GFLOP"})
        ws.on_message(lambda _: (ws.send(refusal), ws.close()))

    page.route_web_socket(re.compile(r"/ws$"), refuse)
    open_lab(page, SMALL)
    page.click("#train")
    expect(page.locator("#status")).to_have_text("Not started: Too big: 9 GFLOP")


def test_a_bad_link_is_reported_by_key_and_range_and_never_reaches_the_url(page: Page):
    open_lab(page, "?dropout=5&layers=abc&dataset=banana&neurons=24")
    problems = page.locator("#url-problems")
    expect(problems).to_be_visible()
    expect(problems).to_contain_text("dropout=5: must be a number from 0 to 0.9")
    expect(problems).to_contain_text("layers=abc: must be an integer from 1 to 8")
    expect(problems).to_contain_text("dataset=banana: must be one of")
    expect(page.locator('input[name="dataset"]:checked')).to_have_count(1)  # never "undefined"
    assert page.input_value("#knob-neurons-box") == "24"  # the good value is kept
    assert "banana" not in page.url and "abc" not in page.url and "dropout=5" not in page.url
    assert "undefined" not in page.inner_text("body")


def test_an_invalid_value_is_named_with_its_range_and_never_reaches_the_url(page: Page):
    open_lab(page)
    page.fill("#knob-dropout-box", "0.25")
    expect(page.locator("#knob-dropout-value")).to_have_text("25% of the neurons")
    assert float(page.input_value("#knob-dropout")) == 0.25  # the slider follows the number box
    page.wait_for_function("location.search.includes('dropout=0.25')")
    page.fill("#knob-dropout-box", "5")
    expect(page.locator("#knob-dropout-box")).to_have_attribute("aria-invalid", "true")
    page.click("#advanced summary")
    page.fill("#knob-batch_size", "")
    page.click("#train")
    expect(page.locator("#form-error")).to_contain_text("Drop probability: must be a number from 0 to 0.9")
    expect(page.locator("#form-error")).to_contain_text("Batch size")
    assert "dropout=0.25" in page.url and "NaN" not in page.url and "batch_size=32" in page.url
    expect(page.locator("#run-list li.empty")).to_have_count(1)  # nothing was started


def test_stop_fits_the_axis_to_the_epochs_run_and_exports_are_stamped_and_rounded(page: Page):
    open_lab(page, SMALL + "&epochs=2000")
    page.focus("#train")
    page.keyboard.press("Enter")  # the form submits from the keyboard
    expect(page.locator("#stop")).to_be_focused()  # focus follows to the control that makes sense
    page.wait_for_function("Number(document.getElementById('tl-scrubber').max) > 5")
    page.click("#stop")
    expect(page.locator("#status")).to_contain_text(re.compile(r"Stopped after epoch \d+"), timeout=20_000)
    expect(page.locator("#train")).to_be_focused()
    expect(page.locator("#run-list .run-status")).to_have_text("stopped")
    last = int(page.get_attribute("#tl-scrubber", "max"))
    assert last < 2000
    expect(page.locator("#loss-chart")).to_have_attribute("data-x-max", str(last))  # the axis fits the run

    with page.expect_download() as download:
        page.click("#export-csv")
    lines = open(download.value.path()).read().splitlines()
    assert lines[0].startswith("run,label,network,dropout,epoch,train_loss,val_loss,gap")
    assert len(lines) - 1 >= 2 * last
    numbers = [float(cell) for line in lines[1:] for cell in line.split(",")[5:]]
    assert all(float(f"{x:.6g}") == x for x in numbers)  # 6 significant digits, not 0.8399999737739563
    with page.expect_download() as download:
        page.click("#export-loss")
    png = open(download.value.path(), "rb").read()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    # the stamp: dark text in a white band above the legend and the chart
    rows_with_ink = page.evaluate(
        """async (b64) => {
      const img = new Image();
      img.src = 'data:image/png;base64,' + b64;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width; c.height = img.height;
      const ctx = c.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const band = ctx.getImageData(0, 0, img.width, 60).data;
      let ink = 0;
      for (let i = 0; i < band.length; i += 4) if (band[i] < 90 && band[i + 3] > 200) ink++;
      return { ink, height: img.height, chart: document.querySelector('#loss-chart canvas').height };
    }""",
        __import__("base64").b64encode(png).decode(),
    )
    assert rows_with_ink["ink"] > 200 and rows_with_ink["height"] > rows_with_ink["chart"] + 60


def test_reset_asks_first(page: Page):
    open_lab(page, SMALL + "&epochs=5")
    train_and_wait(page)
    page.click("#reset")
    expect(page.locator("#reset-dialog")).to_be_visible()
    page.click('#reset-dialog button[value="cancel"]')
    expect(page.locator("#run-list li[data-run-id]")).to_have_count(1)  # nothing lost
    page.click("#reset")
    page.click("#reset-confirm")
    expect(page.locator("#run-list li.empty")).to_have_count(1)
    expect(page.locator(".card")).to_have_count(0)
    first_step = page.locator('.scenario[data-preset="severe-overfitting"]')
    expect(first_step).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#reset")).to_be_focused()


def test_reset_during_training_abandons_the_run_cleanly(page: Page):
    open_lab(page, SMALL + "&epochs=2000")
    page.click("#train")
    page.wait_for_function("Number(document.getElementById('tl-scrubber').max) > 3")
    page.click("#reset")
    page.click("#reset-confirm")
    expect(page.locator("#train")).to_be_enabled()
    page.click('#pattern-rows tr[data-preset="blobs"]')
    train_and_wait(page)  # the abandoned run's late close must not disturb this one
    expect(page.locator("#run-list li")).to_have_count(1)
    expect(page.locator("#run-list .run-status")).to_have_text("finished")


def test_blobs_get_a_one_click_twin_and_changed_settings_are_flagged(page: Page):
    open_lab(page)
    page.click('.scenario[data-preset="blobs"]')
    train_and_wait(page)
    expect(page.locator("#boundary-dropout")).to_have_attribute("data-snapshot-epoch", "")
    page.fill("#knob-epochs-box", "60")
    expect(page.locator("#stale-note")).to_contain_text("The settings have changed since (Epochs)")
    expect(page.locator("#add-twin")).to_be_hidden()
    page.fill("#knob-epochs-box", "50")
    expect(page.locator("#stale-note")).to_be_hidden()
    expect(page.locator("#add-twin")).to_have_text("Add the dropout twin (p = 0.3) and train")
    page.click("#add-twin")
    expect(page.locator("#status")).to_contain_text("Finished", timeout=TRAINING_TIMEOUT_MS)
    expect(page.locator("#verdict-headline")).to_have_text("No real difference")
    expect(page.locator(".card")).to_have_count(2)
    assert page.input_value("#knob-dropout-box") == "0.3"


def test_the_dropped_units_follow_the_epoch_shown(page: Page):
    open_lab(page, SMALL + "&epochs=30&dropout=0.5")
    caption = page.locator(".network-diagram-caption")
    expect(caption).to_contain_text("Train with dropout")
    train_and_wait(page)
    expect(caption).to_contain_text("Epoch 30")
    expect(caption).to_contain_text("×2")
    page.locator("#tl-scrubber").fill("12")
    expect(caption).to_contain_text("Epoch 12")
    expect(page.locator("#network-diagram canvas")).to_have_attribute("data-epoch", "12")
    href = page.get_attribute("#insights-link", "href")
    assert href.startswith("/insights?") and "neurons=16" in href
