"""Articles in, fact records out: the library behind ``factpipe extract``.

:func:`extract_doc` is the one extraction function (a parsed Doc and its
article to validated records); :func:`extract_chunk` is the unit of work of a
batch run (:mod:`pipeline.batch`): a list of articles in, one picklable
:class:`Outcome` per article out, the same function whether it runs
in-process, in a worker process or on a Dask worker.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from . import explain
from .data import UserData
from .facts import EXTRACTORS, PROBLEMS, facts_of, text_doc
from .io import ArticleError, to_json_line
from .language import foreign_language
from .records import Article, BaseFact, Problem

log = logging.getLogger(__name__)

BATCH_SIZE = 64


def extract_doc(doc: Doc, article: Article) -> list[BaseFact]:
    """Every fact of one parsed article, sorted by offset then type.

    The candidates dropped on the way are left on the Doc (:func:`fact_problems`).
    """
    return facts_of(doc, article)


def fact_problems(doc: Doc) -> list[Problem]:
    """The candidates :func:`extract_doc` dropped, each once, in text order.

    (Each once: a problem noted twice for one candidate is one problem.)
    """
    unique = dict.fromkeys(doc.user_data.get(PROBLEMS, []))
    return sorted(unique, key=lambda p: (p.start or 0, p.end or 0, p.fact_type or "", p.kind))


@dataclass
class ArticleResult:
    """The outcome for one article: its records and problems, or the error that stopped it."""

    article: Article | None
    facts: list[BaseFact] = field(default_factory=list)
    error: ArticleError | None = None
    words: int = 0
    problems: list[Problem] = field(default_factory=list)
    #: the candidates the components turned down (``--explain``); None when they were not recorded
    rejections: list[explain.Rejection] | None = None


def count_words(text: str) -> int:
    """Whitespace-separated words: the unit of the run summary and the benchmark."""
    return len(text.split())


def split_origin(origin: str) -> tuple[str, int | None]:
    """``"path:12"`` -> ``("path", 12)``; ``"path"`` -> ``("path", None)``."""
    head, sep, tail = origin.rpartition(":")
    if sep and head and tail.isdigit():
        return head, int(tail)
    return origin, None


def _where(article: Article) -> tuple[str, int | None]:
    """The article's file and line (``origin`` is "path" or "path:line")."""
    if article.origin is None:  # an id may hold a colon too ("wire:12"): it names no line
        return article.id, None
    return split_origin(article.origin)


def _article_error(article: Article, exc: BaseException, stage: str) -> ArticleError:
    """An error record naming the article's file and line."""
    source, line = _where(article)
    return ArticleError(source, f"{type(exc).__name__}: {exc}", stage=stage, article_id=article.id, line=line)


def problem_record(article: Article, problem: Problem) -> dict[str, Any]:
    """A line of the errors file for a problem: an error line's fields plus ``severity``, ``kind`` and the fact.

    Error lines (an article skipped) have no ``severity``; a problem's article is
    in the output, without the dropped fact (or with no facts at all).
    """
    source, line = _where(article)
    has_span = problem.start is not None and problem.end is not None
    return {
        "article_id": article.id,
        "source": source,
        "line": line,
        "stage": "extract",
        "error": problem.reason,
        "severity": "warning",
        "kind": problem.kind,
        "fact_type": problem.fact_type,
        "text": article.text[problem.start : problem.end] if has_span else None,
        "start": problem.start,
        "end": problem.end,
    }


def screen(article: Article) -> Problem | None:
    """Why an article is not extracted at all (empty, not English), or None.

    Such an article is written with no facts and reported as a problem.
    """
    if not article.text.strip():
        return Problem("empty_article", "the article has no text")
    language = foreign_language(article.text)
    if language is not None:
        return Problem("not_english", f"the text is not English: it reads as {_language_name(language)}")
    return None


def _language_name(code: str) -> str:
    """ "German (de)", or the bare code when CLDR does not name it."""
    from babel import Locale, UnknownLocaleError

    try:
        return f"{Locale.parse(code).english_name} ({code})"
    except (ValueError, UnknownLocaleError):
        return code


def _extract_one(doc: Doc, article: Article) -> ArticleResult:
    try:
        facts = extract_doc(doc, article)
        words = count_words(article.text)
        return ArticleResult(article, facts, words=words, problems=fact_problems(doc), rejections=explain.rejections(doc))
    except Exception as exc:  # one broken article must not stop the batch
        log.debug("extraction failed for %s", article.id, exc_info=True)
        return ArticleResult(article, error=_article_error(article, exc, "extract"))


