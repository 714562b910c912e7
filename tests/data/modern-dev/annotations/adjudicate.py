"""Adjudicate the two independent project annotations into ``projects.gold.jsonl``, and write
``gold.jsonl``: those projects with the country, date and money gold of ``other-types.*.jsonl``.

Run from the repository root: ``python tests/data/modern-dev/annotations/adjudicate.py``.
The rules are in ``ADJUDICATION.md`` beside this file; each is applied here by name.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARTICLES = HERE.parent / "articles.jsonl"  # a copy of ../shared/data/modern-dev/articles.jsonl

#: rule 1 (named financing partnerships are programmes) and rule 2 (casing does not decide a name)
REQUIRED_BY_RULE = {"Just Energy Transition Partnerships", "JETP", "JETPs", "social climate fund"}
#: rule 5: a terminal is kind "other" (no kind in the list fits an LNG terminal better)
KIND_BY_RULE = {"Brunsbüttel": "other", "Wilhelmshaven": "other", "Deutsche ReGas terminal": "other"}


def load(path: Path) -> dict[str, dict]:
    return {row["article_id"]: row for row in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if row}


def adjudicate(a: list[dict], b: list[dict]) -> list[dict]:
    facts: list[dict] = []
    for fact in sorted(a + b, key=lambda f: (f["start"], -(f["end"] - f["start"]))):
        same = next((f for f in facts if f["start"] < fact["end"] and fact["start"] < f["end"]), None)
        if same is None:
            facts.append(dict(fact))
            continue
        # rule 3: one annotator required, or both: required; rule 4: the longer span (kind words that follow)
        if not fact.get("optional"):
            same.pop("optional", None)
        if fact["end"] - fact["start"] > same["end"] - same["start"]:
            same.update({k: fact[k] for k in ("text", "start", "end", "name")})
    for fact in facts:
        if fact["text"] in REQUIRED_BY_RULE:
            fact.pop("optional", None)
        fact["kind"] = KIND_BY_RULE.get(fact["text"], fact["kind"])
        fact.pop("note", None)
    return facts


def main() -> None:
    a, b = load(HERE / "projects.annotator-a.jsonl"), load(HERE / "projects.annotator-b.jsonl")
    texts = {row["id"]: row["text"] for row in map(json.loads, ARTICLES.read_text(encoding="utf-8").splitlines())}
    lines = []
    for article_id in sorted(a):
        facts = adjudicate(a[article_id]["facts"], b[article_id]["facts"])
        for fact in facts:
            assert texts[article_id][fact["start"] : fact["end"]] == fact["text"], (article_id, fact)
        lines.append(json.dumps({"article_id": article_id, "published": a[article_id]["published"], "facts": facts}, ensure_ascii=False))
    (HERE.parent / "projects.gold.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    others: dict[str, dict] = {}
    for path in sorted(HERE.glob("other-types.*.jsonl")):
        others.update(load(path))
    merged = []
    for line in lines:
        row = json.loads(line)
        other = others[row["article_id"]]
        assert other["published"] == row["published"], row["article_id"]
        facts = [{k: v for k, v in f.items() if k != "note"} for f in other["facts"]] + row["facts"]
        for fact in facts:
            assert texts[row["article_id"]][fact["start"] : fact["end"]] == fact["text"], (row["article_id"], fact)
        row["facts"] = sorted(facts, key=lambda f: (f["start"], f["end"]))
        merged.append(json.dumps(row, ensure_ascii=False))
    (HERE.parent / "gold.jsonl").write_text("\n".join(merged) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
