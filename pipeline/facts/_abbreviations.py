"""Short forms of names: does "TANAP" abbreviate "Trans-Anatolian Natural Gas Pipeline"?

The test is Schwartz and Hearst's (2003, "A simple algorithm for identifying
abbreviation definitions in biomedical text"): the short form's letters are
found in the long form from right to left, in order, and its first letter must
begin a word.  It needs no training and no word list, and is what scispacy's
``AbbreviationDetector`` uses; it is re-written here in a few lines because
that package pulls in a biomedical stack this project does not need.

Pure functions over strings (no spaCy).
"""

from __future__ import annotations

import re
from functools import cache

#: the shape of a short form: a capital, then capitals, digits or hyphens ("CEF", "TANAP",
#: "BTK", "HS2"), at most 10 characters; a lower-case plural "s" may follow ("JETPs")
SHORT_FORM = re.compile(r"[A-Z][A-Z0-9-]{1,9}s?")


def short_form(text: str) -> str | None:
    """``text`` without a plural "s" when it has the shape of a short form, else None.

    >>> short_form("JETPs"), short_form("CEF"), short_form("Fund"), short_form("US")
    ('JETP', 'CEF', None, 'US')
    """
    if not SHORT_FORM.fullmatch(text) or not any(c.isupper() for c in text[1:]):
        return None
    return text[:-1] if text.endswith("s") else text


def long_form_start(short: str, long: str) -> int | None:
    """Where the long form that ``short`` abbreviates begins in ``long``, or None (Schwartz-Hearst).

    Letters and digits of ``short`` are matched right to left against ``long``;
    the first must start a word.

    >>> long_form_start("TANAP", "Trans-Anatolian Natural Gas Pipeline")
    0
    >>> long_form_start("CEF", "the Connecting Europe Facility")
    4
    >>> long_form_start("KTF", "Climate and Transformation Fund") is None
    True
    """
    s, i = len(short) - 1, len(long) - 1
    while s >= 0:
        c = short[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        while i >= 0 and (long[i].lower() != c or (s == 0 and i > 0 and long[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    return i + 1


#: the most letters one word gives a short form ("NA" of "Natural" in "TANAP"); more, and a
#: capitalized word would abbreviate a name it belongs to ("MIAMI", "Miami International Airport")
MAX_LETTERS_PER_WORD = 3


def abbreviates(short: str, name: str, *, function_words: frozenset[str] = frozenset()) -> bool:
    """Whether ``short`` is made of the beginnings of ``name``'s words, in order: each word gives
    its first letters (at most :data:`MAX_LETTERS_PER_WORD`) or none, the first word gives at least one, and at most one word other
    than ``function_words`` gives none.  Words are split at spaces and hyphens.

    Stricter than :func:`long_form_start`, for a short form the text never introduces:
    "CDU" is not "Climate and Transformation Fund" although its letters are in it.

    >>> abbreviates("EACOP", "East African Crude Oil Pipeline")
    True
    >>> abbreviates("TANAP", "Trans-Anatolian Natural Gas Pipeline")
    True
    >>> abbreviates("CTF", "Climate and Transformation Fund", function_words=frozenset({"and"}))
    True
    >>> abbreviates("CDU", "Climate and Transformation Fund", function_words=frozenset({"and"}))
    False
    >>> abbreviates("SRI", "SRI-ENACT project")
    False
    >>> abbreviates("MIAMI", "Miami International Airport")
    False
    """
    words = [w for w in re.split(r"[\s\-–]+", name) if w]
    letters = short.lower()

    @cache
    def fits(i: int, w: int, skipped: int) -> bool:
        """``letters[i:]`` from ``words[w:]`` with ``skipped`` content words giving none so far."""
        if w == len(words):
            return i == len(letters)
        word = words[w].lower()
        if w > 0:  # this word gives no letter
            skips = skipped + (word not in function_words)
            if skips <= 1 and fits(i, w + 1, skips):
                return True
        n = 0
        while i + n < len(letters) and n < min(len(word), MAX_LETTERS_PER_WORD) and letters[i + n] == word[n]:
            n += 1
            if fits(i + n, w + 1, skipped):
                return True
        return False

    return bool(words) and fits(0, 0, 0)
