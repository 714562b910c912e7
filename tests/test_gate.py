"""The accuracy gate of ``factpipe evaluate``: ``--fail-under``, ``--baseline``, ``--tolerance``."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from pipeline.cli import EXIT_FAILED, EXIT_USAGE, main
from pipeline.errors import GoldError
from pipeline.evaluate import score
from pipeline.gate import OVERALL, Threshold, check_gate, parse_threshold, parse_tolerance, read_baseline


def scores(**f1):
    """A report in ``evaluate --json``'s shape with these relaxed F1s (``overall`` among them)."""
    return {"types": [t for t in f1 if t != OVERALL], "relaxed": {t: {"f1": v} for t, v in f1.items()}}


def under(*specs):
    return [parse_threshold(spec) for spec in specs]


@pytest.mark.parametrize(
    "report, thresholds, baseline, tolerance, failures, notes",
    [
        (scores(date=0.9, overall=0.9), under("0.9"), None, "0.005", [], []),
        (scores(date=0.8999, overall=0.8999), under("0.9"), None, "0.005", ["overall: relaxed F1 0.8999 is under 0.9 by 0.0001"], []),
        (scores(date=1.0, overall=1.0), under("1"), None, "0.005", [], []),
        (scores(date=0.0, overall=0.0), under("0"), None, "0.005", [], []),
        (
            scores(date=0.84, money=0.97, overall=0.9),
            under("date=0.85", "money=0.95"),
            None,
            "0.005",
            ["date: relaxed F1 0.8400 is under 0.85 by 0.0100"],
            [],
        ),
        (
            scores(date=0.84, money=0.9, overall=0.86),
            under("date=0.85", "money=0.95", "0.9"),
            None,
            "0.005",
            [
                "date: relaxed F1 0.8400 is under 0.85 by 0.0100",
                "money: relaxed F1 0.9000 is under 0.95 by 0.0500",
                "overall: relaxed F1 0.8600 is under 0.9 by 0.0400",
            ],
            [],
        ),
        (
            scores(date=0.85, overall=0.85),
            under("money=0.5"),
            None,
            "0.005",
            ["money: not scored in this report (scored: date); its threshold 0.5 cannot be checked"],
            [],
        ),
        (scores(date=0.85, overall=0.85), under("overall=0.85"), None, "0.005", [], []),
        (scores(date=0.8517, overall=0.8517), [], scores(date=0.8517, overall=0.8517), "0.005", [], []),
        (scores(date=0.86, overall=0.86), [], scores(date=0.8517, overall=0.8517), "0.005", [], []),
        (scores(date=0.85, overall=0.85), [], scores(date=0.855, overall=0.855), "0.005", [], []),
        (
            scores(date=0.8499, overall=0.8499),
            [],
            scores(date=0.855, overall=0.855),
            "0.005",
            [
                "date: relaxed F1 fell from 0.8550 to 0.8499, by 0.0051 (tolerance 0.005)",
                "overall: relaxed F1 fell from 0.8550 to 0.8499, by 0.0051 (tolerance 0.005)",
            ],
            [],
        ),
        (scores(date=0.80, overall=0.80), [], scores(date=0.85, overall=0.85), "0.1", [], []),
        (
            scores(date=0.8516, overall=0.8516),
            [],
            scores(date=0.8517, overall=0.8517),
            "0",
            [
                "date: relaxed F1 fell from 0.8517 to 0.8516, by 0.0001 (tolerance 0)",
                "overall: relaxed F1 fell from 0.8517 to 0.8516, by 0.0001 (tolerance 0)",
            ],
            [],
        ),
        (scores(date=0.85174, overall=0.85174), [], scores(date=0.8517, overall=0.8517), "0", [], []),
        (scores(date=0.85166, overall=0.85166), [], scores(date=0.8517, overall=0.8517), "0", [], []),
        (
            scores(date=0.85, overall=0.85),
            [],
            scores(date=0.85, project=0.95, overall=0.9),
            "0.005",
            [
                "project: scored in the baseline (F1 0.9500) but not in this report",
                "overall: relaxed F1 fell from 0.9000 to 0.8500, by 0.0500 (tolerance 0.005)",
            ],
            [],
        ),
        (
            scores(date=0.85, country=0.99, overall=0.9),
            [],
            scores(date=0.85, overall=0.85),
            "0.005",
            [],
            ["country: scored now (F1 0.9900) but not in the baseline: nothing to compare"],
        ),
        (
            scores(date=0.7, overall=0.7),
            under("0.9"),
            scores(date=0.8, overall=0.8),
            "0.005",
            [
                "overall: relaxed F1 0.7000 is under 0.9 by 0.2000",
                "date: relaxed F1 fell from 0.8000 to 0.7000, by 0.1000 (tolerance 0.005)",
                "overall: relaxed F1 fell from 0.8000 to 0.7000, by 0.1000 (tolerance 0.005)",
            ],
            [],
        ),
        (scores(overall=1.0), [], None, "0.005", [], []),
    ],
    ids=[
        "overall-at-threshold", "overall-just-under", "perfect", "zero-threshold", "one-type-under",
        "every-failure-is-listed", "type-not-scored-fails", "overall-by-name", "baseline-equal", "baseline-risen",
        "fell-by-exactly-the-tolerance", "fell-by-more", "wide-tolerance", "zero-tolerance-catches-any-fall",
        "rounding-up-to-the-baseline-is-no-fall", "rounding-onto-the-baseline-is-no-fall",
        "type-lost-since-baseline", "type-new-since-baseline", "thresholds-and-baseline-together", "nothing-to-check",
    ],
)
def test_the_gate(report, thresholds, baseline, tolerance, failures, notes):
    result = check_gate(report, thresholds, baseline, Decimal(tolerance))
    assert result.failures == failures
    assert result.notes == notes
    assert result.passed == (failures == [])


