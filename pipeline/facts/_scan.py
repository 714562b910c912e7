"""Many patterns over one text in one pass: where each pattern's matches can begin.

The date grammar runs some eighty regexes over every article.  Python's ``re``
gives a pattern that opens with a look-around or a case-blind letter no fast
search: it tries the pattern at every character, about 30 ns each, so eighty
scans of a 2,000-character article cost far more than the few dozen matches
they find.  :class:`StartIndex` reads off each pattern, from its parsed form,
the first few characters every match begins with (:data:`KEY` of them, in the
text's :func:`normal` form: case folded, every digit ``0``, every space `` ``)
and whether a match can only begin at a *place*: where a run of letters or of
digits begins, or at any other character but a space.  Then one pass over a
text lists its places and looks their first characters up, and each pattern is
tried (``match``) only at the places its keys name, in order, skipping those
inside its last match: exactly what ``finditer`` finds, found without the scan.
A pattern the analysis cannot follow (it can match nothing, or begin mid-run) is
scanned whole, as before; an alternative that could begin at any word but holds a
literal ("ten o'clock": any word, then "o'clock") is left out of the index, and the
pattern is scanned whole only in a text that holds the literal (:class:`_Guards`).  A speed-up, not a rule: ``tests/test_scan.py`` checks the
matches against ``finditer``.
"""

from __future__ import annotations

# (Python 3.11+) re's own case folding, and the parsed form of a pattern (as _text.start_class reads it)
import _sre  # type: ignore[import-not-found]
import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from re import _constants  # type: ignore[attr-defined]
from re._casefix import _EXTRA_CASES  # type: ignore[import-not-found]

from ._text import _REPEATS, _ZERO_WIDTH, _Unknown, case_blind_inside, folded, parsed, prefilter

#: how many characters of a match's beginning are looked up: more tells patterns apart
#: better ("the l" from "the y"), at the price of more keys
KEY = 5
#: the most beginnings one pattern may have: past it the pattern is scanned whole
MAX_KEYS = 3000

_DIGIT = re.compile(r"\d")
_SPACE = re.compile(r"\s")
#: inline flags that turn ASCII matching on ("(?a:", "(?ai)"); a false alarm only costs the speed-up
_ASCII_FLAG = re.compile(r"\(\?[aiLmsux]*a")
#: the places a match may begin: where a run of digits or of letters begins, and every other
#: character but a space (punctuation marks, "_": few, so all are listed)
_PLACES = re.compile(r"0+|[^\W0_]+|[^ ]")
#: the kinds of character of :func:`normal` text ("M": a mark, any character but a digit, a
#: letter or a space, "_" included)
_DIGITS, _LETTERS, _SPACES, _MARKS = "D", "L", "S", "M"
_ANY = frozenset({_DIGITS, _LETTERS, _SPACES, _MARKS})
#: the kinds a category can match
_CATEGORY_KINDS = {
    _constants.CATEGORY_DIGIT: frozenset({_DIGITS}),
    _constants.CATEGORY_NOT_DIGIT: frozenset({_LETTERS, _SPACES, _MARKS}),
    _constants.CATEGORY_SPACE: frozenset({_SPACES}),
    _constants.CATEGORY_NOT_SPACE: frozenset({_DIGITS, _LETTERS, _MARKS}),
    _constants.CATEGORY_WORD: frozenset({_DIGITS, _LETTERS, _MARKS}),  # "_" is a mark
    _constants.CATEGORY_NOT_WORD: frozenset({_SPACES, _MARKS}),
}
#: the kinds a category matches every character of: the same, but that \w matches one mark ("_")
#: and \W the others, so neither matches every mark
_WHOLE = {
    **_CATEGORY_KINDS,
    _constants.CATEGORY_WORD: frozenset({_DIGITS, _LETTERS}),
    _constants.CATEGORY_NOT_WORD: frozenset({_SPACES}),
}


def normal(text: str) -> str:
    """``text`` as beginnings are looked up in: :func:`~pipeline.facts._text.folded`, every
    digit ``0`` and every space `` ``; character for character, so offsets are the text's.

    >>> normal("On 3 March\\u00a02025")
    'on 0 march 0000'
    """
    return _SPACE.sub(" ", _DIGIT.sub("0", folded(text)))


