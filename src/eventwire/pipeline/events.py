"""Events: PLOVER coding of each clause, with actors and recipients from the parse.

Find, then assign. Triggers are verbs and nouns from the event lexicon
(data/events.yaml). A noun trigger counts when a light verb carries it ("launched an
attack"), when it is the subject of a verb ("airstrikes pounded"), or when it is the
purpose of a verb ("in Washington for talks"); a noun that is the subject of a verb
trigger merges into that verb's event and lends it its mode ("airstrikes ... killed"
is one aerial ASSAULT). Roles come from dependencies, never word order: subjects and
passive agents act, objects, passive subjects and "on/against/with/to" phrases
receive; clauses without a subject (xcomp, advcl, conj, relcl) inherit one; a role
whose phrase names no country takes one from the sentence (basis 'context'). Status
and the historical flag follow the manual's auxiliary modes, which eventwire codes.

One act is one event: a controlling verb is the event and its complement the content
("threatened to ban" is THREATEN, "refused to attend" REJECT, "demanded that X
withdraw" REQUEST); clauses that retell the same act merge ("attacked ..., killing
12"); conditions, protesters' demands and participles that modify nouns are not
events. The ACLED type follows from category, mode, actors and the trigger's words.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

import numpy as np
import yaml
from spacy.attrs import LEMMA, LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .. import knowledge, ontology
from ..records import Actor, Event, Place, When
from . import figures, learned, place, senses, temporal
from .actors import actor_at, actor_headed_by
from .annotate import in_furniture
from .spans import cached, forget_caches, sentence_number, sentence_of, sentences, to_span

DATA = files("eventwire") / "data"
RECIPIENT_PREPS = {"on", "against", "with", "to", "toward", "towards", "upon", "into", "between"}
INHERIT_DEPS = {"xcomp", "advcl", "conj", "pcomp", "acl", "acomp"}
"""Clauses that share their governor's subject; ccomp (reported speech) has its own."""
SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
RELATIVE_PRONOUNS = {"that", "which", "who", "whom"}
CONDITIONS = {"if", "unless", "until"}
FORCES = {"COP", "MIL"}
"""Sectors of the forces a government sends (MOBILIZE police or troops)."""
COMMANDERS = {"GOV", "MIL", "COP"}
"""Sectors whose orders to their own forces are deployments."""
SPEAKER_PRONOUNS = {"it", "we", "they", "he", "she", "i"}
"""Subjects of a reported clause that stand for the speaker ("warned it would")."""
INNER_PREPS = RECIPIENT_PREPS | {"by", "from", "for"}
NOMINAL_DEPS = {"amod", "dobj", "nsubj", "nsubjpass", "pobj"}
STATE_ACTS = {"arrest", "deport", "curfew", "martial-law", "censor"}
"""Modes of acts only a state's authorities carry out: with no agent named, the state
where it happened acts ("was arrested in Lebanon")."""
TERRITORIAL = {"COERCE", "CONCEDE"}
"""Measures laid on or lifted from a place (curfews, bans, states of emergency): with
no other recipient, the place's people receive them."""
PROTEST_CONTENT = {"REQUEST", "PROTEST", "ACCUSE", "REJECT"}
"""What protesters demand or denounce is what the protest is about, not another event."""


@dataclass(frozen=True)
class Lexicon:
    """data/events.yaml, indexed for lookups by lemma."""

    verbs: dict[str, tuple[str, str | None]]
    nouns: dict[str, tuple[str, str | None]]
    light_verbs: frozenset[str]
    frames: frozenset[str]
    verb_prepositions: dict[str, str]
    stative_passives: frozenset[str]
    demand_speech: frozenset[str]
    demand_modals: frozenset[str]
    reporting: frozenset[str]
    warning_verbs: frozenset[str]
    occurrence_verbs: frozenset[str]
    state_nouns: frozenset[str]
    future_modals: frozenset[str]
    object_control: frozenset[str]
    instruments: dict[str, str]
    contexts: dict[str, list[str]]
    status: dict[str, frozenset[str]]
    information_nouns: frozenset[str]
    question_words: frozenset[str]
    question_governors: frozenset[str]
    target_sites: dict[str, str]
    both_parties: frozenset[tuple[str, ...]]
    accident_nouns: frozenset[str]
    accident_verbs: frozenset[str]
    verb_heads: frozenset[str]
    """First word of every verb key and last word of every noun key: one set lookup
    rules out most tokens before any key is built."""
    noun_heads: frozenset[str]


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    raw = yaml.safe_load((DATA / "events.yaml").read_text(encoding="utf-8"))
    verbs: dict[str, tuple[str, str | None]] = {}
    nouns: dict[str, tuple[str, str | None]] = {}
    for category in ontology.CATEGORIES:
        for table, kind in ((verbs, "verbs"), (nouns, "nouns")):
            for key, mode in (raw[category].get(kind) or {}).items():
                if key in table:
                    raise ValueError(f"events.yaml: {kind} '{key}' is listed twice")
                table[key] = (category, mode)
    contexts: dict[str, list[str]] = {}
    for context, cues in raw["contexts"].items():
        for cue in cues:
            contexts.setdefault(cue, []).append(context)
    return Lexicon(
        verbs=verbs,
        nouns=nouns,
        light_verbs=frozenset(raw["light_verbs"]),
        frames=frozenset(raw["frames"]),
        verb_prepositions=raw["verb_prepositions"],
        stative_passives=frozenset(raw["stative_passives"]),
        demand_speech=frozenset(raw["demand_speech"]),
        demand_modals=frozenset(raw["demand_modals"]),
        reporting=frozenset(raw["reporting"]),
        warning_verbs=frozenset(raw["warning_verbs"]),
        occurrence_verbs=frozenset(raw["occurrence_verbs"]),
        state_nouns=frozenset(raw["state_nouns"]),
        future_modals=frozenset(raw["future_modals"]),
        object_control=frozenset(raw["object_control"]),
        instruments=raw["instruments"],
        contexts=contexts,
        status={k: frozenset(v) for k, v in raw["status"].items()},
        information_nouns=frozenset(raw["information_nouns"]),
        question_words=frozenset(raw["question_words"]),
        question_governors=frozenset(raw["question_governors"]),
        target_sites=raw["target_sites"],
        both_parties=frozenset(tuple(p.split()) for p in raw["both_parties"]),
        accident_nouns=frozenset(raw["accidents"]["nouns"]),
        accident_verbs=frozenset(raw["accidents"]["verbs"]),
        verb_heads=frozenset(key.split()[0] for key in verbs),
        noun_heads=frozenset(key.split()[-1] for key in nouns) | frozenset(raw["frames"]),
    )


@dataclass
class Trigger:
    """A word (with its particles) that reports an event, and the verb that carries it."""

    category: str
    mode: str | None
    words: list[Token]
    governor: Token
    noun: Token | None = None
    merged: list[Token] = field(default_factory=list)
    """Verbs of the same event told in further clauses ("killed 5 and wounded 12")."""
    sense: Token | None = None
    """The word, when the lexicon entry is that one word and senses.yaml may list it."""
    taken: list[Token] = field(default_factory=list)
    """Words of hostages taken in the attack's own participle ("..., taking 251
    hostages"): part of the event, but not what decides its ACLED type."""


