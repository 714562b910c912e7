"""Loading fact records into SQLite (the default) or PostgreSQL.

The library behind ``factpipe load`` and ``factpipe extract --db``.  One
SQLAlchemy Core schema serves both dialects:

* ``schema_version`` — one row per schema version applied, so a later release
  can tell what it is looking at and migrate;
* ``articles`` — one row per article (metadata when it is known: a bare facts
  file carries only the article id); ``published`` is the calendar day of
  publication as written, ``published_at`` the date or timestamp exactly as
  given (ISO 8601 text, with its offset: ``2016-05-05T23:30:00+02:00``), since
  PostgreSQL's timestamp types keep no offset and SQLite has none;
* ``facts`` — one row per fact, the columns of every type side by side (a
  column a type does not have is null); fields a record class gains that have
  no column yet are kept in ``extra`` (JSON) rather than dropped;
* ``fact_countries`` — the ``countries`` list of a fact (projects), one row per
  country, so "projects by country" is a join, not string matching.

A load is one transaction: every article that occurs in the input has its old
facts deleted and the input's inserted, so reloading a file changes nothing
and a re-extraction leaves no stale fact; an invalid record or a database
error rolls everything back.

Amounts are exact.  PostgreSQL stores them as ``NUMERIC(38, 10)``.  SQLite has
no decimal type, so :class:`ExactAmount` stores a value as an INTEGER when it is
integral, as a REAL only when the float reads back as exactly the same decimal,
and as TEXT otherwise (more than 15 significant digits); the column has no
type affinity so SQLite keeps each as given.  Reading gives back the exact
:class:`~decimal.Decimal` on both, and ``amount > 1000000000`` compares numbers
on both (only the TEXT fallback compares as text on SQLite).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import to_jsonable_python
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.types import TypeDecorator, UserDefinedType

from .errors import DatabaseError, InputError, LoadError
from .io import ArticleError, load_json_line, read_articles, validation_reason
from .records import (
    AMOUNT_DECIMALS,
    AMOUNT_DIGITS,
    FACT_ADAPTER,
    Article,
    BaseFact,
    amount_problem,
    canonical_decimal,
    parse_published,
    published_day,
)

log = logging.getLogger(__name__)

DEFAULT_URL = "sqlite:///outputs/facts.db"
#: bump when the tables change, and add the migration from the previous version (:data:`_MIGRATIONS`)
SCHEMA_VERSION = 2
#: ``NUMERIC(38, 10)``: 28 digits before the point, 10 after, the records' limit (records.AMOUNT_DIGITS)
AMOUNT_PRECISION, AMOUNT_SCALE = AMOUNT_DIGITS + AMOUNT_DECIMALS, AMOUNT_DECIMALS
#: records written per INSERT round trip
BATCH_SIZE = 2000
#: invalid records reported before a load gives up reading
MAX_ERRORS = 20
#: article ids per ``IN (...)`` list
_ID_CHUNK = 500


@dataclass(frozen=True)
class RecordError:
    """One rejected input record: where it is and why."""

    source: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.reason}"


@dataclass
class LoadResult:
    """What a load did."""

    database: str
    articles: int = 0
    facts: int = 0
    #: facts already in the database for those articles, deleted and replaced
    replaced: int = 0
    #: input lines identical to an earlier line (same fact id and content), skipped
    duplicates: int = 0
    seconds: float = 0.0

    def describe(self) -> str:
        dup = f", {self.duplicates} repeated lines skipped" if self.duplicates else ""
        return (
            f"{self.facts} facts of {self.articles} articles loaded into {self.database} "
            f"({self.replaced} old facts replaced{dup}) in {self.seconds:.1f}s"
        )


# --- exact amounts ------------------------------------------------------------


class _NoAffinity(UserDefinedType):
    """A SQLite column type with no affinity: values are stored as given."""

    cache_ok = True

    def get_col_spec(self, **kw: Any) -> str:
        # a declared type containing "BLOB" has no affinity (SQLite datatype3 §3.1)
        return "DECIMAL_BLOB"


def _to_sqlite_number(value: Decimal) -> int | float | str:
    """The SQLite value for an exact amount: INTEGER, exact REAL, or TEXT."""
    if value == value.to_integral_value() and -(2**63) <= value < 2**63:
        return int(value)
    as_float = float(value)
    if Decimal(repr(as_float)) == value:
        return as_float
    log.debug("amount %s has no exact SQLite number: stored as text", value)
    return format(value, "f")


class ExactAmount(TypeDecorator):
    """NUMERIC(38, 10) on PostgreSQL; exact number-or-text on SQLite (see module doc)."""

    impl = Numeric(AMOUNT_PRECISION, AMOUNT_SCALE, asdecimal=True)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(_NoAffinity())
        return dialect.type_descriptor(Numeric(AMOUNT_PRECISION, AMOUNT_SCALE, asdecimal=True))

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if not isinstance(value, Decimal):
            value = Decimal(str(value))
        if dialect.name == "sqlite":
            return _to_sqlite_number(value)
        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if isinstance(value, float):
            value = repr(value)
        return canonical_decimal(Decimal(value) if not isinstance(value, Decimal) else value)


def check_amount(value: Decimal | None, name: str) -> str | None:
    """Why an amount does not fit NUMERIC(38, 10), or None when it does (the record's own limit)."""
    if value is None:
        return None
    problem = amount_problem(value)
    return f"{name} {problem}" if problem else None


# --- the schema ---------------------------------------------------------------

metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String, primary_key=True),
    Column("title", Text),
    Column("published", Date),
    Column("published_at", Text),
    Column("source", Text),
    Column("url", Text),
    Column("text_hash", String),
    Column("extracted_at", DateTime(timezone=True)),
)

