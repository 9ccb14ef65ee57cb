"""Actors: noun phrases that name who acts, resolved to a name, a country and a sector.

Find, then assign. A PhraseMatcher finds every knowledge-base term (names, aliases,
country words, seats of government) in one pass; NER adds the names the knowledge
base lacks, each looked up in its lowest layer (PETRARCH2's actors to 2014), which is
too large to match. Each actor is then a noun phrase built from the dependency parse: its
head decides the sector ("Israeli airstrikes" -> MIL), its modifiers, possessors and
"of/to/from" phrases decide the country ("a senior adviser to Netanyahu" -> ISR),
and appositions share what they know ("Trump's spokesperson, Karoline Leavitt").
Knowledge-base matches override NER labels, which fixes the small model's habit of
tagging "Trump" as an ORG.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import Levenshtein
from spacy.attrs import IS_ALPHA, IS_LOWER, POS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.symbols import ADJ, NOUN, PRON, PROPN
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from .. import knowledge
from ..knowledge import CountryWord, Entry, KnowledgeBase
from ..records import Actor, Entity
from .spans import char_span, sentence_starts

MIN_FUZZY = 6
"""Shorter names are too close to other words for a misspelling to be safe."""
NAME_POS = np.array([PROPN, ADJ], dtype=np.uint64)
NOMINAL_POS = np.array([NOUN, PROPN, PRON], dtype=np.uint64)
"""Parts of speech that can head an actor phrase."""
MODIFIER_DEPS = {"compound", "amod", "nmod", "poss"}
"""Dependents that stay inside the actor phrase and may carry its country."""
LINK_PREPS = {"of", "to", "from", "for", "in"}
"""'adviser to Netanyahu', 'officials from Iran', 'forces in Guinea': the object
gives the country."""
NER_LABELS = {"PERSON", "ORG", "NORP", "GPE"}
SUBJECT_DEPS = ("nsubj", "nsubjpass")
NOT_THE_STATE = {"adjective", "people"}
STANCES = {"pro", "anti"}
"""Country words that name someone from the country, not the country itself."""
UNIDENTIFIED = "UAF"
"""The manual's unidentified armed forces ("unknown gunmen")."""
PRONOUNS = {"he", "she", "him", "her"}
REPORTED_PRONOUNS = {"it", "they", "we"}
"""Resolved only as the subject of a clause their antecedent reports ("Syria says it
is willing"), where the parse makes the reference safe."""
LOWER_CASED = 0.95
"""Share of a doc's words in lower case above which the doc is lower-cased text
("police in lahore detained ..."), whose names only a case-blind match finds."""
LOWER_POS = {"PROPN", "ADJ", "NOUN"}
"""Parts of speech a one-word case-blind match may have: "iran" (PROPN), "sudanese"
(ADJ), "lahore" (which the tagger reads as a noun); not "may", "us" or "said"."""


def lower_cased(doc: Doc) -> bool:
    """Whether the doc is lower-cased text: nearly all its words in lower case."""
    flags = doc.to_array([IS_ALPHA, IS_LOWER])
    words = flags[:, 0] == 1
    return int(words.sum()) >= 5 and float(flags[words, 1].mean()) >= LOWER_CASED


@dataclass
class Named:
    """A knowledge-base or NER hit inside the text, before phrases are built."""

    span: Span
    entry: Entry | None
    word: CountryWord | None
    label: str

    @property
    def name(self) -> str:
        if self.entry is not None:
            return self.entry.name
        if self.word is not None:
            return self.word.entry.name if self.word.kind != "seat" else self.span.text
        return self.span.text


