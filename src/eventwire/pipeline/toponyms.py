"""Places layer: every toponym mention of the article, on the map (`doc._.toponyms`).

Two steps, like every stage: find the mentions, then resolve each against GeoNames
(`gazetteer.geonames()`: 235,000 towns of 500+ people, their divisions, the countries)
and the curated places of `data/places.yaml`.

Finding. The small NER model misses and mislabels places, so three sources are merged:
GPE/LOC/FAC entities; demonyms and adjectives that locate something ("Turkish troops",
"the Syrian border", from `data/country_words.yaml`); and runs of capitalized words
that the gazetteer knows, kept only with evidence from the text: a locative preposition
("near Bura"), a place noun ("the town of Hola", "Tana River county"), an "X, Y" pair
whose Y is a place, the dateline. Names that are also common words ("Of", "Mobile",
"Reading", "Split") need that evidence even when the NER tags them (`data/place_words.yaml`).

Resolving. Each candidate place of a name is scored by a linear model over signals
(`WEIGHTS`): its population and kind (country, division, capital, town), whether the
name is its main name, then what the article says: the dateline's country, the
countries of the article's unambiguous places and of its actors, the "X, Y" and
"X in Y" patterns, the distance to the article's other places, a division noun after
the name. The best candidate wins; `score` is its softmax share, and `basis` names the
signal that chose it.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np
import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import gazetteer
from ..gazetteer import Entry, Gazetteer, GeoPlace, haversine_km, normalize
from ..records import Place

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
MAX_WORDS = 5
"""Longest name looked up as a run of capitalized words ("Rio de Janeiro", "Ras al Ain")."""
CONNECTORS = frozenset(map(str, gazetteer.place_words()["connectors"]))
"""Lower-case words inside multi-word names (data/place_words.yaml)."""

WEIGHTS = {
    "population": 1.0,  # log10 of the population
    "main_name": 0.8,  # the name is the place's main name, not an alternate
    "country": 2.5,  # the place is a country
    "admin1": 1.2,  # a first-level division
    "admin2": -0.5,  # a second-level division (often named after its seat)
    "capital": 2.5,  # a national capital ("Buenos Aires", not the province)
    "seat": 1.5,  # a town named like its division, hence its seat ("Idlib", "Cordoba")
    "curated": 3.0,  # a place of data/places.yaml
    "article_context": 2.0,  # log2(1 + other mentions of the candidate's country)
    "actor_country": 0.8,  # in a country of the article's actors
    "dateline": 1.8,  # in the dateline's country
    "pattern": 4.0,  # "X, Y" / "X in Y" where Y contains the candidate
    "nearby": 1.5,  # within NEARBY_KM of another place of the article
    "holds": 1.5,  # a division that holds a town the article names
    "in_division": 2.0,  # a town in a division the article names
    "division_noun": 2.5,  # "X province" and the candidate is a division
    "town_noun": 1.5,  # "the town of X" and the candidate is a town
}
"""Weights of the ranker's signals. Set by hand from what each signal means (a country
outranks a town of the same name; an explicit "X, Y" outranks everything but a curated
name), checked on the invented examples of training/places/train/, never on the frozen
test set."""

LOWERCASE_MIN_WORDS = 20
LOWERCASE_SHARE = 0.02
"""A text of at least this many words, at most this share of them capitalized, is read
as lower-cased."""
LOWERCASE_PROMINENT = 100_000
"""In lower-cased text, a known name that no cue word backs is a place when it names a
place of this many people (and is not an ordinary English word)."""
NEAR_MENTION_SCORE = 0.2
"""The score of a name placed only by the places next to it."""
WORD_TAGS = frozenset({"NNS", "VBD", "VBG", "VBN", "VBZ", "VBP", "RB", "IN", "MD", "CD"})
"""Tags under which an ordinary English word of lower-cased text is not read as a name."""
BULLETS = frozenset({"-", "*", "•", "–", "—", "·"})

NEARBY_KM = 250.0
NEAR_NAME_KM = 150.0
"""A name with no evidence in the text is a place when a town of that name lies this
close to a place the article names without doubt."""
CONTEXT_SIGNALS = (
    "pattern",
    "dateline",
    "holds",
    "in_division",
    "nearby",
    "article_context",
    "actor_country",
)
BASIS = {
    "pattern": "pattern",
    "dateline": "dateline",
    "nearby": "nearby places",
    "holds": "nearby places",
    "in_division": "nearby places",
    "article_context": "article context",
    "actor_country": "actor country",
}
STRONG_EVIDENCE = frozenset(
    {"preposition", "comma", "town_noun", "place_noun", "division_noun", "coordination", "heading"}
)
"""Evidence strong enough to read a name the NER tagged as a person or organization as
a place ("the council of Mobile, Alabama", "in Kharkiv")."""
SKIPPED = frozenset({"the", "a", "an", "nearby", "neighbouring", "neighboring", "rural", "remote"})
"""Words between a preposition and a name: "in nearby Prichard"."""
TOWN_NOUNS = frozenset({"city", "town", "village", "hamlet", "capital", "port", "suburb"})


@dataclass(slots=True)
class Mention:
    """A toponym found in the text, before it is resolved."""

    start: int  # token offsets
    end: int
    kind: str = "name"  # or "adjective"
    country: str | None = None  # a demonym's country
    evidence: set[str] = field(default_factory=set)
    between: tuple[str, ...] = ()
    """The lowercased words between this mention and the next (for "X, Y", "X in Y")."""


@dataclass(slots=True)
class Candidate:
    place: GeoPlace | Entry
    signals: dict[str, float]
    score: float = 0.0


class ToponymResolver:
    """The `eventwire_toponyms` component."""

    def __init__(self, nlp: Language, name: str, places_file: str | None = None) -> None:
        self.name = name
        self.places_file = places_file
        self.words = {k: frozenset(map(str, v)) for k, v in gazetteer.place_words().items()}

    @property
    def gazetteer(self) -> Gazetteer:
        return gazetteer.load_with(self.places_file)

    def __call__(self, doc: Doc) -> Doc:
        mentions = find_mentions(doc, self.gazetteer, self.words)
        doc._.toponyms = resolve(doc, mentions, self.gazetteer, self.words)
        return doc


# --- finding --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Adjective (as written) -> alpha-3, from data/country_words.yaml."""
    path = resources.files("eventwire").joinpath("data/country_words.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    found: dict[str, str] = {}
    for code, words in data.items():
        for word in (words or {}).get("adjectives") or ():
            if str(word)[:1].isupper() and "." not in str(word) and len(str(word)) > 3:
                found.setdefault(str(word), str(code))
    return found


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """The 20,000 most frequent English words (data/english_words.txt)."""
    path = resources.files("eventwire").joinpath("data/english_words.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w for w in lines if w and not w.startswith("#"))


def is_lowercase(doc: Doc) -> bool:
    """Whether the article is written without capitals (social media, some feeds), where
    neither the NER nor capitalized runs find its places."""
    alpha = [t for t in doc if t.is_alpha]
    capitals = sum(t.text[:1].isupper() for t in alpha)
    return len(alpha) >= LOWERCASE_MIN_WORDS and capitals <= LOWERCASE_SHARE * len(alpha)


def find_mentions(doc: Doc, gaz: Gazetteer, words: dict[str, frozenset]) -> list[Mention]:
    """Every toponym mention, in text order, none overlapping another."""
    geo = gazetteer.geonames()
    mentions: list[Mention] = []
    taken: set[int] = set()
    lowercase = is_lowercase(doc)

    def add(mention: Mention) -> None:
        if taken.isdisjoint(range(mention.start, mention.end)):
            mentions.append(mention)
            taken.update(range(mention.start, mention.end))

    line = doc._.dateline
    for key in ("place", "region"):  # "SPRINGFIELD, Mo. -", "KINGSTON, Jamaica (AP) -"
        span = (
            doc.char_span(*line[key], alignment_mode="expand") if line and line.get(key) else None
        )
        if span is not None:
            for part in _comma_parts(span):
                add(Mention(part.start, part.end, evidence={"dateline"}))
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        span = _widened(_trim(ent, words), gaz, geo, words)
        if len(span) == 0 or _is_demonym_word(span):
            continue
        if _known(span.text, gaz, geo) or len(span) > 1 or span.text[:1].isupper():
            evidence = _evidence(span, words)
            if normalize(span.text) in words["common_words"] and not evidence:
                continue
            add(Mention(span.start, span.end, evidence=evidence | {"ner"}))
    adjectives = demonyms()
    if lowercase:
        adjectives = {k.lower(): v for k, v in adjectives.items()}
    for token in doc:
        code = adjectives.get(token.text)
        if (
            code
            and token.i not in taken
            and not _starts_longer_name(token, gaz, geo)
            and (
                (
                    token.head.pos_ in ("NOUN", "PROPN")
                    and (token.dep_ in ("amod", "compound", "nmod") or token.ent_type_ == "NORP")
                )
                or (token.dep_ == "conj" and adjectives.get(token.head.text))
            )
        ):
            add(Mention(token.i, token.i + 1, kind="adjective", country=code))
    if lowercase:
        for span in _lowercase_names(doc, taken, gaz, geo, words):
            add(Mention(span.start, span.end, evidence={"lowercase"}))
    doubtful: list[Span] = []
    for span in _capitalized_runs(doc, taken):
        for found in _known_parts(span, gaz, geo, words):
            evidence = _evidence(found, words)
            if _coordinated(found, taken):
                evidence.add("coordination")  # "Benghazi and Misrata"
            prominent = not evidence and _prominent(found, gaz, geo, words)
            if not evidence and not prominent:
                doubtful.append(found)
                continue
            if found.root.ent_type_ in ("PERSON", "ORG", "NORP") and not (
                evidence & STRONG_EVIDENCE
                or (prominent and (len(found) > 1 or _well_known(found, gaz, geo)))
            ):
                continue  # "George Washington", "the Gaza health ministry"
            add(Mention(found.start, found.end, evidence=evidence))
    for span in _near_known(doubtful, mentions, doc, gaz, geo, words):
        add(Mention(span.start, span.end, evidence={"nearby"}))
    named = {normalize(doc[m.start : m.end].text) for m in mentions if m.kind == "name"}
    for span in doubtful:  # one sense per article: a name found once is a place throughout
        if normalize(span.text) in named:
            add(Mention(span.start, span.end, evidence={"repeated"}))
    changed = True
    while changed:  # "Bahraich and Gorakhpur": a name next to one found late
        changed = False
        for span in doubtful:
            if (
                span.start not in taken
                and _coordinated(span, taken)
                and normalize(span.text) not in words["common_words"]
            ):
                add(Mention(span.start, span.end, evidence={"coordination"}))
                changed = True
    mentions.sort(key=lambda m: m.start)
    for mention, follower in zip(mentions, mentions[1:], strict=False):
        if follower.start - mention.end <= 3:
            mention.between = tuple(t.lower_ for t in doc[mention.end : follower.start])
    for mention in mentions:  # "X, Y": Y is a place too, and vouches for X
        if mention.end + 1 < len(doc) and doc[mention.end].text == ",":
            follower = next((m for m in mentions if m.start == mention.end + 1), None)
            if follower is not None:
                mention.evidence.add("comma")
    return mentions


def _near_known(
    spans: list[Span], mentions: list[Mention], doc: Doc, gaz: Gazetteer, geo, words
) -> list[Span]:
    """Names without textual evidence that are places all the same because a town of
    that name lies near the places the article does name ("Seville and Jaen were on
    alert" in a story from Andalusia, both tagged PERSON). Not a common word, not part
    of a longer person's name."""
    if not spans:
        return []
    found = [(m, geo.lookup(doc[m.start : m.end].text)) for m in mentions]
    named = {m.country for m, _ in found if m.country}  # demonyms
    named |= {
        places[0].country
        for _, places in found
        if places and places[0].main and places[0].feature_code == "PCLI"
    }
    points = []
    for m, places in found:
        if m.kind != "name" or not places:
            continue
        if len({p.country for p in places}) > 1 and not (  # ambiguous, unless one is big
            places[0].population >= 10 * (places[1].population + 1)
        ):
            places = [p for p in places if p.country in named]  # its reading in a named country
        if places and places[0].feature_code != "PCLI":
            points.append((places[0].lat, places[0].lon))
    kept = []
    for span in spans:
        if normalize(span.text) in words["common_words"] or _inside_longer_person(span):
            continue
        if any(
            p.population >= 1000 and haversine_km(p.lat, p.lon, lat, lon) < NEAR_NAME_KM
            for p in geo.lookup(span.text)[:10]
            if p.feature_code != "PCLI"
            for lat, lon in points
        ):
            kept.append(span)
    return kept


def _widened(span: Span, gaz: Gazetteer, geo, words) -> Span:
    """The longer known name an entity is part of, where the NER split one ("Spanish" +
    "Town", "Port" + "Said")."""
    if len(span) == 0:
        return span
    doc, start, end = span.doc, span.start, span.end
    while start > 0 and (_capital(doc[start - 1]) or doc[start - 1].lower_ in CONNECTORS):
        start -= 1
    while end < len(doc) and (_capital(doc[end]) or _connects(doc, end)):
        end += 1
    if (start, end) == (span.start, span.end):
        return span
    for part in _known_parts(doc[start:end], gaz, geo, words):
        if part.start <= span.start and span.end <= part.end and len(part) > len(span):
            return part
    return span


def _inside_longer_person(span: Span) -> bool:
    if span.root.ent_type_ != "PERSON":
        return False
    doc = span.doc
    before = span.start > 0 and doc[span.start - 1].ent_type_ == "PERSON"
    after = span.end < len(doc) and doc[span.end].ent_type_ == "PERSON"
    return before or after


def _comma_parts(span: Span) -> list[Span]:
    """ "KYIV, Ukraine" -> KYIV and Ukraine."""
    parts, start = [], span.start
    for token in span:
        if token.text == ",":
            parts.append(span.doc[start : token.i])
            start = token.i + 1
    parts.append(span.doc[start : span.end])
    return [p for p in parts if len(p)]


def _trim(span: Span, words: dict[str, frozenset]) -> Span:
    """Drop determiners, directions and possessives around an entity's name."""
    doc, start, end = span.doc, span.start, span.end
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
        start += 1
    while start < end - 1 and doc[start].lower_ in words["directions"]:
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    if end - start > 1 and doc[end - 1].lower_ in words["division_nouns"]:
        end -= 1  # "Badakhshan province": the name, with division_noun evidence
    return doc[start:end]


def _is_demonym_word(span: Span) -> bool:
    return len(span) == 1 and span.root.tag_ == "JJ" and span.text in demonyms()


def _known(text: str, gaz: Gazetteer, geo: gazetteer.GeoNames) -> bool:
    return gaz.exact(text) is not None or geo.has(normalize(text))


def _capitalized_runs(doc: Doc, taken: set[int]):
    """Maximal runs of capitalized words (with connectors inside) outside other mentions."""
    i = 0
    while i < len(doc):
        token = doc[i]
        if i in taken or not _capital(token):
            i += 1
            continue
        j = i + 1
        while j < len(doc) and j not in taken and (_capital(doc[j]) or _connects(doc, j)):
            j += 1
        yield doc[i:j]
        i = j


def _connects(doc: Doc, j: int) -> bool:
    """Whether doc[j] starts a run of connectors followed by a capitalized word, with no
    space before a hyphen ("Croix-des-Bouquets", "Rio de Janeiro")."""
    k = j
    while k < len(doc) and k - j < 3 and doc[k].lower_ in CONNECTORS:
        k += 1
    return k > j and k < len(doc) and _capital(doc[k])


def _capital(token) -> bool:
    """A word that starts with a capital ("Kharkiv", "KYIV", "KwaZulu", "McAllen")."""
    return token.is_alpha and token.text[:1].isupper()


def _known_parts(span: Span, gaz: Gazetteer, geo, words) -> list[Span]:
    """The names the gazetteer knows in a run of capitalized words, longest first from
    the left ("In Mandalay" -> Mandalay; "Kobani Qamishli" -> both)."""
    found: list[Span] = []
    i = span.start
    while i < span.end:
        for size in range(min(span.end - i, MAX_WORDS), 0, -1):
            sub = span.doc[i : i + size]
            key = normalize(sub.text)
            if key in words["never"] or len(key) < 2 or sub[0].is_stop or sub[-1].is_stop:
                continue
            if sub[0].lower_ in CONNECTORS or sub[-1].lower_ in CONNECTORS:
                continue
            if _known(sub.text, gaz, geo):
                found.append(sub)
                i += size - 1
                break
        i += 1
    return found


def _coordinated(span: Span, taken: set[int]) -> bool:
    """Whether the span is joined by "and", "or" or a comma to another mention, by the
    parse or by the words themselves."""
    root, doc = span.root, span.doc
    if (root.dep_ == "conj" and root.head.i in taken) or any(
        c.dep_ == "conj" and c.i in taken for c in root.children
    ):
        return True
    before = (
        span.start >= 2
        and doc[span.start - 1].lower_ in ("and", "or")
        and (span.start - 2 in taken)
    )
    after = (
        span.end + 1 < len(doc)
        and doc[span.end].lower_ in ("and", "or")
        and (span.end + 1 in taken)
    )
    return before or after


def _well_known(span: Span, gaz: Gazetteer, geo) -> bool:
    """A country, a curated place or a national capital: "Ankara said", "Niger" even
    where the NER tags it a person."""
    if _inside_longer_person(span):
        return False
    if gaz.exact(span.text) is not None:
        return True
    return any(p.feature_code in ("PCLI", "PPLC") and p.main for p in geo.lookup(span.text)[:3])


def _evidence(span: Span, words: dict[str, frozenset]) -> set[str]:
    """What in the text says this span is a place."""
    doc, found = span.doc, set()
    before = span.start - 1
    if before >= 0 and doc[before].lower_ in words["directions"] and doc[before].is_alpha:
        found.add("direction")  # "southern chile", "northern Syria"
    while before >= 0 and (
        doc[before].lower_ in SKIPPED or doc[before].lower_ in words["directions"]
    ):
        before -= 1
    if before >= 0:
        word = doc[before].lower_
        if word == "of" and before > 0:
            noun = doc[before - 1].lower_
            if noun in words["place_nouns"]:
                found.add("town_noun" if noun in TOWN_NOUNS else "place_noun")
        elif word in words["prepositions"]:
            found.add("preposition")
    if span.end < len(doc) and doc[span.end].lower_ in words["division_nouns"]:
        found.add("division_noun")
        noun = doc[span.end].lower_
        if noun in words["admin1_nouns"]:
            found.add("admin1_noun")
        elif noun in words["admin2_nouns"]:
            found.add("admin2_noun")
    if span.end < len(doc) and doc[span.end].lower_ in words["place_nouns"]:
        found.add("place_noun")
    if span.end + 1 < len(doc) and doc[span.end].text == "," and _capital(doc[span.end + 1]):
        found.add("comma")
    if span.start >= 2 and doc[span.start - 1].text == "," and _capital(doc[span.start - 2]):
        found.add("comma")
    if span.end < len(doc) and doc[span.end].text in (":", "-", "–", "—") and _line_start(span):
        found.add("heading")  # "- Zaporizhzhia: two killed", "Lucknow: Heavy rain"
    return found


def _line_start(span: Span) -> bool:
    """Whether the span opens the text or a line (after a bullet)."""
    doc, i = span.doc, span.start - 1
    while i >= 0 and doc[i].text in BULLETS:
        i -= 1
    return i < 0 or "\n" in doc.text[doc[i].idx : span.start_char]


def _starts_longer_name(token, gaz: Gazetteer, geo) -> bool:
    """Whether a demonym opens a longer capitalized name the gazetteer knows
    ("British Columbia", "Spanish Town"), which is then a place of its own."""
    doc, end = token.doc, token.i + 1
    while end < len(doc) and end - token.i < MAX_WORDS and _capital(doc[end]):
        end += 1
    return any(_known(doc[token.i : j].text, gaz, geo) for j in range(end, token.i + 1, -1))


def _lowercase_names(doc: Doc, taken: set[int], gaz: Gazetteer, geo, words) -> list[Span]:
    """Place names in lower-cased text: the longest known names among runs of content
    words, kept when the text says they are places (a preposition, a place noun, a
    heading) and they are not ordinary English words, or when they name a country or a
    place of LOWERCASE_PROMINENT people that is one ("in turkey", "to manila")."""
    found: list[Span] = []
    chosen: set[int] = set()
    common = english_words()
    i = 0
    while i < len(doc):
        token = doc[i]
        if (
            i in taken
            or not token.is_alpha
            or token.is_stop
            or token.lower_ in words["never"]
            or token.lower_ in words["directions"]
        ):
            i += 1
            continue
        for size in range(min(MAX_WORDS, len(doc) - i), 0, -1):
            sub = doc[i : i + size]
            if any(t.i in taken or not (t.is_alpha or t.text == "-") for t in sub):
                continue
            if sub[-1].is_stop or sub[-1].lower_ in CONNECTORS:
                continue
            key = normalize(sub.text)
            if len(key) < 3 or key in words["never"] or key in words["common_words"]:
                continue
            if not _known(sub.text, gaz, geo):
                continue
            evidence = _evidence(sub, words) - {"comma"}
            if i >= 2 and doc[i - 1].lower_ in ("and", "or", ",") and i - 2 in chosen:
                evidence.add("coordination")  # "tuguegarao and aparri"
            if gaz.exact(sub.text) is not None:
                ok = bool(evidence) or len(sub) > 1
            elif key in common and sub[-1].tag_ in WORD_TAGS:
                break  # "parts", "said": a word, whatever the gazetteer says
            elif key in common or size == 1 and sub[0].tag_ == "JJ":
                ok = bool(evidence) and any(
                    p.main
                    and (p.feature_code in ("PCLI", "ADM1") or p.population >= LOWERCASE_PROMINENT)
                    for p in geo.lookup_key(key)[:5]
                )
            else:
                ok = bool(evidence) or any(
                    p.main and p.population >= LOWERCASE_PROMINENT for p in geo.lookup_key(key)[:5]
                )
            if ok:
                found.append(sub)
                chosen.update(range(sub.start, sub.end))
                i += size - 1
            break
        i += 1
    return found


def _prominent(span: Span, gaz: Gazetteer, geo, words) -> bool:
    """A name the reader knows without context: a country, a curated place, or a place
    of a million people that is not also a common word, tagged as a proper noun."""
    if normalize(span.text) in words["common_words"] or span.root.tag_ not in ("NNP", "NNPS"):
        return False
    if gaz.exact(span.text) is not None:
        return True
    return any(p.population >= 1_000_000 and p.main for p in geo.lookup(span.text)[:3])


# --- resolving ------------------------------------------------------------------------


def resolve(doc: Doc, mentions: list[Mention], gaz: Gazetteer, words) -> list[Place]:
    """A Place for every mention; a name the gazetteer does not know is placed by the
    places next to it (`_near_mention`), or keeps its text with nulls."""
    candidates, chosen = rank(doc, mentions, gaz, ranker_weights())
    places: list[Place] = []
    for i, (mention, found, best) in enumerate(zip(mentions, candidates, chosen, strict=True)):
        span = doc[mention.start : mention.end]
        if best is None:
            places.append(_near_mention(span, mentions, chosen, i))
        else:
            places.append(_to_place(span, mention, best, found))
    return places


def rank(
    doc: Doc, mentions: list[Mention], gaz: Gazetteer, weights: dict[str, float]
) -> tuple[list[list[Candidate]], list[Candidate | None]]:
    """Every mention's candidates with their signals and scores, and the chosen one.

    Two rounds: the first reads the article's context from what is not in doubt (names
    of one country, the dateline, the actors); the second adds what the first round
    chose for the other mentions (their countries, divisions and points), so that
    "Savannah", "Macon" and "Augusta" settle each other in Georgia, USA."""
    geo = gazetteer.geonames()
    candidates = [_candidates(doc, m, gaz, geo) for m in mentions]
    spans = [(doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1])) for m in mentions]
    actors = Counter(  # not an actor that is one of the toponyms: its country is a guess
        a.country
        for a in (doc._.actors or [])
        if a.country and not any(s < a.span[1] and a.span[0] < e for s, e in spans)
    )
    held = _held_divisions(candidates)
    sure: list[Candidate | None] = [
        found[0] if len({c.place.country for c in found}) == 1 and len(found) == 1 else None
        for found in candidates
    ]
    countries_sure = [
        next(iter({c.place.country for c in found}))
        if found and len({c.place.country for c in found}) == 1
        else None
        for found in candidates
    ]
    dateline_country = None
    for mention, found in zip(mentions, candidates, strict=True):
        if "dateline" in mention.evidence and found:
            dateline_country = max(found, key=lambda c: _prior(c, weights)).place.country
            break
    chosen = sure
    for _ in range(2):
        _score_all(
            mentions, candidates, countries_sure, chosen, actors, held, dateline_country, weights
        )
        chosen = [max(found, key=lambda c: c.score) if found else None for found in candidates]
        countries_sure = [c.place.country if c else None for c in chosen]
    return candidates, chosen


