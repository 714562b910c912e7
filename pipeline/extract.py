"""Articles in, fact records out: the library behind ``factpipe extract``.

:func:`extract_docs` is the one extraction function (a parsed Doc and its
article to validated records); :func:`process` streams articles through
``nlp.pipe`` and yields, per article, its records or an error; :func:`run`
writes them and returns a :class:`RunSummary`.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from .facts import EXTRACTORS
from .io import ArticleError
from .models import Article, BaseFact

log = logging.getLogger(__name__)

BATCH_SIZE = 64


def extract_doc(doc: Doc, article: Article) -> list[BaseFact]:
    """Every fact of one parsed article, sorted by offset then type."""
    facts: list[BaseFact] = []
    for extractor in EXTRACTORS.values():
        facts.extend(extractor.facts(doc, article))
    facts.sort(key=lambda f: (f.start, f.end, f.type))
    return facts


@dataclass
class ArticleResult:
    """The outcome for one article: its records, or the error that stopped it."""

    article: Article | None
    facts: list[BaseFact] = field(default_factory=list)
    error: ArticleError | None = None
    words: int = 0


def _extract_one(doc: Doc, article: Article) -> ArticleResult:
    try:
        return ArticleResult(article, extract_doc(doc, article), words=len(doc))
    except Exception as exc:  # one broken article must not stop the batch
        log.debug("extraction failed for %s", article.id, exc_info=True)
        return ArticleResult(
            article,
            error=ArticleError(
                article.origin or article.id, f"{type(exc).__name__}: {exc}", stage="extract", article_id=article.id
            ),
        )


def _parse_batch(nlp: Language, batch: list[Article]) -> Iterator[ArticleResult]:
    try:
        docs = list(nlp.pipe((a.text for a in batch), batch_size=len(batch)))
    except Exception:
        if len(batch) == 1:
            raise
        # isolate the article that broke the batch: parse one at a time
        for article in batch:
            yield from _parse_batch_one(nlp, article)
        return
    for doc, article in zip(docs, batch):
        yield _extract_one(doc, article)


def _parse_batch_one(nlp: Language, article: Article) -> Iterator[ArticleResult]:
    try:
        doc = nlp(article.text)
    except Exception as exc:
        yield ArticleResult(
            article,
            error=ArticleError(
                article.origin or article.id, f"{type(exc).__name__}: {exc}", stage="parse", article_id=article.id
            ),
        )
        return
    yield _extract_one(doc, article)


def process(
    items: Iterable[Article | ArticleError], nlp: Language, *, batch_size: int = BATCH_SIZE
) -> Iterator[ArticleResult]:
    """Stream articles through the pipeline, in input order, a batch at a time."""
    batch: list[Article] = []
    for item in items:
        if isinstance(item, ArticleError):
            yield from _flush(nlp, batch)
            batch = []
            yield ArticleResult(None, error=item)
            continue
        batch.append(item)
        if len(batch) >= batch_size:
            yield from _flush(nlp, batch)
            batch = []
    yield from _flush(nlp, batch)


def _flush(nlp: Language, batch: list[Article]) -> Iterator[ArticleResult]:
    if batch:
        yield from _parse_batch(nlp, batch)


@dataclass
class RunSummary:
    """What a run did, for the terminal and for ``<out>.summary.json``."""

    articles: int = 0
    facts: Counter = field(default_factory=Counter)
    errors: int = 0
    words: int = 0
    seconds: float = 0.0
    started: float = field(default_factory=time.time)

    def add(self, result: ArticleResult) -> None:
        if result.error is not None:
            self.errors += 1
            return
        self.articles += 1
        self.words += result.words
        self.facts.update(f.type for f in result.facts)

    def to_json(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "facts": sum(self.facts.values()),
            "facts_by_type": {t: self.facts.get(t, 0) for t in EXTRACTORS},
            "errors": self.errors,
            "words": self.words,
            "seconds": round(self.seconds, 3),
            "words_per_second": round(self.words / self.seconds, 1) if self.seconds else None,
        }

    def describe(self) -> str:
        by_type = ", ".join(f"{t} {self.facts.get(t, 0)}" for t in EXTRACTORS)
        return (
            f"{self.articles} articles, {sum(self.facts.values())} facts ({by_type}), "
            f"{self.errors} errors, {self.seconds:.1f}s"
        )
