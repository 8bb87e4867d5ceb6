"""``import-docx`` on Word files as editors make them: one written in LibreOffice, one in Word's styles.

The LibreOffice report is a .fodt written here and saved as .docx by LibreOffice itself (Debian's
``libreoffice-writer-nogui``), so it carries what LibreOffice really writes: outline numbering
（一）（二） on Heading 2, a Chinese numbered list 一、二、, captions inside frames (``图 1：…``),
a table with a header row, a picture inside a table cell.  The Word-style report is made with
python-docx (Title, Heading 1/2, List Number, Caption, a table holding a picture).
"""

from __future__ import annotations

import base64
import io
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from PIL import Image

from .kit.site import SiteDir

COLOURS = {"Image1": (200, 30, 30), "Image2": (30, 160, 60), "Image3": (200, 160, 30), "Image4": (90, 90, 200)}


def png(colour: tuple[int, int, int]) -> str:
    """A small PNG as base64, as a .fodt embeds it."""
    data = io.BytesIO()
    Image.new("RGB", (160, 100), colour).save(data, "PNG")
    return base64.b64encode(data.getvalue()).decode()


def frame(name: str) -> str:
    """A picture anchored as a character."""
    return (
        f'<draw:frame draw:name="{name}" text:anchor-type="as-char" svg:width="4cm" svg:height="2.5cm">'
        f"<draw:image><office:binary-data>{png(COLOURS[name])}</office:binary-data></draw:image></draw:frame>"
    )


def captioned(name: str, caption: str, number: int) -> str:
    """What LibreOffice's Insert ▸ Caption makes: a frame holding the picture, a line break and 图 N：caption."""
    return (
        f'<text:p text:style-name="Standard"><draw:frame draw:name="Frame{number}" text:anchor-type="paragraph" svg:width="4cm">'
        f'<draw:text-box fo:min-height="3cm"><text:p text:style-name="Figure">{frame(name)}<text:line-break/>'
        f'图 <text:sequence text:ref-name="refIllustration{number}" text:name="Illustration" text:formula="ooow:Illustration+1" '
        f'style:num-format="1">{number}</text:sequence>：{caption}</text:p></draw:text-box></draw:frame></text:p>'
    )


def cell(text: str, style: str = "Table_20_Contents") -> str:
    return f'<table:table-cell office:value-type="string"><text:p text:style-name="{style}">{text}</text:p></table:table-cell>'


def item(text: str, continued: bool = False) -> str:
    """A paragraph of the list numbered 一、二、 (bold, as editors make sub-headings)."""
    more = ' text:continue-numbering="true"' if continued else ""
    return f'<text:list text:style-name="ChineseList"{more}><text:list-item><text:p text:style-name="Standard"><text:span text:style-name="Bold">{text}</text:span></text:p></text:list-item></text:list>'


def heading(text: str, level: int = 1) -> str:
    return f'<text:h text:style-name="Heading_20_{level}" text:outline-level="{level}">{text}</text:h>'


def body(text: str) -> str:
    return f'<text:p text:style-name="Text_20_body">{text}</text:p>'


LO_BODY = "".join([
    '<text:p text:style-name="Title">测试市全面深化改革系列成果展示⑰：福安市建强产业链党建</text:p>',
    '<text:p text:style-name="Standard">来源：福安市委改革办</text:p>',
    heading("引言"), body("近年来，福安市以产业链党建引领产业发展。"),
    heading("改革背景"), body("电机电器产业是福安市的主导产业。"), captioned("Image1", "产业链党委成立大会", 1),
    heading("创新做法"),
    item("建强产业链党组织"), body("在产业链上建立党委。"),
    heading("组建产业链党委", 2), body("按产业链设立党委。"),
    heading("选派党建指导员", 2), body("每条产业链选派指导员。"),
    item("搭建服务平台", continued=True), body("组建服务专班。"), captioned("Image2", "服务专班走访企业", 2),
    '<table:table table:name="Table1"><table:table-column table:number-columns-repeated="2"/>',
    f"<table:table-header-rows><table:table-row>{cell('指标', 'Table_20_Heading')}{cell('数值', 'Table_20_Heading')}</table:table-row></table:table-header-rows>",
    f"<table:table-row>{cell('新建党组织')}{cell('36 个')}</table:table-row>",
    f"<table:table-row>{cell('现场照片')}{cell(frame('Image4'))}</table:table-row></table:table>",
    heading("主要成效"), body("产业产值增长 12%。"), captioned("Image3", "新落地项目开工", 3),
    heading("经验启示"), body("党建与产业同频共振。"),
    '<text:p text:style-name="Standard">推送单位：中共福安市委组织部</text:p>',
    '<text:p text:style-name="Standard">责任编辑：陈敏</text:p>',
    '<text:p text:style-name="Standard">发布时间：2022年10月30日</text:p>',
])