def _kind(c: str) -> str:
    """The kind of a character of :func:`normal` text."""
    if c == "0":
        return _DIGITS
    if c == " ":
        return _SPACES
    return _LETTERS if c.isalnum() else _MARKS


@lru_cache(maxsize=4096)
def _char(c: str, ignore_case: bool) -> frozenset[str]:
    """What a pattern's literal character matches, as it stands in :func:`normal` text.

    Case-blind, it matches every character ``re`` folds to the same lower case, and the
    few more ``re`` takes as equal ("µ" and "μ"; its table of extra cases).
    """
    code = ord(c)
    if ignore_case:
        lower = _sre.unicode_tolower(code)
        codes = {code, lower, *_EXTRA_CASES.get(lower, ())}
    else:
        codes = {code}
    out = frozenset(normal(chr(x)) for x in codes)
    if any(len(x) != 1 for x in out):
        raise _Unknown(c)
    return out


def _chars(op, av, ignore_case: bool) -> set[str]:
    """What one consuming item can match, in :func:`normal` form."""
    if op is _constants.LITERAL:
        return set(_char(chr(av), ignore_case))
    if op is _constants.IN:
        out: set[str] = set()
        for item_op, item_av in av:
            if item_op is _constants.LITERAL:
                out |= _char(chr(item_av), ignore_case)
            elif item_op is _constants.RANGE and item_av[1] - item_av[0] < 400:
                for code in range(item_av[0], item_av[1] + 1):
                    out |= _char(chr(code), ignore_case)
            elif item_op is _constants.CATEGORY and item_av is _constants.CATEGORY_DIGIT:
                out.add("0")
            elif item_op is _constants.CATEGORY and item_av is _constants.CATEGORY_SPACE:
                out.add(" ")
            else:  # \w, a negated class, a wide range
                raise _Unknown(item_op)
        return out
    raise _Unknown(op)  # ".", a negated literal, a back-reference


def _beginnings(
    items, opens: set[str], ignore_case: bool, key: int = KEY, limit: int = MAX_KEYS, guards: _Guards | None = None
) -> tuple[set[str], set[str]]:
    """Extend the beginnings ``opens`` (shorter than ``key``) by ``items``: (still open, complete).

    A beginning is complete when it has ``key`` characters, or where the analysis
    stops following (an unknown item): a shorter key is still true of every match,
    only less selective; and so is a walk that found more than ``limit`` of them.  An item
    that would multiply them past ``limit`` raises :class:`_TooMany`.

    ``guards``: when given, an alternative that could begin anywhere (no beginning
    at all, or too many) but holds a literal every match of it holds (:func:`_guard`)
    is left out (:meth:`_Guards.leave_out`): in a text without the literal, no match
    takes that alternative.
    """
    closed: set[str] = set()
    for op, av in items:
        if not opens:
            break
        if op in _ZERO_WIDTH:
            continue  # skipping a look-around keeps a superset
        if op is _constants.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            blind = case_blind_inside(ignore_case, add_flags, del_flags)
            opens, done = _beginnings(list(sub), opens, blind, key, limit, guards)
        elif op is _constants.ATOMIC_GROUP:
            opens, done = _beginnings(list(av), opens, ignore_case, key, limit, guards)
        elif op is _constants.BRANCH:
            grown: set[str] = set()
            done = set()
            for alternative in av[1]:
                if guards is not None and id(alternative) in guards.left_out:
                    continue
                try:
                    more, ended = _beginnings(list(alternative), set(opens), ignore_case, key, limit, guards)
                except _TooMany:
                    if guards is None or not guards.leave_out(alternative, ignore_case):
                        raise
                    continue
                if "" in ended and guards is not None and guards.leave_out(alternative, ignore_case):
                    continue  # it could begin anywhere, but not in a text without its literal
                grown |= more
                done |= ended
            opens = grown
        elif op in _REPEATS:
            opens, done = _repeat(av, opens, ignore_case, key, limit, guards)
        else:
            try:
                chars = _chars(op, av, ignore_case)
            except _Unknown:
                closed |= opens
                return set(), closed
            if len(opens) * len(chars) > limit:
                raise _TooMany  # "[A-Z]{3}": beginnings at nearly every word; not worth listing
            grown, done = set(), set()
            for start in opens:
                for c in chars:
                    (done if len(start) + 1 >= key else grown).add(start + c)
            opens = grown
        closed |= done
        if len(opens) + len(closed) > limit:
            return set(), closed | opens  # shorter keys: still true of every match
    return opens, closed


