"""Chinese text helpers: circled ordinals for display titles, summaries cut at sentence ends."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[。！？；!?])")


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


def summarise(text: str, limit: int = 120) -> str:
    """Whole sentences from the start of ``text`` up to ``limit`` characters.

    Never cuts inside a sentence unless the first sentence alone is longer than
    ``limit``; then it is cut at ``limit`` and ends with ``……``.
    """
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    summary = ""
    for sentence in _SENTENCE_END.split(text):
        if len(summary) + len(sentence) > limit:
            break
        summary += sentence
    return summary.strip() or text[:limit].rstrip("，、；：,;: ") + "……"
