"""Benchmark: reformpress vs Pelican vs Hugo on the same generated corpus, side by side in one run.

    python bench/run.py                      # 5,000 reports, 3 repeats, growth check at 10,000
    python bench/run.py --quick              # 500 reports, 1 repeat, growth at 1,000 (while developing)
    python bench/run.py --sizes 5000 --repeat 3 --tools reformpress,hugo

``reformpress`` is the build as the README runs it, with the search index (in shards,
see reformpress/publish/search.py); ``reformpress-no-search`` the same with ``--no-search``, for the
share the index takes.  The growth rounds are with search.
For each size and tool: a cold build (no output, no caches), a rebuild with nothing changed, and a
rebuild after one report was edited; wall time (median of the repeats) and peak memory (the largest
sum of proportional memory over the tool's whole process tree, sampled every 20 ms).

Time and memory come from separate rounds.  Reading a process's memory (``smaps_rollup``) walks
its page tables: about 0.1 s of CPU per sample for a 600 MB parent and its two workers, so a
sampler running every 20 ms keeps most of a core busy, and on a 2-core machine that core is
taken from the tool being measured, the more so the more processes and cores it uses.  So the
timed rounds only wait for the tool; one more round, sampled, gives the peak memory.  The
machine's load average is recorded, because timings on a shared machine are noise.  Writes
bench/RESULTS.md.
Setup: see bench/README.md (Debian's hugo, Pelican from PyPI: ``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / "bench" / "work"
HUGO = "/usr/bin/hugo"
TIMEOUT = 1800
TRASH = WORK / "trash"
"""Where the runner moves folders it is done with; emptied before the first timed round and after the last."""
FORGET_DELETED = 370.0
"""Seconds after which a file system forgets which files were just deleted (see :func:`discard`)."""
SCENARIOS = ("cold", "no-change", "one-edit")
HUGO_RELATED = "{{ $related := .Site.RegularPages.Related . | first 5 }}"
"""The line of the Hugo corpus's article layout that finds each report's related news (as reformpress's pages show them)."""
VARIANTS = {"hugo-no-related": "hugo", "reformpress-no-search": "reformpress", "reformpress-before": "reformpress"}
BEFORE: list[Path] = []
"""``--before DIR``: another checkout of reformpress (an earlier commit), timed as ``reformpress-before``."""
"""Tools that build another tool's corpus, changed (:func:`without_related`)."""


@dataclass
class Run:
    seconds: float
    peak_mb: float | None
    """``None`` for timed rounds (not sampled)."""
    load: float


@dataclass
class Results:
    runs: dict[tuple[str, int, str], list[Run]] = field(default_factory=dict)
    """Timed (unsampled) rounds."""
    memory: dict[tuple[str, int], list[float]] = field(default_factory=dict)
    """Peaks of the sampled (untimed) round, per scenario."""
    notes: list[str] = field(default_factory=list)

    def add(self, tool: str, size: int, scenario: str, run: Run) -> None:
        self.runs.setdefault((tool, size, scenario), []).append(run)

    def median(self, tool: str, size: int, scenario: str) -> float | None:
        runs = self.runs.get((tool, size, scenario))
        return statistics.median(r.seconds for r in runs) if runs else None

    def peak(self, tool: str, size: int) -> float | None:
        peaks = self.memory.get((tool, size))
        return max(peaks) if peaks else None


def load_average() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def tree_rss_mb(root_pid: int) -> float:
    """Memory of ``root_pid`` and all its descendants, in MB: the sum of their proportional set sizes.

    PSS splits pages shared after fork between the processes sharing them, so forked workers
    are not counted twice for the data they inherited.
    """
    return tree_pss_mb(root_pid)[0]


def tree_pss_mb(root_pid: int) -> tuple[float, float]:
    """:func:`tree_rss_mb`, and the share of it that is ``root_pid``'s own (each process's memory map read once)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        pid, ppid = int(entry.name), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields[21])  # pages
    own = pss_mb(root_pid, rss.get(root_pid, 0))
    total, todo = own, list(children.get(root_pid, []))
    while todo:
        pid = todo.pop()
        total += pss_mb(pid, rss.get(pid, 0))
        todo += children.get(pid, [])
    return total, own


def pss_mb(pid: int, rss_pages: int) -> float:
    """Proportional set size of ``pid`` in MB.

    A process that is exiting or gone has no memory map left to read: it counts 0, not its
    resident size seen a moment before (which counts every page it shared with its parent in
    full, and made a worker pool's shutdown look like a peak of twice its real size).  Only a
    process whose map we may not read counts its resident size.
    """
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1000
    except PermissionError:
        return rss_pages * os.sysconf("SC_PAGE_SIZE") / 1e6
    except OSError:
        pass
    return 0.0


def measure(command: list[str], cwd: Path, env: dict[str, str] | None = None, sample: bool = False) -> Run:
    """Run ``command``; its wall time, the load average around it and, with ``sample``, its peak tree memory."""
    load = load_average()
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak: float | None = None
    if sample:
        peak = 0.0
        while process.poll() is None and time.perf_counter() - start < TIMEOUT:
            peak = max(peak, tree_rss_mb(process.pid))
            time.sleep(0.02)
    try:
        code = process.wait(timeout=max(1.0, TIMEOUT - (time.perf_counter() - start)))
    except subprocess.TimeoutExpired:
        process.kill()
        code = process.wait()
    seconds = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"{' '.join(command)} failed ({code}):\n{process.stderr.read().decode(errors='replace')[-3000:]}")
    process.stderr.close()
    return Run(seconds, peak, max(load, load_average()))


def reformpress(site: Path, jobs: int | None, program: tuple[str, ...] = ("-m", "reformpress"), search: bool = False, checkout: Path = REPO) -> tuple[list[str], dict[str, str]]:
    """reformpress's build command for ``site`` (``program``: what Python runs, a module or a script that takes reformpress's arguments; ``checkout``: whose code)."""
    command = [sys.executable, *program, "build", *([] if search else ["--no-search"]), "--root", str(site)] + (["--jobs", str(jobs)] if jobs else [])
    return command, {**os.environ, "PYTHONPATH": str(checkout)}


def byte_compile_reformpress() -> None:
    """Write reformpress's bytecode, as an ordinary install has it.

    Pelican and Hugo run from installed, compiled code; reformpress runs from this checkout, and
    where ``PYTHONDONTWRITEBYTECODE`` is set (as on the machine these numbers come from) Python
    would compile all of its modules from source in every process — ≈ 0.3 s of each build.
    """
    import compileall

    for checkout in [REPO, *BEFORE]:
        compileall.compile_dir(checkout / "reformpress", quiet=1)


def tool_command(tool: str, site: Path, jobs: int | None) -> tuple[list[str], dict[str, str] | None]:
    if VARIANTS.get(tool, tool) == "reformpress":
        return reformpress(site, jobs, search=tool != "reformpress-no-search", checkout=BEFORE[0] if tool == "reformpress-before" else REPO)
    tool = VARIANTS.get(tool, tool)
    if tool == "pelican":
        return [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", "output", "-q"], None
    return [HUGO, "--source", str(site), "--destination", str(site / "public"), "--cacheDir", str(site / ".hugo_cache"), "--quiet"], None


def clean(tool: str, site: Path) -> None:
    """Move every output and cache of ``tool`` out of the way (for a cold build)."""
    for name in {"reformpress": ["output", ".cache"], "pelican": ["output", "cache"], "hugo": ["public", "resources", ".hugo_cache"]}[VARIANTS.get(tool, tool)]:
        discard(site / name)


DELETED_AT = WORK / ".deleted-at"
"""When a run last emptied the trash (seconds since the epoch): a run started soon after another waits for it too."""


def discard(path: Path) -> None:
    """Move ``path`` into the trash: nothing is deleted while tools are timed.

    On ext4 without a journal (this machine's disk; ``/proc/fs/jbd2`` is empty), the kernel does
    not reuse an inode freed in the last 60 s, or 360 s while its inode table block is not yet
    written back; each new file or folder is found a place by walking past every such inode
    (``recently_deleted()`` in fs/ext4/ialloc.c). Deleting one round's 30,000 files and folders
    made the next tool's every ``mkdir`` and ``open`` cost 0.2–1 ms of kernel time instead of
    0.03 ms (seen with ``perf``): 2–9 s of a 5,000-report build, billed to whichever tool came
    after the biggest deleter. Renaming a folder frees nothing.
    """
    if path.exists():
        TRASH.mkdir(parents=True, exist_ok=True)
        os.replace(path, TRASH / f"{len(os.listdir(TRASH)):04d}-{path.name}")


def empty_trash() -> None:
    """Delete what :func:`discard` kept, and note when (see :func:`settle_deletions`)."""
    if TRASH.exists():
        before = shutil.disk_usage(WORK).free
        shutil.rmtree(TRASH)
        DELETED_AT.write_text(f"{time.time():.0f}\n")
        print(f"emptied {TRASH}: {(shutil.disk_usage(WORK).free - before) / 1e9:.1f} GB freed", flush=True)


def settle_deletions() -> None:
    """Wait until the file system has forgotten the runner's last deletion, in this run or the one before (see :func:`discard`)."""
    deleted = float(DELETED_AT.read_text()) if DELETED_AT.exists() else 0.0
    wait = min(deleted + FORGET_DELETED - time.time(), FORGET_DELETED)
    if wait > 0:
        print(f"waiting {wait:.0f} s until the files deleted before the rounds no longer slow down new files …", flush=True)
        time.sleep(wait)


def without_related(site: Path) -> None:
    """Make the Hugo corpus at ``site`` a site without related news: its article pages are otherwise the same.

    In Debian's Hugo (0.111) the ``.Related`` lookup is about two-thirds of a cold build of the
    5,000-report corpus (≈ 5 s without it, 12–20 s with it); the issue's "Hugo builds in about 5–8 s"
    fits a site without it.  The benchmark shows both: Hugo making what reformpress makes, and Hugo
    making less, faster.
    """
    layout = site / "layouts" / "_default" / "single.html"
    text = layout.read_text(encoding="utf-8")
    if HUGO_RELATED not in text:
        raise SystemExit(f"{layout} no longer has the line {HUGO_RELATED!r}: update bench/run.py")
    layout.write_text(text.replace(HUGO_RELATED, "{{ $related := slice }}"), encoding="utf-8")


def edit_one(site: Path, tool: str, round_: int) -> None:
    """Append a sentence to one report in the middle of the corpus (a new one each round)."""
    files = sorted((site / "content").glob("*/[0-9]*.md"))
    target = files[len(files) // 2]
    with target.open("a", encoding="utf-8") as handle:
        handle.write(f"\n第{round_ + 1}次修改：补充说明本项改革的最新进展。\n")


def quiet_disk(path: Path, settle: float = 1.0, timeout: float = 60.0) -> None:
    """Wait until the disk holding ``path`` has been idle for ``settle`` seconds (at most ``timeout``).

    A round deletes the previous round's files and copies the corpus afresh; the kernel writes
    and discards (the disk is mounted with ``discard``) some of that later, in the background,
    which would slow whichever tool is timed next.  Linux only (``/sys/dev/block``); elsewhere it
    returns at once.
    """
    device = os.stat(path).st_dev
    stat = Path(f"/sys/dev/block/{os.major(device)}:{os.minor(device)}/stat")
    if not stat.exists():
        return
    deadline = time.monotonic() + timeout
    busy = stat.read_text().split()[9]  # milliseconds spent doing I/O
    while time.monotonic() < deadline:
        time.sleep(settle)
        now = stat.read_text().split()[9]
        if now == busy:
            return
        busy = now


def corpus_for(size: int) -> Path:
    """The corpus of ``size`` reports, generated once (regenerated when the generator changes)."""
    dest = WORK / f"corpus-{size}"
    version = hash_of(Path(corpus.__file__).read_bytes())
    stamp = dest / ".generator"
    if not stamp.is_file() or stamp.read_text() != version:
        print(f"generating {size} reports in {dest} …", flush=True)
        if dest.exists():
            discard(dest)
        corpus.generate(size, dest)
        stamp.write_text(version)
    return dest


def hash_of(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()[:16]


def bench_tools(results: Results, tools: list[str], size: int, repeat: int, jobs: int | None) -> None:
    """Every round runs every tool in turn: a machine that slows down during the run slows all alike."""
    if "reformpress" in tools:
        byte_compile_reformpress()
    for round_ in range(repeat + 1):  # the last round is the sampled one, for memory only
        for tool in tools:
            bench_round(results, tool, size, round_, sampled=round_ == repeat, jobs=jobs)


def fresh_copy(tool: str, size: int, fresh: Path) -> None:
    """Copy the pristine corpus of ``size`` reports for ``tool`` to ``fresh``, ready for a cold build, its writes settled."""
    discard(fresh)
    shutil.copytree(corpus_for(size) / VARIANTS.get(tool, tool), fresh, symlinks=True)
    if tool == "hugo-no-related":
        without_related(fresh)
    if VARIANTS.get(tool, tool) == "reformpress":  # with the repo's current templates
        discard(fresh / "templates")
        shutil.copytree((BEFORE[0] if tool == "reformpress-before" else REPO) / "templates", fresh / "templates")
    clean(tool, fresh)
    # A file changed within the last 2 s is never trusted by reformpress's up-to-date check (Git's
    # racy-clean rule), and the copy above just changed every file's ctime: let the copy settle,
    # as an editor's files have by the time they build.  The same pause for every tool.
    os.sync()  # and its writes reach the disk now, not during the build being timed
    time.sleep(2.5)
    quiet_disk(fresh)


GROWTH = "reformpress (growth)"
"""The name :func:`bench_growth`'s rounds are kept under."""


def bench_growth(results: Results, small: int, big: int, repeat: int, jobs: int | None) -> None:
    """reformpress at ``small`` and ``big`` reports, taking turns round by round, for the growth ratio.

    The ratio compares builds run minutes apart, not the main rounds (all tools at ``small``)
    with rounds at ``big`` run after them: this machine's speed drifts by a quarter within an hour,
    and a ratio of two medians taken half an hour apart measured the drift as much as the growth
    (2.05× and 2.24× in two runs of the same code).
    """
    byte_compile_reformpress()
    for round_ in range(repeat + 1):  # the last round is the sampled one, for memory only
        for size in (small, big):
            bench_round(results, "reformpress", size, round_, sampled=round_ == repeat, jobs=jobs, label=GROWTH)


def bench_round(results: Results, tool: str, size: int, round_: int, *, sampled: bool, jobs: int | None, label: str | None = None) -> None:
    """One round of one tool: cold, no-change and one-edit builds of a fresh copy of the corpus (kept under ``label``, default the tool)."""
    label = label or tool
    fresh = WORK / f"run-{size}-{tool}"
    fresh_copy(tool, size, fresh)
    command, env = tool_command(tool, fresh, jobs)
    for scenario in SCENARIOS:
        if scenario == "one-edit":
            edit_one(fresh, tool, round_)
        run = measure(command, fresh, env, sample=sampled)
        if sampled:
            assert run.peak_mb is not None
            results.memory.setdefault((label, size), []).append(run.peak_mb)
            print(f"{label:15} {size:6} {scenario:10} {run.peak_mb:8.0f} MB  (sampled; {run.seconds:.2f} s not counted)", flush=True)
        else:
            results.add(label, size, scenario, run)
            print(f"{label:15} {size:6} {scenario:10} {run.seconds:8.2f} s  load {run.load:.2f}", flush=True)
    discard(fresh)


def fmt(value: float | None, unit: str = "s") -> str:
    if value is None:
        return "–"
    return f"{value:.2f} {unit}" if unit == "s" else f"{value:.0f} {unit}"


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}×" if a and b else "–"


def write_results(results: Results, sizes: list[int], growth: int | None, args: argparse.Namespace, loads: list[float]) -> Path:
    lines = [
        "# Benchmark results",
        "",
        f"Command: `python bench/run.py {' '.join(sys.argv[1:])}`  ",
        (
            f"Machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
            f"load average (1 min) during the runs: {min(loads):.2f}–{max(loads):.2f}  "
        ),
        f"Run on {time.strftime('%Y-%m-%d %H:%M')}. Times are medians of {args.repeat} round(s) run without a memory sampler, the tools taking turns round by round; memory is the peak PSS of the whole process tree over one more round (cold, no-change, one-edit) sampled every 20 ms.",
        "",
    ]
    tools = args.tools.split(",")
    for size in sizes:
        against = [tool for tool in ("reformpress-before", "reformpress-no-search", "pelican", "hugo", "hugo-no-related") if tool in tools]
        lines += [f"## {size} reports", "", "| | " + " | ".join(tools) + "".join(f" | reformpress / {tool}" for tool in against) + " |", "|---|" + "---|" * (len(tools) + len(against))]
        for scenario in SCENARIOS:
            values = [results.median(tool, size, scenario) for tool in tools]
            r = results.median("reformpress", size, scenario)
            lines.append(f"| {scenario} | " + " | ".join(fmt(v) for v in values) + "".join(f" | {ratio(r, results.median(tool, size, scenario))}" for tool in against) + " |")
        lines.append("| peak memory | " + " | ".join(fmt(results.peak(tool, size), "MB") for tool in tools) + " |" * (len(against) + 1))
        lines.append("")
    if growth:
        small, big = sizes[-1], growth
        a, b = results.median(GROWTH, small, "cold"), results.median(GROWTH, big, "cold")
        target = f"≤ {1.1 * big / small:.1f}×, linear" if big != 2 * small else "≤ 2.2×"
        lines += ["## Growth (reformpress, cold build)", "", f"Rounds at {small} and at {big} reports taking turns (not the rounds above), with search: medians of {args.growth_repeat}.", "",
                  f"| {small} reports | {big} reports | ratio (target {target}) |", "|---|---|---|",
                  f"| {fmt(a)} | {fmt(b)} | {ratio(b, a)} |", ""]
        for scenario in ("no-change", "one-edit"):
            a, b = results.median(GROWTH, small, scenario), results.median(GROWTH, big, scenario)
            lines.append(f"{scenario}: {fmt(a)} at {small}, {fmt(b)} at {big} ({ratio(b, a)}).  ")
        lines += [f"Peak memory at {big}: {fmt(results.peak(GROWTH, big), 'MB')}.", ""]
    lines += ["## Notes", "", *results.notes]
    out = args.out or REPO / "bench" / ("RESULTS-quick.md" if args.quick else "RESULTS.md")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def _commit(checkout: Path) -> str:
    return subprocess.run(["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="5000", help="comma-separated corpus sizes")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tools", default="reformpress,reformpress-no-search,pelican,hugo,hugo-no-related", help="hugo-no-related: Hugo making the site without related news")
    parser.add_argument("--jobs", type=int, default=None, help="reformpress --jobs (default: its own default)")
    parser.add_argument("--no-growth", action="store_true", help="skip the reformpress run at twice the largest size")
    parser.add_argument("--growth", type=int, default=None, help="the size of the growth rounds (default: twice the largest size; 50000 for the issue's scale)")
    parser.add_argument("--growth-repeat", type=int, default=None, help="timed rounds of the growth pair (default: --repeat); its ratio is of their medians")
    parser.add_argument("--quick", action="store_true", help="500 reports, 1 round, growth at 1,000; writes RESULTS-quick.md")
    parser.add_argument("--before", type=Path, help="a checkout of an earlier commit (git worktree add DIR COMMIT), timed as the tool reformpress-before")
    parser.add_argument("--out", type=Path, help="write the results here instead of bench/RESULTS.md (or RESULTS-quick.md)")
    args = parser.parse_args()
    if args.before:
        BEFORE.append(args.before.resolve())
    elif "reformpress-before" in args.tools.split(","):
        parser.error("the tool reformpress-before needs --before DIR")
    if args.quick:
        args.sizes, args.repeat = "500", 1
    if args.growth_repeat is None:
        args.growth_repeat = args.repeat
    sizes = [int(s) for s in args.sizes.split(",")]
    tools = args.tools.split(",")
    results = Results()
    if not Path(HUGO).exists() and {"hugo", "hugo-no-related"} & set(tools):
        results.notes.append("Hugo was not run: /usr/bin/hugo is missing (apt-get install hugo).")
        tools = [tool for tool in tools if VARIANTS.get(tool, tool) != "hugo"]
    growth = None if args.no_growth else args.growth or sizes[-1] * 2
    for size in sizes + ([growth] if growth else []):
        corpus_for(size)
    empty_trash()  # what a killed run left, and corpora made by an older generator
    settle_deletions()
    loads = [load_average()]
    for size in sizes:
        bench_tools(results, tools, size, args.repeat, args.jobs)
        loads.append(load_average())
    if growth:
        bench_growth(results, sizes[-1], growth, args.growth_repeat, args.jobs)
        loads.append(load_average())
    hugo_version = subprocess.run([HUGO, "version"], capture_output=True, text=True, check=False).stdout.strip() if Path(HUGO).exists() else "-"
    pelican_version = subprocess.run([sys.executable, "-m", "pelican", "--version"], capture_output=True, text=True, check=False).stdout.strip()
    results.notes.append(f"Versions: Hugo `{hugo_version}`; Pelican {pelican_version}; reformpress at `{_commit(REPO)}`" + (f", reformpress-before at `{_commit(BEFORE[0])}`." if BEFORE else "."))
    print(f"wrote {write_results(results, sizes, growth, args, loads)}")
    empty_trash()


if __name__ == "__main__":
    main()
