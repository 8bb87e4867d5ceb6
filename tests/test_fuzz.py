"""Property: whatever an editor writes, the build succeeds or reports problems — never a traceback, never a stray file."""

from __future__ import annotations

import io
import re
import shutil
import tempfile
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reformpress.content.sections import open_fence
from reformpress.problems import BuildFailed
from reformpress.publish.output import lock_path
from reformpress.text.markdown import SECTION_BREAK, Rendered, render_markdown, render_pieces

from .kit.site import REPO, SERIES_YAML, SITE_YAML, SiteDir, make_image

FIELDS = ["title", "number", "date", "source", "units", "editor", "regions", "tags", "summary", "slug", "draft", "highlights", "cover", "sections", "titel"]
HEADINGS = ["引言", "改革背景", "创新做法", "主要成效", "经验启示", "编者按", "结语", "## 改革背景", ""]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30), st.sampled_from(["2022-10-26 15:47", "2022-02-30", "古田县", "../../etc", "images/a.jpg", "<script>x</script>"]),
)
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)), max_leaves=12)
front_matter = st.dictionaries(st.sampled_from(FIELDS), values, max_size=8)
tokens = st.sampled_from(list("正文改革# \n*_[]()!<>/`-:：。\"'\t\x00\ufeff") + ["images/a.jpg", "https://x.cn", "\r\n", "![图](", "<script>", "```", "### "])
markdown_text = st.lists(tokens, max_size=60).map("".join)
body = st.lists(st.tuples(st.sampled_from(HEADINGS), markdown_text), max_size=7).map(lambda parts: "".join(f"## {h}\n{t}\n" for h, t in parts))
raw_files = st.one_of(st.binary(max_size=300), st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")))


def scratch_site() -> SiteDir:
    root = Path(tempfile.mkdtemp(prefix="fuzz-"))
    site = SiteDir(root)
    site.write("site.yaml", SITE_YAML)
    shutil.copytree(REPO / "templates", root / "templates")
    site.write("content/demo/_series.yaml", SERIES_YAML)
    return site


def build_survives(site: SiteDir) -> None:
    """Build; a BuildFailed is fine, anything else propagates and fails the property.

    The build may write only output/ and its cache folder .cache/.
    """
    before = {p for p in site.root.rglob("*") if not {"output", ".cache"} & set(p.relative_to(site.root).parts[:1])}
    try:
        site.build()
    except BuildFailed as failure:
        assert failure.problems
        for problem in failure.problems:
            assert problem.format()  # every message renders
    after = {p for p in site.root.rglob("*") if not {"output", ".cache"} & set(p.relative_to(site.root).parts[:1])}
    after.discard(lock_path(site.output))  # the empty lock file beside output/ that serialises builds
    assert after == before, "the build wrote outside output/"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front=front_matter, text=body)
def test_generated_front_matter_and_markdown(front: dict, text: str) -> None:
    site = scratch_site()
    try:
        site.write("content/demo/01-case.md", "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + text)
        build_survives(site)
    finally:
        shutil.rmtree(site.root)


@settings(max_examples=40, deadline=None)
@given(data=raw_files, name=st.sampled_from(["01-case.md", "02-case.yaml", "_series.yaml"]))
def test_arbitrary_bytes_in_content_files(data: bytes, name: str) -> None:
    site = scratch_site()
    try:
        site.write(f"content/demo/{name}", data)
        build_survives(site)
    finally:
        shutil.rmtree(site.root)


@settings(max_examples=40, deadline=None)
@given(override=st.dictionaries(st.sampled_from(FIELDS), values, max_size=2), extra=markdown_text, where=st.sampled_from(["引言", "改革背景", "创新做法", "主要成效", "经验启示"]))
def test_valid_reports_with_one_odd_field_or_odd_text(override: dict, extra: str, where: str) -> None:
    site = scratch_site()
    front = {"title": "古田县改革", "date": "2022-10-26 15:47", "regions": ["古田县"], **override}
    sections = "".join(f"## {h}\n{'正文。' + (extra if h == where else '')}\n\n" for h in ["引言", "改革背景", "创新做法", "主要成效", "经验启示"])
    try:
        site.write("content/demo/01-case.md", "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + sections)
        build_survives(site)
        if not override and not set(extra) & set("#!\x00"):  # plain odd text never breaks a valid report …
            built = (site.output / "index.html").is_file()
            assert built != (open_fence(sections, 1) is not None)  # … unless it opens a code block it never closes
    finally:
        shutil.rmtree(site.root)


MARKDOWN_PIECES = [
    *"改革正文 \n*_[]()!<>&\\`^:#-1.",
    "  \n", "\n\n", "**", "__", "![图](images/a.jpg)", "[链接](https://x.cn)", "[^1]", "\n[^1]: 注释\n", "[ref]", "\n[ref]: https://x.cn\n",
    "<https://x.cn>", "<a@b.cn>", "<span>", "</span>", "&amp;", "&#38;", "&copy", "\\*", "`代码`", "*PS*", "\n*[PS]: 推送单位\n", "{: #x }",
    # block syntax, at the start of a line (the pieces above make the rest)
    "\n# ", "\n### 小标题 ###\n", "\n> ", "\n>", "\n---\n", "\n===\n", "\n- - -\n", "\n___\n", "\n* * *\n", "\n- ", "\n+ ", "\n1. ", "\n    ",
    "\n: 定义\n", "\n| a | b |\n|---|:-:|\n", "| c |", "\n|a|\n|-|\n", "\n[^注]: 注释\n", "\n[r]:\n  https://x.cn\n", "\n```\n", "\n~~~\n",
    "\n<div>\n", "\n</div>\n", "<p>", "<b>", "<!-- 注 -->", "<br/>", "{#id}", "{.cls}", "{ lang=zh }",
]


def _stock_markdown(text: str) -> str:
    import markdown

    from reformpress.text.markdown import EXTENSIONS

    return markdown.markdown(text, extensions=list(EXTENSIONS), output_format="html")


def _our_markdown(text: str) -> str:
    import markdown

    from reformpress.text.markdown import EXTENSIONS, _InlineProcessor, gate_processors

    class Fast(markdown.extensions.Extension):
        def extendMarkdown(self, md: markdown.Markdown) -> None:
            md.treeprocessors.register(_InlineProcessor(md), "inline", 20)
            gate_processors(md)

    return markdown.markdown(text, extensions=[*EXTENSIONS, Fast()], output_format="html")


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=40).map("".join))
def test_skipping_patterns_changes_nothing(text: str) -> None:
    """Our inline processor skips the patterns whose characters a text lacks, our block processors the blocks
    without theirs and whole-document passes the documents without theirs; Python-Markdown's output is unchanged."""
    assert _our_markdown(text) == _stock_markdown(text)


