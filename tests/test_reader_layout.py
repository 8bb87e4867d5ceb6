"""What readers see (issue #27), measured in Chromium: the footer reaches the window's bottom, the header
stays small, 字号 大 enlarges all report text, focus rings contrast, only links look like links, the search
filters line up, and no heading or short label leaves one character alone on its last line."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from .kit.browser import SiteServer
from .kit.example import PAGE_KINDS, case_files
from .kit.site import SiteDir

PHONE = (375, 812)
DESKTOP = (1280, 900)
MODES = {"normal": {}, "elder": {"reformpress.elder": "on"}, "large": {"reformpress.textSize": "large"}}
"""Reader preferences as reader.js keeps them in localStorage."""
ARTICLES = [f"ningde-reform/{path.stem}/" for path in case_files()]


def visit(page: Page, url: str, size: tuple[int, int] = DESKTOP, mode: str = "normal") -> None:
    """Open ``url`` at the viewport ``size`` with the reader preferences of ``mode`` saved beforehand."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(url)
    page.evaluate("prefs => { localStorage.clear(); for (const [k, v] of Object.entries(prefs)) localStorage.setItem(k, v); }", MODES[mode])
    page.goto(url)


# ---- 1. the footer reaches the bottom of the window on short pages ----


@pytest.fixture(scope="module")
def root_server(example_site: SiteDir) -> Iterator[SiteServer]:
    """The example served at ``/``, where its base_url puts it: the 404 page links its style sheet from the site's root."""
    with SiteServer(example_site.output, "/") as server:
        yield server


@pytest.mark.parametrize("kind", ["region", "region-empty", "tag", "archive", "404"])
def test_the_footer_reaches_the_bottom_of_the_window_on_short_pages(root_server: SiteServer, page: Page, kind: str) -> None:
    visit(page, root_server.url + PAGE_KINDS[kind])
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)", "the style sheet is loaded"
    band = page.evaluate(
        "() => { const f = document.querySelector('.site-footer').getBoundingClientRect();"
        " return Math.max(innerHeight, document.documentElement.scrollHeight) - (f.bottom + scrollY); }"
    )
    assert band <= 0.5, f"{kind}: {band:.0f} px of white under the footer at 1280×900"


# ---- 2. the header stays under a quarter of the screen in every mode ----


@pytest.mark.parametrize("size", [(320, 812), PHONE, DESKTOP], ids=["320", "375", "1280"])
@pytest.mark.parametrize("mode", list(MODES))
def test_the_header_takes_under_a_quarter_of_the_screen(example_server: SiteServer, page: Page, size: tuple[int, int], mode: str) -> None:
    for kind in ("home", "article", "search", "region"):
        visit(page, example_server.url + PAGE_KINDS[kind], size, mode)
        height = page.eval_on_selector(".site-header", "el => el.getBoundingClientRect().height")
        assert height < size[1] / 4, f"{kind} at {size[0]}×{size[1]}, {mode}: the header is {height:.0f} px of {size[1]}"