class EventCoder:
    """spaCy component: sets doc._.events."""

    def __init__(
        self, nlp: Language, name: str, historical_days: int = 30, actors_file: str | None = None
    ) -> None:
        self.name = name
        self.historical_days = historical_days
        self.terms = knowledge.load(actors_file).terms  # the actor stage's, from the cache
        self.lex = load_lexicon()
        self.senses = senses.load()
        strings = nlp.vocab.strings
        verb_words = self.lex.verb_heads | self.lex.light_verbs | self.lex.demand_speech
        self.verb_hashes = np.array([strings.add(w) for w in verb_words], dtype=np.uint64)
        self.noun_hashes = np.array([strings.add(w) for w in self.lex.noun_heads], dtype=np.uint64)
        cue_words = {w for cue in self.lex.contexts for w in (cue, cue.capitalize())}
        self.cue_hashes = np.array([strings.add(w) for w in cue_words], dtype=np.uint64)

    def __call__(self, doc: Doc) -> Doc:
        triggers = self.find_triggers(doc)
        scores = doc._.sentence_scores  # None in rules-only mode
        if scores:
            triggers = self.revise(doc, triggers, scores)
        article = doc._.article
        prefix = article.id if article is not None else "doc"
        published = article.published if article is not None else None
        contexts: dict[int, list[str]] = {}
        events = []
        for n, trigger in enumerate(triggers, start=1):
            event = self.assign(doc, trigger, f"{prefix}-e{n}", published)
            if event.sentence not in contexts:
                contexts[event.sentence] = self.contexts(sentence_of(trigger.governor))
            event.context = list(contexts[event.sentence])
            if scores and scores[event.sentence] is not None:
                learned.choose_acled(learned.load_heads(), event, scores[event.sentence])
            events.append(event)
        give_counts_to_nearest(triggers, events)
        name_both_parties(doc, triggers, events, self.lex.both_parties)
        default_location(doc, events)
        events = fold_headline(doc, events)
        for n, event in enumerate(events, start=1):
            event.id = f"{prefix}-e{n}"
        doc._.events = events
        forget_caches(doc)
        return doc

    def revise(self, doc: Doc, triggers: list[Trigger], scores: list[list[float]]) -> list[Trigger]:
        """The learned layer's say (pipeline/learned.py): candidates in a sentence that
        reports no event go, and so do those of a category the sentence all but surely
        does not report; a category the sentence surely reports and no candidate has is
        added on the sentence's main verb."""
        heads = learned.load_heads()
        kept = []
        have: dict[int, set[str]] = {}  # sentence -> categories of its kept candidates
        for trigger in triggers:
            number = sentence_number(trigger.governor)
            row = scores[number]
            if row is None or (
                row[0] >= heads.drop
                and learned.category_p(heads, row, trigger.category) >= heads.gate
            ):
                kept.append(trigger)
                have.setdefault(number, set()).add(trigger.category)
        for number, sentence in enumerate(sentences(doc)):
            row = scores[number]
            if row is None or row[0] < heads.drop:
                continue
            missing = [
                c for c in learned.sure_categories(heads, row) if c not in have.get(number, ())
            ]
            verb = learned.main_verb(sentence, self.lex.reporting) if missing else None
            if verb is not None:
                kept.extend(Trigger(category, None, [verb], verb) for category in missing)
        kept.sort(key=lambda t: t.words[0].i)
        return kept

    # -- find ---------------------------------------------------------------------

    def find_triggers(self, doc: Doc) -> list[Trigger]:
        """Verb triggers first, then the noun triggers no verb event took."""
        claimed: set[int] = set()
        triggers = []
        verb_candidates, noun_candidates = self.candidates(doc)
        for token in verb_candidates:
            if token.dep_ in NOMINAL_DEPS:
                continue  # "alleged crimes", "evacuated the wounded": a participle as a noun
            trigger = self.verb_trigger(token)
            if trigger is None or is_imperative(token):
                continue
            claimed.update(t.i for t in trigger.words)  # "sent aid": the noun is taken
            subject = next((c for c in token.children if c.dep_ in SUBJECTS), None)
            found = self.noun_key(subject) if subject is not None else None
            if found is not None:
                claimed.add(subject.i)
                if trigger.mode is None and trigger.category == "ASSAULT":
                    trigger.mode = found[1][1]
            triggers.append(trigger)
        triggers = merge_participles(triggers)
        verbs = {t.governor.i for t in triggers}
        for token in noun_candidates:
            if token.i not in claimed:
                trigger = self.noun_trigger(token, verbs)
                if trigger is not None and not conjoined_repeat(trigger, triggers):
                    triggers.append(trigger)
        triggers = merge_participles(triggers)  # "launched rocket fire ..., killing 50"
        triggers = drop_background(drop_controlled(triggers))
        triggers = [t for t in triggers if not self.not_an_act(t)]
        triggers.sort(key=lambda t: t.words[0].i)
        return triggers

    def not_an_act(self, trigger: Trigger) -> bool:
        """Words of the lexicon that report no act: on a caption, a byline or other page
        furniture; a running total ("since the war began, 56,000 have been killed" is a
        figure, see figures.running_total); what a statement withholds or gives ("the
        victim's name was not released"); an indirect question ("it was not clear who
        carried out the attack", "police did not say whether anyone was arrested")."""
        gov = trigger.governor
        doc = gov.doc
        sentence = sentence_of(gov)
        if in_furniture(doc, sentence.start_char, sentence.end_char):
            return True
        if gov.dep_ == "advcl" and figures.counts_a_total(doc, gov.head):
            opening = figures.period_opening(gov.head, figures.load_lexicon())
            if opening is not None and opening.start <= gov.i < opening.end:
                return True  # "since the fighting began": where a running total starts
        verbs = [gov, *trigger.merged]
        if any(figures.counts_a_total(doc, v) for v in verbs) and not any(
            figures.magnitudes(doc, v) for v in verbs
        ):
            return True
        return (
            self.about_information(trigger)
            or self.indirect_question(trigger)
            or self.accident(trigger)
        )

    def accident(self, trigger: Trigger) -> bool:
        """'The quake killed 3,600', 'a bus overturned, killing 12': deaths that no one
        inflicted are no ASSAULT (the figures stage keeps the count)."""
        if trigger.category != "ASSAULT" or trigger.mode is not None:
            return False
        gov = trigger.governor
        if gov.dep_ == "advcl" and gov.head.lemma_.lower() in self.lex.accident_verbs:
            return True
        nouns = [*subject_of(gov), *agents_of(gov)]
        if trigger.noun is not None:
            nouns.append(trigger.noun)
        return any(n.lemma_.lower() in self.lex.accident_nouns for n in nouns)

    def about_information(self, trigger: Trigger) -> bool:
        """The act's object is a piece of information ("released the names", "gave no
        details"): a statement's content, not an act on people or things. Attacks and
        arrests never take such an object, and sharing information is cooperation
        (intelligence sharing), so they are not asked."""
        if trigger.category in ("ASSAULT", "COERCE", "COOPERATE") or trigger.noun is not None:
            return False
        gov = trigger.governor
        patients = [c for c in gov.children if c.dep_ in ("dobj", "nsubjpass")]
        nouns = self.lex.information_nouns
        return any(p.lemma_.lower() in nouns or p.lower_ in nouns for p in patients)

    def indirect_question(self, trigger: Trigger) -> bool:
        """The trigger's clause opens with a question word and is the complement of a
        predicate of knowing or telling ("not clear who", "did not say whether")."""
        clause = trigger.governor
        for _ in range(4):
            if clause.dep_ in ("conj", "xcomp") and clause.head.i != clause.i:
                clause = clause.head
        if clause.dep_ not in ("ccomp", "csubj", "advcl", "xcomp", "pcomp", "dep", "acl"):
            return False
        opener = clause.left_edge
        if opener.lower_ not in self.lex.question_words:
            return False
        head = clause.head
        words = [head, *(c for c in head.children if c.dep_ in ("acomp", "attr", "oprd", "advmod"))]
        return any(w.lemma_.lower() in self.lex.question_governors for w in words)

    def candidates(self, doc: Doc) -> tuple[list[Token], list[Token]]:
        """Tokens whose lemma (or form) starts a verb key or ends a noun key, found on
        the doc's hash arrays: no Token object is built for the other words."""
        if not len(doc):
            return [], []
        table = doc.to_array([LEMMA, LOWER])
        verbs = np.isin(table[:, 0], self.verb_hashes)
        nouns = np.isin(table[:, 0], self.noun_hashes) | np.isin(table[:, 1], self.noun_hashes)
        return [doc[i] for i in np.flatnonzero(verbs)], [doc[i] for i in np.flatnonzero(nouns)]

    def verb_trigger(self, token: Token) -> Trigger | None:
        lemma = token.lemma_.lower()
        if lemma in self.lex.demand_speech and (demand := self.demand(token)) is not None:
            return demand  # else a speech verb may still be an act ("warned it would")
        if lemma not in self.lex.verb_heads and lemma not in self.lex.light_verbs:
            return None
        if token.pos_ != "VERB":
            return None
        two_word = [c for c in token.children if f"{lemma} {c.lemma_.lower()}" in self.lex.verbs]
        if (
            not two_word
            and lemma in self.lex.light_verbs
            and any(c.dep_ in ("dobj", "attr") and self.noun_key(c) for c in token.children)
        ):
            return None  # the object noun is the event
        if lemma not in self.lex.verb_heads:
            return None
        if lemma in self.lex.warning_verbs and not self.threatening(token):
            return None
        for child in token.children:
            pairs = [(f"{lemma} {child.lemma_.lower()}", [child])]
            pairs += [
                (f"{lemma} {child.lemma_.lower()} {g.lemma_.lower()}", [child, g])
                for g in child.children
                if g.dep_ == "pobj"
            ]
            for key, extra in reversed(pairs):
                if key in self.lex.verbs and child.dep_ in ("prt", "prep", "dobj", "acomp", "pobj"):
                    category, mode = self.lex.verbs[key]
                    return Trigger(category, mode, sorted([token, *extra]), token)
        if lemma in self.lex.verbs:
            category, mode = self.lex.verbs[lemma]
            return Trigger(category, mode, [token], token, sense=token)
        return None

    def demand(self, verb: Token) -> Trigger | None:
        """'Russia said Sudan must return the helicopter': a REQUEST by the speaker."""
        for clause in verb.children:
            if clause.dep_ != "ccomp":
                continue
            modals = [c for c in clause.children if c.dep_ == "aux"
                      and c.lower_ in self.lex.demand_modals]  # fmt: skip
            if modals:
                return Trigger("REQUEST", None, [verb, modals[0]], verb)
        return None

    def threatening(self, verb: Token) -> bool:
        """Whether a warning announces the speaker's own act (see warning_verbs in
        events.yaml): it has an object, it warns of an act ("of retaliation"), or it
        reports that its subject will act."""
        if any(c.dep_ in ("dobj", "dative") for c in verb.children):
            return True
        if any(self.noun_key(obj) for obj in prep_objects(verb, {"of"})):
            return True  # "warned of retaliation", "of fresh protests": an act, not a mood
        speaker = {c.lower_ for s in subject_of(verb) for c in s.subtree}
        for clause in verb.children:
            if clause.dep_ != "ccomp":
                continue
            subjects = [c for c in clause.children if c.dep_ in SUBJECTS]
            own = any(s.lower_ in SPEAKER_PRONOUNS or s.lower_ in speaker for s in subjects)
            modal = any(c.dep_ == "aux" and c.lower_ in self.lex.future_modals
                        for c in clause.children)  # fmt: skip
            if own and modal:
                return True
        return False

    def takes_place(self, verb: Token, noun: Token) -> bool:
        """'talks resumed', 'clashes erupted', 'an agreement was reached', 'aid was
        delivered': the verb says its subject happened; not
        when it governs another verb ("the war continues to weigh on ..."), nor for a
        state of conflict ("the war began")."""
        lemma = verb.lemma_.lower()
        done_to = noun.dep_ == "nsubjpass" and lemma in self.lex.light_verbs  # "aid was sent"
        return (
            (lemma in self.lex.occurrence_verbs or done_to)
            and noun.lemma_.lower() not in self.lex.state_nouns
            and not any(c.dep_ in ("xcomp", "ccomp") for c in verb.children)
        )

    def noun_key(self, token: Token) -> tuple[list[Token], tuple[str, str | None]] | None:
        """The lexicon entry of a noun, trying 'modifier noun' before the noun alone."""
        if token.pos_ not in ("NOUN", "PROPN"):
            return None
        heads = self.lex.noun_heads
        if token.lower_ not in heads and token.lemma_.lower() not in heads:
            return None
        frame = token.lemma_.lower() in self.lex.frames
        for child in token.lefts:
            if child.dep_ in ("compound", "amod"):
                key = f"{child.lemma_.lower()} {token.lemma_.lower()}"
                if frame:
                    key = child.lemma_.lower()  # "a mediation effort": the mediation
                if key in self.lex.nouns:
                    return [child, token], self.lex.nouns[key]
        for key in (token.lower_, token.lemma_.lower()):
            if key in self.lex.nouns:
                return [token], self.lex.nouns[key]
        return None

    def noun_trigger(self, token: Token, verb_triggers: set[int]) -> Trigger | None:
        """A noun reports an event only where the syntax says it happened: "the war"
        as a topic of discussion is no event, "launched an attack" is."""
        found = self.noun_key(token)
        if found is None:
            return None
        words, (category, mode) = found
        sense = token if len(words) == 1 else None
        light = light_verb_of(token, self.lex.verb_prepositions)
        if light is not None and light.lemma_.lower() in self.lex.light_verbs:
            if is_imperative(light) or light.i in verb_triggers:
                return None  # "called off a strike": the strike is what is called off
            return Trigger(category, mode, [light, *words], light, token, sense=sense)
        head = token.head
        if token.dep_ in ("nsubj", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
            if own_actor(token) or self.takes_place(head, token):
                return Trigger(category, mode, words, head, token, sense=sense)
            return None
        verb = head.head
        if (
            token.dep_ == "pobj"
            and head.lower_ == "for"
            and verb.pos_ in ("VERB", "AUX")
            and verb.i not in verb_triggers
            and not any(c.dep_ == "poss" for c in token.children)
        ):  # "in Washington for talks", not "sanctioned for its support": a reason
            return Trigger(category, mode, words, verb, token, sense=sense)
        return None

    # -- assign -------------------------------------------------------------------

    def assign(self, doc: Doc, trigger: Trigger, event_id: str, published: dt.date | None) -> Event:
        actor, recipient = self.roles(trigger)
        if not recipient and trigger.category in ("ASSAULT", "COERCE"):
            recipient = self.victims(trigger)
        self.choose_sense(trigger, actor)
        status = self.status(trigger)
        if status != "occurred" and ultimatum(trigger.governor):
            trigger.category, trigger.mode = "THREATEN", None
        if self.orders_own_forces(trigger, actor, recipient):
            police = any(r.sector == "COP" for r in recipient)
            trigger.category, trigger.mode = "MOBILIZE", "police" if police else "troops"
        mode = trigger.mode
        if trigger.category == "ASSAULT" and mode is None:
            mode = self.instrument_mode(trigger)
        coding = ontology.code(trigger.category, mode)
        anchor = trigger.words[0] if trigger.noun is None else trigger.noun
        date = temporal.event_date(doc, trigger.governor)
        magnitudes = figures.event_magnitudes(doc, [trigger.governor, *trigger.merged])
        if coding.quad.startswith("verbal"):
            magnitudes = {}  # "accused Israel of killing 20": the statement's, not its count
        words = sorted(set(trigger.words), key=lambda t: t.i)
        location = self.location(trigger)
        if not recipient and location is not None and trigger.category in TERRITORIAL:
            recipient = [place_as_actor(location)]  # "imposed a curfew in Cizre"
        state_act = trigger.category == "COERCE" and mode in STATE_ACTS
        if state_act and not actor and location is not None and location.country:
            actor = [placed(place_as_actor(location), location)]  # "arrested in Lebanon"
        complete_countries(trigger.governor, actor, recipient, location)
        people = coding.quad == "material conflict"
        actor = [stands_for(doc, self.terms, a, "government") for a in actor]
        recipient = [stands_for(doc, self.terms, r, "people" if people else "government")
                     for r in recipient]  # fmt: skip
        return Event(
            id=event_id,
            event=trigger.category,
            mode=mode,
            quad=coding.quad,
            score=coding.score,
            status=status,
            historical=self.historical(date, published),
            actor=actor,
            recipient=recipient,
            event_text=" ".join(t.text for t in words),
            span=(words[0].idx, words[-1].idx + len(words[-1])),
            sentence=sentence_number(anchor),
            date=date,
            location=location,
            cameo=coding.cameo,
            acled=ontology.acled(
                trigger.category,
                mode,
                [a.sector for a in actor],
                [r.sector for r in recipient],
                frozenset(t.lemma_.lower() for t in self.acled_words(trigger)),
            ),
            confidence=confidence(trigger, actor, recipient),
            **magnitudes,
        )

    def orders_own_forces(
        self, trigger: Trigger, actor: list[Actor], recipient: list[Actor]
    ) -> bool:
        """'ordered troops to stand guard', 'called up reservists': a government that
        sends its own forces somewhere deploys them (the manual's MOBILIZE), unless
        the order names an act of its own ("ordered troops to withdraw" is that act's
        content, coded by the order's verb)."""
        if trigger.category != "REQUEST" or trigger.noun is not None or not actor:
            return False
        if not recipient or any(r.sector not in FORCES for r in recipient):
            return False
        if any(a.sector not in COMMANDERS and (a.sector or not a.country) for a in actor):
            return False  # a state named alone ("Israel ordered troops") is its government
        countries = {a.country for a in actor}
        if any(r.country is not None and r.country not in countries for r in recipient):
            return False
        content = [c for c in trigger.governor.children if c.dep_ == "xcomp"]
        return not any(self.verb_trigger(c) for c in content)

    def choose_sense(self, trigger: Trigger, actor: list[Actor]) -> None:
        """An ambiguous word takes the sense the learned model gives it in this
        sentence ("a strike on the convoy" ASSAULT, "began a strike" PROTEST)."""
        word = trigger.sense
        if word is None or self.senses is None:
            return
        chosen = self.senses.choose(word.pos_, word.lemma_.lower(), sentence_of(word), actor)
        if chosen is not None and chosen[0] != trigger.category:
            trigger.category, trigger.mode = chosen

    def acled_words(self, trigger: Trigger) -> list[Token]:
        """The trigger's words and the words right around them: "a grenade attack",
        "threw a grenade" (direct dependents only: this runs for every event)."""
        words = [t for t in trigger.words if t not in trigger.taken]
        return [*words, *(c for t in words for c in t.children if c not in trigger.taken)]

    def location(self, trigger: Trigger) -> Place | None:
        """Where the noun's own phrase says ("airstrikes on northern Gaza"), else where
        the verb's clause says."""
        doc = trigger.governor.doc
        if trigger.noun is not None:
            found = place.event_place(doc, trigger.noun)
            if found is not None:
                return found
        return place.event_place(doc, trigger.governor)

    def roles(self, trigger: Trigger) -> tuple[list[Actor], list[Actor]]:
        """Actor and recipient phrases from the dependency parse."""
        gov, noun = trigger.governor, trigger.noun
        doc = gov.doc
        if noun is not None:
            own = [c for c in noun.children if c.dep_ == "poss" and c.pos_ != "PRON"]
            own += prep_objects(noun, {"by"})
            phrase = actor_at(doc._.actors or [], noun)
            if not own and phrase is not None and phrase.country and noun.dep_ in SUBJECTS:
                own = [noun]  # "Israeli airstrikes ..." act themselves
            if not own and noun.dep_ == "nsubjpass":  # "sanctions were imposed by the EU"
                own = agents_of(gov)
            if not own and gov.lemma_.lower() in self.lex.stative_passives:
                own = [c for c in gov.children if c.dep_ == "nsubjpass"]  # "were engaged in"
            actor_tokens = own or ([] if noun.dep_ in SUBJECTS else subject_of(gov))
            parties = prep_objects(noun, {"between"})  # "talks between Kenya and Somalia"
            if not actor_tokens and parties:
                between = resolve_actors(doc, self.terms, parties)
                if len(between) > 1:
                    return between[:1], between[1:]
            recipients = resolve_actors(doc, self.terms, prep_objects(noun), self.sites(trigger))
            actors = resolve_actors(doc, self.terms, actor_tokens)
            return actors, recipients or self.recipients(trigger)
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in gov.children)
        if passive and gov.lemma_.lower() not in self.lex.stative_passives:
            patients = [c for c in gov.children if c.dep_ == "nsubjpass"]
            actors = resolve_actors(doc, self.terms, agents_of(gov))
            patients_found = resolve_actors(doc, self.terms, patients, self.sites(trigger))
            return actors, patients_found or self.recipients(trigger)
        return resolve_actors(doc, self.terms, subject_of(gov)), self.recipients(trigger)

    def recipients(self, trigger: Trigger) -> list[Actor]:
        """The first place, in order, that names an actor: the verb's objects, its
        "on/against/with/to" phrases, the same in its complement ("offered to hand
        over to Britain", "attempted to assassinate X"), and for requests the subject
        of the demanded clause ("demanded that the US cancel")."""
        gov = trigger.governor
        doc = gov.doc
        complements = [c for c in gov.children if c.dep_ == "xcomp"]
        candidates = [
            objects_of(gov),
            prep_objects(gov),
            *(objects_of(x) for x in complements),
            *(prep_objects(x) for x in complements),
        ]
        if trigger.category == "REQUEST":
            candidates += [
                [s for c in gov.children if c.dep_ == "ccomp" for s in c.children
                 if s.dep_ in SUBJECTS]
            ]  # fmt: skip
        if verbal(trigger):  # what a threat or a demand reports: "warned it would strike X"
            candidates += [objects_of(c) for c in gov.children if c.dep_ == "ccomp"]
        own = trigger.noun.i if trigger.noun is not None else -1  # never its own recipient
        objects = [c for v in (gov, *complements) for c in v.children
                   if c.dep_ == "dobj" and c.i != own]  # fmt: skip
        candidates.append([inner for obj in objects for inner in inside(obj)])
        sites = self.sites(trigger)
        if sites is not None:  # "fired at protesters", "threw grenades into a bar"
            candidates.append(prep_objects(gov, {"at", "into"}))
        instruments = self.lex.instruments
        for tokens in candidates:
            tokens = [t for t in tokens if t.i != own and t.lemma_.lower() not in instruments]
            found = resolve_actors(doc, self.terms, tokens, sites)
            if found:
                return found
        return []

    def victims(self, trigger: Trigger) -> list[Actor]:
        """Whom an attack's own participles or conjoined verbs name ("..., killing nine
        people and wounding 20"): the recipient of an attack that names no target."""
        doc = trigger.governor.doc
        for verb in trigger.merged:
            found = resolve_actors(doc, self.terms, objects_of(verb), self.sites(trigger))
            if found:
                return found
        return []

    def sites(self, trigger: Trigger) -> Mapping[str, str] | None:
        """Target sites stand for their people only as targets of force."""
        return self.lex.target_sites if trigger.category in ("ASSAULT", "COERCE") else None

    def instrument_mode(self, trigger: Trigger) -> str | None:
        """An ASSAULT's mode from the weapons named around it ("rockets", "drone")."""
        gov = trigger.governor
        scope = [t for c in gov.children if c.dep_ in (*SUBJECTS, "dobj", "prep", "agent")
                 for t in c.subtree]  # fmt: skip
        scope += trigger.words
        for token in scope:
            compounds = [f"{c.lemma_.lower()} {token.lemma_.lower()}" for c in token.lefts]
            for key in (*compounds, token.lemma_.lower()):  # "tear gas" before "gas"
                if key in self.lex.instruments:
                    return self.lex.instruments[key]
        return None

    def status(self, trigger: Trigger) -> str:
        """occurred, future, hypothetical or negated, from the trigger's clause and the
        verbs that govern it: auxiliaries and negation pass down xcomp and conj chains
        ("will host ... and discuss"); a governing verb's meaning passes down xcomp only
        ("is set to host", "refused to attend", "threatened to strike")."""
        cues = self.lex.status
        if trigger.noun is not None and any(
            c.lemma_.lower() in cues["future_governors"] for c in trigger.noun.lefts
        ):
            return "future"
        chain = governing_chain(trigger.governor)
        controllers = [verb.lemma_.lower() for verb, link in chain if link == "xcomp"]
        children = [c for verb, _ in chain for c in verb.children]
        negation = [c for c in children if c.dep_ == "neg" or (
            c.dep_ == "advmod" and c.lower_ in cues["negators"])]  # fmt: skip
        if negation or set(controllers) & cues["negating_governors"]:
            return "negated"
        if (
            any(c.dep_ == "mark" and c.lower_ in cues["hypothetical_markers"] for c in children)
            or any(c.dep_ == "aux" and c.lower_ in cues["hypothetical_aux"] for c in children)
            or "threaten" in controllers
        ):
            return "hypothetical"
        if (
            any(c.dep_ == "aux" and c.lower_ in cues["future_aux"] for c in children)
            or set(controllers) & cues["future_governors"]
            or "going" in controllers
        ):
            return "future"
        return "occurred"

    def historical(self, date: When | None, published: dt.date | None) -> bool:
        """Well before publication: the 2023 attack recalled in a 2025 article."""
        if date is None or date.basis != "text" or not date.value or published is None:
            return False
        start = dt.date.fromisoformat((date.value + "-01-01")[:10] if len(date.value) == 4 else
                                      (date.value + "-01")[:10])  # fmt: skip
        last = date.end or date.value
        try:
            end = dt.date.fromisoformat(last) if len(last) == 10 else start
        except ValueError:
            end = start
        return (published - max(start, end)).days >= self.historical_days

    def contexts(self, sentence: Span) -> list[str]:
        """PLOVER contexts cued by words of the event's sentence. Cue words are found
        on the doc's hash arrays, so only they become Token objects."""
        doc = sentence.doc
        cued = cached(doc, "context_cues", self.cue_positions)
        found: list[str] = []
        for i in cued[bisect_left(cued, sentence.start) : bisect_left(cued, sentence.end)]:
            for context in self.lex.contexts.get(doc[i].lemma_.lower(), ()):
                if context not in found:
                    found.append(context)
        return found

    def cue_positions(self, doc: Doc) -> list[int]:
        """Token positions whose lemma or form is a context cue, in order."""
        if not len(doc):
            return []
        table = doc.to_array([LEMMA, LOWER])
        cues = np.isin(table[:, 0], self.cue_hashes) | np.isin(table[:, 1], self.cue_hashes)
        return [int(i) for i in np.flatnonzero(cues)]


