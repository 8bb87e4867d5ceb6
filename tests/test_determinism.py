"""Two builds of the same input are byte-identical, whatever the machine's time zone, locale or hash seed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .sitekit import REPO, SiteDir, make_image, unstable_search_file
from .test_output_safety import snapshot


def build_in_process_env(site: SiteDir, output: Path, **env: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reformpress", "build", "--root", str(site.root), "--output", str(output)],
        env={**os.environ, "PYTHONPATH": str(REPO), **env}, capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stderr


def test_builds_are_byte_identical_across_time_zones_locales_and_hash_seeds(site: SiteDir, tmp_path: Path) -> None:
    make_image(site.root / "content/demo/images/a.jpg", (300, 200))
    text = (site.root / "content/demo/01-gutian.md").read_text(encoding="utf-8")
    site.write("content/demo/01-gutian.md", text.replace("背景内容。", "背景内容。\n\n![图](images/a.jpg \"图说\")").replace("[乡村振兴]", "[乡村振兴, 干部培养, 数字政府]"))
    first, second = tmp_path / "first", tmp_path / "second"
    build_in_process_env(site, first, TZ="UTC", LC_ALL="C", PYTHONHASHSEED="1")
    build_in_process_env(site, second, TZ="America/New_York", LC_ALL="C.UTF-8", PYTHONHASHSEED="2")
    one, two = snapshot(first), snapshot(second)
    assert len([name for name in one if unstable_search_file(name)]) == len([name for name in two if unstable_search_file(name)]) > 0
    one = {name: data for name, data in one.items() if not unstable_search_file(name)}
    two = {name: data for name, data in two.items() if not unstable_search_file(name)}
    assert any(name.startswith("pagefind/fragment/") for name in one)
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []
    assert len(one) > 15
