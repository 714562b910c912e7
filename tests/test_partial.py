"""The partial time and its one resolver (pipeline/facts/_timex/partial.py), as a table."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.facts._timex.partial import PartialTime as P
from pipeline.facts._timex.partial import resolve
from pipeline.facts._timex.values import Context, Timex

WEDNESDAY = dt.date(2024, 3, 6)


@pytest.mark.parametrize(
    "partial, tense, value, kind",
    [
        (P(weekday=2, week_shift=1), None, "2024-03-12", "date"),  # Tuesday next week
        (P(weekday=1, week_shift=-1), "past", "2024-02-26", "date"),  # Monday last week
        (P(week_shift=1), None, "2024-W11", "date"),  # next week
        (P(weekday=5, day=13), "future", "2024-09-13", "date"),  # Friday the 13th, ahead
        (P(weekday=5, day=13), "past", "2023-10-13", "date"),  # and behind
        (P(month=6, weekday=1, nth=1), None, "2024-06-03", "date"),  # the first Monday of June
        (P(month=5, weekday=5, nth=-1), None, "2024-05-31", "date"),  # the last Friday in May
        (P(month=2, year=2024, weekday=4, nth=5), None, "2024-02-29", "date"),  # a leap February's fifth Thursday
        (P(month=2, year=2023, weekday=4, nth=5), None, None, None),  # February 2023 has four
        (P(weekday=5, clock=(19, 0)), "future", "2024-03-08T19:00", "time"),  # 7pm on Friday
        (P(weekday=6, part="NI"), "future", "2024-03-09TNI", "time"),  # Saturday night
        (P(clock=(14, 30), zone="Z"), None, "2024-03-06T14:30Z", "time"),  # 14:30 GMT, today
        (P(day=18), None, "2024-03-18", "date"),  # the 18th
        (P(weekday=3, direction=-1), None, "2024-02-28", "date"),  # last Wednesday, not today
        (P(weekday=3, direction=0), None, "2024-03-06", "date"),  # this Wednesday
    ],
)
def test_resolve(partial, tense, value, kind):
    found = resolve(partial, Context(published=WEDNESDAY, tense=tense))
    if value is None:
        assert found is None  # no such day
    else:
        assert found is not None and (found.value, found.kind) == (value, kind)


def test_no_publication_date_no_relative_value():
    assert resolve(P(weekday=2, week_shift=1), Context()) is not None
    assert resolve(P(weekday=2, week_shift=1), Context()).value is None  # type: ignore[union-attr]
    assert resolve(P(year=2024, month=3, day=1, clock=(9, 0)), Context()).value == "2024-03-01T09:00"  # type: ignore[union-attr]


def test_merge_combines_and_refuses_a_clash():
    assert P(weekday=2).merge(P(week_shift=1)) == P(weekday=2, week_shift=1)
    assert P(weekday=2).merge(P(weekday=3)) is None


@pytest.mark.parametrize(
    "partial, anchors, value",
    [
        (P(day_shift=1, origin="anchor"), ("2024-02-29",), "2024-03-01"),  # the following day
        (P(day_shift=1, origin="anchor"), ("2024-02",), None),  # after a month: which day is unknown
        (P(day_shift=1, origin="anchor"), (), None),  # nothing mentioned before
        (P(weekday=5, direction=-1, origin="anchor"), ("2024-02-20",), "2024-02-16"),  # the previous Friday
        (P(clock=(19, 0), origin="discussed"), ("2024-02-20",), "2024-02-20T19:00"),  # at 7 p.m. that day
        (P(clock=(19, 0), origin="discussed"), ("2024",), "2024-03-06T19:00"),  # no day discussed: publication's
        (P(year=2023, month=12, day=25, day_shift=1), (), "2023-12-26"),  # the day after Christmas 2023
        (P(day_shift=-1, part="NI"), (), "2024-03-05TNI"),  # last night
    ],
)
def test_origin_and_day_shift(partial, anchors, value):
    found = resolve(partial, Context(published=WEDNESDAY, anchors=anchors))
    assert found is not None and found.value == value


def test_a_month_and_day_take_their_year_from_the_sentence_else_from_publication():
    sentence = Context(published=WEDNESDAY, sentence_anchor="2020-09-27")
    assert resolve(P(month=11, day=10), sentence).value == "2020-11-10"  # type: ignore[union-attr]
    assert resolve(P(month=1, day=3), sentence).value == "2021-01-03"  # type: ignore[union-attr]
    assert resolve(P(month=11, day=10), Context(published=WEDNESDAY)).value == "2023-11-10"  # type: ignore[union-attr]
    assert resolve(P(month=11, day=10), Context()).value is None  # type: ignore[union-attr]
    assert resolve(P(year=2023, month=2, day=29), Context()) is None  # no such day


def test_merge_keeps_an_origin_other_than_publication():
    assert P(origin="anchor").merge(P(part="NI")) == P(part="NI", origin="anchor")
    assert P(origin="anchor").merge(P(origin="discussed")) is None


@pytest.mark.parametrize(
    "partial, tense, value",
    [
        (P(unit="M", shift=1), None, "2024-04"),  # next month
        (P(unit="Y", shift=-1), None, "2023"),  # last year
        (P(unit="Q", shift=0), None, "2024-Q1"),  # this quarter
        (P(unit="W", shift=-1), None, "2024-W09"),  # last week
        (P(unit="DE", shift=-1), None, "201"),  # last decade
        (P(month=6, unit="Y", shift=1), None, "2025-06"),  # June next year
        (P(month=6, direction=-1), None, "2023-06"),  # last June
        (P(month=2, direction=-1), None, "2024-02"),  # last February: this year's, it is over
        (P(month=6, direction=1), None, "2024-06"),  # next June
        (P(month=11), None, "2023-11"),  # November, far ahead: last year's
        (P(month=11), "future", "2024-11"),  # unless the clause looks ahead
        (P(quarter=3), None, "2023-Q3"),  # the third quarter: the last one reported
        (P(quarter=3), "future", "2024-Q3"),
        (P(quarter=4, unit="Y", shift=-1), None, "2023-Q4"),  # last year's fourth quarter
        (P(half=2), None, "2023-H2"),  # the second half, yet to come: last year's
        (P(half=2), "future", "2024-H2"),
        (P(season="SU", direction=-1), None, "2023-SU"),  # last summer
        (P(season="SU", direction=1), None, "2024-SU"),  # next summer
        (P(year=1992, season="FA"), None, "1992-FA"),  # the fall of 1992
        (P(year=1992), None, "1992"),
    ],
)
def test_periods(partial, tense, value):
    found = resolve(partial, Context(published=WEDNESDAY, tense=tense))
    assert found is not None and (found.value, found.kind) == (value, "date")


def test_a_relative_period_has_no_value_without_publication():
    assert resolve(P(unit="M", shift=1), Context()) == resolve(P(month=6), Context()) == Timex(None, "date")
    assert resolve(P(year=1992, half=1), Context()).value == "1992-H1"  # type: ignore[union-attr]


def test_a_shift_in_units_on_a_named_day_is_the_day_s_own():
    """A unit shift merged into a day is read, never dropped: "Tuesday" + "next week"."""
    ctx = Context(published=WEDNESDAY)
    assert resolve(P(weekday=2).merge(P(unit="W", shift=1)), ctx).value == "2024-03-12"  # type: ignore[arg-type, union-attr]
    assert resolve(P(month=6, unit="Y", shift=1).merge(P(day=3)), ctx).value == "2025-06-03"  # type: ignore[arg-type, union-attr]
    assert resolve(P(weekday=2, unit="Q", shift=1), ctx) is None  # no day field says it


def test_an_origin_said_clashes_with_another():
    assert P(day_shift=1, origin="published").merge(P(part="NI", origin="anchor")) is None  # "tomorrow" + "that night"


def test_a_year_timex_cannot_write_is_out_of_range():
    with pytest.raises(ValueError, match="out of range"):
        resolve(P(month=6, direction=1), Context(published=dt.date(9999, 12, 31)))


@pytest.mark.parametrize(
    "partial, published, value",
    [
        (P(holiday="hijri:09-01"), dt.date(1997, 12, 20), "1997-12-30"),  # two Ramadans begin in 1997: the nearer
        (P(holiday="hijri:09-01", direction=1), dt.date(2030, 2, 1), "2030-12-26"),
        (P(holiday="hijri:01-01"), dt.date(2008, 12, 20), "2008-12-29"),
        (P(holiday="12-25"), dt.date(2024, 1, 5), "2023-12-25"),  # the last one, in a clause of no tense
        (P(holiday="holidays:IN:Diwali", direction=-1), dt.date(1998, 11, 1), None),  # before the package's years
        (P(holiday="holidays:IN:Holi", direction=1), dt.date(2010, 5, 6), None),  # no Holi in 2011's table
        (P(holiday="hijri:09-01", direction=1), dt.date(2077, 12, 1), None),  # past the Umm al-Qura tables
    ],
)
def test_holidays(partial, published, value):
    found = resolve(partial, Context(published=published))
    assert found is not None and found.value == value
