"""Chinese text helpers: circled ordinals for display titles, summaries cut at sentence ends, lines joined."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[。！？；!?])")

_WIDE = "\u2014\u2018\u2019\u201c\u201d\u2026\u00b7\u2e80-\u303f\u3040-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f"
"""CJK characters and full-width punctuation (with the dash, quotes, ellipsis and middle dot Chinese sets full width)."""

_WIDE_BREAK = re.compile(f"(?<=[{_WIDE}])[ \t]*\r?\n[ \t]*(?=[{_WIDE}])")
"""A line break (and the spaces around it) with a Chinese character or full-width mark on both sides."""

_KEPT = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.IGNORECASE | re.DOTALL)
"""Elements whose line breaks a reader sees as written."""


def circled(number: int) -> str:
    """``16`` → ``⑯``; circled forms exist for 1–50, plain digits beyond."""
    if 1 <= number <= 20:
        return chr(0x2460 + number - 1)
    if 21 <= number <= 35:
        return chr(0x3251 + number - 21)
    if 36 <= number <= 50:
        return chr(0x32B1 + number - 36)
    return str(number)


def ordinal(number: int, style: str) -> str:
    """The number as a series shows it: ``circled`` (``⑯``) or ``digits`` (``16``)."""
    return circled(number) if style == "circled" else str(number)


def join_lines(text: str) -> str:
    """``text`` with each line break between two Chinese characters (or full-width marks) removed.

    A browser shows a line break inside a paragraph as a space, right between Latin words
    and wrong between Chinese characters ("成果， 每篇"); a break with a Latin letter or digit
    on either side is kept.  For HTML, :func:`join_html_lines` keeps ``<pre>`` as written.
    """
    return _WIDE_BREAK.sub("", text) if "\n" in text else text


def join_html_lines(markup: str) -> str:
    """:func:`join_lines` on an HTML fragment, leaving ``<pre>``, ``<textarea>``, scripts and styles as written."""
    if "\n" not in markup:
        return markup
    parts = _KEPT.split(markup)
    # split gives text, kept element, its tag name, text, …
    return "".join(join_lines(part) if index % 3 == 0 else part if index % 3 == 1 else "" for index, part in enumerate(parts))


def summarise(text: str, limit: int = 120) -> str:
    """Whole sentences from the start of ``text`` up to ``limit`` characters.

    Never cuts inside a sentence unless the first sentence alone is longer than
    ``limit``; then it is cut at ``limit`` and ends with ``……``.
    """
    text = re.sub(r"\s+", " ", join_lines(text)).strip()
    if len(text) <= limit:
        return text
    summary = ""
    for sentence in _SENTENCE_END.split(text):
        if len(summary) + len(sentence) > limit:
            break
        summary += sentence
    return summary.strip() or text[:limit].rstrip("，、；：,;: ") + "……"
