"""Worker processes for the pure, CPU-bound stages: Markdown per case, and pages.

:func:`parallel_map` is ``[function(item) for item in items]`` spread over ``jobs`` forked
processes.  The items are not pickled: the workers are forked *after* the items exist, so each
inherits them and is sent only index ranges; only results travel back.  Results come back in
input order, so the output is the same whatever the job count.  Where ``fork`` is not available
(macOS' default, Windows) or the work is too small to pay for starting processes, the map runs
in-process.

Forked workers share the parent's memory until they touch it, and touching an object (its
reference count) copies the page it is on; a parent that read a whole site leaves its objects
scattered over hundreds of megabytes, so workers that read a little of everything end up with
copies of most of it.  Where the work can start from a small picklable state (the pages: the
site's tables, with the articles in the cache), ``fresh`` workers are started instead: new
processes (from a clean fork server, or spawned) that build that state themselves.  Where each
item is large and read once (the cases whose Markdown is rendered), fresh workers are ``sent``
their items a chunk at a time, pickled: forked Markdown workers ended up with copies of much of
the parent's memory (≈ 12 KB a report, each), though each read only its own cases.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from itertools import islice
from typing import Any, TypeVar

from .memory import give_back_freed_memory, text_dumps, text_loads

T = TypeVar("T")
R = TypeVar("R")

IN_FLIGHT = 3
"""Chunks given to each worker ahead of the caller: enough to keep it busy, few enough that
results waiting for a caller who writes them to a slow disk do not pile up in memory."""

_TASK: tuple[Callable[[Any], Any], Sequence[Any]] | None = None
"""What the forked workers compute: set just before the pool starts, inherited by fork."""


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


START_METHOD_VARIABLE = "REFORMPRESS_START_METHOD"
"""Set to ``spawn`` (the tests do), the build starts its workers as on Windows: nothing is forked.

Windows has only ``spawn``: the stage that forks workers elsewhere (reading and checking) runs
in the build's own process, and the Markdown and page workers are spawned, fresh interpreters
that import reformpress (and are sent their cases, or unpickle the site's tables).  With this variable that path runs on Linux, so a
test shows that it gives the same bytes as forked workers.
"""


def start_methods() -> list[str]:
    """The ways this system can start worker processes (only ``spawn`` when :data:`START_METHOD_VARIABLE` says so)."""
    if os.environ.get(START_METHOD_VARIABLE) == "spawn":
        return ["spawn"]
    return multiprocessing.get_all_start_methods()


def can_fork() -> bool:
    """Whether worker processes can inherit the parent's data (``fork`` start method)."""
    return "fork" in start_methods()


def uses_workers(count: int, jobs: int, *, min_items: int = 1, fresh: bool = False) -> bool:
    """Whether :func:`parallel_map` and :func:`parallel_imap` run ``count`` items in worker processes (else in this one)."""
    return jobs > 1 and count >= max(2, min_items) and (fresh or can_fork())


WATCH_SECONDS = 0.2
"""How often a worker looks whether the build that started it is still there."""


def _end_with_build(build: int, direct: bool) -> None:
    """Make this worker end when the build process ``build`` ends, however it ends (``kill -9`` too).

    Run first in every worker.  ``direct``: the build is this worker's parent (forked or
    spawned by it; else the worker's parent is the fork server, which itself ends when the
    build does).  On Linux the kernel sends the worker SIGKILL when its parent dies
    (``PR_SET_PDEATHSIG``; only where the parent outlives the thread that started the worker:
    the signal follows the thread).  Everywhere a watchdog thread checks every
    :data:`WATCH_SECONDS` that the parent is still the one the worker started with (an orphan
    gets a new parent), and on Windows waits on the build's process handle.
    """
    parent = os.getppid()
    if direct and sys.platform != "win32" and parent != build:  # the build is gone already
        os._exit(1)
    if sys.platform == "win32":
        _watch_windows_process(build)
        return
    if not direct:  # the fork server ends when every holder of the build's end of its pipe has closed it: this worker must not hold it
        from multiprocessing import forkserver

        alive = getattr(forkserver._forkserver, "_forkserver_alive_fd", None)
        if alive is not None:
            os.close(alive)
            setattr(forkserver._forkserver, "_forkserver_alive_fd", None)  # noqa: B010 (a private attribute mypy does not know)
    if sys.platform.startswith("linux") and (not direct or _PDEATHSIG_SAFE):
        _set_parent_death_signal()
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="reformpress-watchdog", daemon=True).start()


_PDEATHSIG_SAFE = False
"""Set in the build just before it forks workers from its main thread (inherited by fork)."""


