"""``serve``: a real preview server — edits reload open tabs, mistakes show as an overlay, only output/ is served."""

from __future__ import annotations

import http.client
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reformpress.commands.serve import PreviewServer

from .kit.serve import ServeProcess
from .kit.site import SiteDir, case_text

CASE = "content/demo/01-gutian.md"
ARTICLE = "demo/01-gutian/"


@pytest.fixture
def served(site: SiteDir) -> Iterator[ServeProcess]:
    server = ServeProcess(site.root)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def preview(site: SiteDir) -> Iterator[PreviewServer]:
    """An in-process preview of ``site`` on a free port (for the HTTP-level tests)."""
    server = PreviewServer(site.root, port=0, search=False, log=lambda text: None)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def get(server: PreviewServer, path: str) -> tuple[int, bytes, dict[str, str]]:
    """A GET with the path sent exactly as given (no client-side normalising)."""
    host, port = server.httpd.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        connection.close()


def edit_title(site: SiteDir, title: str) -> None:
    site.write(CASE, case_text(title))


def test_edit_reload_overlay_and_recovery_in_a_real_browser(site: SiteDir, served: ServeProcess, page) -> None:
    page.goto(served.url + ARTICLE)
    assert "古田县探索乡村治理新机制" in page.locator("h1").inner_text()
    page.wait_for_function("() => document.querySelector('script[src=\"/__reformpress/live.js\"]') !== null")
    time.sleep(0.3)  # let the event stream connect

    started = time.monotonic()
    edit_title(site, "古田县改革标题已更新")
    page.wait_for_function("() => (document.querySelector('h1')?.textContent ?? '').includes('古田县改革标题已更新')", timeout=15000)
    reload_seconds = time.monotonic() - started
    assert reload_seconds < 10
    print(f"edit → reloaded page: {reload_seconds:.2f} s")

    site.write(CASE, case_text("古田县改革标题已更新", front="titel: 错别字\n"))
    overlay = page.locator("#reformpress-error")
    overlay.wait_for(state="visible", timeout=15000)
    expected = "content/demo/01-gutian.md:6: 不认识的字段“titel”，是不是“title”？ — 改为 title"
    assert expected in overlay.inner_text()
    assert "内容有错误，网站没有更新" in overlay.inner_text()
    served.wait_for("不认识的字段“titel”")  # the console says the same
    assert "古田县改革标题已更新" in page.locator("h1").inner_text()  # the last good page stays underneath
    status, body = get_url(served.url + ARTICLE)
    assert status == 200 and "古田县改革标题已更新" in body.decode()

    site.write(CASE, case_text("古田县改革已恢复"))
    page.wait_for_function("() => (document.querySelector('h1')?.textContent ?? '').includes('古田县改革已恢复')", timeout=15000)
    assert page.locator("#reformpress-error").count() == 0


def get_url(url: str) -> tuple[int, bytes]:
    match = re.match(r"http://([\d.]+):(\d+)(/.*)", url)
    assert match
    connection = http.client.HTTPConnection(match[1], int(match[2]), timeout=10)
    try:
        connection.request("GET", match[3])
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_a_tab_opened_after_a_failed_build_sees_the_error_at_once(site: SiteDir, preview: PreviewServer) -> None:
    site.write(CASE, case_text(front="titel: x\n"))
    assert preview.rebuild() is None
    host, port = preview.httpd.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=10)
    connection.request("GET", "/__reformpress/events")
    response = connection.getresponse()
    assert response.getheader("Content-Type").startswith("text/event-stream")
    line = response.fp.readline().decode()
    connection.close()
    state = json.loads(line.removeprefix("data: "))
    assert state["version"] == 1  # still the first (good) build
    assert state["error"].splitlines()[0].startswith("content/demo/01-gutian.md:6: 不认识的字段“titel”")
    assert state["error"].splitlines()[-1] == "共发现 1 个错误，未写入任何文件，原有 output/ 保持不变。"


def test_the_live_script_is_added_when_served_and_never_written(site: SiteDir, preview: PreviewServer) -> None:
    status, body, headers = get(preview, "/" + ARTICLE)
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert b'<script src="/__reformpress/live.js" data-version="1"></script></body>' in body
    assert not any(b"__reformpress" in file.read_bytes() for file in site.output.rglob("*") if file.is_file())
    status, script, headers = get(preview, "/__reformpress/live.js")
    assert status == 200 and b"EventSource" in script


