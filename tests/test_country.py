"""Country mentions: the gazetteer's coverage and the context rules, as tables."""

from __future__ import annotations

import pycountry
import pytest

from pipeline.data import load_json
from pipeline.facts import EXTRACTORS
from pipeline.facts.country import CountryData
from pipeline.records import Article


def mentions(nlp, text: str) -> list[tuple[str, str | None]]:
    """(text, iso_alpha2) of every country fact in ``text``."""
    doc = nlp(text)
    return [(f.text, f.iso_alpha2) for f in EXTRACTORS["country"].facts(doc, Article(id="t", text=text))]


# --- the data --------------------------------------------------------------------

STATES = load_json("countries.json")["states"]
TERRITORIES = load_json("countries.json")["territories"]
#: the built-in country data, as a pipeline's component builds it
DATA = CountryData()


def test_every_iso_entry_is_a_state_or_a_territory():
    codes = {c.alpha_2 for c in pycountry.countries}
    assert codes == set(STATES) | set(TERRITORIES)
    assert not set(STATES) & set(TERRITORIES)


@pytest.mark.parametrize("code", sorted(STATES))
def test_every_state_has_a_name_and_a_demonym(code):
    """Each ISO 3166-1 state is found by some name and by some demonym."""
    table = DATA.gazetteer
    names = [f for f, a in table.items() if a.country.iso_alpha2 == code and a.via == "name"]
    demonyms = [f for f, a in table.items() if a.country.iso_alpha2 == code and a.via == "demonym"]
    assert names, f"{code} has no name"
    assert demonyms or set(STATES[code]["demonyms"]) <= set(load_json("countries.json")["shared_forms"]), code


@pytest.mark.parametrize(
    "form, code",
    [
        ("Turkey", "TR"), ("Türkiye", "TR"), ("Turkiye", "TR"), ("Turkish", "TR"), ("the US", "US"), ("U.S.", "US"),
        ("America", "US"), ("Britain", "GB"), ("UK", "GB"), ("Holland", "NL"), ("Dutch", "NL"), ("Ivory Coast", "CI"),
        ("Czechia", "CZ"), ("Burma", "MM"), ("North Macedonia", "MK"), ("Swiss", "CH"), ("Filipino", "PH"),
        ("Azerbaijani", "AZ"), ("Korea", "KR"), ("North Korea", "KP"), ("Congo", "CD"), ("Republic of the Congo", "CG"),
        ("Soviet Union", "SU"), ("USSR", "SU"), ("Yugoslavia", "YU"), ("Czechoslovakia", "CS"), ("East Germany", "DD"),
        ("Zaire", "ZR"), ("Ottoman Empire", None), ("Vatican City", "VA"), ("Palestine", "PS"), ("Taiwan", "TW"),
        ("Eswatini", "SZ"), ("Swaziland", "SZ"), ("Cape Verde", "CV"), ("Laos", "LA"), ("Russia", "RU"),
    ],
    ids=lambda v: str(v),
)  # fmt: skip
def test_lookup(form, code):
    alias = DATA.lookup(form)
    assert alias is not None and alias.country.iso_alpha2 == code


@pytest.mark.parametrize("form", ["Ankara", "Moscow", "EU", "NATO", "Hong Kong", "Puerto Rico", "Greenland", "England", "Europe", "Nakhchivan"])
def test_not_a_state(form):
    assert DATA.lookup(form) is None


# --- in context --------------------------------------------------------------------