def _set_parent_death_signal() -> None:
    """Ask Linux to SIGKILL this process when its parent dies (``prctl(PR_SET_PDEATHSIG, SIGKILL)``)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # no prctl in this libc: the watchdog alone
        pass


def _watch_windows_process(build: int) -> None:
    """On Windows: a thread that waits on the build's process handle and ends this worker when it is signalled."""
    kernel32 = ctypes.WinDLL("kernel32")  # type: ignore[attr-defined, unused-ignore]
    handle = kernel32.OpenProcess(0x00100000, False, build)  # SYNCHRONIZE
    if not handle:  # the build is gone already
        os._exit(1)

    def watch() -> None:
        kernel32.WaitForSingleObject(handle, 0xFFFFFFFF)  # INFINITE
        os._exit(1)

    threading.Thread(target=watch, name="reformpress-watchdog", daemon=True).start()


def _run_chunk(bounds: tuple[int, int]) -> list[Any]:
    assert _TASK is not None, "worker started without a task"
    function, items = _TASK
    return [function(items[index]) for index in range(*bounds)]


def _run_sent(items: bytes) -> list[Any]:
    """A chunk of items ``sent`` to a fresh worker, pickled by :func:`reformpress.incremental.memory.text_dumps`."""
    assert _TASK is not None, "worker started without a task"
    function, _ = _TASK
    return [function(item) for item in text_loads(items)]


def nothing_to_set_up(_: None) -> None:
    """The ``setup`` of fresh workers that need no state of their own (:data:`NO_STATE`)."""


NO_STATE = (nothing_to_set_up, None)
"""``fresh=NO_STATE``: fresh workers that start from nothing (with ``sent``, they are sent their items)."""


def parallel_map(
    function: Callable[[T], R],
    items: Sequence[T],
    jobs: int,
    *,
    min_items: int = 1,
    progress: Callable[[int, int], None] | None = None,
    fresh: tuple[Callable[[Any], None], Any] | None = None,
    sent: bool = False,
) -> list[R]:
    """``[function(item) for item in items]``, over ``jobs`` processes when there are ``min_items`` or more.

    ``function`` must be a module-level function without side effects; ``progress`` is
    called with (items finished so far, all items) as work completes.
    """
    return list(parallel_imap(function, items, jobs, min_items=min_items, progress=progress, fresh=fresh, sent=sent))


def shard_map(jobs: int) -> Callable[[Callable[[T], R], Sequence[T]], list[R]]:
    """:func:`parallel_map` over ``jobs`` processes, as the search index takes it to make its shards (two or more at a time).

    The workers are fresh processes sent their shards' lists of pages: forked from the build,
    which by then holds the site's model, they copied more of it with every shard they made
    (at 50,000 reports the tree grew from 1.2 to 1.6 GB while the shards were made).
    """

    def run(function: Callable[[T], R], items: Sequence[T]) -> list[R]:
        return parallel_map(function, items, jobs, min_items=2, fresh=NO_STATE, sent=True)

    return run


def _start_fresh(build: int, direct: bool, setup: Callable[[Any], None], argument: bytes, function: Callable[[Any], Any], items: Sequence[Any]) -> None:
    """The first thing a fresh worker does: what ``parallel_imap(..., fresh=(setup, argument))`` asked for (``argument`` pickled)."""
    global _TASK
    _end_with_build(build, direct)
    setup(pickle.loads(argument))
    gc.freeze()  # the state it starts from lives as long as the worker: collections need not look through it again and again
    _TASK = (function, items)


def fresh_context() -> multiprocessing.context.BaseContext:
    """How fresh workers start: forked from a small server process where possible, else spawned."""
    methods = start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def prepare_fresh(module: str) -> None:
    """Start now, in the background, the server that fresh workers will be forked from, with ``module`` imported.

    Otherwise the server starts when the first fresh worker is asked for, and the workers of a
    5,000-report build begin ≈ 0.5 s after the build asks for them: a new interpreter starts and
    then each worker imports the modules its task needs.  Started early (while the Markdown
    workers run), the server has imported ``module`` once, and each worker forked from it has it.
    Where workers are spawned instead, nothing happens.
    """
    context = fresh_context()
    if context.get_start_method() == "forkserver":
        from multiprocessing import forkserver  # POSIX only

        context.set_forkserver_preload([module])
        forkserver.ensure_running()


