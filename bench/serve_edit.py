"""What an editor waits for in ``serve`` after saving a report: the page, then the search index.

    python bench/serve_edit.py bench/work/corpus-5000/reformpress     # a corpus made by bench/run.py

Works on a copy of the site (content hard-linked: every writer replaces a file, never changes it in
place, so the corpus is not touched), starts ``python -m reformpress serve`` as the README starts it
(search on), waits for its first build, then three times appends a sentence to one report, as a save
in an editor does, and measures from the save until the server sends the page with the sentence, and
until the search index holds it (the report's record in ``search-index/``). Prints Markdown.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from reformpress.publish.output import link_or_copy  # a copy where links are not possible: TMPDIR=/dev/shm keeps the disk out of it
from tests.kit.serve import CliProcess


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.read().decode("utf-8")
    except OSError:
        return ""


def shard_keys(output: Path) -> set[str]:
    try:
        return {shard[0] for shard in json.loads((output / "search-index/index.json").read_text(encoding="utf-8"))["shards"]}
    except (OSError, ValueError):
        return set()


def indexed(output: Path, before: set[str], sentence: str) -> bool:
    """Whether a shard new since ``before`` holds ``sentence`` in one of its reports' records."""
    return any(sentence in path.read_text(encoding="utf-8") for key in shard_keys(output) - before for path in (output / "search-index" / key / "d").glob("*.json"))


def main(site: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="reformpress-serve-bench-") as work:
        root = Path(work) / "site"
        root.mkdir()
        shutil.copytree(site / "content", root / "content", copy_function=link_or_copy)
        shutil.copy(site / "site.yaml", root / "site.yaml")
        shutil.copytree(REPO / "templates", root / "templates")
        reports = sorted((root / "content").glob("*/[0-9]*.md"))
        time.sleep(2.5)  # files changed within 2 s are never trusted by their times (uptodate.RACY): an editor's are older
        started = time.perf_counter()
        serve = CliProcess("serve", "--port", "0", "--root", str(root))
        try:
            url_of_site = serve.wait_for(r"(http://127\.0\.0\.1:\d+/)", timeout=1800).group(1)  # printed once the first build is done
            print(f"{len(reports)} reports; first build in serve: {time.perf_counter() - started:.1f} s\n")
            print("| save | page served with the edit | search index holds it |\n|---|---|---|")
            for number, case in enumerate((reports[len(reports) // 3], reports[len(reports) // 2], reports[-7]), 1):
                url = url_of_site + case.parent.name + "/" + case.stem + "/"
                assert "<html" in fetch(url), url
                sentence = f"改革再出发第{number}次测量。"
                text = case.read_text(encoding="utf-8")
                body = text.index("\n## ")
                replacement = case.with_name(case.name + ".tmp")
                replacement.write_text(text[:body] + text[body:].replace("。", "。" + sentence, 1), encoding="utf-8")
                before = shard_keys(root / "output")
                saved = time.perf_counter()
                replacement.replace(case)  # a new file, as an editor's save writes it
                page = index = None
                while page is None or index is None:
                    now = time.perf_counter() - saved
                    assert now < 300, "no rebuild within 300 s"
                    if page is None and sentence in fetch(url):
                        page = now
                    if index is None and indexed(root / "output", before, sentence):
                        index = time.perf_counter() - saved
                    time.sleep(0.05)
                print(f"| {number} | {page:.2f} s | {index:.2f} s |")
                time.sleep(3)  # let the rebuild finish before the next save
        finally:
            serve.stop()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
