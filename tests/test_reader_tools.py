"""What readers do with the page: 字号, 长者模式, 打印, the share code, and reading without JavaScript."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from .kit.browser import SiteServer, font_px, screenshot
from .kit.example import ARTICLE

OTHER_ARTICLE = "ningde-reform/11-fuan-dianji-chanyelian/"


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A fresh 375 px wide tab (a fresh context: nothing remembered from other tests)."""
    context = browser.new_context(viewport={"width": 375, "height": 800}, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def test_text_size_buttons_change_the_article_text_and_the_choice_follows_the_reader(example_server: SiteServer, phone: Page) -> None:
    phone.goto(example_server.url + ARTICLE)
    body = ".article-body p"
    medium = font_px(phone, body)
    assert medium >= 16
    assert phone.get_by_role("button", name="中").get_attribute("aria-pressed") == "true"
    phone.get_by_role("button", name="大").click()
    large = font_px(phone, body)
    assert large >= medium * 1.15
    assert phone.get_by_role("button", name="大").get_attribute("aria-pressed") == "true"
    assert phone.get_by_role("button", name="中").get_attribute("aria-pressed") == "false"
    phone.get_by_role("link", name="下一篇").or_(phone.locator(".next a")).first.click()
    phone.wait_for_load_state()
    assert phone.url != example_server.url + ARTICLE
    assert font_px(phone, body) == large, "the size chosen on one article holds on the next"
    phone.get_by_role("button", name="小").click()
    assert font_px(phone, body) < medium
    phone.goto(example_server.url + OTHER_ARTICLE)
    assert font_px(phone, body) < medium


def test_elder_mode_enlarges_text_and_targets_and_is_remembered_across_pages(example_server: SiteServer, phone: Page) -> None:
    phone.goto(example_server.url)
    before = font_px(phone, ".item-summary")
    toggle = phone.get_by_role("button", name="长者模式")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    assert font_px(phone, ".item-summary") >= 18 and font_px(phone, ".item-summary") > before
    phone.locator(".item-title").first.click()
    phone.wait_for_load_state()
    assert phone.evaluate("document.documentElement.dataset.elder") == "on"
    assert font_px(phone, ".article-body p") >= 18
    assert font_px(phone, ".meta") >= 18
    small_targets = phone.evaluate(
        "() => [...document.querySelectorAll('.site-nav a, .terms a, .back-links a, .prev-next a, .text-size button, .elder-toggle')]"
        ".map(el => [el.textContent.trim(), el.getBoundingClientRect().height]).filter(([, h]) => h < 44)"
    )
    assert small_targets == []
    moving = phone.evaluate("() => [...document.querySelectorAll('*')].filter(el => { const s = getComputedStyle(el); return s.animationName !== 'none' || parseFloat(s.transitionDuration) > 0; }).length")
    assert moving == 0
    ink = phone.eval_on_selector(".item-meta, .meta", "el => getComputedStyle(el).color")
    assert ink in ("rgb(51, 51, 51)", "rgb(0, 0, 0)"), f"grey text is darker in elder mode: {ink}"
    phone.get_by_role("button", name="长者模式").click()
    phone.goto(example_server.url)
    assert phone.evaluate("document.documentElement.dataset.elder") is None
    assert font_px(phone, ".item-summary") == before


def test_without_javascript_the_tools_are_hidden_and_the_page_reads_fully(example_server: SiteServer, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = context.new_page()
    try:
        page.goto(example_server.url + ARTICLE)
        dead = page.locator("button:visible:not([type=submit])")  # the search box's submit button works without script
        assert dead.count() == 0, "buttons that would do nothing are not shown"
        assert page.locator("button[data-text-size], button[data-print], button[data-elder-toggle]").count() == 5
        assert page.locator(".reader-tools").is_hidden() and page.locator(".elder-toggle").is_hidden()
        assert font_px(page, ".article-body p") >= 16
        assert page.locator(".article-body figure img").first.is_visible()
        assert page.locator(".share").is_hidden()  # on a phone no QR code of the page already open, and no share buttons without script
        page.set_viewport_size({"width": 1280, "height": 800})
        assert page.locator(".share svg").is_visible()  # desktops keep the QR code
        assert "扫一扫在手机打开当前页" in page.locator(".share").inner_text()
        page.get_by_role("link", name="返回顶部").click()
        assert page.url.endswith("#top")
    finally:
        context.close()


def test_the_share_code_scans_to_the_pages_public_address(example_server: SiteServer, page: Page) -> None:
    import zxingcpp
    from PIL import Image

    page.set_viewport_size({"width": 1280, "height": 900})  # the QR code is for desktops; phones get 分享 / 复制链接 (test_reader_layout.py)
    page.goto(example_server.url + ARTICLE)
    code = page.locator(".share svg")
    assert code.get_attribute("role") == "img" and "二维码" in (code.get_attribute("aria-label") or "")
    image = Image.open(io.BytesIO(code.screenshot()))
    found = [result.text for result in zxingcpp.read_barcodes(image)]
    assert found == ["https://gg.example.gov.cn/" + ARTICLE]


def test_print_shows_the_article_without_navigation_and_keeps_figures_with_captions(example_server: SiteServer, phone: Page) -> None:
    phone.goto(example_server.url + ARTICLE)
    phone.emulate_media(media="print")
    for hidden in (".site-header", ".site-nav", ".breadcrumb", ".header-tools", ".reader-tools", ".share", ".related", ".prev-next", ".back-links", ".skip-link"):
        assert phone.locator(hidden).first.is_hidden(), f"{hidden} is printed"
    assert phone.locator(".print-url").inner_text() == "本文网址：https://gg.example.gov.cn/" + ARTICLE
    assert phone.eval_on_selector(".article-body figure", "el => getComputedStyle(el).breakInside") == "avoid"
    assert phone.eval_on_selector(".article-body figcaption", "el => getComputedStyle(el).breakBefore") == "avoid"
    assert phone.locator(".article-body").is_visible() and phone.locator(".article-footer").is_visible()


@pytest.mark.parametrize("width", [375, 1280])
def test_article_screenshots_for_people_to_look_at(example_server: SiteServer, browser: Browser, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(example_server.url + ARTICLE, wait_until="load")
        page.evaluate("() => Promise.all([...document.images].map(img => { img.loading = 'eager'; return img.decode().catch(() => null); }))")
        path = screenshot(page, f"article-{width}.png")
        from PIL import Image

        with Image.open(path) as shot:
            assert shot.width == width and shot.height > 2000
        assert page.evaluate("[...document.images].every(img => img.complete && img.naturalWidth > 0)")
        if width == 375:
            chosen = page.eval_on_selector(".article-body figure img", "img => img.currentSrc")
            assert chosen.endswith(".webp") and "/480w/" in chosen, f"a 375 px phone gets the 480 px WebP copy, not {chosen}"
    finally:
        context.close()