class ActorResolver:
    """spaCy component: sets doc._.actors (phrases) and doc._.entities (actors once)."""

    def __init__(self, nlp: Language, name: str, actors_file: str | None = None) -> None:
        self.name = name
        self.kb: KnowledgeBase = knowledge.load(actors_file)
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.lowered: dict[str, Entry | CountryWord] = {}
        terms = list(self.kb.terms)
        for start in range(0, len(terms), 500):
            patterns = list(nlp.tokenizer.pipe(terms[start : start + 500]))
            self.matcher.add("KB", patterns)
            blind = [p for p in patterns if self.add_lowered(p)]
            self.lower_matcher.add("KB", blind)
        self.fuzzy_terms: dict[str, list[tuple[str, CountryWord]]] = {}
        for term, word in self.kb.terms.items():
            fuzzy_kind = isinstance(word, CountryWord) and word.kind in ("name", "adjective")
            if fuzzy_kind and len(term) >= MIN_FUZZY and " " not in term:
                self.fuzzy_terms.setdefault(term[0], []).append((term, word))

    def __call__(self, doc: Doc) -> Doc:
        published = doc._.article.published if doc._.article is not None else None
        pos = doc.to_array(POS)  # candidates found on the array: no Token for the others
        named = self.find_named(doc, pos)
        by_token = {t: n for n in named for t in range(n.span.start, n.span.end)}
        nominal = (doc[int(i)] for i in np.flatnonzero(np.isin(pos, NOMINAL_POS)))
        heads = [t for t in nominal if self.is_actor_head(t, by_token)]
        actors = {t.i: self.resolve(t, by_token, published) for t in heads}
        share_appositions(doc, actors)
        resolve_titles_and_pronouns(doc, actors, self.kb, published)
        resolve_roles(doc, actors)
        doc._.actors = [actors[i] for i in sorted(actors)]
        doc._.entities = build_entities(named, doc._.actors, published)
        return doc

    def add_lowered(self, pattern: Doc) -> bool:
        """Keep a term for case-blind matching in lower-cased docs, unless its lower-case
        form is a function word ("US" -> "us") or already another term's; persons only
        by their full names ("putin" alone may be a word in a lower-cased headline)."""
        key = pattern.text.lower()
        term = self.kb.terms[pattern.text]
        one_word = len(pattern) == 1
        if key in self.lowered or (one_word and (pattern[0].is_stop or len(key) < 3)):
            return False
        if one_word and isinstance(term, Entry) and term.type == "PERSON":
            return False
        self.lowered[key] = term
        return True

    def find_named(self, doc: Doc, pos: np.ndarray) -> list[Named]:
        """Knowledge-base matches first, then NER names that no match covers. In
        lower-cased text the terms are matched blind to case."""
        spans = [doc[s:e] for _, s, e in self.matcher(doc)]
        lowered = lower_cased(doc)
        if lowered:
            spans = [doc[s:e] for _, s, e in self.lower_matcher(doc)]
            spans = [s for s in spans if len(s) > 1 or s[0].pos_ in LOWER_POS]
        covered: set[int] = set()
        named = []
        for span in filter_spans(spans):
            term = self.lowered[span.text.lower()] if lowered else self.kb.terms[span.text]
            entry = term if isinstance(term, Entry) else None
            word = term if isinstance(term, CountryWord) else None
            if word is not None and word.kind == "name" and inside_a_name(span):
                continue  # "Israel Katz", "Jordan Kenyon": part of a person's name
            label = entry.type if entry else ("GPE" if word and word.kind != "seat" else "ORG")
            named.append(Named(span, entry, word, label))
            covered.update(range(span.start, span.end))
        for token in self.misspelt_candidates(doc, pos, covered):
            word = self.misspelt_country(token.text)
            if word is not None:
                label = "GPE" if word.kind == "name" else "NORP"
                named.append(Named(doc[token.i : token.i + 1], None, word, label))
                covered.add(token.i)
        for ent in doc.ents:
            if ent.label_ in NER_LABELS and not covered.intersection(range(ent.start, ent.end)):
                span, entry = self.lowest_entry(_strip_det(ent))
                named.append(Named(span, entry, None, entry.type if entry else ent.label_))
        named.sort(key=lambda n: n.span.start)
        return named

    def lowest_entry(self, span: Span) -> tuple[Span, Entry | None]:
        """The knowledge base's lowest layer (PETRARCH2's actors, to 2014) on a name NER
        found and no matched term covers: 'Abdelaziz Bouteflika', or, when NER took in
        a title, the name after it ('President Abdelaziz Bouteflika'), which becomes the
        span. The span as it was when the layer does not know the name."""
        lowest = self.kb.lowest
        if lowest is None:
            return span, None
        doc, start = span.doc, span.start
        while True:
            entry = lowest.get(doc[start : span.end].text)
            if entry is not None:
                return doc[start : span.end], entry
            if span.end - start <= 2 or self.sector_of(doc[start]) is None:
                return span, None
            start += 1

    def misspelt_candidates(self, doc: Doc, pos: np.ndarray, covered: set[int]) -> list[Token]:
        """Capitalized proper nouns and adjectives no term matched and the NER did not
        read as a person (`pos`: the doc's POS array)."""
        names = np.flatnonzero(np.isin(pos, NAME_POS))
        tokens = [doc[int(i)] for i in names if int(i) not in covered]
        return [t for t in tokens
                if len(t) >= MIN_FUZZY and t.is_title and t.ent_type_ != "PERSON"]  # fmt: skip

    def misspelt_country(self, text: str) -> CountryWord | None:
        """A country name or adjective one typing slip away ("Ethopia", "Phillippines"),
        two for long words: news copy and transcribed text carry such slips, and a
        country is too important to lose to one. Same first letter required."""
        limit = 1 if len(text) < 10 else 2
        best = None
        for term, word in self.fuzzy_terms.get(text[0], ()):
            if abs(len(term) - len(text)) <= limit:
                distance = Levenshtein.distance(term, text, score_cutoff=limit)
                if distance <= limit and (best is None or distance < best[0]):
                    best = (distance, word)
        return best[1] if best else None

    def is_actor_head(self, token: Token, by_token: dict[int, Named]) -> bool:
        """A noun that heads its phrase and names, or is modified by, an actor."""
        if token.pos_ not in ("NOUN", "PROPN", "PRON"):
            return False
        if token.pos_ == "PRON":
            return token.lower_ in PRONOUNS or (
                token.lower_ in REPORTED_PRONOUNS and reporter_of(token) is not None
            )
        if token.dep_ in MODIFIER_DEPS and token.head.pos_ in ("NOUN", "PROPN"):
            return False
        hit = by_token.get(token.i)
        if hit is not None:
            return hit.span.root == token or token.i == hit.span.end - 1
        if self.sector_of(token) is not None:
            return True
        return any(
            c.i in by_token or (c.dep_ == "compound" and self.sector_of(c) is not None)
            for c in token.lefts
            if c.dep_ in MODIFIER_DEPS
        )  # "Iranian oil tankers", "an army base": the modifier says whose

    def sector_of(self, token: Token) -> str | None:
        """Sector of a role noun; a compound or an adjective before it may make a
        longer role ('air strike', 'attorney general', 'armed men': no civilians)."""
        lemma = token.lemma_.lower()
        for c in token.lefts:
            if c.dep_ in ("compound", "amod"):  # "police officer", "armed men"
                for key in (f"{c.lemma_.lower()} {lemma}", f"{c.lower_} {token.lower_}"):
                    sector = self.kb.sectors.get(key)
                    if sector:
                        return sector
        return (
            self.kb.sectors.get(lemma)
            or self.kb.sectors.get(token.lower_)
            or self.kb.sectors.get(singular(token.lower_))  # "Rebels" read as a name
        )

    def modifier_sector(self, head: Token) -> str | None:
        """'army base', 'police station': a role noun before the head says whose."""
        for child in head.lefts:
            if child.dep_ == "compound" and (sector := self.sector_of(child)):
                return sector
        return None

    def resolve(self, head: Token, by_token: dict[int, Named], published: dt.date | None) -> Actor:
        """Country, sector and name of the phrase headed by `head`."""
        doc = head.doc
        start = min([head.i] + [c.left_edge.i for c in head.lefts if c.dep_ in MODIFIER_DEPS])
        phrase = doc[start : head.i + 1]
        hit = by_token.get(head.i)
        name = country = sector = None
        if hit is not None:
            name, country, sector = describe(hit, published)
            if hit.word is not None and hit.word.kind in NOT_THE_STATE:
                name = None  # "the Israeli", "Palestinians": people, not the state
                country = home_of(head, hit, by_token) or country
                country = None if ethnic(head) else country
        sector = sector or self.sector_of(head) or self.modifier_sector(head)
        if country is None:
            country, mod_sector = self.country_from_modifiers(head, by_token, published)
            if sector == UNIDENTIFIED and mod_sector:
                sector = mod_sector  # "Houthi gunmen": named, so no longer unidentified
            sector = sector or mod_sector
        return Actor(
            text=phrase.text,
            name=name,
            country=country,
            sector=sector,
            sectors=self.all_sectors(head, sector),
            span=char_span(phrase),
        )

    def all_sectors(self, head: Token, sector: str | None) -> list[str]:
        """The phrase's sector, then those its modifiers add ("health ministry")."""
        found = [sector] if sector else []
        for child in head.lefts:
            if child.dep_ in ("compound", "amod"):
                lemma = child.lemma_.lower()
                extra = self.kb.modifier_sectors.get(lemma) or self.kb.sectors.get(lemma)
                if extra and extra not in found:
                    found.append(extra)
        return found

    def country_from_modifiers(
        self, head: Token, by_token: dict[int, Named], published: dt.date | None
    ) -> tuple[str | None, str | None]:
        """The country (and a fallback sector) from modifiers and linking phrases."""
        candidates = [t for c in head.lefts if c.dep_ in MODIFIER_DEPS for t in c.subtree]
        for prep in head.rights:
            if prep.dep_ == "prep" and prep.lower_ in LINK_PREPS:
                candidates += list(prep.subtree)
        sector = None
        for token in candidates:
            hit = by_token.get(token.i)
            if hit is not None and not stance_prefixed(token):
                if hit.word is not None and hit.word.kind in NOT_THE_STATE and ethnic(head):
                    continue  # "ethnic Albanian guerrillas": a people, not a nationality
                _, country, hit_sector = describe(hit, published)
                if country:
                    return (
                        country,
                        hit_sector if hit.word is None or hit.word.kind == "seat" else None,
                    )
            sector = sector or self.sector_of(token)
        return None, sector


