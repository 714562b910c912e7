"""TIMEX3 normalization: pure functions of a text, the publication date and the context.

A grammar of rules (one regex and one handler each, built from the word lists
in ``pipeline/data/dates.json``) both finds temporal expressions in running
text (:func:`find`) and normalizes one (:func:`timex`).  Rules decide span,
kind and granularity; dateparser (English only, cached) is the fallback for
calendar dates no rule covers.  Relative expressions resolve against the
publication date, anaphoric ones ("the same day", "70 years later") against the
last date mentioned before them; with nothing to resolve against the value is
null.  Nothing here reads the clock.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import dateutil.easter
from text_to_num import text2num

from ..data import load_json, require
from ._text import alternation, prefiltered, select, window_before

DATA_FILE = "dates.json"

Kind = Literal["date", "duration", "set", "time"]
Tense = Literal["past", "present", "future"] | None


@dataclass(frozen=True)
class Timex:
    """A normalized temporal expression."""

    value: str | None
    kind: Kind


@dataclass(frozen=True)
class Context:
    """What resolution may use besides the text itself."""

    published: dt.date | None = None
    #: the TIMEX3 values of the dates mentioned before, latest last
    anchors: tuple[str, ...] = ()
    #: the tense of the clause the expression is in
    tense: Tense = None
    #: the sentence the expression is in ("" when unknown)
    sentence: str = ""
    #: the text says the expression lies before publication ("since June")
    before: bool = False
    #: the quarter the article reports on: the first one it names (business news)
    topic_quarter: str | None = None
    #: the date written with its year that this one continues ("on Sept 27, 2020 and ... Nov 10")
    sentence_anchor: str | None = None
    #: how far (in days) a date without a year may lie from publication (:func:`resolve_month`)
    month_reach: int = 120
    #: whether a calendar date no rule reads goes to dateparser (:func:`calendar_date`)
    dateparser: bool = True

    @property
    def anchor(self) -> str | None:
        return self.anchors[-1] if self.anchors else None


@lru_cache(maxsize=1)
def vocab() -> dict:
    """The word lists of ``dates.json``, checked on first use (a bad entry fails the build)."""
    data = load_json(DATA_FILE)
    check_vocab(data)
    return data


_UNIT_CODES = {"S", "MIN", "H", "D", "W", "2W", "WE", "M", "Q", "Y", "DE", "CE", "ML"}
_LISTS = ("amount_modifiers", "future_markers", "future_verbs", "count_quantifiers",
          "noun_determiners", "before_words", "future_prepositions", "leading_words", "current_not_time",
          "award_titles", "period_end_prepositions", "generic_day_nouns")


def check_vocab(data: dict) -> None:
    """Raise :class:`DataFileError` naming the entry when ``dates.json`` is malformed."""
    for key in ("units", "numbers", "quantities", "months", "weekdays", "seasons", "parts_of_day", "ordinals",
                "sets", "deictic", "holidays", *_LISTS):
        require(key in data, DATA_FILE, key, "missing")
    for word, code in data["units"].items():
        require(code in _UNIT_CODES, DATA_FILE, f"units.{word}", f"unknown unit code {code!r}")
    for name, month in data["months"].items():
        require(isinstance(month, int) and 1 <= month <= 12, DATA_FILE, f"months.{name}", "must be 1..12")
    for name, day in data["weekdays"].items():
        require(isinstance(day, int) and 1 <= day <= 7, DATA_FILE, f"weekdays.{name}", "must be 1..7 (ISO)")
    for word, value in data["deictic"].items():
        require(isinstance(value, int) or value in ("PRESENT_REF", "PAST_REF", "FUTURE_REF"), DATA_FILE,
                f"deictic.{word}", "must be a day offset or a *_REF value")
    for word, value in data["sets"].items():
        require(re.fullmatch(r"PT?\d+[YMWDHS]", value) is not None, DATA_FILE, f"sets.{word}", "not a TIMEX3 duration")
    for name, spec in data["holidays"].items():
        if not name.startswith("_"):
            require(re.fullmatch(r"\d\d-\d\d|\d\d/[1-7]/-?[1-5](?:[+-]\d+)?|easter[+-]\d+", spec) is not None,
                    DATA_FILE, f"holidays.{name}", f"bad spec {spec!r}")
    for key in _LISTS:
        require(isinstance(data[key], list) and all(isinstance(w, str) for w in data[key]), DATA_FILE, key,
                "must be a list of words")


# --- numbers and units ----------------------------------------------------------


def number(text: str) -> int | None:
    """An amount written in digits or words: "33", "three", "twenty four", "a"."""
    text = " ".join(text.lower().replace("-", " ").replace(",", "").split())
    quantities = vocab()["quantities"]
    if text in quantities:
        return quantities[text]
    if re.fullmatch(r"\d+", text):
        return int(text)
    if re.fullmatch(r"\d+\.\d+", text):
        return None
    try:
        return int(text2num(text, "en"))
    except ValueError:
        words = vocab()["numbers"]
        if all(w in words for w in text.split()):
            total = 0
            for w in text.split():
                total = total * words[w] if words[w] in (100, 1000) and total else total + words[w]
            return total
        return None


def unit_code(word: str) -> str | None:
    """TIMEX3 unit of a unit word: "decades" -> "DE"."""
    units = vocab()["units"]
    word = word.lower().rstrip(".")
    if word in units:
        return units[word]
    if word.endswith("s") and word[:-1] in units:
        return units[word[:-1]]
    return None


def unit_of(word: str) -> str:
    """:func:`unit_code` of a word a rule's pattern admits only as a unit word ("years", "decade")."""
    code = unit_code(word)
    if code is None:
        raise ValueError(f"{word!r} is not a unit word of dates.json")
    return code


def duration_value(count: int | float | None, unit: str) -> str:
    """TIMEX3 duration: ``duration_value(3, "DE") == "P30Y"``; an unknown count gives ``PXY``
    (``PXCE``, ``PXML`` for centuries and millennia, ``PXM`` for months, ...)."""
    if unit == "2W":
        count, unit = (None if count is None else count * 2), "W"
    if unit == "WE":
        unit = "D"
        count = None if count is None else count * 2
    if unit in ("DE", "CE", "ML"):
        if count is None:
            # "decades": some years, as TimeBank and AQUAINT write it; "centuries" keeps its
            # order of magnitude (TIMEX3 PXCE), which "some years" would lose
            return "PXY" if unit == "DE" else f"PX{unit}"
        years = count * {"DE": 10, "CE": 100, "ML": 1000}[unit]
        return f"P{_num(years)}Y"
    if unit == "Q":
        return "PXQ" if count is None else f"P{_num(count * 3)}M"
    amount = "X" if count is None else _num(count)
    if isinstance(count, float) and not count.is_integer():
        return _fractional(count, unit)
    if unit in ("H", "MIN", "S"):
        return f"PT{amount}{'M' if unit == 'MIN' else unit}"
    return f"P{amount}{unit}"


def _num(count: float) -> str:
    return str(int(count)) if float(count).is_integer() else str(count)




def _fractional(count: float, unit: str) -> str:
    """"2 1/2 years" -> P2Y6M; "5 1/2 hours" -> PT5H30M; "half a century" -> P50Y."""
    if unit in ("DE", "CE", "ML"):  # "half a century" is fifty years
        return _fractional(count * {"DE": 10, "CE": 100, "ML": 1000}[unit], "Y")
    whole = int(count)
    if whole == count:
        return duration_value(whole, unit)
    sub = {"Y": ("M", 12), "W": ("D", 7), "D": ("H", 24), "H": ("MIN", 60), "MIN": ("S", 60)}.get(unit)
    if sub is None:
        return duration_value(None, unit)
    sub_unit, per = sub
    rest = round((count - whole) * per)
    head = duration_value(whole, unit) if whole else ""
    tail = duration_value(rest, sub_unit)
    if not head:
        return tail
    if unit in ("H", "MIN"):
        return head + tail[2:]
    if sub_unit == "H":
        return head + "T" + tail[2:]
    return head + tail[1:]


# --- calendar points --------------------------------------------------------------

#: granularities from coarse to fine
GRANULARITY = ("ML", "CE", "DE", "Y", "H", "SE", "Q", "M", "W", "WE", "D")


def shift(base: dt.date, count: int, unit: str) -> dt.date:
    """``base`` moved by ``count`` units (months clamp to the month's last day)."""
    if unit == "D":
        return base + dt.timedelta(days=count)
    if unit in ("W", "WE"):
        return base + dt.timedelta(weeks=count)
    if unit == "2W":
        return base + dt.timedelta(weeks=2 * count)
    months = {"M": 1, "Q": 3, "SE": 12, "H": 6, "Y": 12, "DE": 120, "CE": 1200, "ML": 12000}.get(unit)
    if months is None:
        return base
    total = base.year * 12 + base.month - 1 + count * months
    year, month = divmod(total, 12)
    if year < 1:
        return base
    day = min(base.day, calendar.monthrange(year, month + 1)[1])
    return dt.date(year, month + 1, day)


def point_value(day: dt.date, unit: str) -> str:
    """A calendar point at the granularity of ``unit``: years give ``YYYY``, months ``YYYY-MM``."""
    if unit == "Y":
        return f"{day.year:04d}"
    if unit == "DE":
        return f"{day.year // 10:03d}"
    if unit == "CE":
        return f"{day.year // 100:02d}"
    if unit == "ML":
        return f"{day.year // 1000:d}"
    if unit == "Q":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if unit == "H":
        return f"{day.year:04d}-H{(day.month - 1) // 6 + 1}"
    if unit == "M":
        return f"{day.year:04d}-{day.month:02d}"
    if unit in ("W", "2W"):
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if unit == "WE":
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}-WE"
    return day.isoformat()


def parse_point(value: str | None) -> tuple[dt.date, str] | None:
    """A TIMEX3 point value as (first day, granularity); None for references and durations."""
    point = _point(value) if value else None
    return (point[0], point[2]) if point else None


_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


