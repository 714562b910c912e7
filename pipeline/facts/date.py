"""Dates: temporal expressions with TIMEX3 values, resolved against publication.

Candidates are the model's DATE and TIME entities, trimmed of a leading
preposition.  :func:`timex` normalizes one expression (a pure function of the
text, the publication date and the last date mentioned before it), using
rules for span, kind and granularity and dateparser, restricted to English,
for calendar dates.  A relative expression with nothing to anchor it has a null
value: the pipeline never resolves against the current clock.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Literal

import dateparser
from spacy.language import Language
from spacy.tokens import Doc, Span
from text_to_num import text2num

from ..data import load_json
from ..models import Article, BaseFact
from . import FactExtractor

DATA_FILE = "dates.json"

Kind = Literal["date", "duration", "set", "time"]


class DateFact(BaseFact):
    """A temporal expression with its TIMEX3 value and calendar bounds."""

    type: Literal["date"] = "date"
    value: str | None
    kind: Kind
    start_date: dt.date | None = None
    end_date: dt.date | None = None


@dataclass(frozen=True)
class Timex:
    """A normalized temporal expression."""

    value: str | None
    kind: Kind


@lru_cache(maxsize=1)
def _vocab() -> dict:
    return load_json(DATA_FILE)


def _units() -> dict[str, str]:
    return _vocab()["units"]


def _number(text: str) -> int | None:
    """An integer written in digits or words ("33", "three", "a")."""
    text = text.strip().lower().replace("-", " ")
    if text.isdigit():
        return int(text)
    if text in ("a", "an", "one"):
        return 1
    try:
        return int(text2num(text, "en"))
    except ValueError:
        return None


def _unit(word: str) -> str | None:
    return _units().get(word.lower().rstrip("s")) or _units().get(word.lower())


def duration_value(count: int | None, unit: str) -> str:
    """TIMEX3 duration: ``duration_value(3, "DE") == "P30Y"``; unknown count gives ``PXY``."""
    if unit == "DE":
        return f"P{count * 10}Y" if count is not None else "PXDE"
    if unit == "CE":
        return f"P{count * 100}Y" if count is not None else "PXCE"
    amount = "X" if count is None else str(count)
    if unit in ("H", "MIN", "S"):
        return f"PT{amount}{'M' if unit == 'MIN' else unit}"
    return f"P{amount}{unit}"


def _shift(base: dt.date, count: int, unit: str) -> dt.date:
    if unit == "D":
        return base + dt.timedelta(days=count)
    if unit == "W":
        return base + dt.timedelta(weeks=count)
    months = {"M": 1, "Q": 3, "Y": 12, "DE": 120, "CE": 1200}.get(unit)
    if months is None:
        return base
    total = base.year * 12 + base.month - 1 + count * months
    year, month = divmod(total, 12)
    day = min(base.day, calendar.monthrange(year, month + 1)[1])
    return dt.date(year, month + 1, day)


def point_value(day: dt.date, unit: str) -> str:
    """A calendar point at the granularity of ``unit``: years give ``YYYY``, months ``YYYY-MM``."""
    if unit in ("Y",):
        return f"{day.year:04d}"
    if unit == "DE":
        return f"{day.year // 10:03d}"
    if unit == "CE":
        return f"{day.year // 100:02d}"
    if unit == "Q":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if unit == "M":
        return f"{day.year:04d}-{day.month:02d}"
    if unit == "W":
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}"
    return day.isoformat()


_NUM = r"(?P<num>\d+|[a-z]+(?:[ -][a-z]+)?)"
_UNIT = r"(?P<unit>[a-z]+)"
RE_SET = re.compile(rf"^(?:every|each|per)\s+(?:(?P<num>\d+|other|[a-z]+)\s+)?{_UNIT}$", re.I)
RE_AGO = re.compile(rf"^(?:about |some |nearly |almost |more than )?{_NUM}\s+{_UNIT}\s+(?P<dir>ago|earlier|before|later|after|from now|hence)$", re.I)
RE_DURATION = re.compile(
    rf"^(?:the\s+)?(?:(?:past|last|next|previous|coming|first|following|recent)\s+)?{_NUM}\s+{_UNIT}$", re.I
)
RE_YEAR = re.compile(r"^(?:the\s+year\s+)?(?P<year>1\d{3}|20\d{2})$")
RE_DECADE = re.compile(r"^(?:the\s+)?(?P<year>1\d{2}|20\d)0'?s$")
RE_RELATIVE = re.compile(r"^(?P<dir>last|this|next|the past|the coming)\s+(?P<unit>[a-z]+)$", re.I)
RE_VAGUE = re.compile(r"^(?:the\s+)?(?:following|previous|recent|coming|past)\s+(?:years|months|weeks|days|decades)$", re.I)
RE_ANAPHORIC = re.compile(r"^(?:the\s+)?(?:same|following|next|previous)\s+(?:day|week|month|year)$", re.I)


def timex(text: str, published: dt.date | None, anchor: dt.date | None = None) -> Timex | None:
    """Normalize one temporal expression; None when it is not one.

    >>> timex("33 years ago", dt.date(2025, 1, 14))
    Timex(value='1992', kind='date')
    >>> timex("the past three decades", dt.date(2025, 1, 14))
    Timex(value='P30Y', kind='duration')
    """
    text = " ".join(text.split())
    lowered = text.lower()
    words = _vocab()
    if lowered in words["sets"]:
        return Timex(words["sets"][lowered], "set")
    if m := RE_SET.match(text):
        unit = _unit(m["unit"])
        if unit:
            count = 2 if (m["num"] or "").lower() == "other" else (_number(m["num"]) if m["num"] else 1)
            return Timex(duration_value(count, unit), "set")
    if m := RE_YEAR.match(text):
        return Timex(m["year"], "date")
    if m := RE_DECADE.match(text):
        return Timex(m["year"], "date")
    if m := RE_AGO.match(text):
        unit, count = _unit(m["unit"]), _number(m["num"])
        if unit is None or count is None:
            return None
        direction = m["dir"].lower()
        base = published if direction in ("ago", "from now", "hence") else anchor
        if base is None:
            return Timex(None, "date")
        sign = -1 if direction in ("ago", "earlier", "before") else 1
        return Timex(point_value(_shift(base, sign * count, unit), unit), "date")
    if RE_VAGUE.match(text) or RE_ANAPHORIC.match(text):
        return Timex(None, "date")
    if m := RE_DURATION.match(text):
        unit, count = _unit(m["unit"]), _number(m["num"])
        if unit and count is not None:
            return Timex(duration_value(count, unit), "duration")
    if m := RE_RELATIVE.match(text):
        unit = _unit(m["unit"])
        if unit and unit not in ("DE", "CE", "H", "MIN", "S"):
            if published is None:
                return Timex(None, "date")
            step = {"last": -1, "the past": -1, "this": 0, "next": 1, "the coming": 1}[m["dir"].lower()]
            return Timex(point_value(_shift(published, step, unit), unit), "date")
    if lowered in words["deictic"]:
        if published is None:
            return Timex(None, "date")
        offset = words["deictic"][lowered]
        if isinstance(offset, str):
            return Timex(offset, "date")
        return Timex((published + dt.timedelta(days=offset)).isoformat(), "date")
    return _calendar(text, published)


def _calendar(text: str, published: dt.date | None) -> Timex | None:
    """A calendar date through dateparser, at the granularity the text gives."""
    has_year = re.search(r"\b(1\d{3}|20\d{2})\b", text) is not None
    if not has_year and published is None:
        return Timex(None, "date") if re.search(r"[A-Za-z]", text) else None
    settings = {
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "RETURN_TIME_AS_PERIOD": True,
        "REQUIRE_PARTS": [],
    }
    if published is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(published, dt.time(12))
    data = dateparser.parse(text, languages=["en"], settings=settings)
    if data is None:
        return None
    period = _period(text)
    day = data.date()
    if period == "year":
        return Timex(f"{day.year:04d}", "date")
    if period == "month":
        return Timex(f"{day.year:04d}-{day.month:02d}", "date")
    return Timex(day.isoformat(), "date")


_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"


def _period(text: str) -> str:
    """The granularity the text itself gives: year, month or day."""
    lowered = text.lower()
    has_month = re.search(rf"\b({_MONTHS})[a-z]*\.?\b", lowered) is not None
    has_day = re.search(r"\b\d{1,2}(st|nd|rd|th)?\b(?!\d)", re.sub(r"\b(1\d{3}|20\d{2})\b", "", lowered)) is not None
    weekday = re.search(r"\b(mon|tues|wednes|thurs|fri|satur|sun)day\b", lowered) is not None
    if has_day or weekday or re.search(r"\d{1,2}/\d{1,2}", lowered):
        return "day"
    if has_month:
        return "month"
    return "year"


def calendar_bounds(value: str | None) -> tuple[dt.date | None, dt.date | None]:
    """ISO calendar bounds of a TIMEX3 point: ``"1992"`` spans 1992-01-01..1992-12-31."""
    if not value:
        return None, None
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(T.*)?", value):
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        return day, day
    if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
        year, month = int(m[1]), int(m[2])
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        year, quarter = int(m[1]), int(m[2])
        first = 3 * quarter - 2
        return dt.date(year, first, 1), dt.date(year, first + 2, calendar.monthrange(year, first + 2)[1])
    if m := re.fullmatch(r"(\d{4})-W(\d{2})", value):
        monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        return monday, monday + dt.timedelta(days=6)
    if m := re.fullmatch(r"\d{4}", value):
        year = int(value)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if m := re.fullmatch(r"\d{3}", value):
        year = int(value) * 10
        return dt.date(year, 1, 1), dt.date(year + 9, 12, 31)
    if m := re.fullmatch(r"\d{2}", value):
        year = int(value) * 100
        return dt.date(max(year, 1), 1, 1), dt.date(year + 99, 12, 31)
    return None, None


# --- the spaCy side ------------------------------------------------------------


@Language.factory("factpipe_date")
def make_date_component(nlp: Language, name: str) -> "DateComponent":
    return DateComponent()


class DateComponent:
    """Marks the model's DATE/TIME entities, trimmed of leading prepositions, as candidates."""

    def __call__(self, doc: Doc) -> Doc:
        leading = set(_vocab()["leading_words"])
        spans = []
        for ent in doc.ents:
            if ent.label_ not in ("DATE", "TIME"):
                continue
            start = ent.start
            while start < ent.end - 1 and doc[start].lower_ in leading:
                start += 1
            spans.append(Span(doc, start, ent.end, label=ent.label_))
        doc.spans["date"] = spans
        return doc


class DateExtractor(FactExtractor):
    type = "date"
    record = DateFact
    component = "factpipe_date"

    def facts(self, doc: Doc, article: Article) -> Iterable[BaseFact]:
        anchor: dt.date | None = None
        for span in doc.spans.get("date", []):
            result = timex(span.text, article.published, anchor)
            if result is None:
                continue
            start_date, end_date = calendar_bounds(result.value) if result.kind == "date" else (None, None)
            if start_date is not None:
                anchor = start_date
            yield self.make(
                span,
                doc,
                article,
                value=result.value,
                kind=result.kind,
                start_date=start_date,
                end_date=end_date,
                rule=f"ner:{span.label_}",
            )


EXTRACTOR = DateExtractor()
