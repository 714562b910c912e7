"""Countries: every mention of a sovereign state, current or historical.

Candidates come from a gazetteer (pycountry's ISO 3166 names plus the curated
``data/countries.json``: short forms, demonyms, historical states) matched on
the text with word boundaries, case-sensitively (multiword names also in lower
case: "united states").  Matching on characters, not tokens, finds "U.S." in
"U.S.-led" and "Iraq" in "U.N.-Iraq", which the tokenizer keeps whole.

The longest match wins, and some long matches are not countries: ISO 3166-1
territories (ANNOTATION.md counts sovereign states only: "US Virgin Islands",
"Hong Kong") and the phrases of ``data/country_context.json`` ("Latin
America", "New Mexico").  The rest go through context rules, each a named
function (a country word inside a place's, person's or company's name, a
demonym used as a language, Turkey the bird, Georgia the US state); the
model's NER only helps them: the small model tags "Azerbaijan" PERSON.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import pycountry
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .. import explain
from ..data import UserData, load, read_dir, require
from ..records import Article, BaseFact, CountryFact
from . import FactExtractor, candidate_span, doc_index, doc_text
from ._scan import StartIndex
from ._text import Check, alternation, first_reason, leftmost, select

DATA_FILE = "countries.json"
CONTEXT_FILE = "country_context.json"


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


def _iso_forms(record) -> set[str]:
    forms = {record.name, getattr(record, "official_name", None), getattr(record, "common_name", None)}
    return {f for f in forms if f and "," not in f and "(" not in f}


def _build_gazetteer(data: dict, user: UserData | None) -> dict[str, Alias]:
    """Every surface form of a sovereign state, mapped to its state.

    ISO names come first, then the curated file, which wins on a clash (it is
    where a wrong ISO-derived reading is corrected); a form several states
    claim goes to the state ``shared_forms`` names.
    """
    curated = data["states"]
    territories = data.get("territories", {})
    table: dict[str, Alias] = {}
    countries: dict[str, Country] = {}
    for record in pycountry.countries:
        if record.alpha_2 in territories:
            continue
        require(record.alpha_2 in curated, DATA_FILE, record.alpha_2, "ISO 3166-1 entry is neither a state nor a territory", user)
        extra = curated[record.alpha_2]
        name = extra.get("name") or getattr(record, "common_name", None) or record.name
        countries[record.alpha_2] = Country(record.alpha_2, name)
        for form in _iso_forms(record) | {name}:
            table[form] = Alias(countries[record.alpha_2], "name")
    for code, extra in curated.items():
        require(code in countries, DATA_FILE, code, "not an ISO 3166-1 alpha-2 code of a state", user)
        require(bool(extra.get("demonyms")), DATA_FILE, code, "a state needs at least one demonym", user)
        for form in extra.get("aliases", []):
            table[form] = Alias(countries[code], "name")
        for form in extra.get("demonyms", []):
            table[form] = Alias(countries[code], "demonym")
    for form, code in data.get("shared_forms", {}).items():
        require(code in countries, DATA_FILE, form, f"shared form points to unknown state {code}", user)
        claimed_as = {"demonym" for e in curated.values() if form in e.get("demonyms", [])}
        table[form] = Alias(countries[code], "demonym" if claimed_as else "name")
    for entry in data.get("historical", []):
        code = entry.get("iso_alpha2")
        require(
            code is None or pycountry.historic_countries.get(alpha_2=code) is not None,
            DATA_FILE,
            entry["name"],
            f"{code} is not an ISO 3166-3 former code",
            user,
        )
        country = Country(code, entry["name"], historical=True)
        for form in [entry["name"], *entry.get("aliases", [])]:
            table[form] = Alias(country, "name")
        for form in entry.get("demonyms", []):
            table[form] = Alias(country, "demonym")
    return table


#: the flags of the three patterns: every form, multiword forms case-blind, forms in capitals
_PATTERN_FLAGS = (0, re.IGNORECASE, 0)


def _alternation(items: list[str]) -> str:
    """A pattern of the forms as whole words (no word character or "$" beside them)."""
    return r"(?<![\w$])(?:" + alternation(items) + r")(?![\w$])"


class CountryData:
    """The country gazetteer, context words and patterns, built from the built-in data files
    with the user's (``user``) merged over them.

    The component owns one (``CountryComponent.data``) and leaves it on each Doc
    it marks (:func:`data_of`), where the rules, the extractor and the project
    component read it.
    """

    def __init__(self, user: UserData | None = None):
        self.user = user
        data = load(DATA_FILE, user)
        #: every surface form of a sovereign state, mapped to its state
        self.gazetteer = _build_gazetteer(data, user)
        context = load(CONTEXT_FILE, user)
        #: the context rules' word lists, as sets
        self.context = {**context, **{k: set(v) for k, v in context.items() if isinstance(v, list)}}
        #: forms matched only to be discarded: ISO territories and not-a-country phrases
        self.blockers = self._blockers(data)
        forms = sorted(set(self.gazetteer) | self.blockers, key=len, reverse=True)
        multiword = [f for f in forms if " " in f]
        capitals = [f.upper() for f in forms if len(f) >= 4 and f != f.upper()]
        #: the forms of the three patterns, longest first: every form case-sensitively; multiword
        #: forms case-blind; forms of 4+ letters in capitals.  Capitals come from datelines and
        #: leads ("MALAYSIA's move"); short forms are left out of them ("US" is a form, "OMAN" in
        #: capitals is rare, "US" the pronoun is not).
        self.form_lists = (forms, multiword, capitals)
        #: the three patterns, and where each can begin, found in one pass over a text
        self.patterns = tuple(re.compile(_alternation(items), flags) for items, flags in zip(self.form_lists, _PATTERN_FLAGS))
        self.starts = StartIndex(self.patterns, max_keys=len(self.gazetteer) + len(self.blockers) + 1)
        table = self.gazetteer
        #: lower-cased form to its form; a gazetteer form wins over a blocker of the same letters
        self.forms_by_lower = {f.lower(): f for f in sorted(set(table) | self.blockers, key=lambda f: (f in table, f))}
        self._cues: dict[str, tuple[frozenset[str], frozenset[str]]] = {}

    def _blockers(self, data: dict) -> frozenset[str]:
        forms: set[str] = set()
        for code, extra in data.get("territories", {}).items():
            record = pycountry.countries.get(alpha_2=code)
            require(record is not None, DATA_FILE, code, "territory is not an ISO 3166-1 code", self.user)
            forms |= _iso_forms(record) | set(extra)
        forms |= set(self.context["not_countries"])
        return frozenset(forms - set(self.gazetteer))

    def lookup(self, text: str) -> Alias | None:
        """The state a surface form names, if any: ``lookup("Turkey").country.iso_alpha2 == "TR"``."""
        form = text[4:] if text.startswith(("the ", "The ")) else text
        return self.gazetteer.get(form)

    def cue_words(self, form: str) -> tuple[frozenset[str], frozenset[str]]:
        """The words that say a homonym is the US state, and those that say it is the country."""
        if form not in self._cues:
            cues = self.context["homonyms"][form]
            self._cues[form] = frozenset(cues["us_state"]), frozenset(cues["country"])
        return self._cues[form]


#: the ``doc.user_data`` key of the :class:`CountryData` that marked the Doc
DATA_KEY = "factpipe_country_data"


def data_of(doc: Doc) -> CountryData:
    """The country data of the component that marked ``doc``."""
    return doc.user_data[DATA_KEY]


@dataclass
class Match:
    """A gazetteer match: its characters, the form it is, and the tokens it touches."""

    start: int
    end: int
    form: str
    alias: Alias | None
    span: Span

    @property
    def first(self) -> Token:
        return self.span[0]

    @property
    def last(self) -> Token:
        return self.span[-1]


def find_matches(doc: Doc) -> list[Match]:
    """Non-overlapping gazetteer matches, longest first at each position."""
    data = data_of(doc)
    table = data.gazetteer
    lower = data.forms_by_lower
    text = doc_text(doc)
    # each pattern is a thousand alternatives, which re would try at every character: tried
    # instead only where a form begins (the StartIndex's keys are the forms' first letters)
    starts = data.starts.starts(text)
    raw: list[tuple[int, int, str]] = [(m.start(), m.end(), m.group()) for m in data.starts.finditer(0, text, starts)]
    for m in [*data.starts.finditer(1, text, starts), *data.starts.finditer(2, text, starts)]:
        raw.append((m.start(), m.end(), lower.get(m.group().lower(), m.group())))

    def build(r: tuple[int, int, str]) -> Match | None:
        start, end, form = r
        span = doc.char_span(start, end, alignment_mode="expand")
        return None if span is None or len(span) == 0 else Match(start, end, form, table.get(form), span)

    return select(raw, lambda r: (r[0], r[1]), lambda r: leftmost((r[0], r[1])), build=build)


# --- context rules: each returns True when the match is NOT a country mention -----


def _neighbour(doc: Doc, i: int) -> Token | None:
    return doc[i] if 0 <= i < len(doc) else None


def _is_name_token(tok: Token | None) -> bool:
    return tok is not None and tok.text[:1].isupper() and tok.is_alpha and not tok.is_sent_start


def is_blocked(m: Match, doc: Doc) -> bool:
    """A territory or a not-a-country phrase ("Puerto Rico", "Latin America")."""
    return m.alias is None


def in_place_name(m: Match, doc: Doc) -> bool:
    """Part of a place's own name: "Jordan River", "Mexico City", "Lake Chad", "New Mexico"."""
    ctx = data_of(doc).context
    after = _neighbour(doc, m.last.i + 1)
    before = _neighbour(doc, m.first.i - 1)
    if after is not None and after.text in ctx["name_heads"] and doc_text(doc)[m.end : after.idx].strip() == "":
        return True
    return before is not None and before.text in ctx["name_prefixes"] and doc_text(doc)[before.idx + len(before) : m.start].strip() == ""


