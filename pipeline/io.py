"""Reading articles lazily and writing JSONL atomically.

Inputs are (a) ``NAME.txt`` files, UTF-8, with optional metadata in a sidecar
``NAME.json``, and (b) ``.jsonl`` files, one article object per line.  A path
may be a file or a directory (recursed, in sorted order so runs are
reproducible).  A broken article never stops the others: the reader yields an
:class:`ArticleError` for it and carries on.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

from pydantic import BaseModel, ValidationError

from .models import Article

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".txt", ".jsonl")
#: the input path that means "JSONL articles on standard input"
STDIN = "-"


@dataclass(frozen=True)
class ArticleError:
    """An article that could not be read or processed: what, where and why."""

    source: str
    reason: str
    stage: str = "read"
    article_id: str | None = None
    line: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "source": self.source,
            "line": self.line,
            "stage": self.stage,
            "error": self.reason,
        }

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.reason}"


def validation_reason(exc: ValidationError, subject: str = "article") -> str:
    """A pydantic error as one line: ``published: Input should be a valid date; ...``."""
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"]) or subject
        parts.append(f"{loc}: {err['msg']}")
    return "; ".join(parts)


def iter_input_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | ArticleError | str]:
    """The article files under ``paths``, recursing into directories (and :data:`STDIN` as itself)."""
    for raw in paths:
        if str(raw) == STDIN:
            yield STDIN
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in ARTICLE_SUFFIXES and p.is_file())
            yield from found
        elif path.is_file():
            if path.suffix in ARTICLE_SUFFIXES:
                yield path
            else:
                yield ArticleError(str(path), f"not an article file (expected {', '.join(ARTICLE_SUFFIXES)})")
        else:
            yield ArticleError(str(path), "no such file or directory")


def _read_txt(path: Path) -> Article:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not valid UTF-8 ({exc.reason} at byte {exc.start})") from None
    meta: dict[str, Any] = {}
    sidecar = path.with_suffix(".json")
    if sidecar.is_file():
        try:
            meta = json.loads(sidecar.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ValueError(f"metadata file {sidecar} is not valid JSON: {exc}") from None
        if not isinstance(meta, dict):
            raise ValueError(f"metadata file {sidecar} must hold a JSON object")
    meta.pop("text", None)
    meta.setdefault("id", path.stem)
    return Article.model_validate({**meta, "text": text, "origin": str(path)})


def _read_jsonl(path: Path) -> Iterator[Article | ArticleError]:
    with path.open("rb") as handle:
        yield from _read_jsonl_lines(handle, str(path))


def _read_jsonl_lines(handle: Iterable[bytes], path: str) -> Iterator[Article | ArticleError]:
    """The articles of a JSONL stream; ``path`` names it in origins and errors."""
    for number, raw in enumerate(handle, start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw.decode("utf-8"))
            if not isinstance(obj, dict):
                raise ValueError("line is not a JSON object")
            if "text" not in obj:
                raise ValueError("no 'text' field")
            yield Article.model_validate({**obj, "origin": f"{path}:{number}"})
        except ValidationError as exc:
            art_id = obj.get("id") if isinstance(obj, dict) else None
            yield ArticleError(str(path), validation_reason(exc), article_id=art_id, line=number)
        except (ValueError, UnicodeDecodeError) as exc:
            yield ArticleError(str(path), str(exc), line=number)


def read_articles(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Article | ArticleError]:
    """Yield every article under ``paths`` lazily, or an error record for each bad one.

    The path ``-`` (:data:`STDIN`) reads JSONL articles from standard input.
    """
    for item in iter_input_files(paths):
        if item == STDIN:
            yield from _read_jsonl_lines(sys.stdin.buffer, "<stdin>")
            continue
        if isinstance(item, ArticleError):
            yield item
            continue
        if item.suffix == ".jsonl":
            yield from _read_jsonl(item)
            continue
        try:
            yield _read_txt(item)
        except ValidationError as exc:
            yield ArticleError(str(item), validation_reason(exc))
        except (OSError, ValueError) as exc:
            yield ArticleError(str(item), str(exc))


def count_articles(paths: Iterable[str | os.PathLike[str]]) -> int:
    """How many items :func:`read_articles` will yield, without parsing them (for a progress bar's ETA).

    Counts non-blank lines of ``.jsonl`` files, ``.txt`` files and bad paths;
    a quick byte scan, so it costs seconds on gigabytes.
    """
    total = 0
    for item in iter_input_files(paths):
        if item == STDIN:
            continue  # a stream is not read twice
        if isinstance(item, (ArticleError, str)) or item.suffix != ".jsonl":
            total += 1
            continue
        try:
            with item.open("rb") as handle:
                total += sum(1 for raw in handle if raw.strip())
        except OSError:
            total += 1
    return total


# --- writing -----------------------------------------------------------------

_DECIMAL_MARK = "\u0000dec:"
_DECIMAL_RE = re.compile(r'"\\u0000dec:(-?[0-9]+(?:\.[0-9]+)?)"')


def _mark_decimals(value: Any) -> Any:
    if isinstance(value, Decimal):
        return _DECIMAL_MARK + format(value, "f")
    if isinstance(value, dict):
        return {k: _mark_decimals(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_mark_decimals(v) for v in value]
    return value


def to_json_line(record: BaseModel | dict[str, Any]) -> str:
    """One compact JSON line; Decimal values are written as exact JSON numbers."""
    data = record.model_dump(mode="python") if isinstance(record, BaseModel) else record
    text = json.dumps(_mark_decimals(data), ensure_ascii=False, default=str, separators=(",", ":"))
    return _DECIMAL_RE.sub(r"\1", text)


def load_json_line(line: str | bytes) -> Any:
    """Parse one JSONL line keeping fractional numbers exact (as Decimal)."""
    return json.loads(line, parse_float=Decimal)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str]) -> Iterator[IO[str]]:
    """Write to a temporary file beside ``path`` and rename it into place on success.

    An interrupted run leaves the previous file (or none) in place, never half
    of a new one.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    # mkstemp makes the file private (0600); outputs get the usual permissions, as open() would give
    os.fchmod(fd, 0o666 & ~_umask())
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
