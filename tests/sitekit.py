"""Test kit: whole small sites written inline, built, and read as a reader would."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from bs4 import BeautifulSoup
from click.testing import CliRunner

from reformpress.cli import main
from reformpress.pipeline import BuildReport, BuildRequest, build

REPO = Path(__file__).resolve().parents[1]

SITE_YAML = """\
title: 测试改革网
base_url: https://example.gov.cn/gg/
language: zh-CN
timezone: Asia/Shanghai
description: 测试站点
per_page: 2
breadcrumb:
  - {title: 首页, url: /}
  - {title: 专题}
regions:
  古田县: gutian
  寿宁县: shouning
  霞浦县: xiapu
footer:
  icp: 闽ICP备00000000号
"""

SERIES_YAML = """\
title: 测试市全面深化改革系列成果展示
column: 全面深化改革测试进行时
editor_note: 本专栏集中展示各地改革成果。
source: 测试市委改革办
"""


def case_text(title: str = "古田县探索乡村治理新机制", *, front: str = "", body: str | None = None, date: str = "2022-10-26 15:47") -> str:
    """A valid Markdown case file; ``front`` adds front-matter lines, ``body`` replaces the sections."""
    if body is None:
        body = """\
            ## 引言

            引言第一句。引言第二句。

            ## 改革背景

            背景内容。

            ## 创新做法

            ### 一、坚持“四个一批”

            一是规划培养一批。

            ## 主要成效

            成效内容。

            ## 经验启示

            启示内容。
            """
    head = f"---\ntitle: {title}\ndate: {date}\nregions: [古田县]\ntags: [乡村振兴]\n{textwrap.dedent(front)}---\n"
    return head + textwrap.dedent(body)


class SiteDir:
    """A scratch site on disk with helpers to edit, build and read it."""

    def __init__(self, root: Path):
        self.root = root

    def write(self, rel: str, text: str | bytes) -> Path:
        """Write a file relative to the site root (text as UTF-8)."""
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def build(self, **options: object) -> BuildReport:
        """Build the site with the engine's own pipeline."""
        return build(BuildRequest(self.root, **options))  # type: ignore[arg-type]

    def cli(self, *args: str):
        """Run the CLI in-process on this site."""
        return CliRunner().invoke(main, [*args, "--root", str(self.root)], catch_exceptions=False)

    @property
    def output(self) -> Path:
        return self.root / "output"

    def page(self, url: str) -> BeautifulSoup:
        """The built page at a site-relative URL, parsed."""
        path = self.output / (url + "index.html" if url == "" or url.endswith("/") else url)
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def make_image(path: Path, size: tuple[int, int] = (640, 480), color: tuple[int, int, int] = (180, 40, 40)) -> Path:
    """A real JPEG of the given size."""
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, color).save(path, "JPEG", quality=80)
    return path




class SiteServer:
    """Serves a built output folder over HTTP on 127.0.0.1, optionally under a sub-path.

    Unknown URLs get the site's 404.html with status 404, like a configured web server;
    ``headers`` are sent with every response (e.g. a Content-Security-Policy).
    """

    def __init__(self, folder: Path, prefix: str = "/", headers: dict[str, str] | None = None):
        import functools
        import http.server
        import threading

        self.folder = folder
        self.prefix = prefix if prefix.endswith("/") else prefix + "/"
        server = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def translate_path(self, path: str) -> str:
                clean = path.split("?", 1)[0].split("#", 1)[0]
                if not clean.startswith(server.prefix):
                    return str(folder / "__outside_prefix__")
                return super().translate_path("/" + clean[len(server.prefix) :])

            def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
                page = folder / "404.html"
                if code == 404 and page.is_file():
                    body = page.read_bytes()
                    self.send_response(404)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                super().send_error(code, message, explain)

            def end_headers(self) -> None:
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                super().end_headers()

            def list_directory(self, path):  # no directory listings
                self.send_error(404)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """Base URL of the served site, ending with ``/``."""
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{self.prefix}"

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def unstable_search_file(name: str) -> bool:
    """Whether ``name`` (relative to the output) is one of Pagefind's files that differ between identical builds.

    Pagefind writes the values of a filter in hash-map order, so its filter files, and the
    metadata and entry files that name them by hash, change from run to run (upstream issue
    Pagefind/pagefind#638: fragments and word indexes are stable since 1.3, filter indexes not).
    Everything else a build writes is byte-identical.
    """
    return re.fullmatch(r"pagefind/(filter/[^/]+\.pf_filter|pagefind\.[^/]+\.pf_meta|pagefind-entry\.json)", name) is not None


def internal_links(output: Path) -> list[tuple[str, str]]:
    """(page, target) for every internal href/src of every HTML page, resolved to paths in ``output``."""
    import posixpath
    from urllib.parse import unquote, urlsplit

    links = []
    for page in sorted(output.rglob("*.html")):
        rel = page.relative_to(output).as_posix()
        if rel == "404.html":
            continue  # its links are root-absolute on purpose (it is served at any URL)
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["a", "link", "img", "script", "source"]):
            for attribute in ("href", "src"):
                value = tag.get(attribute)
                if not value or urlsplit(value).scheme or value.startswith(("//", "#", "mailto:", "tel:")):
                    continue
                path = unquote(urlsplit(value).path)
                target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), path))
                if path.endswith("/") or path == "":
                    target = posixpath.join(target, "index.html")
                links.append((rel, target))
    return links