def stands_for(doc: Doc, terms: Mapping[str, object], role: Actor, what: str) -> Actor:
    """A role whose words are a place name ("Kyiv said", "strikes on Gaza") stands for
    that place's government or people: marked so, as a copy. The name is a place when
    the place stage resolved it, or when the knowledge base knows it as a country's
    name or its seat of government."""
    if role.sector not in (None, "GOV") or role.stands_for is not None:
        return role
    word = terms.get(role.text.removeprefix("the "))
    if isinstance(word, knowledge.CountryWord) and word.kind in ("name", "seat"):
        return role.model_copy(update={"stands_for": what})
    for found in doc._.places or ():
        if (
            found.country
            and found.span[1] == role.span[1]
            and (
                found.span[0] == role.span[0]
                or doc.text[role.span[0] : found.span[0]].strip().lower() == "the"
            )
        ):
            return role.model_copy(update={"stands_for": what})
    return role


def name_both_parties(
    doc: Doc, triggers: list[Trigger], events: list[Event], phrases: frozenset[tuple[str, ...]]
) -> None:
    """'The two sides agreed', 'both leaders met': a subject that names both parties of
    what the article told before stands for them, the first as actor and the second as
    recipient: the two parties of the nearest earlier event that has both, else the two
    last actors the article named before the sentence. Without either it stays as it is
    (no country is guessed)."""
    for k, (trigger, event) in enumerate(zip(triggers, events, strict=True)):
        subjects = subject_of(trigger.governor)
        if not subjects:
            continue
        subject = subjects[0]
        phrase = doc[subject.left_edge.i : subject.i + 1]
        words = [t.lower_ for t in phrase]
        if not any(figures.has_phrase(words, p) for p in phrases):
            continue
        pair = earlier_pair(doc, events[:k], event.sentence)
        if pair is None:
            continue
        span = (phrase.start_char, phrase.end_char)
        first, second = (
            Actor(
                text=phrase.text, name=a.name, country=a.country, sector=a.sector,
                sectors=list(a.sectors), span=span, basis="context", country_span=a.span,
            )
            for a in pair
        )  # fmt: skip
        event.actor = [first]
        if not event.recipient or any(r.span == span or r.name is None for r in event.recipient):
            event.recipient = [second]


