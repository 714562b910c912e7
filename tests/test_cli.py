"""``factpipe extract`` from the command line: options, exit codes, messages, files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.ledger import Ledger

BATCH = Path(__file__).resolve().parent / "data" / "batch" / "articles.jsonl"


def _summary(out: Path) -> dict:
    return json.loads(out.with_name("facts.summary.json").read_text(encoding="utf-8"))


def test_extract_writes_facts_errors_summary_and_state(nlp, tmp_path, capsys):
    out = tmp_path / "facts.jsonl"
    assert main(["extract", str(BATCH), "--out", str(out)]) == 0
    assert out.stat().st_size > 0
    assert (tmp_path / "facts.errors.jsonl").read_text() == ""
    assert (tmp_path / "facts.state" / "ledger.sqlite").exists()
    summary = _summary(out)
    assert summary["articles"] == 17 and summary["errors"] == 0
    assert set(summary) >= {"facts_by_type", "words", "seconds", "words_per_second"}
    assert "17 articles" in capsys.readouterr().err


def test_workers_and_resume_from_the_command_line(nlp, tmp_path, capsys):
    one, two = tmp_path / "a" / "facts.jsonl", tmp_path / "b" / "facts.jsonl"
    assert main(["extract", str(BATCH), "--out", str(one), "-q"]) == 0
    assert main(["extract", str(BATCH), "--out", str(two), "--workers", "2", "-q"]) == 0
    assert one.read_bytes() == two.read_bytes()
    assert _summary(two)["workers"] == 2
    assert main(["extract", str(BATCH), "--out", str(two), "--workers", "2", "--resume"]) == 0
    assert one.read_bytes() == two.read_bytes()
    assert _summary(two)["articles_reused"] == 17
    assert "(17 reused)" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("given", "expected"),
    [("auto", None), ("1", 1), ("3", 3)],  # None: the CPUs this process may use
)
def test_workers_option_takes_a_number_or_auto(given, expected):
    from pipeline.cli import build_parser
    from pipeline.engines import available_cpus

    args = build_parser().parse_args(["extract", "--workers", given])
    assert args.workers == (available_cpus() if expected is None else expected)


@pytest.mark.parametrize("given", ["two", "", "1.5"])
def test_workers_option_refuses_anything_else(given, capsys):
    with pytest.raises(SystemExit) as stop:  # argparse: a usage error, before anything is read
        main(["extract", str(BATCH), "--workers", given])
    assert stop.value.code == 2
    assert "--workers: not a number or 'auto'" in capsys.readouterr().err


def test_workers_auto_writes_what_one_worker_writes(nlp, tmp_path):
    from pipeline.engines import available_cpus

    one, auto = tmp_path / "a" / "facts.jsonl", tmp_path / "b" / "facts.jsonl"
    assert main(["extract", str(BATCH), "--out", str(one), "--workers", "1", "-q"]) == 0
    assert main(["extract", str(BATCH), "--out", str(auto), "--workers", "auto", "-q"]) == 0
    assert one.read_bytes() == auto.read_bytes()
    assert _summary(auto)["workers"] == available_cpus()


def test_errors_are_counted_and_named(nlp, tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text(BATCH.read_text(encoding="utf-8") + "not json\n", encoding="utf-8")
    out = tmp_path / "facts.jsonl"
    assert main(["extract", str(src), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "1 articles failed: see" in err and "facts.errors.jsonl" in err
    [error] = [json.loads(line) for line in (tmp_path / "facts.errors.jsonl").read_text().splitlines()]
    assert error["source"] == str(src) and error["line"] == 18 and error["stage"] == "read"
    assert _summary(out)["errors"] == 1


def test_strict_exits_1_and_leaves_the_output(nlp, tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text("not json\n" + BATCH.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "facts.jsonl"
    assert main(["extract", str(src), "--out", str(out), "--strict"]) == 1
    assert "stopped at the first error (--strict)" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("workers", ["0", "-2"])
def test_bad_worker_counts_are_refused(tmp_path, capsys, workers):
    assert main(["extract", str(BATCH), "--out", str(tmp_path / "f.jsonl"), "--workers", workers]) == 2
    assert "--workers must be at least 1" in capsys.readouterr().err
    assert not (tmp_path / "f.jsonl").exists()


def test_an_unknown_model_is_a_clean_error(tmp_path, capsys):
    assert main(["extract", str(BATCH), "--out", str(tmp_path / "f.jsonl"), "--model", "no_such_model"]) == 2
    assert "no_such_model" in capsys.readouterr().err


def test_a_locked_output_is_a_clean_error(nlp, tmp_path, capsys):
    out = tmp_path / "facts.jsonl"
    with Ledger(tmp_path / "facts.state", "x", resume=False):
        assert main(["extract", str(BATCH), "--out", str(out)]) == 2
    assert "another factpipe extract is writing this output" in capsys.readouterr().err
    assert not out.exists()


def test_no_article_is_exit_1(nlp, tmp_path, capsys):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    assert main(["extract", str(empty), "--out", str(tmp_path / "f.jsonl")]) == 1
    assert "no article could be processed" in capsys.readouterr().err
