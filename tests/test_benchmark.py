"""The speed benchmark's own arithmetic: a wrong split would measure a ceiling that is not one."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parent.parent / "benchmarks" / "extract_speed.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("extract_speed", _PATH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_chunks_keep_order_and_hold_at_most_the_words(bench):
    texts = ["a b c d", "e", "f g", "h i j k l m", "n o", "p q r s"]  # 4, 1, 2, 6, 2, 4 words
    chunks = bench._chunks(texts, 7, 64)
    assert [t for chunk in chunks for t in chunk] == texts  # in order, nothing lost or repeated
    assert [sum(len(t.split()) for t in chunk) for chunk in chunks] == [7, 6, 6]
    assert bench._chunks(["a b c d e f g h"], 3, 64) == [["a b c d e f g h"]]  # a longer text alone
    assert bench._chunks([], 3, 64) == []


@pytest.mark.parametrize(
    "words",
    [
        (1200, 3900, 800, 5200, 100, 4999, 1, 2500, 2500),
        (5000, 0, 10),  # closed as soon as it holds the words
        (2500, 2500, 0, 3),
        (50,) * 100,  # at most 64 articles
        (0, 0, 7000, 0),
    ],
)
def test_chunks_are_the_batch_runners(bench, words):
    """The reference runs the chunks factpipe's workers get: the same cut of the same texts."""
    from pipeline.batch import CHUNK_SIZE, CHUNK_WORDS, chunks
    from pipeline.records import Article

    texts = [" ".join(["word"] * n) for n in words]
    articles = [Article(id=str(i), text=t) for i, t in enumerate(texts)]
    runner = [len(c.entries) for c in chunks(articles, None)]
    assert [len(c) for c in bench._chunks(texts, CHUNK_WORDS, CHUNK_SIZE)] == runner


def test_every_ratio_compares_contenders_the_benchmark_runs(bench):
    for _, top, bottom, target in bench.RATIOS:
        assert top in bench.CONTENDERS and bottom in bench.CONTENDERS
        assert target is None or target > 0
