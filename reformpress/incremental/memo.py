"""Remember a pure function's result per input object, for as long as that object lives.

A case file is looked at by several stages (validation, assembly, the scheduled-date check)
that each need its checked front matter and its sections: working them out once per build
instead of four times saves seconds on a large site.  Inputs are frozen dataclasses that hold
dicts (so not hashable): they are remembered by identity, and forgotten when collected.

An object that travels between processes arrives as a copy, which nothing is remembered
for; :func:`carried` and :func:`adopt` send what was worked out for it along.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

Result = TypeVar("Result")


def per_object(copy: Callable[[Any], Any]) -> Callable[[Callable[..., Result]], Callable[..., Result]]:
    """Decorate ``function(obj, *args)`` (``args`` hashable) to compute once per live ``obj`` and ``args``.

    ``copy`` makes what each caller gets from the remembered result, so a caller that changes
    its copy cannot change what the next one sees.
    """

    def decorate(function: Callable[..., Result]) -> Callable[..., Result]:
        results: dict[int, dict[tuple[Any, ...], Any]] = {}

        def known_for(obj: Any) -> dict[tuple[Any, ...], Any]:
            known = results.get(id(obj))
            if known is None:
                known = results[id(obj)] = {}
                weakref.finalize(obj, results.pop, id(obj), None)
            return known

        @functools.wraps(function)
        def remembered(obj: Any, *args: Any) -> Result:
            if not _REMEMBER[0]:
                return copy(function(obj, *args))
            known = known_for(obj)
            if args not in known:
                known[args] = function(obj, *args)
            return copy(known[args])

        _KNOWN[remembered] = (results, known_for)
        return remembered

    return decorate


_KNOWN: dict[Callable[..., Any], tuple[dict[int, dict[tuple[Any, ...], Any]], Callable[[Any], dict[tuple[Any, ...], Any]]]] = {}
"""Each decorated function → (its results by object id, the results for one object)."""


def carried(function: Callable[..., Any], obj: Any) -> dict[tuple[Any, ...], Any]:
    """What the :func:`per_object` ``function`` remembers for ``obj`` (arguments → result), to send along with it."""
    results, _ = _KNOWN[function]
    return dict(results.get(id(obj), {}))


def adopt(function: Callable[..., Any], obj: Any, known: dict[tuple[Any, ...], Any]) -> None:
    """Remember ``known`` (from :func:`carried`, for the original of which ``obj`` is a copy) for ``obj``."""
    if _REMEMBER[0]:
        _KNOWN[function][1](obj).update(known)


_REMEMBER = [True]


@contextmanager
def forgetting() -> Iterator[None]:
    """Forget every remembered result, and remember none until the block ends.

    For worker processes that look at each case once: forked after this, they do not
    inherit the remembered results nor pile up their own.
    """
    for results, _ in _KNOWN.values():
        results.clear()
    _REMEMBER[0] = False
    try:
        yield
    finally:
        _REMEMBER[0] = True


def pair_of_copies(result: tuple[Any, Any]) -> tuple[Any, Any]:
    """A fresh (dict or list, list) pair: the usual (values, problems) result."""
    first, second = result
    return (dict(first) if isinstance(first, dict) else list(first), list(second))