def _near_mention(
    span: Span, mentions: list[Mention], chosen: list[Candidate | None], i: int
) -> Place:
    """A name the gazetteer does not know ("the Zamzam camp", "Lake Kivu", "the
    Charminar") is put, approximately, at the nearest place named in its sentence below
    country level: news names a camp, a river or a landmark next to the town it is near.
    Its precision is "region", its score low, its basis "nearby places"."""
    sent = span.sent
    near = [
        (abs(m.start - span.start), c.place)
        for m, c in zip(mentions, chosen, strict=True)
        if c is not None
        and m is not mentions[i]
        and sent.start <= m.start < sent.end
        and _feature(c.place) not in ("PCLI", "RGN")
        and c.place.lat is not None
    ]
    if not near:
        return Place(text=span.text, span=(span.start_char, span.end_char))
    place = min(near, key=lambda n: n[0])[1]
    return Place(
        text=span.text,
        span=(span.start_char, span.end_char),
        name=span.text,
        country=place.country,
        admin1=place.admin1,
        lat=place.lat,
        lon=place.lon,
        precision="region",
        score=NEAR_MENTION_SCORE,
        basis="nearby places",
    )


def _score_all(
    mentions: list[Mention],
    candidates: list[list[Candidate]],
    countries: list[str | None],
    chosen: list[Candidate | None],
    actors: Counter,
    held: dict[int, set[tuple[str, str]]],
    dateline_country: str | None,
    weights: dict[str, float],
) -> None:
    """Set every candidate's context signals and score, given the other mentions'
    countries and chosen places."""
    context = Counter(c for c in countries if c)
    points = [
        (j, c.place.lat, c.place.lon)
        for j, c in enumerate(chosen)
        if c is not None and c.place.lat is not None and _feature(c.place) not in ("PCLI", "RGN")
    ]
    near = _Nearby(points)
    divisions = {
        (c.place.country, normalize(c.place.name))
        for c in chosen
        if c is not None and _feature(c.place) == "ADM1"
    }
    for i, (mention, found) in enumerate(zip(mentions, candidates, strict=True)):
        if not found:
            continue
        container = _container(mentions, candidates, i, weights)
        own = countries[i]
        close = near.many(i, [c.place.lat for c in found], [c.place.lon for c in found])
        for cand, is_near in zip(found, close, strict=True):
            s = cand.signals
            place = cand.place
            country = place.country
            others = context[country] - (own == country) if country else 0
            s["article_context"] = math.log2(1 + max(others, 0))
            s["actor_country"] = float(actors[country] > 0) if country else 0.0
            s["dateline"] = float(
                bool(dateline_country)
                and country == dateline_country
                and "dateline" not in mention.evidence
            )
            s["pattern"] = float(container is not None and _contains(container, place))
            s["nearby"] = float(is_near)
            kind = _feature(place)
            s["holds"] = float(
                kind == "ADM1" and (country, normalize(place.name)) in held.get(i, set())
            )
            s["in_division"] = float(
                isinstance(place, GeoPlace)
                and kind in ("PPL", "PPLC", "ADM2")
                and (country, normalize(place.admin1 or "")) in divisions
            )
            level = next(
                (
                    k
                    for k, e in (("ADM1", "admin1_noun"), ("ADM2", "admin2_noun"))
                    if e in mention.evidence
                ),
                kind,
            )
            s["division_noun"] = float(
                "division_noun" in mention.evidence and kind in ("ADM1", "ADM2")
            ) * (1.0 if level == kind else 0.5)  # "Sao Paulo state": the ADM1
            s["town_noun"] = float("town_noun" in mention.evidence and kind in ("PPL", "PPLC"))
            cand.score = sum(weights.get(k, 0.0) * v for k, v in s.items())


