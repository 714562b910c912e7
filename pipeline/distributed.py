"""``factpipe extract --dask ADDRESS``: the same chunks on a Dask cluster.

Each chunk of articles is one task running :func:`pipeline.extract.extract_chunk`
on a worker; the pipeline is built once per worker process (its module-level
cache, :func:`pipeline.nlp.shared_nlp`) and reused by every later task there.
The client keeps only a window of tasks in flight and takes results back in
chunk order, so the records, the ledger and the files are exactly those of a
local run.  Dask is an optional extra: ``pip install 'factpipe[dask]'``.

Workers need factpipe and the spaCy model installed (the same versions as the
client); they get the article texts with each task, not file paths, so they
need no access to the input files.
"""

from __future__ import annotations

import logging
from typing import Any

from .data import UserData
from .errors import BatchError, DaskUnavailable
from .extract import Outcome, extract_chunk
from .records import Article

log = logging.getLogger(__name__)

#: chunks in flight per Dask worker thread
WINDOW_PER_THREAD = 3


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise DaskUnavailable(
            "--dask needs the optional dask extra: pip install 'factpipe[dask]'"
        ) from None
    return distributed


class DaskEngine:
    """Chunks as Dask tasks: ``address`` is a scheduler (``tcp://host:8786``) or ``local``."""

    name = "dask"

    def __init__(
        self,
        model: str,
        address: str,
        *,
        workers: int | None = None,
        timeout: str = "30s",
        data: UserData | None = None,
        explaining: bool = False,
    ) -> None:
        distributed = _import_distributed()
        # dask configures its own loggers at INFO: follow the application's level instead
        logging.getLogger("distributed").setLevel(logging.getLogger().getEffectiveLevel())
        self.model = model
        #: the user's data files travel with each task (their content: a worker may not see the directory)
        self.data = data
        #: the workers also record the candidates turned down (``--explain``)
        self.explaining = explaining
        self._cluster = None
        try:
            if address == "local":
                # one thread per worker process: spaCy's work is CPU-bound Python
                self._cluster = distributed.LocalCluster(
                    n_workers=workers or 2,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    # a worker logs its lost connections at ERROR, with a traceback, when the run
                    # is killed under it; a task's own failure reaches the client as its result
                    silence_logs=logging.CRITICAL,
                )
                self.client = distributed.Client(self._cluster)
            else:
                self.client = distributed.Client(address, timeout=timeout)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise DaskUnavailable(f"cannot reach the Dask scheduler at {address}: {exc}") from None
        threads = sum(w.get("nthreads", 1) for w in self.client.scheduler_info()["workers"].values())
        self.workers = max(threads, 1)
        self.window = self.workers * WINDOW_PER_THREAD
        log.info("dask: %s, %d worker threads", self.client.dashboard_link or address, self.workers)

    def submit(self, articles: list[Article], digests: list[str]) -> _Task:
        # pure=False: two identical chunks are two tasks, never a shared cached result
        return _Task(self.client.submit(extract_chunk, articles, self.model, digests, self.data, self.explaining, pure=False))

    def abort(self) -> None:
        self.close()

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
            self.client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


class _Task:
    """A submitted chunk; a worker lost for good becomes a :class:`pipeline.errors.BatchError`."""

    def __init__(self, future: Any) -> None:
        self.future = future

    def result(self) -> list[Outcome]:
        from distributed import KilledWorker

        try:
            return self.future.result()
        except KilledWorker as exc:
            raise BatchError(
                f"Dask workers kept dying on a chunk ({exc}); the finished articles are kept: "
                "run again with --resume to carry on"
            ) from None
