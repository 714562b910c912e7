"""The ``factpipe`` command: thin argument parsing over the library.

Library errors become one-line messages and exit codes, never tracebacks:
the commands let them rise, and :func:`main` reports each by the one table
:data:`EXIT_CODES`.  Importing this module, and ``--help``, load no spaCy:
the commands import what they need when they run.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from . import DEFAULT_MODEL, __version__
from .errors import (
    BatchError,
    DaskUnavailable,
    DatabaseError,
    DataFileError,
    FactpipeError,
    GoldError,
    InputError,
    LoadError,
    ModelError,
    OutputError,
    ReviewError,
    StateError,
)

log = logging.getLogger("factpipe")

EXAMPLES = """examples:
  factpipe extract                                  # corpus/ -> outputs/facts.jsonl
  factpipe extract corpus tests/data/batch/articles.jsonl --out outputs/run.jsonl --workers 2
  factpipe extract - --out - < tests/data/batch/articles.jsonl | head -c 300
  factpipe evaluate --gold tests/data/turkiye-azerbaijan-33-years.gold.json --pred outputs/facts.jsonl --verbose
  factpipe schema --out schemas
  factpipe load outputs/facts.jsonl --db sqlite:///outputs/facts.db
  factpipe evaluate --gold gold.jsonl --pred facts.jsonl --fail-under 0.9 --baseline scores.json
  factpipe diff old/facts.jsonl new/facts.jsonl --html diff.html --exit-code
  factpipe show outputs/facts.jsonl --articles corpus        # -> outputs/facts.html
  factpipe evaluate --gold tests/data/turkiye-azerbaijan-33-years.gold.json --pred outputs/facts.jsonl --html outputs/evaluate.html --articles corpus

exit codes: 0 done (articles that failed are in the errors file), 1 nothing was processed,
  --strict stopped, a load was refused, the accuracy gate failed, or (diff --exit-code) the
  files differ, 2 usage or setup error (nothing was changed), 130 interrupted,
  141 output pipe closed, 143 terminated
"""

#: the exit code of each way a command can end other than success (README: Guarantees)
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141
EXIT_TERMINATED = 143


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so that a run unwinds as it does on Ctrl-C."""


#: how a command that raised ends: an exception takes the code of the first class of its
#: MRO listed here (so ``OutputError`` is a usage error though it is a ``BatchError``)
EXIT_CODES: dict[type[BaseException], int] = {
    # usage and set-up: found before anything was changed
    OutputError: EXIT_USAGE,
    StateError: EXIT_USAGE,
    ModelError: EXIT_USAGE,
    DataFileError: EXIT_USAGE,
    DaskUnavailable: EXIT_USAGE,
    InputError: EXIT_USAGE,
    GoldError: EXIT_USAGE,
    ReviewError: EXIT_USAGE,
    DatabaseError: EXIT_USAGE,
    # the work failed
    BatchError: EXIT_FAILED,
    LoadError: EXIT_FAILED,
    FactpipeError: EXIT_FAILED,  # a class not listed above claims nothing about what was changed
    # the world
    KeyboardInterrupt: EXIT_INTERRUPTED,
    Terminated: EXIT_TERMINATED,
    BrokenPipeError: EXIT_BROKEN_PIPE,
    OSError: EXIT_FAILED,  # a full disk, a vanished directory: the outputs were not replaced
    Exception: EXIT_FAILED,  # a bug
}


def exit_code(exc: BaseException) -> int:
    """The exit code of a command that raised ``exc`` (:data:`EXIT_CODES`)."""
    return next(EXIT_CODES[cls] for cls in type(exc).__mro__ if cls in EXIT_CODES)


def _explain(exc: BaseException, args: argparse.Namespace) -> list[str]:
    """What the user is told of ``exc``: one line (a refused load adds one per bad record)."""
    if isinstance(exc, (KeyboardInterrupt, Terminated)):
        if args.command == "extract" and args.out == "-":
            return ["interrupted; the facts written so far went to standard output"]
        if args.command == "extract":
            return ["interrupted; no output was replaced, finished articles are kept: run again with --resume to carry on"]
        return ["interrupted; no output was replaced"]
    if isinstance(exc, LoadError):
        return [*(str(error) for error in exc.errors), str(exc)]
    if isinstance(exc, FactpipeError):
        return [str(exc)]
    if isinstance(exc, OSError):
        return [f"{exc.strerror or exc}{f': {exc.filename}' if exc.filename else ''}"]
    log.debug("internal error", exc_info=exc)  # a bug: the traceback under -v DEBUG
    return [f"internal error: {type(exc).__name__}: {exc} (-v DEBUG shows where)"]


def _on_sigterm(signum: int, frame: object) -> None:
    raise Terminated


