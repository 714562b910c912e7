"""Data files and configuration: validation, the user's own data (``--data``), component
config, and a pipeline saved with ``nlp.to_disk`` and loaded with ``spacy.load``."""

from __future__ import annotations

import datetime as dt
import gc
import json
import weakref
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.data import SCHEMAS, DataFileError, UserData, load_json, merge, validate
from pipeline.records import Article

ZORBLAX = "Work on the Zorblax Interconnector began in March."


def _user_dir(tmp_path: Path, name: str, content: dict, folder: str = "mine") -> Path:
    path = tmp_path / folder
    path.mkdir(exist_ok=True)
    (path / name).write_text(json.dumps(content), encoding="utf-8")
    return path


def _facts(out: Path) -> list[dict]:
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


# --- validation: one bad entry per file kind ------------------------------------------

#: for each data file, a user file with one bad entry and the entry the error must name
BAD_ENTRIES = {
    "countries.json": ({"states": {"TR": {"demonyms": "Turkish"}}}, "states.TR.demonyms"),
    "country_context.json": ({"homonyms": {"Jordan": {"us_state": ["x"]}}}, "homonyms.Jordan.country"),
    "currency_signs.json": ({"signs": {"₺": 949}}, "signs.₺"),
    "dates.json": ({"months": {"Sept": "nine"}}, "months.Sept"),
    "money.json": ({"ambiguous_words": {"bucks": "sometimes"}}, "ambiguous_words.bucks"),
    "projects.json": ({"kinds": {"hyperloop": ["pipeline"]}}, "kinds.hyperloop"),
    "project_gazetteer.json": ({"projects": [{"name": "Zorblax", "kind": "pipeline", "source": "ftp://x"}]}, "projects.0.source"),
    "reasons.json": ({"money": {"weight": 7}}, "money.weight"),
}


def gazetteer(*entries: tuple[str, str]) -> dict:
    """A user's project_gazetteer.json naming these (name, kind) projects."""
    return {"projects": [{"name": name, "kind": kind, "standalone": True, "source": "https://example.org/projects"} for name, kind in entries]}


def test_every_data_file_kind_has_a_bad_entry_case():
    assert set(BAD_ENTRIES) == set(SCHEMAS)


@pytest.mark.parametrize("name", sorted(BAD_ENTRIES))
def test_a_bad_entry_names_the_file_and_the_entry(name):
    content, entry = BAD_ENTRIES[name]
    with pytest.raises(DataFileError) as caught:
        validate(name, content, f"mine/{name}", complete=False)
    message = str(caught.value)
    assert message.startswith(f"mine/{name}: entry {entry!r}: ") and "\n" not in message


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_the_built_in_files_are_valid_and_complete(name):
    data = load_json(name)
    validate(name, data, name, complete=True)
    missing = next(k for k in data if not k.startswith("_"))
    with pytest.raises(DataFileError, match=f"pipeline/data/{name}: entry {missing!r}: missing"):
        validate(name, {k: v for k, v in data.items() if k != missing}, name, complete=True)


def test_an_unknown_section_is_an_error():
    with pytest.raises(DataFileError, match=r"mine/projects.json: entry 'gazeteer': Extra inputs"):
        validate("projects.json", {"gazeteer": {}}, "mine/projects.json", complete=False)


