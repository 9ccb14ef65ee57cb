"""Figures: reported numbers of people, with their hedge, what they count and who said so.

Find, then read the parse. Number tokens are read off the doc's arrays in one pass, and
runs of them become one number ("2.3 million", "twenty-five", "tens of thousands"). The
dependency parse then decides whether the number counts people and what happened to
them: the verb that governs it ("killing around 1,200 people", "56,000 ... have been
killed"), a modifier of the counted noun ("displaced families"), or the noun itself
("251 hostages", "the death toll"). A number with no such cue is not a figure, which
is what keeps years, ages, dates, money and "two leaders" out; named-entity labels and
neighbouring words ("percent", "$") catch the rest.

Cue words live in `data/figures.yaml`. `magnitudes()` gives the events stage the
counts that belong to one event trigger.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import numpy as np
import yaml
from spacy.attrs import LIKE_NUM, LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..records import Figure, Magnitude, When, first_day
from . import temporal
from .spans import (
    cached,
    compound_phrase,
    noun_phrase,
    sentence_number,
    sentence_of,
    to_span,
)

DATA_FILE = files("eventwire") / "data" / "figures.yaml"

EXCLUDED_LABELS = {"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"}
"""Named-entity labels of numbers that count something other than people."""
NOMINAL = {"NOUN", "PROPN", "ADJ", "PRON"}
VERBAL = {"VERB", "AUX"}
ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "attr", "oprd", "dative"}
COMPLEMENT_DEPS = {"acomp", "oprd", "attr", "xcomp"}
LINK_PREPS = {"of", "including", "among"}
"""'the bodies of 40 people', 'including 20 children': the count belongs to the outer noun."""
MODIFIER_DEPS = {"amod", "acl", "relcl"}
COUNT_DEPS = {"nummod", "quantmod", "npadvmod", "amod", "compound"}
"""How a number hangs on the noun it counts ('a dozen smugglers' is parsed as a compound)."""
FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}
MAX_STEPS = 6

MAGNITUDE_FIELDS = {
    "killed": "dead",
    "injured": "injured",
    "arrested": "arrested",
    "hostages": "abducted",
    "abducted": "abducted",
}
"""Figure categories that fill an event's count fields (the output contract's names)."""


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The cue words of figures.yaml, as lookups."""

    object_verbs: dict[str, str]
    subject_verbs: dict[str, str]
    states: dict[str, str]
    nouns: dict[str, str]
    aggregates: frozenset[str]
    linking_verbs: frozenset[str]
    qualifiers: dict[tuple[str, ...], str]
    units: dict[str, int]
    multipliers: dict[str, int]
    scales: dict[str, int]
    vague: dict[str, int]
    indefinite: dict[str, int]
    vague_qualifier: str
    range_words: frozenset[str]
    range_openers: frozenset[str]
    change_openers: frozenset[str]
    not_after: frozenset[str]
    not_before: frozenset[str]
    source_preps: tuple[tuple[str, ...], ...]
    citing: frozenset[str]
    source_verbs: frozenset[str]
    skip_subjects: frozenset[str]
    number_words: frozenset[str]
    totals: frozenset[str]
    tally_marks: frozenset[str]
    tally_preps: frozenset[str]
    tally_until: tuple[tuple[str, ...], ...]
    tally_phrases: tuple[tuple[str, ...], ...]
    tally_states: frozenset[str]
    tally_perfect_states: frozenset[str]
    short_days: int


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Read figures.yaml (or a user's copy) once per process."""
    text = Path(path).read_text("utf-8") if path else DATA_FILE.read_text("utf-8")
    data = yaml.safe_load(text)
    kinds: dict[str, dict[str, str]] = {"object": {}, "subject": {}, "states": {}, "nouns": {}}
    for category, cues in data["categories"].items():
        for kind, table in kinds.items():
            for word in cues.get(kind) or ():
                table.setdefault(str(word).lower(), category)
    numbers, source, tally = data["numbers"], data["source"], data["tally"]
    units = {**numbers["units"], **numbers["tens"]}
    vague = data["vague"] or {}
    return Lexicon(
        object_verbs=kinds["object"],
        subject_verbs=kinds["subject"],
        states=kinds["states"],
        nouns=kinds["nouns"],
        aggregates=frozenset(data["aggregates"]),
        linking_verbs=frozenset(data["linking_verbs"]),
        qualifiers={tuple(k.split()): v for k, v in data["qualifiers"].items()},
        units=units,
        multipliers=numbers["multipliers"],
        scales=numbers["scales"],
        vague=vague,
        indefinite=data.get("indefinite") or {},
        vague_qualifier=data["vague_qualifier"],
        range_words=frozenset(data["ranges"]["joiners"]),
        range_openers=frozenset(data["ranges"]["between"]),
        change_openers=frozenset(data["ranges"]["change"]),
        not_after=frozenset(data["not_after"]),
        not_before=frozenset(data["not_before"]),
        source_preps=tuple(tuple(p.split()) for p in source["prepositions"]),
        citing=frozenset(source["citing"]),
        source_verbs=frozenset(source["verbs"]),
        skip_subjects=frozenset(source["skip_subjects"]),
        number_words=frozenset(
            {
                *units,
                *numbers["multipliers"],
                *numbers["scales"],
                *vague,
                *(data.get("indefinite") or {}),
            }  # fmt: skip
        ),
        totals=frozenset(tally["totals"]),
        tally_marks=frozenset(tally["marks"]),
        tally_preps=frozenset(tally["preps"]),
        tally_until=tuple(tuple(p.split()) for p in tally["until"]),
        tally_phrases=tuple(tuple(p.split()) for p in tally["phrases"]),
        tally_states=frozenset(tally["states"]),
        tally_perfect_states=frozenset(tally["perfect_states"]),
        short_days=int(tally["short_days"]),
    )


@dataclass
class Reading:
    """What the parse says a number counts: the category, and the verb whose clause
    holds it (for the date), plus the nouns walked through on the way."""

    category: str
    clause: Token | None = None
    nouns: list[Token] = field(default_factory=list)


DOER = Reading(category="")
"""The number is the active subject of a cue verb ('five gunmen killed ...'): not a count
of victims, and no weaker cue may override that."""


class FigureFinder:
    """spaCy component: sets doc._.figures, in text order."""

    def __init__(self, nlp: Language, name: str, figures_file: str | None = None) -> None:
        self.name = name
        self.lex = load_lexicon(figures_file)
        words = sorted(self.lex.number_words)
        self.number_words = np.array([nlp.vocab.strings.add(w) for w in words], dtype=np.uint64)

    def __call__(self, doc: Doc) -> Doc:
        starts = self.numbers(doc)
        figures = (self._figure(doc, run) for run in number_runs(doc, starts, self.lex))
        doc._.figures = [f for f in figures if f is not None]
        return doc

    def numbers(self, doc: Doc) -> list[int]:
        """Indices of the tokens that look like numbers ("12", "1,200") or are number
        words ("dozens"), read off the doc's arrays in one pass."""
        if not len(doc):
            return []
        table = doc.to_array([LIKE_NUM, LOWER])
        found = (table[:, 0] == 1) | np.isin(table[:, 1], self.number_words)
        return np.flatnonzero(found).tolist()

    def _figure(self, doc: Doc, number: NumberRun) -> Figure | None:
        lex, run = self.lex, number.span
        parsed = run_value(number, lex)
        if parsed is None or is_excluded(number, lex):
            return None
        value, hedged = parsed
        anchor = number_head(run, lex)
        noun = counted_noun(anchor)
        reading = read_category(anchor, noun, lex)
        if reading is None or reading is DOER:
            return None
        qualifier, start = find_qualifier(run, reading.nouns, lex)
        if qualifier is None and hedged:
            qualifier = lex.vague_qualifier
        who = counted_group(anchor, noun, lex)
        date = clause_date(doc, reading.clause or anchor)
        cumulative = running_total(anchor, noun, reading, lex)
        if cumulative:
            date = period(doc, reading.clause or anchor, lex) or date
        return Figure(
            value=value,
            qualifier=qualifier,
            category=reading.category,
            who=who.text if who is not None else None,
            source=find_source(anchor, lex),
            date=date,
            cumulative=cumulative,
            span=(doc[start].idx, run.end_char),
            sentence=sentence_number(anchor),
        )


# -- numbers ---------------------------------------------------------------------------


MAX_COUNT = 10**9
"""No count of people is larger: a bigger number is an amount, an id or junk. It also
keeps every count within the store's integer columns (32 bits in PostgreSQL)."""
DIGITS_RE = re.compile(r"\d+(?:,\d+)*(?:\.\d+)?")
"""'12', '1,200', '3.5' in any script's decimal digits (Unicode category Nd, which int()
and Decimal read); not superscripts ('²'), circled digits ('①'), exponents or infinity."""
MAX_DIGITS = 24
"""Longer digit strings are not read at all: no count has them, and reading is cheap."""


def is_digits(text: str) -> bool:
    return len(text) <= MAX_DIGITS and DIGITS_RE.fullmatch(text) is not None


@dataclass(frozen=True, slots=True)
class NumberRun:
    """One number in the text: its span, and for a range ('40 to 50') both ends."""

    span: Span
    low: Span
    high: Span | None = None


def number_head(span: Span, lex: Lexicon) -> Token:
    """The number's syntactic head inside a span: the number word that hangs on the
    rest of the sentence ('million' in '2.3 million', 'dozen' in 'a dozen', '23' in
    'at least 23'), whatever the article or the hedge attach to."""
    words = lex.number_words
    heads = [
        t
        for t in span
        if (t.like_num or t.lower_ in words) and not span.start <= t.head.i < span.end
    ]
    return heads[-1] if heads else span.root


def number_runs(doc: Doc, starts: list[int], lex: Lexicon) -> Iterator[NumberRun]:
    """Numbers in text order; two numbers joined by a range word are one run."""
    runs = list(_single_runs(doc, starts, lex))
    i = 0
    while i < len(runs):
        low = runs[i]
        high = runs[i + 1] if i + 1 < len(runs) else None
        if high is not None and _is_range(low, high, lex):
            yield NumberRun(doc[low.start : high.end], low, high)
            i += 2
        else:
            yield NumberRun(low, low)
            i += 1


def _is_range(low: Span, high: Span, lex: Lexicon) -> bool:
    if high.start != low.end + 1:
        return False
    word = low.doc[low.end].lower_
    if word in lex.range_words:
        return True
    before = low.doc[low.start - 1].lower_ if low.start > 0 else ""
    return word == "and" and before in lex.range_openers


def _single_runs(doc: Doc, starts: list[int], lex: Lexicon) -> Iterator[Span]:
    """Adjacent number tokens as one number. A hyphen joins number words
    ('twenty-five'), 'and' follows a multiplier ('two hundred and fifty'), 'of' joins
    vague plurals ('tens of thousands'); 'a' before 'dozen' or a scale counts as one.
    Two digit tokens side by side ('7 2023') stay apart."""
    matched = set(starts)
    consumed = -1
    for begin in starts:
        if begin <= consumed:
            continue
        end = begin
        while (following := _next_in_run(doc, end, matched, lex)) is not None:
            end = following
        consumed = end
        first = doc[begin].lower_
        if (
            begin > 0
            and doc[begin - 1].lower_ in ("a", "an")
            and (first in lex.multipliers or first in lex.scales)
        ):
            begin -= 1
        yield doc[begin : end + 1]


def _next_in_run(doc: Doc, end: int, matched: set[int], lex: Lexicon) -> int | None:
    last = doc[end]
    if end + 1 in matched:
        if is_digits(last.text) and is_digits(doc[end + 1].text):
            return None
        return end + 1
    if end + 2 not in matched or end + 2 >= len(doc):
        return None
    gap, after = doc[end + 1].lower_, doc[end + 2].lower_
    if gap == "-" and last.lower_ in lex.number_words and after in lex.units:
        return end + 2
    if gap == "and" and last.lower_ in lex.multipliers and after in lex.units:
        return end + 2
    if gap == "of" and last.lower_ in lex.vague and (after in lex.vague or after in lex.scales):
        return end + 2
    return None


def run_value(number: NumberRun, lex: Lexicon) -> tuple[int, bool] | None:
    """(value, hedged): a range gives its lower end, hedged, except a change
    ('rose from 40 to 75'), which gives the new number."""
    if number.high is None:
        return parse_number([t.lower_ for t in number.low], lex)
    doc = number.span.doc
    before = doc[number.span.start - 1].lower_ if number.span.start > 0 else ""
    if before in lex.change_openers:
        return parse_number([t.lower_ for t in number.high], lex)
    low = parse_number([t.lower_ for t in number.low], lex)
    return (low[0], True) if low is not None else None


def parse_number(words: list[str], lex: Lexicon) -> tuple[int, bool] | None:
    """(value, vague) of a run's words, or None when they are not a count
    (ordinals, fractions, decimals without a scale, zero)."""
    if words[0] in lex.vague:
        return _vague_value(words, lex)
    if words[0] in lex.indefinite:
        return (lex.indefinite[words[0]], True) if len(words) == 1 else None
    # Exact arithmetic: "1.5 million" is 1,500,000 and a 30-digit number stays itself
    # (floats round both), so the bound below judges the true value.
    total, current, seen_digits = Fraction(0), Fraction(0), False
    for word in words:
        if word in ("a", "an"):
            current = current or Fraction(1)
        elif word in ("-", "and"):
            continue
        elif is_digits(word):
            if seen_digits:
                return None
            current, seen_digits = Fraction(Decimal(word.replace(",", ""))), True
        elif word in lex.units:
            current += lex.units[word]
        elif word in lex.multipliers:
            current = (current or 1) * lex.multipliers[word]
        elif word in lex.scales:
            total, current = total + (current or 1) * lex.scales[word], Fraction(0)
        else:
            return None
    value = total + current
    if value < 1 or value.denominator != 1 or value > MAX_COUNT:
        return None
    return int(value), False


def _vague_value(words: list[str], lex: Lexicon) -> tuple[int, bool] | None:
    """'hundreds' -> 200, 'tens of thousands' -> 20,000: the smallest honest reading."""
    value = 2 * lex.vague[words[0]]
    for word in words[1:]:
        if word == "of":
            continue
        unit = lex.vague.get(word) or lex.scales.get(word)
        if unit is None:
            return None
        value *= unit
    return (value, True) if value <= MAX_COUNT else None


def is_excluded(number: NumberRun, lex: Lexicon) -> bool:
    """Years, ages, money, percentages, times and labels ('Route 60') are not counts."""
    run = number.span
    doc = run.doc
    before = doc[run.start - 1].lower_ if run.start > 0 else ""
    after = doc[run.end].lower_ if run.end < len(doc) else ""
    if after == "-" and run.end + 1 < len(doc):
        after = doc[run.end + 1].lower_
    if before in lex.not_after or after in lex.not_before:
        return True
    anchor = number_head(run, lex)
    if anchor.dep_ in ("nummod", "compound") and anchor.head.i < anchor.i:
        return True
    noun = counted_noun(anchor)
    if _looks_like_year(number.low) and noun.i == anchor.i:
        return True
    labels = {t.ent_type_ for t in run} & EXCLUDED_LABELS
    if not labels or (noun.i != anchor.i and noun.lower_ not in lex.not_before):
        return False
    # The small model reads number ranges ('from 40 to 75') as times; trust it on the rest.
    return number.high is None or not labels <= {"DATE", "TIME"}


def _looks_like_year(run: Span) -> bool:
    text = run.text
    return len(run) == 1 and len(text) == 4 and text.isdigit() and 1800 <= int(text) <= 2100


# -- what a number counts ----------------------------------------------------------------


def counted_noun(anchor: Token) -> Token:
    """The noun a number counts ('60 people' -> people), or the number itself when it
    stands alone ('killing 60'). 'a dozen wounded soldiers' hangs the number on the
    modifier, so look through it."""
    head = anchor.head
    if head.i <= anchor.i or anchor.dep_ not in COUNT_DEPS:
        return anchor
    if head.dep_ in ("amod", "compound") and head.head.i > head.i and head.head.pos_ in NOMINAL:
        return head.head
    return head if head.pos_ in NOMINAL else anchor


def counted_group(anchor: Token, noun: Token, lex: Lexicon) -> Span | None:
    """Who is counted: the counted noun ('Palestinians'), the object of 'hundreds of
    families', or the noun a number belongs to ('the population of 2.3 million')."""
    if noun.i != anchor.i:
        return None if noun.lower_ in lex.states else compound_phrase(noun)
    for child in anchor.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            return compound_phrase(objects[0]) if objects else None
    head = anchor.head
    if anchor.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ in ("NOUN", "PROPN"):
        return compound_phrase(head.head)
    return None


def read_category(anchor: Token, noun: Token, lex: Lexicon) -> Reading | None:
    """Walk up from the counted noun to the verb of its clause. The governing verb wins;
    then modifiers of the nouns passed ('displaced families'); then the nouns themselves,
    outermost first ('the release of 33 hostages' -> released)."""
    nouns: list[Token] = []
    clause: Token | None = None
    current = noun
    for _ in range(MAX_STEPS):
        nouns.append(current)
        head, dep = current.head, current.dep_
        if head.i == current.i:
            break
        if dep in ("conj", "appos"):
            current = head
        elif dep == "pobj" and head.lower_ in LINK_PREPS and head.head.pos_ in NOMINAL:
            current = head.head
        elif dep == "pobj" and head.head.pos_ in VERBAL:
            clause = head.head
            category = aggregate_category(_arguments(clause, exclude=head), lex)
            return _found(category, clause, nouns) or _from_nouns(nouns, clause, lex)
        elif dep in ARGUMENT_DEPS and head.pos_ in VERBAL:
            clause = head
            reading = verb_reading(current, head, lex)
            if reading is DOER:
                return reading
            if reading is not None:
                reading.nouns = nouns
                return reading
            category = aggregate_category(_arguments(head, exclude=current), lex)
            return _found(category, clause, nouns) or _from_nouns(nouns, clause, lex)
        else:
            break
    return _from_nouns(nouns, clause, lex)


def _found(category: str | None, clause: Token | None, nouns: list[Token]) -> Reading | None:
    return Reading(category, clause, nouns) if category else None


def _from_nouns(nouns: list[Token], clause: Token | None, lex: Lexicon) -> Reading | None:
    for noun in nouns:
        category = modifier_category(noun, lex)
        if category:
            return Reading(category, clause, nouns)
    for noun in reversed(nouns):
        category = noun_category(noun, lex)
        if category:
            return Reading(category, clause, nouns)
    return None


def _is_passive(arg: Token, verb: Token) -> bool:
    """A passive subject, or a bare participle ('60 people killed in ...', 'dozens
    injured'), which headline style uses for the passive."""
    if arg.dep_ == "nsubjpass":
        return True
    if arg.dep_ != "nsubj" or verb.tag_ != "VBN":
        return False
    return not any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)


