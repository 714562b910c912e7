"""Batch runs of ``factpipe extract``: streaming, parallel, resumable.

The input is read lazily and cut into chunks of ``chunk_size`` items in input
order.  Each chunk's articles go to an *engine* that runs
:func:`pipeline.extract.extract_chunk` on them: in this process (one worker), in
a pool of worker processes that each build the pipeline once, or on a Dask
cluster (:mod:`pipeline.distributed`).  At most a few chunks per worker are in
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

import json
import logging
import os
import time
from collections import deque
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator, Protocol, Sequence

from .extract import Outcome, RunSummary, article_digest, extract_chunk
from .io import ArticleError, atomic_writer, count_articles, read_articles
from .ledger import Ledger, pipeline_fingerprint
from .models import Article

log = logging.getLogger(__name__)

#: articles per chunk: one ``nlp.pipe`` batch, one unit of work, one ledger transaction
CHUNK_SIZE = 64
#: chunks in flight per worker: enough to keep every worker busy, few enough to keep memory flat
WINDOW_PER_WORKER = 3
#: errors also logged one by one; every error is in the errors file
LOGGED_ERRORS = 20


class BatchError(RuntimeError):
    """The run could not go on: an engine failed, or the state is unusable."""


def sidecar(out: str | os.PathLike[str], suffix: str) -> Path:
    """``outputs/facts.jsonl`` -> ``outputs/facts<suffix>``."""
    out = Path(out)
    return out.with_name(out.name.removesuffix(".jsonl") + suffix)


@dataclass
class RunPaths:
    """The files a run writes: the facts, the errors, the summary and the state directory."""

    facts: Path
    errors: Path
    summary: Path
    state: Path

    @classmethod
    def for_output(cls, out: str | os.PathLike[str]) -> "RunPaths":
        out = Path(out)
        return cls(out, sidecar(out, ".errors.jsonl"), sidecar(out, ".summary.json"), sidecar(out, ".state"))


# --- engines ------------------------------------------------------------------


class Pending(Protocol):
    def result(self) -> list[Outcome]: ...


class Engine(Protocol):
    """Runs :func:`extract_chunk` somewhere; ``window`` is how many chunks may be in flight."""

    window: int
    name: str
    workers: int

    def submit(self, articles: list[Article], digests: list[str]) -> Pending: ...

    def close(self) -> None: ...


class _Deferred:
    """A chunk extracted in this process when its result is asked for."""

    def __init__(self, fn: Callable[[], list[Outcome]]) -> None:
        self._fn = fn

    def result(self) -> list[Outcome]:
        return self._fn()


class _Ready:
    def __init__(self, value: list[Outcome]) -> None:
        self._value = value

    def result(self) -> list[Outcome]:
        return self._value


class InlineEngine:
    """One worker: this process, no pickling, no pool."""

    name = "local"
    workers = 1
    window = 1

    def __init__(self, model: str) -> None:
        self.model = model

    def submit(self, articles: list[Article], digests: list[str]) -> Pending:
        return _Deferred(lambda: extract_chunk(articles, self.model, digests))

    def close(self) -> None:
        pass


def _init_worker(model: str) -> None:
    """Pool initializer: one thread per worker process, and the pipeline built once.

    Workers ignore Ctrl-C: the parent handles it and shuts the pool down.
    """
    import signal

    from .nlp import shared_nlp

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    limit_threads()
    shared_nlp(model)


def limit_threads() -> None:
    """Keep numeric libraries to one thread: the workers are the parallelism."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    threadpool_limits(1)