CASES = [
    # names and demonyms
    ("us_short", "The US and the U.K. signed it.", [("US", "US"), ("U.K.", "GB")]),
    ("hyphen_pair", "Turkish-Azerbaijani ties deepened.", [("Turkish", "TR"), ("Azerbaijani", "AZ")]),
    ("us_led", "The U.S.-led coalition struck Iraq.", [("U.S.", "US"), ("Iraq", "IQ")]),
    ("inside_token", "The U.N.-Iraq accord held.", [("Iraq", "IQ")]),
    ("lowercase_multiword", "planes headed from the united states on Friday.", [("united states", "US")]),
    ("historical", "After the Soviet Union fell, Yugoslavia broke up.", [("Soviet Union", "SU"), ("Yugoslavia", "YU")]),
    ("ottoman", "The Ottoman Empire ruled Baghdad.", [("Ottoman Empire", None)]),
    ("official", "The Republic of Türkiye was founded in 1923.", [("Republic of Türkiye", "TR")]),
    ("niger_nigeria", "Niger and Nigeria share a border.", [("Niger", "NE"), ("Nigeria", "NG")]),
    ("korea_alone", "Exports from Korea rose.", [("Korea", "KR")]),
    ("north_korea", "North Korea fired a missile.", [("North Korea", "KP")]),
    ("demonym_gov", "The Russian government protested.", [("Russian", "RU")]),
    ("consulate", "He visited the Turkish Consulate.", [("Turkish", "TR")]),
    ("israeli_forces", "Israel Defense Forces said so.", [("Israel", "IL")]),
    ("georgia_country", "Georgia and Russia fought over South Ossetia; Tbilisi protested.", [("Georgia", "GE"), ("Russia", "RU")]),
    ("jordan_country", "King Abdullah of Jordan met Syrian officials.", [("Jordan", "JO"), ("Syrian", "SY")]),
    ("american_us", "American troops left.", [("American", "US")]),
    ("turkey_country", "Turkey hosted the summit in Ankara.", [("Turkey", "TR")]),
    ("in_turkish_waters", "The ship was in Turkish waters.", [("Turkish", "TR")]),
    ("from_armenian_and", "It was rescued from Armenian and Bolshevik guerillas.", [("Armenian", "AM")]),
    ("central_bank", "The Central Bank of Turkey raised rates.", [("Turkey", "TR")]),
    ("person_then_country", "Jordan Henderson joined Ajax. Jordan's King Abdullah visited Amman.", [("Jordan", "JO")]),
    ("sino_prefix", "Sino-American ties improved.", [("Sino", "CN"), ("American", "US")]),
    ("capitals_dateline", "MALAYSIA's move came as HONG KONG voted.", [("MALAYSIA", "MY")]),
    ("country_before_people", "About 2 million Rwanda Hutus fled.", [("Rwanda", "RW")]),
    ("confirmed_demonym", "Congolese troops entered Goma, in Congo.", [("Congolese", "CD"), ("Congo", "CD")]),
    # negatives: not a country mention here
    ("capitals", "Ankara and Moscow disagreed.", []),
    ("organizations", "The EU and NATO met.", []),
    ("regions", "Nakhchivan lies in the South Caucasus, in Europe.", []),
    ("england", "England and Scotland played.", []),
    ("territory", "Hong Kong, Puerto Rico and Greenland voted.", []),
    ("territory_with_country_word", "He flew to the US Virgin Islands and American Samoa.", []),
    ("georgia_us_state", "The governor of Georgia spoke in Atlanta, a Republican said.", []),
    ("georgia_state_of", "Hyundai opened a plant in the US state of Georgia.", [("US", "US")]),
    ("historical_without_code", "The Azerbaijan Democratic Republic was founded in 1918.", [("Azerbaijan Democratic Republic", None)]),
    ("jordan_person", "Michael Jordan scored 40 points. Jordan smiled.", []),
    ("chad_person", "Chad Hurley founded the site.", []),
    ("israel_person", "Mr. Israel testified on Monday.", []),
    ("turkey_thanksgiving", "We carved the Turkey at Thanksgiving dinner.", []),
    ("roast_turkey", "She served a roast Turkey.", []),
    ("latin_america", "Latin America and South America grew.", []),
    ("north_american", "North American markets fell.", []),
    ("speaks_turkish", "She speaks Turkish.", []),
    ("in_turkish", "The book was written in Turkish.", []),
    ("turkish_speakers", "Turkish speakers in Germany.", [("Germany", "DE")]),
    ("russian_speaking", "The Russian-speaking minority protested.", []),
    ("british_airways", "British Airways cancelled flights.", []),
    ("air_france", "Air France cancelled flights.", []),
    ("royal_dutch_shell", "Royal Dutch Shell and KLM Royal Dutch Airlines reported.", []),
    ("two_demonyms_without_hyphen", "Polish Russian co-operation and Cuban Americans.", [("Polish", "PL"), ("Russian", "RU"), ("Cuban", "CU"), ("Americans", "US")]),
    ("northern_cyprus", "Ankara recognizes Northern Cyprus alone.", []),
    ("china_daily", "China Daily reported it.", []),
    ("jordan_river", "They crossed the Jordan River.", []),
    ("mexico_city", "Mexico City is large.", []),
    ("new_mexico", "He lives in New Mexico.", []),
    ("lake_chad", "Lake Chad is shrinking.", []),
    ("niger_delta", "Oil spills in the Niger Delta.", []),
    ("indian_ocean", "The Indian Ocean is warm.", []),
    ("south_china_sea", "Ships sailed the South China Sea.", []),
    ("northern_ireland", "Northern Ireland voted.", []),
    ("british_columbia", "Vancouver, British Columbia, is wet.", []),
    ("us_dollar_sign", "It cost US$5 million.", []),
    ("unconfirmed_demonym", "Central African nations met in Libreville.", []),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_mentions_in_context(nlp, text, expected):
    assert mentions(nlp, text) == expected


LIMITATIONS = [
    # "Georgia" with no cue either way is read as the country
    ("georgia_no_cues", "Georgia passed the law on Tuesday.", []),
    # a sentence-initial first name that the model does not tag as a person
    ("jordan_first_name_alone", "Jordan told reporters he was tired of losing games.", []),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in LIMITATIONS], ids=[c[0] for c in LIMITATIONS])
