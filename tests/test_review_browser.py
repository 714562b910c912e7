"""The review pages as a person sees them: opened in headless Chromium, screenshotted, read from the rendered DOM.

Real pipeline output (the seed corpus, a TimeBank article dense with dates, a
modern article where a country sits inside a money amount) goes through
``factpipe show`` and ``factpipe evaluate --html``; the browser then says what
is on screen: every fact highlighted once over its own text with its value,
both lines of overlapping facts drawn, the legend, the filter hiding a type when
clicked, and a console without errors.

The browser is Debian's ``chromium`` driven through its ``chromium-driver`` by
Selenium, nothing downloaded.  Without them the tests skip; under CI (``CI`` set)
they fail instead: ``.ci/run`` installs both.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from pathlib import Path

import pytest

from pipeline.cli import main

from .conftest import CORPUS, DATA, SEED_GOLD

#: (article id, file it is in): a TimeBank article with 18 dates, and one where "U.S." is inside a money amount
ARTICLES = [("APW19980219.0476", DATA / "dev" / "articles.jsonl"), ("modern-dev-025", DATA / "modern-dev" / "articles.jsonl")]
SEED = "turkiye-azerbaijan-33-years"
CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")

#: what each label must show, whatever the label's wording: the value a reviewer checks
EXPECTED_IN_LABEL = {
    "country": lambda f: f["iso_alpha2"] or f["name"],
    "date": lambda f: f["value"] or "no value",
    "money": lambda f: f["currency"],
    "project": lambda f: f["kind"],
}

#: every mark, label and row as the browser laid it out
READ_DOM = """
const marks = {};
for (const hl of document.querySelectorAll('.hl')) {
  const style = getComputedStyle(hl);
  (marks[hl.dataset.m] = marks[hl.dataset.m] || []).push({
    text: hl.textContent, line: style.textDecorationLine, colour: style.textDecorationColor,
    offset: style.textUnderlineOffset, shown: hl.getClientRects().length > 0});
}
const labels = [...document.querySelectorAll('[data-fact-id]')].map(e => ({
  id: e.dataset.factId, m: e.dataset.m, type: e.dataset.type, outcome: e.dataset.outcome || null,
  side: e.dataset.side || null, text: e.innerText, title: e.title, shown: e.getClientRects().length > 0,
  article: e.closest('article').dataset.articleId}));
const rows = [...document.querySelectorAll('tr[data-row-for]')].map(r => ({m: r.dataset.rowFor, shown: r.getClientRects().length > 0}));
const legend = [...document.querySelectorAll('input[data-filter]')].map(i => i.dataset.name);
return {marks, labels, rows, legend};
"""


@pytest.fixture(scope="module")
def browser():
    missing = [name for name, path in (("chromium", CHROMIUM), ("chromedriver", CHROMEDRIVER)) if not path]
    if missing:
        reason = f"{' and '.join(missing)} not installed (apt-get install chromium chromium-driver; .ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {reason}", pytrace=False)
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM  # with the driver's path given, Selenium Manager never runs: nothing is fetched
    for argument in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1200,1400",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def extracted(nlp, tmp_path_factory):
    """The pipeline's facts for the seed corpus and the two articles, as ``factpipe extract`` writes them."""
    folder = tmp_path_factory.mktemp("review")
    wanted = dict(ARTICLES)
    lines = [line for path in set(wanted.values()) for line in path.read_text(encoding="utf-8").splitlines()]
    chosen = [line for line in lines if line.strip() and json.loads(line)["id"] in wanted]
    assert len(chosen) == len(ARTICLES)
    articles = folder / "articles.jsonl"
    articles.write_text("\n".join(chosen) + "\n", encoding="utf-8")
    facts = folder / "facts.jsonl"
    assert main(["extract", str(CORPUS), str(articles), "--out", str(facts), "-q"]) == 0
    return facts, [str(CORPUS), str(articles)]


def _facts_of(facts: Path, article_ids: list[str]) -> list[dict]:
    rows = [json.loads(line) for line in facts.read_text(encoding="utf-8").splitlines()]
    return [f for f in rows if f["article_id"] in article_ids]


def _open(browser, page: Path, shot: Path) -> dict:
    browser.get_log("browser")  # forget what an earlier page logged
    browser.get(page.as_uri())
    browser.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000  # a picture, not a blank
    return browser.execute_script(READ_DOM)


def _console_errors(browser) -> list[dict]:
    return [entry for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]


@pytest.mark.parametrize("article_id", [SEED, *(a for a, _ in ARTICLES)])
def test_show_highlights_every_fact_once_with_its_value(browser, extracted, tmp_path, article_id):
    facts, inputs = extracted
    page = tmp_path / "show.html"
    assert main(["show", str(facts), "--articles", *inputs, "--article", article_id, "--out", str(page)]) == 0
    dom = _open(browser, page, tmp_path / "show.png")
    expected = _facts_of(facts, [article_id])
    assert len(expected) >= (18 if article_id.startswith("APW") else 4)

    assert Counter(label["id"] for label in dom["labels"]) == Counter(f["id"] for f in expected)
    labels = {label["id"]: label for label in dom["labels"]}
    colours = {}
    for fact in expected:
        label = labels[fact["id"]]
        value = EXPECTED_IN_LABEL[fact["type"]](fact)
        assert label["shown"] and value in label["text"] and value in label["title"], (fact, label)
        segments = dom["marks"][label["m"]]
        assert "".join(s["text"] for s in segments) == fact["text"]
        assert all(s["shown"] and s["line"] == "underline" for s in segments), segments
        colours.setdefault(fact["type"], set()).update(s["colour"] for s in segments)
    assert all(len(c) == 1 for c in colours.values()) and len({c for cs in colours.values() for c in cs}) == len(colours)
    assert dom["legend"] == [t for t in ("country", "date", "money", "project") if t in colours]
    assert _console_errors(browser) == []