class _Nearby:
    """Whether points lie within NEARBY_KM of another mention's point: one vectorized
    great-circle computation per mention (the same formula as `haversine_km`)."""

    def __init__(self, points: list[tuple[int, float, float]]) -> None:
        self.owner = np.array([j for j, _, _ in points], dtype=np.int64)
        self.lat = np.radians(np.array([lat for _, lat, _ in points], dtype=np.float64))
        self.lon = np.radians(np.array([lon for _, _, lon in points], dtype=np.float64))

    def many(self, i: int, lats: list, lons: list) -> list[bool]:
        """For each candidate point of mention i (a None latitude: no point), whether it
        lies within NEARBY_KM of another mention's point: one array operation per mention."""
        if not len(self.owner) or not lats:
            return [False] * len(lats)
        known = np.array([lat is not None for lat in lats])
        p1 = np.radians(np.array([lat or 0.0 for lat in lats], dtype=np.float64))[:, None]
        l1 = np.radians(np.array([lon or 0.0 for lon in lons], dtype=np.float64))[:, None]
        a = (
            np.sin((self.lat[None, :] - p1) / 2) ** 2
            + np.cos(p1) * np.cos(self.lat[None, :]) * np.sin((self.lon[None, :] - l1) / 2) ** 2
        )
        km = 2 * 6371.0 * np.arcsin(np.minimum(1.0, np.sqrt(a)))
        hit = np.any((km < NEARBY_KM) & (self.owner[None, :] != i), axis=1)
        return (hit & known).tolist()


