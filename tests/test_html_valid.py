"""Every page of the example site is valid HTML by the current Nu validator (npm vnu-jar, run with java)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .kit.site import REPO, SiteDir

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_page_of_the_example_site_is_valid_html(example_site: SiteDir, tmp_path: Path) -> None:
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: run `bash scripts/setup.sh` (it installs default-jre-headless)")
    if not VNU.is_file():
        pytest.fail(f"the Nu validator is missing ({VNU.relative_to(REPO)}): run `bash scripts/setup.sh` (npm ci installs vnu-jar)")
    pages = sorted(example_site.output.rglob("*.html"))
    assert len(pages) > 30
    # a page with a known mistake proves the validator really reads what it is given
    canary = tmp_path / "canary.html"
    canary.write_text('<!doctype html><html lang="zh-CN"><head><title>x</title></head><body><p><div>块</div></p></body></html>', encoding="utf-8")
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "json", str(example_site.output), str(canary)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    where = {str(example_site.output): "output", str(tmp_path): "tmp"}

    def place(url: str) -> str:
        path = url.removeprefix("file:")
        for folder, name in where.items():
            path = path.replace(folder, name)
        return path

    errors = [f"{place(m.get('url', ''))}:{m.get('lastLine')}: {m['message']}" for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    site_errors = [e for e in errors if not e.startswith("tmp/canary.html")]
    assert site_errors == []
    assert any(e.startswith("tmp/canary.html") for e in errors), f"the validator did not report the canary page: {result.stderr[:500]}"