def calendar_bounds(value: str | None) -> tuple[dt.date | None, dt.date | None]:
    """ISO calendar bounds of a TIMEX3 point: ``"1992"`` spans 1992-01-01..1992-12-31.

    Seasons are meteorological (winter runs December to February).  References
    (``PRESENT_REF``), durations and sets have none.
    """
    point = _point(value) if value else None
    return (point[0], point[1]) if point else (None, None)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _point(value: str) -> tuple[dt.date, dt.date, str] | None:
    """First day, last day and granularity of a TIMEX3 point value; None for anything else.

    One reading of the value serves both :func:`calendar_bounds` and
    :func:`parse_point`, so the two never disagree about what a point is.
    """
    try:
        return _read_point(value)
    except ValueError:  # an impossible date such as 1998-02-30
        return None


def _read_point(value: str) -> tuple[dt.date, dt.date, str] | None:
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(T.*)?", value):
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        return day, day, "D"
    if m := re.fullmatch(r"(\d{4})-(\d{2})(?:-XX)?", value):
        year, month = int(m[1]), int(m[2])
        return dt.date(year, month, 1), _month_end(year, month), "M"
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        year, quarter = int(m[1]), int(m[2])
        first = 3 * quarter - 2
        return dt.date(year, first, 1), _month_end(year, first + 2), "Q"
    if m := re.fullmatch(r"(\d{4})-H([12])", value):
        year, half = int(m[1]), int(m[2])
        return dt.date(year, 6 * half - 5, 1), _month_end(year, 6 * half), "H"
    if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
        year, (first, last) = int(m[1]), _SEASON_MONTHS[m[2]]
        return dt.date(year, first, 1), _month_end(year + (1 if last < first else 0), last), "SE"
    if m := re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", value):
        monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if m[3]:
            return monday + dt.timedelta(days=5), monday + dt.timedelta(days=6), "WE"
        return monday, monday + dt.timedelta(days=6), "W"
    if re.fullmatch(r"\d{4}(?:-XX-XX)?", value):
        year = int(value[:4])
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "Y"
    if re.fullmatch(r"\d{3}", value):
        year = int(value) * 10
        return dt.date(max(year, 1), 1, 1), dt.date(year + 9, 12, 31), "DE"
    if re.fullmatch(r"\d{2}", value):
        year = int(value) * 100
        return dt.date(max(year, 1), 1, 1), dt.date(year + 99, 12, 31), "CE"
    return None


# --- resolution helpers -------------------------------------------------------------


#: how far (in days) a date without a year may lie from publication before the
#: other year is nearer: news rarely names a month four months away without its year.
#: The default of the date component's ``month_reach``.
MONTH_REACH = Context.month_reach


def resolve_month(
    month: int, day: int | None, published: dt.date, tense: Tense, before: bool = False, reach: int = MONTH_REACH
) -> dt.date:
    """A month (and day) without a year: the publication year unless that is far off.

    A date more than ``reach`` days after publication is last year's
    unless the clause is future; one more than that before publication is next
    year's unless the clause is past.  ``before``: the text puts it before
    publication ("since June"), so any later date is last year's.
    """
    year = published.year
    probe = dt.date(year, month, min(day or 15, calendar.monthrange(year, month)[1]))
    distance = (probe - published).days
    if before:
        if (month, day or 0) > (published.month, published.day if day else 0):
            year -= 1
    elif distance > reach and tense != "future":
        year -= 1
    elif distance < -reach and tense != "past":
        year += 1
    return dt.date(year, month, min(day or 1, calendar.monthrange(year, month)[1]))


def resolve_weekday(weekday: int, published: dt.date, tense: Tense) -> dt.date:
    """A bare weekday: the last one (publication day included) unless the clause is future."""
    delta = weekday - published.isoweekday()
    if tense == "future":
        return published + dt.timedelta(days=delta % 7)
    return published - dt.timedelta(days=(-delta) % 7)


def resolve_quarter(quarter: int, published: dt.date, tense: Tense) -> str:
    """A quarter without a year: the publication year's, or last year's if that one is yet to come.

    Business news reports on quarters past or current ("the third quarter" in
    November is this year's); only a future clause keeps a later quarter.
    """
    current = (published.month - 1) // 3 + 1
    year = published.year
    if quarter > current and tense != "future":
        year -= 1
    return f"{year:04d}-Q{quarter}"


#: seasons in calendar order within their year (winter belongs to the year it begins in)
_SEASON_ORDER = ("SP", "SU", "FA", "WI")


def resolve_season(season: str, published: dt.date, tense: Tense, step: int | None = None) -> str:
    """A season relative to publication: ``step`` -1/0/1 for last/this/next; None for a bare
    name, which the tense moves to the last or the next one."""
    month = published.month
    # seasons numbered on one line: year * 4 + position
    current_season = ("WI", "SP", "SU", "FA")[(month % 12) // 3]
    season_year = published.year - (1 if month <= 2 else 0)
    current = season_year * 4 + _SEASON_ORDER.index(current_season)
    this_one = season_year * 4 + _SEASON_ORDER.index(season)
    if step == 0 or (step is None and tense not in ("past", "future")):
        value = (published.year - (1 if season == "WI" and month <= 2 else 0)) * 4 + _SEASON_ORDER.index(season)
    elif step == -1 or (step is None and tense == "past"):
        value = this_one if this_one < current else this_one - 4
    else:
        value = this_one if this_one > current else this_one + 4
    year, position = divmod(value, 4)
    return f"{year:04d}-{_SEASON_ORDER[position]}"


def _relative(published: dt.date, step: int, unit: str) -> str:
    return point_value(shift(published, step, unit), unit)


def anchor_shift(anchor: str | None, count: int, unit: str) -> str | None:
    """The anchor moved by ``count`` units, at the anchor's granularity (or the unit's, if coarser)."""
    point = parse_point(anchor)
    if point is None or anchor is None:
        return None
    day, gran = point
    if GRANULARITY.index(unit if unit in GRANULARITY else "D") > GRANULARITY.index(gran):
        return None  # "two days later" after "1992": finer than what is known
    if gran == "WE":
        gran = "W"
    if gran == "SE":
        return f"{shift(day, count, unit).year:04d}-{anchor[-2:]}"
    return point_value(shift(day, count, unit), gran)


def last_of(anchors: tuple[str, ...], gran: str) -> str | None:
    """The latest anchor of one granularity."""
    for value in reversed(anchors):
        point = parse_point(value)
        if point and point[1] == gran:
            return value
    return None


# --- the grammar -----------------------------------------------------------------------


#: a space in a vocabulary word matches any run of white space ("per cent" across a line break)
_WS = r"\s+"


@dataclass
class Rule:
    """One pattern of the grammar and what its matches mean."""

    name: str
    pattern: re.Pattern
    handler: Callable[[re.Match, Context], Timex | None]
    priority: int = 0


@dataclass
class Grammar:
    rules: list[Rule] = field(default_factory=list)
    #: the rules by name (a later rule of one name replaces the earlier)
    by_name: dict[str, Rule] = field(default_factory=dict)

    def rule(self, name: str, pattern: str, priority: int = 0):
        def register(handler):
            self.rules.append(
                Rule(name, re.compile(pattern.format(**macros()), re.I | re.X), handler, priority)
            )
            self.by_name[name] = self.rules[-1]
            return handler

        return register


#: a year as the grammar reads one: 1000-2099
YEAR = r"(?:1[0-9]\d\d|20\d\d)"


@lru_cache(maxsize=1)
def macros() -> dict[str, str]:
    v = vocab()

    def month_form(name: str) -> str:
        # an abbreviation needs its period or a day number: "Jan" alone is a name
        full = len(name) > 4 or name in ("May", "June", "July")
        return re.escape(name) if full else re.escape(name) + r"(?:\.|(?=\s+\d))"

    month = "(?-i:" + alternation(v["months"], form=month_form) + ")"
    numw = alternation(v["numbers"], space=_WS)
    num = rf"(?:\d+(?:\.\d+)?|(?:{numw})(?:(?:\s+|-)(?:and\s+)?(?:{numw}))*)"
    qty = rf"(?:{num}|{alternation(v['quantities'], space=_WS)})"
    units = r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|weekends?|fortnights?|months?|quarters?|years?|yrs?|decades?|century|centuries|millennium|millennia)"
    return {
        "MONTH": month,
        "WEEKDAY": r"(?:mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?)",
        "SEASON": r"(?:spring|summer|fall|autumn|winter)",
        "PART": r"(?:morning|afternoon|evening|night|overnight)",
        "NUM": num,
        "QTY": qty,
        "UNITS": units,
        "UNIT1": r"(?:second|minute|hour|day|night|week|weekend|fortnight|month|quarter|year|decade|century|millennium)",
        "AMOD": rf"(?:(?:{alternation(v['amount_modifiers'], space=_WS)})\s+)",
        "ORD": rf"(?:{alternation(v['ordinals'], space=_WS)})",
        "YEAR": YEAR,
        "DAYNUM": r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?",
        "SPOKEN_YEAR": r"(?:(?:nineteen|eighteen|twenty)(?:\s+|-)(?:hundred|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|oh[\s-](?:one|two|three|four|five|six|seven|eight|nine))|two\s+thousand(?:\s+(?:and\s+)?(?:one|two|three|four|five|six|seven|eight|nine|ten))?)",
        "REL": r"(?:last|this|next|past|coming|previous|current|following|upcoming|same|prior|latest|recent)",
        "TZ": r"(?:(?-i:[ECMP][SD]T|GMT|UTC|EST|local\s+time))",
        "CLOCK": r"(?:(?:[01]?\d|2[0-3])(?::[0-5]\d)?\s*(?:a\.m\.|p\.m\.|am\b|pm\b|a\.m|p\.m)|(?:[01]?\d|2[0-3]):[0-5]\d|(?:1[0-2]|[1-9])(?:\s+o['’]clock)?\s+in\s+the\s+(?:morning|afternoon|evening)|(?:1[0-2]|[1-9]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+o['’]clock\s+in\s+the\s+(?:morning|afternoon|evening)|(?:1[0-2]|[1-9]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+o['’]clock|noon|midnight)",
        "DEICTIC": alternation(v["deictic"], space=_WS),
        "HOLIDAY": "(?-i:" + alternation((k.replace("'", "['’]") for k in v["holidays"] if not k.startswith("_")), space=_WS).replace("\\[", "[").replace("\\]", "]") + ")",
        "DAYREF": r"(?:(?:mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?)|today|yesterday|tomorrow|tonight)",
    }


GRAMMAR = Grammar()
rule = GRAMMAR.rule

