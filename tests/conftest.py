"""Fixtures: a small inline site and the repo's example site, built."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from .kit.site import REPO, SERIES_YAML, SITE_YAML, SiteDir, case_text, copy_example


@pytest.fixture
def site(tmp_path: Path) -> SiteDir:
    """A small valid site: one series with two cases, the repo's own templates."""
    scratch = SiteDir(tmp_path / "site")
    scratch.write("site.yaml", SITE_YAML)
    shutil.copytree(REPO / "templates", scratch.root / "templates")
    scratch.write("content/demo/_series.yaml", SERIES_YAML)
    scratch.write("content/demo/01-gutian.md", case_text())
    scratch.write("content/demo/02-shouning.md", case_text("寿宁县推进下党乡村振兴", date="2022-10-28 09:30").replace("[古田县]", "[寿宁县]"))
    return scratch


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> SiteDir:
    """The repo's example site, built once into a scratch folder."""
    scratch = SiteDir(copy_example(tmp_path_factory.mktemp("example")))
    scratch.build()
    return scratch


@pytest.fixture(scope="session")
def find_site(tmp_path_factory: pytest.TempPathFactory) -> SiteDir:
    """tests/kit/findsite.py's site, built twice: published only into output/, with drafts and future into output-all/."""
    from .kit.findsite import write_find_site

    scratch = write_find_site(tmp_path_factory.mktemp("find") / "site")
    scratch.build()
    result = scratch.cli("build", "--drafts", "--future", "--output", str(scratch.root / "output-all"))
    assert result.exit_code == 0, result.output
    return scratch


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict:
    """Debian's Chromium (never a downloaded browser), headless, with the network chatter off."""
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.fail("Chromium is missing: run `bash scripts/setup.sh` (it installs Debian's chromium and fonts-noto-cjk)")
    return {
        "executable_path": str(chromium),
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    }


@pytest.fixture(scope="session")
def example_server(example_site: SiteDir):
    """The built example site served over HTTP under ``/gg/`` for the whole session."""
    from .kit.browser import SiteServer

    with SiteServer(example_site.output, "/gg/") as server:
        yield server


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trust file times at once: tests change files within the same second as the builds that read them."""
    monkeypatch.setattr("reformpress.incremental.cache.RACY_SECONDS", 0.0)


BROWSER_FIXTURES = {"page", "browser", "context", "browser_type_launch_args"}
"""Fixtures that start Debian's Chromium."""
DEBIAN_MODULES = {"test_nginx", "test_html_valid", "test_quickstart"}
"""Modules that need Debian's nginx, Java (the Nu validator) or Debian's own Python."""


LINUX_MODULES = {"test_concurrency", "test_output_safety", "test_serve"}
"""Modules whose tests drive processes the POSIX way (signals, process groups, resource limits) or read /proc."""
LINUX_TESTS = {
    "test_incremental.py::test_dropping_the_results_stops_the_workers",  # os.kill(pid, 0): on Windows a Ctrl-C
    "test_incremental.py::test_the_page_workers_server_starts_early_with_the_renderer_imported",  # /proc/<pid>/cmdline
    "test_hostile_markdown.py::test_a_browser_closing_connections_early_leaves_no_traceback_in_serve",  # os.killpg
    "test_units.py::test_freed_memory_is_given_back_before_workers_fork",  # glibc's malloc_trim, /proc/self/statm
    "test_desk.py::test_a_symbolic_link_out_of_content_is_refused",  # symbolic links need a privilege on Windows
}
"""Single tests that need Linux, by file and name (a parametrized one in every variant)."""

collect_ignore = ["test_concurrency.py", "test_output_safety.py"] if sys.platform == "win32" else []
"""Modules Windows cannot even import (``resource``; ``signal.SIGKILL`` in a parametrization)."""


def pytest_configure(config: pytest.Config) -> None:
    """Register the markers of tests that need what scripts/setup.sh installs on Debian, or Linux itself."""
    config.addinivalue_line("markers", "debian: needs Debian's Chromium, nginx, Java or system Python (scripts/setup.sh); the Windows and macOS jobs deselect it")
    config.addinivalue_line("markers", "linux: needs Linux itself (/proc, glibc, POSIX signals and process groups, shell scripts as programs); the Windows and macOS jobs deselect it")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark browser, nginx and validator tests, and those that need Linux, so that the engine's tests alone run on Windows and macOS."""
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if getattr(item, "module", None) else ""
        if module in DEBIAN_MODULES or BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.debian)
        if module in LINUX_MODULES or f"{module}.py::{getattr(item, 'originalname', item.name)}" in LINUX_TESTS:
            item.add_marker(pytest.mark.linux)
