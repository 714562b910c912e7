"""Money: amounts with scale, currency and qualifier, exact to the cent.

Candidates are the model's MONEY entities, widened to take in a qualifier
before them ("over $20 billion").  :func:`parse_money` reads one span (a pure
function over strings): the amount is :class:`~decimal.Decimal` from the digits
to the record, never a float; the currency is ISO 4217 from the curated
symbols and words in ``data/money.json`` and pycountry's currency names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Iterable, Literal

import pycountry
from spacy.language import Language
from spacy.tokens import Doc, Span
from text_to_num import text2num

from ..data import load_json
from ..models import Article, BaseFact, ExactAmount
from . import FactExtractor

DATA_FILE = "money.json"


class MoneyFact(BaseFact):
    """A monetary amount, exact, with its ISO 4217 currency."""

    type: Literal["money"] = "money"
    amount: ExactAmount
    currency: str
    qualifier: str | None = None
    #: the upper bound of a range ("$2-3bn"), else null
    amount_max: ExactAmount | None = None
    #: the unit of a per-unit price ("$50 a barrel" → "barrel")
    per: str | None = None


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str
    qualifier: str | None = None
    amount_max: Decimal | None = None
    per: str | None = None


@lru_cache(maxsize=1)
def _vocab() -> dict:
    data = load_json(DATA_FILE)
    words = {}
    for currency in pycountry.currencies:
        words[currency.name.lower()] = currency.alpha_3
    words.update({k.lower(): v for k, v in data["words"].items()})
    codes = {c.alpha_3 for c in pycountry.currencies} | set(data["words"].values())
    return {**data, "words": words, "codes": codes}


def _symbol_regex() -> str:
    symbols = sorted(_vocab()["symbols"], key=len, reverse=True)
    return "|".join(re.escape(s) for s in symbols)


_NUMBER = r"\d[\d,]*(?:\.\d+)?|\.\d+"


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    scales = "|".join(sorted(_vocab()["scales"], key=len, reverse=True))
    prefix = re.compile(
        rf"^(?P<cur>{_symbol_regex()}|[A-Z]{{3}})\s*(?P<num>{_NUMBER})"
        rf"(?:\s*(?:-|to|and)\s*(?:{_symbol_regex()})?\s*(?P<num2>{_NUMBER}))?"
        rf"\s*(?P<scale>{scales})?\b\.?(?P<rest>.*)$",
        re.I,
    )
    suffix = re.compile(
        rf"^(?P<num>{_NUMBER}|[a-z][a-z -]*?)(?:\s*(?:-|to)\s*(?P<num2>{_NUMBER}))?\s*(?P<scale>{scales})?\s+(?P<rest>.+)$",
        re.I,
    )
    return prefix, suffix


def _decimal(text: str) -> Decimal | None:
    text = text.replace(",", "").strip()
    try:
        return Decimal(text)
    except InvalidOperation:
        try:
            return Decimal(text2num(text.lower(), "en"))
        except ValueError:
            return None


def _scaled(number: str | None, scale: str | None) -> Decimal | None:
    if number is None:
        return None
    value = _decimal(number)
    if value is None:
        return None
    if scale:
        value = value.scaleb(_vocab()["scales"][scale.lower()])
    return value.normalize() if value != value.to_integral_value() else value.quantize(Decimal(1))


def _currency_word(text: str) -> str | None:
    words = _vocab()["words"]
    text = text.strip().lower().rstrip(".")
    for n in range(len(text.split()), 0, -1):
        head = " ".join(text.split()[:n])
        if head in words:
            return words[head]
    return None


def split_qualifier(text: str) -> tuple[str | None, str]:
    """Split a leading qualifier off: ``("over", "$20 billion")``."""
    lowered = text.lower()
    for qualifier in sorted(_vocab()["qualifiers"], key=len, reverse=True):
        if lowered.startswith(qualifier + " ") or lowered.startswith(qualifier + "$"):
            return qualifier, text[len(qualifier) :].lstrip()
    return None, text


def parse_money(text: str) -> Money | None:
    """Read a money expression; None when it is not one.

    >>> parse_money("over $20 billion")
    Money(amount=Decimal('20000000000'), currency='USD', qualifier='over', amount_max=None, per=None)
    """
    qualifier, rest = split_qualifier(" ".join(text.split()))
    prefix, suffix = _patterns()
    if m := prefix.match(rest):
        cur = m["cur"]
        currency = _vocab()["symbols"].get(cur) or (cur.upper() if cur.upper() in _vocab()["codes"] else None)
        if cur.isalpha() and len(cur) == 3 and not cur.isupper():
            currency = None
        trailing = m["rest"].strip()
        if currency == "USD" and trailing:
            currency = _currency_word(trailing) or currency
        amount = _scaled(m["num"], m["scale"])
        if currency and amount is not None:
            return Money(amount, currency, qualifier, _scaled(m["num2"], m["scale"]), _per(trailing))
    if m := suffix.match(rest):
        words = m["rest"]
        currency = _currency_word(words)
        subunit = _vocab()["subunits"].get(words.strip().lower().split()[0])
        amount = _scaled(m["num"], m["scale"])
        if amount is None:
            return None
        if currency:
            return Money(amount, currency, qualifier, _scaled(m["num2"], m["scale"]), _per(words))
        if subunit:
            code, fraction = subunit
            return Money((amount * Decimal(fraction)).normalize(), code, qualifier)
    return None


def _per(rest: str) -> str | None:
    m = re.search(r"\b(?:a|an|per|each)\s+([a-z]+)$", rest.strip(), re.I)
    return m[1].lower() if m else None


# --- the spaCy side ------------------------------------------------------------


@Language.factory("factpipe_money")
def make_money_component(nlp: Language, name: str) -> "MoneyComponent":
    return MoneyComponent()


class MoneyComponent:
    """Marks MONEY entities, widened to a qualifier before them, as candidates."""

    def __call__(self, doc: Doc) -> Doc:
        qualifiers = [q.split() for q in _vocab()["qualifiers"]]
        spans = []
        for ent in doc.ents:
            if ent.label_ != "MONEY":
                continue
            start = ent.start
            for words in sorted(qualifiers, key=len, reverse=True):
                n = len(words)
                if start - n >= 0 and [t.lower_ for t in doc[start - n : start]] == words:
                    start -= n
                    break
            spans.append(Span(doc, start, ent.end, label="MONEY"))
        doc.spans["money"] = spans
        return doc


class MoneyExtractor(FactExtractor):
    type = "money"
    record = MoneyFact
    component = "factpipe_money"

    def facts(self, doc: Doc, article: Article) -> Iterable[BaseFact]:
        for span in doc.spans.get("money", []):
            money = parse_money(span.text)
            if money is None:
                continue
            yield self.make(
                span,
                doc,
                article,
                amount=money.amount,
                currency=money.currency,
                qualifier=money.qualifier,
                amount_max=money.amount_max,
                per=money.per,
                rule="ner:MONEY",
            )


EXTRACTOR = MoneyExtractor()
