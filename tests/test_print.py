"""Printing: an article and the whole series on one page, printed to A4 PDFs by headless Chromium and read back."""

from __future__ import annotations

import io
import unicodedata

from playwright.sync_api import Browser, Page

from reformpress.pages.printing import eager_images, rebase_html, shift_headings
from reformpress.text.chinese import circled

from .kit.browser import ARTIFACTS, AXE, SiteServer
from .kit.example import ARTICLE, front_matter, front_matters
from .kit.pdf import normalise, pdf_pages
from .kit.site import REPO, SiteDir


def test_report_html_is_fitted_to_the_shared_page() -> None:
    html = '<h3 id="practices-1">一</h3><p><a href="#practices-1">上文</a> <a href="https://x.cn/a">外</a> <a href="../15-b/">前篇</a></p><figure><img loading="lazy" src="images/a.jpg" srcset="images/a-480.jpg 480w, images/a.jpg 960w"><img src="../images/b.jpg"></figure><a href="/gg/tags/">t</a>'
    fitted = eager_images(shift_headings(rebase_html(html, "r16", "../16-a/")))
    assert fitted == (
        '<h4 id="r16-practices-1">一</h4><p><a href="#r16-practices-1">上文</a> <a href="https://x.cn/a">外</a> <a href="../15-b/">前篇</a></p>'
        '<figure><img src="../16-a/images/a.jpg" srcset="../16-a/images/a-480.jpg 480w, ../16-a/images/a.jpg 960w"><img src="../images/b.jpg"></figure><a href="/gg/tags/">t</a>'
    )


def test_the_print_page_holds_every_report_in_order_with_a_table_of_contents(example_site: SiteDir) -> None:
    page = example_site.page("ningde-reform/print/")
    metas = front_matters()
    toc = page.select(".print-toc li a")
    assert [a.get_text() for a in toc] == [f"{circled(m['number'])}第{m['number']}篇：{m['title']}" for m in metas]
    articles = page.select("article.print-report")
    assert [f"#{a['id']}" for a in articles] == [a["href"] for a in toc]
    for article, meta in zip(articles, metas):
        assert article.select_one("h2").get_text().endswith(meta["title"])
        assert [h.get_text() for h in article.select(".article-body > section > h3")][-4:] == ["改革背景", "创新做法", "主要成效", "经验启示"]
        assert f"责任编辑：{meta['editor']}" in article.select_one(".article-footer").get_text()
        for img in article.select("img"):
            assert (example_site.output / "ningde-reform/print" / img["src"]).resolve().is_file()
    ids = [tag["id"] for tag in page.find_all(id=True)]
    assert len(ids) == len(set(ids)), "ids repeat on the print page"
    assert len(page.find_all("h1")) == 1 and not page.find("script")


def test_the_series_prints_to_an_a4_pdf_with_every_report_on_its_own_pages(example_site: SiteDir, page: Page) -> None:
    metas = front_matters()
    with SiteServer(example_site.output, "/gg/") as server:
        page.goto(server.url + "ningde-reform/print/", wait_until="load")
        page.emulate_media(media="print")
        assert page.locator(".site-header").is_hidden() and page.locator(".breadcrumb").is_hidden() and page.locator(".site-footer").is_hidden()
        assert page.evaluate("[...document.images].every(img => img.complete && img.naturalWidth > 0)")
        data = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "series-print.pdf").write_bytes(data)

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    pages = pdf_pages(data)
    assert len(metas) < len(pages) <= 8 * len(metas) + 2, f"{len(pages)} pages for {len(metas)} reports"
    whole = "".join(pages)
    starts = []
    for meta in metas:
        title = normalise(meta["title"])
        assert title in whole, f"{meta['title']} is not in the PDF"
        # each report begins a page: its ordinal and title come first on that page
        heading = normalise(circled(meta["number"]) + meta["title"])
        opening = [n for n, text in enumerate(pages) if text.startswith(heading)]
        assert opening, f"no page begins with report {meta['number']}"
        starts.append(opening[0])
    assert starts == sorted(starts) and starts[0] >= 1  # in series order, after the cover and contents
    assert len(set(starts)) == len(starts)
    assert sum(len(p.images) for p in reader.pages) >= sum(1 for _ in (example_site.output / "ningde-reform").glob("*/images/*.jpg")) - 1
    assert "宁德改革在线" not in pages[starts[0]][: 40]  # no site chrome at the top of a report page
    assert unicodedata.normalize("NFKC", "⻔") != "门"  # why kit/pdf.py maps radicals with the font's own cmap


