"""Reading editors' text files: size limits, encodings, line endings.

Windows editors save files in GBK, with a byte-order mark or with CRLF line
endings; all of that is either accepted (BOM, CRLF) or explained (GBK).
"""

from __future__ import annotations

from pathlib import Path

from ..problems import Problem, problem

MAX_TEXT_BYTES = 2_000_000
"""A case file larger than this is surely a mistake (the longest reports are ~60 kB)."""


def read_text(file: Path, rel: str) -> tuple[str | None, list[Problem]]:
    """The file's text with ``\\n`` line endings, or ``None`` and the problems found."""
    size = file.stat().st_size
    if size > MAX_TEXT_BYTES:
        return None, [problem("file-too-large", rel, None, size=size, limit=MAX_TEXT_BYTES)]
    data = file.read_bytes()
    return decode_text(data, rel)


def decode_text(data: bytes, rel: str) -> tuple[str | None, list[Problem]]:
    """Decode UTF-8 text (BOM allowed) and normalise line endings; explain anything else."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Notepad's "Unicode": UTF-16 with a BOM
        return None, [problem("not-utf8", rel, None, guess="UTF-16")]
    if b"\x00" in data:
        if looks_utf16(data):  # saved as "Unicode" without a byte-order mark
            return None, [problem("not-utf8", rel, None, guess="UTF-16")]
        return None, [problem("binary-file", rel, None)]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, [problem("not-utf8", rel, line, guess=guess_encoding(data))]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return None, [problem("empty-file", rel, None)]
    return text, []


def guess_encoding(data: bytes) -> str:
    """A name for the encoding a non-UTF-8 file probably has, for the error message."""
    for name, label in (("gb18030", "GBK/GB18030"), ("big5", "Big5")):
        try:
            data.decode(name)
        except UnicodeDecodeError:
            continue
        return label
    return "unknown / 未知"


def looks_utf16(data: bytes) -> bool:
    """Whether ``data`` reads as UTF-16 text without a byte-order mark: zero bytes on one side only, decoding to printable text."""
    if len(data) < 4 or len(data) % 2:
        return False
    for order, zeros in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        if zeros.count(0) * 4 < len(zeros):  # ASCII-heavy text in UTF-16 has a zero in most of its high bytes
            continue
        try:
            text = data.decode(order)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text and sum(character.isprintable() or character in "\r\n\t" for character in text) >= 0.95 * len(text):
            return True
    return False