def earlier_pair(doc: Doc, before: list[Event], sentence: int) -> tuple[Actor, Actor] | None:
    """The two parties the article told of last, before sentence `sentence`."""
    for event in reversed(before):
        roles = [*event.actor[:2], *event.recipient[:1]][:2]  # "X and Y agreed": both act
        if event.sentence >= sentence or len(roles) < 2:
            continue
        a, b = roles
        if (
            (a.country or a.name)
            and (b.country or b.name)
            and (a.name, a.country)
            != (
                b.name,
                b.country,
            )
        ):
            return a, b
    start = sentences(doc)[sentence].start_char
    named: list[Actor] = []
    for actor in reversed(doc._.actors or []):
        if actor.span[1] > start or actor.name is None or actor.country is None:
            continue
        if in_furniture(doc, *actor.span) or in_dateline(doc, actor.span):
            continue
        if all(actor.name != other.name for other in named):
            named.append(actor)
        if len(named) == 2:
            return named[1], named[0]
    return None


def in_dateline(doc: Doc, span: tuple[int, int]) -> bool:
    line = doc._.dateline
    return bool(line) and line["span"][0] <= span[0] < line["span"][1]


def default_location(doc: Doc, events: list[Event]) -> None:
    """The dateline's place ("KHARTOUM (Reuters) -") is where an event happened when its
    sentence names no place and its parties do not point elsewhere (no country of
    theirs differs from the dateline's). Parties that name no country ("police",
    "soldiers", a group the knowledge base does not know) then take the country of
    where the event happened, as complete_countries does for a place in the sentence;
    with no place at all, the article's own country (article_place), which is how
    event coders code them ("police" in a story from Lahore are Pakistan's)."""
    home = place.dateline_place(doc)
    fallback = home or article_place(doc)
    for event in events:
        if home is not None and event.location is None and event.status == "occurred":
            countries = {r.country for r in (*event.actor, *event.recipient) if r.country}
            if countries <= {home.country}:
                event.location = home.model_copy()
        located = event.location if event.location and event.location.country else None
        source = located or fallback
        if source is not None and not aimed_at(event, source):
            place_unplaced((event.actor, event.recipient), source)


