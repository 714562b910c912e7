"""Review pages: an article's text with its facts marked, as one self-contained HTML file.

``factpipe show`` marks the facts of a facts file by type; ``factpipe evaluate
--html`` marks gold and predicted facts by what the scorer made of them
(:class:`pipeline.evaluate.FactOutcome`), under the score table.  Both pages
are rendered by Jinja2 from ``templates/review.html.j2`` with autoescaping on:
this module only decides what is marked where, the templates how it looks.

How overlapping facts stay visible: the text is cut at every fact boundary into
segments, each carrying the marks that cover it (:func:`segments`); a mark is
drawn as a coloured underline at its own level (:func:`assign_levels`), so a
country inside a money amount ("16.125 *Canadian* dollars") shows both lines.
Each mark has one label, after its last segment, with its normalized value in
text and in its tooltip: the one element that carries ``data-fact-id``.

Bad input is reported, never raised, when it concerns one fact or one article
(a fact whose offsets fall outside its article's text or whose text is not the
article's there, a fact of an article that was not given, an article that cannot
be read): the page lists it under "Warnings" and :class:`Page.warnings` holds it
for the command to print.  What makes a page impossible (no article, an unknown
``--article`` id) is a :class:`~pipeline.errors.ReviewError`.

No spaCy: like :mod:`pipeline.evaluate`, this is the record side.
"""

from __future__ import annotations

import itertools
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2

from .errors import InputError, OutputError, ReviewError
from .evaluate import FALSE_ALARM, HIT, MISS, OPTIONAL, OUTCOMES, WRONG_VALUE, FactOutcome, Report
from .io import STDIN, ArticleError, article_kind, atomic_writer, read_articles
from .records import Article, fact_id

#: the colour of each known fact type, and of the outcomes of ``evaluate --html``;
#: other types take the spare colours in turn (colour-blind-safe hues, Okabe and Ito)
TYPE_COLOURS = {"country": "#0072B2", "date": "#009E73", "money": "#E69F00", "project": "#CC79A7"}
SPARE_COLOURS = ("#56B4E9", "#D55E00", "#F0E442", "#000000")
OUTCOME_COLOURS = {HIT: "#009E73", MISS: "#E69F00", FALSE_ALARM: "#D55E00", WRONG_VALUE: "#7B3294", OPTIONAL: "#999999"}
#: how many characters of a fact's text a warning quotes
QUOTE = 40


# --- what a fact's value reads as ------------------------------------------------------


def _amount(value: Any) -> str:
    """An exact amount with thousands separators: ``20,000,000,000``, ``2.5``."""
    try:
        return format(Decimal(str(value)), ",f")
    except ArithmeticError:
        return str(value)


def _country(fact: dict) -> str:
    code = fact.get("iso_alpha2") or "no code"
    former = " (former state)" if fact.get("historical") else ""
    return f"{code} {fact.get('name') or ''}{former}".strip()


def _date(fact: dict) -> str:
    value = fact.get("value") or "no value"
    start, end = fact.get("start_date"), fact.get("end_date")
    if start and end and not (start == end == value):
        return f"{value} · {start}..{end}"
    return str(value)


def _money(fact: dict) -> str:
    amount = _amount(fact.get("amount"))
    if fact.get("amount_max") is not None:
        amount = f"{amount}–{_amount(fact['amount_max'])}"
    words = [fact.get("qualifier"), amount, fact.get("currency")]
    per = f" per {fact['per']}" if fact.get("per") else ""
    return " ".join(str(w) for w in words if w) + per


def _project(fact: dict) -> str:
    countries = ", ".join(fact.get("countries") or []) or "no country"
    return f"{fact.get('kind') or 'no kind'} · {countries}"


#: the label of a fact's value, by type: what a reviewer checks at a glance
VALUE_LABELS: dict[str, Callable[[dict], str]] = {"country": _country, "date": _date, "money": _money, "project": _project}
#: fields the tooltip leaves out: where the fact is is already on the page
_NOT_IN_TOOLTIP = {"type", "text", "start", "end", "article_id", "sentence", "id", "optional"}


def value_label(fact: dict) -> str:
    """A fact's normalized value in a few words (``TR Türkiye``, ``1992 · 1992-01-01..1992-12-31``)."""
    label = VALUE_LABELS.get(fact.get("type", ""))
    if label is not None:
        return label(fact)
    return "; ".join(f"{k} {v}" for k, v in fact.items() if k not in _NOT_IN_TOOLTIP | {"rule"}) or "no value"