facts = Table(
    "facts",
    metadata,
    Column("id", String, primary_key=True),
    Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("type", String, nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("sentence", Text, nullable=False),
    Column("rule", String),
    # country (name is shared with project)
    Column("iso_alpha2", String),
    Column("name", Text),
    Column("historical", Boolean),
    Column("via", String),
    # date (kind is shared with project)
    Column("value", String),
    Column("kind", String),
    Column("start_date", Date),
    Column("end_date", Date),
    # money
    Column("amount", ExactAmount()),
    Column("currency", String),
    Column("qualifier", String),
    Column("amount_max", ExactAmount()),
    Column("per", String),
    # fields of newer record classes that have no column yet
    Column("extra", JSON(none_as_null=True)),
)

fact_countries = Table(
    "fact_countries",
    metadata,
    Column("fact_id", String, ForeignKey("facts.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True, autoincrement=False),
    Column("iso_alpha2", String, nullable=False),
)

Index("ix_facts_article", facts.c.article_id)
Index("ix_facts_country", facts.c.iso_alpha2, facts.c.article_id)
Index("ix_facts_dates", facts.c.start_date, facts.c.end_date)
Index("ix_facts_money", facts.c.currency, facts.c.amount)
Index("ix_facts_type_kind", facts.c.type, facts.c.kind)
Index("ix_fact_countries_country", fact_countries.c.iso_alpha2)
Index("ix_articles_published", articles.c.published)

#: record fields stored in a column of their own (the rest go to ``extra``)
_FACT_COLUMNS = tuple(c.name for c in facts.columns if c.name != "extra")
#: record fields stored in a child table
_LIST_FIELDS = {"countries"}
_ARTICLE_META = ("title", "published", "published_at", "source", "url", "text_hash")


# --- connecting ---------------------------------------------------------------


def _sqlite_on_connect(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def safe_url(engine: Engine) -> str:
    """The engine's URL without its password, for messages."""
    return engine.url.render_as_string(hide_password=True)


def make_engine(url: str | None = None) -> Engine:
    """An engine for a database URL (``sqlite:///path``, ``postgresql://…``) or a bare SQLite path."""
    url = url or DEFAULT_URL
    if "://" not in url:
        url = f"sqlite:///{url}"
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(f"not a database URL: {url!r}") from None
    backend = parsed.get_backend_name()
    if backend == "postgres":
        parsed = parsed.set(drivername="postgresql+psycopg")
    elif backend == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    elif backend != "sqlite" and backend != "postgresql":
        raise DatabaseError(f"unsupported database {backend!r}: use sqlite:///PATH or postgresql://…")
    if backend == "sqlite":
        path = parsed.database
        if path and path != ":memory:" and not path.startswith("file:"):
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = create_engine(parsed)
    except (ModuleNotFoundError, NoSuchModuleError) as exc:
        hint = " (pip install 'factpipe[postgres]')" if backend.startswith("postgres") else ""
        raise DatabaseError(f"no driver for {parsed.drivername}: {exc}{hint}") from None
    if backend == "sqlite":
        event.listen(engine, "connect", _sqlite_on_connect)
    return engine


def _db_error(engine: Engine, exc: BaseException) -> DatabaseError:
    """A one-line DatabaseError from a driver exception."""
    detail = str(exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc)
    detail = detail.strip().splitlines()[0] if detail.strip() else type(exc).__name__
    return DatabaseError(f"{safe_url(engine)}: {detail}")


def ensure_schema(conn: Connection) -> int:
    """Create the tables on first use, migrate an older schema version (:data:`_MIGRATIONS`), refuse any other."""
    names = set(inspect(conn).get_table_names())
    version = None
    if "schema_version" in names:
        version = conn.execute(select(func.max(schema_version.c.version))).scalar()
    elif names & {"articles", "facts", "fact_countries"}:
        raise DatabaseError("the database has articles/facts tables but no schema_version: not a factpipe database")
    while version is not None and version in _MIGRATIONS:
        _MIGRATIONS[version](conn)
        version += 1
        conn.execute(insert(schema_version).values(version=version, applied_at=_now()))
        log.info("migrated the factpipe schema to version %d", version)
    if version is not None and version != SCHEMA_VERSION:
        newer = "newer" if version > SCHEMA_VERSION else "older"
        raise DatabaseError(
            f"the database has schema version {version}, {newer} than this factpipe's {SCHEMA_VERSION}; "
            "no migration between them is known"
        )
    metadata.create_all(conn)
    if version is None:
        conn.execute(insert(schema_version).values(version=SCHEMA_VERSION, applied_at=_now()))
        log.info("created factpipe schema version %d", SCHEMA_VERSION)
    return SCHEMA_VERSION


def _add_published_at(conn: Connection) -> None:
    """Version 1 to 2: ``articles.published_at`` keeps a publication timestamp; old rows had a date only.

    SQLite commits ALTER TABLE at once, so a load refused after it leaves the
    column without the version row: then only the filling is left to do.
    """
    if "published_at" not in {c["name"] for c in inspect(conn).get_columns("articles")}:
        conn.execute(text("ALTER TABLE articles ADD COLUMN published_at TEXT"))
    as_text = func.to_char(articles.c.published, "YYYY-MM-DD") if conn.dialect.name == "postgresql" else articles.c.published
    conn.execute(update(articles).values(published_at=as_text).where(articles.c.published.is_not(None)))


#: schema version -> the step that brings a database of that version to the next
_MIGRATIONS = {1: _add_published_at}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# --- reading input ------------------------------------------------------------


def iter_fact_lines(path: str | Path) -> Iterator[tuple[int, Any]]:
    """``(line number, parsed JSON)`` for each non-blank line; a :class:`RecordError` for unparsable ones."""
    source = str(path)
    try:
        with open(path, "rb") as handle:
            for number, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                try:
                    yield number, load_json_line(raw.decode("utf-8"))
                except UnicodeDecodeError as exc:
                    yield number, RecordError(source, number, f"not valid UTF-8 ({exc.reason} at byte {exc.start})")
                except json.JSONDecodeError as exc:
                    yield number, RecordError(source, number, f"not valid JSON: {exc.msg} at column {exc.colno}")
    except OSError as exc:  # it cannot be opened, or the disk failed while reading: nothing is loaded
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None


def article_rows(items: Iterable[Article | dict], *, extracted_at: dt.datetime | None = None) -> list[dict]:
    """``articles`` rows for Article objects (or dicts with the same keys), one per id.

    As in ``extract``, the first article with an id is the article: a later one
    with the same id is skipped with a warning naming both places.
    """
    rows: dict[str, dict] = {}
    origins: dict[str, str] = {}
    plain = [k for k in _ARTICLE_META if not k.startswith("published")]
    for number, item in enumerate(items, start=1):
        if isinstance(item, Article):
            row = {"id": item.id, **{k: getattr(item, k) for k in plain}}
            published = item.published
            origin = item.origin or item.id
        else:
            row = {"id": item["id"], **{k: item.get(k) for k in plain}}
            # a row of this function again (``read_article_rows``), or an article's fields
            published = parse_published(item.get("published_at") or item.get("published"))
            origin = f"item {number}"
        if row["id"] in rows:
            log.warning(
                "article metadata: skipped %s: duplicate article id %r, first read at %s",
                origin,
                row["id"],
                origins[row["id"]],
            )
            continue
        # the day as written (not the UTC one) and the stamp exactly as given
        row["published"] = published_day(published)
        row["published_at"] = published.isoformat() if published is not None else None
        row["extracted_at"] = extracted_at
        rows[row["id"]] = row
        origins[row["id"]] = origin
    return list(rows.values())


def read_article_rows(
    paths: Iterable[str | Path], *, skip_ids: Iterable[str] = (), extracted_at: dt.datetime | None = None
) -> list[dict]:
    """``articles`` rows for the articles under ``paths`` (as ``extract`` reads them), minus ``skip_ids``."""
    skip = set(skip_ids)
    found: list[Article] = []
    for item in read_articles(paths):
        if isinstance(item, ArticleError):
            log.warning("article metadata: skipped %s", item)
        elif item.id not in skip:
            found.append(item)
    return article_rows(found, extracted_at=extracted_at)


def failed_article_ids(errors_path: str | Path) -> set[str]:
    """The article ids an extraction errors file (``facts.errors.jsonl``) lists as failed: their facts are not in the run."""
    ids: set[str] = set()
    path = Path(errors_path)
    if not path.is_file():
        return ids
    with path.open("rb") as handle:
        for raw in handle:
            if raw.strip():
                try:
                    obj = json.loads(raw)
                except json.JSONDecodeError:
                    continue
                # not failures of the article with that id: a line that could not be read (that
                # article was never read; another with its id may be), a duplicate (the first one
                # of that id was extracted) and a warning (a problem of an article in the run)
                if not isinstance(obj, dict) or not obj.get("article_id"):
                    continue
                if obj.get("stage") in ("read", "duplicate") or obj.get("severity") == "warning":
                    continue
                ids.add(obj["article_id"])
    return ids


# --- turning records into rows -------------------------------------------------


def _validate(obj: Any) -> BaseFact:
    if isinstance(obj, BaseFact):
        return obj
    if not isinstance(obj, dict):
        raise ValueError("line is not a JSON object")
    return FACT_ADAPTER.validate_python(obj)


def fact_rows(record: BaseFact) -> tuple[dict, list[dict]]:
    """The ``facts`` row of a record (every column present) and its ``fact_countries`` rows."""
    row: dict[str, Any] = dict.fromkeys(_FACT_COLUMNS)
    extra: dict[str, Any] = {}
    children: list[dict] = []
    for name in type(record).model_fields:
        value = getattr(record, name)
        if name in row:
            row[name] = value
        elif name in _LIST_FIELDS:
            children.extend(
                {"fact_id": record.id, "position": i, "iso_alpha2": code} for i, code in enumerate(value or ())
            )
        elif value is not None:
            extra[name] = to_jsonable_python(value)
    row["extra"] = extra or None
    return row, children


def _row_problem(row: dict) -> str | None:
    for name in ("amount", "amount_max"):
        problem = check_amount(row.get(name), name)
        if problem:
            return problem
    for name, value in row.items():  # SQLite would store it: refuse it on both, by line
        if isinstance(value, str) and "\x00" in value:
            return f"{name} contains a NUL character (U+0000), which PostgreSQL cannot store (article {row['article_id']})"
    return None


# --- writing -----------------------------------------------------------------


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _dialect_insert(conn: Connection, table: Table) -> Any:
    """An INSERT with the dialect's ON CONFLICT clause (both dialects spell it the same way)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table)
    if conn.dialect.name == "sqlite":
        from sqlalchemy.dialects import sqlite

        return sqlite.insert(table)
    raise DatabaseError(f"unsupported database {conn.dialect.name!r}")  # make_engine refuses other backends


def _upsert_articles(conn: Connection, rows: list[dict], *, with_metadata: bool) -> None:
    """Insert article rows; existing ones get the new metadata, or keep theirs when the input has none."""
    if not rows:
        return
    stmt = _dialect_insert(conn, articles)
    ex = stmt.excluded
    if with_metadata:
        updates = {k: ex[k] for k in (*_ARTICLE_META, "extracted_at")}
    else:
        updates = {"extracted_at": func.coalesce(ex.extracted_at, articles.c.extracted_at)}
    stmt = stmt.on_conflict_do_update(index_elements=[articles.c.id], set_=updates)
    for chunk in _chunks(rows, BATCH_SIZE):
        conn.execute(stmt, chunk)


def _delete_facts_of(conn: Connection, article_ids: list[str]) -> int:
    """Delete every fact (and its country rows) of these articles; the number of facts deleted."""
    deleted = 0
    for chunk in _chunks(article_ids, _ID_CHUNK):
        fact_ids = select(facts.c.id).where(facts.c.article_id.in_(chunk))
        conn.execute(delete(fact_countries).where(fact_countries.c.fact_id.in_(fact_ids)))
        deleted += conn.execute(delete(facts).where(facts.c.article_id.in_(chunk))).rowcount or 0
    return deleted


class _Loader:
    """One load: article bookkeeping and batched writes inside one transaction."""

    def __init__(self, conn: Connection, result: LoadResult, extracted_at: dt.datetime | None):
        self.conn = conn
        self.result = result
        self.extracted_at = extracted_at
        self.replaced_articles: set[str] = set()
        self.new_articles: list[str] = []
        self.rows: list[dict] = []
        self.children: list[dict] = []

    def claim_articles(self, rows: list[dict]) -> None:
        """Articles the input says were (re-)extracted: metadata in, old facts out, even with no new fact."""
        _upsert_articles(self.conn, rows, with_metadata=True)
        ids = [r["id"] for r in rows if r["id"] not in self.replaced_articles]
        self.replaced_articles.update(ids)
        self.result.replaced += _delete_facts_of(self.conn, ids)

    def add(self, row: dict, children: list[dict]) -> None:
        article_id = row["article_id"]
        if article_id not in self.replaced_articles:
            self.replaced_articles.add(article_id)
            self.new_articles.append(article_id)
        self.rows.append(row)
        self.children.extend(children)
        if len(self.rows) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        if self.new_articles:
            bare = [{"id": a, **dict.fromkeys(_ARTICLE_META), "extracted_at": self.extracted_at} for a in self.new_articles]
            _upsert_articles(self.conn, bare, with_metadata=False)
            self.result.replaced += _delete_facts_of(self.conn, self.new_articles)
            self.new_articles = []
        if self.rows:
            self.conn.execute(insert(facts), self.rows)
            self.result.facts += len(self.rows)
            self.rows = []
        if self.children:
            self.conn.execute(insert(fact_countries), self.children)
            self.children = []


def _load(
    engine: Engine,
    items: Iterable[tuple[int, Any]],
    *,
    source: str,
    article_meta: list[dict],
    extracted_at: dt.datetime | None,
) -> LoadResult:
    result = LoadResult(database=safe_url(engine))
    started = time.perf_counter()
    errors: list[RecordError] = []
    truncated = False
    #: fact id -> (first line, digest of its content): tells a repeated line from a clash
    seen: dict[str, tuple[int, bytes]] = {}
    try:
        with engine.begin() as conn:
            ensure_schema(conn)
            loader = _Loader(conn, result, extracted_at)
            loader.claim_articles(article_meta)
            for number, obj in items:
                if isinstance(obj, RecordError):
                    errors.append(obj)
                else:
                    try:
                        record = _validate(obj)
                        row, children = fact_rows(record)
                        problem = _row_problem(row)
                        if problem:
                            raise ValueError(problem)
                    except ValidationError as exc:
                        errors.append(RecordError(source, number, validation_reason(exc, "record")))
                    except ValueError as exc:
                        errors.append(RecordError(source, number, str(exc)))
                    else:
                        digest = hashlib.blake2b(repr((row, children)).encode(), digest_size=16).digest()
                        first = seen.get(row["id"])
                        if first is None:
                            seen[row["id"]] = (number, digest)
                            if not errors:
                                loader.add(row, children)
                        elif first[1] == digest:
                            result.duplicates += 1
                        else:
                            errors.append(
                                RecordError(
                                    source, number, f"fact id {row['id']} repeats line {first[0]} with different content"
                                )
                            )
                if len(errors) >= MAX_ERRORS:
                    truncated = True
                    break
            if errors:
                raise LoadError(source, errors, truncated=truncated)
            loader.flush()
            result.articles = len(loader.replaced_articles)
    except SQLAlchemyError as exc:
        raise _db_error(engine, exc) from exc
    result.seconds = time.perf_counter() - started
    log.info("%s", result.describe())
    return result


def _engine_for(db: str | Engine | None) -> tuple[Engine, bool]:
    if isinstance(db, Engine):
        return db, False
    return make_engine(db), True


def load_records(
    records: Iterable[BaseFact | dict],
    db: str | Engine | None = None,
    *,
    articles: Iterable[Article | dict] = (),
    extracted_at: dt.datetime | None = None,
    source: str = "<records>",
) -> LoadResult:
    """Load fact records (models or dicts) into ``db`` in one transaction.

    Every article the records (or ``articles``) name has its old facts
    replaced by these.  ``articles`` supplies metadata, and marks articles as
    re-extracted even when they have no record here.
    """
    engine, own = _engine_for(db)
    try:
        return _load(
            engine,
            enumerate(records, start=1),
            source=source,
            article_meta=article_rows(articles, extracted_at=extracted_at),
            extracted_at=extracted_at,
        )
    finally:
        if own:
            engine.dispose()


def load_file(
    path: str | Path,
    db: str | Engine | None = None,
    *,
    articles: Iterable[Article | dict] = (),
    extracted_at: dt.datetime | None = None,
) -> LoadResult:
    """Load a facts JSONL file (as ``extract`` writes it) into ``db``; see :func:`load_records`.

    ``extracted_at`` defaults to the file's modification time, so loading the
    same file twice writes the same rows.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    if extracted_at is None:
        extracted_at = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
    rows = article_rows(articles, extracted_at=extracted_at)
    engine, own = _engine_for(db)
    try:
        return _load(engine, iter_fact_lines(path), source=str(path), article_meta=rows, extracted_at=extracted_at)
    finally:
        if own:
            engine.dispose()
