"""What readers see (issue #27), measured in Chromium: the footer reaches the window's bottom, the header
stays small, 字号 大 enlarges all report text, focus rings contrast, only links look like links, the search
filters line up, and no heading or short label leaves one character alone on its last line."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from .kit.browser import SiteServer, font_px, screenshot
from .kit.example import ARTICLE, PAGE_KINDS, case_files
from .kit.site import SITE_YAML, SiteDir, case_text

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


@pytest.mark.parametrize("kind", ["region", "tag", "archive", "404"])
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


# ---- 3. 字号 大 enlarges all report text ----

REPORT_TEXT = [
    ".editor-note-label",
    ".editor-note p:not(.editor-note-label)",
    ".highlight-value",
    ".highlight-value small",
    ".highlight-label",
    ".article-body p",
    ".article-body h2",
]


@pytest.mark.parametrize("mode", ["normal", "elder"])
def test_large_text_enlarges_the_editors_note_and_key_figures_too(example_server: SiteServer, page: Page, mode: str) -> None:
    url = example_server.url + ARTICLE
    visit(page, url, PHONE, mode)
    medium = {selector: font_px(page, selector) for selector in REPORT_TEXT}
    page.click("button[data-text-size=large]")
    large = {selector: font_px(page, selector) for selector in REPORT_TEXT}
    screenshot(page, f"article-375-{mode}-large.png")
    page.click("button[data-text-size=small]")
    small = {selector: font_px(page, selector) for selector in REPORT_TEXT}
    unchanged = [f"{s} {medium[s]:.1f}→{large[s]:.1f}px" for s in REPORT_TEXT if large[s] < medium[s] * 1.1]
    assert not unchanged, f"字号 大 leaves these under 110 % of 中: {unchanged}"
    assert all(small[s] < medium[s] for s in REPORT_TEXT), f"字号 小 shrinks all report text: {small} vs {medium}"


# ---- 4. focus outlines contrast 3:1 with what they sit on ----

OUTLINE_CONTRAST = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = c => { const v = rgb(c).slice(0, 3).map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; });
                     return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
  const opaque = c => { const v = rgb(c); return v.length === 3 || v[3] === 1; };
  // a point in the middle of the outline band (left or right edge): outside the element, or inside it for a negative offset
  const r = el.getBoundingClientRect();
  const out = parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth) / 2;
  let x = r.left - out;
  if (x < 1) x = r.right + out;
  const y = r.top + r.height / 2;
  const hit = out <= 0 ? el : document.elementsFromPoint(x, y).find(e => e !== el && !el.contains(e));
  let behind = hit, background = 'rgb(255, 255, 255)';
  while (behind && behind.nodeType === 1) {
    const bg = getComputedStyle(behind).backgroundColor;
    if (opaque(bg)) { background = bg; break; }
    behind = behind.parentElement;
  }
  const [a, b] = [lum(style.outlineColor), lum(background)];
  return {what: el.tagName + ' ' + (el.textContent || el.name || '').trim().slice(0, 10), style: style.outlineStyle, color: style.outlineColor, background,
          ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)};
}"""


@pytest.mark.parametrize("mode", ["normal", "elder"])
@pytest.mark.parametrize("kind", ["home", "article", "search"])
def test_focus_outlines_contrast_three_to_one_with_their_background(example_server: SiteServer, page: Page, kind: str, mode: str) -> None:
    page.bring_to_front()  # :focus-visible only matches in the focused tab
    visit(page, example_server.url + PAGE_KINDS[kind], DESKTOP, mode)
    seen, faint = 0, []
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            break
        ring = page.evaluate(OUTLINE_CONTRAST)
        seen += 1
        assert ring["style"] != "none", f"no focus outline on {ring['what']}"
        if ring["ratio"] < 3:
            faint.append(f"{ring['what']}: {ring['color']} on {ring['background']} = {ring['ratio']:.2f}:1")
    assert seen > 10, f"only {seen} stops reached by Tab"
    assert not faint, f"{len(faint)} of {seen} focus outlines under 3:1: {faint[:5]}"


# ---- 5. in the footer, only links look like links ----

