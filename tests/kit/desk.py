"""For the desk's browser tests: ``reformpress edit`` as a real process, and typing as an editor types."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page

from .cli import cli_env


class EditProcess:
    """``python -m reformpress edit --no-browser`` on free ports, stopped for sure at the end."""

    def __init__(self, root: Path):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "reformpress", "edit", "--no-browser", "--port", "0", "--preview-port", "0", "--root", str(root)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=cli_env(), text=True, encoding="utf-8", start_new_session=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.desk = self.wait_for(r"稿件编辑台：(http://127\.0\.0\.1:\d+/)").group(1)
        self.preview = self.wait_for(r"预览：(http://127\.0\.0\.1:\d+/)").group(1)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float = 60) -> re.Match[str]:
        """The first new output line matching ``pattern`` (fails after ``timeout`` seconds)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            self.log.append(line)
            match = re.search(pattern, line)
            if match:
                return match
        pytest.fail(f"edit never printed {pattern!r}; output so far:\n" + "\n".join(self.log))

    def output(self) -> str:
        """Everything it printed so far."""
        while not self.lines.empty():
            self.log.append(self.lines.get_nowait())
        return "\n".join(self.log)

    def stop(self) -> int:
        """Stop it like Ctrl+C; kill it if it does not end within 10 s."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        return self.process.returncode


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
