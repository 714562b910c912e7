"""Write composition.jsonl from cases.py (hand-written cases)."""
import json, os
from cases import CATS, NEGATIVES

def records():
    """Yield (record, spec) pairs with stable ids."""
    for cat, (prefix, rows) in CATS.items():
        for i, row in enumerate(rows, 1):
            pub, text, span, value, kind, spec = row[:6]
            extra = row[6] if len(row) > 6 else {}
            rec = {"id": f"{prefix}-{i:03d}", "category": cat, "published": pub,
                   "text": text, "span": span, "value": value, "kind": kind}
            rec.update(extra)
            yield rec, spec
    for i, (pub, text) in enumerate(NEGATIVES, 1):
        yield {"id": f"neg-{i:03d}", "category": "negative", "published": pub,
               "text": text, "span": None}, None

if __name__ == "__main__":
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "composition.jsonl")
    n = 0
    with open(out, "w") as f:
        for rec, _ in records():
            f.write(json.dumps(rec, ensure_ascii=False) + "\n"); n += 1
    print("wrote", n, "lines to", out)