def ethnic(head: Token) -> bool:
    """'ethnic Albanians': the demonym names an ethnic group, whose members are citizens
    of wherever they live; the sentence, not the word, gives their country."""
    return any(c.lower_ == "ethnic" for c in head.subtree if c.i < head.i)


def home_of(head: Token, hit: Named, by_token: dict[int, Named]) -> str | None:
    """'Bosnian Serbs', 'Iraqi Kurds': a people named with another country's adjective
    live in that country, and event data codes them there."""
    for child in head.lefts:
        other = by_token.get(child.i)
        if (
            child.dep_ in ("amod", "compound")
            and other is not None
            and other is not hit
            and other.word is not None
            and other.word.kind == "adjective"
        ):
            return other.word.country
    return None


def describe(hit: Named, published: dt.date | None) -> tuple[str | None, str | None, str | None]:
    """(name, country, sector) of a named hit at the article's date."""
    if hit.entry is not None:
        role = hit.entry.role(published)
        return hit.entry.name, role.country, role.sector
    if hit.word is not None:
        sector = {"seat": "GOV", "people": "CVL"}.get(hit.word.kind)
        return hit.name, hit.word.country, sector
    return (hit.name if hit.label in ("PERSON", "ORG") else None), None, None


def inside_a_name(span: Span) -> bool:
    """Whether the NER reads the span as part of a longer person's name."""
    doc = span.doc
    if doc[span.start].ent_type_ != "PERSON":
        return False
    before = span.start > 0 and doc[span.start].ent_iob_ == "I"
    after = span.end < len(doc) and doc[span.end].ent_iob_ == "I"
    return before or after


