"""What editors' Windows and macOS laptops do differently, each tested here on Linux.

The spawn start method (no fork) is in tests/test_incremental.py beside the other worker tests;
a case-insensitive name clash (``01-Abc.md`` beside ``01-abc.md``) has its own tests.  Here:
paths with ``\\`` in messages, and files saved with CRLF line ends and a byte-order mark, as
Notepad and Word's "plain text" write them.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path, PureWindowsPath

import pytest

from reformpress.problems import Location, location_path, problem

from .kit.site import SiteDir, report_of, snapshot


def test_messages_show_paths_with_slashes_on_windows_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """Editors see ``content/demo/01-x.md``: what they write in Markdown and site.yaml, and what Explorer and PowerShell accept."""
    assert location_path("content\\demo\\01-x.md", separator="\\") == "content/demo/01-x.md"
    assert location_path("content/demo/01-x.md", separator="\\") == "content/demo/01-x.md"
    assert location_path(PureWindowsPath("content\\demo\\images\\a.jpg")) == "content/demo/images/a.jpg"
    assert location_path("content/demo/a\\b.md", separator="/") == "content/demo/a\\b.md"  # a name may hold \ off Windows
    monkeypatch.setattr(os, "sep", "\\")  # as on Windows: a path made with the system's separators
    made = problem("unknown-key", "content\\demo\\01-x.md", 6, key="titel", allowed="title")
    assert made.location == Location("content/demo/01-x.md", 6)
    assert made.format().startswith("content/demo/01-x.md:6: ")
    assert made.as_dict()["path"] == "content/demo/01-x.md"


def windows_file(text: str) -> bytes:
    """``text`` as Notepad saves it: a UTF-8 byte-order mark and CRLF line ends."""
    return b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")


SAVED_ON_WINDOWS = ("site.yaml", "content/demo/_series.yaml", "content/demo/01-gutian.md")


def windows_copy(site: SiteDir, root: Path) -> SiteDir:
    """The site copied, its settings, series file and first case saved as on Windows."""
    shutil.copytree(site.root, root, ignore=shutil.ignore_patterns("output", ".cache", ".output*"))
    copy = SiteDir(root)
    for rel in SAVED_ON_WINDOWS:
        copy.write(rel, windows_file((site.root / rel).read_text(encoding="utf-8")))
    return copy


def test_files_saved_with_crlf_and_a_bom_build_the_same_bytes(site: SiteDir, tmp_path: Path) -> None:
    copy = windows_copy(site, tmp_path / "windows")
    assert (copy.root / "content/demo/01-gutian.md").read_bytes().startswith(b"\xef\xbb\xbf---\r\n")
    site.build(search=False)
    copy.build(search=False)
    first, second = snapshot(site.output), snapshot(copy.output)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    assert not any(b"\r" in data for name, data in second.items() if name.endswith((".html", ".xml")))


def test_files_saved_with_crlf_and_a_bom_report_the_same_lines(site: SiteDir, tmp_path: Path) -> None:
    case = (site.root / "content/demo/01-gutian.md").read_text(encoding="utf-8")
    site.write("content/demo/01-gutian.md", case.replace("tags: [乡村振兴]\n", "tags: [乡村振兴]\ntitel: 错字\n").replace("背景内容。", "背景内容。\n\n![图](images/none.jpg)"))
    site.write("site.yaml", (site.root / "site.yaml").read_text(encoding="utf-8").replace("per_page: 2", "per_page: 0"))
    site.write("content/demo/_series.yaml", (site.root / "content/demo/_series.yaml").read_text(encoding="utf-8") + "numbering: roman\n")
    config_lines = report_of(site)
    copy = windows_copy(site, tmp_path / "windows")
    assert report_of(copy) == config_lines and config_lines[0].startswith("site.yaml:6: ")  # site.yaml is checked first, alone
    site.write("site.yaml", (site.root / "site.yaml").read_text(encoding="utf-8").replace("per_page: 0", "per_page: 2"))
    copy.write("site.yaml", windows_file((site.root / "site.yaml").read_text(encoding="utf-8")))
    content_lines = report_of(site)
    assert report_of(copy) == content_lines
    assert [line.split(": ", 1)[0] for line in content_lines] == ["content/demo/01-gutian.md:6", "content/demo/01-gutian.md:16", "content/demo/_series.yaml:5"], content_lines


def test_the_readme_writes_out_the_windows_install() -> None:
    """PowerShell cannot run here: the README's block is checked for the steps, and its commands exist."""
    import re

    from reformpress.commands.cli import main

    from .kit.site import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    [block] = re.findall(r"```powershell\n(.*?)```", readme, re.DOTALL)
    commands = [line.split("#", 1)[0].strip() for line in block.splitlines() if line.split("#", 1)[0].strip()]
    assert commands[:3] == ["py -m venv .venv", ".venv\\Scripts\\Activate.ps1", "python -m pip install -e ."]
    for command in commands[3:]:
        name, verb = command.split()[:2]
        assert name == "reformpress" and verb in main.commands, command  # type: ignore[attr-defined]
    assert "Set-ExecutionPolicy -Scope CurrentUser RemoteSigned" in readme  # what to do when Activate.ps1 is refused