def verb_reading(arg: Token, verb: Token, lex: Lexicon) -> Reading | None:
    """The category a verb gives its argument; DOER when the argument is who did it."""
    lemma = verb.lemma_.lower()
    passive = _is_passive(arg, verb)
    active_subject = arg.dep_ == "nsubj" and not passive
    if lemma in lex.object_verbs:
        return DOER if active_subject else Reading(lex.object_verbs[lemma], verb)
    if lemma in lex.subject_verbs and arg.dep_ == "nsubj":
        return Reading(lex.subject_verbs[lemma], verb)
    if arg.dep_ in ("nsubj", "nsubjpass") and verb.lower_ in lex.states:
        return Reading(lex.states[verb.lower_], verb)
    linking = lemma in lex.linking_verbs or passive or not active_subject
    for child in verb.children:
        if child.i == arg.i or child.dep_ not in COMPLEMENT_DEPS:
            continue
        category = _complement_category(child, linking, lex)
        if category:
            return Reading(category, verb)
    return None


def _complement_category(child: Token, linking: bool, lex: Lexicon) -> str | None:
    """'left 60 dead', 'remain missing', 'were forced to flee', 'were taken hostage'.
    On an active verb only a verb of the subject's own fate counts ('began to flee');
    'five gunmen shot dead ...' must not make the gunmen dead."""
    if child.dep_ == "xcomp" and child.lemma_.lower() in lex.subject_verbs:
        return lex.subject_verbs[child.lemma_.lower()]
    if not linking:
        return None
    return lex.states.get(child.lower_) or lex.nouns.get(child.lemma_.lower())


