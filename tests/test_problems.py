"""Problems of one fact or one article: counted, reported, never a traceback and never the run.

An amount past the record's limit or a date past year 9999 costs that fact
only; an empty or non-English article is written with no facts.  Each is a
``severity: "warning"`` line of ``<out>.errors.jsonl`` and a count in
``<out>.summary.json`` (``warnings_by_kind``), also after ``--resume``.
"""

from __future__ import annotations

import json
import logging
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from pipeline.batch import RunPaths, run_extract
from pipeline.cli import main
from pipeline.extract import extract_doc, fact_problems, screen
from pipeline.facts.money import MoneyData, find_money
from pipeline.io import to_json_line
from pipeline.language import foreign_language
from pipeline.records import FACT_ADAPTER, Article

from .conftest import ROOT

BATCH = Path(__file__).resolve().parent / "data" / "batch" / "articles.jsonl"
HUGE = "1" + "0" * 28  # 29 digits: 10**28, one past the largest amount

GERMAN = (
    "Die Bundesregierung hat am Mittwoch beschlossen, die Steuern für kleine und mittlere Unternehmen im "
    "kommenden Jahr deutlich zu senken. Finanzminister Lindner sagte in Berlin, die Entlastung solle rund "
    "zehn Milliarden Euro betragen und vor allem dem Mittelstand zugutekommen. Die Opposition kritisierte "
    "den Plan als unzureichend."
)
CHINESE = (
    "国务院总理李克强今天在北京人民大会堂会见了来访的美国国务卿。双方就中美关系以及共同关心的国际和地区问题深入交换了意见。"
    "李克强表示，中美两国在维护世界和平、促进共同发展方面肩负着重要责任，双方应当加强对话与合作，妥善处理分歧。"
    "美方表示愿同中方一道努力，推动两国关系健康稳定发展。会见后，双方共同出席了经贸合作签约仪式，签署了多项合作协议，"
    "涉及能源、农业、科技和人文交流等领域。外交部发言人在例行记者会上介绍了会见情况，并回答了记者提问。"
)


def _money(amount: str) -> dict:
    sentence = "It cost $1."
    return {"id": "m", "article_id": "a", "type": "money", "text": "$1", "start": 8, "end": 10,
            "sentence": sentence, "amount": Decimal(amount), "currency": "USD"}


# --- the amount limit ---------------------------------------------------------------


@pytest.mark.parametrize(
    "amount",
    ["9999999999999999999999999999.9999999999", "-9999999999999999999999999999.9999999999", "0.0000000001", "0"],
)
def test_the_record_holds_every_amount_up_to_the_limit_exactly(amount):
    record = FACT_ADAPTER.validate_python(_money(amount))
    assert json.loads(to_json_line(record), parse_float=Decimal)["amount"] == Decimal(amount)
    assert f'"amount":{amount}' in to_json_line(record)  # 38 digits, not rounded to Python's 28


@pytest.mark.parametrize(
    ("amount", "reason"),
    [
        (HUGE, "more than 28 digits before the point"),
        ("-" + HUGE, "more than 28 digits before the point"),
        ("0.00000000001", "more than 10 decimal places"),
        ("1E-12", "more than 10 decimal places"),
    ],
)
def test_the_record_refuses_amounts_past_the_limit(amount, reason):
    with pytest.raises(ValidationError, match=reason):
        FACT_ADAPTER.validate_python(_money(amount))


def test_the_schema_states_the_limit():
    from pipeline.schema import schemas

    amount = schemas()["money.schema.json"]["properties"]["amount"]
    assert amount["exclusiveMaximum"] == 10**28 and amount["exclusiveMinimum"] == -(10**28)
    assert "at most 10 decimal places" in amount["description"]


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        (f"It cost {HUGE} dollars.", Decimal(HUGE)),
        ("It cost $12345678901234567890.0123456789 billion.", Decimal("12345678901234567890012345678.9")),
    ],
)
def test_long_numbers_are_read_exactly_not_rounded_or_raised(text, amount):
    [match] = find_money(text, MoneyData())
    assert match.money.amount == amount


# --- per-fact isolation ------------------------------------------------------------------


def test_an_amount_past_the_limit_costs_that_fact_only(nlp):
    text = f"It cost {HUGE} dollars in France last year, and later $3 billion."
    article = Article(id="x", text=text, published="2020-05-01")
    doc = nlp(text)
    facts = extract_doc(doc, article)
    assert [(f.type, f.text) for f in facts] == [
        ("country", "France"), ("date", "last year"), ("money", "$3 billion")
    ]
    [problem] = fact_problems(doc)
    assert (problem.kind, problem.fact_type, problem.start, problem.end) == ("amount_out_of_range", "money", 8, 45)
    assert "more than 28 digits before the point" in problem.reason


