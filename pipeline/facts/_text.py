"""Text mechanisms the fact rules share: one copy of each.

* :func:`alternation`: a regular expression for "any of these words", longest first;
* :func:`select`: candidates that overlap none chosen before, in an order of preference
  (longest first, or leftmost first);
* :func:`window_before`: the characters or tokens a rule looks at before a candidate;
* :func:`first_reason`: context rejection, as named checks tried in order;
* :func:`start_class` and :func:`prefilter`: where a match of a pattern can
  begin, to skip the places it cannot (a speed-up that changes no match);
  :mod:`._scan` tries many patterns only where each can begin, in one pass over a text.

Pure functions over strings, integers and sequences; no spaCy import (``window_before``
also slices a Doc it is given).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

# (Python 3.11+) the parsed form of a pattern: see start_class
from re import _constants, _parser  # type: ignore[attr-defined]
from typing import TYPE_CHECKING, Any, TypeVar, overload

from . import Intervals

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

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


#: a context check: its name (the reason it gives) and a predicate over the candidate and its context
Check = tuple[str, Callable[..., bool]]


def first_reason(checks: Iterable[Check], *context: Any) -> str | None:
    """Why a candidate is turned down in its context: the name of the first check that holds
    for ``context`` (the candidate and what it is read in), or None when none does.

    Each fact type keeps its own checks and their order (country: the reason names the
    rule; dates: the checks of the rule that matched); this is the one way they are tried.

    >>> checks = (("too_short", lambda w: len(w) < 3), ("capital", lambda w: w[:1].isupper()))
    >>> first_reason(checks, "Oman"), first_reason(checks, "oman"), first_reason(checks, "US")
    ('capital', None, 'too_short')
    """
    for name, check in checks:
        if check(*context):
            return name
    return None


@overload
def window_before(text: str, start: int, width: int) -> str: ...
@overload
def window_before(text: Doc, start: int, width: int) -> Span: ...
def window_before(text, start, width):
    """The ``width`` characters (of a string) or tokens (of a Doc) before ``start``, fewer at
    the start: where a rule looks back.  A negative slice start would wrap round to the end.

    >>> window_before("over $20 billion", 5, 40)
    'over '
    """
    return text[max(0, start - width) : start]


# --- where a match can begin: a first-character prefilter (a speed-up, not a rule) ---------


@lru_cache(maxsize=512)
def parsed(source: str, flags: int = 0) -> Any:
    """``source`` parsed as ``re`` parses it (its ``SubPattern``; read, never changed): parsing a
    rule's nested alternations costs as much as compiling them, and the analyses here and in
    :mod:`._scan` all read the same patterns."""
    return _parser.parse(source, flags)


class _Unknown(Exception):
    """A construct the analysis of first characters does not follow: scan every character."""


_CATEGORIES = {
    _constants.CATEGORY_DIGIT: r"\d",
    _constants.CATEGORY_NOT_DIGIT: r"\D",
    _constants.CATEGORY_SPACE: r"\s",
    _constants.CATEGORY_NOT_SPACE: r"\S",
    _constants.CATEGORY_WORD: r"\w",
    _constants.CATEGORY_NOT_WORD: r"\W",
}
_ZERO_WIDTH = (_constants.AT, _constants.ASSERT, _constants.ASSERT_NOT)
_REPEATS = (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT)


def _class_items(op, av) -> list[str]:
    """A consuming item as character-class source: what its first character can be."""
    if op is _constants.LITERAL:
        return [re.escape(chr(av))]
    if op is _constants.IN:
        items = []
        for item_op, item_av in av:
            if item_op is _constants.LITERAL:
                items.append(re.escape(chr(item_av)))
            elif item_op is _constants.RANGE:
                items.append(f"{re.escape(chr(item_av[0]))}-{re.escape(chr(item_av[1]))}")
            elif item_op is _constants.CATEGORY and item_av in _CATEGORIES:
                items.append(_CATEGORIES[item_av])
            else:
                raise _Unknown(item_op)  # a negated class
        return items
    raise _Unknown(op)  # ".", a negated literal, a back-reference


def case_blind_inside(ignore_case: bool, add_flags: int, del_flags: int) -> bool:
    """Whether a group's items are read case-blind: the enclosing reading, with the flags the
    group adds (``(?i:...)``) or removes (``(?-i:...)``)."""
    return (ignore_case or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE


def _first_chars(items, ignore_case: bool, out: dict[bool, list[str]]) -> bool:
    """Add to ``out`` (by case-blindness) what a match of ``items`` can begin with; True if it can be empty.

    Look-arounds and anchors are skipped, so the result is a superset.
    """
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is _constants.BRANCH:
            can_be_empty = False
            for alternative in av[1]:
                can_be_empty |= _first_chars(alternative, ignore_case, out)
            if not can_be_empty:
                return False
        elif op is _constants.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if not _first_chars(sub, case_blind_inside(ignore_case, add_flags, del_flags), out):
                return False
        elif op in _REPEATS:
            low, _high, sub = av
            if not _first_chars(sub, ignore_case, out) and low > 0:
                return False
        else:
            out[ignore_case].extend(_class_items(op, av))
            return False
    return True


def start_class(pattern: re.Pattern) -> str | None:
    """Where a match of ``pattern`` can begin, as a one-character pattern (with ``\\b`` when the
    pattern opens with one); None when the analysis cannot tell or the pattern can match nothing.

    Read from the parsed pattern, so it holds for any regex (:func:`prefilter`).
    Look-arounds are skipped: the class is a superset of the first characters.

    >>> start_class(re.compile(r"(?<!\\w)(?:Chad|Cuba|Oman)\\b"))
    '(?:(?-i:[CO]))'
    >>> start_class(re.compile(r"\\b(?:\\d+|(?i:mid)-)"))
    '\\\\b(?:(?i:[m])|(?-i:[\\\\d]))'
    """
    try:
        items = list(parsed(pattern.pattern, pattern.flags))
        out: dict[bool, list[str]] = {False: [], True: []}
        if _first_chars(items, bool(pattern.flags & re.IGNORECASE), out):
            return None
    except _Unknown:
        return None
    classes = [f"(?i:[{''.join(sorted(set(out[True])))}])"] if out[True] else []
    classes += [f"(?-i:[{''.join(sorted(set(out[False])))}])"] if out[False] else []
    boundary = ""
    for op, av in items:  # the zero-width items that open the pattern
        if op not in _ZERO_WIDTH:
            break
        if op is _constants.AT and av is _constants.AT_BOUNDARY:
            boundary = r"\b"
    return boundary + "(?:" + "|".join(classes) + ")"


def prefilter(pattern: re.Pattern) -> re.Pattern:
    """``pattern`` behind a look-ahead for the characters its matches can begin with.

    The look-ahead only states what every match already satisfies, so the matches
    (``search``, ``finditer``, and ``match`` or ``fullmatch`` at any place alike) and
    their groups are the same; but Python's ``re`` tries a case-blind, nested
    alternation at every character, and the one-character test turns most characters
    away first.  For the patterns :class:`~pipeline.facts._scan.StartIndex` scans whole.

    >>> prefilter(re.compile(r"\\d+ years")).pattern
    '(?=(?:(?-i:[\\\\d])))(?:\\\\d+ years)'
    """
    start = start_class(pattern)
    if start is None:
        return pattern
    end = "\n" if pattern.flags & re.VERBOSE else ""  # a verbose pattern may end in a comment
    try:
        return re.compile(f"(?={start})(?:{pattern.pattern}{end})", pattern.flags)
    except re.error:  # global flags ("(?i)...") must stay at the start: no look-ahead before them
        return pattern


# --- case folding -----------------------------------------------------------------------

#: the characters outside ASCII that a case-blind pattern matches for an ASCII letter
#: (Python's ``re`` folds "ı" and "İ" to "i", "ſ" to "s", the Kelvin sign to "k"): written as
#: those letters in :func:`folded`, so that a beginning of a pattern is found there too.
#: ``tests/test_text.py`` derives the set from ``re`` itself.
CASE_BLIND_ASCII = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
#: the one character ``str.lower`` lowers by its context: a capital sigma at the end of a word
#: becomes "ς", elsewhere "σ" (Unicode's Final_Sigma); always "σ" here, so a character's
#: folded form does not depend on its neighbours
_CONTEXT_FREE = str.maketrans({"\u03a3": "\u03c3"})


def folded(text: str) -> str:
    """``text`` as pattern beginnings are looked up in (:func:`._scan.normal`): lower case, and the few characters
    outside ASCII that ``re.IGNORECASE`` matches for an ASCII letter written as that letter.

    Character for character, and each character folded alone (a capital sigma is "σ" at
    the end of a word too), so every ASCII stretch a case-blind pattern can match in
    ``text`` appears in lower case in the result.

    >>> folded("Bakı AGO ΑΣ")
    'baki ago ασ'
    """
    return text.translate(CASE_BLIND_ASCII).translate(_CONTEXT_FREE).lower()
