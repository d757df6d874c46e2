"""The lab page reads the runs the server keeps: they survive a reload, open by their link with their
timeline, are overlaid on the chart, renamed (by keyboard too) and deleted with Undo; an identical
request is replayed and marked as stored; Reset leaves them kept; a lab without a store says runs are
not kept. Real Chromium, a real server with a real SQLite store."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from lab_helpers import SMALL, TRAINING_TIMEOUT_MS, open_lab, serving, shown_epoch
from playwright.sync_api import Page, expect

from dropout_lab.server import create_app
from dropout_lab.server.settings import LabSettings
from dropout_lab.store import RunStore

pytestmark = pytest.mark.e2e
EPOCHS = 30


@pytest.fixture(scope="module")
def kept_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A lab that keeps its runs in its own store file."""
    store = RunStore(tmp_path_factory.mktemp("kept-e2e") / "runs.sqlite3")
    with serving(create_app(warm_up=False, settings=LabSettings(store=store)), timeout_s=120) as url:
        yield url


def kept_items(page: Page):
    return page.locator("#run-list li[data-run-id]")


def train(page: Page) -> None:
    page.locator("#tl-pace").select_option("Infinity")
    page.click("#train")
    expect(page.locator("#status")).to_contain_text("Finished", timeout=TRAINING_TIMEOUT_MS)


def test_kept_runs_outlive_a_reload_open_by_their_link_and_are_renamed_compared_and_deleted(
    page: Page, kept_url: str
):
    page.goto(f"{kept_url}/{SMALL}&epochs={EPOCHS}")
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    expect(page.locator("#runs-note")).to_contain_text("Runs are kept by the server")
    train(page)
    expect(page.locator("#run-origin")).to_be_hidden()  # trained now, not stored
    page.fill("#knob-dropout-box", "0.5")
    train(page)
    expect(kept_items(page).locator("time.run-when")).to_have_count(2, timeout=10_000)  # both recorded

    page.reload()  # the list comes from the server, not the tab
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    expect(kept_items(page)).to_have_count(2)
    first = kept_items(page).filter(has_text="drop p = 0.3")
    run_id = first.get_attribute("data-run-id")
    expect(first.locator("a.open-run")).to_have_attribute("href", f"/runs/{run_id}")

    first.locator("a.open-run").click()  # opens it here, with its own address
    expect(page).to_have_url(re.compile(f"/runs/{run_id}$"))
    expect(page.locator("#run-origin")).to_be_visible()
    expect(page.locator("#run-origin")).to_contain_text("stored run")
    expect(page.locator("#run-origin")).to_contain_text("recorded")
    assert page.input_value("#knob-dropout-box") == "0.3"  # its settings are in the controls
    page.locator("#tl-scrubber").fill("12")  # its timeline scrubs like a live run's
    expect(page.locator("#tl-epoch")).to_contain_text("Epoch 12")
    assert int(page.get_attribute("#boundary-dropout", "data-snapshot-epoch") or 0) <= 12
    expect(page).to_have_url(re.compile(f"/runs/{run_id}\\?epoch=12$"))  # a link to this moment

    page.goto(f"{kept_url}/runs/{run_id}?epoch=7")  # the link, opened afresh: paused at its epoch
    expect(page.locator("#tl-epoch")).to_contain_text("Epoch 7")
    assert shown_epoch(page) == 7
    other = kept_items(page).filter(has_text="drop p = 0.5")
    number = (other.locator(".run-title").text_content() or "").split()[0]  # e.g. "#2"
    other.get_by_label(re.compile("validation curves on the chart")).check()  # compare the two
    expect(page.locator("#chart-legend")).to_contain_text(number)

    other.get_by_role("button", name=re.compile("Rename")).click()
    name_box = other.locator("input.rename-input")
    expect(name_box).to_be_focused()
    name_box.fill("with more dropout")
    page.keyboard.press("Enter")
    expect(other.locator(".run-title")).to_have_text(f"{number} with more dropout")
    rename = other.get_by_role("button", name=re.compile("Rename"))
    rename.focus()
    page.keyboard.press("Enter")  # by keyboard: Escape leaves the name as it was
    page.keyboard.type(" (typo)")
    page.keyboard.press("Escape")
    expect(other.locator(".run-title")).to_have_text(f"{number} with more dropout")

    other.get_by_role("button", name=re.compile("Delete")).click()
    expect(kept_items(page)).to_have_count(1)
    expect(page.locator("#runs-undo")).to_contain_text(f"Run {number} was deleted")
    expect(page.locator("#runs-undo-button")).to_be_focused()
    page.click("#runs-undo-button")
    expect(kept_items(page)).to_have_count(2)
    expect(kept_items(page).filter(has_text="with more dropout")).to_have_count(1)

    page.reload()
    expect(kept_items(page).filter(has_text="with more dropout")).to_have_count(1)  # the name was kept
    kept_items(page).filter(has_text="with more dropout").get_by_role("button", name="Delete run").click()
    expect(kept_items(page)).to_have_count(1)
    page.reload()
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    expect(kept_items(page)).to_have_count(1)  # deleted for good once not undone


def test_an_identical_request_is_replayed_and_marked_and_reset_keeps_the_kept_runs(page: Page, kept_url: str):
    page.goto(f"{kept_url}/{SMALL}&epochs={EPOCHS}&seed=5")
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    train(page)
    expect(page.locator("#run-origin")).to_be_hidden()
    before = kept_items(page).count()
    expect(kept_items(page).filter(has_text="seed 5").locator("time.run-when")).to_have_count(
        1, timeout=10_000
    )
    train(page)  # the same request again: replayed from the store
    expect(page.locator("#run-origin")).to_be_visible(timeout=TRAINING_TIMEOUT_MS)
    expect(kept_items(page).filter(has_text="seed 5")).to_have_count(1)  # the same run, not a new one
    page.click("#reset")
    expect(page.locator("#reset-kept")).to_be_visible()
    page.click("#reset-confirm")
    expect(page.locator("#status")).to_contain_text("the kept runs stay")
    expect(kept_items(page)).to_have_count(max(before, 1))
    expect(page.locator(".card")).to_have_count(0)


def test_a_lab_without_a_store_says_runs_are_not_kept(page: Page):
    open_lab(page)
    expect(page.locator("#runs-note")).to_contain_text("Runs are not kept")
    expect(page.locator("#run-list a.open-run")).to_have_count(0)