@pytest.mark.parametrize(
    ("text", "published", "dropped"),
    [
        ("The sun will burn out 10000 years from now, experts said on Monday.", "2020-01-01", "10000 years from now"),
        ("The mayor resigned yesterday, officials said on Monday.", "0001-01-01", "yesterday"),
    ],
)
def test_a_date_past_the_calendar_is_reported_without_a_traceback(nlp, caplog, text, published, dropped):
    article = Article(id="d", text=text, published=published)
    doc = nlp(text)
    with caplog.at_level(logging.WARNING):
        facts = extract_doc(doc, article)
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
    assert dropped not in [f.text for f in facts] and "Monday" in [f.text for f in facts]
    [problem] = fact_problems(doc)
    assert problem.kind == "date_not_normalized" and text[problem.start : problem.end] == dropped


# --- through `factpipe extract` ----------------------------------------------------------------


def _mixed_input(tmp_path: Path) -> Path:
    """Six articles, the third one with a 29-digit amount among other facts: one chunk of 64."""
    rows = [json.loads(line) for line in BATCH.read_text(encoding="utf-8").splitlines()[:5]]
    rows.insert(2, {"id": "huge", "text": f"It cost {HUGE} dollars in France last year, and later $3 billion.",
                    "published": "2020-05-01"})
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _warnings(out: Path) -> list[dict]:
    lines = RunPaths.for_output(out).errors.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_29_digit_amount_in_a_chunk_is_one_reported_problem(nlp, tmp_path, capsys, workers):
    src = _mixed_input(tmp_path)
    out = tmp_path / "facts.jsonl"
    assert main(["extract", str(src), "--out", str(out), "--workers", workers, "-q"]) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err and "InvalidOperation" not in err
    facts = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len({f["article_id"] for f in facts}) == 6  # every article is there
    assert [(f["type"], f["text"]) for f in facts if f["article_id"] == "huge"] == [
        ("country", "France"), ("date", "last year"), ("money", "$3 billion")
    ]
    [warning] = _warnings(out)
    assert warning == {
        "article_id": "huge", "source": str(src), "line": 3, "stage": "extract",
        "error": f"amount: {HUGE} has more than 28 digits before the point",
        "severity": "warning", "kind": "amount_out_of_range", "fact_type": "money",
        "text": f"{HUGE} dollars", "start": 8, "end": 45,
    }
    summary = json.loads(RunPaths.for_output(out).summary.read_text())
    assert summary["articles"] == 6 and summary["errors"] == 0
    assert summary["warnings"] == 1 and summary["warnings_by_kind"] == {"amount_out_of_range": 1}


def test_the_same_problem_on_a_dask_cluster(nlp, tmp_path):
    pytest.importorskip("distributed", reason="the dask extra is not installed: pip install '.[dask]'")
    src = _mixed_input(tmp_path)
    local, on_dask = tmp_path / "local" / "facts.jsonl", tmp_path / "dask" / "facts.jsonl"
    run_extract([src], local, chunk_size=4)
    summary = run_extract([src], on_dask, dask="local", workers=2, chunk_size=4)
    assert on_dask.read_bytes() == local.read_bytes()
    assert RunPaths.for_output(on_dask).errors.read_bytes() == RunPaths.for_output(local).errors.read_bytes()
    assert summary.warnings_by_kind == {"amount_out_of_range": 1}


def test_a_resumed_run_reports_the_same_problems(nlp, tmp_path):
    src = _mixed_input(tmp_path)
    with src.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "blank", "text": " \n "}) + "\n")
        handle.write(json.dumps({"id": "de", "text": GERMAN}, ensure_ascii=False) + "\n")
    out = tmp_path / "facts.jsonl"
    first = run_extract([src], out, chunk_size=3)
    files = RunPaths.for_output(out)
    errors, summary = files.errors.read_bytes(), json.loads(files.summary.read_text())
    again = run_extract([src], out, resume=True, chunk_size=3)
    assert again.reused == again.articles == 8
    assert files.errors.read_bytes() == errors
    resumed = json.loads(files.summary.read_text())
    assert resumed["warnings_by_kind"] == summary["warnings_by_kind"] == {
        "amount_out_of_range": 1, "empty_article": 1, "not_english": 1
    }
    assert first.warnings == again.warnings == 3


