"""schemas/ is generated from the models and must match them."""

from __future__ import annotations

import json

import pytest

from pipeline.facts import EXTRACTORS
from pipeline.records import FACT_ADAPTER
from pipeline.schema import render, schemas

from .conftest import ROOT


@pytest.mark.parametrize("name", sorted(schemas()))
def test_committed_schema_is_up_to_date(name):
    path = ROOT / "schemas" / name
    assert path.is_file(), f"{path} is missing: run `factpipe schema`"
    assert path.read_text(encoding="utf-8") == render(schemas()[name]), (
        f"{path} is out of date with the models: run `factpipe schema` and commit the result"
    )


def test_no_stray_schema_files():
    assert sorted(p.name for p in (ROOT / "schemas").glob("*.json")) == sorted(schemas())


def test_union_covers_every_fact_type():
    schema = schemas()["fact.schema.json"]
    assert set(schema["discriminator"]["mapping"]) == set(EXTRACTORS)


def test_union_rejects_unknown_type_and_extra_fields():
    good = {"id": "x", "article_id": "a", "type": "country", "text": "Turkey", "start": 0, "end": 6,
            "sentence": "Turkey.", "iso_alpha2": "TR", "name": "Türkiye", "historical": False, "via": "name"}
    assert FACT_ADAPTER.validate_python(good).iso_alpha2 == "TR"
    for bad in ({**good, "type": "weather"}, {**good, "colour": "red"}, {**good, "end": 3}):
        with pytest.raises(ValueError):
            FACT_ADAPTER.validate_python(bad)
    json.dumps(schema := schemas()["country.schema.json"])
    assert "iso_alpha2" in schema["properties"]