def _arguments(verb: Token, exclude: Token) -> Iterable[Token]:
    return (c for c in verb.children if c.dep_ in ARGUMENT_DEPS and c.i != exclude.i)


def aggregate_category(nouns: Iterable[Token], lex: Lexicon) -> str | None:
    """'The death toll rose to 75', 'the number of displaced reached 9,000': the count
    sits on a toll-like noun elsewhere in the clause; its modifiers say what it counts."""
    for noun in nouns:
        if noun.lemma_.lower() not in lex.aggregates:
            continue
        category = _aggregate_of(noun, lex)
        if category:
            return category
    return None


def _aggregate_of(noun: Token, lex: Lexicon) -> str | None:
    for child in noun.children:
        if child.dep_ in ("compound", "amod"):
            category = lex.nouns.get(child.lemma_.lower()) or lex.states.get(child.lower_)
            if category:
                return category
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                category = (
                    lex.states.get(obj.lower_)
                    or modifier_category(obj, lex)
                    or lex.nouns.get(obj.lemma_.lower())
                )
                if category:
                    return category
    return lex.nouns.get(noun.lemma_.lower())


def modifier_category(noun: Token, lex: Lexicon) -> str | None:
    """'displaced families', 'people killed in the strike', 'those who fled'."""
    for child in noun.children:
        if child.dep_ not in MODIFIER_DEPS:
            continue
        if child.lower_ in lex.states:
            return lex.states[child.lower_]
        lemma = child.lemma_.lower()
        if child.dep_ == "relcl" and lemma in lex.subject_verbs:
            return lex.subject_verbs[lemma]
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in child.children)
        if lemma in lex.object_verbs and (child.tag_ == "VBN" or passive):
            return lex.object_verbs[lemma]
    return None


