"""The command line speaks the editors' language: Click's own texts translated, ``-h``, a bare command, aliases."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .kit.site import copy_example

ENGLISH_CLICK = ("Usage:", "Show this message and exit.", "Show the version and exit.", "Error:", "Missing option", "Try '")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``reformpress ARGS`` in ``cwd``, as an editor runs it."""
    return subprocess.run([sys.executable, "-m", "reformpress", *args], cwd=cwd, check=False, capture_output=True, text=True, timeout=120)


def test_a_bare_command_prints_the_help_in_chinese_and_exits_0(tmp_path: Path) -> None:
    result = run(cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("用法：") and "命令" in result.stdout
    assert "显示本帮助并退出。" in result.stdout and "显示版本号并退出。" in result.stdout
    assert "reformpress init" in result.stdout
    assert not any(text in result.stdout for text in ENGLISH_CLICK)


def test_dash_h_is_help_for_every_command(tmp_path: Path) -> None:
    for command in ("build", "check", "serve", "new", "init", "import-docx"):
        result = run(command, "-h", cwd=tmp_path)
        assert result.returncode == 0, (command, result.stderr)
        assert result.stdout.startswith("用法：") and "选项" in result.stdout, result.stdout
        assert not any(text in result.stdout for text in ENGLISH_CLICK), result.stdout


def test_a_missing_option_and_a_misspelt_command_are_told_in_chinese(tmp_path: Path) -> None:
    missing = run("new", "ningde-reform", cwd=tmp_path)
    assert missing.returncode == 2
    assert "错误：缺少选项 '--title'" in missing.stderr
    assert "查看帮助" in missing.stderr
    misspelt = run("bild", cwd=tmp_path)
    assert misspelt.returncode == 2 and "错误：没有命令 'bild'。" in misspelt.stderr and "是不是 'build'？" in misspelt.stderr
    out_of_range = run("build", "--jobs", "0", cwd=tmp_path)
    assert "的值不对：0 不在" in out_of_range.stderr
    for result in (missing, misspelt, out_of_range):
        assert not any(text in result.stderr for text in ENGLISH_CLICK), result.stderr


def test_an_english_site_gets_clicks_english(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text("language: en\n", encoding="utf-8")
    result = run("new", "x", cwd=tmp_path)
    assert "Error: Missing option '--title'." in result.stderr


def test_hugo_style_aliases_for_the_source_and_destination_folders(tmp_path: Path) -> None:
    site = copy_example(tmp_path / "site")
    result = run("build", "-s", str(site), "-d", str(tmp_path / "public"), "--no-search", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "public" / "index.html").is_file()
    long_form = run("build", "--source", str(site), "--destination", str(tmp_path / "public2"), "--no-search", cwd=tmp_path)
    assert long_form.returncode == 0 and (tmp_path / "public2" / "index.html").is_file(), long_form.stderr
