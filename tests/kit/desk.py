"""For the desk's browser tests: ``reformpress edit`` as a real process, and typing as an editor types."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Locator, Page

from .serve import CliProcess


class EditProcess(CliProcess):
    """``python -m reformpress edit --no-browser`` on free ports: the desk and its preview."""

    def __init__(self, root: Path):
        super().__init__("edit", "--no-browser", "--port", "0", "--preview-port", "0", "--root", str(root))
        self.root = root
        self.desk = self.wait_for(r"稿件编辑台：(http://127\.0\.0\.1:\d+/)", timeout=60).group(1)
        self.preview = self.wait_for(r"预览：(http://127\.0\.0\.1:\d+/)").group(1)


def type_chinese(page: Page, field: Locator, text: str) -> None:
    """Type ``text`` into ``field`` as a Chinese IME does: each phrase composed (pinyin shown), then committed.

    Chromium's own IME path (``Input.imeSetComposition`` then ``Input.insertText``), so the page
    sees compositionstart/update/end and the input events an editor's Microsoft Pinyin sends.
    Line breaks are typed with the Enter key.
    """
    field.click()
    field.press("End")
    cdp = page.context.new_cdp_session(page)
    try:
        for number, line in enumerate(text.split("\n")):
            if number:
                page.keyboard.press("Enter")
            for phrase in re.findall(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”‘’]{1,4}|[^\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”‘’]+", line):
                if re.match(r"[\u3400-\u9fff]", phrase):
                    cdp.send("Input.imeSetComposition", {"text": "pin", "selectionStart": 3, "selectionEnd": 3})
                cdp.send("Input.insertText", {"text": phrase})
    finally:
        cdp.detach()


def save_in_desk(page: Page) -> None:
    """Click the desk's 保存 button and its 保存 menu entry (Decap's publish menu, in the desk's words)."""
    page.get_by_role("button", name="保存").first.click()
    page.get_by_role("menuitem", name="保存").first.click()


def notice_text(page: Page, timeout: float = 60_000) -> str:
    """The desk's notice after a save (what ``check`` said), once it is shown."""
    notice = page.locator("#desk-notice")
    notice.wait_for(state="visible", timeout=timeout)
    page.wait_for_function("() => !document.querySelector('#desk-notice').classList.contains('desk-busy')", timeout=timeout)
    return notice.inner_text()