def test_the_skip_is_in_use() -> None:
    """A Python-Markdown release that renamed the loop we replace would make the skip silently do nothing."""
    from markdown.treeprocessors import InlineProcessor

    from reformpress.text.markdown import BLOCK_NEEDS, DOCUMENT_NEEDS, INLINE_NEEDS, _markdown

    assert callable(getattr(InlineProcessor, "_InlineProcessor__handleInline", None))
    assert callable(getattr(InlineProcessor, "_InlineProcessor__applyPattern", None))
    md = _markdown()
    assert type(md.treeprocessors["inline"]).__name__ == "_InlineProcessor"
    assert set(INLINE_NEEDS) <= {item.name for item in md.inlinePatterns._priority}, "a pattern we skip is no longer registered"
    assert set(BLOCK_NEEDS) <= {item.name for item in md.parser.blockprocessors._priority}, "a block processor we gate is no longer registered"
    for kind, name in DOCUMENT_NEEDS:
        assert name in getattr(md, kind), f"the {kind[:-1]} {name} we gate is no longer registered"


JOINABLE = ["正文", "改革", "。", " ", "\n", "\n\n", "\t", "# ", "### ", "- ", "* ", "1. ", "> ", "    ", "```", "~~~", ": ", "| a | b |\n|---|---|\n", "---", "===", "***", "**", "*", "_", "`", "\\", "  \n",
            "{: .x}", "{#id}", "![图](images/a.jpg \"说明\")", "![](images/b.png)", "[链接](https://x.cn)", "[链接][r]", "[^1]", "&amp;", "&"]
NOT_JOINABLE = ["[^1]: 注", "[r]: https://x.cn", "*[改革]: 缩写", "<b>", "<div>", "</div>", SECTION_BREAK]  # what makes render_pieces convert one by one
piece_tokens = st.sampled_from(JOINABLE * 12 + NOT_JOINABLE)  # mostly pieces that are converted together
pieces = st.lists(st.tuples(st.lists(piece_tokens, max_size=25).map("".join), st.sampled_from(["background", "practices", "results", "lessons"])), min_size=1, max_size=7)


@settings(max_examples=400, deadline=None)
@given(pieces=pieces, eager=st.booleans())
def test_sections_converted_together_are_exactly_sections_converted_one_by_one(pieces: list[tuple[str, str]], eager: bool) -> None:
    sizes = {"images/a.jpg": (1200, 800), "images/b.png": (300, 200)}
    together = render_pieces(pieces, sizes, eager_first=eager, pictures="../")
    one_by_one = []
    for text, prefix in pieces:
        one_by_one.append(render_markdown(text, prefix, sizes, eager_first=eager, pictures="../"))
        eager = eager and not one_by_one[-1].figures
    assert [_numbered_alike(item) for item in together] == [_numbered_alike(item) for item in one_by_one]


def _numbered_alike(rendered: Rendered) -> Rendered:
    """``rendered`` with the numbers of Python-Markdown's placeholders blanked out.

    Some tangles of emphasis and escapes (``*正文**正文*\\#``) make Python-Markdown leave one of
    its placeholders in the text; its number counts what the whole conversion stashed before
    it, so it differs when the pieces are converted together.  Nothing else may.
    """
    return replace(rendered, html=re.sub(r"(klzzwxh|wzxhzdk):\d+", r"\1:n", rendered.html))


