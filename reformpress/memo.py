"""Remember a pure function's result per input object, for as long as that object lives.

A case file is looked at by several stages (validation, assembly, the scheduled-date check)
that each need its checked front matter and its sections: working them out once per build
instead of four times saves seconds on a large site.  Inputs are frozen dataclasses that hold
dicts (so not hashable): they are remembered by identity, and forgotten when collected.
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
        _ALL.append(results)

        @functools.wraps(function)
        def remembered(obj: Any, *args: Any) -> Result:
            if not _REMEMBER[0]:
                return copy(function(obj, *args))
            known = results.get(id(obj))
            if known is None:
                known = results[id(obj)] = {}
                weakref.finalize(obj, results.pop, id(obj), None)
            if args not in known:
                known[args] = function(obj, *args)
            return copy(known[args])

        return remembered

    return decorate


_ALL: list[dict[int, dict[tuple[Any, ...], Any]]] = []
"""The results remembered by every decorated function."""


_REMEMBER = [True]


@contextmanager
def forgetting() -> Iterator[None]:
    """Forget every remembered result, and remember none until the block ends.

    For worker processes that look at each case once: forked after this, they do not
    inherit the remembered results nor pile up their own.
    """
    for results in _ALL:
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
