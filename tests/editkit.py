"""Test kit for the editors' commands: run the real CLI as a subprocess, make real .docx files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .sitekit import REPO


def cli_env() -> dict[str, str]:
    """The environment for a subprocess that must import this checkout's reformpress."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["PYTHONUNBUFFERED"] = "1"
    return env


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``python -m reformpress <args>`` as a real process; returns its exit code and output."""
    return subprocess.run(
        [sys.executable, "-m", "reformpress", *args],
        cwd=cwd, env=cli_env(), capture_output=True, text=True, encoding="utf-8", timeout=timeout,
    )