def aimed_at(event: Event, source: Place) -> bool:
    """The country the event is aimed at ("Gunmen stormed southern Israel"): no
    country of the parties that name none, as in complete_countries."""
    return any(r.basis == "text" and r.country == source.country for r in event.recipient)


def article_place(doc: Doc) -> Place | None:
    """The one country an article is about, when it names places of only one country
    (countries themselves included): its first such place. None when it names places of
    several countries, or none; a guess between countries is no better than no country."""
    found = [p for p in doc._.places or () if p.country and p.span]
    if not found or len({p.country for p in found}) > 1:
        return None
    return found[0]


def fold_headline(doc: Doc, events: list[Event]) -> list[Event]:
    """A headline tells the lead's incident again ("Israeli strike kills 12 near Khan
    Younis" over "Israeli warplanes struck ..., killing 12"): its event goes when the
    lead (the next three sentences) has one of the same category, which takes the
    headline's counts it lacks. The headline is the first line, ended by a line break
    instead of a full stop; the lead follows it, after a dateline and a byline if any."""
    found = sentences(doc)
    if len(found) < 2 or not is_headline(found[0]):
        return events
    kept = []
    for event in events:
        if event.sentence != 0:
            kept.append(event)
            continue
        lead = next(
            (e for e in events if 1 <= e.sentence <= 3 and e.event == event.event
             and e.status == event.status),
            None,
        )  # fmt: skip
        if lead is None:
            kept.append(event)
            continue
        for name in MAGNITUDES:
            if getattr(lead, name) is None and getattr(event, name) is not None:
                setattr(lead, name, getattr(event, name))
    return kept