def test_the_print_page_names_every_landmark_once(example_site: SiteDir, browser: Browser) -> None:
    # axe best-practice landmark-unique: nine reports each with 编者按, 改革背景 … were one name many times
    context = browser.new_context(bypass_csp=True)  # axe is injected as an inline script
    page = context.new_page()
    with SiteServer(example_site.output, "/gg/") as server:
        page.goto(server.url + "ningde-reform/print/")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {runOnly: {type: 'rule', values: ['landmark-unique', 'region']}})")
    context.close()
    assert [(v["id"], len(v["nodes"])) for v in result["violations"]] == []
    assert [p["id"] for p in result["passes"]] == ["landmark-unique", "region"]


CREDITS = ("推送单位", "来源", "责任编辑")
MM = 72 / 25.4
"""PDF points in a millimetre."""


def test_an_article_prints_on_a4_with_margins_and_nothing_clipped(example_site: SiteDir, page: Page) -> None:
    with SiteServer(example_site.output, "/gg/") as server:
        page.goto(server.url + ARTICLE, wait_until="load")
        page.emulate_media(media="print")
        # the right-aligned credits end inside the text column, as wide as A4 less its margins
        page.set_viewport_size({"width": round((210 - 2 * 18) / 25.4 * 96), "height": 1000})
        overflow = page.evaluate(
            "() => { const column = document.querySelector('.article').getBoundingClientRect();"
            " return [...document.querySelectorAll('.article-credits dd, .article-body p, .print-url')]"
            "  .filter(el => { const r = document.createRange(); r.selectNodeContents(el);"
            "                  return [...r.getClientRects()].some(box => box.right > column.right + 0.5 || box.left < column.left - 0.5); })"
            "  .map(el => el.textContent.slice(-12)); }"
        )
        assert overflow == [], f"printed text reaches past the column: {overflow}"
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        data = page.pdf(format="A4", prefer_css_page_size=True)  # no margin given here: the style sheet's @page sets it
        credits = [normalise(t) for t in page.locator(".article-credits > div").all_inner_texts()]
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "article-print.pdf").write_bytes(data)

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)
    whole = "".join(pdf_pages(data))
    meta = front_matter(REPO / "content" / (ARTICLE.rstrip("/") + ".md"))
    assert [c.split(":", 1)[0] for c in credits] == [normalise(c) for c in CREDITS]
    for line in credits:  # every credit whole, down to its last character
        assert line in whole, f"{line!r} is not whole in the PDF"
    assert normalise("、".join(meta["units"])) in whole and normalise(meta["editor"]) in whole
    # where each piece of text starts: inside the margins on every page (18 mm each side, 20 mm top, 22 mm bottom)
    starts: list[tuple[float, float]] = []
    for pdf_page in reader.pages:
        pdf_page.extract_text(visitor_text=lambda text, cm, tm, *_: starts.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5])) if text.strip() else None)
    xs, ys = [x for x, _ in starts], [y for _, y in starts]
    assert min(xs) >= 18 * MM - 1 and max(xs) < width - 18 * MM, f"text from x={min(xs):.0f} to {max(xs):.0f} pt of {width:.0f}"
    assert min(ys) >= 22 * MM - 1 and max(ys) <= height - 20 * MM, f"text from y={min(ys):.0f} to {max(ys):.0f} pt of {height:.0f}"
