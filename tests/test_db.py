"""The database loader, run against SQLite and a real PostgreSQL server.

Every test here runs twice, once per database (``db`` fixture); the PostgreSQL
server is a throwaway one started for the session (``tests/db_fixtures.py``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from pipeline import db as dbmod
from pipeline.cli import main
from pipeline.io import to_json_line
from pipeline.records import FACT_ADAPTER, Article, fact_id

from .db_fixtures import postgres_url  # noqa: F401  (session fixture)

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


# --- test data ------------------------------------------------------------------


def fact(article_id: str, sentence: str, type_: str, surface: str, occurrence: int = 0, **fields):
    """A validated record for ``surface`` in ``sentence`` (the n-th occurrence); the sentence is the article."""
    start = -1
    for _ in range(occurrence + 1):
        start = sentence.index(surface, start + 1)
    end = start + len(surface)
    return FACT_ADAPTER.validate_python(
        {
            "id": fact_id(article_id, type_, start, end),
            "article_id": article_id,
            "type": type_,
            "text": surface,
            "start": start,
            "end": end,
            "sentence": sentence,
            "rule": "test",
            **fields,
        }
    )


def country(a, s, surface, code, name, **kw):
    return fact(a, s, "country", surface, iso_alpha2=code, name=name, **kw)


def date(a, s, surface, value, start, end):
    return fact(a, s, "date", surface, value=value, kind="date", start_date=start, end_date=end)


def money(a, s, surface, amount, currency, **kw):
    return fact(a, s, "money", surface, amount=Decimal(amount), currency=currency, **kw)


def project(a, s, surface, kind, countries):
    return fact(a, s, "project", surface, name=surface, kind=kind, countries=countries)


S_TRAZ = "Türkiye and Azerbaijan built the Baku-Tbilisi-Ceyhan oil line after 1992 for over $20 billion."
S_TR = "Türkiye spent $5 billion on the Marmaray tunnel, opened in 2013."
S_AZTR = "Azerbaijan lent Türkiye $500 million in January 2013."
S_UK = "Britain opened Crossrail in 2022 at a cost of £18.7bn."

ARTICLES = [
    Article(id="tr-az", text=S_TRAZ, title="Türkiye and Azerbaijan", published="2025-01-14", source="Daily Sabah"),
    Article(id="tr", text=S_TR, title="Marmaray", published="2013-10-29", source="Hürriyet"),
    Article(id="az-tr", text=S_AZTR, title="A loan", published="2013-02-01", url="https://example.org/loan"),
    Article(id="uk", text=S_UK, title="Crossrail opens", published="2022-05-24", source="BBC"),
]


def corpus_records():
    """Four small articles covering every fact type, with known answers to the README queries."""
    y = dt.date
    return [
        country("tr-az", S_TRAZ, "Türkiye", "TR", "Türkiye"),
        country("tr-az", S_TRAZ, "Azerbaijan", "AZ", "Azerbaijan"),
        project("tr-az", S_TRAZ, "Baku-Tbilisi-Ceyhan oil line", "pipeline", ["AZ", "GE", "TR"]),
        date("tr-az", S_TRAZ, "1992", "1992", y(1992, 1, 1), y(1992, 12, 31)),
        money("tr-az", S_TRAZ, "over $20 billion", "20000000000", "USD", qualifier="over"),
        country("tr", S_TR, "Türkiye", "TR", "Türkiye"),
        money("tr", S_TR, "$5 billion", "5000000000", "USD"),
        project("tr", S_TR, "Marmaray tunnel", "tunnel", ["TR"]),
        date("tr", S_TR, "2013", "2013", y(2013, 1, 1), y(2013, 12, 31)),
        country("az-tr", S_AZTR, "Azerbaijan", "AZ", "Azerbaijan"),
        country("az-tr", S_AZTR, "Türkiye", "TR", "Türkiye"),
        money("az-tr", S_AZTR, "$500 million", "500000000", "USD"),
        date("az-tr", S_AZTR, "January 2013", "2013-01", y(2013, 1, 1), y(2013, 1, 31)),
        country("uk", S_UK, "Britain", "GB", "United Kingdom"),
        project("uk", S_UK, "Crossrail", "railway", ["GB"]),
        date("uk", S_UK, "2022", "2022", y(2022, 1, 1), y(2022, 12, 31)),
        money("uk", S_UK, "£18.7bn", "18700000000", "GBP"),
    ]


def write_jsonl(path: Path, records, extra_lines: dict[int, str] | None = None) -> Path:
    """Write records one per line; ``extra_lines`` puts raw lines at given (1-based) line numbers."""
    lines = [to_json_line(r) for r in records]
    for number, raw in sorted((extra_lines or {}).items()):
        lines.insert(number - 1, raw)
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


# --- fixtures -------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path):
    """A database URL with an empty database: a SQLite file, or the session's PostgreSQL server, emptied."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'facts.db'}"
        return
    url = request.getfixturevalue("postgres_url")
    engine = dbmod.make_engine(url)
    dbmod.metadata.drop_all(engine)
    engine.dispose()
    yield url


