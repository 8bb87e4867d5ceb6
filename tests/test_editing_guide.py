"""The editor's guide (docs/editing-guide.md) stays true: its ``console`` blocks run, in order, on a real site.

Each ``$ reformpress …`` line runs the real command; every output line the guide shows under it must be
(part of) a line the command printed. After ``init`` the commands run inside the new site; before
``build`` the test fills in the ``【待填写】`` lines, as the guide tells the editor to.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GUIDE = REPO / "docs" / "editing-guide.md"


def console_blocks() -> list[tuple[str, list[str]]]:
    """(command, shown output lines) for every ``$`` line of the guide's console blocks, in order."""
    steps: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.DOTALL):
        for line in block.splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            elif line.strip():
                steps[-1][1].append(line)
    return steps


def fill_in_hints(site: Path) -> None:
    """Replace every hint line with a sentence, as an editor does."""
    for case in (site / "content").rglob("*.md"):
        text = case.read_text(encoding="utf-8")
        case.write_text(re.sub(r"^【待填写】.*$", "示例县把分散的窗口整合为综合窗口，群众办事只进一扇门。", text, flags=re.MULTILINE), encoding="utf-8")


def test_every_command_of_the_guide_prints_what_the_guide_shows(tmp_path: Path) -> None:
    steps = console_blocks()
    assert [command.split()[1] for command, _ in steps] == ["init", "new", "check", "build"]
    where = tmp_path
    for command, shown in steps:
        words = shlex.split(command)
        assert words[0] == "reformpress"
        if words[1] == "build":
            fill_in_hints(where)
        result = subprocess.run([sys.executable, "-m", "reformpress", *words[1:]], cwd=where, capture_output=True, text=True, timeout=300, check=False)
        printed = (result.stdout + result.stderr).splitlines()
        for line in shown:
            assert any(line in real for real in printed), f"the guide shows {line!r} under {command!r}; the command printed:\n" + "\n".join(printed)
        if words[1] == "init":
            where = tmp_path / words[2]
    assert (where / "output" / "index.html").is_file()


def test_the_readme_links_the_guide_first() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    first_link = re.search(r"\]\(([^)]+)\)", readme)
    assert first_link and first_link.group(1) == "docs/editing-guide.md"
