"""Two builds of the same input are byte-identical, whatever the machine's time zone, locale or hash seed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .kit.site import REPO, SiteDir, make_image, snapshot, write_many_filters_site

ENVIRONMENTS = (
    {"TZ": "UTC", "LC_ALL": "C", "PYTHONHASHSEED": "1"},
    {"TZ": "America/New_York", "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "2"},
    {"TZ": "Asia/Shanghai", "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "3"},
    {"TZ": "Europe/Berlin", "LC_ALL": "C", "PYTHONHASHSEED": "4"},
)
"""One build each: nothing in the output may depend on the time zone, the locale or the order of a set."""


def build_in_process_env(site: SiteDir, output: Path, **env: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reformpress", "build", "--root", str(site.root), "--output", str(output)],
        env={**os.environ, "PYTHONPATH": str(REPO), **env}, capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stderr


def test_builds_are_byte_identical_across_time_zones_locales_and_hash_seeds(tmp_path: Path) -> None:
    site = write_many_filters_site(tmp_path / "site")
    make_image(site.root / "content/reform/images/a.jpg", (300, 200))
    text = (site.root / "content/reform/03-case3.md").read_text(encoding="utf-8")
    site.write("content/reform/03-case3.md", text.replace("背景内容。", "背景内容。\n\n![图](images/a.jpg \"图说\")"))
    outputs = [tmp_path / f"build-{number}" for number in range(len(ENVIRONMENTS))]
    for output, env in zip(outputs, ENVIRONMENTS):
        build_in_process_env(site, output, **env)
    first = snapshot(outputs[0])
    filters = json.loads((outputs[0] / "search-index/index.json").read_text(encoding="utf-8"))["filters"]
    assert {name: len(values) for name, values in filters.items()} == {"地区": 10, "年份": 4, "系列": 3}
    assert any(name.startswith("search-index/t/") for name in first) and len(first) > 100
    for output in outputs[1:]:  # the whole output, the search index included
        other = snapshot(output)
        assert sorted(other) == sorted(first), output.name
        assert [name for name in first if first[name] != other[name]] == [], output.name
