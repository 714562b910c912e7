"""TIMEX3 values: what a normalized expression is, and what it is resolved against.

:class:`Timex` and :class:`Context`; durations (:func:`duration_value`);
calendar points at a granularity (:func:`point_value`, :func:`shift`), read
back (:func:`parse_point`) and bounded (:func:`calendar_bounds`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

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