def _held_divisions(candidates: list[list[Candidate]]) -> dict[int, set[tuple[str, str]]]:
    """Per mention, the (country, admin1) pairs of the *other* mentions' town candidates:
    "Georgia" is the US state in an article that names Atlanta."""
    pairs = [
        {(c.place.country, normalize(c.place.admin1 or "")) for c in found if _town(c)}
        for found in candidates
    ]
    everything: Counter = Counter(p for s in pairs for p in s)
    return {i: {p for p in everything if everything[p] > (p in s)} for i, s in enumerate(pairs)}


def _town(cand: Candidate) -> bool:
    return isinstance(cand.place, GeoPlace) and cand.place.feature_code in ("PPL", "PPLC")


def _candidates(doc: Doc, mention: Mention, gaz: Gazetteer, geo) -> list[Candidate]:
    """The places a mention may denote, each with its prior signals."""
    if mention.country:  # a demonym
        place = geo.country_place(mention.country)
        return [Candidate(place, _prior_signals(place))] if place else []
    text = doc[mention.start : mention.end].text
    text = abbreviations().get(text, text)  # "Va." -> Virginia
    found: list[Candidate] = []
    curated = gaz.curated.get(normalize(text))
    if curated is not None and curated.lat is not None:
        found.append(Candidate(curated, {"curated": 1.0}))
    found += [Candidate(p, _prior_signals(p)) for p in geo.lookup(text)[:25]]
    country = gaz.countries.get(normalize(text))
    if country is not None and not any(_feature(c.place) == "PCLI" for c in found):
        place = geo.country_place(country.country or "")  # "U.S.", "Britain"
        if place is not None:
            found.append(Candidate(place, _prior_signals(place)))
    return found


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, str]:
    """ "Va." -> "Virginia" (data/place_words.yaml)."""
    return {str(k): str(v) for k, v in (gazetteer.place_words().get("abbreviations") or {}).items()}


