"""Text mechanisms the fact rules share: one copy of each.

* :func:`alternation`: a regular expression for "any of these words", longest first;
* :func:`select`: candidates that overlap none chosen before, in an order of preference
  (longest first, or leftmost first);
* :func:`before`: the characters a rule looks at before a candidate.

Pure functions over strings and integers, no spaCy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from . import Intervals

T = TypeVar("T")
U = TypeVar("U")


def alternation(words: Iterable[str], *, space: str | None = None, form: Callable[[str], str] = re.escape) -> str:
    """The words as a regex alternation, escaped, longest first (so "US dollars" beats "US"), each once.

    ``space``: the regex a space in a word stands for (``r"\\s+"`` lets "per cent"
    match across a line break); None keeps a space literal.  ``form``: how one
    word is written as a regex, when escaping is not all ("$" signs that are
    case-sensitive); the order is still by the words' length.  The caller adds
    groups, flags and boundaries.

    >>> alternation(["US", "US dollars", "$"])
    'US\\\\ dollars|US|\\\\$'
    >>> alternation(["per cent"], space=r"\\s+")
    'per\\\\s+cent'
    """
    parts = []
    for word in sorted(dict.fromkeys(words), key=len, reverse=True):
        escaped = form(word)
        if space is not None:
            escaped = escaped.replace(r"\ ", space)
        parts.append(escaped)
    return "|".join(parts)


def longest(bounds: tuple[int, int]) -> tuple[int, int]:
    """An order for :func:`select`: the longest candidate first, then the leftmost."""
    start, end = bounds
    return (-(end - start), start)


def leftmost(bounds: tuple[int, int]) -> tuple[int, int]:
    """An order for :func:`select`: the leftmost candidate first, then the longest."""
    start, end = bounds
    return (start, -(end - start))


def select(
    candidates: Iterable[T],
    bounds: Callable[[T], tuple[int, int]],
    order: Callable[[T], Any] | None = None,
    *,
    build: Callable[[T], U | None] | None = None,
) -> list[Any]:
    """The candidates that overlap none preferred to them, in text order.

    ``bounds``: a candidate's ``[start, end)`` (characters or tokens).  ``order``:
    the sort key of preference (default :func:`longest` of the bounds; a rule
    that breaks ties by priority gives its own); candidates equal by it keep
    their given order.  ``build`` turns a candidate into what is returned; when
    it gives None the candidate is dropped and takes no room.  The overlap test
    is by bisection (:class:`Intervals`), not against every candidate chosen.

    >>> select([(0, 3), (2, 7), (8, 9)], lambda c: c)
    [(2, 7), (8, 9)]
    >>> select([(0, 3), (2, 7), (8, 9)], lambda c: c, lambda c: leftmost(c))
    [(0, 3), (8, 9)]
    >>> select([(0, 3), (2, 7)], lambda c: c, build=lambda c: None if c == (2, 7) else c)
    [(0, 3)]
    """
    key = order if order is not None else (lambda c: longest(bounds(c)))
    taken = Intervals()
    chosen: list[tuple[int, Any]] = []
    for candidate in sorted(candidates, key=key):
        start, end = bounds(candidate)
        if taken.overlaps(start, end):
            continue
        item = candidate if build is None else build(candidate)
        if item is None:
            continue
        taken.add(start, end)
        chosen.append((start, item))
    chosen.sort(key=lambda c: c[0])
    return [item for _, item in chosen]


def before(text: str, start: int, width: int = 40) -> str:
    """The ``width`` characters before ``start`` (fewer at the start of the text): where a rule looks back.

    >>> before("over $20 billion", 5)
    'over '
    """
    return text[max(0, start - width) : start]
