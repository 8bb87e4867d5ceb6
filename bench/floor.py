"""How fast could a cold build be without Python-Markdown?  The floor under issue 6's "3× faster than Pelican".

    python bench/floor.py                    # 5,000 reports, 3 rounds (≈ 15 min, with the wait before the rounds)
    python bench/floor.py --size 500 --repeat 1

Cold builds only, of the corpus of bench/run.py, the five taking turns round by round:
reformpress; reformpress with a Markdown engine that costs nothing (bench/without_markdown.py);
Pelican; Hugo; and Hugo making the same site without related news (its article layout without
the ``.Related`` lookup: in Debian's Hugo 0.111 that lookup is most of Hugo's time, and the issue's
"Hugo builds in about 5–8 s" fits a site without it).  For each, the wall time and the CPU time of its whole process tree — exact, not
sampled: this runner makes itself the "subreaper" of the processes a build leaves behind (Linux's
``PR_SET_CHILD_SUBREAPER``), so that the page workers' server, orphaned when the build exits, is
reaped here with the workers it reaped, and their CPU time is counted in this process's children's.
Writes bench/FLOOR.md: medians, and what the target asks (a third of Pelican's time).
"""

from __future__ import annotations

import argparse
import ctypes
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run

PR_SET_CHILD_SUBREAPER = 36
BUILDERS = ("reformpress", "without-markdown", "pelican", "hugo", "hugo-no-related")
"""What builds the corpus: run.py's tools, and reformpress with bench/without_markdown.py as its program."""


def become_subreaper() -> None:
    """Orphaned descendants of this process's children become its children (Linux), so it can reap them."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise SystemExit(f"prctl(PR_SET_CHILD_SUBREAPER) failed: {os.strerror(ctypes.get_errno())} (Linux only)")


def reap_all(timeout: float = 30.0) -> None:
    """Wait for every child left (the build's orphans); their CPU time, with their own reaped children's, is then counted."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.05)
    raise SystemExit("a build left processes running for 30 s after it ended")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cold_build(builder: str, size: int) -> tuple[float, float]:
    """Wall and CPU seconds of a cold build of a fresh copy of the corpus."""
    fresh = run.WORK / f"floor-{size}-{builder}"
    if builder == "without-markdown":
        run.fresh_copy("reformpress", size, fresh)
        command, env = run.reformpress(fresh, None, program=(str(Path(__file__).resolve().parent / "without_markdown.py"),))
    else:
        run.fresh_copy(builder, size, fresh)
        command, env = run.tool_command(builder, fresh, None)
    before = children_cpu()
    timed = run.measure(command, fresh, env)
    reap_all()
    cpu = children_cpu() - before
    run.discard(fresh)
    return timed.seconds, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    become_subreaper()
    run.corpus_for(args.size)
    run.byte_compile_reformpress()
    run.empty_trash()
    run.settle_deletions()
    loads = [run.load_average()]
    times: dict[str, list[tuple[float, float]]] = {builder: [] for builder in BUILDERS}
    for round_ in range(args.repeat):
        for builder in BUILDERS:
            wall, cpu = cold_build(builder, args.size)
            times[builder].append((wall, cpu))
            print(f"round {round_ + 1}  {builder:17} {wall:7.2f} s  CPU {cpu:7.2f} s", flush=True)
        loads.append(run.load_average())
    out = write(times, args, loads)
    print(f"wrote {out}")
    run.empty_trash()


def write(times: dict[str, list[tuple[float, float]]], args: argparse.Namespace, loads: list[float]) -> Path:
    wall = {builder: statistics.median(w for w, _ in runs) for builder, runs in times.items()}
    cpu = {builder: statistics.median(c for _, c in runs) for builder, runs in times.items()}
    lines = [
        "# The floor: a cold build without Python-Markdown",
        "",
        f"Command: `python bench/floor.py {' '.join(sys.argv[1:])}`  ",
        (f"{args.size} reports, {os.cpu_count()} CPUs, load average {min(loads):.2f}–{max(loads):.2f}, run on {time.strftime('%Y-%m-%d %H:%M')}; "
        f"medians of {args.repeat} round(s), the five taking turns. CPU is that of the whole process tree (every worker), exact."),
        "",
        "| cold build | wall | CPU | Pelican's time ÷ this | this ÷ Hugo's time |",
        "|---|---|---|---|---|",
    ]
    for builder in BUILDERS:
        lines.append(f"| {builder} | {wall[builder]:.2f} s | {cpu[builder]:.2f} s | {wall['pelican'] / wall[builder]:.2f}× | {wall[builder] / wall['hugo']:.2f}× |")
    lines += [
        "",
        (f"Issue 6 asks for at least 3× faster than Pelican: here **{wall['pelican'] / 3:.2f} s**; and within 2× of Hugo: {2 * wall['hugo']:.2f} s "
        f"(Hugo without related news: {2 * wall['hugo-no-related']:.2f} s)."),
        (f"Python-Markdown (with reformpress's tree processors) costs {cpu['reformpress'] - cpu['without-markdown']:.2f} of reformpress's {cpu['reformpress']:.2f} CPU-s; "
        f"with a Markdown engine that cost nothing, a cold build would take {wall['without-markdown']:.2f} s on {cpu['without-markdown']:.2f} CPU-s."),
        "",
        "Rounds (wall / CPU seconds):",
        "",
    ]
    for builder in BUILDERS:
        lines.append(f"- {builder}: " + "; ".join(f"{w:.2f} / {c:.2f}" for w, c in times[builder]))
    out = run.REPO / "bench" / "FLOOR.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


if __name__ == "__main__":
    main()