def noun_category(noun: Token, lex: Lexicon) -> str | None:
    if noun.lemma_.lower() in lex.aggregates:
        return _aggregate_of(noun, lex)
    return lex.nouns.get(noun.lemma_.lower()) or lex.nouns.get(noun.lower_)


# -- running totals ------------------------------------------------------------------


def running_total(anchor: Token, noun: Token, reading: Reading, lex: Lexicon) -> bool:
    """Whether the number sums a period rather than counting one incident: it sits on a
    total ("the death toll rose to 300", "bringing the total to 75"), or its clause
    starts a period ("since the war began"), names a running total ("so far"), or has a
    state of conflict for subject in the perfect ("the war has killed 56,000")."""
    clause = reading.clause
    words = [*reading.nouns, noun, anchor]
    if clause is not None:
        words += [c for c in clause.children if c.dep_ in ARGUMENT_DEPS]
    if any(w.lemma_.lower() in lex.totals for w in words):
        return True
    return clause is not None and tally_clause(finite_clause(clause), lex)


def tally_clause(verb: Token, lex: Lexicon) -> bool:
    """The clause of `verb` (and the verbs it is conjoined to or depends on without a
    tense of its own) reports a total over a period; see `running_total`."""
    current = verb
    for _ in range(3):
        opening = period_opening(current, lex)
        if opening is not None and not short_period(opening, lex):
            return True
        words = [t.lower_ for t in current.subtree]
        if any(has_phrase(words, phrase) for phrase in lex.tally_phrases):
            return True
        perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in current.children)
        subjects = [c.lemma_.lower() for c in current.children if c.dep_ == "nsubj"]
        states = lex.tally_states | (lex.tally_perfect_states if perfect else frozenset())
        if any(s in states for s in subjects):
            return True
        if current.dep_ not in ("conj", "advcl", "xcomp") or current.head.i == current.i:
            return False
        current = current.head
    return False


