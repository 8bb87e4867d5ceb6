"""``init``: a new site that builds at once, with the package's one copy of the templates."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from reformpress.commands.check import check_site
from reformpress.commands.cli import main
from reformpress.pipeline import BuildRequest, build

from .kit.cli import cli_env, run_cli
from .kit.site import REPO, SiteDir


def same_tree(left: Path, right: Path) -> bool:
    """Whether two folders hold the same files with the same bytes."""
    files = sorted(p.relative_to(left) for p in left.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    others = sorted(p.relative_to(right) for p in right.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return files == others and all(filecmp.cmp(left / f, right / f, shallow=False) for f in files)


def test_init_makes_a_site_that_builds_and_checks_clean(tmp_path: Path) -> None:
    target = tmp_path / "gutian-site"
    result = CliRunner().invoke(main, ["init", str(target), "--title", "古田改革在线"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"已在 {target} 创建新站点。预览：reformpress serve --root {target}；生成网站：reformpress build --root {target}"
    assert same_tree(REPO / "templates", target / "templates")
    report = build(BuildRequest(target))
    assert report.articles == 1
    home = SiteDir(target).page("")
    assert home.select_one("title").get_text() == "古田改革在线"
    assert "示例县推行“一窗通办”政务服务改革" in home.get_text()
    result = check_site(target, strict=True)
    assert result.problems == []


def test_the_new_site_works_with_the_other_commands(tmp_path: Path) -> None:
    target = tmp_path / "site"
    assert CliRunner().invoke(main, ["init", str(target)]).exit_code == 0
    made = CliRunner().invoke(main, ["new", "reform", "--region", "示例县", "--title", "示例县改革", "--root", str(target)])
    assert made.exit_code == 0, made.output
    assert (target / "content/reform/02-shi-li-xian-gai-ge.md").is_file()
    (target / "content/reform/01-sample.md").write_text(
        (target / "content/reform/01-sample.md").read_text(encoding="utf-8").replace("改革办", "改革办公室"), encoding="utf-8"
    )
    checked = CliRunner().invoke(main, ["check", "--root", str(target)])
    assert "content/reform/01-sample.md:5: 警告：“改革办公室”不是规范写法，应为“改革办”" in checked.output  # the sample terms list works


def test_init_in_english(tmp_path: Path) -> None:
    target = tmp_path / "en"
    result = CliRunner().invoke(main, ["init", str(target), "--language", "en"])
    assert result.output.startswith(f"Created a new site in {target}.")
    build(BuildRequest(target))
    assert check_site(target, strict=True).problems == []
    assert "## Background" in (target / "content/reform/01-sample.md").read_text(encoding="utf-8")


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    target = tmp_path / "busy"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(main, ["init", str(target)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{target}: 文件夹 {target} 已存在且不是空的 — 请换一个新的文件夹名；本命令不会覆盖已有文件",
        "共发现 1 个错误，没有创建或修改任何文件。",
    ]
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert CliRunner().invoke(main, ["init", str(empty)]).exit_code == 0


def test_init_and_build_as_real_processes_with_python_build_py(tmp_path: Path) -> None:
    target = tmp_path / "site"
    assert run_cli("init", str(target)).returncode == 0
    result = subprocess.run([sys.executable, "build.py", "build"], cwd=target, env=cli_env(), capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 0, result.stderr
    assert (target / "output/reform/01-sample/index.html").is_file()


def test_an_installed_wheel_carries_the_templates_for_init(tmp_path: Path) -> None:
    """Build the real wheel, install it into a scratch folder, and run init from there."""
    wheels, installed, source = tmp_path / "wheels", tmp_path / "installed", tmp_path / "source"
    source.mkdir()  # build from a copy, so the checkout gets no build/ or egg-info
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    for name in ("reformpress", "templates"):
        shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--disable-pip-version-check", "-w", str(wheels), str(source)],
        capture_output=True, text=True, check=False, timeout=180,
    )
    assert built.returncode == 0, f"building the wheel needs pip and PyPI for setuptools (bash scripts/setup.sh):\n{built.stderr}"
    (wheel,) = wheels.glob("reformpress-*.whl")
    installing = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--disable-pip-version-check", "--target", str(installed), str(wheel)],
        capture_output=True, text=True, check=False, timeout=120,
    )
    assert installing.returncode == 0, installing.stderr
    assert not (installed / "templates").exists()
    assert same_tree(REPO / "templates", installed / "reformpress/site_templates")
    assert same_tree(REPO / "reformpress/desk/decap", installed / "reformpress/desk/decap")  # the editing desk works from a wheel too
    assert same_tree(REPO / "reformpress/desk/static", installed / "reformpress/desk/static")
    env = {**os.environ, "PYTHONPATH": str(installed)}
    target = tmp_path / "from-wheel"
    made = subprocess.run([sys.executable, "-m", "reformpress", "init", str(target)], cwd=tmp_path, env=env, capture_output=True, text=True, check=False, timeout=60)
    assert made.returncode == 0, made.stderr
    where = subprocess.run([sys.executable, "-c", "import reformpress; print(reformpress.__file__)"], cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert where.stdout.startswith(str(installed))
    assert same_tree(REPO / "templates", target / "templates")
    built_site = subprocess.run([sys.executable, "-m", "reformpress", "build", "--root", str(target)], cwd=tmp_path, env=env, capture_output=True, text=True, check=False, timeout=60)
    assert built_site.returncode == 0, built_site.stderr


def test_what_a_build_makes_is_ignored_by_git(tmp_path: Path) -> None:
    """An editor who commits the new site commits sources only: no output, staging or spare folder, no cache."""
    target = tmp_path / "site"
    assert CliRunner().invoke(main, ["init", str(target)]).exit_code == 0
    for _ in range(2):  # the second build leaves the first site as .output.spare
        assert CliRunner().invoke(main, ["build", "--no-search", "--root", str(target)]).exit_code == 0
    assert (target / ".cache").is_dir() and (target / ".output.spare").is_dir()
    git = ["git", "-C", str(target), "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    tracked = subprocess.run([*git, "ls-files"], check=True, capture_output=True, text=True).stdout.split()
    assert "site.yaml" in tracked and "content/reform/01-sample.md" in tracked
    assert [path for path in tracked if path.startswith(("output/", ".cache/", ".output."))] == []


def test_editors_get_a_desk_to_double_click(tmp_path: Path) -> None:
    """稿件编辑台.cmd (Windows) and .command (macOS) start `edit`, for editors who never open a terminal."""
    from reformpress.commands.cli import main as commands

    target = tmp_path / "site"
    assert CliRunner().invoke(main, ["init", str(target)]).exit_code == 0
    for folder, run in ((target, "-m reformpress edit"), (REPO, "build.py edit")):
        windows = (folder / "稿件编辑台.cmd").read_bytes()
        assert windows.isascii() and windows.count(b"\r\n") == windows.count(b"\n")  # cmd.exe: its own code page, CRLF
        assert f"py {run}".encode() in windows and b'cd /d "%~dp0"' in windows
        mac = folder / "稿件编辑台.command"
        assert mac.read_bytes().startswith(b"#!/bin/sh\n") and f"python3 {run}".encode() in mac.read_bytes()
        assert os.access(mac, os.X_OK)
    assert "edit" in commands.commands  # what they run is a real command
