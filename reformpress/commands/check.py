"""``check``: everything the build checks, without writing, plus editorial warnings.

The build runs in full (validation, assembly, rendering of every template)
with ``write=False``, so ``check`` finds exactly the errors ``build`` would,
drafts and scheduled reports included; the checks then look at the content
and the site that build read and assembled (nothing is read or assembled twice).  Then each *check* — a callable from
:class:`CheckInput` to problems — adds its own: the editorial warnings always,
and with ``--links`` a :class:`LinkCheck` of the built site
(:mod:`reformpress.publish.linkcheck`).  A further kind of check is one more callable
in the ``checks`` argument of :func:`check_site`.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..content.config import load_config
from ..content.image_files import on_disk
from ..content.sources import Sources, read_sources
from ..messages import notice
from ..model import Site, SiteConfig
from ..pipeline import BuildRequest, build
from ..problems import BuildFailed, Problem, problem, sort_problems
from ..publish.exif import has_location
from ..publish.linkcheck import LinkReport, check_links
from ..site.assemble import BuildOptions, scheduled
from ..text import dates
from .editorial import editorial_problems


@dataclass(frozen=True)
class CheckInput:
    """What a check looks at: the site's files as read, and the model when the site is valid."""

    root: Path
    config: SiteConfig
    sources: Sources
    site: Site | None
    """The assembled site (drafts and scheduled reports included), or ``None`` if the build has errors."""
    problems: tuple[Problem, ...] = ()
    """What the build and the checks before this one found."""


Check = Callable[[CheckInput], list[Problem]]
"""One kind of extra check; returns its problems (usually warnings)."""


def editorial_check(given: CheckInput) -> list[Problem]:
    """The editorial warnings (:mod:`reformpress.commands.editorial`)."""
    return editorial_problems(given.config, given.sources, given.site)


DEFAULT_CHECKS: tuple[Check, ...] = (editorial_check,)


@dataclass
class LinkCheck:
    """``check --links``: every internal link of the built site in ``folder``; keeps its report for the summary."""

    folder: Path
    shown_as: str = "output"
    """How problems name the folder (``output/tags/index.html:12``)."""
    report: LinkReport | None = None

    def __call__(self, given: CheckInput) -> list[Problem]:
        if not (self.folder / "index.html").is_file():
            return [problem("output-missing", str(self.folder), None, name=str(self.folder))]
        self.report = check_links(self.folder, given.config.base_url, shown_as=self.shown_as)
        return list(self.report.problems)


def shown_path(folder: Path) -> str:
    """How to name a folder in messages: relative to the working directory when inside it."""
    try:
        return folder.resolve().relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return str(folder)