def _repeat(
    av, opens: set[str], ignore_case: bool, key: int, limit: int, guards: _Guards | None = None
) -> tuple[set[str], set[str]]:
    """:func:`_beginnings` over ``sub{low,high}``: repeated until the beginnings are complete
    or stop changing (a repeat that can match nothing adds nothing after ``key`` rounds)."""
    low, high, sub = av
    items = list(sub)
    current, result = set(opens), (set(opens) if low == 0 else set())
    closed: set[str] = set()
    for count in range(1, min(high, low + key) + 1):
        current, done = _beginnings(items, current, ignore_case, key, limit, guards)
        closed |= done
        if count >= low:
            result |= current
        if not current:
            break
    return result, closed


class _TooMany(Exception):
    """A pattern with more beginnings than its index may list."""


#: the fewest characters of a guard (:func:`_guard`): a shorter literal stands in most texts
MIN_GUARD = 4


@dataclass
class _Guards:
    """The alternatives left out of a pattern's beginnings, and the literals that bring them back:
    in a text holding none of ``literals``, no match takes a left-out alternative, so the
    beginnings of the others are where every match begins; in a text holding one, the pattern
    is scanned whole.  (``\\b(?:\\d\\d?:\\d\\d|\\w+ o'clock)``: any word may begin "ten o'clock".)"""

    literals: set[str] = field(default_factory=set)
    #: the left-out alternatives (ids of their parsed forms, which live as long as the analysis)
    left_out: set[int] = field(default_factory=set)

    def leave_out(self, alternative, ignore_case: bool) -> bool:
        """Leave ``alternative`` out when it has a guard; whether it was."""
        literal = _guard(list(alternative), ignore_case)
        if literal is None:
            return False
        self.literals.add(literal)
        self.left_out.add(id(alternative))
        return True


def _guard(items: list, ignore_case: bool) -> str | None:
    """The longest run of literal characters that every match of the sequence ``items`` holds,
    in :func:`normal` form, when it has :data:`MIN_GUARD` characters or more; else None."""
    runs = list(_literal_runs(items, ignore_case))
    longest = max(runs, key=len, default="")
    return longest if len(longest) >= MIN_GUARD else None


def _literal_runs(items: list, ignore_case: bool) -> Iterator[str]:
    """Runs of literal characters the sequence ``items`` always consumes, each in :func:`normal`
    form: a group's and a repeated item's (at least once) runs too, each run ended by anything
    else (a class, an alternation, a look-around, a character that folds to more than one)."""
    run = ""
    for op, av in items:
        if op is _constants.LITERAL:
            try:
                chars = _char(chr(av), ignore_case)
            except _Unknown:
                chars = frozenset()
            if len(chars) == 1:
                run += next(iter(chars))
                continue
        yield run
        run = ""
        if op is _constants.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            yield from _literal_runs(list(sub), case_blind_inside(ignore_case, add_flags, del_flags))
        elif op in _REPEATS and av[0] >= 1:
            yield from _literal_runs(list(av[2]), ignore_case)
    yield run


@dataclass(frozen=True)
class _Before:
    """What the character before a match can be, from the zero-width items that open a pattern."""

    kinds: frozenset[str] = _ANY
    #: a \b stands before the first character
    boundary: bool = False


