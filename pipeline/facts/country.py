"""Countries: every mention of a sovereign state, current or historical.

Candidates come from a gazetteer (pycountry's ISO 3166 names plus the curated
``data/countries.json``: short forms, demonyms, historical states) matched
case-sensitively on tokens; the model's NER decides only context (a country
word inside a person's or a place's longer name is not a country).  The small
model's labels for the country itself are ignored: it tags "Azerbaijan" PERSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Literal

import pycountry
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..data import load_json, require
from ..models import Article, BaseFact
from . import FactExtractor

DATA_FILE = "countries.json"


class CountryFact(BaseFact):
    """A mention of a sovereign state, current or historical."""

    type: Literal["country"] = "country"
    #: ISO 3166-1 alpha-2, or the ISO 3166-3 former code; null only for a state with none
    iso_alpha2: str | None
    name: str
    historical: bool = False
    via: Literal["name", "demonym"] = "name"


@dataclass(frozen=True)
class Country:
    """A state a surface form refers to."""

    iso_alpha2: str | None
    name: str
    historical: bool = False


@dataclass(frozen=True)
class Alias:
    """One surface form of a state: a name or a demonym."""

    country: Country
    via: Literal["name", "demonym"]


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, Alias]:
    """Every surface form the extractor knows, mapped to its state.

    ISO names come first, then the curated file, which wins on a clash (it is
    where a wrong ISO-derived reading is corrected).
    """
    data = load_json(DATA_FILE)
    curated = data.get("states", {})
    table: dict[str, Alias] = {}
    for record in pycountry.countries:
        extra = curated.get(record.alpha_2, {})
        name = extra.get("name") or getattr(record, "common_name", None) or record.name
        country = Country(record.alpha_2, name)
        forms = {record.name, name, getattr(record, "official_name", None), getattr(record, "common_name", None)}
        for form in forms:
            if form and "," not in form:
                table[form] = Alias(country, "name")
    for code, extra in curated.items():
        require(pycountry.countries.get(alpha_2=code) is not None, DATA_FILE, code, "not an ISO 3166-1 alpha-2 code")
        country = table.get(extra.get("name", "")) or next(
            (a for a in table.values() if a.country.iso_alpha2 == code), None
        )
        require(country is not None, DATA_FILE, code, "no name for this code")
        for form in extra.get("aliases", []):
            table[form] = Alias(country.country, "name")
        for form in extra.get("demonyms", []):
            table[form] = Alias(country.country, "demonym")
    for entry in data.get("historical", []):
        require("name" in entry, DATA_FILE, str(entry), "historical state without a name")
        code = entry.get("iso_alpha2")
        require(
            code is None or pycountry.historic_countries.get(alpha_2=code) is not None,
            DATA_FILE,
            entry["name"],
            f"{code} is not an ISO 3166-3 former code",
        )
        country = Country(code, entry["name"], historical=True)
        for form in [entry["name"], *entry.get("aliases", [])]:
            table[form] = Alias(country, "name")
        for form in entry.get("demonyms", []):
            table[form] = Alias(country, "demonym")
    return table


def lookup(text: str) -> Alias | None:
    """The state a surface form names, if any: ``lookup("Turkey").country.iso_alpha2 == "TR"``."""
    table = gazetteer()
    form = text[4:] if text.startswith("the ") else text
    return table.get(form)


#: entity labels whose longer names swallow a country word ("New Mexico", "Jordan Peterson")
_NAME_LABELS = {"PERSON", "GPE", "LOC", "FAC"}


def _inside_other_name(span: Span, doc: Doc, matched: set[int]) -> bool:
    """True when the match sits inside a longer proper name of another thing."""
    for ent in doc.ents:
        if ent.label_ not in _NAME_LABELS or ent.start > span.start or ent.end < span.end:
            continue
        if (ent.start, ent.end) == (span.start, span.end):
            return False
        neighbours = [doc[span.start - 1]] if span.start > ent.start else []
        if span.end < ent.end:
            neighbours.append(doc[span.end])
        for tok in neighbours:
            if tok.i in matched or tok.is_sent_start:
                continue
            if tok.tag_ in ("NNP", "NNPS") and tok.is_title:
                return True
    return False


@Language.factory("factpipe_country")
def make_country_component(nlp: Language, name: str) -> "CountryComponent":
    return CountryComponent(nlp)


class CountryComponent:
    """Marks gazetteer matches as ``doc.spans["country"]`` candidates."""

    def __init__(self, nlp: Language):
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.matcher.add("country", [nlp.make_doc(form) for form in gazetteer()])

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, s, e, label="country") for _, s, e in self.matcher(doc)]
        doc.spans["country"] = filter_spans(spans)
        return doc


class CountryExtractor(FactExtractor):
    type = "country"
    record = CountryFact
    component = "factpipe_country"

    def facts(self, doc: Doc, article: Article) -> Iterable[BaseFact]:
        spans = list(doc.spans.get("country", []))
        matched = {i for s in spans for i in range(s.start, s.end)}
        for span in spans:
            alias = lookup(span.text)
            if alias is None or _inside_other_name(span, doc, matched):
                continue
            yield self.make(
                span,
                doc,
                article,
                iso_alpha2=alias.country.iso_alpha2,
                name=alias.country.name,
                historical=alias.country.historical,
                via=alias.via,
                rule="gazetteer",
            )


EXTRACTOR = CountryExtractor()
