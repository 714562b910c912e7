"""Dates: temporal expressions with TIMEX3 values, resolved against publication.

Candidates come from two sources: the rule grammar of :mod:`.timex` run over
the text (it finds what the small model's NER misses: "now", "Friday",
"three-year", "the past three decades") and the model's DATE/TIME entities,
trimmed of a leading preposition, where no rule matched or was turned down.
Rule spans win overlaps; each rule declares the context checks that may turn
its match down (ages, rates, counts, "May" the modal or the surname), and
:data:`CHECKS` implements them on the tagged text.
The tagger supplies what the text alone cannot: the tense of the clause (a
bare "Tuesday" in a past-tense clause is the last one, see
:func:`clause_tense`).  Normalization is :func:`.timex.apply`, a pure function
of the text, the publication date, the dates mentioned before and the tense.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .. import explain
from ..data import read_dir
from ..records import Article, BaseFact, DateFact
from . import FactExtractor, Intervals, doc_index, doc_text
from ._text import Check, first_reason, window_before
from ._timex import (  # noqa: F401  (re-exported: the public normalization API)
    GRAMMAR,
    MONTH_REACH,
    RULES_BY_NAME,
    YEAR,
    Context,
    Tense,
    Timex,
    apply,
    calendar_bounds,
    duration_value,
    find,
    normalize,
    parse_point,
    point_value,
    timex,
    unit_code,
    vocab,
)

NER_PREFIX = "ner_"

log = logging.getLogger(__name__)

#: rules whose value is derived from an earlier date rather than named by the text
_DERIVED = {"ago", "later", "year_ago_adj"}



# --- tense ----------------------------------------------------------------------

_PAST_AUX = {"has", "have", "had", "'ve"}
_BE = {"is", "are", "am", "be", "been", "being", "was", "were", "'s", "'re", "'m"}


def _classify(doc: Doc, i: int, sent_start: int, near: bool = False, before: bool = False) -> Tense:
    """The tense a token marks, if any: modal future, past, present.

    ``near``: the token is a few words before the expression, close enough for
    an infinitive ("plans to leave Friday") to mark the future; ``before``: it
    precedes the expression, so a verb of planning governs it even in the past.
    """
    tok = doc[i]
    tag, low = tok.tag_, tok.lower_
    if low in _future_verbs() and tag.startswith("VB") and (before or tag != "VBD"):
        if _after_had(doc, i - 1, sent_start):
            return "past"  # "had planned a rally on Saturday": a plan overtaken, its day is past
        return "future"  # "planned a rally on Saturday": the plan is past, the rally is not
    if near and tag == "VB" and i > sent_start and doc[i - 1].lower_ == "to":
        if _after_had(doc, i - 2, sent_start):
            return "past"  # "had been due to expire Friday": a plan overtaken, its day is past
        return "future"
    if tag == "MD":
        return "future" if low in _future_markers() else None
    if low == "going" and i + 1 < len(doc) and doc[i + 1].lower_ == "to":
        return "future"
    if tag == "VBD":
        return "past"
    if tag == "VBN":
        preceding = [doc[j].lower_ for j in range(max(sent_start, i - 3), i)]
        if any(w in _PAST_AUX for w in preceding):
            return "past"
        if any(w in _BE for w in preceding):
            return None  # passive: the auxiliary decides
        return "past"  # a participle clause: "announced Friday"
    if tag in ("VBZ", "VBP"):
        return "present"
    return None


def _after_had(doc: Doc, j: int, sent_start: int) -> bool:
    """The verb group ending at token ``j`` is a past perfect ("had been scheduled", "had previously been due")."""
    while j >= sent_start and j > 0 and doc[j].tag_.startswith(("VB", "RB", "JJ")):
        if doc[j].lower_ == "had":
            return True
        j -= 1
    return False


def _future_markers() -> set[str]:
    return set(vocab()["future_markers"])


def _future_verbs() -> set[str]:
    return set(vocab()["future_verbs"])


def clause_tense(doc: Doc, start: int, end: int) -> Tense:
    """The tense nearest the expression: the last marker before it in the sentence, else the first after.

    A main verb seen before its modal ("will meet" read backwards) defers to
    the modal, so "will meet Friday" is future.  A paragraph break ends the
    search (the sentence splitter does not always see one).  A possessive
    weekday ("Wednesday's ruling") names an event already reported: past; a
    date after "effective" or "through" is still to come: future.
    """
    if end < len(doc) and doc[end].tag_ == "POS":
        return "past"
    if start > 0 and doc[start - 1].lower_ in vocab()["future_prepositions"]:
        return "future"  # "effective Feb. 1", "loans through January": a date still to come
    if _deadline(doc, start):
        return "future"
    sent = doc_index(doc).sent(start)
    i = start - 1
    while i >= sent.start:
        if i < start - 4:  # beyond the near words: the marker before is the same for every later expression
            i = _marker_before(doc, i, sent.start)
            if i < sent.start:
                break
        if "\n" in doc[i].text:
            break
        tense = _classify(doc, i, sent.start, near=start - i <= 4, before=True)
        if tense is None:
            i -= 1
            continue
        if tense == "present" or (doc[i].tag_ == "VB"):
            # look back over the verb group for a modal or "to"
            for j in range(i - 1, max(sent.start, i - 4) - 1, -1):
                if doc[j].tag_ == "MD":
                    return "future" if doc[j].lower_ in _future_markers() else tense
                if not doc[j].tag_.startswith(("RB", "VB")):
                    break
        return tense
    i = _marker_after(doc, end, sent.start, sent.end)
    if i < sent.end and "\n" not in doc[i].text:
        return _classify(doc, i, sent.start)
    return None


def _marker_before(doc: Doc, i: int, sent_start: int) -> int:
    """The last token at or before ``i`` (in its sentence, from ``sent_start``) that marks a tense
    or holds a line break, as :func:`clause_tense` reads words not near the expression; below
    ``sent_start`` when none.

    Remembered per Doc: scanning back anew for every expression is quadratic in a
    sentence of dates and no verb.
    """
    memo = doc_index(doc).memo.setdefault(_marker_before, {})
    seen = []
    while i >= sent_start and i not in memo:
        if "\n" in doc[i].text or _classify(doc, i, sent_start, before=True) is not None:
            memo[i] = i
            break
        seen.append(i)
        i -= 1
    found = memo[i] if i >= sent_start else i  # below the sentence: none (a memo there is another sentence's)
    for j in seen:
        memo[j] = found
    return found


def _marker_after(doc: Doc, i: int, sent_start: int, sent_end: int) -> int:
    """The first token at or after ``i`` (before ``sent_end``) that marks a tense or holds a line
    break, as :func:`clause_tense` reads the words after the expression; ``sent_end`` when none.

    Remembered per Doc, as :func:`_marker_before`.
    """
    memo = doc_index(doc).memo.setdefault(_marker_after, {})
    seen = []
    while i < sent_end and i not in memo:
        if "\n" in doc[i].text or _classify(doc, i, sent_start) is not None:
            memo[i] = i
            break
        seen.append(i)
        i += 1
    found = memo[i] if i < sent_end else i  # past the sentence: none (a memo there is another sentence's)
    for j in seen:
        memo[j] = found
    return found


def _deadline(doc: Doc, start: int) -> bool:
    """"until Tuesday", "as soon as Tuesday": a deadline or earliest day, still to come.

    Not "up until Thursday", "not until Tuesday" or a sentence-opening "Until
    Thursday, ...", which look back on a day already past.  A clock time may
    come between ("until 9 a.m. Tuesday").  Only a day of the week or a clock
    time: "served until March" in a biography is past, and a month's year is
    settled by its distance from publication.
    """
    first = doc[start]
    if not (first.lower_ in vocab()["weekdays"] or first.like_num or first.lower_ in ("noon", "midnight")):
        return False
    i = doc_index(doc).run_end(_deadline, start - 1, -1, _clock_word)
    if i < 0:
        return False
    words = [t.lower_ for t in window_before(doc, i + 1, 3)]
    if words[-3:] == ["as", "soon", "as"]:
        return True
    if words[-1] not in ("until", "till"):
        return False
    return not doc[i].is_sent_start and (len(words) < 2 or words[-2] not in ("up", "not"))


def _clock_word(tok: Token) -> bool:
    """A number, a time of day or a time zone: what :func:`_deadline` passes over back to "until"."""
    return tok.like_num or tok.lower_ in ("a.m.", "p.m.", "am", "pm", "noon", "midnight") or tok.text in (
        "EST", "EDT", "GMT", "PST", "PDT", "CST", "CDT"
    )


# --- the spaCy side ------------------------------------------------------------


@Language.factory(
    "factpipe_date",
    default_config={"data_dir": None, "month_reach": MONTH_REACH, "dateparser": True},
)
def make_date_component(nlp: Language, name: str, data_dir: str | None, month_reach: int, dateparser: bool) -> DateComponent:
    """``data_dir``: a directory of user data files (``dates.json`` cannot be extended: the grammar is
    compiled from the built-in one); ``month_reach``: how many days from publication a date without
    a year may lie before the other year is nearer; ``dateparser``: whether dateparser reads the
    calendar dates no rule reads."""
    read_dir(data_dir)  # a bad user file fails here too, whichever component reads it
    vocab()  # a bad dates.json fails here, when the pipeline is built
    return DateComponent(DateSettings(month_reach, dateparser))


@dataclass(frozen=True)
class DateSettings:
    """The date component's tunables, left on each Doc it marks for the extractor."""

    month_reach: int = MONTH_REACH
    dateparser: bool = True


