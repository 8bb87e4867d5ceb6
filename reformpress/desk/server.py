"""``edit``: the editing desk in the browser — Decap CMS on 127.0.0.1, our own backend behind it.

The desk's server serves three things and nothing else:

* the desk page ``/`` (Decap's vendored bundle from ``/decap/…``, our ``/desk/desk.js`` and
  ``/desk/desk.css``), which loads nothing from any other host;
* ``/config.json``: the Decap configuration made from the site (:mod:`reformpress.desk.decap_config`);
* ``POST /api/v1/<secret>``: the local-backend protocol (:mod:`reformpress.desk.api`).

A web page open in the same browser must not be able to read or write the site through it, so:
the server binds 127.0.0.1 only; every request must carry a ``Host`` naming this server
(``127.0.0.1:<port>`` or ``localhost:<port>``: a DNS-rebinding page carries its own name);
the API and the config need the per-session secret, which only the desk page holds (a page
of another origin can send requests but cannot read the desk page, so it cannot learn it); a
request whose ``Origin`` or ``Sec-Fetch-Site`` says it comes from another origin is refused, and
so is any API request that is not ``application/json`` (other origins would need a CORS
preflight, which is never granted).
"""

from __future__ import annotations

import hmac
import http.server
import json
import secrets
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..content.config import load_config
from ..content.sources import next_number, series_setting
from ..problems import BuildFailed, problem
from ..text import dates
from .api import MAX_UPLOAD_BYTES, Checker, DeskApi, Importer, Refused
from .decap_config import SeriesInfo, desk_config

MAX_BODY_BYTES = MAX_UPLOAD_BYTES * 4 // 3 + 1024 * 1024
"""The largest request body read (a picture or Word file as base64, plus the form)."""

TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".wasm": "application/wasm", ".txt": "text/plain; charset=utf-8"}

CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' blob: data:; connect-src 'self' blob: data:; font-src 'self' data:; worker-src 'self' blob:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'; object-src 'none'"
)
"""The desk page's policy: its own files only.  Decap needs ``unsafe-eval`` (its config schema is
compiled by ajv) and inline styles (emotion); nothing it needs comes from another host."""


def _static(name: str) -> bytes | None:
    """A file of the desk's own (``desk/…``) or of the vendored bundle (``decap/…``), or ``None``."""
    folder, _, file = name.partition("/")
    if folder not in ("desk", "decap") or not file or "/" in file or file.startswith("."):
        return None
    base = resources.files("reformpress.desk") / ("static" if folder == "desk" else "decap")
    target = base / file
    return target.read_bytes() if target.is_file() else None


def series_infos(root: Path) -> list[SeriesInfo]:
    """Every series folder under ``content/`` with what a new report there starts from."""
    content = root / "content"
    folders = sorted(entry for entry in content.iterdir() if entry.is_dir() and (entry / "_series.yaml").is_file() and not entry.name.startswith(".")) if content.is_dir() else []
    return [SeriesInfo(folder.name, series_setting(folder, "title") or folder.name, series_setting(folder, "source"), next_number(folder)) for folder in folders]


