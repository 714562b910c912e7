"""Long-lived objects kept out of the cyclic garbage collector's walks.

Importing spaCy and building the pipeline (the model, the fact components' patterns and
gazetteers) make millions of objects that live as long as the process.  The collector
walked them all three times during a build (0.25 s of a 1-second build), again in every
full collection of the run, and, in a forked worker, wrote to every memory page it shares
with its parent.  :func:`set_aside` makes them without automatic collection and then
freezes them (``gc.freeze``); :func:`give_back` returns them to the collector, so that a
dropped pipeline is freed (the collection that frees it walks the inherited pages once more).
No spaCy import: the command line sets spaCy's own import aside too.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def set_aside() -> Iterator[None]:
    """No automatic collection inside; what exists when the block ends well is frozen.

    ``gc.disable`` would not hold: srsly's msgpack reader, which loads spaCy models,
    turns the collector back on, so the threshold is set to 0 instead.  A block that
    fails freezes nothing (what it made is garbage).  Not for two threads at once: each
    restores the thresholds it found (:func:`pipeline.nlp.shared_nlp` builds under a lock).
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(0)
    try:
        yield
    except BaseException:
        gc.set_threshold(*thresholds)
        raise
    gc.freeze()
    gc.set_threshold(*thresholds)


def give_back() -> None:
    """Return what :func:`set_aside` froze to the collector, so that what is no longer used is freed."""
    gc.unfreeze()
