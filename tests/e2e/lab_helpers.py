"""Shared steps of the lab page's browser tests."""

from __future__ import annotations

import socket
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from playwright.sync_api import Page, expect

TRAINING_TIMEOUT_MS = 120_000
# A small, fast experiment with a dropout twin (the page's point, not the science).
SMALL = "?dataset=moons&layers=2&neurons=16&dropout=0.3&n_samples=100"

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


def shown_epoch(page: Page) -> int:
    return int(page.input_value("#tl-scrubber"))


def train_and_wait(page: Page, *, live: bool = True) -> None:
    """Train and wait until the view shows the finished run (at once: the pace follows training)."""
    if live:
        page.locator("#tl-pace").select_option("Infinity")
    page.click("#train")
    expect(page.locator("#status")).to_contain_text("Finished", timeout=TRAINING_TIMEOUT_MS)


def box_inside_viewport(page: Page, selector: str, width: int, height: int) -> bool:
    box = page.locator(selector).bounding_box()
    assert box is not None, selector
    x, y, w, h = box["x"], box["y"], box["width"], box["height"]
    return x >= 0 and y >= 0 and x + w <= width and y + h <= height


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(app: Any, timeout_s: float = 120) -> Iterator[str]:
    """`app` under uvicorn on a free loopback port in a background thread; its URL while it runs."""
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="e2e-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout_s
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            server.should_exit = True
            raise RuntimeError(f"the e2e server did not start in {timeout_s:g} s:\n{_stacks()}")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


def _stacks() -> str:
    """Where every thread of this process is: what a server that does not start is waiting for."""
    names = {t.ident: t.name for t in threading.enumerate()}
    return "\n".join(
        f"--- {names.get(ident, ident)}\n{''.join(traceback.format_stack(frame))}"
        for ident, frame in sys._current_frames().items()
    )
