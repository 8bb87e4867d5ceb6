"""Small pure pieces: ordinals, summaries, slugs, URLs, dates, the hashing of texts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reformpress.content.config import DEFAULT_SECTIONS
from reformpress.content.sections import match_heading, split_markdown
from reformpress.text.chinese import circled, ordinal, summarise
from reformpress.text.dates import parse_date
from reformpress.text.slugs import slugify
from reformpress.urls import output_path, relative


@pytest.mark.parametrize(("number", "expected"), [(1, "①"), (16, "⑯"), (20, "⑳"), (21, "㉑"), (35, "㉟"), (36, "㊱"), (50, "㊿"), (51, "51"), (120, "120")])
def test_circled_ordinals(number: int, expected: str) -> None:
    assert circled(number) == expected


def test_digits_numbering() -> None:
    assert ordinal(16, "digits") == "16"


def test_summary_stops_at_a_sentence_end() -> None:
    text = "第一句话讲背景。第二句话讲做法，内容比较长一些。第三句话讲成效。"
    assert summarise(text, limit=25) == "第一句话讲背景。第二句话讲做法，内容比较长一些。"
    assert summarise(text, limit=10) == "第一句话讲背景。"
    assert summarise("没有句号的一段很长很长的文字", limit=6) == "没有句号的一……"
    assert summarise(text, limit=200) == text


def test_slugs_are_readable_pinyin() -> None:
    assert slugify("年轻干部") == "nian-qing-gan-bu"
    assert slugify("霞浦县 2022 海上牧场") == "xia-pu-xian-2022-hai-shang-mu-chang"
    assert len(slugify("宁德市探索建立年轻干部“四下基层”培养锻炼工作机制")) <= 48
    assert slugify("“”") == "x"


def test_relative_links() -> None:
    assert relative("demo/01-a/", "regions/gutian/") == "../../regions/gutian/"
    assert relative("", "demo/") == "demo/"
    assert relative("demo/", "") == "../"
    assert relative("demo/", "demo/") == "./"
    assert relative("demo/01-a/", "demo/01-a/images/x.jpg") == "images/x.jpg"
    assert output_path("") == "index.html"
    assert output_path("demo/page/2/") == "demo/page/2/index.html"
    assert output_path("404.html") == "404.html"


def test_dates() -> None:
    assert parse_date("2022-10-26 15:47").isoformat() == "2022-10-26T15:47:00"
    assert parse_date("2022-10-26").isoformat() == "2022-10-26T00:00:00"
    assert parse_date("2022-02-30 10:00") is None
    assert parse_date("26/10/2022") is None


def test_headings_match_by_text_alias_and_ordinal() -> None:
    assert match_heading("改革背景", DEFAULT_SECTIONS).key == "background"
    assert match_heading("二、主要做法：", DEFAULT_SECTIONS).key == "practices"
    assert match_heading("经验 启示", DEFAULT_SECTIONS).key == "lessons"
    assert match_heading("结语", DEFAULT_SECTIONS) is None


def test_code_fences_do_not_start_sections() -> None:
    parts, preamble, _ = split_markdown("## 引言\n\n```\n## 不是标题\n```\n\n## 改革背景\n正文", 5)
    assert [(heading, line) for heading, line, _, _ in parts] == [("引言", 5), ("改革背景", 11)]
    assert preamble == ""


def test_freed_memory_is_given_back_before_workers_fork() -> None:
    from reformpress.incremental.memory import give_back_freed_memory

    def resident_mb() -> float:
        return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6

    texts = ["改革" * 20_000 + str(n) for n in range(2_000)]  # ≈ 160 MB of text in blocks glibc keeps for reuse
    keep = texts[::50]  # a few survivors scattered through the heap, as the model is among the freed source texts
    grown = resident_mb()
    del texts
    assert give_back_freed_memory(), "glibc's malloc_trim is missing on this Linux"
    assert resident_mb() < grown - 100, f"only {grown - resident_mb():.0f} MB of ≈ 160 MB freed went back to the system"
    assert len(keep) == 40


@pytest.mark.parametrize("url", ["https://gg.example.gov.cn/", "https://gg.example.gov.cn/reform-deepening/16-gutian-county-zhi-li/", "https://gg.example.gov.cn/" + "%E6%94%B9%E9%9D%A9/" * 12])
def test_the_share_code_draws_exactly_the_modules_of_the_code(url: str) -> None:
    import re

    import zxingcpp

    from reformpress.pages.qrcode import QUIET_ZONE, qr_svg

    image = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M").to_image(scale=1, add_quiet_zones=False)
    height, width = image.shape
    modules = bytes(memoryview(image))  # type: ignore[arg-type]
    expected = {(x, y) for y in range(height) for x in range(width) if modules[y * width + x] == 0}
    svg = qr_svg(url)
    side = width + 2 * QUIET_ZONE
    assert f'viewBox="0 0 {side} {side}"' in svg and f'width="{side * 3}"' in svg
    path = re.search(r'stroke="#000" d="([^"]*)"', svg)
    assert path is not None
    drawn: set[tuple[int, int]] = set()
    rows = re.findall(r"M(\d+) (\d+)\.5((?:h1|m1 0)*)", path[1])
    assert "".join(f"M{x} {y}.5{steps}" for x, y, steps in rows) == path[1], "nothing but row starts and unit steps"
    for x, y, steps in rows:  # a unit line along the middle of a row of modules covers one module
        column = int(x)
        for step in re.findall(r"h1|m1 0", steps):
            if step == "h1":
                drawn.add((column - QUIET_ZONE, int(y) - QUIET_ZONE))
            column += 1
    assert drawn == expected
    assert len(expected) > width * height // 3  # a real code, about half dark


def test_a_blank_line_of_spaces_under_a_heading_is_not_an_empty_code_block() -> None:
    from reformpress.text.markdown import render_markdown

    for blank in ("\t", "    ", "  \t "):  # as Word pastes the empty line under a heading
        assert render_markdown(f"{blank}\n正文第一段。", "background").html == "<p>正文第一段。</p>"
        assert render_markdown(blank, "background").html == ""
    assert "<pre><code>代码" in render_markdown("    代码\n\n正文", "background").html  # a first line that is code stays code


def test_sub_headings_read_as_text_in_the_table_of_contents() -> None:
    from reformpress.text.markdown import render_markdown

    headings = render_markdown("### 产业&amp;人才\n\n### <b>一</b>是\\*创新\n\n### 成效 &lt;一&gt;", "practices").headings
    assert [heading.text for heading in headings] == ["产业&人才", "一是*创新", "成效 <一>"]


def test_hashing_and_sending_a_text_leave_no_utf8_copy_inside_it() -> None:
    """CPython keeps the UTF-8 form pickle asks for inside the string; ``sys.getsizeof`` counts it."""
    import pickle
    import sys

    from reformpress.incremental.cache import digest
    from reformpress.incremental.memory import text_dumps, text_loads

    text = "".join(["推进“四下基层”", str(os.getpid()), "改革成果"] * 40)  # made here: no other object shares it
    size = sys.getsizeof(text)
    value = {"body": text, "title": "短标题", "numbers": (1, 2.5, None)}
    first = digest(value)
    sent = text_dumps([value])
    assert sys.getsizeof(text) == size  # neither left a copy behind …
    pickle.dumps(text)
    assert sys.getsizeof(text) > size  # … which pickle itself does
    assert text_loads(sent) == [value]
    assert digest({"body": text[:-1] + text[-1], "title": "短标题", "numbers": (1, 2.5, None)}) == first  # an equal value, an equal key
    assert digest({"body": text.encode("utf-8"), "title": "短标题", "numbers": (1, 2.5, None)}) != first  # the text is not its bytes
    assert digest({"body": text + "。", "title": "短标题", "numbers": (1, 2.5, None)}) != first
    odd = "\ud800" + "改" * 80  # a lone surrogate, as a broken file can hold
    assert text_loads(text_dumps(odd)) == odd


def test_files_made_before_the_output_opens_wait_on_disk_not_in_memory(tmp_path: Path) -> None:
    from reformpress.publish.spill import Spill

    files = [("feed.xml", "订阅".encode() * 50_000), ("sitemap.xml", b"<urlset/>"), ("empty.txt", b"")]
    spill = Spill(tmp_path)
    for path, data in files:
        spill.add(path, data)
    assert not any(isinstance(value, bytes) for value in vars(spill).values()) and spill.paths == [path for path, _ in files]
    assert list(spill) == files == list(spill)  # read back in order, as often as asked
    spill.close()
    assert list(tmp_path.iterdir()) == []  # nothing left beside the output
    checked = Spill(None)  # check: made to find mistakes, kept nowhere
    checked.add("feed.xml", b"<feed/>")
    assert checked.paths == ["feed.xml"]