def tooltip(fact: dict) -> str:
    """The fact, its value label, then every field but its place, one per line."""
    lines = [f"{fact.get('type')} {fact.get('text')!r} at {fact.get('start')}-{fact.get('end')}", value_label(fact)]
    lines += [f"{k}: {_amount(v) if isinstance(v, Decimal) else v}" for k, v in fact.items() if k not in _NOT_IN_TOOLTIP]
    return "\n".join(lines)


# --- marks and segments ------------------------------------------------------------------


@dataclass
class Mark:
    """One fact drawn on the text: its span, its label, and the filters it answers to."""

    number: int  # page-wide, for the label's element id (``m12``)
    start: int
    end: int
    fact_id: str
    type: str
    colour: str  # the legend key that colours it
    filters: tuple[str, ...]  # the legend keys that hide it
    label: str
    title: str
    outcome: str = ""  # evaluate --html only
    side: str = ""  # evaluate --html only: "gold" or "pred"
    row: dict[str, str] = field(default_factory=dict)  # the cells of its line in the article's table
    level: int = 0  # set by assign_levels: which underline it is among those it overlaps

    @property
    def classes(self) -> str:
        return " ".join(dict.fromkeys([f"c-{self.colour}", *(f"f-{key}" for key in self.filters)]))


@dataclass
class Segment:
    """A stretch of text between two fact boundaries, with the marks covering it (lowest level first)."""

    text: str
    marks: list[Mark]
    labels: list[Mark]  # marks that end here: their labels follow the segment


def assign_levels(marks: Sequence[Mark]) -> int:
    """Give each mark the lowest underline level no overlapping mark holds; returns how many levels.

    Marks in text order (longer first at one start), each takes the lowest level
    free at its start, so a fact keeps one level over all its segments.
    """
    ends_by_level: list[int] = []
    for mark in sorted(marks, key=lambda m: (m.start, -m.end, m.number)):
        level = next((i for i, end in enumerate(ends_by_level) if end <= mark.start), len(ends_by_level))
        if level == len(ends_by_level):
            ends_by_level.append(mark.end)
        else:
            ends_by_level[level] = mark.end
        mark.level = level
    return len(ends_by_level)


def segments(text: str, marks: Sequence[Mark]) -> list[Segment]:
    """The text cut at every mark boundary; every character is in exactly one segment.

    The marks must lie inside the text (:func:`check_span`) and have their levels
    (:func:`assign_levels`): a segment lists its marks by level.  A mark's label
    follows the first segment after its end that no mark runs across, so a label
    never cuts the text of another fact ("16.125 Canadian dollars" is read whole,
    then the labels of the money and of "Canadian").

    >>> money, country = Mark(1, 0, 13, "m", "money", "k0", ("k0",), "", ""), Mark(2, 3, 11, "c", "country", "k1", ("k1",), "", "")
    >>> _ = assign_levels([money, country])
    >>> [(s.text, [m.number for m in s.marks], [m.number for m in s.labels]) for s in segments("C$ Canadian 5 and", [money, country])]
    [('C$ ', [1], []), ('Canadian', [1, 2], []), (' 5', [1], [1, 2]), (' and', [], [])]
    """
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    result: list[Segment] = []
    pending: list[Mark] = []
    for start, end in zip(cuts, cuts[1:]):
        covering = sorted((m for m in marks if m.start < end and start < m.end), key=lambda m: m.level)
        pending.extend(m for m in marks if m.end == end)
        labels = []
        if not any(m.start < end < m.end for m in marks):
            labels, pending = sorted(pending, key=lambda m: (m.start, m.number)), []
        result.append(Segment(text[start:end], covering, labels))
    return result


def check_span(fact: dict, text: str) -> str | None:
    """Why a fact cannot be drawn on its article's text, or None when it can."""
    start, end = fact.get("start"), fact.get("end")
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) or isinstance(end, bool):
        return "its offsets are not whole numbers"
    if not 0 <= start < end <= len(text):
        return f"its offsets {start}-{end} fall outside the article's text ({len(text)} characters)"
    if "text" in fact and fact["text"] != text[start:end]:
        return f"its text {_quote(fact['text'])} is not the article's {_quote(text[start:end])} there (another version of the article?)"
    return None


def _quote(text: Any) -> str:
    text = str(text)
    return repr(text if len(text) <= QUOTE else text[: QUOTE - 1] + "…")


def _describe(fact: dict, where: str) -> str:
    return f"{where}: {fact.get('type')} fact {_quote(fact.get('text', ''))} at {fact.get('start')}-{fact.get('end')} of article {fact.get('article_id')!r}"


# --- the page -------------------------------------------------------------------------------


