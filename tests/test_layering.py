"""The house keeps its shape: which room may import which, and the one list of cache kinds.

The rooms (sub-packages of reformpress) are layered: the pure stages — text, content, site,
pages, publish — import only rooms below them and nothing of the machinery (incremental) or
the commands; the machinery wraps the stages; the pipeline and the commands sit on top.
"""

from __future__ import annotations

import ast
from pathlib import Path

from reformpress.incremental import kinds

PACKAGE = Path(__file__).resolve().parents[1] / "reformpress"

BASE = {"model", "urls", "problems", "messages"}
"""Top-level modules every room may use: the typed data, its URLs, problems and their messages."""

MAY_IMPORT: dict[str, set[str]] = {
    "messages": set(),
    "model": {"text"},  # text.dates alone (see MODEL_USES): how a date is shown, one function
    "urls": {"model"},
    "problems": {"messages"},
    "text": BASE,
    "content": BASE | {"text"},
    "site": BASE | {"text", "content"},
    "pages": BASE | {"text", "content", "site"},
    "publish": BASE | {"text", "content", "site", "pages"},
    "incremental": BASE | {"text", "content", "site", "pages", "publish"},
    "pipeline": BASE | {"text", "content", "site", "pages", "publish", "incremental"},
    "desk": BASE | {"text", "content"},
    "commands": BASE | {"text", "content", "site", "pages", "publish", "incremental", "pipeline", "desk"},
    "__main__": {"commands"},
    "__init__": set(),
}
"""Room → the rooms it may import from (its own is always allowed)."""

MODEL_USES = {"text.dates"}
"""The one module of a room that the model, the bottom layer, uses: it imports nothing of ours (so there is no circle)."""

def room_of(module: str) -> str:
    """``content.checks`` → ``content``; ``pipeline`` → ``pipeline``."""
    return module.split(".")[0]


def imports(package_folder: Path = PACKAGE) -> list[tuple[str, str, int]]:
    """(importing module, imported module, line) for every import of one reformpress module by another."""
    found = []
    for file in sorted(package_folder.rglob("*.py")):
        if "site_templates" in file.parts:
            continue
        parts = file.relative_to(package_folder).with_suffix("").parts
        here = ".".join(parts)
        package = parts[:-1]  # the package a relative import starts from (for __init__.py too: its own)
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = list(package[: len(package) - node.level + 1])
                for alias in node.names:
                    target = ".".join([*base, *([node.module] if node.module else [alias.name])])
                    if node.module is None or (package_folder / Path(*target.split("."))).is_dir():
                        target = ".".join([*base, *([node.module] if node.module else []), alias.name])
                    found.append((here, target, node.lineno))
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("reformpress."):
                found.append((here, node.module.removeprefix("reformpress."), node.lineno))  # type: ignore[union-attr]
            elif isinstance(node, ast.Import):
                found += [(here, alias.name.removeprefix("reformpress."), node.lineno) for alias in node.names if alias.name.startswith("reformpress.")]
    return found


def wrong_imports(package_folder: Path = PACKAGE) -> list[str]:
    """``file:line: what`` for each import against :data:`MAY_IMPORT`."""
    wrong = []
    for here, target, line in imports(package_folder):
        source, room = room_of(here), room_of(target)
        if room == source or room in MAY_IMPORT.get(source, set()) and (source != "model" or target in MODEL_USES):
            continue
        wrong.append(f"reformpress/{here.replace('.', '/')}.py:{line}: {source} imports {target}")
    return wrong


def test_each_room_imports_only_the_rooms_below_it() -> None:
    wrong = wrong_imports()
    assert not wrong, "imports against the layering (MAY_IMPORT in this file):\n" + "\n".join(wrong)


def test_what_the_model_uses_imports_nothing_of_ours() -> None:
    assert not [(here, target) for here, target, _ in imports() if here in MODEL_USES], "the model's one helper must stay a leaf (else a circle)"


def test_the_layering_test_sees_a_wrong_import(tmp_path: Path) -> None:
    """The check can fail: a stage importing the machinery, or the text room importing content, is caught with its line."""
    for room, code in {"site": "from ..incremental.cache import Cache\n", "text": "\nfrom ..content import checks\n", "incremental": "from ..pipeline import build\n"}.items():
        (tmp_path / room).mkdir()
        (tmp_path / room / "__init__.py").write_text("")
        (tmp_path / room / "stage.py").write_text(code)
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "checks.py").write_text("from ..text import chinese\nfrom .. import model\n")  # allowed
    assert wrong_imports(tmp_path) == [
        "reformpress/incremental/stage.py:1: incremental imports pipeline",
        "reformpress/site/stage.py:1: site imports incremental.cache",
        "reformpress/text/stage.py:2: text imports content.checks",
    ]


def test_every_cache_kind_is_declared_once_in_the_registry() -> None:
    """No module declares a cache kind of its own: kinds.py lists each, with its key and what makes it stale."""
    names = [kind.name for kind in kinds.KINDS]
    assert len(names) == len(set(names))
    for file in sorted(PACKAGE.rglob("*.py")):
        if file.name == "kinds.py":
            continue
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                for target in node.targets:
                    if isinstance(target, ast.Name) and target.id.endswith("_KIND"):
                        raise AssertionError(f"{file.relative_to(PACKAGE.parent)}:{node.lineno}: cache kind {target.id} declared outside incremental/kinds.py")
    declared = {value for name, value in vars(kinds).items() if name.endswith(("_KIND", "_FOLDER")) or name == "PAGE_KEYS"}
    assert declared == set(names)
    for kind in kinds.KINDS:
        assert kind.holds and kind.key and kind.stale_when and kind.module, kind.name


def test_the_picture_copies_live_where_the_registry_says() -> None:
    from reformpress.publish.picture_copies import CACHE_FOLDER

    assert CACHE_FOLDER == Path(kinds.CACHE_DIR) / kinds.IMAGES_FOLDER