def _class_kinds(op, av) -> frozenset[str] | None:
    """The kinds of character one item can match (a class, a literal); None when unknown."""
    items = [(op, av)] if op is _constants.LITERAL else av if op is _constants.IN else None
    if items is None:
        return None
    negated = any(item_op is _constants.NEGATE for item_op, _ in items)
    kinds: set[str] = set()
    for item_op, item_av in items:
        if item_op is _constants.NEGATE:
            continue
        if item_op is _constants.CATEGORY:
            if item_av not in _CATEGORY_KINDS:
                return None
            kinds |= _CATEGORY_KINDS[item_av]
        elif item_op is _constants.LITERAL:
            kinds |= _char_kinds(item_av)
        elif item_op is _constants.RANGE and item_av[1] - item_av[0] < 400:
            for code in range(item_av[0], item_av[1] + 1):
                kinds |= _char_kinds(code)
        else:
            return None
    if negated:
        # "none of these" rules out a kind only when it lists the kind whole (a category)
        whole = {kind for item_op, item_av in items if item_op is _constants.CATEGORY for kind in _WHOLE[item_av]}
        return _ANY - whole
    return frozenset(kinds)


def _char_kinds(code: int) -> set[str]:
    """The kinds of a character and of those ``re`` takes for it case-blind (a look-behind may be
    case-blind: U+0345 folds to the letter iota)."""
    try:
        return {_kind(c) for c in _char(chr(code), True)}
    except _Unknown:
        return set(_ANY)


def _whole_kinds(op, av) -> frozenset[str]:
    """The kinds one item matches every character of (what a negative look-behind of it rules out)."""
    items = [(op, av)] if op is _constants.LITERAL else av if op is _constants.IN else []
    if any(item_op is _constants.NEGATE for item_op, _ in items):
        # not one of "none of these": one of these
        allowed = _class_kinds(_constants.IN, [i for i in items if i[0] is not _constants.NEGATE])
        return _ANY - allowed if allowed is not None else frozenset()
    return frozenset(
        kind for item_op, item_av in items if item_op is _constants.CATEGORY for kind in _WHOLE.get(item_av, ())
    )


def _lookbehind_last(sub: list) -> frozenset[str] | None:
    """The kinds the last character of a look-behind's text can be; None when unknown."""
    consumed = [item for item in sub if item[0] not in _ZERO_WIDTH]
    if not consumed:
        return None
    op, av = consumed[-1]
    if op is _constants.BRANCH:
        kinds: set[str] = set()
        for alternative in av[1]:
            last = _lookbehind_last(list(alternative))
            if last is None:
                return None
            kinds |= last
        return frozenset(kinds)
    if op is _constants.SUBPATTERN:
        return _lookbehind_last(list(av[3]))
    return _class_kinds(op, av)


def _narrowed(before: _Before, items: list) -> _Before:
    """``before`` narrowed by zero-width items (a \\b, look-behinds; look-aheads say nothing of it)."""
    for op, av in items:
        if op is _constants.AT and av is _constants.AT_BOUNDARY:
            before = _Before(before.kinds, True)
        elif op in (_constants.ASSERT, _constants.ASSERT_NOT) and av[0] == -1:
            sub = list(av[1])
            if op is _constants.ASSERT:
                last = _lookbehind_last(sub)
                if last is not None:
                    before = _Before(before.kinds & last, before.boundary)
            elif len(sub) == 1:
                before = _Before(before.kinds - _whole_kinds(*sub[0]), before.boundary)
    return before