def is_headline(sentence: Span) -> bool:
    """A first line that ends at a line break without a full stop, under 25 words."""
    text = sentence.text
    line = text.rstrip()
    return (
        sentence.start == 0
        and "\n" in sentence.doc.text[len(line) : len(line) + 3]
        and not line.endswith((".", "!", "?", '"', "”"))
        and len(sentence) <= 25
    )


def merge_participles(triggers: list[Trigger]) -> list[Trigger]:
    """'attacked the town, killing 12' and 'killed 5 and wounded 12' are one event told
    in two clauses: a participle clause, or a conjoined verb without its own subject,
    of the same category and a compatible mode folds into the verb it hangs from."""
    by_verb = {t.governor.i: t for t in triggers if t.governor in t.words}
    kept = []
    for trigger in triggers:
        verb = trigger.governor
        parent = by_verb.get(verb.head.i) if continues_clause(verb) else None
        if parent is not None and parent is not trigger and same_event(parent, trigger):
            if trigger.mode != "abduct":  # hostages taken in an attack: still the attack
                parent.mode = parent.mode or trigger.mode
            else:
                parent.taken.extend(trigger.words)
            parent.words = sorted({*parent.words, *trigger.words}, key=lambda t: t.i)
            parent.merged.append(verb)
            by_verb[verb.i] = parent  # a third clause joins the same event
            continue
        kept.append(trigger)
    return kept


def give_counts_to_nearest(triggers: list[Trigger], events: list[Event]) -> None:
    """A count belongs to the nearest event above it: in "stormed in, killing 1,200 and
    taking 251 hostages", the 251 is the abduction's, not the attack's as well."""
    counted = [
        (trigger, event)
        for trigger, event in zip(triggers, events, strict=True)
        if any(getattr(event, name) is not None for name in MAGNITUDES)
    ]
    for upper, upper_event in counted:
        for lower, lower_event in counted:
            if (
                lower is upper
                or lower_event.sentence != upper_event.sentence
                or not upper.governor.is_ancestor(lower.governor)
            ):
                continue
            for name in MAGNITUDES:
                if getattr(lower_event, name) is not None and (
                    getattr(upper_event, name) == getattr(lower_event, name)
                ):
                    setattr(upper_event, name, None)


MAGNITUDES = ("dead", "injured", "arrested", "abducted")

SEPARATE_MODES = {"sexual", "torture", "destroy"}
"""Acts that ACLED and the manual keep apart even inside one attack ("attacked the
village, killing 12 and raping women"). Hostages taken in the attack's own participle
or conjoined verb ("stormed ..., killing 1,200 and taking 251 hostages") are that
attack's count: one incident, one record with its dead and its abducted."""


def same_event(parent: Trigger, child: Trigger) -> bool:
    if parent.category != child.category:
        return False
    if child.mode is None or child.mode == parent.mode:
        return True
    return parent.mode is None and child.mode not in SEPARATE_MODES


def continues_clause(verb: Token) -> bool:
    if verb.dep_ == "advcl":
        return verb.tag_ == "VBG"
    return verb.dep_ == "conj" and not any(c.dep_ in SUBJECTS for c in verb.children)


def drop_controlled(triggers: list[Trigger]) -> list[Trigger]:
    """'threatened to ban', 'refused to deploy', 'urged Hamas to release', 'demanded
    that Japan withdraw': the controlling verb is the event (THREATEN, REJECT,
    REQUEST), the act in its complement is its content, not a second event. Any
    trigger controls its xcomp; a verbal event (the manual's verbal quads) also
    controls the clause it reports (ccomp, pcomp), its purpose ("vowed to fight") and
    the plan its object names ("welcomed the decision to reopen", acl). A condition
    ("unless", "if") on any event is no event itself."""
    controllers = {t.governor.i: t for t in triggers if t.noun is None}
    for t in triggers:  # "reiterated its demand that ...": the noun's clause, its verb's
        if t.noun is not None:
            controllers.setdefault(t.noun.i, t)
            controllers.setdefault(t.governor.i, t)
    governors = {t.governor.i for t in triggers}

    def controlled(trigger: Trigger) -> bool:
        verb = trigger.governor
        parent = verb.head
        if verb.dep_ in ("acl", "relcl", "pcomp") and parent.i not in controllers:
            parent = governing_verb(verb)  # "rejected a proposal for deploying ..."
        if verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITIONS
                                        for c in verb.children):  # fmt: skip
            return parent.i in governors  # "... unless Iraq accepts": a condition
        controller = controllers.get(parent.i)
        if controller is None or controller is trigger or parent.i == verb.i:
            return False
        if verb.dep_ == "xcomp":
            return True
        if controller.category == "PROTEST" and trigger.category in PROTEST_CONTENT:
            return verb.dep_ in ("advcl", "acl", "relcl")  # "blocked roads demanding ..."
        purpose = verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to"
                                               for c in verb.children)  # fmt: skip
        return verbal(controller) and (purpose or verb.dep_ in ("ccomp", "pcomp", "acl"))

    def told(trigger: Trigger) -> bool:
        """Anywhere inside what a verbal event says: "said Sudan must return a
        helicopter that was captured", "threatened to cut ties unless Moscow closed"."""
        child, current = trigger.governor, trigger.governor.head
        for _ in range(6):
            if current.i == child.i:
                return False
            controller = controllers.get(current.i)
            if controller is not None and controller is not trigger:
                return verbal(controller) and child.dep_ in ("ccomp", "xcomp")
            child, current = current, current.head
        return False

    def reason(trigger: Trigger) -> bool:
        """'arrested for collaborating with Israel': the charge, not an event."""
        verb = trigger.governor
        prep = verb.head
        return (verb.dep_ == "pcomp" and prep.lower_ == "for"
                and prep.head.i in governors and prep.head.i != verb.i)  # fmt: skip

    return [t for t in triggers if not (controlled(t) or told(t) or reason(t))]


def conjoined_repeat(trigger: Trigger, triggers: list[Trigger]) -> bool:
    """'sent food and medicine': conjoined nouns of one verb and one category are one
    act, not two events."""
    noun = trigger.noun
    return noun is not None and any(
        t.noun is not None
        and t.governor.i == trigger.governor.i
        and t.category == trigger.category
        and noun in t.noun.conjuncts
        for t in triggers
    )


def ultimatum(verb: Token) -> bool:
    """'will withdraw its force unless the president arranges a ceasefire': an act
    announced on a condition the other side must meet is a threat (the manual's
    THREATEN), whatever the act."""
    return any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in c.children)
        for c in verb.children
    )


def verbal(trigger: Trigger) -> bool:
    return ontology.code(trigger.category, None).quad.startswith("verbal")


def drop_background(triggers: list[Trigger]) -> list[Trigger]:
    """A relative clause or a participle on a noun describes a participant ("Sharon,
    who has vowed ...", "militiamen armed with machetes", "the demonstration staged by
    students"); beside an event told in the main clauses it is background, not a
    second event. Alone in its sentence it is kept ("issued a declaration demanding")."""
    described = {t.words[0].i for t in triggers if describes_a_noun(t.governor)}
    main = {sentence_number(t.governor) for t in triggers if t.words[0].i not in described}
    return [
        t
        for t in triggers
        if t.words[0].i not in described or sentence_number(t.governor) not in main
    ]