def share_appositions(doc: Doc, actors: dict[int, Actor]) -> None:
    """'Trump's spokesperson, Karoline Leavitt': each side fills what the other lacks,
    and the phrase takes the person's name."""
    for i, actor in actors.items():
        token = doc[i]
        if token.dep_ != "appos" or token.head.i not in actors:
            continue
        other = actors[token.head.i]
        for a, b in ((actor, other), (other, actor)):
            a.country = a.country or b.country
            a.sector = a.sector or b.sector
            a.name = a.name or b.name


def resolve_titles_and_pronouns(
    doc: Doc, actors: dict[int, Actor], kb: KnowledgeBase, published: dt.date | None
) -> None:
    """In-document coreference, where it is safe: 'the President' -> the title's holder
    named in the article; he/she as a clause subject -> the subject of the nearest
    earlier sentence whose main subject was a named person."""
    mentioned = {a.name for a in actors.values() if a.name}
    heads = {title.split()[-1] for title in kb.titles} | {"leader"}
    last_person: Actor | None = None
    for i in sorted(actors):
        actor, token = actors[i], doc[i]
        if token.pos_ == "PRON":
            reporter = reporter_of(token)
            source = actors.get(reporter.i) if reporter is not None else None
            if source is None and token.lower_ in PRONOUNS and token.dep_ in SUBJECT_DEPS:
                source = last_person
            if source is not None:
                actor.name, actor.country, actor.sector = source.name, source.country, source.sector
            continue
        if actor.name is None and token.lower_ in heads and not _has_other_name(token, kb):
            title = title_of(token, kb)
            titles = LEADER_TITLES if title == "leader" and token.tag_ == "NN" else (title,)
            holder = holder_of(titles, actor.country, kb, mentioned, published)
            if holder is not None:
                role = holder.role(published)
                actor.name, actor.country = holder.name, role.country
                actor.sector = actor.sector or role.sector
        if (
            actor.name
            and token.dep_ in ("nsubj", "nsubjpass")
            and token.head.dep_ == "ROOT"
            and _is_person(actor, kb)
        ):
            last_person = actor