def _parse_batch(nlp: Language, batch: list[Article], explaining: bool = False) -> Iterator[ArticleResult]:
    try:
        docs = list(nlp.pipe((_input(nlp, a, explaining) for a in batch), batch_size=len(batch)))
    except Exception:
        # isolate the article that broke the batch: parse one at a time (alone, it becomes an error line)
        log.debug("a batch of %d articles failed to parse: parsing them one at a time", len(batch), exc_info=True)
        for article in batch:
            yield from _parse_batch_one(nlp, article, explaining)
        return
    for doc, article in zip(docs, batch):
        yield _extract_one(doc, article)


def _input(nlp: Language, article: Article, explaining: bool) -> Doc:
    """What the pipeline is given for an article: its tokens, with the text known
    (:func:`pipeline.facts.text_doc`), and (``explaining``) marked to record what the components
    turn down (:func:`pipeline.explain.enable`)."""
    doc = text_doc(nlp, article.text)
    return explain.enable(doc) if explaining else doc


def _parse_batch_one(nlp: Language, article: Article, explaining: bool = False) -> Iterator[ArticleResult]:
    try:
        doc = nlp(_input(nlp, article, explaining))
    except Exception as exc:
        log.debug("parsing failed for %s", article.id, exc_info=True)
        yield ArticleResult(article, error=_article_error(article, exc, "parse"))
        return
    yield _extract_one(doc, article)


def article_digest(article: Article) -> str:
    """SHA-256 of everything extraction reads from an article: its text and its metadata.

    The publication date changes resolved date values, so a changed date makes a
    changed article just as a changed text does.
    """
    meta = [article.published.isoformat() if article.published else None, article.title, article.source, article.url]
    payload = json.dumps(meta, ensure_ascii=False).encode("utf-8") + b"\x00" + article.text.encode("utf-8")
    return hashlib.sha256(payload).hexdigest()


@dataclass(slots=True)
class Outcome:
    """One article's result as plain data: cheap to pickle back from a worker and to store.

    ``lines`` holds the article's records already serialized (JSON lines, each
    ending in a newline) so that serialization runs in the workers, not in the
    single process that writes the output.
    """

    article_id: str
    digest: str
    words: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    lines: str = ""
    error: dict[str, Any] | None = None
    #: the article's problems as errors-file lines (:func:`problem_record`); kept in the ledger too
    problems: list[dict[str, Any]] = field(default_factory=list)
    #: the candidates turned down, as explain-file lines (:func:`pipeline.explain.explain_lines`);
    #: None when the run did not ask for them (``--explain``); kept in the ledger too
    explained: str | None = None


def _outcome(result: ArticleResult, digest: str) -> Outcome:
    article = result.article
    assert article is not None
    if result.error is not None:
        return Outcome(article.id, digest, error=result.error.to_json())
    counts = Counter(f.type for f in result.facts)
    lines = "".join(to_json_line(f) + "\n" for f in result.facts)
    problems = [problem_record(article, p) for p in result.problems]
    explained = None if result.rejections is None else explain.explain_lines(article, result.rejections, result.facts)
    return Outcome(article.id, digest, result.words, dict(counts), lines, problems=problems, explained=explained)


#: words a process's pipeline parses before it is rebuilt (see :func:`extract_chunk`)
RECYCLE_WORDS = 2_000_000
_parsed_words: dict[tuple[str, str | None], int] = {}


def _pipeline(model: str, words: int, data: UserData | None = None) -> Language:
    """This process's pipeline, rebuilt once it has parsed :data:`RECYCLE_WORDS` words.

    spaCy interns every new word of every text in the pipeline's vocabulary
    and tokenizer cache (about 300 bytes each), so a long-lived pipeline grows
    with the vocabulary of the corpus.  Rebuilding it costs a fraction of a
    second; records do not change.  (``nlp.memory_zone()`` would also bound the
    growth but slows extraction by a fifth: it turns the tokenizer cache off.)
    The components own their data, so dropping the pipeline frees all of it.
    """
    from .nlp import forget_pipelines, pipeline_key, shared_nlp

    key = pipeline_key(model, data)
    parsed = _parsed_words.get(key, 0)
    if parsed >= RECYCLE_WORDS:
        log.debug("rebuilding the %s pipeline after %d words", model, parsed)
        forget_pipelines()
        gc.collect()
        parsed = 0
    _parsed_words[key] = parsed + words
    return shared_nlp(model, data)


