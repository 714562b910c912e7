"""``factpipe diff``: which facts two files add, remove and change, and its reports (text, JSON, HTML)."""

from __future__ import annotations

import json
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.cli import EXIT_FAILED, EXIT_USAGE, main
from pipeline.diff import diff_facts, diff_files, format_diff, render_html
from pipeline.errors import GoldError
from pipeline.io import to_json_line, to_json_text
from pipeline.records import fact_id


def date(start=0, end=4, article="a", *, value="2020", **fields):
    """A date fact as ``extract`` writes it; ``fields`` replace any of its fields."""
    text = fields.pop("text", "x" * (end - start))
    return {
        "id": fact_id(article, "date", start, end),
        "article_id": article,
        "type": "date",
        "text": text,
        "start": start,
        "end": end,
        "sentence": f"It was {text}.",
        "rule": "date:year",
        "value": value,
        "kind": "date",
        "start_date": None,
        "end_date": None,
    } | fields


def money(start=0, end=4, article="a", *, amount=Decimal("5"), **fields):
    fact = date(start, end, article) | {"id": fact_id(article, "money", start, end), "type": "money", "rule": "money:symbol"}
    for name in ("value", "kind", "start_date", "end_date"):
        del fact[name]
    return fact | {"amount": amount, "currency": "USD", "qualifier": None, "amount_max": None, "per": None} | fields


def country(start=0, end=4, article="a", **fields):
    fact = date(start, end, article) | {"id": fact_id(article, "country", start, end), "type": "country"}
    for name in ("value", "kind", "start_date", "end_date"):
        del fact[name]
    return fact | {"rule": "country:gazetteer", "iso_alpha2": "TR", "name": "Türkiye", "historical": False, "via": "name"} | fields


def numbered(facts):
    return list(enumerate(facts, 1))


def summary(diff):
    """Each change as (article, kind, type, start, end, changed fields)."""
    return [
        (article_id, c.kind, c.fact["type"], c.fact["start"], c.fact["end"], c.fields)
        for article_id, changes in diff.articles.items()
        for c in changes
    ]


@pytest.mark.parametrize(
    "old, new, all_fields, counts, changes",
    [
        ([date()], [date()], False, (0, 0, 0, 1), []),
        ([], [date()], False, (1, 0, 0, 0), [("a", "added", "date", 0, 4, ())]),
        ([date()], [], False, (0, 1, 0, 0), [("a", "removed", "date", 0, 4, ())]),
        ([date()], [date(value="2021")], False, (0, 0, 1, 0), [("a", "changed", "date", 0, 4, ("value",))]),
        ([date()], [date(value=None)], False, (0, 0, 1, 0), [("a", "changed", "date", 0, 4, ("value",))]),
        (
            [date(value="2020", start_date="2020-01-01")],
            [date(value="2021", start_date="2021-01-01")],
            False,
            (0, 0, 1, 0),
            [("a", "changed", "date", 0, 4, ("value", "start_date"))],
        ),
        ([date(text="1992")], [date(text="1993")], False, (0, 0, 1, 0), [("a", "changed", "date", 0, 4, ("text",))]),
        ([date()], [date(rule="date:ner_date")], False, (0, 0, 0, 1), []),
        ([date()], [date(rule="date:ner_date")], True, (0, 0, 1, 0), [("a", "changed", "date", 0, 4, ("rule",))]),
        ([date()], [date(sentence="Another sentence.")], False, (0, 0, 0, 1), []),
        ([date()], [date(sentence="Another sentence.")], True, (0, 0, 1, 0), [("a", "changed", "date", 0, 4, ("sentence",))]),
        ([date()], [date(id="0000000000000000")], True, (0, 0, 1, 0), [("a", "changed", "date", 0, 4, ("id",))]),
        ([money(amount=Decimal("2.50"))], [money(amount=Decimal("2.5"))], False, (0, 0, 0, 1), []),
        ([money(amount=5)], [money(amount=Decimal("5"))], False, (0, 0, 0, 1), []),
        ([money()], [money(amount=Decimal("6"))], False, (0, 0, 1, 0), [("a", "changed", "money", 0, 4, ("amount",))]),
        ([country(historical=False)], [country(historical=0)], False, (0, 0, 1, 0), [("a", "changed", "country", 0, 4, ("historical",))]),
        ([money(per=None)], [{k: v for k, v in money().items() if k != "per"}], False, (0, 0, 1, 0), [("a", "changed", "money", 0, 4, ("per",))]),
        ([money()], [money() | {"confidence": 0.9}], False, (0, 0, 1, 0), [("a", "changed", "money", 0, 4, ("confidence",))]),
        (
            [date(article="a")],
            [date(article="b")],
            False,
            (1, 1, 0, 0),
            [("b", "added", "date", 0, 4, ()), ("a", "removed", "date", 0, 4, ())],
        ),
        ([date()], [money()], False, (1, 1, 0, 0), [("a", "removed", "date", 0, 4, ()), ("a", "added", "money", 0, 4, ())]),
        ([date(0, 4)], [date(0, 5)], False, (1, 1, 0, 0), [("a", "removed", "date", 0, 4, ()), ("a", "added", "date", 0, 5, ())]),
        ([date(), money()], [date(), money()], False, (0, 0, 0, 2), []),
        ([], [], False, (0, 0, 0, 0), []),
        (
            [date(10, 14), date(0, 4, value="1999")],
            [date(0, 4), date(20, 24), date(10, 14)],
            False,
            (1, 0, 1, 1),
            [("a", "changed", "date", 0, 4, ("value",)), ("a", "added", "date", 20, 24, ())],
        ),
    ],
    ids=[
        "unchanged", "added", "removed", "changed-value", "value-to-null", "changed-value-and-bounds",
        "changed-text-only", "rule-only-is-not-compared", "rule-only-with-all-fields", "sentence-only-is-not-compared",
        "sentence-with-all-fields", "id-with-all-fields", "same-amount-written-two-ways", "integer-and-decimal-amount",
        "changed-amount", "false-is-not-0", "field-dropped", "field-added-by-a-release", "other-article",
        "type-only-difference", "span-moved", "two-types-unchanged", "empty-files", "order-in-file-does-not-matter",
    ],
)
def test_the_difference_of_two_files(old, new, all_fields, counts, changes):
    diff = diff_facts(numbered(old), numbered(new), all_fields=all_fields)
    total = diff.total()
    assert (total.added, total.removed, total.changed, total.unchanged) == counts
    assert summary(diff) == changes
    assert diff.identical == (changes == [])


