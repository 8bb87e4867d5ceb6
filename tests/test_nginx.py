"""The example site served by a real nginx under /gg/ with the config of docs/deploy.md, crawled over HTTP."""

from __future__ import annotations

import gzip as gzip_module
import re
from pathlib import Path
from urllib.parse import urljoin

from reformpress.pipeline import BuildRequest, build

from .kit.nginx import DEPLOY_ROOT, Nginx, crawl, deploy_nginx_block, fetch, free_port
from .kit.site import SiteDir, copy_example

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


def test_the_documented_config_compresses_text_and_caches_the_versioned_theme_files(example_site: SiteDir, tmp_path: Path) -> None:
    port = free_port()
    snippet = deploy_nginx_block()
    assert "gzip on;" in snippet and "Cache-Control" in snippet
    with Nginx(tmp_path / "nginx", port, snippet.replace(DEPLOY_ROOT, f"{example_site.output}/")) as nginx:
        home = nginx.origin + PREFIX
        gzip = {"Accept-Encoding": "gzip"}
        page_url = home + "ningde-reform/16-sixia-jiceng/"
        page = fetch(page_url, gzip)
        assert page.status == 200 and page.headers.get("content-encoding") == "gzip"
        html = gzip_module.decompress(page.body).decode("utf-8")
        assert html == (example_site.output / "ningde-reform/16-sixia-jiceng/index.html").read_text(encoding="utf-8")
        assert page.headers.get("cache-control") == "no-cache"  # a page may change at the next build: checked on each use
        assert "accept-encoding" in page.headers.get("vary", "").lower()
        versioned = sorted(set(re.findall(r'(?:href|src)="([^"]+\?v=[0-9a-f]+)"', html)))
        assert {v.split("?")[0].rsplit("/", 1)[-1] for v in versioned} >= {"style.css", "reader.js", "speech.js"}
        for link in versioned:
            asset = fetch(urljoin(page_url, link), gzip)
            assert asset.status == 200, link
            assert asset.headers.get("cache-control") == "public, max-age=31536000, immutable", link
            if link.split("?")[0].endswith((".css", ".js")):
                assert asset.headers.get("content-encoding") == "gzip", f"{link} is not compressed"
            bare = fetch(urljoin(page_url, link.split("?")[0]))
            assert bare.headers.get("cache-control") == "no-cache" and "content-encoding" not in bare.headers  # no ?v=: checked each time; not asked for gzip: plain
        index = example_site.output / "search-index"
        for path in [max(index.glob(pattern), key=lambda p: p.stat().st_size) for pattern in ("t/*/*.bin", "*/p/*.bin", "*/d/*.json")]:
            found = fetch(home + path.relative_to(example_site.output).as_posix(), gzip)  # what a reader's query fetches
            assert found.status == 200 and found.headers.get("content-encoding") == "gzip", path
            assert gzip_module.decompress(found.body) == path.read_bytes()
        missing = fetch(home + "no/such/page/", gzip)
        assert missing.status == 404 and gzip_module.decompress(missing.body) == (example_site.output / "404.html").read_bytes()
