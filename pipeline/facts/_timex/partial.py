"""The partial time: what a date rule read, before it is placed on the calendar.

A rule fills in the fields its words give ("Tuesday" a weekday, "next week" a
shift of one week, "7pm" a clock time, "the following day" a shift of one day
from the day under discussion, "June next year" a month and a year shift,
"the third quarter" a quarter); :meth:`PartialTime.merge` combines two readings
of one expression ("Tuesday" + "next week"); :func:`resolve` is the one place
that turns a partial time and its :class:`.values.Context` (publication date,
tense, the dates mentioned before) into a TIMEX3 value.  Month and weekday
arithmetic is dateutil's ``relativedelta``.

>>> ctx = Context(published=dt.date(2024, 3, 6))  # a Wednesday
>>> resolve(PartialTime(weekday=2, week_shift=1), ctx)
Timex(value='2024-03-12', kind='date')
>>> resolve(PartialTime(weekday=5, clock=(19, 0)), replace(ctx, tense="future"))
Timex(value='2024-03-08T19:00', kind='time')
>>> resolve(PartialTime(month=6, weekday=1, nth=1), ctx)
Timex(value='2024-06-03', kind='date')
>>> resolve(PartialTime(day_shift=1, origin="anchor"), replace(ctx, anchors=("2024-02-29",)))
Timex(value='2024-03-01', kind='date')
>>> resolve(PartialTime(month=6, unit="Y", shift=1), ctx)
Timex(value='2025-06', kind='date')
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, fields, replace
from typing import Literal

from dateutil.relativedelta import relativedelta

from .lexicon import _month, _weekday, iana_zone, vocab
from .resolve import _sentence_year, holiday_dates, nth_weekday, resolve_month, resolve_quarter, resolve_season
from .values import Context, Kind, Timex, parse_point, point_value, shift

#: how many months "Friday the 13th" may look for its month
_MONTH_SEARCH = 24

#: where the shifts of a partial time count from: the publication date; the day mentioned last
#: ("the following day"); the day the text is talking about, which is that day when there is
#: one and else the publication date ("at 7 p.m.", "midday")
Origin = Literal["published", "anchor", "discussed"]


@dataclass(frozen=True)
class PartialTime:
    """A time expression read, not yet resolved: any field may be missing.

    ``half``, ``quarter`` and ``season`` (TIMEX3 ``SP``, ``SU``, ``FA``, ``WI``)
    name a part of a year, ``month`` one of its months; ``weekday`` is ISO (Monday 1); ``nth`` the ordinal of that weekday in its
    month (-1: the last); ``week_shift`` counts weeks from the origin's week;
    ``day_shift`` days from the day the other fields name, or from the origin
    when they name none ("yesterday", "the day after Christmas"); ``direction``
    places a weekday left alone: -1 the last one before the origin, 1 the next
    one after, 0 the one of the origin's week, None as the tense points (for a
    month, season or holiday likewise: "last June", "next Easter");
    ``part`` a part of day (TIMEX3 ``MO``, ``AF``, ``EV``, ``NI``); ``clock``
    (hour, minute; 24:00 is midnight at the day's end); ``zone`` what
    :func:`.lexicon.zone` read: a TIMEX3 offset ("Z", "-05:00") or an IANA zone
    whose offset the day decides ("America/New_York"); ``unit`` (a TIMEX3
    granularity: ``Y``, ``Q``, ``M``, ``W``, ``DE``, ``CE``) and ``shift`` name the
    unit ``shift`` units from the origin ("next month": M, 1), or, with a part of a
    year, the year it is in ("June next year": month 6, Y, 1); ``holiday`` a
    ``dates.json`` holiday spec (:func:`.resolve.holiday_dates`); ``origin`` what the shifts and directions count from
    (:data:`Origin`; None: not said, which counts from publication).
    """

    year: int | None = None
    half: int | None = None
    quarter: int | None = None
    season: str | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    nth: int | None = None
    week_shift: int | None = None
    day_shift: int | None = None
    direction: int | None = None
    part: str | None = None
    clock: tuple[int, int] | None = None
    zone: str | None = None
    unit: str | None = None
    shift: int | None = None
    holiday: str | None = None
    origin: Origin | None = None

    def merge(self, other: PartialTime) -> PartialTime | None:
        """Both readings in one, or None when they disagree on a field ("Monday" and "Tuesday";
        "tomorrow", counted from publication, and "that night", from the day mentioned before)."""
        changes = {}
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if mine is not None and theirs is not None and mine != theirs:
                return None
            if mine is None and theirs is not None:
                changes[f.name] = theirs
        return replace(self, **changes)

    @property
    def has_time(self) -> bool:
        return self.clock is not None or self.part is not None


# --- reading words into partial times ------------------------------------------------------


def day_reference(word: str) -> PartialTime:
    """A word that names a day: "today", "tonight" and "this" (morning) the publication day,
    "yesterday" and "last" (night) the day before, "tomorrow" the day after, a weekday as the
    tense points."""
    word = word.lower()
    if word in ("today", "tonight", "this"):
        return PartialTime(day_shift=0, origin="published")
    if word in ("yesterday", "last"):
        return PartialTime(day_shift=-1, origin="published")
    if word == "tomorrow":
        return PartialTime(day_shift=1, origin="published")
    return PartialTime(weekday=_weekday(word))


def month_day(m: re.Match) -> PartialTime:
    """The ``month``, ``day`` and (if the rule has one) ``year`` groups of a date rule's match;
    a range's one year after its last day is ``year2`` ("Jan. 10-11, 2023")."""
    groups = m.groupdict()
    given = groups.get("year") or groups.get("year2")
    return PartialTime(year=int(given) if given else None, month=_month(m["month"]), day=int(re.sub(r"\D", "", m["day"])))


def part_of_day(word: str) -> PartialTime:
    """A part of the day ("morning", "overnight"; ``parts_of_day`` in dates.json); "midday" is noon."""
    word = word.lower()
    if word == "midday":
        return PartialTime(clock=(12, 0))
    return PartialTime(part=vocab()["parts_of_day"][word])


# --- resolving ---------------------------------------------------------------------------


class _Unknown(Exception):
    """The partial time counts from a day the context does not give, or names a holiday not kept
    in the years it could mean: its value is unknown (null)."""


def _origin(p: PartialTime, ctx: Context) -> dt.date:
    if p.origin in ("anchor", "discussed"):
        point = parse_point(ctx.anchor)
        if point is not None and point[1] == "D":
            return point[0]
        if p.origin == "anchor":
            raise _Unknown
    if ctx.published is None:
        raise _Unknown
    return ctx.published


def _weekday_and_day(weekday: int, day: int, origin: dt.date, forward: bool) -> dt.date | None:
    """ "Friday the 13th": the nearest such day forward or back, the origin day included."""
    step = 1 if forward else -1
    first = dt.date(origin.year, origin.month, 1)
    for k in range(_MONTH_SEARCH):
        month_start = first + relativedelta(months=step * k)
        if day > calendar.monthrange(month_start.year, month_start.month)[1]:
            continue
        candidate = month_start.replace(day=day)
        if candidate.isoweekday() == weekday and (candidate >= origin if forward else candidate <= origin):
            return candidate
    return None


def _month_and_day(p: PartialTime, ctx: Context) -> dt.date | None:
    """A month and day: in the year given, else the year of the sentence's dated account
    (:func:`.resolve._sentence_year`), else the publication year unless that is far off
    (:func:`.resolve.resolve_month`); None when that year has no such day."""
    assert p.month is not None and p.day is not None
    year = p.year or _sentence_year(ctx, p.month, p.day)
    if year is not None:
        try:
            return dt.date(year, p.month, p.day)
        except ValueError:
            return None
    if ctx.published is None:
        raise _Unknown
    year = resolve_month(p.month, p.day, ctx.published, ctx.tense, ctx.before, ctx.month_reach).year
    try:
        return dt.date(year, p.month, p.day)
    except ValueError:  # "Feb 29" in a year that has none, "April 31"
        return None


def _holiday(p: PartialTime, ctx: Context) -> dt.date:
    """A holiday: in the year given; else the last one before the origin or the next one after it
    (``direction``); else this year's (the nearest, for one kept twice a year), or the one before
    or after that when it lies further than ``month_reach`` from publication in the direction the
    tense does not point."""
    assert p.holiday is not None
    if p.year is not None:
        days = holiday_dates(p.holiday, p.year)
        if not days:
            raise _Unknown
        return days[0]
    origin = _origin(p, ctx)
    days = sorted(d for year in (origin.year - 1, origin.year, origin.year + 1) for d in holiday_dates(p.holiday, year))
    if p.direction is not None and p.direction != 0:
        found = [d for d in days if (d < origin if p.direction < 0 else d > origin)]
        if not found:
            raise _Unknown
        return found[-1] if p.direction < 0 else found[0]
    this_year = [d for d in days if d.year == origin.year]
    if not this_year:
        raise _Unknown  # not kept that year
    day = min(this_year, key=lambda d: abs((d - origin).days))
    i = days.index(day)
    distance = (day - origin).days
    if distance > ctx.month_reach and ctx.tense != "future":
        i -= 1
    elif distance < -ctx.month_reach and ctx.tense != "past":
        i += 1
    if not 0 <= i < len(days):
        raise _Unknown
    return days[i]


def _named_day(p: PartialTime, ctx: Context) -> dt.date | None:
    """The calendar day the fields other than ``day_shift`` name (the origin when they name
    none), or None when they name no day."""
    if p.month is not None and p.day is not None:
        return _month_and_day(p, ctx)
    if p.holiday is not None:
        return _holiday(p, ctx)
    origin = _origin(p, ctx)
    forward = ctx.tense == "future"
    if p.week_shift is not None:
        monday = origin - dt.timedelta(days=origin.isoweekday() - 1) + dt.timedelta(weeks=p.week_shift)
        return monday + dt.timedelta(days=p.weekday - 1) if p.weekday else None
    if p.month is not None and p.nth is not None and p.weekday is not None:
        return nth_weekday(_year_of_part(p, ctx), p.month, p.weekday, p.nth)
    if p.day is not None and p.weekday is not None:
        return _weekday_and_day(p.weekday, p.day, origin, forward)
    if p.day is not None:  # "the 18th": this month's, or the next or last one's as the tense points
        step = -1 if ctx.tense == "past" and p.day > origin.day else 1 if forward and p.day < origin.day else 0
        month_start = dt.date(origin.year, origin.month, 1) + relativedelta(months=step)
        if p.day > calendar.monthrange(month_start.year, month_start.month)[1]:
            return None
        return month_start.replace(day=p.day)
    if p.weekday is not None:
        delta = p.weekday - origin.isoweekday()
        if p.direction == 0:
            return origin + dt.timedelta(days=delta)
        if p.direction == 1 or (p.direction is None and forward):
            return origin + dt.timedelta(days=delta % 7 or (7 if p.direction == 1 else 0))
        return origin - dt.timedelta(days=(-delta) % 7 or (7 if p.direction == -1 else 0))
    if p.has_time or p.day_shift is not None:
        return origin  # "at 7pm", "tonight", "yesterday": a day counted from the origin
    return None


def _offset(zone: str | None, day: dt.date, clock: tuple[int, int]) -> str:
    """The TIMEX3 offset of a zone at a time of a day: a written offset as it is, an IANA
    zone's in force then ("ET" is -05:00 in winter and -04:00 in summer), "Z" for UTC."""
    if zone is None or zone == "Z" or zone[0] in "+-":
        return zone or ""
    moment = dt.datetime.combine(day, dt.time()) + dt.timedelta(hours=clock[0], minutes=clock[1])
    offset = iana_zone(zone).utcoffset(moment)
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    if minutes == 0:
        return "Z"
    sign, minutes = ("-" if minutes < 0 else "+"), abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _names_a_day(p: PartialTime) -> bool:
    return any(
        v is not None for v in (p.day, p.weekday, p.nth, p.week_shift, p.day_shift, p.clock, p.part, p.holiday)
    )


def _unit_as_day_fields(p: PartialTime, ctx: Context) -> PartialTime | None:
    """A partial time that names a day with a unit shift, the shift written as the day's own
    fields ("Tuesday" + "next week": a week shift); None for a shift no day field can say."""
    if p.unit is None:
        return p
    step = p.shift or 0
    if p.unit == "W" and p.week_shift is None:
        return replace(p, week_shift=step, unit=None, shift=None)
    if p.unit == "D" and p.day_shift is None:
        return replace(p, day_shift=step, unit=None, shift=None)
    if p.unit == "Y" and p.year is None and p.month is not None:
        return replace(p, year=_origin(p, ctx).year + step, unit=None, shift=None)
    return None


def _year_of_part(p: PartialTime, ctx: Context) -> int:
    """The year a month (also that of "the first Monday of June"), quarter, half or season is in
    when the text gives none: the unit shift's ("June next year"), else counted from publication."""
    if p.year is not None:
        return p.year
    origin = _origin(p, ctx)
    if p.unit == "Y":
        return shift(origin, p.shift or 0, "Y").year
    if p.month is not None:
        if p.direction == -1:  # "last June": the last one before this month
            return origin.year if p.month < origin.month else origin.year - 1
        if p.direction == 1:  # "next June"
            return origin.year if p.month > origin.month else origin.year + 1
        if p.direction == 0:  # "this June"
            return origin.year
        # the year of the sentence's dated account ("on Sept 27, 2020 and in November"), else
        # the publication year unless that is far off
        return _sentence_year(ctx, p.month) or resolve_month(p.month, None, origin, ctx.tense, ctx.before, ctx.month_reach).year
    if p.half is not None:  # a half yet to come is last year's, unless the clause is future
        current = (origin.month - 1) // 6 + 1
        if ctx.tense == "future":
            return origin.year + (1 if p.half < current else 0)
        return origin.year - (1 if p.half > current else 0)
    return origin.year


def _period(p: PartialTime, ctx: Context) -> str | None:
    """The value of a partial time coarser than a day: a unit counted from the origin, or a
    month, quarter, half, season or year (with the year it is in)."""
    if p.month is not None:
        return f"{_year_of_part(p, ctx):04d}-{p.month:02d}"
    if p.quarter is not None:
        if p.year is None and p.unit is None:
            return resolve_quarter(p.quarter, _origin(p, ctx), ctx.tense)
        return f"{_year_of_part(p, ctx):04d}-Q{p.quarter}"
    if p.half is not None:
        return f"{_year_of_part(p, ctx):04d}-H{p.half}"
    if p.season is not None:
        if p.year is None and p.unit is None:
            return resolve_season(p.season, _origin(p, ctx), ctx.tense, p.direction)
        return f"{_year_of_part(p, ctx):04d}-{p.season}"
    if p.unit is not None:
        return point_value(shift(_origin(p, ctx), p.shift or 0, p.unit), p.unit)
    if p.year is not None:
        return f"{p.year:04d}"
    return None


def _checked_year(value: str) -> str:
    """A period value whose year TIMEX3 can write; a year past 9999 or before 1 is "out of range",
    as :mod:`datetime` says of days (the date component drops and reports such a date)."""
    if (m := re.match(r"\d+", value)) and (len(m[0]) > 4 or (len(m[0]) == 4 and int(m[0]) == 0)):
        raise ValueError(f"year {m[0]} is out of range")
    return value


def resolve(p: PartialTime, ctx: Context) -> Timex | None:
    """The TIMEX3 value of a partial time read in the context ``ctx``; None when it names no
    day (February 30th, a fifth Monday that month).

    A week without a day is the ISO week (``2024-W11``); a day with a clock time
    or a part of day is a ``time`` (``2024-03-08T19:00``, ``2024-03-09TNI``, a
    zone appended: ``T14:30Z``).  When what it counts from is unknown (no
    publication date; "the following day" with no day before it) the value is null.
    """
    kind: Kind = "time" if p.has_time else "date"
    try:
        if not _names_a_day(p):
            value = _period(p, ctx)
            return Timex(_checked_year(value), "date") if value is not None else None
        day_fields = _unit_as_day_fields(p, ctx)
        if day_fields is None:
            return None
        p = day_fields
        if p.week_shift is not None and p.weekday is None and p.day_shift is None:
            year, week, _ = (_origin(p, ctx) + dt.timedelta(weeks=p.week_shift)).isocalendar()
            return Timex(f"{year:04d}-W{week:02d}", "date")
        day = _named_day(p, ctx)
    except _Unknown:
        return Timex(None, kind)
    if day is None:
        return None
    if p.day_shift:
        day += dt.timedelta(days=p.day_shift)
    value = day.isoformat()
    if p.clock is not None:
        value += f"T{p.clock[0]:02d}:{p.clock[1]:02d}" + _offset(p.zone, day, p.clock)
    elif p.part is not None:
        value += f"T{p.part}"
    return Timex(value, kind)
