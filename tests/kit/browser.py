"""For the browser tests: a built site served over HTTP, axe-core in the page, layout measurements, screenshots."""

from __future__ import annotations

from pathlib import Path
from typing import Self

import pytest
from playwright.sync_api import Page

from .site import REPO

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ARTIFACTS = REPO / "test-artifacts"
"""Screenshots and other things for people to look at (git-ignored)."""


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

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def axe_violations(page: Page, within: list[str] | None = None) -> list[str]:
    """Every axe-core violation of WCAG 2.1 A/AA on the loaded page (or only ``within`` those selectors), one line each (rule, help, where)."""
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing ({AXE.relative_to(REPO)}): run `bash scripts/setup.sh` (npm ci installs it from package-lock.json)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "([tags, within]) => axe.run(within ? {include: within.map(s => [s])} : document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        [AXE_TAGS, within],
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(" ".join(map(str, node["target"])) for node in v["nodes"][:4])
        for v in result["violations"]
    ]


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the viewport (0 when nothing scrolls sideways)."""
    return int(page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"))


def font_px(page: Page, selector: str) -> float:
    """The computed font size of the first element matching ``selector``, in CSS pixels."""
    return float(page.eval_on_selector(selector, "el => parseFloat(getComputedStyle(el).fontSize)"))


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/ and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    return path