def test_a_passing_gate_says_what_held():
    result = check_gate(scores(date=0.86, overall=0.86), under("0.85", "date=0.8"), scores(date=0.862, overall=0.862))
    assert result.passed
    assert result.summary() == (
        "overall 0.8600 >= 0.85, date 0.8600 >= 0.8; "
        "within 0.005 of the baseline: date 0.8600 (was 0.8620), overall 0.8600 (was 0.8620)"
    )


def test_the_gate_reads_what_evaluate_writes():
    gold = {"a": {"article_id": "a", "facts": [{"type": "date", "start": 0, "end": 4, "text": "1992", "value": "1992"}]}}
    preds = {"a": [{"type": "date", "start": 0, "end": 4, "text": "1992", "value": "1993"}]}
    report = json.loads(json.dumps(score(gold, preds).to_json(), default=str))
    assert check_gate(report, under("0.5")).failures == ["overall: relaxed F1 0.0000 is under 0.5 by 0.5000"]
    assert check_gate(report, (), baseline=report).passed


@pytest.mark.parametrize(
    "text, expected",
    [
        ("0.9", Threshold(OVERALL, Decimal("0.9"))),
        ("1", Threshold(OVERALL, Decimal("1"))),
        ("0", Threshold(OVERALL, Decimal("0"))),
        ("date=0.85", Threshold("date", Decimal("0.85"))),
        ("money=0.95", Threshold("money", Decimal("0.95"))),
        ("overall=0.8", Threshold(OVERALL, Decimal("0.8"))),
        (" project = .5 ", Threshold("project", Decimal("0.5"))),
    ],
)
def test_thresholds(text, expected):
    assert parse_threshold(text) == expected


@pytest.mark.parametrize(
    "text, message",
    [
        ("1.5", "a threshold must be a number from 0 to 1, not '1.5'"),
        ("-0.1", "a threshold must be a number from 0 to 1, not '-0.1'"),
        ("high", "a threshold must be a number from 0 to 1, not 'high'"),
        ("nan", "a threshold must be a number from 0 to 1, not 'nan'"),
        ("Infinity", "a threshold must be a number from 0 to 1, not 'Infinity'"),
        ("", "a threshold must be a number from 0 to 1, not ''"),
        ("dates=0.9", "unknown fact type 'dates' in 'dates=0.9' (known: country, date, money, project, overall)"),
        ("=0.9", "unknown fact type '' in '=0.9' (known: country, date, money, project, overall)"),
        ("date=", "the threshold of date must be a number from 0 to 1, not ''"),
        ("date=90%", "the threshold of date must be a number from 0 to 1, not '90%'"),
    ],
)
def test_bad_thresholds_say_what_is_wrong(text, message):
    with pytest.raises(ValueError) as info:
        parse_threshold(text)
    assert str(info.value) == message


@pytest.mark.parametrize("text, ok", [("0.005", True), ("0", True), ("1", True), ("-0.01", False), ("2", False), ("x", False)])
def test_tolerances(text, ok):
    if ok:
        assert parse_tolerance(text) == Decimal(text)
    else:
        with pytest.raises(ValueError, match="the tolerance must be a number from 0 to 1"):
            parse_tolerance(text)


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "{}: no such file"),
        ("{bad", "{}: not valid JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
        ('{"old": {}, "counts": {}}', "{}: not a report of 'factpipe evaluate --json': no 'relaxed' scores"),
        ('[1, 2]', "{}: not a report of 'factpipe evaluate --json': no 'relaxed' scores"),
        ('{"relaxed": {"date": {"f1": 1.5}}}', "{}: not a report of 'factpipe evaluate --json': relaxed.date.f1 is not a number from 0 to 1"),
        ('{"relaxed": {"date": {"f1": "0.9"}}}', "{}: not a report of 'factpipe evaluate --json': relaxed.date.f1 is not a number from 0 to 1"),
        ('{"relaxed": {"date": 0.9}}', "{}: not a report of 'factpipe evaluate --json': relaxed.date.f1 is not a number from 0 to 1"),
    ],
    ids=["missing", "not-json", "a-diff-report", "not-an-object", "f1-out-of-range", "f1-a-string", "no-counts"],
)
def test_a_bad_baseline_is_an_error_naming_it(tmp_path, content, message):
    path = tmp_path / "scores.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(GoldError) as info:
        read_baseline(path)
    assert str(info.value) == message.format(path)