@dataclass
class LegendEntry:
    """A legend line that is also a filter: its checkbox hides the marks and rows of its key."""

    key: str  # CSS-safe: the classes c-<key> (colour) and f-<key> (filter)
    name: str
    count: int
    colour: str | None


@dataclass
class ArticleView:
    """One article on a page: its text cut into segments, and its marks in text order (the table)."""

    article: Article
    segments: list[Segment]
    marks: list[Mark]
    levels: int  # how many underline levels its text needs

    @classmethod
    def of(cls, article: Article, marks: list[Mark]) -> ArticleView:
        levels = assign_levels(marks)
        return cls(article, segments(article.text, marks), marks, levels)


@dataclass
class Page:
    """Everything a review template shows; :func:`render` turns it into HTML."""

    title: str
    sources: list[str]
    articles: list[ArticleView]
    legends: list[tuple[str, list[LegendEntry]]]  # (heading, entries): one filter group each
    columns: list[str]  # the per-article table's columns, besides the text
    warnings: list[str] = field(default_factory=list)
    scores: list[dict[str, Any]] = field(default_factory=list)  # evaluate --html: the score table
    notes: list[str] = field(default_factory=list)

    @property
    def fact_count(self) -> int:
        return sum(len(view.marks) for view in self.articles)

    @property
    def max_levels(self) -> int:
        return max((view.levels for view in self.articles), default=0)


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


#: the one template of both pages (package data: ``pipeline/templates/``)
TEMPLATE = "review.html.j2"


def render(page: Page, template: str = TEMPLATE) -> str:
    """The page as HTML, styles and script inline: it opens without a network."""
    colours = {entry.key: entry.colour for _, entries in page.legends for entry in entries if entry.colour}
    filter_keys = [entry.key for _, entries in page.legends for entry in entries]
    return _environment().get_template(template).render(page=page, colours=colours, filter_keys=filter_keys)


def write_page(page: Page, out: str | os.PathLike[str]) -> None:
    """Render ``page`` into ``out``, replacing it only once the whole page is written."""
    html = render(page)
    with atomic_writer(out) as handle:
        handle.write(html)


# --- reading what a page shows ------------------------------------------------------------


def check_inputs(paths: Sequence[str], out: str | Path, *others: str | Path) -> None:
    """Refuse, before any work, an article path that is not there, and an ``out`` that is a directory,
    an input (the article paths, or ``others``: the facts, gold or prediction files) or lies inside an
    article directory (as ``extract --out`` may not)."""
    if not paths:
        raise ReviewError("no article paths: --articles names the files or directories the facts came from")
    for raw in paths:
        path = Path(raw)
        if raw == STDIN:
            continue
        if not path.exists():
            raise InputError(f"{path}: no such file or directory")
        if path.is_file() and not article_kind(path):
            raise InputError(f"{path}: not an article file (.txt, .jsonl, .ndjson, .jsonl.gz, .ndjson.gz)")
    target = Path(out)
    if target.is_dir():
        raise OutputError(f"{target}: is a directory: --out takes the HTML file to write")
    resolved = target.resolve()
    for given in [*paths, *others]:
        if given == STDIN:
            continue
        if resolved == Path(given).resolve():
            raise OutputError(f"{target}: is an input of this command: choose another file for the page")
        if given in paths and Path(given).is_dir() and Path(given).resolve() in resolved.parents:
            raise OutputError(f"{target}: lies inside the article directory {given}: choose a file outside it")


def read_texts(paths: Sequence[str], warnings: list[str]) -> dict[str, Article]:
    """The articles under ``paths`` by id, read as ``extract`` reads them; the first of an id wins.

    An article that cannot be read, and a later article with an id already read, is a warning.
    """
    articles: dict[str, Article] = {}
    for item in read_articles(paths):
        if isinstance(item, ArticleError):
            warnings.append(f"{item}: article not shown")
        elif item.id in articles:
            warnings.append(f"{item.origin}: article {item.id!r} again (first read at {articles[item.id].origin}): not shown")
        else:
            articles[item.id] = item
    if not articles:
        raise ReviewError(f"no article could be read from {', '.join(paths)}")
    return articles


def _select(articles: dict[str, Article], only: Sequence[str] | None) -> list[Article]:
    if not only:
        return list(articles.values())
    unknown = [article_id for article_id in only if article_id not in articles]
    if unknown:
        raise ReviewError(f"--article {', '.join(map(repr, unknown))}: no such article in the given articles")
    wanted = set(only)
    return [article for article in articles.values() if article.id in wanted]