# --- empty and non-English articles ----------------------------------------------------------


def test_empty_and_foreign_articles_are_reported_not_extracted(nlp, tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    rows = [
        {"id": "empty", "text": ""},
        {"id": "blank", "text": "  \n\t "},
        {"id": "de", "text": GERMAN},
        {"id": "zh", "text": CHINESE},
        {"id": "en", "text": "Apple paid $5 million for the startup in Germany on Monday."},
    ]
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "facts.jsonl"
    assert main(["extract", str(src), "--out", str(out)]) == 0
    assert "4 problems (dropped facts, empty or non-English articles)" in capsys.readouterr().err
    assert {json.loads(line)["article_id"] for line in out.read_text().splitlines()} == {"en"}
    found = [(w["article_id"], w["line"], w["kind"], w["error"]) for w in _warnings(out)]
    assert found == [
        ("empty", 1, "empty_article", "the article has no text"),
        ("blank", 2, "empty_article", "the article has no text"),
        ("de", 3, "not_english", "the text is not English: it reads as German (de)"),
        ("zh", 4, "not_english", "the text is not English: it reads as Chinese (zh)"),
    ]
    summary = json.loads(RunPaths.for_output(out).summary.read_text())
    assert summary["articles"] == 5 and summary["warnings_by_kind"] == {"empty_article": 2, "not_english": 2}


@pytest.mark.parametrize(
    "text",
    [
        "Die Bundesregierung hat am Mittwoch beschlossen, die Steuern zu senken.",  # a foreign headline: too short
        "İlham Əliyev, Recep Tayyip Erdoğan and Mehmet Şimşek opened the Bakı–Tbilisi–Qars railway.",
        (
            "Türkiye and Azerbaijan signed the agreement in Baku. İlham Əliyev and Recep Tayyip Erdoğan met at the "
            "Heydər Əliyev Mərkəzi, where Mehmet Şimşek and Mikayıl Cabbarov discussed the Trans-Anatolian Natural "
            "Gas Pipeline (TANAP) and the Bakı–Tbilisi–Qars railway."
        ),
        (
            'The chancellor told reporters in Berlin on Tuesday: "Wir schaffen das, und wir werden die Steuern '
            'senken." Officials said the plan would cost about 10 billion euros and would be debated next month.'
        ),
    ],
)
def test_short_texts_and_english_with_foreign_names_are_not_flagged(text):
    assert foreign_language(text) is None


#: ../shared beside the project (a worktree under wt/ finds it one level further up)
SHARED = next((p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()), ROOT.parent / "shared")
EVALUATION_SETS = [
    ROOT / "tests" / "data" / "dev" / "articles.jsonl",
    ROOT / "corpus",
    *(SHARED / "data" / name / "articles.jsonl" for name in ("timebank", "aquaint", "modern-dev")),
]


@pytest.mark.parametrize("path", EVALUATION_SETS, ids=lambda p: p.parent.name if p.is_file() else p.name)
def test_no_article_of_the_evaluation_sets_is_screened_out(path):
    from pipeline.io import read_articles

    if not path.exists():
        pytest.skip(f"{path} is not here")
    articles = [a for a in read_articles([path]) if isinstance(a, Article)]
    assert articles
    assert [(a.id, screen(a)) for a in articles if screen(a) is not None] == []


def test_an_article_alone_in_its_chunk_that_breaks_the_parser_is_an_error_line(nlp, tmp_path, capsys, monkeypatch):
    """A chunk of one article re-raised the parser's exception: the run ended in a traceback."""
    from pipeline.facts import money

    real = money.find_money

    def broken(text, data, turned=None):
        if "BOOM" in text:
            raise RuntimeError("the money rules broke")
        return real(text, data, turned)

    monkeypatch.setattr(money, "find_money", broken)
    src = tmp_path / "one.jsonl"
    src.write_text(json.dumps({"id": "boom", "text": "BOOM cost $5."}) + "\n", encoding="utf-8")
    out = tmp_path / "facts.jsonl"
    src.write_text(src.read_text() + json.dumps({"id": "fine", "text": "It cost $5."}) + "\n", encoding="utf-8")
    chunk_of_one = run_extract([src], out, chunk_size=1)
    assert chunk_of_one.articles == 1 and chunk_of_one.errors == 1
    [error] = _warnings(out)
    assert (error["article_id"], error["line"], error["stage"]) == ("boom", 1, "parse")
    assert error["error"] == "RuntimeError: the money rules broke" and "severity" not in error


def _classifier_unwanted():
    raise AssertionError("the classifier was asked")


#: heads in languages written in Latin letters, each long enough to be judged: none may pass
#: the function-word test, so each still goes to the classifier
LATIN_SCRIPT_HEADS = {
    "de": GERMAN * 2,
    "fr": (
        "Le gouvernement a annoncé mercredi une baisse des impôts pour les petites et moyennes entreprises. "
        "Le ministre des Finances a déclaré à Paris que cette mesure coûterait environ dix milliards d'euros "
        "et profiterait surtout aux artisans. L'opposition a jugé le plan insuffisant et a demandé un débat."
    ),
    "es": (
        "El Gobierno anunció el miércoles una rebaja de impuestos para las pequeñas y medianas empresas. "
        "El ministro de Hacienda dijo en Madrid que la medida costará unos diez mil millones de euros y que "
        "beneficiará sobre todo a los autónomos. La oposición calificó el plan de insuficiente."
    ),
    "nl": (
        "De regering heeft woensdag besloten de belastingen voor kleine en middelgrote bedrijven volgend jaar "
        "te verlagen. De minister van Financiën zei in Den Haag dat de maatregel ongeveer tien miljard euro "
        "kost en vooral het midden- en kleinbedrijf ten goede komt. De oppositie noemde het plan onvoldoende."
    ),
    "da": (
        "Regeringen besluttede onsdag at sænke skatten for små og mellemstore virksomheder fra næste år. "
        "Finansministeren sagde i København, at lettelsen vil koste omkring ti milliarder kroner og især "
        "komme håndværkerne til gode. Oppositionen kaldte planen for utilstrækkelig og krævede en debat."
    ),
    "tr": (
        "Hükümet çarşamba günü küçük ve orta ölçekli işletmeler için vergileri gelecek yıl düşürme kararı "
        "aldı. Maliye Bakanı Ankara'da yaptığı açıklamada indirimin yaklaşık on milyar liraya mal olacağını "
        "ve özellikle esnafa yarayacağını söyledi. Muhalefet planı yetersiz buldu ve tartışma istedi."
    ),
}


def test_english_news_never_loads_the_language_model(monkeypatch):
    """A head thick with English function words is English without the classifier, which is
    then never loaded (half a second of every run); a head without them is still classified."""
    from pipeline import language

    monkeypatch.setattr(language, "_identifier", _classifier_unwanted)
    english = "The minister said the pipeline would carry gas from the Caspian to the Mediterranean. " * 5
    assert foreign_language(english) is None
    # business news thick with names: few "the", but "and", "said", "with", "from"
    names = (
        "Northwind Holdings Inc. said it agreed to buy 40% of Caspian Freight Corp. from Aral Capital Partners "
        "for $210 million in cash and stock. Northwind, a Houston-based operator of terminals and tankers, said "
        "Caspian Freight had revenue of $96 million last year. Aral Capital Partners and Caspian Freight "
        "executives were not available for comment. Shares of Northwind rose 4% to $18.25 in New York trading."
    )
    assert foreign_language(names) is None
    for head in LATIN_SCRIPT_HEADS.values():
        with pytest.raises(AssertionError):
            foreign_language(head)


@pytest.mark.parametrize("code", sorted(LATIN_SCRIPT_HEADS))
def test_foreign_heads_in_latin_letters_are_still_flagged(code):
    assert foreign_language(LATIN_SCRIPT_HEADS[code]) == code


def test_a_foreign_head_quoting_english_still_goes_to_the_classifier(monkeypatch):
    """An English sentence quoted in a German article does not make its head English."""
    from pipeline import language

    quoted = GERMAN * 3 + ' "We said that the deal was done," sagte der Minister.'
    assert foreign_language(quoted) == "de"
    monkeypatch.setattr(language, "_identifier", _classifier_unwanted)
    with pytest.raises(AssertionError):
        foreign_language(quoted)


@pytest.mark.parametrize("path", EVALUATION_SETS, ids=lambda p: p.parent.name if p.is_file() else p.name)
def test_no_head_of_the_evaluation_sets_asks_the_classifier(path, monkeypatch):
    """A run of English news never loads the classifier's model: the function-word test
    vouches for every head of the evaluation sets, names-heavy business news included."""
    from pipeline import language
    from pipeline.io import read_articles

    if not path.exists():
        pytest.skip(f"{path} is not here")
    monkeypatch.setattr(language, "_identifier", _classifier_unwanted)
    articles = [a for a in read_articles([path]) if isinstance(a, Article)]
    assert articles
    for article in articles:
        assert foreign_language(article.text) is None, article.id
