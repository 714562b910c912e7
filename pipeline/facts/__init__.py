"""The fact types, one module each, found by discovery.

A fact module (``pipeline/facts/<type>.py``) defines

* its record class, a subclass of :class:`pipeline.models.BaseFact` with
  ``type: Literal["<type>"]``;
* a spaCy factory (``@Language.factory("factpipe_<type>")``) that finds
  candidate spans and stores them in ``doc.spans["<type>"]``;
* ``EXTRACTOR``, an instance of a :class:`FactExtractor` subclass that turns the
  candidates of one Doc into records.

Adding a fact type is adding one such module, its data file and its tests:
this package imports every module in it and builds the union :data:`Fact`.
"""

from __future__ import annotations

import importlib
import pkgutil
from abc import ABC, abstractmethod
from typing import Annotated, ClassVar, Iterable, Union

from pydantic import Field, TypeAdapter, ValidationError
from spacy.tokens import Doc, Span

from ..models import Article, BaseFact, Problem, fact_id

#: the ``doc.user_data`` key of the problems the extractors met (see :meth:`FactExtractor.report`)
PROBLEMS = "factpipe_problems"
#: record fields whose refusal means an amount out of range (``models.AMOUNT_DIGITS``)
_AMOUNT_FIELDS = ("amount", "amount_max")


class FactExtractor(ABC):
    """Turns the candidates a spaCy component left on a Doc into fact records."""

    #: the ``type`` of the records, and the key of ``doc.spans`` the component fills
    type: ClassVar[str]
    #: the record class
    record: ClassVar[type[BaseFact]]
    #: the name of the spaCy factory that finds candidates
    component: ClassVar[str]
    #: config for that factory, when it needs any
    component_config: ClassVar[dict] = {}

    @abstractmethod
    def facts(self, doc: Doc, article: Article) -> Iterable[BaseFact]:
        """The records of one Doc, in text order."""

    def make(self, span: Span | tuple[int, int], doc: Doc, article: Article, **fields) -> BaseFact | None:
        """Build a validated record for a span (a Span or character offsets).

        None when the record refuses the values (an amount past the limit): the
        candidate is dropped and reported (:meth:`report`), the article's other
        facts stay.
        """
        if isinstance(span, Span):
            start, end = span.start_char, span.end_char
            sentence = span.sent.text
        else:
            start, end = span
            sentence = doc.char_span(start, end, alignment_mode="expand").sent.text
        try:
            return self.record(
                id=fact_id(article.id, self.type, start, end),
                article_id=article.id,
                text=article.text[start:end],
                start=start,
                end=end,
                sentence=sentence,
                **fields,
            )
        except ValidationError as exc:
            fields_refused = {err["loc"][0] for err in exc.errors() if err["loc"]}
            kind = "amount_out_of_range" if fields_refused & set(_AMOUNT_FIELDS) else "invalid_fact"
            self.report(doc, kind, _refusal(exc), start, end)
            return None

    def report(self, doc: Doc, kind: str, reason: str, start: int, end: int) -> None:
        """Note a dropped candidate on the Doc; :func:`pipeline.extract.extract_doc` collects it."""
        doc.user_data.setdefault(PROBLEMS, []).append(Problem(kind, reason, self.type, start, end))


def _refusal(exc: ValidationError) -> str:
    """Why a record was refused, one line: "amount: 1E+29 has more than 28 digits before the point"."""
    parts = []
    for err in exc.errors():
        why = err.get("ctx", {}).get("error") or err["msg"]  # a validator's own message, without "Value error, "
        parts.append(f"{'.'.join(str(p) for p in err['loc'])}: {why}")
    return "; ".join(parts)


def _discover() -> dict[str, FactExtractor]:
    found: dict[str, FactExtractor] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        extractor = getattr(module, "EXTRACTOR", None)
        if isinstance(extractor, FactExtractor):
            found[extractor.type] = extractor
    return found


#: every fact type's extractor, by type name, in a stable order
EXTRACTORS: dict[str, FactExtractor] = _discover()
FACT_TYPES: tuple[str, ...] = tuple(EXTRACTORS)
RECORDS: tuple[type[BaseFact], ...] = tuple(e.record for e in EXTRACTORS.values())

#: the union of all fact records, discriminated on ``type``
Fact = Annotated[Union[RECORDS], Field(discriminator="type")]  # type: ignore[valid-type]
FACT_ADAPTER: TypeAdapter = TypeAdapter(Fact)