def _opens_a_run(items: list, before: _Before, ignore_case: bool, guards: _Guards | None = None) -> bool:
    """Whether every match of ``items`` begins at a place :data:`_PLACES` lists, so that
    only those places need trying (the alternatives ``guards`` left out aside)."""
    for index, (op, av) in enumerate(items):
        if op in _ZERO_WIDTH:
            before = _narrowed(before, [(op, av)])
            continue
        rest = items[index + 1 :]
        if op is _constants.BRANCH and not all(all(o in _ZERO_WIDTH for o, _ in alt) for alt in av[1]):
            # each alternative opens with its own look-behinds ("(?<=for )years|(?<!\\d)\\d+")
            kept = [alt for alt in av[1] if guards is None or id(alt) not in guards.left_out]
            return all(_opens_a_run(list(alt) + rest, before, ignore_case, guards) for alt in kept)
        if op in (_constants.BRANCH, _constants.SUBPATTERN):
            sub = [list(alt) for alt in av[1]] if op is _constants.BRANCH else [list(av[3])]
            if all(all(o in _ZERO_WIDTH for o, _ in alt) for alt in sub):
                # look-behinds in alternatives: the character before is one of theirs
                befores = [_narrowed(before, alt) for alt in sub]
                before = _Before(frozenset().union(*(b.kinds for b in befores)), all(b.boundary for b in befores))
                continue
        firsts, closed = _beginnings(items[index:], {""}, ignore_case, key=1, guards=guards)
        firsts |= closed
        if not firsts or "" in firsts:
            return False
        return all(_listed(c, before) for c in firsts)
    return False  # a pattern of look-arounds only


def _listed(first: str, before: _Before) -> bool:
    """Whether a match whose first character is ``first`` begins at a listed place, given what stands before."""
    kind = _kind(first)
    if kind == _MARKS:
        return True  # every mark is listed
    if kind == _SPACES:
        return False
    # a run of digits or letters is listed where it begins: after a character of another kind
    return before.boundary or kind not in before.kinds


@lru_cache(maxsize=2)
def _places(text: str) -> tuple[str, list[int]]:
    """``text`` in :func:`normal` form, and the places a match may begin in it (:data:`_PLACES`);
    kept for the last texts, which the country, date and money components all read."""
    norm = normal(text)
    return norm, [place.start() for place in _PLACES.finditer(norm)]


def beginnings(pattern: re.Pattern, max_keys: int = MAX_KEYS, guards: _Guards | None = None) -> frozenset[str] | None:
    """The :func:`normal` beginnings of ``pattern``'s matches (each at most :data:`KEY`
    characters), when every match begins at a place (:data:`_PLACES`); None when the pattern must
    be scanned whole (it can match nothing, or the analysis cannot follow it).

    ``guards``: when given, alternatives that could begin anywhere but need a literal are
    left out of the beginnings and their literals kept there (:class:`_Guards`).

    >>> sorted(beginnings(re.compile(r"\\b(?:last|next)\\s+(?:week|month)", re.I)))
    ['last ', 'next ']
    >>> sorted(beginnings(re.compile(r"(?<!\\d)\\d{1,2}/\\d{4}")))
    ['0/000', '00/00']
    >>> beginnings(re.compile(r"\\d+(?:st|nd)?")) is None  # may begin mid-number ("12" in "312")
    True
    """
    if pattern.flags & re.ASCII or _ASCII_FLAG.search(pattern.pattern):
        return None  # \b and \w of ASCII only: the places are read with Unicode's
    tree = parsed(pattern.pattern, pattern.flags)
    if tree.getwidth()[0] == 0:
        return None
    ignore_case = bool(pattern.flags & re.IGNORECASE)
    items = list(tree)
    try:
        opens, closed = _beginnings(items, {""}, ignore_case, KEY, max_keys, guards)
        if not _opens_a_run(items, _Before(), ignore_case, guards):
            return None
    except (_Unknown, _TooMany):
        return None
    keys = opens | closed
    # a key another key begins with says nothing more ("0" holds wherever "00" does)
    keys = {k for k in keys if not any(k[:n] in keys for n in range(len(k)))}
    if not keys or "" in keys or len(keys) > max_keys:
        return None  # too many keys ("[A-Z]{3}") would try the pattern at nearly every word
    return frozenset(keys)


