"""Where a cold build's memory peaks: the whole process tree's memory, stage by stage.

    python bench/peak_memory.py bench/work/corpus-50000/reformpress     # ≈ 8–10 min at 50,000 reports, 2 cores

Removes the site's ``output/`` and ``.cache/``, then runs ``python -m reformpress build --root SITE``
(search on, as the README runs it) and samples its process tree every 20 ms, as ``run.py`` does for its
memory rounds (the sum of the proportional set sizes, :func:`run.tree_pss_mb`; the build's own process
apart).  Each sample is put in the stage that was running, from the seconds per stage the build prints at
its end (load, assemble, plan, images, render, write, search); the table is each stage's peak.  The
sampler takes CPU from the build, so the seconds are not the build's: time it with ``run.py``.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import tree_pss_mb

STAGE_SECONDS = re.compile(r"([a-z]+) (\d+(?:\.\d+)?)s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("site", type=Path, help="a site folder (site.yaml, content/), e.g. one written by bench/corpus.py")
    parser.add_argument("--interval", type=float, default=0.02, help="seconds between samples (default 0.02)")
    args = parser.parse_args()
    site = args.site.resolve()
    for generated in (site / "output", site / ".cache"):
        shutil.rmtree(generated, ignore_errors=True)
    started = time.monotonic()
    build = subprocess.Popen([sys.executable, "-m", "reformpress", "build", "--root", str(site)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    said: list[str] = []
    reader = threading.Thread(target=lambda: said.extend(build.stdout or ()), daemon=True)
    reader.start()
    samples: list[tuple[float, float, float]] = []  # (seconds since the start, tree MB, build process MB)
    while build.poll() is None:
        samples.append((time.monotonic() - started, *tree_pss_mb(build.pid)))  # each memory map read once a sample
        time.sleep(args.interval)
    reader.join()
    text = "".join(said)
    if build.returncode != 0:
        sys.exit(f"the build failed ({build.returncode}):\n{text[-2000:]}")
    summary = text.strip().splitlines()[-1]
    stages = [(name, float(seconds)) for name, seconds in STAGE_SECONDS.findall(summary)]
    total = sum(seconds for _, seconds in stages)
    start_up = (samples[-1][0] if samples else 0.0) - total  # the interpreter starting, before the build's clock
    bounds, at = [], start_up
    for name, seconds in stages:
        at += seconds
        bounds.append((name, at))
    peaks: dict[str, tuple[float, float]] = {}
    for moment, tree, own in samples:
        stage = next((name for name, end in bounds if moment <= end), bounds[-1][0] if bounds else "build")
        if tree > peaks.get(stage, (0.0, 0.0))[0]:
            peaks[stage] = (tree, own)
    print(summary)
    print(f"{len(samples)} samples over {samples[-1][0] if samples else 0:.0f} s")
    print("| stage | peak of the process tree | the build's own process then |")
    print("|---|---|---|")
    for name, _ in bounds:
        if name in peaks:
            tree, own = peaks[name]
            print(f"| {name} | {tree:.0f} MB | {own:.0f} MB |")
    highest = max(peaks.items(), key=lambda item: item[1][0]) if peaks else None
    if highest:
        print(f"peak: {highest[1][0]:.0f} MB, while {highest[0]}")


if __name__ == "__main__":
    main()
