"""Language: whether a text is English, before the English model spends time on it.

A corpus pulled from feeds mixes languages; the English model finds nonsense events in
French or Arabic text without a word of warning. `extract` and `ingest` both ask
`looks_english` and skip what is not (extract with E026, ingest counts it).

The judge is py3langid (langid.py's maintained fork: a naive Bayes model over byte
n-grams, 4.5 MB, BSD), restricted to `LANGUAGES`, the languages news corpora mix:
among 97 languages its nearest guesses for English news written as wires write it
(datelines, sitrep bullets, lists of names) are English creoles and small languages
(Nigerian Pidgin for "ABUJA, Nigeria, March 3 (Reuters) - ..."), which no news feed
meant. A text is refused only when another language wins with a probability of at least
`MIN_CONFIDENCE`: a list of names and numbers is no language in particular and passes.
Texts of fewer than `MIN_WORDS` words say too little to judge and pass.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

WORD_RE = re.compile(r"[^\W\d_]+")
MIN_WORDS = 20
"""Below this many words a guess is unreliable: the text passes unjudged."""
MIN_CONFIDENCE = 0.6
"""A text is refused when another language has at least this probability."""
SAMPLE_CHARS = 5_000
"""The judge reads the start of a text: enough to tell, cheap on long ones."""
LANGUAGES = (
    "en", "fr", "es", "pt", "it", "de", "nl", "ca", "ro", "pl", "cs", "sk", "sl", "hr", "sr",
    "bs", "bg", "mk", "ru", "uk", "be", "lt", "lv", "et", "fi", "sv", "da", "no", "is", "ga",
    "cy", "eu", "gl", "sq", "el", "tr", "az", "hu", "ar", "fa", "ur", "ps", "ku", "he", "hi",
    "bn", "ne", "pa", "gu", "mr", "ta", "te", "kn", "ml", "si", "id", "ms", "tl", "vi", "th",
    "lo", "km", "my", "zh", "ja", "ko", "mn", "kk", "uz", "ky", "tg", "sw", "so", "am", "ha",
    "yo", "ig", "zu", "xh", "af", "mg", "rw",
)  # fmt: skip
"""The languages a news corpus mixes, for py3langid to choose among."""


def looks_english(text: str) -> bool:
    """True unless the text's first few thousand characters are clearly not English."""
    found = detect(text)
    return found is None or found[0] == "en" or found[1] < MIN_CONFIDENCE


def detect(text: str) -> tuple[str, float] | None:
    """The most likely language of a text (ISO 639-1) and its probability; None for a
    text too short to judge."""
    sample = text[:SAMPLE_CHARS]
    if len(WORD_RE.findall(sample)) < MIN_WORDS:
        return None
    language, probability = _identifier().classify(sample)
    return str(language), float(probability)


@lru_cache(maxsize=1)
def _identifier() -> Any:
    """py3langid's model, loaded on first need (about a second and 30 MB)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages([code for code in LANGUAGES if code in identifier.nb_classes])
    return identifier
