"""Reading articles lazily and writing JSONL atomically.

Inputs are (a) ``NAME.txt`` files, UTF-8, with optional metadata in a sidecar
``NAME.json``, and (b) JSON Lines files (``.jsonl``, ``.ndjson``, either
gzip-compressed as ``.jsonl.gz`` / ``.ndjson.gz``), one article object per
line; suffixes match in any case.  A path may be a file or a directory
(recursed, in sorted order so runs are reproducible; other files there are
skipped, and reported to a ``skipped`` list when one is given).  A broken
article never stops the others: the reader yields an :class:`ArticleError` for
it and carries on.

An article's text is the file's decoded characters (the ``text`` string of a
JSONL line) with a leading byte order mark removed and newlines exactly as
written: a CRLF file keeps its ``\r\n``, so fact offsets index the file's
own text.  Line numbers are the file's physical lines (blank ones counted).
"""

from __future__ import annotations

import contextlib
import gzip
import json
import logging
import os
import re
import sys
import tempfile
import zlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

from pydantic import BaseModel, ValidationError

from .records import Article

log = logging.getLogger(__name__)

#: article file suffixes (matched in any case) and how each is read
ARTICLE_SUFFIXES = {".txt": "txt", ".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonl.gz": "jsonl", ".ndjson.gz": "jsonl"}
_BOM = "\ufeff"
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


def article_kind(path: Path) -> str | None:
    """How a file is read: ``"txt"``, ``"jsonl"``, or None when it is no article file."""
    suffix = path.suffix.lower()
    if suffix == ".gz":
        suffix = Path(path.stem).suffix.lower() + suffix
    return ARTICLE_SUFFIXES.get(suffix)


def _sidecar(path: Path) -> Path | None:
    """The metadata file of a ``.txt`` article, if it has one."""
    for suffix in (".json", ".JSON"):
        candidate = path.with_suffix(suffix)
        if candidate.is_file():
            return candidate
    return None


def iter_input_files(
    paths: Iterable[str | os.PathLike[str]], *, skipped: list[Path] | None = None
) -> Iterator[Path | ArticleError | str]:
    """The article files under ``paths``, recursing into directories (and :data:`STDIN` as itself).

    Other files found in a directory (not the sidecars of its ``.txt``
    articles) are appended to ``skipped`` when given, for the run summary.  A
    file named on its own that is no article file is an error instead.
    """
    for raw in paths:
        if str(raw) == STDIN:
            yield STDIN
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file())
            found = [p for p in files if article_kind(p)]
            if skipped is not None:
                sidecars = {_sidecar(p) for p in found if article_kind(p) == "txt"}
                skipped.extend(p for p in files if not article_kind(p) and p not in sidecars)
            yield from found
        elif path.is_file():
            if article_kind(path):
                yield path
            else:
                yield ArticleError(str(path), f"not an article file (expected {', '.join(ARTICLE_SUFFIXES)})")
        else:
            yield ArticleError(str(path), "no such file or directory")


def _decode(data: bytes) -> str:
    """UTF-8 text without its byte order mark, newlines untouched."""
    try:
        return data.decode("utf-8").removeprefix(_BOM)
    except UnicodeDecodeError as exc:
        raise ValueError(f"not valid UTF-8 ({exc.reason} at byte {exc.start})") from None


def _read_txt(path: Path) -> Article:
    text = _decode(path.read_bytes())
    meta: dict[str, Any] = {}
    sidecar = _sidecar(path)
    if sidecar is not None:
        try:
            meta = json.loads(_decode(sidecar.read_bytes()))
        except (json.JSONDecodeError, ValueError) as exc:
            raise ValueError(f"metadata file {sidecar} is not valid JSON: {exc}") from None
        if not isinstance(meta, dict):
            raise ValueError(f"metadata file {sidecar} must hold a JSON object")
    meta.pop("text", None)
    meta.setdefault("id", path.stem)
    return Article.model_validate({**meta, "text": text, "origin": str(path)})


def _open_lines(path: Path) -> IO[bytes]:
    """A JSONL file as binary lines, decompressed when it is gzipped; lines end at ``\n`` only."""
    if path.suffix.lower() == ".gz":
        return gzip.open(path, "rb")
    return path.open("rb")


def _content(raw: bytes) -> bytes:
    """A JSONL line without its whitespace, and without a byte order mark (files joined by ``cat`` keep theirs)."""
    return raw.removeprefix(b"\xef\xbb\xbf").strip()


def _read_jsonl(path: Path | str) -> Iterator[Article | ArticleError]:
    """The articles of a JSONL file, or of standard input for :data:`STDIN` (named ``<stdin>``)."""
    source = "<stdin>" if path == STDIN else str(path)
    lines = [0]  # the last line read, for the error of an unreadable stream
    try:
        if path == STDIN:
            yield from _jsonl_articles(sys.stdin.buffer, source, lines)
        else:
            with _open_lines(Path(path)) as handle:
                yield from _jsonl_articles(handle, source, lines)
    except (OSError, EOFError, zlib.error) as exc:  # unreadable, or a corrupt or truncated gzip stream
        yield ArticleError(source, f"cannot be read: {exc}", line=lines[0] + 1 if lines[0] else None)


def _jsonl_articles(handle: Iterable[bytes], source: str, lines: list[int]) -> Iterator[Article | ArticleError]:
    for number, raw in enumerate(handle, start=1):
        lines[0] = number
        line = _content(raw)
        if not line:
            continue
        obj = None
        try:
            obj = json.loads(_decode(line))
            if not isinstance(obj, dict):
                raise ValueError("line is not a JSON object")
            if "text" not in obj:
                raise ValueError("no 'text' field")
            article = Article.model_validate({**obj, "origin": f"{source}:{number}"})
        except ValidationError as exc:
            art_id = obj.get("id") if isinstance(obj, dict) else None
            yield ArticleError(source, validation_reason(exc), article_id=art_id, line=number)
        except ValueError as exc:
            yield ArticleError(source, str(exc), line=number)
        else:
            yield article


def read_articles(
    paths: Iterable[str | os.PathLike[str]], *, skipped: list[Path] | None = None
) -> Iterator[Article | ArticleError]:
    """Yield every article under ``paths`` lazily, or an error record for each bad one.

    ``skipped`` collects the files of directories that are not articles (see
    :func:`iter_input_files`); it is complete once the articles are consumed.
    The path ``-`` (:data:`STDIN`) reads JSONL articles from standard input.
    """
    for item in iter_input_files(paths, skipped=skipped):
        if isinstance(item, ArticleError):
            yield item
            continue
        if isinstance(item, str) or article_kind(item) == "jsonl":
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

    Counts non-blank lines of JSONL files, ``.txt`` files and bad paths;
    a quick byte scan, so it costs seconds on gigabytes (more when gzipped).
    """
    total = 0
    for item in iter_input_files(paths):
        if isinstance(item, str):
            continue  # standard input is not read twice
        if isinstance(item, ArticleError) or article_kind(item) != "jsonl":
            total += 1
            continue
        try:
            with _open_lines(item) as handle:
                for raw in handle:
                    total += bool(_content(raw))
        except (OSError, EOFError, zlib.error):
            total += 1  # the error read_articles yields for it
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
