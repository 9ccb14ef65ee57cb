"""Place stage: every toponym of the article, resolved against the offline gazetteer.

Sets `doc._.places` (list[records.Place], in text order). Toponyms come from three
places, because the small NER model misses many: GPE/LOC/FAC entities; curated names
found by a PhraseMatcher ("northern Gaza" where the NER tags only "Gaza", "the White
House" where it tags an ORG); and proper nouns governed by a locative preposition that
the gazetteer knows ("in Kharkiv" tagged PERSON). Ambiguous names are resolved against
the countries the rest of the article mentions (see `gazetteer.Gazetteer.resolve`).

`event_place(doc, trigger)` is for the events stage: the place syntactically attached
to an event trigger, never a guess from elsewhere in the article.

admin1 is a first-level division *name* (ISO 3166-2 as pycountry spells it, or as
places.yaml gives it), or None where geonames' code cannot be named offline.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import numpy as np
from spacy.attrs import DEP
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.symbols import pobj
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from .. import gazetteer
from ..gazetteer import Entry, Gazetteer
from ..records import Place
from .spans import cached, char_span, sentence_number

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

VERB_PREPOSITIONS = frozenset(
    {
        "in",
        "at",
        "on",
        "near",
        "across",
        "into",
        "inside",
        "outside",
        "throughout",
        "around",
        "within",
        "along",
        "through",
        "to",
        "toward",
        "towards",
        "onto",
        "off",
    }
)
"""Prepositions that put an event somewhere. Not "from" (an origin), "over" or "about"
(a topic: "tensions over Taiwan"), "against"/"with"/"between" (a party)."""

NOUN_PREPOSITIONS = VERB_PREPOSITIONS - {"to", "toward", "towards", "onto"}
"""On a noun, "to" names a party or a posting ("the envoy to Russia"), not a place."""

DIRECTIONS = frozenset(
    {
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
    }
)
REGION_NOUNS = frozenset(
    {"region", "province", "oblast", "governorate", "district", "area", "prefecture"}
)
"""Nouns after a town's name that make it the area around it ("the Kharkiv region")."""

PLACE_NOUNS = frozenset(
    {
        "city",
        "town",
        "village",
        "capital",
        "region",
        "province",
        "area",
        "district",
        "camp",
        "port",
        "suburb",
        "suburbs",
        "outskirts",
        "governorate",
        "enclave",
        "territory",
        "neighborhood",
        "neighbourhood",
        "strip",
    }
)
"""Heads whose "of" phrase names the place ("the southern city of Rafah")."""

NEAR = frozenset({"near", "outside", "around", "outskirts"})


class PlaceResolver:
    """The `eventwire_places` component."""

    def __init__(self, nlp: Language, name: str, places_file: str | None = None) -> None:
        self.name = name
        self.places_file = places_file
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        names = {_strip_the(n) for n in self.gazetteer.curated_names}
        self.matcher.add("CURATED_PLACE", list(nlp.tokenizer.pipe(sorted(names))))

    @property
    def gazetteer(self) -> Gazetteer:
        """Looked up, not stored: the index is per process, never pickled with the
        component when `nlp.pipe(n_process=...)` ships it to workers."""
        return gazetteer.load_with(self.places_file)

    def __call__(self, doc: Doc) -> Doc:
        gaz = self.gazetteer
        spans = self.toponyms(doc)
        context = _context(doc, spans, gaz)
        places = [_place(span, base, gaz, context) for span, base in spans]
        doc._.places = _with_layer(places, doc._.toponyms or [])
        return doc

    def toponyms(self, doc: Doc) -> list[tuple[Span, Span]]:
        """Each toponym's span in text order, with the span of the name it is built on
        (the same span unless widened: "northern" + "Kyiv", "Kharkiv" + "region")."""
        gaz = self.gazetteer
        found = [e for e in doc.ents if e.label_ in PLACE_LABELS and not _is_demonym(e, gaz)]
        found += [s for s in self._curated(doc) if _plausible(s)]
        taken = {t.i for span in found for t in span}
        line = dateline_span(doc)
        if line is not None and not taken.intersection(range(line.start, line.end)):
            found.append(line)  # "KHARTOUM (Reuters) -": the NER misses names in capitals
            taken.update(range(line.start, line.end))
        found += [s for s in _locative_names(doc, gaz) if s.start not in taken]
        bases: dict[Span, Span] = {}
        for span in found:
            span = _strip_determiner(span)
            if len(span):
                bases.setdefault(_widen(span), span)
        kept = sorted(filter_spans(bases), key=lambda s: s.start)
        return [(span, bases[span]) for span in kept]

    def _curated(self, doc: Doc) -> Iterator[Span]:
        for _, start, end in self.matcher(doc):
            yield Span(doc, start, end)


