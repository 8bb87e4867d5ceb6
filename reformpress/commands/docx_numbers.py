"""Word's automatic Chinese numbers (（一）, 一、, 第一条) written into the paragraphs they number.

Word and LibreOffice number sub-headings and lists themselves: the paragraph's text is
``建强产业链党组织`` and the ``（一）`` in front of it lives in ``numbering.xml``.
mammoth keeps no number format, so such a paragraph became a list item (``1. **…**``) or a
sub-heading without its number.  Before mammoth reads the file, :func:`spell_out_numbers`
puts each Chinese number into its paragraph as text and switches that paragraph's numbering
off; decimal and bullet lists stay lists.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree as ET

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
"""WordprocessingML's namespace."""
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

DIGITS = "零一二三四五六七八九"
LEGAL = "零壹贰叁肆伍陆柒捌玖"
STEMS = "甲乙丙丁戊己庚辛壬癸"
BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
CHINESE_FORMATS = {
    "chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand",
    "japaneseCounting", "ideographTraditional", "ideographZodiac", "chineseLegalSimplified",
    "ideographLegalTraditional", "koreanCounting", "decimalEnclosedCircleChinese", "ideographEnclosedCircle",
}
"""Word's number formats that write Chinese numerals (or circled numbers)."""
CJK_TEXT = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff08\uff09\uff0c\uff1a]")
"""A level text such as ``%1、`` or ``第%1条`` is Chinese numbering whatever its digits."""


def w(tag: str) -> str:
    """The qualified name of a WordprocessingML element or attribute."""
    return f"{{{W}}}{tag}"


def chinese(number: int, digits: str = DIGITS, ten: str = "十") -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (counting numerals; from 1,000 on, digits)."""
    if number <= 0 or number >= 1000:
        return str(number)
    hundreds, rest = divmod(number, 100)
    tens, ones = divmod(rest, 10)
    text = digits[hundreds] + "百" if hundreds else ""
    if tens:
        text += ("" if tens == 1 and not hundreds else digits[tens]) + ten
    elif hundreds and ones:
        text += digits[0]
    return text + (digits[ones] if ones else "")


def formatted(number: int, fmt: str) -> str:
    """``number`` written in Word's number format ``fmt``."""
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return chinese(number, LEGAL, "拾")
    if fmt == "ideographTraditional":
        return STEMS[(number - 1) % 10]
    if fmt == "ideographZodiac":
        return BRANCHES[(number - 1) % 12]
    if fmt in ("decimalEnclosedCircleChinese", "ideographEnclosedCircle", "decimalEnclosedCircle"):
        return chr(0x2460 + number - 1) if 1 <= number <= 20 else str(number)
    if fmt in CHINESE_FORMATS:
        return chinese(number)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(number))
    if fmt in ("none", "bullet"):
        return ""
    return str(number)


@dataclass(frozen=True)
class Level:
    """One level of a numbering definition."""

    start: int
    fmt: str
    text: str


def read_levels(numbering: ET.Element) -> tuple[dict[str, dict[int, Level]], dict[str, str], dict[str, tuple[str, int]]]:
    """Levels by abstract numbering id, the abstract id of each numId, and the (abstract id, level) bound to a style."""
    abstract: dict[str, dict[int, Level]] = {}
    by_style: dict[str, tuple[str, int]] = {}
    for node in numbering.iter(w("abstractNum")):
        key = node.get(w("abstractNumId"), "")
        levels = abstract.setdefault(key, {})
        for lvl in node.iter(w("lvl")):
            index = int(lvl.get(w("ilvl"), "0") or 0)
            start = lvl.find(w("start"))
            fmt = lvl.find(w("numFmt"))
            text = lvl.find(w("lvlText"))
            levels[index] = Level(
                int(start.get(w("val"), "1")) if start is not None and (start.get(w("val"), "1") or "1").isdigit() else 1,
                fmt.get(w("val"), "decimal") if fmt is not None else "decimal",
                text.get(w("val"), "") if text is not None else "",
            )
            style = lvl.find(w("pStyle"))
            if style is not None:
                by_style[style.get(w("val"), "")] = (key, index)
    nums = {}
    for node in numbering.iter(w("num")):
        ref = node.find(w("abstractNumId"))
        if ref is not None:
            nums[node.get(w("numId"), "")] = ref.get(w("val"), "")
    return abstract, nums, by_style


def style_numbers(styles: ET.Element | None) -> dict[str, tuple[str | None, int | None, str | None]]:
    """Paragraph style id → (numId, level, based-on style) as the style itself says."""
    found: dict[str, tuple[str | None, int | None, str | None]] = {}
    if styles is None:
        return found
    for style in styles.iter(w("style")):
        if style.get(w("type")) != "paragraph":
            continue
        num_id = level = None
        props = style.find(w("pPr"))
        pr = props.find(w("numPr")) if props is not None else None
        if pr is not None:
            num = pr.find(w("numId"))
            ilvl = pr.find(w("ilvl"))
            num_id = num.get(w("val")) if num is not None else None
            level = int(ilvl.get(w("val"), "0")) if ilvl is not None and (ilvl.get(w("val"), "0") or "0").isdigit() else None
        based = style.find(w("basedOn"))
        found[style.get(w("styleId"), "")] = (num_id, level, based.get(w("val")) if based is not None else None)
    return found


