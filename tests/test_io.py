"""Reading articles (txt + sidecar, jsonl) and writing JSONL atomically."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from pipeline.io import ArticleError, atomic_writer, load_json_line, read_articles, to_json_line, to_json_text
from pipeline.records import Article


def _articles(items):
    return [i for i in items if isinstance(i, Article)]


def _errors(items):
    return [i for i in items if isinstance(i, ArticleError)]


def test_txt_with_sidecar_metadata(tmp_path):
    (tmp_path / "a.txt").write_text("Hello from Baku.", encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"id": "art-1", "published": "2025-01-14", "title": "T"}))
    [article] = list(read_articles([tmp_path]))
    assert article.id == "art-1"
    assert article.published == dt.date(2025, 1, 14)
    assert article.title == "T"
    assert article.text == "Hello from Baku."


def test_txt_without_sidecar_takes_id_from_stem(tmp_path):
    (tmp_path / "story-7.txt").write_text("Text.", encoding="utf-8")
    [article] = list(read_articles([tmp_path / "story-7.txt"]))
    assert article.id == "story-7"
    assert article.published is None


def test_directories_are_recursed_in_sorted_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Z", encoding="utf-8")
    (tmp_path / "a.txt").write_text("A", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    assert [a.id for a in _articles(read_articles([tmp_path]))] == ["a", "b/z"]  # a nested file is named by its path under the directory


def test_jsonl_articles_and_bad_lines_are_reported_with_line_numbers(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "ok1", "text": "One.", "published": "2020-02-03"}),
        "{not json",
        json.dumps({"id": "nodate", "text": "Two.", "published": "yesterday"}),
        json.dumps({"id": "notext"}),
        "",
        json.dumps({"id": "ok2", "text": "Three."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_articles([path]))
    assert [a.id for a in _articles(items)] == ["ok1", "ok2"]
    errors = _errors(items)
    assert [(e.line, e.source) for e in errors] == [(2, str(path)), (3, str(path)), (4, str(path))]
    assert "published" in errors[1].reason
    assert errors[1].article_id == "nodate"
    assert "text" in errors[2].reason


def test_a_broken_file_does_not_stop_the_others(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\xff\xfe bad utf-8 \xc3")
    (tmp_path / "b.txt").write_text("Fine.", encoding="utf-8")
    (tmp_path / "c.txt").write_text("Fine too.", encoding="utf-8")
    (tmp_path / "c.json").write_text("{broken", encoding="utf-8")
    items = list(read_articles([tmp_path, tmp_path / "missing.txt"]))
    assert [a.id for a in _articles(items)] == ["b"]
    reasons = {e.source: e.reason for e in _errors(items)}
    assert "UTF-8" in reasons[str(tmp_path / "a.txt")]
    assert "not valid JSON" in reasons[str(tmp_path / "c.txt")]
    assert "no such file" in reasons[str(tmp_path / "missing.txt")]


def test_amounts_are_written_as_exact_json_numbers():
    line = to_json_line({"a": Decimal("20000000000"), "b": Decimal("0.1"), "c": [Decimal("123456789012345678.25")]})
    assert line == '{"a":20000000000,"b":0.1,"c":[123456789012345678.25]}'
    back = load_json_line(line)
    assert back["c"][0] == Decimal("123456789012345678.25")


_SENTENCE = 'He said "$1" \\ Türkiye\t€\n\x01\x7f\u2028 — 北京 cost $1.'


@pytest.mark.parametrize(
    "fields",
    [
        {"type": "country", "iso_alpha2": "TR", "name": "Türkiye", "historical": False, "via": "name"},
        {"type": "country", "iso_alpha2": None, "name": "Ottoman Empire", "historical": True},
        {"type": "date", "value": "2021-05-03", "kind": "date", "start_date": "2021-05-03", "end_date": "2021-05-03"},
        {"type": "date", "value": None, "kind": "duration"},
        {"type": "money", "amount": Decimal("20000000000"), "currency": "USD", "qualifier": "over"},
        {"type": "money", "amount": Decimal("9999999999999999999999999999"), "currency": "EUR"},  # past 64 bits
        {"type": "money", "amount": Decimal("-5"), "currency": "EUR", "amount_max": Decimal("7.00")},
        {"type": "money", "amount": Decimal("2.5"), "currency": "USD", "per": "barrel"},  # fractional: the other path
        {"type": "money", "amount": Decimal("9999999999999999999999999999.9999999999"), "currency": "USD"},
        {"type": "project", "name": "Baku–Tbilisi–Ceyhan pipeline", "kind": "pipeline", "countries": ["AZ", "GE", "TR"]},
    ],
    ids=lambda fields: f"{fields['type']}-{fields.get('amount', fields.get('value', fields.get('name')))}",
)
def test_a_record_is_written_as_json_dumps_writes_its_fields(fields):
    """Pydantic's serializer writes the same bytes as ``json.dumps`` of the fields (control characters,
    quotes, non-ASCII, big and fractional amounts); the line reads back into the same record."""
    from pipeline.records import FACT_ADAPTER

    text = _SENTENCE[12:19]
    record = FACT_ADAPTER.validate_python(
        {"id": "x", "article_id": "a", "text": text, "start": 12, "end": 19, "sentence": _SENTENCE, "rule": "r", **fields}
    )
    line = to_json_line(record)
    assert line == to_json_text(record.model_dump(mode="python"))
    assert FACT_ADAPTER.validate_python(load_json_line(line)) == record


def test_atomic_writer_keeps_the_old_file_when_interrupted(tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_writer(target) as handle:
            handle.write("half of a new")
            raise RuntimeError("killed")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_atomic_writer_replaces_on_success(tmp_path):
    target = tmp_path / "sub" / "out.jsonl"
    with atomic_writer(target) as handle:
        handle.write("new\n")
    assert target.read_text(encoding="utf-8") == "new\n"


# --- what an article's text is, whatever the file looks like ----------------------

CRLF_STORY = (
    "Japan and France signed the deal on 3 May 2020.\r\n\r\n"
    "Tokyo will pay $5 million to Paris.\r\n\r\n"
    "Germany said on Friday it would join the Baku-Tbilisi-Ceyhan pipeline.\r\n"
)


def _facts_by_article(out):
    facts = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        facts.setdefault(record["article_id"], []).append(record)
    return facts


def test_fact_offsets_index_the_text_of_bom_and_crlf_files(nlp, tmp_path):
    """The text is the decoded file, BOM removed, newlines as written: offsets hold end to end."""
    from pipeline.batch import run_extract

    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "crlf.txt").write_bytes(CRLF_STORY.encode("utf-8"))
    (corpus / "bom.txt").write_bytes(b"\xef\xbb\xbf" + CRLF_STORY.encode("utf-8"))
    lines = [json.dumps({"id": "j1", "text": CRLF_STORY}), json.dumps({"id": "j2", "text": CRLF_STORY})]
    (corpus / "bom.jsonl").write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode("utf-8") + b"\r\n")
    out = tmp_path / "facts.jsonl"
    summary = run_extract([corpus], out)
    assert summary.errors == 0
    facts = _facts_by_article(out)
    assert sorted(facts) == ["bom", "crlf", "j1", "j2"]
    for article_id, records in facts.items():
        assert {r["type"] for r in records} >= {"country", "date", "money"}, article_id
        for r in records:
            assert CRLF_STORY[r["start"] : r["end"]] == r["text"], (article_id, r)
            assert r["sentence"] in CRLF_STORY and not r["sentence"].startswith("\ufeff"), (article_id, r)


def test_crlf_changes_no_fact_but_its_offsets(extract):
    """Keeping ``\\r\\n`` costs nothing: the rules find what they find in the LF text."""
    lf = CRLF_STORY.replace("\r\n", "\n")

    def found(text):
        return [(f.type, f.text, getattr(f, "value", None)) for f in extract(text, "2020-05-04")]

    assert found(CRLF_STORY) == found(lf)


def test_reader_keeps_bom_free_text_and_crlf_in_txt_and_sidecar(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\xef\xbb\xbfLine one.\r\nLine two.\r\n")
    (tmp_path / "a.json").write_bytes(b"\xef\xbb\xbf" + json.dumps({"title": "T"}).encode())
    [article] = list(read_articles([tmp_path]))
    assert article.text == "Line one.\r\nLine two.\r\n"
    assert article.title == "T"


# --- which files are read, and which are skipped -------------------------------------


def _gzip(path, data: bytes):
    import gzip

    with gzip.open(path, "wb") as handle:
        handle.write(data)
    return path


def test_suffixes_in_any_case_ndjson_and_gzip_are_read_and_counted(tmp_path):
    from pipeline.io import count_articles

    def line(i):
        return (json.dumps({"id": i, "text": f"Text {i}."}) + "\n").encode()

    (tmp_path / "a.TXT").write_text("Upper-case suffix.", encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"title": "sidecar of a.TXT"}), encoding="utf-8")
    (tmp_path / "b.ndjson").write_bytes(line("b1") + b"\n" + line("b2"))
    (tmp_path / "c.JSONL").write_bytes(line("c1"))
    _gzip(tmp_path / "d.jsonl.gz", line("d1") + line("d2"))
    _gzip(tmp_path / "e.NDJSON.GZ", line("e1"))
    items = list(read_articles([tmp_path]))
    assert not _errors(items)
    assert [a.id for a in items] == ["a", "b1", "b2", "c1", "d1", "d2", "e1"]
    assert items[0].title == "sidecar of a.TXT"
    assert items[5].origin == f"{tmp_path / 'd.jsonl.gz'}:2"
    assert count_articles([tmp_path]) == len(items)


def test_other_files_of_a_directory_are_reported_as_skipped(tmp_path):
    from pipeline.io import iter_input_files

    (tmp_path / "sub").mkdir()
    for name in ("a.txt", "orphan.json", "notes.md", "sub/b.jsonl", "sub/data.csv", "sub/c.txt.bak"):
        (tmp_path / name).write_text('{"id": "b", "text": "B."}', encoding="utf-8")
    (tmp_path / "a.json").write_text('{"id": "a"}', encoding="utf-8")  # a.txt's metadata: not skipped
    skipped: list = []
    assert [a.id for a in _articles(read_articles([tmp_path], skipped=skipped))] == ["a", "b"]
    assert skipped == [tmp_path / "notes.md", tmp_path / "orphan.json", tmp_path / "sub/c.txt.bak", tmp_path / "sub/data.csv"]
    again: list = []
    assert len(list(iter_input_files([tmp_path], skipped=again))) == 2 and again == skipped
    assert list(read_articles([tmp_path])) and not _errors(read_articles([tmp_path]))  # the collector is optional


def test_a_corrupt_gzip_file_is_an_error_naming_the_line_not_a_crash(tmp_path):
    from pipeline.io import count_articles

    data = b"".join((json.dumps({"id": f"a{i}", "text": "x " * 5000}) + "\n").encode() for i in range(40))
    whole = _gzip(tmp_path / "whole.jsonl.gz", data).read_bytes()
    (tmp_path / "cut.jsonl.gz").write_bytes(whole[: len(whole) // 2])
    (tmp_path / "fake.jsonl.gz").write_bytes(data[:200])
    (tmp_path / "whole.jsonl.gz").unlink()
    items = list(read_articles([tmp_path]))
    errors = _errors(items)
    assert [e.source for e in errors] == [str(tmp_path / "cut.jsonl.gz"), str(tmp_path / "fake.jsonl.gz")]
    read = len(_articles(items))
    assert 0 < read < 40 and errors[0].line == read + 1
    assert "cannot be read" in errors[0].reason and "cannot be read" in errors[1].reason
    assert count_articles([tmp_path]) == len(items)


def test_an_unreadable_jsonl_file_is_an_error_not_a_crash(tmp_path, monkeypatch):
    path = tmp_path / "locked.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "A."}) + "\n", encoding="utf-8")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(type(path), "open", refuse)
    [error] = list(read_articles([path]))
    assert isinstance(error, ArticleError) and "Permission denied" in str(error)


# --- line numbers are the file's lines -----------------------------------------------


def test_jsonl_line_numbers_count_bom_crlf_and_blank_lines(tmp_path):
    path = tmp_path / "in.jsonl"
    rows = [
        b"\xef\xbb\xbf" + json.dumps({"id": "one", "text": "One."}).encode(),  # 1, with a BOM
        b"",  # 2
        b"   ",  # 3
        b"{broken",  # 4
        json.dumps({"id": "five", "text": "Five."}).encode(),  # 5
        b"\xef\xbb\xbf" + json.dumps({"id": "six", "text": "Six."}).encode(),  # 6: a second file cat-ed on
    ]
    path.write_bytes(b"\r\n".join(rows) + b"\r\n")
    items = list(read_articles([path]))
    assert [(a.id, a.origin) for a in _articles(items)] == [
        ("one", f"{path}:1"),
        ("five", f"{path}:5"),
        ("six", f"{path}:6"),
    ]
    assert [(e.line, e.source) for e in _errors(items)] == [(4, str(path))]


def test_extraction_errors_name_the_files_line(nlp, tmp_path, monkeypatch):
    from pipeline.batch import RunPaths, run_extract
    from pipeline.facts import EXTRACTORS

    country = type(EXTRACTORS["country"])
    real = country.facts

    def fragile(self, doc, article):
        if "BOOM" in article.text:
            raise RuntimeError("rule broke")
        return real(self, doc, article)

    monkeypatch.setattr(country, "facts", fragile)
    path = tmp_path / "in.jsonl"
    rows = [json.dumps({"id": "ok", "text": "Japan."}), "", json.dumps({"id": "bad", "text": "BOOM in Japan."})]
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(rows).encode() + b"\r\n")
    out = tmp_path / "facts.jsonl"
    run_extract([path], out)
    [error] = [json.loads(x) for x in RunPaths.for_output(out).errors.read_text(encoding="utf-8").splitlines()]
    assert (error["article_id"], error["source"], error["line"], error["stage"]) == ("bad", str(path), 3, "extract")


def test_an_extraction_error_without_origin_takes_no_line_from_the_id():
    from pipeline.extract import _article_error

    error = _article_error(Article(id="wire:12", text="x"), RuntimeError("boom"), "extract")
    assert (error.source, error.line) == ("wire:12", None)


# --- NUL characters ------------------------------------------------------------------


def test_a_nul_character_makes_a_bad_article_named_by_file_and_line(tmp_path):
    """PostgreSQL cannot store U+0000 and SQLite can: refused at read time, both load the same."""
    (tmp_path / "a.txt").write_bytes(b"Japan\x00 paid.")
    rows = [json.dumps({"id": "ok", "text": "Fine."}), json.dumps({"id": "nul", "text": "Bad \u0000 text."})]
    (tmp_path / "b.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "t", "text": "T.", "title": "A\u0000B"}) + "\n", encoding="utf-8")
    items = list(read_articles([tmp_path]))
    assert [a.id for a in _articles(items)] == ["ok"]
    errors = _errors(items)
    assert [(e.source, e.line, e.article_id) for e in errors] == [
        (str(tmp_path / "a.txt"), None, None),
        (str(tmp_path / "b.jsonl"), 2, "nul"),
        (str(tmp_path / "c.jsonl"), 1, "t"),
    ]
    assert "text: " in errors[0].reason and "NUL character (U+0000) at character 5" in errors[0].reason
    assert "text: " in errors[1].reason and "title: " in errors[2].reason
