"""The spaCy pipeline: model components nothing uses are off, ours are on."""

from __future__ import annotations

import pytest

from pipeline.nlp import ModelError, build_nlp


def test_pipeline_components(nlp):
    assert {"factpipe_country", "factpipe_date", "factpipe_money", "factpipe_project"} <= set(nlp.pipe_names)
    assert "parser" not in nlp.pipe_names and "lemmatizer" not in nlp.pipe_names
    assert {"ner", "tagger", "senter"} <= set(nlp.pipe_names)


def test_unknown_model_is_a_clear_error():
    with pytest.raises(ModelError, match="not installed"):
        build_nlp("no_such_model_xyz")


def test_a_blank_pipeline_without_ner_is_refused(tmp_path):
    import spacy

    spacy.blank("en").to_disk(tmp_path / "blank")
    with pytest.raises(ModelError, match="no 'ner'"):
        build_nlp(str(tmp_path / "blank"))


def test_docs_carry_candidates_for_every_type(nlp):
    doc = nlp("Turkey paid over $20 billion in 2013 for the Zangezur Corridor.")
    assert {"country", "date", "money", "project"} <= set(doc.spans)


def test_pipelines_built_at_once_leave_the_collector_as_it_was(monkeypatch):
    """Threads that ask for pipelines at once (a Dask worker's) build them one at a time, and
    automatic collection, off while each is built, is back on after."""
    import gc
    import threading
    import time

    from pipeline import nlp as nlp_module

    def slow_build(name, data=None):
        time.sleep(0.1)
        return object()

    monkeypatch.setattr(nlp_module, "build_nlp", slow_build)
    monkeypatch.setattr(nlp_module, "_PIPELINES", {})
    before = gc.get_threshold()
    threads = [threading.Thread(target=nlp_module.shared_nlp, args=(f"model-{i}",)) for i in range(3)]
    for thread in threads:
        thread.start()
        time.sleep(0.03)
    for thread in threads:
        thread.join()
    assert gc.get_threshold() == before and before[0] > 0
    assert len(nlp_module._PIPELINES) == 3
    gc.unfreeze()