def _prior_signals(place: GeoPlace) -> dict[str, float]:
    code = place.feature_code
    return {
        "population": math.log10(place.population + 10),
        "main_name": float(place.main),
        "country": float(code == "PCLI"),
        "admin1": float(code == "ADM1"),
        "admin2": float(code == "ADM2"),
        "capital": float(code == "PPLC"),
        "seat": float(
            code == "PPL"
            and normalize(place.name)
            in (normalize(place.admin1 or ""), normalize(place.admin2 or ""))
        ),
    }


def _prior(cand: Candidate, weights: dict[str, float]) -> float:
    return sum(weights.get(k, 0.0) * v for k, v in cand.signals.items())


RANKER_FILE = "data/toponym_ranker.json"


@lru_cache(maxsize=1)
def ranker_weights() -> dict[str, float]:
    """The ranker's weights: learned ones from data/toponym_ranker.json (written by
    scripts/train_toponym_ranker.py) where the file is there, else the hand-set WEIGHTS."""
    path = resources.files("eventwire").joinpath(RANKER_FILE)
    if not path.is_file():
        return dict(WEIGHTS)
    data = json.loads(path.read_text(encoding="utf-8"))
    return {**WEIGHTS, **{str(k): float(v) for k, v in data["weights"].items()}}


def _feature(place: GeoPlace | Entry) -> str:
    if isinstance(place, GeoPlace):
        return place.feature_code
    return {"country": "PCLI", "region": "RGN"}.get(place.precision, "PPL")