#: the ``doc.user_data`` key of the :class:`DateSettings` of the component that marked the Doc
SETTINGS_KEY = "factpipe_date_settings"


def _is_not_month(doc: Doc, span: Span) -> bool:
    """A bare month name that is something else.

    "may" the modal and "march" the verb; a noun after an article and before a
    preposition ("the annual March for Life"); a surname after a given name
    ("Theresa May"); the head of a name, before "of" and a capitalized word
    ("the March of the Combatant Mothers").
    """
    if len(span) != 1:
        return False
    tok = span[0]
    if tok.tag_ == "MD" or tok.tag_.startswith("VB"):
        return True
    if tok.i > 0:
        prev = doc[tok.i - 1]
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if (prev.lower_ in vocab()["noun_determiners"] or prev.tag_ == "JJ") and (nxt is None or nxt.tag_ in ("IN", ".", ",")):
            return True  # "the March for Life"; but "the October slaying" is a date
        if prev.tag_ == "NNP" and prev.is_title and not prev.is_sent_start and prev.lower_ not in vocab()["weekdays"]:
            return True
    after = [t for t in doc[tok.i + 1 : tok.i + 4] if t.lower_ != "the"]
    named = tok.i > 0 and (doc[tok.i - 1].lower_ in vocab()["noun_determiners"] or doc[tok.i - 1].is_quote)
    if named and len(after) >= 2 and after[0].lower_ == "of" and after[1].is_title and not after[1].like_num:
        return True  # "the March of the Combatant Mothers": a name; not "in March of President X's first year"
    return False




