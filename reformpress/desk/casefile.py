"""A Markdown case file as the desk's form sees it, and the form's values written back without loss.

The desk shows a case as one value per field: the front-matter keys of the case schema
(:data:`FORM_KEYS`) and one text per section of site.yaml's schema (``section_<key>``), so an
editor never types a ``##`` heading.  Writing the form back *patches* the file it came from:

* a field whose value did not change keeps its exact text (quotes, comments, line breaks), so a
  file saved unchanged stays byte-identical;
* a changed field replaces only its own key's lines, or its own section's text;
* keys, sections and text the form does not show (an unknown key, a section heading the schema
  does not know, text before the first heading) are kept where they are;
* a new value goes where the schema order puts it.

Both directions are pure functions of text; :mod:`reformpress.desk.api` does the files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from ..model import SectionSpec
from ..text.yamlio import load_yaml

FORM_KEYS = ("title", "number", "date", "source", "units", "editor", "regions", "tags", "summary", "slug", "cover", "draft", "highlights", "review")
"""The front-matter keys the form shows, in the order a new file writes them."""

SECTION_PREFIX = "section_"
"""A section's form field is ``section_<key>`` (``section_background``)."""

DESK_KEYS = ("pictures", "file", "attention")
"""Form values that are the desk's own and never written into a case file."""

_HEADING_RE = re.compile(r"^##(?!#)\s*(?P<text>.*?)\s*#*\s*$")
_FENCE_RE = re.compile(r"^\s{0,3}(```|~~~)")
_DATE_RE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}(?: \d{1,2}:\d{2}(?::\d{2})?)?$")


class NotACase(ValueError):
    """The text is not a Markdown case the desk can patch (no front matter, or YAML it cannot read)."""


@dataclass(frozen=True)
class _Front:
    """The front matter: its lines, and the span ``[start, end)`` of each top-level key within them."""

    lines: list[str]
    spans: dict[str, tuple[int, int]]
    data: dict[str, Any]


@dataclass(frozen=True)
class _Section:
    """One ``##`` section of the body: the line of its heading and the end of its text (exclusive)."""

    key: str | None
    """The schema key its heading matches, or ``None`` for a heading the schema does not know."""
    heading: int
    end: int


def _split(text: str) -> tuple[list[str], list[str]]:
    """(front-matter lines without the ``---`` lines, body lines); :class:`NotACase` without front matter."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise NotACase("no front matter")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        raise NotACase("unclosed front matter")
    return lines[1:end], lines[end + 1 :]


def _front(lines: list[str]) -> _Front:
    data, key_lines, problems = load_yaml("\n".join(lines), "front matter")
    if problems or not isinstance(data, dict) and data is not None:
        raise NotACase("front matter is not a readable mapping")
    data = data or {}
    starts = sorted((key_lines[str(key)] - 1, str(key)) for key in data if str(key) in key_lines)
    spans: dict[str, tuple[int, int]] = {}
    for number, (start, key) in enumerate(starts):
        end = starts[number + 1][0] if number + 1 < len(starts) else len(lines)
        while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
            end -= 1  # blank lines and comments before the next key are not this key's
        spans[key] = (start, end)
    return _Front(lines, spans, {str(key): value for key, value in data.items()})


def _sections(body: list[str], specs: tuple[SectionSpec, ...]) -> list[_Section]:
    from ..content.sections import match_heading  # the build's own heading matching

    found: list[tuple[str | None, int]] = []
    fence: str | None = None
    for number, line in enumerate(body):
        mark = _FENCE_RE.match(line)
        if mark:
            fence = None if fence == mark.group(1) else (fence or mark.group(1))
            continue
        heading = _HEADING_RE.match(line) if fence is None else None
        if heading:
            spec = match_heading(heading["text"], specs)
            found.append((spec.key if spec else None, number))
    return [_Section(key, line, found[i + 1][1] if i + 1 < len(found) else len(body)) for i, (key, line) in enumerate(found)]


def _section_text(body: list[str], section: _Section) -> str:
    return "\n".join(body[section.heading + 1 : section.end]).strip("\n")


def _shown_text(text: str) -> str:
    """A section's text as the form shows it: scaffold hint lines removed, no blank lines at the ends."""
    from ..content.sections import is_placeholder

    return "\n".join(line for line in text.split("\n") if not is_placeholder(line)).strip("\n").rstrip()


