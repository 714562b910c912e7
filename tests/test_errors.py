"""One error tree: every deliberate error is a FactpipeError, the CLI maps classes to exit codes in one table."""

from __future__ import annotations

import inspect
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

    def broken(model=None):
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


def test_a_bug_is_one_line_with_the_traceback_under_debug(monkeypatch, tmp_path, capsys, caplog):
    from pipeline import schema

    def buggy(out):
        return {}["fact.schema.json"]

    monkeypatch.setattr(schema, "write_schemas", buggy)
    with caplog.at_level(logging.DEBUG, logger="factpipe"):
        assert main(["-v", "DEBUG", "schema", "--out", str(tmp_path)]) == EXIT_FAILED
    assert capsys.readouterr().err == "factpipe: internal error: KeyError: 'fact.schema.json' (-v DEBUG shows where)\n"
    assert any(r.exc_info and r.exc_info[0] is KeyError for r in caplog.records)