LINK_LIKE = """() => {
  const footer = document.querySelector('.site-footer');
  const linkColor = getComputedStyle(footer.querySelector('a[href]')).color;
  const textColor = getComputedStyle(footer).color;
  return [...footer.querySelectorAll('*')].filter(el => {
    const s = getComputedStyle(el);
    const inBar = el.parentElement && el.parentElement.matches('.footer-links > li');  // the link bar's items
    const looks = s.textDecorationLine.includes('underline') || s.cursor === 'pointer' || (linkColor !== textColor && s.color === linkColor && el.textContent.trim());
    return (inBar || looks) && !el.closest('a[href]');
  }).map(el => el.tagName + ' ' + el.textContent.trim());
}"""


def test_in_the_example_footer_everything_that_looks_like_a_link_is_one(example_server: SiteServer, page: Page) -> None:
    visit(page, example_server.url)
    fakes = page.evaluate(LINK_LIKE)
    assert fakes == [], f"{len(fakes)} footer elements look like links and are not: {fakes}"
    assert "网站简介" in page.inner_text(".site-footer"), "an unlinked footer item is still shown, as text"


def test_a_configured_footer_link_is_a_link_and_an_unconfigured_one_is_text(site: SiteDir, page: Page) -> None:
    site.write(
        "site.yaml", SITE_YAML + "  links:\n    - {title: 网站简介, url: 'https://example.gov.cn/about/'}\n    - {title: 联系我们}\n"
    )
    site.build()
    with SiteServer(site.output, "/gg/") as server:
        visit(page, server.url)
        assert page.locator(".footer-links a[href='https://example.gov.cn/about/']").inner_text() == "网站简介"
        assert page.locator(".site-footer a", has_text="联系我们").count() == 0
        assert "联系我们" in page.inner_text(".site-footer")
        fakes = page.evaluate(LINK_LIKE)
        assert fakes == [], f"footer elements that look like links and are not: {fakes}"


# ---- 6. the search filters are even and aligned ----

FILTER_BOXES = """() => {
  const box = el => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, width: r.width, height: r.height}; };
  const labels = [...document.querySelectorAll('.search-filters label')];
  return {
    selects: labels.map(l => box(l.querySelector('select'))),
    names: labels.map(l => { const r = document.createRange(); r.selectNodeContents(l.firstChild); return box(r); }),
    weights: labels.map(l => getComputedStyle(l.querySelector('select')).fontWeight),
    input: box(document.querySelector('#search-q')),
    button: box(document.querySelector('.search-form button')),
  };
}"""


@pytest.mark.parametrize("width", [320, 375, 1280])
def test_the_search_filters_are_even_and_aligned(example_server: SiteServer, page: Page, width: int) -> None:
    visit(page, example_server.url + PAGE_KINDS["search"], (width, 812))
    page.wait_for_selector(".search-filters select:not([disabled])")
    page.wait_for_function("!document.querySelector('.search-filters select[disabled]')")
    m = page.evaluate(FILTER_BOXES)
    selects, names = m["selects"], m["names"]
    assert len(selects) == 3

    def spread(values: list[float]) -> float:
        return max(values) - min(values)

    assert spread([s["width"] for s in selects]) <= 1, f"{width}px: filter widths differ: {[round(s['width']) for s in selects]}"
    assert spread([s["top"] for s in selects]) <= 1, f"{width}px: the filters are not on one row: tops {[round(s['top']) for s in selects]}"
    assert spread([n["top"] for n in names]) <= 1, (
        f"{width}px: the filter names are not on one row: tops {[round(n['top']) for n in names]}"
    )
    assert all(abs(n["left"] - s["left"]) <= 1 for n, s in zip(names, selects, strict=True)), f"{width}px: a name is not above its filter"
    assert all(n["top"] + n["height"] <= s["top"] + 1 for n, s in zip(names, selects, strict=True)), (
        f"{width}px: a name is beside its filter, not above it"
    )
    assert set(m["weights"]) == {"400"}, f"{width}px: filter text is not regular weight: {m['weights']}"
    assert spread([s["height"] for s in selects] + [m["input"]["height"]]) <= 1, f"{width}px: filters and the search box differ in height"
    assert abs(selects[0]["left"] - m["input"]["left"]) <= 1 and abs(selects[-1]["right"] - m["button"]["right"]) <= 1, (
        f"{width}px: the filter row ({selects[0]['left']:.0f}–{selects[-1]['right']:.0f}) does not span the search box ({m['input']['left']:.0f}–{m['button']['right']:.0f})"
    )


# ---- 7. no heading or short label ends with one character alone on its last line ----

