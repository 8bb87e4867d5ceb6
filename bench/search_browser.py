"""What a reader's search costs and finds, in Chromium, on a built site (search on, as the README builds it).

For each query typed into the search page (served over HTTP on localhost, without compression):
the bytes the page fetched after Enter, by kind, and the time until the first results are shown
(the page itself loads ``index.json`` first).  Then recall: phrases of 2–6 Chinese characters
taken at random from the reports (a third in one report, a third in 2–10, a third in 11–40), each
searched, every result listed (显示更多 pressed until it goes), and compared with a plain scan
of the articles' indexed text.

Usage: ``python bench/search_browser.py bench/work/corpus-5000/reformpress/output [--no-recall]``
(prints Markdown; needs Debian's chromium and the test extras: ``bash scripts/setup.sh``).
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from playwright.sync_api import Page, sync_playwright

from tests.kit.browser import SiteServer
from tests.kit.search import article_texts, every_result, phrases

print = functools.partial(print, flush=True)  # each line as soon as it is measured

QUERIES = ["四下基层", "茶产业", "改革", "营商环境", "科技特派员", "乡村振兴 数字"]


def ask(page: Page, query: str, fetched: list[int], every: bool = False) -> tuple[int, float, set[str]]:
    """Type ``query``, press Enter: (bytes fetched, seconds to the first result, URLs listed); ``every``: press 显示更多 until it goes."""
    page.fill("#search-q", query)
    fetched.clear()
    started = time.perf_counter()
    page.press("#search-q", "Enter")
    page.wait_for_function("() => { const s = document.getElementById('search-status').textContent; return s && s !== '正在搜索……'; }")
    seconds = time.perf_counter() - started
    page.wait_for_load_state("networkidle")
    if every:
        every_result(page)
        page.wait_for_load_state("networkidle")  # the last records fetched, for the bytes
    found = {unquote(urlsplit(link.get_attribute("href") or "").path) for link in page.locator(".search-result .item-title").all()}
    return sum(fetched), seconds, found


def main(output: Path, recall: bool = True) -> None:
    with SiteServer(output) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page()
        fetched: list[int] = []
        kinds: dict[str, int] = {}

        def finished(request) -> None:  # type: ignore[no-untyped-def]
            size = request.sizes()["responseBodySize"]
            fetched.append(size)
            kind = next((name for name in ("/t/", "/p/", "/d/", "/f/", "index.json") if name in request.url), "other")
            kinds[kind] = kinds.get(kind, 0) + size

        page.on("requestfinished", finished)
        page.goto(server.url + "search/")
        page.wait_for_load_state("networkidle")
        print(f"{output}\n\nthe search page loaded: index.json {kinds.get('index.json', 0) / 1024:.0f} KB\n")
        print("| query | fetched after Enter (t: term buckets, p: pair positions, d: reports shown) | first results after Enter | status |\n|---|---|---|---|")
        for query in QUERIES:
            kinds.clear()
            size, seconds, found = ask(page, query, fetched)
            parts = ", ".join(f"{kind.strip('/.')} {value / 1024:.0f}" for kind, value in sorted(kinds.items()))
            print(f"| {query} | {size / 1024:.0f} KB ({parts}) | {seconds:.2f} s | {page.locator('#search-status').inner_text()} |")
        if not recall:
            return
        texts = article_texts(output)
        wanted = phrases(texts)
        complete = reports = hits = 0
        lines = []
        sizes: list[int] = []
        for phrase, holders in wanted.items():
            size, _, found = ask(page, phrase, fetched, every=True)
            sizes.append(size)
            complete += holders <= found
            reports += len(holders)
            hits += len(holders & found)
            lines.append(f"| {phrase} | {len(holders)} | {len(holders & found)} | {len(found - holders)} | {size / 1024:.0f} KB |")
        print(f"\nrecall: {complete} of {len(wanted)} phrases found in every report that holds them; {hits} of {len(wanted) and reports} (report, phrase) pairs found\n")
        sizes.sort()
        print(f"fetched per phrase, every result listed: median {sizes[len(sizes) // 2] / 1024:.0f} KB, largest {sizes[-1] / 1024:.0f} KB\n")
        print("| phrase | reports holding it | found | listed, not holding it | fetched |\n|---|---|---|---|---|")
        print("\n".join(lines))
        browser.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output", type=Path, help="a site's output/, built with search on")
    parser.add_argument("--no-recall", action="store_true", help="the queries only, not the phrases (at 50,000 reports their plain scan alone takes ≈ 10 min)")
    args = parser.parse_args()
    if not (args.output / "search-index/index.json").is_file():
        parser.error(f"{args.output}: no search index (search-index/index.json) — build the site with search on first: python -m reformpress build --root {args.output.parent}")
    main(args.output, recall=not args.no_recall)
