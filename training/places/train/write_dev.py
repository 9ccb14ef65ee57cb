"""Write dev.jsonl: invented articles for developing the places layer (not the frozen
test set). Each toponym is listed once with its point; every occurrence is annotated."""

import json
import re
from pathlib import Path

ARTICLES = [
    ("d01", "2025-05-02", """KHARTOUM (Reuters) - Fighting spread from Omdurman to the outskirts of Wad Madani on Thursday, residents said, as the Sudanese army shelled positions held by the Rapid Support Forces along the Blue Nile. In El Fasher, aid workers said the Zamzam camp had run out of water. Chadian officials said refugees were crossing into Adre.""",
     {"KHARTOUM": (15.55, 32.53), "Omdurman": (15.64, 32.48), "Wad Madani": (14.40, 33.52), "Sudanese": (15.5, 30.0), "Blue Nile": (11.5, 34.5), "El Fasher": (13.63, 25.35), "Zamzam": (13.48, 25.30), "Chadian": (15.0, 19.0), "Adre": (13.47, 22.20)}),
    ("d02", "2025-06-10", """Police in Hyderabad arrested 14 people after clashes near the Charminar on Sunday, the Telangana government said. Protests also spread to Secunderabad and Warangal. In New Delhi, the home ministry called for calm.""",
     {"Hyderabad": (17.38, 78.46), "Charminar": (17.36, 78.47), "Telangana": (17.8, 79.0), "Secunderabad": (17.44, 78.50), "Warangal": (17.97, 79.59), "New Delhi": (28.61, 77.21)}),
    ("d03", "2025-03-14", """SAN JOSE, Costa Rica (AP) - Heavy rain flooded parts of Limon province and cut the highway to Cartago, officials said. Nicaraguan authorities reported landslides near the border town of Penas Blancas.""",
     {"SAN JOSE": (9.93, -84.08), "Costa Rica": (10.0, -84.0), "Limon": (9.99, -83.03), "Cartago": (9.86, -83.92), "Nicaraguan": (13.0, -85.0), "Penas Blancas": (11.22, -85.61)}),
    ("d04", "2025-01-20", """The Mobile County Commission met on Monday to discuss storm repairs in Mobile, Alabama, and in nearby Prichard and Daphne. Officials from Montgomery attended. Reading from a prepared statement, the mayor thanked volunteers from Pensacola, Florida.""",
     {"Mobile County": (30.78, -88.2), "Mobile": (30.69, -88.04), "Alabama": (32.75, -86.75), "Prichard": (30.74, -88.08), "Daphne": (30.60, -87.90), "Montgomery": (32.37, -86.30), "Pensacola": (30.42, -87.22), "Florida": (28.75, -82.5)}),
    ("d05", "2025-04-05", """TRIPOLI, Libya - Armed groups clashed in the Souq al-Juma district of the Libyan capital overnight, and the airport at Mitiga was closed. Further east, Benghazi and Misrata were calm. The UN envoy flew in from Tunis.""",
     {"TRIPOLI": (32.89, 13.19), "Libya": (27.0, 17.0), "Souq al-Juma": (32.88, 13.24), "Libyan": (27.0, 17.0), "Mitiga": (32.89, 13.28), "Benghazi": (32.12, 20.07), "Misrata": (32.38, 15.09), "Tunis": (36.82, 10.17)}),
    ("d06", "2025-02-11", """Tripoli's port reopened on Tuesday after Lebanese troops deployed along the northern coast near Batroun and Chekka. In Beirut, ministers met to discuss fuel shortages in Akkar.""",
     {"Tripoli": (34.44, 35.85), "Lebanese": (33.83, 35.83), "Batroun": (34.26, 35.66), "Chekka": (34.32, 35.73), "Beirut": (33.89, 35.49), "Akkar": (34.53, 36.08)}),
    ("d07", "2025-07-08", """Firefighters battled a blaze outside Cordoba, Spain, on Saturday as temperatures passed 44C across Andalusia. Seville and Jaen were also on alert, and farmers near Lucena lost olive groves.""",
     {"Cordoba": (37.89, -4.78), "Spain": (40.0, -4.0), "Andalusia": (37.5, -4.5), "Seville": (37.38, -5.97), "Jaen": (37.77, -3.79), "Lucena": (37.41, -4.49)}),
    ("d08", "2025-08-19", """Georgia's prime minister said in Tbilisi that Russian troops had moved the boundary fence near Gori, a charge Moscow denied. Residents of the village of Kareli said patrols had increased.""",
     {"Georgia": (42.0, 43.5), "Tbilisi": (41.69, 44.83), "Russian": (60.0, 100.0), "Gori": (41.98, 44.11), "Moscow": (55.75, 37.62), "Kareli": (42.02, 43.90)}),
    ("d09", "2025-09-02", """Voters in Savannah and Macon lined up early for the Georgia runoff, election officials in Atlanta said. In Augusta, a polling station opened late because of a power cut.""",
     {"Savannah": (32.08, -81.09), "Macon": (32.84, -83.63), "Georgia": (32.75, -83.5), "Atlanta": (33.75, -84.39), "Augusta": (33.47, -81.97)}),
    ("d10", "2025-10-15", """KABUL - A landslide buried homes in the Darwaz district of Badakhshan province, officials said, and rescuers from Faizabad were struggling to reach the area. In Jalalabad, Nangarhar's capital, a bomb wounded three people.""",
     {"KABUL": (34.53, 69.17), "Darwaz": (38.43, 70.8), "Badakhshan": (36.73, 70.81), "Faizabad": (37.12, 70.58), "Jalalabad": (34.43, 70.45), "Nangarhar": (34.17, 70.62)}),
    ("d11", "2025-11-03", """Students marched through Split and Zagreb on Friday against rising rents. In Nice, French police said a similar protest drew 2,000 people, while organisers in Marseille counted more.""",
     {"Split": (43.51, 16.44), "Zagreb": (45.81, 15.98), "Nice": (43.70, 7.27), "French": (46.0, 2.0), "Marseille": (43.30, 5.37)}),
    ("d12", "2025-12-01", """NAIROBI, Dec 1 (Reuters) - Kenyan police fired tear gas at traders in Eldoret and Nakuru after county officials raised market fees. Ugandan exporters said lorries were stuck at the Malaba border crossing, and Tanzanian officials in Arusha offered talks.""",
     {"NAIROBI": (-1.28, 36.82), "Kenyan": (1.0, 38.0), "Eldoret": (0.52, 35.27), "Nakuru": (-0.30, 36.07), "Ugandan": (1.25, 32.5), "Malaba": (0.64, 34.28), "Tanzanian": (-6.0, 35.0), "Arusha": (-3.37, 36.68)}),
    ("d13", "2025-05-21", """Mayor of Springfield, Illinois, Jane Doe said the city would rebuild the bridge over the Sangamon River. Officials in Chicago and Peoria pledged state money, and a crew from Decatur began work.""",
     {"Springfield": (39.80, -89.64), "Illinois": (40.0, -89.25), "Sangamon River": (39.9, -89.6), "Chicago": (41.85, -87.65), "Peoria": (40.69, -89.59), "Decatur": (39.84, -88.95)}),
    ("d14", "2025-04-29", """Shelling hit Kharkiv and the town of Kupiansk overnight, Ukrainian officials said, while Russian forces pressed toward Pokrovsk in the Donetsk region. Kyiv called on Washington to speed up air defence deliveries.""",
     {"Kharkiv": (49.99, 36.23), "Kupiansk": (49.71, 37.62), "Ukrainian": (49.0, 32.0), "Russian": (60.0, 100.0), "Pokrovsk": (48.28, 37.18), "Donetsk": (48.0, 37.8), "Kyiv": (50.45, 30.52), "Washington": (38.90, -77.04)}),
    ("d15", "2025-03-30", """Flooding in Valencia left 12 people dead in Paiporta and Catarroja, Spanish emergency services said. Madrid sent soldiers, and the regional government in Valencia asked for more.""",
     {"Valencia": (39.47, -0.38), "Paiporta": (39.43, -0.42), "Catarroja": (39.40, -0.40), "Spanish": (40.0, -4.0), "Madrid": (40.42, -3.70)}),
]


def main() -> None:
    out = Path(__file__).with_name("dev.jsonl")
    with out.open("w", encoding="utf-8") as handle:
        for ident, published, text, places in ARTICLES:
            toponyms = []
            for name, (lat, lon) in places.items():
                for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
                    toponyms.append({"start": m.start(), "end": m.end(), "text": name,
                                     "lat": lat, "lon": lon})
            toponyms.sort(key=lambda t: t["start"])
            kept = [t for t in toponyms if not any(
                o is not t and o["start"] <= t["start"] and t["end"] <= o["end"]
                and (o["end"] - o["start"]) > (t["end"] - t["start"]) for o in toponyms)]
            row = {"id": ident, "published": published, "text": text, "toponyms": kept}
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
