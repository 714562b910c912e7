"""``published`` as feeds give it: ISO 8601 / RFC 3339 and RFC 2822, kept as given, anchoring by the day as written."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from pydantic import ValidationError

from pipeline.extract import article_digest
from pipeline.io import ArticleError, read_articles
from pipeline.records import Article

PLUS2 = dt.timezone(dt.timedelta(hours=2))

ACCEPTED = [
    ("date", "2016-05-05", dt.date(2016, 5, 5)),
    ("date and time with offset", "2016-05-05T23:30:00+02:00", dt.datetime(2016, 5, 5, 23, 30, tzinfo=PLUS2)),
    ("UTC as Z", "2016-05-05T23:30:00Z", dt.datetime(2016, 5, 5, 23, 30, tzinfo=dt.UTC)),
    ("RFC 3339 in lower case", "2016-05-05t23:30:00z", dt.datetime(2016, 5, 5, 23, 30, tzinfo=dt.UTC)),
    ("fractions of a second", "2016-05-05T23:30:00.250+02:00", dt.datetime(2016, 5, 5, 23, 30, 0, 250000, tzinfo=PLUS2)),
    ("no offset", "2016-05-05T23:30:00", dt.datetime(2016, 5, 5, 23, 30)),
    ("space for T", "2016-05-05 23:30", dt.datetime(2016, 5, 5, 23, 30)),
    ("RFC 2822", "Thu, 05 May 2016 23:30:00 +0200", dt.datetime(2016, 5, 5, 23, 30, tzinfo=PLUS2)),
    ("RFC 2822 without weekday or seconds", "5 May 2016 23:30 +0200", dt.datetime(2016, 5, 5, 23, 30, tzinfo=PLUS2)),
    ("RFC 2822 GMT", "Thu, 05 May 2016 23:30:00 GMT", dt.datetime(2016, 5, 5, 23, 30, tzinfo=dt.UTC)),
    ("a date object", dt.date(2016, 5, 5), dt.date(2016, 5, 5)),
    ("nothing", None, None),
]

REFUSED = [
    ("a Unix time", 1462406400),
    ("a Unix time as text", "1462406400"),
    ("a number", 2016.5),
    ("a boolean", True),
    ("words", "yesterday"),
    ("a month", "May 2016"),
    ("RFC 2822 without time", "Thu, 05 May 2016"),
    ("RFC 2822 with an unknown zone", "Thu, 05 May 2016 23:30:00 XYZ"),
    ("RFC 2822 with something after it", "Thu, 05 May 2016 23:30:00 +0200 (lunch)"),
    ("RFC 2822 with the wrong weekday", "Fri, 05 May 2016 23:30:00 +0200"),
    ("no such day", "2016-02-30"),
    ("empty", ""),
]


@pytest.mark.parametrize("given,expected", [r[1:] for r in ACCEPTED], ids=[r[0] for r in ACCEPTED])
def test_accepted_forms_are_kept_as_given(given, expected):
    published = Article(id="a", text="t", published=given).published
    assert published == expected and type(published) is type(expected)
    if isinstance(expected, dt.datetime):
        assert published.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("given", [r[1] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_other_forms_are_refused_with_the_forms_that_work(given):
    with pytest.raises(ValidationError) as caught:
        Article(id="a", text="t", published=given)
    message = str(caught.value)
    assert "published" in message
    assert "ISO 8601" in message or "is a Thursday, not Fri" in message


def test_the_day_relative_dates_use_is_the_day_as_written():
    late_east = Article(id="a", text="t", published="2016-05-06T00:30:00+09:00")  # UTC: 5 May 15:30
    late_west = Article(id="b", text="t", published="Thu, 05 May 2016 23:30:00 -0700")  # UTC: 6 May 06:30
    assert late_east.published_date == dt.date(2016, 5, 6)
    assert late_west.published_date == dt.date(2016, 5, 5)
    assert Article(id="c", text="t", published="2016-05-05").published_date == dt.date(2016, 5, 5)


@pytest.mark.parametrize(
    "published,yesterday",
    [("2016-05-06T00:30:00+09:00", "2016-05-05"), ("Thu, 05 May 2016 23:30:00 -0700", "2016-05-04")],
    ids=["just after midnight east of UTC", "late evening west of UTC"],
)
def test_relative_dates_resolve_against_the_day_as_written(extract, published, yesterday):
    found = {(f.text, f.value) for f in extract("The ministry said yesterday that Japan would pay.", published) if f.type == "date"}
    assert ("yesterday", yesterday) in found


def test_published_from_a_sidecar_and_a_jsonl_line(tmp_path):
    (tmp_path / "a.txt").write_text("Text.", encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"published": "Thu, 05 May 2016 23:30:00 +0200"}), encoding="utf-8")
    rows = [
        {"id": "b", "text": "B.", "published": "2016-05-05T23:30:00+02:00"},
        {"id": "c", "text": "C.", "published": 1462406400},
    ]
    (tmp_path / "b.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    a, b, c = read_articles([tmp_path])
    assert a.published == b.published == dt.datetime(2016, 5, 5, 23, 30, tzinfo=PLUS2)
    assert isinstance(c, ArticleError) and (c.line, c.article_id) == (2, "c")
    assert c.reason.startswith("published: ") and "1462406400 is not a publication date" in c.reason


def test_a_date_keeps_its_digest_and_a_timestamp_is_part_of_it():
    """Resumed runs keep reusing date-only articles; a changed time of day is a changed article."""
    dated = Article(id="a", text="t", published="2016-05-05")
    before = hashlib.sha256(json.dumps(["2016-05-05", None, None, None]).encode() + b"\x00t").hexdigest()
    assert article_digest(dated) == before  # as the state of an earlier run recorded it
    given = ("2016-05-05T23:30:00+02:00", "2016-05-05T22:30:00+01:00", "2016-05-05")
    assert len({article_digest(Article(id="a", text="t", published=p)) for p in given}) == 3


def test_the_json_form_is_iso_8601_with_the_offset():
    article = Article(id="a", text="t", published="Thu, 05 May 2016 23:30:00 +0200")
    assert article.model_dump(mode="json")["published"] == "2016-05-05T23:30:00+02:00"
    assert Article(id="a", text="t", published="2016-05-05").model_dump(mode="json")["published"] == "2016-05-05"