def spell_out_numbers(data: bytes) -> bytes:
    """The .docx ``data`` with every Chinese automatic number written into its paragraph (unchanged if there is none).

    Raises ``zipfile.BadZipFile``, ``KeyError`` or ``ET.ParseError`` for a file that is no Word document.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        if "word/numbering.xml" not in names:
            return data
        numbering = ET.fromstring(archive.read("word/numbering.xml"))
        styles = ET.fromstring(archive.read("word/styles.xml")) if "word/styles.xml" in names else None
        document_bytes = archive.read("word/document.xml")
        abstract, nums, by_style = read_levels(numbering)
        if not any(level.fmt in CHINESE_FORMATS or CJK_TEXT.search(level.text) for levels in abstract.values() for level in levels.values()):
            return data
        for _, (prefix, uri) in ET.iterparse(io.BytesIO(document_bytes), events=("start-ns",)):  # type: ignore[misc]
            try:  # keep Word's prefixes (w:, r:, wp: …) when the document is written back
                ET.register_namespace(prefix, uri)
            except ValueError:  # a prefix ElementTree keeps for itself (ns0 …): it writes its own
                pass
        document = ET.fromstring(document_bytes)
        own_styles = style_numbers(styles)
        counters: dict[str, dict[int, int]] = {}
        changed = False
        for paragraph in document.iter(w("p")):
            place = numbering_of(paragraph, own_styles, nums, by_style)
            if place is None or place[0] not in abstract:
                continue
            key, index = place
            levels = abstract[key]
            counts = counters.setdefault(key, {})
            counts[index] = counts.get(index, levels[index].start - 1 if index in levels else 0) + 1
            for deeper in [d for d in counts if d > index]:
                del counts[deeper]
            level = levels.get(index)
            if level is None or not (level.fmt in CHINESE_FORMATS or CJK_TEXT.search(level.text)):
                continue
            label = label_of(level.text, counts, levels)
            write_label(paragraph, label)
            changed = True
        if not changed:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
            for info in archive.infolist():
                body = ET.tostring(document, encoding="utf-8", xml_declaration=True) if info.filename == "word/document.xml" else archive.read(info)
                copy.writestr(info, body)
    return out.getvalue()


def label_of(text: str, counts: dict[int, int], levels: dict[int, Level]) -> str:
    """Word's level text (``（%2）``, ``%1、``) with each ``%N`` replaced by that level's current number."""
    return re.sub(r"%(\d)", lambda match: number_text(int(match[1]) - 1, counts, levels), text)


def number_text(index: int, counts: dict[int, int], levels: dict[int, Level]) -> str:
    """The number of level ``index`` in its own format (``%1`` of ``%1.%2``)."""
    level = levels.get(index)
    value = counts.get(index, level.start if level else 1)
    return formatted(value, level.fmt if level else "decimal")


def numbering_of(paragraph: ET.Element, own_styles: dict[str, tuple[str | None, int | None, str | None]], nums: dict[str, str], by_style: dict[str, tuple[str, int]]) -> tuple[str, int] | None:
    """(abstract numbering id, level) of a numbered paragraph, from its own properties or its style's; None if it has no number."""
    props = paragraph.find(w("pPr"))
    if props is None:
        return None
    pr = props.find(w("numPr"))
    if pr is not None:
        num = pr.find(w("numId"))
        ilvl = pr.find(w("ilvl"))
        num_id = num.get(w("val")) if num is not None else None
        if num_id in (None, "0") or num_id not in nums:
            return None
        raw = ilvl.get(w("val"), "0") if ilvl is not None else "0"
        return nums[num_id], int(raw) if (raw or "").isdigit() else 0
    style = props.find(w("pStyle"))
    style_id = style.get(w("val")) if style is not None else None
    seen: set[str] = set()
    while style_id and style_id not in seen:
        seen.add(style_id)
        if style_id in by_style:
            return by_style[style_id]
        num_id, level, based = own_styles.get(style_id, (None, None, None))
        if num_id is not None:
            if num_id == "0" or num_id not in nums:
                return None
            return nums[num_id], level or 0
        style_id = based
    return None


def write_label(paragraph: ET.Element, label: str) -> None:
    """Put ``label`` as text at the start of ``paragraph`` (formatted like its first run) and switch its numbering off."""
    props = paragraph.find(w("pPr"))
    assert props is not None  # a numbered paragraph has properties
    pr = props.find(w("numPr"))
    if pr is None:
        pr = ET.SubElement(props, w("numPr"))
        props.remove(pr)
        props.insert(1 if props.find(w("pStyle")) is not None else 0, pr)
    pr.clear()
    ET.SubElement(pr, w("ilvl")).set(w("val"), "0")
    ET.SubElement(pr, w("numId")).set(w("val"), "0")
    if not label:
        return
    first = paragraph.find(w("r"))
    run = ET.Element(w("r"))
    if first is not None and (style := first.find(w("rPr"))) is not None:
        run.append(ET.fromstring(ET.tostring(style)))
    text = ET.SubElement(run, w("t"))
    text.set(XML_SPACE, "preserve")
    text.text = label
    paragraph.insert(list(paragraph).index(props) + 1, run)
