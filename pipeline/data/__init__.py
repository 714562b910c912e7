"""Curated data files: one loader, a Pydantic model per file, and the user's own files merged over them.

A malformed built-in file is a packaging bug, a malformed user file a user's
mistake: either fails when the pipeline is built, with one line naming the
file and the bad entry (:class:`DataFileError`).

A user data directory (``factpipe extract --data DIR``, or a component's
``data_dir``) holds files with the names and schemas of the built-in ones.
Each extends its built-in file entry by entry (:func:`merge`): a dict is
merged key by key (the user's value wins on a clash), a list is extended with
the items it lacks, any other value is replaced.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import DataFileError

# --- the schemas ------------------------------------------------------------------
# Every section has a default, so that a user file may hold only the sections it
# extends; a built-in file must hold them all (:func:`load`).  Keys starting
# with "_" are comments and are not validated.


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


Words = list[str]


class _State(_Schema):
    name: str | None = None
    aliases: Words = []
    demonyms: Words = []


class _Historical(_Schema):
    name: str
    iso_alpha2: str | None = None
    aliases: Words = []
    demonyms: Words = []


class CountriesFile(_Schema):
    states: dict[str, _State] = {}
    shared_forms: dict[str, str] = {}
    territories: dict[str, Words] = {}
    historical: list[_Historical] = []


class _Homonym(_Schema):
    us_state: Words
    country: Words


class CountryContextFile(_Schema):
    not_countries: Words = []
    name_heads: Words = []
    name_prefixes: Words = []
    person_forms: Words = []
    titles: Words = []
    state_heads: Words = []
    company_words: Words = []
    state_words: Words = []
    language_after: Words = []
    language_verbs: Words = []
    language_preps: Words = []
    food: Words = []
    food_before: Words = []
    homonyms: dict[str, _Homonym] = {}
    confirm_by_name: Words = []


class CurrencySignsFile(_Schema):
    signs: dict[str, str] = {}
    ambiguous: dict[str, Words] = {}


class DatesFile(_Schema):
    units: dict[str, str] = {}
    unit_abbreviations: Words = []
    unit_irregular_plurals: dict[str, str] = {}
    numbers: dict[str, int] = {}
    #: null: an unknown count ("a few")
    quantities: dict[str, int | None] = {}
    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    seasons: dict[str, str] = {}
    parts_of_day: dict[str, str] = {}
    #: after a clock time: a TIMEX3 offset, an IANA zone, or null (ambiguous)
    zones: dict[str, str | None] = {}
    ordinals: dict[str, int] = {}
    sets: dict[str, str] = {}
    deictic: dict[str, int | Literal["PRESENT_REF", "PAST_REF", "FUTURE_REF"]] = {}
    holidays: dict[str, str] = {}
    amount_modifiers: Words = []
    future_markers: Words = []
    future_verbs: Words = []
    count_quantifiers: Words = []
    noun_determiners: Words = []
    before_words: Words = []
    generic_day_nouns: Words = []
    period_end_prepositions: Words = []
    future_prepositions: Words = []
    current_not_time: Words = []
    award_titles: Words = []
    kin_nouns: Words = []
    short_date_prepositions: Words = []
    day_of_month_prepositions: Words = []
    month_alone_prepositions: Words = []
    leading_words: Words = []


#: a currency code with the value of one minor unit: ["USD", "0.01"]
_Subunit = Annotated[list[str], Field(min_length=2, max_length=2)]


class MoneyFile(_Schema):
    symbols: dict[str, str] = {}
    symbols_case_sensitive: Words = []
    symbols_unspaced: Words = []
    symbols_after: Words = []
    symbol_nouns: dict[str, str] = {}
    words: dict[str, str] = {}
    ambiguous_words: dict[str, Literal["scale", "grouped", "grouped_only"]] = {}
    measure_after: dict[str, Words] = {}
    measure_units: Words = []
    context_never: Words = []
    excluded_codes: Words = []
    word_codes: Words = []
    scales: dict[str, int] = {}
    scales_attached: Words = []
    scales_words: Words = []
    number_words: Words = []
    fractions: dict[str, Annotated[str, Field(pattern=r"^\d*\.\d+$")]] = {}
    qualifiers: Words = []
    subunits: dict[str, _Subunit] = {}
    p_not_money: Words = []
    per_words: Words = []
    per_not_before: Words = []
    year_words: Words = []
    range_words: Words = []
    range_openers: Words = []
    change_openers: Words = []
    currency_not_before: Words = []


class ProjectsFile(_Schema):
    kinds: dict[str, str] = {}
    weak_kinds: Words = []
    context_kinds: dict[str, Words] = {}
    modifiers: Words = []
    strong_modifiers: Words = []
    commodity_kinds: dict[str, str] = {}
    connectors: Words = []
    not_names: Words = []
    geo_heads: Words = []
    kind_context: dict[str, Words] = {}
    companies: Words = []
    always_weak: Words = []
    topical_kinds: Words = []
    programme_topics: Words = []
    org_name_words: Words = []
    legal_suffixes: Words = []
    org_roles: Words = []
    org_verbs: Words = []
    one_word_later_kinds: Words = []
    kinds_before_name: dict[str, str] = {}
    titled_topical_kinds: Words = []
    facility_kinds: Words = []
    org_before: Words = []


class _GazetteerEntry(_Schema):
    name: str
    aliases: Words = []
    kind: str
    countries: Annotated[list[Annotated[str, Field(pattern=r"^[A-Z]{2}$")]], Field(default=[])]
    standalone: bool = False
    source: Annotated[str, Field(pattern=r"^https?://")]


class ProjectGazetteerFile(_Schema):
    projects: list[_GazetteerEntry] = []


#: a reason code: the name of the check that turned a candidate down ("age", "in_a_name")
_ReasonCode = Annotated[str, Field(pattern=r"^[a-z][a-z_]*$")]
#: what ``extract --explain`` writes as ``why``: one line of plain words
_Sentence = Annotated[str, Field(min_length=1, pattern=r"^[^\n]+$")]


class ReasonsFile(_Schema):
    """Why a candidate was turned down, per fact type: reason code -> sentence (:mod:`pipeline.explain`)."""

    every_type: dict[_ReasonCode, _Sentence] = {}
    date: dict[_ReasonCode, _Sentence] = {}
    country: dict[_ReasonCode, _Sentence] = {}
    money: dict[_ReasonCode, _Sentence] = {}
    project: dict[_ReasonCode, _Sentence] = {}


#: every data file, by name, with its schema
SCHEMAS: dict[str, type[_Schema]] = {
    "countries.json": CountriesFile,
    "country_context.json": CountryContextFile,
    "currency_signs.json": CurrencySignsFile,
    "dates.json": DatesFile,
    "money.json": MoneyFile,
    "projects.json": ProjectsFile,
    "project_gazetteer.json": ProjectGazetteerFile,
    "reasons.json": ReasonsFile,
}

#: files a user directory may not extend, and why
FIXED = {
    # the date grammar's patterns are compiled from it when :mod:`pipeline.facts._timex` is imported
    "dates.json": "the date grammar is compiled from the built-in file",
    # its codes are the names the code gives its checks: a new one would name nothing
    "reasons.json": "its reason codes are the names of the code's own checks",
}


# --- loading ----------------------------------------------------------------------


def _parse(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataFileError(f"data file {where} is not valid JSON: {exc}") from None


def validate(name: str, data: Any, where: str, *, complete: bool) -> None:
    """Check ``data`` against the schema of the data file ``name``; ``where`` names it in errors.

    ``complete``: every section must be present (a built-in file).
    """
    if not isinstance(data, dict):
        raise DataFileError(f"{where}: must hold a JSON object")
    content = {k: v for k, v in data.items() if not k.startswith("_")}
    schema = SCHEMAS[name]
    try:
        schema.model_validate(content)
    except ValidationError as exc:
        err = exc.errors()[0]
        entry = ".".join(str(p) for p in err["loc"])
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise DataFileError(f"{where}: entry {entry!r}: {err['msg']}{more}") from None
    if complete:
        for section in schema.model_fields:
            require(section in content, name, section, "missing")


@cache
def load_json(name: str) -> Any:
    """The parsed and validated content of the built-in ``pipeline/data/<name>`` (shared: do not mutate)."""
    try:
        text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(f"data file pipeline/data/{name} is missing") from None
    data = _parse(text, f"pipeline/data/{name}")
    if name in SCHEMAS:
        validate(name, data, f"pipeline/data/{name}", complete=True)
    return data


def require(condition: bool, name: str, entry: str, reason: str, user: UserData | None = None) -> None:
    """Raise a :class:`DataFileError` naming the file and entry unless ``condition``.

    The file is the user's (in ``user``) when the entry is one of its keys or items.
    """
    if not condition:
        where = f"pipeline/data/{name}"
        if user is not None and _holds(user.files.get(name), entry):
            where = str(Path(user.path) / name)
        raise DataFileError(f"{where}: entry {entry!r}: {reason}")


def _holds(data: Any, entry: str) -> bool:
    """Whether ``entry`` is a key, an item or a value anywhere in ``data`` (a gazetteer entry is
    named by its "name")."""
    if isinstance(data, dict):
        return entry in data or any(_holds(v, entry) for v in data.values())
    if isinstance(data, list):
        return entry in data or any(_holds(v, entry) for v in data)
    return data == entry


def merge(base: Any, extra: Any) -> Any:
    """``extra`` over ``base``, entry by entry: dicts key by key, lists extended, else ``extra``.

    >>> merge({"a": {"x": 1}, "b": [1, 2]}, {"a": {"y": 2}, "b": [2, 3]})
    {'a': {'x': 1, 'y': 2}, 'b': [1, 2, 3]}
    """
    if isinstance(base, dict) and isinstance(extra, dict):
        merged = dict(base)
        for key, value in extra.items():
            merged[key] = merge(base[key], value) if key in base else value
        return merged
    if isinstance(base, list) and isinstance(extra, list):
        return [*base, *(item for item in extra if item not in base)]
    return extra


class UserData:
    """The data files of a user directory, read and validated once; picklable, so it travels
    to worker processes and Dask workers with the model name.

    ``digest`` identifies the content (not the path): pipelines are cached and
    runs resumed by it.
    """

    def __init__(self, path: str | Path, files: dict[str, Any]):
        self.path = str(path)
        self.files = files
        canonical = json.dumps(files, sort_keys=True, ensure_ascii=False)
        self.digest = hashlib.sha256(canonical.encode()).hexdigest()

    @classmethod
    def read(cls, path: str | Path) -> UserData:
        """Read and check every ``*.json`` of ``path``; a :class:`DataFileError` names the file and entry."""
        folder = Path(path)
        if not folder.is_dir():
            raise DataFileError(f"data directory {folder} does not exist or is not a directory")
        files: dict[str, Any] = {}
        for file in sorted(folder.glob("*.json")):
            where = str(file)
            if file.name not in SCHEMAS:
                raise DataFileError(f"{where}: not a data file factpipe knows (one of {', '.join(sorted(SCHEMAS))})")
            if file.name in FIXED:
                raise DataFileError(f"{where}: {file.name} cannot be extended ({FIXED[file.name]})")
            try:
                text = file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise DataFileError(f"{where}: cannot be read: {exc}") from None
            data = _parse(text, where)
            validate(file.name, data, where, complete=False)
            files[file.name] = data
        return cls(folder, files)

    def local_dir(self) -> str:
        """A directory holding these files on this machine: the original one, or a copy written
        here (a Dask worker on another machine)."""
        folder = Path(self.path)
        try:
            if UserData.read(folder).digest == self.digest:
                return self.path
        except DataFileError:
            pass
        copy = Path(tempfile.mkdtemp(prefix="factpipe-data-"))
        for name, data in self.files.items():
            (copy / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        self.path = str(copy)
        return self.path

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UserData) and other.digest == self.digest

    def __hash__(self) -> int:
        return hash(self.digest)

    def __repr__(self) -> str:
        return f"UserData({self.path!r}, {sorted(self.files)})"


def load(name: str, user: UserData | None = None) -> Any:
    """The data file ``name``: the built-in one, with the user's file of that name merged over it.

    Semantic checks (an ISO code, a project kind) are the components': they
    raise with :func:`require`, passing ``user``.
    """
    data = load_json(name)
    if user is None or name not in user.files:
        return data
    return merge(data, user.files[name])


def read_dir(path: str | None) -> UserData | None:
    """:meth:`UserData.read` of ``path``; None for no path."""
    return None if path is None else UserData.read(path)