def has_phrase(words: list[str], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(tuple(words[i : i + size]) == phrase for i in range(len(words) - size + 1))


def period_opening(verb: Token, lex: Lexicon) -> Span | None:
    """The words that start the period a clause sums: a "since" clause ("since the war
    began in October 2023") or phrase ("since October 7"), as a span; None without."""
    for child in verb.children:
        opening = child.dep_ == "advcl" and any(
            m.dep_ == "mark" and m.lower_ in lex.tally_marks for m in child.children
        )
        opening = opening or (child.dep_ == "prep" and child.lower_ in lex.tally_preps)
        if opening:
            return verb.doc[child.left_edge.i : child.right_edge.i + 1]
    return None


def short_period(opening: Span, lex: Lexicon) -> bool:
    """'since Saturday': a period of a few days is one operation (a wave of arrests),
    not a running total; its count stays with its event."""
    doc = opening.doc
    dated = temporal.dated_spans(doc, opening.start, opening.end)
    article = doc._.article
    if not dated or article is None or article.published is None:
        return False
    start = first_day(dated[0][0].value)
    return start is not None and 0 <= (article.published - start).days <= lex.short_days


def period(doc: Doc, token: Token, lex: Lexicon) -> When | None:
    """The period a running total covers, as one date: from the start its clause
    names ("since October 2023": value 2023-10) to the date it gives ("as of Tuesday")
    or, failing that, the publication date (end). None when neither end is known."""
    verb = finite_clause(token)
    opening = period_opening(verb, lex)
    start = None
    if opening is not None:
        dated = temporal.dated_spans(doc, opening.start, opening.end)
        start = dated[0][0] if dated else None
    sent = sentence_of(verb)
    taken = range(opening.start, opening.end) if opening is not None else range(0)
    ends = [
        when
        for when, span in temporal.dated_spans(doc, sent.start, sent.end)
        if span.start not in taken and when.value and verb.is_ancestor(span.root)
    ]
    end = ends[0] if ends else None
    if start is None and end is None:
        return None
    article = doc._.article
    published = article.published.isoformat() if article is not None and article.published else None
    if start is None:
        return end.model_copy()  # "the toll rose to 300 on Tuesday": the total as of then
    text = opening.text if opening is not None else start.text
    last = (end.end or end.value) if end is not None else published
    return start.model_copy(update={"text": text, "end": last or start.end})


# -- hedge, source, date -------------------------------------------------------------


def find_qualifier(run: Span, nouns: list[Token], lex: Lexicon) -> tuple[str | None, int]:
    """The hedge right before the number ('at least 60'; the span then starts there),
    else one on the counted noun ('Nearly the entire population of 2.3 million')."""
    doc, start = run.doc, run.start
    floor = sentence_of(run).start
    for size in (3, 2, 1):
        if start - size < floor:
            continue
        words = doc[start - size : start]
        key = tuple(t.lower_ for t in words)
        if key in lex.qualifiers and (size > 1 or words[0].dep_ != "prep"):
            return lex.qualifiers[key], start - size
    for noun in nouns:
        for child in noun.lefts:
            if child.dep_ in ("advmod", "quantmod") and (child.lower_,) in lex.qualifiers:
                return lex.qualifiers[(child.lower_,)], start
    return None, start


def find_source(anchor: Token, lex: Lexicon) -> str | None:
    """Who reported the figure: 'according to X' or 'citing X' in the sentence, else the
    subject of a reporting verb whose clause holds the figure ('the army said')."""
    sent = sentence_of(anchor)
    for token in sent:
        source = _preposition_source(token, lex)
        if source:
            return source
    for token in (anchor, *anchor.ancestors):
        if token.pos_ not in VERBAL:
            continue
        source = _verb_source(token, lex)
        if source is None:
            source = next(
                (
                    s
                    for c in token.children
                    if c.dep_ == "parataxis" and (s := _verb_source(c, lex))
                ),
                None,
            )
        if source:
            return source
    return None


def _preposition_source(token: Token, lex: Lexicon) -> str | None:
    if token.lemma_.lower() in lex.citing and token.tag_ == "VBG":
        objects = [c for c in token.children if c.dep_ == "dobj"]
        return noun_phrase(objects[0]).text if objects else None
    for words in lex.source_preps:
        if token.lower_ != words[0]:
            continue
        doc = token.doc
        tail = doc[token.i + 1 : token.i + len(words)]
        if tuple(t.lower_ for t in tail) != words[1:]:
            continue
        last = tail[-1] if len(tail) else token
        objects = [c for c in last.children if c.dep_ == "pobj"]
        if objects:
            return noun_phrase(objects[0]).text
    return None


def _verb_source(verb: Token, lex: Lexicon) -> str | None:
    if verb.lemma_.lower() not in lex.source_verbs:
        return None
    for child in verb.children:
        if child.dep_ == "nsubj" and child.lower_ not in lex.skip_subjects:
            if child.pos_ == "PRON" or child.like_num:
                return None
            return noun_phrase(child).text
    return None


def clause_date(doc: Doc, token: Token) -> When | None:
    """The time layer's date for the figure's clause: one the clause states, or the one
    narration carries over from the sentence before ("The war began on October 7. ...
    killing 1,200"); not a date from another clause of the sentence, nor the
    publication date (a figure is dated only where the text dates it)."""
    when = temporal.event_date(doc, token)
    if when is None or when.basis != "text" or when.span is None:
        return None
    if when.span[1] <= sentence_of(token).start_char:
        return when  # carried over from the previous sentence
    clause = finite_clause(token)
    lo, hi = clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge)
    return when if lo <= when.span[0] and when.span[1] <= hi else None