def _is_count(doc: Doc, span: Span) -> bool:
    """"about 2000 people": a four-digit number counting something is not a year."""
    if len(span) != 1 or span.end >= len(doc) or span.start == 0:
        return False
    return doc[span.end].tag_ == "NNS" and doc[span.start - 1].lower_ in vocab()["count_quantifiers"]


def _is_ordinal(doc: Doc, span: Span) -> bool:
    """"a second group": the ordinal, not a second of time."""
    if span[-1].lower_ != "second" or span.end >= len(doc):
        return False
    return doc[span.end].tag_ in ("NN", "NNS", "JJ", "NNP")


def _after_amount(doc: Doc, span: Span) -> bool:
    """A number, a sum of money or a percentage among the three tokens before ``span``."""
    before = window_before(doc, span.start, 3)
    return any(t.like_num or t.tag_ in ("$", "CD") or t.text == "%" for t in before)


def _is_rate(doc: Doc, span: Span) -> bool:
    """"$55 a night", "700 seats a week", the "a day" of "24 hours a day": a rate, not a length of time."""
    return span[0].lower_ in ("a", "an", "per") and span.start > 0 and _after_amount(doc, span)


def _is_rate_adverb(doc: Doc, span: Span) -> bool:
    """"rise 8.5% annually", "10,000 units annually": a rate, as "8.5% a year" is, not a set."""
    return _after_amount(doc, span)