def in_longer_name(m: Match, doc: Doc, matched: set[int]) -> bool:
    """Inside a longer proper name the model found (a PERSON, GPE, LOC or FAC).

    A state's institution is not such a name: "Turkish Consulate" is a mention.
    """
    if m.alias is not None and m.alias.via == "demonym":
        return False  # an adjective before a name modifies it: "Serb police", "Rwandan Hutus"
    ctx = data_of(doc).context
    ent = doc_index(doc).ent_at(m.first.i)  # the one entity that can span the match
    if ent is None or ent.label_ not in ("PERSON", "GPE", "LOC", "FAC") or ent.end <= m.last.i:
        return False
    if (ent.start, ent.end) == (m.span.start, m.span.end):
        return False
    neighbours = [doc[m.first.i - 1]] if m.first.i > ent.start else []
    if m.last.i + 1 < ent.end:
        neighbours.append(doc[m.last.i + 1])
    for tok in neighbours:
        if tok.i in matched or tok.is_sent_start or tok.text in ctx["state_words"] or tok.text in ctx["state_heads"]:
            continue
        if tok.tag_ == "NNP" and tok.is_title:  # not a plural: "Rwanda Hutus" are people of Rwanda
            return True
    return False


def is_person(m: Match, doc: Doc, matched: set[int]) -> bool:
    """A country name that is a person's here: "Mr. Israel", "Michael Jordan", "Chad Hurley".

    Only for the names in ``person_forms``; a title before it decides, or the
    model's PERSON entity spanning it and a neighbouring capitalized word.
    """
    ctx = data_of(doc).context
    if m.form not in ctx["person_forms"]:
        return False
    before = _neighbour(doc, m.first.i - 1)
    if before is not None and before.text in ctx["titles"]:
        return True
    ent = doc_index(doc).ent_at(m.first.i)  # the one entity that can span the match
    if ent is None or ent.label_ != "PERSON" or ent.end <= m.last.i or len(ent) <= len(m.span):
        return False
    neighbours = [t for t in (_neighbour(doc, m.first.i - 1), _neighbour(doc, m.last.i + 1)) if t is not None and ent.start <= t.i < ent.end]
    return any(t.text[:1].isupper() and t.is_alpha and t.i not in matched and t.text not in ctx["state_heads"] for t in neighbours)