class PoolEngine:
    """N worker processes, each building the pipeline once; chunks come back in order."""

    name = "local"

    def __init__(self, model: str, workers: int) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # fork: workers inherit the imported libraries and, when this process
        # already built it, the pipeline itself (copy-on-write)
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        self.workers = workers
        self.window = workers * WINDOW_PER_WORKER
        self.model = model
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context(method),
            initializer=_init_worker,
            initargs=(model,),
        )

    def submit(self, articles: list[Article], digests: list[str]) -> Pending:
        return self._pool.submit(extract_chunk, articles, self.model, digests)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def make_engine(model: str, workers: int | None = 1, dask: str | None = None) -> Engine:
    """The engine for ``--workers`` / ``--dask`` (``workers=None``: 1, or 2 for a local Dask cluster)."""
    if workers is not None and workers < 1:
        raise ValueError(f"--workers must be at least 1, not {workers}")
    if dask:
        from .distributed import DaskEngine

        return DaskEngine(model, dask, workers=workers)
    workers = workers or 1
    if workers == 1:
        return InlineEngine(model)
    return PoolEngine(model, workers)


# --- chunking and ordering ---------------------------------------------------------


@dataclass
class Chunk:
    """A run of consecutive input items: articles to extract, finished ones, and read errors."""

    index: int
    #: in input order: an ArticleError, or (article id, digest, reused?)
    entries: list[ArticleError | tuple[str, str, bool]] = field(default_factory=list)
    todo: list[Article] = field(default_factory=list)
    digests: list[str] = field(default_factory=list)


def chunks(
    items: Iterable[Article | ArticleError], ledger: Ledger | None, size: int = CHUNK_SIZE
) -> Iterator[Chunk]:
    """Cut the input into chunks, marking the articles the ledger already holds."""
    index = 0
    pending: list[Article | ArticleError] = []

    def build(batch: list[Article | ArticleError]) -> Chunk:
        chunk = Chunk(index)
        keyed = [(a, article_digest(a)) for a in batch if isinstance(a, Article)]
        done = ledger.finished([(a.id, d) for a, d in keyed]) if ledger is not None else set()
        digests = iter(keyed)
        for item in batch:
            if isinstance(item, ArticleError):
                chunk.entries.append(item)
                continue
            article, digest = next(digests)
            reused = (article.id, digest) in done
            chunk.entries.append((article.id, digest, reused))
            if not reused:
                chunk.todo.append(article)
                chunk.digests.append(digest)
        return chunk

    for item in items:
        pending.append(item)
        if len(pending) >= size:
            yield build(pending)
            index += 1
            pending = []
    if pending:
        yield build(pending)


def in_order(engine: Engine, source: Iterable[Chunk]) -> Iterator[tuple[Chunk, list[Outcome]]]:
    """Submit chunks to the engine, at most ``engine.window`` ahead, and yield them in input order."""
    window: deque[tuple[Chunk, Pending]] = deque()
    for chunk in source:
        pending = engine.submit(chunk.todo, chunk.digests) if chunk.todo else _Ready([])
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


def _write_error(handle: IO[str], error: dict[str, Any]) -> None:
    handle.write(json.dumps(error, ensure_ascii=False) + "\n")


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
    engine: Engine | None = None,
) -> RunSummary:
    """Extract every article under ``paths`` into ``out`` (+ errors, summary and state beside it).

    Returns the summary.  With ``strict``, stops at the first article that
    fails: the summary and errors file are written, the facts file is left as
    it was, and the articles finished so far stay in the state for a resume.
    """
    from .nlp import DEFAULT_MODEL

    model = model or DEFAULT_MODEL
    files = RunPaths.for_output(out)
    str_paths = [str(p) for p in paths]
    summary = RunSummary()
    started = time.perf_counter()
    with Ledger(files.state, pipeline_fingerprint(model), resume=resume) as ledger:
        _remove_stale_temporaries(files)  # the lock is ours: leftovers of killed runs can go
        own_engine = engine is None
        engine = engine or make_engine(model, workers, dask)
        summary.workers, summary.engine = engine.workers, engine.name
        bar = _progress(progress, str_paths)
        try:
            with atomic_writer(files.errors) as errors_file:
                try:
                    with atomic_writer(files.facts) as facts_file:
                        items = read_articles(str_paths)
                        for chunk, outcomes in in_order(engine, chunks(items, ledger, chunk_size)):
                            if not _write_chunk(chunk, outcomes, ledger, facts_file, errors_file, summary, strict):
                                summary.completed = False
                                raise _StrictStop  # the facts file of a stopped run is not an output
                            bar.update(len(chunk.entries))
                            elapsed = time.perf_counter() - started
                            bar.set_postfix_str(f"{summary.words_extracted / elapsed:,.0f} words/s", refresh=False)
                except _StrictStop:
                    pass
        except BrokenProcessPool:
            raise BatchError(
                "a worker process died (out of memory?); the finished articles are kept: "
                "run again with --resume to carry on"
            ) from None
        finally:
            bar.close()
            if own_engine:
                engine.close()
    summary.seconds = time.perf_counter() - started
    with atomic_writer(files.summary) as handle:
        json.dump(summary.to_json(), handle, indent=2)
        handle.write("\n")
    return summary