def _is_not_current_time(doc: Doc, span: Span) -> bool:
    """ "current" is a time only as an adjective before a noun, and not in "current account"."""
    tok = span[-1]
    nxt = doc[span.end] if span.end < len(doc) else None
    if tok.tag_ != "JJ" or nxt is None or not nxt.tag_.startswith(("NN", "JJ", "VBG")):
        return True
    return nxt.lower_ in vocab()["current_not_time"]


def _is_title(doc: Doc, span: Span) -> bool:
    """ABC's "This Week", CBS's "60 Minutes": a capitalized unit word inside running text names a show.

    Not at the start of a sentence, and not in a headline (no lowercase words).
    """
    unit = span[-1]
    units = vocab()["units"]
    if not unit.is_title or not (unit.lower_ in units or unit.lower_[:-1] in units) or span[0].is_sent_start:
        return False
    return doc_index(doc).sent_count(span.start, "lower_word_4", lambda t: t.is_alpha and t.is_lower and len(t) > 3) > 0


def _is_fraction(doc: Doc, span: Span) -> bool:
    """"more than a quarter of the market", "a quarter of U.S. households": a share of something
    named, not three months.

    "a quarter of a century" stays a length of time (a unit follows), and so does
    "several quarters of losses" (no determiner or name: what the time was spent on).
    """
    if span[-1].lower_ not in ("quarter", "quarters", "half") or span.end + 2 >= len(doc) or doc[span.end].lower_ != "of":
        return False
    det = doc[span.end + 1]
    if det.tag_ in ("NNP", "NNPS"):
        return True
    if det.tag_ not in ("DT", "PRP$", "PDT"):
        return False
    return unit_code(doc[span.end + 2].text) is None and not doc[span.end + 2].like_num


def _is_name_word(doc: Doc, span: Span) -> bool:
    """"USA Today", "VOA Today": a capitalized "Today" after an acronym, inside running text, names
    a newspaper or a programme.

    Not in a headline ("Markets Rally Today"), where every word is capitalized.
    """
    tok = span[0]
    if len(span) != 1 or not tok.is_title or tok.is_sent_start or tok.i == 0:
        return False
    prev = doc[tok.i - 1]
    if not (prev.is_upper and prev.is_alpha and len(prev) > 1):
        return False
    return _in_running_text(doc, tok.i)


def _is_season_modifier(doc: Doc, span: Span) -> bool:
    """"a winter coat", "summer camp": a season with no article right before a common noun
    modifies it and names a kind of thing, not a time ("the summer months" keeps its article
    and stays a date).  The pipeline has no parser: the tag of the next word decides."""
    if span[0].lower_ == "the" or span.end >= len(doc):
        return False
    return doc[span.end].tag_ in ("NN", "NNS") and doc[span.end].is_lower


def _is_family_name(doc: Doc, span: Span) -> bool:
    """"the Ramadan family", "the Friday brothers": a capitalized day or holiday before a word for
    kin (``kin_nouns`` in dates.json) is a surname."""
    return span[0].is_title and span.end < len(doc) and doc[span.end].lower_ in vocab()["kin_nouns"]


def _is_first_name(doc: Doc, span: Span) -> bool:
    """"Ramadan Kadyrov", "Eid Mohamed": a holiday's name right before a proper noun, in running
    text (not a headline, where every word is capitalized), is a person's or a thing's name.
    A month or weekday after it ("Easter Monday" is a holiday of its own) is not a name."""
    if span.end >= len(doc) or not span[-1].is_title:
        return False
    after = doc[span.end]
    if not (after.is_title and after.tag_ == "NNP") or after.lower_.rstrip(".") in _calendar_words():
        return False
    return _in_running_text(doc, after.i)


