"""The scorer follows ANNOTATION.md's "Scoring" section."""

from __future__ import annotations

import json

import pytest

from pipeline.evaluate import GoldError, read_gold, read_predictions, score
from pipeline.records import canonical_timex


def fact(type_, start, end, text="x", **fields):
    return {"type": type_, "start": start, "end": end, "text": text, **fields}


def gold_of(*facts, article_id="a"):
    return {article_id: {"article_id": article_id, "published": None, "facts": list(facts)}}


@pytest.mark.parametrize(
    "value, expected",
    [("P3DE", "P30Y"), ("P1CE", "P100Y"), ("P30Y", "P30Y"), ("1992", "1992"), (None, None), ("P2.5DE", "P25Y")],
    ids=["decades", "century", "years-unchanged", "point-unchanged", "null", "fractional"],
)
def test_canonical_timex(value, expected):
    assert canonical_timex(value) == expected


@pytest.mark.parametrize(
    "gold_fact, pred_fact, relaxed_tp, strict_tp",
    [
        (fact("date", 0, 10, value="P30Y"), fact("date", 0, 10, value="P3DE"), 1, 1),
        (fact("date", 0, 10, value="1992"), fact("date", 4, 10, value="1992"), 1, 0),
        (fact("date", 0, 10, value="1992"), fact("date", 4, 10, value="1993"), 0, 0),
        (fact("date", 0, 10, value="1992"), fact("date", 10, 14, value="1992"), 0, 0),
        (fact("money", 0, 5, amount=20000000000, currency="USD"), fact("money", 0, 5, amount=2e10, currency="USD"), 1, 1),
        (fact("money", 0, 5, amount=5, currency="USD"), fact("money", 0, 5, amount=5, currency="CAD"), 0, 0),
        (fact("country", 0, 5, iso_alpha2=None, name="Ottoman Empire"), fact("country", 0, 5, iso_alpha2=None, name="Ottoman Empire"), 1, 1),
        (fact("country", 0, 5, iso_alpha2="TR"), fact("country", 1, 5, iso_alpha2="AZ"), 0, 0),
        (fact("project", 0, 20, kind="pipeline"), fact("project", 5, 25, kind="railway"), 1, 0),
        (fact("date", 0, 9, value="1989-11-09T17:00"), fact("date", 0, 9, value="1989-11-09T17:00-05:00"), 1, 1),
        (fact("date", 0, 9, value="1989-11-09T17:00Z"), fact("date", 0, 9, value="1989-11-09T17:00-05:00"), 0, 0),
        (fact("date", 0, 9, value="1989-11-09T17:00-05:00"), fact("date", 0, 9, value="1989-11-09T17:00"), 0, 0),
        (fact("date", 0, 9, value="1989-11-09T17:00"), fact("date", 0, 9, value="1989-11-09T18:00Z"), 0, 0),
    ],
    ids=[
        "timex-equivalent", "overlap-relaxed-only", "wrong-value", "touching-is-not-overlap",
        "amount-compared-as-number", "wrong-currency", "null-code-uses-name", "wrong-country", "project-span-only",
        "gold-without-zone-takes-any-zone", "gold-zone-held-to", "gold-zone-not-given", "other-time-with-zone",
    ],
)
def test_matching(gold_fact, pred_fact, relaxed_tp, strict_tp):
    report = score(gold_of(gold_fact), {"a": [pred_fact]})
    t = gold_fact["type"]
    assert report.relaxed[t].tp == relaxed_tp
    assert report.relaxed[t].fp == 1 - relaxed_tp
    assert report.relaxed[t].fn == 1 - relaxed_tp
    assert report.strict[t].tp == strict_tp


def test_optional_gold_counts_neither_way():
    gold = gold_of(fact("date", 0, 4, value=None, optional=True), fact("date", 10, 14, value="2020"))
    found = score(gold, {"a": [fact("date", 0, 4, value="1990"), fact("date", 10, 14, value="2020")]})
    missed = score(gold, {"a": [fact("date", 10, 14, value="2020")]})
    for report in (found, missed):
        assert (report.relaxed["date"].tp, report.relaxed["date"].fp, report.relaxed["date"].fn) == (1, 0, 0)