def _legend(keys: Iterable[str], counts: Counter[str], prefix: str, colours: dict[str, str] | None) -> list[LegendEntry]:
    spare = iter(SPARE_COLOURS * (1 + len(counts)))
    entries = []
    for i, name in enumerate(keys):
        colour = None if colours is None else colours.get(name) or next(spare)
        entries.append(LegendEntry(f"{prefix}{i}", name, counts[name], colour))
    return entries


def _types_in_order(types: Iterable[str]) -> list[str]:
    """Known types in the usual order, then any others alphabetically."""
    present = set(types)
    return [t for t in TYPE_COLOURS if t in present] + sorted(present - TYPE_COLOURS.keys())


def _unknown_articles(facts: dict[str, list[dict]], known: Iterable[str], where: str) -> str | None:
    missing = sorted(set(facts) - set(known))
    if not missing:
        return None
    count = sum(len(facts[a]) for a in missing)
    shown = ", ".join(map(repr, missing[:5])) + (", …" if len(missing) > 5 else "")
    return f"{where}: {count} facts of {len(missing)} articles not among the given articles ({shown}): not shown"


# --- factpipe show ------------------------------------------------------------------------


def show_page(facts_path: str | Path, article_paths: Sequence[str], only: Sequence[str] | None = None) -> Page:
    """The page of ``factpipe show``: the articles' texts with the facts of ``facts_path`` marked by type."""
    from .evaluate import read_predictions

    facts = read_predictions(facts_path)
    warnings: list[str] = []
    articles = _select(read_texts(article_paths, warnings), only)
    if not only and (note := _unknown_articles(facts, (a.id for a in articles), str(facts_path))):
        warnings.append(note)
    drawable: dict[str, list[dict]] = {}
    for article in articles:
        drawable[article.id] = []
        for fact in facts.get(article.id, []):
            problem = check_span(fact, article.text)
            if problem:
                warnings.append(f"{_describe(fact, str(facts_path))}: {problem}: not shown")
            else:
                drawable[article.id].append(fact)
    types = _types_in_order(f["type"] for fs in drawable.values() for f in fs)
    legend = _legend(types, Counter(f["type"] for fs in drawable.values() for f in fs), "k", TYPE_COLOURS)
    key_of = {entry.name: entry.key for entry in legend}
    numbers = itertools.count(1)
    views = []
    for article in articles:
        marks = [
            Mark(
                number=next(numbers),
                start=fact["start"],
                end=fact["end"],
                fact_id=str(fact.get("id") or fact_id(article.id, fact["type"], fact["start"], fact["end"])),
                type=fact["type"],
                colour=key_of[fact["type"]],
                filters=(key_of[fact["type"]],),
                label=value_label(fact),
                title=tooltip(fact),
                row={"type": fact["type"], "value": value_label(fact), "rule": str(fact.get("rule") or "")},
            )
            for fact in sorted(drawable[article.id], key=lambda f: (f["start"], f["end"]))
        ]
        views.append(ArticleView.of(article, marks))
    return Page(
        title=f"factpipe show: {facts_path}",
        sources=[str(facts_path), *article_paths],
        articles=views,
        legends=[("Fact types", legend)],
        columns=["type", "value", "rule"],
        warnings=warnings,
    )


# --- factpipe evaluate --html ---------------------------------------------------------------

#: what each outcome says on its label, by the side of the marked fact
_OUTCOME_WORDS = {
    (HIT, "pred"): "hit",
    (MISS, "gold"): "miss",
    (FALSE_ALARM, "pred"): "false alarm",
    (WRONG_VALUE, "gold"): "wrong value (gold)",
    (WRONG_VALUE, "pred"): "wrong value (predicted)",
    (OPTIONAL, "gold"): "optional (gold)",
    (OPTIONAL, "pred"): "optional (predicted)",
}


def _outcome_label(outcome: FactOutcome) -> str:
    """``miss: P1W``; a wrong value names the other side's value, a hit the gold span when it differs."""
    own = value_label(outcome.fact)
    words = _OUTCOME_WORDS[(outcome.outcome, outcome.side)]
    other = outcome.other
    if outcome.outcome == HIT and other is not None:  # the keys agree: the gold value is in the tooltip
        if (other["start"], other["end"]) != (outcome.fact["start"], outcome.fact["end"]):
            words += f" (gold span {_quote(other.get('text', ''))})"
        return f"{words}: {own}"
    if other is None:
        return f"{words}: {own}"
    return f"{words}: {own}; {'gold' if outcome.side == 'pred' else 'predicted'} {value_label(other)}"


def _outcome_title(outcome: FactOutcome) -> str:
    side = "gold" if outcome.side == "gold" else "predicted"
    title = f"{outcome.outcome} ({side} fact)\n{tooltip(outcome.fact)}"
    if outcome.other is not None:
        other = "gold" if outcome.side == "pred" else "predicted"
        title += f"\n\n{other} fact:\n{tooltip(outcome.other)}"
    return title


