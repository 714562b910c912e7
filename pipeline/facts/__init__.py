"""The fact types, one module each, found by discovery.

A fact type has its record class in :mod:`pipeline.records` (a subclass of
:class:`~pipeline.records.BaseFact` with ``type: Literal["<type>"]``, listed in
:data:`~pipeline.records.RECORDS`: the contract, readable without spaCy), and a
fact module (``pipeline/facts/<type>.py``) that defines

* a spaCy factory (``@Language.factory("factpipe_<type>")``) that finds
  candidate spans and stores them in ``doc.spans["<type>"]``, the only thing
  another component may read: what a later one needs is published on the
  spans (a country candidate's ISO code is its ``kb_id_``, readable as
  ``span._.iso_alpha2``; a candidate's exact characters, when it starts or
  ends inside a token, are ``span._.factpipe_chars``).  The factory declares
  what it ``assigns`` and ``requires`` (spaCy's attribute names); the pipeline
  puts a component after the ones assigning what it requires
  (:func:`pipeline_order`).  Its ``default_config`` holds ``data_dir`` (user
  data files merged over the built-in ones, :mod:`pipeline.data`) and its
  tunables; the component builds its gazetteers and patterns on the instance
  from them (no module-level cache: dropping the pipeline frees them) and
  leaves what its own extractor needs on the Doc (``doc.user_data``);
* ``EXTRACTOR``, an instance of a :class:`FactExtractor` subclass that turns the
  candidates of one Doc into records.

Adding a fact type is adding one such module, its record class, its data
file and its tests: this package imports every module in it, and refuses to
load when the extractors found and the records' types disagree.

A spaCy user needs none of this: the factories are ``spacy_factories`` entry
points, and ``doc._.facts`` holds the records of the components that ran
(:func:`doc_facts`).
"""

from __future__ import annotations

import bisect
import builtins
import functools
import hashlib
import importlib
import pkgutil
import re
import weakref
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from pydantic import ValidationError
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .. import explain
from ..records import RECORDS, Article, BaseFact, Problem, fact_id

#: the ``doc.user_data`` key of the problems the extractors met (see :meth:`FactExtractor.report`)
PROBLEMS = "factpipe_problems"
#: record fields whose refusal means an amount out of range (``records.AMOUNT_DIGITS``)
_AMOUNT_FIELDS = ("amount", "amount_max")


class FactExtractor(ABC):
    """Turns the candidates a spaCy component left on a Doc into fact records."""

    #: the ``type`` of the records, and the key of ``doc.spans`` the component fills
    type: ClassVar[str]
    #: the record class
    record: ClassVar[builtins.type[BaseFact]]  # ``type`` is the attribute above
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
            first = span.start
        else:
            start, end = span
            covering = doc.char_span(start, end, alignment_mode="expand")
            assert covering is not None, "offsets inside the text always expand to tokens"
            first = covering.start
        index = doc_index(doc)
        sent = index.sent(first)
        try:
            return self.record(
                id=fact_id(article.id, self.type, start, end),
                article_id=article.id,
                text=article.text[start:end],
                start=start,
                end=end,
                sentence=sentence_window(index.sent_text(first), start - sent.start_char, end - sent.start_char),
                **fields,
            )
        except ValidationError as exc:
            fields_refused = {err["loc"][0] for err in exc.errors() if err["loc"]}
            kind = "amount_out_of_range" if fields_refused & set(_AMOUNT_FIELDS) else "invalid_fact"
            self.report(doc, kind, _refusal(exc), start, end)
            explain.rejected(doc, self.type, (start, end), str(fields.get("rule", "")).partition(":")[2], kind)
            return None

    def provenance(self, rule: str, modifier: str | None = None) -> str:
        """A record's ``rule``, one format for every type: ``<type>:<rule>[+<modifier>]``.

        ``rule`` names what found the candidate (a gazetteer, a grammar rule, the
        model's NER), ``modifier`` what changed its reading afterwards ("countries":
        the article's countries chose the currency).

        >>> EXTRACTORS["money"].provenance("name", "countries")
        'money:name+countries'
        """
        return f"{self.type}:{rule}" + (f"+{modifier}" if modifier else "")

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


#: the longest ``sentence`` a record carries, in characters.  The evaluation sets'
#: longest sentence holding a fact has 1,093 characters (AQUAINT; TimeBank 1,005),
#: so no real sentence is cut; a longer one is a splitter failure or a list, and
#: repeating it whole in each of its facts' records made output quadratic.
MAX_SENTENCE_CHARS = 2000


