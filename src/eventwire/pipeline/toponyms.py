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
CONNECTORS = frozenset({"de", "del", "da", "do", "dos", "al", "el", "la", "le", "of", "-", "y"})
"""Lower-case words inside multi-word names."""

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
    {"preposition", "comma", "town_noun", "place_noun", "division_noun", "coordination"}
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


def find_mentions(doc: Doc, gaz: Gazetteer, words: dict[str, frozenset]) -> list[Mention]:
    """Every toponym mention, in text order, none overlapping another."""
    geo = gazetteer.geonames()
    mentions: list[Mention] = []
    taken: set[int] = set()

    def add(mention: Mention) -> None:
        if taken.isdisjoint(range(mention.start, mention.end)):
            mentions.append(mention)
            taken.update(range(mention.start, mention.end))

    line = doc._.dateline
    if line and line.get("place"):
        span = doc.char_span(*line["place"], alignment_mode="expand")
        if span is not None:
            for part in _comma_parts(span):
                add(Mention(part.start, part.end, evidence={"dateline"}))
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        span = _trim(ent, words)
        if len(span) == 0 or _is_demonym_word(span):
            continue
        if _known(span.text, gaz, geo) or len(span) > 1 or span.text[:1].isupper():
            evidence = _evidence(span, words)
            if normalize(span.text) in words["common_words"] and not evidence:
                continue
            add(Mention(span.start, span.end, evidence=evidence | {"ner"}))
    adjectives = demonyms()
    for token in doc:
        code = adjectives.get(token.text)
        if (
            code
            and token.i not in taken
            and token.head.pos_ in ("NOUN", "PROPN")
            and (token.dep_ in ("amod", "compound", "nmod") or token.ent_type_ == "NORP")
        ):
            add(Mention(token.i, token.i + 1, kind="adjective", country=code))
    doubtful: list[Span] = []
    for span in _capitalized_runs(doc, taken):
        found = _longest_known(span, gaz, geo, words)
        if found is None:
            continue
        evidence = _evidence(found, words)
        root = found.root
        if (root.dep_ == "conj" and root.head.i in taken) or any(
            c.dep_ == "conj" and c.i in taken for c in root.children
        ):
            evidence.add("coordination")  # "Benghazi and Misrata"
        prominent = not evidence and _prominent(found, gaz, geo, words)
        if not evidence and not prominent:
            doubtful.append(found)
            continue
        if found.root.ent_type_ in ("PERSON", "ORG", "NORP") and not (
            evidence & STRONG_EVIDENCE or (prominent and len(found) > 1)
        ):
            continue  # "George Washington", "the Gaza health ministry"
        add(Mention(found.start, found.end, evidence=evidence))
    for span in _near_known(doubtful, mentions, doc, gaz, geo, words):
        add(Mention(span.start, span.end, evidence={"nearby"}))
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
        if len({p.country for p in places}) > 1:  # ambiguous: its reading in a named country
            places = [p for p in places if p.country in named]
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
        while (
            j < len(doc)
            and j not in taken
            and (
                _capital(doc[j])
                or (doc[j].lower_ in CONNECTORS and j + 1 < len(doc) and _capital(doc[j + 1]))
            )
        ):
            j += 1
        yield doc[i:j]
        i = j


def _capital(token) -> bool:
    return token.is_alpha and token.text[:1].isupper() and (token.is_title or token.is_upper)


def _longest_known(span: Span, gaz: Gazetteer, geo, words) -> Span | None:
    """The longest sub-run of the run that the gazetteer knows, leftmost first."""
    for size in range(min(len(span), MAX_WORDS), 0, -1):
        for start in range(span.start, span.end - size + 1):
            sub = span.doc[start : start + size]
            key = normalize(sub.text)
            if key in words["never"] or len(key) < 2:
                continue
            if sub[0].lower_ in CONNECTORS or sub[-1].lower_ in CONNECTORS:
                continue
            if _known(sub.text, gaz, geo):
                return sub
    return None


