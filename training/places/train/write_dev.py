"""Write dev.jsonl: invented articles for developing the places layer (not the frozen
test set, not the ranker's train.jsonl). Each toponym is listed once with its point;
every occurrence is annotated. d01-d15 were written with the first version of the layer,
d16-d27 (lower-cased text, situation reports, headlines, local news, Oceania) later, as a
fresher check of the second."""

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
    ("d16", "2025-06-21", """floods hit southern chile
concepcion - heavy rain forced 3,000 people from their homes in the biobio region on saturday, officials said. the rivers burst their banks in los angeles and chillan, and the army sent trucks from talcahuano. in santiago, the interior minister promised aid.""",
     {"chile": (-30.0, -71.0), "concepcion": (-36.83, -73.05), "biobio": (-37.5, -72.5), "los angeles": (-37.47, -72.35), "chillan": (-36.61, -72.10), "talcahuano": (-36.72, -73.12), "santiago": (-33.45, -70.67)}),
    ("d17", "2025-09-09", """SITREP - NORTHERN ETHIOPIA (as of 8 September)
- Mekelle: fuel deliveries resumed; 12 trucks arrived from Semera.
- Shire: 40,000 displaced people in schools; cholera cases reported.
- Alamata: road to Kobo reopened.
- Humanitarian flights to Axum remain suspended.""",
     {"NORTHERN ETHIOPIA": (9.0, 39.5), "Mekelle": (13.50, 39.47), "Semera": (11.79, 41.01), "Shire": (14.10, 38.28), "Alamata": (12.42, 39.55), "Kobo": (12.15, 39.63), "Axum": (14.12, 38.72)}),
    ("d18", "2025-02-19", """Council backs new bridge for Ipswich
Councillors in Suffolk voted on Tuesday to fund a new bridge over the River Orwell in Ipswich. Businesses in Felixstowe welcomed the plan, but residents of Woodbridge said traffic would get worse. The decision now goes to ministers in London.""",
     {"Ipswich": (52.06, 1.16), "Suffolk": (52.19, 1.0), "Felixstowe": (51.96, 1.35), "Woodbridge": (52.09, 1.32), "London": (51.51, -0.13)}),
    ("d19", "2025-05-12", """DHAKA (Reuters) - Police in Bangladesh said on Monday that at least five people were killed in clashes between rival groups in Chittagong, and protests spread to Sylhet and Rajshahi. Rohingya refugees in Cox's Bazar were told to stay in the camps.""",
     {"DHAKA": (23.71, 90.41), "Bangladesh": (24.0, 90.0), "Chittagong": (22.34, 91.83), "Sylhet": (24.90, 91.87), "Rajshahi": (24.37, 88.60), "Cox's Bazar": (21.45, 91.97)}),
    ("d20", "2025-10-30", """A magnitude 6.1 earthquake struck off the coast of Fiji on Thursday, shaking Suva and Nadi, but no damage was reported, the Fiji government said. Authorities in Tonga and Samoa briefly issued tsunami warnings, and New Zealand's emergency agency in Wellington said there was no threat.""",
     {"Fiji": (-18.0, 178.0), "Suva": (-18.14, 178.44), "Nadi": (-17.80, 177.42), "Tonga": (-20.0, -175.0), "Samoa": (-13.58, -172.33), "New Zealand": (-41.0, 174.0), "Wellington": (-41.29, 174.78)}),
    ("d21", "2025-03-03", """Truckers block border crossing at Laredo
LAREDO, Texas - Hundreds of truck drivers blocked the World Trade Bridge between Laredo and Nuevo Laredo on Monday in protest at new inspections. Mexican officials in Monterrey said exports of auto parts had stopped, and the governor of Tamaulipas called for talks.""",
     {"Laredo": (27.51, -99.51), "LAREDO": (27.51, -99.51), "Texas": (31.25, -99.25), "Nuevo Laredo": (27.48, -99.52), "Mexican": (23.0, -102.0), "Monterrey": (25.67, -100.31), "Tamaulipas": (24.0, -98.75)}),
    ("d22", "2025-07-22", """police in kano fired tear gas at protesters on tuesday after the state government raised fuel prices, witnesses said. shops were also shut in kaduna and zaria, and the nigerian labour congress said it would call a strike across the north.""",
     {"kano": (12.00, 8.52), "kaduna": (10.52, 7.44), "zaria": (11.09, 7.72), "nigerian": (10.0, 8.0)}),
    ("d23", "2025-04-08", """Residents of Bucha and Irpin reported explosions overnight as Russian drones targeted the Kyiv region, Ukrainian officials said. In Lviv, air raid sirens sounded for three hours, and a drone was shot down near Zhytomyr.""",
     {"Bucha": (50.55, 30.21), "Irpin": (50.52, 30.25), "Russian": (60.0, 100.0), "Kyiv": (50.45, 30.52), "Ukrainian": (49.0, 32.0), "Lviv": (49.84, 24.03), "Zhytomyr": (50.25, 28.66)}),
    ("d24", "2025-08-16", """SAO PAULO - Wildfires spread across the interior of Sao Paulo state on Friday, and smoke closed the airport at Ribeirao Preto. Farmers near Campinas and Sorocaba lost sugarcane fields, and the federal government in Brasilia sent firefighters from Mato Grosso.""",
     {"SAO PAULO": (-23.55, -46.63), "Sao Paulo": (-22.0, -49.0), "Ribeirao Preto": (-21.18, -47.81), "Campinas": (-22.91, -47.06), "Sorocaba": (-23.50, -47.46), "Brasilia": (-15.78, -47.93), "Mato Grosso": (-13.0, -56.0)}),
    ("d25", "2025-01-30", """Thousands protest in Tbilisi over election
TBILISI, Georgia (AP) - Tens of thousands of protesters marched down Rustaveli Avenue on Wednesday, and smaller rallies were held in Batumi and Kutaisi. The European Union called for calm, and Moscow accused Western governments of meddling.""",
     {"Tbilisi": (41.69, 44.83), "TBILISI": (41.69, 44.83), "Georgia": (42.0, 43.5), "Batumi": (41.64, 41.64), "Kutaisi": (42.25, 42.70), "Moscow": (55.75, 37.62)}),
    ("d26", "2025-11-25", """MANILA - Philippine coast guard vessels were hit by water cannon near Scarborough Shoal on Monday, officials said, and a Chinese ship shadowed a supply boat bound for Thitu Island. The foreign ministry in Beijing said the Philippine vessels had entered Chinese waters.""",
     {"MANILA": (14.60, 120.98), "Philippine": (13.0, 122.0), "Scarborough Shoal": (15.15, 117.76), "Chinese": (35.0, 105.0), "Thitu Island": (11.05, 114.28), "Beijing": (39.91, 116.40)}),
    ("d27", "2025-06-04", """Residents of Dagenham and Barking were evacuated on Tuesday after a fire at a warehouse in east London, the fire brigade said. Roads in Romford and Ilford were closed, and smoke was seen as far away as Southend.""",
     {"Dagenham": (51.54, 0.15), "Barking": (51.54, 0.08), "London": (51.51, -0.13), "Romford": (51.58, 0.18), "Ilford": (51.56, 0.07), "Southend": (51.54, 0.71)}),
]


def write(articles: list, out: Path) -> None:
    """One JSON line per article, every occurrence of each listed name annotated."""
    with out.open("w", encoding="utf-8") as handle:
        for ident, published, text, places in articles:
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


def main() -> None:
    write(ARTICLES, Path(__file__).with_name("dev.jsonl"))


if __name__ == "__main__":
    main()
