"""The footer entries an inspector looks for (党政机关网站标识, 我为政府网站找错, a 纠错 link per report),
configured as a site would configure them: still valid HTML (the Nu validator) and still 0 axe violations.

The example site shows none of them (the project ships no issued mark and invents no addresses), so
this module builds a copy of it with a mark picture of its own and the entries switched on.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from .kit.browser import SiteServer, axe_violations
from .kit.example import ARTICLE
from .kit.site import REPO, SiteDir, copy_example

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
FOOTER = """\
  error_report_url: https://zfwzgl.example.gov.cn/exposure/jiucuo.html?site_code=TEST000001
  error_report_per_article: true
  error_report_page_param: url
  gov_mark: {image: images/dzjg.png, url: "https://bszs.example.org/sitename?method=show&id=TEST0001"}
"""


@pytest.fixture(scope="module")
def gov_site(tmp_path_factory: pytest.TempPathFactory) -> SiteDir:
    from PIL import Image

    site = SiteDir(copy_example(tmp_path_factory.mktemp("gov") / "site"))
    (site.root / "images").mkdir()
    Image.new("RGB", (110, 55), (200, 20, 20)).save(site.root / "images" / "dzjg.png")
    yaml = (site.root / "site.yaml").read_text(encoding="utf-8")
    site.write("site.yaml", yaml.replace("\nfooter:\n", "\nfooter:\n" + FOOTER, 1))
    site.build(search=False)
    return site


def test_the_entries_are_on_the_pages(gov_site: SiteDir) -> None:
    article = gov_site.page(ARTICLE)
    footer = article.find("footer")
    assert footer is not None and footer.find("img", src=lambda src: bool(src) and src.endswith("dzjg.png"))
    links = [a.get("href", "") for a in article.find_all("a")]
    assert any(href.startswith("https://zfwzgl.example.gov.cn/exposure/jiucuo.html?site_code=TEST000001&url=https%3A%2F%2F") for href in links)
    assert (gov_site.output / "images" / "dzjg.png").is_file()


def test_pages_with_the_entries_are_valid_html(gov_site: SiteDir) -> None:
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        pytest.fail("java or the Nu validator is missing: run `bash scripts/setup.sh`")
    pages = [gov_site.output / "index.html", gov_site.output / ARTICLE / "index.html"]
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)], capture_output=True, text=True, timeout=300, check=False)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    assert [f"{m.get('url', '')}:{m.get('lastLine')}: {m['message']}" for m in messages if m.get("type") == "error"] == []


@pytest.fixture(scope="module")
def served(gov_site: SiteDir) -> Iterator[SiteServer]:
    with SiteServer(gov_site.output) as server:
        yield server


@pytest.mark.parametrize("url", ["", ARTICLE])
def test_pages_with_the_entries_have_no_axe_violations(browser: Browser, served: SiteServer, url: str) -> None:
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})  # axe is injected
    page = context.new_page()
    try:
        page.goto(served.url + url)
        assert page.locator("footer img").first.evaluate("img => img.complete && img.naturalWidth > 0")
        assert axe_violations(page) == []
    finally:
        context.close()
