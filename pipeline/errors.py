"""The errors factpipe raises on purpose: one tree under :class:`FactpipeError`.

Anything else that escapes the library is a bug.  Each error's message is one
line naming the file or entry and the reason; the command line turns the
class into an exit code in one table (:data:`pipeline.cli.EXIT_CODES`).  The
classes keep the built-in base they had before the tree (``ValueError``,
``RuntimeError``, ``OSError``), so code catching those still catches them, and
each is importable from the module that raises it too.

Imports nothing: any module may import it.
"""

from __future__ import annotations

from typing import Any


class FactpipeError(Exception):
    """The base of every error factpipe raises on purpose."""


# --- setting up: nothing was done yet ---------------------------------------------


class DataFileError(FactpipeError, ValueError):
    """A curated data file is missing, is not JSON, or has a bad entry (:mod:`pipeline.data`)."""


class ModelError(FactpipeError, RuntimeError):
    """The spaCy model is not installed or lacks a component the extractors need (:mod:`pipeline.nlp`)."""


class DaskUnavailable(FactpipeError, RuntimeError):
    """Dask is not installed, or its scheduler cannot be reached (:mod:`pipeline.distributed`)."""


class StateError(FactpipeError, RuntimeError):
    """The state directory cannot be used: locked by another run, or unreadable (:mod:`pipeline.ledger`)."""


class InputError(FactpipeError, OSError):
    """A file a command was told to read does not exist or cannot be read."""


class GoldError(FactpipeError, ValueError):
    """A gold, prediction, facts or baseline scores file cannot be read (:mod:`pipeline.evaluate`, :mod:`pipeline.diff`, :mod:`pipeline.gate`)."""


class ReviewError(FactpipeError, ValueError):
    """A review page cannot be made: no article could be read, or ``--article`` names one not given (:mod:`pipeline.review`)."""


class DatabaseError(FactpipeError):
    """The database cannot be reached or used: bad URL, driver, schema, SQL error (:mod:`pipeline.db`)."""


# --- running ------------------------------------------------------------------------


class BatchError(FactpipeError, RuntimeError):
    """The run could not go on: an engine failed, or the state is unusable (:mod:`pipeline.batch`)."""


class OutputError(BatchError):
    """``--out`` (or ``diff --html``) names a place the run must not or cannot write: found before any work is done."""


class LoadError(FactpipeError):
    """Invalid records: nothing of the load was written (:mod:`pipeline.db`).

    ``errors`` holds the rejected records (``pipeline.db.RecordError``: source,
    line, reason), at most ``pipeline.db.MAX_ERRORS`` of them.
    """

    def __init__(self, source: str, errors: list[Any], *, truncated: bool = False):
        self.source = source
        self.errors = errors
        self.truncated = truncated
        more = " (stopped reading there)" if truncated else ""
        first = f": {errors[0]}" if errors else ""
        super().__init__(f"{source}: {len(errors)} invalid record(s){more}, nothing loaded{first}")
