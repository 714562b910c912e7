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
import hashlib
from dataclasses import dataclass
from decimal import Context, Decimal
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
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


class Article(BaseModel):
    """One input article, as read from ``corpus/`` (txt + sidecar or jsonl)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str = Field(min_length=1)
    text: str
    published: dt.date | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    #: where the article came from, for error messages: "path" or "path:line"
    origin: str | None = Field(default=None, exclude=True)

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