class StartIndex:
    """Where each of several patterns can match in a text, found in one pass over it.

    Built once per set of patterns (the date grammar's rules, the money patterns, the
    country gazetteer's): the patterns :func:`beginnings` can follow are looked up by
    their beginnings; the others are scanned whole by :meth:`finditer` and :meth:`search`,
    behind the look-ahead of :func:`~pipeline.facts._text.prefilter` (the same matches,
    found sooner), and so is a pattern with guards (:class:`_Guards`) in a text that holds
    one of them.  ``max_keys``: the most beginnings a pattern may have (a word list has
    as many as its words' first letters).
    """

    def __init__(self, patterns: Sequence[re.Pattern], max_keys: int = MAX_KEYS) -> None:
        self.patterns = list(patterns)
        by_key: dict[int, dict[str, list[int]]] = {}
        indexed = set()
        #: the literals in whose presence a pattern is scanned whole (:class:`_Guards`)
        self._guards: dict[int, tuple[str, ...]] = {}
        for index, pattern in enumerate(self.patterns):
            guards = _Guards()
            keys = beginnings(pattern, max_keys, guards)
            if keys is None:
                continue
            indexed.add(index)
            if guards.literals:
                self._guards[index] = tuple(sorted(guards.literals))
            for key in keys:
                by_key.setdefault(len(key), {}).setdefault(key, []).append(index)
        #: by the first character of a key: its lengths, and the patterns each key names
        self._by_first: dict[str, tuple[tuple[int, dict[str, tuple[int, ...]]], ...]] = {
            first: tuple(
                (length, {key: tuple(ids) for key, ids in keys.items() if key[0] == first})
                for length, keys in sorted(by_key.items())
                if any(key[0] == first for key in keys)
            )
            for first in {key[0] for keys in by_key.values() for key in keys}
        }
        self.indexed = frozenset(indexed)
        #: the patterns always scanned whole
        self._whole = frozenset(range(len(self.patterns))) - self.indexed
        #: the patterns that may be scanned whole, each behind the look-ahead for where it can begin
        self._scanners = {
            index: prefilter(p)
            for index, p in enumerate(self.patterns)
            if index in self._whole or index in self._guards
        }
        parsed.cache_clear()  # the trees served this build (and the look-aheads): megabytes kept for nothing

    def starts(self, text: str) -> dict[int, list[int] | None]:
        """For each indexed pattern, the offsets in ``text`` where a match of it may begin, in order;
        None for a pattern one of whose guards ``text`` holds (it is scanned whole there).

        A pattern's keys never begin one another (:func:`beginnings`), so each place is listed
        for a pattern at most once."""
        found: dict[int, list[int] | None] = {}
        norm, places = _places(text)
        by_first = self._by_first
        for at in places:
            lookups = by_first.get(norm[at])
            if lookups is None:
                continue
            for length, keys in lookups:
                for index in keys.get(norm[at : at + length], ()):
                    offsets = found.get(index)
                    if offsets is None:
                        found[index] = [at]
                    else:
                        offsets.append(at)
        for index, guards in self._guards.items():
            if any(guard in norm for guard in guards):
                found[index] = None
        return found

    def finditer_all(self, text: str) -> Iterator[tuple[int, re.Match]]:
        """``(index, match)`` for what every pattern's ``finditer`` yields, pattern by pattern in
        order; a pattern with no place in ``text`` is not even tried."""
        starts = self.starts(text)
        for index in sorted(starts.keys() | self._whole):
            for m in self.finditer(index, text, starts):
                yield index, m

    def search(self, index: int, text: str, starts: dict[int, list[int] | None], pos: int = 0) -> re.Match | None:
        """What ``self.patterns[index].search(text, pos)`` finds; ``starts``: :meth:`starts` of ``text``."""
        offsets = starts.get(index, ())
        if offsets is None or index in self._whole:
            return self._scanners[index].search(text, pos)
        pattern = self.patterns[index]
        for at in offsets[bisect_left(offsets, pos) :]:
            m = pattern.match(text, at)
            if m is not None:
                return m
        return None

    def finditer(self, index: int, text: str, starts: dict[int, list[int] | None]) -> Iterator[re.Match]:
        """What ``self.patterns[index].finditer(text)`` yields (for a pattern that cannot match
        nothing); ``starts``: :meth:`starts` of ``text``."""
        offsets = starts.get(index, ())
        if offsets is None or index in self._whole:
            yield from self._scanners[index].finditer(text)
            return
        pattern = self.patterns[index]
        end = 0
        for at in offsets:
            if at < end:
                continue
            m = pattern.match(text, at)
            if m is not None:
                yield m
                end = m.end()
