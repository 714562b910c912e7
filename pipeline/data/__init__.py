"""Curated data files, loaded with :mod:`importlib.resources` and checked on load.

A malformed data file is a packaging bug: it fails fast, at pipeline build time,
with an error naming the file and the bad entry.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import DataFileError


@lru_cache(maxsize=None)
def load_json(name: str) -> Any:
    """The parsed content of ``pipeline/data/<name>``."""
    try:
        text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(f"data file pipeline/data/{name} is missing") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataFileError(f"data file pipeline/data/{name} is not valid JSON: {exc}") from None


def require(condition: bool, name: str, entry: str, reason: str) -> None:
    """Raise a :class:`DataFileError` naming the file and entry unless ``condition``."""
    if not condition:
        raise DataFileError(f"pipeline/data/{name}: entry {entry!r}: {reason}")
