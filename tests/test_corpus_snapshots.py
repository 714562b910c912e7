"""Regression snapshots of the records of every article in corpus/.

Each snapshot (tests/test_corpus_snapshots/<article>.yml) was reviewed by hand
against the article and its gold before it was committed: a diff here is a
behaviour change to review, not a file to regenerate blindly.
"""

from __future__ import annotations

import json

import pytest

from pipeline.io import read_articles, to_json_line
from pipeline.records import Article

from .conftest import CORPUS

ARTICLES = [a for a in read_articles([CORPUS]) if isinstance(a, Article)]


def test_corpus_reads_cleanly():
    errors = [str(i) for i in read_articles([CORPUS]) if not isinstance(i, Article)]
    assert errors == []
    assert ARTICLES, "corpus/ has no articles"


@pytest.mark.parametrize("article", ARTICLES, ids=[a.id for a in ARTICLES])
def test_corpus_article_records(article, nlp, data_regression):
    from pipeline.extract import extract_doc

    facts = extract_doc(nlp(article.text), article)
    records = []
    for fact in facts:
        record = json.loads(to_json_line(fact))
        assert article.text[record["start"] : record["end"]] == record["text"]
        record.pop("sentence")  # long and derived: offsets pin it down
        records.append(record)
    data_regression.check({"article_id": article.id, "facts": records}, basename=article.id)
