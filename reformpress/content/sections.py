"""A case's body → its sections, matched to the section schema by heading text.

In a Markdown case each ``## heading`` starts a section; ``###`` and deeper are
sub-headings inside it.  In a YAML case the ``sections:`` mapping names them by
key or heading.  Headings match after removing spaces, a trailing colon and an
editor's ordinal (``一、改革背景`` is ``改革背景``), or through an alias.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import SectionSpec
from ..problems import Problem, problem
from .schema import is_text, unknown
from .sources import CaseSource

_HEADING_RE = re.compile(r"^##(?!#)\s*(?P<text>.*?)\s*#*\s*$")
_FENCE_RE = re.compile(r"^\s{0,3}(```|~~~)")
_ORDINAL_RE = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|（[一二三四五六七八九十]+）|\d+[、.．]\s*)")


PLACEHOLDER_MARKS = ("【待填写】", "[to fill in]")
"""A line starting with one of these is a hint that ``new`` or ``import-docx`` left for the editor.

Hints are never published: a section holding nothing else counts as empty (so the
build asks for a required one to be written), and ``check`` points at any left behind.
"""


def is_placeholder(line: str) -> bool:
    """Whether a line is a scaffold hint (see :data:`PLACEHOLDER_MARKS`)."""
    return line.lstrip().startswith(PLACEHOLDER_MARKS)


def blank_placeholders(text: str) -> str:
    """``text`` with hint lines emptied (not removed, so line numbers stay right)."""
    if not any(mark in text for mark in PLACEHOLDER_MARKS):
        return text
    return "\n".join("" if is_placeholder(line) else line for line in text.split("\n"))


@dataclass(frozen=True)
class RawSection:
    """One section as written: which schema entry, where, and its Markdown."""

    spec: SectionSpec
    line: int
    """Line of its heading (or of its key in a YAML case)."""
    text: str
    text_line: int


def normalise_heading(text: str) -> str:
    """The comparable form of a heading: no spaces, ordinal or trailing colon."""
    text = re.sub(r"[\s\u3000*]+", "", text)
    text = _ORDINAL_RE.sub("", text)
    return text.rstrip(":：")


def match_heading(text: str, specs: tuple[SectionSpec, ...]) -> SectionSpec | None:
    """The schema entry whose heading, alias or key is ``text``, if any."""
    wanted = normalise_heading(text)
    for spec in specs:
        if wanted in (spec.heading, spec.key, *spec.aliases):
            return spec
    return None


def split_markdown(body: str, first_line: int) -> tuple[list[tuple[str, int, str, int]], str, int]:
    """Split a body at ``##`` headings outside code fences.

    Returns ``(parts, preamble, preamble_line)``: each part is
    ``(heading, heading_line, text, text_line)``; the preamble is whatever
    stands before the first heading.
    """
    parts, preamble, preamble_line, _ = _split(body, first_line)
    return parts, preamble, preamble_line


def open_fence(body: str, first_line: int) -> tuple[str, int] | None:
    """The marker and line of a code fence that the body opens and never closes, if any."""
    return _split(body, first_line)[3]


def _split(body: str, first_line: int) -> tuple[list[tuple[str, int, str, int]], str, int, tuple[str, int] | None]:
    parts: list[tuple[str, int, list[str], int]] = []
    preamble: list[str] = []
    fence: str | None = None
    opened = first_line
    for offset, line in enumerate(body.split("\n")):
        fence_match = _FENCE_RE.match(line)
        if fence_match:
            marker = fence_match.group(1)
            if fence is None:
                opened = first_line + offset
            fence = None if fence == marker else (fence or marker)
        heading = _HEADING_RE.match(line) if fence is None else None
        if heading:
            number = first_line + offset
            parts.append((heading["text"], number, [], number + 1))
        elif parts:
            parts[-1][2].append(line)
        else:
            preamble.append(line)
    return (
        [(heading, line, *_trimmed("\n".join(text), text_line)) for heading, line, text, text_line in parts],
        "\n".join(preamble).strip(),
        first_line,
        (fence, opened) if fence is not None else None,
    )


def _trimmed(text: str, first_line: int) -> tuple[str, int]:
    """``text`` without blank lines at its ends, and the file line its first line is on."""
    stripped = text.lstrip("\n")
    return stripped.rstrip("\n"), first_line + len(text) - len(stripped)


_HEADING_LIKE_RE = re.compile(r"^[ \t\u3000]*(?:[#＃]+|\*\*|__|【)?[ \t\u3000]*(?P<text>[^#＃*_\n]{2,20}?)[ \t\u3000]*(?:\*\*|__|】)?[ \t\u3000]*[:：]?[ \t\u3000]*$")
"""A line that is a section heading written another way: ``**改革背景**``, ``＃＃ 改革背景``, ``# 改革背景``, ``### 改革背景``."""


