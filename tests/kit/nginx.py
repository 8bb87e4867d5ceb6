"""A real nginx (Debian's /usr/sbin/nginx) serving a built site from a scratch folder, and a crawler.

Everything nginx writes — pid, logs, temporary files, its config — lives in a temp folder; it listens
on 127.0.0.1 at a free port, in the foreground (``daemon off;``), and is always stopped.
"""

from __future__ import annotations

import os
import pwd
import re
import socket
import subprocess
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from .site import REPO

NGINX = Path("/usr/sbin/nginx")
DEPLOY_ROOT = "/srv/reformpress/output/"
"""The output folder as the nginx snippet of docs/deploy.md names it; the test puts its own folder there."""


def deploy_nginx_block() -> str:
    """The nginx ``location`` snippet from docs/deploy.md (one fenced ``nginx`` block)."""
    blocks = re.findall(r"```nginx\n(.*?)```", (REPO / "docs" / "deploy.md").read_text(encoding="utf-8"), re.DOTALL)
    assert len(blocks) == 1, "docs/deploy.md must hold exactly one ```nginx block"
    return blocks[0]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Nginx:
    """nginx serving ``locations`` (server-block directives) on 127.0.0.1:``port``."""

    def __init__(self, workdir: Path, port: int, locations: str):
        if not NGINX.is_file():
            pytest.fail(f"nginx is missing at {NGINX}: run `bash scripts/setup.sh` (it installs Debian's nginx-light)")
        self.workdir = workdir
        self.port = port
        workdir.mkdir(parents=True, exist_ok=True)
        temp = "\n".join(f"    {kind}_temp_path {workdir / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        user = f"user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else ""  # root's workers would be nobody
        mime = "include /etc/nginx/mime.types;" if Path("/etc/nginx/mime.types").is_file() else ""
        self.config = workdir / "nginx.conf"
        self.config.write_text(
            f"""{user}
daemon off;
worker_processes 1;
pid {workdir / 'nginx.pid'};
error_log {workdir / 'error.log'} warn;
events {{ worker_connections 64; }}
http {{
    {mime}
    default_type application/octet-stream;
    access_log {workdir / 'access.log'};
{temp}
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
{locations}
    }}
}}
""",
            encoding="utf-8",
        )
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Self:
        command = [str(NGINX), "-p", str(self.workdir), "-e", str(self.workdir / "error.log"), "-c", str(self.config)]
        test = subprocess.run(check=False, args=[*command, "-t"], capture_output=True, text=True, timeout=30)
        assert test.returncode == 0, f"nginx rejects the config:\n{test.stderr}\n{self.config.read_text()}"
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"nginx exited: {self.process.stderr.read().decode() if self.process.stderr else ''}{self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        self.__exit__()
        raise AssertionError(f"nginx did not listen on port {self.port} within 10 s{self.log()}")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self.process is not None and self.process.stderr:
            self.process.stderr.close()

    def log(self) -> str:
        """nginx's error log, for failure messages."""
        file = self.workdir / "error.log"
        return "\n" + file.read_text(errors="replace") if file.is_file() else ""


@dataclass
class Fetched:
    """One HTTP answer."""

    status: int
    content_type: str
    body: bytes
    """As sent (still compressed if the answer has a Content-Encoding)."""
    location: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    """Every response header, by its lower-case name."""


def fetch(url: str, headers: dict[str, str] | None = None) -> Fetched:
    """GET ``url`` without following redirects, sending ``headers`` (``Accept-Encoding: gzip`` for one)."""
    import http.client

    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""), headers=headers or {})
        response = connection.getresponse()
        return Fetched(
            response.status,
            response.getheader("Content-Type", ""),
            response.read(),
            response.getheader("Location", ""),
            {name.lower(): value for name, value in response.getheaders()},
        )
    finally:
        connection.close()


@dataclass
class Crawl:
    """What a crawl found: the answer for every URL, the links that left the site's path."""

    answers: dict[str, Fetched] = field(default_factory=dict)
    escapes: list[tuple[str, str]] = field(default_factory=list)
    external: set[str] = field(default_factory=set)


def link_values(html: bytes) -> list[str]:
    """Every href/src/srcset URL of an HTML page, and where its forms send readers (the search box)."""
    soup = BeautifulSoup(html.decode("utf-8"), "html.parser")
    values = [form["action"] for form in soup.find_all("form") if form.get("action")]
    for tag in soup.find_all(["a", "link", "img", "script", "source", "iframe"]):
        for attribute in ("href", "src"):
            if tag.get(attribute):
                values.append(tag[attribute])
        if tag.get("srcset"):
            values += [candidate.split()[0] for candidate in tag["srcset"].split(",") if candidate.strip()]
    return values


def crawl(start: str, prefix: str, limit: int = 2000) -> Crawl:
    """Follow every link from ``start`` that stays on its host; record links that leave ``prefix``."""
    origin = urlsplit(start).netloc
    found = Crawl()
    queue: deque[str] = deque([start])
    seen = {start}
    while queue:
        url = queue.popleft()
        answer = fetch(url)
        found.answers[url] = answer
        assert len(found.answers) <= limit, "crawl did not end: too many URLs"
        if answer.status != 200 or not answer.content_type.startswith("text/html"):
            continue
        for value in link_values(answer.body):
            if value.startswith(("mailto:", "tel:")):
                continue
            target = urldefrag(urljoin(url, value)).url
            parts = urlsplit(target)
            if parts.netloc != origin:
                found.external.add(target)
                continue
            if not parts.path.startswith(prefix):
                found.escapes.append((url, value))
                continue
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return found


