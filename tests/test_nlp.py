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
