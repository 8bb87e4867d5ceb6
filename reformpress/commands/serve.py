"""``serve``: build, preview on 127.0.0.1, rebuild on every edit and reload open tabs.

* The site is built with the ordinary pipeline into ``output/``; a failed
  rebuild writes nothing, so the last good site keeps being served.
* watchdog watches ``content/``, ``templates/`` and ``site.yaml``; a burst of
  events (an editor saving several files) becomes one rebuild.
* Open tabs follow a tiny server-sent-events stream at ``/__reformpress/events``
  through ``/__reformpress/live.js``, a script added to HTML *as it is served*
  (never written into ``output/``).  After a good rebuild the tab reloads;
  after a bad one it shows the CLI's own report as an overlay above the last
  good page, and reloads once the mistake is fixed.
* Only regular files inside ``output/`` are served (``..``, encoded or not,
  and links pointing out of it give 404), no directory listings, no hidden
  files; the server binds 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import http.server
import json
import mimetypes
import posixpath
import signal
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from ..messages import notice
from ..pipeline import BuildReport, BuildRequest, build
from ..problems import BuildFailed, problem
from ..publish.output import MARKER

LIVE_PREFIX = "/__reformpress/"
EVENTS_URL = LIVE_PREFIX + "events"
SCRIPT_URL = LIVE_PREFIX + "live.js"
QUIET_SECONDS = 0.08
"""A rebuild starts once the files have been quiet this long (one rebuild per burst of saves)."""
KEEPALIVE_SECONDS = 10.0
IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".crdownload")

LIVE_SCRIPT = """\
// Added by `reformpress serve` only; never part of the built site.
(function () {
  var me = document.currentScript, version = me.getAttribute("data-version"), overlay = null;
  function show(state) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "reformpress-error";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0 0 auto 0;max-height:70vh;overflow:auto;z-index:2147483647;" +
        "background:#fff4f4;color:#611;border-bottom:4px solid #c00;padding:1em 1.5em;font:15px/1.6 system-ui,sans-serif;" +
        "box-shadow:0 4px 16px rgba(0,0,0,.3)";
      var title = document.createElement("h2"), hint = document.createElement("p"), pre = document.createElement("pre");
      title.style.cssText = "margin:0 0 .5em;font-size:1.2em";
      pre.style.cssText = "white-space:pre-wrap;font:14px/1.5 ui-monospace,monospace;margin:.5em 0 0";
      overlay.append(title, hint, pre);
      document.body.appendChild(overlay);
    }
    overlay.children[0].textContent = state.title;
    overlay.children[1].textContent = state.hint;
    overlay.children[2].textContent = state.error;
  }
  function hide() { if (overlay) { overlay.remove(); overlay = null; } }
  var source = new EventSource("/__reformpress/events");
  source.onmessage = function (event) {
    var state = JSON.parse(event.data);
    if (state.error) { show(state); return; }
    hide();
    if (String(state.version) !== version) { source.close(); location.reload(); }
  };
})();
"""


@dataclass
class LiveState:
    """What open tabs follow: how many good builds there were, and the last failure's report."""

    version: int = 0
    error: str | None = None
    changed: threading.Condition = field(default_factory=threading.Condition)
    idle: threading.Event = field(default_factory=threading.Event)
    """Set while no build is running (requests that miss a file wait for it once)."""
    stopping: bool = False

    def snapshot(self) -> tuple[int, str | None]:
        """(version, error) as one consistent pair."""
        with self.changed:
            return self.version, self.error

    def publish(self, version: int, error: str | None) -> None:
        """Record a build's outcome and wake every event stream."""
        with self.changed:
            self.version, self.error = version, error
            self.changed.notify_all()


def served_file(output: Path, url_path: str) -> Path | str | None:
    """The file inside ``output`` that ``url_path`` names.

    Returns a :class:`Path`, a redirect target (a ``str``: a folder asked for
    without its trailing slash) or ``None`` for anything not servable: ``..``
    (also percent-encoded), hidden files, folders without ``index.html``, and
    paths that leave ``output`` through a symbolic link.
    """
    path = unquote(urlsplit(url_path).path)
    if "\x00" in path or "\\" in path:
        return None
    parts = [part for part in path.split("/") if part not in ("", ".")]
    if any(part == ".." or part.startswith(".") for part in parts):
        return None
    top = output.resolve()
    candidate = top.joinpath(*parts)
    try:
        real = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if real != top and not real.is_relative_to(top):
        return None
    if real.is_dir():
        if path and not path.endswith("/"):
            return posixpath.basename(path) + "/"
        index = real / "index.html"
        return index if index.is_file() and index.resolve().is_relative_to(top) else None
    return real if real.is_file() else None