def describes_a_noun(verb: Token) -> bool:
    """The verb sits in a relative clause or a participle phrase on a noun."""
    current = verb
    for _ in range(6):
        if current.dep_ == "relcl" or (
            current.dep_ == "acl"
            and current.head.pos_ in ("NOUN", "PROPN")
            and current.head.dep_ != "ROOT"  # "A newspaper called on ...": a misparse
        ):
            return True
        if current.head.i == current.i:
            return False
        current = current.head
    return False


def governing_verb(token: Token) -> Token:
    """The nearest verb above a token (itself when there is none)."""
    current = token.head
    while current.pos_ not in ("VERB", "AUX") and current.head.i != current.i:
        current = current.head
    return current if current.pos_ in ("VERB", "AUX") else token


def light_verb_of(noun: Token, verb_prepositions: dict[str, str]) -> Token | None:
    """The verb whose object the noun is ("launched an attack"), also through a
    measure ("provided 25,000 tons of aid") or the verb's own preposition ("engaged in
    ethnic cleansing")."""
    while noun.dep_ == "conj" and noun.head.i != noun.i:
        noun = noun.head  # "launched artillery, mortar and rocket fire": the first object's
    if noun.dep_ in ("dobj", "attr"):
        return noun.head
    prep = noun.head
    if noun.dep_ == "pobj" and prep.lower_ == "of" and prep.head.dep_ in ("dobj", "attr"):
        return prep.head.head
    if noun.dep_ == "pobj" and verb_prepositions.get(prep.head.lemma_.lower()) == prep.lower_:
        return prep.head
    return None


def is_imperative(verb: Token) -> bool:
    """'Make the deal': a command in a quote is the speaker's request, not an event."""
    if verb.tag_ != "VB" or verb.left_edge.i != verb.i:
        return False
    return not any(c.dep_ in (*SUBJECTS, "aux", "auxpass", "mark") for c in verb.children)


def own_actor(noun: Token) -> bool:
    """The noun names who did it: "Israel's offensive", "Israeli airstrikes"."""
    actor = actor_at(noun.doc._.actors or [], noun)
    return any(c.dep_ == "poss" for c in noun.children) or (
        actor is not None and actor.country is not None
    )


def governing_chain(verb: Token) -> list[tuple[Token, str | None]]:
    """The verb, then the verbs it hangs from through xcomp/conj/advcl (at most four),
    each with the dependency that led to it ("xcomp" when the verb below is its
    complement). Reported speech (ccomp) keeps its own status: "said it will" is not
    "will say"."""
    chain: list[tuple[Token, str | None]] = [(verb, None)]
    current = verb
    while (
        len(chain) < 4
        and current.dep_ in ("xcomp", "conj", "advcl")
        and current.head.i != current.i
    ):
        chain.append((current.head, current.dep_))
        current = current.head
    return chain


def subject_of(verb: Token) -> list[Token]:
    """The verb's subject; clauses without one inherit it ("posted ..., urging"),
    object-control verbs hand down their object ("urged Hamas to release"), and
    relative clauses take their antecedent."""
    current = verb
    for _ in range(4):
        stative = current.lemma_.lower() in load_lexicon().stative_passives
        deps = SUBJECT + ("nsubjpass",) if stative or inherits_passive(verb, current) else SUBJECT
        subjects = [c for c in current.children if c.dep_ in deps]
        if subjects:
            subject = subjects[0]
            if subject.lower_ in RELATIVE_PRONOUNS and current.dep_ == "relcl":
                return [current.head]
            return [subject]
        if current.dep_ == "relcl":
            return [current.head]
        if current.dep_ not in INHERIT_DEPS or current.head.i == current.i:
            return []
        parent = current.head
        if current.dep_ == "acl" and (root := root_noun_of(parent)) is not None:
            return [root]  # "A newspaper (in Cairo) called on ...": the root noun's clause
        if current.dep_ == "acl" and parent.pos_ in ("NOUN", "PROPN"):
            parent = governing_verb(current)  # "issued a declaration demanding ..."
        if current.dep_ == "xcomp" and parent.lemma_.lower() in load_lexicon().object_control:
            objects = [c for c in parent.children if c.dep_ == "dobj"]
            if objects:
                return objects
        current = parent
    return []


SUBJECT = ("nsubj", "csubj")


def root_noun_of(noun: Token) -> Token | None:
    """The sentence's root when it is a noun and `noun` is it or sits in its
    prepositional phrases ("Doctors from two aid groups"): a sentence the parser read
    as one noun phrase, whose clauses are its predicate."""
    for _ in range(4):
        if noun.dep_ == "ROOT":
            return noun if noun.pos_ in ("NOUN", "PROPN") else None
        if noun.dep_ != "pobj" or noun.head.dep_ != "prep":
            return None
        noun = noun.head.head
    return None


def inherits_passive(verb: Token, governor: Token) -> bool:
    """'has been indicted ... and will resign': an active verb conjoined to a passive
    one acts through the passive's subject."""
    return verb.i != governor.i and verb.dep_ == "conj" and verb.tag_ != "VBN"


def prep_objects(token: Token, preps: set[str] = RECIPIENT_PREPS) -> list[Token]:
    """The objects of the token's prepositions among `preps`."""
    return [g for c in token.children if c.dep_ == "prep" and c.lower_ in preps
            for g in c.children if g.dep_ == "pobj"]  # fmt: skip


def agents_of(verb: Token) -> list[Token]:
    """The objects of a passive verb's "by" phrase: who did it."""
    return [g for c in verb.children if c.dep_ == "agent"
            for g in c.children if g.dep_ == "pobj"]  # fmt: skip


def objects_of(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in ("dobj", "dative")]


def resolve_actors(
    doc: Doc,
    terms: Mapping[str, object],
    tokens: list[Token],
    sites: Mapping[str, str] | None = None,
) -> list[Actor]:
    """Actor phrases for role tokens and their conjuncts ("Israel and Hamas"), once each.
    With `sites` (targets of an attack, see target_sites in events.yaml), a target that
    is no actor phrase stands for its people ("attacked a market": civilians)."""
    expanded: list[Token] = []
    for token in tokens:
        expanded.append(token)
        expanded.extend(c for c in token.conjuncts if c.i > token.i)
    phrases = doc._.actors or []
    actors: list[Actor] = []
    for token in expanded:
        actor = actor_headed_by(phrases, token)
        if actor is None and sites is not None:
            actor = site_people(token, sites)
        if actor is None:
            token = member_of(token)  # "thousands of Nigerians", "a member of parliament"
            actor = actor_headed_by(phrases, token)
        if actor is None and token.pos_ == "VERB":  # "the Red Cross operating in Iraq said"
            subjects = [c for c in token.children if c.dep_ == "nsubj"]
            actor = actor_headed_by(phrases, subjects[0]) if subjects else None
        if actor is not None and actor not in actors:
            actors.append(actor)
            actors += [
                actor.model_copy(update={"country": country})
                for country in conjoined_countries(token, terms)
                if country != actor.country
            ]
    return actors


def site_people(noun: Token, sites: Mapping[str, str]) -> Actor | None:
    """The people of an attacked place that is no actor ("a market", "a displacement
    camp", "the town of Goma"): the noun's phrase up to the noun, with the site's sector
    and no country (the event's place gives it one, basis 'context')."""
    lemma = noun.lemma_.lower()
    sector = None
    for child in noun.lefts:
        if child.dep_ == "compound":
            sector = sites.get(f"{child.lemma_.lower()} {lemma}")
    sector = sector or sites.get(lemma) or sites.get(noun.lower_)
    if sector is None or noun.pos_ not in ("NOUN", "PROPN"):
        return None
    words = noun.doc[noun.left_edge.i : noun.i + 1]
    return Actor(text=words.text, sector=sector, sectors=[sector], span=to_char_span(words))


def to_char_span(words: Span) -> tuple[int, int]:
    return (words.start_char, words.end_char)


