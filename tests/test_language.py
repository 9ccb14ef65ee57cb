"""Language: English news of every shape passes; other languages are refused."""

from __future__ import annotations

import pytest

from eventwire.language import looks_english

ENGLISH = [
    # sitrep bullets: names, numbers, few function words
    "- Kunduz: Clashes between police and gunmen near Chahar Dara; 3 police killed.\n"
    "- Baghlan: Taliban checkpoint attacked on Pul-e-Khumri road, 2 fighters wounded.\n"
    "- Takhar: IED defused near Taloqan bazaar (14 May).",
    # dateline and wire attribution
    "ABUJA, Nigeria, March 3 (Reuters) - Nigerian Air Force jets struck Boko Haram camps "
    "near Sambisa Forest on Sunday, Air Commodore Edward Gabkwet said in a statement.",
    # headline plus lead in headline case
    "Kenyan MPs, Opposition Leaders Slam Finance Bill Amid Nairobi CBD Protests\n"
    "Kenya Police Service officers fired teargas at Gen Z protesters on Moi Avenue, "
    "Kimathi Street and Tom Mboya Street, NPS spokesperson Muchiri Nyaga confirmed.",
    # a list of places and people
    "Ministers attending: Antony Blinken (US), Annalena Baerbock (Germany), Stéphane "
    "Séjourné (France), David Cameron (UK), Yoko Kamikawa (Japan), Melanie Joly (Canada), "
    "Antonio Tajani (Italy), Josep Borrell (EU).",
    # lower-cased regional press
    "ultras hurled a grenade at a crpf bunker in sopore on friday evening, injuring three "
    "jawans, police said, adding that the area was cordoned off and searches launched.",
]
OTHER = [
    "Le gouvernement malien a annoncé lundi la suspension des activités de plusieurs "
    "partis politiques, une décision vivement critiquée par l'opposition à Bamako.",
    "El ejército colombiano informó que al menos cinco guerrilleros murieron en combates "
    "con tropas en el departamento del Cauca durante la madrugada del martes.",
    "Die Bundesregierung hat am Mittwoch neue Sanktionen gegen mehrere russische "
    "Unternehmen beschlossen, die nach Angaben des Ministeriums an den Lieferungen von "
    "Waffen beteiligt waren.",
    "Polisi menangkap 12 orang yang diduga terlibat dalam kerusuhan di Jakarta pada hari "
    "Senin, kata juru bicara kepolisian kepada wartawan di ibu kota negara itu.",
    "قالت وزارة الصحة في غزة إن عشرات الفلسطينيين قتلوا في غارات جوية إسرائيلية على "
    "مناطق متفرقة من القطاع خلال الساعات الماضية وفق بيان صدر مساء اليوم الاثنين",
]


@pytest.mark.parametrize("text", ENGLISH)
def test_english_news_of_every_shape_passes(text: str) -> None:
    assert looks_english(text)


@pytest.mark.parametrize("text", OTHER)
def test_other_languages_are_refused(text: str) -> None:
    assert not looks_english(text)


def test_short_texts_pass_unjudged() -> None:
    assert looks_english("Le président est arrivé.")
