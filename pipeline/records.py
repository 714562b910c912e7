"""The records the pipeline reads and writes: the public contract, importing Pydantic only.

``Article`` is an input; every fact is a Pydantic v2 model on top of
:class:`BaseFact`, one class per type, and :data:`Fact` is their union,
discriminated on ``type``: what ``outputs/facts.jsonl`` holds one per line and
what ``schemas/`` describes.  Values are never floats or free text: money is
:class:`~decimal.Decimal` plus an ISO 4217 code, countries are ISO 3166 codes,
dates are TIMEX3 values plus calendar bounds.  Each record class also says what
a prediction must agree on with gold to score (:meth:`BaseFact.scoring_key`).

This module imports neither spaCy nor the normalization libraries, so that
validating, loading, scoring and the schemas cost no model: keep it so.

**A new fact type** puts its record class here, in the "fact records" section,
and adds it to :data:`RECORDS`; everything else (spaCy component, extractor) is
its module ``pipeline/facts/<type>.py``, which imports the class from here.  The
fact package refuses to load when its extractors and :data:`RECORDS` disagree.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import re
from dataclasses import dataclass
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal
from typing import Annotated, Any, ClassVar, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    TypeAdapter,
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
#: a context that never rounds, however many digits a text writes (Python's default rounds
#: past 28 and makes ``quantize`` fail): amounts are read and canonicalized in it, and what is
#: too large for a record is for the record to refuse
EXACT_ARITHMETIC = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)


def canonical_decimal(value: Decimal) -> Decimal:
    """One way to write a number, so that equal amounts are written alike everywhere
    (extractor, JSONL, databases, scoring): an integer without exponent, a fraction
    without trailing zeros.  Exact: it never rounds.

    >>> canonical_decimal(Decimal("2E+9")), canonical_decimal(Decimal("2.50")), canonical_decimal(Decimal("7.00"))
    (Decimal('2000000000'), Decimal('2.5'), Decimal('7'))
    """
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize(EXACT_ARITHMETIC)


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
    return int(value) if value == value.to_integral_value() else canonical_decimal(value)


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


def unstorable(value: str) -> str | None:
    """Why no output can hold ``value``, or None: PostgreSQL cannot store U+0000 in text
    (SQLite can), and a lone surrogate (the JSON escape ``"\\ud800"``) is no UTF-8 at all."""
    if "\x00" in value:
        return f"contains a NUL character (U+0000) at character {value.index(chr(0))}"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"contains a lone surrogate (U+{ord(value[exc.start]):04X}) at character {exc.start}"
    return None


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
        """Refuse what no output can hold (:func:`unstorable`), here, so that it is one bad article
        and not a failed run."""
        problem = unstorable(value) if value is not None else None
        if problem:
            raise ValueError(problem)
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

    #: the ``type`` of the records of this class (its ``type`` field's one value)
    fact_type: ClassVar[str] = ""

    model_config = ConfigDict(extra="forbid")

    id: str
    article_id: str
    type: str
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    sentence: str
    #: provenance, ``<type>:<rule>[+<modifier>]``: which rule found the fact and what changed its
    #: reading ("country:gazetteer", "date:ner_date", "money:name+countries"; see the README)
    rule: str | None = None

    @model_validator(mode="after")
    def _span_is_ordered(self) -> BaseFact:
        if self.end <= self.start:
            raise ValueError(f"empty or reversed span {self.start}..{self.end}")
        if len(self.text) != self.end - self.start:
            raise ValueError(
                f"text {self.text!r} has length {len(self.text)}, span is {self.end - self.start}"
            )
        return self

    @classmethod
    def scoring_key(cls, fact: dict) -> Any:
        """What a predicted fact must agree on with an overlapping gold fact to match
        (ANNOTATION.md "Scoring"); None: the overlap alone decides.

        It reads the JSON objects as written (gold is not validated into records).
        """
        return None

    @classmethod
    def keys_agree(cls, gold_key: Any, predicted_key: Any) -> bool:
        """Whether a prediction's :meth:`scoring_key` agrees with an overlapping gold fact's."""
        return bool(gold_key == predicted_key)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls.fact_type = cls.model_fields["type"].default or ""  # ``type: Literal["x"] = "x"``


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


# --- fact records: one class per type ---------------------------------------------


class CountryFact(BaseFact):
    """A mention of a sovereign state, current or historical."""

    type: Literal["country"] = "country"
    #: ISO 3166-1 alpha-2, or the ISO 3166-3 former code; null only for a state with none
    iso_alpha2: str | None
    name: str
    historical: bool = False
    via: Literal["name", "demonym"] = "name"

    @classmethod
    def scoring_key(cls, fact: dict) -> Any:
        """The ISO code, or the name of a state that has none."""
        return fact.get("iso_alpha2") or fact.get("name")


DateKind = Literal["date", "duration", "set", "time"]


class DateFact(BaseFact):
    """A temporal expression with its TIMEX3 value and calendar bounds."""

    type: Literal["date"] = "date"
    value: str | None
    kind: DateKind
    start_date: dt.date | None = None
    end_date: dt.date | None = None

    @classmethod
    def scoring_key(cls, fact: dict) -> Any:
        """The TIMEX3 value, written one way (:func:`canonical_timex`)."""
        return canonical_timex(fact.get("value"))

    @classmethod
    def keys_agree(cls, gold_key: Any, predicted_key: Any) -> bool:
        """Equal values agree; so does a time with its zone ("T17:00-05:00") and gold's same time
        without one: TimeBank and AQUAINT never write a zone, so a gold value without one says
        nothing about it.  Gold that writes a zone is held to it.

        >>> DateFact.keys_agree("1989-11-09T17:00", "1989-11-09T17:00-05:00")
        True
        >>> DateFact.keys_agree("1989-11-09T17:00Z", "1989-11-09T17:00-05:00")
        False
        """
        if gold_key == predicted_key:
            return True
        if isinstance(gold_key, str) and isinstance(predicted_key, str) and _TIME_ZONE.search(gold_key) is None:
            return _TIME_ZONE.sub("", predicted_key) == gold_key
        return False


#: the zone a TIMEX3 time ends in: "Z", "+01:00", "-05"
_TIME_ZONE = re.compile(r"(?<=T\d\d:\d\d)(?:Z|[+-]\d\d(?::?\d\d)?)$")


_DURATION_UNIT = re.compile(r"^P(?P<n>\d+(?:\.\d+)?)(?P<u>DE|CE|ML|E|C|L)$")
_UNIT_YEARS = {"DE": 10, "CE": 100, "ML": 1000, "E": 10, "C": 100, "L": 1000}
#: TimeML 1.2's one-letter units (E decade, C century, L millennium) beside TIMEX3's two-letter ones
_UNKNOWN_UNIT = {"E": "DE", "C": "CE", "L": "ML"}
_QUARTERS = re.compile(r"^P(?P<n>\d+(?:\.\d+)?)Q$")
_UNPADDED_WEEK = re.compile(r"^(?P<y>\d{4})-W(?P<w>\d)(?=$|-)")


def canonical_timex(value: str | None) -> str | None:
    """TIMEX3 values that mean the same compare equal: ``P3DE`` is ``P30Y``.

    Also TimeML 1.2's units (``P1E`` a decade, ``PXC`` some centuries, ``P2L``
    two millennia), quarters as months (``P1Q`` is ``P3M``) and unpadded ISO
    weeks (``2000-W7`` is ``2000-W07``).
    """
    if value is None:
        return None
    if m := _DURATION_UNIT.match(value):
        years = Decimal(m["n"]) * _UNIT_YEARS[m["u"]]
        return f"P{canonical_decimal(years):f}Y"
    if m := _QUARTERS.match(value):  # a quarter is three months: P1Q is P3M
        months = Decimal(m["n"]) * 3
        return f"P{canonical_decimal(months):f}M"
    if value[:2] == "PX" and value[2:] in _UNKNOWN_UNIT:  # PXE: some decades, as PXDE
        return "PX" + _UNKNOWN_UNIT[value[2:]]
    if m := _UNPADDED_WEEK.match(value):  # 2000-W7 is week 07
        return f"{m['y']}-W0{m['w']}{value[m.end():]}"
    return value


class MoneyFact(BaseFact):
    """A monetary amount, exact, with its ISO 4217 currency."""

    type: Literal["money"] = "money"
    amount: ExactAmount
    #: ISO 4217 code
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    qualifier: str | None = None
    #: the upper bound of a range ("$2-3bn"), else null
    amount_max: ExactAmount | None = None
    #: the unit of a per-unit price ("$50 a barrel" → "barrel")
    per: str | None = None

    @classmethod
    def scoring_key(cls, fact: dict) -> Any:
        """The amount, exactly (``2.50`` is ``2.5``), and the currency."""
        amount = fact.get("amount")
        return (None if amount is None else canonical_decimal(Decimal(str(amount))), fact.get("currency"))


ProjectKind = Literal[
    "pipeline", "railway", "road", "corridor", "bridge", "tunnel", "port",
    "airport", "dam", "power_plant", "field", "mine", "programme", "other",
]  # fmt: skip


class ProjectFact(BaseFact):
    """A named infrastructure, energy, transport or economic project."""

    type: Literal["project"] = "project"
    name: str
    kind: ProjectKind
    #: ISO 3166-1 alpha-2 codes of the countries the name's places lie in, or (when it names none) its sentence names
    countries: list[str] = []


# --- the union ----------------------------------------------------------------------

#: every fact record class, in the order of ``schemas/fact.schema.json``
RECORDS: tuple[type[BaseFact], ...] = (CountryFact, DateFact, MoneyFact, ProjectFact)
#: the record class of each ``type``
RECORD_TYPES: dict[str, type[BaseFact]] = {record.fact_type: record for record in RECORDS}

#: the union of all fact records, discriminated on ``type``
Fact = Annotated[Union[RECORDS], Field(discriminator="type")]  # type: ignore[valid-type]  # noqa: UP007  (a tuple has no "|" form)
FACT_ADAPTER: TypeAdapter = TypeAdapter(Fact)
