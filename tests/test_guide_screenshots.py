"""The screenshots of the editor's guide (docs/editing-guide.md), taken of the real pages and commands.

Each test builds or serves the example site, checks that the page shows what the guide's caption says,
and takes its picture at device scale 1. With ``REFORMPRESS_GUIDE_SCREENSHOTS=1`` the pictures are
written into docs/images/ (to refresh the guide's); otherwise into the test's own folder, so a normal run
changes no tracked file::

    REFORMPRESS_GUIDE_SCREENSHOTS=1 python -m pytest tests/test_guide_screenshots.py
"""

from __future__ import annotations

import html
import io
import os
import re
import struct
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, Page

from .kit.browser import SiteServer
from .kit.cli import cli_env
from .kit.desk import EditProcess, notice_text, save_in_desk, type_chinese
from .kit.example import ARTICLE
from .kit.serve import ServeProcess
from .kit.site import REPO, SiteDir, copy_example

GUIDE = REPO / "docs" / "editing-guide.md"
IMAGES = REPO / "docs" / "images"

DESKTOP = (1280, 800)
PHONE = (375, 740)
TERMINAL = (1000, 260)
SHOTS = {
    "home-1280.png": DESKTOP,
    "article-1280.png": DESKTOP,
    "article-375.png": PHONE,
    "figure-375.png": PHONE,
    "elder-375.png": PHONE,
    "check-errors.png": TERMINAL,
    "serve-error.png": DESKTOP,
    "desk-list-1280.png": DESKTOP,
    "desk-form-1280.png": DESKTOP,
    "desk-notice-1280.png": DESKTOP,
}
"""Every picture the guide shows, with its size in pixels: each is taken by a test below."""

CASE = "content/ningde-reform/16-sixia-jiceng.md"
TYPO = f"{CASE}:3: 不认识的字段“titel”，是不是“title”？"
"""What the check and the preview say about the misspelt field the tests put on line 3 (the guide quotes it)."""
WRONG_CASE = f"{CASE}:27: 找不到图片 images/Launch.jpg：文件夹里的是 images/launch.jpg，只是大小写不同"
"""What the check says about a picture named with the wrong capital letter (the guide quotes it)."""
CAPTION = "宁德市年轻干部“四下基层”实践活动启动仪式现场"
"""The caption of the example report's first picture."""


def destination(tmp_path: Path) -> Path:
    """docs/images/ when refreshing the guide's pictures, else the test's own folder."""
    if os.environ.get("REFORMPRESS_GUIDE_SCREENSHOTS") == "1":
        IMAGES.mkdir(exist_ok=True)
        return IMAGES
    return tmp_path


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG (fails on anything that is not one)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def save(page: Page, folder: Path, name: str) -> Path:
    """A screenshot of the viewport, made smaller (256 colours) and checked to be a PNG of the size SHOTS says."""
    from PIL import Image

    shot = Image.open(io.BytesIO(page.screenshot(type="png"))).convert("RGB")
    out = io.BytesIO()
    shot.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(out, format="PNG", optimize=True)
    data = out.getvalue()
    assert png_size(data) == SHOTS[name], f"{name} is {png_size(data)}, not {SHOTS[name]}"
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.fixture
def tab(browser: Browser) -> Iterator[Callable[[tuple[int, int]], Page]]:
    """Fresh tabs of a given size at device scale 1 (phones as phones), closed at the end."""
    contexts = []

    def open_tab(size: tuple[int, int]) -> Page:
        phone = size[0] < 500
        context = browser.new_context(viewport={"width": size[0], "height": size[1]}, device_scale_factor=1, is_mobile=phone, has_touch=phone)
        contexts.append(context)
        return context.new_page()

    yield open_tab
    for context in contexts:
        context.close()


def settle(page: Page) -> None:
    """Wait until the pictures in view have loaded and the fonts are ready."""
    page.wait_for_function("() => document.fonts.status === 'loaded' && [...document.images].filter(i => i.loading !== 'lazy').every(i => i.complete)")


