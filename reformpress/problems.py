"""Problems found in a site's files, and the one way they are reported.

Every user mistake becomes a :class:`Problem` with a place (``path:line``), what is
wrong and how to fix it, written for editors in the site's language.  Checks
collect problems and never stop at the first; a build that has any raises
:class:`BuildFailed` once, before anything is written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Literal

from .messages import term, text_for

Severity = Literal["error", "warning"]


def location_path(path: str | PurePath, separator: str | None = None) -> str:
    """A path in the site as every message shows it: folders joined by ``/`` on every system.

    On Windows (``separator``: the system's, :data:`os.sep`) ``content\\demo\\01-x.md`` is shown
    ``content/demo/01-x.md``: as editors write paths in site.yaml and Markdown (``images/a.jpg``),
    as the site's addresses and the 编辑手册 show them, and as Explorer, PowerShell and editors
    accept them, so a message reads the same on every laptop.  Elsewhere ``\\`` is a character a
    file name may hold, and stays.
    """
    if isinstance(path, PurePath):
        return path.as_posix()
    return path.replace("\\", "/") if (separator or os.sep) == "\\" else path


@dataclass(frozen=True, order=True)
class Location:
    """A place in a site's files: a path relative to the site root and a 1-based line."""

    path: str
    """Shown with ``/`` between folders whatever the system (:func:`location_path`)."""
    line: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", location_path(self.path))  # frozen: set once, as made

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where, which message, with which values."""

    location: Location
    code: str
    params: tuple[tuple[str, str], ...] = field(default=())
    severity: Severity = "error"

    def what(self, lang: str = "zh-CN") -> str:
        """The sentence that says what is wrong, in ``lang``."""
        return text_for(self.code, lang)[0].format(**self._values(lang))

    def fix(self, lang: str = "zh-CN") -> str:
        """The sentence that says how to fix it, in ``lang``."""
        return text_for(self.code, lang)[1].format(**self._values(lang))

    def _values(self, lang: str) -> dict[str, str]:
        return {key: term(value, lang) for key, value in self.params}

    def format(self, lang: str = "zh-CN") -> str:
        """``path:line: what — how to fix`` (the one report format)."""
        label = "" if self.severity == "error" else ("警告：" if lang.startswith("zh") else "warning: ")
        return f"{self.location}: {label}{self.what(lang)} — {self.fix(lang)}"

    def as_dict(self, lang: str = "zh-CN") -> dict[str, object]:
        """A plain mapping for ``--format json``."""
        return {
            "path": self.location.path,
            "line": self.location.line,
            "severity": self.severity,
            "code": self.code,
            "message": self.what(lang),
            "fix": self.fix(lang),
        }


def problem(code: str, path: str, line: int | None = None, severity: Severity = "error", **params: object) -> Problem:
    """Make a :class:`Problem`; ``params`` fill the message's ``{placeholders}``."""
    text_for(code, "zh-CN")  # fail fast on a code with no message (a bug, not a user mistake)
    return Problem(Location(path, line), code, tuple(sorted((k, str(v)) for k, v in params.items())), severity)


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Problems in a stable order: by file, then line, then message code."""
    return sorted(problems, key=lambda p: (p.location.path, p.location.line or 0, p.code, p.params))


class BuildFailed(Exception):
    """Raised once with every problem found; the CLI prints them and exits 1."""

    def __init__(self, problems: list[Problem]):
        self.problems = sort_problems(problems)
        super().__init__(f"{len(self.problems)} problem(s)")

    def report(self, lang: str = "zh-CN") -> str:
        """The full report: one line per problem and a closing count."""
        lines = [p.format(lang) for p in self.problems]
        errors = sum(1 for p in self.problems if p.severity == "error")
        if lang.startswith("zh"):
            lines.append(f"共发现 {errors} 个错误，未写入任何文件，原有 output/ 保持不变。")
        else:
            lines.append(f"{errors} error(s) found; nothing was written and the previous output is unchanged.")
        return "\n".join(lines)
