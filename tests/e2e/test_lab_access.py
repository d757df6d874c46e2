"""The lab for every user: quiet live regions, a visible focus ring, readable hover, presentation mode."""

from __future__ import annotations

import pytest
from lab_helpers import SMALL, open_lab, train_and_wait
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

# WCAG relative luminance and contrast of two CSS colours "rgb(r, g, b)".
CONTRAST = """([a, b]) => {
  const lum = (css) => {
    const [r, g, bl] = css.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number).map((c) => {
      const v = c / 255;
      return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}"""


def test_live_regions_announce_a_run_s_start_and_end_only(page: Page):
    open_lab(page, SMALL + "&epochs=40")
    page.evaluate(
        """() => {
      window.__spoken = [];
      const regions = document.querySelectorAll(
        '[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"]');
      const seen = new MutationObserver((records) => {
        for (const r of records) window.__spoken.push(r.target.closest('[aria-live], [role]').id + ': '
          + r.target.textContent);
      });
      const what = { childList: true, characterData: true, subtree: true };
      for (const region of regions) seen.observe(region, what);
    }"""
    )
    train_and_wait(page)
    page.wait_for_timeout(300)
    spoken = page.evaluate("window.__spoken")
    assert len(spoken) == 2, spoken
    assert spoken[0].startswith("announcer: Training started")
    assert "Training finished after 40 epochs" in spoken[1]


def test_the_focus_ring_stands_out_three_to_one(page: Page):
    open_lab(page)
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.id || document.activeElement.tagName")
    styles = page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
      return [s.outlineColor, s.outlineStyle, s.outlineWidth]; }"""
    )
    assert styles[1] != "none" and float(styles[2].rstrip("px")) >= 2, (focused, styles)
    for background in ("rgb(255, 255, 255)", "rgb(243, 244, 246)"):
        assert page.evaluate(CONTRAST, [styles[0], background]) >= 3


def test_a_pressed_scenario_stays_readable_on_hover(page: Page):
    open_lab(page)
    pressed = page.locator('.scenario[aria-pressed="true"]')
    pressed.hover()
    colours = pressed.evaluate("(b) => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]")
    assert page.evaluate(CONTRAST, colours) >= 4.5, colours


def test_presentation_mode_enlarges_the_chart_text(page: Page):
    open_lab(page, SMALL + "&epochs=5")
    train_and_wait(page)
    normal = int(page.get_attribute("#loss-chart", "data-font-px"))
    text_px = "parseFloat(getComputedStyle(document.getElementById('difference')).fontSize)"
    size = page.evaluate(text_px)
    page.click("#presentation")
    expect(page.locator("#presentation")).to_have_attribute("aria-pressed", "true")
    bigger = int(page.get_attribute("#loss-chart", "data-font-px"))  # the size the chart's text is drawn at
    assert bigger >= 14 and bigger > normal
    assert page.evaluate(text_px) > size
