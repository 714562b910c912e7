"""What ``--explain`` costs, and that extraction without it costs what it did.

    .venv/bin/python benchmarks/explain_cost.py             # TimeBank + AQUAINT, best of 3
    PYTHONPATH=/path/to/an/older/checkout .venv/bin/python benchmarks/explain_cost.py

Runs :func:`pipeline.extract.extract_chunk` over the 256 TimeBank and AQUAINT
articles (86,034 words) in chunks of 64, in this process, after one chunk has
built the pipeline, and reports the CPU seconds of the best of ``--repeat``
passes: without recording rejections, then with (when the code has
``--explain``).  Run it on an older checkout (``PYTHONPATH``) for the figure
before; CPU time is less sensitive than wall time to the other jobs on a
shared machine, and the best pass less than the mean.
"""

from __future__ import annotations

import argparse
import inspect
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
SOURCES = (SHARED / "timebank" / "articles.jsonl", SHARED / "aquaint" / "articles.jsonl")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import pipeline
    from pipeline.extract import count_words, extract_chunk
    from pipeline.io import read_articles
    from pipeline.records import Article

    articles = [a for a in read_articles([str(p) for p in SOURCES]) if isinstance(a, Article)]
    extract_chunk(articles[:5])  # builds the pipeline
    modes = [False]
    if "explaining" in inspect.signature(extract_chunk).parameters:
        modes.append(True)
    print(f"{pipeline.__file__}: {len(articles)} articles, {sum(count_words(a.text) for a in articles):,} words")
    for explaining in modes:
        passes = []
        for _ in range(args.repeat):
            started = time.process_time()
            for i in range(0, len(articles), 64):
                chunk = articles[i : i + 64]
                if explaining:
                    extract_chunk(chunk, explaining=True)
                else:
                    extract_chunk(chunk)  # as an older checkout's extract_chunk takes it
            passes.append(time.process_time() - started)
        shown = ", ".join(f"{p:.2f}" for p in passes)
        print(f"  {'with' if explaining else 'without'} --explain: best {min(passes):.2f} CPU s ({shown})")


if __name__ == "__main__":
    main()