def test_one_prediction_matches_one_gold_fact():
    gold = gold_of(fact("country", 0, 5, iso_alpha2="TR"), fact("country", 3, 8, iso_alpha2="TR"))
    report = score(gold, {"a": [fact("country", 0, 8, iso_alpha2="TR")]})
    assert (report.relaxed["country"].tp, report.relaxed["country"].fn) == (1, 1)


def test_country_set_per_article_and_unannotated_types():
    gold = gold_of(
        fact("country", 0, 5, iso_alpha2="TR"),
        fact("country", 10, 15, iso_alpha2="TR"),
        fact("country", 20, 25, iso_alpha2=None, name="Ottoman Empire", optional=True),
    )
    preds = {
        "a": [
            fact("country", 0, 5, iso_alpha2="TR"),
            fact("country", 20, 25, iso_alpha2=None, name="Ottoman Empire"),
            fact("country", 30, 35, iso_alpha2="AZ"),
            fact("money", 40, 45, amount=1, currency="USD"),
        ],
        "other-article": [fact("country", 0, 5, iso_alpha2="US")],
    }
    report = score(gold, preds)
    assert report.types == ["country"]  # money is not annotated in this gold: not scored
    cs = report.country_set
    assert (cs.tp, cs.fp, cs.fn) == (1, 1, 0)
    c = report.relaxed["country"]
    assert (c.tp, c.fp, c.fn) == (1, 1, 1)
    assert "money" not in report.to_json()["relaxed"]


def test_gold_article_without_predictions_is_all_misses():
    report = score(gold_of(fact("date", 0, 4, value="2020")), {})
    assert report.relaxed["date"].fn == 1
    assert report.misses[0][2] == "not found"


def test_read_gold_formats(tmp_path):
    (tmp_path / "one.gold.json").write_text(json.dumps({"article_id": "x", "facts": []}))
    (tmp_path / "gold.jsonl").write_text(json.dumps({"article_id": "y", "facts": []}) + "\n")
    assert sorted(read_gold([tmp_path])) == ["x", "y"]
    assert list(read_gold([tmp_path / "gold.jsonl"])) == ["y"]


@pytest.mark.parametrize(
    "content, message",
    [("{bad", "not valid JSON"), ('{"facts": []}', "article_id")],
    ids=["not-json", "no-article-id"],
)
def test_bad_gold_names_the_file(tmp_path, content, message):
    path = tmp_path / "bad.gold.json"
    path.write_text(content)
    with pytest.raises(GoldError, match=message) as info:
        read_gold([path])
    assert str(path) in str(info.value)


def test_bad_prediction_line_names_file_and_line(tmp_path):
    path = tmp_path / "pred.jsonl"
    path.write_text('{"article_id": "a", "type": "date", "start": 0, "end": 1}\n{"type": "date"}\n')
    with pytest.raises(GoldError, match=r"pred.jsonl:2"):
        read_predictions(path)


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("P1E", "P10Y", True), ("P1E", "P1DE", True), ("P2L", "P2000Y", True), ("P3C", "P3CE", True),
        ("PXE", "PXDE", True), ("PXC", "PXCE", True), ("PXL", "PXML", True),
        ("P1Q", "P3M", True), ("P2Q", "P6M", True), ("2000-W7", "2000-W07", True), ("2000-W7-WE", "2000-W07-WE", True),
        ("PXE", "PXY", False), ("PXQ", "PXM", False), ("P1Q", "P1M", False), ("2000-W7", "2000-W17", False),
        ("2000-W12", "2000-W12", True), ("1999-Q1", "1999-03", False), ("199X", "199", False), ("1989-WXX", "1989-W43", False),
    ],
    ids=[
        "decade-letter", "decade-two-letters", "millennia", "centuries", "some-decades", "some-centuries",
        "some-millennia", "quarter-months", "two-quarters", "unpadded-week", "unpadded-week-weekend",
        "decades-not-years", "quarters-not-months", "quarter-not-month", "week-7-not-17", "padded-week-unchanged",
        "quarter-point-not-month", "unknown-year-not-decade", "unknown-week-not-a-week",
    ],
)
def test_canonical_timex_timeml_notations(a, b, same):
    """Only notations that mean exactly the same value compare equal."""
    assert (canonical_timex(a) == canonical_timex(b)) is same