def _ordinal(word: str) -> int | None:
    return vocab()["ordinals"].get(word.lower().replace(" ", "-"))


def _month(word: str) -> int:
    word = word.rstrip(".")
    return vocab()["months"][word[:1].upper() + word[1:].lower()]


def _weekday(word: str) -> int:
    return vocab()["weekdays"][word.lower().rstrip("s") if word.lower().endswith("days") else word.lower()]


def _spoken_year(text: str) -> int | None:
    words = text.lower().replace("-", " ").split()
    if words[:2] == ["two", "thousand"]:
        rest = [w for w in words[2:] if w != "and"]
        return 2000 + (number(" ".join(rest)) or 0 if rest else 0)
    head = number(words[0])
    if head is None:
        return None
    if words[1:] == ["hundred"]:
        return head * 100
    tail_words = [w for w in words[1:] if w != "oh"]
    tail = number(" ".join(tail_words))
    if tail is None or tail > 99:
        return None
    return head * 100 + tail




# ---- durations, ago, sets ----


@rule("later", r"\b(?:{AMOD})?(?P<qty>{QTY})\s+(?:(?:more|additional|full)\s+)?(?P<unit>months?|quarters?|years?|decades?|century|centuries)(?:\s+or\s+so)?\s+(?P<dir>earlier|later)\b", priority=5)
def _later(m: re.Match, ctx: Context) -> Timex | None:
    """ "70 years later", "a year earlier": the last date mentioned, moved.

    Shorter offsets ("three days later") are left to the duration rule: news
    annotates those as the length of time between two events.
    """
    return _ago(m, ctx)


@rule("ago", r"\b(?:{AMOD})?(?P<qty>{QTY})\s+(?:(?:more|additional|full)\s+)?(?P<unit>{UNITS})(?:\s+or\s+so)?\s+(?P<dir>ago|back|from\s+now|hence)\b", priority=5)
def _ago(m: re.Match, ctx: Context) -> Timex | None:
    unit = unit_code(m["unit"])
    if unit is None:
        return None
    if unit == "WE":
        unit = "W"
    count = number(m["qty"])
    direction = " ".join(m["dir"].lower().split())
    back = direction in ("ago", "earlier", "before", "back")
    if count is None:
        return Timex("PAST_REF" if back else "FUTURE_REF", "date")
    step = -count if back else count
    if direction in ("ago", "back", "from now", "hence"):
        if ctx.published is None:
            return Timex(None, "date")
        if unit == "Y" and count == 1:
            # financial news: "a year ago" next to a quarter means that quarter a year before
            quarter = _quarter_offset(ctx)
            if quarter is not None:
                return Timex(anchor_shift(quarter, step, "Y"), "date")
        if unit in ("H", "MIN", "S"):
            return Timex(point_value(ctx.published, "D"), "date")
        return Timex(point_value(shift(ctx.published, step, unit), unit), "date")
    # earlier / later: against the last date mentioned
    if unit == "Y" and count == 1:
        quarter = _quarter_offset(ctx)
        if quarter is not None:
            return Timex(anchor_shift(quarter, step, "Y"), "date")
        point = parse_point(ctx.anchor)
        if point is not None and _longer_period(ctx):
            return Timex(point_value(shift(point[0], step, "Y"), "Y"), "date")
    return Timex(anchor_shift(ctx.anchor, step, unit), "date")


def _quarter_offset(ctx: Context) -> str | None:
    """The quarter a "year ago" compares with, unless the sentence is about a longer period
    ("for the nine months ... a year earlier" compares years)."""
    return None if _longer_period(ctx) else _recent_quarter(ctx)


def _longer_period(ctx: Context) -> bool:
    """The sentence reports on a period longer than a quarter."""
    return _names_longer_period(ctx.sentence)


@lru_cache(maxsize=256)
def _names_longer_period(sentence: str) -> bool:
    """Cached: the dates of one sentence share its string, and searching it for each is quadratic."""
    return re.search(r"\b(?:nine|six)\s+months\b|\bfirst\s+half\b|\bfull\s+year\b|\bfiscal\s+year\b", sentence, re.I) is not None


def _recent_quarter(ctx: Context) -> str | None:
    """The quarter the text is about, when the latest dates mentioned include one.

    An earnings report names its quarter first; a later aside ("after a flat
    second quarter") does not change what "the year-earlier period" compares
    with, so the article's first quarter wins when it is among the latest dates.
    """
    recent = [v for v in ctx.anchors[-3:] if (p := parse_point(v)) and p[1] == "Q"]
    if not recent:
        return None
    if ctx.topic_quarter and ctx.topic_quarter in ctx.anchors:
        return ctx.topic_quarter
    return recent[-1]


@rule("year_ago_adj", r"\b(?:the\s+)?(?P<rel>year|quarter)[-\s](?:ago|earlier)(?:\s+(?P<noun>quarter|period))?\b", priority=4)
def _year_ago_adj(m: re.Match, ctx: Context) -> Timex | None:
    """ "the year-ago quarter", "year-earlier": the period a year before the one discussed."""
    unit = "Y" if m["rel"].lower() == "year" else "Q"
    quarter = _recent_quarter(ctx) if m["noun"] else _quarter_offset(ctx)
    if quarter is not None:
        return Timex(anchor_shift(quarter, -1, unit), "date")
    if ctx.published is None:
        return Timex(None, "date")
    if m["noun"] and m["noun"].lower() == "quarter":
        return Timex(point_value(shift(ctx.published, -12 if unit == "Y" else -3, "M"), "Q"), "date")
    return Timex(point_value(shift(ctx.published, -1, unit), unit), "date")


@rule("half_duration", r"\b(?:{AMOD})?(?:(?P<whole>{NUM})\s+(?:1/2|and\s+a\s+half)\s+(?P<unit>{UNITS})|(?:an?|one)\s+(?P<unit2>{UNIT1})\s+and\s+a\s+half|(?:a\s+)?half\s+(?:an?\s+)?(?P<unit3>{UNIT1}))\b", priority=3)
def _half_duration(m: re.Match, ctx: Context) -> Timex | None:
    if m["unit"]:
        whole, unit = number(m["whole"]), unit_code(m["unit"])
    elif m["unit2"]:
        whole, unit = 1, unit_code(m["unit2"])
    else:
        whole, unit = 0, unit_code(m["unit3"])
    if whole is None or unit is None:
        return None
    return Timex(_fractional(whole + 0.5, unit), "duration")


@rule("minute_and_half", r"\b(?:an?|one)\s+minute\s+and\s+a\s+half\b", priority=4)
def _minute_half(m: re.Match, ctx: Context) -> Timex | None:
    return Timex("PT1M30S", "duration")


@rule(
    "duration",
    r"""\b(?:(?P<the>the|another|each\s+of\s+the|all\s+of\s+the)\s+)?
        (?:(?P<rel>past|last|next|previous|coming|first|following|final|recent|initial|remaining|additional|further|latest|prior|ensuing|succeeding|preceding|last\s+few)\s+)?
        (?:{AMOD})?(?P<qty>{QTY})(?:\s*(?:to|-|–)\s*(?P<upper>{NUM}))?\s+(?:(?:more|additional|full|straight|consecutive|long|trading|business|working)\s+)?(?P<unit>{UNITS})(?:\s+or\s+so)?
        (?!\s+old\b|[-\w])""",
)
def _duration(m: re.Match, ctx: Context) -> Timex | None:
    unit = unit_code(m["unit"])
    if unit is None:
        return None
    qty = m["qty"].lower()
    count: int | float | None = number(qty)
    if count is None and re.fullmatch(r"[\d.]+", qty):
        try:
            count = float(qty)
        except ValueError:
            return None
    rel = (m["rel"] or "").lower()
    singular = not m["unit"].lower().endswith("s") or m["unit"].lower() in ("centuries",)
    if qty in ("a", "an", "one") and not singular:
        return None
    if count is None and rel in ("past", "last", "recent", "previous", "last few") and ctx.published is None:
        return Timex(duration_value(None, unit), "duration")
    if count == 0:
        return None
    return Timex(duration_value(count, unit), "duration")


@rule("duration_hyphen", r"\b(?P<qty>{NUM}|several|multi|half)-(?P<unit>second|minute|hour|day|night|week|month|quarter|year|decade|century)(?:-long)?(?![-\w])", priority=2)
def _duration_adj(m: re.Match, ctx: Context) -> Timex | None:
    """Adjectival durations: "three-year", "10-hour", "52-week"; ages ("44-year-old") are not."""
    unit = unit_code(m["unit"] or m["unit2"])
    qty = (m["qty"] or m["qty2"] or "").lower()
    if unit is None:
        return None
    if qty in ("several", "multi"):
        return Timex(duration_value(None, unit), "duration")
    if qty == "half":
        return Timex(_fractional(0.5, unit), "duration")
    count = number(qty)
    if count is None or count == 0:
        return None
    return Timex(duration_value(count, unit), "duration")


@rule("unit_long", r"\b(?P<unit>days?|weeks?|months?|years?|decades?|hours?|century|centuries)-long\b", priority=2)
def _unit_long(m: re.Match, ctx: Context) -> Timex | None:
    """ "day-long": one unit; "decades-long": an unknown number of them."""
    plural = m["unit"].lower().endswith("s")
    return Timex(duration_value(None if plural else 1, unit_of(m["unit"])), "duration")


@rule("for_units", r"(?:(?<=\bfor\s)|(?<=\bwithin\s))(?P<unit>years|months|weeks|days|decades|hours|centuries)\b(?!\s+(?:to\s+come|ago|old))")
def _for_units(m: re.Match, ctx: Context) -> Timex | None:
    """ "for years", "within weeks": a duration of unknown length."""
    return Timex(duration_value(None, unit_of(m["unit"])), "duration")


@rule("units_ahead", r"""\bthe\s+(?:(?P<unit>years|months|weeks|days|decades|hours)\s+(?:ahead|to\s+come)
    |(?:early|first|final|ensuing|intervening)\s+(?P<unit2>years|months|weeks|days|decades|hours))\b
    (?!\s+of\s+(?:{WEEKDAY}|today|yesterday|tomorrow|{MONTH}|{YEAR}|(?:that|the)\s+(?:day|morning|night|evening)))
    |(?:(?<=\bover\s)|(?<=\bthrough\s)|(?<=\bduring\s))the\s+(?P<unit3>years|decades)\b(?!\s+(?:of|since|between|\d))""", priority=3)
