"""Rules, first family: durations, "ago"/"later" offsets, sets.

Registered first (see the package docstring: the order decides ties).
"""

from __future__ import annotations

import re

from .._text import window_before
from .grammar import rule
from .lexicon import _month, _weekday, number, unit_code, unit_of, vocab
from .resolve import (
    _longer_period,
    _quarter_offset,
    _recent_quarter,
    anchor_shift,
)
from .values import Context, Timex, _fractional, duration_value, parse_point, point_value, shift


@rule("later", r"\b(?:{AMOD})?(?P<qty>{QTY})\s+(?:(?:more|additional|full)\s+)?(?P<unit>months?|quarters?|years?|decades?|century|centuries)(?:\s+or\s+so)?\s+(?P<dir>earlier|later)\b", priority=5)
def _later(m: re.Match, ctx: Context) -> Timex | None:
    """ "70 years later", "a year earlier": the last date mentioned, moved.

    Shorter offsets ("three days later") are left to the duration rule: news
    annotates those as the length of time between two events.
    """
    return _ago(m, ctx)


@rule("ago", r"\b(?:{AMOD})?(?P<qty>{QTY})\s+(?:(?:more|additional|full)\s+)?(?P<unit>{UNITS})(?:\s+or\s+so)?\s+(?P<dir>ago|back|from\s+now|hence)\b", priority=5)
def _ago(m: re.Match, ctx: Context) -> Timex | None:
    unit = unit_code(m["unit"])
    if unit is None:
        return None
    if unit == "WE":
        unit = "W"
    count = number(m["qty"])
    direction = " ".join(m["dir"].lower().split())
    back = direction in ("ago", "earlier", "before", "back")
    if count is None:
        return Timex("PAST_REF" if back else "FUTURE_REF", "date")
    step = -count if back else count
    if direction in ("ago", "back", "from now", "hence"):
        if ctx.published is None:
            return Timex(None, "date")
        if unit == "Y" and count == 1:
            # financial news: "a year ago" next to a quarter means that quarter a year before
            quarter = _quarter_offset(ctx)
            if quarter is not None:
                return Timex(anchor_shift(quarter, step, "Y"), "date")
        if unit in ("H", "MIN", "S"):
            return Timex(point_value(ctx.published, "D"), "date")
        return Timex(point_value(shift(ctx.published, step, unit), unit), "date")
    # earlier / later: against the last date mentioned
    if unit == "Y" and count == 1:
        quarter = _quarter_offset(ctx)
        if quarter is not None:
            return Timex(anchor_shift(quarter, step, "Y"), "date")
        point = parse_point(ctx.anchor)
        if point is not None and _longer_period(ctx):
            return Timex(point_value(shift(point[0], step, "Y"), "Y"), "date")
    return Timex(anchor_shift(ctx.anchor, step, unit), "date")


@rule("year_ago_adj", r"\b(?:the\s+)?(?P<rel>year|quarter)[-\s](?:ago|earlier)(?:\s+(?P<noun>quarter|period))?\b", priority=4)
def _year_ago_adj(m: re.Match, ctx: Context) -> Timex | None:
    """ "the year-ago quarter", "year-earlier": the period a year before the one discussed."""
    unit = "Y" if m["rel"].lower() == "year" else "Q"
    quarter = _recent_quarter(ctx) if m["noun"] else _quarter_offset(ctx)
    if quarter is not None:
        return Timex(anchor_shift(quarter, -1, unit), "date")
    if ctx.published is None:
        return Timex(None, "date")
    if m["noun"] and m["noun"].lower() == "quarter":
        return Timex(point_value(shift(ctx.published, -12 if unit == "Y" else -3, "M"), "Q"), "date")
    return Timex(point_value(shift(ctx.published, -1, unit), unit), "date")


@rule("half_duration", r"\b(?:{AMOD})?(?:(?P<whole>{NUM})\s+(?:1/2|and\s+a\s+half)\s+(?P<unit>{UNITS})|(?:an?|one)\s+(?P<unit2>{UNIT1})\s+and\s+a\s+half|(?:a\s+)?half\s+(?:an?\s+)?(?P<unit3>{UNIT1}))\b", priority=3)
def _half_duration(m: re.Match, ctx: Context) -> Timex | None:
    if m["unit"]:
        whole, unit = number(m["whole"]), unit_code(m["unit"])
    elif m["unit2"]:
        whole, unit = 1, unit_code(m["unit2"])
    else:
        whole, unit = 0, unit_code(m["unit3"])
    if whole is None or unit is None:
        return None
    return Timex(_fractional(whole + 0.5, unit), "duration")


