"""TIMEX3 normalization: pure functions of a text, the publication date and the context.

A grammar of rules (one regex and one handler each, built from the word lists
in ``pipeline/data/dates.json``) both finds temporal expressions in running
text (:func:`find`) and normalizes one (:func:`timex`).  Rules decide span,
kind and granularity; dateparser (English only, cached) is the fallback for
calendar dates no rule covers.  Relative expressions resolve against the
publication date, anaphoric ones ("the same day", "70 years later") against the
last date mentioned before them; with nothing to resolve against the value is
null.  Nothing here reads the clock.

The modules, each importing only those above it (the rules import the engine,
the engine no rule):

* :mod:`.values`: :class:`Timex` and :class:`Context`; TIMEX3 durations and
  calendar points, their granularity and ISO bounds (:func:`calendar_bounds`);
* :mod:`.lexicon`: the vocabulary of ``dates.json`` (:func:`vocab`,
  :func:`check_vocab`), the readers of number, unit, month, weekday and clock words,
  and the macros the patterns are written with;
* :mod:`.resolve`: what a month, quarter or season without its year means,
  points moved from an anchor, the quarter under discussion, holidays
  (:func:`holiday_date`);
* :mod:`.partial`: :class:`PartialTime`, what a rule read of a day (a date, a
  weekday, a shift, a time of day), and :func:`resolve`, the one place a day is
  put on the calendar;
* :mod:`.fallback`: :func:`calendar_date`, dateparser for what no rule reads;
* :mod:`.grammar`: the engine, :class:`Rule`, :data:`GRAMMAR`, the :func:`rule`
  decorator, :func:`find`, :func:`apply`, :func:`normalize`, :func:`timex`;
* the rules, by family: :mod:`.rules_durations` (durations, "ago", sets),
  :mod:`.rules_deictic` (days named from publication: holidays, "today",
  parts of the day, clock times, weekdays), :mod:`.rules_calendar` (dates,
  months, years, seasons, decades, centuries, quarters, reporting periods),
  :mod:`.rules_relative` (relative units and anaphora: "next month", "the
  following day", weekends).

The order the rules register in breaks ties (:func:`find` between matches of
one span and priority, :func:`normalize` between rules of one priority), so
the rule modules are imported below in that order, each keeping its own.
"""

from __future__ import annotations

from .fallback import calendar_date
from .grammar import GRAMMAR, RULES_BY_NAME, Grammar, Match, Rule, apply, find, normalize, rule, timex
from .lexicon import DATA_FILE, YEAR, check_vocab, macros, number, unit_code, unit_of, vocab
from .resolve import (
    MONTH_REACH,
    anchor_shift,
    easter,
    holiday_date,
    holiday_dates,
    last_of,
    resolve_month,
    resolve_quarter,
    resolve_season,
)
from .values import (
    GRANULARITY,
    Context,
    Kind,
    Tense,
    Timex,
    calendar_bounds,
    duration_value,
    parse_point,
    point_value,
    shift,
)

# isort: off
# the registration order of the rules (see above): not alphabetical
from . import rules_durations  # noqa: F401
from . import rules_deictic  # noqa: F401
from . import rules_calendar  # noqa: F401
from . import rules_relative  # noqa: F401
from . import rules_compose  # noqa: F401

# isort: on

__all__ = [
    "DATA_FILE",
    "GRAMMAR",
    "GRANULARITY",
    "MONTH_REACH",
    "RULES_BY_NAME",
    "YEAR",
    "Context",
    "Grammar",
    "Kind",
    "Match",
    "Rule",
    "Tense",
    "Timex",
    "anchor_shift",
    "apply",
    "calendar_bounds",
    "calendar_date",
    "check_vocab",
    "duration_value",
    "easter",
    "find",
    "holiday_date",
    "holiday_dates",
    "last_of",
    "macros",
    "normalize",
    "number",
    "parse_point",
    "point_value",
    "resolve_month",
    "resolve_quarter",
    "resolve_season",
    "rule",
    "shift",
    "timex",
    "unit_code",
    "unit_of",
    "vocab",
]