def _in_running_text(doc: Doc, i: int) -> bool:
    """Token ``i``'s sentence holds a lower-case word: running text, not a headline whose every
    word is capitalized."""
    return doc_index(doc).sent_count(i, "lower_word_2", lambda t: t.is_alpha and t.is_lower and len(t) > 1) > 0


def _calendar_words() -> frozenset[str]:
    return frozenset(w.lower() for key in ("months", "weekdays") for w in vocab()[key])


def _is_event_anchored(doc: Doc, span: Span) -> bool:
    """"the day before authorities issued a warrant", "the day before returning home": the day is
    counted from an event a clause names, not from the last date, so it cannot be resolved.

    "He had arrived the day before." and "the day after his death" (a noun phrase,
    usually the event just dated) stay anaphoric.
    """
    if span[-1].lower_ not in ("before", "after") or span.end >= len(doc):
        return False
    if doc[span.end].tag_ == "VBG":
        return True
    for tok in doc[span.end : span.end + 4]:
        if tok.is_punct or "\n" in tok.text or tok.tag_ in ("CC", "WDT", "WP"):
            return False  # "the day before and was tired", "the day after the attack that killed ..."
        if tok.tag_ in ("VBD", "VBZ", "VBP", "MD"):
            return True
    return False


def _is_generic_time(doc: Doc, span: Span) -> bool:
    """"today's youth", "in today's world", "the people of tomorrow": the present or future age,
    not the day of publication (the nouns are ``generic_day_nouns`` in ``dates.json``)."""
    if len(span) != 1 or span[0].lower_ not in ("today", "tomorrow"):
        return False
    generic = vocab()["generic_day_nouns"]
    if span.start > 1 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].lower_ in generic:
        return True  # "the people of tomorrow"; not "by the end of today"
    if span.end + 1 >= len(doc) or doc[span.end].tag_ != "POS":
        return False
    i = span.end + 1
    while i < len(doc) - 1 and doc[i].tag_ == "JJ":
        i += 1  # "today's personal computers"
    return doc[i].lower_ in generic


def _is_count_after_day(doc: Doc, span: Span) -> bool:
    """"Clashes on May 5 and 6 people were killed": the number counts what follows, it is no day."""
    return span.end < len(doc) and (doc[span.end].tag_.startswith("NN") or doc[span.end].like_num)


def _is_adjective_past(doc: Doc, span: Span) -> bool:
    """"the past three summers": "past" qualifies what follows, it is not the past itself."""
    return span.text.lower() == "the past" and span.end < len(doc) and doc[span.end].like_num


def _is_constant_rate(doc: Doc, span: Span) -> bool:
    """"24 hours a day", "seven days a week": round the clock, not a length of time.

    Not "sentenced to 10 years a decade ago": there "a decade ago" is a date of its own.
    """
    nxt = doc[span.end : span.end + 3]
    if len(nxt) < 2 or nxt[0].lower_ not in ("a", "per", "an") or unit_code(nxt[1].text) is None:
        return False
    return len(nxt) < 3 or nxt[2].lower_ not in ("ago", "later", "earlier", "after", "before", "from")


def _is_age(doc: Doc, span: Span) -> bool:
    """"44-year-old", "aged 52", "52 years old": an age, not a duration."""
    nxt = doc[span.end : span.end + 2]
    if len(nxt) and nxt[0].lower_ in ("old", "-old") or (len(nxt) == 2 and nxt[0].text == "-" and nxt[1].lower_ == "old"):
        return True
    return span.start > 0 and doc[span.start - 1].lower_ in ("aged", "age")


#: the model's labels of a name a temporal word can be part of ("The Sunday Times", "Tuesday Weld",
#: "Easter Island", "the Good Friday Agreement")
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "WORK_OF_ART", "PRODUCT", "NORP", "LAW", "EVENT"})