@pytest.fixture
def engine(db):
    engine = dbmod.make_engine(db)
    yield engine
    engine.dispose()


def dump(engine) -> dict[str, list[tuple]]:
    """Every row of every factpipe table, sorted: two dumps are equal iff the data is."""
    out = {}
    with engine.connect() as conn:
        for table in (dbmod.articles, dbmod.facts, dbmod.fact_countries):
            rows = conn.execute(select(table)).all()
            out[table.name] = sorted((tuple(r) for r in rows), key=repr)
    return out


def facts_of(engine, article_id: str) -> dict[str, str]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(dbmod.facts.c.id, dbmod.facts.c.text).where(dbmod.facts.c.article_id == article_id)
        ).all()
    return dict(rows)


# --- loading ---------------------------------------------------------------------


def test_load_creates_versioned_schema_and_rows(db, engine, tmp_path):
    path = write_jsonl(tmp_path / "facts.jsonl", corpus_records())
    result = dbmod.load_file(path, db, articles=ARTICLES)
    assert (result.facts, result.articles, result.replaced) == (17, 4, 0)
    with engine.connect() as conn:
        assert conn.execute(select(dbmod.schema_version.c.version)).scalars().all() == [dbmod.SCHEMA_VERSION]
        tr_az = conn.execute(select(dbmod.articles).where(dbmod.articles.c.id == "tr-az")).one()
        btc = conn.execute(
            select(dbmod.fact_countries.c.iso_alpha2)
            .join(dbmod.facts, dbmod.facts.c.id == dbmod.fact_countries.c.fact_id)
            .where(dbmod.facts.c.name == "Baku-Tbilisi-Ceyhan oil line")
            .order_by(dbmod.fact_countries.c.position)
        ).scalars().all()
        d = conn.execute(select(dbmod.facts).where(dbmod.facts.c.text == "January 2013")).one()
    assert tr_az.title == "Türkiye and Azerbaijan" and tr_az.published == dt.date(2025, 1, 14)
    assert tr_az.text_hash == ARTICLES[0].text_hash and tr_az.extracted_at is not None
    assert btc == ["AZ", "GE", "TR"]
    assert (d.value, d.kind, d.start_date, d.end_date) == ("2013-01", "date", dt.date(2013, 1, 1), dt.date(2013, 1, 31))


def test_reload_is_idempotent(db, engine, tmp_path):
    path = write_jsonl(tmp_path / "facts.jsonl", corpus_records())
    dbmod.load_file(path, db, articles=ARTICLES)
    first = dump(engine)
    again = dbmod.load_file(path, db, articles=ARTICLES)
    assert (again.facts, again.replaced) == (17, 17)
    assert dump(engine) == first
    # a bare reload (no metadata) keeps the metadata already there
    dbmod.load_file(path, db)
    assert dump(engine) == first


def test_reextraction_replaces_the_articles_facts(db, engine, tmp_path):
    dbmod.load_file(write_jsonl(tmp_path / "v1.jsonl", corpus_records()), db)
    uk_before = facts_of(engine, "uk")
    # re-extraction of tr-az: the project and the date are gone, a new money fact appears
    new = [
        country("tr-az", S_TRAZ, "Türkiye", "TR", "Türkiye"),
        country("tr-az", S_TRAZ, "Azerbaijan", "AZ", "Azerbaijan"),
        money("tr-az", S_TRAZ, "$20 billion", "20000000000", "USD"),
    ]
    result = dbmod.load_file(write_jsonl(tmp_path / "v2.jsonl", new), db)
    assert (result.articles, result.facts, result.replaced) == (1, 3, 5)
    assert sorted(facts_of(engine, "tr-az").values()) == ["$20 billion", "Azerbaijan", "Türkiye"]
    assert facts_of(engine, "uk") == uk_before
    with engine.connect() as conn:
        # the removed project's countries went with it
        assert conn.execute(
            select(dbmod.fact_countries.c.iso_alpha2).where(dbmod.fact_countries.c.iso_alpha2 == "GE")
        ).all() == []


