"""Composition rules: two pieces the other rules read alone, read as one expression.

"Tuesday next week", "next week on Thursday", "Friday the 13th", "the first
Monday of June", "7pm on Friday", "Friday at 2pm", "9.30am on 4 March", clock
times the clock rule does not read ("8.15pm", "half past four", "15h30"), and
a day of the month ("on the 18th").  Each of these handlers reads its pieces
into a :class:`.partial.PartialTime` (a date piece through the other rules,
as its value), merges them, and leaves the calendar to :func:`.partial.resolve`.

Also days and months written otherwise: in lower or upper case ("march 2017",
read as "March 2017" is) and in compact numeric forms ("05-Aug-2016",
"31.12.2023", "1Q24"), whose values are whole calendar dates as written.

These rules register last: a composed expression is longer than its pieces,
so it wins over them in :func:`.grammar.find` without changing any tie.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .._text import alternation
from .grammar import normalize, rule
from .lexicon import _clock, _month, _weekday, number, vocab, zone
from .partial import PartialTime, resolve
from .values import Context, Timex

# --- reading pieces ------------------------------------------------------------------


def _after_preposition(words: str = "short_date_prepositions") -> str:
    """A look-behind for one of a dates.json list of prepositions: "due 6/30", "in '98", "on the 18th"."""
    return "(?:" + "|".join(rf"(?<=\b{re.escape(w)}\s)" for w in vocab()[words]) + ")"


def _scheduled(ctx: Context) -> Context:
    """A clock time on a day in a present-tense clause is a schedule ("Polls close at 8pm on
    Sunday"): the day is read as in a future clause."""
    return replace(ctx, tense="future") if ctx.tense == "present" else ctx


def _date_piece(text: str, ctx: Context) -> PartialTime | None:
    """A date the other rules read ("Friday", "4 March", "New Year's Eve"), as a partial time."""
    found = normalize(text, _scheduled(ctx))
    if found is None or found.value is None:
        return None
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", found.value)
    return PartialTime(year=int(m[1]), month=int(m[2]), day=int(m[3])) if m else None


#: parts of the day after a clock time, and the hours they move ("ten o'clock tonight")
_PART_AFTER = {"in the morning": 0, "this morning": 0, "in the afternoon": 12, "this afternoon": 12, "in the evening": 12, "this evening": 12, "tonight": 12, "at night": 12}
_PARTS_AFTER = alternation(_PART_AFTER, space=r"\s+")


#: clock times the clock rule does not read: "8.15pm", "15h30", "0830 hours", "8.30 in the morning",
#: "half past four", "a quarter to nine", "twenty past six", "ten minutes to nine" (not "twenty
#: to nine": "from 5 to 10" is no time), "ten o'clock", each with an optional part of the day after it
CLOCK2 = r"""(?:
    (?P<h>[01]?\d|2[0-3])[.](?P<mi>[0-5]\d)\s*(?P<ap>a\.m\.?|p\.m\.?|am|pm)(?!\w)
  | (?P<hh>[01]?\d|2[0-3])h(?P<mm>[0-5]\d)
  | (?P<hx>[01]\d|2[0-3])(?P<mx>[0-5]\d)(?:\s+(?:hours|hrs)|(?=\s+(?:GMT|UTC)\b))
  | (?P<hd>[01]?\d|2[0-3])[.](?P<md>[0-5]\d)(?=\s+(?:""" + _PARTS_AFTER + r""")\b)
  | (?P<past>(?:half|(?:a\s+)?quarter)\s+(?:past|to)|(?P<mw>\d{{1,2}}|five|ten|twenty|twenty[\s-]five)(?:\s+minutes\s+(?:past|to)|\s+past))\s+(?P<hw>\d{{1,2}}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)
  | (?P<oc>(?P<ow>\d{{1,2}}|\w+)\s+o['’]clock)
)(?:\s+(?P<part>""" + _PARTS_AFTER + r"""))?"""


def _small_number(word: str) -> int | None:
    return int(word) if word.isdigit() else number(word)


def _clock_of(m: re.Match) -> tuple[int, int] | None:
    """(hour, minute) of the clock groups of :data:`CLOCK2`, or None when they hold no time."""
    if m["h"] is not None:
        hour, minute = int(m["h"]), int(m["mi"] or 0)
        ampm = (m["ap"] or "").lower().replace(".", "")
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
    elif m["hh"] is not None:
        hour, minute = int(m["hh"]), int(m["mm"])
    elif m["hx"] is not None:
        hour, minute = int(m["hx"]), int(m["mx"])
    elif m["hd"] is not None:  # "8.30 in the morning": the part of the day after it says which half
        hour, minute = int(m["hd"]), int(m["md"])
    else:  # "ten o'clock", "half past four", "a quarter to nine"
        base = _small_number(m["ow"] if m["oc"] is not None else m["hw"])
        if base is None or not 1 <= base <= 12:
            return None
        if m["oc"] is not None:
            hour, minute = base, 0
        else:
            words = " ".join(m["past"].lower().split())
            if m["mw"] is not None:  # "twenty past six", "10 minutes to nine"
                minutes = _small_number(m["mw"].replace("-", " "))
                if minutes is None or not 1 <= minutes <= 30:
                    return None
            else:
                minutes = 30 if words.startswith("half") else 15
            hour, minute = (base, minutes) if words.endswith("past") else (base - 1, 60 - minutes)
    part = " ".join((m["part"] or "").lower().split())
    if part and hour < 12:
        hour += _PART_AFTER.get(part, 0)
    if hour > 23 or minute > 59:
        return None
    return hour, minute


def _read_by_clock2(m: re.Match) -> bool:
    return any(m[g] is not None for g in ("h", "hh", "hx", "hd", "past", "oc"))


#: a zone after a clock time ("14:30 GMT", "9pm ET", "UTC+3"), read by :func:`.lexicon.zone`
_ZONE = r"(?:\s+(?P<zone>{TZ}))?"


def _with_clock(day: PartialTime, clock: tuple[int, int] | None, m: re.Match, ctx: Context) -> Timex | None:
    """The day at the clock time, in the zone of the match's ``zone`` group if it has one."""
    if clock is None:
        return None
    merged = day.merge(PartialTime(clock=clock, zone=zone(m["zone"]) if m["zone"] else None))
    return resolve(merged, ctx) if merged is not None else None


# --- weekdays with weeks, days and months ------------------------------------------------


@rule("weekday_of_week", r"\b(?:(?P<wd>{WEEKDAY})\s+(?P<rel>next|last|this)\s+week|(?P<rel2>next|last|this)\s+week\s+on\s+(?P<wd2>{WEEKDAY}))\b", priority=6)
def _weekday_of_week(m: re.Match, ctx: Context) -> Timex | None:
    rel = (m["rel"] or m["rel2"]).lower()
    weekday = _weekday(m["wd"] or m["wd2"])
    return resolve(PartialTime(weekday=weekday, week_shift={"next": 1, "last": -1, "this": 0}[rel]), ctx)


@rule("weekday_week_on", r"\b(?:a\s+week\s+(?:on|from)\s+(?P<wd>{WEEKDAY})|(?P<wd2>{WEEKDAY})\s+week)\b(?!\s*\w*day)", priority=6)
def _weekday_week_on(m: re.Match, ctx: Context) -> Timex | None:
    """ "a week on Tuesday", "Thursday week": the next such weekday, and a week after it."""
    return resolve(PartialTime(weekday=_weekday(m["wd"] or m["wd2"]), direction=1, day_shift=7), ctx)


@rule("weekday_the_day", r"\b(?P<wd>{WEEKDAY}),?\s+the\s+(?P<day>{DAYNUM})(?!\s+(?:of|century|amendment|floor|anniversary)\b)", priority=6)
def _weekday_the_day(m: re.Match, ctx: Context) -> Timex | None:
    """ "Friday the 13th": the nearest such day the tense points to; in a present-tense clause a
    schedule ("The sequel opens on Friday the 13th"), so the next one."""
    day = int(re.sub(r"\D", "", m["day"]))
    return resolve(PartialTime(weekday=_weekday(m["wd"]), day=day), _scheduled(ctx))


@rule("nth_weekday", r"\bthe\s+(?P<ord>{ORD}|last)\s+(?P<wd>{WEEKDAY})\s+(?:of|in)\s+(?:(?P<month>{MONTH})(?:,?\s+(?P<year>{YEAR}))?|(?P<this>the\s+month|this\s+month)|(?P<newyear>the\s+new\s+year))(?!\w)", priority=6)
def _nth_weekday(m: re.Match, ctx: Context) -> Timex | None:
    """ "the first Monday of June", "the last Friday in May", "the second Tuesday of the month"."""
    ordinal = m["ord"].lower()
    nth = -1 if ordinal == "last" else vocab()["ordinals"].get(ordinal)
    if nth is None or nth > 5:
        return None
    weekday = _weekday(m["wd"])
    if m["month"]:
        year = int(m["year"]) if m["year"] else None
        return resolve(PartialTime(month=_month(m["month"]), year=year, weekday=weekday, nth=nth), ctx)
    if ctx.published is None:
        return Timex(None, "date")
    if m["this"]:
        partial = PartialTime(month=ctx.published.month, year=ctx.published.year, weekday=weekday, nth=nth)
    else:  # "the new year": January of this year early in it, of next year late in it
        partial = PartialTime(month=1, year=ctx.published.year + (1 if ctx.published.month > 6 else 0), weekday=weekday, nth=nth)
    return resolve(partial, ctx)


# --- a time of day with a day -------------------------------------------------------------

#: what a day may be after a clock time and "on": a weekday (of next week), a day and month, a month
#: and day, a holiday; read by the other rules
_DAY = r"(?:(?:{WEEKDAY},?\s+)?(?:(?:{DAYNUM})\s+{MONTH}|{MONTH}\s+(?:{DAYNUM}))|{WEEKDAY}(?:\s+(?:next|last|this)\s+week)?|{HOLIDAY})(?:,?\s+{YEAR})?"


def _day_with_clock(m: re.Match, ctx: Context) -> Timex | None:
    """The day of the ``date`` group at the time of the clock groups (:data:`CLOCK2`'s, else the
    clock rule's ``{CLOCK}``)."""
    day = _date_piece(m["date"], ctx)
    if day is None:
        return None
    clock = _clock_of(m) if _read_by_clock2(m) else None
    if clock is None:
        text = _clock(m["clock"])
        clock = (int(text[:2]), int(text[3:])) if text else None  # midnight: 24:00, the day's end
    return _with_clock(day, clock, m, ctx)


@rule("clock_on_day", r"\b(?P<clock>{CLOCK}|" + CLOCK2 + r")" + _ZONE + r"\s+on\s+(?P<date>" + _DAY + r")(?![\w-])", priority=6)
def _clock_on_day(m: re.Match, ctx: Context) -> Timex | None:
    """ "7pm on Friday", "9.30am on 4 March", "11pm on New Year's Eve"."""
    return _day_with_clock(m, ctx)


@rule("day_at_clock", r"\b(?P<date>" + _DAY + r"),?\s+at\s+(?P<clock>" + CLOCK2 + r"|{CLOCK})" + _ZONE + r"(?![\w-])", priority=6)
def _day_at_clock(m: re.Match, ctx: Context) -> Timex | None:
    """ "Friday at 2pm", "on Friday at noon"."""
    return _day_with_clock(m, ctx)


@rule("clock_forms", r"\b" + CLOCK2 + _ZONE + r"(?![\w-])", priority=5)
def _clock_forms(m: re.Match, ctx: Context) -> Timex | None:
    """A clock time alone, on the day the text is talking about (as the clock rule reads
    "8:15 p.m."): "8.15pm", "half past four this afternoon"; not the same time restated in
    brackets ("10:35 a.m. (0735 GMT)")."""
    if m.string[: m.start()].rstrip().endswith("("):
        return None
    clock = _clock_of(m)
    if clock is None:
        return None
    return _with_clock(PartialTime(origin="discussed"), clock, m, ctx)


# --- days and months written otherwise ----------------------------------------------------


@rule("day_of_month", _after_preposition("day_of_month_prepositions") + r"the\s+(?P<day>(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th))\b(?=\s*(?:[.,;:)!?]|$)|\s+(?:and|or|when|at|as|but|to|until|with|after|before)\b)", priority=6)
def _day_of_month(m: re.Match, ctx: Context) -> Timex | None:
    """ "on the 18th": a day of the month of publication, or of the next or last month as the tense
    points; only where the ordinal ends the phrase ("from the 6th EU-China Dialogue" is no day)."""
    return resolve(PartialTime(day=int(m["day"][:-2])), ctx)


def _month_names(full_only: bool = False) -> str:
    """Every month name (and, unless ``full_only``, abbreviation) of ``dates.json`` in lower or
    upper case, and only those ("march 2017", "APRIL 2017"; "March 2017" is the other rules')."""
    names = [n for n in vocab()["months"] if not full_only or len(n.rstrip(".")) > 4 or n in ("May", "June", "July")]
    return "(?-i:" + alternation(form for name in names for form in (name.lower(), name.upper())) + ")"


@rule("month_any_case", r"\b(?P<month>" + _month_names() + r")(?P<dot>\.)?\s+(?P<rest>(?:(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?:,?\s+{YEAR})?|{YEAR}))\b", priority=6)
def _month_any_case(m: re.Match, ctx: Context) -> Timex | None:
    """A month in lower or upper case with a day or a year: read as its capitalized form is."""
    month = m["month"]
    fixed = month[:1].upper() + month[1:].lower() + (m["dot"] or "") + " " + m["rest"]
    return normalize(fixed, ctx)


@rule("month_any_case_alone", _after_preposition("month_alone_prepositions") + r"(?P<month>" + _month_names(full_only=True) + r")(?![\w-])", priority=6)
def _month_any_case_alone(m: re.Match, ctx: Context) -> Timex | None:
    """ "closed in FEBRUARY", "will meet in june": a month alone in lower or upper case after a
    preposition of time, read as its capitalized form is; not "may" and "march", the verb and
    the noun ("in may"), nor an abbreviation ("in DEC")."""
    month = m["month"]
    if month.lower() in ("may", "march") and month.islower():
        return None
    return normalize(month[:1].upper() + month[1:].lower(), ctx)


# --- compact numeric dates ------------------------------------------------------------------


def _two_digit_year(yy: int, ctx: Context) -> int | None:
    """A year written with two digits: this century's unless that lies more than ten years after
    publication ("13/04/21" is 2021; "10-Jan-98" is 1998); unknown without a publication date."""
    if ctx.published is None:
        return None
    now = ctx.published.year
    year = now // 100 * 100 + yy
    return year - 100 if year > now + 10 else year


def _year_of(text: str, ctx: Context) -> int | None:
    return int(text) if len(text) == 4 else _two_digit_year(int(text), ctx)


def _dated(year: int | None, part: PartialTime, ctx: Context) -> Timex | None:
    """The day, month or quarter ``part`` in ``year``; a null value when the year is unknown."""
    if year is None:
        return Timex(None, "date")
    return resolve(replace(part, year=year), ctx)


def _month_abbreviations() -> str:
    """The month names and abbreviations of ``dates.json``, capitalized ("Aug", "Sept", "December")."""
    return "(?-i:" + alternation(vocab()["months"]) + ")"


@rule("day_mon_year", r"(?<![\w-])(?P<d>0?[1-9]|[12]\d|3[01])-(?P<mon>" + _month_abbreviations() + r")-(?P<y>\d{{4}}|\d{{2}})(?![\w-])", priority=6)
def _day_mon_year(m: re.Match, ctx: Context) -> Timex | None:
    """ "05-Aug-2016", "10-Jan-22"."""
    return _dated(_year_of(m["y"], ctx), PartialTime(month=_month(m["mon"]), day=int(m["d"])), ctx)


@rule("mon_year", r"(?<![\w-])(?P<mon>" + _month_abbreviations() + r")-(?P<y>{YEAR})(?![\w-])", priority=6)
def _mon_year(m: re.Match, ctx: Context) -> Timex | None:
    """ "Dec-2018"."""
    return resolve(PartialTime(year=int(m["y"]), month=_month(m["mon"])), ctx)


@rule("dotted_date", r"(?<![\w.])(?:(?P<d>0?[1-9]|[12]\d|3[01])\.(?P<m>0?[1-9]|1[0-2])\.(?P<y>{YEAR})|(?P<y2>{YEAR})\.(?P<m2>0[1-9]|1[0-2])\.(?P<d2>0[1-9]|[12]\d|3[01]))(?![\w]|\.\d)", priority=6)
def _dotted_date(m: re.Match, ctx: Context) -> Timex | None:
    """ "31.12.2023" (day, month, year, as written in Europe), "2024.04.21"."""
    if m["y"]:
        return resolve(PartialTime(year=int(m["y"]), month=int(m["m"]), day=int(m["d"])), ctx)
    return resolve(PartialTime(year=int(m["y2"]), month=int(m["m2"]), day=int(m["d2"])), ctx)


@rule("day_first_date", r"(?<![\w/.-])(?P<d>1[3-9]|2\d|3[01])(?P<sep>[/-])(?P<m>0?[1-9]|1[0-2])(?P=sep)(?P<y>{YEAR}|\d{{2}})(?![\w/-]|\.\d)", priority=6)
def _day_first_date(m: re.Match, ctx: Context) -> Timex | None:
    """ "23/10/2022", "25-12-2023", "13/04/21": a first number above 12 can only be the day."""
    return _dated(_year_of(m["y"], ctx), PartialTime(month=int(m["m"]), day=int(m["d"])), ctx)


@rule("month_slash_year", r"(?<![\w/.-])(?P<m>0[1-9]|1[0-2])/(?P<y>{YEAR})(?![\w/-]|\.\d)", priority=6)
def _month_slash_year(m: re.Match, ctx: Context) -> Timex | None:
    """ "01/2024": a month and its year."""
    return resolve(PartialTime(year=int(m["y"]), month=int(m["m"])), ctx)


@rule("quarter_compact", r"(?<![\w-])(?P<q>[1-4])Q(?P<y>\d{{2}}|{YEAR})(?![\w-])", priority=6)
def _quarter_compact(m: re.Match, ctx: Context) -> Timex | None:
    """ "1Q24": the first quarter of 2024."""
    return _dated(_year_of(m["y"], ctx), PartialTime(quarter=int(m["q"])), ctx)


@rule("month_slash_day", _after_preposition() + r"(?P<m>0?[1-9]|1[0-2])/(?P<d>1[3-9]|2\d|3[01])(?![\w/%-]|\.\d|\s+(?:of|inch|inches|mile|miles|shooting|passing|per)\b)", priority=6)
def _month_slash_day(m: re.Match, ctx: Context) -> Timex | None:
    """ "due 6/30", "on 11/20": a month and day, as US news writes them, after a preposition; only a
    day above 12, which few fractions in running text have ("rose to 3/4" is a share), and not
    before a unit or a sport's count ("5/16 of an inch", "on 11/20 shooting")."""
    return resolve(PartialTime(month=int(m["m"]), day=int(m["d"])), ctx)


@rule("apostrophe_year", _after_preposition() + r"['’](?P<yy>\d\d)(?![\w'’%])", priority=6)
def _apostrophe_year(m: re.Match, ctx: Context) -> Timex | None:
    """ "in '98", "the class of '21": a year written with its last two digits."""
    return _dated(_two_digit_year(int(m["yy"]), ctx), PartialTime(), ctx)


@rule("year_dash_month", _after_preposition() + r"(?P<y>{YEAR})-(?P<m>[1-9])(?![\w/-]|\.\d)", priority=6)
def _year_dash_month(m: re.Match, ctx: Context) -> Timex | None:
    """ "in 2015-3": a year and a month written with one digit; not "2008-9", a span of two years."""
    if int(m["m"]) == (int(m["y"]) + 1) % 10:
        return None
    return resolve(PartialTime(year=int(m["y"]), month=int(m["m"])), ctx)