COREFERENT = {"REB", "UAF", "MIL", "COP", "PTY", "OPP", "PRM", "CRM", "SPY"}
"""Sectors of groups that an article names once and then by their role ("M23 ...
The rebels said"): a phrase of one of these with neither name nor country refers to
the nearest earlier group of its sector that has one."""
GOVERNMENT_NOUNS = {"government", "administration", "regime", "junta", "cabinet", "authority"}
"""GOV role nouns that stand for one state's government; "officials" may be anyone's."""
ROLE_WINDOW = 6
"""Sentences back that a role noun may refer to."""


def resolve_roles(doc: Doc, actors: dict[int, Actor]) -> None:
    """Role-only phrases ("Rebels shelled", "the army said", "the government") take
    the name and country of the nearest earlier actor of the same sector that has them,
    within ROLE_WINDOW sentences; with none, they stay without a country: a neighbouring
    country is no guess for who they are. The country is then marked basis 'context',
    its `country_span` the earlier mention."""
    starts = sentence_starts(doc) if doc.has_annotation("SENT_START") else [0]
    earlier: list[tuple[int, Actor]] = []
    for i in sorted(actors):
        actor, token = actors[i], doc[i]
        if actor.name is None and actor.country is None and token.pos_ != "PRON":
            sector = actor.sector
            fits = sector in COREFERENT or (
                sector == "GOV" and token.lemma_.lower() in GOVERNMENT_NOUNS
            )
            here = bisect_right(starts, i)
            for j, other in reversed(earlier):
                if here - bisect_right(starts, j) > ROLE_WINDOW:
                    break
                if fits and other.sector == sector and other.country is not None:
                    actor.name, actor.country = other.name, other.country
                    actor.basis, actor.country_span = "context", other.span
                    break
        earlier.append((i, actor))


def singular(word: str) -> str:
    """'rebels' -> 'rebel', 'militias' -> 'militia', 'gunmen' -> 'gunman': enough
    for role nouns the tagger read as names."""
    if word.endswith("men"):
        return word[:-3] + "man"
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


LEADER_TITLES = ("president", "prime minister", "chancellor", "king", "emir", "supreme leader")
"""'The Israeli leader': the holder of one of these offices whom the article names, or
the only holder of any of them for the country on the article's date."""


def title_of(token: Token, kb: KnowledgeBase) -> str:
    """'U.S. President' -> 'president', "Russia's foreign minister" -> 'foreign
    minister': the longest title the role noun makes with its modifiers, country words
    left out."""
    words = [c.lower_ for c in token.lefts
             if c.dep_ in ("compound", "amod") and c.text not in kb.terms]  # fmt: skip
    candidates = [" ".join([*words[k:], token.lower_]) for k in range(len(words))]
    return next((c for c in candidates if c in kb.titles), token.lower_)


def holder_of(
    titles: tuple[str, ...],
    country: str | None,
    kb: KnowledgeBase,
    mentioned: set[str],
    published: dt.date | None,
) -> Entry | None:
    """Who 'the President' is: the holder named elsewhere in the article; else, when the
    phrase names the country ("the U.S. president", "Iran's foreign minister") and the
    article is dated, whoever held the title for that country on that date."""
    holders = list({e.name: e for t in titles for e in kb.titles.get(t, ())}.values())
    named = [e for e in holders if e.name in mentioned
             and (country is None or e.role(published).country == country)]  # fmt: skip
    named = [e for e in named if any(r.holds(published) for r in e.roles)] or named
    if len(named) == 1:
        return named[0]
    if country is None or published is None:
        return None
    serving = [e for e in holders if any(r.holds(published) and r.country == country
                                         and not set(titles).isdisjoint(r.titles)
                                         for r in e.roles)]  # fmt: skip
    return serving[0] if len(serving) == 1 else None


