"""Where the chunks of a batch run are extracted: the engines behind ``--workers`` and ``--dask``.

An engine runs :func:`pipeline.extract.extract_chunk` on each chunk it is
given and hands back a :class:`Pending` result: :class:`InlineEngine` in this
process, :class:`PoolEngine` in N worker processes that each build the
pipeline once, :class:`pipeline.distributed.DaskEngine` on a Dask cluster.
:func:`make_engine` picks one.  The batch runner (:mod:`pipeline.batch`) and
the Dask engine both build on this module; neither imports the other.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from typing import Protocol

from .data import UserData
from .extract import Outcome, extract_chunk
from .records import Article

#: chunks in flight per worker: enough to keep every worker busy, few enough to keep memory flat
WINDOW_PER_WORKER = 3


class Pending(Protocol):
    def result(self) -> list[Outcome]: ...


class Engine(Protocol):
    """Runs :func:`extract_chunk` somewhere; ``window`` is how many chunks may be in flight."""

    window: int
    name: str
    workers: int
    #: whether its chunks record the candidates turned down (``--explain``)
    explaining: bool

    def submit(self, articles: list[Article], digests: list[str]) -> Pending: ...

    def close(self) -> None: ...

    def abort(self) -> None: ...


class _Deferred:
    """A chunk extracted in this process when its result is asked for."""

    def __init__(self, fn: Callable[[], list[Outcome]]) -> None:
        self._fn = fn

    def result(self) -> list[Outcome]:
        return self._fn()


class Ready:
    """A result there is nothing to compute for (a chunk whose articles were all reused)."""

    def __init__(self, value: list[Outcome]) -> None:
        self._value = value

    def result(self) -> list[Outcome]:
        return self._value


class InlineEngine:
    """One worker: this process, no pickling, no pool."""

    name = "local"
    workers = 1
    window = 1

    def __init__(self, model: str, data: UserData | None = None, explaining: bool = False) -> None:
        self.model = model
        self.data = data
        self.explaining = explaining

    def submit(self, articles: list[Article], digests: list[str]) -> Pending:
        return _Deferred(lambda: extract_chunk(articles, self.model, digests, self.data, self.explaining))

    def close(self) -> None:
        pass

    def abort(self) -> None:
        pass


#: how often a worker checks that its parent is alive (seconds)
ORPHAN_CHECK_SECONDS = 0.5


def _init_worker(model: str, parent: int, inherited_fds: tuple[int, ...] = (), data: UserData | None = None) -> None:
    """Pool initializer: one thread per worker process, and the pipeline built once.

    Workers ignore Ctrl-C: the parent handles it and shuts the pool down.
    A forked worker closes its copy of the parent's descriptors that must die
    with the parent (the output lock), and exits by itself when the parent is
    gone, however it died (SIGKILL included), so no orphan keeps working or
    holds the lock that a ``--resume`` needs.
    """
    import signal

    from .nlp import shared_nlp

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the CLI's handler: a terminated worker just ends
    for fd in inherited_fds:
        with contextlib.suppress(OSError):
            os.close(fd)
    _exit_with_parent(parent)
    limit_threads()
    shared_nlp(model, data)


def _exit_with_parent(parent: int) -> None:
    """Watch the parent from a daemon thread; exit at once when this process is re-parented."""
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(ORPHAN_CHECK_SECONDS)
        os._exit(1)  # no cleanup: the parent that would read our results is gone

    threading.Thread(target=watch, name="factpipe-parent-watch", daemon=True).start()


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity mask: a container's or ``taskset``'s limit), at least 1."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # no affinity on this platform
        return os.cpu_count() or 1


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

    def __init__(
        self,
        model: str,
        workers: int,
        inherited_fds: tuple[int, ...] = (),
        data: UserData | None = None,
        explaining: bool = False,
    ) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # fork: workers inherit the imported libraries and, when this process
        # already built it, the pipeline itself (copy-on-write)
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        if method != "fork":
            inherited_fds = ()  # a spawned worker inherits no descriptor
        self.workers = workers
        self.window = workers * WINDOW_PER_WORKER
        self.model = model
        self.data = data
        self.explaining = explaining
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context(method),
            initializer=_init_worker,
            initargs=(model, os.getpid(), inherited_fds, data),
        )

    def submit(self, articles: list[Article], digests: list[str]) -> Pending:
        return self._pool.submit(extract_chunk, articles, self.model, digests, self.data, self.explaining)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def abort(self) -> None:
        """Stop now (an interrupt or a failure): no waiting for chunks nobody will read."""
        processes = list((getattr(self._pool, "_processes", None) or {}).values())
        self._pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            with contextlib.suppress(Exception):
                process.terminate()


def make_engine(
    model: str,
    workers: int | None = 1,
    dask: str | None = None,
    *,
    inherited_fds: tuple[int, ...] = (),
    data: UserData | None = None,
    explaining: bool = False,
) -> Engine:
    """The engine for ``--workers`` / ``--dask`` (``workers=None``: 1, or 2 for a local Dask cluster).

    ``inherited_fds`` are descriptors forked workers must close (the output lock);
    ``data`` the user's data files, which every worker's pipeline merges over the built-in ones;
    ``explaining``: the workers also record the candidates turned down (``--explain``).
    """
    if workers is not None and workers < 1:
        raise ValueError(f"--workers must be at least 1, not {workers}")
    if dask:
        from .distributed import DaskEngine

        return DaskEngine(model, dask, workers=workers, data=data, explaining=explaining)
    workers = workers or 1
    if workers == 1:
        return InlineEngine(model, data, explaining)
    return PoolEngine(model, workers, inherited_fds, data, explaining)


# --- chunking and ordering ---------------------------------------------------------
