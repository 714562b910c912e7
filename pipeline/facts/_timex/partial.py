"""The partial time: what a date rule read, before it is placed on the calendar.

A rule fills in the fields its words give ("Tuesday" a weekday, "next week" a
shift of one week, "7pm" a clock time); :meth:`PartialTime.merge` combines two
readings of one expression ("Tuesday" + "next week"); :func:`resolve` is the one
place that turns a partial time, the publication date and the clause's tense into
a TIMEX3 value.  Month and weekday arithmetic is dateutil's ``relativedelta``.

>>> published = dt.date(2024, 3, 6)  # a Wednesday
>>> resolve(PartialTime(weekday=2, week_shift=1), published)
Timex(value='2024-03-12', kind='date')
>>> resolve(PartialTime(weekday=5, clock=(19, 0)), published, "future")
Timex(value='2024-03-08T19:00', kind='time')
>>> resolve(PartialTime(month=6, weekday=1, nth=1), published)
Timex(value='2024-06-03', kind='date')
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, fields, replace

from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from .resolve import resolve_month
from .values import Kind, Tense, Timex

#: dateutil's weekdays by ISO number
_WEEKDAYS = {1: MO, 2: TU, 3: WE, 4: TH, 5: FR, 6: SA, 7: SU}

#: how many months "Friday the 13th" may look for its month
_MONTH_SEARCH = 24


@dataclass(frozen=True)
class PartialTime:
    """A time expression read, not yet resolved: any field may be missing.

    ``weekday`` is ISO (Monday 1); ``nth`` the ordinal of that weekday in its
    month (-1: the last); ``week_shift``/``day_shift`` count weeks/days from the
    publication date; ``direction`` places a weekday left alone: -1 the last one
    before publication, 1 the next one after, 0 the one of the publication week;
    ``part`` a part of day (TIMEX3 ``MO``, ``AF``, ``EV``, ``NI``); ``clock``
    (hour, minute); ``zone`` a TIMEX3 zone suffix ("Z", "-05:00").
    """

    year: int | None = None
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

    def merge(self, other: PartialTime) -> PartialTime | None:
        """Both readings in one, or None when they disagree on a field ("Monday" and "Tuesday")."""
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


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date | None:
    """The ``nth`` weekday of a month (-1: the last), or None when the month has no such day."""
    if nth > 0:
        day = dt.date(year, month, 1) + relativedelta(weekday=_WEEKDAYS[weekday](nth))
    else:
        day = dt.date(year, month, calendar.monthrange(year, month)[1]) + relativedelta(weekday=_WEEKDAYS[weekday](-1))
    return day if day.month == month else None


def _weekday_and_day(weekday: int, day: int, published: dt.date, tense: Tense) -> dt.date | None:
    """ "Friday the 13th": the nearest such day the way the tense points (forward for a future
    clause, else back), publication day included."""
    step = 1 if tense == "future" else -1
    first = dt.date(published.year, published.month, 1)
    for k in range(_MONTH_SEARCH):
        month_start = first + relativedelta(months=step * k)
        if day > calendar.monthrange(month_start.year, month_start.month)[1]:
            continue
        candidate = month_start.replace(day=day)
        if candidate.isoweekday() == weekday and (candidate >= published if step > 0 else candidate <= published):
            return candidate
    return None


def _day(p: PartialTime, published: dt.date, tense: Tense) -> dt.date | None:
    """The calendar day a partial time names, or None when it names none."""
    if p.day_shift is not None:
        return published + dt.timedelta(days=p.day_shift)
    if p.week_shift is not None:
        monday = published - dt.timedelta(days=published.isoweekday() - 1) + dt.timedelta(weeks=p.week_shift)
        return monday + dt.timedelta(days=p.weekday - 1) if p.weekday else None
    if p.month is not None and p.nth is not None and p.weekday is not None:
        year = p.year or resolve_month(p.month, None, published, tense).year
        return _nth_weekday(year, p.month, p.weekday, p.nth)
    if p.month is not None and p.day is not None:
        year = p.year or resolve_month(p.month, p.day, published, tense).year
        try:
            return dt.date(year, p.month, p.day)
        except ValueError:
            return None
    if p.day is not None and p.weekday is not None:
        return _weekday_and_day(p.weekday, p.day, published, tense)
    if p.day is not None:  # "the 18th": this month's, or the next or last one's as the tense points
        step = -1 if tense == "past" and p.day > published.day else 1 if tense == "future" and p.day < published.day else 0
        month_start = dt.date(published.year, published.month, 1) + relativedelta(months=step)
        if p.day > calendar.monthrange(month_start.year, month_start.month)[1]:
            return None
        return month_start.replace(day=p.day)
    if p.weekday is not None:
        delta = p.weekday - published.isoweekday()
        if p.direction == 0:
            return published + dt.timedelta(days=delta)
        if p.direction == 1 or (p.direction is None and tense == "future"):
            return published + dt.timedelta(days=delta % 7 or (7 if p.direction == 1 else 0))
        return published - dt.timedelta(days=(-delta) % 7 or (7 if p.direction == -1 else 0))
    if p.has_time:
        return published  # "at 7pm", "tonight": the day of the report
    return None


def resolve(p: PartialTime, published: dt.date | None, tense: Tense = None) -> Timex | None:
    """The TIMEX3 value of a partial time read in an article published on ``published``.

    A week without a day is the ISO week (``2024-W11``); a day with a clock time
    or a part of day is a ``time`` (``2024-03-08T19:00``, ``2024-03-09TNI``, a
    zone appended: ``T14:30Z``).  Without a publication date a relative partial
    time has no value.
    """
    kind: Kind = "time" if p.has_time else "date"
    if published is None:
        if p.year and p.month and p.day:
            day: dt.date | None = dt.date(p.year, p.month, p.day)
        else:
            return Timex(None, kind)
    elif p.week_shift is not None and p.weekday is None and p.day_shift is None:
        year, week, _ = (published + dt.timedelta(weeks=p.week_shift)).isocalendar()
        return Timex(f"{year:04d}-W{week:02d}", "date")
    else:
        day = _day(p, published, tense)
    if day is None:
        return None
    value = day.isoformat()
    if p.clock is not None:
        value += f"T{p.clock[0]:02d}:{p.clock[1]:02d}" + (p.zone or "")
    elif p.part is not None:
        value += f"T{p.part}"
    return Timex(value, kind)
