"""Rules, last family: units relative to publication or to the last date mentioned.

"earlier in the year", "the end of the quarter", "year-end", "for the year",
"next month", "the following year", "the previous Friday", "the day after
Christmas", "that day", "later this week", weekends, and the "Now," filter.
"""

from __future__ import annotations

import re

from .._text import window_before
from .grammar import normalize, rule
from .lexicon import _weekday, unit_of, vocab
from .partial import PartialTime, part_of_day, resolve
from .resolve import _recent_quarter
from .values import GRANULARITY, Context, Timex, duration_value, parse_point, point_value, shift


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
    (?:fiscal\s+|calendar\s+)?(?P<unit>week|weekend|month|year|quarter|decade|day|season)\b(?![-\w]|\s+(?:ago|earlier|later))""", rejects=("title",))
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
    return resolve(PartialTime(unit=unit, shift=step), ctx)


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


@rule("anaphoric_weekday", r"\bthe\s+(?P<rel>previous|preceding|following|next)\s+(?P<wd>{WEEKDAY1})\b", priority=3)
def _anaphoric_weekday(m: re.Match, ctx: Context) -> Timex | None:
    """ "the previous Friday": the one before the day the text is talking about, or before
    publication when no day has been named."""
    direction = -1 if m["rel"].lower() in ("previous", "preceding") else 1
    return resolve(PartialTime(weekday=_weekday(m["wd"]), direction=direction, origin="discussed"), ctx)


@rule("day_before_day", r"\bthe\s+day\s+(?P<dir>before|after)\s+(?P<ref>(?:last|next|this)\s+{WEEKDAY}|{DAYREF}|{MONTH}\s+{DAYNUM}|{HOLIDAY})(?![\w-])", priority=3)
def _day_before_day(m: re.Match, ctx: Context) -> Timex | None:
    """ "the day before last Tuesday", "the day after Christmas": the named day moved by one."""
    ref = normalize(m["ref"], ctx)
    point = parse_point(ref.value) if ref is not None else None
    if point is None or point[1] != "D":
        return Timex(None, "date")
    day = point[0]
    step = -1 if m["dir"].lower() == "before" else 1
    return resolve(PartialTime(year=day.year, month=day.month, day=day.day, day_shift=step), ctx)


@rule("anaphoric_day", r"\b(?:(?:the|that)\s+(?P<rel>next|following|previous|same)\s+(?P<part>day|morning|afternoon|evening|night)|the\s+day\s+(?P<dir>before|after)|that\s+(?P<part2>day|morning|afternoon|evening|night))\b(?!\s+(?:ago|earlier|later|before|after))", priority=2, rejects=("event_anchored",))
def _anaphoric_day(m: re.Match, ctx: Context) -> Timex | None:
    step = {"next": 1, "following": 1, "previous": -1, "same": 0, "before": -1, "after": 1}.get((m["rel"] or m["dir"] or "same").lower(), 0)
    part = (m["part"] or m["part2"] or "day").lower()
    point = parse_point(ctx.anchor)
    if point is not None and (m["rel"] or "").lower() == "same" and part == "day" and point[1] in ("M", "Y"):
        # "that same day" after "last October": a day of that month, which one unknown
        return Timex(point_value(point[0], point[1]) + ("-XX" if point[1] == "M" else "-XX-XX"), "date")
    when = PartialTime(day_shift=step, origin="anchor")
    if part != "day":
        when = when.merge(part_of_day(part)) or when
    return resolve(when, ctx)


@rule("this_unit_mod", r"\b(?P<mod>earlier|later|early|late)\s+(?P<rel>this|last|next|that)\s+(?P<unit>week|month|year|decade|century)\b", priority=3)
def _this_unit_mod(m: re.Match, ctx: Context) -> Timex | None:
    unit = unit_of(m["unit"])
    rel = m["rel"].lower()
    if rel == "that":
        return Timex(_anaphoric(ctx.anchor, 0, unit), "date")
    return resolve(PartialTime(unit=unit, shift={"this": 0, "last": -1, "next": 1}[rel]), ctx)


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
