"""Why a candidate was turned down: what ``factpipe extract --explain FILE`` writes and
``factpipe evaluate --explain FILE`` reads.

The fact components find candidates and turn some down by named checks (a date rule's
``rejects=``, the country rules, money's context checks, project's organisation line).
Where one does, it calls :func:`rejected` with the candidate's characters, the rule that
found it and the check's name: the reason code ("age", "in_a_name").  That is the one
place a rejection is recorded.

Recording is off unless the Doc was marked with :func:`enable` before the pipeline ran on
it (``extract --explain`` does that): :func:`rejected` then returns after one dictionary
lookup, and a component that would spend work only to tell the reason asks
:func:`wanted` first.  So extraction without ``--explain`` does what it did, at the speed
it did.  A spaCy user can do the same::

    doc = explain.enable(nlp.make_doc(text))
    nlp(doc)
    explain.rejections(doc)

The codes are the checks' names in the code; their sentences ("an age, not a date") are
curated data, ``data/reasons.json``.  Each fact module declares the codes it may give
(:func:`declare`): a code without a sentence stops the module from loading, and
:func:`rejected` refuses a code its type never declared.

No spaCy here: the record side (``evaluate``) reads explain files with :func:`read_explain`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .data import load_json, require
from .errors import GoldError
from .io import load_json_line

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from .records import Article, BaseFact

#: the data file of the sentences
REASONS_FILE = "reasons.json"
#: the section of :data:`REASONS_FILE` whose codes every fact type may give
EVERY_TYPE = "every_type"
#: the ``doc.user_data`` key of the rejections recorded on a Doc (present only when explaining)
KEY = "factpipe_rejected"
#: the fields every line of an explain file has (``why`` too, when it was written by ``extract``)
FIELDS = ("article_id", "type", "text", "start", "end", "rule", "reason")


@dataclass(frozen=True, slots=True)
class Rejection:
    """A candidate a component turned down: its type and characters, what found it, and why."""

    type: str
    start: int
    end: int
    #: what found the candidate, as a record's ``rule`` says it: ``date:duration``, ``money:ner_money``
    rule: str
    #: the reason code: the name of the check that turned it down
    reason: str


#: per fact type, the codes its module declared (:func:`declare`)
_DECLARED: dict[str, frozenset[str]] = {}


def sentence(fact_type: str, code: str) -> str:
    """The sentence of a reason code of ``fact_type``: ``sentence("date", "age") == "an age, not a date"``."""
    reasons = load_json(REASONS_FILE)
    found = reasons.get(fact_type, {}).get(code) or reasons[EVERY_TYPE].get(code)
    require(found is not None, REASONS_FILE, f"{fact_type}.{code}", "the code gives this reason but the file has no sentence for it")
    return found


def declare(fact_type: str, codes: Iterable[str]) -> frozenset[str]:
    """Declare the reason codes a fact module may give; each must have a sentence.

    Called when the module loads: a code without a sentence is a packaging bug,
    raised there (:class:`~pipeline.errors.DataFileError` naming the file and the code).
    The codes of :data:`EVERY_TYPE` are declared for every type.
    """
    declared = frozenset(codes) | frozenset(load_json(REASONS_FILE)[EVERY_TYPE])
    for code in sorted(declared):
        sentence(fact_type, code)
    _DECLARED[fact_type] = _DECLARED.get(fact_type, frozenset()) | declared
    return declared


def declared() -> dict[str, frozenset[str]]:
    """Every fact type's declared codes (for the tests that hold the data file to the code)."""
    return dict(_DECLARED)


# --- recording, on a Doc ------------------------------------------------------------


def enable(doc: Doc) -> Doc:
    """Record the rejections of the components that will run on ``doc`` (before they run)."""
    doc.user_data[KEY] = []
    return doc


def wanted(doc: Doc) -> bool:
    """Whether rejections are recorded on ``doc``: worth spending work to tell a reason."""
    return doc.user_data.get(KEY) is not None


