"""How long a filter change on the job board takes to update the results, in a real browser.

Usage: python bench/filter_latency.py [BASE_URL] [ROUNDS]   (default http://localhost:3000, 50)
Needs a running app with the demo data (`make run`). Toggles the "has pilot" filter ROUNDS times
and measures from the click until the results count shows the new figure, then prints
`filter_change browser=chromium rounds=<n> median_ms=<x> p95_ms=<x>`.
"""

from __future__ import annotations

import statistics
import sys
import time

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]


def main() -> int:
    """Run the measurement and print one line."""
    base = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:3000"
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{base}/jobs")
        count = page.locator("#results-count")
        count.wait_for()
        page.wait_for_timeout(1000)
        timings = []
        for _ in range(rounds + 2):  # two warm-up rounds are dropped
            before = count.inner_text()
            started = time.perf_counter()
            page.click("#filter-pilot")
            page.wait_for_function(
                "(before) => { const el = document.getElementById('results-count');"
                " return el && el.innerText !== before"
                " && !document.getElementById('results-loading'); }", arg=before)
            timings.append((time.perf_counter() - started) * 1000)
        browser.close()
    timings = timings[2:]
    p95 = statistics.quantiles(timings, n=20)[-1]
    print(f"filter_change browser=chromium rounds={len(timings)} "
          f"median_ms={statistics.median(timings):.1f} p95_ms={p95:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
