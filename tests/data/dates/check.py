"""Validate composition.jsonl.

For every line: JSON shape, published is a real ISO date, span is an exact
substring of text (no leading preposition, no trailing punctuation), value has a
TIMEX3 shape consistent with `kind`, every calendar date inside the value exists,
and -- the main check -- the hand-written value equals the value recomputed
from the line's independent spec in cases.py (weekday arithmetic, nth weekday of
month, Easter computus, ISO weeks, seasons, zoneinfo offsets, ...).
Clock times in spans are additionally re-parsed from the surface text.
It also lints positives for temporal words outside the span (each sentence
should contain exactly one temporal expression) and prints counts.
Exit status 0 only if everything passes.
"""
import json, re, sys, os
from datetime import date, timedelta, datetime
from zoneinfo import ZoneInfo
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from build import records

WD = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
P = None  # publication date of the line being checked

def iso(d): return d.isoformat()
def _d(s): return date.fromisoformat(s)
def D(y, m, d): return iso(date(y, m, d))
def rel(n): return iso(P + timedelta(n))
def plus(s, n): return iso(_d(s) + timedelta(n))
def wk(off, wd):  # weekday wd of the ISO (Mon-Sun) week of P shifted by off weeks
    return iso(P - timedelta(P.weekday()) + timedelta(7 * off + WD[wd]))
def nx(wd):  # first wd strictly after P
    return next(iso(P + timedelta(i)) for i in range(1, 8) if (P + timedelta(i)).weekday() == WD[wd])
def pv(wd):  # last wd strictly before P
    return next(iso(P - timedelta(i)) for i in range(1, 8) if (P - timedelta(i)).weekday() == WD[wd])
def nextwd(wd):  # "next X": only used where 'nearest following' == 'X of next week'
    a, b = nx(wd), wk(1, wd); assert a == b, f"ambiguous next {wd}: {a} vs {b}"; return a
def lastwd(wd):
    a, b = pv(wd), wk(-1, wd); assert a == b, f"ambiguous last {wd}: {a} vs {b}"; return a
def wdd(s, wd):
    assert _d(s).weekday() == WD[wd], f"{s} is not {wd}"; return s
def wddom(wd, n, direction):  # e.g. nearest Friday the 13th in the tense direction
    step = 1 if direction == "fut" else -1
    for i in range(1, 5000):
        x = P + timedelta(step * i)
        if x.day == n and x.weekday() == WD[wd]: return iso(x)
def dom(n, direction):  # "the 18th": nearest day-of-month n in the tense direction
    step = 1 if direction == "fut" else -1
    for i in range(1, 400):
        x = P + timedelta(step * i)
        if x.day == n: return iso(x)
def nth_date(y, m, wd, n):
    days = [date(y, m, d) for d in range(1, 32) if _valid(y, m, d) and date(y, m, d).weekday() == WD[wd]]
    return days[n - 1] if n > 0 else days[n]
def _valid(y, m, d):
    try: date(y, m, d); return True
    except ValueError: return False
def nth(y, m, wd, n): return iso(nth_date(y, m, wd, n))
def nthr(m, wd, n): return lambda y: nth_date(y, m, wd, n)
def md(m, d): return lambda y: date(y, m, d)
def easter_date(y):  # anonymous Gregorian computus (Meeus/Jones/Butcher)
    a = y % 19; b, c = divmod(y, 100); d, e = divmod(b, 4); f = (b + 8) // 25
    g = (b - f + 1) // 3; h = (19 * a + b - d - g + 15) % 30; i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7; m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31; day = (h + l - 7 * m + 114) % 31 + 1
    return date(y, month, day)
def easter(y): return iso(easter_date(y))
def easter_off(k): return lambda y: easter_date(y) + timedelta(k)
black_friday = lambda y: nth_date(y, 11, "TH", 4) + timedelta(1)
cyber_monday = lambda y: nth_date(y, 11, "TH", 4) + timedelta(4)
us_election = lambda y: nth_date(y, 11, "MO", 1) + timedelta(1)  # Tuesday after first Monday
def hol(fn, direction):  # nearest occurrence strictly after / before P
    cands = [fn(y) for y in range(P.year - 2, P.year + 3)]
    return iso(min(c for c in cands if c > P) if direction == "fut" else max(c for c in cands if c < P))
