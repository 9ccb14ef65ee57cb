"""Language: whether a text is English, before the English model spends time on it.

A corpus pulled from feeds mixes languages; the English model finds nonsense events in
French or Arabic text without a word of warning. Function words give the answer
cheaply: in English prose around half the words are on spaCy's English stop list, in
other languages written in Latin script few are ("de", "la", "und" are not on it), and
none in other scripts. Short texts say too little to judge and pass.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

WORD_RE = re.compile(r"[^\W\d_]+")
MIN_WORDS = 20
"""Below this many words the share of function words says little."""
MIN_SHARE = 0.2
"""English news sits near 0.45; French, Spanish or German near 0.05."""
SAMPLE_CHARS = 5_000


def looks_english(text: str) -> bool:
    """True unless the text's first few thousand characters are clearly not English."""
    words = WORD_RE.findall(text[:SAMPLE_CHARS])
    if len(words) < MIN_WORDS:
        return True
    share = sum(1 for w in words if w.lower() in STOP_WORDS) / len(words)
    return share >= MIN_SHARE
