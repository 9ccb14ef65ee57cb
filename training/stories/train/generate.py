# ruff: noqa: E501
"""Generate the larger linking TRAINING set (training/stories/train/t2_*.jsonl) for fitting
the story linker's pairwise scorer (scripts/train_story_scorer.py).

Written for eventwire, separate from the frozen test set in training/stories/test (never
read for this). Invented incidents in real places, each told by 2-6 articles in
different outlets' styles and at different times: a wire flash with an early toll, a
next-day update with a risen toll and the date said relatively ("Friday's strike"), a
lower-cased sitrep bullet, a headline-plus-lead naming the region instead of the town,
a local report "late on Saturday night", a round-up that recalls the incident in
passing. Near misses that must stay apart: the same town days later, the same day in
a neighbouring town, two separate strikes in one city on one day, a protest and its
repression, the same envoys meeting a week apart.

Run: python training/stories/train/generate.py [--seed 7] [--incidents 90]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).parent

# Conflict theatres: country, attackers (names an outlet may use), victims, authorities,
# towns (name, lat, lon, region phrase, a neighbouring town 10-60 km away).
THEATRES = {
    "UKR": {
        "attacker": ["Russian forces", "Russia", "Russian troops", "Moscow's forces"],
        "victims": ["civilians", "people", "residents"],
        "authority": [
            "the regional governor",
            "Ukraine's emergency service",
            "the head of the regional military administration",
            "local officials",
        ],
        "towns": [
            ("Kramatorsk", 48.72, 37.56, "a city in Donetsk region", "Druzhkivka", 48.63, 37.55),
            ("Kharkiv", 49.99, 36.23, "Ukraine's second-largest city", "Chuhuiv", 49.84, 36.69),
            ("Zaporizhzhia", 47.84, 35.14, "the southeastern city", "Vilniansk", 47.94, 35.43),
            ("Sumy", 50.91, 34.80, "a northern border city", "Bilopillia", 51.15, 34.31),
            ("Kherson", 46.64, 32.61, "the southern city on the Dnipro", "Bilozerka", 46.64, 32.39),
            (
                "Dnipro",
                48.45,
                35.05,
                "a city in central-eastern Ukraine",
                "Novomoskovsk",
                48.63,
                35.26,
            ),
            ("Odesa", 46.48, 30.72, "the Black Sea port", "Chornomorsk", 46.30, 30.66),
        ],
        "kinds": ["drone", "missile", "shelling", "glide_bomb"],
    },
    "PSE": {
        "attacker": ["Israeli forces", "the Israeli military", "the IDF", "Israeli warplanes"],
        "victims": ["Palestinians", "people", "displaced people"],
        "authority": [
            "Gaza's health ministry",
            "the civil defence agency",
            "hospital officials",
            "medics at Nasser hospital",
        ],
        "towns": [
            ("Khan Younis", 31.34, 34.30, "southern Gaza", "Rafah", 31.30, 34.25),
            ("Deir al-Balah", 31.42, 34.35, "central Gaza", "Nuseirat", 31.45, 34.39),
            ("Jabalia", 31.53, 34.48, "northern Gaza", "Beit Lahia", 31.55, 34.50),
            ("Gaza City", 31.50, 34.47, "the north of the enclave", "Jabalia", 31.53, 34.48),
        ],
        "kinds": ["airstrike", "shelling"],
    },
    "SDN": {
        "attacker": [
            "the Rapid Support Forces",
            "the RSF",
            "RSF paramilitaries",
            "the paramilitary RSF",
        ],
        "victims": ["civilians", "people", "displaced people"],
        "authority": [
            "local emergency responders",
            "the Sudan Doctors Network",
            "a local resistance committee",
            "medics",
        ],
        "towns": [
            ("El Fasher", 13.63, 25.35, "the capital of North Darfur", "Tawila", 13.50, 24.97),
            ("Omdurman", 15.64, 32.48, "Khartoum's twin city", "Khartoum", 15.50, 32.56),
            ("El Obeid", 13.18, 30.22, "the capital of North Kordofan", "Bara", 13.70, 30.37),
            ("Kadugli", 11.01, 29.72, "the capital of South Kordofan", "Dilling", 12.05, 29.65),
        ],
        "kinds": ["drone", "shelling", "clash"],
    },
    "NGA": {
        "attacker": ["gunmen", "suspected Boko Haram fighters", "armed bandits", "jihadists"],
        "victims": ["villagers", "people", "farmers"],
        "authority": ["police", "a local council chairman", "the state government", "residents"],
        "towns": [
            ("Maiduguri", 11.85, 13.16, "the capital of Borno state", "Konduga", 11.65, 13.42),
            ("Gusau", 12.16, 6.66, "Zamfara state", "Tsafe", 11.96, 6.92),
            ("Katsina", 12.99, 7.60, "northwestern Nigeria", "Batagarawa", 12.90, 7.62),
            ("Jos", 9.90, 8.86, "Plateau state", "Bukuru", 9.79, 8.87),
        ],
        "kinds": ["raid", "bombing", "abduction"],
    },
    "PAK": {
        "attacker": ["militants", "a suicide bomber", "gunmen", "insurgents"],
        "victims": ["people", "worshippers", "passengers"],
        "authority": [
            "police",
            "a provincial government spokesman",
            "hospital officials",
            "the district police chief",
        ],
        "towns": [
            ("Quetta", 30.18, 66.99, "the capital of Balochistan", "Mastung", 29.80, 66.85),
            ("Peshawar", 34.01, 71.58, "northwestern Pakistan", "Nowshera", 34.02, 71.98),
            ("Bannu", 32.99, 70.60, "Khyber Pakhtunkhwa province", "Lakki Marwat", 32.61, 70.91),
        ],
        "kinds": ["bombing", "raid"],
    },
    "SOM": {
        "attacker": [
            "al-Shabaab",
            "al-Shabaab militants",
            "the Islamist group al-Shabaab",
            "insurgents",
        ],
        "victims": ["people", "civilians", "soldiers"],
        "authority": ["police", "a security official", "the ambulance service", "witnesses"],
        "towns": [
            ("Mogadishu", 2.04, 45.34, "the Somali capital", "Afgoye", 2.14, 45.12),
            ("Baidoa", 3.11, 43.65, "southwestern Somalia", "Berdale", 3.20, 43.43),
        ],
        "kinds": ["bombing", "raid"],
    },
    "COD": {
        "attacker": ["ADF rebels", "the Allied Democratic Forces", "M23 rebels", "armed men"],
        "victims": ["civilians", "villagers", "people"],
        "authority": [
            "a local civil society leader",
            "the army",
            "a local administrator",
            "the Red Cross",
        ],
        "towns": [
            ("Beni", 0.49, 29.47, "North Kivu province", "Oicha", 0.70, 29.52),
            ("Bunia", 1.56, 30.25, "Ituri province", "Komanda", 1.37, 29.77),
        ],
        "kinds": ["raid", "abduction"],
    },
    "MMR": {
        "attacker": ["the military", "junta aircraft", "Myanmar's army", "the junta"],
        "victims": ["civilians", "villagers", "people"],
        "authority": [
            "a resistance group",
            "local residents",
            "a rescue worker",
            "an opposition spokesperson",
        ],
        "towns": [
            ("Sagaing", 21.88, 95.98, "central Myanmar", "Monywa", 22.11, 95.13),
            ("Lashio", 22.94, 97.75, "northern Shan state", "Hsenwi", 23.30, 97.97),
        ],
        "kinds": ["airstrike"],
    },
}

PROTESTS = {
    "KEN": (
        ["Nairobi", -1.29, 36.82, "the Kenyan capital", "Kitengela", -1.47, 36.96],
        ["police", "riot police", "Kenyan police"],
        ["young Kenyans", "protesters", "demonstrators"],
        "against police brutality",
    ),
    "SRB": (
        ["Belgrade", 44.79, 20.45, "the Serbian capital", "Pancevo", 44.87, 20.64],
        ["police", "riot police", "gendarmerie units"],
        ["students", "protesters", "Serbians"],
        "against corruption",
    ),
    "GEO": (
        ["Tbilisi", 41.69, 44.80, "the Georgian capital", "Rustavi", 41.55, 45.00],
        ["police", "riot police", "interior ministry troops"],
        ["pro-EU protesters", "demonstrators", "Georgians"],
        "against the government's suspension of EU talks",
    ),
    "TUR": (
        ["Istanbul", 41.01, 28.98, "Turkey's largest city", "Izmit", 40.77, 29.92],
        ["police", "Turkish police", "riot police"],
        ["opposition supporters", "students", "protesters"],
        "against the detention of the mayor",
    ),
    "BGD": (
        ["Dhaka", 23.81, 90.41, "the Bangladeshi capital", "Gazipur", 24.00, 90.42],
        ["police", "security forces", "the Rapid Action Battalion"],
        ["students", "garment workers", "protesters"],
        "demanding unpaid wages",
    ),
    "IDN": (
        ["Jakarta", -6.21, 106.85, "the Indonesian capital", "Bekasi", -6.24, 106.99],
        ["police", "riot police", "security forces"],
        ["students", "workers", "protesters"],
        "against lawmakers' allowances",
    ),
}

MEETINGS = [
    (
        "OMN",
        "Muscat",
        23.59,
        58.41,
        ["US and Iranian negotiators", "American and Iranian envoys", "Washington and Tehran"],
        "the nuclear programme",
    ),
    (
        "QAT",
        "Doha",
        25.29,
        51.53,
        [
            "Hamas and Israeli negotiators",
            "mediators and Israeli officials",
            "Israeli and Hamas delegations",
        ],
        "a ceasefire in Gaza",
    ),
    (
        "TUR",
        "Istanbul",
        41.01,
        28.98,
        ["Russian and Ukrainian delegations", "Kyiv and Moscow", "Ukrainian and Russian officials"],
        "a prisoner exchange",
    ),
    (
        "CHE",
        "Geneva",
        46.20,
        6.14,
        [
            "US and Chinese trade officials",
            "Washington and Beijing",
            "American and Chinese negotiators",
        ],
        "tariffs",
    ),
]

OUTLETS = [
    "Reuters",
    "AFP",
    "AP",
    "Al Jazeera",
    "BBC",
    "The Guardian",
    "Anadolu",
    "Xinhua",
    "Dawn",
    "Premium Times",
    "Kyiv Independent",
    "Sudan Tribune",
    "The Standard",
    "Daily Sabah",
    "Garowe Online",
    "Radio Okapi",
    "The Irrawaddy",
    "Middle East Eye",
    "Deutsche Welle",
    "France 24",
]

NUMBER_WORDS = {
    1: "one",
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
    11: "eleven",
    12: "twelve",
}
AP_MONTHS = [
    "Jan.",
    "Feb.",
    "March",
    "April",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
]  # how wire style abbreviates months
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

# What each kind of attack is called, its ACLED sub-event type, and what it hits.
KINDS = {
    "drone": (
        "Drone strike",
        ["drone attack", "drone strike", "Shahed drone strike"],
        ["struck", "hit", "slammed into"],
        [
            "a residential building",
            "a bus stop",
            "a market",
            "an apartment block",
            "a petrol station",
        ],
    ),
    "missile": (
        "Shelling/artillery/missile attack",
        ["missile strike", "missile attack", "ballistic missile strike"],
        ["struck", "hit", "tore through"],
        [
            "a hospital",
            "a shopping centre",
            "a railway station",
            "a residential district",
            "an industrial site",
        ],
    ),
    "shelling": (
        "Shelling/artillery/missile attack",
        ["shelling", "artillery fire", "shelling attack"],
        ["shelled", "pounded", "hit"],
        [
            "a residential neighbourhood",
            "a market",
            "a camp for displaced people",
            "a water distribution point",
            "a street",
        ],
    ),
    "glide_bomb": (
        "Air/drone strike",
        ["glide bomb attack", "guided aerial bomb strike", "air strike"],
        ["struck", "hit", "destroyed"],
        ["an apartment block", "a school", "a supermarket"],
    ),
    "airstrike": (
        "Air/drone strike",
        ["air strike", "airstrike", "Israeli strike", "bombing"],
        ["bombed", "struck", "hit"],
        [
            "a school sheltering displaced families",
            "a house",
            "a tent camp",
            "a mosque",
            "a residential building",
            "a clinic",
            "a market",
        ],
    ),
    "clash": (
        "Armed clash",
        ["fighting", "clashes", "battle"],
        ["attacked", "stormed", "assaulted"],
        ["army positions", "a military base", "a checkpoint", "the town's outskirts"],
    ),
    "raid": (
        "Attack",
        ["attack", "raid", "assault"],
        ["attacked", "raided", "stormed"],
        [
            "a village",
            "a market",
            "a police station",
            "a church",
            "a mosque",
            "a farming community",
        ],
    ),
    "bombing": (
        "Suicide bomb",
        ["suicide bombing", "blast", "bombing", "explosion"],
        ["struck", "tore through", "hit"],
        [
            "a railway station",
            "a police checkpoint",
            "a mosque",
            "a busy market",
            "a hotel",
            "a military convoy",
        ],
    ),
    "abduction": (
        "Abduction/forced disappearance",
        ["abduction", "kidnapping", "mass abduction"],
        ["abducted", "kidnapped", "seized"],
        ["a school", "a village", "travellers on a highway", "a church congregation"],
    ),
}


@dataclass
class Incident:
    id: str
    category: str
    sub_type: str | None
    day: dt.date
    country: str
    town: str
    lat: float
    lon: float
    region: str
    kind: str
    attacker: list[str] = field(default_factory=list)
    victims: list[str] = field(default_factory=list)
    authority: list[str] = field(default_factory=list)
    target: str = ""
    tolls: list[int] = field(default_factory=list)  # rising figures as reports come in
    count_what: str = "killed"
    related: list[str] = field(default_factory=list)
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def final(self) -> int:
        return self.tolls[-1] if self.tolls else 0


def num(n: int, rng: random.Random, cap: bool = False) -> str:
    word = NUMBER_WORDS.get(n) if n <= 12 and rng.random() < 0.6 else str(n)
    return word.capitalize() if cap and word and word[0].isalpha() else word


def date_phrase(day: dt.date, published: dt.date, rng: random.Random) -> str:
    """How an article published on `published` says the incident's day."""
    gap = (published - day).days
    options = [
        f"on {WEEKDAYS[day.weekday()]}",
        f"on {MONTHS[day.month - 1]} {day.day}",
        f"on {day.day} {MONTHS[day.month - 1]}",
        f"late on {WEEKDAYS[day.weekday()]} night",
        f"on {WEEKDAYS[day.weekday()]} morning",
        f"on {AP_MONTHS[day.month - 1]} {day.day}",
        f"on the night of {day.day} {MONTHS[day.month - 1]}",
        f"on {day.isoformat()}",
    ]
    if gap == 1:
        options += ["yesterday", "late yesterday", "overnight"]
    if gap == 0:
        options += ["on " + WEEKDAYS[day.weekday()], "earlier today", "this morning"]
    return rng.choice(options)