def _is_in_a_name(doc: Doc, span: Span) -> bool:
    """A capitalized temporal word inside a longer name the model reads: the name's entity holds
    the span and a capitalized word next to it ("The Sunday Times", "April Ryan", "Daily Mail")."""
    if not span[0].text[:1].isupper():
        return False
    ent = doc_index(doc).ent_at(span.start)
    if ent is None or ent.label_ not in _NAME_LABELS or ent.end < span.end or (ent.start == span.start and ent.end == span.end):
        return False
    neighbours = [doc[span.start - 1]] if ent.start < span.start else []
    neighbours += [doc[span.end]] if ent.end > span.end else []
    return any(t.text[:1].isupper() and t.is_alpha for t in neighbours)


#: checks every rule's match goes through first
ANY_RULE: tuple[Check, ...] = (("in_a_name", _is_in_a_name),)

#: the context checks a rule may declare (``@rule(..., rejects=(...))`` in ``_timex``), by name
CHECKS: dict[str, Callable[[Doc, Span], bool]] = {
    "not_month": _is_not_month,
    "count": _is_count,
    "age": _is_age,
    "rate": _is_rate,
    "ordinal": _is_ordinal,
    "title": _is_title,
    "fraction": _is_fraction,
    "constant_rate": _is_constant_rate,
    "rate_adverb": _is_rate_adverb,
    "not_current_time": _is_not_current_time,
    "name_word": _is_name_word,
    "generic_time": _is_generic_time,
    "adjective_past": _is_adjective_past,
    "event_anchored": _is_event_anchored,
    "count_after_day": _is_count_after_day,
    "family_name": _is_family_name,
    "first_name": _is_first_name,
    "season_modifier": _is_season_modifier,
}


def _rule_checks() -> dict[str, tuple[Check, ...]]:
    """Per rule, the checks its match goes through, in order; a rule that declares a check
    no one implements is a bug, found when this module loads."""
    found = {}
    for rule in GRAMMAR.rules:
        missing = [name for name in rule.rejects if name not in CHECKS]
        if missing:
            raise RuntimeError(f"date rule {rule.name!r} declares unknown checks {missing}")
        found[rule.name] = ANY_RULE + tuple((name, CHECKS[name]) for name in rule.rejects)
    return found


RULE_CHECKS = _rule_checks()

#: why a model entity is dropped (:func:`_ner_rejection`) and why a candidate gives no date
_DROPS = ("age", "rule_context", "unreadable", "date_not_normalized")
explain.declare("date", [name for name, _ in ANY_RULE] + list(CHECKS) + list(_DROPS))


class DateComponent:
    """Rule candidates over the text, plus NER DATE/TIME entities that no rule covers."""

    def __init__(self, settings: DateSettings | None = None):
        self.settings = settings or DateSettings()

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data[SETTINGS_KEY] = self.settings
        spans: list[Span] = []
        taken = Intervals()
        for match in find(doc_text(doc)):
            span = doc.char_span(match.start, match.end, label=match.rule, alignment_mode="expand")
            if span is None or not len(span):
                continue
            if taken.overlaps(span.start, span.end):
                continue
            reason = first_reason(RULE_CHECKS[match.rule], doc, span)
            if reason is not None:
                taken.add(span.start, span.end)  # rejected: NER must not bring it back
                explain.rejected(doc, "date", span, match.rule, reason)
                continue
            taken.add(span.start, span.end)
            spans.append(span)
        leading = set(vocab()["leading_words"])
        for ent in doc.ents:
            if ent.label_ not in ("DATE", "TIME"):
                continue
            start, end = ent.start, ent.end
            while start < end - 1 and doc[start].lower_ in leading:
                start += 1
            while end > start + 1 and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
                end -= 1
            if taken.overlaps(start, end):
                continue
            taken.add(start, end)
            spans.append(Span(doc, start, end, label=NER_PREFIX + ent.label_))
        spans.sort(key=lambda s: (s.start, s.end))
        doc.spans["date"] = spans
        return doc


