"""The one-pass start index finds exactly what a scan per pattern finds (pipeline/facts/_scan.py)."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from pipeline.facts._scan import StartIndex, _Guards, beginnings, normal
from pipeline.facts._timex import GRAMMAR

DATA = Path(__file__).parent / "data"

#: words and marks the date rules turn on, and characters that test the text's normal form
#: (case folding outside ASCII, digits and spaces outside ASCII)
POOL = [
    "On", "Monday", "monday", "MONDAY", "3", "03", "31st", "March", "Mar.", "SEPTEMBER", "2025", "1990s",
    "'98", "’90s", "mid-1990s", "12/25/2024", "6/30", "1990-91", "2008-9", "2015-3", "03.12.2024",
    "at", "9", "9am", "a.m.", "p.m.", "o'clock", "o’clock", "GMT", "ET", "UTC+3", "14:30", "0930",
    "half", "past", "quarter", "to", "twenty", "for", "within", "years", "year", "weeks", "the", "a",
    "last", "next", "this", "following", "previous", "earlier", "later", "ago", "since", "until",
    "Q3", "FY2023", "fiscal", "first", "half", "spring", "winter", "Christmas", "Eve", "Ramadan",
    "Easter", "night", "morning", "tonight", "today", "now", "recent", "decade", "1980s", "century",
    "21st", "weekend", "every", "daily", "$", "%", "€5", "İstanbul", "ıyear", "\u212aelvin", "ſeason",
    "٣", "٢٠٢٠", "\u00a0", "\u2009", "—", "–", "-", "/", ".", ",", "(", ")", "\"", "_", "x2",
]  # fmt: skip
SEPARATORS = [" ", " ", " ", "", "\n", "  ", "-", "/", ", ", ". ", "\u00a0"]


@pytest.fixture(scope="module")
def index() -> StartIndex:
    return StartIndex([rule.pattern for rule in GRAMMAR.rules])


def _same(index: StartIndex, text: str) -> None:
    starts = index.starts(text)
    for number, rule in enumerate(GRAMMAR.rules):
        expected = [(m.span(), m.groupdict()) for m in rule.pattern.finditer(text)]
        found = [(m.span(), m.groupdict()) for m in index.finditer(number, text, starts)]
        assert found == expected, (rule.name, text)


def test_most_rules_are_indexed(index):
    """The speed-up reaches the grammar: all but a few rules are tried only where they can begin."""
    assert len(index.indexed) >= len(GRAMMAR.rules) - 5


@pytest.mark.parametrize("seed", range(40))
def test_random_texts_match_as_a_scan_does(index, seed):
    """Texts of the words the rules turn on, joined any way: the same matches, groups and all."""
    rng = random.Random(seed)
    for _ in range(10):
        words = rng.choices(POOL, k=rng.randint(1, 40))
        text = "".join(word + rng.choice(SEPARATORS) for word in words)
        _same(index, text)
        _same(index, text.upper())


@pytest.mark.parametrize("path", ["dev/articles.jsonl", "modern-dev/articles.jsonl"])
def test_news_matches_as_a_scan_does(index, path):
    for line in (DATA / path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            _same(index, json.loads(line)["text"])


def test_normal_form_keeps_every_offset_and_word_character():
    """Offsets of the normal form are the text's, and word characters stay word characters
    (a run starts where it started in the text)."""
    text = "".join(map(chr, range(0x3000))) + "\U0001d7ce\U0001f600"
    norm = normal(text)
    assert len(norm) == len(text)
    word = re.compile(r"\w")
    assert [bool(word.match(c)) for c in norm] == [bool(word.match(c)) for c in text]
    assert all(n == "0" for c, n in zip(text, norm) if re.match(r"\d", c))
    assert all(n == " " for c, n in zip(text, norm) if re.match(r"\s", c))


@pytest.mark.parametrize(
    "pattern, expected",
    [
        (re.compile(r"\b(?:last|next)\s+week", re.I), {"last ", "next "}),
        (re.compile(r"(?<=\bfor\s)(?:years|days)\b", re.I), {"years", "days"}),
        (re.compile(r"(?<![\d/])\d/\d\d"), {"0/00"}),
        (re.compile(r"\b(?:the\s+)?(?:19|20)\d0s\b", re.I), {"the  ", "the 0", "0000s"}),
        (re.compile(r"(?<=\bin\s)['’]\d\d"), {"'00", "’00"}),
        (re.compile(r"\bQ[1-4]\b"), {"q0"}),
        (re.compile(r"(?<![^\d])x"), {"x"}),  # only a digit stands before: a run of letters begins
        (re.compile(r"(?<![^\W_])(?:five|\d+)", re.I), {"five", "0"}),  # "0" holds for "00" too
        (re.compile(r"(?:\$|€)\d"), {"$0", "€0"}),  # a mark may begin anywhere: every mark is tried
    ],
)
def test_beginnings(pattern, expected):
    assert beginnings(pattern) == frozenset(expected)


@pytest.mark.parametrize(
    "pattern",
    [
        r"\d+ years",  # may begin inside a number ("12 years" in "312 years")
        r"years?|",  # can match nothing
        r"(?<![^\w])x",  # a negated class in a negative look-behind: a letter may stand before
        r"\bweek|\s+ago",  # an alternative begins with a space
        r"(?i:\bışık)",  # case folding outside ASCII is re's, not str.lower's
        r"[^a]bc",  # a negated class first
        r"\b\w+ o'clock",  # any word first: no key
        r"(?:ab)*c",  # the run may begin inside "abab"
        r"(?:\$|US\$)\d",  # "US$5" in "AUS$5"
    ],
)
def test_patterns_scanned_whole(pattern):
    assert beginnings(re.compile(pattern)) is None


@pytest.mark.parametrize(
    "pattern, keys, literals",
    [
        # any word may begin "ten o'clock": that alternative is left out, "o'clock" brings it back
        (r"\b(?:\d\d?:\d\d|\w+ o'clock)", {"0:00", "00:00"}, {" o'clock"}),
        # a class ends a run; the longest run every match holds is the guard
        (r"\b(?:noon|(?:\w+)\s+o['’]clock)", {"noon"}, {"clock"}),
        (r"\b(?:noon|[a-z]+\s+(?:p\.m\.)+ sharp)", {"noon"}, {" sharp"}),
        (r"\b(?:noon|[a-z]+\s+(?:p\.m\.)+ at)", {"noon"}, {"p.m."}),  # a repeated group's run counts
        # case-blind: in the text's normal form
        (r"(?i)\b(?:noon|\w+ O'CLOCK)", {"noon"}, {" o'clock"}),
        # case-sensitive inside: folded all the same; a run ends at a group's edge
        (r"(?i)\b(?:noon|\w+ (?-i:OCLOCK))", {"noon"}, {"oclock"}),
        (r"\b(?:noon|\w+ (?i:o'clock))", {"noon"}, {"o'clock"}),
        (r"(?i)\b(?:noon|\w+ \u212aelvin)", {"noon"}, {" kelvin"}),  # the Kelvin sign folds onto "k"
    ],
)
def test_alternatives_that_could_begin_anywhere_are_guarded(pattern, keys, literals):
    guards = _Guards()
    assert beginnings(re.compile(pattern), guards=guards) == frozenset(keys)
    assert guards.literals == literals
    assert beginnings(re.compile(pattern)) is None  # without guards, as before: scanned whole


@pytest.mark.parametrize(
    "pattern",
    [
        r"\b\w+ o'clock",  # no alternative to leave out
        r"\b(?:noon|\w+ am)",  # its literal is too short to be rare
        r"\b(?:noon|\w+(?:am|pm)\w+)",  # no literal every match holds
        r"\b(?:\w+ o'clock|\w+ hours)",  # nothing left to index
        r"\b(?:noon|\w+ (?:oclock)*)",  # a literal that may repeat no times is no guard
        r"\b(?:noon|\w+ (?:oclock|hours))",  # nor is one of several alternatives
    ],
)
def test_alternatives_without_a_guard_still_scan_the_pattern_whole(pattern):
    assert beginnings(re.compile(pattern), guards=_Guards()) is None


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?i)\b(?:noon|\w+ \u212aelvin)",
        r"(?i)\b(?:\d\d?:\d\d|\w+ (?-i:OCLOCK))",
        r"\b(?:noon|\w+\s+(?i:o['’]clock))",
        r"(?i)\b(?:noon|\w+ straße)",
    ],
)
def test_guarded_patterns_match_as_a_scan_does_with_folding_traps(pattern):
    compiled = re.compile(pattern)
    index = StartIndex([compiled])
    assert index._guards, pattern
    words = ["ten", "TEN", "noon", "NOON", "9:30", "kelvin", "KELVIN", "\u212aelvin", "OCLOCK", "oclock",
             "o'clock", "O’CLOCK", "straße", "STRASSE", "STRAẞE", "ſtraße", "İ", "ı"]  # fmt: skip
    rng = random.Random(pattern)
    for _ in range(300):
        text = " ".join(rng.choices(words, k=rng.randint(1, 8)))
        starts = index.starts(text)
        assert [m.span() for m in index.finditer(0, text, starts)] == [m.span() for m in compiled.finditer(text)]


def test_a_guarded_pattern_is_scanned_whole_only_where_its_literal_stands():
    index = StartIndex([re.compile(r"\b(?:\d\d?:\d\d|\w+\s+o['’]clock)", re.I)])
    assert index.indexed == {0}
    for text, spans in [
        ("At 9:30 and 10:45, ten minutes late", [(3, 7), (12, 17)]),  # no "clock": tried at its places
        ("At 9:30 or at ten o’clock", [(3, 7), (14, 25)]),  # "clock": scanned whole
        ("At 9:30 or at TEN O'CLOCK", [(3, 7), (14, 25)]),
    ]:
        starts = index.starts(text)
        assert (starts[0] is None) == ("clock" in text.lower())
        assert [m.span() for m in index.finditer(0, text, starts)] == spans
        assert [m.span() for m in index.finditer(0, text, starts)] == [m.span() for m in index.patterns[0].finditer(text)]
        found, expected = index.search(0, text, starts, 5), index.patterns[0].search(text, 5)
        assert found is not None and expected is not None and found.span() == expected.span()


def test_the_clock_rules_are_guarded_not_scanned_whole(index):
    """The two clock rules hold "ten o'clock" (any word first): guarded by "clock" instead of
    scanned whole in every text (0.15 s of TimeBank and AQUAINT)."""
    names = {GRAMMAR.rules[i].name for i in index._guards}
    assert {"clock_on_day", "clock_forms"} <= names
    assert all(guards == ("clock",) for guards in index._guards.values())
    assert not index._whole


def test_unindexed_patterns_are_scanned_whole():
    patterns = [re.compile(r"\d+ years"), re.compile(r"\byears\b")]
    index = StartIndex(patterns)
    assert index.indexed == {1}
    text = "312 years, 5 years"
    starts = index.starts(text)
    assert [m.span() for m in index.finditer(0, text, starts)] == [(0, 9), (11, 18)]
    assert [m.span() for m in index.finditer(1, text, starts)] == [(4, 9), (13, 18)]


MONEY_POOL = [
    "$", "US$", "AUS$", "€", "£", "¥", "Rs", "rs", "USD", "EUR", "usd", "5", "5.5", ".5", "1,000", "20", "bn",
    "billion", "million", "m", "k", "dollars", "euros", "pence", "p", "cents", "five", "a", "half", "between",
    "and", "to", "-", "–", "over", "about", "per", "barrel", "a year", "_", "x5", "%", "per cent", "\u00a0",
]  # fmt: skip


@pytest.mark.parametrize("seed", range(10))
def test_money_branches_search_as_a_scan_does(seed):
    """The money component's loop: search from any place finds what the pattern's own search finds."""
    from pipeline.facts.money import MoneyData

    branches = MoneyData().patterns.branches
    index = StartIndex([regex for _, regex in branches])
    assert len(index.indexed) >= len(branches) - 2
    rng = random.Random(seed)
    for _ in range(10):
        words = rng.choices(MONEY_POOL, k=rng.randint(1, 30))
        text = "".join(word + rng.choice(SEPARATORS) for word in words)
        starts = index.starts(text)
        for number, (kind, regex) in enumerate(branches):
            for pos in range(0, len(text) + 1, 3):
                expected = regex.search(text, pos)
                found = index.search(number, text, starts, pos)
                assert (found and (found.span(), found.groupdict())) == (expected and (expected.span(), expected.groupdict())), (kind, text, pos)


def test_normal_form_folds_each_character_alone():
    """A capital sigma ends a word as "ς" in ``str.lower``: here it is "σ" wherever it stands, as
    a key derived from one character says (a form "ΑΣ" is found at the end of a word too)."""
    text = "ΕΛΛΆΣ and ΑΣ, Bakı İSTANBUL \u212a ſ"
    assert normal(text) == "".join(normal(c) for c in text)
    pattern = re.compile(r"\bΑΣ")
    index = StartIndex([pattern])
    assert index.indexed == {0}
    assert [m.span() for m in index.finditer(0, "ΑΣ", index.starts("ΑΣ"))] == [(0, 2)]


@pytest.mark.parametrize(
    "pattern, text",
    [
        (re.compile(r"\bé", re.A), "aé"),  # \b of ASCII: "é" is no word character there
        (re.compile(r"(?a:(?<!\w)x)"), "éx"),
        (re.compile(r"(?<=[\u0300-\u036f])α", re.I), "ια"),  # U+0345 folds to iota: a letter may stand before
        (re.compile(r"(?<![^\u0345\u0346])α", re.I), "ια"),
    ],
)
def test_what_re_folds_or_reads_as_ascii_is_followed(pattern, text):
    index = StartIndex([pattern])
    starts = index.starts(text)
    assert [m.span() for m in index.finditer(0, text, starts)] == [m.span() for m in pattern.finditer(text)]