def stance_prefixed(token: Token) -> bool:
    """'pro-Iranian', 'anti-American': the group is for or against the country, not
    from it."""
    doc = token.doc
    return token.i >= 2 and doc[token.i - 1].text == "-" and doc[token.i - 2].lower_ in STANCES


def reporter_of(pronoun: Token) -> Token | None:
    """The subject of the verb that reports the pronoun's clause: in "Hungary has said
    it will support", 'it' is Hungary."""
    if pronoun.dep_ not in SUBJECT_DEPS:
        return None
    clause = pronoun.head
    while clause.dep_ in ("xcomp", "conj") and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ != "ccomp":
        return None
    subjects = [c for c in clause.head.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]
    return subjects[0] if subjects else None


def _compound(token: Token) -> str:
    words = [c.lower_ for c in token.lefts if c.dep_ == "compound"] + [token.lower_]
    return " ".join(words)


def _has_other_name(token: Token, kb: KnowledgeBase) -> bool:
    """'President Ruto': the phrase names its holder itself ('U.S.' names no one)."""
    return any(
        c.pos_ == "PROPN" and not isinstance(kb.terms.get(c.text), CountryWord)
        for c in token.children
        if c.dep_ in ("compound", "appos")
    )


def _is_person(actor: Actor, kb: KnowledgeBase) -> bool:
    entry = kb.lookup(actor.name or "")
    return (
        isinstance(entry, Entry)
        and entry.type == "PERSON"
        or (
            entry is None
            and actor.name is not None
            and " " in actor.name
            and actor.country is None
            and actor.name[:1].isupper()
        )
    )


def _strip_det(span: Span) -> Span:
    """'the Gaza health ministry' -> 'Gaza health ministry'."""
    if len(span) > 1 and span[0].dep_ == "det":
        return span[1:]
    return span


def build_entities(
    named: list[Named], actors: list[Actor], published: dt.date | None
) -> list[Entity]:
    """Each named actor once, with every mention; unknown people are merged by
    surname ('Ron Dermer' ... 'Dermer')."""
    entities: dict[str, Entity] = {}
    surnames: dict[str, str] = {}
    for hit in named:
        if hit.word is not None and hit.word.kind in NOT_THE_STATE:
            continue
        name, country, sector = describe(hit, published)
        name = name or hit.span.text
        if hit.entry is None and hit.word is None and hit.label == "PERSON":
            last = hit.span[-1].text
            name = surnames.setdefault(last, name) if len(hit.span) == 1 else name
            surnames.setdefault(last, name)
        entity = entities.get(name)
        if entity is None:
            entity = entities[name] = Entity(
                text=hit.span.text, name=name, type=hit.label, country=country, sector=sector
            )
        entity.mentions.append(char_span(hit.span))
    for actor in actors:
        if actor.name is not None and actor.name not in entities:
            # named only through a title the knowledge base knows: "the Chinese premier"
            entities[actor.name] = Entity(
                text=actor.text, name=actor.name, type="PERSON",
                country=actor.country, sector=actor.sector,
            )  # fmt: skip
        entity = entities.get(actor.name) if actor.name is not None else None
        if entity is not None:
            if actor.span not in entity.mentions:
                entity.mentions.append(actor.span)
            entity.sectors += [s for s in actor.sectors if s not in entity.sectors]
    for entity in entities.values():
        entity.mentions.sort()
        if entity.sector is not None and entity.sector not in entity.sectors:
            entity.sectors.insert(0, entity.sector)
    return list(entities.values())


def actor_at(actors: list[Actor], token: Token) -> Actor | None:
    """The actor phrase (of `doc._.actors`) headed by `token`, else the one that
    contains it. Phrases end at their heads and `doc._.actors` is in head order, so
    their ends are sorted. Callers fetch the list once: `doc._` is not free."""
    i = bisect_left(actors, token.idx + len(token), key=lambda actor: actor.span[1])
    if i < len(actors) and actors[i].span[0] <= token.idx:
        return actors[i]
    return None


def actor_headed_by(actors: list[Actor], token: Token) -> Actor | None:
    """The actor phrase whose head is `token`, and only that one."""
    actor = actor_at(actors, token)
    return actor if actor is not None and actor.span[1] == token.idx + len(token) else None