@pytest.mark.xfail(strict=True, reason="known limitation: no context decides it")
def test_known_limitations(nlp, text, expected):
    assert mentions(nlp, text) == expected


def test_fact_fields(nlp):
    text = "Azerbaijani and Soviet officers met."
    doc = nlp(text)
    facts = list(EXTRACTORS["country"].facts(doc, Article(id="t", text=text)))
    assert [(f.via, f.historical, f.name) for f in facts] == [
        ("demonym", False, "Azerbaijan"),
        ("demonym", True, "Soviet Union"),
    ]
    assert all(text[f.start : f.end] == f.text for f in facts)


def test_runs_walked_from_a_match_are_the_runs_counted_along_the_doc(nlp, monkeypatch):
    """A match's run of capitalized words is walked from the match when short, and read from
    counts along the whole Doc when long: both ways give the same mentions."""
    import json
    from pathlib import Path

    from pipeline.facts import country

    texts = [
        "Shares of Turkish Airlines and Bank of America rose, while the Turkish Central Bank held rates.",
        "The China Daily said Air France and British Airways of London would fly to Jordan & Israel.",
        "Officials of Georgia Power met Georgia's President in Tbilisi; Chad Hurley flew to Chad.",
        "Turkey " * 80,
    ]
    dev = Path(__file__).parent / "data" / "dev" / "articles.jsonl"
    texts += [json.loads(line)["text"] for line in dev.read_text(encoding="utf-8").splitlines() if line.strip()]

    def spans(text):
        doc = nlp(text)
        return [(s.start_char, s.end_char, s.kb_id_) for s in doc.spans["country"]]

    walked = [spans(t) for t in texts]
    monkeypatch.setattr(country, "LOCAL_RUN", 0)  # every run read from the counts
    assert [spans(t) for t in texts] == walked
    assert any(walked)


@pytest.mark.parametrize("seed", range(5))
def test_run_edges_walked_are_the_counted_runs(nlp, seed):
    """_run_edge (walked from a match) and _CapitalizedRuns (counted along the Doc) find the
    same runs, "of"/"&" at their edges and runs of 31, 32 and 33 words included."""
    import random

    from spacy.tokens import Doc

    from pipeline.facts import country

    rng = random.Random(seed)
    pool = ["Bank", "of", "&", "America", "the", "said", "Turkey", "Air", "France", "and", "3M", "of"]
    words = [rng.choice(pool) for _ in range(60)] + ["Turkey"] * 31 + ["in"] + ["Turkey"] * 32 + ["in"]
    words += ["Turkey"] * 33 + ["of"] + [rng.choice(pool) for _ in range(20)]
    doc = Doc(nlp.vocab, words=words, sent_starts=[True] + [False] * (len(words) - 1))
    doc.user_data[country.DATA_KEY] = nlp.get_pipe("factpipe_country").data
    runs = country._CapitalizedRuns(doc)
    texts = list(words)
    for i in range(len(words)):
        begin = country._run_edge(texts, i - 1, -1)
        if begin is not None:
            assert begin == i - runs.left[i], i
        end = country._run_edge(texts, i + 1, 1)
        if end is not None:
            assert end == i + 1 + runs.right[i + 1], i
    # a run longer than LOCAL_RUN is not walked
    assert country._run_edge(["Turkey"] * 40, 39, -1) is None
    assert country._run_edge(["Turkey"] * 40, 0, 1) is None
    assert country._run_edge(["Turkey"] * 32, 31, -1) is None and country._run_edge(["Turkey"] * 31, 30, -1) == 0