@dataclass
class DeskServer:
    """The desk for one site (see the module doc); ``preview_url`` is where ``serve`` shows it."""

    root: Path
    checker: Checker | None = None
    importer: Importer | None = None
    port: int = 8081
    preview_url: str = ""
    log: Callable[[str], Any] = print

    def __post_init__(self) -> None:
        self.root = self.root.resolve()
        self.secret = secrets.token_urlsafe(32)
        self.api = DeskApi(self.root, self.checker, self.importer)
        self.lock = threading.Lock()  # one change at a time: the editor's browser may send saves side by side
        try:
            self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
        except OSError as error:
            raise BuildFailed([problem("port-busy", "edit", None, host="127.0.0.1", port=self.port, detail=error.strerror or str(error))]) from None
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def api_path(self) -> str:
        return f"/api/v1/{self.secret}"

    def start(self) -> None:
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self.thread is not None:
            self.thread.join(timeout=5)

    def allowed_hosts(self) -> set[str]:
        return {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}

    def config(self) -> dict[str, Any]:
        site = load_config(self.root / "site.yaml")
        now = dates.site_now(site.timezone).strftime("%Y-%m-%d %H:%M")
        return desk_config(site, series_infos(self.root), f"http://127.0.0.1:{self.port}{self.api_path}", now, self.preview_url)

    def page(self) -> bytes:
        try:
            site = load_config(self.root / "site.yaml")
            title, lang = site.title, site.language
        except BuildFailed:
            title, lang = self.root.name, "zh-CN"
        settings = {"config": "/config.json", "api": self.api_path, "token": self.secret, "preview": self.preview_url,
                    "folders": {info.slug: f"content/{info.slug}" for info in series_infos(self.root)}}
        return PAGE.format(lang=escape(lang), title=escape(title), settings=escape(json.dumps(settings, ensure_ascii=False))).encode()

    def _handler(self) -> type[http.server.BaseHTTPRequestHandler]:
        desk = self

        class Handler(http.server.BaseHTTPRequestHandler):
            server_version = "reformpress-desk"

            def handle(self) -> None:
                try:
                    super().handle()
                except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
                    self.close_connection = True

            def refuse(self, status: int, message: str) -> None:
                self.send_json(status, {"error": message})

            def same_origin(self) -> bool:
                """Whether the request names this server and does not come from another origin's page."""
                if self.headers.get("Host", "") not in desk.allowed_hosts():
                    return False
                origin = self.headers.get("Origin")
                if origin is not None and origin.removeprefix("http://") not in desk.allowed_hosts():
                    return False
                return self.headers.get("Sec-Fetch-Site", "same-origin") in ("same-origin", "none")

            def do_GET(self) -> None:
                if self.headers.get("Host", "") not in desk.allowed_hosts():
                    self.refuse(403, "这个地址只能从本机的 127.0.0.1 打开")
                    return
                path = urlsplit(self.path).path
                if path == "/":
                    self.send(200, desk.page(), "text/html; charset=utf-8", page=True)
                elif path == "/config.json":
                    if not self.same_origin() or not hmac.compare_digest(self.headers.get("X-Reformpress-Desk", ""), desk.secret):
                        self.refuse(403, "需要编辑台的密钥")
                        return
                    try:
                        self.send_json(200, desk.config())
                    except BuildFailed as failed:
                        self.refuse(422, failed.report())
                else:
                    body = _static(path.lstrip("/"))
                    if body is None:
                        self.refuse(404, "没有这个页面")
                        return
                    self.send(200, body, TYPES.get(Path(path).suffix, "application/octet-stream"), cache=path.startswith("/decap/"))

            def do_OPTIONS(self) -> None:
                self.refuse(403, "不接受其他网站的请求")  # no CORS preflight is ever granted

            def do_POST(self) -> None:
                if urlsplit(self.path).path != desk.api_path or not hmac.compare_digest(urlsplit(self.path).path, desk.api_path):
                    self.refuse(403, "需要编辑台的密钥")
                    return
                if not self.same_origin():
                    self.refuse(403, "不接受其他网站的请求")
                    return
                if not self.headers.get("Content-Type", "").startswith("application/json"):
                    self.refuse(415, "请求应为 JSON")
                    return
                try:
                    length = int(self.headers.get("Content-Length", ""))
                except ValueError:
                    self.refuse(411, "缺少 Content-Length")
                    return
                if not 0 <= length <= MAX_BODY_BYTES:
                    self.refuse(413, f"文件太大：最多 {MAX_UPLOAD_BYTES // 1024 // 1024} MB")
                    return
                try:
                    request = json.loads(self.rfile.read(length))
                except (ValueError, UnicodeDecodeError):
                    self.refuse(400, "请求格式不对")
                    return
                try:
                    with desk.lock:
                        answer = desk.api.handle(request)
                except Refused as refused:
                    self.refuse(refused.status, str(refused))
                    return
                except (OSError, UnicodeDecodeError) as error:
                    desk.log(f"编辑台：{error}")
                    self.refuse(500, f"读写文件失败：{error}")
                    return
                except Exception:  # noqa: BLE001 — a bug, not the editor's: answer it (the desk shows it) and print it
                    desk.log(traceback.format_exc())
                    self.refuse(500, "编辑台内部出错（详情见运行 reformpress edit 的命令行窗口），稿件文件没有改动")
                    return
                self.send_json(200, answer)

            def send_json(self, status: int, value: Any) -> None:
                self.send(status, json.dumps(value, ensure_ascii=False).encode(), "application/json; charset=utf-8")

            def send(self, status: int, body: bytes, kind: str, page: bool = False, cache: bool = False) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "max-age=86400" if cache else "no-store")
                self.send_header("X-Content-Type-Options", "nosniff")
                self.send_header("Referrer-Policy", "no-referrer")
                self.send_header("Cross-Origin-Resource-Policy", "same-origin")
                if page:
                    self.send_header("Content-Security-Policy", CSP)
                    self.send_header("X-Frame-Options", "DENY")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler


PAGE = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="reformpress-desk" content="{settings}">
<title>稿件编辑台 · {title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/desk/desk.css">
<script src="/desk/boot.js"></script>
<script src="/decap/decap-cms.js"></script>
<script src="/desk/desk.js" defer></script>
</head>
<body>
<div id="desk-bar" role="region" aria-label="编辑台工具">
<a id="desk-preview" href="#" target="_blank" rel="noopener">打开预览</a>
<label id="desk-import" class="desk-button">从 Word 导入<input id="desk-import-file" type="file" accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"></label>
</div>
<div id="desk-notice" role="status" aria-live="polite" hidden></div>
</body>
</html>
"""