def _units_ahead(m: re.Match, ctx: Context) -> Timex | None:
    """ "the weeks ahead", "the early years", "the first hours", "over the years": an unknown number of them."""
    return Timex(duration_value(None, unit_of(m["unit"] or m["unit2"] or m["unit3"])), "duration")


@rule("half_ago", r"\b(?:{AMOD})?half\s+an?\s+(?P<unit>century|decade|year)\s+(?P<dir>ago|earlier|later)\b", priority=6)
def _half_ago(m: re.Match, ctx: Context) -> Timex | None:
    """ "half a century ago": fifty years before publication (or after the last date, "later")."""
    months = {"century": 600, "decade": 60, "year": 6}[m["unit"].lower()]
    unit = "M" if months < 12 else "Y"
    step = (months if unit == "M" else months // 12) * (1 if m["dir"].lower() == "later" else -1)
    if m["dir"].lower() == "ago":
        if ctx.published is None:
            return Timex(None, "date")
        return Timex(point_value(shift(ctx.published, step, unit), unit), "date")
    return Timex(anchor_shift(ctx.anchor, step, unit), "date")


@rule("quarter_century", r"\b(?:(?:a|one|the\s+past|the\s+last|the\s+next)\s+)?quarter(?:\s+of\s+a\s+|[-\s])century\b(?![-\w])", priority=4)
def _quarter_century(m: re.Match, ctx: Context) -> Timex | None:
    """ "a quarter of a century", "a quarter-century": twenty-five years."""
    return Timex("P25Y", "duration")


@rule("a_while", r"(?<!\bin\s)\b(?-i:a|A)\s+(?:little\s+|short\s+|long\s+)?(?-i:while)\b(?!\s+(?:ago|back|later|earlier))", priority=1)
def _a_while(m: re.Match, ctx: Context) -> Timex | None:
    """ "for a while": some length of time, its unit unknown (TIMEX3 ``PXX``).

    Not "once in a while" (now and then), nor a capital "A" inside a sentence ("rated the
    bonds A while rivals ..."), which is a grade before the conjunction "while".
    """
    if m.string[m.start()] == "A" and not re.search(r"(?:^|[.!?:\n]['\"’”]?)\s*$", window_before(m.string, m.start(), 4)):
        return None
    return Timex("PXX", "duration")


@rule("recent_units", r"\b(?:the\s+)?(?:(?P<rel>recent|coming|past\s+(?:few|several)|last\s+(?:few|several)|next\s+(?:few|several)|few)\s+)(?P<unit>years|months|weeks|days|decades|hours|quarters|centuries)\b", priority=3)
def _recent_units(m: re.Match, ctx: Context) -> Timex | None:
    rel = m["rel"].lower()
    unit = unit_of(m["unit"])
    if rel == "coming":
        return Timex("FUTURE_REF", "date")
    return Timex(duration_value(None, unit), "duration")


@rule("set_every", r"\b(?:every|each)\s+(?:(?P<num>other|{NUM})\s+)?(?P<unit>{UNITS}|(?P<wd>{WEEKDAY})|(?P<month>{MONTH})|(?P<season>{SEASON})|(?P<part>morning|afternoon|evening|night))\b", priority=4)
def _set_every(m: re.Match, ctx: Context) -> Timex | None:
    if m["wd"]:
        return Timex(f"XXXX-WXX-{_weekday(m['wd'])}", "set")
    if m["month"]:
        return Timex(f"XXXX-{_month(m['month']):02d}", "set")
    if m["season"]:
        return Timex(f"XXXX-{vocab()['seasons'][m['season'].lower()]}", "set")
    if m["part"]:
        return Timex(f"TXX{vocab()['parts_of_day'][m['part'].lower()]}", "set")
    unit = unit_code(m["unit"])
    if unit is None:
        return None
    num = (m["num"] or "").lower()
    count = 2 if num == "other" else (number(num) if num else 1)
    return Timex(duration_value(count, unit), "set")


@rule("set_adverb", r"\b(?:annually|yearly|daily|nightly|weekly|monthly|hourly|biannually|semiannually)\b")
def _set_adverb(m: re.Match, ctx: Context) -> Timex | None:
    return Timex(vocab()["sets"][m[0].lower()], "set")


@rule("set_weekdays", r"\b(?:(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)s|(?P<wd2>monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\s+(?P<part>nights|evenings|mornings|afternoons))\b", priority=3)
def _set_weekdays(m: re.Match, ctx: Context) -> Timex | None:
    """ "Tuesdays", "Monday nights": a weekly set."""
    part = ""
    if m["part"]:
        part = "T" + vocab()["parts_of_day"][m["part"].lower().rstrip("s")]
    return Timex(f"XXXX-WXX-{_weekday(m['wd'] or m['wd2'])}{part}", "set")


# ---- points ----


def easter(year: int) -> dt.date:
    """Western Easter Sunday (dateutil's Gregorian computus)."""
    return dateutil.easter.easter(year)


def holiday_date(spec: str, year: int) -> dt.date | None:
    """The day a holiday spec from dates.json names in ``year``."""
    offset = 0
    if m := re.fullmatch(r"(easter|\d\d/\d/-?\d)([+-]\d+)", spec):
        spec, offset = m[1], int(m[2])
    if spec == "easter":
        day = easter(year)
    elif m := re.fullmatch(r"(\d\d)-(\d\d)", spec):
        day = dt.date(year, int(m[1]), int(m[2]))
    elif m := re.fullmatch(r"(\d\d)/(\d)/(-?\d)", spec):
        month, weekday, n = int(m[1]), int(m[2]), int(m[3])
        if n > 0:
            first = dt.date(year, month, 1)
            day = first + dt.timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
        else:
            last = _month_end(year, month)
            day = last - dt.timedelta(days=(last.isoweekday() - weekday) % 7)
    else:
        return None
    return day + dt.timedelta(days=offset)


def _holiday_names() -> dict[str, str]:
    return {k: v for k, v in vocab()["holidays"].items() if not k.startswith("_")}


@rule("holiday", r"\b(?:(?P<rel>last|this|next|this\s+past|this\s+coming)\s+)?(?P<name>{HOLIDAY})(?P<week>\s+week)?(?:,?\s+(?P<year>{YEAR}))?(?![\w-])", priority=3)
def _holiday(m: re.Match, ctx: Context) -> Timex | None:
    """A holiday on its day in the year meant; "Easter week" is the ISO week it falls in."""
    day = _holiday_day(m, ctx)
    if day is None or day.value is None or not m["week"]:
        return day
    return Timex(point_value(dt.date.fromisoformat(day.value), "W"), "date")


def _holiday_day(m: re.Match, ctx: Context) -> Timex | None:
    names = {" ".join(k.lower().split()): v for k, v in _holiday_names().items()}
    spec = names.get(" ".join(m["name"].lower().replace("’", "'").split()))
    if spec is None:
        return None
    if m["year"]:
        day = holiday_date(spec, int(m["year"]))
        return Timex(day.isoformat() if day else None, "date")
    if ctx.published is None:
        return Timex(None, "date")
    pub = ctx.published
    rel = " ".join((m["rel"] or "").lower().split())
    candidates = [d for d in (holiday_date(spec, pub.year + k) for k in (-1, 0, 1)) if d]
    if rel in ("last", "this past"):
        day = max(d for d in candidates if d < pub)
    elif rel in ("next", "this coming"):
        day = min(d for d in candidates if d > pub)
    else:
        day = holiday_date(spec, pub.year)
        if day is None:  # a holiday not kept that year
            return Timex(None, "date")
        distance = (day - pub).days
        if distance > ctx.month_reach and ctx.tense != "future":
            day = holiday_date(spec, pub.year - 1)
        elif distance < -ctx.month_reach and ctx.tense != "past":
            day = holiday_date(spec, pub.year + 1)
    return Timex(day.isoformat() if day else None, "date")


@rule("deictic", r"\b(?:{DEICTIC})\b")
def _deictic(m: re.Match, ctx: Context) -> Timex | None:
    key = " ".join(m[0].lower().split())
    offset = vocab()["deictic"][key]
    if isinstance(offset, str):
        return Timex(offset, "date")
    if ctx.published is None:
        return Timex(None, "date")
    return Timex((ctx.published + dt.timedelta(days=offset)).isoformat(), "date")


@rule("current_adj", r"\b(?:(?P<then>then)[\s-]+)?current\b(?![-\w])")
def _current_adj(m: re.Match, ctx: Context) -> Timex | None:
    """ "current market conditions": the present; "the then current price": a past present.

    Only before a noun (checked on the tagged text, as are "current account"
    and other accounting terms, or "the current leader", see ``current_not_time``).
    """
    return Timex("PAST_REF" if m["then"] else "PRESENT_REF", "date")


_PART_CODE = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI", "midday": "12:00"}


def _day_of(ref: str, ctx: Context) -> dt.date | None:
    """The day a day reference names: today, yesterday, a weekday (tense decides which)."""
    if ctx.published is None:
        return None
    ref = ref.lower()
    if ref in ("today", "tonight", "this"):
        return ctx.published
    if ref == "yesterday" or ref == "last":
        return ctx.published - dt.timedelta(days=1)
    if ref == "tomorrow":
        return ctx.published + dt.timedelta(days=1)
    return resolve_weekday(_weekday(ref), ctx.published, ctx.tense)


@rule("part_of_day", r"""\b(?:(?:early|late|earlier|later)\s+)?(?:(?P<ref>this|yesterday|tomorrow|today|last|{WEEKDAY})\s+(?P<part>morning|afternoon|evening|night|overnight|midday|mid-?\s?afternoon|mid-?\s?morning)
    |(?P<part2>mid-?\s?afternoon|mid-?\s?morning|midday)(?:\s+(?P<ref2>yesterday|today|tomorrow|{WEEKDAY}))?)\b|\btonight\b""", priority=4)
def _part_of_day(m: re.Match, ctx: Context) -> Timex | None:
    """ "Thursday evening", "this morning", "last night", "mid-afternoon yesterday": a day and its part."""
    if m[0].lower() == "tonight":
        ref, part = "today", "night"
    else:
        ref = m["ref"] or m["ref2"] or "today"
        part = (m["part"] or m["part2"]).lower()
        part = part if part == "midday" else re.sub(r"^mid-?\s?", "", part)
        if ref.lower().endswith("days"):
            return None
        if not (m["ref"] or m["ref2"]):
            # a bare "midday": the day the text is talking about
            point = parse_point(ctx.anchor)
            if point is not None and point[1] == "D":
                return Timex(f"{point[0].isoformat()}T{_PART_CODE[part]}", "date")
    day = _day_of(ref, ctx)
    if day is None:
        return Timex(None, "date")
    return Timex(f"{day.isoformat()}T{_PART_CODE[part]}", "date")


@rule("season", r"\b(?:(?P<the>the)\s+(?:(?:early|late)\s+)?(?P<season>spring|summer|fall|autumn|winter)(?!\s+(?:of|in)\b)|(?P<bare>summer|winter|autumn))\b(?![-\w])", priority=0)
def _season(m: re.Match, ctx: Context) -> Timex | None:
    """ "the summer", "summer": this year's, or the last one in a past clause."""
    if ctx.published is None:
        return Timex(None, "date")
    season = vocab()["seasons"][(m["season"] or m["bare"]).lower()]
    return Timex(resolve_season(season, ctx.published, ctx.tense, None), "date")


@rule("modified_day", r"\b(?P<mod>early|late|earlier|later)\s+(?P<ref>today|yesterday|tomorrow|{WEEKDAY})\b", priority=3)
def _modified_day(m: re.Match, ctx: Context) -> Timex | None:
    if m["ref"].lower().endswith("days"):
        return None
    day = _day_of(m["ref"], ctx)
    return Timex(day.isoformat() if day else None, "date")


def _clock(text: str) -> str | None:
    """ "7:15 p.m." -> 19:15; "4 in the morning" -> 04:00; "noon" -> 12:00."""
    text = " ".join(text.lower().split())
    if m := re.fullmatch(r"(\w+)(?: o['’]clock)?(?: in the (morning|afternoon|evening))?", text):
        hour = number(m[1]) if not m[1].isdigit() else int(m[1])
        if hour is not None and 1 <= hour <= 12 and (m[2] or "o" in text.replace("noon", "")):
            if m[2] in ("afternoon", "evening") and hour < 12:
                hour += 12
            return f"{hour:02d}:00"
    text = text.replace(" ", "")
    if text == "noon":
        return "12:00"
    if text == "midnight":
        return "24:00"
    m = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?(a\.?m\.?|p\.?m\.?)?", text)
    if not m:
        return None
    hour, minute = int(m[1]), int(m[2] or 0)
    if m[3] and m[3].startswith("p") and hour < 12:
        hour += 12
    if m[3] and m[3].startswith("a") and hour == 12:
        hour = 0
    if hour > 24 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


@rule("clock", r"\b(?:(?:about|around|shortly\s+after|shortly\s+before|just\s+after|just\s+before|approximately)\s+)?(?P<clock>{CLOCK})(?:\s+{TZ})?(?:\s*\(\s*\d{{1,2}}(?::\d\d)?\s*(?:a\.m\.|p\.m\.)?\s*{TZ}\s*\))?(?:,?\s+(?:on\s+)?(?:(?P<ref>{DAYREF})|(?P<month>{MONTH})\s+(?P<day>{DAYNUM})))?(?!\w)", priority=4)
def _clock_rule(m: re.Match, ctx: Context) -> Timex | None:
    clock = _clock(m["clock"])
    if clock is None:
        return None
    if m["month"]:
        if ctx.published is None:
            return Timex(None, "time")
        day: dt.date | None = resolve_month(
            _month(m["month"]), int(re.sub(r"\D", "", m["day"])), ctx.published, ctx.tense, ctx.before, ctx.month_reach
        )
    elif m["ref"]:
        if m["ref"].lower().endswith("days"):
            return None
        day = _day_of(m["ref"], ctx)
    else:
        # a bare clock time belongs to the day the text is talking about
        point = parse_point(ctx.anchor)
        day = point[0] if point is not None and point[1] == "D" else ctx.published
    if day is None:
        return Timex(None, "time")
    return Timex(f"{day.isoformat()}T{clock}", "time")


@rule("weekday", r"\b(?:(?P<rel>last|next|this|this\s+coming|this\s+past|coming|past)\s+)?(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:,?\s+(?P<month>{MONTH})\s+(?P<day>{DAYNUM})(?:,?\s+(?P<year>{YEAR}))?)?(?!\w|-)", priority=1)
def _weekday_rule(m: re.Match, ctx: Context) -> Timex | None:
    if m["month"]:
        return _month_day(m, ctx)
    if ctx.published is None:
        return Timex(None, "date")
    rel = " ".join((m["rel"] or "").lower().split())
    weekday = _weekday(m["wd"])
    if rel in ("next", "this coming", "coming"):
        days = (weekday - ctx.published.isoweekday()) % 7 or 7
        return Timex((ctx.published + dt.timedelta(days=days)).isoformat(), "date")
    if rel in ("last", "this past", "past"):
        days = (ctx.published.isoweekday() - weekday) % 7 or 7
        return Timex((ctx.published - dt.timedelta(days=days)).isoformat(), "date")
    if rel == "this":
        monday = ctx.published - dt.timedelta(days=ctx.published.isoweekday() - 1)
        return Timex((monday + dt.timedelta(days=weekday - 1)).isoformat(), "date")
    return Timex(resolve_weekday(weekday, ctx.published, ctx.tense).isoformat(), "date")


def _sentence_year(ctx: Context, month: int, day: int | None = None) -> int | None:
    """The year a month (and day) without one takes from the date of the same account
    (``Context.sentence_anchor``): "Fighting broke out on Sept 27, 2020 and ended on
    Nov 10" is 2020; "from Dec. 20, 2020 to Jan. 3" is 2021, never before its start.

    Not when the clause looks ahead from a past date ("invited in July 1997, they
    will join on March 12"): that month is counted from publication.
    """
    point = parse_point(ctx.sentence_anchor)
    if point is None or (ctx.tense == "future" and ctx.published is not None and point[0] < ctx.published):
        return None
    start = point[0]
    return start.year + (1 if (month, day or 31) < (start.month, start.day) else 0)


def _month_day(m: re.Match, ctx: Context) -> Timex | None:
    month = _month(m["month"])
    day = int(re.sub(r"\D", "", m["day"]))
    given = m["year"] or (m["year2"] if "year2" in m.re.groupindex else None)  # "Jan. 10-11, 2023"
    if given:
        try:
            return Timex(dt.date(int(given), month, day).isoformat(), "date")
        except ValueError:
            return None
    year = _sentence_year(ctx, month, day)
    if year is not None:
        try:
            return Timex(dt.date(year, month, day).isoformat(), "date")
        except ValueError:
            return None
    if ctx.published is None:
        return Timex(None, "date")
    try:
        return Timex(resolve_month(month, day, ctx.published, ctx.tense, ctx.before, ctx.month_reach).isoformat(), "date")
    except ValueError:
        return None


@rule("iso_date", r"\b(?P<y>{YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-2]\d|3[01])\b", priority=2)
def _iso_date(m: re.Match, ctx: Context) -> Timex | None:
    try:
        return Timex(dt.date(int(m["y"]), int(m["m"]), int(m["d"])).isoformat(), "date")
    except ValueError:
        return None


@rule("slash_date", r"(?<![\d/])(?P<m>0?[1-9]|1[0-2])/(?P<d>0?[1-9]|[12]\d|3[01])/(?P<y>\d{{4}}|\d{{2}})(?![\d/])", priority=2)
def _slash_date(m: re.Match, ctx: Context) -> Timex | None:
    year = int(m["y"])
    if year < 100:
        year += 1900 if year > 30 else 2000
    try:
        return Timex(dt.date(year, int(m["m"]), int(m["d"])).isoformat(), "date")
    except ValueError:
        return None


@rule("month_day", r"\b(?:(?P<mod>early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+middle\s+of|last|this|next|this\s+past|this\s+coming)[\s-]+)?(?P<month>{MONTH})\s+(?P<day>{DAYNUM})(?![\d,]\d)(?:,?\s+(?P<year>{YEAR}))?(?!\w)(?:(?=\s*(?:[-–]|and\s|or\s|to\s)\s*{DAYNUM},?\s+(?P<year2>{YEAR})\b))?", priority=2)
def _month_day_rule(m: re.Match, ctx: Context) -> Timex | None:
    return _month_day(m, ctx)


@rule("day_month", r"\b(?:the\s+)?(?P<day>{DAYNUM})(?:\s+of)?\s+(?P<month>{MONTH})(?:,?\s+(?P<year>{YEAR}))?(?!\w)", priority=2)
def _day_month_rule(m: re.Match, ctx: Context) -> Timex | None:
    return _month_day(m, ctx)


@rule("month_year", r"\b(?:(?P<mod>early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|the\s+first\s+half\s+of|the\s+second\s+half\s+of)[\s-]+)?(?P<month>{MONTH})(?:\s+of)?,?\s+(?:(?P<year>{YEAR})|(?P<spoken>{SPOKEN_YEAR})|(?P<rel>this|last|next)\s+year)(?!\w)", priority=2)
def _month_year(m: re.Match, ctx: Context) -> Timex | None:
    month = _month(m["month"])
    if m["year"]:
        year: int | None = int(m["year"])
    elif m["spoken"]:
        year = _spoken_year(m["spoken"])
        if year is None:
            return None
    else:
        if ctx.published is None:
            return Timex(None, "date")
        year = ctx.published.year + {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    return Timex(f"{year:04d}-{month:02d}", "date")


@rule("month", r"\b(?:(?P<mod>early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of)[\s-]+|(?P<rel>last|this|next|this\s+past|this\s+coming)\s+)?(?P<month>{MONTH})(?![\w-])", priority=1)
def _month_rule(m: re.Match, ctx: Context) -> Timex | None:
    if ctx.published is None:
        return Timex(None, "date")
    month = _month(m["month"])
    rel = " ".join((m["rel"] or "").lower().split())
    pub = ctx.published
    if rel in ("last", "this past"):
        year = pub.year if month < pub.month else pub.year - 1
    elif rel in ("next", "this coming"):
        year = pub.year if month > pub.month else pub.year + 1
    elif rel == "this":
        year = pub.year
    else:
        year = _sentence_year(ctx, month) or resolve_month(month, None, pub, ctx.tense, ctx.before, ctx.month_reach).year
    return Timex(f"{year:04d}-{month:02d}", "date")


@rule("year", r"(?<![$\d.,'’/-])\b(?:(?P<mod>early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|the\s+first\s+half\s+of|the\s+second\s+half\s+of|the\s+last\s+half\s+of|the\s+latter\s+half\s+of|the\s+spring\s+of|the\s+summer\s+of|the\s+fall\s+of|the\s+autumn\s+of|the\s+winter\s+of)[\s-]+)?(?:(?P<fiscal>fiscal|calendar|the\s+year|the\s+fiscal\s+year|model)[\s-]+)?(?P<year>{YEAR})(?![\d%,.]\d|\w|%|-\d|\s*(?:%|percent))", priority=1)
def _year_rule(m: re.Match, ctx: Context) -> Timex | None:
    year = int(m["year"])
    mod = " ".join((m["mod"] or "").lower().split())
    if mod.startswith("the first half"):
        return Timex(f"{year:04d}-H1", "date")
    if mod.startswith(("the second half", "the last half", "the latter half")):
        return Timex(f"{year:04d}-H2", "date")
    if mod.startswith("the ") and mod.split()[1] in vocab()["seasons"]:
        return Timex(f"{year:04d}-{vocab()['seasons'][mod.split()[1]]}", "date")
    return Timex(f"{year:04d}", "date")


@rule("prefixed_year", r"\b(?:post|pre)-(?P<year>{YEAR})\b(?![-\d])", priority=1)
def _prefixed_year(m: re.Match, ctx: Context) -> Timex | None:
    """ "post-1959 politics", "pre-1990 borders": the year the prefix counts from."""
    return Timex(f"{int(m['year']):04d}", "date")


@rule("listed_day", r"(?:(?<=\d\sand\s)|(?<=\d\sor\s)|(?<=\d\sto\s)|(?<=\d[-–]))(?<!\d\d\d\d[-–])(?P<day>{DAYNUM})\b(?:,?\s+{YEAR}\b)?(?![-–/:.,]?\d|\s*(?:%|percent))", priority=0)
def _listed_day(m: re.Match, ctx: Context) -> Timex | None:
    """The second day of "April 24 and 25", "Jan. 10-11, 2023": the month and year of the first.

    Only right after a month and day; any other number after "and" is not a date.
    """
    if not _first_listed_day().search(window_before(m.string, m.start(), 30)):
        return None
    point = parse_point(ctx.anchor)
    if point is None or point[1] != "D":
        return None
    try:
        return Timex(point[0].replace(day=int(re.sub(r"\D", "", m["day"]))).isoformat(), "date")
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _first_listed_day() -> re.Pattern:
    """A month and day followed by "and", "or", "to" or a dash, at the end of a string."""
    return re.compile(r"(?i)\b(?:{MONTH})\s+(?:{DAYNUM})\s*(?:and|or|to|[-–])\s*$".format(**macros()))


@rule("two_quarters", r"\b(?:the\s+)?(?P<which>first|last|final|second)\s+two\s+quarters\s+of\s+(?P<year>{YEAR})\b", priority=3)
def _two_quarters(m: re.Match, ctx: Context) -> Timex | None:
    """ "the first two quarters of 1990": that year's first half."""
    half = 1 if m["which"].lower() == "first" else 2
    return Timex(f"{int(m['year']):04d}-H{half}", "date")


@rule("iso_month", r"(?<![$\d.,'’/-])\b(?!(?:19|20)(?:00-01|01-02|02-03|03-04|04-05|05-06|06-07|07-08|08-09|09-10|10-11|11-12)\b)(?P<y>{YEAR})-(?P<m>0[1-9]|1[0-2])\b(?![-–/]?\d)", priority=2)
def _iso_month(m: re.Match, ctx: Context) -> Timex | None:
    """ "2019-07": a month in ISO form; "2011-12", the next year after the first, is a season
    (:func:`_year_range`)."""
    return Timex(f"{m['y']}-{m['m']}", "date")


@rule("year_range", r"""(?<![$\d.,'’/-])\b(?P<year>{YEAR})(?=[-–/](?:(?:1[0-9]|20)\d\d|\d\d)\b(?![-–/]\d))
    |(?<=\b(?:1[0-9]|20)\d\d[-–/])(?:(?P<year2>{YEAR})|(?P<yy>\d\d))\b(?![-–/\d])""", priority=1)
def _year_range(m: re.Match, ctx: Context) -> Timex | None:
    """ "2010-2015", "the 2022-23 season", "FY2023/24": each end of a range of years is a year.

    A two-digit end counts only as the next year ("2022-23"); "2022-12" is no range.
    """
    if not m["yy"]:
        return Timex(m["year"] or m["year2"], "date")
    first = int(m.string[m.start() - 5 : m.start() - 1])
    if int(m["yy"]) != (first + 1) % 100:
        return None
    return Timex(f"{first + 1:04d}", "date")


@rule("spoken_year", r"\b(?:the\s+year\s+)?(?:(?P<season>spring|summer|fall|autumn|winter)(?:\s+of)?\s+)?(?P<spoken>{SPOKEN_YEAR})\b(?!\s+(?:people|dollars|miles|times|soldiers|troops|members))", priority=1)
def _spoken_year_rule(m: re.Match, ctx: Context) -> Timex | None:
    year = _spoken_year(m["spoken"])
    if year is None or not 1000 <= year <= 2099:
        return None
    if not m[0].lower().startswith("the year") and m["spoken"].lower().startswith("two thousand") and not m["season"]:
        return None  # "two thousand" alone is an amount
    if m["season"]:
        return Timex(f"{year:04d}-{vocab()['seasons'][m['season'].lower()]}", "date")
    return Timex(f"{year:04d}", "date")


@rule("season_of", r"\b(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?P<season>spring|summer|fall|autumn|winter)(?:\s+of)?,?\s+(?P<year>{YEAR})(?!\w)", priority=2)
def _season_of(m: re.Match, ctx: Context) -> Timex | None:
    return Timex(f"{int(m['year']):04d}-{vocab()['seasons'][m['season'].lower()]}", "date")


@rule("season_rel", r"\b(?:(?:early|late)\s+)?(?P<rel>last|this|next|this\s+past|this\s+coming|the\s+coming|the\s+past)\s+(?P<season>spring|summer|fall|autumn|winter)\b", priority=2)
def _season_rel(m: re.Match, ctx: Context) -> Timex | None:
    if ctx.published is None:
        return Timex(None, "date")
    rel = " ".join(m["rel"].lower().split())
    step = {"last": -1, "this past": -1, "the past": -1, "this": 0, "next": 1, "this coming": 1, "the coming": 1}[rel]
    season = vocab()["seasons"][m["season"].lower()]
    if rel == "this":
        return Timex(resolve_season(season, ctx.published, ctx.tense, None if ctx.tense in ("past", "future") else 0), "date")
    return Timex(resolve_season(season, ctx.published, ctx.tense, step), "date")


@rule("decade", r"\b(?:the\s+)?(?:(?P<mod>early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+middle\s+of|the\s+(?:first|second|last|latter)\s+half\s+of(?:\s+the)?)[\s-]+)?(?:(?P<y>1\d\d|20\d)0'?s|['’](?P<yy>\d)0s|(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))\b", priority=2)
def _decade(m: re.Match, ctx: Context) -> Timex | None:
    if m["y"]:
        return Timex(m["y"], "date")
    if m["yy"]:
        return Timex(f"19{m['yy']}", "date")
    if not m[0].lower().startswith("the") and not m["mod"]:
        return None  # "in his forties" is an age
    tens = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7, "eighties": 8, "nineties": 9}
    return Timex(f"19{tens[m['word'].lower()]}", "date")


@rule("century", r"\b(?:the\s+)?(?:(?P<mod>early|late|mid|turn\s+of\s+the|(?:first|second|last|latter)\s+half\s+of\s+the)[\s-]+)?(?P<ord>{ORD}|this|last|next|past|previous|current|coming)\s+century\b", priority=2)
def _century(m: re.Match, ctx: Context) -> Timex | None:
    word = m["ord"].lower()
    if word in ("this", "current"):
        return Timex(f"{ctx.published.year // 100:02d}" if ctx.published else None, "date")
    if word in ("last", "past", "previous"):
        if m[0].lower().startswith("the") and word == "past":
            return Timex("P100Y", "duration")
        return Timex(f"{ctx.published.year // 100 - 1:02d}" if ctx.published else None, "date")
    if word in ("next", "coming"):
        return Timex(f"{ctx.published.year // 100 + 1:02d}" if ctx.published else None, "date")
    n = _ordinal(word)
    if n is None:
        return None
    return Timex(f"{n - 1:02d}", "date")


_QUARTER_WORDS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "final": 4, "last": 4}