def parallel_imap(
    function: Callable[[T], R],
    items: Sequence[T],
    jobs: int,
    *,
    min_items: int = 1,
    progress: Callable[[int, int], None] | None = None,
    fresh: tuple[Callable[[Any], None], Any] | None = None,
    sent: bool = False,
) -> Iterator[R]:
    """:func:`parallel_map` as an iterator: results in input order, each as soon as it and those before it are done.

    The workers start at once and set to work while the caller does something else (the
    build makes the feeds while the page workers start); a caller that writes each result
    away holds only the results not yet taken, not all of them: the pages of a large site
    are written to disk while the workers render the next.  Dropping the iterator stops
    the workers.  With ``fresh`` (a module-level ``setup`` function and its picklable
    argument) the workers are new processes that run ``setup(argument)`` first;
    ``function`` and ``items`` are pickled to them (a module-level function; a ``range`` of indices).
    Before workers are forked, the parent gives the memory it freed back to the system
    (:mod:`reformpress.incremental.memory`) and its objects are frozen out of the garbage collector
    (:func:`gc.freeze`), so the workers inherit only what is in use, and collections in them
    do not touch, and thereby copy, every page of memory they inherited.  ``sent`` (with
    ``fresh``): the items themselves are pickled to the workers, a chunk at a time, by
    :func:`reformpress.incremental.memory.text_dumps` (no UTF-8 copy of their texts stays here).
    """
    if not uses_workers(len(items), jobs, min_items=min_items, fresh=fresh is not None):
        return _in_process(function, items, progress)
    results = _in_workers(function, items, jobs, progress, fresh, sent and fresh is not None)
    next(results)  # runs up to the first yield: the workers are started and have work
    return results


def _in_process(function: Callable[[T], R], items: Sequence[T], progress: Callable[[int, int], None] | None) -> Iterator[R]:
    for done, item in enumerate(items, 1):
        result = function(item)
        if progress:
            progress(done, len(items))
        yield result


def _in_workers(
    function: Callable[[T], R],
    items: Sequence[T],
    jobs: int,
    progress: Callable[[int, int], None] | None,
    fresh: tuple[Callable[[Any], None], Any] | None,
    sent: bool = False,
) -> Iterator[Any]:
    """Yields ``None`` once the workers are given their first chunks, then the results in order."""
    global _TASK, _PDEATHSIG_SAFE
    workers = min(jobs, len(items))
    size = max(1, min(64, -(-len(items) // (workers * 8))))  # small chunks keep both cores busy to the end
    chunks = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    give_back_freed_memory()
    gc.freeze()  # see the docstring; and the parent's collections, while the workers run, leave the site it holds alone
    try:  # … until the end, whatever happens from here (a state that does not pickle, a worker that dies)
        if fresh is not None:  # new processes that build their own state from a small picklable argument
            # Pickled here, once: given as it is, it is pickled again for each worker, and the parent
            # waits while each new worker unpickles it from the pipe, one worker after the other
            # (≈ 1 s for two workers and the tables of 5,000 reports; ≈ 0.5 s as bytes).
            setup, argument = fresh
            state = pickle.dumps(argument, protocol=pickle.HIGHEST_PROTOCOL)
            context = fresh_context()
            direct = context.get_start_method() != "forkserver"  # spawned by a thread of the build that ends: see _end_with_build
            pool = ProcessPoolExecutor(
                workers, mp_context=context, initializer=_start_fresh, initargs=(os.getpid(), direct, setup, state, function, () if sent else items)
            )
        else:  # forked: they inherit the items
            _TASK = (function, items)
            _PDEATHSIG_SAFE = threading.current_thread() is threading.main_thread()  # the forking thread lives as long as the build
            pool = ProcessPoolExecutor(
                workers, mp_context=multiprocessing.get_context("fork"), initializer=_end_with_build, initargs=(os.getpid(), True)
            )
        with pool:

            def submit(chunk: tuple[int, int]) -> Future[list[Any]]:
                if sent:
                    return pool.submit(_run_sent, text_dumps(list(items[chunk[0] : chunk[1]])))
                return pool.submit(_run_chunk, chunk)

            waiting = iter(chunks)
            first = list(islice(waiting, workers * IN_FLIGHT))
            pending: deque[Future[list[Any]]] = deque()
            if fresh is None:
                pending.extend(submit(chunk) for chunk in first)
                yield None
            else:  # the first submit starts the new processes, one after the other, each ≈ 0.2 s of waiting on a pipe: a thread waits instead of the caller
                with ThreadPoolExecutor(1, thread_name_prefix="reformpress-start") as starter:
                    started = starter.submit(lambda: [submit(chunk) for chunk in first])
                    yield None
                    pending.extend(started.result())
            done = 0
            while pending:
                part = pending.popleft().result()  # dropped from the queue: its results live only as long as the caller keeps them
                for chunk in islice(waiting, 1):  # one out, one in: results wait for a slow caller in bounded numbers
                    pending.append(submit(chunk))
                done += len(part)
                if progress:
                    progress(done, len(items))
                yield from part
    finally:
        gc.unfreeze()
        if fresh is None:
            _TASK = None
