"""The example site served by a real nginx under /gg/ with the config of docs/deploy.md, crawled over HTTP."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

from reformpress.pipeline import BuildRequest, build

from .kit.nginx import DEPLOY_ROOT, Nginx, crawl, deploy_nginx_block, fetch, free_port
from .kit.site import copy_example

PREFIX = "/gg/"


def test_nginx_serves_the_whole_site_under_a_sub_path_with_the_documented_config(tmp_path: Path) -> None:
    port = free_port()
    root = copy_example(tmp_path / "site")
    output = tmp_path / "www" / "output"
    build(BuildRequest(root, output, base_url=f"http://127.0.0.1:{port}{PREFIX}"))
    snippet = deploy_nginx_block()
    assert DEPLOY_ROOT in snippet and f"location {PREFIX}" in snippet
    with Nginx(tmp_path / "nginx", port, snippet.replace(DEPLOY_ROOT, f"{output}/")) as nginx:
        home = nginx.origin + PREFIX
        found = crawl(home, PREFIX)

        not_ok = {url: answer.status for url, answer in found.answers.items() if answer.status != 200}
        assert not_ok == {}
        assert found.escapes == []
        pages = {url[len(home) :] for url, answer in found.answers.items() if answer.content_type.startswith("text/html")}
        built = {p.relative_to(output).as_posix().removesuffix("index.html") for p in output.rglob("*.html")} - {"404.html"}
        assert pages == built  # every page is reachable from the home page, and nothing else is HTML
        assert {"ningde-reform/overview/", "ningde-reform/print/"} <= pages
        assert any(url.endswith(".svg") or "static/" in url for url in found.answers)
        assert found.external == {"https://beian.miit.gov.cn/"}

        missing = fetch(home + "no/such/page/")
        assert missing.status == 404
        assert "<h1>页面未找到</h1>" in missing.body.decode("utf-8")
        assert missing.body == (output / "404.html").read_bytes()
        stylesheet = next(v for v in re.findall(r'href="([^"]+)"', missing.body.decode()) if "style.css" in v)
        assert stylesheet.startswith(PREFIX) and fetch(nginx.origin + stylesheet).status == 200

        bare = fetch(nginx.origin + "/gg")
        assert bare.status == 301 and urljoin(nginx.origin + "/gg", bare.location) == home
        folder = fetch(home + "ningde-reform")
        assert folder.status == 301 and urljoin(home, folder.location) == home + "ningde-reform/"
        assert fetch(nginx.origin + "/").status == 404  # nothing outside the sub-path is served
        assert "charset=utf-8" in fetch(home).content_type