def test_article_in_metadata_without_facts_loses_old_facts(db, engine, tmp_path):
    dbmod.load_file(write_jsonl(tmp_path / "v1.jsonl", corpus_records()), db)
    others = [r for r in corpus_records() if r.article_id != "uk"]
    dbmod.load_file(write_jsonl(tmp_path / "v2.jsonl", others), db, articles=ARTICLES)
    assert facts_of(engine, "uk") == {}
    with engine.connect() as conn:
        assert conn.execute(select(dbmod.articles.c.title).where(dbmod.articles.c.id == "uk")).scalar() == "Crossrail opens"


@pytest.mark.parametrize(
    "bad_line, reason",
    [
        ('{"id": "x", "type": "money", "article_id": "tr-az"', "not valid JSON"),
        ("[1, 2]", "line is not a JSON object"),
        (None, "money.amount"),  # a money record whose amount is not a number
        (None, "more than 10 decimal places"),
        (None, "more than 28 digits before the point"),
    ],
    ids=["broken-json", "not-object", "schema-violation", "amount-too-precise", "amount-too-large"],
)
def test_bad_record_rolls_back_everything(db, engine, tmp_path, bad_line, reason):
    dbmod.load_file(write_jsonl(tmp_path / "v1.jsonl", corpus_records()), db, articles=ARTICLES)
    before = dump(engine)
    if bad_line is None:
        record = json.loads(to_json_line(money("uk", S_UK, "£18.7bn", "18700000000", "GBP")))
        record["amount"] = {"money.amount": "lots", "more than 10 decimal places": "0.12345678901"}.get(reason, "1" + "0" * 28)
        bad_line = json.dumps(record).replace('"0.12345678901"', "0.12345678901").replace(f'"1{"0" * 28}"', "1" + "0" * 28)
    # a re-extraction of tr-az (valid, 2 facts) and a new article, then the bad line as line 4
    good = [
        country("tr-az", S_TRAZ, "Türkiye", "TR", "Türkiye"),
        country("new", "France.", "France", "FR", "France"),
        country("tr-az", S_TRAZ, "Azerbaijan", "AZ", "Azerbaijan"),
    ] + [r for r in corpus_records() if r.article_id == "uk"]
    path = write_jsonl(tmp_path / "v2.jsonl", good, extra_lines={4: bad_line})
    with pytest.raises(dbmod.LoadError) as info:
        dbmod.load_file(path, db)
    [error] = info.value.errors
    assert error.line == 4 and reason in error.reason and error.source == str(path)
    assert dump(engine) == before


def test_conflicting_duplicate_is_rejected_identical_one_skipped(db, engine, tmp_path):
    records = corpus_records()
    same = to_json_line(records[0])
    clash = json.loads(same)
    clash["name"] = "Turkey"
    path = write_jsonl(tmp_path / "dup.jsonl", records, extra_lines={18: same})
    assert dbmod.load_file(path, db).duplicates == 1
    path = write_jsonl(tmp_path / "clash.jsonl", records, extra_lines={18: json.dumps(clash, ensure_ascii=False)})
    with pytest.raises(dbmod.LoadError) as info:
        dbmod.load_file(path, db)
    assert [(e.line, "repeats line 1") for e in info.value.errors] == [(18, "repeats line 1")]
    assert "repeats line 1 with different content" in info.value.errors[0].reason


def test_database_error_midway_leaves_database_as_it_was(db, engine, tmp_path):
    """A failure after the old facts were deleted (a clashing fact id on insert) undoes the deletes."""
    dbmod.load_file(write_jsonl(tmp_path / "v1.jsonl", corpus_records()), db)
    clash = country("new", "France.", "France", "FR", "France")
    with engine.begin() as conn:  # a row that owns the new fact's id under another article
        conn.execute(dbmod.articles.insert().values(id="other"))
        row, _ = dbmod.fact_rows(clash)
        conn.execute(dbmod.facts.insert().values({**row, "article_id": "other"}))
    before = dump(engine)
    reextracted = [r for r in corpus_records() if r.article_id == "tr-az"][:2]
    with pytest.raises(dbmod.DatabaseError):
        dbmod.load_file(write_jsonl(tmp_path / "v2.jsonl", [*reextracted, clash]), db)
    assert dump(engine) == before
    assert len(facts_of(engine, "tr-az")) == 5


