"""Scoring predicted facts against gold, exactly as ANNOTATION.md's "Scoring" says.

For each article and fact type a predicted fact matches an unmatched gold fact
when the spans overlap and the normalized key agrees (country: ``iso_alpha2``,
or the name when there is none; date: ``value``; money: ``amount`` and
``currency``; project: the span only).  Relaxed scores count those matches;
strict ones also require identical offsets.  Optional gold facts count neither
way: a prediction overlapping one is neither a hit nor a false alarm.  For
countries the set of distinct countries per article is scored too.

Beside the counts, the report keeps what the relaxed matching made of each
fact (:class:`FactOutcome`: hit, miss, false alarm, wrong value, optional), for
a reviewer's page (``factpipe evaluate --html``, :mod:`pipeline.review`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .errors import GoldError
from .explain import describe
from .io import load_json_line
from .records import RECORD_TYPES

# --- keys ----------------------------------------------------------------------


def fact_key(fact: dict) -> Any:
    """The normalized value a match must agree on: the record class's :meth:`~pipeline.records.BaseFact.scoring_key`."""
    record = RECORD_TYPES.get(fact["type"])
    return record.scoring_key(fact) if record is not None else None


def _agree(gold: dict, predicted_key: Any) -> bool:
    """Whether a prediction's key agrees with a gold fact's (the record class's ``keys_agree``)."""
    record = RECORD_TYPES.get(gold["type"])
    gold_key = fact_key(gold)
    return record.keys_agree(gold_key, predicted_key) if record is not None else gold_key == predicted_key


# --- reading -------------------------------------------------------------------


def _gold_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted([*path.rglob("*.gold.json"), *path.rglob("gold.jsonl")])
            if not found:
                raise GoldError(f"{path}: no *.gold.json or gold.jsonl files in this directory")
            yield from found
        elif path.is_file():
            yield path
        else:
            raise GoldError(f"{path}: no such file or directory")


def read_gold(paths: Iterable[str | Path]) -> dict[str, dict]:
    """Gold articles by id, from ``*.gold.json`` files, directories, or ``gold.jsonl`` files."""
    gold: dict[str, dict] = {}
    for path in _gold_files(paths):
        with _reading(path):
            if path.suffix == ".jsonl":
                with path.open(encoding="utf-8") as handle:
                    for number, line in enumerate(handle, 1):
                        if line.strip():
                            _add_gold(gold, _parse(line, f"{path}:{number}"), f"{path}:{number}")
            else:
                _add_gold(gold, _parse(path.read_text(encoding="utf-8"), str(path)), str(path))
    return gold


@contextmanager
def _reading(path: Path) -> Iterator[None]:
    """A file that cannot be read (permissions, a disk error) is a :class:`GoldError` naming it."""
    try:
        yield
    except OSError as exc:
        raise GoldError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _parse(text: str, where: str) -> Any:
    try:
        return load_json_line(text)
    except json.JSONDecodeError as exc:
        raise GoldError(f"{where}: not valid JSON: {exc}") from None


def _add_gold(gold: dict[str, dict], obj: Any, where: str) -> None:
    if not isinstance(obj, dict) or "article_id" not in obj or not isinstance(obj.get("facts"), list):
        raise GoldError(f"{where}: a gold object needs 'article_id' and a 'facts' list")
    gold[obj["article_id"]] = obj


def read_predictions(path: str | Path) -> dict[str, list[dict]]:
    """Predicted facts by article id, from a facts JSONL file."""
    preds: dict[str, list[dict]] = defaultdict(list)
    for _, fact in iter_facts(path):
        preds[fact["article_id"]].append(fact)
    return preds


#: what every fact line must have, and of what JSON type, to be scored or compared
FACT_IDENTITY = {"article_id": "string", "type": "string", "start": "integer", "end": "integer"}