def is_finite(token: Token) -> bool:
    """A verb with tense of its own (or a tensed auxiliary): the head of a clause."""
    if token.pos_ not in VERBAL:
        return False
    if token.tag_ in FINITE_TAGS:
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ in FINITE_TAGS for c in token.children)


def finite_clause(token: Token) -> Token:
    """The nearest finite verb at or above a token: 'killing' in '..., killing 60'
    belongs to the clause of 'stormed'."""
    current = token
    for _ in range(MAX_STEPS):
        if is_finite(current) or current.head.i == current.i:
            return current
        current = current.head
    return current


# -- counts for the events stage ---------------------------------------------------------


def magnitudes(doc: Doc, trigger: Token) -> dict[str, Magnitude]:
    """The counts an event trigger carries: {"dead"|"injured"|"arrested"|"abducted":
    Magnitude}, from the figures in the trigger's clause (first one per field). A figure
    belongs to the trigger when its number sits in the trigger's subtree without
    crossing into another finite clause (a relative clause on the trigger itself,
    'the strike, which killed 60', still counts)."""
    lex = load_lexicon()
    found: dict[str, Magnitude] = {}
    by_sentence = cached(doc, "counts_by_sentence", _counts_by_sentence)
    for figure in by_sentence.get(sentence_number(trigger), ()):
        key = MAGNITUDE_FIELDS[figure.category]
        if key in found:
            continue
        span = to_span(doc, figure.span)
        if span is not None and in_clause(number_head(span, lex), trigger):
            value = coordinated_total(doc, number_head(span, lex), figure, lex)
            found[key] = Magnitude(value=value, qualifier=figure.qualifier)
    return found