def test_overlapping_facts_both_keep_their_line(browser, extracted, tmp_path):
    facts, inputs = extracted
    article_id = ARTICLES[1][0]
    page = tmp_path / "show.html"
    assert main(["show", str(facts), "--articles", *inputs, "--article", article_id, "--out", str(page)]) == 0
    dom = _open(browser, page, tmp_path / "overlap.png")
    expected = _facts_of(facts, [article_id])
    labels = {label["id"]: label for label in dom["labels"]}
    pairs = [(a, b) for a in expected for b in expected if a["id"] < b["id"] and a["start"] < b["end"] and b["start"] < a["end"]]
    assert pairs, "the article no longer has overlapping facts: choose another"
    for a, b in pairs:
        outer, inner = dom["marks"][labels[a["id"]]["m"]], dom["marks"][labels[b["id"]]["m"]]
        assert {s["offset"] for s in outer}.isdisjoint({s["offset"] for s in inner})  # two lines, not one over the other
        assert {s["colour"] for s in outer} != {s["colour"] for s in inner}


def test_the_filter_hides_a_type_and_shows_it_again(browser, extracted, tmp_path):
    facts, inputs = extracted
    page = tmp_path / "show.html"
    assert main(["show", str(facts), "--articles", *inputs, "--article", SEED, "--out", str(page)]) == 0
    dom = _open(browser, page, tmp_path / "before.png")
    date_marks = {label["m"] for label in dom["labels"] if label["type"] == "date"}
    box = browser.find_element("css selector", 'input[data-name="date"]')

    box.click()
    hidden = browser.execute_script(READ_DOM)
    browser.save_screenshot(str(tmp_path / "dates-hidden.png"))
    for label in hidden["labels"]:
        assert label["shown"] is (label["type"] != "date"), label
    for row in hidden["rows"]:
        assert row["shown"] is (row["m"] not in date_marks), row
    for m, segments in hidden["marks"].items():
        assert all(s["line"] == ("none" if m in date_marks else "underline") for s in segments), (m, segments)

    box.click()
    shown = browser.execute_script(READ_DOM)
    assert all(label["shown"] for label in shown["labels"]) and all(row["shown"] for row in shown["rows"])
    assert _console_errors(browser) == []


def test_evaluate_html_marks_the_seed_against_its_gold(browser, extracted, tmp_path, capsys):
    from pipeline.evaluate import read_gold, read_predictions, score

    facts, inputs = extracted
    page = tmp_path / "evaluate.html"
    argv = ["evaluate", "--gold", str(SEED_GOLD), "--pred", str(facts), "--html", str(page), "--articles", inputs[0]]
    assert main(argv) == 0
    capsys.readouterr()
    dom = _open(browser, page, tmp_path / "evaluate.png")
    report = score(read_gold([SEED_GOLD]), read_predictions(facts))
    gold = read_gold([SEED_GOLD])[SEED]["facts"]
    predicted = _facts_of(facts, [SEED])

    outcomes = Counter((label["outcome"], label["side"]) for label in dom["labels"])
    relaxed = report.overall("relaxed")
    assert outcomes[("hit", "pred")] == relaxed.tp
    assert outcomes[("miss", "gold")] + outcomes[("wrong value", "gold")] == relaxed.fn
    assert outcomes[("false alarm", "pred")] + outcomes[("wrong value", "pred")] == relaxed.fp
    # every predicted fact once; every gold fact once, in its own mark or as the hit it made
    assert Counter(label["id"] for label in dom["labels"] if label["side"] == "pred") == Counter(f"pred:{f['id']}" for f in predicted)
    assert sum(1 for label in dom["labels"] if label["side"] == "gold") + outcomes[("hit", "pred")] == len(gold)
    for label in dom["labels"]:
        segments = dom["marks"][label["m"]]
        assert label["shown"] and all(s["shown"] and s["line"] == "underline" for s in segments)
        assert label["text"].startswith(label["outcome"])
    assert dom["legend"] == ["hit", "miss", "false alarm", "wrong value", "optional", "country", "date", "money", "project"]
    table = browser.execute_script("return [...document.querySelectorAll('table.scores tr')].map(r => r.innerText)")
    assert table[0].split() == ["type", "mode", "P", "R", "F1", "tp", "fp", "fn"]
    assert table[-1].split() == ["country", "set", "per", "article", *["1.000"] * 3, str(report.country_set.tp), "0", "0"]
    assert _console_errors(browser) == []