@rule("minute_and_half", r"\b(?:an?|one)\s+minute\s+and\s+a\s+half\b", priority=4)
def _minute_half(m: re.Match, ctx: Context) -> Timex | None:
    return Timex("PT1M30S", "duration")


@rule(
    "duration",
    r"""\b(?:(?P<the>the|another|each\s+of\s+the|all\s+of\s+the)\s+)?
        (?:(?P<rel>past|last|next|previous|coming|first|following|final|recent|initial|remaining|additional|further|latest|prior|ensuing|succeeding|preceding|last\s+few)\s+)?
        (?:{AMOD})?(?P<qty>{QTY})(?:\s*(?:to|-|–)\s*(?P<upper>{NUM}))?\s+(?:(?:more|additional|full|straight|consecutive|long|trading|business|working)\s+)?(?P<unit>{UNITS})(?:\s+or\s+so)?
        (?!\s+old\b|[-\w])""",
    rejects=("age", "rate", "ordinal", "title", "fraction", "constant_rate"),
)
def _duration(m: re.Match, ctx: Context) -> Timex | None:
    unit = unit_code(m["unit"])
    if unit is None:
        return None
    qty = m["qty"].lower()
    count: int | float | None = number(qty)
    if count is None and re.fullmatch(r"[\d.]+", qty):
        try:
            count = float(qty)
        except ValueError:
            return None
    rel = (m["rel"] or "").lower()
    singular = not m["unit"].lower().endswith("s") or m["unit"].lower() in ("centuries",)
    if qty in ("a", "an", "one") and not singular:
        return None
    if count is None and rel in ("past", "last", "recent", "previous", "last few") and ctx.published is None:
        return Timex(duration_value(None, unit), "duration")
    if count == 0:
        return None
    return Timex(duration_value(count, unit), "duration")


@rule("duration_hyphen", r"\b(?P<qty>{NUM}|several|multi|half)-(?P<unit>second|minute|hour|day|night|week|month|quarter|year|decade|century)(?:-long)?(?![-\w])", priority=2, rejects=("age",))
def _duration_adj(m: re.Match, ctx: Context) -> Timex | None:
    """Adjectival durations: "three-year", "10-hour", "52-week"; ages ("44-year-old") are not."""
    unit = unit_code(m["unit"] or m["unit2"])
    qty = (m["qty"] or m["qty2"] or "").lower()
    if unit is None:
        return None
    if qty in ("several", "multi"):
        return Timex(duration_value(None, unit), "duration")
    if qty == "half":
        return Timex(_fractional(0.5, unit), "duration")
    count = number(qty)
    if count is None or count == 0:
        return None
    return Timex(duration_value(count, unit), "duration")


@rule("unit_long", r"\b(?P<unit>days?|weeks?|months?|years?|decades?|hours?|century|centuries)-long\b", priority=2)
def _unit_long(m: re.Match, ctx: Context) -> Timex | None:
    """ "day-long": one unit; "decades-long": an unknown number of them."""
    plural = m["unit"].lower().endswith("s")
    return Timex(duration_value(None if plural else 1, unit_of(m["unit"])), "duration")


@rule("for_units", r"(?:(?<=\bfor\s)|(?<=\bwithin\s))(?P<unit>years|months|weeks|days|decades|hours|centuries)\b(?!\s+(?:to\s+come|ago|old))")
def _for_units(m: re.Match, ctx: Context) -> Timex | None:
    """ "for years", "within weeks": a duration of unknown length."""
    return Timex(duration_value(None, unit_of(m["unit"])), "duration")


@rule("units_ahead", r"""\bthe\s+(?:(?P<unit>years|months|weeks|days|decades|hours)\s+(?:ahead|to\s+come)
    |(?:early|first|final|ensuing|intervening)\s+(?P<unit2>years|months|weeks|days|decades|hours))\b
    (?!\s+of\s+(?:{WEEKDAY}|today|yesterday|tomorrow|{MONTH}|{YEAR}|(?:that|the)\s+(?:day|morning|night|evening)))
    |(?:(?<=\bover\s)|(?<=\bthrough\s)|(?<=\bduring\s))the\s+(?P<unit3>years|decades)\b(?!\s+(?:of|since|between|\d))""", priority=3)
def _units_ahead(m: re.Match, ctx: Context) -> Timex | None:
    """ "the weeks ahead", "the early years", "the first hours", "over the years": an unknown number of them."""
    return Timex(duration_value(None, unit_of(m["unit"] or m["unit2"] or m["unit3"])), "duration")


