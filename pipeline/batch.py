"""Batch runs of ``factpipe extract``: streaming, parallel, resumable.

The input is read lazily and cut into chunks in input order: at most
``chunk_size`` items, closed early once they hold ``chunk_words`` words.
Each chunk's articles go to an *engine* that runs
:func:`pipeline.extract.extract_chunk` on them (:mod:`pipeline.engines`): in this
process (one worker), in a pool of worker processes that each build the
pipeline once, or on a Dask cluster (:mod:`pipeline.distributed`).  At most a few chunks per worker are in
flight, and results are taken back in chunk order, so memory stays flat
whatever the corpus size and the output is the same for any number of workers.

Every finished chunk is recorded in the run's ledger (:mod:`pipeline.ledger`)
before it is written out; the output files are written to temporary files and
renamed into place only when the run completes.  A run killed at any moment
therefore leaves the previous output untouched, and ``resume=True`` takes the
finished articles from the ledger, extracts the rest (and the changed ones)
and writes exactly what an uninterrupted run writes.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from .data import UserData
from .engines import Engine, Pending, Ready, make_engine
from .errors import BatchError, OutputError
from .extract import Outcome, RunSummary, article_digest, count_words, split_origin
from .io import (
    STDIN,
    ArticleError,
    StagedFile,
    article_kind,
    count_articles,
    metadata_candidates,
    place,
    read_articles,
    sidecar,
)
from .ledger import Ledger, pipeline_fingerprint
from .records import Article

log = logging.getLogger(__name__)

#: the most articles in a chunk: one ``nlp.pipe`` batch, one unit of work, one ledger transaction
CHUNK_SIZE = 64
#: the most words a chunk holds (about 15 news articles; an article longer than this is a chunk of
#: its own): chunks of like work keep every worker busy to the end of a run, where 64 long articles
#: would leave one worker alone with the last chunk for seconds (spaCy is no slower on batches of 15
#: than of 64), and a chunk's words bound the memory its Docs take, whatever the corpus
CHUNK_WORDS = 5_000
#: errors also logged one by one; every error is in the errors file
LOGGED_ERRORS = 20


#: ``--out -``: the facts go to standard output
STDOUT = "-"


@dataclass
class RunPaths:
    """The files a run writes: the facts, the errors, the summary and the state directory,
    and the explain file when one is asked for (``--explain``).

    For ``--out -`` the facts go to standard output, there is no state, and
    the errors and summary files are those asked for (or none).
    """

    facts: Path | None
    errors: Path | None
    summary: Path | None
    state: Path | None
    explain: Path | None = None

    @classmethod
    def for_output(
        cls,
        out: str | os.PathLike[str],
        *,
        errors: str | os.PathLike[str] | None = None,
        summary: str | os.PathLike[str] | None = None,
        explain: str | os.PathLike[str] | None = None,
    ) -> RunPaths:
        def given(path: str | os.PathLike[str] | None) -> Path | None:
            return _target(path) if path is not None else None

        if explain is not None and str(explain) == STDOUT:
            raise OutputError("--explain writes a file: give it a file name, not -")
        if str(out) == STDOUT:
            return cls(None, given(errors), given(summary), None, given(explain))
        facts = _target(out)
        return cls(
            facts,
            given(errors) or sidecar(facts, ".errors.jsonl"),
            given(summary) or sidecar(facts, ".summary.json"),
            sidecar(facts, ".state"),
            given(explain),
        )

    def files(self) -> list[Path]:
        """The files a completed run replaces, in the order it replaces them (the summary last)."""
        return [p for p in (self.facts, self.errors, self.explain, self.summary) if p is not None]


def _target(path: str | os.PathLike[str]) -> Path:
    """Where an output goes: a symlink is written where it points (and not replaced by a file).

    A special file (``/dev/stdout``, a pipe) is refused here, before resolving
    it gives a name such as ``/proc/123/fd/pipe:[456]``.
    """
    given = Path(path)
    if given.exists() and not given.is_file() and not given.is_dir():
        raise OutputError(f"{given} is not a regular file (for standard output use --out -)")
    return given.resolve()


def check_output(files: RunPaths, inputs: Sequence[str], *, resume: bool = False) -> None:
    """Refuse, before any work, an output that would destroy something or cannot be written.

    Not an input file or the metadata of one, not inside an input directory
    (the next run would read the output and its ``.errors.jsonl`` as
    articles), not a directory or a special file such as ``/dev/stdout`` (use
    ``--out -``), not one file for two outputs, and somewhere this process can
    create files.  ``resume`` needs an output file.
    """
    if files.facts is None and resume:
        raise OutputError("--resume needs an output file to resume: it cannot be used with --out -")
    targets = files.files()
    if len(set(targets)) < len(targets):
        which = "facts, errors, summary and explain file must go to four" if files.explain else "facts, errors and summary must go to three"
        raise OutputError(f"the {which} different files")
    for target in targets:
        if target.is_dir():
            raise OutputError(f"{target} is a directory: give a file name, such as {target / 'facts.jsonl'}")
    if files.state is not None and files.state.exists() and not files.state.is_dir():
        raise OutputError(f"{files.state} (the run state) exists and is not a directory")
    for raw in inputs:
        if raw == STDIN:
            continue
        source = Path(raw).resolve()
        own = {source}
        if source.is_file() and article_kind(source) == "txt":  # its metadata file is input too
            own.update(metadata_candidates(source))
        for target in targets:
            if target in own:
                raise OutputError(f"{target} is also an input: the run would overwrite its own articles")
            if source.is_dir() and source in target.parents:
                raise OutputError(
                    f"{target} is inside the input directory {source}: the next run would read it as articles"
                )
    for folder in sorted({t.parent for t in targets}):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, probe = tempfile.mkstemp(prefix=".factpipe-probe.", dir=folder)
            os.close(fd)
            os.unlink(probe)
        except OSError as exc:
            raise OutputError(f"cannot write in {folder}: {exc.strerror or exc}") from None


@dataclass
class Chunk:
    """A run of consecutive input items: articles to extract, finished ones, and read errors."""

    index: int
    #: in input order: an ArticleError, or (article id, digest, reused?, where it was read)
    entries: list[ArticleError | tuple[str, str, bool, str | None]] = field(default_factory=list)
    todo: list[Article] = field(default_factory=list)
    digests: list[str] = field(default_factory=list)


def chunks(
    items: Iterable[Article | ArticleError], ledger: Ledger | None, size: int = CHUNK_SIZE, words: int = CHUNK_WORDS
) -> Iterator[Chunk]:
    """Cut the input into chunks of at most ``size`` items and at most ``words`` words (an article
    longer than that alone), marking the articles the ledger already holds.

    A chunk is closed before the article that would take it past ``words``, not after it: no
    chunk holds more (but an article longer than that, alone), so the peak memory does not grow
    with the batch's length.
    """
    index = 0
    pending: list[Article | ArticleError] = []
    pending_words = 0

    def build(batch: list[Article | ArticleError]) -> Chunk:
        chunk = Chunk(index)
        if ledger is not None:
            batch = [_duplicate_error(item, ledger) or item for item in batch]
        keyed = [(a, article_digest(a)) for a in batch if isinstance(a, Article)]
        done = ledger.finished([(a.id, d) for a, d in keyed]) if ledger is not None else set()
        digests = iter(keyed)
        for item in batch:
            if isinstance(item, ArticleError):
                chunk.entries.append(item)
                continue
            article, digest = next(digests)
            reused = (article.id, digest) in done
            chunk.entries.append((article.id, digest, reused, article.origin))
            if not reused:
                chunk.todo.append(article)
                chunk.digests.append(digest)
        return chunk

    for item in items:
        item_words = count_words(item.text) if isinstance(item, Article) else 0
        if pending and pending_words + item_words > words:
            yield build(pending)
            index += 1
            pending, pending_words = [], 0
        pending.append(item)
        pending_words += item_words
        if len(pending) >= size or pending_words >= words:
            yield build(pending)
            index += 1
            pending, pending_words = [], 0
    if pending:
        yield build(pending)


def _duplicate_error(item: Article | ArticleError, ledger: Ledger) -> ArticleError | None:
    """The error record of an article whose id an earlier article of this run already has.

    One id is one article: the first one read is extracted, a later one is not
    (it would replace the first in the state, the database and any consumer
    keyed on ids) and is reported with both places.
    """
    if not isinstance(item, Article):
        return None
    where = item.origin or item.id
    first = ledger.claim(item.id, where)
    if first is None:
        return None
    source, line = split_origin(where)
    return ArticleError(
        source,
        f"duplicate article id {item.id!r}: already read at {first}; this one is not extracted",
        stage="duplicate",
        article_id=item.id,
        line=line,
    )


def in_order(engine: Engine, source: Iterable[Chunk]) -> Iterator[tuple[Chunk, list[Outcome]]]:
    """Submit chunks to the engine, at most ``engine.window`` ahead, and yield them in input order."""
    window: deque[tuple[Chunk, Pending]] = deque()
    for chunk in source:
        pending = engine.submit(chunk.todo, chunk.digests) if chunk.todo else Ready([])
        window.append((chunk, pending))
        if len(window) >= engine.window:
            chunk, pending = window.popleft()
            yield chunk, pending.result()
    while window:
        chunk, pending = window.popleft()
        yield chunk, pending.result()


# --- the run ------------------------------------------------------------------------


def _progress(enabled: bool, paths: Sequence[str]) -> Any:
    from tqdm import tqdm

    if not enabled:
        return tqdm(disable=True)
    tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked
    total = count_articles(paths)
    return tqdm(total=total, unit="article", dynamic_ncols=True, smoothing=0.05)


def _write_error(handle: _Writer, error: dict[str, Any]) -> None:
    handle.write(json.dumps(error, ensure_ascii=False) + "\n")


class _Abandon(Exception):
    """Internal: unwinds the output writers so that none of them is renamed into place."""


def run_extract(
    paths: Sequence[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    model: str | None = None,
    workers: int | None = 1,
    resume: bool = False,
    strict: bool = False,
    dask: str | None = None,
    progress: bool = False,
    chunk_size: int = CHUNK_SIZE,
    chunk_words: int = CHUNK_WORDS,
    engine: Engine | None = None,
    errors_out: str | os.PathLike[str] | None = None,
    summary_out: str | os.PathLike[str] | None = None,
    stdout: IO[str] | None = None,
    data: UserData | None = None,
    explain_out: str | os.PathLike[str] | None = None,
) -> RunSummary:
    """Extract every article under ``paths`` into ``out`` (+ errors, summary and state beside it).

    Returns the summary.  The facts, errors and summary files are written to
    temporary files and replaced together, only when the run completed and
    processed at least one article: a run that read nothing, stopped at an
    error (``strict``) or was killed leaves an earlier run's files as they
    were.  The articles finished so far stay in the state for ``resume``.

    ``out`` ``"-"`` streams the facts to ``stdout`` (default ``sys.stdout``) as
    they are made, with no state (``resume`` is refused) and the errors and
    summary files only where ``errors_out`` / ``summary_out`` name them.

    ``data``: the user's data files (``--data``), merged over the built-in ones;
    they are part of the pipeline's fingerprint, so ``resume`` re-extracts
    everything when they change.

    ``explain_out``: also write the candidates the components turned down, and why
    (:mod:`pipeline.explain`), to this file: staged and replaced with the others.
    With ``resume``, an article is reused only when the run that recorded it explained
    too; the others are extracted again, so the file is what an uninterrupted run writes.
    """
    from . import DEFAULT_MODEL

    model = model or DEFAULT_MODEL
    to_stdout = str(out) == STDOUT
    files = RunPaths.for_output(out, errors=errors_out, summary=summary_out, explain=explain_out)
    str_paths = [str(p) for p in paths]
    check_output(files, str_paths, resume=resume)
    summary = RunSummary()
    started = time.perf_counter()
    state_dir = None if to_stdout else files.state
    explaining = files.explain is not None
    if engine is not None and engine.explaining != explaining:
        raise ValueError(f"the engine given must have explaining={explaining}, as explain_out asks")
    with Ledger(state_dir, pipeline_fingerprint(model, data), resume=resume, explaining=explaining) as ledger:
        _remove_stale_temporaries(files)
        own_engine = engine is None
        engine = engine or make_engine(
            model, workers, dask, inherited_fds=ledger.private_fds, data=data, explaining=explaining
        )
        summary.workers, summary.engine = engine.workers, engine.name
        bar = _progress(progress, str_paths)
        staged: list[StagedFile] = []

        def stage(path: Path) -> IO[str]:
            staged.append(StagedFile(path))
            return staged[-1].handle

        try:
            facts_file = (stdout or sys.stdout) if files.facts is None else stage(files.facts)
            errors_file = stage(files.errors) if files.errors else _Discard()
            explain_file = stage(files.explain) if files.explain else None
            skipped: list[Path] = []
            items = read_articles(str_paths, skipped=skipped)
            for chunk, outcomes in in_order(engine, chunks(items, ledger, chunk_size, chunk_words)):
                if not _write_chunk(chunk, outcomes, ledger, facts_file, errors_file, summary, strict, explain_file):
                    summary.completed = False
                    break
                if to_stdout:
                    facts_file.flush()
                bar.update(len(chunk.entries))
                elapsed = time.perf_counter() - started
                bar.set_postfix_str(f"{summary.words_extracted / elapsed:,.0f} words/s", refresh=False)
            summary.seconds = time.perf_counter() - started
            summary.skipped_files = [str(p) for p in skipped]
            if not summary.completed or summary.articles == 0:
                raise _Abandon  # nothing an earlier run wrote is replaced by a run that did nothing
            if files.summary:
                handle = stage(files.summary)
                json.dump(summary.to_json(), handle, indent=2)
                handle.write("\n")
            for file in staged:
                file.seal()
            with _signals_deferred():  # the facts, errors and summary are replaced together
                for file in staged:
                    file.place()
            ledger.finish()
        except _Abandon:
            pass
        except BrokenProcessPool:
            raise BatchError(
                "a worker process died (out of memory?); the finished articles are kept: "
                "run again with --resume to carry on"
            ) from None
        except BaseException:
            if own_engine:
                engine.abort()
            raise
        finally:
            for file in staged:
                file.discard()  # what was not put in place (after place() there is nothing left to discard)
            bar.close()
            if own_engine:
                engine.close()
    summary.seconds = time.perf_counter() - started
    return summary


class _Writer(Protocol):
    def write(self, text: str, /) -> int: ...


class _Discard:
    """The errors "file" of a run that keeps none (``--out -`` without ``--errors``)."""

    def write(self, text: str, /) -> int:
        return len(text)


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM for a moment (a few renames): they take effect right after."""
    held = {signal.SIGINT, signal.SIGTERM}
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _write_chunk(
    chunk: Chunk,
    outcomes: list[Outcome],
    ledger: Ledger,
    facts_file: IO[str],
    errors_file: _Writer,
    summary: RunSummary,
    strict: bool,
    explain_file: _Writer | None = None,
) -> bool:
    """Record a chunk in the ledger and write it out in input order; False to stop (strict).

    ``explain_file``: where the articles' rejections go (``--explain``).
    """
    ledger.record(outcomes)
    fresh = iter(outcomes)
    for entry in chunk.entries:
        if isinstance(entry, ArticleError):
            error = entry.to_json()
        else:
            article_id, digest, reused, origin = entry
            outcome = ledger.outcome(article_id, digest) if reused else next(fresh)
            if outcome.error is None:
                facts_file.write(outcome.lines)
                if explain_file is not None:
                    assert outcome.explained is not None, "a run that explains extracts or reuses explained articles only"
                    explain_file.write(outcome.explained)
                summary.add_outcome(outcome, reused=reused)
                problems = _relocated(outcome.problems, origin) if reused else outcome.problems
                _write_problems(errors_file, problems, summary)
                continue
            error = outcome.error
        summary.add_error(error.get("stage"))
        _write_error(errors_file, error)
        if strict:
            summary.first_error = _describe_error(error)
            return False
        if summary.errors <= LOGGED_ERRORS:
            log.warning("skipped %s", _describe_error(error))
            if summary.errors == LOGGED_ERRORS:
                log.warning("further errors go to the errors file only")
    return True


