"""How fast ``factpipe load`` is: 100,000 realistic facts into a fresh database, then again.

    .venv/bin/python benchmarks/load_speed.py                     # SQLite, a temporary file
    .venv/bin/python benchmarks/load_speed.py --db postgresql://me@localhost/bench
    .venv/bin/python benchmarks/load_speed.py --throwaway-postgres  # starts one (tests/db_fixtures.py)

The facts are what ``extract`` writes for news: 5,000 articles of 20 facts
(countries, dates, money with fractional and range amounts, projects with
their countries), one JSON line each.  The second load is a re-extraction of
every article: all 100,000 facts deleted and inserted again.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.db import load_file  # noqa: E402
from pipeline.io import to_json_line  # noqa: E402
from pipeline.records import CountryFact, DateFact, MoneyFact, ProjectFact, fact_id  # noqa: E402

COUNTRIES = [("TR", "Türkiye"), ("AZ", "Azerbaijan"), ("GE", "Georgia"), ("RU", "Russia"), ("GB", "United Kingdom"),
             ("US", "United States"), ("DE", "Germany"), ("CN", "China"), ("IN", "India"), ("FR", "France")]  # fmt: skip
CURRENCIES = ["USD", "EUR", "GBP", "AZN", "TRY", "RUB"]
PROJECTS = [("Baku-Tbilisi-Ceyhan oil line", "pipeline", ["AZ", "GE", "TR"]), ("Crossrail", "railway", ["GB"]),
            ("Zangezur Corridor", "corridor", ["AZ"]), ("Three Gorges Dam", "dam", ["CN"]),
            ("Trans-Anatolian gas pipeline", "pipeline", [])]  # fmt: skip


def article_facts(rng: random.Random, article: int, per_article: int) -> list:
    """``per_article`` facts of one synthetic article, spans laid out one after another."""
    aid = f"article-{article:06d}"
    out, pos = [], 0

    def span(text: str) -> tuple[int, int]:
        nonlocal pos
        start = pos
        pos += len(text) + 7
        return start, start + len(text)

    for i in range(per_article):
        kind = ("country", "country", "date", "money", "project")[i % 5]
        if kind == "country":
            code, name = rng.choice(COUNTRIES)
            text = name
            s, e = span(text)
            fact = CountryFact(id=fact_id(aid, kind, s, e), article_id=aid, text=text, start=s, end=e,
                               sentence=f"{text} signed the agreement.", rule="gazetteer", iso_alpha2=code, name=name)  # fmt: skip
        elif kind == "date":
            year = rng.randint(1990, 2025)
            month = rng.randint(1, 12)
            text = f"{dt.date(year, month, 1):%B} {year}"
            s, e = span(text)
            last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))
            fact = DateFact(id=fact_id(aid, kind, s, e), article_id=aid, text=text, start=s, end=e,
                            sentence=f"It opened in {text}.", rule="ner:DATE", value=f"{year}-{month:02d}", kind="date",
                            start_date=dt.date(year, month, 1), end_date=last)  # fmt: skip
        elif kind == "money":
            amount = Decimal(rng.randint(1, 99_999)) * Decimal(10) ** rng.randint(-2, 7)
            text = f"${amount}"
            s, e = span(text)
            upper = amount * 2 if i % 3 == 0 else None
            fact = MoneyFact(id=fact_id(aid, kind, s, e), article_id=aid, text=text, start=s, end=e,
                             sentence=f"The deal is worth {text}.", rule="ner:MONEY", amount=amount,
                             currency=rng.choice(CURRENCIES), qualifier=rng.choice([None, "over", "about"]),
                             amount_max=upper)  # fmt: skip
        else:
            name, pkind, codes = rng.choice(PROJECTS)
            s, e = span(name)
            fact = ProjectFact(id=fact_id(aid, kind, s, e), article_id=aid, text=name, start=s, end=e,
                               sentence=f"Work on the {name} began.", rule="pattern", name=name, kind=pkind,
                               countries=codes)  # fmt: skip
        out.append(fact)
    return out


def write_facts(path: Path, total: int, per_article: int = 20, seed: int = 7) -> int:
    rng = random.Random(seed)
    written = 0
    with path.open("w", encoding="utf-8") as handle:
        for article in range(total // per_article):
            for fact in article_facts(rng, article, per_article):
                handle.write(to_json_line(fact) + "\n")
                written += 1
    return written


def run(db: str, facts_path: Path, count: int) -> None:
    for label in ("first load", "reload (every article replaced)"):
        started = time.perf_counter()
        result = load_file(facts_path, db)
        seconds = time.perf_counter() - started
        assert result.facts == count, result
        print(f"{label}: {result.facts} facts, {result.articles} articles, replaced {result.replaced}: "
              f"{seconds:.2f}s, {result.facts / seconds:,.0f} facts/s")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--facts", type=int, default=100_000, help="number of facts (default 100000)")
    parser.add_argument("--db", help="database URL (default: a new SQLite file in a temporary directory)")
    parser.add_argument("--throwaway-postgres", action="store_true", help="start a private PostgreSQL server")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="factpipe-bench-") as tmp:
        facts_path = Path(tmp) / "facts.jsonl"
        started = time.perf_counter()
        count = write_facts(facts_path, args.facts)
        size = facts_path.stat().st_size / 1e6
        print(f"generated {count} facts ({size:.1f} MB) in {time.perf_counter() - started:.1f}s")
        if args.throwaway_postgres:
            from tests.db_fixtures import throwaway_postgres

            with throwaway_postgres() as url:
                print(f"database: {url} (throwaway server)")
                run(url, facts_path, count)
            return 0
        db = args.db or f"sqlite:///{Path(tmp) / 'facts.db'}"
        print(f"database: {db}")
        run(db, facts_path, count)
    return 0


if __name__ == "__main__":
    sys.exit(main())
