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
    required_words,
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
        pattern = re.compile(rule.source, rule.pattern.flags)  # the rule as written: its pattern is prefiltered
        expected = [(m.start(), m.end(), m.groupdict()) for m in pattern.finditer(text)]
        assert [(m.start(), m.end(), m.groupdict()) for m in rule.pattern.finditer(text)] == expected, rule.name
        assert [(m.start(), m.end(), m.groupdict()) for m in prefilter(pattern).finditer(text)] == expected, rule.name
        for start in range(len(text)):  # match and fullmatch at any place too (normalization uses them)
            assert bool(rule.pattern.match(text, start)) == bool(pattern.match(text, start)), (rule.name, start)
        for m in pattern.finditer(text):
            assert bool(rule.pattern.fullmatch(m[0])) == bool(pattern.fullmatch(m[0])), (rule.name, m[0])


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


@pytest.mark.parametrize(
    "pattern,flags,promised",
    [
        (r"\d+\s+years\s+ago", re.I, [["years"], ["ago"]]),
        (r"(?:last|next)\s+(?:week|month)", 0, [["last", "next"], ["month", "week"]]),
        (r"AGO|Hence", re.I, [["ago", "hence"]]),  # lower case: the text is looked up folded
        (r"(?-i:May)\s+\d+", re.I, [["may"]]),
        (r"\d+(?:st|nd)?", 0, []),  # an optional part promises nothing
        (r"(?:years)*\s+ago", 0, [["ago"]]),  # nor a repeat that may be absent
        (r"(?:years){1,3}", 0, [["years"]]),
        (r"(?:ago|\d+)", 0, []),  # an alternative without a word: the branch promises nothing
        (r"(?:ago|)", 0, []),  # an empty alternative neither
        (r"(?=ago)a", 0, []),  # a look-ahead is no part of the match
        (r"(?<=ago )\d", 0, []),  # a look-behind neither
        (r"x\d", 0, []),  # one character promises next to nothing
        (r"o'clock|a\.m\.", re.I, [["a.m.", "o'clock"]]),  # punctuation is literal too
        (r"café\s+de", re.I, [["caf"], ["de"]]),  # a run stops at a character outside ASCII
        (r"(?>ahead)", 0, [["ahead"]]),
    ],
)
def test_required_words(pattern, flags, promised):
    assert [sorted(words) for words in required_words(re.compile(pattern, flags))] == promised


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


def test_every_match_of_every_timex_rule_holds_its_promised_words():
    """On texts with matches of many rules (and characters ``re`` folds onto ASCII letters)."""
    from pipeline.facts._timex import GRAMMAR

    texts = [
        "On Monday, 3 March 2025, about two weeks later, the mid-1990s boom ended; By late 2024 and every year since, "
        "15 years ago, Christmas Eve, Q3 of FY2023, the 1980s, at 5 p.m. EST on Nov. 9, the first half of 1990, "
        "a quarter-century, a 10-day trip, the week of June 2, each Monday, in the coming weeks, the year ended Sept. 30.",
        "SINCE 15 YEARſ AGO, İN THE FOURTH QUARTER, Bakı said on 12 MAY at 10:30 o'clock, three decades \u212aater",
        *_DEV_TEXTS(),
    ]
    matched = set()
    for text in texts:
        for rule in GRAMMAR.rules:
            for m in rule.pattern.finditer(text):
                matched.add(rule.name)
                for words in rule.needs:
                    assert any(word in folded(m[0]) for word in words), (rule.name, m[0], words)
    assert len(matched) > 55, sorted(r.name for r in GRAMMAR.rules if r.name not in matched)  # most rules


def test_find_finds_what_every_rule_finds_without_the_word_test(monkeypatch):
    """The word test only skips rules that cannot match: ``find`` gives the same candidates without it."""
    from pipeline.facts._timex import grammar

    texts = [
        "It happened 15 yearſ ago, three decades later, at 5 o'clock on Christmas Eve; Bakı İN MAY 2020.",
        *_DEV_TEXTS(),
    ]
    with_test = [grammar.find(text) for text in texts]
    for rule in grammar.GRAMMAR.rules:
        monkeypatch.setattr(rule, "needs", ())
    assert [grammar.find(text) for text in texts] == with_test
    assert any(m.rule == "ago" for m in with_test[0])  # "yearſ ago": found through the folded "years"
