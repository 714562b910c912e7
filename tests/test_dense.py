"""Fact-dense text: work and output stay linear in the text's length, and a record's sentence is bounded.

No timings (they flake): linearity is read from the number of function calls
the profiler counts, which does not depend on the machine's load, and from the
output's size per fact.  ``benchmarks/dense_text.py`` measures the times.
"""

from __future__ import annotations

import cProfile
import pstats

import pytest

from pipeline.facts import MAX_SENTENCE_CHARS, sentence_window

#: one sentence of N units, each holding one fact or more (see benchmarks/dense_text.py)
DENSE = {
    "country": "Turkey ",
    "money": "$5 ",
    "date": "May 5, 2020 ",
    "project": "the Baku pipeline ",
    "mixed": "Turkey paid $5 million on May 5, 2020 for the Baku pipeline and ",
    "project without places": "the Golden Horn pipeline near Turkey ",
    "date after a verb": "It rose May 5 ",
    "years": "2020 ",
    "demonyms": "Turkish ",
    "capitalized projects": "Baku Pipeline ",
}


def _calls(extract, text: str) -> int:
    profile = cProfile.Profile()
    profile.enable()
    records = extract(text)
    profile.disable()
    assert records
    return pstats.Stats(profile).total_calls


@pytest.mark.parametrize("kind", list(DENSE))
def test_work_is_linear_in_a_dense_sentence(extract, kind):
    """Twice the text, at most about twice the calls: a stage walking the sentence per fact makes it four."""
    extract(DENSE[kind] * 10)  # warm caches: they are not the text's work
    small = _calls(extract, (DENSE[kind] * 200).strip())
    large = _calls(extract, (DENSE[kind] * 400).strip())
    assert large <= 2.3 * small, f"{kind}: {small} calls for 200 units, {large} for 400"


def test_output_per_fact_is_bounded(extract):
    """Records do not grow with their sentence: 28 MB of output for 14 KB of "Turkey " before."""
    sizes = {}
    for n in (300, 1200):
        records = extract(("Turkey " * n).strip())
        assert len(records) == n
        sizes[n] = sum(len(r.model_dump_json()) for r in records) / n
    assert sizes[1200] <= sizes[300] * 1.05 + 10


def _numbered(n: int) -> str:
    """Distinct words, so that a piece of the text is found in one place only."""
    return " ".join(f"w{i}" for i in range(n))


@pytest.mark.parametrize("fact_at", [0, 1, 100, 900, 1790, 1799])
def test_long_sentence_becomes_a_window_around_the_fact(fact_at):
    words = _numbered(1800).split()
    words[fact_at] = "Azerbaijan"
    sentence = " ".join(words)
    start = len(" ".join(words[:fact_at])) + (1 if fact_at else 0)
    end = start + len("Azerbaijan")
    window = sentence_window(sentence, start, end)
    at = sentence.find(window)
    assert len(sentence) > MAX_SENTENCE_CHARS
    assert 0 < len(window) <= MAX_SENTENCE_CHARS
    assert sentence.count(window) == 1 and at <= start and end <= at + len(window)
    assert window == window.strip()
    assert at == 0 or sentence[at - 1] == " ", "cut inside a word"
    assert at + len(window) == len(sentence) or sentence[at + len(window)] == " ", "cut inside a word"
    assert len(window) > MAX_SENTENCE_CHARS - 12, "a window uses its room"


def test_short_sentence_is_whole():
    assert sentence_window("Turkey and Azerbaijan signed.", 0, 6) == "Turkey and Azerbaijan signed."


def test_fact_longer_than_the_limit_is_its_own_window():
    sentence = "x " * 10 + "y" * 50 + " z" * 10
    assert sentence_window(sentence, 20, 70, limit=30) == "y" * 50


def test_window_cuts_at_whitespace_even_when_it_leaves_room():
    sentence = "a" * 100 + " Turkey " + "b" * 100
    assert sentence_window(sentence, 101, 107, limit=40) == "Turkey"


def test_word_longer_than_the_window_is_cut():
    sentence = "a" * 100 + "Turkey" + "b" * 100
    window = sentence_window(sentence, 100, 106, limit=40)
    assert len(window) == 40 and sentence.find(window) == 100 - 17


def test_records_in_a_pathological_sentence(extract):
    """A 14,000-character sentence: every record's sentence is a window of the text holding its fact."""
    words = _numbered(2000).split()
    for i in (0, 7, 1000, 1999):
        words[i] = "Turkey"
    text = " ".join(words) + "."
    records = [r for r in extract(text) if r.type == "country"]
    assert [r.text for r in records] == ["Turkey"] * 4
    for r in records:
        at = text.find(r.sentence)
        assert 0 < len(r.sentence) <= MAX_SENTENCE_CHARS
        assert text.count(r.sentence) == 1 and at <= r.start and r.end <= at + len(r.sentence)


class _ScanCounter:
    """Stands in for a compiled pattern and counts the characters its searches are given."""

    def __init__(self, pattern):
        self.pattern, self.chars = pattern, 0

    def search(self, text, pos=0, endpos=None):
        endpos = len(text) if endpos is None else endpos
        self.chars += max(0, endpos - pos)
        return self.pattern.search(text, pos, endpos)

    def finditer(self, text, *args):
        self.chars += len(text)
        return self.pattern.finditer(text, *args)


def test_dates_after_a_dated_one_do_not_rescan_the_gap(extract, monkeypatch):
    """Whether "May 6" carries on "May 5, 2020" ("and", "to", a dash between) was searched
    over the whole gap for each later date: quadratic in a sentence of dates."""
    from pipeline.facts import date

    counter = _ScanCounter(date._JOINED)
    monkeypatch.setattr(date, "_JOINED", counter)
    chars = {}
    for n in (200, 400):
        counter.chars = 0
        records = extract("On May 5, 2020 " + "May 6 " * n, published="2020-06-01")
        assert len(records) == n + 1
        chars[n] = counter.chars
    assert chars[400] <= 2.3 * chars[200], chars


def test_a_sentence_is_searched_once_for_a_longer_period(extract, monkeypatch):
    """Each "a year earlier" searched its whole sentence for "nine months" or "full year"."""
    import re

    searched = []
    search = re.search

    def spy(pattern, string, *args, **kwargs):
        if isinstance(pattern, str) and "nine|six" in pattern:
            searched.append(len(string))
        return search(pattern, string, *args, **kwargs)

    monkeypatch.setattr(re, "search", spy)
    text = ("In the third quarter, profit rose from a year earlier " * 100).strip()
    records = extract(text, published="2020-11-01")
    assert len(records) == 200
    assert len(searched) <= 1, f"{len(searched)} searches of {sum(searched)} characters"
