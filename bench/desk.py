"""How long the editing desk makes an editor wait, on a site of any size: list a series, save a report, check it.

    python bench/desk.py bench/work/corpus-5000/reformpress     # a corpus made by bench/run.py

Works on a hard-linked copy of the site's content (the site itself is not changed), starts the
desk's real server (:func:`reformpress.commands.edit.desk_for`) and talks to it over HTTP as Decap
CMS does: ``entriesByFolder`` on the first series, ``persistEntry`` of its first report with one
field changed, then ``checkEntry`` twice (the first pays for imports). Prints seconds and sizes.
"""

from __future__ import annotations

import argparse
import http.client
import json
import shutil
import tempfile
import time
from pathlib import Path

from reformpress.commands.edit import desk_for


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path, help="a site folder (site.yaml, content/, templates/)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reformpress-desk-bench-") as work:
        root = Path(work) / "site"
        root.mkdir()
        shutil.copytree(args.site / "content", root / "content", copy_function=lambda src, dst: Path(dst).hardlink_to(src))
        shutil.copy(args.site / "site.yaml", root / "site.yaml")
        shutil.copytree(args.site / "templates", root / "templates")
        desk = desk_for(root, 0, "")
        desk.start()
        try:
            def call(action: str, **params: object) -> tuple[float, object, int]:
                body = json.dumps({"action": action, "params": params}).encode()
                connection = http.client.HTTPConnection("127.0.0.1", desk.port, timeout=600)
                started = time.perf_counter()
                connection.request("POST", desk.api_path, body, {"Host": f"127.0.0.1:{desk.port}", "Content-Type": "application/json"})
                data = connection.getresponse().read()
                seconds = time.perf_counter() - started
                connection.close()
                return seconds, json.loads(data), len(data)

            series = sorted(p.name for p in (root / "content").iterdir() if (p / "_series.yaml").is_file())
            reports = sum(1 for _ in (root / "content").glob("*/[0-9]*.md"))
            seconds, listed, size = call("entriesByFolder", folder=f"content/{series[0]}", extension="md", depth=1)
            assert isinstance(listed, list)
            print(f"{reports} reports in {len(series)} series")
            print(f"entriesByFolder: {seconds:.2f} s for {len(listed)} reports ({size / 1e6:.1f} MB)")
            rel = listed[0]["file"]["path"]
            form = dict(json.loads(listed[0]["data"]), editor="王芳")
            raw = json.dumps(form, ensure_ascii=False)
            seconds, _, _ = call("persistEntry", dataFiles=[{"path": rel, "slug": Path(rel).stem, "raw": raw}], assets=[])
            print(f"persistEntry: {seconds:.3f} s")
            for attempt in ("first", "again"):
                seconds, answer, _ = call("checkEntry", path=rel)
                print(f"checkEntry ({attempt}): {seconds:.2f} s, {len(answer['problems'])} problems")  # type: ignore[index]
        finally:
            desk.stop()


if __name__ == "__main__":
    main()