def with_live_script(html: bytes, version: int) -> bytes:
    """``html`` with the live-reload script added before ``</body>`` (or at the end)."""
    tag = f'<script src="{SCRIPT_URL}" data-version="{version}"></script>'.encode()
    at = html.lower().rfind(b"</body>")
    return html[:at] + tag + html[at:] if at >= 0 else html + tag


class PreviewServer:
    """A preview of one site: builds, serves, watches and rebuilds (see the module doc)."""

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 8000, lang: str = "zh-CN", *, output: Path | None = None, drafts: bool = False, future: bool = False, search: bool = True, log: Any = print):
        self.root = root
        self.output = output or root / "output"
        self.request = BuildRequest(root, self.output, drafts=drafts, future=future, search=search)
        self.lang = lang
        self.log = log
        self.state = LiveState()
        self.state.idle.set()
        self.wake = threading.Event()
        try:
            self.httpd = http.server.ThreadingHTTPServer((host, port), self._handler())
        except OSError as error:
            raise BuildFailed([problem("port-busy", "serve", None, host=host, port=port, detail=error.strerror or str(error))]) from None
        self.httpd.daemon_threads = True
        self.observer = Observer()
        self.threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        """The preview's address."""
        address = self.httpd.server_address
        return f"http://{address[0]!s}:{address[1]}/"

    def rebuild(self) -> BuildReport | None:
        """Build once; publish the outcome to open tabs and the console."""
        self.state.idle.clear()
        started = time.perf_counter()
        announced = []

        def shown() -> None:  # an edit's pages are written; the search index follows: the tab reloads now
            self.state.publish(self.state.version + 1, None)
            announced.append(True)

        try:
            report = build(self.request, waiting=lambda: self.log(notice("build-waiting", self.lang, output=self.output)), shown=shown)
        except BuildFailed as failed:
            text = failed.report(self.lang)
            self.state.publish(self.state.version, text)
            self.log(text)
            self.log(notice("serve-failed" if (self.output / MARKER).is_file() else "serve-failed-first", self.lang))
            return None
        finally:
            self.state.idle.set()
        if not announced:
            self.state.publish(self.state.version + 1, None)
        self.log(notice("serve-rebuilt", self.lang, articles=report.articles, seconds=f"{time.perf_counter() - started:.2f}"))
        return report

    def start(self) -> None:
        """Build, then serve and watch in background threads."""
        self.rebuild()
        root = self.root.resolve()
        handler = _Changes(root, self.wake)
        for folder in (root / "content", root / "templates"):
            if folder.is_dir():
                self.observer.schedule(handler, str(folder), recursive=True)
        self.observer.schedule(handler, str(root), recursive=False)
        self.observer.start()
        for target in (self.httpd.serve_forever, self._rebuild_loop):
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self.threads.append(thread)

    def stop(self) -> None:
        """Stop watching and serving; open event streams end."""
        with self.state.changed:
            self.state.stopping = True
            self.state.changed.notify_all()
        self.wake.set()
        self.observer.stop()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.observer.join(timeout=5)
        for thread in self.threads:
            thread.join(timeout=5)

    def _rebuild_loop(self) -> None:
        while True:
            self.wake.wait()
            if self.state.stopping:
                return
            # Wait for the burst of events to end, then build once.
            while True:
                self.wake.clear()
                time.sleep(QUIET_SECONDS)
                if not self.wake.is_set():
                    break
            if self.state.stopping:
                return
            try:
                self.rebuild()
            except Exception:  # noqa: BLE001 — a bug, not the editor's mistake: say so, and keep the preview (and its last good site) alive
                text = traceback.format_exc()
                self.state.publish(self.state.version, text)
                self.log(text)

    def _handler(self) -> type[http.server.BaseHTTPRequestHandler]:
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            server_version = "reformpress-serve"

            def handle(self) -> None:
                """Serve the connection; a browser that closes it early (a tab closed, a reload) is no news for the editor."""
                try:
                    super().handle()
                except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
                    self.close_connection = True

            def do_GET(self) -> None:
                self.respond(head=False)

            def do_HEAD(self) -> None:
                self.respond(head=True)

            def respond(self, head: bool) -> None:
                path = urlsplit(self.path).path
                if path == EVENTS_URL and not head:
                    server._events(self)
                    return
                if path == SCRIPT_URL:
                    self.send(200, LIVE_SCRIPT.encode(), "text/javascript; charset=utf-8", head)
                    return
                found = served_file(server.output, self.path)
                if found is None and server.state.idle.wait(timeout=10):
                    found = served_file(server.output, self.path)  # a build may have been swapping output/ in
                if isinstance(found, str):
                    self.send_response(301)
                    self.send_header("Location", found)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if found is None:
                    missing = served_file(server.output, "/404.html")
                    body = missing.read_bytes() if isinstance(missing, Path) else b"<!doctype html><meta charset=utf-8><title>404</title><body></body>"
                    self.send(404, with_live_script(body, server.state.version), "text/html; charset=utf-8", head)
                    return
                body = found.read_bytes()
                kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
                if kind == "text/html":
                    body = with_live_script(body, server.state.version)
                if kind.startswith("text/") or kind in ("application/javascript", "application/json", "image/svg+xml", "application/xml"):
                    kind += "; charset=utf-8"
                self.send(200, body, kind, head)

            def send(self, status: int, body: bytes, kind: str, head: bool) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.send_header("X-Content-Type-Options", "nosniff")
                self.end_headers()
                if not head:
                    self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler

    def _events(self, handler: http.server.BaseHTTPRequestHandler) -> None:
        """Stream the build state to one tab until it goes away or the server stops."""
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream; charset=utf-8")
        handler.send_header("Cache-Control", "no-store")
        handler.end_headers()
        state = self.state
        sent: tuple[int, str | None] | None = None
        try:
            while True:
                with state.changed:
                    if not state.stopping and (state.version, state.error) == sent:
                        state.changed.wait(timeout=KEEPALIVE_SECONDS)
                    if state.stopping:
                        return
                    current = (state.version, state.error)
                if current == sent:
                    handler.wfile.write(b": keep-alive\n\n")
                else:
                    payload = {"version": current[0], "error": current[1]}
                    if current[1]:
                        payload.update(title=notice("overlay-title", self.lang), hint=notice("overlay-hint", self.lang))
                    handler.wfile.write(f"data: {json.dumps(payload, ensure_ascii=False)}\n\n".encode())
                    sent = current
                handler.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, OSError):
            return


