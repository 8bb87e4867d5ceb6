"""The editing desk in Chromium, as an editor uses it: ``reformpress edit`` started as it is, text typed through an IME.

One desk (and its live preview) over a copy of the example site for the module; each test works on
its own report.  Every request the desk page makes is recorded: none may go to another host.
"""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from .kit.browser import axe_violations
from .kit.cli import make_report_docx
from .kit.desk import EditProcess, notice_text, save_in_desk, type_chinese
from .kit.site import copy_example, make_image

SERIES = "content/ningde-reform"


@pytest.fixture(scope="module")
def edit(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EditProcess]:
    root = copy_example(tmp_path_factory.mktemp("desk") / "site")
    running = EditProcess(root)
    yield running
    assert running.stop() == 0, running.output()


@pytest.fixture
def desk(browser: Browser, edit: EditProcess) -> Iterator[Page]:
    """A desk tab in a Chinese browser; at the end, no request has left this machine's two servers."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    yield page
    context.close()
    allowed = (edit.desk, edit.preview, "blob:", "data:")
    assert requests and all(url.startswith(allowed) for url in requests), [url for url in requests if not url.startswith(allowed)]


def root_of(edit: EditProcess) -> Path:
    return edit.root


def preview_shows(edit: EditProcess, case: Path, text: str, timeout: float = 60) -> str:
    """The preview's address of ``case``'s page, once the preview has rebuilt and shows ``text`` there."""
    url = f"{edit.preview}ningde-reform/{case.stem}/"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if text in urllib.request.urlopen(url, timeout=10).read().decode("utf-8"):
                return url
        except urllib.error.HTTPError:
            pass  # not built yet: the preview answers 404 until its rebuild is done
        time.sleep(0.5)
    pytest.fail(f"the preview never showed {text!r} at {url}; edit said:\n" + edit.output())


def test_a_report_typed_into_the_form_is_checked_saved_and_shown_in_the_preview(desk: Page, edit: EditProcess) -> None:
    desk.goto(edit.desk + "#/collections/ningde-reform/new")
    type_chinese(desk, desk.get_by_label("标题（必填）"), "古田县试行“一窗通办”便民服务改革")
    type_chinese(desk, desk.get_by_label("责任编辑"), "王芳")
    desk.get_by_label("地区").click()
    desk.get_by_role("option", name="古田县").click()
    type_chinese(desk, desk.get_by_label("改革背景（必填）"), "群众办事要跑多个窗口。\n\n为此，古田县推行一窗通办。")
    type_chinese(desk, desk.get_by_label("创新做法（必填）"), "### 一、整合窗口\n\n把十个窗口合并为一个综合窗口。")
    type_chinese(desk, desk.get_by_label("主要成效（必填）"), "办事时间缩短一半。")
    save_in_desk(desk)  # 经验启示 is still empty: saved all the same, and the notice says what to do
    said = notice_text(desk)
    assert "必须修改" in said and "【经验启示】" in said and "经验启示" in said and "必备栏目" in said
    saved = sorted((root_of(edit) / SERIES).glob("19-*.md"))
    assert len(saved) == 1, saved
    text = saved[0].read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: 古田县试行“一窗通办”便民服务改革\nnumber: 19\ndate: 20")
    assert "regions: [古田县]\n" in text and "editor: 王芳\n" in text and "source: 宁德市委改革办\n" in text
    assert "## 创新做法\n\n### 一、整合窗口\n\n把十个窗口合并为一个综合窗口。\n" in text  # typed Markdown kept as typed
    desk.get_by_role("button", name="知道了").click()

    type_chinese(desk, desk.get_by_label("经验启示（必填）"), "一是要以群众满意为标准。")
    save_in_desk(desk)
    assert "没有发现问题" in notice_text(desk)
    assert [line for line in saved[0].read_text(encoding="utf-8").split("\n") if line.startswith("## ")] == ["## 改革背景", "## 创新做法", "## 主要成效", "## 经验启示"]
    shown = preview_shows(edit, saved[0], "把十个窗口合并为一个综合窗口。")
    desk.goto(shown)
    assert "一窗通办" in desk.locator("h1").inner_text()
    assert "一是要以群众满意为标准。" in desk.locator("main").inner_text()


def test_an_example_report_saved_without_a_change_stays_byte_identical(desk: Page, edit: EditProcess) -> None:
    case = root_of(edit) / SERIES / "17-dongqiao-lidian-xinnengyuan.md"
    before = case.read_bytes()
    desk.goto(edit.desk + "#/collections/ningde-reform/entries/17-dongqiao-lidian-xinnengyuan")
    editor = desk.get_by_label("责任编辑")
    editor.click()
    editor.press("End")
    desk.keyboard.type(" ")  # for Decap a change (a space after the name, the draft switch on and off again) …
    desk.get_by_label("草稿").click()
    desk.get_by_label("草稿").click()
    save_in_desk(desk)  # … for the build none: the file keeps every byte
    notice_text(desk)
    assert case.read_bytes() == before


def test_a_picture_uploaded_in_the_form_lands_in_images_and_becomes_a_figure(desk: Page, edit: EditProcess, tmp_path: Path) -> None:
    photo = make_image(tmp_path / "现场照片.jpg", (1200, 900), (30, 120, 200))
    desk.goto(edit.desk + "#/collections/ningde-reform/entries/15-shouning-xiadang-zhenxing")
    desk.get_by_role("button", name="新增插图").click()
    desk.get_by_role("button", name="选择图片").first.click()
    desk.locator("input[type=file]:not(#desk-import-file)").set_input_files(str(photo))
    desk.get_by_role("button", name="选用已选中项目").click()
    type_chinese(desk, desk.get_by_label("图片说明"), "下党乡便民服务中心")
    desk.get_by_label("放在哪个栏目").click()
    desk.get_by_role("option", name="主要成效").click()
    save_in_desk(desk)
    assert "没有发现问题" in notice_text(desk)
    kept = [path for path in (root_of(edit) / SERIES / "images").iterdir() if path.read_bytes() == photo.read_bytes()]
    assert len(kept) == 1 and re.fullmatch(r"[a-z0-9-]+\.jpg", kept[0].name), kept
    text = (root_of(edit) / SERIES / "15-shouning-xiadang-zhenxing.md").read_text(encoding="utf-8")
    results = text.split("## 主要成效")[1].split("\n## ")[0]
    assert f'![下党乡便民服务中心](images/{kept[0].name} "下党乡便民服务中心")' in results
    shown = preview_shows(edit, root_of(edit) / SERIES / "15-shouning-xiadang-zhenxing.md", "下党乡便民服务中心")
    desk.goto(shown)
    picture = desk.locator("figure", has_text="下党乡便民服务中心").locator("img")
    picture.scroll_into_view_if_needed()  # pictures below the fold load lazily
    desk.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=picture.element_handle(), timeout=10_000)


def test_a_word_file_imported_from_the_desk_opens_with_its_notes(desk: Page, edit: EditProcess, tmp_path: Path) -> None:
    docx = make_report_docx(tmp_path / "古田县报告.docx", tmp_path / "pictures")
    desk.goto(edit.desk + "#/collections/ningde-reform")
    desk.get_by_text("16 · ").first.wait_for()
    desk.locator("#desk-import-file").set_input_files(str(docx))
    said = notice_text(desk)
    assert "已从 Word 导入为 content/ningde-reform/" in said
    desk.wait_for_url(re.compile(r"#/collections/ningde-reform/entries/\d+-"))
    assert "四下基层" in desk.get_by_label("标题（必填）").input_value()
    assert desk.get_by_label("改革背景（必填）").input_value()


def test_the_desks_own_bar_and_notice_pass_axe_and_say_what_went_wrong(browser: Browser, edit: EditProcess, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", bypass_csp=True)  # axe is injected
    page = context.new_page()
    try:
        page.goto(edit.desk + "#/collections/ningde-reform")
        page.get_by_text("16 · ").first.wait_for()
        broken = tmp_path / "不是Word.docx"
        broken.write_bytes(b"this is not a zip file")
        page.locator("#desk-import-file").set_input_files(str(broken))
        said = notice_text(page)
        assert said.startswith("导入失败：不是Word.docx: 无法读取 Word 文件") and "另存为" in said  # the file as the editor named it
        assert page.locator("#desk-notice").get_attribute("role") == "alert"  # announced to screen readers
        assert axe_violations(page, ["#desk-bar", "#desk-notice"]) == []
        page.get_by_role("button", name="知道了").focus()
        page.keyboard.press("Enter")
        assert page.locator("#desk-notice").is_hidden()
    finally:
        context.close()