def test_counts_are_by_type_over_every_type_either_file_holds():
    old = [date(0, 4), money(10, 14), country(20, 24)]
    new = [date(0, 4, value="1999"), money(10, 14), date(30, 34)]
    diff = diff_facts(numbered(old), numbered(new))
    assert {t: c.to_json() for t, c in diff.counts.items()} == {
        "country": {"added": 0, "removed": 1, "changed": 0, "unchanged": 0},
        "date": {"added": 1, "removed": 0, "changed": 1, "unchanged": 0},
        "money": {"added": 0, "removed": 0, "changed": 0, "unchanged": 1},
    }


def test_articles_come_in_the_new_files_order_then_those_only_the_old_has():
    old = [date(article="gone"), date(article="z", value="1")]
    new = [date(article="z"), date(article="b"), date(article="a")]
    assert list(diff_facts(numbered(old), numbered(new)).articles) == ["z", "b", "a", "gone"]


def test_two_types_on_one_span_are_two_facts_but_one_type_twice_is_an_error():
    both = [country(0, 6), money(0, 6)]
    assert diff_facts(numbered(both), numbered(both)).total().unchanged == 2
    with pytest.raises(GoldError, match=r"^new:3: a second date fact at 0-4 of article 'a' \(the first is on line 1\)"):
        diff_facts([], numbered([date(), money(), date(value="2021")]))


def test_the_json_report_has_stable_keys_and_exact_amounts():
    old = [date(0, 4), money(10, 14, amount=Decimal("2.5")), country(20, 24)]
    new = [date(0, 4, value="2021", text="2021"), money(10, 14, amount=Decimal("2.75")), date(30, 34)]
    report = diff_facts(numbered(old), numbered(new), old_source="o.jsonl", new_source="n.jsonl").to_json()
    assert list(report) == ["old", "new", "ignored_fields", "identical", "counts", "articles"]
    assert report["old"] == {"path": "o.jsonl", "facts": 3} and report["new"] == {"path": "n.jsonl", "facts": 3}
    assert report["ignored_fields"] == ["id", "rule", "sentence"] and report["identical"] is False
    assert report["counts"]["total"] == {"added": 1, "removed": 1, "changed": 2, "unchanged": 0}
    [article] = report["articles"]
    assert article["article_id"] == "a" and article["counts"] == {"added": 1, "removed": 1, "changed": 2}
    changed_date, changed_money, removed, added = article["changes"]
    assert changed_date == {
        "change": "changed",
        "type": "date",
        "start": 0,
        "end": 4,
        "text": "2021",
        "fields": {"text": {"old": "xxxx", "new": "2021"}, "value": {"old": "2020", "new": "2021"}},
        "old": old[0],
        "new": new[0],
    }
    assert changed_money["fields"] == {"amount": {"old": Decimal("2.5"), "new": Decimal("2.75")}}
    assert (removed["change"], removed["type"], "new" in removed, removed["old"]) == ("removed", "country", False, old[2])
    assert (added["change"], added["start"], "old" in added, added["new"]) == ("added", 30, False, new[2])
    assert '"amount": {\n' in to_json_text(report, indent=2) and '"new": 2.75' in to_json_text(report, indent=2)


