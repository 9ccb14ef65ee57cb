"""Language: whether a text is English, before the English model spends time on it.

A corpus pulled from feeds mixes languages; the English model finds nonsense events in
French or Arabic text without a word of warning. Function words give the answer
cheaply: in English prose around half the words are on spaCy's English stop list, in
other languages written in Latin script few are ("de", "la", "und" are not on it), and
none in other scripts. Short texts say too little to judge and pass.

Function words alone mislead on the English that news is full of and prose is not:
headlines, sitrep bullets, datelines and lists of names and numbers, where a fifth or
fewer of the words are English function words (2.7% of such texts were refused by that
rule alone). So a Latin-script text is refused only when another language's function
words explain it better than English's: French news has far more French than English
function words, an English sitrep has few of either.
"""

from __future__ import annotations

import importlib
import re
from functools import cache

from spacy.lang.en.stop_words import STOP_WORDS

WORD_RE = re.compile(r"[^\W\d_]+")
LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]+")
"""Words in Latin script (basic, Latin-1, Extended-A/B and Additional: Vietnamese too)."""
MIN_WORDS = 20
"""Below this many words the share of function words says little."""
MIN_SHARE = 0.2
"""English news prose sits near 0.45; French, Spanish or German near 0.05."""
SAMPLE_CHARS = 5_000
OTHER_LANGUAGES = [
    "fr",
    "es",
    "pt",
    "it",
    "de",
    "nl",
    "ca",
    "ro",
    "id",
    "ms",
    "tl",
    "tr",
    "pl",
    "cs",
    "sk",
    "sl",
    "hr",
    "sq",
    "hu",
    "fi",
    "et",
    "lv",
    "lt",
    "sv",
    "da",
    "nb",
    "af",
    "is",
    "ga",
    "eu",
    "vi",
    "yo",
]
"""Latin-script languages whose stop lists spaCy ships, to compare English against."""


def looks_english(text: str) -> bool:
    """True unless the text's first few thousand characters are clearly not English."""
    words = WORD_RE.findall(text[:SAMPLE_CHARS])
    if len(words) < MIN_WORDS:
        return True
    latin = [w.lower() for w in words if LATIN_RE.fullmatch(w)]
    if len(latin) < len(words) / 2:
        return False  # Arabic, Cyrillic, Devanagari, Chinese...
    english = _share(latin, STOP_WORDS)
    if english >= MIN_SHARE:
        return True
    return english >= max(_share(latin, _stop_words(code)) for code in OTHER_LANGUAGES)


def _share(words: list[str], stop_words: frozenset[str] | set[str]) -> float:
    return sum(1 for w in words if w in stop_words) / len(words)


@cache
def _stop_words(code: str) -> frozenset[str]:
    """A language's function words that are not English ones and longer than a letter
    (initials such as "U.S." and words such as "in" or "a" are evidence of nothing),
    from spaCy's stop list, loaded on first need (most texts never ask)."""
    module = importlib.import_module(f"spacy.lang.{code}.stop_words")
    return frozenset(w for w in module.STOP_WORDS if len(w) > 1 and w not in STOP_WORDS)
