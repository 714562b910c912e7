"""The review pages (``factpipe show``, ``factpipe evaluate --html``): what is marked where, and bad input.

The HTML is read back with the standard library's parser, the way a browser
builds its DOM: every fact is one label carrying its value, its highlighted
segments spell its text, and the article's text survives whole.
``tests/test_review_browser.py`` opens the same pages in Chromium.
"""

from __future__ import annotations

import json
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.evaluate import read_gold, read_predictions, score
from pipeline.review import Mark, assign_levels, check_span, render, segments, show_page, value_label

# --- reading a page back ------------------------------------------------------------------


class PageDom(HTMLParser):
    """What a reviewer's browser would hold: labels, highlighted text per mark, articles' texts, rows."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.labels: list[dict[str, str]] = []  # attrs of each label, plus its visible text under "text"
        self.highlighted: dict[str, str] = defaultdict(str)  # mark number -> the text of its segments
        self.texts: dict[str, str] = defaultdict(str)  # article id -> its text without the labels
        self.rows: list[dict[str, str]] = []
        self.warnings: list[str] = []
        self.filters: list[str] = []
        self.scores: list[list[str]] = []
        self._label: dict[str, str] | None = None
        self._article: str | None = None
        self._cells: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        self.stack.append((tag, attributes))
        classes = attributes.get("class", "").split()
        if tag == "article":
            self._article = attributes["data-article-id"]
        if "tag" in classes:
            self._label = {**attributes, "text": ""}
            self.labels.append(self._label)
        if tag == "tr" and "data-row-for" in attributes:
            self.rows.append(attributes)
        if tag == "input" and "data-filter" in attributes:
            self.filters.append(attributes["data-name"])
            self.stack.pop()  # a void element
        if tag == "tr" and any(t == "table" and "scores" in a.get("class", "") for t, a in self.stack):
            self._cells = []
            self.scores.append(self._cells)

    def handle_endtag(self, tag):
        if tag == "table":
            self._cells = None
        while self.stack:
            open_tag, attributes = self.stack.pop()
            if "tag" in attributes.get("class", "").split():
                self._label = None
            if open_tag == tag:
                break

    def handle_data(self, data):
        inside = [a for _, a in self.stack]
        classes = {c for a in inside for c in a.get("class", "").split()}
        if self._label is not None:
            self._label["text"] += data
        elif "text" in classes and self._article is not None:
            self.texts[self._article] += data
            for attributes in inside:
                if "hl" in attributes.get("class", "").split():
                    self.highlighted[attributes["data-m"]] += data
        if "warnings" in classes and any(t == "li" for t, _ in self.stack):
            self.warnings.append(data)
        if self._cells is not None and self.stack and self.stack[-1][0] in ("td", "th"):
            self._cells.append(data)


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path


def fact(article_id: str, type_: str, text: str, start: int, **fields) -> dict:
    return {"id": f"{article_id}-{type_}-{start}", "article_id": article_id, "type": type_, "text": text,
            "start": start, "end": start + len(text), **fields}  # fmt: skip


CANADA = "Shares closed at 16.125 Canadian dollars on Friday, 3 May 1991 & later <b>"
OVERLAPPING = [
    fact("ca", "money", "16.125 Canadian dollars", 17, amount=16.125, currency="CAD", qualifier=None, amount_max=None, per=None),
    fact("ca", "country", "Canadian", 24, iso_alpha2="CA", name="Canada", historical=False, via="demonym"),
    fact("ca", "date", "Friday, 3 May 1991", 44, value="1991-05-03", kind="date", start_date="1991-05-03", end_date="1991-05-03"),
    fact("ca", "date", "3 May 1991", 52, value="1991-05-03", kind="date", start_date="1991-05-03", end_date="1991-05-03"),
    fact("ca", "project", "May 1991 & later", 54, name="x", kind="other", countries=["CA", "US"]),
]


@pytest.fixture
def overlapping(tmp_path):
    """An article whose facts nest, cross and share a boundary, with characters HTML must escape."""
    articles = write_jsonl(tmp_path / "articles.jsonl", [{"id": "ca", "text": CANADA, "title": "A <title> & more"}])
    return write_jsonl(tmp_path / "facts.jsonl", OVERLAPPING), articles


# --- values ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields, label",
    [
        ({"type": "country", "iso_alpha2": "TR", "name": "Türkiye", "historical": False}, "TR Türkiye"),
        ({"type": "country", "iso_alpha2": None, "name": "Ottoman Empire", "historical": True}, "no code Ottoman Empire (former state)"),
        ({"type": "date", "value": "1992", "start_date": "1992-01-01", "end_date": "1992-12-31"}, "1992 · 1992-01-01..1992-12-31"),
        ({"type": "date", "value": "1918-05-28", "start_date": "1918-05-28", "end_date": "1918-05-28"}, "1918-05-28"),
        ({"type": "date", "value": "P33Y", "start_date": None, "end_date": None}, "P33Y"),
        ({"type": "date", "value": None, "start_date": None, "end_date": None}, "no value"),
        ({"type": "money", "amount": 20000000000, "currency": "USD", "qualifier": "over"}, "over 20,000,000,000 USD"),
        ({"type": "money", "amount": 2000000000, "amount_max": 3000000000, "currency": "EUR"}, "2,000,000,000–3,000,000,000 EUR"),
        ({"type": "money", "amount": 50, "currency": "USD", "per": "barrel"}, "50 USD per barrel"),
        ({"type": "money", "amount": 0.375, "currency": "CAD"}, "0.375 CAD"),
        ({"type": "project", "kind": "pipeline", "countries": ["AZ", "GE", "TR"]}, "pipeline · AZ, GE, TR"),
        ({"type": "project", "kind": "corridor", "countries": []}, "corridor · no country"),
        ({"type": "weather", "rule": "weather:x", "sky": "clear"}, "sky clear"),
    ],
    ids=[
        "country", "former-state-without-code", "date-with-bounds", "day-bounds-not-repeated", "duration", "unresolved",
        "money-qualifier", "money-range", "money-per-unit", "money-decimal", "project", "project-no-country", "unknown-type",
    ],
)
def test_value_label(fields, label):
    assert value_label(fields) == label


# --- segments and levels ----------------------------------------------------------------------


def _marks(*spans):
    return [Mark(i, start, end, f"f{i}", "t", "k0", ("k0",), "", "") for i, (start, end) in enumerate(spans, 1)]


@pytest.mark.parametrize(
    "spans, levels, cut",
    [
        ([(0, 4)], [0], [("abcd", [1], [1]), ("efghij", [], [])]),
        ([(0, 6), (2, 4)], [0, 1], [("ab", [1], []), ("cd", [1, 2], []), ("ef", [1], [1, 2]), ("ghij", [], [])]),
        ([(0, 4), (2, 6)], [0, 1], [("ab", [1], []), ("cd", [1, 2], []), ("ef", [2], [1, 2]), ("ghij", [], [])]),
        ([(0, 4), (0, 4)], [0, 1], [("abcd", [1, 2], [1, 2]), ("efghij", [], [])]),
        ([(0, 4), (4, 8)], [0, 0], [("abcd", [1], [1]), ("efgh", [2], [2]), ("ij", [], [])]),
        ([(0, 10), (1, 3), (5, 9), (2, 6)], [0, 1, 1, 2], None),
    ],
    ids=["one", "nested", "crossing", "same-span", "adjacent-share-a-level", "a-free-level-is-reused"],
)
def test_levels_and_segments(spans, levels, cut):
    marks = _marks(*spans)
    count = assign_levels(marks)
    assert [m.level for m in marks] == levels and count == max(levels) + 1
    result = segments("abcdefghij", marks)
    assert "".join(s.text for s in result) == "abcdefghij"
    assert sorted(m.number for s in result for m in s.labels) == [m.number for m in marks]  # one label each
    for s in result:
        assert [m.level for m in s.marks] == sorted({m.level for m in s.marks})  # no level twice in a segment
    if cut is not None:
        assert [(s.text, [m.number for m in s.marks], [m.number for m in s.labels]) for s in result] == cut


@pytest.mark.parametrize(
    "fields, problem",
    [
        ({"start": 0, "end": 4, "text": "abcd"}, None),
        ({"start": 0, "end": 4}, None),
        ({"start": 8, "end": 12, "text": "ijkl"}, "fall outside the article's text (10 characters)"),
        ({"start": -1, "end": 2, "text": "ab"}, "fall outside"),
        ({"start": 3, "end": 3, "text": ""}, "fall outside"),
        ({"start": "0", "end": 4, "text": "abcd"}, "not whole numbers"),
        ({"start": 0, "end": 4, "text": "ABCD"}, "its text 'ABCD' is not the article's 'abcd' there"),
    ],
    ids=["fits", "no-text-field", "past-the-end", "negative", "empty", "not-a-number", "other-text"],
)
def test_check_span(fields, problem):
    found = check_span(fields, "abcdefghij")
    assert (found is None) if problem is None else (problem in found)


# --- factpipe show ------------------------------------------------------------------------------


def test_every_fact_is_one_label_with_its_value_over_its_own_text(overlapping):
    facts, articles = overlapping
    dom = PageDom(render(show_page(facts, [str(articles)])))
    assert dom.texts["ca"] == CANADA  # the text whole, escaped characters included, labels aside
    by_id = {label["data-fact-id"]: label for label in dom.labels}
    assert len(dom.labels) == len(by_id) == len(OVERLAPPING)
    for f in OVERLAPPING:
        label = by_id[f["id"]]
        assert dom.highlighted[label["data-m"]] == f["text"]
        assert label["data-type"] == f["type"]
        assert label["text"] == value_label(f) and value_label(f) in label["title"]
    assert by_id["ca-money-17"]["text"] == "16.125 CAD"
    assert by_id["ca-country-24"]["text"] == "CA Canada"
    assert by_id["ca-project-54"]["text"] == "other · CA, US"
    assert [row["data-row-for"] for row in dom.rows] == sorted((lab["data-m"] for lab in dom.labels), key=int)
    assert dom.filters == ["country", "date", "money", "project"]


def test_the_page_escapes_what_it_shows(overlapping):
    facts, articles = overlapping
    html = render(show_page(facts, [str(articles)]))
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert "A <title>" not in html and "A &lt;title&gt; &amp; more" in html
    assert "http://" not in html and "https://" not in html and "<link rel=\"stylesheet\"" not in html  # nothing fetched


def test_show_on_the_command_line_writes_beside_the_facts(overlapping, capsys):
    facts, articles = overlapping
    assert main(["show", str(facts), "--articles", str(articles)]) == 0
    page = facts.with_name("facts.html")
    assert len(PageDom(page.read_text(encoding="utf-8")).labels) == len(OVERLAPPING)
    assert capsys.readouterr().err.strip() == f"factpipe: 1 articles, {len(OVERLAPPING)} facts -> {page}"


def test_article_limits_the_page(tmp_path):
    articles = write_jsonl(tmp_path / "a.jsonl", [{"id": i, "text": f"In {i} May."} for i in ("x", "y", "z")])
    facts = write_jsonl(tmp_path / "f.jsonl", [fact(i, "date", "May", 4 + len(i), value="XXXX-05") for i in ("x", "y", "z")])
    out = tmp_path / "page.html"
    assert main(["show", str(facts), "--articles", str(articles), "--article", "z", "x", "--out", str(out)]) == 0
    dom = PageDom(out.read_text(encoding="utf-8"))
    assert list(dom.texts) == ["x", "z"] and [label["data-fact-id"] for label in dom.labels] == ["x-date-5", "z-date-5"]
    assert dom.warnings == []  # the facts of y were left out on purpose


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda facts, articles: [str(facts.with_name("none.jsonl")), "--articles", str(articles)], "none.jsonl: no such file"),
        (lambda facts, articles: [str(write_jsonl(facts, [{"article_id": "ca"}])), "--articles", str(articles)], "facts.jsonl:1: a fact needs"),
        (lambda facts, articles: [str(facts), "--articles", str(articles.with_name("gone"))], "gone: no such file or directory"),
        (lambda facts, articles: [str(facts), "--articles", str(facts.with_suffix(".csv").touch() or facts.with_suffix(".csv"))], "not an article file"),
        (lambda facts, articles: [str(facts), "--articles", str(articles), "--article", "ca", "nope"], "--article 'nope': no such article"),
        (lambda facts, articles: [str(facts), "--articles", str(articles), "--out", str(facts.parent)], "is a directory"),
        (lambda facts, articles: [str(facts), "--articles", str(articles), "--out", str(facts)], "is an input of this command"),
        (lambda facts, articles: [str(facts), "--articles", str(facts.parent), "--out", str(facts.parent / "p.html")], "lies inside the article directory"),
        (lambda facts, articles: [str(facts), "--articles", str(write_jsonl(articles, [{"id": "x"}]))], "no article could be read"),
    ],
    ids=["no-facts-file", "bad-fact-line", "no-article-path", "not-an-article-file", "unknown-article", "out-is-a-directory",
         "out-is-the-facts", "out-inside-the-articles", "no-readable-article"],  # fmt: skip
)
def test_what_makes_a_page_impossible_is_one_line_and_exit_2(overlapping, capsys, change, message):
    facts, articles = overlapping
    before = facts.read_bytes()
    argv = change(facts, articles)
    assert main(["show", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1 and err.startswith("factpipe: ")
    assert "Traceback" not in err
    if "--out" not in argv:
        assert not facts.with_name("facts.html").exists()
    if "a fact needs" not in message:
        assert facts.read_bytes() == before


def test_what_concerns_one_fact_or_article_is_a_warning_on_the_page(tmp_path, capsys):
    articles = tmp_path / "articles.jsonl"
    articles.write_text(
        json.dumps({"id": "a", "text": "In May 1991 and June."}) + "\n{broken\n" + json.dumps({"id": "a", "text": "again"}) + "\n",
        encoding="utf-8",
    )
    facts = write_jsonl(
        tmp_path / "facts.jsonl",
        [
            fact("a", "date", "May 1991", 3, value="1991-05"),
            fact("a", "date", "July", 16, value="XXXX-07"),  # the text says June: another version of the article
            fact("a", "date", "later", 40, value=None),  # past the end
            fact("b", "date", "1990", 0, value="1990"),  # an article that was not given
        ],
    )
    out = tmp_path / "page.html"
    assert main(["show", str(facts), "--articles", str(articles), "--out", str(out)]) == 0
    dom = PageDom(out.read_text(encoding="utf-8"))
    assert [label["data-fact-id"] for label in dom.labels] == ["a-date-3"]
    expected = [
        f"{articles}:2: Expecting property name enclosed in double quotes",
        f"{articles}:3: article 'a' again (first read at {articles}:1): not shown",
        "1 facts of 1 articles not among the given articles ('b'): not shown",
        "'July' at 16-20 of article 'a': its text 'July' is not the article's 'June' there",
        "'later' at 40-45 of article 'a': its offsets 40-45 fall outside the article's text (21 characters)",
    ]
    assert len(dom.warnings) == len(expected)
    for text in expected:
        assert any(text in warning for warning in dom.warnings), text
    err = capsys.readouterr().err.splitlines()
    assert len([line for line in err if line.startswith("factpipe: warning: ")]) == len(expected)


# --- factpipe evaluate --html -------------------------------------------------------------------


@pytest.fixture
def scored(tmp_path):
    articles = write_jsonl(tmp_path / "articles.jsonl", [{"id": "g", "text": "Turkey paid $5 in 1992 and 1993, Iran in 1994."}])
    gold = write_jsonl(
        tmp_path / "gold.jsonl",
        [
            {
                "article_id": "g",
                "facts": [
                    {"type": "country", "text": "Turkey", "start": 0, "end": 6, "iso_alpha2": "TR"},
                    {"type": "date", "text": "1992", "start": 18, "end": 22, "value": "1992"},
                    {"type": "date", "text": "1993", "start": 27, "end": 31, "value": "1993"},
                    {"type": "date", "text": "1994", "start": 41, "end": 45, "value": "1994"},
                ],
            }
        ],
    )
    preds = write_jsonl(
        tmp_path / "facts.jsonl",
        [
            fact("g", "country", "Turkey", 0, iso_alpha2="TR", name="Türkiye"),
            fact("g", "money", "$5", 12, amount=5, currency="USD"),  # money is not in this gold: not scored
            fact("g", "date", "1992", 18, value="1992"),
            fact("g", "date", "1993", 27, value="1983"),
            fact("g", "country", "Iran", 33, iso_alpha2="IR", name="Iran"),
        ],
    )
    return gold, preds, articles


def test_evaluate_html_marks_each_outcome_under_the_score_table(scored, tmp_path, capsys):
    gold, preds, articles = scored
    out = tmp_path / "review.html"
    assert main(["evaluate", "--gold", str(gold), "--pred", str(preds), "--html", str(out), "--articles", str(articles)]) == 0
    printed = capsys.readouterr().out
    dom = PageDom(out.read_text(encoding="utf-8"))
    outcomes = sorted((label["data-outcome"], label["data-side"], dom.highlighted[label["data-m"]]) for label in dom.labels)
    assert outcomes == [
        ("false alarm", "pred", "Iran"),
        ("hit", "pred", "1992"),
        ("hit", "pred", "Turkey"),
        ("miss", "gold", "1994"),
        ("wrong value", "gold", "1993"),
        ("wrong value", "pred", "1993"),
    ]
    wrong = next(label for label in dom.labels if label["data-outcome"] == "wrong value" and label["data-side"] == "gold")
    assert wrong["text"] == "wrong value (gold): 1993; predicted 1983"
    report = score(read_gold([gold]), read_predictions(preds))
    header, *rows = dom.scores
    assert header == ["type", "mode", "P", "R", "F1", "tp", "fp", "fn"]
    for cells in rows:
        name, mode = cells[0], cells[1]
        if name == "country set":
            counts = report.country_set
        else:
            counts = report.overall(mode) if name == "overall" else (report.relaxed if mode == "relaxed" else report.strict)[name]
        assert cells[2:] == [f"{counts.precision:.3f}", f"{counts.recall:.3f}", f"{counts.f1:.3f}", str(counts.tp), str(counts.fp), str(counts.fn)]
        assert f"{name:<12}{mode:<9}"[:21] in printed or name == "country set"  # the same table as printed
    assert [r[0] for r in rows] == ["country", "date", "overall", "country", "date", "overall", "country set"]
    assert dom.filters == ["hit", "miss", "false alarm", "wrong value", "optional", "country", "date"]


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--html", "OUT"], "--html needs --articles"),
        (["--articles", "ARTICLES"], "--articles is for --html"),
        (["--html", "OUT", "--articles", "MISSING"], "missing: no such file or directory"),
        (["--html", "PRED", "--articles", "ARTICLES"], "is an input of this command"),
    ],
    ids=["no-articles", "articles-without-html", "missing-articles", "html-over-the-predictions"],
)
def test_evaluate_html_usage_errors(scored, tmp_path, capsys, extra, message):
    gold, preds, articles = scored
    names = {"OUT": str(tmp_path / "r.html"), "MISSING": str(tmp_path / "missing"), "PRED": str(preds), "ARTICLES": str(articles)}
    before = preds.read_bytes()
    assert main(["evaluate", "--gold", str(gold), "--pred", str(preds), *(names.get(a, a) for a in extra)]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and captured.out == ""  # refused before scoring
    assert not (tmp_path / "r.html").exists() and preds.read_bytes() == before


def test_gold_articles_without_text_are_scored_and_named(scored, tmp_path):
    gold, preds, articles = scored
    write_jsonl(gold, [*(json.loads(line) for line in gold.read_text().splitlines()), {"article_id": "h", "facts": []}])
    out = tmp_path / "r.html"
    assert main(["evaluate", "--gold", str(gold), "--pred", str(preds), "--html", str(out), "--articles", str(articles)]) == 0
    assert PageDom(out.read_text(encoding="utf-8")).warnings == ["1 gold articles not among the given articles ('h'): scored, not shown"]