# --- the command ----------------------------------------------------------------------

GOLD_FACTS = [("1992", "1992"), ("May", "1992-05"), ("today", "1992-05-05")]


@pytest.fixture
def files(tmp_path):
    """Gold of one article with three dates; predictions get two right and the third's value wrong: relaxed F1 0.6667."""
    text = " ".join(t for t, _ in GOLD_FACTS)
    starts = [text.index(t) for t, _ in GOLD_FACTS]
    gold = [{"type": "date", "text": t, "start": s, "end": s + len(t), "value": v} for (t, v), s in zip(GOLD_FACTS, starts)]
    preds = [{"article_id": "a", **f} for f in gold[:2]] + [{"article_id": "a", **gold[2], "value": "1992-05-06"}]
    (tmp_path / "gold.jsonl").write_text(json.dumps({"article_id": "a", "facts": gold}) + "\n", encoding="utf-8")
    (tmp_path / "facts.jsonl").write_text("".join(json.dumps(p) + "\n" for p in preds), encoding="utf-8")
    return tmp_path


def evaluate(files, *args):
    return main(["evaluate", "--gold", str(files / "gold.jsonl"), "--pred", str(files / "facts.jsonl"), *args])


@pytest.mark.parametrize(
    "args, code, err",
    [
        ([], 0, ""),
        (["--fail-under", "0.6"], 0, "factpipe: gate passed: overall 0.6667 >= 0.6\n"),
        (["--fail-under", "0.7"], EXIT_FAILED, "factpipe: gate failed: overall: relaxed F1 0.6667 is under 0.7 by 0.0333\n"),
        (
            ["--fail-under", "date=0.5", "--fail-under", "money=0.5"],
            EXIT_FAILED,
            "factpipe: gate failed: money: not scored in this report (scored: date); its threshold 0.5 cannot be checked\n",
        ),
        (["--baseline", "{dir}/same.json"], 0, "factpipe: gate passed: within 0.005 of the baseline: date 0.6667 (was 0.6667), overall 0.6667 (was 0.6667)\n"),
        (
            ["--baseline", "{dir}/better.json"],
            EXIT_FAILED,
            "factpipe: gate failed: date: relaxed F1 fell from 0.6800 to 0.6667, by 0.0133 (tolerance 0.005)\n"
            "factpipe: gate failed: overall: relaxed F1 fell from 0.6800 to 0.6667, by 0.0133 (tolerance 0.005)\n",
        ),
        (
            ["--baseline", "{dir}/better.json", "--tolerance", "0.02"],
            0,
            "factpipe: gate passed: within 0.02 of the baseline: date 0.6667 (was 0.6800), overall 0.6667 (was 0.6800)\n",
        ),
        (["--tolerance", "0.02"], EXIT_USAGE, "factpipe: --tolerance is how far F1 may fall below a --baseline: give --baseline too\n"),
        (["--baseline", "{dir}/missing.json"], EXIT_USAGE, "factpipe: {dir}/missing.json: no such file\n"),
    ],
    ids=[
        "no-gate", "over-threshold", "under-threshold", "type-not-scored", "baseline-same", "baseline-fell",
        "baseline-within-tolerance", "tolerance-without-baseline", "missing-baseline",
    ],
)
def test_the_gate_from_the_command_line(files, capsys, args, code, err):
    assert evaluate(files, "--json") == 0
    same = json.loads(capsys.readouterr().out)
    (files / "same.json").write_text(json.dumps(same), encoding="utf-8")
    better = same | {"relaxed": same["relaxed"] | {"date": {"f1": 0.68}, "overall": {"f1": 0.68}}}
    (files / "better.json").write_text(json.dumps(better), encoding="utf-8")
    assert evaluate(files, *(a.format(dir=files) for a in args)) == code
    captured = capsys.readouterr()
    assert captured.err == err.format(dir=files)
    assert ("overall     relaxed     0.667   0.667   0.667" in captured.out) == (code != EXIT_USAGE)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--fail-under", "dates=0.9"], "argument --fail-under: unknown fact type 'dates' in 'dates=0.9'"),
        (["--fail-under", "90"], "argument --fail-under: a threshold must be a number from 0 to 1, not '90'"),
        (["--baseline", "b.json", "--tolerance", "-1"], "argument --tolerance: the tolerance must be a number from 0 to 1, not '-1'"),
    ],
)
def test_bad_gate_options_are_usage_errors(files, capsys, args, message):
    with pytest.raises(SystemExit) as info:
        evaluate(files, *args)
    assert info.value.code == EXIT_USAGE
    assert message in capsys.readouterr().err