def extract_chunk(
    articles: list[Article],
    model: str | None = None,
    digests: list[str] | None = None,
    data: UserData | None = None,
    explaining: bool = False,
) -> list[Outcome]:
    """Extract a chunk of articles with this process's pipeline: one Outcome per article, in order.

    ``data``: the user's data files, merged over the built-in ones (``--data``).
    ``explaining``: also record the candidates the components turn down (``--explain``).

    The pipeline is built once per process (:func:`pipeline.nlp.shared_nlp`), so
    a pool or Dask worker pays for it on its first chunk only (and again every
    :data:`RECYCLE_WORDS` words, which keeps its memory flat).
    """
    from . import DEFAULT_MODEL

    if not articles:
        return []
    if digests is None:
        digests = [article_digest(a) for a in articles]
    screened = [screen(a) for a in articles]
    todo = [a for a, problem in zip(articles, screened) if problem is None]
    parsed: Iterator[ArticleResult] = iter(())
    if todo:
        nlp = _pipeline(model or DEFAULT_MODEL, sum(count_words(a.text) for a in todo), data)
        parsed = _parse_batch(nlp, todo, explaining)
    nothing_turned_down: list[explain.Rejection] | None = [] if explaining else None  # an article not extracted
    results = [
        next(parsed)
        if problem is None
        else ArticleResult(a, words=count_words(a.text), problems=[problem], rejections=nothing_turned_down)
        for a, problem in zip(articles, screened)
    ]
    return [_outcome(result, digest) for result, digest in zip(results, digests)]


@dataclass
class RunSummary:
    """What a run did, for the terminal and for ``<out>.summary.json``.

    ``articles``, ``facts`` and ``words`` cover the whole output, reused
    articles included, so a resumed run reports what an uninterrupted one
    would; ``words_per_second`` is over the words this run extracted itself.
    """

    articles: int = 0
    facts: Counter = field(default_factory=Counter)
    errors: int = 0
    words: int = 0
    seconds: float = 0.0
    started: float = field(default_factory=time.time)
    #: articles taken from the state of an earlier run (``--resume``) instead of extracted
    reused: int = 0
    words_extracted: int = 0
    #: False when the run stopped early (``--strict`` and an error)
    completed: bool = True
    workers: int = 1
    engine: str = "local"
    errors_by_stage: Counter = field(default_factory=Counter)
    #: the error a stopped run (``--strict``) stopped at, described in one line
    first_error: str | None = None
    #: files found in input directories that are not articles (another suffix)
    skipped_files: list[str] = field(default_factory=list)
    #: problems of written articles: dropped facts, empty and non-English articles (by ``kind``)
    warnings_by_kind: Counter = field(default_factory=Counter)
    #: candidates turned down, written to the explain file (``--explain``)
    rejected: int = 0

    @property
    def warnings(self) -> int:
        return sum(self.warnings_by_kind.values())

    def add_outcome(self, outcome: Outcome, *, reused: bool = False) -> None:
        """Count an article that was written, and its problems (failures go through :meth:`add_error`)."""
        self.articles += 1
        self.words += outcome.words
        if reused:
            self.reused += 1
        else:
            self.words_extracted += outcome.words
        self.facts.update(outcome.counts)
        self.warnings_by_kind.update(p["kind"] for p in outcome.problems)
        self.rejected += outcome.explained.count("\n") if outcome.explained else 0

    def add_error(self, stage: str | None = None) -> None:
        self.errors += 1
        if stage:
            self.errors_by_stage[stage] += 1

    def to_json(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "facts": sum(self.facts.values()),
            "facts_by_type": {t: self.facts.get(t, 0) for t in EXTRACTORS},
            "errors": self.errors,
            "errors_by_stage": dict(sorted(self.errors_by_stage.items())),
            "skipped_files": self.skipped_files,
            "warnings": self.warnings,
            "warnings_by_kind": dict(sorted(self.warnings_by_kind.items())),
            "words": self.words,
            "seconds": round(self.seconds, 3),
            "words_per_second": round(self.words_extracted / self.seconds, 1) if self.seconds and self.words_extracted else None,
            "articles_reused": self.reused,
            "words_extracted": self.words_extracted,
            "completed": self.completed,
            "workers": self.workers,
            "engine": self.engine,
            "started_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.started)),
        }

    def describe(self) -> str:
        by_type = ", ".join(f"{t} {self.facts.get(t, 0)}" for t in EXTRACTORS)
        reused = f" ({self.reused} reused)" if self.reused else ""
        rate = f", {self.words_extracted / self.seconds:,.0f} words/s" if self.seconds and self.words_extracted else ""
        warnings = f", {self.warnings} warnings" if self.warnings else ""
        return (
            f"{self.articles} articles{reused}, {sum(self.facts.values())} facts ({by_type}), "
            f"{self.errors} errors{warnings}, {self.seconds:.1f}s{rate}"
        )
