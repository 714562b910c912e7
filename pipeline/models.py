"""The records the pipeline reads and writes.

Every fact is a Pydantic v2 model; the four fact types form a discriminated
union on ``type`` (:data:`pipeline.facts.Fact`, built from the fact modules
in :mod:`pipeline.facts`), which is what ``outputs/facts.jsonl`` holds one per
line and what ``schemas/`` describes.  Each fact module declares its own record
class on top of :class:`BaseFact`.  Values are never floats or free
text: money is :class:`~decimal.Decimal` plus an ISO 4217 code, countries are
ISO 3166 codes, dates are TIMEX3 values plus calendar bounds.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import re
from dataclasses import dataclass
from decimal import Context, Decimal
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    field_validator,
    model_validator,
)

#: the largest amount: |amount| < 10**AMOUNT_DIGITS, with at most AMOUNT_DECIMALS places.
#: That is PostgreSQL's NUMERIC(38, 10), so every record loads into either database;
#: 10**28 is far past any sum news reports (the largest banknote ever printed was 10**21 pengő).
AMOUNT_DIGITS, AMOUNT_DECIMALS = 28, 10
#: enough precision for any amount in range: Python's default (28 digits) would round a 38-digit one
AMOUNT_CONTEXT = Context(prec=AMOUNT_DIGITS + AMOUNT_DECIMALS)
_AMOUNT_LIMIT = Decimal(10) ** AMOUNT_DIGITS
_SMALLEST = Decimal(1).scaleb(-AMOUNT_DECIMALS)


def amount_problem(value: Decimal) -> str | None:
    """Why an amount is out of range (the phrase the database loader reports too), or None."""
    if not value.is_finite():
        return f"{value} is not a finite number"
    shown = f"{value:f}" if len(f"{value:f}") <= 60 else f"{value:.6e}"
    if value.copy_abs() >= _AMOUNT_LIMIT:  # copy_abs, unlike abs(), never rounds
        return f"{shown} has more than {AMOUNT_DIGITS} digits before the point"
    if value != value.quantize(_SMALLEST, context=AMOUNT_CONTEXT):
        return f"{shown} has more than {AMOUNT_DECIMALS} decimal places"
    return None


def _check_amount(value: Decimal) -> Decimal:
    if problem := amount_problem(value):
        raise ValueError(problem)
    return value


def _decimal_to_json_number(value: Decimal) -> int | float | Decimal:
    """Serialize an amount as a JSON *number* without losing digits.

    Integral amounts become ``int`` (exact at any size).  Fractional ones stay
    :class:`Decimal`: in JSON mode pydantic would write them as strings, so the
    JSONL writer (:func:`pipeline.io.fact_to_json`) emits them as bare numbers.
    """
    if value == value.to_integral_value():
        return int(value)
    return value.normalize(AMOUNT_CONTEXT)


ExactAmount = Annotated[
    Decimal,
    AfterValidator(_check_amount),
    PlainSerializer(_decimal_to_json_number, when_used="always"),
    WithJsonSchema(
        {
            "type": "number",
            "exclusiveMinimum": -(10**AMOUNT_DIGITS),
            "exclusiveMaximum": 10**AMOUNT_DIGITS,
            "description": f"exact decimal amount, at most {AMOUNT_DECIMALS} decimal places "
            f"(PostgreSQL NUMERIC({AMOUNT_DIGITS + AMOUNT_DECIMALS}, {AMOUNT_DECIMALS}))",
        }
    ),
]


#: an RFC 2822 date-time as feeds write it; the standard library's parser
#: alone also takes junk after it and unknown zones (read as "no offset")
_RFC2822 = re.compile(
    r"(?:(?P<weekday>mon|tue|wed|thu|fri|sat|sun),\s*)?\d{1,2}\s+"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\s+\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?\s+"
    r"(?:[+-]\d{4}|ut|gmt|[ecmp][sd]t)",
    re.IGNORECASE,
)
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_published(value: Any) -> dt.date | dt.datetime | None:
    """A publication date or timestamp as feeds give it, kept as given.

    ISO 8601 / RFC 3339 (``2016-05-05``, ``2016-05-05T23:30:00+02:00``, with or
    without an offset) and RFC 2822 (``Thu, 05 May 2016 23:30:00 +0200``).  A
    date stays a :class:`~datetime.date`; a time of day makes a
    :class:`~datetime.datetime` that keeps its offset (none when none was
    given).  Anything else, numbers included (seconds? milliseconds? since
    when?), is refused rather than guessed.
    """
    if value is None or isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        stamp = value.strip()
        for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
            try:
                return parse(stamp.upper())  # RFC 3339 allows a lower-case "t" and "z"
            except ValueError:
                pass
        match = _RFC2822.fullmatch(stamp)
        if match:
            try:
                parsed = email.utils.parsedate_to_datetime(stamp)
            except ValueError:  # no such day ("31 Feb 2016 ...")
                parsed = None
            weekday = match["weekday"]
            if parsed is not None:
                if weekday and _WEEKDAYS.index(weekday.lower()) != parsed.weekday():
                    raise ValueError(f"{value!r}: {parsed:%d %B %Y} is a {parsed:%A}, not {weekday}")
                return parsed
    raise ValueError(
        f"{value!r} is not a publication date: give ISO 8601 (2016-05-05 or 2016-05-05T23:30:00+02:00) "
        "or RFC 2822 (Thu, 05 May 2016 23:30:00 +0200)"
    )


def published_day(published: dt.date | None) -> dt.date | None:
    """The calendar day of a publication date or timestamp as written: its own day, not the UTC one.

    Relative dates ("yesterday", "last Friday") resolve against it: a reporter
    writing at 23:30 in Berlin means the Berlin day.
    """
    return published.date() if isinstance(published, dt.datetime) else published


Published = Annotated[
    dt.datetime | dt.date | None,
    PlainValidator(parse_published),
    PlainSerializer(lambda value: value.isoformat() if value is not None else None, when_used="json"),
    WithJsonSchema(
        {
            "anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}, {"type": "null"}],
            "description": "ISO 8601 date or date-time (RFC 2822 is accepted on input)",
        }
    ),
]


class Article(BaseModel):
    """One input article, as read from ``corpus/`` (txt + sidecar or jsonl)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str = Field(min_length=1)
    text: str
    #: as given: a date, or a timestamp with its own offset (see :func:`parse_published`)
    published: Published = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    #: where the article came from, for error messages: "path" or "path:line"
    origin: str | None = Field(default=None, exclude=True)

    @field_validator("id", "text", "title", "source", "url")
    @classmethod
    def _storable(cls, value: str | None) -> str | None:
        """Refuse what no output can hold, here, so that it is one bad article and not a failed run.

        PostgreSQL cannot store U+0000 in text (SQLite can), and a lone surrogate
        (the JSON escape ``"\\ud800"``) cannot be written as UTF-8 at all.
        """
        if value is None:
            return value
        if "\x00" in value:
            raise ValueError(f"contains a NUL character (U+0000) at character {value.index(chr(0))}")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValueError(f"contains a lone surrogate (U+{ord(value[exc.start]):04X}) at character {exc.start}") from None
        return value

    @property
    def published_date(self) -> dt.date | None:
        """The day relative dates resolve against (see :func:`published_day`)."""
        return published_day(self.published)

    @property
    def text_hash(self) -> str:
        """SHA-256 of the text: tells a re-extraction whether the article changed."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def fact_id(article_id: str, fact_type: str, start: int, end: int) -> str:
    """A deterministic id: the same article, type and span always give the same id."""
    key = f"{article_id}\x1f{fact_type}\x1f{start}\x1f{end}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


class BaseFact(BaseModel):
    """What every fact has: where it is and where it came from."""

    model_config = ConfigDict(extra="forbid")

    id: str
    article_id: str
    type: str
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    sentence: str
    #: provenance: which rule found the fact (e.g. "gazetteer", "ner:DATE")
    rule: str | None = None

    @model_validator(mode="after")
    def _span_is_ordered(self) -> "BaseFact":
        if self.end <= self.start:
            raise ValueError(f"empty or reversed span {self.start}..{self.end}")
        if len(self.text) != self.end - self.start:
            raise ValueError(
                f"text {self.text!r} has length {len(self.text)}, span is {self.end - self.start}"
            )
        return self




@dataclass(frozen=True)
class Problem:
    """What went wrong with one fact or one article without stopping it: counted and reported.

    A fact whose amount is out of range or whose date cannot be normalized is
    dropped, the article keeps its other facts; an empty or non-English article
    is written with no facts.  ``start``/``end`` are the fact's offsets (None for
    a problem of the whole article).
    """

    kind: str
    reason: str
    fact_type: str | None = None
    start: int | None = None
    end: int | None = None
