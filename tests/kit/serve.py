"""``python -m reformpress serve`` as a real process, for the tests that watch the preview in a browser."""

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

from .cli import cli_env


class CliProcess:
    """``python -m reformpress <args>`` as a real, long-running process (a preview, the desk), stopped for sure at the end."""

    def __init__(self, *args: str):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "reformpress", *args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=cli_env(), text=True, encoding="utf-8", start_new_session=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float = 20) -> re.Match[str]:
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
        pytest.fail(f"reformpress {self.process.args[3]} never printed {pattern!r}; output so far:\n" + "\n".join(self.log))  # type: ignore[index]

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
                self.process.wait(timeout=10)
        return self.process.returncode


class ServeProcess(CliProcess):
    """``python -m reformpress serve`` on a free port."""

    def __init__(self, root: Path, *options: str):
        super().__init__("serve", "--port", "0", "--root", str(root), *options)
        self.url = self.wait_for(r"(http://127\.0\.0\.1:\d+/)").group(1)