class _StrictStop(Exception):
    """Internal: unwinds the facts writer so that it is not renamed into place."""


def _write_chunk(
    chunk: Chunk,
    outcomes: list[Outcome],
    ledger: Ledger,
    facts_file: IO[str],
    errors_file: IO[str],
    summary: RunSummary,
    strict: bool,
) -> bool:
    """Record a chunk in the ledger and write it out in input order; False to stop (strict)."""
    ledger.record(outcomes)
    fresh = iter(outcomes)
    for entry in chunk.entries:
        if isinstance(entry, ArticleError):
            error = entry.to_json()
        else:
            article_id, digest, reused = entry
            outcome = ledger.outcome(article_id, digest) if reused else next(fresh)
            if outcome.error is None:
                facts_file.write(outcome.lines)
                summary.add_outcome(outcome, reused=reused)
                _write_problems(errors_file, outcome.problems, summary)
                continue
            error = outcome.error
        summary.add_error(error.get("stage"))
        _write_error(errors_file, error)
        if summary.errors <= LOGGED_ERRORS:
            log.warning("skipped %s", _describe_error(error))
            if summary.errors == LOGGED_ERRORS:
                log.warning("further errors go to the errors file only")
        if strict:
            return False
    return True


def _write_problems(handle: IO[str], problems: list[dict[str, Any]], summary: RunSummary) -> None:
    """An article's problems (already counted by ``add_outcome``) to the errors file, the first few to the log."""
    for number, problem in enumerate(problems, start=summary.warnings - len(problems) + 1):
        _write_error(handle, problem)
        if number <= LOGGED_ERRORS:
            log.warning("%s", _describe_problem(problem))
            if number == LOGGED_ERRORS:
                log.warning("further warnings go to the errors file only")


def _describe_problem(problem: dict[str, Any]) -> str:
    where = f"{problem['source']}:{problem['line']}" if problem.get("line") else problem["source"]
    what = f" {problem['fact_type']} {problem['text']!r} at {problem['start']}" if problem.get("fact_type") else ""
    return f"{where} (article {problem['article_id']}){what}: {problem['kind']}: {problem['error']}"


def _describe_error(error: dict[str, Any]) -> str:
    where = f"{error['source']}:{error['line']}" if error.get("line") else error["source"]
    what = f" (article {error['article_id']})" if error.get("article_id") else ""
    return f"{where}{what}: {error['stage']} failed: {error['error']}"


def _remove_stale_temporaries(files: RunPaths) -> None:
    """Temporary files a killed run left (``atomic_writer`` names them ``.<name>.*.tmp``)."""
    for target in (files.facts, files.errors, files.summary):
        if not target.parent.is_dir():
            continue
        for leftover in target.parent.glob(f".{target.name}.*.tmp"):
            try:
                leftover.unlink()
            except OSError:
                pass