def cmd_extract(args: argparse.Namespace) -> int:
    from . import collector

    # spaCy's imports make long-lived objects only (a tenth of a second of collections), set
    # aside from the collector as the pipeline is (nlp.shared_nlp)
    with collector.set_aside():
        from .batch import STDOUT, RunPaths, check_output, run_extract
        from .data import UserData
        from .nlp import check_data, shared_nlp

    if args.workers is not None and args.workers < 1:
        print(f"factpipe: --workers must be at least 1, not {args.workers}", file=sys.stderr)
        return EXIT_USAGE
    to_stdout = args.out == STDOUT
    if to_stdout and args.db:
        print("factpipe: --db loads a facts file: give --out a file name, not -", file=sys.stderr)
        return EXIT_USAGE
    files = RunPaths.for_output(args.out, errors=args.errors, summary=args.summary, explain=args.explain)
    check_output(files, args.paths, resume=args.resume)  # before the model is loaded: a bad --out costs nothing
    data = UserData.read(args.data) if args.data else None
    if args.dask is None:
        shared_nlp(args.model, data)  # fail fast on a bad model or data file; forked workers inherit the pipeline
    elif data is not None:
        check_data(data)  # the workers build the pipeline: a bad entry must still stop the run here
    summary = run_extract(
        args.paths,
        args.out,
        model=args.model,
        workers=args.workers,
        resume=args.resume,
        strict=args.strict,
        dask=args.dask,
        progress=sys.stderr.isatty() and not args.quiet,
        errors_out=args.errors,
        summary_out=args.summary,
        data=data,
        explain_out=args.explain,
    )
    where = "standard output" if to_stdout else str(files.facts)
    kept = "" if to_stdout else f"; {where} and its errors and summary files were left as they were"
    if not summary.completed:
        print(f"factpipe: stopped at the first error (--strict): {summary.first_error}{kept}", file=sys.stderr)
        return EXIT_FAILED
    if summary.articles == 0:
        print(f"factpipe: no article could be processed{kept}", file=sys.stderr)
        return EXIT_FAILED
    if not args.quiet:
        print(f"factpipe: {summary.describe()} -> {where}", file=sys.stderr)
    if summary.skipped_files and not args.quiet:
        shown = ", ".join(summary.skipped_files[:3]) + (", …" if len(summary.skipped_files) > 3 else "")
        print(f"factpipe: skipped {len(summary.skipped_files)} files that are not articles: {shown}", file=sys.stderr)
    see = f": see {files.errors}" if files.errors else " (--errors FILE keeps them)"
    if summary.errors and not args.quiet:
        print(f"factpipe: {summary.errors} articles failed{see}", file=sys.stderr)
    if summary.warnings and not args.quiet:
        print(f"factpipe: {summary.warnings} problems (dropped facts, empty or non-English articles){see}", file=sys.stderr)
    if files.explain and not args.quiet:
        print(f"factpipe: {summary.rejected} candidates turned down, and why -> {files.explain}", file=sys.stderr)
    if args.db:
        return load_and_report(files.facts, args.db, articles=args.paths, quiet=args.quiet, errors_path=files.errors)
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from .evaluate import format_report, read_gold, read_predictions, score
    from .gate import DEFAULT_TOLERANCE, check_gate, read_baseline

    if args.tolerance is not None and args.baseline is None:
        print("factpipe: --tolerance is how far F1 may fall below a --baseline: give --baseline too", file=sys.stderr)
        return EXIT_USAGE
    if bool(args.html) != bool(args.articles):
        print("factpipe: --html needs --articles (the texts of the gold articles: gold files hold offsets only), and --articles is for --html", file=sys.stderr)
        return EXIT_USAGE
    if args.html:
        from .review import check_inputs

        check_inputs(args.articles, args.html, args.pred, *args.gold)
    baseline = read_baseline(args.baseline) if args.baseline else None  # a bad baseline costs no scoring
    gold = read_gold(args.gold)
    preds = read_predictions(args.pred)
    rejected = None
    if args.explain:
        from .explain import read_explain

        rejected = read_explain(args.explain)
    report = score(gold, preds, types=args.types, rejected=rejected)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2, default=str))
    else:
        print(f"{len(gold)} gold articles, {sum(len(v) for k, v in preds.items() if k in gold)} predicted facts")
        print(format_report(report, verbose=args.verbose))
    if args.html:
        from .review import evaluate_page, write_page

        page = evaluate_page(report, gold, args.gold, args.pred, args.articles)
        write_page(page, args.html)
        _report_page(page, args.html)
    if not args.fail_under and baseline is None:
        return 0
    sys.stdout.flush()  # the report before the verdict, when both go to one terminal or log
    tolerance = DEFAULT_TOLERANCE if args.tolerance is None else args.tolerance
    gate = check_gate(report.to_json(), args.fail_under or (), baseline, tolerance)
    for note in gate.notes:
        print(f"factpipe: note: {note}", file=sys.stderr)
    if not gate.passed:
        for failure in gate.failures:
            print(f"factpipe: gate failed: {failure}", file=sys.stderr)
        return EXIT_FAILED
    print(f"factpipe: gate passed: {gate.summary()}", file=sys.stderr)
    return 0