# Lunar-calendar events cannot be computed with the stdlib: looked-up start dates
# (Umm al-Qura calendar for Ramadan; Chinese calendar for Lunar New Year).
RAMADAN_START = {2022: date(2022, 4, 2), 2023: date(2023, 3, 23), 2024: date(2024, 3, 11), 2025: date(2025, 3, 1)}
LUNAR_NY = {2023: date(2023, 1, 22), 2024: date(2024, 2, 10), 2025: date(2025, 1, 29)}
def ramadan(direction): return hol(lambda y: RAMADAN_START.get(y, date(1, 1, 1) if direction == "past" else date(9999, 1, 1)), direction)
def lunar_ny(direction): return hol(lambda y: LUNAR_NY.get(y, date(1, 1, 1) if direction == "past" else date(9999, 1, 1)), direction)
def ym(y, m): assert 1 <= m <= 12; return f"{y:04d}-{m:02d}"
def mon(off):
    k = P.year * 12 + P.month - 1 + off; return ym(k // 12, k % 12 + 1)
def yr(off): return f"{P.year + off:04d}"
def week(off):
    y, w, _ = (P + timedelta(7 * off)).isocalendar(); return f"{y}-W{w:02d}"
def qtr_past(q):  # most recent completed quarter q
    y = P.year
    while True:
        end = date(y, 3 * q, 1) + timedelta(31); end = end.replace(day=1) - timedelta(1)
        if end < P: return f"{y}-Q{q}"
        y -= 1
# Meteorological seasons; YYYY-WI = winter starting in December YYYY.
SEASON_START = {"SP": (3, 0), "SU": (6, 0), "FA": (9, 0), "WI": (12, 0)}
def season_bounds(y, code):
    m = SEASON_START[code][0]; start = date(y, m, 1)
    k = y * 12 + m - 1 + 3; end = date(k // 12, k % 12 + 1, 1) - timedelta(1)
    return start, end
def seas(kind, code, direction=None):
    inst = [(y, *season_bounds(y, code)) for y in range(P.year - 3, P.year + 3)]
    if kind == "last": y = max(i for i in inst if i[2] < P)[0]
    elif kind == "next": y = min(i for i in inst if i[1] > P)[0]
    else:
        cont = [i for i in inst if i[1] <= P <= i[2]]
        if cont: y = cont[0][0]
        elif direction == "fut": y = min(i for i in inst if i[1] > P)[0]
        else: y = max(i for i in inst if i[2] < P)[0]
    return f"{y}-{code}"
ABBR = {"GMT": "Z", "UTC": "Z", "EST": "-05:00", "EDT": "-04:00", "PST": "-08:00", "PDT": "-07:00",
        "CET": "+01:00", "CEST": "+02:00", "BST": "+01:00", "JST": "+09:00", "KST": "+09:00",
        "HKT": "+08:00", "AEST": "+10:00", "AEDT": "+11:00", "MSK": "+03:00", "EAT": "+03:00",
        "SAST": "+02:00", "UTC+3": "+03:00", "GMT+2": "+02:00"}
def tzab(s, hhmm, ab): return f"{s}T{hhmm}{ABBR[ab]}"
def tzz(s, hhmm, zone):  # offset of a named zone at that local time (DST-aware)
    h, m = map(int, hhmm.split(":")); d = _d(s)
    dt = datetime(d.year, d.month, d.day, 23, 59) if h == 24 else datetime(d.year, d.month, d.day, h, m)
    off = dt.replace(tzinfo=ZoneInfo(zone)).utcoffset()
    mins = int(off.total_seconds() // 60)
    o = "Z" if mins == 0 else f"{'+' if mins > 0 else '-'}{abs(mins) // 60:02d}:{abs(mins) % 60:02d}"
    return f"{s}T{hhmm}{o}"

# ---------------------------------------------------------------- shapes
DATE_RE = r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?"
SHAPES = {
    "date": [rf"^{DATE_RE}$", r"^\d{3}$", r"^\d{4}-Q[1-4]$", r"^\d{4}-H[12]$", r"^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$",
             r"^\d{4}-(SP|SU|FA|WI)$"],
    "time": [rf"^\d{{4}}-\d{{2}}-\d{{2}}T(([01]\d|2[0-3]):[0-5]\d|24:00|MO|MI|AF|EV|NI|DT)(Z|[+-]\d{{2}}:\d{{2}})?$"],
    "duration": [r"^P(\d+[YMWD])+$", r"^PT(\d+[HMS])+$", r"^P\d+DE$"],
    "set": [r"^P1[YMWD]$", r"^PT\d+[HMS]$", r"^XXXX-WXX-[1-7]$", r"^XXXX-(SP|SU|FA|WI)$"],
}
PREPS = {"in", "on", "at", "since", "by", "from", "until", "till", "for", "during", "before", "after", "to", "of"}

def check_value_dates(v):
    m = re.match(r"^(\d{4})-(\d{2})(?:-(\d{2}))?", v or "")
    if not m: return True
    y, mo, d = int(m[1]), int(m[2]), m[3]
    if not 1 <= mo <= 12: return False
    return d is None or _valid(y, mo, int(d))

# ---------------------------------------------------------------- clock re-parse from the surface span
NUMW = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}
NUMW.update({"twenty": 20, "quarter": 15, "half": 30, "twenty-five": 25, "ten": 10, "five": 5})
def parse_clock(span):
    s = span.lower()
    pm_ctx = any(w in s for w in ["afternoon", "evening", "tonight", "night"])
    am_ctx = "morning" in s
    m = re.search(r"\b(\d{1,2})(?:[.:](\d{2}))?\s*(am|pm)\b", s)
    if m:
        h = int(m[1]) % 12 + (12 if m[3] == "pm" else 0); return f"{h:02d}:{int(m[2] or 0):02d}"
    m = re.search(r"\b(\d{1,2})[.:h](\d{2})\b", s)
    if m:
        h = int(m[1]); h += 12 if (pm_ctx and h < 12) else 0; return f"{h:02d}:{m[2]}"
    m = re.search(r"\b([01]\d|2[0-3])([0-5]\d)\b", s)
    if m: return f"{m[1]}:{m[2]}"
    if "midnight" in s: return "24:00"
    if re.search(r"\b(noon|midday)\b", s): return "12:00"
    m = re.search(r"\b(?:a )?(quarter|half|twenty|ten|five|twenty-five) (past|to) (\w+)", s)
    if m and m[3] in NUMW:
        h = NUMW[m[3]]; mi = NUMW[m[1]]
        if m[2] == "to": h -= 1; mi = 60 - mi
        if pm_ctx and h < 12: h += 12
        return f"{h:02d}:{mi:02d}"
    m = re.search(r"\b(\w+|\d{1,2}) o'clock", s)
    if m:
        h = int(m[1]) if m[1].isdigit() else NUMW[m[1]]
        if pm_ctx and h < 12: h += 12
        return f"{h:02d}:00"
    return None

# ---------------------------------------------------------------- one-expression lint (positives only)
MONTHS = "January February March April June July August September October November December".split()
TEMPORAL = re.compile(
    r"\b(" + "|".join(MONTHS) + r"|(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.|"
    r"[Mm]onday|[Tt]uesday|[Ww]ednesday|[Tt]hursday|[Ff]riday|[Ss]aturday|[Ss]unday|"
    r"today|tomorrow|yesterday|tonight|morning|afternoon|evening|night|week|weeks|month|months|"
    r"year|years|decade|decades|century|ago|now|currently|recently|recent|daily|weekly|annual|"
    r"spring|summer|autumn|fall|winter|Christmas|Easter|noon|midnight|midday|hour|hours|minute|minutes|"
    r"o'clock|\d{1,2}(\.\d\d)?(am|pm)|(1[89]|20)\d\d|\d{1,2}:\d\d|season|quarter|Q[1-4])\b")

def main():
    path = os.path.join(HERE, "composition.jsonl")
    lines = open(path).read().splitlines()
    built = {r["id"]: (r, s) for r, s in records()}
    errors, warnings = [], []
    cats, kinds, pubs = Counter(), Counter(), Counter()
    ids = set(); parsed_clock = 0
    global P
    for ln, line in enumerate(lines, 1):
        try: r = json.loads(line)
        except Exception as e: errors.append(f"line {ln}: bad json {e}"); continue
        rid = r.get("id")
        def err(msg): errors.append(f"{rid}: {msg}")
        if rid in ids: err("duplicate id")
        ids.add(rid)
        cats[r["category"]] += 1
        if rid not in built: err("id not in cases.py (rebuild)"); continue
        src, spec = built[rid]
        if src != r: err("jsonl out of sync with cases.py (run build.py)")
        try: P = date.fromisoformat(r["published"])
        except Exception: err(f"published not ISO date: {r.get('published')}"); continue
        pubs[r["published"]] += 1
        text, span = r["text"], r["span"]
        if r["category"] == "negative":
            if span is not None or set(r) != {"id", "category", "published", "text", "span"}: err("negative must have span null only")
            continue
        for k in ("text", "span", "kind"):
            if not isinstance(r.get(k), str) or not r[k]: err(f"missing {k}")
        if span not in text: err("span not a substring of text"); continue
        if text.count(span) != 1: warnings.append(f"{rid}: span occurs {text.count(span)} times")
        i = text.index(span)
        if (i > 0 and text[i - 1].isalnum()) or (i + len(span) < len(text) and text[i + len(span)].isalnum()):
            err("span does not sit on word boundaries")
        if span.split()[0].lower() in PREPS: err("span starts with a preposition")
        if span != span.strip() or span[-1] in ",;:!?" or (span[-1] == "." and not re.search(r"\b\w+\.$", span)):
            err("span has surrounding whitespace/punctuation")
        v, kind = r["value"], r["kind"]
        kinds[kind] += 1
        if v is None:
            if not r.get("optional"): err("null value must be optional (ANNOTATION.md)")
        else:
            if kind not in SHAPES: err(f"bad kind {kind}")
            elif not any(re.match(p, v) for p in SHAPES[kind]): err(f"value {v} does not match TIMEX3 shape for {kind}")
            if not check_value_dates(v): err(f"value {v} contains an impossible date")
        # recompute from the independent spec
        try: got = eval(spec)
        except Exception as e: err(f"spec {spec!r} failed: {e}"); continue
        if got != v: err(f"value {v!r} != recomputed {got!r} from spec {spec}")
        # weekday named in the span must agree with the date in the value
        for name, n in WD.items():
            full = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"][n]
            if re.search(rf"\b{full}\b", span.lower()) and v and re.match(r"^\d{4}-\d\d-\d\d", v):
                if _d(v[:10]).weekday() != n and "week" not in span.lower().replace("weekly", ""):
                    err(f"span names {full} but {v[:10]} is a {_d(v[:10]).strftime('%A')}")
                elif _d(v[:10]).weekday() != n: err(f"span names {full} but {v[:10]} is not one")
        # clock time re-parsed from the span
        if kind == "time" and v and re.search(r"T\d\d:\d\d", v):
            t = parse_clock(span)
            if t is None: warnings.append(f"{rid}: clock not parsed from span {span!r}")
            else:
                parsed_clock += 1
                if t != re.search(r"T(\d\d:\d\d)", v)[1]: err(f"span {span!r} reads as {t}, value says {v}")
        # one temporal expression per sentence
        rest = text[:i] + " § " + text[i + len(span):]
        hits = [m.group(0) for m in TEMPORAL.finditer(rest)]
        if hits: errors.append(f"{rid}: temporal-looking words outside span: {hits}")
    pos = sum(n for c, n in cats.items() if c != "negative")
    print("categories:"); [print(f"  {c:20s} {n}") for c, n in cats.items()]
    print(f"positives {pos}, negatives {cats['negative']}, kinds {dict(kinds)}")
    print(f"distinct published dates {len(pubs)}; clock times re-parsed from spans: {parsed_clock}")
    for c, n in cats.items():
        if c != "negative" and n < 25: errors.append(f"category {c} has only {n} cases")
    if pos < 300: errors.append(f"only {pos} positives")
    if cats["negative"] < 60: errors.append(f"only {cats['negative']} negatives")
    for w in warnings: print("WARN", w)
    for e in errors: print("ERROR", e)
    print("FAIL" if errors else "PASS", f"({len(errors)} errors, {len(warnings)} warnings)")
    return 1 if errors else 0

if __name__ == "__main__":
    sys.exit(main())