@rule("half_ago", r"\b(?:{AMOD})?half\s+an?\s+(?P<unit>century|decade|year)\s+(?P<dir>ago|earlier|later)\b", priority=6)
def _half_ago(m: re.Match, ctx: Context) -> Timex | None:
    """ "half a century ago": fifty years before publication (or after the last date, "later")."""
    months = {"century": 600, "decade": 60, "year": 6}[m["unit"].lower()]
    unit = "M" if months < 12 else "Y"
    step = (months if unit == "M" else months // 12) * (1 if m["dir"].lower() == "later" else -1)
    if m["dir"].lower() == "ago":
        if ctx.published is None:
            return Timex(None, "date")
        return Timex(point_value(shift(ctx.published, step, unit), unit), "date")
    return Timex(anchor_shift(ctx.anchor, step, unit), "date")


@rule("quarter_century", r"\b(?:(?:a|one|the\s+past|the\s+last|the\s+next)\s+)?quarter(?:\s+of\s+a\s+|[-\s])century\b(?![-\w])", priority=4)
def _quarter_century(m: re.Match, ctx: Context) -> Timex | None:
    """ "a quarter of a century", "a quarter-century": twenty-five years."""
    return Timex("P25Y", "duration")


@rule("a_while", r"(?<!\bin\s)\b(?-i:a|A)\s+(?:little\s+|short\s+|long\s+)?(?-i:while)\b(?!\s+(?:ago|back|later|earlier))", priority=1)
def _a_while(m: re.Match, ctx: Context) -> Timex | None:
    """ "for a while": some length of time, its unit unknown (TIMEX3 ``PXX``).

    Not "once in a while" (now and then), nor a capital "A" inside a sentence ("rated the
    bonds A while rivals ..."), which is a grade before the conjunction "while".
    """
    if m.string[m.start()] == "A" and not re.search(r"(?:^|[.!?:\n]['\"’”]?)\s*$", window_before(m.string, m.start(), 4)):
        return None
    return Timex("PXX", "duration")


@rule("recent_units", r"\b(?:the\s+)?(?:(?P<rel>recent|coming|past\s+(?:few|several)|last\s+(?:few|several)|next\s+(?:few|several)|few)\s+)(?P<unit>years|months|weeks|days|decades|hours|quarters|centuries)\b", priority=3)
def _recent_units(m: re.Match, ctx: Context) -> Timex | None:
    rel = m["rel"].lower()
    unit = unit_of(m["unit"])
    if rel == "coming":
        return Timex("FUTURE_REF", "date")
    return Timex(duration_value(None, unit), "duration")


@rule("set_every", r"\b(?:every|each)\s+(?:(?P<num>other|{NUM})\s+)?(?P<unit>{UNITS}|(?P<wd>{WEEKDAY})|(?P<month>{MONTH})|(?P<season>{SEASON})|(?P<part>morning|afternoon|evening|night))\b", priority=4)
def _set_every(m: re.Match, ctx: Context) -> Timex | None:
    if m["wd"]:
        return Timex(f"XXXX-WXX-{_weekday(m['wd'])}", "set")
    if m["month"]:
        return Timex(f"XXXX-{_month(m['month']):02d}", "set")
    if m["season"]:
        return Timex(f"XXXX-{vocab()['seasons'][m['season'].lower()]}", "set")
    if m["part"]:
        return Timex(f"TXX{vocab()['parts_of_day'][m['part'].lower()]}", "set")
    unit = unit_code(m["unit"])
    if unit is None:
        return None
    num = (m["num"] or "").lower()
    count = 2 if num == "other" else (number(num) if num else 1)
    return Timex(duration_value(count, unit), "set")


@rule("set_adverb", r"\b(?:annually|yearly|daily|nightly|weekly|monthly|hourly|biannually|semiannually)\b", rejects=("rate_adverb",))
def _set_adverb(m: re.Match, ctx: Context) -> Timex | None:
    return Timex(vocab()["sets"][m[0].lower()], "set")


@rule("set_weekdays", r"\b(?:(?P<wd>{WEEKDAY1})s|(?P<wd2>{WEEKDAY1})s?\s+(?P<part>nights|evenings|mornings|afternoons))\b", priority=3)
def _set_weekdays(m: re.Match, ctx: Context) -> Timex | None:
    """ "Tuesdays", "Monday nights": a weekly set."""
    part = ""
    if m["part"]:
        part = "T" + vocab()["parts_of_day"][m["part"].lower().rstrip("s")]
    return Timex(f"XXXX-WXX-{_weekday(m['wd'] or m['wd2'])}{part}", "set")