def _evidence(span: Span, words: dict[str, frozenset]) -> set[str]:
    """What in the text says this span is a place."""
    doc, found = span.doc, set()
    before = span.start - 1
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
    if span.end < len(doc) and doc[span.end].lower_ in words["place_nouns"]:
        found.add("place_noun")
    if span.end + 1 < len(doc) and doc[span.end].text == "," and _capital(doc[span.end + 1]):
        found.add("comma")
    if span.start >= 2 and doc[span.start - 1].text == "," and _capital(doc[span.start - 2]):
        found.add("comma")
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
    """A Place for every mention; unknown names keep their text with nulls.

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
            dateline_country = max(found, key=_prior).place.country
            break
    chosen = sure
    for _ in range(2):
        _score_all(mentions, candidates, countries_sure, chosen, actors, held, dateline_country)
        chosen = [max(found, key=lambda c: c.score) if found else None for found in candidates]
        countries_sure = [c.place.country if c else None for c in chosen]
    places: list[Place] = []
    for mention, found, best in zip(mentions, candidates, chosen, strict=True):
        span = doc[mention.start : mention.end]
        if best is None:
            places.append(Place(text=span.text, span=(span.start_char, span.end_char)))
        else:
            places.append(_to_place(span, mention, best, found))
    return places


def _score_all(
    mentions: list[Mention],
    candidates: list[list[Candidate]],
    countries: list[str | None],
    chosen: list[Candidate | None],
    actors: Counter,
    held: dict[int, set[tuple[str, str]]],
    dateline_country: str | None,
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
        container = _container(mentions, candidates, i)
        own = countries[i]
        for cand in found:
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
            s["nearby"] = float(place.lat is not None and near(i, place.lat, place.lon))
            kind = _feature(place)
            s["holds"] = float(
                kind == "ADM1" and (country, normalize(place.name)) in held.get(i, set())
            )
            s["in_division"] = float(
                isinstance(place, GeoPlace)
                and kind in ("PPL", "PPLC", "ADM2")
                and (country, normalize(place.admin1 or "")) in divisions
            )
            s["division_noun"] = float(
                "division_noun" in mention.evidence and kind in ("ADM1", "ADM2")
            )
            s["town_noun"] = float("town_noun" in mention.evidence and kind in ("PPL", "PPLC"))
            cand.score = sum(WEIGHTS[k] * v for k, v in s.items())


class _Nearby:
    """Whether a point lies within NEARBY_KM of another mention's point: one vectorized
    great-circle computation per candidate (the same formula as `haversine_km`)."""

    def __init__(self, points: list[tuple[int, float, float]]) -> None:
        self.owner = np.array([j for j, _, _ in points], dtype=np.int64)
        self.lat = np.radians(np.array([lat for _, lat, _ in points], dtype=np.float64))
        self.lon = np.radians(np.array([lon for _, _, lon in points], dtype=np.float64))

    def __call__(self, i: int, lat: float, lon: float) -> bool:
        if not len(self.owner):
            return False
        p1, l1 = math.radians(lat), math.radians(lon)
        a = (
            np.sin((self.lat - p1) / 2) ** 2
            + math.cos(p1) * np.cos(self.lat) * np.sin((self.lon - l1) / 2) ** 2
        )
        km = 2 * 6371.0 * np.arcsin(np.minimum(1.0, np.sqrt(a)))
        return bool(np.any((km < NEARBY_KM) & (self.owner != i)))


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


def _prior(cand: Candidate) -> float:
    return sum(WEIGHTS[k] * v for k, v in cand.signals.items() if k in WEIGHTS)


def _feature(place: GeoPlace | Entry) -> str:
    if isinstance(place, GeoPlace):
        return place.feature_code
    return {"country": "PCLI", "region": "RGN"}.get(place.precision, "PPL")


def _container(mentions: list[Mention], candidates, i: int) -> Candidate | None:
    """The best candidate of the place that an "X, Y" or "X in Y" pattern puts X in."""
    mention = mentions[i]
    if i + 1 >= len(mentions) or not candidates[i + 1] or not mention.between:
        return None
    if mention.between in ((",",), ("in",), (",", "in")) or (
        len(mention.between) == 2
        and mention.between[0] in words_division()
        and mention.between[1] == ","
    ):
        return max(candidates[i + 1], key=_prior)
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