class _CapitalizedRuns:
    """The capitalized words around any match, joined by "of"/"&" ("Bank of America"), read in one pass.

    For a match in a run too long to walk (:data:`LOCAL_RUN`): walking the run anew for
    every match is quadratic in a run of country names ("Turkey Turkey ..."); counts
    along the Doc answer each match at once.
    """

    def __init__(self, doc: Doc):
        ctx = data_of(doc).context
        texts = doc_index(doc).token_texts
        n = len(texts)
        #: the run left of token i ends at i - 1 and is this long; the run right of it starts at i + 1
        self.left = [0] * (n + 1)
        self.right = [0] * (n + 1)
        for i in range(n):
            self.left[i + 1] = self.left[i] + 1 if _in_run(texts, i, -1) else 0
        for j in range(n - 1, -1, -1):
            self.right[j] = self.right[j + 1] + 1 if _in_run(texts, j, 1) else 0
        self.company = self._prefix(texts, ctx["company_words"])
        self.state = self._prefix(texts, ctx["state_words"])

    @staticmethod
    def _prefix(texts: list[str], words: set[str]) -> list[int]:
        counts = [0]
        for w in texts:
            counts.append(counts[-1] + (w in words))
        return counts

    def has(self, counts: list[int], m: Match) -> bool:
        """Whether the run around ``m`` holds a word ``counts`` counts."""
        first, last = m.first.i, m.last.i
        begin, end = first - self.left[first], last + 1 + self.right[last + 1]
        return counts[first] - counts[begin] + counts[end] - counts[last + 1] > 0


