"""The README's quick start, read from the README itself, on Debian's own Python (PEP 668).

Command 1 runs in a fresh copy of the repository with ``python3`` being Debian's ``/usr/bin/python3``,
which carries the ``EXTERNALLY-MANAGED`` marker and refuses ``pip install`` outside a virtual
environment: the command must still build the example site. Command 2 is the one CI runs
(``.ci/run``), so this suite is its proof; here it is only compared with ``.ci/run``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SYSTEM_PYTHON = Path("/usr/bin/python3")


def quick_start_commands() -> list[str]:
    """The shell commands of the README's quick start (its first ```sh block), comments left out."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block, "README.md's Quick start must hold a ```sh block with the two commands"
    return [line for line in block.group(1).splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_the_quick_start_is_two_commands_and_ci_runs_the_second() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2, commands
    ci_lines = [line for line in (REPO / ".ci/run").read_text(encoding="utf-8").splitlines() if line and not line.startswith(("#", "set ", "cd "))]
    assert ci_lines == [commands[1]]


def system_python() -> Path:
    """Debian's own Python, which must carry the PEP 668 marker for this test to mean anything."""
    if not SYSTEM_PYTHON.exists():
        pytest.fail("Debian's own Python is missing: apt-get install python3 python3-venv")
    stdlib = subprocess.run([str(SYSTEM_PYTHON), "-c", "import sysconfig; print(sysconfig.get_path('stdlib'))"], capture_output=True, text=True, check=True).stdout.strip()
    assert (Path(stdlib) / "EXTERNALLY-MANAGED").is_file(), f"{SYSTEM_PYTHON} has no EXTERNALLY-MANAGED marker: this is not Debian's own Python"
    return SYSTEM_PYTHON


def fresh_copy(destination: Path) -> Path:
    """The repository's tracked files (as they are in the work tree), nothing generated or installed."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)
    return destination


def test_command_one_builds_the_example_site_on_debians_own_python(tmp_path: Path) -> None:
    python = system_python()
    checkout = fresh_copy(tmp_path / "checkout")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(python)
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("VIRTUAL_ENV", "PYTHON", "PYENV"))}
    environment["PATH"] = f"{bin_dir}:/usr/bin:/bin"

    refused = subprocess.run(["python3", "-m", "pip", "install", "--dry-run", "-e", "."], cwd=checkout, env=environment, check=False, capture_output=True, text=True)
    if "No module named pip" not in refused.stderr:
        assert refused.returncode != 0 and "externally-managed-environment" in refused.stderr, refused.stderr

    command = quick_start_commands()[0]
    result = subprocess.run(command, shell=True, cwd=checkout, env=environment, check=False, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (checkout / "output" / "index.html").is_file()
    assert (checkout / ".venv").is_dir()
    assert "已生成" in result.stdout

    again = subprocess.run(command, shell=True, cwd=checkout, env=environment, check=False, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and "creating the virtual environment" not in again.stderr, again.stderr