def test_fields_without_a_column_go_to_extra(db, engine):
    """A field a record class gains before the schema has a column for it is kept, as JSON."""
    from pipeline.records import CountryFact

    class ScoredCountry(CountryFact):
        confidence: Decimal = Decimal("0.5")
        aliases: list[str] = []

    plain = country("x", "France and Spain.", "France", "FR", "France")
    scored = ScoredCountry(**{**country("x", "France and Spain.", "Spain", "ES", "Spain").model_dump(), "aliases": ["España"]})
    dbmod.load_records([plain, scored], db)
    with engine.connect() as conn:
        extras = dict(conn.execute(select(dbmod.facts.c.text, dbmod.facts.c.extra)).all())
        nulls = conn.execute(select(func.count()).where(dbmod.facts.c.extra.is_(None))).scalar()
    assert extras == {"France": None, "Spain": {"confidence": "0.5", "aliases": ["España"]}}
    assert nulls == 1  # SQL NULL, not a JSON null


def test_newer_schema_version_is_refused(db, engine, tmp_path):
    path = write_jsonl(tmp_path / "facts.jsonl", corpus_records())
    dbmod.load_file(path, db)
    with engine.begin() as conn:
        conn.execute(dbmod.schema_version.insert().values(version=99, applied_at=dt.datetime.now(dt.UTC)))
    with pytest.raises(dbmod.DatabaseError, match="schema version 99"):
        dbmod.load_file(path, db)


# --- exact amounts ------------------------------------------------------------------

EXACT = [
    "18700000000",
    "0.1",
    "2.5",
    "1234567.89",
    "0.1234567891",
    "123456789012345678.0123456789",  # 28 significant digits: no float holds it
    "9999999999999999999999999999",  # 28 integer digits: past SQLite's 64-bit INTEGER
]


def test_amounts_read_back_exactly(db, engine, tmp_path):
    sentence = "It cost $1."
    records = [
        FACT_ADAPTER.validate_python(
            {
                **json.loads(to_json_line(money(f"a{i}", sentence, "$1", "1", "USD"))),
                "amount": Decimal(value),
                "amount_max": Decimal(value),
            }
        )
        for i, value in enumerate(EXACT)
    ]
    dbmod.load_file(write_jsonl(tmp_path / "m.jsonl", records), db)
    with engine.connect() as conn:
        rows = dict(conn.execute(select(dbmod.facts.c.article_id, dbmod.facts.c.amount)).all())
        maxes = dict(conn.execute(select(dbmod.facts.c.article_id, dbmod.facts.c.amount_max)).all())
        # comparisons are numeric, also for values held as REAL or INTEGER on SQLite
        over = conn.execute(
            select(dbmod.facts.c.article_id).where(dbmod.facts.c.amount > 1000000).order_by(dbmod.facts.c.article_id)
        ).scalars().all()
        small = conn.execute(
            select(dbmod.facts.c.article_id).where(dbmod.facts.c.amount < Decimal("0.2"))
        ).scalars().all()
    for i, value in enumerate(EXACT):
        assert rows[f"a{i}"] == Decimal(value) and str(rows[f"a{i}"]) == value
        assert maxes[f"a{i}"] == Decimal(value)
    assert over[:3] == ["a0", "a3", "a5"]
    assert sorted(small) == ["a1", "a4"]


def test_fractional_amount_from_jsonl_is_not_rounded(db, engine, tmp_path):
    """The JSONL number 0.1234567891 reaches the database as that decimal, not as a float."""
    record = json.loads(to_json_line(money("a", "It cost $1.", "$1", "1", "USD")))
    line = json.dumps(record).replace('"amount": 1,', '"amount": 0.1234567891,')
    assert "0.1234567891" in line
    path = tmp_path / "f.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    dbmod.load_file(path, db)
    with engine.connect() as conn:
        assert str(conn.execute(select(dbmod.facts.c.amount)).scalar()) == "0.1234567891"