def with_typo(site: SiteDir) -> str:
    """The example report with ``titel: 错别字`` on its line 3, the misspelt field the guide shows."""
    lines = (site.root / CASE).read_text(encoding="utf-8").split("\n")
    lines.insert(2, "titel: 错别字")
    return "\n".join(lines)


def test_the_home_page_and_a_report_at_desktop_and_phone_width(example_server: SiteServer, tab, tmp_path: Path) -> None:
    folder = destination(tmp_path)
    home = tab(DESKTOP)
    home.goto(example_server.url)
    settle(home)
    assert home.locator("header").get_by_text("长者模式").is_visible()
    assert yaml.safe_load((REPO / "site.yaml").read_text(encoding="utf-8"))["title"] in home.locator("h1, .site-title").first.inner_text()
    save(home, folder, "home-1280.png")

    for size, name in ((DESKTOP, "article-1280.png"), (PHONE, "article-375.png")):
        article = tab(size)
        article.goto(example_server.url + ARTICLE)
        settle(article)
        assert "四下基层" in article.locator("h1").inner_text()
        assert article.get_by_role("button", name="大").is_visible()  # 字号 大 中 小, as the guide says
        assert int(article.evaluate("document.documentElement.scrollWidth")) <= size[0]
        save(article, folder, name)


def test_a_picture_with_its_caption_on_a_phone(example_server: SiteServer, tab, tmp_path: Path) -> None:
    page = tab(PHONE)
    page.goto(example_server.url + ARTICLE)
    figure = page.locator("figure").first
    assert CAPTION in figure.locator("figcaption").inner_text()
    page.evaluate("() => { const f = document.querySelector('figure'); window.scrollTo(0, f.getBoundingClientRect().top + window.scrollY - 120); }")
    page.wait_for_function("() => { const i = document.querySelector('figure img'); return i.complete && i.naturalWidth > 0; }")
    assert page.evaluate("() => document.querySelector('figure img').currentSrc").endswith(".webp"), "the phone gets a smaller WebP copy"
    save(page, destination(tmp_path), "figure-375.png")


def test_elder_mode_on_a_phone(example_server: SiteServer, tab, tmp_path: Path) -> None:
    page = tab(PHONE)
    page.goto(example_server.url + ARTICLE)
    before = float(page.eval_on_selector(".article-body p", "p => parseFloat(getComputedStyle(p).fontSize)"))
    page.get_by_role("button", name="长者模式").click()
    assert page.evaluate("document.documentElement.dataset.elder") == "on"
    assert float(page.eval_on_selector(".article-body p", "p => parseFloat(getComputedStyle(p).fontSize)")) > before
    page.evaluate("window.scrollTo(0, 0)")
    settle(page)
    save(page, destination(tmp_path), "elder-375.png")


def test_what_check_prints_for_two_common_mistakes(tab, tmp_path: Path) -> None:
    site = SiteDir(copy_example(tmp_path / "site"))
    site.write(CASE, with_typo(site).replace("images/launch.jpg", "images/Launch.jpg", 1))
    result = subprocess.run([sys.executable, "-m", "reformpress", "check"], cwd=site.root, env=cli_env(), capture_output=True, text=True, timeout=300, check=False)
    printed = (result.stdout + result.stderr).strip()
    assert result.returncode == 1
    assert TYPO in printed and WRONG_CASE in printed and "检查完毕：2 个错误" in printed, printed

    page = tab(TERMINAL)
    page.set_content(
        "<!doctype html><meta charset=utf-8><body style='margin:0;background:#1e1e1e'>"
        "<pre style='margin:0;padding:16px 20px;color:#e6e6e6;font:15px/1.6 \"Noto Sans Mono CJK SC\",\"Noto Sans CJK SC\",monospace;"
        "white-space:pre-wrap;word-break:break-all'>"
        f"<span style='color:#8ae234'>$</span> reformpress check\n{html.escape(printed)}</pre>"
    )
    assert page.evaluate("document.documentElement.scrollHeight") <= TERMINAL[1], "the check's output fits the picture"
    save(page, destination(tmp_path), "check-errors.png")


