"""Builds the dev set's gold.jsonl from hand annotations, and checks every offset.

The annotations below were written by reading each article (TimeBank and
AQUAINT news, 1989-2000) and listing, in text order, every country mention and
project per /work/shared/ANNOTATION.md; this script only turns the ordered
surface strings into character offsets and verifies ``text == article[start:end]``.

Sources: ../shared/data/{timebank,aquaint}/articles.jsonl.

Entry syntax: ``"Surface:CODE[:flags]"`` a country (flags: ``d`` demonym,
``h`` historical, ``o`` optional; CODE ``None`` for a state without one); ``"-Surface"`` an occurrence that is NOT a
fact (skipped, so the next entry finds the following one); ``"P:Surface:kind"``
a project (``P?:`` optional).  Run: ``python tests/data/dev/build_gold.py``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pycountry

HERE = Path(__file__).parent
SHARED = HERE.resolve().parents[2].parent / "shared"  # ../shared beside the project root
SOURCES = [SHARED / "data" / "timebank" / "articles.jsonl", SHARED / "data" / "aquaint" / "articles.jsonl"]

HISTORICAL_NAMES = {"SU": "Soviet Union", "YU": "Yugoslavia", "CS": "Czechoslovakia", None: "West Germany"}
NAMES = {"US": "United States", "GB": "United Kingdom", "IR": "Iran", "KR": "South Korea", "CZ": "Czech Republic"}

ANNOTATIONS: dict[str, list[str]] = {
    "XIE19981203.0008": [
        "Netherlands:NL", "Poland:PL", "Hungary:HU", "Czech Republic:CZ", "Dutch:NL:d",
        "Canada:CA", "Denmark:DK", "Norway:NO", "Germany:DE", "France:FR", "Greece:GR", "Luxembourg:LU",
        "Spain:ES", "Britain:GB", "United States:US", "Iceland:IS", "Belgium:BE", "Italy:IT", "Portugal:PT",
        "Turkey:TR", "Poland:PL", "Hungary:HU", "Czech Republic:CZ",
    ],
    "APW19980213.1320": [
        "Australia:AU", "Australia:AU", "India:IN", "Australia:AU", "Indonesia:ID", "Thailand:TH",
        "Malaysia:MY", "South Korea:KR", "India:IN", "India:IN", "India:IN", "Australian:AU:d",
        "Australia:AU", "Indian:IN:d",
    ],
    "APW19980820.1428": [
        "New Zealand:NZ", "United States:US", "New Zealand:NZ", "U.S.:US", "Sudan:SD", "Afghanistan:AF",
        "U.S.:US", "Kenya:KE", "Tanzania:TZ", "U.S.:US", "Afghanistan:AF", "Sudan:SD", "New Zealand:NZ",
        "United States:US", "Kenya:KE", "Tanzania:TZ", "Kenyans:KE:d", "United States:US",
    ],
    "wsj_0805": ["P:Midland nuclear plant:power_plant"],
    "PRI19980213.2000.0313": ["P:Golden Gate Bridge:bridge"],
    "APW19980911.0475": [
        "Tanzania:TZ", "Tanzania:TZ", "Iraqis:IQ:d", "Libyan:LY:d", "U.S.:US", "Libyan:LY:d", "Iraqis:IQ:d",
        "Tanzania:TZ", "U.S.:US", "Tanzania:TZ", "Kenya:KE", "Americans:US:d", "Tanzania:TZ", "Kenya:KE",
        "United States:US", "American:US:d", "Saudi:SA:d", "Tanzanian:TZ:d", "Tanzania:TZ",
        "Comoro Islands:KM:o", "Tanzania:TZ", "Kenya:KE", "Tanzania:TZ", "Kenya:KE", "Comoros:KM:o",
        "Tanzanian:TZ:d", "Comorian:KM:d", "Sudan:SD",
    ],
    "NYT19981120.0362": [
        "Mexico:MX", "US:US", "Mexico:MX", "-America", "-America", "US:US", "Canadian:CA:d", "Canada:CA", "US:US",
    ],
    "CNN19980213.2130.0155": [
        "Iraq:IQ", "US:US", "united states:US", "Iraq:IQ", "Iraq:IQ", "united states:US", "US:US", "Iraq:IQ",
        "Russia:RU", "Russian:RU:d", "Russia:RU", "US:US", "US:US", "American:US:d",
    ],
    "APW19980227.0494": [
        "Ukraine:UA", "Russia:RU", "Russia:RU", "Ukraine:UA", "Ukraine:UA", "Soviet Union:SU:h", "Ukraine:UA",
        "Russian:RU:d", "Ukraine:UA", "Ukrainian:UA:d", "Russia:RU", "Russian:RU:d", "Ukraine:UA", "Ukraine:UA",
        "Russian:RU:d", "P?:Partnership for Peace program:programme", "Russian:RU:d", "Ukraine:UA", "Ukraine:UA",
        "Soviet:SU:dh", "Russia:RU", "Ukraine:UA", "Soviet:SU:dho", "Russian:RU:d", "Ukraine:UA",
    ],
    "APW19980301.0720": [
        "Israeli:IL:d", "Israel:IL", "Lebanon:LB", "Israel:IL", "Lebanon:LB", "Israel:IL", "Lebanese:LB:d",
        "Lebanon:LB", "Lebanon:LB", "Israel:IL", "Lebanon:LB", "Lebanese:LB:d", "Lebanese:LB:d", "Israeli:IL:d",
        "Israel:IL", "Israel:IL", "Lebanon:LB", "Israel:IL", "Lebanon:LB", "Israel:IL", "Lebanon:LB", "Israel:IL",
        "Lebanon:LB", "Israeli:IL:d", "Israel:IL", "Lebanon:LB", "Israelis:IL:d", "Lebanon:LB", "Israeli:IL:d",
        "Israeli:IL:d", "Israelis:IL:d", "Lebanon:LB", "Lebanon:LB", "Syria:SY", "Syria:SY", "Syrian:SY:d",
        "Syrian:SY:d", "Israel:IL", "Syrian:SY:d", "Israeli:IL:d", "Israel:IL",
    ],
    "APW19980306.1001": [
        "Iraq:IQ", "American:US:d", "Iraq:IQ", "Iraqi:IQ:d", "Iraqi:IQ:d", "Iraqis:IQ:d", "Iraq:IQ", "Iraq:IQ",
        "American:US:d", "Americans:US:d", "Britons:GB:d", "Iraqi:IQ:do", "Iraqi:IQ:d", "Iraqi:IQ:d", "Iraq:IQ",
        "United States:US", "Iraq:IQ", "Iraq:IQ", "U.S.:US", "Iraq:IQ", "Iraq:IQ", "Indian:IN:d", "Iraq:IQ",
        "Indian:IN:d", "Iraqi:IQ:d", "Iraqi:IQ:d", "Iraq:IQ", "Kuwait:KW",
    ],
    "APW19990312.0251": [
        "Poland:PL", "Hungary:HU", "Czech Republic:CZ", "Soviet Union:SU:h", "Hungary:HU", "Hungarian:HU:d",
        "Soviet:SU:dh", "Soviet:SU:dh", "Czech:CZ:d", "Soviet:SU:dh", "Russian:RU:d", "Czechoslovakia:CS:h",
        "Polish:PL:d", "Greece:GR", "Turkey:TR", "Germany:DE", "Spain:ES", "Slovenia:SI", "Romania:RO",
        "Bulgaria:BG", "Slovakia:SK", "Lithuania:LT", "Estonia:EE", "Latvia:LV", "Soviet:SU:dh", "Bosnia:BA",
        "Yugoslavia:YU:h", "Poland:PL", "Hungary:HU", "Czech Republic:CZ", "American:US:d", "Czech Republic:CZ",
        "Hungary:HU", "Poland:PL", "Russians:RU:d", "Americans:US:d", "Soviet:SU:dh", "Russian:RU:d",
    ],
    "XIE19980821.0077": [
        "U.S.:US", "U.S.:US", "Afghanistan:AF", "Sudan:SD", "P:Jomo Kenyatta airport:airport", "U.S.:US",
        "Kenya:KE", "Tanzania:TZ", "Saudi:SA:d", "U.S.:US", "Afghanistan:AF", "U.S.:US", "U.S.:US", "Sudan:SD",
        "Afghanistan:AF", "Kenya:KE", "Tanzania:TZ", "Kenya:KE", "Tanzania:TZ", "Tanzanian:TZ:d", "Kenyan:KE:d",
        "Kenya:KE", "Tanzania:TZ", "U.S.:US", "Sudanese:SD:d", "Kenya:KE", "U.S.:US", "Kenya:KE", "Tanzania:TZ",
        "Kenya:KE", "Somalia:SO", "Rwanda:RW", "Egyptian:EG:do", "U.S.:US", "U.S.:US", "Tanzania:TZ", "U.S.:US",
        "Afghanistan:AF",
    ],
    "APW19980219.0476": [
        "Cambodia:KH", "Cambodian:KH:d", "British:GB:d", "Cambodian:KH:d", "Britain:GB", "Cambodian:KH:d",
        "Cambodia:KH", "British:GB:d", "Thai:TH:d", "Cambodian:KH:d", "Britain:GB", "Thailand:TH", "Cambodia:KH",
        "Cambodian:KH:d", "British:GB:d", "Thailand:TH", "Cambodians:KH:d", "Cambodia:KH", "Thai:TH:d",
        "Cambodia:KH", "Thai:TH:d",
    ],
    "PRI19980121.2000.2591": ["Soviet Union:SU:h", "Afghanistan:AF", "Afghanistan:AF", "Iran:IR"],
    "VOA19980303.1600.0917": ["Nigerian:NG:d", "Nigeria:NG", "Nigeria:NG"],
    "VOA19980305.1800.2603": [
        "Afghan:AF:d", "Afghanistan:AF", "Afghan:AF:d", "Afghan:AF:d", "Switzerland:CH", "Afghan:AF:do",
        "Pakistan:PK", "Iran:IR", "Australia:AU", "Afghan:AF:d", "Afghanistan:AF", "Afghanistan:AF",
        "Afghanistan:AF", "Afghanistan:AF",
    ],
    "wsj_0520": ["Dutch:NL:d", "U.S.:US", "Netherlands:NL", "Canada:CA:o", "Japanese:JP:d", "U.S.:US"],
    "wsj_0675": ["U.S.:US", "U.S.:US", "Britain:GB", "Japan:JP", "Dutch:NL:d", "U.S.:US"],
    "APW19990506.0155": ["Canadian:CA:d", "-British", "P:Newark International Airport:airport"],
    "AP900816-0139": [
        "Iraq:IQ", "United States:US", "Iraq:IQ", "Americans:US:d", "Iraq:IQ", "Kuwait:KW", "Saudi Arabia:SA",
        "Jordan:JO", "Iraq:IQ", "Kuwait:KW", "Jordan:JO", "Iraqi:IQ:d", "Iraq:IQ", "Iraq:IQ", "Saudi:SA:d",
        "Jordan:JO", "Americans:US:d", "Kuwait:KW", "Iraqi:IQ:d", "Americans:US:d", "Britons:GB:d", "Kuwait:KW",
        "Americans:US:d", "Kuwait:KW", "U.S.:US", "Iraq:IQ", "British:GB:d", "Iraq:IQ", "Americans:US:d",
        "Britons:GB:d", "Japanese:JP:d", "Iraq:IQ", "Kuwait:KW", "Iraq:IQ", "Saudi Arabia:SA", "Iraqi:IQ:d",
        "Iraq:IQ", "Kuwait:KW", "Kuwait:KW", "Iraqi:IQ:d", "Americans:US:d", "U.S.:US", "Saudi Arabia:SA",
        "Iraqi:IQ:d", "Iraq:IQ", "U.S.:US", "Vietnam:VN:o", "American:US:d", "Saudi Arabia:SA", "U.S.:US",
        "Egypt:EG", "Syria:SY", "Morocco:MA", "Bangladesh:BD", "U.S.:US", "Iraq:IQ", "Britain:GB",
        "West Germany:None:h", "Australia:AU", "Canada:CA", "Netherlands:NL", "Belgium:BE", "Iraq:IQ", "U.S.:US",
        "U.S.:US", "Iraqi:IQ:d", "U.S.:US", "Kuwait:KW", "Iraqis:IQ:d", "U.S.:US", "Iraqis:IQ:d", "Iraqis:IQ:d",
        "Iraq:IQ", "Kuwait:KW", "Iraqi:IQ:d", "Iraq:IQ", "Iraq:IQ", "Kuwait:KW", "Saudi Arabia:SA", "Iraq:IQ",
        "Kuwaiti:KW:d", "Iraqi:IQ:d", "Jordanian:JO:d", "Iraq:IQ", "Iraq:IQ", "U.S.:US", "Iraqi:IQ:d", "Jordan:JO",
        "Iraq:IQ", "Iraq:IQ", "Iraqi:IQ:d", "Iraq:IQ", "Jordanian:JO:d", "Libya:LY", "U.S.:US", "Libyan:LY:d",
        "U.S.:US", "Iraq:IQ", "Saudi Arabia:SA", "Japanese:JP:d", "Saudi Arabia:SA", "U.S.:US", "Japanese:JP:d",
        "Egypt:EG", "Iraqi:IQ:d",
    ],
    "APW19980501.0480": [
        "MALAYSIA:MY", "Malaysians:MY:d", "P:Multimedia Super Corridor:corridor", "P?:MSC:corridor",
    ],
    "wsj_0132": ["Dutch:NL:d", "Dutch:NL:d"],
    "wsj_0158": ["U.S.:US", "American:US:do", "-Holland"],
    "wsj_0292": ["-America", "Brazil:BR", "Korea:KR"],
    "NYT19980907.0112": [
        "American:US:d", "Kenya:KE", "Tanzania:TZ", "Kenya:KE", "Tanzania:TZ", "Kenya:KE", "Tanzania:TZ",
        "Kenyan:KE:d", "Tanzania:TZ", "Kenya:KE:o", "Kenya:KE", "Tanzania:TZ", "United States:US", "Americans:US:d",
        "Americans:US:d", "Kenya:KE", "Tanzania:TZ", "Saudi:SA:d", "American:US:d", "Kenya:KE", "South Africa:ZA",
        "Kenya:KE:o", "Dutch:NL:do", "Tanzania:TZ", "Tanzania:TZ", "Kenya:KE", "Tanzania:TZ", "Tanzania:TZ",
        "Tanzania:TZ", "American:US:d", "U.S.:US",
    ],
}

_BOUNDED = r"(?<![A-Za-z]){}(?![A-Za-z])"


def _articles() -> dict[str, dict]:
    found = {}
    for source in SOURCES:
        for line in source.read_text(encoding="utf-8").splitlines():
            article = json.loads(line)
            if article["id"] in ANNOTATIONS:
                found[article["id"]] = article
    return found


def _name(code: str, historical: bool) -> str:
    if historical:
        return HISTORICAL_NAMES.get(code, code)
    if code in NAMES:
        return NAMES[code]
    record = pycountry.countries.get(alpha_2=code)
    return getattr(record, "common_name", None) or record.name


def build() -> tuple[list[dict], list[dict]]:
    articles, golds = [], []
    texts = _articles()
    for article_id, entries in ANNOTATIONS.items():
        article = texts[article_id]
        text = article["text"]
        cursor, facts = 0, []
        for entry in entries:
            skip = entry.startswith("-")
            if entry.startswith(("P:", "P?:")):
                tag, surface, kind = entry.split(":")
            else:
                tag, (surface, *rest) = "C", (entry[1:] if skip else entry).split(":")
            match = re.compile(_BOUNDED.format(re.escape(surface))).search(text, cursor)
            if match is None:
                sys.exit(f"{article_id}: {surface!r} not found after offset {cursor}")
            cursor = match.end()
            if skip:
                continue
            start, end = match.span()
            if tag.startswith("P"):
                fact = {"type": "project", "text": surface, "start": start, "end": end, "name": surface, "kind": kind}
                if tag == "P?":
                    fact["optional"] = True
            else:
                code, flags = rest[0], rest[1] if len(rest) > 1 else ""
                code = None if code == "None" else code
                fact = {
                    "type": "country", "text": surface, "start": start, "end": end, "iso_alpha2": code,
                    "name": _name(code, "h" in flags), "historical": "h" in flags,
                    "via": "demonym" if "d" in flags else "name",
                }  # fmt: skip
                if "o" in flags:
                    fact["optional"] = True
            assert text[fact["start"] : fact["end"]] == fact["text"], fact
            facts.append(fact)
        articles.append({k: article.get(k) for k in ("id", "text", "published", "title")})
        golds.append({"article_id": article_id, "published": article.get("published"), "facts": facts})
    return articles, golds


def main() -> None:
    articles, golds = build()
    with (HERE / "articles.jsonl").open("w", encoding="utf-8") as out:
        for article in articles:
            out.write(json.dumps(article, ensure_ascii=False) + "\n")
    with (HERE / "gold.jsonl").open("w", encoding="utf-8") as out:
        for gold in golds:
            out.write(json.dumps(gold, ensure_ascii=False) + "\n")
    # independent re-check of the written files
    texts = {json.loads(row)["id"]: json.loads(row)["text"] for row in (HERE / "articles.jsonl").open(encoding="utf-8")}
    n = 0
    for line in (HERE / "gold.jsonl").open(encoding="utf-8"):
        gold = json.loads(line)
        for fact in gold["facts"]:
            assert texts[gold["article_id"]][fact["start"] : fact["end"]] == fact["text"], fact
            n += 1
    print(f"{len(articles)} articles, {n} facts, all offsets verified")


if __name__ == "__main__":
    main()