#: the extremes of what a record holds (models.AMOUNT_DIGITS, AMOUNT_DECIMALS): 38 significant digits
EXTREMES = [
    "9999999999999999999999999999.9999999999",
    "-9999999999999999999999999999.9999999999",
    "1234567890123456789012345678.5",
    "0.0000000001",
    "-0.0000000001",
]


def test_every_amount_the_record_holds_round_trips(db, engine, tmp_path):
    """Python rounds to 28 digits by default: reading back must not (nor must the loader's checks)."""
    records = [
        FACT_ADAPTER.validate_python(
            {**json.loads(to_json_line(money(f"e{i}", "It cost $1.", "$1", "1", "USD"))), "amount": Decimal(value)}
        )
        for i, value in enumerate(EXTREMES)
    ]
    dbmod.load_file(write_jsonl(tmp_path / "m.jsonl", records), db)
    with engine.connect() as conn:
        rows = dict(conn.execute(select(dbmod.facts.c.article_id, dbmod.facts.c.amount)).all())
    assert [format(rows[f"e{i}"], "f") for i in range(len(EXTREMES))] == EXTREMES


def test_extract_db_loads_a_run_whose_amounts_were_out_of_range(db, engine, tmp_path):
    """ "0.0000000001 cents" (1E-12) and a 29-digit amount are dropped as problems; the rest loads."""
    src = tmp_path / "in.jsonl"
    text = "It cost 0.0000000001 cents, then 10000000000000000000000000000 dollars, then $5 in France."
    src.write_text(json.dumps({"id": "odd", "text": text, "title": "Odd sums"}) + "\n", encoding="utf-8")
    out = tmp_path / "out" / "facts.jsonl"
    assert main(["extract", str(src), "--out", str(out), "--db", db, "-q"]) == 0
    with engine.connect() as conn:
        loaded = conn.execute(select(dbmod.facts.c.text).order_by(dbmod.facts.c.start)).scalars().all()
        title = conn.execute(select(dbmod.articles.c.title)).scalar_one()
    assert loaded == ["$5", "France"] and title == "Odd sums"


# --- the README's queries -------------------------------------------------------------


def readme_queries() -> list[str]:
    """The ```sql blocks of the README section "Loading into a database", verbatim."""
    section = README.read_text(encoding="utf-8").split("## Loading into a database", 1)[1]
    section = re.split(r"\n## ", section, maxsplit=1)[0]
    return re.findall(r"```sql\n(.*?)```", section, flags=re.S)


def normalized(rows):
    """Rows as plain tuples with numbers as Decimal (SQLite gives int, PostgreSQL Decimal)."""
    return [tuple(Decimal(v) if isinstance(v, (int, Decimal)) and not isinstance(v, bool) else v for v in r) for r in rows]


README_EXPECTED = [
    # articles that mention both Türkiye and Azerbaijan with money over $1 billion
    [("tr-az", "Türkiye and Azerbaijan", "over $20 billion", Decimal("20000000000"))],
    # projects by country
    [
        ("AZ", "Baku-Tbilisi-Ceyhan oil line", "pipeline", Decimal(1)),
        ("GB", "Crossrail", "railway", Decimal(1)),
        ("GE", "Baku-Tbilisi-Ceyhan oil line", "pipeline", Decimal(1)),
        ("TR", "Baku-Tbilisi-Ceyhan oil line", "pipeline", Decimal(1)),
        ("TR", "Marmaray tunnel", "tunnel", Decimal(1)),
    ],
    # dates per year
    [("1992", Decimal(1), Decimal(1)), ("2013", Decimal(2), Decimal(2)), ("2022", Decimal(1), Decimal(1))],
]


def test_readme_queries_return_the_expected_rows(db, engine, tmp_path):
    queries = readme_queries()
    assert len(queries) == len(README_EXPECTED)
    dbmod.load_file(write_jsonl(tmp_path / "facts.jsonl", corpus_records()), db, articles=ARTICLES)
    with engine.connect() as conn:
        for query, expected in zip(queries, README_EXPECTED):
            assert normalized(conn.execute(text(query)).all()) == expected, query


# --- the command line ---------------------------------------------------------------