def test_the_preview_shows_a_mistake_over_the_last_good_page(tab, tmp_path: Path) -> None:
    site = SiteDir(copy_example(tmp_path / "site"))
    site.build(search=False)  # the pictures' copies are made here, so serve starts within its 20 s on a busy machine too
    served = ServeProcess(site.root, "--no-search")
    try:
        page = tab(DESKTOP)
        page.goto(served.url + ARTICLE)
        page.wait_for_function("() => document.querySelector('script[src=\"/__reformpress/live.js\"]') !== null")
        time.sleep(0.3)  # let the event stream connect
        site.write(CASE, with_typo(site))
        overlay = page.locator("#reformpress-error")
        overlay.wait_for(state="visible", timeout=30000)
        assert TYPO in overlay.inner_text() and "内容有错误，网站没有更新" in overlay.inner_text()
        assert "四下基层" in page.locator("h1").inner_text()  # the last good page stays underneath
        settle(page)
        save(page, destination(tmp_path), "serve-error.png")
    finally:
        served.stop()


def test_the_editing_desk_its_form_and_the_notice_after_a_save(browser: Browser, tmp_path: Path) -> None:
    folder = destination(tmp_path)
    site = copy_example(tmp_path / "site")
    edit = EditProcess(site)
    context = browser.new_context(viewport={"width": DESKTOP[0], "height": DESKTOP[1]}, device_scale_factor=1, locale="zh-CN", timezone_id="Asia/Shanghai")
    try:
        page = context.new_page()
        page.goto(edit.desk)
        page.get_by_text("16 · 宁德市探索建立年轻干部“四下基层”培养锻炼工作机制").wait_for()
        assert page.get_by_role("button", name="从 Word 导入").count() + page.get_by_text("从 Word 导入").count()  # as the guide says
        save(page, folder, "desk-list-1280.png")

        page.goto(edit.desk + "#/collections/ningde-reform/new")
        type_chinese(page, page.get_by_label("标题（必填）"), "古田县试行“一窗通办”便民服务改革")
        type_chinese(page, page.get_by_label("责任编辑"), "王芳")
        type_chinese(page, page.get_by_label("改革背景（必填）"), "群众办事要跑多个窗口、交多份材料。")
        page.get_by_label("改革背景（必填）").scroll_into_view_if_needed()
        page.mouse.wheel(0, -260)
        page.wait_for_timeout(300)
        assert page.get_by_label("编号").input_value() == "19"  # the next free number, as the guide says
        save(page, folder, "desk-form-1280.png")

        save_in_desk(page)
        said = notice_text(page)
        assert "【经验启示】" in said and "必须修改" in said
        page.wait_for_timeout(300)
        save(page, folder, "desk-notice-1280.png")
    finally:
        context.close()
        edit.stop()


def guide_pictures() -> list[str]:
    """The pictures the guide shows (``![…](images/….png)`` outside code blocks), in order."""
    prose = re.sub(r"```.*?```|`[^`\n]*`", "", GUIDE.read_text(encoding="utf-8"), flags=re.DOTALL)
    return re.findall(r"!\[[^\]]*\]\(images/([^)\s]+)\)", prose)


def test_every_picture_of_the_guide_is_committed_and_taken_here() -> None:
    shown = guide_pictures()
    assert sorted(shown) == sorted(SHOTS), "the guide's pictures and the ones this module takes differ"
    for name in shown:
        path = IMAGES / name
        assert path.is_file(), f"docs/images/{name} is missing: REFORMPRESS_GUIDE_SCREENSHOTS=1 python -m pytest tests/test_guide_screenshots.py"
        assert png_size(path.read_bytes()) == SHOTS[name]


def test_the_guide_quotes_what_the_pictures_show() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    for quoted in (TYPO.split(f"{CASE}:3: ")[1], "只是大小写不同", CAPTION, "REFORMPRESS_GUIDE_SCREENSHOTS=1 python -m pytest tests/test_guide_screenshots.py"):
        assert quoted in guide, f"the guide should quote {quoted!r}"
