"""Reading articles (txt + sidecar, jsonl) and writing JSONL atomically."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from pipeline.io import ArticleError, atomic_writer, load_json_line, read_articles, to_json_line
from pipeline.models import Article


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
    assert [a.id for a in _articles(read_articles([tmp_path]))] == ["a", "z"]


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