#: the most tokens walked from a match to the end of its run of capitalized words; a longer run
#: is read from the counts along the whole Doc (:class:`_CapitalizedRuns`), made once
LOCAL_RUN = 32


def _run_edge(texts: list[str], i: int, step: int) -> int | None:
    """Where the run of capitalized words (joined by "of"/"&") beside a match ends, walking from
    token ``i`` by ``step`` (-1: the first token of the run left of the match; +1: the end of the
    run right of it); None past :data:`LOCAL_RUN` tokens.  The same runs as :class:`_CapitalizedRuns`."""
    for _ in range(LOCAL_RUN):
        if not (0 <= i < len(texts) and _in_run(texts, i, step)):
            break
        i += step
    else:
        return None
    return i + 1 if step < 0 else i


def _in_run(texts: list[str], i: int, step: int) -> bool:
    """Whether token ``i`` carries a run of capitalized words on, read walking by ``step`` away
    from a match: a capitalized word, or "of"/"&" with one beyond it ("Bank of America")."""
    beyond = i + step
    return _is_part(texts[i]) or (texts[i] in ("of", "&") and 0 <= beyond < len(texts) and _is_part(texts[beyond]))


def _is_part(word: str) -> bool:
    return word[:1].isupper() and any(c.isalpha() for c in word)


def in_company_name(m: Match, doc: Doc) -> bool:
    """Inside a company's or newspaper's name: "British Airways", "Air France", "China Daily"."""
    texts = doc_index(doc).token_texts
    first, last = m.first.i, m.last.i
    begin, end = _run_edge(texts, first - 1, -1), _run_edge(texts, last + 1, 1)
    if begin is not None and end is not None:  # the run around the match, walked: a few words
        ctx = data_of(doc).context
        around = texts[begin:first] + texts[last + 1 : end]
        return any(w in ctx["company_words"] for w in around) and not any(w in ctx["state_words"] for w in around)
    memo = doc_index(doc).memo
    if _CapitalizedRuns not in memo:
        memo[_CapitalizedRuns] = _CapitalizedRuns(doc)
    runs = memo[_CapitalizedRuns]
    return runs.has(runs.company, m) and not runs.has(runs.state, m)