def dateline_span(doc: Doc) -> Span | None:
    """The place of the story's dateline ("KHARTOUM" in "KHARTOUM (Reuters) -"), with
    its region when one follows ("KYIV, Ukraine"), as tokens; None without one."""
    line = doc._.dateline
    if not line or "place" not in line:
        return None
    return doc.char_span(*line["place"], alignment_mode="expand")


def dateline_place(doc: Doc) -> Place | None:
    """The resolved place of the dateline, where the reporter filed from: a story's
    default location for events whose own sentences name none. None when the gazetteer
    does not know it (a dateline's words may be a section name)."""
    span = dateline_span(doc)
    if span is None:
        return None
    for found in doc._.places or ():
        if found.span == (span.start_char, span.end_char) and found.country:
            return found
    return None


def event_place(doc: Doc, trigger: Token) -> Place | None:
    """The place of the event whose trigger is `trigger`: a place that a locative
    preposition attaches to the trigger, to its subject or object noun, or to the clause
    it depends on ("airstrikes on northern Gaza killed", "clashes in Tripoli", "host him
    at the White House"); or a town or region that undergoes it ("shelled Kharkiv",
    "Kharkiv was shelled"; not a country, which is then the recipient). The subject
    itself is never the place: in "Israel launched strikes", Israel is the actor.
    None when the sentence does not say where."""
    places = doc._.places
    if not places:
        return None
    by_token = cached(doc, "places_by_sentence", _places_by_sentence).get(sentence_number(trigger))
    if not by_token:
        return None  # the sentence names no place: nothing to walk the parse for
    for token, direct in _place_slots(trigger):
        place = by_token.get(token.i)
        if place is not None and (not direct or place.precision in ("town", "region")):
            return place
    return None


# --- finding toponyms ---------------------------------------------------------------


def _is_demonym(span: Span, gaz: Gazetteer) -> bool:
    """One word for a nationality ("Israeli", "Palestinians") tagged GPE: not a place.
    Plural names the gazetteer knows are places ("the Philippines")."""
    span = _strip_determiner(span)
    if len(span) != 1:
        return False
    tag, text = span.root.tag_, span.text
    if tag == "JJ":
        return gaz.exact(text) is None
    if tag in ("NNPS", "NNS"):
        return gaz.exact(text) is None and not gaz.candidates(text)
    return False


def _plausible(span: Span) -> bool:
    """Whether a curated name found by the matcher is a place here. One word must be
    capitalized ("West Bank", not a river's "west bank"). It must not be part of a
    longer name the NER read as something else ("the Gaza health ministry", "George
    Washington"). Where the NER read exactly this name as something else, trust the
    gazetteer ("the Sahel" as a PRODUCT), except for an organization ("White House
    officials", "the Kremlin said"), which is a place only after a locative
    preposition ("at the White House")."""
    if not any(t.is_title or t.is_upper for t in span):
        return False
    if all(t.ent_iob_ == "O" or t.ent_type_ in PLACE_LABELS for t in span):
        return True
    ent = _entity_at(span)
    if ent is None or (_strip_determiner(ent).start, ent.end) != (span.start, span.end):
        return False
    return ent.label_ not in ("ORG", "NORP") or _after_locative(span)


def _entity_at(span: Span) -> Span | None:
    """The entity covering the span, read off the tokens' IOB tags: `doc.ents` builds
    every entity span on each access, too slow to call per candidate."""
    doc = span.doc
    if not doc[span.start].ent_type_:
        return None
    start = span.start
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = start + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    if span.end > end:
        return None
    return Span(doc, start, end, label=doc[start].ent_type_)


def _after_locative(span: Span) -> bool:
    head = span.root.head
    return span.root.dep_ == "pobj" and head.lower_ in VERB_PREPOSITIONS


def _locative_names(doc: Doc, gaz: Gazetteer) -> Iterator[Span]:
    """Proper nouns after a locative preposition that the gazetteer knows, whatever
    the NER made of them: "in Kharkiv" tagged PERSON, "in the Kursk region" where
    Kursk is a PRODUCT."""
    for i in np.flatnonzero(doc.to_array(DEP) == pobj):  # Tokens only for the candidates
        token = doc[int(i)]
        if not _locative(token.head):
            continue
        name = token if token.tag_ == "NNP" else _region_name(token)
        if name is None or name.ent_type_ in PLACE_LABELS:
            continue
        start = name.i
        while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].tag_ == "NNP":
            start -= 1
        span = doc[start : name.i + 1]
        if not _inside_longer_entity(span) and (gaz.exact(span.text) or gaz.candidates(span.text)):
            yield span


