"""Builds at the same time, and builds that are killed: the live site stays whole, no process outlives its build."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from reformpress.publish.output import MARKER

from .kit.site import REPO, SiteDir, case_text

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds worker processes through /proc")


def start_build(site: SiteDir, *args: str) -> subprocess.Popen:
    """``python -m reformpress build`` on the site, as a real process of its own."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "reformpress", "build", "--root", str(site.root), "--no-search", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
    )


def files(folder: Path) -> list[str]:
    """Every file below ``folder``, relative and sorted."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def add_cases(site: SiteDir, count: int, words: int = 40) -> None:
    """``count`` more reports, each with some length to it."""
    for n in range(3, 3 + count):
        date = (datetime(2021, 1, 1) + timedelta(days=n)).strftime("%Y-%m-%d %H:%M")
        site.write(f"content/demo/{n:03d}-case-{n}.md", case_text(f"第{n}篇改革案例", date=date) + "补充内容，说明改革的做法和成效。" * words)


@pytest.mark.parametrize("flags", [("--no-cache", "--no-cache"), ((), "--no-cache"), ("--no-cache", ()), ((), ())], ids=["both-no-cache", "second-no-cache", "first-no-cache", "both-cached"])
def test_two_builds_at_once_leave_a_whole_site(site: SiteDir, flags: tuple) -> None:
    add_cases(site, 40)
    site.build(search=False, cache=False)
    expected = files(site.output)
    assert MARKER in expected
    site.write("content/demo/01-gutian.md", case_text("改过的标题"))  # both have something to do
    first, second = ([f] if isinstance(f, str) else list(f) for f in flags)
    processes = [start_build(site, *first), start_build(site, *second)]
    outcomes = [(process.wait(timeout=120), process.stderr.read() if process.stderr else "") for process in processes]
    assert [code for code, _ in outcomes] == [0, 0], outcomes
    assert files(site.output) == expected
    assert "改过的标题" in site.page("demo/01-gutian/").h1.get_text()
    assert not list(site.root.glob(".output.staging-*")) and not list(site.root.glob(".output.old-*"))
    later = start_build(site, "--no-cache")
    assert later.wait(timeout=120) == 0
    assert files(site.output) == expected


def test_a_waiting_build_says_so_once_and_a_killed_holder_never_blocks(site: SiteDir) -> None:
    from reformpress.publish.output import OutputLock

    holder = subprocess.Popen(
        [sys.executable, "-c", ("import sys, time; from pathlib import Path; from reformpress.publish.output import OutputLock\n"
         "with OutputLock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(60)"), str(site.output)],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    waiting = start_build(site, "--no-cache")
    time.sleep(3)
    assert waiting.poll() is None, "the build did not wait for the one holding the lock"
    holder.send_signal(signal.SIGKILL)  # the lock dies with its process
    holder.wait()
    assert waiting.wait(timeout=120) == 0
    assert waiting.stderr is not None
    assert waiting.stderr.read().count("另一个生成正在写入") == 1
    assert (site.output / MARKER).is_file()
    told: list[str] = []
    with OutputLock(site.output, lambda: told.append("waiting")):  # free again: taken at once, nothing said
        pass
    assert told == []


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (children, their children, …), found through /proc."""
    found: set[int] = set()
    pending = [pid]
    while pending:
        here = pending.pop()
        for task in Path(f"/proc/{here}/task").glob("*"):
            try:
                children = [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
            for child in children:
                if child not in found:
                    found.add(child)
                    pending.append(child)
    return found


def running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie waiting to be reaped is not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


@pytest.mark.parametrize(
    ("args", "how", "stage"),
    [(("--no-cache",), signal.SIGKILL, "markdown"), (("--no-cache",), signal.SIGTERM, "markdown"), ((), signal.SIGKILL, "pages")],
    ids=["kill-9-forked", "kill-forked", "kill-9-fresh"],
)
def test_workers_end_with_a_killed_build(site: SiteDir, args: tuple[str, ...], how: signal.Signals, stage: str) -> None:
    add_cases(site, 800 if stage == "pages" else 400, words=100 if stage == "pages" else 200)  # the pages of 800 take long enough to catch their workers
    build = start_build(site, "--jobs", "2", *args)
    deadline = time.monotonic() + 90
    seen: set[int] = set()
    while True:  # until two workers work: forked ones (reading and checking), or fresh ones forked from the fork server (pages)
        assert build.poll() is None, f"the build ended before its workers were seen: {build.stderr.read() if build.stderr else ''}"
        assert time.monotonic() < deadline
        seen = descendants(build.pid)
        servers = [pid for pid in seen if "forkserver" in command_line(pid)]
        if stage == "pages" and len(servers) >= 3:  # the fork server and two workers forked from it (they keep its command line)
            break
        if stage == "markdown" and sum(1 for pid in seen if "multiprocessing" not in command_line(pid)) >= 2:
            break
        time.sleep(0.02)
    time.sleep(0.3)
    seen |= descendants(build.pid)
    build.send_signal(how)
    build.wait()
    gone_by = time.monotonic() + 5
    while any(running(pid) for pid in seen) and time.monotonic() < gone_by:
        time.sleep(0.1)
    left = {pid: command_line(pid) for pid in seen if running(pid)}
    for pid in left:  # do not leave them to the next test
        os.kill(pid, signal.SIGKILL)
    assert left == {}