def test_a_user_directory_is_read_and_checked(tmp_path):
    folder = _user_dir(tmp_path, "notes.json", {})
    with pytest.raises(DataFileError, match=r"notes.json: not a data file factpipe knows"):
        UserData.read(folder)
    (folder / "notes.json").unlink()
    _user_dir(tmp_path, "dates.json", {"months": {"Sept": 9}})
    with pytest.raises(DataFileError, match=r"dates.json cannot be extended"):
        UserData.read(folder)
    (folder / "dates.json").unlink()
    (folder / "projects.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"projects.json is not valid JSON"):
        UserData.read(folder)
    with pytest.raises(DataFileError, match=r"does not exist"):
        UserData.read(tmp_path / "nowhere")


@pytest.mark.parametrize(
    "component, name, content, entry",
    [
        ("country", "countries.json", {"states": {"XX": {"demonyms": ["Xish"]}}}, "XX"),
        ("money", "money.json", {"words": {"zorbucks": "ZZZ"}}, "zorbucks"),
        ("project", "project_gazetteer.json", gazetteer(("Zorblax Interconnector", "hyperloop")), "Zorblax Interconnector"),
        ("project", "projects.json", {"kinds": {"hyperloop": "maglev"}}, "hyperloop"),
    ],
)
def test_a_bad_value_in_a_user_file_names_the_user_file(tmp_path, component, name, content, entry):
    """Checks only a component can make (an ISO code, a project kind) name the user's file too."""
    from pipeline.facts.country import CountryData
    from pipeline.facts.money import MoneyData
    from pipeline.facts.project import ProjectData

    user = UserData.read(_user_dir(tmp_path, name, content))
    build = {"country": CountryData, "money": MoneyData, "project": ProjectData}[component]
    with pytest.raises(DataFileError, match=f"^{tmp_path / 'mine' / name}: entry {entry!r}: "):
        build(user)


def test_merge_extends_entry_by_entry():
    base = {"gazetteer": {"Crossrail": "railway"}, "companies": ["Gazprom"], "homonyms": {"Georgia": {"us_state": ["Atlanta"]}}}
    extra = {"gazetteer": {"Zorblax Interconnector": "pipeline"}, "companies": ["Gazprom", "Zorblax Ltd"], "homonyms": {"Georgia": {"us_state": ["Macon"]}}}
    assert merge(base, extra) == {
        "gazetteer": {"Crossrail": "railway", "Zorblax Interconnector": "pipeline"},
        "companies": ["Gazprom", "Zorblax Ltd"],
        "homonyms": {"Georgia": {"us_state": ["Atlanta", "Macon"]}},
    }
    assert base["companies"] == ["Gazprom"]  # the built-in data is not changed


# --- the user's own data through the command line ------------------------------------


@pytest.fixture()
def zorblax(tmp_path) -> Path:
    """A user data directory that makes the Zorblax Interconnector a project (the README's example)."""
    return _user_dir(tmp_path, "project_gazetteer.json", gazetteer(("Zorblax Interconnector", "pipeline")), "zorblax")


@pytest.fixture()
def zorblax_article(tmp_path) -> Path:
    src = tmp_path / "articles.jsonl"
    src.write_text(json.dumps({"id": "z", "text": ZORBLAX, "published": "2024-01-10"}) + "\n", encoding="utf-8")
    return src


def _projects(out: Path) -> list[tuple[str, str, str]]:
    return [(f["name"], f["kind"], f["rule"]) for f in _facts(out) if f["type"] == "project"]


def test_data_makes_a_user_project(nlp, tmp_path, zorblax, zorblax_article):
    """The README's example: the name is now the user's gazetteer's (the kind word found it before)."""
    plain, mine = tmp_path / "plain" / "facts.jsonl", tmp_path / "mine" / "facts.jsonl"
    assert main(["extract", str(zorblax_article), "--out", str(plain), "-q"]) == 0
    assert main(["extract", str(zorblax_article), "--out", str(mine), "-q", "--data", str(zorblax)]) == 0
    assert _projects(plain) == [("Zorblax Interconnector", "pipeline", "project:kind_word")]
    assert _projects(mine) == [("Zorblax Interconnector", "pipeline", "project:gazetteer")]
    assert [f for f in _facts(plain) if f["type"] != "project"] == [f for f in _facts(mine) if f["type"] != "project"]


def test_data_adds_names_and_kinds_the_rules_do_not_know(nlp, tmp_path):
    user = _user_dir(tmp_path, "project_gazetteer.json", gazetteer(("Zorblax", "railway"), ("Quux Interconnector", "tunnel")))
    src = tmp_path / "articles.jsonl"
    text = "Zorblax opened. The Quux Interconnector was dug in March."
    src.write_text(json.dumps({"id": "z", "text": text}) + "\n", encoding="utf-8")
    plain, mine = tmp_path / "plain" / "facts.jsonl", tmp_path / "mine" / "facts.jsonl"
    assert main(["extract", str(src), "--out", str(plain), "-q"]) == 0
    assert main(["extract", str(src), "--out", str(mine), "-q", "--data", str(user)]) == 0
    assert [p[:2] for p in _projects(plain)] == [("Quux Interconnector", "pipeline")]
    assert [p[:2] for p in _projects(mine)] == [("Zorblax", "railway"), ("Quux Interconnector", "tunnel")]


def test_a_bad_user_entry_is_one_line_and_exit_2(nlp, tmp_path, zorblax_article, capsys):
    bad = _user_dir(tmp_path, "project_gazetteer.json", gazetteer(("Zorblax Interconnector", "hyperloop")), "bad")
    out = tmp_path / "facts.jsonl"
    assert main(["extract", str(zorblax_article), "--out", str(out), "-q", "--data", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err == f"factpipe: {bad / 'project_gazetteer.json'}: entry 'Zorblax Interconnector': unknown kind 'hyperloop'\n"
    assert not out.exists()
    wrong_type = _user_dir(tmp_path, "project_gazetteer.json", {"projects": ["Zorblax Interconnector"]}, "worse")
    assert main(["extract", str(zorblax_article), "--out", str(out), "-q", "--data", str(wrong_type)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"factpipe: {wrong_type / 'project_gazetteer.json'}: entry 'projects.0': ") and err.count("\n") == 1


def test_a_bad_user_entry_stops_a_dask_run_before_it_starts(tmp_path, zorblax_article, capsys):
    """A Dask run loads no model here: the data is still checked before any worker starts."""
    bad = _user_dir(tmp_path, "money.json", {"words": {"zorbucks": "ZZZ"}}, "bad")
    out = tmp_path / "facts.jsonl"
    assert main(["extract", str(zorblax_article), "--out", str(out), "-q", "--dask", "local", "--data", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err == f"factpipe: {bad / 'money.json'}: entry 'zorbucks': ZZZ is not an ISO 4217 code Babel or pycountry knows\n"


def test_the_fingerprint_includes_the_user_data(tmp_path, zorblax):
    from pipeline.ledger import pipeline_fingerprint
    from pipeline.nlp import DEFAULT_MODEL

    other = _user_dir(tmp_path, "project_gazetteer.json", gazetteer(("Zorblax Interconnector", "railway")), "other")
    prints = {
        pipeline_fingerprint(DEFAULT_MODEL),
        pipeline_fingerprint(DEFAULT_MODEL, UserData.read(zorblax)),
        pipeline_fingerprint(DEFAULT_MODEL, UserData.read(other)),
    }
    assert len(prints) == 3
    assert pipeline_fingerprint(DEFAULT_MODEL, UserData.read(zorblax)) == pipeline_fingerprint(DEFAULT_MODEL, UserData.read(zorblax))


def test_resume_after_changing_the_data_extracts_again(nlp, tmp_path, zorblax, zorblax_article):
    out = tmp_path / "facts.jsonl"
    assert main(["extract", str(zorblax_article), "--out", str(out), "-q"]) == 0
    assert main(["extract", str(zorblax_article), "--out", str(out), "-q", "--resume", "--data", str(zorblax)]) == 0
    assert _projects(out) == [("Zorblax Interconnector", "pipeline", "project:gazetteer")]
    assert json.loads(out.with_name("facts.summary.json").read_text())["articles_reused"] == 0
    assert main(["extract", str(zorblax_article), "--out", str(out), "-q", "--resume", "--data", str(zorblax)]) == 0
    assert json.loads(out.with_name("facts.summary.json").read_text())["articles_reused"] == 1


def test_data_reaches_worker_processes(nlp, tmp_path, zorblax):
    from pipeline.nlp import forget_pipelines

    src = tmp_path / "articles.jsonl"
    rows = [{"id": f"z{i}", "text": f"{ZORBLAX} It cost $5 million.", "published": "2024-01-10"} for i in range(6)]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    one, two = tmp_path / "one" / "facts.jsonl", tmp_path / "two" / "facts.jsonl"
    assert main(["extract", str(src), "--out", str(one), "-q", "--data", str(zorblax)]) == 0
    forget_pipelines()  # the workers build their own pipelines: nothing to inherit from the parent
    try:
        from pipeline.batch import run_extract

        summary = run_extract([src], two, workers=2, chunk_size=2, data=UserData.read(zorblax))
    finally:
        forget_pipelines()
    assert summary.workers == 2
    assert two.read_bytes() == one.read_bytes()
    assert len(_projects(two)) == 6


def test_data_travels_to_a_worker_that_cannot_see_the_directory(tmp_path, zorblax):
    """A Dask worker on another machine gets the files' content and writes its own copy."""
    import pickle
    import shutil

    user = UserData.read(zorblax)
    travelled = pickle.loads(pickle.dumps(user))
    shutil.rmtree(zorblax)
    local = Path(travelled.local_dir())
    assert local != zorblax and UserData.read(local) == user


# --- component configuration, and a saved pipeline ------------------------------------


def test_month_reach_and_the_dateparser_switch():
    from pipeline.facts._timex import Context, calendar_date, normalize

    published = dt.date(2020, 1, 10)
    assert normalize("March 3", Context(published)).value == "2020-03-03"
    assert normalize("March 3", Context(published, month_reach=30)).value == "2019-03-03"
    assert calendar_date("3 March 2020", Context(published)).value == "2020-03-03"
    assert calendar_date("3 March 2020", Context(published, dateparser=False)) is None


def test_min_city_population():
    from pipeline.facts.project import ProjectData, place_countries

    assert place_countries("Memphis Corridor", ProjectData()) == ["US"]
    assert place_countries("Memphis Corridor", ProjectData(min_city_population=10**9)) == []


@pytest.fixture(scope="module")
def saved(nlp, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("saved") / "pipeline"
    nlp.to_disk(path)
    return path


def test_a_saved_pipeline_loads_and_gives_the_same_facts(nlp, saved):
    import spacy

    from pipeline.extract import extract_doc
    from pipeline.io import read_articles

    loaded = spacy.load(saved)
    assert loaded.pipe_names == nlp.pipe_names
    articles = [a for a in read_articles([str(Path(__file__).resolve().parent.parent / "corpus")]) if isinstance(a, Article)]
    assert articles
    for article in articles:
        mine = extract_doc(nlp(article.text), article)
        theirs = extract_doc(loaded(article.text), article)
        assert [f.model_dump() for f in theirs] == [f.model_dump() for f in mine]


def test_a_saved_pipeline_keeps_its_configuration(nlp, saved, tmp_path, zorblax):
    import spacy

    from pipeline.extract import extract_doc
    from pipeline.facts.date import DateSettings

    config = {
        "components.factpipe_date.month_reach": 30,
        "components.factpipe_date.dateparser": False,
        "components.factpipe_project.min_city_population": 5,
        "components.factpipe_project.data_dir": str(zorblax),
    }
    configured = spacy.load(saved, config=config)
    path = tmp_path / "configured"
    configured.to_disk(path)
    again = spacy.load(path)
    assert again.get_pipe("factpipe_date").settings == DateSettings(30, False)
    assert again.get_pipe("factpipe_project").data.min_city_population == 5
    article = Article(id="z", text=ZORBLAX, published="2024-01-10")
    assert [(f.text, f.rule) for f in extract_doc(again(ZORBLAX), article) if f.type == "project"] == [("Zorblax Interconnector", "project:gazetteer")]
    # the extractor reads the component's month reach: March 3 is 53 days after publication
    text = "The talks ended on March 3."
    article = Article(id="m", text=text, published="2020-01-10")
    dates = {name: [f.value for f in extract_doc(pipe(text), article) if f.type == "date"] for name, pipe in (("default", nlp), ("30", again))}
    assert dates == {"default": ["2020-03-03"], "30": ["2019-03-03"]}


def test_a_rebuilt_pipeline_frees_the_old_one(nlp, monkeypatch):
    """Nothing outside the pipeline keeps its data or vocabulary: rebuilding does not add up."""
    from spacy.vocab import Vocab

    from pipeline import extract
    from pipeline.nlp import forget_pipelines, shared_nlp

    def vocabularies() -> int:  # those the collector sees: the dropped pipelines' too
        gc.collect()
        return sum(isinstance(o, Vocab) for o in gc.get_objects())

    articles = [Article(id="a", text="The Baku-Tbilisi-Ceyhan pipeline cost Turkey $4 billion in 2006.")]
    forget_pipelines()
    try:
        monkeypatch.setattr(extract, "RECYCLE_WORDS", 1)  # rebuilt for every chunk
        monkeypatch.setattr(extract, "_parsed_words", {})
        extract.extract_chunk(articles)
        old = weakref.ref(shared_nlp())
        extract.extract_chunk(articles)
        assert old() is None
        after_one, set_aside = vocabularies(), gc.get_freeze_count()
        for _ in range(3):
            extract.extract_chunk(articles)
        assert vocabularies() == after_one
        # a built pipeline is set aside from the collector (nlp.py); a dropped one is given back to it,
        # or each rebuild would keep the old one's cycles (about 10,000 objects each)
        assert gc.get_freeze_count() < set_aside + 1000
    finally:
        forget_pipelines()


def test_every_file_of_the_package_that_is_not_python_is_shipped():
    """Data files and templates reach an installed package only through ``[tool.setuptools.package-data]``:
    a file no pattern there matches works from the source tree and is missing from the wheel."""
    import fnmatch
    import tomllib

    root = Path(__file__).resolve().parent.parent
    patterns = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]["pipeline"]
    package = root / "pipeline"
    files = [
        path.relative_to(package).as_posix()
        for path in package.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    ]
    assert "templates/diff.html.j2" in files
    assert [f for f in files if not any(fnmatch.fnmatch(f, pattern) for pattern in patterns)] == []