def score_rows(report: Report) -> list[dict[str, Any]]:
    """The score table: one row per type and mode, then overall, then the country set when scored."""
    rows = []
    for mode in ("relaxed", "strict"):
        table = report.relaxed if mode == "relaxed" else report.strict
        for name, counts in [*((t, table[t]) for t in report.types), ("overall", report.overall(mode))]:
            rows.append({"type": name, "mode": mode, **counts.to_json()})
    if "country" in report.types:
        rows.append({"type": "country set", "mode": "per article", **report.country_set.to_json()})
    return rows


def evaluate_page(
    report: Report,
    gold: dict[str, dict],
    gold_paths: Sequence[str],
    pred_path: str | Path,
    article_paths: Sequence[str],
) -> Page:
    """The page of ``evaluate --html``: the scores, then each gold article with its facts marked by outcome."""
    warnings: list[str] = []
    texts = read_texts(article_paths, warnings)
    shown = [article for article in texts.values() if article.id in gold]
    missing = [article_id for article_id in gold if article_id not in texts]
    if missing:
        listed = ", ".join(map(repr, missing[:5])) + (", …" if len(missing) > 5 else "")
        warnings.append(f"{len(missing)} gold articles not among the given articles ({listed}): scored, not shown")
    by_article: dict[str, list[FactOutcome]] = {}
    for outcome in report.outcomes:
        by_article.setdefault(outcome.article_id, []).append(outcome)
    drawable: dict[str, list[FactOutcome]] = {}
    for article in shown:
        drawable[article.id] = []
        for outcome in by_article.get(article.id, []):
            problem = check_span(outcome.fact, article.text)
            where = ", ".join(gold_paths) if outcome.side == "gold" else str(pred_path)
            if problem:
                warnings.append(f"{_describe({'article_id': article.id, **outcome.fact}, where)}: {problem}: not shown")
            else:
                drawable[article.id].append(outcome)
    all_drawn = [o for outcomes in drawable.values() for o in outcomes]
    outcome_legend = _legend(OUTCOMES, Counter(o.outcome for o in all_drawn), "o", OUTCOME_COLOURS)
    type_legend = _legend(report.types, Counter(o.fact["type"] for o in all_drawn), "t", None)
    outcome_key = {entry.name: entry.key for entry in outcome_legend}
    type_key = {entry.name: entry.key for entry in type_legend}
    numbers = itertools.count(1)
    views = []
    for article in shown:
        marks = []
        for outcome in sorted(drawable[article.id], key=lambda o: (o.fact["start"], o.fact["end"], o.side)):
            fact = outcome.fact
            own_id = fact.get("id") if outcome.side == "pred" else None
            identity = str(own_id or fact_id(article.id, fact["type"], fact["start"], fact["end"]))
            gold_fact = outcome.fact if outcome.side == "gold" else outcome.other
            pred_fact = outcome.fact if outcome.side == "pred" else outcome.other
            marks.append(
                Mark(
                    number=next(numbers),
                    start=fact["start"],
                    end=fact["end"],
                    fact_id=f"{outcome.side}:{identity}",
                    type=fact["type"],
                    colour=outcome_key[outcome.outcome],
                    filters=(outcome_key[outcome.outcome], type_key[fact["type"]]),
                    label=_outcome_label(outcome),
                    title=_outcome_title(outcome),
                    outcome=outcome.outcome,
                    side=outcome.side,
                    row={
                        "outcome": outcome.outcome,
                        "type": fact["type"],
                        "gold": value_label(gold_fact) if gold_fact else "",
                        "predicted": value_label(pred_fact) if pred_fact else "",
                    },
                )
            )
        views.append(ArticleView.of(article, marks))
    predicted = sum(1 for o in report.outcomes if o.side == "pred")
    return Page(
        title=f"factpipe evaluate: {pred_path}",
        sources=[f"gold: {', '.join(gold_paths)}", f"predictions: {pred_path}", f"articles: {', '.join(article_paths)}"],
        articles=views,
        legends=[("Outcomes", outcome_legend), ("Fact types", type_legend)],
        columns=["outcome", "type", "gold", "predicted"],
        warnings=warnings,
        scores=score_rows(report),
        notes=[
            f"{len(gold)} gold articles, {predicted} predicted facts of the scored types ({', '.join(report.types)}) in them; "
            "relaxed matching marks the text: a hit is the predicted fact, with the gold value it matched in its tooltip"
        ],
    )