def _report_page(page, out: str) -> None:
    """Where a review page went, and its warnings (also listed at the top of the page)."""
    for warning in page.warnings:
        print(f"factpipe: warning: {warning}", file=sys.stderr)
    print(f"factpipe: {len(page.articles)} articles, {page.fact_count} facts -> {out}", file=sys.stderr)


def cmd_show(args: argparse.Namespace) -> int:
    from .io import sidecar
    from .review import check_inputs, show_page, write_page

    out = args.out or str(sidecar(args.facts, ".html"))
    check_inputs(args.articles, out, args.facts)
    page = show_page(args.facts, args.articles, args.article)
    write_page(page, out)
    _report_page(page, out)
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from .diff import check_html_path, diff_files, format_diff, write_html
    from .io import to_json_text

    if args.html:
        check_html_path(args.html, [args.old, args.new])
    diff = diff_files(args.old, args.new, all_fields=args.all_fields)
    if args.json:
        print(to_json_text(diff.to_json(), indent=2))
    else:
        print(format_diff(diff))
    if args.html:
        write_html(diff, args.html)
    return EXIT_FAILED if args.exit_code and not diff.identical else 0


def load_and_report(
    facts_path,
    db: str | None,
    *,
    articles: Sequence[str] = (),
    quiet: bool = False,
    errors_path: Path | None = None,
) -> int:
    """Load a facts file into a database; article metadata from ``articles`` (the extract inputs).

    Standard input (``-``) cannot be read again for metadata: its articles load without it.
    Raises what the load raises (:mod:`pipeline.errors`); :func:`main` reports it.
    """
    from .db import failed_article_ids, load_file, read_article_rows
    from .io import STDIN, sidecar

    facts_path = Path(facts_path)
    articles = [a for a in articles if a != STDIN]
    rows = []
    if articles:
        failed = failed_article_ids(errors_path or sidecar(facts_path, ".errors.jsonl"))
        rows = read_article_rows(articles, skip_ids=failed)
    result = load_file(facts_path, db, articles=rows)
    if not quiet:
        print(f"factpipe: {result.describe()}", file=sys.stderr)
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    return load_and_report(args.facts, args.db, articles=args.articles or (), quiet=args.quiet)


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import write_schemas

    for path in write_schemas(args.out):
        print(path)
    return 0


def _workers(text: str) -> int:
    """``--workers``: a number, or ``auto`` for the CPUs this process may use."""
    if text == "auto":
        from .engines import available_cpus

        return available_cpus()
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number or 'auto': {text!r}") from None


