"""``edit``: the editing desk and the live preview, started together by one command.

The preview is ``serve`` as it is (:class:`reformpress.commands.serve.PreviewServer`): every save
in the desk changes a file under ``content/``, the preview rebuilds and its open tabs reload, and a
report with errors leaves the last good site in the preview.  The desk
(:class:`reformpress.desk.server.DeskServer`) is given the checks of ``check`` and the importer of
``import-docx`` to run on the files it saves.
"""

from __future__ import annotations

from pathlib import Path

from ..desk.server import DeskServer
from ..problems import Problem
from .check import check_site


def problems_of_file(root: Path, rel: str) -> list[Problem]:
    """What ``check`` says about one file (the whole site is checked, so clashes with other reports count too)."""
    return [found for found in check_site(root).problems if found.location.path == rel]


def import_word(docx: Path, root: Path, series: str) -> tuple[str, list[Problem]]:
    """``import-docx`` into ``series``: the new case's path from the root, and the notes to review."""
    from .docx_import import import_docx

    done = import_docx(docx, root, series, [])
    return done.rel, list(done.notes)


def desk_for(root: Path, port: int, preview_url: str) -> DeskServer:
    """A desk over ``root`` with the CLI's checks and Word import."""
    return DeskServer(root, problems_of_file, import_word, port=port, preview_url=preview_url)