def iter_facts(path: str | Path) -> Iterator[tuple[int, dict]]:
    """``(line number, fact)`` for each non-blank line of a facts JSONL file, as written.

    Only the fields that place a fact (:data:`FACT_IDENTITY`) are checked, so a file
    of another release, with fields this one lacks, can still be scored and compared.
    Any problem is a :class:`GoldError` naming the file and line.
    """
    path = Path(path)
    if not path.is_file():
        raise GoldError(f"{path}: no such file")
    with _reading(path), path.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            where = f"{path}:{number}"
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise GoldError(f"{where}: not valid UTF-8 ({exc.reason} at byte {exc.start})") from None
            fact = _parse(line, where)
            if not isinstance(fact, dict):
                raise GoldError(f"{where}: a fact is a JSON object, not {_json_kind(fact)}")
            if missing := [name for name in FACT_IDENTITY if name not in fact]:
                raise GoldError(f"{where}: a fact needs article_id, type, start and end; this one has no {', '.join(missing)}")
            for name, kind in FACT_IDENTITY.items():
                if _json_kind(fact[name]) != kind:
                    raise GoldError(f"{where}: {name} must be a JSON {kind}, not {_json_kind(fact[name])} {fact[name]!r}")
            yield number, fact


def _json_kind(value: Any) -> str:
    """The JSON name of a parsed value's type, as messages say it."""
    if isinstance(value, bool):  # before int: True is an int to Python
        return "boolean"
    kinds = {dict: "object", list: "array", str: "string", int: "integer", Decimal: "number", float: "number", type(None): "null"}
    return kinds[type(value)]


# --- scoring -------------------------------------------------------------------

#: what the relaxed matching made of a fact (:class:`FactOutcome`)
HIT = "hit"
MISS = "miss"
FALSE_ALARM = "false alarm"
WRONG_VALUE = "wrong value"
OPTIONAL = "optional"
OUTCOMES = (HIT, MISS, FALSE_ALARM, WRONG_VALUE, OPTIONAL)


@dataclass(frozen=True)
class FactOutcome:
    """One fact as the relaxed matching counted it: what a reviewer sees marked on the text.

    ``fact`` is the fact whose span is marked, from the ``side`` it came from
    (``"gold"`` or ``"pred"``); ``other`` is the fact on the other side that
    explains the outcome, or None.  Each predicted and each gold fact of a scored
    type is in exactly one outcome, except that a hit is one outcome for the pair
    (the prediction, with its gold fact as ``other``):

    * ``hit``: a true positive; ``other`` is the gold fact it matched.
    * ``miss`` (gold): a false negative, with no prediction of its type overlapping it.
    * ``false alarm`` (pred): a false positive, overlapping no gold fact of its type.
    * ``wrong value``: a false negative (gold) or a false positive (pred) that
      overlaps a fact of its type on the other side (``other``) whose key differs,
      or whose matching fact was already taken; the same cases ``--verbose`` calls
      "wrong value".
    * ``optional``: counted neither way: an optional gold fact, or a prediction
      overlapping one (``other``) that matched no required fact.
    """

    article_id: str
    outcome: str
    side: str
    fact: dict
    other: dict | None = None


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, matching: _Matching) -> None:
        self.tp += len(matching.pairs)
        self.fp += len(matching.false_alarms)
        self.fn += len(matching.misses)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Report:
    """Scores by type and mode, plus every miss and false alarm."""

    relaxed: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    strict: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    country_set: Counts = field(default_factory=Counts)
    misses: list[tuple[str, dict, str]] = field(default_factory=list)
    false_alarms: list[tuple[str, dict, str]] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    #: every fact of a scored type in a gold article, as the relaxed matching counted it
    outcomes: list[FactOutcome] = field(default_factory=list)

    def overall(self, mode: str) -> Counts:
        table = self.relaxed if mode == "relaxed" else self.strict
        total = Counts()
        for t in self.types:
            c = table[t]
            total.tp, total.fp, total.fn = total.tp + c.tp, total.fp + c.fp, total.fn + c.fn
        return total

    def to_json(self) -> dict[str, Any]:
        return {
            "types": self.types,
            "relaxed": {t: self.relaxed[t].to_json() for t in self.types}
            | {"overall": self.overall("relaxed").to_json()},
            "strict": {t: self.strict[t].to_json() for t in self.types} | {"overall": self.overall("strict").to_json()},
            "country_set": self.country_set.to_json() if "country" in self.types else None,
            "misses": [{"article_id": a, "reason": r, **f} for a, f, r in self.misses],
            "false_alarms": [{"article_id": a, "reason": r, **f} for a, f, r in self.false_alarms],
        }