url_segments = st.sampled_from(["a", "b", "tags", "x.html", "", ".", ".."])
site_urls = st.tuples(st.lists(url_segments, max_size=4).map("/".join), st.sampled_from(["", "/", "//"])).map("".join)


@settings(max_examples=2000, deadline=None)
@given(from_url=site_urls, to_url=site_urls)
def test_relative_links_agree_with_posixpath(from_url: str, to_url: str) -> None:
    """:func:`reformpress.urls.relative`'s fast path over segments links where :func:`posixpath.relpath` would."""
    import posixpath

    from reformpress.urls import relative

    link = posixpath.relpath(to_url.rstrip("/") or ".", posixpath.dirname(from_url).rstrip("/") or ".")
    if to_url.endswith("/") or to_url == "":
        link = "./" if link == "." else link + "/"
    assert relative(from_url, to_url) == link


# Nested Markdown structures (#21): lists, quotes, indentation and markdown=1 divs inside one another,
# mixed with open brackets. Each example must end within its deadline: a report or a page, never a hang.
leaf = st.sampled_from(["正文", "![图](images/a.jpg)", "[链接](#x)", "**加粗**", "[", "![", "(", "1500 名", "`code`"])
nested_markdown = st.recursive(
    leaf,
    lambda inner: st.one_of(
        inner.map(lambda t: "- " + t.replace("\n", "\n  ")),
        inner.map(lambda t: "1. " + t.replace("\n", "\n   ")),
        inner.map(lambda t: "> " + t.replace("\n", "\n> ")),
        inner.map(lambda t: "    " + t.replace("\n", "\n    ")),
        inner.map(lambda t: f'<div markdown="1">\n{t}\n</div>'),
        st.tuples(inner, inner).map(lambda pair: "\n\n".join(pair)),
        st.tuples(inner, st.integers(2, 150)).map(lambda pair: pair[0] * pair[1]),
    ),
    max_leaves=40,
)


def valid_report(extra: str) -> str:
    sections = "".join(f"## {h}\n正文。\n\n{extra if h == '改革背景' else ''}\n\n" for h in ["引言", "改革背景", "创新做法", "主要成效", "经验启示"])
    return "---\ntitle: 古田县改革\ndate: 2022-10-26 15:47\nregions: [古田县]\n---\n" + sections


@settings(max_examples=25, deadline=timedelta(seconds=20), suppress_health_check=[HealthCheck.too_slow])
@given(text=nested_markdown)
def test_nested_markdown_structures_end_in_a_page_or_a_report_within_the_deadline(text: str) -> None:
    site = scratch_site()
    try:
        make_image(site.root / "content/demo/images/a.jpg", (40, 30))
        site.write("content/demo/01-case.md", valid_report(text))
        build_survives(site)
    finally:
        shutil.rmtree(site.root)


# Pictures (#21): sizes, modes and EXIF as cameras, phones and editors' tools write them.
MODES = {"JPEG": ["RGB", "L", "CMYK"], "PNG": ["RGB", "RGBA", "L", "LA", "P", "I;16", "1"], "WEBP": ["RGB", "RGBA"], "GIF": ["P", "L"]}
pictures = st.sampled_from(sorted(MODES)).flatmap(
    lambda kind: st.tuples(
        st.just(kind), st.sampled_from(MODES[kind]), st.integers(1, 900), st.integers(1, 900),
        st.sampled_from([None, 1, 3, 6, 8]), st.booleans(),
    )
)


def picture_bytes(kind: str, mode: str, width: int, height: int, orientation: int | None, gps: bool) -> bytes:
    from PIL import Image

    image = Image.new(mode, (width, height))
    exif = Image.Exif()
    if orientation is not None:
        exif[0x0112] = orientation
    if gps:
        exif.get_ifd(0x8825).update({1: "N", 2: (26.0, 39.0, 30.0), 3: "E", 4: (119.0, 31.0, 12.0)})
    data = io.BytesIO()
    options = {"exif": exif.tobytes()} if kind in ("JPEG", "PNG", "WEBP") and (orientation or gps) else {}
    image.save(data, kind, **options)
    return data.getvalue()


@settings(max_examples=25, deadline=timedelta(seconds=20), suppress_health_check=[HealthCheck.too_slow])
@given(picture=pictures)
def test_generated_pictures_are_published_without_location_or_reported(picture: tuple) -> None:
    from PIL import Image

    site = scratch_site()
    try:
        extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}[picture[0]]
        site.write(f"content/demo/images/a.{extension}", picture_bytes(*picture))
        site.write("content/demo/01-case.md", valid_report(f"![图](images/a.{extension})"))
        build_survives(site)
        published = site.output / f"demo/images/a.{extension}"
        if published.is_file():
            with Image.open(published) as image:
                assert not image.getexif().get_ifd(0x8825), "GPS left in the published original"
    finally:
        shutil.rmtree(site.root)
