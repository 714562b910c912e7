"""Adjudicate the two independent project annotations of TimeBank and AQUAINT into ``projects.gold.jsonl``.

Run from the repository root: ``python tests/data/timebank-aquaint/adjudicate.py``.
The merge is modern-dev's (``../modern-dev/annotations/adjudicate.py``: rules 3 and 4 of
its ADJUDICATION.md); rule 6 of ``ADJUDICATION.md`` beside this file is applied here.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[2].parent / "shared" / "data"

_spec = importlib.util.spec_from_file_location("modern_dev_adjudicate", HERE.parent / "modern-dev" / "annotations" / "adjudicate.py")
assert _spec is not None and _spec.loader is not None
merge = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(merge)

#: rule 6: a facility of a kind ANNOTATION.md lists (airport, bridge, port), named with a capitalized
#: proper name, is a project even when it already exists and is mentioned as a place
REQUIRED_BY_RULE = {
    "Newark International Airport",
    "Newark, N.J., International Airport",
    "Miami International Airport",
    "Golden Gate Bridge",
    "Jomo Kenyatta airport",
    "Port of Miami",
}


def main() -> None:
    a, b = merge.load(HERE / "projects.annotator-a.jsonl"), merge.load(HERE / "projects.annotator-b.jsonl")
    texts = {}
    for name in ("timebank", "aquaint"):
        for line in (SHARED / name / "articles.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            texts[row["id"]] = row["text"]
    lines = []
    for article_id in sorted(a):
        facts = merge.adjudicate(a[article_id]["facts"], b[article_id]["facts"])
        for fact in facts:
            if fact["text"] in REQUIRED_BY_RULE:
                fact.pop("optional", None)
            assert texts[article_id][fact["start"] : fact["end"]] == fact["text"], (article_id, fact)
        lines.append(json.dumps({"article_id": article_id, "published": a[article_id]["published"], "facts": facts}, ensure_ascii=False))
    (HERE / "projects.gold.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