@rule("quarter", r"""\b(?:(?P<lead>the|this|next|last)\s+(?!(?:\S+\s+)?(?:first|second|third|fourth|1st|2nd|3rd|4th)-))?(?:(?P<yr>{YEAR})\s+|(?P<relyear>this|last|next)\s+year['’]s\s+|fiscal\s+(?P<fy>{YEAR})\s+)?
    (?:fiscal[\s-]+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal[\s-]+)?(?P<unit>quarter|half)
    (?:\s+of\s+(?:(?P<ofyear>{YEAR})|(?:fiscal\s+)?(?P<ofrel>this|last|next)\s+year|the\s+(?P<ofthe>year|fiscal\s+year)))?(?![-\w])
    (?!\s+of\s+(?:the\s+)?(?:\S+\s+)?(?:century|decade|\d{{3}}0['’]?s)\b)""", priority=3)
def _quarter(m: re.Match, ctx: Context) -> Timex | None:
    q = _QUARTER_WORDS[m["q"].lower()]
    is_half = m["unit"].lower() == "half"
    if is_half and q > 2:
        return None
    code = "H" if is_half else "Q"
    year_text = m["yr"] or m["fy"] or m["ofyear"]
    rel = (m["relyear"] or m["ofrel"] or "").lower()
    if year_text:
        return Timex(f"{int(year_text):04d}-{code}{q}", "date")
    if ctx.published is None:
        return Timex(None, "date")
    if rel:
        year = ctx.published.year + {"this": 0, "last": -1, "next": 1}[rel]
        return Timex(f"{year:04d}-{code}{q}", "date")
    lead = (m["lead"] or "").lower()
    if lead in ("next", "last"):
        return None
    recent_year = last_of(ctx.anchors[-3:], "Y")
    if is_half:
        current = (ctx.published.month - 1) // 6 + 1
        year = ctx.published.year
        if ctx.tense == "future":
            year += 1 if q < current else 0
        elif q > current:
            year -= 1
        return Timex(f"{year:04d}-H{q}", "date")
    if m["ofthe"] and recent_year:
        return Timex(f"{recent_year}-Q{q}", "date")
    return Timex(resolve_quarter(q, ctx.published, ctx.tense), "date")


