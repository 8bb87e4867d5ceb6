"""Browser-side test helpers: axe-core in the page, layout measurements, screenshots."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from .sitekit import REPO

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ARTIFACTS = REPO / "test-artifacts"
"""Screenshots and other things for people to look at (git-ignored)."""


def axe_violations(page: Page) -> list[str]:
    """Every axe-core violation of WCAG 2.1 A/AA on the loaded page, one line each (rule, help, where)."""
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing ({AXE.relative_to(REPO)}): run `bash scripts/setup.sh` (npm ci installs it from package-lock.json)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", AXE_TAGS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(" ".join(map(str, node["target"])) for node in v["nodes"][:4])
        for v in result["violations"]
    ]


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the viewport (0 when nothing scrolls sideways)."""
    return int(page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"))


def font_px(page: Page, selector: str) -> float:
    """The computed font size of the first element matching ``selector``, in CSS pixels."""
    return float(page.eval_on_selector(selector, "el => parseFloat(getComputedStyle(el).fontSize)"))


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/ and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    return path