LAST_LINES = """() => {
  const targets = [...document.querySelectorAll('h1, h2, h3, .lead-headline, .region-grid a > span:first-child, .highlight-label, .meta > time, .meta > span:not(.reader-tools)')];
  const lines = el => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const rows = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest('.visually-hidden')) continue;
      for (let i = 0; i < node.data.length; i++) {
        if (/\\s/.test(node.data[i])) continue;
        const range = document.createRange();
        range.setStart(node, i); range.setEnd(node, i + 1);
        const r = range.getClientRects()[0];
        if (!r || r.width === 0) continue;
        const middle = (r.top + r.bottom) / 2;
        const row = rows[rows.length - 1];
        if (row && middle < row.bottom) { row.text += node.data[i]; row.bottom = Math.max(row.bottom, r.bottom); }
        else rows.push({text: node.data[i], bottom: r.bottom});
      }
    }
    return rows.map(row => row.text);
  };
  return targets.filter(el => el.getBoundingClientRect().width > 1 && !el.closest('.visually-hidden'))
                .map(el => ({what: el.matches('.meta > *') ? 'meta' : el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''), lines: lines(el)}));
}"""

ORPHAN_PAGES = ["", "regions/", "tags/", "archive/", *ARTICLES]


@pytest.mark.parametrize("width", [320, 375, 1280])
@pytest.mark.parametrize("mode", ["normal", "elder"])
def test_no_heading_or_label_leaves_one_character_alone_on_its_last_line(
    example_server: SiteServer, page: Page, width: int, mode: str
) -> None:
    lonely, measured = [], 0
    for path in ORPHAN_PAGES:
        visit(page, example_server.url + path, (width, 812), mode)
        for item in page.evaluate(LAST_LINES):
            measured += 1
            lines = item["lines"]
            if item["what"] == "meta":
                if len(lines) > 1:
                    lonely.append(f"/{path} meta item broken over lines: {'/'.join(lines)}")
            elif len(lines) > 1 and len(lines[-1]) == 1:
                lonely.append(f"/{path} {item['what']}: {'/'.join(lines)}")
    assert measured > 100
    assert not lonely, f"{width}px {mode}: {len(lonely)} of {measured} end with one character alone: {lonely[:8]}"


# ---- 8. key-figure cards lay out in even rows, whatever their number ----

CARD_ROWS = """() => [...document.querySelectorAll('ul.highlights')].map(list => {
  const rows = new Map();
  for (const li of list.children) {
    const r = li.getBoundingClientRect();
    const top = Math.round(r.top);
    if (!rows.has(top)) rows.set(top, []);
    rows.get(top).push(r.width);
  }
  return [...rows.values()];
})"""


def highlight_lines(count: int) -> str:
    """``count`` key figures in front matter."""
    return "highlights:\n" + "".join(f'  - {{value: "{n * 10}", unit: 多名, label: 第{n}项指标}}\n' for n in range(1, count + 1))


@pytest.mark.parametrize("width", [320, 375, 1280])
@pytest.mark.parametrize("mode", ["normal", "elder"])
def test_key_figure_cards_lay_out_in_even_rows_for_any_count(site: SiteDir, page: Page, width: int, mode: str) -> None:
    for name, count in {"01-gutian.md": 3, "02-shouning.md": 4}.items():
        path = site.root / "content/demo" / name
        path.write_text(path.read_text(encoding="utf-8").replace("tags: [乡村振兴]\n", "tags: [乡村振兴]\n" + highlight_lines(count), 1), encoding="utf-8")
    for number, count in enumerate((1, 2, 5, 6), start=3):
        site.write(f"content/demo/0{number}-extra.md", case_text(f"测试稿件{number}", front=highlight_lines(count), date=f"2022-11-0{number} 09:00"))
    site.build()
    uneven, measured = [], 0
    with SiteServer(site.output, "/gg/") as server:
        for path in ["demo/overview/", "demo/01-gutian/", "demo/02-shouning/", "demo/05-extra/", "demo/06-extra/"]:
            visit(page, server.url + path, (width, 812), mode)
            for rows in page.evaluate(CARD_ROWS):
                measured += sum(map(len, rows))
                lengths = {len(row) for row in rows}
                widths = [w for row in rows for w in row]
                if len(lengths) > 1 or max(widths) - min(widths) > 1:
                    uneven.append(f"/{path}: {sum(map(len, rows))} cards in rows of {[len(row) for row in rows]}, widths {sorted({round(w) for w in widths})}")
            if width == 1280 and path == "demo/01-gutian/":
                assert len(page.evaluate(CARD_ROWS)[0]) == 1, "three figures stand on one row on a wide screen"
    assert measured == 21 + 3 + 4 + 5 + 6  # the overview's cards, then four reports'
    assert not uneven, f"{width}px {mode}: {uneven}"