# --- what the matching made of each fact (evaluate --html marks them) -------------------------


def _outcomes(report):
    """(outcome, side, marked fact's start, the other fact's start or None), in text order."""
    return sorted((o.outcome, o.side, o.fact["start"], o.other["start"] if o.other else None) for o in report.outcomes)


@pytest.mark.parametrize(
    "golds, preds, expected",
    [
        ([fact("date", 0, 4, value="1992")], [fact("date", 0, 4, value="1992")], [("hit", "pred", 0, 0)]),
        ([fact("date", 0, 10, value="1992")], [fact("date", 4, 10, value="1992")], [("hit", "pred", 4, 0)]),
        ([fact("date", 0, 4, value="1992")], [], [("miss", "gold", 0, None)]),
        ([], [fact("date", 0, 4, value="1992")], [("false alarm", "pred", 0, None)]),
        (
            [fact("date", 0, 4, value="1992")],
            [fact("date", 0, 4, value="1993")],
            [("wrong value", "gold", 0, 0), ("wrong value", "pred", 0, 0)],
        ),
        (
            [fact("date", 0, 4, value="1992")],
            [fact("date", 4, 8, value="1992")],
            [("false alarm", "pred", 4, None), ("miss", "gold", 0, None)],
        ),
        (
            [fact("country", 0, 5, iso_alpha2="TR"), fact("country", 3, 8, iso_alpha2="TR")],
            [fact("country", 0, 8, iso_alpha2="TR")],
            [("hit", "pred", 0, 0), ("wrong value", "gold", 3, 0)],
        ),
        (
            [fact("date", 0, 4, value=None, optional=True)],
            [fact("date", 0, 4, value="1990")],
            [("optional", "gold", 0, 0), ("optional", "pred", 0, 0)],
        ),
        ([fact("date", 0, 4, value=None, optional=True)], [], [("optional", "gold", 0, None)]),
        (
            [fact("date", 0, 4, value="1992")],
            [fact("date", 0, 4, value="1992"), fact("money", 0, 4, amount=1, currency="USD")],
            [("hit", "pred", 0, 0)],
        ),
    ],
    ids=[
        "hit", "hit-other-span", "miss", "false-alarm", "wrong-value-both-sides", "touching-is-miss-and-false-alarm",
        "matched-prediction-leaves-a-wrong-value", "optional-counts-neither-way", "optional-not-found",
        "unscored-type-has-no-outcome",
    ],
)
def test_each_fact_has_one_outcome(golds, preds, expected):
    report = score(gold_of(*golds), {"a": preds}, types=["country", "date"])
    assert _outcomes(report) == expected


def test_outcomes_add_up_to_the_counts():
    """Hits are the true positives, gold misses and wrong values the false negatives, predicted
    false alarms and wrong values the false positives: the page shows what the table counts."""
    gold = gold_of(
        fact("date", 0, 4, value="1992"),
        fact("date", 10, 14, value="1993"),
        fact("date", 20, 24, value="1994"),
        fact("date", 30, 34, value=None, optional=True),
        fact("country", 40, 45, iso_alpha2="TR"),
        fact("country", 50, 55, iso_alpha2="AZ"),
    )
    preds = {
        "a": [
            fact("date", 0, 4, value="1992"),
            fact("date", 10, 14, value="1999"),
            fact("date", 30, 34, value="2000"),
            fact("date", 60, 64, value="2001"),
            fact("country", 40, 45, iso_alpha2="TR"),
            fact("country", 50, 55, iso_alpha2="AM"),
            fact("country", 70, 75, iso_alpha2="GE"),
        ]
    }
    report = score(gold, preds)
    for fact_type in report.types:
        outcomes = [(o.outcome, o.side) for o in report.outcomes if o.fact["type"] == fact_type]
        counts = report.relaxed[fact_type]
        assert outcomes.count(("hit", "pred")) == counts.tp
        assert outcomes.count(("miss", "gold")) + outcomes.count(("wrong value", "gold")) == counts.fn
        assert outcomes.count(("false alarm", "pred")) + outcomes.count(("wrong value", "pred")) == counts.fp
    assert (report.relaxed["date"].tp, report.relaxed["date"].fp, report.relaxed["date"].fn) == (1, 2, 2)
