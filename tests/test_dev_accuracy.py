"""Country and project accuracy on the hand-annotated dev set (tests/data/dev/).

26 TimeBank/AQUAINT news articles (1989-2000) annotated for countries and
projects per ANNOTATION.md (see tests/data/dev/build_gold.py).  The thresholds
sit a little under the measured figures (all 1.0 when set) so that a
regression fails while an unrelated tweak of one fact does not.
"""

from __future__ import annotations

import json

import pytest

from pipeline.evaluate import read_gold, score
from pipeline.io import read_articles

from .conftest import DATA, checked_gold

DEV = DATA / "dev"


@pytest.fixture(scope="module")
def dev_report(nlp):
    from pipeline.extract import extract_doc

    articles = [a for a in read_articles([DEV / "articles.jsonl"]) if hasattr(a, "text")]
    assert len(articles) == 26
    preds = {}
    for article in articles:
        facts = extract_doc(nlp(article.text), article)
        preds[article.id] = [json.loads(f.model_dump_json()) for f in facts]
    return score(read_gold([DEV / "gold.jsonl"]), preds, types=["country", "project"])


def test_dev_gold_offsets():
    """Every gold span is the text it claims to be."""
    checked_gold(DEV)


def _misses(report, fact_type):
    return [(a, f["text"], why) for a, f, why in report.misses + report.false_alarms if f["type"] == fact_type]


@pytest.mark.parametrize(
    "measure, threshold",
    [
        ("country_relaxed_f1", 0.98),
        ("country_strict_f1", 0.98),
        ("country_set_f1", 0.98),
        ("project_relaxed_f1", 0.85),
    ],
    ids=lambda v: str(v),
)
def test_dev_accuracy(dev_report, measure, threshold):
    value = {
        "country_relaxed_f1": dev_report.relaxed["country"].f1,
        "country_strict_f1": dev_report.strict["country"].f1,
        "country_set_f1": dev_report.country_set.f1,
        "project_relaxed_f1": dev_report.relaxed["project"].f1,
    }[measure]
    assert value >= threshold, _misses(dev_report, measure.split("_")[0])
