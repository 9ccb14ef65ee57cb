"""Build the linking TRAINING set (training/stories/train/t1_*.jsonl) for tuning the story
linker's weights. Written for eventwire, separate from the frozen test set in
training/stories/test (never used for tuning). Invented incidents in real places.
Run: python training/stories/train/build.py"""

import json
from pathlib import Path

HERE = Path(__file__).parent

INCIDENTS = [
    ("t1-i01", "ASSAULT", "Drone strike", "2025-03-14", "Kramatorsk", "UKR", 48.72, 37.56, 8, []),
    ("t1-i02", "ASSAULT", "Drone strike", "2025-03-16", "Kramatorsk", "UKR", 48.72, 37.56, 2, []),
    (
        "t1-i03",
        "ASSAULT",
        "Shelling/artillery/missile attack",
        "2025-03-14",
        "Sloviansk",
        "UKR",
        48.85,
        37.60,
        1,
        [],
    ),
    (
        "t1-i04",
        "PROTEST",
        "Peaceful protest",
        "2025-06-25",
        "Nairobi",
        "KEN",
        -1.29,
        36.82,
        0,
        ["t1-i05"],
    ),
    (
        "t1-i05",
        "COERCE",
        "Excessive force against protesters",
        "2025-06-25",
        "Nairobi",
        "KEN",
        -1.29,
        36.82,
        2,
        ["t1-i04"],
    ),
    ("t1-i06", "COERCE", "Arrests", "2025-03-19", "Istanbul", "TUR", 41.01, 28.98, 0, []),
    ("t1-i07", "ASSAULT", "Armed clash", "2025-05-02", "El Fasher", "SDN", 13.63, 25.35, 20, []),
    (
        "t1-i08",
        "ASSAULT",
        "Air/drone strike",
        "2025-04-03",
        "Gaza City (Tuffah school)",
        "PSE",
        31.51,
        34.47,
        27,
        [],
    ),
    (
        "t1-i09",
        "ASSAULT",
        "Air/drone strike",
        "2025-04-03",
        "Shujaiya, Gaza City",
        "PSE",
        31.50,
        34.48,
        6,
        [],
    ),
    ("t1-i10", "CONSULT", None, "2025-04-12", "Muscat", "OMN", 23.59, 58.41, 0, []),
    ("t1-i11", "CONSULT", None, "2025-04-19", "Rome", "ITA", 41.89, 12.48, 0, []),
    (
        "t1-i12",
        "ASSAULT",
        "Abduction/forced disappearance",
        "2025-02-08",
        "Kaduna",
        "NGA",
        10.52,
        7.44,
        0,
        [],
    ),
    ("t1-i13", "ASSAULT", "Suicide bomb", "2025-11-09", "Quetta", "PAK", 30.18, 66.99, 26, []),
    ("t1-i14", "ASSAULT", "Air/drone strike", "2025-01-20", "Idlib", "SYR", 35.93, 36.63, 3, []),
]
COUNTS = {"t1-i06": {"what": "detained", "n": 37}, "t1-i12": {"what": "abducted", "n": 25}}