def rejected(doc: Doc, fact_type: str, where: Span | tuple[int, int], rule: str, reason: str) -> None:
    """Record that a ``fact_type`` candidate (a Span, or character offsets) found by ``rule``
    (its bare name: "duration", "gazetteer") was turned down for ``reason`` (a declared code).

    Nothing happens unless the Doc was :func:`enable`-d.
    """
    found = doc.user_data.get(KEY)
    if found is None:
        return
    if reason not in _DECLARED.get(fact_type, ()):
        raise ValueError(f"{fact_type} reason {reason!r} was never declared (pipeline.explain.declare)")
    start, end = where if isinstance(where, tuple) else (where.start_char, where.end_char)
    found.append(Rejection(fact_type, start, end, f"{fact_type}:{rule}", reason))


def rejections(doc: Doc) -> list[Rejection] | None:
    """The rejections recorded on ``doc``, each once, by offset; None when none were recorded
    (the Doc was not :func:`enable`-d)."""
    found = doc.user_data.get(KEY)
    if found is None:
        return None
    return sorted(set(found), key=lambda r: (r.start, r.end, r.type, r.rule, r.reason))


def explain_lines(article: Article, found: Iterable[Rejection], facts: Iterable[BaseFact]) -> str:
    """The lines of an explain file for one article: each rejection as a JSON object, by offset.

    A rejection that shares characters with a fact of its type that was written is left out:
    another reading of that text won (a longer match, another pattern), and the fact is there.
    """
    kept: dict[str, list[tuple[int, int]]] = {}
    for fact in facts:
        kept.setdefault(fact.type, []).append((fact.start, fact.end))
    lines = []
    for r in found:
        if any(start < r.end and r.start < end for start, end in kept.get(r.type, ())):
            continue
        line = {
            "article_id": article.id,
            "type": r.type,
            "text": article.text[r.start : r.end],
            "start": r.start,
            "end": r.end,
            "rule": r.rule,
            "reason": r.reason,
            "why": sentence(r.type, r.reason),
        }
        lines.append(json.dumps(line, ensure_ascii=False) + "\n")
    return "".join(lines)


# --- reading an explain file ----------------------------------------------------------


def read_explain(path: str | Path) -> dict[str, list[dict[str, Any]]]:
    """The rejections of an explain file, by article id, in file order.

    A missing or unreadable file, or a line that is not an object with :data:`FIELDS`,
    is a :class:`~pipeline.errors.GoldError` naming the file and line (``evaluate`` exits 2).
    """
    path = Path(path)
    found: dict[str, list[dict[str, Any]]] = {}
    if not path.is_file():
        raise GoldError(f"{path}: no such file (the --explain file written by extract)")
    try:
        with path.open(encoding="utf-8") as handle:
            for number, item in _lines(handle, path):
                if not isinstance(item, dict) or not set(FIELDS) <= item.keys():
                    raise GoldError(f"{path}:{number}: an explain line needs {', '.join(FIELDS)}")
                if not isinstance(item["start"], int) or not isinstance(item["end"], int):
                    raise GoldError(f"{path}:{number}: start and end must be integers")
                found.setdefault(item["article_id"], []).append(item)
    except OSError as exc:
        raise GoldError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise GoldError(f"{path}: not UTF-8: {exc}") from None
    return found


def _lines(handle: Iterable[str], path: Path) -> Iterator[tuple[int, Any]]:
    for number, line in enumerate(handle, 1):
        if not line.strip():
            continue
        try:
            yield number, load_json_line(line)
        except json.JSONDecodeError as exc:
            raise GoldError(f"{path}:{number}: not valid JSON: {exc}") from None


def describe(rejection: dict[str, Any]) -> str:
    """One rejection as ``evaluate`` prints it: ``rejected by date:duration (age: an age, not a date)``."""
    why = f": {rejection['why']}" if rejection.get("why") else ""
    return f"rejected by {rejection['rule']} ({rejection['reason']}{why})"
