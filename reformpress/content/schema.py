"""Closed field tables: one declaration per allowed key, checked the same way everywhere.

``site.yaml``, ``_series.yaml`` and case front matter are each described by a
tuple of :class:`Field`.  :func:`read_fields` reports unknown keys (with a
"did you mean"), missing required keys and values of the wrong kind, each at
its line, and returns only the values that passed.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any, Literal

from ..problems import Problem, problem
from ..text.chinese import join_lines
from ..text.yamlio import Lines

Kind = Literal["text", "int", "number", "bool", "texts", "mapping", "list", "any"]


@dataclass(frozen=True)
class Field:
    """One allowed key: its kind, whether it must be there, and an example for the fix."""

    key: str
    kind: Kind
    label: str
    required: bool = False
    example: str = ""


def unknown(code: str, path: str, line: int | None, given: str, choices: list[str], **params: str) -> Problem:
    """A problem for an unknown name; uses ``code + "-close"`` when one choice is close."""
    close = difflib.get_close_matches(given, choices, n=1, cutoff=0.5)
    if close:
        return problem(code + "-close", path, line, "error", close=close[0], **params)
    return problem(code, path, line, "error", **params)


def kind_of(value: Any) -> str:
    """The ``@term`` naming what kind of value an editor wrote."""
    if value is None:
        return "@empty"
    if isinstance(value, bool):
        return "@bool"
    if isinstance(value, int):
        return "@int"
    if isinstance(value, float):
        return "@number"
    if isinstance(value, str):
        return "@text"
    if isinstance(value, dict):
        return "@mapping"
    if isinstance(value, list):
        return "@list"
    return "@text"


def is_text(value: Any) -> bool:
    """Whether a YAML value can stand as text: a string or a number (not yes/no, a list or a mapping)."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _fits(kind: Kind, value: Any) -> bool:
    if kind == "any":
        return True
    if kind == "text":
        return is_text(value)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "texts":
        return isinstance(value, list) and all(_fits("text", item) for item in value)
    if kind == "mapping":
        return isinstance(value, dict)
    return isinstance(value, list)


def _normalise(kind: Kind, value: Any) -> Any:
    if kind == "text":
        return join_lines(str(value).strip())
    if kind == "texts":
        return [join_lines(str(item).strip()) for item in value]
    return value


def read_fields(
    data: dict[str, Any], lines: Lines, path: str, fields: tuple[Field, ...], prefix: str = "", line: int | None = None
) -> tuple[dict[str, Any], list[Problem]]:
    """Check ``data`` against ``fields``; return the good values and every problem.

    A single text (not a number) where a list of texts is expected is accepted as a list of one
    (editors write ``units: 古田县委改革办``).  ``prefix`` is the dotted path of
    ``data`` inside its file, for line lookups; ``line`` is where it starts.
    """
    by_key = {f.key: f for f in fields}
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, value in data.items():
        key_line = lines.get(prefix + key, line)
        spec = by_key.get(key)
        if spec is None:
            problems.append(unknown("unknown-key", path, key_line, key, list(by_key), key=key, allowed=", ".join(by_key)))
            continue
        if value is None or value == "" or value == []:
            continue  # an empty value is the same as leaving the key out
        if spec.kind == "texts" and isinstance(value, str):
            value = [value]
        if spec.kind == "int" and isinstance(value, str) and re.fullmatch(r"[0０][0-9０-９]+", value.strip()):
            problems.append(problem("leading-zero", path, key_line, key=key, typed=value.strip(), fixed=int(value.strip().lstrip("0０") or "0")))
            continue
        if not _fits(spec.kind, value):
            problems.append(
                problem(
                    "wrong-type", path, key_line, key=key, expected=f"@{spec.kind}", found=kind_of(value),
                    example=spec.example or f"{key}: …",
                )
            )
            continue
        value = _normalise(spec.kind, value)
        if value == "":  # only spaces (U+3000 too): as good as empty
            if spec.required:
                problems.append(problem("blank-key", path, key_line, key=key, label=spec.label))
            continue
        values[key] = value
    for spec in fields:
        if spec.required and spec.key not in values and not any(p.params and ("key", spec.key) in p.params for p in problems):
            problems.append(problem("missing-key", path, line, key=spec.key, label=spec.label))
    return values, problems
