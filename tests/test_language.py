"""Language: English news of every shape passes; other languages are refused (py3langid),
the same way in `extract` and `ingest`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli.app import app
from eventwire.language import detect, looks_english

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
SITREPS = [
    # bullet sitreps of several styles: mostly names, numbers and abbreviations
    "FLASH UPDATE #7 (as of 0900 local)\n"
    "* North Kivu: M23 elements advanced on Kitshanga; FARDC repositioned to Mweso.\n"
    "* Ituri: CODECO attack on Djugu IDP site, 11 civilians killed, 4 injured (local sources).\n"
    "* South Kivu: 2,300 new arrivals recorded at Minova; WFP distribution suspended.\n"
    "* Access: MSF convoy held at checkpoint km 18 for 6 hrs, released without goods.",
    "Security overview - week 32\n"
    "- Tillaberi: JNIM ambush on FDS patrol near Tera, 9 soldiers KIA, 2 vehicles seized.\n"
    "- Tahoua: armed robbery on RN1, 3 traders abducted, ransom demanded.\n"
    "- Diffa: ISWAP mortar fire on Bosso, no casualties.\n"
    "- Niamey: curfew 2300-0500 extended by decree of the military governor.",
    "1) Rakhine: AA claims capture of 3 BGP outposts near Maungdaw; 14 POWs taken.\n"
    "2) Sagaing: airstrike on Kanbalu market, 19 killed incl. 6 children (NUG MoHR).\n"
    "3) Shan (N): MNDAA-SAC talks in Kunming, 2nd round, no ceasefire text agreed.\n"
    "4) Yangon: 37 arrested over conscription-law protest, charged under s.505A.",
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
    "O Exército brasileiro enviou tropas para a fronteira com a Venezuela depois que "
    "moradores relataram a presença de homens armados perto de Pacaraima na quinta-feira.",
    "Vikosi vya usalama vimewakamata watu kumi na wawili wanaoshukiwa kuhusika na "
    "mashambulizi katika kaunti ya Lamu, msemaji wa polisi aliwaambia waandishi wa habari.",
    "Силы противовоздушной обороны сбили ночью более тридцати беспилотников над "
    "несколькими областями, сообщили в министерстве обороны в понедельник утром. "
    "Пострадавших нет, обломки упали на окраине города.",
]


@pytest.mark.parametrize("text", ENGLISH + SITREPS)
def test_english_news_of_every_shape_passes(text: str) -> None:
    assert looks_english(text)


@pytest.mark.parametrize("text", OTHER)
def test_other_languages_are_refused(text: str) -> None:
    assert not looks_english(text)


def test_short_texts_pass_unjudged() -> None:
    assert looks_english("Le président est arrivé.")


def test_detect_names_the_language() -> None:
    assert detect(OTHER[0]) is not None and detect(OTHER[0])[0] == "fr"
    assert detect(SITREPS[1])[0] == "en"
    assert detect("Too short to judge.") is None


def test_extract_skips_other_languages_as_ingest_does(tmp_path: Path) -> None:
    """The check runs before the model loads: an input of French alone loads nothing."""
    path = tmp_path / "depeche.txt"
    path.write_text(OTHER[0] + " " + OTHER[0], encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(path), "-f", "jsonl"])
    assert result.exit_code == 1
    assert f"[E026] {path}: not English text (fr)" in result.stderr
    assert result.stdout == ""
