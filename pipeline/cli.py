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

exit codes: 0 done (articles that failed are in the errors file), 1 nothing was processed,
  --strict stopped, or a load was refused, 2 usage or setup error (nothing was changed),
  130 interrupted, 141 output pipe closed, 143 terminated
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
    return 0


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
        "--workers", type=int, metavar="N", help="worker processes (default 1; output identical for any N)"
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
        "--explain", metavar="FILE", help="the --explain file of the extraction: a miss says which check turned it down"
    )
    ev.set_defaults(func=cmd_evaluate)

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