def _locative(prep: Token) -> bool:
    """A preposition that places: "in", "near", ..., or "of" after "the city"."""
    return prep.lower_ in VERB_PREPOSITIONS or (
        prep.lower_ == "of" and prep.head.lower_ in PLACE_NOUNS
    )


def _region_name(noun: Token) -> Token | None:
    """The town's name in "the Kursk region"."""
    if noun.lower_ not in REGION_NOUNS:
        return None
    names = [c for c in noun.lefts if c.dep_ == "compound" and c.tag_ == "NNP"]
    return names[-1] if names else None


def _inside_longer_entity(span: Span) -> bool:
    ent = _entity_at(span)
    return ent is not None and (ent.end - ent.start) > len(span)


def _strip_determiner(span: Span) -> Span:
    start = span.start
    while start < span.end and span.doc[start].lower_ in ("the", "a", "an"):
        start += 1
    return span.doc[start : span.end]


def _strip_the(name: str) -> str:
    return name[4:] if name.lower().startswith("the ") else name


def _widen(span: Span) -> Span:
    """Take in a direction before the name and a region noun after it: "northern" +
    "Kyiv", "Donetsk" + "region" name areas, not the town."""
    doc, start, end = span.doc, span.start, span.end
    if start > 0 and doc[start - 1].lower_ in DIRECTIONS and doc[start - 1].dep_ == "amod":
        start -= 1
    if end < len(doc) and doc[end].lower_ in REGION_NOUNS:
        end += 1
    return doc[start:end]


# --- resolving ----------------------------------------------------------------------


def _context(doc: Doc, spans: list[tuple[Span, Span]], gaz: Gazetteer) -> Counter[str]:
    """How often the article mentions each country. Only mentions not themselves in
    doubt vote, so an ambiguous name never decides for itself; so do the actors'
    countries (once the actors stage sets them), except for actors that are one of the
    toponyms, whose country would be that stage's own guess ("Tripoli" as a government)."""
    counts: Counter[str] = Counter()
    for span, base in spans:
        for text in (span.text, base.text):
            if not gaz.is_ambiguous(text):
                entry = gaz.resolve(text)
                if entry is not None and entry.country:
                    counts[entry.country] += 1
                    break
    toponym_chars = [(span.start_char, span.end_char) for span, _ in spans]
    for actor in doc._.actors or []:
        start, end = actor.span
        if actor.country and not any(s < end and start < e for s, e in toponym_chars):
            counts[actor.country] += 1
    return counts


def _place(span: Span, base: Span, gaz: Gazetteer, context: Counter[str]) -> Place:
    """The Place for a toponym; unknown names keep their text with nulls."""
    entry = gaz.exact(span.text)
    if entry is None and span != base:
        entry = _area(span, base, gaz.resolve(base.text, context))
    elif entry is None:
        entry = gaz.resolve(span.text, context)
    if entry is None:
        return Place(text=span.text, span=char_span(span))
    precision = entry.precision
    if (
        precision == "town"
        and _near(span)
        and gazetteer.normalize(base.text) == gazetteer.normalize(entry.name)
    ):
        precision = "region"
    return Place(
        text=span.text,
        name=entry.name,
        country=entry.country,
        admin1=entry.admin1,
        lat=entry.lat,
        lon=entry.lon,
        precision=precision,
        span=char_span(span),
    )


EVENT_PRECISION = {"admin1": "region", "admin2": "region", "feature": "region"}
"""The places layer's precisions as event locations know them (towns and regions)."""


def _with_layer(places: list[Place], layer: list[Place]) -> list[Place]:
    """The event-location candidates, completed from the places layer (the toponyms
    stage, over all of GeoNames' towns of 500 people and more): a name the city
    gazetteer here does not know takes the layer's resolution of the same words, so a
    village the event happened in is its location. Where both resolve a name, this
    stage's resolution stands (it reads the event's clause: "northern Gaza", "near
    Kharkiv"); places only the layer found stay in the layer: its recognition is the
    less precise of the two (docs/places.md)."""
    named = [p for p in layer if p.kind == "name" and p.lat is not None]
    out: list[Place] = []
    for place in places:
        if place.lat is None:
            same = next((p for p in named if _overlaps(p.span, place.span)), None)
            if same is not None:
                place = _as_location(same, place.span, place.text)
        out.append(place)
    return out