def test_a_field_one_side_lacks_has_no_value_on_that_side_of_the_json():
    diff = diff_facts(numbered([money()]), numbered([money() | {"confidence": 0.5}]))
    [change] = diff.to_json()["articles"][0]["changes"]
    assert change["fields"] == {"confidence": {"new": 0.5}}


def test_the_text_report():
    old = [date(0, 4), money(10, 14), date(20, 24, article="b")]
    new = [date(0, 4, value="2021"), date(30, 34, value="1999-05", kind="date")]
    text = format_diff(diff_facts(numbered(old), numbered(new), old_source="o.jsonl", new_source="n.jsonl"))
    assert text.splitlines() == [
        "old: o.jsonl (3 facts)",
        "new: n.jsonl (2 facts)",
        "not compared: id, rule, sentence (--all-fields compares them)",
        "",
        "type           added  removed  changed  unchanged",
        "date               1        1        1          0",
        "money              0        1        0          0",
        "total              1        2        1          0",
        "",
        "a",
        '  ~ date 0-4 "xxxx"  value: "2020" -> "2021"',
        '  - money 10-14 "xxxx"  amount=5 currency="USD" qualifier=null amount_max=null per=null',
        '  + date 30-34 "xxxx"  value="1999-05" kind="date" start_date=null end_date=null',
        "",
        "b",
        '  - date 20-24 "xxxx"  value="2020" kind="date" start_date=null end_date=null',
    ]


def test_the_text_report_of_identical_files_says_so():
    text = format_diff(diff_facts(numbered([date()]), numbered([date()]), all_fields=True))
    assert text.splitlines()[-1] == "no differences"
    assert "not compared" not in text


# --- the HTML page -----------------------------------------------------------------


