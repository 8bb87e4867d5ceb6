"""The tests' own layering: test modules share helpers through tests/kit/ only, never by importing each other."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def imported_modules(tree: ast.Module, package: str) -> list[tuple[int, str]]:
    """(line, dotted module name) of every import in ``tree``, also inside functions, relative ones resolved against ``package``.

    ``from X import a`` counts as importing ``X`` and ``X.a`` (``a`` may be a module); a bare name that is
    a file or folder in tests/ (``import sitekit``, as pytest's rootdir import would allow) counts as ``tests.<name>``.
    """
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names if alias.name != "*"]
    resolved = []
    for line, module in found:
        head = module.split(".", 1)[0]
        if head != "tests" and ((TESTS / f"{head}.py").is_file() or (TESTS / head).is_dir()):
            module = f"tests.{module}"
        resolved.append((line, module))
    return resolved


def test_no_test_module_imports_another_and_helpers_come_from_the_kit() -> None:
    """Every tests/test_*.py, conftest.py and kit module: no import of a test module; test modules and conftest import
    nothing of tests/ but the kit (tests/kit/), so that a helper two modules need has one definition, in the kit."""
    sources = sorted(TESTS.glob("test_*.py")) + [TESTS / "conftest.py"] + sorted((TESTS / "kit").glob("*.py"))
    assert len(sources) > 40
    wrong = []
    for path in sources:
        rel = path.relative_to(TESTS.parent).as_posix()
        package = "tests.kit" if path.parent.name == "kit" else "tests"
        for line, module in imported_modules(ast.parse(path.read_text(encoding="utf-8"), rel), package):
            parts = module.split(".")
            if parts[0] != "tests" or len(parts) < 2:
                continue
            if parts[1].startswith("test_"):
                wrong.append(f"{rel}:{line}: imports the test module tests.{parts[1]} — move what it needs into tests/kit/")
            elif package == "tests" and parts[1] != "kit":
                wrong.append(f"{rel}:{line}: imports tests.{parts[1]}, which is not the test kit — import helpers from tests/kit/")
    wrong = list(dict.fromkeys(wrong))  # ``from X import a`` names X and X.a
    assert not wrong, "\n".join(wrong)