# ---- 9. at 1280 px a long report's sections follow the reader in the right column ----

TOC_STATE = """() => {
  const toc = document.querySelector('.article-toc');
  const r = toc.getBoundingClientRect();
  const current = [...toc.querySelectorAll('a[aria-current]')];
  return {top: r.top, bottom: r.bottom, visible: getComputedStyle(toc).display !== 'none' && r.height > 0,
          current: current.map(a => a.getAttribute('href') + ' ' + a.getAttribute('aria-current')),
          asideBottom: document.querySelector('.article-aside').getBoundingClientRect().bottom};
}"""


MARKED = "id => document.querySelector(`.article-toc a[href='#${id}']`).getAttribute('aria-current') === 'location'"


@pytest.mark.parametrize("mode", ["normal", "elder"])
def test_the_table_of_contents_stays_in_view_and_marks_the_section_being_read(example_server: SiteServer, page: Page, mode: str) -> None:
    page.bring_to_front()
    visit(page, example_server.url + ARTICLE, DESKTOP, mode)
    toc = page.locator("nav.article-toc")
    assert toc.get_attribute("aria-labelledby") == "article-toc-title" and page.inner_text("#article-toc-title") == "本文目录"
    headings = page.locator(".article-body > section > h2").all_inner_texts()
    assert toc.locator("a").all_inner_texts() == headings and len(headings) >= 3
    state = page.evaluate(TOC_STATE)
    assert state["visible"] and state["current"] == ["#intro location"]
    related = page.eval_on_selector(".related", "el => el.getBoundingClientRect().bottom")
    assert state["top"] >= related, "below 相关新闻"
    for section in ("background", "results", "lessons"):
        page.evaluate(f"document.getElementById('{section}').scrollIntoView()")
        page.wait_for_function(MARKED, arg=section)
        state = page.evaluate(TOC_STATE)
        assert 0 <= state["top"] and state["bottom"] <= DESKTOP[1], f"{section}: the contents left the window ({state['top']:.0f}–{state['bottom']:.0f})"
        assert state["current"] == [f"#{section} location"]
    if mode == "normal":
        screenshot(page, "article-1280-toc.png")
    # by keyboard: Tab reaches the links, Enter goes to the section and it is marked
    page.evaluate("window.scrollTo(0, 0)")
    page.focus("#article-toc-title + ol a[href='#intro']")
    for _ in range(2):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#practices"
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.hash === '#practices'")
    page.wait_for_function(MARKED, arg="practices")
    assert abs(page.eval_on_selector("#practices", "el => el.getBoundingClientRect().top")) < 2


def test_the_table_of_contents_is_left_out_on_phones_and_in_print(example_server: SiteServer, page: Page) -> None:
    visit(page, example_server.url + ARTICLE, PHONE)
    assert page.locator("nav.article-toc").is_hidden()
    assert "本文目录" not in page.locator("main").aria_snapshot()  # not read out either
    visit(page, example_server.url + ARTICLE, DESKTOP)
    page.emulate_media(media="print")
    assert page.locator("nav.article-toc").is_hidden()
    page.emulate_media(media="screen")


# ---- 10. phones get share / copy link, desktops the QR code ----

FAKE_SHARE = "navigator.share = data => { window.__shared = data; return Promise.resolve(); };"
"""A system share sheet for the test browser (desktop Chromium on Linux has none): it records what it was given."""


@pytest.mark.parametrize("with_share", [True, False], ids=["share-sheet", "no-share-sheet"])
def test_phones_get_share_and_copy_link_instead_of_the_qr_code(example_server: SiteServer, browser: Browser, with_share: bool) -> None:
    context = browser.new_context(viewport={"width": PHONE[0], "height": PHONE[1]}, is_mobile=True, has_touch=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=example_server.url.split("/gg/")[0])
    if with_share:
        context.add_init_script(FAKE_SHARE)
    page = context.new_page()
    page.goto(example_server.url + ARTICLE)
    canonical = page.get_attribute("link[rel=canonical]", "href")
    assert page.locator(".share .qr-code").is_hidden() and page.get_by_text("扫一扫在手机打开当前页").is_hidden()
    copy = page.get_by_role("button", name="复制链接")
    assert copy.is_visible()
    box = copy.bounding_box()
    assert box is not None and box["height"] >= 44, "a 44 px target"
    system = page.get_by_role("button", name="分享", exact=True)
    assert system.is_visible() == with_share, "分享 only where the browser has a share sheet"
    if with_share:
        system.click()
        assert page.evaluate("window.__shared") == {"title": page.title(), "url": canonical}
    copy.click()
    page.wait_for_function("() => document.querySelector('[data-share-status]').textContent !== ''")
    assert page.inner_text("[data-share-status]") == "链接已复制"
    assert page.evaluate("navigator.clipboard.readText()") == canonical
    screenshot(page, f"article-375-share{'' if with_share else '-copy'}.png")
    context.close()


