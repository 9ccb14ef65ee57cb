"""Deterministic article-like texts for benchmarks: invented stories, no third-party news.

Why: throughput must be measured on text that gives every eventwire stage real work
(named people, countries and towns, dates, casualty and displacement figures with
sources, quotes, attacks, talks, protests, sanctions, aid), yet be reproducible and free
to commit. A seeded random generator fills templates written for this file. Person
names are invented; countries and towns are real so the actor and place stages resolve
them, but every event is fiction.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

FIRST = ("Amira", "Tomas", "Leila", "Dmitri", "Nadia", "Samuel", "Ines", "Kwame", "Yusuf",
         "Marta", "Ravi", "Elena", "Hassan", "Grace", "Omar", "Sofia", "Jonas")  # fmt: skip
LAST = ("Varga", "Okonkwo", "Haddad", "Petrov", "Mensah", "Lindqvist", "Barros", "Karimi",
        "Novak", "Achebe", "Rahman", "Castell", "Demir", "Ortega", "Sato")  # fmt: skip
TITLES = ("Foreign Minister", "Defence Minister", "President", "Prime Minister",
          "army spokesman", "opposition leader", "UN envoy", "Interior Minister")  # fmt: skip
COUNTRIES = {
    "Sudan": ("Khartoum", "Omdurman", "El Fasher", "Sudanese"),
    "Mali": ("Bamako", "Gao", "Timbuktu", "Malian"),
    "Ukraine": ("Kyiv", "Kharkiv", "Odesa", "Ukrainian"),
    "Colombia": ("Bogota", "Cali", "Medellin", "Colombian"),
    "Myanmar": ("Yangon", "Mandalay", "Sittwe", "Myanmar"),
    "Somalia": ("Mogadishu", "Kismayo", "Baidoa", "Somali"),
    "Ethiopia": ("Addis Ababa", "Mekelle", "Gondar", "Ethiopian"),
    "Syria": ("Damascus", "Aleppo", "Idlib", "Syrian"),
    "Nigeria": ("Abuja", "Maiduguri", "Kano", "Nigerian"),
    "Pakistan": ("Islamabad", "Peshawar", "Quetta", "Pakistani"),
}
PARTNERS = ("France", "Germany", "Japan", "Brazil", "Kenya", "Turkey", "Egypt", "Canada",
            "India", "Norway", "Qatar", "South Africa", "Indonesia", "Mexico")  # fmt: skip
ARMED = ("rebels", "militants", "gunmen", "insurgents", "militia fighters", "armed men")
SOURCES = ("the health ministry", "local officials", "the Red Cross", "a UN agency",
           "police", "a hospital director", "residents", "the army")  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
QUALIFIERS = ("at least", "more than", "about", "nearly", "some", "")
GOODS = ("food", "medicine", "tents", "drinking water", "fuel", "vaccines")
TOPICS = ("a ceasefire", "the release of prisoners", "border security", "a trade deal",
          "humanitarian access", "the return of refugees", "elections")  # fmt: skip

SENTENCES = (
    "{Armed} attacked a {target} in {town} on {day}, killing {qual} {n} people, {source} said.",
    "{Gov} aircraft bombed positions held by {armed} near {town2}, {source} said on {day}.",
    "{qual_cap} {n} civilians were wounded when a car bomb exploded at a market in {town}.",
    "{Armed} abducted {n} students from a school in {town2} late on {day}, {source} said.",
    "{Title} {person} of {country} met {Title2} {person2} of {partner} in {capital} on {day} "
    "to discuss {topic}.",
    "{partner} and {country} agreed on {day} to resume talks on {topic}, officials said.",
    "{partner} imposed sanctions on {n} {adj} officials on {date}, freezing their assets.",
    "{partner} will send {n} tonnes of {goods} to {country}, the foreign ministry said.",
    "Thousands of people protested in {capital} on {day} to demand {topic}.",
    "Police arrested {n} opposition supporters in {town} after a rally on {day}.",
    "{Title} {person} accused {partner} of arming the {armed} in the north.",
    "{country} rejected a proposal by {partner} to deploy observers in {town2}.",
    "{qual_cap} {big} people have been displaced since {month}, according to the UN.",
    "The fighting has killed {qual} {big} people since {month} {year}, {source} said.",
    "{Armed} threatened to attack {town2} unless the government released their leader.",
    "The army said it had withdrawn its troops from {town2} on {date}.",
    '"We will not accept any deal that ignores our people," {Title} {person} told '
    "reporters in {capital}.",
    '"The situation in {town} is catastrophic," said {person2}, a spokesperson for {source}.',
    "{person} said the talks in {capital} would continue next week.",
    "The {adj} government called on {partner} to help end the conflict.",
)
TARGETS = (
    "police post",
    "village",
    "army convoy",
    "checkpoint",
    "market",
    "camp for displaced people",
)


def _fill(rng: random.Random, template: str, country: str) -> str:
    """One sentence: the template with fresh random slots (unused slots cost nothing)."""
    capital, town, town2, adj = COUNTRIES[country]
    qual = rng.choice(QUALIFIERS)
    slots = {
        "Armed": rng.choice(ARMED).capitalize(),
        "armed": rng.choice(ARMED),
        "target": rng.choice(TARGETS),
        "town": town,
        "town2": town2,
        "capital": capital,
        "country": country,
        "adj": adj,
        "Gov": adj,
        "partner": rng.choice(PARTNERS),
        "day": rng.choice(WEEKDAYS),
        "date": f"{rng.randint(1, 28)} {rng.choice(MONTHS)}",
        "month": rng.choice(MONTHS),
        "year": str(rng.randint(2019, 2024)),
        "n": str(rng.randint(2, 95)),
        "big": f"{rng.randint(2, 900) * 1000:,}",
        "qual": qual,
        "qual_cap": qual.capitalize() or "Some",
        "source": rng.choice(SOURCES),
        "Title": rng.choice(TITLES),
        "Title2": rng.choice(TITLES),
        "person": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "person2": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "goods": rng.choice(GOODS),
        "topic": rng.choice(TOPICS),
    }
    text = template.format(**slots).replace("  ", " ")
    return text[0].upper() + text[1:]


def article(rng: random.Random, words: int) -> str:
    """One story of about `words` words, in paragraphs of two to four sentences."""
    country = rng.choice(sorted(COUNTRIES))
    paragraphs: list[str] = []
    count = 0
    while count < words:
        size = rng.randint(2, 4)
        paragraph = " ".join(_fill(rng, rng.choice(SENTENCES), country) for _ in range(size))
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    return "\n\n".join(paragraphs)


def articles(n: int, words: int = 500, seed: int = 13) -> Iterator[str]:
    """`n` stories; the same arguments always give the same texts."""
    rng = random.Random(seed)
    for _ in range(n):
        yield article(rng, words)


if __name__ == "__main__":
    print(next(articles(1)))
