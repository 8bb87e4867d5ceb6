"""The theme's style sheets are published minified, and the minified rules are the same rules."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from reformpress.pages.stylesheets import minified_css

from .kit.browser import SiteServer
from .kit.example import PAGE_KINDS
from .kit.site import REPO, SiteDir


def test_comments_and_spare_space_go_and_nothing_else_does() -> None:
    css = """/* theme */
:root { --gap: .5rem; }  /* a comment */
body > .wrap , a:hover::after { content: "○ "; margin: 0 auto ; }
@media (max-width: 40rem), (hover: none) {
  .a  .b { width: calc(100% - 2 * var(--gap)); font-family: "Noto Sans CJK SC", sans-serif; }
  a:focus-visible { outline: 3px solid #fff !important; }
}
@page { size: A4; margin: 20mm 18mm; }
.x/**/.y { color: red }
"""
    assert minified_css(css) == (
        ':root{--gap:.5rem}body > .wrap,a:hover::after{content:"○ ";margin:0 auto}'
        "@media (max-width: 40rem),(hover: none){.a .b{width:calc(100% - 2 * var(--gap));font-family:\"Noto Sans CJK SC\",sans-serif}"
        "a:focus-visible{outline:3px solid #fff !important}}"
        "@page{size:A4;margin:20mm 18mm}.x .y{color:red}\n"
    )


def test_the_published_style_sheets_are_the_minified_theme(example_site: SiteDir) -> None:
    for name in ("style.css", "glance.css"):
        source = (REPO / "templates/static" / name).read_text(encoding="utf-8")
        published = (example_site.output / "static" / name).read_text(encoding="utf-8")
        assert published == minified_css(source)
        assert len(published) < 0.8 * len(source) and "/*" not in published


COMPUTED = """() => [...document.querySelectorAll('*')].map(el => {
  const style = getComputedStyle(el);
  // custom properties are left out: their values keep the spaces they were written with; the properties that use them are compared
  return el.tagName + ' ' + [...style].filter(name => !name.startsWith('--')).map(name => name + ':' + style.getPropertyValue(name)).join(';');
}).filter(line => !/^(LINK|STYLE) /.test(line))"""


@pytest.mark.parametrize("kind", ["article", "overview"])
@pytest.mark.parametrize("width", [375, 1280])
def test_every_element_is_styled_alike_by_the_minified_and_the_written_sheets(example_site: SiteDir, browser: Browser, kind: str, width: int) -> None:
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900})  # the written sheet goes in as a <style>
    page = context.new_page()
    with SiteServer(example_site.output, "/gg/") as server:
        page.goto(server.url + PAGE_KINDS[kind])
        minified = page.evaluate(COMPUTED)
        sheets = page.eval_on_selector_all("link[rel=stylesheet]", "links => links.map(l => new URL(l.href).pathname.split('/').pop())")
        page.eval_on_selector_all("link[rel=stylesheet]", "links => links.forEach(l => l.remove())")
        for name in sheets:
            page.add_style_tag(content=(REPO / "templates/static" / name).read_text(encoding="utf-8"))
        written = page.evaluate(COMPUTED)
    context.close()
    assert len(minified) == len(written) > 100
    differ = [(a, b) for a, b in zip(minified, written, strict=True) if a != b]
    assert differ == [], differ[0]
