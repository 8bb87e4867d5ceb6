"""WCAG 2.1 AA in a real browser: axe-core on every page kind, keyboard use, reflow and zoom."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

import pytest
from playwright.sync_api import Browser, Page

from .kit.browser import SiteServer, axe_violations, horizontal_overflow
from .kit.example import ARTICLE, PAGE_KINDS
from .kit.site import SiteDir


@pytest.fixture(scope="module")
def tab(browser: Browser) -> Iterator[Page]:
    """One browser tab shared by the axe checks (a fresh context per check costs more than the check)."""
    context = browser.new_context(bypass_csp=True)  # axe is injected as an inline script; test_csp.py checks the policy
    page = context.new_page()
    page.bring_to_front()  # :focus-visible only matches in the focused tab
    yield page
    context.close()


def test_every_page_kind_is_in_the_list(example_site: SiteDir) -> None:
    kinds = set()
    for file in example_site.output.rglob("*.html"):
        body = file.read_text(encoding="utf-8")
        kinds.add(body.split('<body class="page-', 1)[1].split('"', 1)[0])
    covered = {kind.removesuffix("-empty") for kind in PAGE_KINDS}
    assert kinds <= covered, f"page kinds without an axe check: {sorted(kinds - covered)}"


@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_no_axe_violations(example_server: SiteServer, tab: Page, kind: str) -> None:
    tab.set_viewport_size({"width": 1280, "height": 900})
    tab.goto(example_server.url + PAGE_KINDS[kind])
    tab.evaluate("localStorage.clear()")
    tab.reload()
    if kind == "search":  # check the page with its results listed, as a reader sees it
        tab.locator(".search-result").first.wait_for()
    assert tab.locator("h1").count() == 1
    assert axe_violations(tab) == []


@pytest.mark.parametrize("kind", ["home", "article", "series"])
def test_no_axe_violations_in_elder_mode_with_large_text_on_a_phone(example_server: SiteServer, tab: Page, kind: str) -> None:
    tab.set_viewport_size({"width": 375, "height": 800})
    tab.goto(example_server.url + PAGE_KINDS[kind])
    tab.evaluate("() => { localStorage.setItem('reformpress.elder', 'on'); localStorage.setItem('reformpress.textSize', 'large'); }")
    tab.reload()
    assert tab.evaluate("document.documentElement.dataset.elder") == "on"
    assert axe_violations(tab) == []


def test_keyboard_reaches_the_skip_link_first_and_it_moves_focus_to_the_content(example_server: SiteServer, tab: Page) -> None:
    tab.goto(example_server.url + ARTICLE)
    tab.evaluate("localStorage.clear()")
    tab.reload()
    tab.keyboard.press("Tab")
    skip = tab.locator(":focus")
    assert skip.inner_text() == "跳到正文"
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0, "the skip link must come into view when focused"
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth")
    assert outline.startswith("solid") and not outline.endswith(" 0px"), f"focus is not visible: {outline}"
    tab.keyboard.press("Enter")
    assert tab.evaluate("document.activeElement.id") == "main"
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.closest('main') !== null"), "after skipping, Tab goes on inside the content"


def test_tab_order_follows_the_page_top_to_bottom(example_server: SiteServer, tab: Page) -> None:
    tab.set_viewport_size({"width": 1280, "height": 900})
    tab.goto(example_server.url + ARTICLE)
    tab.evaluate("localStorage.clear()")
    tab.reload()
    stops: list[tuple[str, float, float]] = []
    for _ in range(200):  # once around the page: Tab from the last link leaves the document
        tab.keyboard.press("Tab")
        where = tab.evaluate(
            "() => { const el = document.activeElement; if (el === document.body || !document.hasFocus()) return null;"
            " const r = el.getBoundingClientRect(); const outline = getComputedStyle(el).outlineStyle;"
            " return [(el.closest('body > header, body > nav, main, body > footer')?.className || 'outside') + ':' + (el.textContent || '').trim().slice(0, 12),"
            " r.top + scrollY, r.left, outline]; }"
        )
        if where is None or (stops and where[0] == stops[0][0]):
            break
        assert where[3] != "none", f"no visible focus on {where[0]}"
        stops.append((where[0], where[1], where[2]))
    regions = [name.split(":")[0].split()[0] for name, _, _ in stops]
    order = [r for i, r in enumerate(regions) if i == 0 or regions[i - 1] != r]
    assert order == ["outside", "site-header", "breadcrumb", "wrap", "site-footer"], f"skip link, header, breadcrumb, content, footer: {order}"
    assert len(stops) > 25
    in_article = [(top, left) for name, top, left in stops if name.startswith("wrap")]
    # down the page: every stop is below the one before, or beside it on the same line, except the step
    # from the end of the article to the top of the sidebar (share block, related news) on wide screens
    jumps_up = [(a, b) for a, b in pairwise(in_article) if b[0] < a[0] - 2 and b[1] <= a[1]]
    assert len(jumps_up) <= 2, jumps_up


@pytest.mark.parametrize("width", [320, 375])
def test_no_horizontal_scroll_on_narrow_phones(example_server: SiteServer, tab: Page, width: int) -> None:
    tab.set_viewport_size({"width": width, "height": 800})
    overflowing = {}
    for elder in (False, True):
        for kind in ("home", "article", "series", "overview", "region", "tags", "archive", "404"):
            tab.goto(example_server.url + PAGE_KINDS[kind])
            tab.evaluate(f"localStorage.setItem('reformpress.elder', '{'on' if elder else 'off'}')")
            tab.reload()
            if horizontal_overflow(tab):
                overflowing[(kind, elder)] = horizontal_overflow(tab)
    assert overflowing == {}


def test_text_at_200_percent_reflows_without_loss(example_server: SiteServer, tab: Page) -> None:
    # 200 % text on a 640 px window is the same layout as a 320 px window at 100 %; text-only zoom is checked too
    tab.set_viewport_size({"width": 640, "height": 800})
    tab.goto(example_server.url + ARTICLE)
    tab.evaluate("localStorage.clear()")
    tab.reload()
    tab.add_style_tag(content="html { font-size: 200% !important; }")
    assert horizontal_overflow(tab) == 0
    clipped = tab.evaluate(
        "() => [...document.querySelectorAll('main p, main h1, main h2, main a, main li')]"
        ".filter(el => el.clientWidth > 1 && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'hidden').length"
    )
    assert clipped == 0
    viewport = tab.get_attribute("meta[name=viewport]", "content") or ""
    assert "user-scalable=no" not in viewport and "maximum-scale" not in viewport