def sentence_window(sentence: str, start: int, end: int, limit: int = MAX_SENTENCE_CHARS) -> str:
    """The record's ``sentence``: the whole sentence, or, when longer than ``limit``, a window of it.

    ``start``/``end`` are the fact's offsets in ``sentence``.  The window takes
    about as much text on each side of the fact (what one side lacks goes to
    the other), is cut at whitespace (mid-word only inside a single word longer
    than the window) and stripped, so it is still a verbatim substring of the
    article, holds the whole fact and has at most ``limit`` characters (only a
    fact longer than ``limit`` is its own, longer, window).
    """
    if len(sentence) <= limit:
        return sentence
    end = min(end, len(sentence))  # a span may run past its sentence's end
    if end - start >= limit:
        return sentence[start:end]
    lo = max(0, min(start - (limit - (end - start)) // 2, len(sentence) - limit))
    hi = lo + limit
    if lo > 0 and not sentence[lo - 1].isspace():  # do not begin inside a word
        space = _SPACE.search(sentence, lo, start)
        lo = space.start() if space else lo
    if hi < len(sentence) and not sentence[hi].isspace():  # nor end inside one
        space = _LAST_SPACE.search(sentence, end, hi)
        hi = space.start() if space else hi
    while lo < start and sentence[lo].isspace():
        lo += 1
    while hi > end and sentence[hi - 1].isspace():
        hi -= 1
    return sentence[lo:hi]


_SPACE = re.compile(r"\s")
_LAST_SPACE = re.compile(r"\s\S*$")


class DocIndex:
    """Lookups on one Doc that spaCy answers by walking it, answered once per Doc.

    ``span.sent`` walks the tokens back to the sentence start and on to its end,
    ``doc.ents`` and ``span.ents`` build every entity anew: done per fact, a
    sentence or an article dense with facts costs quadratic time.  The fact
    modules ask this index instead (:func:`doc_index`); its answers are the
    same.  ``memo`` holds per-Doc memos of the fact modules, by key.  The index
    lives in ``doc.user_data`` and keeps no Span and only a weak reference to
    the Doc: a reference cycle would keep every Doc alive until the next full
    garbage collection.
    """

    def __init__(self, doc: Doc):
        self._doc = weakref.ref(doc)
        if not doc.has_annotation("SENT_START"):
            doc[0:1].sent  # raises spaCy's own error  # noqa: B018
        flags = doc.to_array("SENT_START").tolist()
        #: the first token of each sentence, as ``Span.sent`` reads them
        self.starts: list[int] = [0, *(i for i in range(1, len(doc)) if flags[i] == 1)]
        self._texts: dict[int, str] = {}
        self._ents: list[tuple[int, int, str]] | None = None
        self._ent_starts: list[int] = []
        self.memo: dict[Any, Any] = {}

    @property
    def doc(self) -> Doc:
        doc = self._doc()
        if doc is None:  # the index lives in the Doc's user_data: it cannot outlive its Doc in use
            raise ReferenceError("the Doc of this index is gone")
        return doc

    def _bounds(self, i: int) -> tuple[int, int]:
        k = bisect.bisect_right(self.starts, i) - 1
        return self.starts[k], self.starts[k + 1] if k + 1 < len(self.starts) else len(self.doc)

    def sent(self, i: int) -> Span:
        """The sentence of token ``i``: ``doc[i].sent``, and ``span.sent`` for a span starting at ``i``."""
        start, end = self._bounds(i)
        return self.doc[start:end]

    def sent_text(self, i: int) -> str:
        """``doc[i].sent.text``, cut once per sentence from the text (``Span.text`` joins its tokens)."""
        start, end = self._bounds(i)
        if start not in self._texts:
            starts, lengths = self._offsets
            self._texts[start] = doc_text(self.doc)[starts[start] : starts[end - 1] + lengths[end - 1]]
        return self._texts[start]

    @functools.cached_property
    def _offsets(self) -> tuple[list[int], list[int]]:
        """Each token's character offset and length (``token.idx``, ``len(token)``), read at once
        (a column at a time: numpy turns a two-column array of unsigned integers into lists
        twenty times slower)."""
        columns = self.doc.to_array(["IDX", "LENGTH"])
        return columns[:, 0].tolist(), columns[:, 1].tolist()

    def _entities(self) -> list[tuple[int, int, str]]:
        if self._ents is None:  # ``doc.ents`` once
            self._ents = [(e.start, e.end, e.label_) for e in self.doc.ents]
            self._ent_starts = [e[0] for e in self._ents]
        return self._ents

    def ent_at(self, i: int) -> Span | None:
        """The entity token ``i`` is in, if any (entities do not overlap)."""
        ents = self._entities()
        k = bisect.bisect_right(self._ent_starts, i) - 1
        if k < 0 or ents[k][1] <= i:
            return None
        start, end, label = ents[k]
        return Span(self.doc, start, end, label=label)

    @functools.cached_property
    def token_texts(self) -> list[str]:
        """``[t.text for t in doc]``, cut from the text by offset: no Token object is made."""
        text = doc_text(self.doc)
        return [text[start : start + length] for start, length in zip(*self._offsets)]

    def sent_ents(self, i: int) -> list[Span]:
        """``doc[i].sent.ents``: the entities wholly inside token ``i``'s sentence, in order."""
        first, last = self._bounds(i)
        ents = self._entities()
        found = []
        for k in range(bisect.bisect_left(self._ent_starts, first), len(ents)):
            start, end, label = ents[k]
            if end > last:
                break
            found.append(Span(self.doc, start, end, label=label))
        return found

    def run_end(self, key: Any, i: int, step: int, inside: Callable[[Token], bool]) -> int:
        """The first token from ``i`` on, going by ``step`` (1 or -1), that is not ``inside``:
        its index, or -1 or ``len(doc)`` when there is none.

        ``key`` names ``inside``.  Remembered per Doc: scans that start at many
        places along one run pay for the run once, not once per start.
        """
        memo = self.memo.setdefault(("run_end", key, step), {})
        doc = self.doc
        seen = []
        while 0 <= i < len(doc) and i not in memo:
            if not inside(doc[i]):
                memo[i] = i
                break
            seen.append(i)
            i += step
        found = memo[i] if 0 <= i < len(doc) else i
        for j in seen:
            memo[j] = found
        return found

    def sent_count(self, i: int, key: Any, test: Callable[[Token], bool]) -> int:
        """How many tokens of token ``i``'s sentence pass ``test`` (``key`` names the test): counted once per sentence."""
        start = self._bounds(i)[0]
        memo = self.memo.setdefault(("sent_count", key), {})
        if start not in memo:
            memo[start] = sum(1 for t in self.sent(i) if test(t))
        return memo[start]


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc and kept in ``doc.user_data``.

    spaCy builds ``Doc.text`` anew on each call by joining every token (a Token
    object made for each): 1-2 ms for a news article, paid by each fact
    component and extractor that reads the text, and once per candidate where a
    check reads it.  A Doc's text never changes (retokenizing keeps it).
    """
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def text_doc(nlp: Language, text: str) -> Doc:
    """``nlp.make_doc(text)`` with its :func:`doc_text` known: spaCy's tokenizer keeps every
    character, so the Doc's text is ``text`` and need not be joined from the tokens."""
    doc = nlp.make_doc(text)
    doc.user_data[_TEXT_KEY] = text
    return doc


_TEXT_KEY = "factpipe_text"


def doc_index(doc: Doc) -> DocIndex:
    """The Doc's :class:`DocIndex`, built on first use and kept in ``doc.user_data``.

    Build it only once the Doc's sentences and entities are final (the fact
    components run after the model's).
    """
    index = doc.user_data.get(_INDEX_KEY)
    if index is None or index.doc is not doc:
        index = doc.user_data[_INDEX_KEY] = DocIndex(doc)
    return index


_INDEX_KEY = "factpipe_index"


class Intervals:
    """Disjoint intervals, sorted: an overlap test by bisection.

    Candidates are kept when they overlap none taken before (so what is added
    is disjoint); testing each against every one taken is quadratic in a text
    dense with candidates.
    """

    def __init__(self, pairs: Iterable[tuple[int, int]] = ()):
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in sorted(pairs):
            self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        """Some interval shares a character with ``[start, end)``."""
        k = bisect.bisect_right(self.starts, start)
        if k and self.ends[k - 1] > start and self.starts[k - 1] < end:
            return True
        return k < len(self.starts) and self.starts[k] < end

    def add(self, start: int, end: int) -> None:
        if start < end:  # an empty interval overlaps nothing
            k = bisect.bisect_right(self.starts, start)
            self.starts.insert(k, start)
            self.ends.insert(k, end)


# --- what components publish on their spans, and the order that follows -------


def chars(span: Span) -> tuple[int, int]:
    """A candidate's exact characters: its own, or narrower when it starts or ends inside a token
    ("U.S." in the token "U.S.-led"), as :func:`candidate_span` recorded them."""
    return span.doc.user_data.get(_CHARS_KEY, {}).get((span.start, span.end, span.label_, span.id_), (span.start_char, span.end_char))


def candidate_span(doc: Doc, start: int, end: int, label: str, kb_id: str = "", span_id: str = "") -> Span | None:
    """The token span of the characters ``start``..``end`` (None when they hold no token), with
    ``label``, ``kb_id`` and ``span_id`` (spaCy's span attributes), keeping the exact
    characters for :func:`chars` when they are narrower than the tokens.

    Kept per (tokens, label, id) in ``doc.user_data``, not as a settable extension: spaCy keys
    those by the tokens' characters only, and two candidates may share a token ("U.S.-Iraq").
    """
    span = doc.char_span(start, end, label=label, kb_id=kb_id, span_id=span_id, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    if (span.start_char, span.end_char) != (start, end):
        doc.user_data.setdefault(_CHARS_KEY, {})[(span.start, span.end, span.label_, span.id_)] = (start, end)
    return span


_CHARS_KEY = "factpipe_chars"


def _iso_alpha2(span: Span) -> str | None:
    """A country candidate's ISO 3166-1 alpha-2 code (its ``kb_id_``; None for a state without one)."""
    return span.kb_id_ or None


Span.set_extension("factpipe_chars", getter=chars, force=True)
Span.set_extension("iso_alpha2", getter=_iso_alpha2, force=True)


def pipeline_order(components: Iterable[str]) -> list[str]:
    """The fact components in an order where each comes after those that ``assign`` what it ``requires``.

    Read from their factories' declarations (``@Language.factory(..., assigns=, requires=)``);
    attributes no component in ``components`` assigns (the model's ``doc.ents``) impose
    nothing.  Otherwise the given order stands.  A cycle is a packaging bug: TypeError.

    >>> pipeline_order(["factpipe_project", "factpipe_money", "factpipe_country"])
    ['factpipe_country', 'factpipe_project', 'factpipe_money']
    """
    names = list(dict.fromkeys(components))
    metas = {name: Language.get_factory_meta(name) for name in names}
    after = {
        name: {other for other in names if other != name and set(metas[name].requires) & set(metas[other].assigns)}
        for name in names
    }
    order: list[str] = []
    while len(order) < len(names):
        ready = next((n for n in names if n not in order and after[n] <= set(order)), None)
        if ready is None:
            left = [n for n in names if n not in order]
            raise TypeError(f"the fact components {', '.join(left)} require each other's attributes: no order runs them")
        order.append(ready)
    return order


def facts_of(doc: Doc, article: Article) -> list[BaseFact]:
    """Every fact of one parsed article, sorted by offset then type: each fact type's
    candidates (those of the components that ran) turned into records.

    The candidates dropped on the way are left on the Doc (``doc.user_data[PROBLEMS]``).
    """
    doc.user_data[PROBLEMS] = []
    facts: list[BaseFact] = []
    for extractor in EXTRACTORS.values():
        facts.extend(extractor.facts(doc, article))
    facts.sort(key=lambda f: (f.start, f.end, f.type))
    return facts


def doc_facts(doc: Doc) -> list[BaseFact]:
    """``doc._.facts``: the records of a Doc the fact components ran on, for spaCy users.

    The Doc has no article metadata: the article is the Doc's text, with no
    publication date (``published`` null, so relative dates stay unresolved),
    and an id made from the text (a text always gives the same fact ids).
    """
    digest = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()[:16]
    return facts_of(doc, Article(id=f"doc-{digest}", text=doc.text))


Doc.set_extension("facts", getter=doc_facts, force=True)


def _discover() -> dict[str, FactExtractor]:
    found: dict[str, FactExtractor] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        extractor = getattr(module, "EXTRACTOR", None)
        if isinstance(extractor, FactExtractor):
            found[extractor.type] = extractor
    check_records(found)
    return found


def check_records(extractors: dict[str, FactExtractor], records: tuple[type[BaseFact], ...] = RECORDS) -> None:
    """Every extractor builds a record of :data:`pipeline.records.RECORDS` for its own type, and every record has an extractor.

    A fact type added on one side only would write records no schema
    describes, or describe records nothing writes: a packaging bug, found at import.
    """
    by_type = {record.fact_type: record for record in records}
    for name, extractor in extractors.items():
        if by_type.get(name) is not extractor.record:
            raise TypeError(
                f"the {name!r} extractor builds {getattr(extractor.record, '__name__', extractor.record)}, "
                f"which is not the {name!r} record of pipeline.records.RECORDS"
            )
    if missing := [r.fact_type for r in records if r.fact_type not in extractors]:
        raise TypeError(f"pipeline.records.RECORDS has no extractor in pipeline/facts/ for {', '.join(missing)}")


#: every fact type's extractor, by type name, in a stable order
EXTRACTORS: dict[str, FactExtractor] = _discover()
FACT_TYPES: tuple[str, ...] = tuple(EXTRACTORS)
