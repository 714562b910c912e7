"""Resolution: what an expression without its year, day or reference means in context.

Months, quarters and seasons against publication and tense; points moved
from the last date mentioned (:func:`anchor_shift`, :func:`last_of`); the
quarter under discussion; holidays (:func:`holiday_date`); the year a month
and day without one take from their sentence.  Days themselves are placed by
:func:`.partial.resolve`.  Shared by the rule families; no rule is registered here.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import warnings
from functools import lru_cache

import dateutil.easter
from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from .lexicon import HIJRI_SPEC, PACKAGE_SPEC, vocab
from .values import GRANULARITY, Context, Tense, _month_end, parse_point, point_value, shift

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


def season_of(day: dt.date) -> str:
    """The (meteorological) season a day is in: ``SP``, ``SU``, ``FA`` or ``WI``."""
    return ("WI", "SP", "SU", "FA")[(day.month % 12) // 3]


def resolve_season(season: str, published: dt.date, tense: Tense, step: int | None = None) -> str:
    """A season relative to publication: ``step`` -1/0/1 for last/this/next; None for a bare
    name, which the tense moves to the last or the next one."""
    month = published.month
    # seasons numbered on one line: year * 4 + position
    current_season = season_of(published)
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


# --- the quarter under discussion ---------------------------------------------


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


# --- holidays -----------------------------------------------------------------


#: dateutil's weekdays by ISO number
_WEEKDAYS = {1: MO, 2: TU, 3: WE, 4: TH, 5: FR, 6: SA, 7: SU}


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date | None:
    """The ``nth`` ISO weekday of a month (-1: the last), or None when the month has no such day."""
    if nth > 0:
        day = dt.date(year, month, 1) + relativedelta(weekday=_WEEKDAYS[weekday](nth))
    else:
        day = _month_end(year, month) + relativedelta(weekday=_WEEKDAYS[weekday](-1))
    return day if day.month == month else None


def easter(year: int) -> dt.date:
    """Western Easter Sunday (dateutil's Gregorian computus)."""
    return dateutil.easter.easter(year)


def holiday_date(spec: str, year: int) -> dt.date | None:
    """The (first) day a holiday spec from dates.json names in ``year``; None when it is not kept then."""
    days = holiday_dates(spec, year)
    return days[0] if days else None


def holiday_dates(spec: str, year: int) -> list[dt.date]:
    """The days a holiday spec from dates.json names in ``year``, in order: none when it is not
    kept then, two for an Islamic holiday in a Gregorian year that holds two of its years.

    ``MM-DD``, ``MM/W/N`` (the Nth ISO weekday W of the month, N=-1 the last), ``easter``,
    ``orthodox_easter``, each with an optional ``+D`` offset; ``hijri:MM-DD`` (the Islamic
    calendar's day, Umm al-Qura, through hijridate); ``holidays:CC:Name`` (the day the holidays
    package gives that name in country CC).
    """
    if m := HIJRI_SPEC.fullmatch(spec):
        return _hijri_days(year, int(m[1]), int(m[2]))
    if m := PACKAGE_SPEC.fullmatch(spec):
        found = _package_holidays(m[1], year).get(m[2])
        return [found] if found else []
    offset = 0
    if m := re.fullmatch(r"(easter|orthodox_easter|\d\d/\d/-?\d)([+-]\d+)", spec):
        spec, offset = m[1], int(m[2])
    if spec == "easter":
        day = easter(year)
    elif spec == "orthodox_easter":
        day = dateutil.easter.easter(year, dateutil.easter.EASTER_ORTHODOX)
    elif m := re.fullmatch(r"(\d\d)-(\d\d)", spec):
        day = dt.date(year, int(m[1]), int(m[2]))
    elif m := re.fullmatch(r"(\d\d)/(\d)/(-?\d)", spec):
        found = nth_weekday(year, int(m[1]), int(m[2]), int(m[3]))
        if found is None:
            return []
        day = found
    else:
        return []
    return [day + dt.timedelta(days=offset)]


@lru_cache(maxsize=256)
def _hijri_days(year: int, month: int, day: int) -> list[dt.date]:
    """The Gregorian days of ``year`` that are ``day`` of Hijri ``month`` (the Hijri year is 11 days
    shorter, so up to three Hijri years overlap a Gregorian one, and now and then two of them put
    the day in it); none outside the converter's range (1925-2077)."""
    import hijridate  # only articles that name an Islamic holiday pay for the import

    found = []
    try:
        first = hijridate.Gregorian(year, 1, 1).to_hijri().year
        for hijri_year in (first, first + 1, first + 2):
            day_of = hijridate.Hijri(hijri_year, month, day).to_gregorian()
            if day_of.year == year:
                found.append(dt.date(day_of.year, day_of.month, day_of.day))
    except (ValueError, OverflowError):
        return []
    return found


@lru_cache(maxsize=256)
def _package_holidays(country: str, year: int) -> dict[str, dt.date]:
    """The holidays package's holidays of a country in a year, by name (the first day of each)."""
    import holidays  # imported on first use: most articles name no such holiday

    days: dict[str, dt.date] = {}
    with warnings.catch_warnings():  # "available only from 2001 to 2035": outside, none is found
        warnings.simplefilter("ignore")
        calendar_of_year = holidays.country_holidays(country, years=year)
    for day, name in sorted(calendar_of_year.items()):
        days.setdefault(name, day)
    return days


def _holiday_names() -> dict[str, str]:
    return {k: v for k, v in vocab()["holidays"].items() if not k.startswith("_")}


# --- a month and day without a year -------------------------------------------


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