def test_desktops_keep_the_qr_code(example_server: SiteServer, page: Page) -> None:
    visit(page, example_server.url + ARTICLE, DESKTOP)
    assert page.locator(".share .qr-code").is_visible() and page.get_by_text("扫一扫在手机打开当前页").is_visible()
    assert page.get_by_role("button", name="复制链接").is_hidden()


# ---- 11. speed: pictures are fetched at the size they are drawn, nothing moves while a page loads ----

CHOSEN = """img => {
  const sources = [img.closest('picture')?.querySelector('source'), img].filter(Boolean);
  const candidates = sources.flatMap(s => (s.getAttribute('srcset') || '').split(',').map(c => c.trim().split(/\\s+/)))
    .filter(c => c.length === 2).map(([url, w]) => ({url: new URL(url, document.baseURI).href, width: parseInt(w)}));
  const chosen = candidates.find(c => c.url === img.currentSrc);
  return {drawn: img.getBoundingClientRect().width, chosen: chosen && chosen.width, widths: [...new Set(candidates.map(c => c.width))].sort((a, b) => a - b)};
}"""


@pytest.mark.parametrize("width", [375, 800, 1000, 1280])
def test_pictures_are_fetched_at_the_size_they_are_drawn(example_server: SiteServer, browser: Browser, width: int) -> None:
    # at 1× the browser takes the smallest copy at least as wide as `sizes` says: that it is the smallest at least
    # as wide as the picture is drawn means `sizes` matches the layout (before, the home's 380 px slot asked for 800w)
    for path, selector in (("", ".lead-image img"), (ARTICLE, ".article-body figure img")):
        context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)  # a fresh cache: no copy already fetched
        page = context.new_page()
        page.goto(example_server.url + path)
        img = page.locator(selector).first
        img.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.currentSrc", arg=img.element_handle())
        m = img.evaluate(CHOSEN)
        context.close()
        wanted = next((w for w in m["widths"] if w >= m["drawn"] - 0.5), m["widths"][-1])
        assert m["chosen"] == wanted, f"/{path} at {width}px: drawn {m['drawn']:.0f} px wide, fetched the {m['chosen']}w copy, not {wanted}w"


LAYOUT_SHIFTS = """window.__shifts = 0;
new PerformanceObserver(list => { for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shifts += entry.value; })
  .observe({type: 'layout-shift', buffered: true});"""


@pytest.mark.parametrize("mode", ["normal", "elder-large"])
@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["375", "1280"])
@pytest.mark.parametrize("kind", ["home", "article", "series", "overview"])
def test_nothing_moves_while_a_page_loads(example_server: SiteServer, browser: Browser, kind: str, size: tuple[int, int], mode: str) -> None:
    # reader.js is deferred; prefs.js, before the first paint, puts saved choices on <html> (without it, a page
    # drawn first as usual and then in 长者模式 with 字号 大 shifted by 0.94 at 375 px); the search page: tests/test_search.py
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    if mode == "elder-large":
        context.add_init_script("localStorage.setItem('reformpress.elder', 'on'); localStorage.setItem('reformpress.textSize', 'large');")
    context.add_init_script(LAYOUT_SHIFTS)
    page = context.new_page()
    page.goto(example_server.url + PAGE_KINDS[kind])
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    shifts = page.evaluate("window.__shifts")
    if kind == "article":
        assert page.locator(".reader-tools").is_visible() and page.locator(".elder-toggle").is_visible()
    if mode == "elder-large":
        assert page.evaluate("[document.documentElement.dataset.elder, document.documentElement.dataset.textSize]") == ["on", "large"]
    screenshot(page, f"{kind}-{size[0]}{'' if mode == 'normal' else '-elder-large'}.png")
    context.close()
    assert shifts < 0.02, f"{kind} at {size[0]} px, {mode}: CLS {shifts:.3f}"
