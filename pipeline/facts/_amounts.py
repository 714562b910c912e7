"""Exact numbers for money: digits and number words to :class:`~decimal.Decimal`.

Pure functions over strings, no spaCy.  Every step is decimal arithmetic (a
scale is a shift of the exponent, a minor unit a multiplication by an exact
fraction), so "$1.8bn" is exactly 1800000000 and "3 dollars 50 cents" exactly
3.50: no float is ever built.  Number words are read by ``text2num``; the word
lists the regular expressions need live in ``data/money.json``.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from text_to_num import text2num

from ..records import canonical_decimal
from ._text import alternation

#: digits with optional thousands separators and decimals: "94,000", "2.75", ".5"
DIGITS = r"(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)(?![\d,]\d)"


def number_regex(data: dict) -> str:
    """A regex for one number: digits, cardinal words, "a" or "half a" before a scale word.

    "five", "forty-five", "two hundred and fifty", "a" (in "a million"),
    "half a" (in "half a billion"), "two and a half" (before a scale word).
    ``data``: the content of ``money.json``.
    """
    word = rf"(?:{alternation([*data['number_words'], 'thousand'])})"
    cardinal = rf"(?:an?\s+(?=(?:hundred|thousand)\b))?{word}(?:(?:\s+|-)(?:(?:(?<=hundred\s)|(?<=thousand\s))and\s+)?{word})*(?![\w])"
    scale_words = alternation(data["scales_words"])
    before_scale = rf"(?=[\s-]+(?:{scale_words})\b)"
    fractions = alternation(data["fractions"])
    article = rf"an?{before_scale}"
    fraction = rf"(?:{fractions})(?:\s+(?:of\s+)?an?)?{before_scale}"
    and_half = rf"(?:\s+and\s+an?\s+(?:{fractions}){before_scale})?"
    return rf"(?:(?:{DIGITS}|{cardinal}|{fraction}|{article}){and_half})"


def parse_number(text: str, fractions: dict[str, Decimal]) -> Decimal | None:
    """The exact value of a number matched by :func:`number_regex`; None if it is not one.

    ``fractions``: the fraction words ("half") and their values, from ``money.json``.

    >>> half = {"half": Decimal("0.5")}
    >>> parse_number("94,000", half), parse_number("forty-five", half), parse_number("half a", half)
    (Decimal('94000'), Decimal('45'), Decimal('0.5'))
    """
    text = " ".join(text.lower().replace("-", " ").split())
    if not text:
        return None
    extra = Decimal(0)
    if m := re.search(r"\s+and\s+an?\s+(\w+)$", text):
        if m[1] not in fractions:
            return None
        extra, text = fractions[m[1]], text[: m.start()]
    words = text.split()
    if words[0] in fractions:
        if len(words) > 1 and words[1:] not in (["a"], ["an"], ["of", "a"], ["of", "an"]):
            return None
        return fractions[words[0]] + extra
    if text in ("a", "an"):
        return Decimal(1) + extra
    if words[0] in ("a", "an"):  # "a hundred thirty"
        text = " ".join(["one", *words[1:]])
    if text[0].isdigit() or text[0] == ".":
        try:
            return Decimal(text.replace(",", "")) + extra
        except InvalidOperation:
            return None
    try:
        return Decimal(text2num(text, "en")) + extra
    except ValueError:
        return None


def scaled(value: Decimal, exponent: int) -> Decimal:
    """``value`` times ten to ``exponent``, exactly: a shift of the decimal exponent."""
    return canonical_decimal(value.scaleb(exponent))


def is_grouped_or_decimal(number: str) -> bool:
    """True for "10,000" or "2.5": a number written as a quantity, not as a count or a year."""
    return "," in number or "." in number