def _overlaps(a: dict, b: dict) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


@dataclass
class _Matching:
    """The outcome of matching one article's facts of one type."""

    pairs: list[tuple[dict, dict]]  # (prediction, gold): the hits
    false_alarms: list[dict]  # unmatched predictions that count
    misses: list[dict]  # unmatched required gold facts
    ignored: list[tuple[dict, dict]]  # (prediction, optional gold fact it overlaps): counted neither way


def _match(preds: list[dict], golds: list[dict], strict: bool) -> _Matching:
    """Greedy one-to-one matching in text order."""
    required = [g for g in golds if not g.get("optional")]
    optional = [g for g in golds if g.get("optional")]
    used: set[int] = set()
    matching = _Matching(pairs=[], false_alarms=[], misses=[], ignored=[])
    for pred in sorted(preds, key=lambda f: (f["start"], f["end"])):
        key = fact_key(pred)
        best = None
        for i, gold in enumerate(required):
            if i in used or not _overlaps(pred, gold) or not _agree(gold, key):
                continue
            if strict and (gold["start"], gold["end"]) != (pred["start"], pred["end"]):
                continue
            best = i
            break
        if best is not None:
            used.add(best)
            matching.pairs.append((pred, required[best]))
        elif (covering := _first_overlapping(pred, optional)) is not None:
            matching.ignored.append((pred, covering))
        else:
            matching.false_alarms.append(pred)
    matching.misses = [g for i, g in enumerate(required) if i not in used]
    return matching


def _first_overlapping(fact: dict, others: list[dict]) -> dict | None:
    return next((other for other in others if _overlaps(fact, other)), None)


def _why_missed(gold: dict, preds: list[dict], rejected: list[dict] | None = None) -> str:
    """Why a gold fact was missed; ``rejected``: the article's turned-down candidates (``--explain``)."""
    overlapping = _first_overlapping(gold, preds)
    if overlapping is None:
        turned_down = [r for r in rejected or () if r["type"] == gold["type"] and _overlaps(r, gold)]
        if turned_down:  # "not found: rejected by date:duration (age: an age, not a date)"
            return "not found: " + "; ".join(describe(r) for r in turned_down)
        return "not found"
    return f"wrong value: predicted {fact_key(overlapping)!r} for {overlapping['text']!r}"


def _why_false(pred: dict, golds: list[dict]) -> str:
    overlapping = _first_overlapping(pred, golds)
    if overlapping is None:
        return "no gold fact here"
    return f"wrong value: gold {fact_key(overlapping)!r} for {overlapping['text']!r}"


def _outcomes(article_id: str, matching: _Matching, preds: list[dict], golds: list[dict]) -> Iterator[FactOutcome]:
    """Each fact of a relaxed :class:`_Matching` once (a hit once for its pair), in the terms of ``--verbose``."""
    for pred, gold in matching.pairs:
        yield FactOutcome(article_id, HIT, "pred", pred, gold)
    for gold in matching.misses:
        overlapping = _first_overlapping(gold, preds)  # as _why_missed
        yield FactOutcome(article_id, MISS if overlapping is None else WRONG_VALUE, "gold", gold, overlapping)
    for pred in matching.false_alarms:
        overlapping = _first_overlapping(pred, golds)  # as _why_false
        yield FactOutcome(article_id, FALSE_ALARM if overlapping is None else WRONG_VALUE, "pred", pred, overlapping)
    for pred, gold in matching.ignored:
        yield FactOutcome(article_id, OPTIONAL, "pred", pred, gold)
    for gold in golds:
        if gold.get("optional"):
            yield FactOutcome(article_id, OPTIONAL, "gold", gold, _first_overlapping(gold, preds))


