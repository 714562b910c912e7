"""The shared text mechanisms (pipeline/facts/_text.py): one copy of each, used by every rule."""

from __future__ import annotations

import doctest
import random
import re
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Span
from spacy.util import filter_spans

from pipeline.facts import _text
from pipeline.facts._text import (
    CASE_BLIND_ASCII,
    alternation,
    folded,
    leftmost,
    prefilter,
    select,
    window_before,
)

PACKAGE = Path(_text.__file__).resolve().parent.parent
ROOT_DIR = PACKAGE.parent


def test_doctests():
    assert doctest.testmod(_text).failed == 0


def test_alternation_tries_the_longest_word_first():
    pattern = re.compile(alternation(["US", "US dollars", "U.S."]))
    assert pattern.match("US dollars")[0] == "US dollars"
    assert pattern.match("U.S.")[0] == "U.S."  # escaped: "." is no wildcard
    assert pattern.match("USA")[0] == "US"


def test_alternation_space_and_duplicates():
    assert alternation(["per cent", "per cent", "pc"], space=r"\s+") == r"per\s+cent|pc"
    assert re.fullmatch(alternation(["Hong Kong"], space=r"[\s-]+"), "Hong-Kong")
    assert not re.fullmatch(alternation(["Hong Kong"]), "Hong-Kong")


def test_select_longest_then_given_order():
    # equal bounds: the first given wins (a rule's priority, given by the caller's order or key)
    assert select([(0, 2, "a"), (0, 2, "b"), (1, 5, "c")], lambda c: (c[0], c[1])) == [(1, 5, "c")]
    assert select([(0, 2, "a"), (0, 2, "b")], lambda c: (c[0], c[1])) == [(0, 2, "a")]
    by_priority = select([(0, 2, 1), (0, 2, 9)], lambda c: (c[0], c[1]), lambda c: (-(c[1] - c[0]), -c[2], c[0]))
    assert by_priority == [(0, 2, 9)]


def test_select_leftmost():
    assert select([(2, 9), (0, 3), (3, 4)], lambda c: c, lambda c: leftmost(c)) == [(0, 3), (3, 4)]


def test_select_build_none_takes_no_room():
    built = select([(0, 9), (1, 3)], lambda c: c, build=lambda c: None if c == (0, 9) else f"{c}")
    assert built == ["(1, 3)"]


def test_select_on_tokens_is_spacys_filter_spans():
    """The projects' spans were filtered by spaCy's ``filter_spans``: the same choice, by bisection."""
    doc = spacy.blank("en")(" ".join(f"w{i}" for i in range(40)))
    rng = random.Random(12)
    for _ in range(300):
        spans = []
        for _ in range(rng.randint(0, 12)):
            start = rng.randrange(40)
            spans.append(Span(doc, start, min(40, start + rng.randint(1, 6)), label=str(rng.randrange(3))))
        ours = select(spans, lambda s: (s.start, s.end))
        theirs = filter_spans(spans)
        assert [(s.start, s.end, s.label_) for s in ours] == [(s.start, s.end, s.label_) for s in theirs]


def test_window_before():
    assert window_before("over $20 billion", 5, 40) == "over "
    assert window_before("x" * 100, 100, 3) == "xxx"
    doc = spacy.blank("en")("one two three four")
    assert window_before(doc, 1, 3).text == "one"  # not wrapped round to the end
    assert window_before(doc, 4, 2).text == "three four"


#: what each family's private copies looked like: none may come back outside its one place
COPIES = [
    (r"re\.escape\([^)]*\)[^\n]*for [^\n]*sorted\(", "_text.py", "a regex alternation built by hand (use _text.alternation)"),
    (r'"\|"\.join\(sorted\(', "_text.py", "a regex alternation built by hand (use _text.alternation)"),
    (r"\bfilter_spans\b", None, "spaCy's filter_spans (use _text.select)"),
    (r"\[max\(0, ", "_text.py", "a look-back window sliced by hand (use _text.window_before)"),
    (r"\.normalize\(", "records.py", "a Decimal canonicalized by hand (use records.canonical_decimal)"),
    (r"\.quantize\(Decimal\(1\)\)", None, "a Decimal canonicalized by hand (use records.canonical_decimal)"),
    (r"date\.today\(\)|datetime\.now\(", "db.py", "the clock read by a rule"),
]


@pytest.mark.parametrize("pattern,home,what", COPIES, ids=[c[2] for c in COPIES])
def test_one_copy_of_each_mechanism(pattern, home, what):
    """db.py may read the clock: it stamps when a load ran, which is no fact."""
    found = [
        f"{path.relative_to(PACKAGE)}:{i}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != home
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(pattern, line)
    ]
    assert not found, f"{what}: {found}"