def _as_location(place: Place, span: tuple[int, int], text: str) -> Place:
    precision = EVENT_PRECISION.get(place.precision or "", place.precision)
    return place.model_copy(update={"span": span, "text": text, "precision": precision})


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _area(span: Span, base: Span, entry: Entry | None) -> Entry | None:
    """The area named after a known town, region or country ("northern Kyiv", "the
    Kharkiv region", "western Ukraine"): a region, placed at the base's point."""
    if entry is None:
        return None
    words = [t.text for t in span if t.i < base.start] + [entry.name]
    words += [t.text for t in span if t.i >= base.end]
    return Entry(
        name=" ".join(words),
        country=entry.country,
        admin1=entry.admin1,
        lat=entry.lat,
        lon=entry.lon,
        precision="region",
        source=entry.source,
    )


def _near(span: Span) -> bool:
    """Whether the text puts the toponym around a town rather than in it: "near
    Kharkiv", "outside Kyiv", "the outskirts of Odesa"."""
    doc, i = span.doc, span.start - 1
    if i >= 0 and doc[i].lower_ == "of":
        i -= 1
    while i >= 0 and doc[i].lower_ in ("the", "a"):
        i -= 1
    return i >= 0 and doc[i].lower_ in NEAR


# --- attaching a place to an event ----------------------------------------------------


def _places_by_sentence(doc: Doc) -> dict[int, dict[int, Place]]:
    """Sentence -> token index -> place (a parse never leaves its sentence)."""
    by_sentence: dict[int, dict[int, Place]] = {}
    for place in doc._.places or ():
        span = doc.char_span(place.span[0], place.span[1], alignment_mode="expand")
        if span is not None and len(span):
            by_token = by_sentence.setdefault(sentence_number(span), {})
            for token in span:
                by_token.setdefault(token.i, place)
    return by_sentence


def _place_slots(trigger: Token) -> Iterator[tuple[Token, bool]]:
    """Tokens where the trigger's place may be, best first, each with whether it is a
    direct argument (object) rather than the object of a locative preposition."""
    head: Token | None = trigger
    for _ in range(3):
        if head is None:
            return
        yield from _slots_of(head)
        head = _governor(head)


def _slots_of(head: Token) -> Iterator[tuple[Token, bool]]:
    verbal = head.pos_ in ("VERB", "AUX")
    preps = VERB_PREPOSITIONS if verbal else NOUN_PREPOSITIONS
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            yield from _prepositional_objects(child)
    if verbal:
        for child in head.children:
            if child.dep_ in ("dobj", "nsubjpass"):
                yield from ((token, True) for token in _naming(child))
    for noun in head.children:
        if noun.dep_ in ("nsubj", "nsubjpass", "dobj", "attr"):
            for child in noun.children:
                if child.dep_ == "prep" and child.lower_ in NOUN_PREPOSITIONS:
                    yield from _prepositional_objects(child)


def _prepositional_objects(prep: Token, depth: int = 2) -> Iterator[tuple[Token, bool]]:
    """The object of a locative preposition, then a place nested in it: "at a checkpoint
    outside Kabul"."""
    for obj in prep.children:
        if obj.dep_ != "pobj":
            continue
        yield from ((token, False) for token in _naming(obj))
        if depth > 1:
            for child in obj.children:
                if child.dep_ == "prep" and child.lower_ in NOUN_PREPOSITIONS:
                    yield from _prepositional_objects(child, depth - 1)


def _naming(noun: Token) -> Iterator[Token]:
    """The noun and the words that may name its place: "the Jabalia camp", "Kherson,
    Ukraine", and the "of" phrase of a place noun ("the southern city of Rafah")."""
    yield noun
    for child in noun.children:
        if child.dep_ in ("compound", "appos", "nmod"):
            yield child
        elif child.dep_ == "prep" and child.lower_ == "of" and noun.lower_ in PLACE_NOUNS:
            for obj in child.children:
                if obj.dep_ == "pobj":
                    yield from _naming(obj)


def _governor(token: Token) -> Token | None:
    """The word whose place the token shares when it has no subject of its own: a
    participle or infinitive ("stormed into southern Israel, killing ..."), a verb
    sharing a subject ("struck Gaza and killed ..."), or the noun of "for talks"."""
    if token.dep_ == "pobj" and token.head.lower_ in ("for", "during", "amid"):
        return token.head.head
    if token.dep_ in ("advcl", "xcomp", "conj", "acl") and not any(
        c.dep_ in ("nsubj", "nsubjpass") for c in token.children
    ):
        return token.head
    return None
