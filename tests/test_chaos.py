"""The batch layer tried as an adversary would: wipes, kills, duplicates, pipes, bad outputs.

Each scenario runs the real ``factpipe`` command in a child process, as a
nightly job would, and checks what a user relies on: an earlier run's output
is never destroyed by a run that did not complete, no worker outlives a killed
run, ``--resume`` then works with no manual step, and no traceback reaches
the terminal.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.batch import RunPaths

BATCH = Path(__file__).resolve().parent / "data" / "batch" / "articles.jsonl"
FACTPIPE = [sys.executable, "-m", "pipeline"]


def _run(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run([*FACTPIPE, *args], input=stdin, capture_output=True, cwd=cwd, timeout=600)
    assert b"Traceback" not in result.stderr, result.stderr.decode()
    return result


def _rows(path: Path = BATCH) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _ledger_ids(out: Path) -> set[str]:
    try:
        db = sqlite3.connect(RunPaths.for_output(out).state / "ledger.sqlite")
    except sqlite3.Error:
        return set()
    try:
        return {row[0] for row in db.execute("SELECT id FROM done")}
    except sqlite3.OperationalError:  # the run has not created its tables yet
        return set()
    finally:
        db.close()


def _snapshot(out: Path) -> dict[str, bytes]:
    files = RunPaths.for_output(out)
    return {p.name: p.read_bytes() for p in (files.facts, files.errors, files.summary)}


@pytest.fixture(scope="module")
def finished(tmp_path_factory) -> Path:
    """A completed run of the batch corpus: the output later runs must not destroy."""
    out = tmp_path_factory.mktemp("finished") / "facts.jsonl"
    assert _run("extract", str(BATCH), "--out", str(out), "-q").returncode == 0
    return out


# --- 1. a run that processed nothing replaces nothing -------------------------------------


@pytest.mark.parametrize("resume", [False, True], ids=["fresh", "resume"])
@pytest.mark.parametrize("source", ["missing file", "empty directory", "only bad lines"])
def test_a_run_with_no_readable_article_leaves_the_last_output(finished, tmp_path, source, resume):
    out = tmp_path / "facts.jsonl"
    for name, data in _snapshot(finished).items():
        (tmp_path / name).write_bytes(data)
    subprocess.run(["cp", "-r", str(RunPaths.for_output(finished).state), str(tmp_path)], check=True)
    before, ids = _snapshot(out), _ledger_ids(out)
    assert ids
    if source == "missing file":
        path = tmp_path / "typo.jsonl"
    elif source == "empty directory":
        path = tmp_path / "empty"
        path.mkdir()
    else:
        path = tmp_path / "bad.jsonl"
        path.write_text('not json\n{"id": "no text"}\n', encoding="utf-8")
    result = _run("extract", str(path), "--out", str(out), *(["--resume"] if resume else []))
    assert result.returncode == 1
    assert b"no article could be processed" in result.stderr
    assert _snapshot(out) == before
    assert _ledger_ids(out) == ids
    assert _run("extract", str(BATCH), "--out", str(out), "--resume", "-q").returncode == 0
    assert json.loads(RunPaths.for_output(out).summary.read_text())["articles_reused"] == len(ids)


# --- 3. killing the parent of a --workers run ------------------------------------------------


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    """Running, not gone and not a zombie (a container's init may never reap an orphan)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory) -> tuple[Path, Path]:
    """Enough articles for a two-worker run to be killed in the middle, and their full output."""
    folder = tmp_path_factory.mktemp("big")
    rows = [{**r, "id": f"{r['id']}#{i}"} for i, r in enumerate(_rows() * 24)]
    src = _write(folder / "corpus.jsonl", rows)
    reference = folder / "ref" / "facts.jsonl"
    assert _run("extract", str(src), "--out", str(reference), "-q").returncode == 0
    return src, reference


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc to see the workers")
@pytest.mark.parametrize(
    "engine, sig",
    [
        (["--workers", "2"], signal.SIGTERM),
        (["--workers", "2"], signal.SIGINT),
        (["--workers", "2"], signal.SIGKILL),
        (["--dask", "local", "--workers", "2"], signal.SIGKILL),
    ],
    ids=["workers-SIGTERM", "workers-SIGINT", "workers-SIGKILL", "dask-SIGKILL"],
)
def test_killing_the_parent_leaves_no_worker_and_resume_just_works(big_corpus, tmp_path, engine, sig):
    if "--dask" in engine:
        pytest.importorskip("distributed")
    src, reference = big_corpus
    out = tmp_path / "facts.jsonl"
    cmd = [*FACTPIPE, "extract", str(src), "--out", str(out), *engine, "-q"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None and not _ledger_ids(out):
        time.sleep(0.05)
    workers = _children(proc.pid)
    assert proc.poll() is None and workers, "the run ended before it could be killed"
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert b"Traceback" not in err, err.decode()
    gone_by = time.monotonic() + 5
    while time.monotonic() < gone_by and any(_alive(w) for w in workers):
        time.sleep(0.1)
    assert not [w for w in workers if _alive(w)], "a worker outlived its parent"
    assert not out.exists()
    finished = _ledger_ids(out)
    resumed = _run("extract", str(src), "--out", str(out), "--resume", "-q")
    assert resumed.returncode == 0, resumed.stderr.decode()
    assert out.read_bytes() == reference.read_bytes()
    assert json.loads(RunPaths.for_output(out).summary.read_text())["articles_reused"] == len(finished)


# --- 4. duplicate article ids ------------------------------------------------------------------


def test_a_duplicate_id_is_an_error_record_and_resume_and_load_agree(tmp_path):
    rows = _rows()[:3]
    dup = {**rows[2], "id": rows[0]["id"], "title": "the impostor"}
    src = _write(tmp_path / "in.jsonl", [*rows, dup])
    out = tmp_path / "facts.jsonl"
    assert _run("extract", str(src), "--out", str(out), "-q").returncode == 0
    [error] = [json.loads(line) for line in RunPaths.for_output(out).errors.read_text().splitlines()]
    assert error["stage"] == "duplicate" and error["line"] == 4 and error["article_id"] == rows[0]["id"]
    assert f"{src}:1" in error["error"]
    first_run = out.read_bytes()
    facts = [json.loads(line) for line in first_run.splitlines()]
    single = tmp_path / "single" / "facts.jsonl"
    assert _run("extract", str(_write(tmp_path / "single.jsonl", rows)), "--out", str(single), "-q").returncode == 0
    assert first_run == single.read_bytes()  # the impostor added nothing
    for _ in range(2):
        again = _run("extract", str(src), "--out", str(out), "--resume", "-q")
        assert again.returncode == 0, again.stderr.decode()
        assert out.read_bytes() == first_run
    db = tmp_path / "facts.db"
    loaded = _run("load", str(out), "--db", f"sqlite:///{db}", "--articles", str(src))
    assert loaded.returncode == 0, loaded.stderr.decode()
    con = sqlite3.connect(db)
    count = con.execute("SELECT count(*) FROM facts WHERE article_id = ?", (rows[0]["id"],)).fetchone()[0]
    title = con.execute("SELECT title FROM articles WHERE id = ?", (rows[0]["id"],)).fetchone()[0]
    con.close()
    assert count == sum(f["article_id"] == rows[0]["id"] for f in facts) and title != "the impostor"


# --- 5. --out checked before any work -------------------------------------------------------


def test_out_cannot_be_an_input(tmp_path):
    src = _write(tmp_path / "in.jsonl", _rows()[:2])
    before = src.read_bytes()
    result = _run("extract", str(src), "--out", str(src))
    assert result.returncode == 2 and b"is also an input" in result.stderr
    assert src.read_bytes() == before


def test_out_cannot_be_inside_an_input_directory(tmp_path):
    (tmp_path / "news").mkdir()
    _write(tmp_path / "news" / "a.jsonl", _rows()[:1])
    result = _run("extract", str(tmp_path / "news"), "--out", str(tmp_path / "news" / "facts.jsonl"))
    assert result.returncode == 2 and b"inside the input directory" in result.stderr
    assert sorted(p.name for p in (tmp_path / "news").iterdir()) == ["a.jsonl"]


def test_out_cannot_be_a_directory_and_fails_at_once(tmp_path):
    started = time.monotonic()
    result = _run("extract", str(BATCH), "--out", str(tmp_path))
    assert result.returncode == 2 and b"is a directory" in result.stderr
    assert time.monotonic() - started < 30  # refused before the model and the articles, not after


def test_out_cannot_be_a_special_file(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "facts.jsonl"
    link.symlink_to(fifo)
    result = _run("extract", str(BATCH), "--out", str(link))
    assert result.returncode == 2 and b"not a regular file" in result.stderr and b"--out -" in result.stderr
    assert link.is_symlink() and fifo.is_fifo()


def test_an_unwritable_out_is_one_line(tmp_path):
    result = _run("extract", str(BATCH), "--out", "/proc/factpipe/facts.jsonl")
    assert result.returncode == 2
    assert result.stderr.decode().strip().startswith("factpipe: cannot write in /proc/factpipe")
    assert len(result.stderr.decode().strip().splitlines()) == 1


def test_a_symlinked_out_is_written_where_it_points(tmp_path):
    (tmp_path / "real").mkdir()
    link = tmp_path / "facts.jsonl"
    link.symlink_to(tmp_path / "real" / "facts.jsonl")
    assert _run("extract", str(BATCH), "--out", str(link), "-q").returncode == 0
    assert link.is_symlink() and (tmp_path / "real" / "facts.jsonl").stat().st_size > 0


# --- 8. Unix pipes --------------------------------------------------------------------------------


def test_stdin_to_stdout_is_the_file_run(finished, tmp_path):
    result = _run("extract", "-", "--out", "-", stdin=BATCH.read_bytes(), cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout == finished.read_bytes()
    assert b"17 articles" in result.stderr  # the summary goes to standard error
    assert list(tmp_path.iterdir()) == []  # no errors or summary file unless asked


def test_stdout_run_writes_errors_and_summary_only_when_asked(tmp_path):
    src = _write(tmp_path / "in.jsonl", _rows()[:2])
    src.write_text(src.read_text() + "not json\n")
    errors, summary = tmp_path / "e.jsonl", tmp_path / "s.json"
    result = _run("extract", str(src), "--out", "-", "--errors", str(errors), "--summary", str(summary), "-q")
    assert result.returncode == 0
    assert json.loads(errors.read_text())["line"] == 3
    assert json.loads(summary.read_text())["articles"] == 2
    assert _run("extract", str(src), "--out", "-", "--resume").returncode == 2


def test_a_closed_pipe_ends_quietly(finished, tmp_path):
    gold = Path(__file__).resolve().parent / "data" / "turkiye-azerbaijan-33-years.gold.json"
    for args in (
        ["evaluate", "--gold", str(gold), "--pred", str(finished), "--verbose"],
        ["extract", "-", "--out", "-", "-q"],
    ):
        shell = " ".join([*map(str, FACTPIPE), *args]) + f" < {BATCH} | head -c 10 > /dev/null"
        result = subprocess.run(["bash", "-o", "pipefail", "-c", shell], capture_output=True, timeout=600)
        assert b"Traceback" not in result.stderr and b"BrokenPipeError" not in result.stderr, result.stderr
        assert result.returncode in (0, 141)


# --- 10. the command line -----------------------------------------------------------------------


def test_a_bad_log_level_is_a_usage_error():
    result = _run("-v", "foo", "schema")
    assert result.returncode == 2 and b"invalid choice" in result.stderr


def test_the_help_examples_name_paths_a_clone_has():
    """No example points outside the clone (``../shared``); the repository paths they name exist."""
    root = Path(__file__).resolve().parent.parent
    help_text = _run("--help").stdout.decode()
    assert "../" not in help_text
    named = [w for w in help_text.split() if w.startswith(("tests/", "corpus", "schemas"))]
    assert named
    for word in named:
        assert (root / word).exists(), word


def test_files_of_other_kinds_in_a_directory_are_listed_as_skipped(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    _write(news / "a.jsonl", _rows()[:1])
    (news / "notes.md").write_text("not an article")
    (news / "b.txt").write_text("Japan and France met on Monday.")
    (news / "b.json").write_text('{"published": "2024-05-06"}')
    out = tmp_path / "out" / "facts.jsonl"
    result = _run("extract", str(news), "--out", str(out))
    assert result.returncode == 0
    assert json.loads(RunPaths.for_output(out).summary.read_text())["skipped_files"] == [str(news / "notes.md")]
    assert b"skipped 1 files that are not articles" in result.stderr


def test_offsets_index_the_text_of_bom_and_crlf_files(tmp_path):
    """One definition of an article's text for every input form: BOM removed, newlines as in the file."""
    text = "Japan and France signed the deal on 3 March 2021.\r\n\r\nIt cost $5 million, Turkey said.\r\n"
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_bytes(b"\xef\xbb\xbf" + text.encode())
    line = json.dumps({"id": "b", "text": text, "published": "2021-03-04T23:30:00+02:00"})
    (news / "b.jsonl").write_bytes(b"\xef\xbb\xbf" + line.encode() + b"\r\n")
    out = tmp_path / "out" / "facts.jsonl"
    assert _run("extract", str(news), "--out", str(out), "-q").returncode == 0
    facts = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {f["article_id"] for f in facts} == {"a", "b"}
    for fact in facts:
        assert text[fact["start"] : fact["end"]] == fact["text"]
        assert fact["sentence"] in text and not fact["sentence"].startswith("\ufeff")
    assert sum(f["type"] == "money" for f in facts) == 2


def test_an_unexpected_failure_is_one_line_not_a_traceback(monkeypatch, capsys):
    from pipeline import cli, schema

    def broken(out):
        raise OSError(28, "No space left on device", "schemas/fact.schema.json")

    monkeypatch.setattr(schema, "write_schemas", broken)
    assert cli.main(["schema", "--out", "schemas"]) == 1
    assert capsys.readouterr().err == "factpipe: No space left on device: schemas/fact.schema.json\n"

    def bug(out):
        raise KeyError("oops")

    monkeypatch.setattr(schema, "write_schemas", bug)
    assert cli.main(["schema", "--out", "schemas"]) == 1
    assert capsys.readouterr().err.startswith("factpipe: internal error: KeyError")


# --- found by a review: each was a way to lose data or to end a run -----------------------------


def test_a_lone_surrogate_or_deep_nesting_costs_that_line_only(tmp_path):
    src = tmp_path / "in.jsonl"
    deep = '{"id": "deep", "text": "x", "m": ' + "[" * 100_000 + "]" * 100_000 + "}"
    src.write_text(
        "\n".join(
            [
                '{"id": "ok1", "text": "Germany paid $3 million."}',
                '{"id": "s", "text": "Turkey paid \\ud800."}',
                '{"id": "\\udc80", "text": "France paid $4 million."}',
                deep,
                '{"id": "ok2", "text": "France paid $3 million."}',
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out" / "facts.jsonl"
    result = _run("extract", str(src), "--out", str(out), "-q")
    assert result.returncode == 0, result.stderr.decode()
    assert {json.loads(line)["article_id"] for line in out.read_text().splitlines()} == {"ok1", "ok2"}
    errors = [json.loads(line) for line in RunPaths.for_output(out).errors.read_text().splitlines()]
    assert [(e["line"], e["stage"]) for e in errors] == [(2, "read"), (3, "read"), (4, "read")]
    assert "surrogate" in errors[0]["error"] and "nested too deeply" in errors[2]["error"]


def test_out_cannot_be_the_metadata_of_a_txt_input(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("Japan and France met on Monday.")
    meta = tmp_path / "story.json"
    meta.write_text('{"published": "2024-05-06"}')
    result = _run("extract", str(story), "--out", str(meta))
    assert result.returncode == 2 and b"is also an input" in result.stderr
    assert meta.read_text() == '{"published": "2024-05-06"}'


@pytest.mark.parametrize("clash", [["--errors", "{out}"], ["--errors", "{d}/x.json", "--summary", "{d}/x.json"]])
def test_two_outputs_cannot_share_a_file(tmp_path, clash):
    out = tmp_path / "f.jsonl"
    args = [a.format(out=out, d=tmp_path) for a in clash]
    result = _run("extract", str(BATCH), "--out", str(out), *args)
    assert result.returncode == 2 and b"three different files" in result.stderr


def test_a_resumed_run_places_its_problems_where_the_article_is_now(tmp_path):
    rows = [{"id": "big", "text": "It cost 10000000000000000000000000000 dollars, France said."}]
    first, moved = _write(tmp_path / "a.jsonl", rows), _write(tmp_path / "b.jsonl", [{"id": "new", "text": "Hi."}, *rows])
    out, fresh = tmp_path / "o" / "facts.jsonl", tmp_path / "fresh" / "facts.jsonl"
    assert _run("extract", str(first), "--out", str(out), "-q").returncode == 0
    assert _run("extract", str(moved), "--out", str(out), "--resume", "-q").returncode == 0
    assert _run("extract", str(moved), "--out", str(fresh), "-q").returncode == 0
    assert RunPaths.for_output(out).errors.read_bytes() == RunPaths.for_output(fresh).errors.read_bytes()
    assert json.loads(RunPaths.for_output(out).summary.read_text())["articles_reused"] == 1


def test_an_unreadable_line_does_not_cost_the_metadata_of_the_article_with_its_id(tmp_path):
    src = _write(
        tmp_path / "in.jsonl",
        [
            {"id": "x", "published": "yesterday", "text": "Germany paid $3 million."},
            {"id": "x", "published": "2016-05-05", "title": "T2", "text": "France paid $4 million."},
        ],
    )
    db = tmp_path / "f.db"
    result = _run("extract", str(src), "--out", str(tmp_path / "o" / "f.jsonl"), "--db", f"sqlite:///{db}", "-q")
    assert result.returncode == 0, result.stderr.decode()
    con = sqlite3.connect(db)
    assert con.execute("SELECT title FROM articles WHERE id = 'x'").fetchone() == ("T2",)
    con.close()


def test_txt_files_of_one_name_in_two_folders_are_two_articles(tmp_path):
    for folder, text in (("a", "Japan paid $3 million."), ("b", "France paid $4 million.")):
        (tmp_path / "news" / folder).mkdir(parents=True)
        (tmp_path / "news" / folder / "story.txt").write_text(text)
    (tmp_path / "news" / "top.txt").write_text("Turkey paid $5 million.")
    out = tmp_path / "out" / "facts.jsonl"
    assert _run("extract", str(tmp_path / "news"), "--out", str(out), "-q").returncode == 0
    ids = {json.loads(line)["article_id"] for line in out.read_text().splitlines()}
    assert ids == {"a/story", "b/story", "top"}  # a file at the top keeps its stem


def test_a_named_pipe_is_read_as_jsonl(tmp_path):
    shell = f"{' '.join(map(str, FACTPIPE))} extract <(cat {BATCH}) --out - -q"
    result = subprocess.run(["bash", "-c", shell], capture_output=True, timeout=600)
    assert result.returncode == 0, result.stderr.decode()
    assert len({json.loads(line)["article_id"] for line in result.stdout.splitlines()}) == 17


def test_the_output_set_is_replaced_together_facts_first(finished, tmp_path, monkeypatch):
    """The files are sealed first, then renamed facts, errors, summary with signals held."""
    from pipeline import batch, io

    placed: list[str] = []
    real_place = io.StagedFile.place

    def place(self):
        placed.append(self.target.name)
        real_place(self)

    monkeypatch.setattr(io.StagedFile, "place", place)
    out = tmp_path / "facts.jsonl"
    batch.run_extract([BATCH], out)
    assert placed == ["facts.jsonl", "facts.errors.jsonl", "facts.summary.json"]
    assert out.read_bytes() == finished.read_bytes()
