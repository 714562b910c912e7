"""One error tree: every deliberate error is a FactpipeError, the CLI maps classes to exit codes in one table,
and a bug in an extractor is the article's error, not a quietly dropped fact."""

from __future__ import annotations

import inspect
import json
import logging
from pathlib import Path

import pytest

from pipeline import cli, errors
from pipeline.cli import EXIT_CODES, EXIT_FAILED, EXIT_USAGE, exit_code, main
from pipeline.errors import FactpipeError

BATCH = Path(__file__).resolve().parent / "data" / "batch" / "articles.jsonl"

#: every error class the library raises on purpose, by the module that raises it (and exports it)
RAISED_BY = {
    "pipeline.data": ["DataFileError"],
    "pipeline.nlp": ["ModelError"],
    "pipeline.ledger": ["StateError"],
    "pipeline.batch": ["BatchError", "OutputError"],
    "pipeline.distributed": ["DaskUnavailable"],
    "pipeline.db": ["DatabaseError", "LoadError", "InputError"],
    "pipeline.evaluate": ["GoldError"],
    "pipeline.diff": ["GoldError", "OutputError"],
    "pipeline.gate": ["GoldError"],
    "pipeline.review": ["ReviewError", "InputError", "OutputError"],
}

ERROR_CLASSES = [c for _, c in inspect.getmembers(errors, inspect.isclass) if issubclass(c, FactpipeError)]


@pytest.mark.parametrize(("module", "names"), RAISED_BY.items())
def test_each_error_is_a_factpipe_error_importable_where_it_is_raised(module, names):
    mod = __import__(module, fromlist=names)
    for name in names:
        assert getattr(mod, name) is getattr(errors, name)
        assert issubclass(getattr(errors, name), FactpipeError)


def test_the_tree_keeps_the_builtin_bases_callers_caught():
    assert issubclass(errors.DataFileError, ValueError) and issubclass(errors.GoldError, ValueError)
    assert issubclass(errors.ModelError, RuntimeError) and issubclass(errors.StateError, RuntimeError)
    assert issubclass(errors.OutputError, errors.BatchError)
    assert issubclass(errors.InputError, OSError)  # load_file raised FileNotFoundError for a missing file


def test_every_error_class_has_its_own_exit_code():
    """A new class must be placed in the table, not fall through to FactpipeError's code."""
    assert {c for c in ERROR_CLASSES if c is not FactpipeError} <= set(EXIT_CODES)
    listed = {name for names in RAISED_BY.values() for name in names}
    assert listed == {c.__name__ for c in ERROR_CLASSES if c is not FactpipeError}


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (errors.OutputError("x"), EXIT_USAGE),  # a BatchError, yet found before any work
        (errors.BatchError("x"), EXIT_FAILED),
        (errors.LoadError("f", []), EXIT_FAILED),
        (errors.DataFileError("x"), EXIT_USAGE),
        (errors.InputError("x"), EXIT_USAGE),  # an OSError, yet a usage error
        (errors.ReviewError("x"), EXIT_USAGE),  # no page can be made: found before anything is written
        (OSError(28, "No space left on device"), EXIT_FAILED),
        (BrokenPipeError(), 141),
        (KeyboardInterrupt(), 130),
        (cli.Terminated(), 143),
        (KeyError("bug"), EXIT_FAILED),
    ],
)
def test_exit_codes_follow_the_table(exc, code):
    assert exit_code(exc) == code