def to_form(text: str, specs: tuple[SectionSpec, ...]) -> dict[str, Any]:
    """The form values of a case file's text (front-matter keys as they are, one text per section)."""
    front_lines, body = _split(text)
    front = _front(front_lines)
    form: dict[str, Any] = dict(front.data)
    for spec in specs:
        form[SECTION_PREFIX + spec.key] = ""
    for section in _sections(body, specs):
        if section.key is not None and not form[SECTION_PREFIX + section.key]:
            form[SECTION_PREFIX + section.key] = _shown_text(_section_text(body, section))
    return form


def _same(old: Any, new: Any) -> bool:
    """Whether two values mean the same to the build (so the file's own text can stay)."""
    return _canonical(old) == _canonical(new)


def _canonical(value: Any) -> Any:
    if value is None or value is False or value == "" or value == [] or value == {}:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list):
        items = [_canonical(item) for item in value]
        return [item for item in items if item is not None] or None
    if isinstance(value, Mapping):
        pairs = {str(key): _canonical(item) for key, item in value.items()}
        return {key: item for key, item in sorted(pairs.items()) if item is not None} or None
    return str(value)


def _scalar(value: Any) -> str:
    """One value as YAML on one line, quoted only when it must be."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value).strip()
    if _DATE_RE.match(text):
        return text  # the build reads a date as text; no quotes needed
    dumped: str = yaml.safe_dump([text], allow_unicode=True, default_flow_style=True, width=1_000_000).strip()
    return dumped[1:-1]


def _flow_list(values: list[Any]) -> str:
    return "[" + ", ".join(_scalar(item) for item in values) + "]"


def yaml_lines(key: str, value: Any) -> list[str]:
    """``key: value`` as the lines of a front matter, in the style the example site writes."""
    if key == "highlights" and isinstance(value, list):
        lines = [f"{key}:"]
        for item in value:
            if isinstance(item, Mapping):
                pairs = [f"{name}: {_scalar(item[name])}" for name in ("value", "unit", "label") if _canonical(item.get(name)) is not None]
                lines.append("  - {" + ", ".join(pairs) + "}")
        return lines
    if isinstance(value, Mapping):
        return [f"{key}:", *(f"  {name}: {_scalar(item) if _canonical(item) is not None else ''}".rstrip() for name, item in value.items())]
    if isinstance(value, list):
        return [f"{key}: {_flow_list([item for item in value if _canonical(item) is not None])}"]
    if isinstance(value, str) and "\n" in value.strip():
        return [f"{key}: |", *(f"  {line}".rstrip() for line in value.strip().split("\n"))]
    return [f"{key}: {_scalar(value)}"]


def _normal(key: str, value: Any) -> Any:
    """A form value as it is written: ``number`` as a number, lists without empty items."""
    if key == "number" and isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    if key == "number" and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def from_form(original: str | None, form: Mapping[str, Any], specs: tuple[SectionSpec, ...]) -> str:
    """The case file's new text: ``original`` patched with the values of ``form`` (see the module doc).

    ``original`` is ``None`` for a new report: the front matter is written in schema order.  Keys
    of ``form`` that are not form fields (the desk's own, unknown ones) are never written, and
    nothing changes where the form's value means what the file says.
    """
    if original is None:
        original = "---\n---\n"
    front_lines, body = _split(original)
    front = _front(front_lines)
    replaced: dict[int, tuple[int, list[str]]] = {}  # first line → (end, its new lines)
    inserts: dict[int, list[str]] = {}  # line index → new lines before it
    last = 0  # where the previous schema key ended: a new key goes right after it
    for key in FORM_KEYS:
        span = front.spans.get(key)
        if key not in form:
            last = span[1] if span else last
            continue
        new = _normal(key, form[key])
        if span is not None:
            last = span[1]
            if not _same(front.data.get(key), new):
                replaced[span[0]] = (span[1], yaml_lines(key, new) if _canonical(new) is not None else [])
        elif _canonical(new) is not None:
            inserts.setdefault(last, []).extend(yaml_lines(key, new))
    new_body = _patched_body(body, form, specs)
    if not replaced and not inserts and new_body is None:
        return original
    patched: list[str] = []
    index = 0
    while index < len(front_lines):
        patched.extend(inserts.pop(index, []))
        if index in replaced:
            index, lines = replaced[index]
            patched.extend(lines)
            continue
        patched.append(front_lines[index])
        index += 1
    patched.extend(inserts.pop(len(front_lines), []))
    head_end = len(front_lines) + 1
    opening, closing = original.split("\n")[0], original.split("\n")[head_end]
    return "\n".join([opening, *patched, closing, *(body if new_body is None else new_body)])


def _patched_body(body: list[str], form: Mapping[str, Any], specs: tuple[SectionSpec, ...]) -> list[str] | None:
    """The body's lines with the form's section texts written in, or ``None`` when no section changed."""
    sections = _sections(body, specs)
    by_key: dict[str, _Section] = {}
    for section in sections:
        if section.key is not None:
            by_key.setdefault(section.key, section)  # the first of a key is the one the build reads
    edits: list[tuple[int, int, int, list[str]]] = []  # (start, end, schema index, new lines)
    at_end: list[str] = []
    order = [spec.key for spec in specs]
    for index, spec in enumerate(specs):
        name = SECTION_PREFIX + spec.key
        if name not in form:
            continue
        new = str(form[name] or "").replace("\r\n", "\n").strip("\n").rstrip()
        written = by_key.get(spec.key)
        if written is not None:
            if _shown_text(_section_text(body, written)) == new:
                continue
            if not new and not spec.required:  # an optional section emptied: its heading goes too
                edits.append((written.heading, written.end, index, []))
            else:
                edits.append((written.heading + 1, written.end, index, ["", *new.split("\n"), ""] if new else [""]))
        elif new:
            later = [by_key[key].heading for key in order[index + 1 :] if key in by_key]
            if later:
                edits.append((min(later), min(later), index, [f"## {spec.heading}", "", *new.split("\n"), ""]))
            else:
                at_end += ["", f"## {spec.heading}", "", *new.split("\n")]
    if not edits and not at_end:
        return None
    out = list(body)
    for start, end, _, lines in sorted(edits, reverse=True):
        out[start:end] = lines
    if at_end:
        while out and not out[-1].strip():
            out.pop()
        out += [*(at_end[1:] if not out else at_end), ""]
    if not out or out[0].strip():
        out.insert(0, "")  # a blank line between the front matter and the first heading
    if out[-1] != "":
        out.append("")  # the file ends with a line break
    return out


def new_case_text(form: Mapping[str, Any], specs: tuple[SectionSpec, ...]) -> str:
    """A new report's file: front matter in schema order, then each written section and every required one under its heading."""
    head = from_form(None, {key: value for key, value in form.items() if not key.startswith(SECTION_PREFIX)}, specs)
    parts = [head.rstrip("\n"), ""]
    for spec in specs:
        text = str(form.get(SECTION_PREFIX + spec.key) or "").replace("\r\n", "\n").strip("\n").rstrip()
        if text or spec.required:
            parts += [f"## {spec.heading}", "", *([text, ""] if text else [])]
    return "\n".join(parts).rstrip("\n") + "\n"
