"""Checking hands on typed records: what the later stages use is what was checked, parsed once."""

from __future__ import annotations

import inspect
from datetime import datetime

from reformpress.content.checks import check_content
from reformpress.content.config import load_config
from reformpress.content.sources import read_sources
from reformpress.model import Region, Tag
from reformpress.site import assemble

from .kit.site import SiteDir


def test_a_checked_case_holds_its_date_regions_tags_and_key_already_parsed(example_site: SiteDir) -> None:
    config = load_config(example_site.root / "site.yaml")
    sources, problems = read_sources(example_site.root)
    content, found = check_content(config, sources)
    assert problems == found == []
    cases = [case for series in content.series for case in series.cases]
    assert len(cases) == sum(len(series.cases) for series in sources.series) > 5
    for case in cases:
        assert isinstance(case.date, datetime) and case.date.year >= 2000
        assert case.regions and all(isinstance(region, Region) and region in config.regions for region in case.regions)
        assert all(isinstance(tag, Tag) and tag.slug for tag in case.tags)
        assert case.key.startswith(case.path.split("/")[1] + "/") and case.key.endswith(case.slug)
    site = assemble.assemble(config, content)
    for case in cases:
        outline = site.outlines[case.key]
        assert (outline.date, outline.regions, outline.tags) == (case.date, case.regions, case.tags)


def test_the_pure_stages_take_no_machinery() -> None:
    """No cache, jobs or progress argument in the stages (the incremental shell wraps them)."""
    for stage in (check_content, assemble.assemble, assemble.article_inputs, assemble.article_from_inputs, assemble.relate):
        names = set(inspect.signature(stage).parameters)
        assert not names & {"cache", "jobs", "progress", "workers"}, (stage.__name__, names)
