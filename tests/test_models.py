"""Records: validation, deterministic ids, exact amounts."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from pipeline.facts import EXTRACTORS
from pipeline.io import to_json_line
from pipeline.records import FACT_ADAPTER, fact_id


def test_fact_id_is_deterministic_and_span_specific():
    assert fact_id("a", "date", 0, 4) == fact_id("a", "date", 0, 4)
    assert len({fact_id("a", "date", 0, 4), fact_id("a", "date", 0, 5), fact_id("b", "date", 0, 4),
                fact_id("a", "money", 0, 4)}) == 4


def test_every_fact_type_is_discovered():
    assert set(EXTRACTORS) == {"country", "date", "money", "project"}


BASE = {"id": "i", "article_id": "a", "text": "over $20 billion", "start": 10, "end": 26, "sentence": "s"}


def test_money_amount_round_trips_exactly():
    record = FACT_ADAPTER.validate_python(
        {**BASE, "type": "money", "amount": "20000000000", "currency": "USD", "qualifier": "over"}
    )
    assert record.amount == Decimal("20000000000")
    line = to_json_line(record)
    assert '"amount":20000000000' in line
    frac = FACT_ADAPTER.validate_python({**BASE, "type": "money", "amount": Decimal("2.5"), "currency": "USD"})
    assert '"amount":2.5' in to_json_line(frac)
    assert json.loads(to_json_line(frac), parse_float=Decimal)["amount"] == Decimal("2.5")


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"end": 20}, "length"),
        ({"end": 10}, "empty"),
        ({"start": -1}, "greater than or equal"),
        ({"currency": "usd"}, "pattern"),
        ({"bogus": 1}, "Extra inputs"),
    ],
    ids=["text-length-mismatch", "empty-span", "negative-offset", "currency-not-iso", "extra-field"],
)
def test_invalid_records_are_rejected(change, reason):
    with pytest.raises(ValueError, match=reason):
        FACT_ADAPTER.validate_python({**BASE, "type": "money", "amount": 1, "currency": "USD", **change})