def _container(
    mentions: list[Mention], candidates, i: int, weights: dict[str, float]
) -> Candidate | None:
    """The best candidate of the place that an "X, Y" or "X in Y" pattern puts X in."""
    mention = mentions[i]
    if i + 1 >= len(mentions) or not candidates[i + 1] or not mention.between:
        return None
    if mention.between in ((",",), ("in",), (",", "in")) or (
        len(mention.between) == 2
        and mention.between[0] in words_division()
        and mention.between[1] == ","
    ):
        return max(candidates[i + 1], key=lambda c: _prior(c, weights))
    return None


def words_division() -> frozenset[str]:
    return frozenset(gazetteer.place_words().get("division_nouns") or ())


def _contains(container: Candidate, place: GeoPlace | Entry) -> bool:
    """Whether the container (a country or a division) holds the place."""
    outer = container.place
    if outer is place or outer.country is None or outer.country != place.country:
        return False
    kind = _feature(outer)
    if kind == "PCLI":
        return True
    if kind == "ADM1":
        return normalize(place.admin1 or "") == normalize(outer.name) or (
            normalize(place.admin1 or "") == normalize(outer.admin1 or "")
        )
    if kind == "ADM2" and isinstance(place, GeoPlace):
        return normalize(place.admin2 or "") == normalize(outer.admin2 or "")
    return False


