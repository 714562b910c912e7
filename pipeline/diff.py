"""Comparing two facts files: what a new release, model or data directory changed in the output.

A fact is the same fact in both files when its article, type and span agree
(:data:`IDENTITY`; the fact ``id`` is made from them).  A fact only in the new
file is *added*, only in the old one *removed*; in both, it is *changed* when a
compared field differs, and the change names each such field, old and new.

Compared are the fields a user of the output reads: ``text`` and the type's
normalized fields (``value``, ``amount``, ``currency``, ``iso_alpha2``,
``countries``, ...), that is every field of the line except the identity and the
bookkeeping (:data:`BOOKKEEPING`): ``id`` is made from the identity, ``rule`` and
``sentence`` say how and where the fact was found.  A release that finds the same
value by another rule, or splits a sentence differently, has not changed what a
query of the facts returns; ``all_fields`` compares those fields too.  A field
one file has and the other lacks (a release that adds a field) is a change.

Files are read with :func:`pipeline.evaluate.iter_facts`: a line that is not
JSON or lacks a fact's identity is a :class:`GoldError` naming the file and
line, and so are two facts of one identity in one file (the extractor never
writes them: they would share an ``id``).  Values are compared as written, so a
file of another release, with fields this one does not know, can be compared.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import GoldError, OutputError
from .evaluate import iter_facts
from .io import atomic_writer, to_json_text

#: the fields that make two facts of two files the same fact
IDENTITY = ("article_id", "type", "start", "end")
#: fields compared only with ``all_fields``: derived from the identity, or provenance
BOOKKEEPING = ("id", "rule", "sentence")
#: the kinds of difference, in the order reports list them
CHANGE_KINDS = ("added", "removed", "changed")
#: the mark of each kind in the text report, as ``diff`` marks lines
MARKS = {"added": "+", "removed": "-", "changed": "~"}

Identity = tuple[str, str, int, int]


class _Missing:
    """A field the fact does not have: unequal to every value, null included."""

    def __repr__(self) -> str:
        return "(none)"


MISSING: Any = _Missing()


def identity(fact: dict) -> Identity:
    """What makes a fact in one file the same fact in another: article, type and span."""
    return fact["article_id"], fact["type"], fact["start"], fact["end"]


def _same(old: Any, new: Any) -> bool:
    """Equal values as JSON means them: ``2.50`` is ``2.5``, but ``true`` is not ``1``."""
    return isinstance(old, bool) is isinstance(new, bool) and old == new


def compared_fields(old: dict, new: dict, *, all_fields: bool = False) -> list[str]:
    """The fields of two facts (the new one's order first) a diff compares."""
    skipped = set(IDENTITY) if all_fields else {*IDENTITY, *BOOKKEEPING}
    return [name for name in dict.fromkeys([*new, *old]) if name not in skipped]


@dataclass(frozen=True)
class FactChange:
    """One fact added, removed or changed; ``fields`` names what changed."""

    kind: str
    old: dict | None
    new: dict | None
    fields: tuple[str, ...] = ()

    @property
    def fact(self) -> dict:
        """The fact as it is now (the old one, for a removed fact)."""
        fact = self.new if self.new is not None else self.old
        assert fact is not None
        return fact

    def field_changes(self) -> list[tuple[str, Any, Any]]:
        """Each changed field's name, old and new value (:data:`MISSING` where a fact lacks it)."""
        old, new = self.old or {}, self.new or {}
        return [(name, old.get(name, MISSING), new.get(name, MISSING)) for name in self.fields]

    def sort_key(self) -> tuple:
        fact = self.fact
        return fact["start"], fact["end"], fact["type"], CHANGE_KINDS.index(self.kind)

    def to_json(self) -> dict[str, Any]:
        fact = self.fact
        out: dict[str, Any] = {"change": self.kind, "type": fact["type"], "start": fact["start"], "end": fact["end"]}
        out["text"] = fact.get("text")
        if self.kind == "changed":
            out["fields"] = {name: _present(old, new) for name, old, new in self.field_changes()}
        if self.old is not None:
            out["old"] = self.old
        if self.new is not None:
            out["new"] = self.new
        return out


def _present(old: Any, new: Any) -> dict[str, Any]:
    """``{"old": ..., "new": ...}`` without the side that lacks the field."""
    return {side: value for side, value in (("old", old), ("new", new)) if value is not MISSING}


@dataclass
class TypeCounts:
    added: int = 0
    removed: int = 0
    changed: int = 0
    unchanged: int = 0

    def add(self, other: TypeCounts) -> None:
        self.added += other.added
        self.removed += other.removed
        self.changed += other.changed
        self.unchanged += other.unchanged

    def to_json(self) -> dict[str, int]:
        return {"added": self.added, "removed": self.removed, "changed": self.changed, "unchanged": self.unchanged}


@dataclass
class FactsDiff:
    """The difference between two facts files, by type and by article."""

    old_source: str
    new_source: str
    old_facts: int
    new_facts: int
    all_fields: bool
    #: by type, every type either file holds, in sorted order
    counts: dict[str, TypeCounts]
    #: the changes of each article that has any: articles in the new file's order, then
    #: those only the old file has; changes by offset
    articles: dict[str, list[FactChange]] = field(default_factory=dict)

    @property
    def identical(self) -> bool:
        return not self.articles

    def total(self) -> TypeCounts:
        total = TypeCounts()
        for counts in self.counts.values():
            total.add(counts)
        return total

    def ignored_fields(self) -> list[str]:
        return [] if self.all_fields else list(BOOKKEEPING)

    def to_json(self) -> dict[str, Any]:
        """The machine-readable report (README: "factpipe diff"): keys are stable."""
        return {
            "old": {"path": self.old_source, "facts": self.old_facts},
            "new": {"path": self.new_source, "facts": self.new_facts},
            "ignored_fields": self.ignored_fields(),
            "identical": self.identical,
            "counts": {t: c.to_json() for t, c in self.counts.items()} | {"total": self.total().to_json()},
            "articles": [
                {
                    "article_id": article_id,
                    "counts": {kind: sum(c.kind == kind for c in changes) for kind in CHANGE_KINDS},
                    "changes": [c.to_json() for c in changes],
                }
                for article_id, changes in self.articles.items()
            ],
        }


def index_facts(facts: Iterable[tuple[int, dict]], source: str) -> dict[Identity, dict]:
    """The facts of one file by identity, in file order; a second fact of one identity is an error."""
    index: dict[Identity, dict] = {}
    lines: dict[Identity, int] = {}
    for line, fact in facts:
        key = identity(fact)
        if key in index:
            article_id, fact_type, start, end = key
            raise GoldError(
                f"{source}:{line}: a second {fact_type} fact at {start}-{end} of article {article_id!r} "
                f"(the first is on line {lines[key]}): one article, type and span is one fact"
            )
        index[key], lines[key] = fact, line
    return index


def diff_facts(
    old: Iterable[tuple[int, dict]],
    new: Iterable[tuple[int, dict]],
    *,
    all_fields: bool = False,
    old_source: str = "old",
    new_source: str = "new",
) -> FactsDiff:
    """Compare two files' facts, each given as ``(line number, fact)`` (:func:`iter_facts`)."""
    old_index, new_index = index_facts(old, old_source), index_facts(new, new_source)
    types = sorted({key[1] for key in (*old_index, *new_index)})
    result = FactsDiff(old_source, new_source, len(old_index), len(new_index), all_fields, {t: TypeCounts() for t in types})
    order = list(dict.fromkeys(key[0] for key in (*new_index, *old_index)))
    changes: dict[str, list[FactChange]] = {}
    for key, fact in new_index.items():
        counts = result.counts[key[1]]
        before = old_index.get(key)
        if before is None:
            counts.added += 1
            changes.setdefault(key[0], []).append(FactChange("added", None, fact))
            continue
        names = compared_fields(before, fact, all_fields=all_fields)
        differing = tuple(n for n in names if not _same(before.get(n, MISSING), fact.get(n, MISSING)))
        if differing:
            counts.changed += 1
            changes.setdefault(key[0], []).append(FactChange("changed", before, fact, differing))
        else:
            counts.unchanged += 1
    for key, fact in old_index.items():
        if key not in new_index:
            result.counts[key[1]].removed += 1
            changes.setdefault(key[0], []).append(FactChange("removed", fact, None))
    result.articles = {a: sorted(changes[a], key=FactChange.sort_key) for a in order if a in changes}
    return result


def diff_files(old: str | Path, new: str | Path, *, all_fields: bool = False) -> FactsDiff:
    """Compare two facts JSONL files written by ``factpipe extract``."""
    return diff_facts(iter_facts(old), iter_facts(new), all_fields=all_fields, old_source=str(old), new_source=str(new))


# --- reports ---------------------------------------------------------------------


def show(value: Any) -> str:
    """A value as the reports write it: JSON (amounts exact), or ``(none)`` for a missing field."""
    return repr(value) if value is MISSING else to_json_text(value)


def shown_fields(change: FactChange, *, all_fields: bool) -> list[tuple[str, Any]]:
    """The compared fields of an added or removed fact, ``text`` left out (it is shown apart)."""
    fact = change.fact
    return [(n, fact[n]) for n in compared_fields(fact, fact, all_fields=all_fields) if n != "text"]


def format_diff(diff: FactsDiff) -> str:
    """The text report: counts by type, then each article's changes, one line each."""
    lines = [f"old: {diff.old_source} ({diff.old_facts} facts)", f"new: {diff.new_source} ({diff.new_facts} facts)"]
    if diff.ignored_fields():
        lines.append(f"not compared: {', '.join(diff.ignored_fields())} (--all-fields compares them)")
    lines.append("")
    lines.append(f"{'type':<12}{'added':>8}{'removed':>9}{'changed':>9}{'unchanged':>11}")
    for name, counts in [*diff.counts.items(), ("total", diff.total())]:
        lines.append(f"{name:<12}{counts.added:>8}{counts.removed:>9}{counts.changed:>9}{counts.unchanged:>11}")
    if diff.identical:
        lines.extend(["", "no differences"])
    for article_id, changes in diff.articles.items():
        lines.extend(["", article_id])
        for change in changes:
            fact = change.fact
            head = f"  {MARKS[change.kind]} {fact['type']} {fact['start']}-{fact['end']} {show(fact.get('text', MISSING))}"
            if change.kind == "changed":
                detail = "; ".join(f"{name}: {show(old)} -> {show(new)}" for name, old, new in change.field_changes())
            else:
                detail = " ".join(f"{name}={show(value)}" for name, value in shown_fields(change, all_fields=diff.all_fields))
            lines.append(f"{head}  {detail}".rstrip())
    return "\n".join(lines)


def render_html(diff: FactsDiff) -> str:
    """The report as one self-contained HTML page (``templates/diff.html.j2``; no script, nothing fetched)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("pipeline", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["show"] = show
    return env.get_template("diff.html.j2").render(
        diff=diff,
        kinds=CHANGE_KINDS,
        marks=MARKS,
        shown_fields=lambda change: shown_fields(change, all_fields=diff.all_fields),
    )


def check_html_path(path: str | Path, inputs: Iterable[str | Path]) -> None:
    """Refuse, before any work, an ``--html`` that is a directory or one of the files compared."""
    target = Path(path)
    if target.is_dir():
        raise OutputError(f"--html {target}: is a directory")
    if target.exists() and any(Path(p).exists() and os.path.samefile(target, p) for p in inputs):
        raise OutputError(f"--html {target}: is one of the files compared; it would be overwritten")
    if not target.parent.is_dir():
        raise OutputError(f"--html {target}: no such directory: {target.parent}")


def write_html(diff: FactsDiff, path: str | Path) -> None:
    """Write the HTML page atomically; a place that cannot be written is an :class:`OutputError`."""
    page = render_html(diff)
    try:
        with atomic_writer(path) as handle:
            handle.write(page)
    except OSError as exc:
        raise OutputError(f"--html {path}: cannot write: {exc.strerror or exc}") from None