FODT = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:styles>
<style:style style:name="Standard" style:family="paragraph"/>
<style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard"/>
<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:parent-style-name="Heading" style:default-outline-level="1"><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:parent-style-name="Heading" style:default-outline-level="2"><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="Title" style:family="paragraph" style:parent-style-name="Heading"/>
<style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" style:parent-style-name="Standard"/>
<style:style style:name="Table_20_Contents" style:display-name="Table Contents" style:family="paragraph" style:parent-style-name="Standard"/>
<style:style style:name="Table_20_Heading" style:display-name="Table Heading" style:family="paragraph" style:parent-style-name="Table_20_Contents"/>
<style:style style:name="Caption" style:family="paragraph" style:parent-style-name="Standard"/>
<style:style style:name="Figure" style:family="paragraph" style:parent-style-name="Caption"/>
<text:outline-style style:name="Outline">
<text:outline-level-style text:level="1" style:num-format=""/>
<text:outline-level-style text:level="2" style:num-prefix="（" style:num-suffix="）" style:num-format="一, 二, 三, ..."/>
</text:outline-style>
<text:list-style style:name="ChineseList"><text:list-level-style-number text:level="1" style:num-suffix="、" style:num-format="一, 二, 三, ..."/></text:list-style>
</office:styles>
<office:automatic-styles><style:style style:name="Bold" style:family="text"><style:text-properties fo:font-weight="bold" style:font-weight-asian="bold"/></style:style></office:automatic-styles>
<office:body><office:text>{LO_BODY}</office:text></office:body></office:document>
"""


def libreoffice_docx(folder: Path, fodt: str = FODT) -> Path:
    """``report.fodt`` saved as .docx by LibreOffice itself."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("LibreOffice is missing: apt-get install libreoffice-writer-nogui (it writes the real .docx files these tests import)")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.fodt").write_text(fodt, encoding="utf-8")
    done = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--convert-to", "docx", "--outdir", str(folder), str(folder / "report.fodt")],
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert done.returncode == 0 and (folder / "report.docx").is_file(), done.stdout + done.stderr
    return folder / "report.docx"


def body_of(text: str) -> list[str]:
    return [line for line in text.split("---\n", 2)[2].split("\n") if line]


def pixel(path: Path) -> tuple[int, ...]:
    with Image.open(path) as image:
        return image.convert("RGB").getpixel((5, 5))


@pytest.fixture
def fuan(site: SiteDir) -> SiteDir:
    site.write("site.yaml", (site.root / "site.yaml").read_text(encoding="utf-8").replace("  霞浦县: xiapu\n", "  霞浦县: xiapu\n  福安市: fuan\n"))
    return site


