"""The fallback for calendar dates no rule reads: dateparser (English only, cached)."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from .lexicon import macros
from .values import Context, Timex

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
