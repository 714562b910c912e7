"""The vocabulary of the date grammar, read from ``pipeline/data/dates.json``.

The word lists (:func:`vocab`, checked by :func:`check_vocab`), the readers of
numbers, unit words, months, weekdays, ordinals, spoken years, clock times
(:func:`_clock`, which the clock rules share) and time zones (:func:`zone`), and the
macros (:func:`macros`) the rules' patterns are written with.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import re
import zoneinfo
from functools import cache, lru_cache

from text_to_num import text2num

from ...data import load_json, require
from .._text import alternation

DATA_FILE = "dates.json"


@lru_cache(maxsize=1)
def vocab() -> dict:
    """The word lists of ``dates.json``, checked on first use (a bad entry fails the build)."""
    data = load_json(DATA_FILE)
    check_vocab(data)
    return data


_UNIT_CODES = {"S", "MIN", "H", "D", "W", "2W", "WE", "M", "Q", "Y", "DE", "CE", "ML"}
_LISTS = ("amount_modifiers", "future_markers", "future_verbs", "count_quantifiers",
          "noun_determiners", "before_words", "future_prepositions", "leading_words", "current_not_time",
          "award_titles", "period_end_prepositions", "generic_day_nouns", "kin_nouns",
          "short_date_prepositions", "day_of_month_prepositions",
          "month_alone_prepositions")


#: holiday specs read by a library: the day of the Islamic calendar (hijridate), and a country's
#: holiday of the holidays package by its name there (see :func:`.resolve.holiday_dates`)
HIJRI_SPEC = re.compile(r"hijri:(\d\d)-(\d\d)")
PACKAGE_SPEC = re.compile(r"holidays:([A-Z]{2}):(.+)")

#: how dates.json computes a holiday (see :func:`.resolve.holiday_date`)
_HOLIDAY_SPEC = re.compile(
    r"\d\d-\d\d|\d\d/[1-7]/-?[1-5](?:[+-]\d+)?|(?:orthodox_)?easter(?:[+-]\d+)?|hijri:\d\d-\d\d|holidays:[A-Z]{2}:.+"
)


def _package_has(country: str, name: str) -> bool:
    """Whether the holidays package names ``name`` in ``country`` (in some year of 2023-2025)."""
    return name in _package_names(country)


@cache
def _package_names(country: str) -> frozenset[str]:
    """The holidays package's names of ``country``'s holidays in 2023-2025 (none for a country it
    lacks); computed once a country, which several specs name (Diwali and Holi)."""
    import holidays

    if country not in holidays.list_supported_countries():
        return frozenset()
    return frozenset(holidays.country_holidays(country, years=(2023, 2024, 2025)).values())


#: a TIMEX3 zone offset: Z (UTC) or +hh:mm / -hh:mm
_OFFSET = re.compile(r"Z|[+-](?:0\d|1[0-4]):[0-5]\d")


@lru_cache(maxsize=64)
def iana_zone(name: str) -> zoneinfo.ZoneInfo:
    """An IANA zone from the pinned ``tzdata`` package, not the machine's zone files, so that an
    offset is the same on every machine; raises ``LookupError`` for an unknown name."""
    if "/" not in name:  # "EST", "localtime": legacy or machine-dependent names, not a place's zone
        raise LookupError(name)
    try:
        with importlib.resources.files("tzdata.zoneinfo").joinpath(*name.split("/")).open("rb") as data:
            return zoneinfo.ZoneInfo.from_file(data, key=name)
    except (OSError, ValueError) as exc:
        raise LookupError(name) from exc


def _known_zone(name: str) -> bool:
    try:
        iana_zone(name)
    except LookupError:
        return False
    return True


def _holiday_spec_ok(spec: str) -> bool:
    """A holiday spec (:data:`_HOLIDAY_SPEC`) whose month and day exist: "02-29" (in a leap year),
    the 1st to 12th month, a Hijri day 1-30."""
    if re.fullmatch(_HOLIDAY_SPEC, spec) is None:
        return False
    if m := re.fullmatch(r"(\d\d)-(\d\d)", spec):
        try:
            dt.date(2024, int(m[1]), int(m[2]))
        except ValueError:
            return False
    if m := re.fullmatch(r"(\d\d)/", spec[:3]):
        return 1 <= int(m[1]) <= 12
    if m := HIJRI_SPEC.fullmatch(spec):
        return 1 <= int(m[1]) <= 12 and 1 <= int(m[2]) <= 30
    return True


def check_vocab(data: dict) -> None:
    """Raise :class:`DataFileError` naming the entry when ``dates.json`` is malformed."""
    for key in ("units", "unit_abbreviations", "unit_irregular_plurals", "numbers", "quantities", "months", "weekdays", "seasons", "parts_of_day", "zones", "ordinals",
                "sets", "deictic", "holidays", *_LISTS):
        require(key in data, DATA_FILE, key, "missing")
    for word in [*data["unit_abbreviations"], *data["unit_irregular_plurals"], *data["unit_irregular_plurals"].values()]:
        require(word in data["units"], DATA_FILE, f"units.{word}", "named as an abbreviation or plural but not a unit")
    for word, code in data["units"].items():
        require(code in _UNIT_CODES, DATA_FILE, f"units.{word}", f"unknown unit code {code!r}")
    for name, month in data["months"].items():
        require(isinstance(month, int) and 1 <= month <= 12, DATA_FILE, f"months.{name}", "must be 1..12")
    for name, day in data["weekdays"].items():
        require(isinstance(day, int) and 1 <= day <= 7, DATA_FILE, f"weekdays.{name}", "must be 1..7 (ISO)")
    for word, value in data["deictic"].items():
        require(isinstance(value, int) or value in ("PRESENT_REF", "PAST_REF", "FUTURE_REF"), DATA_FILE,
                f"deictic.{word}", "must be a day offset or a *_REF value")
    for word, value in data["sets"].items():
        require(re.fullmatch(r"PT?\d+[YMWDHS]", value) is not None, DATA_FILE, f"sets.{word}", "not a TIMEX3 duration")
    for name, spec in data["holidays"].items():
        if not name.startswith("_"):
            require(_holiday_spec_ok(spec), DATA_FILE, f"holidays.{name}", f"bad spec {spec!r}")
            if m := PACKAGE_SPEC.fullmatch(spec):
                require(_package_has(m[1], m[2]), DATA_FILE, f"holidays.{name}",
                        f"the holidays package has no {m[2]!r} in country {m[1]}")
    for word, code in data["seasons"].items():
        require(code in ("SP", "SU", "FA", "WI"), DATA_FILE, f"seasons.{word}", f"{code!r} is not a TIMEX3 season")
    for word, code in data["parts_of_day"].items():
        require(code in ("MO", "AF", "EV", "NI"), DATA_FILE, f"parts_of_day.{word}", f"{code!r} is not a TIMEX3 part of day")
    for word, code in data["zones"].items():
        if not word.startswith("_"):
            require(code is None or _OFFSET.fullmatch(code) is not None or _known_zone(code), DATA_FILE,
                    f"zones.{word}", f"{code!r} is neither an offset (Z, +01:00) nor an IANA zone")
    for key in _LISTS:
        require(isinstance(data[key], list) and all(isinstance(w, str) for w in data[key]), DATA_FILE, key,
                "must be a list of words")


# --- numbers and units ----------------------------------------------------------


def number(text: str) -> int | None:
    """An amount written in digits or words: "33", "three", "twenty four", "a"."""
    text = " ".join(text.lower().replace("-", " ").replace(",", "").split())
    quantities = vocab()["quantities"]
    if text in quantities:
        return quantities[text]
    if re.fullmatch(r"\d+", text):
        return int(text)
    if re.fullmatch(r"\d+\.\d+", text):
        return None
    try:
        return int(text2num(text, "en"))
    except ValueError:
        words = vocab()["numbers"]
        if all(w in words for w in text.split()):
            total = 0
            for w in text.split():
                total = total * words[w] if words[w] in (100, 1000) and total else total + words[w]
            return total
        return None


def unit_code(word: str) -> str | None:
    """TIMEX3 unit of a unit word: "decades" -> "DE"."""
    units = vocab()["units"]
    word = word.lower().rstrip(".")
    if word in units:
        return units[word]
    if word.endswith("s") and word[:-1] in units:
        return units[word[:-1]]
    return None


def unit_of(word: str) -> str:
    """:func:`unit_code` of a word a rule's pattern admits only as a unit word ("years", "decade")."""
    code = unit_code(word)
    if code is None:
        raise ValueError(f"{word!r} is not a unit word of dates.json")
    return code