def score(
    gold: dict[str, dict],
    preds: dict[str, list[dict]],
    types: Iterable[str] | None = None,
    rejected: dict[str, list[dict]] | None = None,
) -> Report:
    """Score predictions against gold; only types the gold set annotates are scored.

    A fact type counts as annotated when any gold article has a fact of it (the
    TimeBank gold marks dates only, so countries found there are not scored),
    unless ``types`` names the types to score.  ``rejected``: the candidates the
    extraction turned down, by article (:func:`pipeline.explain.read_explain`): a miss
    they overlap says which check turned it down.
    """
    annotated = sorted({f["type"] for g in gold.values() for f in g["facts"]})
    report = Report(types=list(types) if types else annotated)
    for article_id, gold_article in gold.items():
        article_preds = preds.get(article_id, [])
        for fact_type in report.types:
            g = [f for f in gold_article["facts"] if f["type"] == fact_type]
            p = [f for f in article_preds if f["type"] == fact_type]
            relaxed = _match(p, g, strict=False)
            report.relaxed[fact_type].add(relaxed)
            report.misses.extend((article_id, f, _why_missed(f, p, (rejected or {}).get(article_id))) for f in relaxed.misses)
            report.false_alarms.extend((article_id, f, _why_false(f, g)) for f in relaxed.false_alarms)
            report.outcomes.extend(_outcomes(article_id, relaxed, p, g))
            report.strict[fact_type].add(_match(p, g, strict=True))
        if "country" in report.types:
            golds = [f for f in gold_article["facts"] if f["type"] == "country"]
            required = {fact_key(f) for f in golds if not f.get("optional")}
            optional = {fact_key(f) for f in golds if f.get("optional")} - required
            predicted = {fact_key(f) for f in article_preds if f["type"] == "country"} - optional
            cs = report.country_set
            cs.tp += len(predicted & required)
            cs.fp += len(predicted - required)
            cs.fn += len(required - predicted)
    return report


def format_report(report: Report, *, verbose: bool = False) -> str:
    """A plain-text table of the scores, then (verbose) every miss and false alarm."""
    lines = [f"{'type':<12}{'mode':<9}{'P':>8}{'R':>8}{'F1':>8}{'tp':>7}{'fp':>6}{'fn':>6}"]
    for mode in ("relaxed", "strict"):
        table = report.relaxed if mode == "relaxed" else report.strict
        rows = [(t, table[t]) for t in report.types] + [("overall", report.overall(mode))]
        for name, c in rows:
            lines.append(
                f"{name:<12}{mode:<9}{c.precision:>8.3f}{c.recall:>8.3f}{c.f1:>8.3f}{c.tp:>7}{c.fp:>6}{c.fn:>6}"
            )
    if "country" in report.types:
        c = report.country_set
        lines.append(
            f"{'country set':<12}{'per art.':<9}{c.precision:>8.3f}{c.recall:>8.3f}{c.f1:>8.3f}{c.tp:>7}{c.fp:>6}{c.fn:>6}"
        )
    if verbose:
        lines.append("")
        lines.append(f"misses ({len(report.misses)}):")
        for article_id, f, reason in report.misses:
            lines.append(f"  {article_id} {f['type']} {f['start']}-{f['end']} {f['text']!r} {fact_key(f)!r}: {reason}")
        lines.append(f"false alarms ({len(report.false_alarms)}):")
        for article_id, f, reason in report.false_alarms:
            lines.append(f"  {article_id} {f['type']} {f['start']}-{f['end']} {f['text']!r} {fact_key(f)!r}: {reason}")
    return "\n".join(lines)
