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
from decimal import Decimal
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    model_validator,
)

def _decimal_to_json_number(value: Decimal) -> int | float | Decimal:
    """Serialize an amount as a JSON *number* without losing digits.

    Integral amounts become ``int`` (exact at any size).  Fractional ones stay
    :class:`Decimal`: in JSON mode pydantic would write them as strings, so the
    JSONL writer (:func:`pipeline.io.fact_to_json`) emits them as bare numbers.
    """
    if value == value.to_integral_value():
        return int(value)
    return value.normalize()


ExactAmount = Annotated[
    Decimal,
    PlainSerializer(_decimal_to_json_number, when_used="always"),
    WithJsonSchema({"type": "number", "description": "exact decimal amount"}),
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


