"""Thin entry point: ``python build.py <command>`` is ``reformpress <command>``.

On a fresh machine it also installs reformpress: when the packages it needs are missing from the
Python that runs it, it makes a virtual environment ``.venv`` beside this file, installs the
project into it (``pip install -e .``), and runs the command there. A virtual environment is what
PEP 668 allows on Debian's and Ubuntu's own Python (``externally-managed-environment``), and the
same steps work with Windows' ``py``. Later runs find ``.venv`` and use it straight away. Only the
standard library is imported before that.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv"
BOOTSTRAPPED = "REFORMPRESS_BOOTSTRAPPED"
"""Set for the re-run inside ``.venv``, so that a broken install is reported instead of looping."""


def venv_python(venv: Path = VENV) -> Path:
    """The Python inside a virtual environment, on Windows and elsewhere."""
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def missing_package() -> str | None:
    """The name of the first package reformpress needs that this Python cannot import, or None."""
    try:
        import reformpress.commands.cli  # noqa: F401  (imports every package the commands need)
    except ModuleNotFoundError as error:
        return error.name or "?"
    return None


def in_our_venv() -> bool:
    """Whether this Python is the one in ``.venv``."""
    return Path(sys.prefix).resolve() == VENV.resolve()


def say(text: str) -> None:
    """One line of the installer's progress, on stderr (stdout stays the command's)."""
    print(f"build.py: {text}", file=sys.stderr, flush=True)


def make_venv() -> None:
    """Create ``.venv``, or exit with what to install when this Python cannot make one."""
    say(f"正在创建虚拟环境 {VENV.name}/（只需一次） / creating the virtual environment {VENV.name}/ (once)")
    result = subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=False, capture_output=True, text=True)
    if result.returncode != 0 or not venv_python().exists():
        say("无法创建虚拟环境 — Debian/Ubuntu 请先运行 sudo apt-get install python3-venv，然后重新运行本命令")
        say("cannot create a virtual environment — on Debian/Ubuntu run sudo apt-get install python3-venv first")
        sys.stderr.write(result.stderr)
        raise SystemExit(1)


def install_into_venv() -> None:
    """``pip install -e .`` of this project into ``.venv`` (a few minutes the first time: it downloads the packages)."""
    say("正在安装 reformpress 及其依赖（首次约 1–3 分钟） / installing reformpress and its packages (1–3 minutes the first time)")
    command = [str(venv_python()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", str(HERE)]
    if subprocess.run(command, check=False).returncode != 0:
        say("安装失败：请检查网络，或手动运行 " + " ".join(command))
        raise SystemExit(1)


def bootstrap() -> None:
    """Make sure the command runs in a Python that has reformpress's packages, installing them if needed."""
    missing = missing_package()
    if missing is None:
        return
    if os.environ.get(BOOTSTRAPPED) and in_our_venv():
        say(f"安装后仍缺少 Python 包 {missing} — 请删除 {VENV.name}/ 文件夹后重新运行")
        raise SystemExit(1)
    if not venv_python().exists():
        make_venv()
    if in_our_venv() or subprocess.run([str(venv_python()), "-c", "import reformpress.commands.cli"], cwd=HERE, check=False, capture_output=True).returncode != 0:
        install_into_venv()
    environment = dict(os.environ, **{BOOTSTRAPPED: "1"})
    raise SystemExit(subprocess.run([str(venv_python()), str(Path(__file__).resolve()), *sys.argv[1:]], check=False, env=environment).returncode)


if __name__ == "__main__":
    bootstrap()
    from reformpress.commands.cli import main

    main()