def test_a_libreoffice_report_keeps_its_numbers_captions_table_and_every_picture(fuan: SiteDir, tmp_path: Path) -> None:
    docx = libreoffice_docx(tmp_path / "lo")
    result = fuan.cli("import-docx", str(docx), "--series", "demo", "--region", "福安市", "--slug", "lo")
    assert result.exit_code == 0, result.output
    case = "content/demo/03-lo.md"
    text = (fuan.root / case).read_text(encoding="utf-8")
    assert body_of(text) == [
        "## 引言",
        "近年来，福安市以产业链党建引领产业发展。",
        "## 改革背景",
        "电机电器产业是福安市的主导产业。",
        '![产业链党委成立大会](images/03-lo-1.png "产业链党委成立大会")',
        "## 创新做法",
        "### 一、建强产业链党组织",
        "在产业链上建立党委。",
        "#### （一）组建产业链党委",
        "按产业链设立党委。",
        "#### （二）选派党建指导员",
        "每条产业链选派指导员。",
        "### 二、搭建服务平台",
        "组建服务专班。",
        '![服务专班走访企业](images/03-lo-2.png "服务专班走访企业")',
        "| 指标 | 数值 |",
        "| --- | --- |",
        "| 新建党组织 | 36 个 |",
        "| 现场照片 | ![](images/03-lo-3.png) |",
        "## 主要成效",
        "产业产值增长 12%。",
        '![新落地项目开工](images/03-lo-4.png "新落地项目开工")',
        "## 经验启示",
        "党建与产业同频共振。",
    ]
    # every picture written is the one the text shows there (LibreOffice keeps document order)
    for index, name in enumerate(["Image1", "Image2", "Image4", "Image3"], 1):
        assert pixel(fuan.root / f"content/demo/images/03-lo-{index}.png") == COLOURS[name]
    assert "source: 福安市委改革办" in text and "editor: 陈敏" in text and "date: 2022-10-30 00:00" in text
    # what could not be kept is listed with its place; LibreOffice's own styles are no longer "unrecognised"
    assert result.output.strip().splitlines() == [
        f"{case}:44: 警告：图片 images/03-lo-3.png 没有找到图注 — 请在 ![ ] 的方括号中写上图片说明",
        f"已导入 {case}：5 个栏目、4 张图片；1 处需要核对（见上）。",
    ]
    fuan.build()
    page = fuan.page("demo/03-lo/")
    assert [h.get_text() for h in page.select(".article-body h3")] == ["一、建强产业链党组织", "二、搭建服务平台"]
    assert [h.get_text() for h in page.select(".article-body h4")] == ["（一）组建产业链党委", "（二）选派党建指导员"]
    assert [c.get_text() for c in page.select(".article-body figcaption")] == ["产业链党委成立大会", "服务专班走访企业", "新落地项目开工"]
    assert [th.get_text(strip=True) for th in page.select(".article-body table th")] == ["指标", "数值"]
    assert sorted(img["src"].rsplit("/", 1)[-1] for img in page.select(".article-body img")) == [f"03-lo-{n}.png" for n in range(1, 5)]
    assert not page.select(".article-body ol")  # no sub-heading became a list item


def test_a_word_style_report_keeps_every_picture_caption_list_and_table(fuan: SiteDir, tmp_path: Path) -> None:
    import docx
    from docx.shared import Inches

    for name, colour in COLOURS.items():
        Image.new("RGB", (160, 100), colour).save(tmp_path / f"{name}.png")
    document = docx.Document()
    document.add_heading("福安市推进园区服务改革", level=0)
    document.add_paragraph("来源：福安市委改革办")
    for title, text in [("引言", "引言正文。"), ("改革背景", "背景正文。")]:
        document.add_heading(title, level=1)
        document.add_paragraph(text)
    document.add_picture(str(tmp_path / "Image1.png"), width=Inches(1.5))
    document.add_paragraph("图1 园区服务中心", style="Caption")
    document.add_heading("创新做法", level=1)
    document.add_heading("一、优化审批流程", level=2)
    document.add_paragraph("压缩审批时限", style="List Number")
    document.add_paragraph("推行并联审批", style="List Number")
    paragraph = document.add_paragraph()
    paragraph.add_run().add_picture(str(tmp_path / "Image2.png"), width=Inches(1))
    paragraph.add_run().add_picture(str(tmp_path / "Image3.png"), width=Inches(1))
    document.add_paragraph("图2 审批窗口与自助终端", style="Caption")
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "项目", "图片"
    table.rows[1].cells[0].text = "服务专员"
    table.rows[1].cells[1].paragraphs[0].add_run().add_picture(str(tmp_path / "Image4.png"), width=Inches(1))
    for title, text in [("主要成效", "成效正文。"), ("经验启示", "启示正文。")]:
        document.add_heading(title, level=1)
        document.add_paragraph(text)
    document.add_paragraph("群众满意度达 98%", style="Quote")
    document.add_paragraph("责任编辑：陈敏")
    path = tmp_path / "word.docx"
    document.save(path)
    result = fuan.cli("import-docx", str(path), "--series", "demo", "--region", "福安市", "--slug", "word")
    assert result.exit_code == 0, result.output
    text = (fuan.root / "content/demo/03-word.md").read_text(encoding="utf-8")
    assert "picture:" not in text
    assert '![园区服务中心](images/03-word-1.png "园区服务中心")' in text
    assert "1. 压缩审批时限\n2. 推行并联审批" in text
    assert "### 一、优化审批流程" in text
    assert "> 群众满意度达 98%" in text
    assert "Word 转换提示" not in result.output  # Word's own styles are known: no note without a place
    fuan.build()
    page = fuan.page("demo/03-word/")
    assert sorted(img["src"].rsplit("/", 1)[-1] for img in page.select(".article-body img")) == [f"03-word-{n}.png" for n in range(1, 5)]
    assert "园区服务中心" in [c.get_text() for c in page.select(".article-body figcaption")]
    assert "审批窗口与自助终端" in page.select_one(".article-body").get_text()
    assert [li.get_text() for li in page.select(".article-body ol li")] == ["压缩审批时限", "推行并联审批"]
    assert [th.get_text(strip=True) for th in page.select(".article-body table th")] == ["项目", "图片"]


