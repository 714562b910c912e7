"""Rules, second family: days named from publication.

Holidays, deictic words ("today", "now"), "current", parts of the day, a
bare season, "early Tuesday", clock times, weekdays.
"""

from __future__ import annotations

import datetime as dt
import re

from .grammar import rule
from .lexicon import _clock, _weekday, vocab, zone
from .partial import PartialTime, day_reference, month_day, part_of_day, resolve
from .resolve import _holiday_names
from .values import Context, Timex, point_value


@rule("holiday", r"\b(?:(?P<rel>last|this|next|this\s+past|this\s+coming)\s+)?(?P<name>{HOLIDAY})(?P<week>\s+week)?(?:,?\s+(?P<year>{YEAR}))?(?![\w-])", priority=3, rejects=("family_name", "first_name"))
def _holiday(m: re.Match, ctx: Context) -> Timex | None:
    """A holiday on its day in the year meant; "Easter week" is the ISO week it falls in."""
    names = {" ".join(k.lower().split()): v for k, v in _holiday_names().items()}
    spec = names.get(" ".join(m["name"].lower().replace("’", "'").split()))
    if spec is None:
        return None
    rel = " ".join((m["rel"] or "").lower().split())
    direction = {"last": -1, "this past": -1, "next": 1, "this coming": 1}.get(rel)
    day = resolve(PartialTime(holiday=spec, year=int(m["year"]) if m["year"] else None, direction=direction), ctx)
    if day is None or day.value is None or not m["week"]:
        return day
    return Timex(point_value(dt.date.fromisoformat(day.value), "W"), "date")


@rule("deictic", r"\b(?:{DEICTIC})\b", rejects=("name_word", "generic_time", "adjective_past"))
def _deictic(m: re.Match, ctx: Context) -> Timex | None:
    key = " ".join(m[0].lower().split())
    offset = vocab()["deictic"][key]
    if isinstance(offset, str):
        return Timex(offset, "date")
    return resolve(PartialTime(day_shift=offset), ctx)


@rule("current_adj", r"\b(?:(?P<then>then)[\s-]+)?current\b(?![-\w])", rejects=("not_current_time",))
def _current_adj(m: re.Match, ctx: Context) -> Timex | None:
    """ "current market conditions": the present; "the then current price": a past present.

    Only before a noun (checked on the tagged text, as are "current account"
    and other accounting terms, or "the current leader", see ``current_not_time``).
    """
    return Timex("PAST_REF" if m["then"] else "PRESENT_REF", "date")


@rule("part_of_day", r"""\b(?:(?:early|late|earlier|later)\s+)?(?:(?P<ref>this|yesterday|tomorrow|today|last|{WEEKDAY})\s+(?P<part>morning|afternoon|evening|night|overnight|midday|mid-?\s?afternoon|mid-?\s?morning)
    |(?P<part2>mid-?\s?afternoon|mid-?\s?morning|midday)(?:\s+(?P<ref2>yesterday|today|tomorrow|{WEEKDAY}))?)\b|\btonight\b""", priority=4)
def _part_of_day(m: re.Match, ctx: Context) -> Timex | None:
    """ "Thursday evening", "this morning", "last night", "mid-afternoon yesterday": a day and
    its part; a bare "midday" is on the day the text is talking about."""
    if m[0].lower() == "tonight":
        day, part = day_reference("today"), "night"
    else:
        ref = m["ref"] or m["ref2"]
        if ref is not None and ref.lower().endswith("days"):
            return None
        part = (m["part"] or m["part2"]).lower()
        part = part if part == "midday" else re.sub(r"^mid-?\s?", "", part)
        day = day_reference(ref) if ref else PartialTime(origin="discussed")
    when = day.merge(part_of_day(part))
    return resolve(when, ctx) if when is not None else None


@rule("season", r"\b(?:(?P<the>the)\s+(?:(?:early|late)\s+)?(?P<season>{SEASON})(?!\s+(?:of|in)\b)|(?:(?:early|late|mid)[\s-]+)?(?P<bare>summer|winter|autumn)|(?:early|late|mid)[\s-]+(?P<bare2>spring|fall))\b(?![-\w])", priority=0, rejects=("season_modifier",))
def _season(m: re.Match, ctx: Context) -> Timex | None:
    """ "the summer", "summer", "early spring" (not "spring" or "fall" alone, the verbs): this
    year's, or the last one in a past clause."""
    return resolve(PartialTime(season=vocab()["seasons"][(m["season"] or m["bare"] or m["bare2"]).lower()]), ctx)


@rule("modified_day", r"\b(?P<mod>early|late|earlier|later)\s+(?P<ref>today|yesterday|tomorrow|{WEEKDAY})\b", priority=3)
def _modified_day(m: re.Match, ctx: Context) -> Timex | None:
    if m["ref"].lower().endswith("days"):
        return None
    return resolve(day_reference(m["ref"]), ctx)


@rule("clock", r"\b(?:(?:about|around|shortly\s+after|shortly\s+before|just\s+after|just\s+before|approximately)\s+)?(?P<clock>{CLOCK})(?:\s+(?P<tz>{TZ}))?(?:\s*\(\s*\d{{1,2}}(?::\d\d)?\s*(?:a\.m\.|p\.m\.)?\s*{TZ}\s*\))?(?:,?\s+(?:on\s+)?(?:(?P<ref>{DAYREF})|(?P<month>{MONTH})\s+(?P<day>{DAYNUM})))?(?!\w)", priority=4)
def _clock_rule(m: re.Match, ctx: Context) -> Timex | None:
    """A clock time on the day named after it, else on the day the text is talking about."""
    clock = _clock(m["clock"])
    if clock is None:
        return None
    if m["month"]:
        day = month_day(m)
    elif m["ref"]:
        if m["ref"].lower().endswith("days"):
            return None
        day = day_reference(m["ref"])
    else:
        day = PartialTime(origin="discussed")
    when = day.merge(PartialTime(clock=(int(clock[:2]), int(clock[3:])), zone=zone(m["tz"]) if m["tz"] else None))
    return resolve(when, ctx) if when is not None else None


@rule("weekday", r"\b(?:(?P<rel>last|next|this|this\s+coming|this\s+past|coming|past)\s+)?(?P<wd>{WEEKDAY1})(?:,?\s+(?P<month>{MONTH})\s+(?P<day>{DAYNUM})(?:,?\s+(?P<year>{YEAR}))?)?(?!\w|-)", priority=1, rejects=("family_name",))
def _weekday_rule(m: re.Match, ctx: Context) -> Timex | None:
    """ "Tuesday" (as the tense points), "last Tuesday", "this Tuesday", "Tuesday, March 5"."""
    if m["month"]:
        return resolve(month_day(m), ctx)
    rel = " ".join((m["rel"] or "").lower().split())
    direction = _DIRECTIONS.get(rel)
    return resolve(PartialTime(weekday=_weekday(m["wd"]), direction=direction), ctx)


#: where a weekday lies from publication after each word before it ("this" Tuesday: of this week)
_DIRECTIONS = {"next": 1, "this coming": 1, "coming": 1, "last": -1, "this past": -1, "past": -1, "this": 0}