def event_magnitudes(doc: Doc, verbs: list[Token]) -> dict[str, Magnitude]:
    """The counts of one event told in several clauses ("arrested 12 protesters and
    detained 30 others", "killing 5 and wounding 12"): each verb's own counts (see
    `magnitudes`), a field named by two verbs summed, no figure counted twice."""
    found: dict[str, Magnitude] = {}
    seen: set[tuple[int, int]] = set()
    lex = load_lexicon()
    by_sentence = cached(doc, "counts_by_sentence", _counts_by_sentence)
    for verb in verbs:
        own: set[str] = set()
        for figure in by_sentence.get(sentence_number(verb), ()):
            key = MAGNITUDE_FIELDS[figure.category]
            span = to_span(doc, figure.span)
            if key in own or figure.span in seen or span is None:
                continue
            anchor = number_head(span, lex)
            if not in_clause(anchor, verb):
                continue
            own.add(key)
            seen.add(figure.span)
            value = coordinated_total(doc, anchor, figure, lex)
            if key in found:
                found[key] = Magnitude(
                    value=found[key].value + value,
                    qualifier=found[key].qualifier or figure.qualifier,
                )
            else:
                found[key] = Magnitude(value=value, qualifier=figure.qualifier)
    return found


def coordinated_total(doc: Doc, anchor: Token, figure: Figure, lex: Lexicon) -> int:
    """The count of a coordination of victims: "three soldiers and 11 militants were
    killed" is 14, "killing a minister and five others" 6, "a woman and her two sons"
    3. Each conjunct counts its own number (a figure of the same category), or one
    when it is a singular noun; with any other conjunct ("killing 12 and others") the
    figure's own value stands."""
    noun = counted_noun(anchor)
    while noun.dep_ == "conj" and noun.head.i != noun.i:
        noun = noun.head
    group = [noun, *noun.conjuncts]
    if len(group) < 2:
        return figure.value
    counts: dict[int, int] = {}
    for other in cached(doc, "counts_by_sentence", _counts_by_sentence).get(figure.sentence, ()):
        other_span = to_span(doc, other.span)
        if other.category == figure.category and other_span is not None:
            counts[counted_noun(number_head(other_span, lex)).i] = other.value
    total = 0
    for member in group:
        if member.i in counts:
            total += counts[member.i]
        elif member.tag_ in ("NN", "NNP") and member.pos_ in ("NOUN", "PROPN"):
            total += 1
        else:
            return figure.value
    return max(total, figure.value)