def test_cli_load(db, engine, tmp_path, capsys):
    path = write_jsonl(tmp_path / "facts.jsonl", corpus_records())
    assert main(["load", str(path), "--db", db]) == 0
    assert "17 facts of 4 articles" in capsys.readouterr().err
    bad = write_jsonl(tmp_path / "bad.jsonl", corpus_records()[:2], extra_lines={2: "{nope"})
    assert main(["load", str(bad), "--db", db]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:2: not valid JSON" in err and "nothing loaded" in err and "Traceback" not in err
    assert len(dump(engine)["facts"]) == 17
    assert main(["load", str(tmp_path / "missing.jsonl"), "--db", db]) == 2


def test_cli_load_bad_url(tmp_path, capsys):
    path = write_jsonl(tmp_path / "facts.jsonl", corpus_records())
    assert main(["load", str(path), "--db", "mysql://x/y"]) == 2
    assert capsys.readouterr().err.strip() == "factpipe: unsupported database 'mysql': use sqlite:///PATH or postgresql://…"


def test_extract_with_db_loads_facts_and_article_metadata(db, engine, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "uk.txt").write_text(S_UK, encoding="utf-8")
    (corpus / "uk.json").write_text(json.dumps({"title": "Crossrail opens", "published": "2022-05-24"}), encoding="utf-8")
    out = tmp_path / "out" / "facts.jsonl"
    assert main(["extract", str(corpus), "--out", str(out), "--db", db, "-q"]) == 0
    written = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert written, "the extractor found nothing in the test article"
    with engine.connect() as conn:
        article = conn.execute(select(dbmod.articles)).one()
        loaded = conn.execute(select(dbmod.facts.c.id)).scalars().all()
    assert (article.id, article.title, article.published) == ("uk", "Crossrail opens", dt.date(2022, 5, 24))
    assert article.text_hash == Article(id="uk", text=S_UK).text_hash
    assert sorted(loaded) == sorted(written)


def test_cli_load_with_articles_skips_failed_ones(db, engine, tmp_path):
    """--articles: metadata in, an article without facts loses its old ones, one the run failed on keeps them."""
    dbmod.load_file(write_jsonl(tmp_path / "v1.jsonl", corpus_records()), db)
    tr_before = facts_of(engine, "tr")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for article in ARTICLES:
        (corpus / f"{article.id}.txt").write_text(article.text, encoding="utf-8")
        meta = {"title": article.title, "published": str(article.published)}
        (corpus / f"{article.id}.json").write_text(json.dumps(meta), encoding="utf-8")
    run = write_jsonl(tmp_path / "run.jsonl", [r for r in corpus_records() if r.article_id == "tr-az"])
    (tmp_path / "run.errors.jsonl").write_text(
        json.dumps({"article_id": "tr", "source": "corpus/tr.txt", "stage": "extract", "error": "boom"}) + "\n"
    )
    assert main(["load", str(run), "--db", db, "--articles", str(corpus), "-q"]) == 0
    assert facts_of(engine, "tr") == tr_before
    assert facts_of(engine, "uk") == {} and facts_of(engine, "az-tr") == {}
    assert len(facts_of(engine, "tr-az")) == 5
    with engine.connect() as conn:
        titles = dict(conn.execute(select(dbmod.articles.c.id, dbmod.articles.c.title)).all())
    assert titles == {"tr-az": "Türkiye and Azerbaijan", "tr": None, "az-tr": "A loan", "uk": "Crossrail opens"}


def test_missing_postgres_skips_locally_but_fails_under_ci(monkeypatch):
    from . import db_fixtures

    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        db_fixtures.unavailable("no server binaries")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        db_fixtures.unavailable("no server binaries")


# --- publication timestamps and NUL characters -----------------------------------------


def test_published_timestamp_is_kept_exactly_and_a_date_stays_a_date(db, engine, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    rows = [
        {"id": "stamp", "text": S_UK, "published": "Thu, 05 May 2016 23:30:00 -0700"},
        {"id": "iso", "text": S_TR, "published": "2016-05-06T00:30:00.250+09:00"},
        {"id": "day", "text": S_AZTR, "published": "2013-02-01"},
        {"id": "none", "text": S_TRAZ},
    ]
    (corpus / "in.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out" / "facts.jsonl"
    assert main(["extract", str(corpus), "--out", str(out), "--db", db, "-q"]) == 0
    with engine.connect() as conn:
        got = {r.id: (r.published, r.published_at) for r in conn.execute(select(dbmod.articles))}
    assert got == {
        "stamp": (dt.date(2016, 5, 5), "2016-05-05T23:30:00-07:00"),
        "iso": (dt.date(2016, 5, 6), "2016-05-06T00:30:00.250000+09:00"),
        "day": (dt.date(2013, 2, 1), "2013-02-01"),
        "none": (None, None),
    }
    assert dt.datetime.fromisoformat(got["stamp"][1]) == Article(id="s", text="", published=rows[0]["published"]).published


def test_a_version_1_database_is_migrated(db, engine, tmp_path):
    """Version 1 had no ``published_at``: it is added and filled from the dates already there."""
    dbmod.load_file(write_jsonl(tmp_path / "v1.jsonl", corpus_records()), db, articles=ARTICLES)
    with engine.begin() as conn:  # back to what version 1 wrote
        conn.execute(text("ALTER TABLE articles DROP COLUMN published_at"))
        conn.execute(dbmod.schema_version.delete())
        conn.execute(dbmod.schema_version.insert().values(version=1, applied_at=dt.datetime.now(dt.UTC)))
    dbmod.load_file(write_jsonl(tmp_path / "again.jsonl", corpus_records()), db)
    with engine.connect() as conn:
        versions = conn.execute(select(dbmod.schema_version.c.version).order_by(dbmod.schema_version.c.version)).scalars().all()
        got = dict(conn.execute(select(dbmod.articles.c.id, dbmod.articles.c.published_at)).all())
    assert versions == [1, 2] == [1, dbmod.SCHEMA_VERSION]
    assert got == {"tr-az": "2025-01-14", "tr": "2013-10-29", "az-tr": "2013-02-01", "uk": "2022-05-24"}


def test_a_nul_character_loads_the_same_on_both_databases(db, engine, tmp_path):
    """The article is a read error naming file, line and id; the rest of the file loads, on either database."""
    src = tmp_path / "in.jsonl"
    rows = [{"id": "uk", "text": S_UK}, {"id": "nul", "text": S_TR.replace("tunnel", "tun\u0000nel")}]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out" / "facts.jsonl"
    assert main(["extract", str(src), "--out", str(out), "--db", db, "-q"]) == 0
    [error] = [json.loads(x) for x in (tmp_path / "out" / "facts.errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert (error["source"], error["line"], error["article_id"]) == (str(src), 2, "nul")
    assert "NUL character (U+0000)" in error["error"]
    with engine.connect() as conn:
        assert conn.execute(select(dbmod.articles.c.id)).scalars().all() == ["uk"]


def test_a_facts_file_with_a_nul_character_is_refused_naming_the_line(db, engine, tmp_path):
    """A facts file written elsewhere: SQLite would take it and PostgreSQL refuse it unnamed; both refuse it by line."""
    dbmod.load_file(write_jsonl(tmp_path / "v1.jsonl", corpus_records()), db)
    before = dump(engine)
    bad = country("x", "France\u0000 and Spain.", "France", "FR", "France")
    path = write_jsonl(tmp_path / "facts.jsonl", [*corpus_records(), bad])
    with pytest.raises(dbmod.LoadError) as caught:
        dbmod.load_file(path, db)
    [error] = caught.value.errors
    assert str(error) == f"{path}:18: sentence contains a NUL character (U+0000), which PostgreSQL cannot store (article x)"
    assert dump(engine) == before


def test_a_migration_cut_short_by_a_refused_load_is_finished_by_the_next(db, engine, tmp_path):
    """SQLite commits ALTER TABLE at once; the version row of a refused load does not stay: the next load must cope."""
    dbmod.load_file(write_jsonl(tmp_path / "v1.jsonl", corpus_records()), db, articles=ARTICLES)
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE articles DROP COLUMN published_at"))
        conn.execute(dbmod.schema_version.delete())
        conn.execute(dbmod.schema_version.insert().values(version=1, applied_at=dt.datetime.now(dt.UTC)))
    with pytest.raises(dbmod.LoadError):
        dbmod.load_file(write_jsonl(tmp_path / "bad.jsonl", [], {1: "not json"}), db)
    dbmod.load_file(write_jsonl(tmp_path / "again.jsonl", corpus_records()), db)
    with engine.connect() as conn:
        assert conn.execute(select(func.max(dbmod.schema_version.c.version))).scalar() == dbmod.SCHEMA_VERSION
        assert conn.execute(select(dbmod.articles.c.published_at).where(dbmod.articles.c.id == "uk")).scalar() == "2022-05-24"