@dataclass(frozen=True)
class CheckResult:
    """Every problem found, sorted; errors and warnings counted."""

    problems: list[Problem]
    links: LinkReport | None = None
    """The link check's report, when ``--links`` ran."""
    scheduled: tuple[tuple[datetime, str], ...] = ()
    """Reports dated later than now, which a build holds back: (date, path), soonest first."""
    located: tuple[str, ...] = ()
    """Pictures whose files hold GPS coordinates (published without them), sorted."""
    reviews: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Reports still waiting for sign-offs (site.yaml ``review``): (path, the stages), in file order."""
    review_required: bool = False
    """Whether those reports are held back until signed (else they are only listed)."""

    @property
    def errors(self) -> int:
        """How many problems are errors."""
        return sum(1 for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> int:
        """How many problems are warnings."""
        return sum(1 for p in self.problems if p.severity == "warning")

    def text(self, lang: str) -> str:
        """The readable report: one ``path:line: what — fix`` line per problem, then a summary."""
        lines = [p.format(lang) for p in self.problems] + self.link_lines(lang) + scheduled_lines(self.scheduled, lang) + [notice("picture-location", lang, path=path) for path in self.located]
        code = "review-waiting" if self.review_required else "review-waiting-optional"
        lines += [notice(code, lang, path=path, stages="、".join(stages)) for path, stages in self.reviews]
        if self.problems:
            lines.append(notice("check-summary", lang, errors=self.errors, warnings=self.warnings))
        else:
            lines.append(notice("check-clean", lang))
        return "\n".join(lines)

    def link_lines(self, lang: str) -> list[str]:
        """The link check's summary and its external links (listed, never fetched)."""
        links = self.links
        if links is None:
            return []
        zh = not lang.lower().startswith("en")
        lines = []
        if links.external:
            lines.append("站外链接（只列出，未访问）：" if zh else "external links (listed, not fetched):")
            lines += [f"  {e.url}  （{e.pages} 个页面，如 {e.first_page}）" if zh else f"  {e.url}  ({e.pages} pages, e.g. {e.first_page})" for e in links.external]
        lines.append(
            f"链接检查：{links.pages} 个页面，{links.links} 个站内链接，{len(links.problems)} 个问题，{len(links.external)} 个站外链接。"
            if zh
            else f"links: {links.pages} pages, {links.links} internal links, {len(links.problems)} problems, {len(links.external)} external links."
        )
        return lines

    def json(self, lang: str) -> str:
        """The report as JSON for tools: counts, one object per problem, and the link check's summary."""
        data: dict[str, object] = {"errors": self.errors, "warnings": self.warnings, "problems": [p.as_dict(lang) for p in self.problems]}
        data["scheduled"] = [{"path": path, "date": f"{date:%Y-%m-%d %H:%M}"} for date, path in self.scheduled]
        data["review_waiting"] = [{"path": path, "stages": list(stages), "held_back": self.review_required} for path, stages in self.reviews]
        data["located"] = list(self.located)
        if self.links is not None:
            data["links"] = {
                "pages": self.links.pages,
                "internal": self.links.links,
                "external": [{"url": e.url, "pages": e.pages, "first_page": e.first_page} for e in self.links.external],
            }
        return json.dumps(data, ensure_ascii=False, indent=2)


def scheduled_lines(waiting: Sequence[tuple[datetime, str]], lang: str) -> list[str]:
    """One line per report held back because its date is later than now."""
    return [notice("scheduled", lang, path=path, date=f"{date:%Y-%m-%d %H:%M}") for date, path in waiting]


def check_site(root: Path, strict: bool = False, checks: Sequence[Check] = DEFAULT_CHECKS, base_url: str | None = None) -> CheckResult:
    """Check a site without writing anything; ``strict`` makes every warning an error.

    ``base_url`` overrides site.yaml's, as ``build --base-url`` does.
    """
    problems: list[Problem] = []
    report = None
    try:
        report = build(BuildRequest(root, base_url=base_url, drafts=True, future=True, write=False))
    except BuildFailed as failed:
        problems += failed.problems
    try:
        config = load_config(root / "site.yaml", base_url)
    except BuildFailed:
        return CheckResult(sort_problems(problems))  # the build reported site.yaml's problems
    content, site = (report.content, report.site) if report is not None else (None, None)
    if content is not None:  # what the build read and assembled (drafts and scheduled reports included)
        sources = Sources(root, tuple(series.source for series in content.series))
    else:  # the build found problems: the editorial checks look at the files as they are
        sources, _ = read_sources(root)
    waiting = tuple(scheduled(content, BuildOptions(now=dates.site_now(config.timezone)))) if content else ()
    given = CheckInput(root, config, sources, site)
    for check in checks:
        problems += check(dataclasses.replace(given, problems=tuple(problems)))
    if strict:
        problems = [dataclasses.replace(p, severity="error") for p in problems]
    links = next((check.report for check in checks if isinstance(check, LinkCheck)), None)
    located = tuple(sorted({source for source, _ in site.images if has_location(on_disk(root, source).read_bytes())})) if site else ()
    reviews = tuple((case.path, case.waiting) for series in content.series for case in series.cases if case.waiting and not case.draft) if content else ()
    return CheckResult(sort_problems(problems), links, waiting, located, reviews, config.review_required)