def counts_a_total(doc: Doc, trigger: Token) -> bool:
    """Whether the trigger's clause counts a running total (a cumulative figure, see
    `running_total`): "since the war began, 56,000 have been killed" reports no incident."""
    lex = load_lexicon()
    n = sentence_number(trigger)
    for figure in doc._.figures or ():
        if figure.sentence != n or not figure.cumulative:
            continue
        span = to_span(doc, figure.span)
        if span is not None and in_clause(number_head(span, lex), trigger):
            return True
    return False


def _counts_by_sentence(doc: Doc) -> dict[int, list[Figure]]:
    """The figures that can fill an event's counts, by sentence, once per document:
    every event of the article asks."""
    by_sentence: dict[int, list[Figure]] = {}
    for figure in doc._.figures or ():
        if figure.category in MAGNITUDE_FIELDS and not figure.cumulative:
            by_sentence.setdefault(figure.sentence, []).append(figure)
    return by_sentence


def in_clause(token: Token, trigger: Token) -> bool:
    """Is `token` inside the trigger's clause (see `magnitudes`)?"""
    current = token
    while current.i != trigger.i:
        head = current.head
        if head.i == current.i:
            return False
        if head.i == trigger.i:
            return True
        if is_finite(head) and not (head.dep_ in ("relcl", "acl") and head.head.i == trigger.i):
            return False
        current = head
    return True