class DateExtractor(FactExtractor):
    type = "date"
    record = DateFact
    component = "factpipe_date"

    def facts(self, doc: Doc, article: Article) -> Iterable[BaseFact]:
        anchors: list[str] = []
        topic_quarter, quarter_sent = None, -1
        # the last date written with its year: its value, sentence and end
        year_given, year_sent, year_end = None, -1, 0
        text_of_doc = doc_text(doc)
        settings = doc.user_data.get(SETTINGS_KEY, DateSettings())
        for span in doc.spans.get("date", []):
            if span.label_.startswith(NER_PREFIX) and (reason := _ner_rejection(doc, text_of_doc, span)):
                explain.rejected(doc, self.type, span, span.label_.lower(), reason)
                continue
            ctx = Context(
                article.published_date,
                tuple(anchors[-5:]),
                clause_tense(doc, span.start, span.end),
                _local_sentence(span),
                before=span.start > 0 and doc[span.start - 1].lower_ in vocab()["before_words"],
                # a quarter named in this very sentence is the one it compares with
                topic_quarter=None if quarter_sent == _sent_start(span) else topic_quarter,
                sentence_anchor=year_given if _continues(text_of_doc, year_sent, year_end, span) else None,
                month_reach=settings.month_reach,
                dateparser=settings.dateparser,
            )
            text = span.text
            try:
                result, rule = _normalize_span(doc, text_of_doc, span, ctx)
            except (ValueError, OverflowError) as exc:  # "10000 years from now": past year 9999
                if not _past_the_calendar(exc):
                    raise  # a bug: the article's error, not a quietly dropped date
                # the fact is dropped, reported, and the article keeps its other dates
                self.report(doc, "date_not_normalized", f"{type(exc).__name__}: {exc}", span.start_char, span.end_char)
                explain.rejected(doc, self.type, span, _rule_of(span), "date_not_normalized")
                continue
            if result is None:
                explain.rejected(doc, self.type, span, rule or _rule_of(span), "unreadable")
                continue
            if result.kind == "date" and result.value and re.search(r"\dT", result.value):
                result = Timex(result.value, "time")  # a day with its time or part of day
            start_date, end_date = (None, None)
            if result.kind in ("date", "time"):
                start_date, end_date = calendar_bounds(result.value)
                point = parse_point(result.value)
                # a quarter reached by "a year ago" is not the quarter under discussion
                if point is not None and result.value is not None and not (point[1] == "Q" and span.label_ in _DERIVED):
                    anchors.append(result.value)
                    if point[1] in ("D", "M") and _YEAR.search(text):
                        year_given, year_sent, year_end = result.value, _sent_start(span), span.end_char
                    if point[1] == "Q":
                        quarter_sent = _sent_start(span)
                        # the article's own quarter is a recent one ("the third quarter of 1984" is history)
                        recent = article.published_date is not None and 0 <= article.published_date.year - point[0].year <= 1
                        if topic_quarter is None and recent:
                            topic_quarter = result.value
            fact = self.make(
                span,
                doc,
                article,
                value=result.value,
                kind=result.kind,
                start_date=start_date,
                end_date=end_date,
                rule=self.provenance(rule),
            )
            if fact is not None:
                yield fact


_YEAR = re.compile(rf"\b{YEAR}\b")
#: what joins two dates of one account: "broke out on Sept 27, 2020 and ended on Nov 10",
#: "from Dec. 20, 2020 to Jan. 3"
_JOINED = re.compile(r"\b(?:and|to|until|till|through|then)\b|[-–]")
_LONGEST_JOINT = len("through")


def _continues(doc_text: str, sent_start: int, end_char: int, span: Span) -> bool:
    """``span`` carries on the account of the date written with its year that ended at
    ``end_char``: same sentence, joined by "and", "to", "until" or a dash.

    That is ``_JOINED.search(doc_text, end_char, span.start_char)``, but searching
    the gap anew for every date is quadratic in a sentence of dates: the joints
    are found once per Doc and the first one after ``end_char`` bisected.  Only
    a joint that the span's start cuts short (a word character straight after
    it) is seen by the search alone: the last characters of the gap are
    searched for it.
    """
    if sent_start != _sent_start(span):
        return False
    memo = doc_index(span.doc).memo
    if _continues not in memo:
        memo[_continues] = [(m.start(), m.end()) for m in _JOINED.finditer(doc_text)]  # joints do not overlap
    joints = memo[_continues]
    k = bisect.bisect_left(joints, (end_char,))
    if k < len(joints) and joints[k][1] <= span.start_char:
        return True
    return _JOINED.search(doc_text, max(end_char, span.start_char - _LONGEST_JOINT), span.start_char) is not None


