"""Write train.jsonl: invented articles for fitting the toponym ranker
(scripts/train_toponym_ranker.py). Not the frozen test set, not dev.jsonl: the ranker is
fitted here and measured on dev.jsonl. Styles and regions vary like real news (wire
datelines, local papers, lower-cased text, situation reports, headlines); the events are
invented, the places real. Each toponym is listed once with its point; every occurrence
is annotated (see write_dev.py)."""

from pathlib import Path

from write_dev import write

ARTICLES = [
    ("t01", "2025-09-12", """typhoon leaves 11 dead in northern philippines
manila - at least 11 people died when a typhoon struck cagayan province overnight, the national disaster agency said. floods cut the roads to tuguegarao and aparri, and thousands of residents of ilagan fled to higher ground. officials in quezon city said rescue boats had been sent north.""",
     {"manila": (14.60, 120.98), "philippines": (13.0, 122.0), "cagayan": (17.9, 121.8), "tuguegarao": (17.61, 121.73), "aparri": (18.36, 121.64), "ilagan": (17.15, 121.89), "quezon city": (14.68, 121.04)}),
    ("t02", "2025-02-03", """SITUATION REPORT - CABO DELGADO, MOZAMBIQUE
- Mocimboa da Praia: insurgents attacked two villages on 1 February; 3,000 people fled.
- Macomia: the road to the coast is closed after an ambush.
- Pemba: the provincial hospital is full; WFP flights resumed.
- Displaced families have reached Montepuez and Nampula.""",
     {"CABO DELGADO": (-12.33, 39.32), "MOZAMBIQUE": (-18.25, 35.0), "Mocimboa da Praia": (-11.35, 40.35), "Macomia": (-12.25, 40.13), "Pemba": (-12.97, 40.52), "Montepuez": (-13.13, 39.0), "Nampula": (-15.12, 39.27)}),
    ("t03", "2025-04-17", """PARIS, Texas - The Lamar County sheriff's office said on Wednesday that a tornado had destroyed 20 homes on the north side of Paris. Crews from Clarksville and Sulphur Springs helped clear roads, and the governor's office in Austin promised state aid. Dallas sent two rescue teams.""",
     {"PARIS": (33.66, -95.56), "Texas": (31.25, -99.25), "Lamar County": (33.67, -95.57), "Paris": (33.66, -95.56), "Clarksville": (33.61, -95.05), "Sulphur Springs": (33.14, -95.60), "Austin": (30.27, -97.74), "Dallas": (32.78, -96.80)}),
    ("t04", "2025-08-22", """HYDERABAD, Pakistan - Sindh police said on Friday they had arrested 30 people after a protest over power cuts turned violent in Hyderabad. Traders in Karachi and Sukkur shut their shops, and students from Jamshoro blocked the highway along the Indus. Islamabad promised an inquiry.""",
     {"HYDERABAD": (25.39, 68.37), "Pakistan": (30.0, 70.0), "Sindh": (26.0, 68.5), "Hyderabad": (25.39, 68.37), "Karachi": (24.86, 67.01), "Sukkur": (27.70, 68.86), "Jamshoro": (25.43, 68.28), "Indus": (25.43, 68.30), "Islamabad": (33.72, 73.04)}),
    ("t05", "2025-01-09", """Reading Borough Council has opened an emergency shelter after the Thames burst its banks in Caversham and Sonning. Residents of Wokingham were told to avoid the A329, and the Environment Agency said water levels in Oxford were still rising. Berkshire fire crews rescued 14 people.""",
     {"Reading": (51.45, -0.97), "Thames": (51.46, -0.97), "Caversham": (51.47, -0.97), "Sonning": (51.47, -0.91), "Wokingham": (51.41, -0.83), "Oxford": (51.75, -1.26), "Berkshire": (51.42, -1.08)}),
    ("t06", "2025-06-02", """CORDOBA, Argentina (Reuters) - Truck drivers blocked highways around Córdoba and Rosario on Monday in protest at fuel prices, the Argentine transport ministry said. Tourists were stranded in Villa Carlos Paz, and the government in Buenos Aires called the blockades illegal.""",
     {"CORDOBA": (-31.41, -64.18), "Argentina": (-34.0, -64.0), "Córdoba": (-31.41, -64.18), "Rosario": (-32.95, -60.64), "Argentine": (-34.0, -64.0), "Villa Carlos Paz": (-31.42, -64.50), "Buenos Aires": (-34.61, -58.38)}),
    ("t07", "2025-03-11", """MAIDUGURI, Nigeria - Gunmen killed nine farmers near Konduga in Borno State on Monday, a local official said. The Nigerian army said it had sent troops to Bama and Damboa, and residents said fighters had crossed from the Cameroonian border. The presidency in Abuja condemned the attack.""",
     {"MAIDUGURI": (11.85, 13.16), "Nigeria": (10.0, 8.0), "Konduga": (11.65, 13.42), "Borno": (11.5, 13.0), "Nigerian": (10.0, 8.0), "Bama": (11.52, 13.69), "Damboa": (11.16, 12.76), "Cameroonian": (6.0, 12.5), "Abuja": (9.06, 7.49)}),
    ("t08", "2025-10-20", """Turkish drones strike around Kobani
ISTANBUL - Turkish drones hit targets around Kobani and Qamishli in northeast Syria on Sunday, Kurdish officials said. Ankara said it had struck militants who threatened its border, while residents of Hasakah reported power cuts after a station was hit.""",
     {"Turkish": (39.0, 35.0), "Kobani": (36.89, 38.35), "ISTANBUL": (41.01, 28.98), "Qamishli": (37.05, 41.22), "Syria": (35.0, 38.0), "Ankara": (39.92, 32.85), "Hasakah": (36.50, 40.75)}),
    ("t09", "2025-03-01", """Evacuation orders were issued for Lismore and Ballina on Friday as the Wilsons River rose past its 2022 peak. The New South Wales premier said soldiers from Brisbane would help, and Queensland closed roads north of the border near Tweed Heads.""",
     {"Lismore": (-28.81, 153.28), "Ballina": (-28.87, 153.56), "Wilsons River": (-28.82, 153.29), "New South Wales": (-32.0, 147.0), "Brisbane": (-27.47, 153.03), "Queensland": (-22.0, 144.5), "Tweed Heads": (-28.18, 153.54)}),
    ("t10", "2025-07-14", """VICTORIA - British Columbia's wildfire service ordered residents of two subdivisions near Nanaimo to leave on Sunday. Smoke closed schools in Victoria and on the Gulf Islands, and the ferry to Vancouver was cancelled. Ottawa offered water bombers.""",
     {"VICTORIA": (48.43, -123.37), "British Columbia": (53.73, -127.65), "Nanaimo": (49.17, -123.94), "Victoria": (48.43, -123.37), "Gulf Islands": (48.8, -123.3), "Vancouver": (49.25, -123.12), "Ottawa": (45.42, -75.70)}),
    ("t11", "2025-05-09", """Mexican soldiers clashed with gunmen in Culiacan, the capital of Sinaloa, on Thursday, leaving six dead. Schools closed in Mazatlan and Los Mochis, and the security cabinet in Mexico City sent 600 more troops to the state.""",
     {"Mexican": (23.0, -102.0), "Culiacan": (24.80, -107.39), "Sinaloa": (25.0, -107.5), "Mazatlan": (23.23, -106.41), "Los Mochis": (25.79, -109.0), "Mexico City": (19.43, -99.13)}),
    ("t12", "2025-08-03", """Lucknow: Heavy rain flooded 300 villages in Uttar Pradesh as the Ghaghara rose above the danger mark, the relief commissioner said. Bahraich and Gorakhpur were worst hit, and water released from dams in Nepal was expected to reach Ayodhya by Tuesday.""",
     {"Lucknow": (26.85, 80.95), "Uttar Pradesh": (27.0, 80.0), "Ghaghara": (26.9, 81.9), "Bahraich": (27.57, 81.60), "Gorakhpur": (26.76, 83.37), "Nepal": (28.0, 84.0), "Ayodhya": (26.80, 82.20)}),
    ("t13", "2025-02-26", """RIO DE JANEIRO - Police raided the Mare favela complex before dawn on Tuesday, and shootouts closed the Avenida Brasil for three hours. Schools in Niteroi and Sao Goncalo stayed open. The justice ministry in Brasilia said the Brazilian federal police would investigate.""",
     {"RIO DE JANEIRO": (-22.91, -43.17), "Mare": (-22.86, -43.24), "Niteroi": (-22.88, -43.10), "Sao Goncalo": (-22.83, -43.05), "Brasilia": (-15.78, -47.93), "Brazilian": (-10.0, -55.0)}),
    ("t14", "2025-01-27", """GOMA, Democratic Republic of Congo (Reuters) - M23 rebels advanced to the edge of Goma on Monday after taking Sake, residents said, as thousands fled along the shore of Lake Kivu toward Bukavu. The Congolese government in Kinshasa accused Rwandan troops of backing the assault; fighting was also reported near Rutshuru in North Kivu.""",
     {"GOMA": (-1.68, 29.22), "Democratic Republic of Congo": (-2.5, 23.5), "Goma": (-1.68, 29.22), "Sake": (-1.57, 29.05), "Lake Kivu": (-2.0, 29.2), "Bukavu": (-2.51, 28.86), "Congolese": (-2.5, 23.5), "Kinshasa": (-4.32, 15.31), "Rwandan": (-2.0, 30.0), "Rutshuru": (-1.19, 29.45), "North Kivu": (-0.8, 29.0)}),
    ("t15", "2025-04-04", """AMMAN, Jordan - Jordan's government said on Thursday it would reopen the crossing with Syria at Jaber after a two-week closure. Traders in Irbid and Zarqa welcomed the decision, and aid groups in the Zaatari camp said Syrian refugees were asking whether they could go home.""",
     {"AMMAN": (31.96, 35.95), "Jordan": (31.0, 36.0), "Syria": (35.0, 38.0), "Jaber": (32.54, 36.21), "Irbid": (32.56, 35.85), "Zarqa": (32.07, 36.09), "Zaatari": (32.30, 36.32), "Syrian": (35.0, 38.0)}),
    ("t16", "2025-06-18", """N'DJAMENA, Chad - Chad's health ministry said cholera had spread from the Adre camps to Abeche, the main town of Ouaddai province, where 40 cases were confirmed. Sudanese refugees continue to cross the border at a rate of 500 a day, the UN said.""",
     {"N'DJAMENA": (12.11, 15.04), "Chad": (15.0, 19.0), "Adre": (13.47, 22.20), "Abeche": (13.83, 20.83), "Ouaddai": (13.5, 21.0), "Sudanese": (15.5, 30.0)}),
    ("t17", "2025-08-11", """SEATTLE - Washington state officials ordered 2,000 people to leave their homes as a wildfire near Wenatchee doubled in size overnight. Smoke reached Spokane and Yakima, and the governor declared an emergency in Olympia on Sunday.""",
     {"SEATTLE": (47.61, -122.33), "Washington": (47.5, -120.5), "Wenatchee": (47.42, -120.31), "Spokane": (47.66, -117.43), "Yakima": (46.60, -120.51), "Olympia": (47.04, -122.90)}),
    ("t18", "2025-09-25", """Iraqi forces said they had killed four militants in the desert west of Mosul, in Nineveh province, on Wednesday. Officials in Erbil said Yazidi families were still afraid to return to Sinjar, and the government in Baghdad promised to rebuild roads.""",
     {"Iraqi": (33.0, 44.0), "Mosul": (36.34, 43.13), "Nineveh": (36.0, 42.5), "Erbil": (36.19, 44.01), "Sinjar": (36.32, 41.88), "Baghdad": (33.34, 44.40)}),
    ("t19", "2025-11-21", """earthquake shakes west java, killing 14
jakarta - a magnitude 5.8 earthquake struck near cianjur in west java on friday, killing at least 14 people and damaging hundreds of homes, indonesia's disaster agency said. buildings swayed in bandung and bogor, and residents in jakarta ran into the streets.""",
     {"west java": (-6.9, 107.6), "jakarta": (-6.21, 106.85), "cianjur": (-6.82, 107.14), "indonesia": (-5.0, 120.0), "bandung": (-6.91, 107.61), "bogor": (-6.60, 106.80)}),
    ("t20", "2025-05-30", """Colombian troops were sent to Cauca after dissidents attacked a police station in Suarez, the defence minister said in Bogota. Roads between Popayan and Cali were blocked, and the port of Buenaventura reported fuel shortages. Ecuador closed a border crossing at Ipiales.""",
     {"Colombian": (4.0, -72.0), "Cauca": (2.5, -76.8), "Suarez": (2.95, -76.70), "Bogota": (4.61, -74.08), "Popayan": (2.44, -76.61), "Cali": (3.44, -76.52), "Buenaventura": (3.88, -77.03), "Ecuador": (-1.5, -78.0), "Ipiales": (0.83, -77.64)}),
    ("t21", "2025-03-19", """UKRAINE - DAILY SITUATION UPDATE
- Zaporizhzhia: two killed in a missile strike on an industrial site.
- Huliaipole: heavy shelling reported along the front line.
- Kherson: power restored to 20,000 homes after drone attacks.
- Sumy region: 120 people evacuated from border villages.
- Odesa: port operations continue.""",
     {"UKRAINE": (49.0, 32.0), "Zaporizhzhia": (47.84, 35.14), "Huliaipole": (47.66, 36.26), "Kherson": (46.64, 32.61), "Sumy": (50.91, 34.80), "Odesa": (46.48, 30.73)}),
    ("t22", "2025-10-02", """ADDIS ABABA - Fighting between federal troops and Fano militiamen spread across the Amhara region this week, residents of Bahir Dar and Gondar said. Flights to Lalibela were suspended. In neighbouring Tigray, officials warned that Eritrean forces remained near the border.""",
     {"ADDIS ABABA": (9.02, 38.75), "Amhara": (11.5, 38.5), "Bahir Dar": (11.59, 37.39), "Gondar": (12.60, 37.47), "Lalibela": (12.03, 39.04), "Tigray": (14.0, 39.0), "Eritrean": (15.0, 39.0)}),
    ("t23", "2025-07-07", """Police in Garissa said on Monday that two officers were killed when their vehicle hit a roadside bomb on the road to Dadaab. Security was tightened in Mandera and Wajir, close to the Somali border, and officials in Nairobi blamed al Shabaab.""",
     {"Garissa": (-0.45, 39.66), "Dadaab": (0.06, 40.31), "Mandera": (3.94, 41.86), "Wajir": (1.75, 40.06), "Somali": (6.0, 48.0), "Nairobi": (-1.28, 36.82)}),
    ("t24", "2025-02-14", """ALEXANDRIA, Va. - The city council voted on Tuesday to expand bus service to Arlington and to the Fairfax County line. Commuters from Richmond said delays on Interstate 95 had doubled, and Virginia's transportation secretary promised new lanes by 2027.""",
     {"ALEXANDRIA": (38.80, -77.05), "Va.": (37.5, -78.5), "Arlington": (38.88, -77.10), "Fairfax County": (38.83, -77.28), "Richmond": (37.54, -77.44), "Virginia": (37.5, -78.5)}),
    ("t25", "2025-11-11", """CAIRO - Egyptian authorities raised security in Alexandria and Port Said on Monday after protests over bread prices, and extra troops were sent to northern Sinai. Trucks carrying aid for Gaza were held at the Rafah crossing, officials said, while shipping through the Suez Canal was normal.""",
     {"CAIRO": (30.04, 31.24), "Egyptian": (27.0, 30.0), "Alexandria": (31.20, 29.92), "Port Said": (31.26, 32.30), "Sinai": (29.5, 33.8), "Gaza": (31.42, 34.36), "Rafah": (31.29, 34.24), "Suez Canal": (30.5, 32.35)}),
    ("t26", "2025-06-25", """KINGSTON, Jamaica - Police imposed a curfew in parts of Spanish Town on Tuesday after a shooting left five dead, the police said. Schools in Kingston and Portmore closed early, and hoteliers in Montego Bay said tourists had not been affected.""",
     {"KINGSTON": (17.99, -76.79), "Jamaica": (18.1, -77.3), "Spanish Town": (17.99, -76.96), "Kingston": (17.99, -76.79), "Portmore": (17.95, -76.88), "Montego Bay": (18.47, -77.92)}),
    ("t27", "2025-09-05", """SANTIAGO, Chile - Chilean firefighters battled blazes in the hills above Valparaiso and Vina del Mar on Thursday as strong winds spread the flames. In the south, farmers near Temuco in the Araucania region reported arson attacks on trucks. The government in Santiago declared a state of catastrophe.""",
     {"SANTIAGO": (-33.45, -70.67), "Chile": (-30.0, -71.0), "Chilean": (-30.0, -71.0), "Valparaiso": (-33.05, -71.62), "Vina del Mar": (-33.02, -71.55), "Temuco": (-38.74, -72.60), "Araucania": (-38.5, -72.5), "Santiago": (-33.45, -70.67)}),
    ("t28", "2025-10-09", """Israeli strikes hit Nabatieh and villages near Tyre on Wednesday, Lebanon's health ministry said, killing seven people. Residents of Bint Jbeil fled north of the Litani river, and strikes also hit Beirut's southern suburbs overnight.""",
     {"Israeli": (31.5, 34.75), "Nabatieh": (33.38, 35.48), "Tyre": (33.27, 35.20), "Lebanon": (33.83, 35.83), "Bint Jbeil": (33.12, 35.43), "Litani": (33.33, 35.25), "Beirut": (33.89, 35.49)}),
    ("t29", "2025-04-22", """YANGON - Myanmar's military carried out airstrikes in the Sagaing region and near Myitkyina, the capital of Kachin State, residents said on Monday. In Mandalay, prices of rice doubled. Thousands of people crossed from Myawaddy to the Thai town of Mae Sot.""",
     {"YANGON": (16.80, 96.16), "Myanmar": (21.0, 96.0), "Sagaing": (22.0, 95.5), "Myitkyina": (25.38, 97.40), "Kachin State": (26.0, 97.5), "Mandalay": (21.97, 96.08), "Myawaddy": (16.69, 98.51), "Thai": (15.0, 101.0), "Mae Sot": (16.71, 98.57)}),
    ("t30", "2025-01-15", """BERLIN - Farmers blocked motorways across Brandenburg on Monday, and tractors jammed the centre of Potsdam. Police said a convoy from Cottbus had reached the Polish border at Frankfurt an der Oder. Protests were also held in Dresden and Leipzig.""",
     {"BERLIN": (52.52, 13.40), "Brandenburg": (52.4, 13.0), "Potsdam": (52.40, 13.07), "Cottbus": (51.76, 14.33), "Polish": (52.0, 19.0), "Frankfurt an der Oder": (52.35, 14.55), "Dresden": (51.05, 13.74), "Leipzig": (51.34, 12.37)}),
    ("t31", "2025-12-08", """ADEN, Yemen - Houthi forces shelled government positions south of Hodeidah and around Taiz on Sunday, officials said. Fighting also flared near Marib, and a Saudi-led coalition spokesman said Houthi drones had been launched from Sanaa toward the Red Sea.""",
     {"ADEN": (12.78, 45.04), "Yemen": (15.5, 47.5), "Hodeidah": (14.80, 42.95), "Taiz": (13.58, 44.02), "Marib": (15.46, 45.33), "Saudi": (25.0, 45.0), "Sanaa": (15.35, 44.21), "Red Sea": (20.0, 38.5)}),
    ("t32", "2025-05-06", """SPRINGFIELD, Mo. - Greene County commissioners approved a new jail on Monday after inmates were moved to Joplin and Branson because of overcrowding. The Missouri attorney general's office in Jefferson City said it would review the contract, and a Kansas City firm won the bid.""",
     {"SPRINGFIELD": (37.22, -93.30), "Mo.": (38.25, -92.5), "Greene County": (37.26, -93.34), "Joplin": (37.08, -94.51), "Branson": (36.64, -93.22), "Missouri": (38.25, -92.5), "Jefferson City": (38.58, -92.17), "Kansas City": (39.10, -94.58)}),
    ("t33", "2025-03-24", """JOHANNESBURG - Residents of Soweto marched to the offices of the power utility on Monday after a week without electricity. In KwaZulu-Natal, floods cut roads between Durban and Pietermaritzburg, and the national government in Pretoria said it would send soldiers. Cape Town was unaffected.""",
     {"JOHANNESBURG": (-26.20, 28.04), "Soweto": (-26.27, 27.86), "KwaZulu-Natal": (-28.5, 30.9), "Durban": (-29.86, 31.03), "Pietermaritzburg": (-29.60, 30.38), "Pretoria": (-25.75, 28.19), "Cape Town": (-33.93, 18.42)}),
    ("t34", "2025-08-29", """BAMAKO, Mali - Jihadist fighters attacked an army convoy between Mopti and Timbuktu on Thursday, killing 12 soldiers, the army said. Fuel trucks were stranded near Gao, and in Menaka, close to the border with Niger, residents said the town was under siege. Burkinabe troops reinforced their side of the frontier.""",
     {"BAMAKO": (12.65, -8.0), "Mali": (17.0, -4.0), "Mopti": (14.49, -4.20), "Timbuktu": (16.77, -3.01), "Gao": (16.27, -0.04), "Menaka": (15.92, 2.40), "Niger": (17.0, 9.0), "Burkinabe": (12.5, -1.67)}),
    ("t35", "2025-10-28", """peshawar: gunmen attacked a police checkpost in bannu on tuesday night, killing three policemen, officials in khyber pakhtunkhwa said. a curfew was imposed in parts of north waziristan, and traders said the torkham crossing on the afghan border had been closed.""",
     {"peshawar": (34.01, 71.58), "bannu": (32.99, 70.60), "khyber pakhtunkhwa": (34.5, 72.0), "north waziristan": (32.95, 70.0), "torkham": (34.10, 71.09), "afghan": (33.0, 66.0)}),
    ("t36", "2025-04-30", """CAMBRIDGE, Mass. - Thousands of students marched from Harvard Yard to Boston Common on Tuesday. Police in Somerville closed two streets, and Massachusetts state troopers were posted at the bridges over the Charles River.""",
     {"CAMBRIDGE": (42.37, -71.11), "Mass.": (42.3, -71.8), "Boston": (42.36, -71.06), "Somerville": (42.39, -71.10), "Massachusetts": (42.3, -71.8), "Charles River": (42.36, -71.07)}),
    ("t37", "2025-06-12", """BISHKEK, Kyrgyzstan - Kyrgyz and Tajik border guards exchanged fire near Batken on Wednesday, the border service said. Villagers fled toward Osh and Jalal-Abad, and traders said markets across the Fergana Valley were closed.""",
     {"BISHKEK": (42.87, 74.59), "Kyrgyzstan": (41.5, 75.0), "Kyrgyz": (41.5, 75.0), "Tajik": (39.0, 71.0), "Batken": (40.06, 70.82), "Osh": (40.53, 72.80), "Jalal-Abad": (40.93, 73.00), "Fergana Valley": (40.8, 71.8)}),
    ("t38", "2025-05-27", """PORT MORESBY, Papua New Guinea - A landslide buried a village in Enga province on Friday, and rescuers from Wabag were digging by hand, officials said. Roads to Mount Hagen were blocked, and an army team flew in from Lae.""",
     {"PORT MORESBY": (-9.44, 147.18), "Papua New Guinea": (-6.0, 147.0), "Enga": (-5.5, 143.5), "Wabag": (-5.49, 143.70), "Mount Hagen": (-5.86, 144.23), "Lae": (-6.72, 146.99)}),
    ("t39", "2025-03-06", """PORT-AU-PRINCE, Haiti - Gangs set fire to homes in Croix-des-Bouquets and attacked a police station in Petion-Ville on Wednesday, the police said. Flights from Cap-Haitien were cancelled, and the Dominican government sent more troops to the border at Dajabon.""",
     {"PORT-AU-PRINCE": (18.54, -72.34), "Haiti": (19.0, -72.42), "Croix-des-Bouquets": (18.58, -72.23), "Petion-Ville": (18.51, -72.29), "Cap-Haitien": (19.76, -72.20), "Dominican": (19.0, -70.67), "Dajabon": (19.55, -71.71)}),
    ("t40", "2025-11-17", """Flooding closes schools across Wales
Schools in Pontypridd, Merthyr Tydfil and Aberdare were closed on Monday after the River Taff flooded overnight. Cardiff council opened rest centres, and the Welsh government said Rhondda Cynon Taf had recorded more than 200 flooded homes.""",
     {"Wales": (52.5, -3.5), "Pontypridd": (51.60, -3.34), "Merthyr Tydfil": (51.75, -3.38), "Aberdare": (51.71, -3.45), "River Taff": (51.6, -3.33), "Cardiff": (51.48, -3.18), "Welsh": (52.5, -3.5), "Rhondda Cynon Taf": (51.65, -3.43)}),
]


if __name__ == "__main__":
    write(ARTICLES, Path(__file__).with_name("train.jsonl"))
