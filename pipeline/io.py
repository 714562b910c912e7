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
import stat
import sys
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, cast

from pydantic import BaseModel, ValidationError

from .records import Article, canonical_decimal, unstorable

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
        return f"{place(self.source, self.line)}: {self.reason}"


def place(source: str, line: int | None) -> str:
    """Where a record came from, as messages say it: ``path:12``, or ``path`` without a line."""
    return f"{source}:{line}" if line else source


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


def metadata_candidates(path: Path) -> tuple[Path, ...]:
    """Where the metadata file of a ``.txt`` article may be: ``NAME.json`` (or ``NAME.JSON``)."""
    return tuple(path.with_suffix(suffix) for suffix in (".json", ".JSON"))


def _metadata_file(path: Path) -> Path | None:
    """The metadata file of a ``.txt`` article, if it has one."""
    return next((candidate for candidate in metadata_candidates(path) if candidate.is_file()), None)


def sidecar(out: str | os.PathLike[str], suffix: str) -> Path:
    """An output's companion file: ``outputs/facts.jsonl`` -> ``outputs/facts<suffix>``."""
    out = Path(out)
    return out.with_name(out.name.removesuffix(".jsonl") + suffix)


def _is_stream(path: Path) -> bool:
    """A named pipe or a character device (``<(cat a.jsonl)``, ``/dev/stdin``): read as JSONL, once."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)


def _walk(
    paths: Iterable[str | os.PathLike[str]], skipped: list[Path] | None
) -> Iterator[tuple[Path | ArticleError | str, Path | None]]:
    """Each input item with the directory it was found under (None for a path named on its own)."""
    for raw in paths:
        if str(raw) == STDIN:
            yield STDIN, None
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file())
            found = [p for p in files if article_kind(p)]
            if skipped is not None:
                metadata = {_metadata_file(p) for p in found if article_kind(p) == "txt"}
                skipped.extend(p for p in files if not article_kind(p) and p not in metadata)
            for file in found:
                yield file, path
        elif path.is_file():
            if article_kind(path):
                yield path, None
            else:
                yield ArticleError(str(path), f"not an article file (expected {', '.join(ARTICLE_SUFFIXES)})"), None
        elif _is_stream(path):
            yield str(path), None
        else:
            yield ArticleError(str(path), "no such file or directory"), None


def iter_input_files(
    paths: Iterable[str | os.PathLike[str]], *, skipped: list[Path] | None = None
) -> Iterator[Path | ArticleError | str]:
    """The article files under ``paths``, recursing into directories.

    :data:`STDIN`, a named pipe or a character device comes as its path string
    (a JSONL stream).  Other files found in a directory (not the metadata files of
    its ``.txt`` articles) are appended to ``skipped`` when given, for the run
    summary.  A file named on its own that is no article file is an error instead.
    """
    for item, _root in _walk(paths, skipped):
        yield item


def _decode(data: bytes) -> str:
    """UTF-8 text without its byte order mark, newlines untouched."""
    try:
        return data.decode("utf-8").removeprefix(_BOM)
    except UnicodeDecodeError as exc:
        raise ValueError(f"not valid UTF-8 ({exc.reason} at byte {exc.start})") from None


def _read_txt(path: Path, root: Path | None = None) -> Article:
    """One ``.txt`` article.  Without an ``id`` in its metadata, its id is its path under the input
    directory, without the suffix (``story`` at the top, ``2024/story`` below), so that two
    ``story.txt`` in two folders are two articles; a file named on its own is its stem."""
    text = _decode(path.read_bytes())
    meta: dict[str, Any] = {}
    metadata_path = _metadata_file(path)
    if metadata_path is not None:
        try:
            meta = json.loads(_decode(metadata_path.read_bytes()))
        except (json.JSONDecodeError, ValueError) as exc:
            raise ValueError(f"metadata file {metadata_path} is not valid JSON: {exc}") from None
        except RecursionError:
            raise ValueError(f"metadata file {metadata_path} nests JSON too deeply") from None
        if not isinstance(meta, dict):
            raise ValueError(f"metadata file {metadata_path} must hold a JSON object")
    meta.pop("text", None)
    meta.setdefault("id", path.relative_to(root).with_suffix("").as_posix() if root else path.stem)
    return Article.model_validate({**meta, "text": text, "origin": str(path)})


def _open_lines(path: Path) -> IO[bytes]:
    """A JSONL file as binary lines, decompressed when it is gzipped; lines end at ``\n`` only."""
    if path.suffix.lower() == ".gz":
        return cast(IO[bytes], gzip.open(path, "rb"))
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
            yield ArticleError(source, validation_reason(exc), article_id=_given_id(obj), line=number)
        except ValueError as exc:
            yield ArticleError(source, str(exc), line=number)
        except RecursionError:
            yield ArticleError(source, "JSON nested too deeply", line=number)
        else:
            yield article


def _given_id(obj: Any) -> str | None:
    """The id a refused line gives, when it is one an error record can carry."""
    value = obj.get("id") if isinstance(obj, dict) else None
    return value if isinstance(value, str) and unstorable(value) is None else None


def read_articles(
    paths: Iterable[str | os.PathLike[str]], *, skipped: list[Path] | None = None
) -> Iterator[Article | ArticleError]:
    """Yield every article under ``paths`` lazily, or an error record for each bad one.

    ``skipped`` collects the files of directories that are not articles (see
    :func:`iter_input_files`); it is complete once the articles are consumed.
    The path ``-`` (:data:`STDIN`) reads JSONL articles from standard input.
    """
    for item, root in _walk(paths, skipped):
        if isinstance(item, ArticleError):
            yield item
            continue
        if isinstance(item, str) or article_kind(item) == "jsonl":
            yield from _read_jsonl(item)
            continue
        try:
            yield _read_txt(item, root)
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
        return _DECIMAL_MARK + format(canonical_decimal(value), "f")
    if isinstance(value, dict):
        return {k: _mark_decimals(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_mark_decimals(v) for v in value]
    return value


def to_json_line(record: BaseModel | dict[str, Any]) -> str:
    """One compact JSON line; Decimal values are written as exact JSON numbers.

    A record is written by Pydantic's own serializer, straight from the validated
    model (the same bytes as ``json.dumps``, five times faster), unless it holds a
    fractional amount: Pydantic writes a Decimal as a string, so that one goes
    through :func:`to_json_text`, which writes it as a bare number.
    """
    if isinstance(record, BaseModel):
        if not any(isinstance(value, Decimal) and value != value.to_integral_value() for value in record.__dict__.values()):
            return record.model_dump_json()
        return to_json_text(record.model_dump(mode="python"))
    return to_json_text(record)


def to_json_text(value: Any, *, indent: int | None = None) -> str:
    """Any JSON value as text, Decimal values as exact JSON numbers: compact, or indented for reports.

    >>> print(to_json_text({"amount": Decimal("2.50"), "list": [Decimal("1E+3")]}, indent=1))
    {
     "amount": 2.5,
     "list": [
      1000
     ]
    }
    """
    separators = (",", ":") if indent is None else (",", ": ")
    text = json.dumps(_mark_decimals(value), ensure_ascii=False, default=str, separators=separators, indent=indent)
    return _DECIMAL_RE.sub(r"\1", text)


def load_json_line(line: str | bytes) -> Any:
    """Parse one JSONL line keeping fractional numbers exact (as Decimal)."""
    return json.loads(line, parse_float=Decimal)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class StagedFile:
    """A file written to a temporary beside its target, then sealed (fsync) and put in place.

    Splitting sealing from placing lets a run write several files and replace
    them one right after the other, with nothing slow in between
    (:func:`pipeline.batch.run_extract`); :meth:`discard` forgets the new
    content and leaves the target as it was.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.target = Path(path)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        fd, self._tmp = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".tmp", dir=self.target.parent)
        # mkstemp makes the file private (0600); outputs get the usual permissions, as open() would give
        os.fchmod(fd, 0o666 & ~_umask())
        # surrogateescape: a file name that is not UTF-8 is written back as its own bytes
        self.handle: IO[str] = os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape", newline="\n")

    def seal(self) -> None:
        """Flush the content to disk: after this, placing it cannot lose it."""
        if not self.handle.closed:
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()

    def place(self) -> None:
        self.seal()
        os.replace(self._tmp, self.target)

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.handle.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self._tmp)


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str]) -> Iterator[IO[str]]:
    """Write to a temporary file beside ``path`` and rename it into place on success.

    An interrupted run leaves the previous file (or none) in place, never half
    of a new one.
    """
    staged = StagedFile(path)
    try:
        yield staged.handle
        staged.place()
    except BaseException:
        staged.discard()
        raise