def conjoined_countries(head: Token, terms: Mapping[str, object]) -> list[str]:
    """'Hungarian and Romanian officials' are two actors: the countries of adjectives
    conjoined to the one that gave the phrase its country."""
    found = []
    for modifier in head.lefts:
        for other in modifier.conjuncts if modifier.dep_ in ("amod", "compound", "nmod") else ():
            word = terms.get(other.text)
            if isinstance(word, knowledge.CountryWord) and word.country not in found:
                found.append(word.country)
    return found


def inside(noun: Token) -> list[Token]:
    """Whose thing an object is, when the thing is no actor: "rejected calls by
    Belarus's rulers", "suspended air links with Serbia", "welcomed Reagan's statement"."""
    return [c for c in noun.children if c.dep_ == "poss"] + prep_objects(noun, INNER_PREPS)


def complete_countries(
    gov: Token, actor: list[Actor], recipient: list[Actor], location: Place | None
) -> None:
    """Where a role's own phrase names no country, the sentence usually does, and
    event coders (and the gold data they are scored on) code it from there: a
    recipient's country may sit inside its phrase ("refugees fleeing the war in
    Liberia"); a clause with no coded recipient is aimed at the first country it names
    ("threatened to stop talks if the United States deploys"); an unknown person or
    group belongs to the country where the event happened, else to the one country
    the sentence names ("Judge Rivera opened investigations into Chilean officials").
    Each such country is marked basis='context'."""
    doc = gov.doc
    for i, r in enumerate(recipient):
        head = to_span(doc, r.span) if r.country is None else None
        if head is not None:
            root = head.root
            inner = [m for m in mentions(doc, root.left_edge.i, root.right_edge.i)
                     if not overlaps(m.span, r.span)]  # fmt: skip
            if inner:
                recipient[i] = placed(r, inner[0])
    if not any(r.country for r in recipient):
        taken = [a.span for a in (*actor, *recipient)]
        skip = {t.i for c in gov.children if c.dep_ in NOT_RECEIVING
                or (c.dep_ == "prep" and c.lower_ == "according") for t in c.subtree}  # fmt: skip
        names = {a.name for a in actor if a.name}  # "warned it would": "it" is the actor
        aimed = [m for m in mentions(doc, gov.left_edge.i, gov.right_edge.i, skip)
                 if not any(overlaps(m.span, span) for span in taken)
                 and m.name not in names]  # fmt: skip
        # the place of a locative phrase ("a market in central Mali") stands for its
        # people or government only when nothing else in the clause can receive
        aimed = [m for m in aimed if not locative(doc, m)] or ([] if recipient else aimed)
        recipient += [placed(m, m) for m in aimed[:1]]
    if not any(unplaced(a) for a in (*actor, *recipient)):
        return
    source: Actor | Place | None = location if location and location.country else None
    if location is not None and any(
        overlaps(location.span, r.span) and r.basis == "text" for r in recipient
    ):
        return  # "fighters stormed southern Israel": the parse makes the place the target
    if source is None:
        sentence = sentence_of(gov)
        named = mentions(doc, sentence.start, sentence.end - 1)
        source = named[0] if len({m.country for m in named}) == 1 else None
    if source is not None:
        place_unplaced((actor, recipient), source)


LOCATIVE_PREPS = place.VERB_PREPOSITIONS - {"to", "toward", "towards", "into", "onto"}
"""Prepositions that say where ("a market in central Mali"), not at whom."""


def locative(doc: Doc, mention: Actor) -> bool:
    """The mention is the place of a locative phrase ("in central Mali", "near El
    Fasher"): where the event happened, which gives an unplaced role its country but
    is no recipient itself."""
    span = to_span(doc, mention.span)
    if span is None:
        return False
    root = span.root
    while root.dep_ in ("compound", "amod", "nmod", "flat", "appos") and root.head.i != root.i:
        root = root.head  # "in Zamfara state", "in the Kharkiv region"
    return root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS


def place_unplaced(role_lists: tuple[list[Actor], ...], source: Actor | Place) -> None:
    """Give every role without a country in these lists the country of `source`."""
    for roles in role_lists:
        roles[:] = [placed(a, source) if unplaced(a) else a for a in roles]


def placed(role: Actor, source: Actor | Place) -> Actor:
    """A copy of the role with the country of `source`, which the words at its span give:
    role phrases are shared with doc._.actors and never changed in place."""
    update = {"country": source.country, "basis": "context", "country_span": source.span}
    return role.model_copy(update=update)


def unplaced(role: Actor) -> bool:
    return role.country is None and not UNPLACED.intersection(role.text.lower().split())


UNPLACED = {"world", "international", "global", "foreign", "western", "regional"}
"""Actors that no one country holds: "world leaders", "foreign ministers"."""
NOT_RECEIVING = {"nsubj", "csubj", "agent", "parataxis"}
"""A clause's subject, passive agent and attribution ("..., police said") name who
acts or who tells, never whom the act is aimed at."""


def mentions(doc: Doc, first: int, last: int, skip: frozenset[int] | set[int] = frozenset()
             ) -> list[Actor]:  # fmt: skip
    """Actor phrases and places with a country inside tokens first..last (outside
    `skip`), in text order."""
    found = sentence_mentions(doc, sentence_number(doc[first]))
    return [
        m
        for start, end, m in found
        if first <= start and end <= last and start not in skip and end not in skip
    ]


def sentence_mentions(doc: Doc, n: int) -> list[tuple[int, int, Actor]]:
    """(first token, last token, mention) of every actor phrase and place with a country
    in sentence n; a place inside an actor phrase counts once, as the longer of the
    two. Built once per document: every event of a sentence asks."""
    return cached(doc, "mentions", _mentions_by_sentence).get(n, [])


def _mentions_by_sentence(doc: Doc) -> dict[int, list[tuple[int, int, Actor]]]:
    by_sentence: dict[int, list] = {}
    places = [place_as_actor(p) for p in doc._.places or () if p.country and p.span]
    actors = [a for a in doc._.actors or () if a.country]
    for kind, items in (("actor", actors), ("place", places)):
        for item in items:
            span = to_span(doc, item.span)
            if span is not None:
                entry = (span.start, span.end - 1, item, kind)
                by_sentence.setdefault(sentence_number(span), []).append(entry)
    for key, entries in by_sentence.items():
        kept = [(a, b, m) for a, b, m, kind in entries if stands(m, kind, entries)]
        by_sentence[key] = sorted(kept, key=lambda entry: entry[:2])
    return by_sentence


def stands(mention: Actor, kind: str, entries: list[tuple[int, int, Actor, str]]) -> bool:
    """Of an actor phrase and a place that overlap, the longer stands ("Israel's
    army", an actor, over "Israel"); the place on a tie, as the gazetteer's name is
    the more precise ("East Jerusalem", a place, over a seat of government)."""
    for _, _, other, other_kind in entries:
        if other_kind != kind and overlaps(mention.span, other.span):
            place, actor = (mention, other) if kind == "place" else (other, mention)
            if (kind == "place") == longer(actor, place):
                return False
    return True


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def longer(a: Actor, b: Actor) -> bool:
    return a.span[1] - a.span[0] > b.span[1] - b.span[0]


def place_as_actor(place: Place) -> Actor:
    return Actor(text=place.text, name=place.name, country=place.country, span=place.span)


def member_of(token: Token) -> Token:
    """The group a quantity or member noun is drawn from, else the token itself."""
    groups = prep_objects(token, {"of"})
    return groups[0] if groups else token


def confidence(trigger: Trigger, actor: list[Actor], recipient: list[Actor]) -> float:
    """A heuristic, not a calibrated probability: more support, more confidence."""
    score = 0.3
    score += 0.2 if actor else 0.0
    score += 0.1 if any(a.country for a in actor) else 0.0
    score += 0.1 if recipient else 0.0
    score += 0.1 if trigger.noun is None else 0.0
    score += 0.15 if trigger.governor.dep_ == "ROOT" else 0.0  # the sentence's main news
    return round(min(score, 0.95), 2)