def test_a_broken_data_file_is_a_setup_error_of_one_line(monkeypatch, tmp_path, capsys):
    """It was an "internal error" with exit 1: a packaging problem found before any work is a setup error."""
    import pipeline.nlp

    def broken(model=None, data=None):
        raise errors.DataFileError("pipeline/data/projects.json: entry 'Crossrail': unknown kind 'canal'")

    monkeypatch.setattr(pipeline.nlp, "shared_nlp", broken)
    out = tmp_path / "facts.jsonl"
    assert main(["extract", str(BATCH), "--out", str(out)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert err == "factpipe: pipeline/data/projects.json: entry 'Crossrail': unknown kind 'canal'\n"
    assert not out.exists()


def test_an_unreadable_gold_file_is_named(tmp_path, capsys):
    gold = tmp_path / "gold"
    (gold / "a.gold.json").mkdir(parents=True)  # found by the directory walk, cannot be read
    pred = tmp_path / "facts.jsonl"
    pred.write_text("", encoding="utf-8")
    assert main(["evaluate", "--gold", str(gold), "--pred", str(pred)]) == EXIT_USAGE
    assert capsys.readouterr().err == f"factpipe: {gold / 'a.gold.json'}: cannot read: Is a directory\n"


def test_a_missing_facts_file_is_a_usage_error_naming_it(tmp_path, capsys):
    missing = tmp_path / "missing.jsonl"
    assert main(["load", str(missing), "--db", f"sqlite:///{tmp_path / 'f.db'}"]) == EXIT_USAGE
    assert capsys.readouterr().err == f"factpipe: {missing}: no such file\n"


def test_a_disk_error_reading_the_facts_file_is_a_usage_error_and_loads_nothing(monkeypatch, tmp_path, capsys):
    """It was exit 2 when the load command caught OSError itself: the table must say the same."""
    from pipeline import db as dbmod

    facts = tmp_path / "facts.jsonl"
    facts.write_text("{}\n", encoding="utf-8")

    class FailingDisk:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def __iter__(self):
            raise OSError(5, "Input/output error")

    monkeypatch.setattr(dbmod, "open", lambda path, mode: FailingDisk(), raising=False)
    assert main(["load", str(facts), "--db", f"sqlite:///{tmp_path / 'f.db'}"]) == EXIT_USAGE
    assert capsys.readouterr().err == f"factpipe: {facts}: cannot read: Input/output error\n"


def test_a_bug_is_one_line_with_the_traceback_under_debug(monkeypatch, tmp_path, capsys, caplog):
    from pipeline import schema

    def buggy(out):
        return {}["fact.schema.json"]

    monkeypatch.setattr(schema, "write_schemas", buggy)
    with caplog.at_level(logging.DEBUG, logger="factpipe"):
        assert main(["-v", "DEBUG", "schema", "--out", str(tmp_path)]) == EXIT_FAILED
    assert capsys.readouterr().err == "factpipe: internal error: KeyError: 'fact.schema.json' (-v DEBUG shows where)\n"
    assert any(r.exc_info and r.exc_info[0] is KeyError for r in caplog.records)


# --- a bug in an extractor is the article's error ------------------------------------


def _run_one(tmp_path: Path, text: str) -> dict:
    """The error line of article "a" holding ``text``, run beside an article the bug does not touch."""
    from pipeline.batch import run_extract

    src = tmp_path / "in.jsonl"
    rows = [{"id": "a", "text": text, "published": "2020-05-01"}, {"id": "b", "text": "Nothing happened."}]
    src.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    out = tmp_path / "facts.jsonl"
    summary = run_extract([src], out)
    assert (summary.articles, summary.errors) == (1, 1)
    [error] = [json.loads(line) for line in out.with_name("facts.errors.jsonl").read_text().splitlines()]
    return error


def test_a_bug_normalizing_a_date_is_the_articles_error_not_a_dropped_date(nlp, tmp_path, monkeypatch):
    from pipeline.facts import date

    def buggy(*args, **kwargs):
        return {}["month"]

    monkeypatch.setattr(date, "_normalize_span", buggy)
    error = _run_one(tmp_path, "The mayor resigned on Monday.")
    assert (error["article_id"], error["stage"], error["error"]) == ("a", "extract", "KeyError: 'month'")


def test_a_value_error_that_is_not_the_calendars_limit_surfaces(nlp, tmp_path, monkeypatch):
    from pipeline.facts import date

    def buggy(*args, **kwargs):
        return int("Monday")

    monkeypatch.setattr(date, "_normalize_span", buggy)
    error = _run_one(tmp_path, "The mayor resigned on Monday.")
    assert error["error"] == "ValueError: invalid literal for int() with base 10: 'Monday'"


def test_a_failing_currency_lookup_is_not_swallowed(monkeypatch):
    from pipeline.facts import money

    def buggy(country, start_date, end_date):
        raise RuntimeError("CLDR data missing")

    monkeypatch.setattr(money, "get_territory_currencies", buggy)
    money._territory_currencies.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="CLDR data missing"):
            money.resolve_noun({"rupees": frozenset({"INR", "PKR"})}, "rupees", None, {"PK"}, None)
    finally:
        money._territory_currencies.cache_clear()