def serve_until_stopped(server: PreviewServer, ready: Any = print) -> None:
    """Start ``server``, call ``ready(url)``, and run until Ctrl+C or SIGTERM; then stop cleanly."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    # Ctrl+C stops the preview even when SIGINT came ignored from the parent (a job started with `&`
    # or `nohup` by a script: Python then keeps it ignored, and the preview would never stop)
    previous_int = signal.signal(signal.SIGINT, interrupt)
    try:
        server.start()
        ready(server.url)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)


class _Changes(FileSystemEventHandler):
    """Wakes the rebuild loop for changes to the site's own files (not output/, not editor temp files)."""

    def __init__(self, root: Path, wake: threading.Event):
        self.root = root
        self.wake = wake

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        paths = [event.src_path, getattr(event, "dest_path", "")]
        if any(relevant(self.root, Path(str(path))) for path in paths if path):
            self.wake.set()


def relevant(root: Path, path: Path) -> bool:
    """Whether a change to ``path`` can change the site: content/, templates/, images/ or site.yaml (no temp or hidden files)."""
    try:
        rel = path.relative_to(root)
    except ValueError:
        return False
    name = path.name
    if not rel.parts or name.startswith((".", "~$")) or name.endswith(IGNORED_SUFFIXES):
        return False
    return rel.parts[0] in ("content", "templates", "images") or rel.as_posix() == "site.yaml"