@pytest.mark.parametrize("paragraph", ["改革" * 5_000_000, "古田县*推进* _改革_ [试点] 1.5 万元，(一) 取得成效；" * 400_000, "a" * 10_000_000])
def test_a_ten_million_character_paragraph_is_refused_in_bounded_time_and_nothing_is_written(fuan: SiteDir, tmp_path: Path, paragraph: str) -> None:
    import docx

    document = docx.Document()
    document.add_heading("福安市超长段落稿", level=0)
    document.add_heading("引言", level=1)
    document.add_paragraph(paragraph)
    path = tmp_path / "long.docx"
    document.save(path)
    started = time.monotonic()
    result = fuan.cli("import-docx", str(path), "--series", "demo", "--region", "福安市", "--slug", "long")
    elapsed = time.monotonic() - started
    assert elapsed < 60, f"import-docx took {elapsed:.0f} s"
    assert result.exit_code == 1
    line, summary = result.output.strip().splitlines()
    assert summary == "共发现 1 个错误，没有创建或修改任何文件。"
    assert line.startswith(f"{path}: 这份 Word 文件转换后约有 ")
    assert line.endswith("字节，超过单篇稿件的上限 2000000 字节（最长的稿件约 60 kB） — 请检查是否误粘贴了大量内容，或拆分为几份 Word 文件分别导入；没有写入任何文件")
    assert sorted(p.name for p in (fuan.root / "content/demo").iterdir()) == ["01-gutian.md", "02-shouning.md", "_series.yaml"]


def test_a_picture_the_web_cannot_show_is_listed_at_its_place(fuan: SiteDir, tmp_path: Path) -> None:
    import docx

    Image.new("RGB", (40, 30), (9, 9, 200)).save(tmp_path / "scan.tiff")
    document = docx.Document()
    document.add_heading("福安市扫描稿", level=0)
    for title in ["引言", "改革背景", "创新做法", "主要成效", "经验启示"]:
        document.add_heading(title, level=1)
        document.add_paragraph(f"{title}正文。")
        if title == "创新做法":
            document.add_picture(str(tmp_path / "scan.tiff"))
    path = tmp_path / "scan.docx"
    document.save(path)
    result = fuan.cli("import-docx", str(path), "--series", "demo", "--region", "福安市", "--slug", "scan")
    assert result.exit_code == 0, result.output
    case = "content/demo/03-scan.md"
    lines = (fuan.root / case).read_text(encoding="utf-8").split("\n")
    hint = next(number for number, line in enumerate(lines, 1) if line.startswith("【待填写】 此处原有一张 image/tiff 图片"))
    assert f"{case}:{hint}: 警告：Word 中有一张图片（image/tiff）不是网页能显示的格式，已跳过 — 请在 Word 中把它另存为 JPG 或 PNG，放进 images/ 文件夹，再在正文中用 ![说明](images/文件名) 引用" in result.output
    fuan.build()  # the hint line is never published
    assert "此处原有" not in fuan.page("demo/03-scan/").get_text()


@pytest.mark.parametrize(("number", "fmt", "text"), [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (12, "taiwaneseCountingThousand", "十二"), (21, "chineseCountingThousand", "二十一"),
    (105, "chineseCounting", "一百零五"), (110, "chineseCounting", "一百一十"), (3, "chineseLegalSimplified", "叁"), (2, "ideographTraditional", "乙"),
    (3, "decimalEnclosedCircleChinese", "③"), (7, "decimal", "7"), (12, "decimalFullWidth", "１２"),
])
def test_word_number_formats_are_written_as_word_shows_them(number: int, fmt: str, text: str) -> None:
    from reformpress.commands.docx_numbers import formatted

    assert formatted(number, fmt) == text
