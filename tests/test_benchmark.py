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


def test_shares_keep_order_and_split_by_words(bench):
    texts = ["a b c d", "e", "f g", "h i j k l m", "n o", "p q r s"]  # 19 words
    shares = bench._shares(texts, 2)
    assert [t for share in shares for t in share] == texts  # contiguous, nothing lost or repeated
    words = [sum(len(t.split()) for t in share) for share in shares]
    assert words == [7, 12]  # the cut falls at the text that crosses half the words
    assert bench._shares(texts, 1) == [texts]


def test_shares_of_nothing_and_of_fewer_texts_than_parts(bench):
    assert bench._shares([], 2) == [[], []]
    shares = bench._shares(["one text"], 3)
    assert len(shares) == 3 and sorted(shares) == [[], [], ["one text"]]


def test_every_ratio_compares_contenders_the_benchmark_runs(bench):
    for _, top, bottom, target in bench.RATIOS:
        assert top in bench.CONTENDERS and bottom in bench.CONTENDERS
        assert target is None or target > 0
