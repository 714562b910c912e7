"""The rule engine: the grammar, its registration decorator, and running it.

A :class:`Rule` is one regex (written with the macros of :mod:`.lexicon`) and
one handler; :data:`GRAMMAR` holds them in registration order, which decides
ties.  :func:`find` runs them over running text, :func:`apply` one named rule
over one stretch, :func:`normalize` and :func:`timex` the first that reads a
whole expression, with :func:`.fallback.calendar_date` after them.  The rules
themselves are in the ``rules_*`` modules, registered when the package loads.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from .._scan import StartIndex
from .._text import select
from .fallback import calendar_date
from .lexicon import macros
from .values import Context, Tense, Timex


@dataclass
class Rule:
    """One pattern of the grammar and what its matches mean."""

    name: str
    #: the rule's regex (running text is scanned by :func:`find`'s index of where each rule can begin)
    pattern: re.Pattern
    handler: Callable[[re.Match, Context], Timex | None]
    priority: int = 0
    #: the context checks that may turn a match down, by name, tried in order; the date
    #: component implements them (they read the tagged text, which this package never sees)
    rejects: tuple[str, ...] = ()


@dataclass
class Grammar:
    rules: list[Rule] = field(default_factory=list)
    #: the rules by name (a later rule of one name replaces the earlier)
    by_name: dict[str, Rule] = field(default_factory=dict)

    def rule(self, name: str, pattern: str, priority: int = 0, rejects: tuple[str, ...] = ()):
        def register(handler):
            self.rules.append(Rule(name, re.compile(pattern.format(**macros()), re.I | re.X), handler, priority, rejects))
            self.by_name[name] = self.rules[-1]
            return handler

        return register


GRAMMAR = Grammar()
rule = GRAMMAR.rule


@dataclass(frozen=True)
class Match:
    """A candidate found by a rule in running text."""

    start: int
    end: int
    rule: str


def find(text: str) -> list[Match]:
    """Candidate temporal expressions in a text: the longest, then highest-priority, match wins.

    Each rule is tried only where its matches can begin
    (:class:`~pipeline.facts._scan.StartIndex`: one pass over the text for all the
    rules, instead of a scan of it per rule).
    """
    found: list[tuple[int, int, int, str]] = []
    rules = GRAMMAR.rules
    for number, m in _START_INDEX().finditer_all(text):
        if m.end() > m.start():
            found.append((m.start(), m.end(), rules[number].priority, rules[number].name))
    # the longest wins, then the higher priority, then the leftmost
    chosen = select(found, lambda f: (f[0], f[1]), lambda f: (-(f[1] - f[0]), -f[2], f[0]))
    return [Match(start, end, name) for start, end, _, name in chosen]


@cache
def _START_INDEX() -> StartIndex:
    """Where each rule's matches can begin (built once the ``rules_*`` modules registered theirs)."""
    return StartIndex([r.pattern for r in GRAMMAR.rules])


#: the rules by name, filled as the ``rules_*`` modules register them
RULES_BY_NAME = GRAMMAR.by_name


def apply(rule_name: str, text: str, ctx: Context, start: int = 0, end: int | None = None) -> Timex | None:
    """Normalize ``text[start:end]`` with one named rule, which must match exactly that stretch.

    The rule runs on the whole text so that its look-arounds see the context
    ("for years", "the year ended ...").
    """
    r = RULES_BY_NAME[rule_name]
    end = len(text) if end is None else end
    m = r.pattern.match(text, start)
    if m is None or m.end() != end:
        return None
    return r.handler(m, ctx)


def timex(text: str, published: dt.date | None, anchor: str | dt.date | None = None, tense: Tense = None) -> Timex | None:
    """Normalize one temporal expression; None when it is not one.

    >>> timex("33 years ago", dt.date(2025, 1, 14))
    Timex(value='1992', kind='date')
    >>> timex("the past three decades", dt.date(2025, 1, 14))
    Timex(value='P30Y', kind='duration')
    """
    if isinstance(anchor, dt.date):
        anchor = anchor.isoformat()
    ctx = Context(published, (anchor,) if anchor else (), tense)
    return normalize(text, ctx)


def normalize(text: str, ctx: Context) -> Timex | None:
    """The first rule whose pattern matches all of ``text``; else dateparser for calendar dates."""
    text = " ".join(text.split())
    text = re.sub(r"['’]s$", "", text)
    best = None
    for r in sorted(GRAMMAR.rules, key=lambda r: -r.priority):
        m = r.pattern.fullmatch(text)
        if m is not None:
            best = r
            result = r.handler(m, ctx)
            if result is not None or r.name == "now_filter":
                return result
    if best is not None:
        return None
    return calendar_date(text, ctx)