def _relocated(problems: list[dict[str, Any]], origin: str | None) -> list[dict[str, Any]]:
    """A reused article's problems, placed where the article is read now (it may have moved)."""
    if origin is None:
        return problems
    source, line = split_origin(origin)
    return [{**problem, "source": source, "line": line} for problem in problems]


def _write_problems(handle: _Writer, problems: list[dict[str, Any]], summary: RunSummary) -> None:
    """An article's problems (already counted by ``add_outcome``) to the errors file, the first few to the log."""
    for number, problem in enumerate(problems, start=summary.warnings - len(problems) + 1):
        _write_error(handle, problem)
        if number <= LOGGED_ERRORS:
            log.warning("%s", _describe_problem(problem))
            if number == LOGGED_ERRORS:
                log.warning("further warnings go to the errors file only")


def _describe_problem(problem: dict[str, Any]) -> str:
    where = place(problem["source"], problem.get("line"))
    what = f" {problem['fact_type']} {problem['text']!r} at {problem['start']}" if problem.get("fact_type") else ""
    return f"{where} (article {problem['article_id']}){what}: {problem['kind']}: {problem['error']}"


def _describe_error(error: dict[str, Any]) -> str:
    where = place(error["source"], error.get("line"))
    what = f" (article {error['article_id']})" if error.get("article_id") else ""
    stage = "" if error["stage"] in ("read", "duplicate") else f"{error['stage']} failed: "
    return f"{where}{what}: {stage}{error['error']}"


def _remove_stale_temporaries(files: RunPaths) -> None:
    """Temporary files a killed run of this output left (:class:`StagedFile` names them ``.<name>.*.tmp``).

    Only the files the lock guards: the facts and their default companions.  A
    file given with ``--errors`` or ``--summary`` may be another run's too, and
    ``--out -`` takes no lock.
    """
    if files.facts is None:
        return
    guarded = [sidecar(files.facts, ".errors.jsonl"), sidecar(files.facts, ".summary.json")]
    for target in [files.facts, *(p for p in (files.errors, files.summary) if p in guarded)]:
        if not target.parent.is_dir():
            continue
        for leftover in target.parent.glob(f".{target.name}.*.tmp"):
            try:
                leftover.unlink()
            except OSError:
                pass