@rule("quarter_code", r"\b(?-i:(?P<code>[QH])(?P<n>[1-4]))(?:(?:\s+|['’]|\s+of\s+)(?:(?P<year>{YEAR})|(?P<yy>\d\d)\b))?(?![\w-])|\b(?-i:FY)\s?(?:(?P<fy>{YEAR})|(?P<fyy>\d\d))\b", priority=3)
def _quarter_code(m: re.Match, ctx: Context) -> Timex | None:
    """ "Q3 2024", "H1", "FY2024": quarters, halves and fiscal years in their short forms."""
    if m["fy"] or m["fyy"]:
        return Timex(m["fy"] or f"20{m['fyy']}", "date")
    code, n = m["code"], int(m["n"])
    if code == "H" and n > 2:
        return None
    year = m["year"] or (f"20{m['yy']}" if m["yy"] else None)
    if year is None:
        if ctx.published is None:
            return Timex(None, "date")
        if code == "Q":
            return Timex(resolve_quarter(n, ctx.published, ctx.tense), "date")
        year = str(ctx.published.year - (1 if n > (ctx.published.month - 1) // 6 + 1 and ctx.tense != "future" else 0))
    return Timex(f"{int(year):04d}-{code}{n}", "date")


@rule("the_quarter", r"\b(?:the|this|that)\s+(?:(?P<mod>latest|current|same|recent|most\s+recent|just-ended|just\s+ended|comparable|corresponding)\s+)?(?P<noun>quarter|period)\b(?![-\w]|\s+(?:point|of\s+a))", priority=1)
def _the_quarter(m: re.Match, ctx: Context) -> Timex | None:
    """"the quarter", "the latest period": the quarter being discussed; "this quarter": the current one."""
    mod = " ".join((m["mod"] or "").lower().split())
    if m["noun"].lower() == "period" and mod not in ("latest", "same", "most recent", "recent", "just-ended", "just ended"):
        return None
    if (m[0].lower().startswith("this") or mod == "current") and m["noun"].lower() == "quarter":
        return Timex(point_value(ctx.published, "Q") if ctx.published else None, "date")
    recent = _recent_quarter(ctx)
    if mod in ("latest", "most recent", "recent", "just-ended", "just ended") and ctx.published is not None:
        # the latest quarter reported is the last one completed before publication
        completed = point_value(shift(ctx.published, -3, "M"), "Q")
        if recent is None or recent > completed:
            return Timex(completed, "date")
    if recent is not None:
        return Timex(recent, "date")
    return None


@rule("period_last_year", r"""\b(?:the\s+)?(?:(?:corresponding|comparable|same)\s+)?(?P<noun>period|quarter)\s+(?:of\s+)?last\s+year\b(?!['’])
    |\blast\s+year['’]s\s+(?:(?:corresponding|comparable|same)\s+)?(?P<noun2>period|quarter)\b""", priority=3)
def _period_last_year(m: re.Match, ctx: Context) -> Timex | None:
    """ "the corresponding period last year", "last year's quarter": the quarter discussed, a year before."""
    recent = _recent_quarter(ctx)
    if recent is not None:
        return Timex(anchor_shift(recent, -1, "Y"), "date")
    if ctx.published is None:
        return Timex(None, "date")
    if (m["noun"] or m["noun2"]).lower() == "quarter":
        return Timex(point_value(shift(ctx.published, -12, "M"), "Q"), "date")
    return Timex(f"{ctx.published.year - 1:04d}", "date")


@rule("year_period", r"\b(?:the\s+)?(?P<year>{YEAR})\s+(?P<noun>quarter|period)\b", priority=3)
def _year_period(m: re.Match, ctx: Context) -> Timex | None:
    """"the 1988 quarter": the quarter being discussed, in that year."""
    recent = _recent_quarter(ctx)
    if recent is not None:
        return Timex(f"{int(m['year']):04d}-{recent[5:]}", "date")
    if m["noun"].lower() == "quarter":
        return None
    return Timex(f"{int(m['year']):04d}", "date")


@rule("year_ended", r"\bthe\s+(?:fiscal\s+)?(?P<unit>year|month|week|six\s+months|nine\s+months)(?=\s+(?:ended|ending|that\s+ended|which\s+ended|to)\s+(?:{MONTH}|last|this|next|tomorrow|yesterday|today))", priority=2)
def _year_ended(m: re.Match, ctx: Context) -> Timex | None:
    """ "the year ended Sept. 30": a reporting period, a duration (the end date is its own expression)."""
    words = m["unit"].lower().split()
    if len(words) == 2:
        return Timex(duration_value(number(words[0]), "M"), "duration")
    return Timex(duration_value(1, unit_of(words[0])), "duration")


@rule("week_of", r"\bthe\s+week\s+of\s+(?P<month>{MONTH})\s+(?P<day>{DAYNUM})(?:,?\s+(?P<year>{YEAR}))?(?!\w)", priority=3)
def _week_of(m: re.Match, ctx: Context) -> Timex | None:
    """ "the week of March 6": the ISO week of that day."""
    day = _month_day(m, ctx)
    if day is None or day.value is None:
        return day
    return Timex(point_value(dt.date.fromisoformat(day.value), "W"), "date")


@rule("in_the_unit", r"\b(?:(?:earlier|later|early|late)\s+in|(?:earlier|later)\s+during)\s+the\s+(?P<unit>year|month|week)\b", priority=2)
def _in_the_unit(m: re.Match, ctx: Context) -> Timex | None:
    """ "earlier in the year": the year (month, week) of the date under discussion."""
    unit = unit_of(m["unit"])
    point = parse_point(ctx.anchor)
    if point is not None and GRANULARITY.index(point[1] if point[1] != "WE" else "W") >= GRANULARITY.index(unit):
        return Timex(point_value(point[0], unit), "date")
    if ctx.published is None:
        return Timex(None, "date")
    return Timex(point_value(ctx.published, unit), "date")


@rule("unit_bound", r"\b(?:the\s+)?(?P<mod>end|beginning|start|middle|rest|remainder|balance)\s+of\s+the\s+(?P<unit>year|month|week|quarter)\b|\bthe\s+full\s+(?P<unit2>year)\b", priority=2)
def _unit_bound(m: re.Match, ctx: Context) -> Timex | None:
    """"the end of the year", "the full year": the current year (month, ...) of publication."""
    unit = unit_of(m["unit"] or m["unit2"])
    if ctx.published is None:
        return Timex(None, "date")
    if unit == "Q":
        recent = _recent_quarter(ctx)
        return Timex(recent or point_value(ctx.published, "Q"), "date")
    return Timex(point_value(ctx.published, unit), "date")


@rule("unit_end", r"\b(?P<unit>year|month|quarter)(?:[-\s]end|['’]s\s+end)\b(?![-\w])", priority=2)
def _unit_end(m: re.Match, ctx: Context) -> Timex | None:
    """"by year-end", "around year end", "by year's end": the end of the current year (month,
    quarter), valued as that period like "the end of the year"; "since year-end" is last year's.

    Only after a preposition: before a noun ("year-end net", "year-end bonus") the
    word qualifies something else and is not a date of its own.
    """
    before = window_before(m.string, m.start(), 12).lower().split()
    if not before or before[-1] not in vocab()["period_end_prepositions"]:
        return None
    if ctx.published is None:
        return Timex(None, "date")
    unit = unit_of(m["unit"])
    day = ctx.published
    if before[-1] in vocab()["before_words"]:
        day = shift(day, -1, unit)
    return Timex(point_value(day, unit), "date")


@rule("the_year", r"(?:(?<=\bfor\s)|(?<=\bof\s))the\s+(?-i:year)\b(?![-\w'’]|\s+(?:ended|ending|to\b|that|through|before|after|earlier|ago|two|\d))", priority=1)
def _the_year(m: re.Match, ctx: Context) -> Timex | None:
    """ "for the year", "the first nine months of the year": the year under discussion.

    That is the year of the last date mentioned, else the publication year; a
    reporting period ("for the year ended Sept. 30") is :func:`_year_ended`'s,
    and "player of the year" is an award's name (``award_titles``).
    """
    before = window_before(m.string, m.start(), 30).lower().split()
    if before[-2:-1] and before[-1] == "of" and before[-2] in vocab()["award_titles"]:
        return None
    point = parse_point(ctx.anchor)
    if point is not None and point[1] not in ("ML", "CE", "DE"):
        return Timex(f"{point[0].year:04d}", "date")
    if ctx.published is None:
        return Timex(None, "date")
    return Timex(f"{ctx.published.year:04d}", "date")


@rule("relative_unit", r"""\b(?:(?P<mod>early|late|earlier|later|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|the\s+rest\s+of|the\s+first\s+half\s+of|the\s+second\s+half\s+of|mid)[\s-]+)?
    (?P<rel>(?:the\s+)?(?:past|last|coming|previous|current|following|upcoming|same|prior|next|latest)|this|that|next|last)\s+
    (?:fiscal\s+|calendar\s+)?(?P<unit>week|weekend|month|year|quarter|decade|day|season)\b(?![-\w]|\s+(?:ago|earlier|later))""")
def _relative_unit(m: re.Match, ctx: Context) -> Timex | None:
    rel = " ".join(m["rel"].lower().split())
    unit = {"week": "W", "weekend": "WE", "month": "M", "year": "Y", "quarter": "Q", "decade": "DE", "day": "D", "season": None}[m["unit"].lower()]
    if unit is None:
        return None
    if unit == "DE" and (rel in ("the past", "the coming") or (rel == "the next" and ctx.anchor is None)):
        # "the past decade", "the coming decade": the ten years up to now or from now, a duration;
        # "the next decade" too when there is no date before it to count from
        return Timex(duration_value(1, unit), "duration")
    has_the = rel.startswith("the ")
    word = rel.split()[-1]
    anaphoric = word in ("following", "same", "previous", "prior") or word == "that" or (has_the and word == "next")
    if anaphoric:
        step = {"following": 1, "next": 1, "same": 0, "that": 0, "previous": -1, "prior": -1}[word]
        if unit == "D" and word == "same" and ctx.anchor is None:
            return Timex(None, "date")
        if unit == "WE":
            point = parse_point(ctx.anchor)
            if point is None:
                return Timex(None, "date")
            return Timex(point_value(shift(point[0], step, "W"), "WE"), "date")
        return Timex(_anaphoric(ctx.anchor, step, unit), "date")
    if ctx.published is None:
        return Timex(None, "date")
    if unit == "D":
        return None
    step = {"past": -1, "last": -1, "latest": -1, "coming": 1, "upcoming": 1, "next": 1, "this": 0, "current": 0}[word]
    if unit == "WE":
        pub = ctx.published
        if step == 0 or word == "current":
            # "this weekend": the coming one, or the one just over when read on Sunday/Monday
            if ctx.tense == "past" and pub.isoweekday() < 6:
                return Timex(point_value(shift(pub, -1, "W"), "WE"), "date")
            return Timex(point_value(pub, "WE"), "date")
        if step < 0:
            base = shift(pub, -1, "W") if pub.isoweekday() < 6 else shift(pub, -1, "W")
            return Timex(point_value(base, "WE"), "date")
        base = pub if pub.isoweekday() < 6 else shift(pub, 1, "W")
        return Timex(point_value(base, "WE"), "date")
    return Timex(_relative(ctx.published, step, unit), "date")


def _anaphoric(anchor: str | None, step: int, unit: str) -> str | None:
    """"the following year": the anchor moved at the unit's granularity."""
    point = parse_point(anchor)
    if point is None:
        return None
    day, gran = point
    if GRANULARITY.index(unit) > GRANULARITY.index(gran if gran != "WE" else "W"):
        if step == 0:
            return None
        if unit == "D":
            return None
    return point_value(shift(day, step, unit), unit)


@rule("anaphoric_weekday", r"\bthe\s+(?P<rel>previous|preceding|following|next)\s+(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", priority=3)
def _anaphoric_weekday(m: re.Match, ctx: Context) -> Timex | None:
    """ "the previous Friday": the one before the day the text is talking about."""
    point = parse_point(ctx.anchor)
    if point is None or point[1] != "D":
        return Timex(None, "date")
    day, weekday = point[0], _weekday(m["wd"])
    if m["rel"].lower() in ("previous", "preceding"):
        return Timex((day - dt.timedelta(days=(day.isoweekday() - weekday) % 7 or 7)).isoformat(), "date")
    return Timex((day + dt.timedelta(days=(weekday - day.isoweekday()) % 7 or 7)).isoformat(), "date")


@rule("day_before_day", r"\bthe\s+day\s+(?P<dir>before|after)\s+(?P<ref>(?:last|next|this)\s+{WEEKDAY}|{DAYREF}|{MONTH}\s+{DAYNUM}|{HOLIDAY})(?![\w-])", priority=3)
def _day_before_day(m: re.Match, ctx: Context) -> Timex | None:
    """ "the day before last Tuesday", "the day after Christmas": the named day moved by one."""
    ref = normalize(m["ref"], ctx)
    point = parse_point(ref.value) if ref is not None else None
    if point is None or point[1] != "D":
        return Timex(None, "date")
    step = -1 if m["dir"].lower() == "before" else 1
    return Timex((point[0] + dt.timedelta(days=step)).isoformat(), "date")


@rule("anaphoric_day", r"\b(?:(?:the|that)\s+(?P<rel>next|following|previous|same)\s+(?P<part>day|morning|afternoon|evening|night)|the\s+day\s+(?P<dir>before|after)|that\s+(?P<part2>day|morning|afternoon|evening|night))\b(?!\s+(?:ago|earlier|later|before|after))", priority=2)
def _anaphoric_day(m: re.Match, ctx: Context) -> Timex | None:
    step = {"next": 1, "following": 1, "previous": -1, "same": 0, "before": -1, "after": 1}.get((m["rel"] or m["dir"] or "same").lower(), 0)
    part = (m["part"] or m["part2"] or "day").lower()
    point = parse_point(ctx.anchor)
    if point is not None and (m["rel"] or "").lower() == "same" and part == "day" and point[1] in ("M", "Y"):
        # "that same day" after "last October": a day of that month, which one unknown
        return Timex(point_value(point[0], point[1]) + ("-XX" if point[1] == "M" else "-XX-XX"), "date")
    if point is None or point[1] != "D":
        return Timex(None, "date")
    day = point[0] + dt.timedelta(days=step)
    if part == "day":
        return Timex(day.isoformat(), "date")
    return Timex(f"{day.isoformat()}T{_PART_CODE[part]}", "date")


@rule("this_unit_mod", r"\b(?P<mod>earlier|later|early|late)\s+(?P<rel>this|last|next|that)\s+(?P<unit>week|month|year|decade|century)\b", priority=3)
def _this_unit_mod(m: re.Match, ctx: Context) -> Timex | None:
    unit = unit_of(m["unit"])
    rel = m["rel"].lower()
    if rel == "that":
        return Timex(_anaphoric(ctx.anchor, 0, unit), "date")
    if ctx.published is None:
        return Timex(None, "date")
    step = {"this": 0, "last": -1, "next": 1}[rel]
    return Timex(_relative(ctx.published, step, unit), "date")


@rule("weekend", r"\b(?:the|this|last|next|that)\s+weekend\b(?!-)", priority=2)
def _weekend(m: re.Match, ctx: Context) -> Timex | None:
    """ "the weekend": the one just over early in the week or in a past clause, else the coming one."""
    rel = m[0].split()[0].lower()
    if rel == "that":
        point = parse_point(ctx.anchor)
        return Timex(point_value(point[0], "WE") if point else None, "date")
    if ctx.published is None:
        return Timex(None, "date")
    pub = ctx.published
    previous = point_value(shift(pub, -1, "W"), "WE")
    current = point_value(pub, "WE")
    if pub.isoweekday() >= 6:
        return Timex({"last": previous, "next": point_value(shift(pub, 1, "W"), "WE")}.get(rel, current), "date")
    if rel == "last":
        return Timex(previous, "date")
    if rel == "next":
        return Timex(current, "date")
    if ctx.tense == "past" or (ctx.tense is None and pub.isoweekday() <= 2):
        return Timex(previous, "date")
    return Timex(current, "date")


@rule("now_filter", r"\b(?-i:Now),", priority=9)
def _discourse_now(m: re.Match, ctx: Context) -> Timex | None:
    """A sentence-opening "Now," is a discourse marker, not a date: the rule claims the span
    and yields nothing.  "now that ..." stays a date: TimeML marks its "now" (the present
    the clause is set in), and so do both gold sets, every time."""
    return None


# --- finding and normalizing ------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """A candidate found by a rule in running text."""

    start: int
    end: int
    rule: str


def find(text: str) -> list[Match]:
    """Candidate temporal expressions in a text: the longest, then highest-priority, match wins."""
    found: list[tuple[int, int, int, str]] = []
    for r in GRAMMAR.rules:
        for m in prefiltered(r.pattern).finditer(text):
            if m.end() > m.start():
                found.append((m.start(), m.end(), r.priority, r.name))
    # the longest wins, then the higher priority, then the leftmost
    chosen = select(found, lambda f: (f[0], f[1]), lambda f: (-(f[1] - f[0]), -f[2], f[0]))
    return [Match(start, end, name) for start, end, _, name in chosen]


#: the rules by name, filled as the rules register
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


_MONTHS_RE = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"


def calendar_date(text: str, ctx: Context) -> Timex | None:
    """A calendar date through dateparser, at the granularity the text gives."""
    if not re.search(macros()["MONTH"], text) and not re.search(
        r"\b(1\d{3}|20\d{2})\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b", text
    ):
        return None  # needs a capitalized month name ("may" is a verb), a year or a full numeric date
    if re.fullmatch(r"[\d\s.,]+", text) and not re.fullmatch(r"1\d{3}|20\d{2}", text.strip()):
        return None  # a bare number is not a date
    if re.search(r"\b(?:1\d{3}|20\d{2})[/-]\d\d\b(?![/-]\d)", text):
        return None  # a pair of years in one token, "2023/24" (the grammar splits "2023-24"), or a code
    has_year = re.search(r"\b(1\d{3}|20\d{2})\b", text) is not None
    if not has_year and ctx.published is None:
        return Timex(None, "date")
    if not ctx.dateparser:
        return None
    parsed = _dateparser(text, ctx.published)
    if parsed is None:
        return None
    period = _period(text)
    if period == "year":
        return Timex(f"{parsed.year:04d}", "date")
    if period == "month":
        return Timex(f"{parsed.year:04d}-{parsed.month:02d}", "date")
    return Timex(parsed.isoformat(), "date")


@lru_cache(maxsize=4096)
def _dateparser(text: str, published: dt.date | None) -> dt.date | None:
    import dateparser  # imported lazily: most expressions never need it

    settings = {
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "RETURN_TIME_AS_PERIOD": True,
        "REQUIRE_PARTS": [],
    }
    if published is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(published, dt.time(12))
    data = dateparser.parse(text, languages=["en"], settings=settings)
    return None if data is None else data.date()


def _period(text: str) -> str:
    """The granularity the text itself gives: year, month or day."""
    lowered = text.lower()
    has_month = re.search(rf"\b({_MONTHS_RE})[a-z]*\.?\b", lowered) is not None
    has_day = re.search(r"\b\d{1,2}(st|nd|rd|th)?\b(?!\d)", re.sub(r"\b(1\d{3}|20\d{2})\b", "", lowered)) is not None
    weekday = re.search(r"\b(mon|tues|wednes|thurs|fri|satur|sun)day\b", lowered) is not None
    if has_day or weekday or re.search(r"\d{1,2}/\d{1,2}", lowered):
        return "day"
    if has_month:
        return "month"
    return "year"