def _next_content(doc: Doc, i: int) -> Token | None:
    """The first token after ``i`` that is not a coordinated demonym, a comma or a hyphen."""
    j = doc_index(doc).run_end(_next_content, i + 1, 1, _coordinated)
    return doc[j] if j < len(doc) else None


def _coordinated(tok: Token) -> bool:
    """A coordinated demonym, a comma or a hyphen: what :func:`_next_content` passes over."""
    return tok.text in (",", "-", "and", "or") or data_of(tok.doc).lookup(tok.text) is not None


def is_language(m: Match, doc: Doc) -> bool:
    """A demonym naming a language: "Turkish speakers", "speaks Turkish", "written in Russian."."""
    if m.alias is None or m.alias.via != "demonym":
        return False
    ctx = data_of(doc).context
    after = _neighbour(doc, m.last.i + 1)
    if after is not None and after.text == "-" and _neighbour(doc, after.i + 1) is not None:
        if "-" + doc[after.i + 1].lower_ in ctx["language_after"]:
            return True
    if after is not None and after.lower_ in ctx["language_after"]:
        return True
    before = _neighbour(doc, m.first.i - 1)
    if before is None:
        return False
    nxt = _next_content(doc, m.last.i)
    noun_follows = nxt is not None and nxt.tag_[:2] in ("NN", "JJ", "CD") and nxt.lower_ not in ctx["language_after"]
    if before.lower_ in ctx["language_verbs"]:
        return not noun_follows
    if before.lower_ in ctx["language_preps"]:
        return not noun_follows and m.form[-1:] != "s"
    return False


def is_bird(m: Match, doc: Doc) -> bool:
    """"Turkey" the bird: a Thanksgiving or kitchen sentence, or "a roast Turkey"."""
    if m.alias is None or m.alias.country.iso_alpha2 != "TR" or m.form != "Turkey":
        return False
    ctx = data_of(doc).context
    before = _neighbour(doc, m.first.i - 1)
    if before is not None and before.lower_ in ctx["food_before"]:
        return True
    food = ctx["food"]
    return doc_index(doc).sent_count(m.first.i, "food", lambda t: t.lower_ in food) > 0


def is_us_state(m: Match, doc: Doc) -> bool:
    """A country name that is also a US state, in an article about the state ("Atlanta, Georgia")."""
    data = data_of(doc)
    if m.form not in data.context["homonyms"]:
        return False
    if m.first.i >= 2 and doc[m.first.i - 2].lower_ == "state" and doc[m.first.i - 1].lower_ == "of":
        return True  # "the US state of Georgia"
    memo = doc_index(doc).memo.setdefault(is_us_state, {})
    if m.form not in memo:  # the article's cue words decide, once per form
        us, country = data.cue_words(m.form)
        if None not in memo:
            memo[None] = doc_index(doc).token_texts
        words = memo[None]
        bigrams = {f"{a} {b}" for a, b in zip(words, words[1:])}
        us_score = sum(w in us for w in words) + len(bigrams & us)
        country_score = sum(w in country for w in words) + len(bigrams & country)
        memo[m.form] = us_score > country_score
    return memo[m.form]


#: the rules in the order they are tried; the first that fires names the reason
RULES: tuple[Check, ...] = (
    ("blocked", is_blocked),
    ("place_name", in_place_name),
    ("company", in_company_name),
    ("language", is_language),
    ("bird", is_bird),
    ("us_state", is_us_state),
)


#: the rules tried after :data:`RULES`: they also read the tokens every match covers
NAME_RULES: tuple[Check, ...] = (
    ("person", is_person),
    ("longer_name", in_longer_name),
)


#: the reasons of the two checks :func:`country_mentions` makes after the rules, over the whole article
_ARTICLE_CHECKS = ("person_again", "unconfirmed")
explain.declare("country", [name for name, _ in RULES + NAME_RULES] + list(_ARTICLE_CHECKS))


def rejection(m: Match, doc: Doc, matched: set[int]) -> str | None:
    """Why a match is not a country mention, or None when it is one."""
    return first_reason(RULES, m, doc) or first_reason(NAME_RULES, m, doc, matched)