def _to_place(span: Span, mention: Mention, best: Candidate, found: list[Candidate]) -> Place:
    place = best.place
    top = max(c.score for c in found)
    total = sum(math.exp(c.score - top) for c in found)
    score = round(1.0 / total, 3)
    if len(found) == 1:
        basis = "curated" if "curated" in best.signals else "unique name"
    elif "curated" in best.signals:
        basis = "curated"
    else:
        active = [k for k in CONTEXT_SIGNALS if best.signals.get(k)]
        basis = BASIS[active[0]] if active else "population"
    if isinstance(place, GeoPlace):
        return Place(
            text=span.text,
            span=(span.start_char, span.end_char),
            name=place.name,
            geonameid=place.geonameid,
            feature_code=place.feature_code,
            country=place.country,
            admin1=place.admin1 if place.feature_code != "PCLI" else None,
            admin2=place.admin2,
            lat=place.lat,
            lon=place.lon,
            precision=place.precision,
            kind=mention.kind,
            score=score,
            basis=basis,
        )
    return Place(
        text=span.text,
        span=(span.start_char, span.end_char),
        name=place.name,
        feature_code=_feature(place),
        country=place.country,
        admin1=place.admin1,
        lat=place.lat,
        lon=place.lon,
        precision=place.precision,
        kind=mention.kind,
        score=score,
        basis=basis,
    )