# --- the macros the patterns are written with ---------------------------------


#: a space in a vocabulary word matches any run of white space ("per cent" across a line break)
_WS = r"\s+"


#: a year as the grammar reads one: 1000-2099
YEAR = r"(?:1[0-9]\d\d|20\d\d)"


@lru_cache(maxsize=1)
def macros() -> dict[str, str]:
    v = vocab()

    def month_form(name: str) -> str:
        # an abbreviation needs its period or a day number: "Jan" alone is a name
        full = len(name) > 4 or name in ("May", "June", "July")
        return re.escape(name) if full else re.escape(name) + r"(?:\.|(?=\s+\d))"

    month = "(?-i:" + alternation(v["months"], form=month_form) + ")"
    numw = alternation(v["numbers"], space=_WS)
    num = rf"(?:\d+(?:\.\d+)?|(?:{numw})(?:(?:\s+|-)(?:and\s+)?(?:{numw}))*)"
    qty = rf"(?:{num}|{alternation(v['quantities'], space=_WS)})"
    weekday_or_plural = f"(?:{alternation(v['weekdays'], form=lambda w: re.escape(w) + 's?')})"
    irregular = v["unit_irregular_plurals"]
    fixed = set(irregular) | set(irregular.values())  # "century", "centuries": no added s
    units = f"(?:{alternation(v['units'], form=lambda w: re.escape(w) + ('' if w in fixed else 's?'))})"
    unit1 = alternation(w for w in v["units"] if w not in v["unit_abbreviations"] and w not in irregular.values())
    return {
        "MONTH": month,
        "WEEKDAY": weekday_or_plural,
        "WEEKDAY1": f"(?:{alternation(v['weekdays'])})",
        "SEASON": f"(?:{alternation(v['seasons'])})",
        "NUM": num,
        "QTY": qty,
        "UNITS": units,
        "UNIT1": f"(?:{unit1})",
        "AMOD": rf"(?:(?:{alternation(v['amount_modifiers'], space=_WS)})\s+)",
        "ORD": rf"(?:{alternation(v['ordinals'], space=_WS)})",
        "YEAR": YEAR,
        "DAYNUM": r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?",
        "SPOKEN_YEAR": r"(?:(?:nineteen|eighteen|twenty)(?:\s+|-)(?:hundred|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|oh[\s-](?:one|two|three|four|five|six|seven|eight|nine))|two\s+thousand(?:\s+(?:and\s+)?(?:one|two|three|four|five|six|seven|eight|nine|ten))?)",
        "REL": r"(?:last|this|next|past|coming|previous|current|following|upcoming|same|prior|latest|recent)",
        # a zone word, not the start of a name after it ("10pm PT Pertamina"), unless that is a day or month
        "TZ": "(?-i:" + _WRITTEN_OFFSET + "|" + alternation((k for k in v["zones"] if not k.startswith("_")), space=_WS)
        + r"|local\s+time)(?!\w)(?!\s+(?!" + weekday_or_plural + "|" + month + r")(?-i:[A-Z][a-z]))",
        "CLOCK": r"(?:(?:[01]?\d|2[0-3])(?::[0-5]\d)?\s*(?:a\.m\.|p\.m\.|am\b|pm\b|a\.m|p\.m)|(?:[01]?\d|2[0-3]):[0-5]\d|(?:1[0-2]|[1-9])(?:\s+o['’]clock)?\s+in\s+the\s+(?:morning|afternoon|evening)|(?:1[0-2]|[1-9]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+o['’]clock\s+in\s+the\s+(?:morning|afternoon|evening)|(?:1[0-2]|[1-9]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+o['’]clock|noon|midnight)",
        "DEICTIC": alternation(v["deictic"], space=_WS),
        "HOLIDAY": "(?-i:" + alternation((k.replace("'", "['’]") for k in v["holidays"] if not k.startswith("_")), space=_WS).replace("\\[", "[").replace("\\]", "]") + ")",
        "DAYREF": rf"(?:{weekday_or_plural}|{alternation(w for w, days in v['deictic'].items() if isinstance(days, int))}|tonight)",
    }


