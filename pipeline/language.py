"""Is an article English?  A cheap, conservative check before it is parsed.

The pipeline reads English only: a German or Chinese article would come out as
a few stray facts (a "Berlin" here, a "2019" there), so it is reported instead.
``py3langid`` (langid.py's naive Bayes over byte n-grams) ships its model in the
wheel, needs nothing at run time and classifies a few kB in under a
millisecond; a head thick with English function words ("the", "and", "said")
is English without it, so a run of English news never loads its model.  Only
the head of the text is read, and only a text long enough to judge, in which
English is all but ruled out, is flagged: a headline or a one-line article is
never flagged, and neither is an English article quoting a foreign name or
sentence.
"""

from __future__ import annotations

import re
import threading
from typing import Any

#: characters classified: the head of an article says its language, and the cost stays flat
PREFIX = 2000
#: letters the head must hold before it is judged: fewer (a headline, a one-liner) pass as English.
#: Below this an English sentence thick with foreign names ("İlham Əliyev and Recep Tayyip
#: Erdoğan opened the Bakı–Tbilisi–Qars railway") can score as Azerbaijani.
MIN_LETTERS = 200
#: flagged only when English is all but ruled out: the English articles of the evaluation sets
#: score it 0.996 or more, a German or Chinese article below 1e-30
MAX_ENGLISH = 1e-4


#: English function words that are no common word of another language written in Latin letters
#: (not "of", Dutch "or"; "for" and "have", Danish and Norwegian; "been", Dutch; "was", "an",
#: "will", German; "has", Spanish).
#: They are about one word in eight of English news, "the" alone one in seventeen; the heads of
#: the evaluation sets hold at least one in eighteen, business news thick with company names
#: included.  A head in which they are at least one word in forty is English without asking the
#: classifier (an English article quoting a foreign sentence still is); only a head with fewer
#: (a list, a table, another language) is classified, and only then is the model loaded.
ENGLISH_WORDS = frozenset(
    {"the", "and", "that", "with", "said", "from", "which", "were", "this", "would", "their", "his"}
)
EVIDENTLY_ENGLISH = 1 / 40
_WORD = re.compile(r"[^\W\d_]+")

_model: Any = None
_model_lock = threading.Lock()


def _identifier() -> Any:
    """The classifier, loaded on first use in this process (half a second: most of it LZMA decompression)."""
    global _model
    with _model_lock:
        if _model is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            _model = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _model


def foreign_language(text: str) -> str | None:
    """The language code (ISO 639) of ``text`` when it is surely not English, else None.

    >>> foreign_language("Die Bundesregierung hat am Mittwoch beschlossen.")  # too short to judge
    """
    head = text[:PREFIX]
    if sum(c.isalpha() for c in head) < MIN_LETTERS:
        return None
    words = _WORD.findall(head)
    if sum(word.lower() in ENGLISH_WORDS for word in words) >= EVIDENTLY_ENGLISH * len(words):
        return None
    ranked = _identifier().rank(head)
    if dict(ranked).get("en", 0.0) >= MAX_ENGLISH:
        return None
    return ranked[0][0]