_SENTENCE_END = re.compile(r"""[.!?]['"’”]*\s+(?=['"‘“`]*[A-Z])""")


def _local_sentence(span: Span) -> str:
    """The sentence around ``span``, cut again where the model's splitter ran on.

    Figures ("$1.40 a share") often keep the small model from splitting
    earnings prose, so "For the nine months ..." would leak into the next
    sentence's "a year earlier"; an abbreviation may cut too short, which only
    leaves out context.
    """
    index = doc_index(span.doc)
    sent = index.sent(span.start)
    text, offset = index.sent_text(span.start), span.start_char - sent.start_char
    memo = index.memo.setdefault(_local_sentence, {})
    if sent.start not in memo:  # the sentence's ends, found once per sentence
        found = list(_SENTENCE_END.finditer(text))
        memo[sent.start] = ([m.start() for m in found], [m.end() for m in found], {})
    starts, ends, pieces = memo[sent.start]
    # the last end at or before the span, and the first end after it: what the scan in order finds
    k = bisect.bisect_right(ends, offset)
    start = ends[k - 1] if k else 0
    k = bisect.bisect_left(starts, offset + (span.end_char - span.start_char))
    end = starts[k] + 1 if k < len(starts) else len(text)
    if (start, end) not in pieces:  # one string per piece: spans in one piece share it
        pieces[start, end] = text[start:end]
    return pieces[start, end]


def _sent_start(span: Span) -> int:
    """``span.sent.start``, without walking the sentence (:class:`pipeline.facts.DocIndex`)."""
    return doc_index(span.doc).sent(span.start).start


def _normalize_span(doc: Doc, doc_text: str, span: Span, ctx: Context) -> tuple[Timex | None, str]:
    """The value of one candidate, and the rule that gave it (``doc_text`` is ``doc.text``)."""
    text = span.text
    if span.label_.startswith(NER_PREFIX):
        return normalize(text, ctx), _rule_of(span)
    result = apply(span.label_, doc_text, ctx, span.start_char, span.end_char)
    if result is None and not _rule_matches(span.label_, doc_text, span.start_char, span.end_char):
        result = normalize(text, ctx)
    return result, span.label_


def _rule_of(span: Span) -> str:
    """What found a candidate: its grammar rule, or "ner_date" / "ner_time" for a model entity."""
    return span.label_.lower() if span.label_.startswith(NER_PREFIX) else span.label_


def _ner_rejection(doc: Doc, doc_text: str, span: Span) -> str | None:
    """Why a model DATE/TIME entity is no date ("age", "rule_context"), or None."""
    if _is_age(doc, span):
        return "age"
    if _context_says_no(doc_text, span):
        return "rule_context"
    return None


def _context_says_no(doc_text: str, span: Span) -> bool:
    """A model span that a rule reads alone but whose context the rule turns down.

    "the early hours" is a duration alone, but not before "of Sunday"; had the
    context allowed it, the rule would have found the span itself.
    """
    text = " ".join(span.text.split())
    return any(
        r.pattern.fullmatch(text) is not None and not _rule_matches(r.name, doc_text, span.start_char, span.end_char)
        for r in RULES_BY_NAME.values()
    )


def _rule_matches(rule_name: str, text: str, start: int, end: int) -> bool:
    """The rule itself matches the span: its None means "not a date", not "try another way"."""
    m = RULES_BY_NAME[rule_name].pattern.match(text, start)
    return m is not None and m.end() == end


def _past_the_calendar(exc: ValueError | OverflowError) -> bool:
    """A date :mod:`datetime` cannot hold (before year 1, after 9999), as it says so.

    Date arithmetic past the limits raises ``OverflowError``, building such a
    date ``ValueError("year 12020 is out of range")``; any other error while
    normalizing is a bug and must surface.
    """
    return isinstance(exc, OverflowError) or "out of range" in str(exc)


EXTRACTOR = DateExtractor()