@pytest.mark.parametrize(
    "path",
    [
        "/../site.yaml",
        "/../../etc/passwd",
        "/..%2fsite.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E%2Fsite.yaml",
        "/demo/..%2f..%2fsite.yaml",
        "/demo/..%5c..%5csite.yaml",
        "/%252e%252e/site.yaml",
        "/static/../../site.yaml",
        "//etc/passwd",
        "/.reformpress-output",
        "/%00index.html",
        "/outside-link/secret.txt",
        "/outside-file.txt",
    ],
)
def test_nothing_outside_output_is_served(site: SiteDir, preview: PreviewServer, tmp_path: Path, path: str) -> None:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "secret.txt").write_text("TOP SECRET", encoding="utf-8")
    (site.output / "outside-link").symlink_to(secret, target_is_directory=True)
    (site.output / "outside-file.txt").symlink_to(secret / "secret.txt")
    status, body, _ = get(preview, path)
    assert status in (400, 404)
    assert b"TOP SECRET" not in body and b"base_url" not in body


def test_no_directory_listing_and_folders_redirect_to_their_slash(site: SiteDir, preview: PreviewServer) -> None:
    status, body, _ = get(preview, "/static/")
    assert status == 404 and "页面未找到".encode() in body and b'href="style.css"' not in body
    status, _, headers = get(preview, "/demo")
    assert status == 301 and headers["Location"] == "demo/"
    status, body, _ = get(preview, "/nope/")
    assert status == 404 and "页面未找到".encode() in body  # the site's own 404 page


def test_binds_localhost_by_default_and_a_busy_port_is_a_clean_error(site: SiteDir, preview: PreviewServer) -> None:
    assert preview.httpd.server_address[0] == "127.0.0.1"
    port = preview.httpd.server_address[1]
    result = site.cli("serve", "--port", str(port))
    assert result.exit_code == 1
    assert result.output.startswith(f"serve: 无法在 127.0.0.1:{port} 上启动预览")
    assert "请用 --port 换一个" in result.output


def test_a_site_that_never_built_still_shows_its_error_in_the_browser(site: SiteDir) -> None:
    site.write(CASE, case_text(front="titel: x\n"))
    server = PreviewServer(site.root, port=0, search=False, log=lambda text: None)
    server.start()
    try:
        assert not site.output.exists()
        status, body, _ = get(server, "/")
        assert status == 404 and b'<script src="/__reformpress/live.js" data-version="0"></script>' in body
        assert server.state.snapshot()[1].startswith("content/demo/01-gutian.md:6: 不认识的字段“titel”")
    finally:
        server.stop()


def test_an_edited_page_is_served_before_its_search_shard_is_indexed(site: SiteDir, monkeypatch: pytest.MonkeyPatch) -> None:
    """After a save the editor's tab reloads as soon as the page is written; the index follows."""
    from reformpress.publish import search

    server = PreviewServer(site.root, port=0, log=lambda text: None)  # search on, as `serve` starts
    server.start()
    try:
        time.sleep(2.1)  # past cache.RACY_SECONDS: the files' times can be trusted, so a save takes the edit path
        server.rebuild()
        real = search.index_site
        seen: list[tuple[int, bytes]] = []

        def indexing(*args: object, **options: object) -> int:
            seen.append((server.state.snapshot()[0], get(server, "/" + ARTICLE)[1]))  # what a tab gets while the index is made
            return real(*args, **options)  # type: ignore[arg-type]

        monkeypatch.setattr(search, "index_site", indexing)
        before = server.state.snapshot()[0]
        edit_title(site, "改过标题的稿件")
        report = server.rebuild()
        assert report is not None and report.quick
        [(version, body)] = seen
        assert version == before + 1 and "改过标题的稿件" in body.decode()  # reloaded, with the new text, before the index
        assert server.state.snapshot() == (before + 1, None)  # and not reloaded a second time
        records = [path.read_bytes() for path in (site.output / "search-index").rglob("d/*.json")]
        assert any("改过标题的稿件".encode() in record for record in records)  # and the index caught up
    finally:
        server.stop()