def _heading_like_line(body: str, specs: tuple[SectionSpec, ...], spec: SectionSpec) -> int | None:
    """The index in ``body`` of the first line that names ``spec`` but is not written ``## …`` (None if there is none)."""
    for index, line in enumerate(body.split("\n")):
        if _HEADING_RE.match(line) or len(line) > 40:
            continue
        match = _HEADING_LIKE_RE.match(line)
        if match and match_heading(match["text"], specs) is spec:
            return index
    return None


def case_sections(case: CaseSource, specs: tuple[SectionSpec, ...]) -> tuple[list[RawSection], list[Problem]]:
    """The sections of a case in schema order, and every problem with them."""
    path = case.doc.path
    problems: list[Problem] = []
    written: list[tuple[str, int, str, int]] = []
    unclosed: tuple[str, int] | None = None
    if case.kind == "md":
        written, preamble, preamble_line, unclosed = _split(case.doc.body, case.doc.body_line)
        if preamble:
            offset = next(i for i, line in enumerate(case.doc.body.split("\n")) if line.strip())
            problems.append(problem("text-before-section", path, preamble_line + offset))
    else:
        raw = case.doc.data.get("sections") or {}
        if not isinstance(raw, dict):
            line = case.doc.lines.get("sections")
            problems.append(problem("wrong-type", path, line, key="sections", expected="@mapping", found="@list", example="sections: {background: …}"))
            raw = {}
        for key, text in raw.items():
            line = case.doc.lines.get(f"sections.{key}", 1)
            if not is_text(text):
                problems.append(problem("wrong-type", path, line, key=f"sections.{key}", expected="@text", found="@list", example=f"{key}: |"))
                continue
            written.append((str(key), line, *_trimmed(str(text), line + 1)))
    found: dict[str, RawSection] = {}
    suggested: set[str] = set()  # headings offered as "did you mean": not reported missing again
    allowed = "、".join(spec.heading for spec in specs)
    for heading, line, text, text_line in written:
        text = blank_placeholders(text)
        spec = match_heading(heading, specs)
        if spec is None:
            choices = [s.heading for s in specs]
            report = unknown("unknown-section", path, line, normalise_heading(heading), choices, heading=heading, allowed=allowed)
            problems.append(report)
            suggested.update(value for name, value in report.params if name == "close")
            continue
        if spec.key in found:
            problems.append(problem("duplicate-section", path, line, heading=spec.heading, first=found[spec.key].line))
            continue
        if not text.strip():
            if spec.required:
                problems.append(problem("empty-section", path, line, heading=spec.heading))
            continue
        found[spec.key] = RawSection(spec, line, text, text_line)
    if unclosed is not None:  # the likely reason for sections that seem missing: say that instead
        problems.append(problem("unclosed-fence", path, unclosed[1], marker=unclosed[0]))
    for spec in specs:
        reported = spec.heading in suggested or any(p.code == "empty-section" and ("heading", spec.heading) in p.params for p in problems)
        if spec.required and spec.key not in found and not reported and unclosed is None:
            meant = _heading_like_line(case.doc.body, specs, spec) if case.kind == "md" else None
            if meant is not None:  # **改革背景**, ＃＃ 改革背景, # 改革背景: the heading is there, written another way
                problems.append(problem("heading-like-line", path, case.doc.body_line + meant, heading=spec.heading))
                continue
            problems.append(problem("missing-section", path, case.doc.body_line if case.kind == "md" else case.doc.lines.get("sections", 1), heading=spec.heading))
    return [found[spec.key] for spec in specs if spec.key in found], problems
