"""Rules, third family: the calendar.

Absolute dates, months, years and ranges of years, spoken years, seasons of a
year, decades, centuries, quarters and halves, reporting periods ("the year
ended ...", "the week of March 6").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from functools import lru_cache

from .._text import window_before
from .grammar import rule
from .lexicon import _month, _ordinal, _spoken_year, macros, number, unit_of, vocab
from .partial import PartialTime, month_day, resolve
from .resolve import (
    _recent_quarter,
    anchor_shift,
    last_of,
    season_of,
)
from .values import Context, Timex, duration_value, parse_point, point_value, shift


@rule("iso_date", r"\b(?P<y>{YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-2]\d|3[01])\b", priority=2)
def _iso_date(m: re.Match, ctx: Context) -> Timex | None:
    return resolve(PartialTime(year=int(m["y"]), month=int(m["m"]), day=int(m["d"])), ctx)


@rule("slash_date", r"(?<![\d/])(?P<m>0?[1-9]|1[0-2])/(?P<d>0?[1-9]|[12]\d|3[01])/(?P<y>\d{{4}}|\d{{2}})(?![\d/])", priority=2)
def _slash_date(m: re.Match, ctx: Context) -> Timex | None:
    year = int(m["y"])
    if year < 100:
        year += 1900 if year > 30 else 2000
    return resolve(PartialTime(year=year, month=int(m["m"]), day=int(m["d"])), ctx)


@rule("month_day", r"\b(?:(?P<mod>early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+middle\s+of|last|this|next|this\s+past|this\s+coming)[\s-]+)?(?P<month>{MONTH})\s+(?P<day>{DAYNUM})(?![\d,]\d)(?:,?\s+(?P<year>{YEAR}))?(?!\w)(?:(?=\s*(?:[-–]|and\s|or\s|to\s)\s*{DAYNUM},?\s+(?P<year2>{YEAR})\b))?", priority=2)
def _month_day_rule(m: re.Match, ctx: Context) -> Timex | None:
    return resolve(month_day(m), ctx)


@rule("day_month", r"\b(?:the\s+)?(?P<day>{DAYNUM})(?:\s+of)?\s+(?P<month>{MONTH})(?:,?\s+(?P<year>{YEAR}))?(?!\w)", priority=2)
def _day_month_rule(m: re.Match, ctx: Context) -> Timex | None:
    return resolve(month_day(m), ctx)


@rule("month_year", r"\b(?:(?P<mod>early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|the\s+first\s+half\s+of|the\s+second\s+half\s+of)[\s-]+)?(?P<month>{MONTH})(?:\s+of)?,?\s+(?:(?P<year>{YEAR})|(?P<spoken>{SPOKEN_YEAR})|(?P<rel>this|last|next)\s+year)(?!\w)", priority=2)
def _month_year(m: re.Match, ctx: Context) -> Timex | None:
    """ "June 2024", "June nineteen ninety", "June next year"."""
    month = _month(m["month"])
    if m["rel"]:
        return resolve(PartialTime(month=month, unit="Y", shift=_STEPS[m["rel"].lower()]), ctx)
    year = int(m["year"]) if m["year"] else _spoken_year(m["spoken"])
    return resolve(PartialTime(year=year, month=month), ctx) if year is not None else None


#: the step of "last", "this" and "next" from publication
_STEPS = {"last": -1, "this past": -1, "this": 0, "next": 1, "this coming": 1}


@rule("month", r"\b(?:(?P<mod>early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of)[\s-]+|(?P<rel>last|this|next|this\s+past|this\s+coming)\s+)?(?P<month>{MONTH})(?![\w-])", priority=1, rejects=("not_month",))
def _month_rule(m: re.Match, ctx: Context) -> Timex | None:
    """ "June" (the year as the tense and the sentence point), "last June", "this June", "next June"."""
    rel = " ".join((m["rel"] or "").lower().split())
    return resolve(PartialTime(month=_month(m["month"]), direction=_STEPS.get(rel)), ctx)


@rule("year", r"(?<![$\d.,'’/-])\b(?:(?P<mod>early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|the\s+first\s+half\s+of|the\s+second\s+half\s+of|the\s+last\s+half\s+of|the\s+latter\s+half\s+of|the\s+spring\s+of|the\s+summer\s+of|the\s+fall\s+of|the\s+autumn\s+of|the\s+winter\s+of)[\s-]+)?(?:(?P<fiscal>fiscal|calendar|the\s+year|the\s+fiscal\s+year|model)[\s-]+)?(?P<year>{YEAR})(?![\d%,.]\d|\w|%|-\d|\s*(?:%|percent))", priority=1, rejects=("count",))
def _year_rule(m: re.Match, ctx: Context) -> Timex | None:
    """ "1992", "fiscal 1992", "the first half of 1992", "the summer of 1992"."""
    year = int(m["year"])
    mod = " ".join((m["mod"] or "").lower().split())
    if mod.startswith("the first half"):
        return resolve(PartialTime(year=year, half=1), ctx)
    if mod.startswith(("the second half", "the last half", "the latter half")):
        return resolve(PartialTime(year=year, half=2), ctx)
    if mod.startswith("the ") and mod.split()[1] in vocab()["seasons"]:
        return resolve(PartialTime(year=year, season=vocab()["seasons"][mod.split()[1]]), ctx)
    return resolve(PartialTime(year=year), ctx)


@rule("prefixed_year", r"\b(?:post|pre)-(?P<year>{YEAR})\b(?![-\d])", priority=1)
def _prefixed_year(m: re.Match, ctx: Context) -> Timex | None:
    """ "post-1959 politics", "pre-1990 borders": the year the prefix counts from."""
    return resolve(PartialTime(year=int(m["year"])), ctx)


@rule("listed_day", r"(?:(?<=\d\sand\s)|(?<=\d\sor\s)|(?<=\d\sto\s)|(?<=\d[-–]))(?<!\d\d\d\d[-–])(?P<day>{DAYNUM})\b(?:,?\s+{YEAR}\b)?(?![-–/:.,]?\d|\s*(?:%|percent))", priority=0, rejects=("count_after_day",))
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
    return resolve(PartialTime(year=int(m["year"]), half=half), ctx)


@rule("iso_month", r"(?<![$\d.,'’/-])\b(?!(?:19|20)(?:00-01|01-02|02-03|03-04|04-05|05-06|06-07|07-08|08-09|09-10|10-11|11-12)\b)(?P<y>{YEAR})-(?P<m>0[1-9]|1[0-2])\b(?![-–/]?\d)", priority=2)
def _iso_month(m: re.Match, ctx: Context) -> Timex | None:
    """ "2019-07": a month in ISO form; "2011-12", the next year after the first, is a season
    (:func:`_year_range`)."""
    return Timex(f"{m['y']}-{m['m']}", "date")


@rule("year_range", r"""(?<![$\d.,'’/-])\b(?P<year>{YEAR})(?=[-–/](?:(?:1[0-9]|20)\d\d|\d\d|\d)\b(?![-–/]\d))
    |(?<=\b(?:1[0-9]|20)\d\d[-–/])(?:(?P<year2>{YEAR})|(?P<yy>\d\d)|(?P<y1>\d))\b(?![-–/\d])""", priority=1)
def _year_range(m: re.Match, ctx: Context) -> Timex | None:
    """ "2010-2015", "the 2022-23 season", "FY2023/24", "the recession of 2008-9": each end of a
    range of years is a year.

    A short end counts only as the next year ("2022-23", "2008-9"); "2022-12" is no range.
    """
    if m["year"]:
        end = re.match(r"[-–/](\d+)", m.string[m.end() :])
        if end and len(end[1]) < 4 and int(end[1]) != (int(m["year"]) + 1) % 10 ** len(end[1]):
            return None if len(end[1]) == 1 else Timex(m["year"], "date")
        return Timex(m["year"], "date")
    if m["year2"]:
        return Timex(m["year2"], "date")
    digits = m["yy"] or m["y1"]
    first = int(m.string[m.start() - 5 : m.start() - 1])
    if int(digits) != (first + 1) % 10 ** len(digits):
        return None
    return Timex(f"{first + 1:04d}", "date")


@rule("spoken_year", r"\b(?:the\s+year\s+)?(?:(?P<season>{SEASON})(?:\s+of)?\s+)?(?P<spoken>{SPOKEN_YEAR})\b(?!\s+(?:people|dollars|miles|times|soldiers|troops|members))", priority=1)
def _spoken_year_rule(m: re.Match, ctx: Context) -> Timex | None:
    year = _spoken_year(m["spoken"])
    if year is None or not 1000 <= year <= 2099:
        return None
    if not m[0].lower().startswith("the year") and m["spoken"].lower().startswith("two thousand") and not m["season"]:
        return None  # "two thousand" alone is an amount
    if m["season"]:
        return Timex(f"{year:04d}-{vocab()['seasons'][m['season'].lower()]}", "date")
    return Timex(f"{year:04d}", "date")


@rule("season_of", r"\b(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?P<season>{SEASON})(?:\s+of)?,?\s+(?P<year>{YEAR})(?!\w)", priority=2)
def _season_of(m: re.Match, ctx: Context) -> Timex | None:
    return resolve(PartialTime(year=int(m["year"]), season=vocab()["seasons"][m["season"].lower()]), ctx)


@rule("season_rel", r"\b(?:(?:early|late)\s+)?(?P<rel>last|this|next|this\s+past|this\s+coming|the\s+coming|the\s+past)\s+(?P<season>{SEASON})\b", priority=2)
def _season_rel(m: re.Match, ctx: Context) -> Timex | None:
    """ "last summer", "this winter", "the coming spring"."""
    rel = " ".join(m["rel"].lower().split())
    season = vocab()["seasons"][m["season"].lower()]
    if rel == "this":
        # the season of publication is "this" one whatever the tense ("have soared this winter");
        # another is the last or the next one as the tense points ("fell ... this summer" in October)
        if ctx.published is None:
            return Timex(None, "date")
        direction = 0 if season == season_of(ctx.published) or ctx.tense not in ("past", "future") else None
    else:
        direction = {"last": -1, "this past": -1, "the past": -1, "next": 1, "this coming": 1, "the coming": 1}[rel]
    return resolve(PartialTime(season=season, direction=direction), ctx)


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
    year_text = m["yr"] or m["fy"] or m["ofyear"]
    rel = (m["relyear"] or m["ofrel"] or "").lower()
    part = PartialTime(half=q) if is_half else PartialTime(quarter=q)
    if year_text:
        return resolve(replace(part, year=int(year_text)), ctx)
    if rel:
        return resolve(replace(part, unit="Y", shift=_STEPS[rel]), ctx)
    if ctx.published is None:
        return Timex(None, "date")
    lead = (m["lead"] or "").lower()
    if lead in ("next", "last"):
        return None
    recent_year = last_of(ctx.anchors[-3:], "Y")
    if not is_half and m["ofthe"] and recent_year:
        return resolve(replace(part, year=int(recent_year)), ctx)
    return resolve(part, ctx)


@rule("quarter_code", r"\b(?-i:(?P<code>[QH])(?P<n>[1-4]))(?:(?:\s+|['’]|\s+of\s+)(?:(?P<year>{YEAR})|(?P<yy>\d\d)\b))?(?![\w-])|\b(?-i:FY)\s?(?:(?P<fy>{YEAR})|(?P<fyy>\d\d))\b", priority=3)
def _quarter_code(m: re.Match, ctx: Context) -> Timex | None:
    """ "Q3 2024", "H1", "FY2024": quarters, halves and fiscal years in their short forms."""
    if m["fy"] or m["fyy"]:
        return Timex(m["fy"] or f"20{m['fyy']}", "date")
    code, n = m["code"], int(m["n"])
    if code == "H" and n > 2:
        return None
    year = m["year"] or (f"20{m['yy']}" if m["yy"] else None)
    part = PartialTime(quarter=n) if code == "Q" else PartialTime(half=n)
    return resolve(replace(part, year=int(year)) if year else part, ctx)


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
    day = resolve(month_day(m), ctx)
    if day is None or day.value is None:
        return day
    return Timex(point_value(dt.date.fromisoformat(day.value), "W"), "date")