class Page(HTMLParser):
    """The parts of the page the tests read: count rows, change rows, and every tag and link."""

    def __init__(self, html: str):
        super().__init__()
        self.counts: dict[str, list[str]] = {}
        self.rows: list[tuple[str, str, list[str]]] = []
        self.tags: list[str] = []
        self.links: list[str] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._where: tuple[str, str, str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        self.links += [attrs[a] for a in ("href", "src") if a in attrs]
        if tag == "tr":
            self._row, self._where = [], ("count", attrs["data-type"], "") if "data-type" in attrs else None
            if "data-article" in attrs:
                self._where = ("change", attrs["class"], attrs["data-article"])
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._where and self._where[0] == "count":
                self.counts[self._where[1]] = self._row[1:]
            elif self._where:
                self.rows.append((self._where[1], self._where[2], self._row))
            self._row = None


def test_the_html_page_has_the_counts_and_every_change():
    old = [date(0, 4), money(10, 14), date(0, 4, article="b")]
    new = [date(0, 4, value="2021"), date(30, 34, article="b"), date(0, 4, article="b")]
    page = Page(render_html(diff_facts(numbered(old), numbered(new), old_source="o.jsonl", new_source="n.jsonl")))
    assert page.counts == {"date": ["1", "0", "1", "1"], "money": ["0", "1", "0", "0"], "total": ["1", "1", "1", "1"]}
    assert page.rows == [
        ("changed", "a", ["~", "date", "0–4", "xxxx", 'value: "2020" → "2021"']),
        ("removed", "a", ["-", "money", "10–14", "xxxx", 'amount = 5 currency = "USD" qualifier = null amount_max = null per = null']),
        ("added", "b", ["+", "date", "30–34", "xxxx", 'value = "2020" kind = "date" start_date = null end_date = null']),
    ]


def test_the_html_page_is_self_contained_and_escapes_what_the_facts_hold():
    hostile = date(0, 8, text="<script>", value="</td><img src=x>")
    page_html = render_html(diff_facts([], numbered([hostile]), new_source="<b>new</b>.jsonl"))
    page = Page(page_html)
    assert "script" not in page.tags and "img" not in page.tags and "b" not in page.tags
    assert "link" not in page.tags and all(link.startswith("#") for link in page.links)
    assert page.rows[0][2][3] == "<script>" and '"</td><img src=x>"' in page.rows[0][2][4]


def test_the_html_page_of_identical_files_says_so():
    page_html = render_html(diff_facts(numbered([date()]), numbered([date()])))
    assert 'id="identical"' in page_html and Page(page_html).rows == []


# --- the command ----------------------------------------------------------------------


def write(path: Path, facts) -> Path:
    path.write_text("".join(to_json_line(f) + "\n" for f in facts), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "same, exit_code_flag, expected",
    [(True, True, 0), (False, True, EXIT_FAILED), (True, False, 0), (False, False, 0)],
    ids=["identical-exit-code", "different-exit-code", "identical", "different-without-exit-code"],
)
def test_exit_codes(tmp_path, capsys, same, exit_code_flag, expected):
    old = write(tmp_path / "old.jsonl", [date(), money(10, 14)])
    new = write(tmp_path / "new.jsonl", [date(), money(10, 14)] if same else [date(value="2021"), money(10, 14)])
    assert main(["diff", str(old), str(new), *(["--exit-code"] if exit_code_flag else [])]) == expected
    out = capsys.readouterr().out
    assert ("no differences" in out) == same


def test_json_and_html_from_the_command(tmp_path, capsys):
    old = write(tmp_path / "old.jsonl", [date(), money(10, 14, amount=Decimal("2.5"))])
    new = write(tmp_path / "new.jsonl", [date(value="2021"), money(10, 14, amount=Decimal("2.5"))])
    page = tmp_path / "diff.html"
    assert main(["diff", str(old), str(new), "--json", "--html", str(page), "--exit-code"]) == EXIT_FAILED
    report = json.loads(capsys.readouterr().out)
    assert report == diff_files(old, new).to_json() | {"articles": report["articles"]}
    assert report["counts"]["total"] == {"added": 0, "removed": 0, "changed": 1, "unchanged": 1}
    assert report["articles"][0]["changes"][0]["fields"] == {"value": {"old": "2020", "new": "2021"}}
    assert Page(page.read_text(encoding="utf-8")).counts["total"] == ["0", "0", "1", "1"]


@pytest.mark.parametrize(
    "content, message",
    [
        ("{bad\n", "{}:1: not valid JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
        ('\n{"article_id": "a", "type": "date", "start": 0}\n', "{}:2: a fact needs article_id, type, start and end; this one has no end"),
        ('["a"]\n', "{}:1: a fact is a JSON object, not array"),
        ('{"article_id": "a", "type": "date", "start": "0", "end": 4}\n', "{}:1: start must be a JSON integer, not string '0'"),
        ('{"article_id": 7, "type": "date", "start": 0, "end": 4}\n', "{}:1: article_id must be a JSON string, not integer 7"),
        (b'{"article_id": "\xff"}\n', "{}:1: not valid UTF-8 (invalid start byte at byte 16)"),
    ],
    ids=["not-json", "missing-field", "not-an-object", "start-as-string", "id-as-number", "not-utf8"],
)
def test_a_bad_line_is_one_error_naming_file_and_line(tmp_path, capsys, content, message):
    good = write(tmp_path / "good.jsonl", [date()])
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(content if isinstance(content, bytes) else content.encode())
    assert main(["diff", str(good), str(bad)]) == EXIT_USAGE
    captured = capsys.readouterr()
    assert captured.err == f"factpipe: {message.format(bad)}\n" and captured.out == ""


def test_a_missing_file_and_a_duplicated_fact_are_usage_errors(tmp_path, capsys):
    good = write(tmp_path / "good.jsonl", [date()])
    assert main(["diff", str(tmp_path / "missing.jsonl"), str(good)]) == EXIT_USAGE
    assert capsys.readouterr().err == f"factpipe: {tmp_path / 'missing.jsonl'}: no such file\n"
    twice = write(tmp_path / "twice.jsonl", [date(), date(value="2021")])
    assert main(["diff", str(good), str(twice), "--exit-code"]) == EXIT_USAGE
    assert capsys.readouterr().err.startswith(f"factpipe: {twice}:2: a second date fact at 0-4 of article 'a' (the first is on line 1)")


@pytest.mark.parametrize(
    "html, message",
    [
        ("new.jsonl", "--html {dir}/new.jsonl: is one of the files compared; it would be overwritten"),
        ("no/such/dir/diff.html", "--html {dir}/no/such/dir/diff.html: no such directory: {dir}/no/such/dir"),
        ("", "--html {dir}: is a directory"),
    ],
    ids=["an-input", "no-directory", "a-directory"],
)
def test_a_bad_html_path_is_refused_before_any_work(tmp_path, capsys, html, message):
    old = write(tmp_path / "old.jsonl", [date()])
    new = write(tmp_path / "new.jsonl", [date(value="2021")])
    before = new.read_bytes()
    assert main(["diff", str(old), str(new), "--html", str(tmp_path / html)]) == EXIT_USAGE
    captured = capsys.readouterr()
    assert captured.err == f"factpipe: {message.format(dir=tmp_path)}\n" and captured.out == ""
    assert new.read_bytes() == before