def _threshold(text: str):
    """``--fail-under``: argparse reports a bad one as a usage error (exit 2)."""
    from .gate import parse_threshold

    try:
        return parse_threshold(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _tolerance(text: str):
    from .gate import parse_tolerance

    try:
        return parse_tolerance(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="factpipe",
        description="Extract dates, countries, money and named projects from English news articles.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"factpipe {__version__}")
    parser.add_argument(
        "-v",
        "--log-level",
        default="WARNING",
        type=str.upper,
        choices=["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"],
        help="logging level (default WARNING)",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    ext = sub.add_parser("extract", help="extract facts from articles into JSONL")
    ext.add_argument(
        "paths", nargs="*", default=["corpus"], help="article files or directories, - for JSONL on standard input (default: corpus/)"
    )
    ext.add_argument(
        "--out", default="outputs/facts.jsonl", help="output JSONL, - for standard output (default: outputs/facts.jsonl)"
    )
    ext.add_argument("--errors", metavar="FILE", help="errors JSONL (default: beside --out; none for --out -)")
    ext.add_argument("--summary", metavar="FILE", help="summary JSON (default: beside --out; none for --out -)")
    ext.add_argument("--model", default=DEFAULT_MODEL, help=f"installed spaCy pipeline (default: {DEFAULT_MODEL})")
    ext.add_argument(
        "--data",
        metavar="DIR",
        help="your own data files (projects.json, countries.json, ...), merged over the built-in ones",
    )
    ext.add_argument(
        "--strict", action="store_true", help="stop at the first article that fails (exit 1, --out not replaced)"
    )
    ext.add_argument(
        "--workers",
        type=_workers,
        default="auto",
        metavar="N",
        help="worker processes, or 'auto' (the default): one per CPU this process may use; output identical for any N",
    )
    ext.add_argument(
        "--resume",
        action="store_true",
        help="reuse the articles an earlier run of this --out finished (same id and content); extract the rest",
    )
    ext.add_argument(
        "--dask", metavar="ADDRESS", help="run on a Dask cluster: scheduler address, or 'local' (needs factpipe[dask])"
    )
    ext.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary line")
    ext.add_argument("--db", metavar="URL", help="then load the facts, with article metadata, into this database")
    ext.add_argument(
        "--explain",
        metavar="FILE",
        help="also write the candidates that were turned down, and why, as JSONL (README: Why a candidate was dropped)",
    )
    ext.set_defaults(func=cmd_extract)

    ev = sub.add_parser("evaluate", help="score predicted facts against gold (ANNOTATION.md)")
    ev.add_argument("--gold", nargs="+", required=True, help="*.gold.json files, directories, or gold.jsonl files")
    ev.add_argument("--pred", required=True, help="facts JSONL written by extract")
    ev.add_argument("--types", nargs="+", help="fact types to score (default: those the gold annotates)")
    ev.add_argument("--verbose", action="store_true", help="list every miss and false alarm")
    ev.add_argument("--json", action="store_true", help="print the report as JSON")
    ev.add_argument(
        "--fail-under",
        action="append",
        type=_threshold,
        metavar="[TYPE=]F1",
        help="exit 1 when relaxed F1 is under this: overall (0.9), or of one type (date=0.85); repeatable",
    )
    ev.add_argument(
        "--baseline",
        metavar="SCORES.json",
        help="a report of an earlier 'evaluate --json': exit 1 when a type's relaxed F1 fell by more than --tolerance",
    )
    ev.add_argument(
        "--tolerance",
        type=_tolerance,
        metavar="F1",
        help="how far relaxed F1 may fall below --baseline (default 0.005)",
    )
    ev.add_argument(
        "--html",
        metavar="FILE",
        help="also write a review page: the scores, then each gold article with hits, misses, false alarms and wrong values marked (needs --articles)",
    )
    ev.add_argument(
        "--articles", nargs="+", metavar="PATH", help="the article files/directories of the gold (for --html: their texts)"
    )
    ev.add_argument(
        "--explain", metavar="FILE", help="the --explain file of the extraction: a miss says which check turned it down"
    )
    ev.set_defaults(func=cmd_evaluate)

    df = sub.add_parser("diff", help="compare two facts files: facts added, removed and changed, by article and type")
    df.add_argument("old", help="facts JSONL written by extract (the earlier run)")
    df.add_argument("new", help="facts JSONL written by extract (the later run)")
    df.add_argument("--json", action="store_true", help="print the report as JSON")
    df.add_argument("--html", metavar="FILE", help="also write the report as a self-contained HTML page")
    df.add_argument("--exit-code", action="store_true", help="exit 1 when the files differ (as git diff --exit-code)")
    df.add_argument(
        "--all-fields", action="store_true", help="compare id, rule and sentence too (by default only text and values)"
    )
    df.set_defaults(func=cmd_diff)

    sh = sub.add_parser("show", help="write an HTML page of the articles with their facts marked by type")
    sh.add_argument("facts", help="facts JSONL written by extract")
    sh.add_argument(
        "--articles", nargs="+", required=True, metavar="PATH", help="the article files/directories the facts came from"
    )
    sh.add_argument("--out", metavar="FILE", help="the HTML page (default: beside FACTS: outputs/facts.jsonl -> outputs/facts.html)")
    sh.add_argument("--article", nargs="+", metavar="ID", help="show only these articles (an unknown id is an error)")
    sh.set_defaults(func=cmd_show)

    sc = sub.add_parser("schema", help="write the JSON Schemas of the records")
    sc.add_argument("--out", default="schemas", help="directory (default: schemas/)")
    sc.set_defaults(func=cmd_schema)

    ld = sub.add_parser("load", help="load facts JSONL into SQLite or PostgreSQL (README: Loading into a database)")
    ld.add_argument("facts", help="facts JSONL written by extract")
    ld.add_argument("--db", metavar="URL", help="sqlite:///PATH or postgresql://USER@HOST/DB (default: sqlite:///outputs/facts.db)")
    ld.add_argument(
        "--articles",
        nargs="+",
        metavar="PATH",
        help="the article files/directories the facts came from: fills article metadata, and an article with no fact loses its old ones",
    )
    ld.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    ld.set_defaults(func=cmd_load)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=args.log_level, format="%(levelname)s %(name)s: %(message)s")
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return args.func(args)
    except BrokenPipeError:
        # the reader went away (``| head``): stop quietly; later flushes go nowhere
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except (Exception, KeyboardInterrupt, Terminated) as exc:  # noqa: BLE001  (the last resort: a bug is one line too)
        for line in _explain(exc, args):
            print(f"factpipe: {line}", file=sys.stderr)
        return exit_code(exc)
    finally:
        signal.signal(signal.SIGTERM, previous)