def cap(text: str) -> str:
    return text[0].upper() + text[1:]


class Writer:
    """Writes the articles of incidents; collects (article, [(incident, sentence)])."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.articles: list[dict] = []

    def add(
        self, source: str, published: dt.datetime, title: str, parts: list[tuple[str | None, str]]
    ) -> None:
        """`parts`: sentences in order, each with the incident it reports (or None)."""
        text, mentions = "", []
        for incident_id, sentence in parts:
            sep = "" if not text else ("\n" if sentence.startswith("- ") else " ")
            text += sep
            if incident_id:
                mentions.append({"incident": incident_id, "sentence": sentence, "start": len(text)})
            text += sentence
        n = len(self.articles) + 1
        self.articles.append(
            {
                "id": f"t2-a{n:03d}",
                "source": source,
                "published": published.strftime("%Y-%m-%dT%H:%M:00Z"),
                "title": title,
                "text": text,
                "mentions": mentions,
            }
        )


def violent_sentences(
    inc: Incident, published: dt.date, toll: int, style: str, rng: random.Random
) -> tuple[str, list[str]]:
    """(title, sentences) of one report of a violent incident, in one outlet style; the
    first sentence reports the incident."""
    sub, nouns, verbs, _ = KINDS[inc.kind]
    attacker, victims, authority = (
        rng.choice(inc.attacker),
        rng.choice(inc.victims),
        rng.choice(inc.authority),
    )
    noun, verb = rng.choice(nouns), rng.choice(verbs)
    when = date_phrase(inc.day, published, rng)
    place = inc.town if rng.random() < 0.75 else f"{inc.town}, {inc.region}"
    what = inc.count_what
    n = num(toll, rng)
    q = rng.choice(["at least ", "", "", "some "]) if toll > 3 else ""
    if style == "flash":
        first = f"{cap(attacker)} {verb} {inc.target} in {place} {when}, killing {q}{n} {victims}, {authority} said."
        if what != "killed":
            first = f"{cap(attacker)} attacked {inc.target} in {place} {when} and {what} {q}{n} {victims}, {authority} said."
        title = f"{cap(noun)} in {inc.town} {'kills' if what == 'killed' else 'leaves'} {n}"
        rest = [
            rng.choice(
                [
                    "Rescue teams were searching the rubble.",
                    "The toll could rise.",
                    "There was no immediate comment.",
                    "Footage showed smoke over the area.",
                ]
            )
        ]
    elif style == "update":
        day_word = WEEKDAYS[inc.day.weekday()]
        said = WEEKDAYS[published.weekday()]
        if what == "killed":
            first = rng.choice(
                [
                    f"The death toll from {day_word}'s {noun} on {inc.target} in {inc.town} has risen to {toll}, {authority} said on {said}.",
                    f"The number of people killed in the {noun} in {inc.town} {when} rose to {toll}, {authority} said.",
                    f"{cap(authority)} said on {said} that {toll} people had died in {day_word}'s {noun} in {inc.region}, up from an earlier toll.",
                ]
            )
        else:
            first = (
                f"{cap(authority)} said on {said} that {toll} {victims} were {what} "
                f"in {day_word}'s {noun} in {inc.town}."
            )
        title = rng.choice(
            [f"Toll from {inc.town} {noun} rises to {toll}", f"{inc.town} {noun}: {toll} {what}"]
        )
        rest = [
            rng.choice(
                [
                    "Several of the wounded remain in critical condition.",
                    "Funerals were held on the same day.",
                    "Officials said the figure was still provisional.",
                ]
            )
        ]
    elif style == "sitrep":
        first = f"- {inc.town.lower()}: {noun} on {inc.target} {what} {toll} {victims}, per {authority}."
        title = f"sitrep: {inc.region}, {published.day} {MONTHS[published.month - 1].lower()}"
        rest = ["- elsewhere: no major incidents reported."]
    elif style == "lead":
        first = (
            f"{num(toll, rng, cap=True)} {victims} were {what} {when} when {attacker} {verb if what == 'killed' else 'attacked'} "
            f"{inc.target} in {inc.region}, {authority} said."
        )
        title = f"{cap(noun)} hits {inc.region}"
        rest = [
            rng.choice(
                [
                    f"Residents described scenes of panic in {inc.town}.",
                    "The attack drew international condemnation.",
                    "It was the deadliest such attack in weeks.",
                ]
            )
        ]
    elif style == "dateline":
        first = (
            f"{inc.town.upper()}, {AP_MONTHS[published.month - 1]} {published.day} -- "
            f"{cap(noun)} {'killed' if what == 'killed' else what} {q}{n} {victims} in {inc.town} {when}, "
            f"{authority} told reporters, blaming {attacker}."
        )
        title = f"{cap(noun)} in {inc.region} {'kills' if what == 'killed' else 'hits'} {n}"
        rest = [
            rng.choice(
                ["Ambulances ferried the wounded to hospital.", "The area had been calm for weeks."]
            )
        ]
    elif style == "recap":
        first = (
            f"{cap(authority)} put the toll from the {noun} on {inc.target} at {toll}, "
            f"revising an earlier figure; the attack in {inc.region} took place {when}."
        )
        title = f"{inc.town}: toll revised"
        rest = ["Identification of the victims was continuing."]
    else:  # local
        first = (
            f"{cap(authority)} confirmed that {q}{n} {victims} were {what} {when} "
            f"after {attacker} {verb if what == 'killed' else 'attacked'} {inc.target} on the edge of {inc.town}."
        )
        title = f"{inc.town}: {n} {what} in {noun}"
        rest = ["Local leaders called for more protection."]
    return title, [first, *rest]


def make_violent(
    rng: random.Random,
    iid: str,
    day: dt.date,
    country: str,
    town: tuple,
    kind: str,
    use_neighbour: bool = False,
) -> Incident:
    theatre = THEATRES[country]
    name, lat, lon, region, nb, nblat, nblon = town
    if use_neighbour:
        name, lat, lon = nb, nblat, nblon
    sub, _, _, targets = KINDS[kind]
    count_what = "abducted" if kind == "abduction" else rng.choice(["killed"] * 5 + ["wounded"])
    first = rng.randint(2, 14) if count_what == "killed" else rng.randint(5, 40)
    tolls = sorted({first, first + rng.randint(0, 6), first + rng.randint(3, 12)})
    return Incident(
        iid,
        "ASSAULT",
        sub,
        day,
        country,
        name,
        lat,
        lon,
        region,
        kind,
        theatre["attacker"],
        theatre["victims"],
        theatre["authority"],
        rng.choice(targets),
        tolls,
        count_what,
    )


def report_times(inc: Incident, n: int, rng: random.Random) -> list[tuple[dt.datetime, int]]:
    """Publication times and the toll each report gives (rising)."""
    times = sorted(
        dt.datetime.combine(inc.day, dt.time(6))
        + dt.timedelta(
            hours=(rng.choice([2, 4, 6, 9]) if i == 0 else rng.choice([5, 10, 20, 28, 34, 46])) + i
        )
        for i in range(n)
    )
    return [
        (when, inc.tolls[min(len(inc.tolls) - 1, int(i * len(inc.tolls) / n))])
        for i, when in enumerate(times)
    ]


def write_violent(
    writer: Writer,
    inc: Incident,
    n_reports: int,
    rng: random.Random,
    background: Incident | None = None,
) -> None:
    styles = ["flash", "update", "sitrep", "lead", "local", "dateline", "recap"]
    for i, (when, toll) in enumerate(report_times(inc, n_reports, rng)):
        style = "flash" if i == 0 and rng.random() < 0.6 else rng.choice(styles)
        if style in ("update", "recap") and when.date() == inc.day:
            style = rng.choice(["flash", "lead", "local"])
        title, sentences = violent_sentences(inc, when.date(), toll, style, rng)
        parts: list[tuple[str | None, str]] = [(inc.id, sentences[0])]
        parts += [(None, s) for s in sentences[1:]]
        if background is not None and rng.random() < 0.5 and background.day < when.date():
            gap = (inc.day - background.day).days
            if gap > 0:
                parts.append(
                    (
                        background.id,
                        f"{cap(num(gap, rng))} days earlier, a {KINDS[background.kind][1][0]} "
                        f"in {background.town} killed {background.final} people.",
                    )
                )
            else:
                parts.append(
                    (
                        background.id,
                        f"In a separate {KINDS[background.kind][1][0]} the same day in "
                        f"{background.town}, {background.final} people were killed.",
                    )
                )
        writer.add(rng.choice(OUTLETS), when, title, parts)


def write_protest(
    writer: Writer,
    rng: random.Random,
    pid: str,
    rid: str,
    day: dt.date,
    country: str,
    incidents: list[Incident],
) -> None:
    town, forces, crowd, cause = PROTESTS[country]
    name, lat, lon, region = town[0], town[1], town[2], town[3]
    dead = rng.choice([0, 1, 2, 3, 4])
    arrested = rng.randint(10, 120)
    protest = Incident(
        pid,
        "PROTEST",
        "Peaceful protest",
        day,
        country,
        name,
        lat,
        lon,
        region,
        "protest",
        related=[rid],
        note="related: its repression",
    )
    repress = Incident(
        rid,
        "COERCE",
        "Excessive force against protesters",
        day,
        country,
        name,
        lat,
        lon,
        region,
        "repression",
        tolls=[dead] if dead else [],
        related=[pid],
        note="related: the protest it broke up",
        count_what="killed" if dead else "arrested",
    )
    if not dead:
        repress.extra = {"count": {"what": "arrested", "n": arrested}}
    incidents += [protest, repress]
    for i in range(rng.randint(2, 4)):
        when = dt.datetime.combine(day, dt.time(10)) + dt.timedelta(
            hours=rng.choice([3, 8, 20, 26])
        )
        dp = date_phrase(day, when.date(), rng)
        c, f = rng.choice(crowd), rng.choice(forces)
        p_sent = rng.choice(
            [
                f"Thousands of {c} marched through {name} {dp} {cause}.",
                f"{cap(c)} rallied in central {name} {dp}, chanting {cause}.",
                f"Tens of thousands of {c} took to the streets of {region} {dp} {cause}.",
            ]
        )
        if dead:
            r_sent = rng.choice(
                [
                    f"{cap(f)} fired tear gas and live rounds at the crowd in {name}, killing {num(dead, rng)} people, rights groups said.",
                    f"{cap(num(dead, rng))} protesters were shot dead when {f} dispersed the rally in {name} {dp}.",
                ]
            )
        else:
            r_sent = rng.choice(
                [
                    f"{cap(f)} detained {arrested} people as they broke up the march in {name} with water cannon.",
                    f"More than {arrested} demonstrators were arrested when {f} cleared the square in {name} {dp}.",
                ]
            )
        parts: list[tuple[str | None, str]] = [(pid, p_sent)]
        if i > 0 or rng.random() < 0.7:
            parts.append((rid, r_sent))
        title = rng.choice(
            [
                f"Protesters rally in {name}",
                f"{cap(f)} crack down on {name} protest",
                f"{name} march turns violent",
            ]
        )
        writer.add(rng.choice(OUTLETS), when, title, parts)


def write_meetings(
    writer: Writer,
    rng: random.Random,
    ids: tuple[str, str],
    day: dt.date,
    incidents: list[Incident],
) -> None:
    country, city, lat, lon, names, topic = rng.choice(MEETINGS)
    days = [day, day + dt.timedelta(days=7)]
    for iid, d in zip(ids, days, strict=True):
        incidents.append(
            Incident(
                iid,
                "CONSULT",
                None,
                d,
                country,
                city,
                lat,
                lon,
                city,
                "meeting",
                note="near miss: the same envoys meet a week apart",
            )
        )
        for _ in range(rng.randint(2, 3)):
            when = dt.datetime.combine(d, dt.time(9)) + dt.timedelta(hours=rng.choice([4, 9, 22]))
            who = rng.choice(names)
            dp = date_phrase(d, when.date(), rng)
            sent = rng.choice(
                [
                    f"{cap(who)} met in {city} {dp} for talks on {topic}, officials said.",
                    f"{cap(who)} held a round of indirect talks on {topic} in {city} {dp}.",
                    f"Talks between {who} on {topic} took place in {city} {dp}, mediators said.",
                ]
            )
            writer.add(
                rng.choice(OUTLETS),
                when,
                f"Talks on {topic} in {city}",
                [(iid, sent), (None, "Both sides described the meeting as constructive.")],
            )


def generate(seed: int, groups: int) -> tuple[list[dict], list[dict]]:
    rng = random.Random(seed)
    writer = Writer(rng)
    incidents: list[Incident] = []
    n = 0

    def next_id() -> str:
        nonlocal n
        n += 1
        return f"t2-i{n:03d}"

    start = dt.date(2025, 1, 6)
    for _ in range(groups):
        day = start + dt.timedelta(days=rng.randint(0, 600))
        roll = rng.random()
        if roll < 0.12:
            pid, rid = next_id(), next_id()
            write_protest(writer, rng, pid, rid, day, rng.choice(sorted(PROTESTS)), incidents)
            continue
        if roll < 0.18:
            write_meetings(writer, rng, (next_id(), next_id()), day, incidents)
            continue
        country = rng.choice(sorted(THEATRES))
        theatre = THEATRES[country]
        town = rng.choice(theatre["towns"])
        kind = rng.choice(theatre["kinds"])
        main = make_violent(rng, next_id(), day, country, town, kind)
        incidents.append(main)
        twist = rng.random()
        other = None
        if twist < 0.2:  # the same town, days later
            other = make_violent(
                rng,
                next_id(),
                day + dt.timedelta(days=rng.choice([2, 3, 5])),
                country,
                town,
                rng.choice(theatre["kinds"]),
            )
            other.note = f"near miss of {main.id}: same town, another day"
        elif twist < 0.4:  # the same day, the neighbouring town
            other = make_violent(
                rng, next_id(), day, country, town, rng.choice(theatre["kinds"]), use_neighbour=True
            )
            other.note = f"near miss of {main.id}: same day, neighbouring town"
        elif twist < 0.55:  # two strikes in one city on one day
            other = make_violent(rng, next_id(), day, country, town, kind)
            while other.target == main.target:
                other.target = rng.choice(KINDS[kind][3])
            other.note = f"near miss of {main.id}: same city, same day, separate attack"
        write_violent(writer, main, rng.randint(2, 6), rng)
        if other is not None:
            incidents.append(other)
            write_violent(writer, other, rng.randint(2, 4), rng, background=main)
    writer.articles.sort(key=lambda a: a["published"])
    rows = []
    for inc in incidents:
        row = {
            "id": inc.id,
            "category": inc.category,
            "acled_sub_event_type": inc.sub_type,
            "date": inc.day.isoformat(),
            "place": {"name": inc.town, "country": inc.country, "lat": inc.lat, "lon": inc.lon},
            "fatalities": inc.final if inc.count_what == "killed" else 0,
            "related": inc.related,
        }
        if inc.count_what in ("wounded", "abducted") and inc.tolls:
            row["count"] = {"what": inc.count_what, "n": inc.final}
        row.update(inc.extra)
        if inc.note:
            row["note"] = inc.note
        rows.append(row)
    return writer.articles, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--groups", type=int, default=70, help="incident groups to write")
    parser.add_argument("--prefix", default="t2")
    args = parser.parse_args()
    articles, incidents = generate(args.seed, args.groups)
    if args.prefix != "t2":
        for a in articles:
            a["id"] = a["id"].replace("t2-", args.prefix + "-")
            for m in a["mentions"]:
                m["incident"] = m["incident"].replace("t2-", args.prefix + "-")
        for i in incidents:
            i["id"] = i["id"].replace("t2-", args.prefix + "-")
            i["related"] = [r.replace("t2-", args.prefix + "-") for r in i["related"]]
    for a in articles:
        for m in a["mentions"]:
            assert a["text"][m["start"] : m["start"] + len(m["sentence"])] == m["sentence"]
    with (HERE / f"{args.prefix}_articles.jsonl").open("w", encoding="utf-8") as out:
        for a in articles:
            out.write(json.dumps(a, ensure_ascii=False) + "\n")
    with (HERE / f"{args.prefix}_incidents.jsonl").open("w", encoding="utf-8") as out:
        for i in incidents:
            out.write(json.dumps(i, ensure_ascii=False) + "\n")
    print(f"{len(articles)} articles, {len(incidents)} incidents")


if __name__ == "__main__":
    main()