# (id, source, published, title, text, [(incident, sentence)])
ARTICLES = [
    (
        "t1-a01",
        "Reuters",
        "2025-03-14T10:20:00Z",
        "Russian drone hits Kramatorsk market",
        "KYIV, March 14 (Reuters) - A Russian drone struck a crowded market in the eastern "
        "Ukrainian city of Kramatorsk on Friday, killing at least five people and wounding 14, "
        "regional governor Vadym Filashkin said. Photographs showed burning stalls and "
        "damaged cars. Russia did not immediately comment.",
        [
            (
                "t1-i01",
                "A Russian drone struck a crowded market in the eastern Ukrainian city of "
                "Kramatorsk on Friday, killing at least five people and wounding 14, regional governor "
                "Vadym Filashkin said.",
            )
        ],
    ),
    (
        "t1-a02",
        "Kyiv Independent",
        "2025-03-15T08:05:00Z",
        "Death toll from Kramatorsk market attack rises to 8",
        "The death toll from Russia's drone attack on a market in Kramatorsk on March 14 has "
        "risen to eight, Donetsk Oblast Governor Vadym Filashkin reported on March 15. Two of "
        "the wounded died in hospital overnight. Separately, Russian artillery hit Sloviansk "
        "on Friday, killing one man, the governor said.",
        [
            (
                "t1-i01",
                "The death toll from Russia's drone attack on a market in Kramatorsk on "
                "March 14 has risen to eight, Donetsk Oblast Governor Vadym Filashkin reported on "
                "March 15.",
            ),
            (
                "t1-i03",
                "Separately, Russian artillery hit Sloviansk on Friday, killing one man, "
                "the governor said.",
            ),
        ],
    ),
    (
        "t1-a03",
        "Ukrinform",
        "2025-03-14T16:40:00Z",
        "sitrep: donetsk oblast, 14 march",
        "- kramatorsk: russian drone attack on the central market killed six civilians, 20 "
        "injured, per the regional military administration.\n- sloviansk: one man killed by "
        "russian shelling of a residential street.",
        [
            (
                "t1-i01",
                "- kramatorsk: russian drone attack on the central market killed six "
                "civilians, 20 injured, per the regional military administration.",
            ),
            ("t1-i03", "- sloviansk: one man killed by russian shelling of a residential street."),
        ],
    ),
    (
        "t1-a04",
        "AFP",
        "2025-03-16T13:10:00Z",
        "Drone kills two in Kramatorsk, again",
        "Two people were killed on Sunday when a Russian drone hit a bus stop in Kramatorsk, "
        "two days after a strike on the city's market killed eight, Ukrainian officials said. "
        "The city, a military hub behind the front, is hit almost daily.",
        [
            (
                "t1-i02",
                "Two people were killed on Sunday when a Russian drone hit a bus stop in "
                "Kramatorsk, two days after a strike on the city's market killed eight, Ukrainian "
                "officials said.",
            )
        ],
    ),
    (
        "t1-a05",
        "Reuters",
        "2025-03-16T15:00:00Z",
        "Ukraine says drone attack kills 2",
        "A Russian drone killed two civilians waiting at a bus stop in Kramatorsk in eastern "
        "Ukraine on Sunday, the regional governor said.",
        [
            (
                "t1-i02",
                "A Russian drone killed two civilians waiting at a bus stop in Kramatorsk "
                "in eastern Ukraine on Sunday, the regional governor said.",
            )
        ],
    ),
    (
        "t1-a06",
        "The Standard",
        "2025-06-25T12:00:00Z",
        "Thousands march in Nairobi",
        "Thousands of young Kenyans marched through central Nairobi on Wednesday to mark a year "
        "since last year's deadly protests against the finance bill, waving flags and "
        "chanting against police brutality.",
        [
            (
                "t1-i04",
                "Thousands of young Kenyans marched through central Nairobi on Wednesday to "
                "mark a year since last year's deadly protests against the finance bill, waving flags "
                "and chanting against police brutality.",
            )
        ],
    ),
    (
        "t1-a07",
        "Daily Nation",
        "2025-06-26T07:30:00Z",
        "Two shot dead as police disperse protest",
        "Police fired tear gas and live bullets at protesters in Nairobi's central business "
        "district on Wednesday, killing two people, rights groups said. The demonstrators had "
        "gathered peacefully in the morning to commemorate those killed in 2024.",
        [
            (
                "t1-i05",
                "Police fired tear gas and live bullets at protesters in Nairobi's central "
                "business district on Wednesday, killing two people, rights groups said.",
            ),
            (
                "t1-i04",
                "The demonstrators had gathered peacefully in the morning to commemorate "
                "those killed in 2024.",
            ),
        ],
    ),
    (
        "t1-a08",
        "AP",
        "2025-06-25T18:45:00Z",
        "Kenyan police clash with protesters",
        "Kenyan police used tear gas and water cannon against demonstrators in Nairobi on "
        "Wednesday, and a hospital said one man died of gunshot wounds. Thousands of people "
        "had protested in the capital earlier in the day.",
        [
            (
                "t1-i05",
                "Kenyan police used tear gas and water cannon against demonstrators in "
                "Nairobi on Wednesday, and a hospital said one man died of gunshot wounds.",
            ),
            ("t1-i04", "Thousands of people had protested in the capital earlier in the day."),
        ],
    ),
    (
        "t1-a09",
        "Reuters",
        "2025-03-19T09:00:00Z",
        "Turkish police detain 30 after rally",
        "ISTANBUL, March 19 (Reuters) - Turkish police detained 30 people in Istanbul early on "
        "Wednesday after protests against the arrest of the city's mayor, the Istanbul "
        "governor's office said.",
        [
            (
                "t1-i06",
                "Turkish police detained 30 people in Istanbul early on Wednesday after "
                "protests against the arrest of the city's mayor, the Istanbul governor's office "
                "said.",
            )
        ],
    ),
    (
        "t1-a10",
        "Hurriyet Daily News",
        "2025-03-20T10:00:00Z",
        "37 detained in Istanbul",
        "Police in Istanbul detained 37 people on March 19 over protests, the interior minister "
        "said on Thursday, raising the earlier figure of 30.",
        [
            (
                "t1-i06",
                "Police in Istanbul detained 37 people on March 19 over protests, the "
                "interior minister said on Thursday, raising the earlier figure of 30.",
            )
        ],
    ),
    (
        "t1-a11",
        "Sudan Tribune",
        "2025-05-02T20:00:00Z",
        "Fighting in El Fasher kills 12",
        "At least 12 people were killed on Friday when the Rapid Support Forces attacked army "
        "positions in El Fasher, the capital of North Darfur, local sources said.",
        [
            (
                "t1-i07",
                "At least 12 people were killed on Friday when the Rapid Support Forces "
                "attacked army positions in El Fasher, the capital of North Darfur, local sources "
                "said.",
            )
        ],
    ),
    (
        "t1-a12",
        "Al Jazeera",
        "2025-05-04T09:00:00Z",
        "El Fasher toll rises",
        "The toll from Friday's fighting between the Sudanese army and RSF paramilitaries in "
        "El Fasher has risen to 20, medics said on Sunday, as shelling continued.",
        [
            (
                "t1-i07",
                "The toll from Friday's fighting between the Sudanese army and RSF "
                "paramilitaries in El Fasher has risen to 20, medics said on Sunday, as shelling "
                "continued.",
            )
        ],
    ),
    (
        "t1-a13",
        "Dabanga",
        "2025-05-03T11:00:00Z",
        "North Darfur: clashes",
        "the army and the rapid support forces clashed in el fasher yesterday, leaving 15 "
        "people dead, according to the emergency room.",
        [
            (
                "t1-i07",
                "the army and the rapid support forces clashed in el fasher yesterday, "
                "leaving 15 people dead, according to the emergency room.",
            )
        ],
    ),
    (
        "t1-a14",
        "WAFA",
        "2025-04-03T14:00:00Z",
        "Massacre at Dar al-Arqam school",
        "At least 27 Palestinians were killed on Thursday when Israeli warplanes bombed the Dar "
        "al-Arqam school sheltering displaced families in the Tuffah neighbourhood of Gaza "
        "City, civil defence said. In a separate strike in Shujaiya, six members of one family "
        "were killed in their home.",
        [
            (
                "t1-i08",
                "At least 27 Palestinians were killed on Thursday when Israeli warplanes "
                "bombed the Dar al-Arqam school sheltering displaced families in the Tuffah "
                "neighbourhood of Gaza City, civil defence said.",
            ),
            (
                "t1-i09",
                "In a separate strike in Shujaiya, six members of one family were killed in "
                "their home.",
            ),
        ],
    ),
    (
        "t1-a15",
        "Reuters",
        "2025-04-03T17:30:00Z",
        "Israeli strike on Gaza school kills 27",
        "An Israeli air strike on a school housing displaced people in Gaza City killed 27 "
        "people on Thursday, Palestinian health officials said. The Israeli military said it "
        "struck a Hamas command centre in the compound.",
        [
            (
                "t1-i08",
                "An Israeli air strike on a school housing displaced people in Gaza City "
                "killed 27 people on Thursday, Palestinian health officials said.",
            )
        ],
    ),
    (
        "t1-a16",
        "Times of Israel",
        "2025-04-04T06:00:00Z",
        "IDF says it hit Hamas in Shujaiya",
        "The IDF said on Friday that a strike in Gaza City's Shujaiya neighborhood on Thursday "
        "killed a Hamas commander; Palestinian officials said six people died.",
        [
            (
                "t1-i09",
                "The IDF said on Friday that a strike in Gaza City's Shujaiya neighborhood "
                "on Thursday killed a Hamas commander; Palestinian officials said six people died.",
            )
        ],
    ),
    (
        "t1-a17",
        "Reuters",
        "2025-04-12T19:00:00Z",
        "US, Iran hold talks in Oman",
        "MUSCAT, April 12 (Reuters) - U.S. envoy Steve Witkoff and Iranian Foreign Minister "
        "Abbas Araqchi held talks in Muscat on Saturday through Omani mediators, both sides "
        "said, the first such meeting in years.",
        [
            (
                "t1-i10",
                "U.S. envoy Steve Witkoff and Iranian Foreign Minister Abbas Araqchi held "
                "talks in Muscat on Saturday through Omani mediators, both sides said, the first such "
                "meeting in years.",
            )
        ],
    ),
    (
        "t1-a18",
        "IRNA",
        "2025-04-13T08:00:00Z",
        "Araqchi: Muscat talks constructive",
        "Foreign Minister Araqchi described his indirect talks with the US envoy in the Omani "
        "capital yesterday as constructive. A second round will be held in Rome on April 19.",
        [
            (
                "t1-i10",
                "Foreign Minister Araqchi described his indirect talks with the US envoy in "
                "the Omani capital yesterday as constructive.",
            )
        ],
    ),
    (
        "t1-a19",
        "AP",
        "2025-04-19T18:00:00Z",
        "Iran and US meet again, in Rome",
        "Iranian Foreign Minister Abbas Araqchi and U.S. envoy Steve Witkoff met in Rome on "
        "Saturday for a second round of talks over Tehran's nuclear program.",
        [
            (
                "t1-i11",
                "Iranian Foreign Minister Abbas Araqchi and U.S. envoy Steve Witkoff met in "
                "Rome on Saturday for a second round of talks over Tehran's nuclear program.",
            )
        ],
    ),
    (
        "t1-a20",
        "Premium Times",
        "2025-02-08T15:00:00Z",
        "Gunmen abduct 20 students in Kaduna",
        "Gunmen on Saturday abducted at least 20 students from a secondary school in Kauru, "
        "Kaduna State, police said.",
        [
            (
                "t1-i12",
                "Gunmen on Saturday abducted at least 20 students from a secondary school "
                "in Kauru, Kaduna State, police said.",
            )
        ],
    ),
    (
        "t1-a21",
        "Channels TV",
        "2025-02-09T12:00:00Z",
        "Kaduna school kidnapping: 25 missing",
        "Twenty-five pupils are now missing after bandits stormed a school in Kaduna on "
        "Saturday, the state government said.",
        [
            (
                "t1-i12",
                "Twenty-five pupils are now missing after bandits stormed a school in "
                "Kaduna on Saturday, the state government said.",
            )
        ],
    ),
    (
        "t1-a22",
        "Dawn",
        "2025-11-09T11:00:00Z",
        "Blast at Quetta railway station",
        "A suicide bomber blew himself up at Quetta railway station on Sunday morning, killing "
        "at least 20 people, police said.",
        [
            (
                "t1-i13",
                "A suicide bomber blew himself up at Quetta railway station on Sunday "
                "morning, killing at least 20 people, police said.",
            )
        ],
    ),
    (
        "t1-a23",
        "The Express Tribune",
        "2025-11-10T07:00:00Z",
        "Quetta blast toll climbs to 26",
        "The death toll from Sunday's suicide bombing at the railway station in Quetta, "
        "Balochistan, climbed to 26, officials said on Monday.",
        [
            (
                "t1-i13",
                "The death toll from Sunday's suicide bombing at the railway station in "
                "Quetta, Balochistan, climbed to 26, officials said on Monday.",
            )
        ],
    ),
    (
        "t1-a24",
        "SANA",
        "2025-01-20T13:00:00Z",
        "Airstrike on Idlib",
        "Three civilians were killed on Monday in an airstrike on a village near Idlib, the "
        "White Helmets said.",
        [
            (
                "t1-i14",
                "Three civilians were killed on Monday in an airstrike on a village near "
                "Idlib, the White Helmets said.",
            )
        ],
    ),
    (
        "t1-a25",
        "Syrian Observatory",
        "2025-01-21T09:00:00Z",
        "Idlib raid",
        "warplanes struck the outskirts of idlib city yesterday, killing three people.",
        [
            (
                "t1-i14",
                "warplanes struck the outskirts of idlib city yesterday, killing three people.",
            )
        ],
    ),
]


def main() -> None:
    with (HERE / "t1_incidents.jsonl").open("w", encoding="utf-8") as out:
        for iid, cat, sub, date, name, cc, lat, lon, dead, related in INCIDENTS:
            row = {
                "id": iid,
                "category": cat,
                "acled_sub_event_type": sub,
                "date": date,
                "place": {"name": name, "country": cc, "lat": lat, "lon": lon},
                "fatalities": dead,
                "related": related,
            }
            if iid in COUNTS:
                row["count"] = COUNTS[iid]
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    with (HERE / "t1_articles.jsonl").open("w", encoding="utf-8") as out:
        for aid, source, published, title, text, mentions in ARTICLES:
            found = []
            for incident, sentence in mentions:
                start = text.index(sentence)
                found.append({"incident": incident, "sentence": sentence, "start": start})
            row = {
                "id": aid,
                "source": source,
                "published": published,
                "title": title,
                "text": text,
                "mentions": found,
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
