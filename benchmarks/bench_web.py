"""Web lab speed and weight, measured in headless Chromium against the real server.

Prints: page-ready time (navigation start -> controls built from /api/config), the bytes of JS + CSS
the page loads (the lab's own and the vendored uPlot apart), the time from pressing Train to the first
epoch drawn (median of repeats), and how responsive the page stays during a full "Severe Overfitting"
+ "Same Network + Dropout" training with the view following it, then while the recorded run replays
(longest gap between animation frames, long tasks). Targets: ready < 1 s, the lab's own JS+CSS
< 300 KB, first epoch < 0.2 s. Plain script (not a test): `python benchmarks/bench_web.py`;
`--screenshots DIR` also saves the page after the lesson's two runs (the README's pictures).
"""

from __future__ import annotations

import argparse
import socket
import statistics
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from dropout_lab.server import create_app

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
REPEATS = 5

READY_MS = "performance.getEntriesByName('lab-ready')[0].startTime"
ASSET_BYTES = """(() => {
  const assets = performance.getEntriesByType('resource')
    .filter((r) => /\\.(js|css)$/.test(new URL(r.name).pathname));
  const size = (vendor) => assets.filter((r) => r.name.includes('/vendor/') === vendor)
    .reduce((sum, r) => sum + r.decodedBodySize, 0);
  return { own: size(false), vendor: size(true) };
})()"""
# Click Train and resolve when the loss chart has drawn epoch 1 of the new run (ms): the chart shows
# epoch 0 when the run starts (the previous run's last epoch must not count).
FIRST_EPOCH_MS = """async () => {
  const chart = document.getElementById('loss-chart');
  const drawn = new Promise((resolve) => {
    let fresh = false;
    const seen = new MutationObserver(() => {
      const epoch = Number(chart.dataset.lastEpoch);
      if (epoch === 0) fresh = true;
      else if (fresh && epoch >= 1) { seen.disconnect(); resolve(performance.now()); }
    });
    seen.observe(chart, { attributes: true, attributeFilter: ['data-last-epoch'] });
  });
  const t0 = performance.now();
  document.getElementById('train').click();
  return (await drawn) - t0;
}"""
# Watch animation frames and long tasks until stopped (window.__jank()).
WATCH_FRAMES = """() => {
  let last = performance.now(), worst = 0, longTasks = 0, running = true;
  const tick = (t) => {
    worst = Math.max(worst, t - last);
    last = t;
    if (running) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  new PerformanceObserver((list) => { longTasks += list.getEntries().length; })
    .observe({ entryTypes: ['longtask'] });
  window.__jank = () => { running = false; return { worst_frame_ms: worst, long_tasks: longTasks }; };
}"""


def start_server() -> tuple[uvicorn.Server, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}/"


def wait_finished(page) -> None:
    page.wait_for_function(
        "/^(Finished|Stopped)/.test(document.getElementById('status').textContent)", timeout=120_000
    )


def save_screenshots(page, folder: Path) -> None:
    """The README's pictures: one screen at 1280x720 after the lesson, then at the plain net's best epoch."""
    folder.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 720})
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(500)  # the stage refits to the new window
    page.screenshot(path=folder / "lab-overview.png")
    page.click('#tl-best button[data-network="baseline"]')
    page.wait_for_timeout(300)
    page.screenshot(path=folder / "lab-best-epoch.png")
    print(f"  screenshots saved in {folder}/")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screenshots", metavar="DIR", help="save PNGs of the page after the seed flow")
    args = parser.parse_args()
    server, url = start_server()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        ready = []
        for _ in range(REPEATS):
            page.goto(url)
            page.wait_for_selector("body[data-ready=true]")
            ready.append(page.evaluate(READY_MS))
        asset_bytes = page.evaluate(ASSET_BYTES)

        first_epoch = []
        for _ in range(REPEATS):
            first_epoch.append(page.evaluate(FIRST_EPOCH_MS))
            page.click("#stop")
            wait_finished(page)

        page.goto(url)
        page.wait_for_selector("body[data-ready=true]")
        page.select_option("#tl-pace", "Infinity")  # the view follows training: training speed alone
        page.evaluate(WATCH_FRAMES)
        t0 = time.perf_counter()
        for preset in ("severe-overfitting", "same-network-dropout"):
            page.click(f'.scenario[data-preset="{preset}"]')
            page.click("#train")
            page.wait_for_function("document.getElementById('status').textContent.startsWith('Training')")
            wait_finished(page)
        flow_s = time.perf_counter() - t0
        jank = page.evaluate("window.__jank()")
        # The recorded run replayed at the default pace (30 epochs/s): the view's own cost.
        page.select_option("#tl-pace", "30")
        page.evaluate(WATCH_FRAMES)
        t0 = time.perf_counter()
        page.click("#tl-start")
        page.click("#tl-play")
        finished = "/^Finished/.test(document.getElementById('status').textContent)"
        page.wait_for_function(finished, timeout=60_000)
        replay_s = time.perf_counter() - t0
        replay_jank = page.evaluate("window.__jank()")
        if args.screenshots:
            save_screenshots(page, Path(args.screenshots))
        browser.close()
    server.should_exit = True

    print("web lab (headless Chromium, real server, localhost)")
    print(
        f"  page ready            median {statistics.median(ready):7.0f} ms   "
        f"(first load {ready[0]:.0f} ms; target < 1000)"
    )
    print(
        f"  JS + CSS loaded       {asset_bytes['own'] / 1024:12.1f} KB   (target < 300) "
        f"+ vendored uPlot {asset_bytes['vendor'] / 1024:.1f} KB (unminified ESM)"
    )
    print(
        f"  Train -> first epoch  median {statistics.median(first_epoch):7.0f} ms   "
        f"(max {max(first_epoch):.0f} ms; target < 200)"
    )
    print(f"  seed flow (2 presets, 300 epochs each, live views) {flow_s:.1f} s")
    print(
        f"  while training: worst frame gap {jank['worst_frame_ms']:.0f} ms, "
        f"long tasks (>50 ms) {jank['long_tasks']}"
    )
    print(
        f"  replaying 300 epochs at 30 epochs/s: {replay_s:.1f} s (target about 10), worst frame gap "
        f"{replay_jank['worst_frame_ms']:.0f} ms, long tasks {replay_jank['long_tasks']}"
    )


if __name__ == "__main__":
    main()
