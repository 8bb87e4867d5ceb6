"""What a reader's search should find: the indexed text of every article, and phrases sampled from it (for recall).

Used by tests/test_search_shards.py and by bench/search_browser.py.
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, SoupStrainer
from playwright.sync_api import Page, expect

BLOCKS = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "div", "section", "aside", "figure", "figcaption", "dt", "dd", "td", "th", "blockquote", "header"]
"""Elements whose text the index keeps apart from the next (block elements)."""
HAN = re.compile(r"[\u4e00-\u9fff]+")


def article_texts(output: Path) -> dict[str, str]:
    """URL path → the indexed text of every article (its data-search-body, less what it marks ignored), without spaces."""
    texts = {}
    for path in sorted(output.rglob("index.html")):
        if path.relative_to(output).parts[0] == "search-index":
            continue
        text = path.read_text(encoding="utf-8")
        if "data-search-body" not in text:
            continue
        body = BeautifulSoup(text, "html.parser", parse_only=SoupStrainer("article")).select_one("[data-search-body]")
        if body is None:
            continue
        for ignored in body.select("[data-search-ignore]"):
            ignored.decompose()
        for block in body.find_all(BLOCKS):
            block.append("|")  # as the index ends a block (a new line): no phrase runs on across two
        url = "/" + path.parent.relative_to(output).as_posix() + "/"
        texts[url] = re.sub(r"\s+", "", body.get_text()).lower()
    return texts


def phrases(texts: dict[str, str], wanted: int = 36, seed: int = 20261203) -> dict[str, set[str]]:
    """Phrases of 2–6 Chinese characters taken at random from the reports, each with the reports that hold it.

    A third occur in one report, a third in 2–10, a third in 11–40 (the search page lists them ten at a time, 显示更多 for the next).
    """
    rng = random.Random(seed)
    buckets: dict[int, dict[str, set[str]]] = {0: {}, 1: {}, 2: {}}
    urls = sorted(texts)
    seen: set[str] = set()
    for _ in range(200_000):
        if all(len(bucket) >= wanted // 3 for bucket in buckets.values()):
            break
        run = rng.choice(HAN.findall(texts[rng.choice(urls)]) or [""])
        length = rng.randint(2, 6)
        if len(run) < length:
            continue
        start = rng.randrange(len(run) - length + 1)
        phrase = run[start : start + length]
        if phrase in seen:
            continue
        seen.add(phrase)
        holders = set()
        for url in urls:  # stops at 41: most phrases are in many reports
            if phrase in texts[url]:
                holders.add(url)
                if len(holders) > 40:
                    break
        bucket = 0 if len(holders) == 1 else 1 if len(holders) <= 10 else 2 if len(holders) <= 40 else None
        if bucket is not None and len(buckets[bucket]) < wanted // 3:
            buckets[bucket][phrase] = holders
    return {phrase: holders for bucket in buckets.values() for phrase, holders in bucket.items()}


def every_result(page: Page, timeout: float = 30_000) -> list[str]:
    """The URL paths the search page lists for its query, all of them: 显示更多 pressed until it goes."""
    more = page.locator("#search-more")
    while more.is_visible():
        shown = page.locator(".search-result").count()
        more.click()
        expect(page.locator(".search-result")).not_to_have_count(shown, timeout=timeout)
        expect(page.locator("#search-status")).not_to_have_text("正在搜索……", timeout=timeout)
    return [unquote(urlsplit(link.get_attribute("href") or "").path) for link in page.locator(".search-result .item-title").all()]
