"""Nothing lost: the previous site survives failed, killed and disk-full builds; no folder is wiped by mistake."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .kit.site import REPO, SiteDir, case_text, snapshot


def run_build(site: SiteDir, *args: str, **popen: object) -> subprocess.Popen:
    """Start ``python -m reformpress build`` on the site as a real process."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "reformpress", "build", "--root", str(site.root), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, **popen,  # type: ignore[arg-type]
    )


def add_cases(site: SiteDir, count: int) -> None:
    for number in range(3, 3 + count):
        site.write(f"content/demo/{number:03d}-case-{number}.md", case_text(f"第{number}篇改革案例", date=f"2022-10-{1 + number % 28:02d} 10:00") + "补充内容。" * 400)


def test_killed_build_leaves_a_complete_site_and_the_next_build_cleans_up(site: SiteDir) -> None:
    add_cases(site, 150)
    site.build()
    old = snapshot(site.output)
    site.write("content/demo/01-gutian.md", case_text("改过的标题"))
    process = run_build(site)
    deadline = time.monotonic() + 60
    while not list(site.root.glob(".output.staging-*")):  # kill -9 in the middle of writing
        assert process.poll() is None, "the build ended before it started writing"
        assert time.monotonic() < deadline
        time.sleep(0.001)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert snapshot(site.output) == old
    assert list(site.root.glob(".output.staging-*")), "nothing was half-written: the kill came too late to prove anything"
    site.build()
    assert "改过的标题" in site.page("demo/01-gutian/").h1.get_text()
    assert [p.name for p in site.root.iterdir() if p.name.startswith(".output.") and p.name not in (".output.spare", ".output.lock")] == []  # the spare is the previous site, kept on purpose; the lock file is empty and stays


def test_disk_full_fails_cleanly_and_keeps_the_old_site(site: SiteDir) -> None:
    site.build()
    old = snapshot(site.output)
    site.write("content/demo/01-gutian.md", case_text("新标题", body=None) + "很长的补充内容。" * 3000)

    def small_disk() -> None:  # a real OS limit: writes past 40 kB fail with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (40_000, 40_000))

    process = run_build(site, preexec_fn=small_disk)
    _, stderr = process.communicate(timeout=60)
    message = stderr.decode()
    assert process.returncode == 1
    assert "写入输出目录失败" in message and "Traceback" not in message
    assert snapshot(site.output) == old
    assert [p.name for p in site.root.iterdir() if p.name.startswith(".output.") and p.name not in (".output.spare", ".output.lock")] == []  # the spare is the previous site, kept on purpose; the lock file is empty and stays


@pytest.mark.parametrize("target", ["/", "~", "content", "."])
def test_refuses_to_replace_protected_folders(site: SiteDir, target: str) -> None:
    output = str(Path(target).expanduser()) if target.startswith(("/", "~")) else str(site.root / target)
    result = site.cli("build", "--output", output)
    assert result.exit_code == 1
    assert "不能位于内容或模板目录中，也不能是站点根目录" in result.output or "不是本工具生成的" in result.output
    assert (site.root / "content/demo/01-gutian.md").exists()


def test_refuses_to_clear_a_folder_it_did_not_make(site: SiteDir, tmp_path: Path) -> None:
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "report.docx").write_bytes(b"precious")
    result = site.cli("build", "--output", str(foreign))
    assert result.exit_code == 1
    assert f"{foreign}: 输出目录 {foreign} 已存在，且不是本工具生成的" in result.output
    assert (foreign / "report.docx").read_bytes() == b"precious"
    empty = tmp_path / "fresh"
    empty.mkdir()
    assert site.cli("build", "--output", str(empty)).exit_code == 0
    assert (empty / "index.html").is_file()
    assert site.cli("build", "--output", str(empty)).exit_code == 0  # ours now: rebuilt in place


def test_template_error_is_reported_with_its_line_and_nothing_is_written(site: SiteDir) -> None:
    site.build()
    old = snapshot(site.output)
    template = site.root / "templates/article.html"
    template.write_text(template.read_text(encoding="utf-8").replace("{{ article.title }}", "{{ article.titel }}"), encoding="utf-8")
    result = site.cli("build")
    assert result.exit_code == 1
    assert "templates/article.html:" in result.output and "titel" in result.output
    assert "Traceback" not in result.output
    assert snapshot(site.output) == old


def test_a_folder_in_the_spare_place_that_is_not_ours_is_left_alone(site: SiteDir) -> None:
    foreign = site.root / ".output.spare"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("someone's own file", encoding="utf-8")
    site.build(search=False)
    site.build(search=False)
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "someone's own file"
    assert not (foreign / ".reformpress-output").exists()


def test_a_template_error_found_after_the_other_pages_were_written_leaves_the_site_as_it_was(site: SiteDir) -> None:
    """Pages go into the staging folder as they are rendered: the 404 page comes last, after every other page is written."""
    site.build(search=False)
    edited = site.root / "content/demo/01-gutian.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("背景内容。", "背景内容，第二稿。"), encoding="utf-8")
    site.build(search=False)  # the first site is now the spare: the next build fills it as its staging folder
    old = snapshot(site.output)
    edited.write_text(edited.read_text(encoding="utf-8").replace("第二稿", "第三稿"), encoding="utf-8")
    template = site.root / "templates/404.html"
    template.write_text(template.read_text(encoding="utf-8").replace("{{ url('') }}", "{{ url(home_page) }}"), encoding="utf-8")
    result = site.cli("build", "--no-search")
    assert result.exit_code == 1 and "templates/404.html:" in result.output and "home_page" in result.output
    assert "Traceback" not in result.output
    assert snapshot(site.output) == old, "a half-made site was swapped in"
    assert "第三稿" not in (site.output / "demo/01-gutian/index.html").read_text(encoding="utf-8")
    assert [p.name for p in site.root.iterdir() if p.name.startswith(".output.staging")] == []