def test_prefilter_finds_what_the_pattern_finds():
    """The look-ahead only skips places no match begins at: the same matches, on every timex rule."""
    from pipeline.facts._timex import GRAMMAR

    text = (
        "On Monday, 3 March 2025, about two weeks later, the mid-1990s boom ended; "
        "By late 2024 and every year since, 15 years ago, Christmas Eve, Q3 of FY2023, the 1980s."
    )
    for rule in GRAMMAR.rules:
        pattern, filtered = rule.pattern, prefilter(rule.pattern)
        expected = [(m.start(), m.end(), m.groupdict()) for m in pattern.finditer(text)]
        assert [(m.start(), m.end(), m.groupdict()) for m in filtered.finditer(text)] == expected, rule.name
        for start in range(len(text)):  # match and fullmatch at any place too
            assert bool(filtered.match(text, start)) == bool(pattern.match(text, start)), (rule.name, start)
        for m in pattern.finditer(text):
            assert bool(filtered.fullmatch(m[0])) == bool(pattern.fullmatch(m[0])), (rule.name, m[0])


def test_prefilter_leaves_a_pattern_with_global_flags_as_it_is():
    """Flags that stand at a pattern's start ("(?i)") cannot follow a look-ahead."""
    assert prefilter(re.compile(r"(?i)\d+ years")).pattern == r"(?i)\d+ years"


def test_country_patterns_are_tried_where_a_form_begins():
    """The gazetteer's three patterns are indexed by their forms' beginnings (no whole scan of a
    thousand alternatives), and find at those places what a scan finds."""
    from pipeline.facts.country import CountryData

    data = CountryData()
    assert data.starts.indexed == {0, 1, 2}
    text = (
        "TÜRKİYE and Azerbaijan, the United States of America; Côte d'Ivoire, ÅLAND and the "
        "Central African Republic (CAR). Turkey's, U.S.-led, $Turkey, Turkeys, Bosnia and Herzegovina."
    )
    starts = data.starts.starts(text)
    for number, pattern in enumerate(data.patterns):
        assert [m.span() for m in data.starts.finditer(number, text, starts)] == [
            m.span() for m in pattern.finditer(text)
        ], number
def test_folded_writes_every_character_re_matches_for_an_ascii_letter_as_that_letter():
    """The characters outside ASCII that ``re.IGNORECASE`` matches for an ASCII letter, read from ``re``
    itself: each is in the table, as its letter; the table holds no other."""
    everything = "".join(chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c < 0xE000)
    matched = {c: letter for letter in "abcdefghijklmnopqrstuvwxyz" for c in re.findall(letter, everything, re.I)}
    assert {ord(c): letter for c, letter in matched.items()} == CASE_BLIND_ASCII
    assert folded("BAKI Bakı yearſ \u212aM İstanbul") == "baki baki years km istanbul"


def _DEV_TEXTS() -> list[str]:
    """The examples of the date tests, the seed article and the hand-annotated dev sets' texts."""
    import json

    from .test_timex import ANAPHORA, CALENDAR, DEICTIC, DURATIONS, FIND, HOLIDAYS, IN_CONTEXT, NEGATIVES, TENSE

    examples = [case[1] for table in (ANAPHORA, CALENDAR, DEICTIC, DURATIONS, FIND, HOLIDAYS, IN_CONTEXT, NEGATIVES, TENSE)
                for case in table]
    texts = [" ; ".join(x for x in examples if isinstance(x, str))]
    texts.append((ROOT_DIR / "corpus" / "turkiye-azerbaijan-33-years.txt").read_text(encoding="utf-8"))
    for name in ("dev", "modern-dev"):
        lines = (ROOT_DIR / "tests" / "data" / name / "articles.jsonl").read_text(encoding="utf-8").splitlines()
        texts += [json.loads(line)["text"] for line in lines if line.strip()]
    return texts


def test_find_finds_what_a_scan_of_every_rule_finds():
    """``find`` tries each rule only where it can begin (facts/_scan.py): the same candidates as
    scanning the whole text with every rule, on texts with matches of many rules and characters
    ``re`` folds onto ASCII letters."""
    from pipeline.facts._timex import grammar

    texts = [
        "It happened 15 yearſ ago, three decades later, at 5 o'clock on Christmas Eve; Bakı İN MAY 2020.",
        "SINCE 15 YEARſ AGO, İN THE FOURTH QUARTER, Bakı said on 12 MAY at 10:30 o'clock, three decades \u212aater",
        *_DEV_TEXTS(),
    ]
    for text in texts:
        found = [
            (m.start(), m.end(), rule.priority, rule.name)
            for rule in grammar.GRAMMAR.rules
            for m in rule.pattern.finditer(text)
            if m.end() > m.start()
        ]
        chosen = select(found, lambda f: (f[0], f[1]), lambda f: (-(f[1] - f[0]), -f[2], f[0]))
        assert [(m.start, m.end, m.rule) for m in grammar.find(text)] == [(f[0], f[1], f[3]) for f in chosen]
