"""``edit``: the editing desk and the live preview, started together by one command.

The preview is ``serve`` as it is (:class:`reformpress.commands.serve.PreviewServer`): every save
in the desk changes a file under ``content/``, the preview rebuilds and its open tabs reload, and a
report with errors leaves the last good site in the preview.  The desk
(:class:`reformpress.desk.server.DeskServer`) is given the checks of ``check`` and the importer of
``import-docx`` to run on the files it saves.
"""

from __future__ import annotations

from pathlib import Path

from ..content.checks import check_series
from ..content.config import load_config
from ..content.sources import Sources, read_series
from ..desk.server import DeskServer
from ..problems import BuildFailed, Problem, sort_problems
from .editorial import editorial_problems


def problems_of_file(root: Path, rel: str) -> list[Problem]:
    """What ``check`` says about one report (or, for ``content/<series>``, about each of its reports): the build's checks of its series (clashes of numbers and
    addresses with the series' other reports included) and the editorial warnings, for that file.

    Only its series is read, so a save is checked in well under a second whatever the size of the
    site (a whole ``check`` reads, assembles and renders everything: 50 s at 5,000 reports).  What
    only the whole site shows (an address taken in another series, a template that fails) the
    preview's rebuild reports, as ``serve`` does.
    """
    try:
        config = load_config(root / "site.yaml")
    except BuildFailed as failed:
        return failed.problems
    parts = rel.split("/")
    problems: list[Problem] = []
    series = read_series(root, root / parts[0] / parts[1], (root / "content").resolve(), problems)
    _, found = check_series(config, root, series)
    problems += found
    problems += editorial_problems(config, Sources(root, (series,)), None)
    if len(parts) == 2:  # the series folder: every report in it
        return sort_problems([found for found in problems if found.location.path.startswith(rel + "/")])
    return sort_problems([found for found in problems if found.location.path == rel])


def import_word(docx: Path, root: Path, series: str) -> tuple[str, list[Problem]]:
    """``import-docx`` into ``series``: the new case's path from the root, and the notes to review."""
    from .docx_import import import_docx

    done = import_docx(docx, root, series, [])
    return done.rel, list(done.notes)


def desk_for(root: Path, port: int, preview_url: str) -> DeskServer:
    """A desk over ``root`` with the CLI's checks and Word import."""
    return DeskServer(root, problems_of_file, import_word, port=port, preview_url=preview_url)
