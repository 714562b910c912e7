"""Shared fixtures: the trained pipeline is built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEED_GOLD = DATA / "turkiye-azerbaijan-33-years.gold.json"
CORPUS = ROOT / "corpus"


def checked_gold(folder: Path) -> dict:
    """The gold of a dev set folder (``articles.jsonl``, ``gold.jsonl``), after checking that it
    covers every article and that every gold span is the text it claims to be."""
    import json

    from pipeline.evaluate import read_gold

    texts = {json.loads(line)["id"]: json.loads(line)["text"] for line in (folder / "articles.jsonl").open(encoding="utf-8")}
    gold = read_gold([folder / "gold.jsonl"])
    assert set(gold) == set(texts)
    for article_id, g in gold.items():
        for f in g["facts"]:
            assert texts[article_id][f["start"] : f["end"]] == f["text"], f
    return gold


@pytest.fixture(scope="session")
def nlp():
    """The default model plus every fact component (``pipeline.nlp.shared_nlp``)."""
    from pipeline.nlp import shared_nlp

    return shared_nlp()


@pytest.fixture(scope="session")
def extract(nlp):
    """``extract(text, published=None)``: the facts of one text, as records."""
    import datetime as dt

    from pipeline.extract import extract_doc
    from pipeline.records import Article

    def run(text: str, published: str | dt.date | None = None, article_id: str = "t"):
        article = Article(id=article_id, text=text, published=published)
        return extract_doc(nlp(text), article)

    return run