# --- words of dates -----------------------------------------------------------


def _ordinal(word: str) -> int | None:
    return vocab()["ordinals"].get(word.lower().replace(" ", "-"))


def _month(word: str) -> int:
    word = word.rstrip(".")
    return vocab()["months"][word[:1].upper() + word[1:].lower()]


def _weekday(word: str) -> int:
    return vocab()["weekdays"][word.lower().rstrip("s") if word.lower().endswith("days") else word.lower()]


def _spoken_year(text: str) -> int | None:
    words = text.lower().replace("-", " ").split()
    if words[:2] == ["two", "thousand"]:
        rest = [w for w in words[2:] if w != "and"]
        return 2000 + (number(" ".join(rest)) or 0 if rest else 0)
    head = number(words[0])
    if head is None:
        return None
    if words[1:] == ["hundred"]:
        return head * 100
    tail_words = [w for w in words[1:] if w != "oh"]
    tail = number(" ".join(tail_words))
    if tail is None or tail > 99:
        return None
    return head * 100 + tail


def _clock(text: str) -> str | None:
    """ "7:15 p.m." -> 19:15; "4 in the morning" -> 04:00; "noon" -> 12:00."""
    text = " ".join(text.lower().split())
    if m := re.fullmatch(r"(\w+)(?: o['’]clock)?(?: in the (morning|afternoon|evening))?", text):
        hour = number(m[1]) if not m[1].isdigit() else int(m[1])
        if hour is not None and 1 <= hour <= 12 and (m[2] or "o" in text.replace("noon", "")):
            if m[2] in ("afternoon", "evening") and hour < 12:
                hour += 12
            return f"{hour:02d}:00"
    text = text.replace(" ", "")
    if text == "noon":
        return "12:00"
    if text == "midnight":
        return "24:00"
    m = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?(a\.?m\.?|p\.?m\.?)?", text)
    if not m:
        return None
    hour, minute = int(m[1]), int(m[2] or 0)
    if m[3] and m[3].startswith("p") and hour < 12:
        hour += 12
    if m[3] and m[3].startswith("a") and hour == 12:
        hour = 0
    if hour > 24 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


#: an offset written after UTC or GMT: "UTC+3", "GMT-05:00", "UTC+5:30"
_WRITTEN_OFFSET = r"(?:UTC|GMT)\s?[+\-−]\s?\d{1,2}(?::?\d\d)?"


def zone(text: str) -> str | None:
    """What a zone word after a clock time means: a TIMEX3 offset ("GMT" -> "Z", "EST" ->
    "-05:00", "UTC+3" -> "+03:00") or an IANA zone whose offset depends on the date ("ET");
    None for "local time" and for words that name a zone ambiguously ("CST", "IST").

    >>> zone("GMT"), zone("Eastern  Time"), zone("UTC+5:30"), zone("CST")
    ('Z', 'America/New_York', '+05:30', None)
    """
    text = " ".join(text.split())
    if m := re.fullmatch(r"(?:UTC|GMT)\s?([+\-−])\s?(\d{1,2})(?::?(\d\d))?", text):
        hours, minutes = int(m[2]), int(m[3] or 0)
        if hours == minutes == 0:
            return "Z"
        return f"{'-' if m[1] in '-−' else '+'}{hours:02d}:{minutes:02d}" if hours <= 14 and minutes < 60 else None
    return vocab()["zones"].get(text)