def _acts_like_person(m: Match, doc: Doc) -> bool:
    """A bare name followed by a verb and not after a preposition: "Jordan scored", not "in Jordan"."""
    after = _neighbour(doc, m.last.i + 1)
    before = _neighbour(doc, m.first.i - 1)
    if before is not None and before.tag_ in ("IN", "TO", "DT", "POS"):
        return False
    return after is not None and (after.tag_.startswith("VB") or after.tag_ == "MD")


def country_mentions(doc: Doc, data: CountryData) -> list[Match]:
    """The matches that are country mentions, after every context rule, read with ``data``
    (which the Doc keeps: :func:`data_of`)."""
    doc.user_data[DATA_KEY] = data
    matches = find_matches(doc)
    matched = {t.i for m in matches if m.alias is not None for t in m.span}
    kept: list[Match] = []
    person_forms: set[str] = set()
    for m in matches:
        reason = rejection(m, doc, matched)
        if reason == "person":
            person_forms.add(m.form)
        if reason is None:
            kept.append(m)
        else:
            _rejected(doc, m, reason)
    # a name seen as a person's ("Michael Jordan") is the person when it comes back alone as a subject
    as_person = [m.form in person_forms and _acts_like_person(m, doc) for m in kept]
    for m in (m for m, person in zip(kept, as_person) if person):
        _rejected(doc, m, "person_again")
    kept = [m for m, person in zip(kept, as_person) if not person]
    confirm = data.context["confirm_by_name"]
    confirmed = {m.alias.country for m in kept if m.alias is not None and m.form not in confirm}
    found = []
    for m in kept:
        if m.form not in confirm or (m.alias is not None and m.alias.country in confirmed):
            found.append(m)
        else:
            _rejected(doc, m, "unconfirmed")  # a rare demonym the article confirms by no other name
    return found


def _rejected(doc: Doc, m: Match, reason: str) -> None:
    explain.rejected(doc, "country", (m.start, m.end), "gazetteer", reason)


@Language.factory(
    "factpipe_country",
    default_config={"data_dir": None},
    requires=["doc.ents", "token.tag"],
    assigns=["doc.spans", "span._.iso_alpha2", "span._.factpipe_chars"],
)
def make_country_component(nlp: Language, name: str, data_dir: str | None) -> CountryComponent:
    """``data_dir``: a directory of user data files merged over the built-in ones (:mod:`pipeline.data`)."""
    return CountryComponent(read_dir(data_dir))


class CountryComponent:
    """Marks country mentions as ``doc.spans["country"]``: token spans labelled "country", whose
    ``kb_id_`` is the state's ISO alpha-2 code (``span._.iso_alpha2``; empty for a historical
    state without one), whose ``id_`` is the gazetteer form matched, and whose exact characters
    are ``span._.factpipe_chars``.  Later components read them there; the :class:`CountryData`
    that found them stays on the Doc for the extractor."""

    def __init__(self, user: UserData | None = None):
        #: built here, so a bad data file fails when the pipeline is built
        self.data = CountryData(user)

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for m in country_mentions(doc, self.data):
            code = m.alias.country.iso_alpha2 if m.alias is not None else None
            span = candidate_span(doc, m.start, m.end, "country", kb_id=code or "", span_id=m.form)
            if span is not None:  # a match holds a token (find_matches)
                spans.append(span)
        doc.spans["country"] = spans
        return doc


class CountryExtractor(FactExtractor):
    type = "country"
    record = CountryFact
    component = "factpipe_country"

    def facts(self, doc: Doc, article: Article) -> Iterable[BaseFact]:
        found = doc.spans.get("country", [])
        table = data_of(doc).gazetteer if found else {}
        for span in found:
            alias = table[span.id_]
            fact = self.make(
                span._.factpipe_chars,
                doc,
                article,
                iso_alpha2=alias.country.iso_alpha2,
                name=alias.country.name,
                historical=alias.country.historical,
                via=alias.via,
                rule=self.provenance("gazetteer"),
            )
            if fact is not None:
                yield fact


EXTRACTOR = CountryExtractor()
