"""Patterns of real pages (issue #11): one made-up sentence per general rule, none copied from the
evaluation texts. Labelling rules: tests/eval/GUIDELINES.md, last section."""

from __future__ import annotations

import pytest

from ki_analysis.corpus import normalise
from ki_analysis.corpus.numbers import scan
from ki_analysis.corpus.sentences import split_sentences
from ki_analysis.extract import extract
from ki_analysis.extract.flat_tables import table_cells


def facts(text: str, date: str = "2020-05-04") -> list[tuple[str, float, str]]:
    return [(f["measure"], f["value"], f["unit"]) for f in extract(text, date).facts]


def fact_rows(text: str, date: str = "2020-05-04") -> list[dict]:
    return extract(text, date).facts


# --------------------------------------------------------------------------- numbers


def test_articles_count_in_an_enumeration_of_numerals() -> None:
    got = facts("Im Büro arbeiten drei Beraterinnen, ein Verwaltungsangestellter und eine halbe Bürokraft.")
    assert got == [
        ("people_count", 3.0, "count"),
        ("people_count", 1.0, "count"),
        ("staff_positions", 0.5, "FTE"),  # a fractional headcount is a number of posts
    ]


def test_articles_stay_articles_outside_counting() -> None:
    assert facts("Der Kreis Gütersloh hat ein Kommunales Integrationszentrum mit einer Leiterin.") == []
    assert facts("Das Integrationszentrum ist eines von 54 Zentren im Land.") == [("ki_count", 54.0, "count")]
    # an enumeration of other things with an article: no figure of the table's measures
    assert facts("Gefördert werden zwei Sprachcafés und eine Theatergruppe.") == [("other", 2.0, "count")]


def test_article_lists_ranges_slash_forms_and_more() -> None:
    assert [n.value for n in scan("je Kreis eine, anderthalb oder drei Stellen")] == [1.0, 1.5, 3.0]
    rows = fact_rows("Vorgesehen sind je Kommune eine bis zwei Stellen.")
    assert [(r["value"], r["qualifier"], r["per_unit"]) for r in rows] == [
        (1.0, "at_least", True),
        (2.0, "at_most", True),
    ]
    assert facts("Gesucht wird ein/e Erzieher/in für das Team.") == [("people_count", 1.0, "count")]
    assert facts("Die Stadt finanziert eine weitere Stelle.") == [("staff_positions", 1.0, "FTE")]
    assert facts("Ab Mai gibt es eine weitere halbe Stelle.") == [("staff_positions", 0.5, "FTE")]
    assert facts("Nur in einem Kreis fehlt noch ein Zentrum.") == [("district_count", 1.0, "count")]


def test_vulgar_fractions_misspellings_and_team_sizes() -> None:
    assert [(n.text, n.value) for n in scan("mit 7 ½ Stellen und ½ Stelle")] == [("7 ½", 7.5), ("½", 0.5)]
    assert [n.value for n in scan("dreienhalb Stellen")] == [3.5]
    assert facts("Ein elfköpfiges Team berät Familien.") == [("people_count", 11.0, "count")]
    assert facts("Ein 14-köpfiges Team berät Familien.") == [("people_count", 14.0, "count")]


# --------------------------------------------------------------------------- measures


def test_role_nouns_are_people_and_the_last_compound_part_decides() -> None:
    assert facts("Es beraten fünf Sozialarbeiter/innen und 30 Dolmetscher/innen.") == [
        ("people_count", 5.0, "count"),
        ("people_count", 30.0, "count"),
    ]
    assert facts("Das Team hat sechs Case-Managerinnen.") == [("people_count", 6.0, "count")]
    assert facts("Im Sommer fanden zwölf Elterncafés statt.") == [("other", 12.0, "count")]
    assert facts("Über 300 Case Managerinnen wurden eingestellt.") == [("people_count", 300.0, "count")]


def test_teachers_posts_attached_to_teachers() -> None:
    assert facts("Am Zentrum sind sieben Lehrkräfte (fünf Vollzeitstellen) tätig.") == [
        ("teachers", 7.0, "count"),
        ("teachers", 5.0, "FTE"),
    ]
    assert facts("Dort sind drei Lehrkräfte mit zusammen 2,5 Stellen tätig.") == [
        ("teachers", 3.0, "count"),
        ("teachers", 2.5, "FTE"),
    ]
    assert facts("Beantragt wird die Abordnung von 1,5 Stellen an das Zentrum.") == [("teachers", 1.5, "FTE")]
    assert facts("Es stehen 4 Stellen für Lehrerinnen und Lehrer bereit.") == [("teachers", 4.0, "FTE")]
    # "abgeordnete Lehrkräfte" is an attribute of another noun: the posts are the team's
    assert facts("Ohne die abgeordneten Lehrkräfte hat das Team 8 Stellen.") == [
        ("staff_positions", 8.0, "FTE")
    ]


def test_hyphen_elided_compounds_give_one_figure_per_kind() -> None:
    rows = fact_rows("Die Schulen erhalten je zwei Lehrer- und Sozialarbeiterstellen.")
    assert [(r["measure"], r["value"], r["unit"], r["per_unit"]) for r in rows] == [
        ("teachers", 2.0, "FTE", True),
        ("staff_positions", 2.0, "FTE", True),
    ]
    assert facts("Die Stadt trägt 3 bzw. 4 Fachkraft- und Verwaltungsstellen.") == [
        ("staff_positions", 3.0, "FTE"),
        ("staff_positions", 4.0, "FTE"),
    ]


def test_the_number_of_x_counts_x_not_the_place() -> None:
    got = facts("Die Zahl der Geflüchteten in den Städten im Kreis ist um 120 auf 950 gestiegen.")
    assert got == [("people_count", 120.0, "count"), ("people_count", 950.0, "count")]


def test_fraction_nouns_are_shares() -> None:
    assert facts("Die Hälfte unserer Helferinnen spricht Arabisch.") == [("percent", 50.0, "percent")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a plain location of the centres counts districts: the noun decides
        (
            "Kommunale Integrationszentren gibt es mittlerweile in 52 Kreisen und kreisfreien Städten.",
            "district_count",
        ),
        # a network built in N districts, centres working in them, one centre each: centres
        (
            "Das Land hat in 44 Kreisen und kreisfreien Städten ein Netz von Integrationszentren aufgebaut.",
            "ki_count",
        ),
        ("In 50 Kreisen und kreisfreien Städten arbeiten Kommunale Integrationszentren.", "ki_count"),
        ("Bisher haben 41 Kreise und kreisfreie Städte ein solches Integrationszentrum.", "ki_count"),
        # districts doing something with the centre they have
        ("Zehn Kreise haben ihr Integrationszentrum mit eigenen Stellen verstärkt.", "district_count"),
        # districts still without a centre
        ("Sieben Kreise haben kein eigenes Integrationszentrum.", "district_count"),
        # districts promised or applying for a centre: new centres to come
        ("Für das Integrationszentrum haben neun weitere Kreise eine Zusage erhalten.", "other"),
        ("Neun kreisfreie Städte beteiligen sich am Programm der Integrationszentren.", "district_count"),
    ],
)
def test_districts_and_centres(text: str, expected: str) -> None:
    assert [m for m, _, _ in facts(text)] == [expected]


def test_partitives_of_districts_and_centres() -> None:
    assert facts("Damit gibt es in 46 der 53 Kreise ein Integrationszentrum.") == [
        ("ki_count", 46.0, "count"),
        ("district_count", 53.0, "count"),
    ]
    got = facts("Unter den 53 Kreisen haben mindestens fünf Kreise ihr Integrationszentrum aufgestockt.")
    assert got == [("district_count", 53.0, "count"), ("district_count", 5.0, "count")]
    # the whole of a fronted partitive of centres without a numeric part is the running total
    assert facts("Von den 52 Integrationszentren im Land ist unseres das kleinste.") == [
        ("ki_count", 52.0, "count")
    ]


def test_centres_of_a_region_are_no_running_total() -> None:
    assert facts("Es berichteten vier Integrationszentren aus dem Rheinland.") == [("other", 4.0, "count")]
    assert facts("Landesweit sind 50 Integrationszentren in Betrieb.") == [("ki_count", 50.0, "count")]


# --------------------------------------------------------------------------- qualifiers


def test_ueber_after_verfuegen_and_unter_den_are_no_bounds() -> None:
    rows = fact_rows("Das Team verfügt über 6,5 Stellen, davon 3,5 vom Land, sowie über drei Lehrkräfte.")
    assert [r["qualifier"] for r in rows] == ["exact", "exact", "exact"]
    rows = fact_rows("Unter den 53 Kreisen gibt es Unterschiede.")
    assert [r["qualifier"] for r in rows] == ["exact"]


# --------------------------------------------------------------------------- tables


TABLE = """Die Zahlen der Kommunen (Stand: 31.03.2019):

Tabelle 2: Beratungen nach Kreisen
Kreis
Beratene Familien
Stellen 2019
Kreis Alpha
120
4,5
Kreis Beta
95
3
Summe
215
7,5
"""


def test_flattened_table_cells_take_their_column_headers() -> None:
    rows = fact_rows(TABLE, "2019-06-01")
    assert [(r["measure"], r["value"], r["unit"], r["period"]) for r in rows] == [
        ("people_count", 120.0, "count", "2019-03-31"),
        ("staff_positions", 4.5, "FTE", "2019"),
        ("people_count", 95.0, "count", "2019-03-31"),
        ("staff_positions", 3.0, "FTE", "2019"),
        ("people_count", 215.0, "count", "2019-03-31"),
        ("staff_positions", 7.5, "FTE", "2019"),
    ]


def test_flattened_table_with_years_as_columns_and_a_scale() -> None:
    text = "Mittel\nJahr\n2020\n2021\nZuschuss (Mio. Euro)\n1,2\n1,4\nEigenanteil (Mio. Euro)\n0,3\n0,5\n"
    rows = fact_rows(text, "2021-06-01")
    assert [(r["value"], r["period"]) for r in rows] == [
        (1_200_000.0, "2020"),
        (1_400_000.0, "2021"),
        (300_000.0, "2020"),
        (500_000.0, "2021"),
    ]
    assert all(r["measure"] == "funding_eur" for r in rows)


def test_a_number_alone_on_a_line_is_a_page_number() -> None:
    layout = table_cells("Bericht des Landes\n\n- 3 -\n\nText mit 5 Stellen.\n4711\n")
    assert len(layout.lone) == 2
    ex = extract("Bericht\n\n4711\n\nDas Team hat 5 Stellen.", "2020-01-01")
    assert [(r["text"], r["reason"]) for r in ex.numbers][0] == ("4711", "page_number")


# --------------------------------------------------------------------------- repetition


def test_a_sentence_repeated_verbatim_is_one_fact_with_two_mentions() -> None:
    teaser = "Das Zentrum in Musterstadt beschäftigt jetzt 14 Mitarbeitende."
    ex = extract(f"Überschrift\n\n{teaser}\n\nOrt. {teaser} Danach folgt mehr.", "2020-01-01")
    assert [(f["measure"], f["value"]) for f in ex.facts] == [("people_count", 14.0)]
    first, second = [r for r in ex.numbers if r["text"] == "14"]
    assert first["disposition"] == second["disposition"] == "fact"
    assert second["reason"] == "repeated" and second["fact_id"] == first["fact_id"]
    # the same figure in other words stays two facts
    ex = extract("14 Mitarbeitende im Zentrum\n\nIm Zentrum arbeiten 14 Mitarbeitende.", "2020-01-01")
    assert len(ex.facts) == 2


# --------------------------------------------------------------------------- non-figures


@pytest.mark.parametrize(
    "text",
    [
        "1 Zweck der Förderung\n2 Gegenstand\n3 Verfahren",
        "4.2 Die Stadt fördert Vereine.",
        "Es ist beim Fachbereich 32 – Ordnung angesiedelt.",
        "Die Kleine Anfrage 2345 betrifft das Zentrum.",
        "Sie sind hier: Startseite > Presse > 2019 > Mai",
        "Mehr zum Thema\nEssen: 12 neue Kitas eröffnet",
        "Gefällt mir 7   Zitieren",
        "Treffpunkt ist Halle 4B am Ring.",
        "Beitrag vom 3. März 2015, 20:11:05",
    ],
)
def test_labels_codes_and_page_chrome_are_no_figures(text: str) -> None:
    assert facts(text) == []


def test_a_number_after_a_label_word_that_counts_a_noun_is_a_figure() -> None:
    assert facts("Laut Vorlage 80 Kinder warten auf einen Platz.") == [("people_count", 80.0, "count")]


# --------------------------------------------------------------------------- scraping artefacts


def test_scraping_artefacts_are_mended_in_normalisation() -> None:
    raw = "Es gibt je 2 ,5 Stellen. Das Kl-Team berät."
    text, offsets = normalise(raw)
    assert text == "Es gibt je 2,5 Stellen. Das KI-Team berät."
    assert len(offsets) == len(text) + 1 and offsets[text.index(",")] == raw.index(",")
    assert normalise("Kl. 5 bleibt")[0] == "Kl. 5 bleibt"  # an abbreviation of Klasse


def test_a_lost_space_after_a_sentence_end_still_ends_the_sentence() -> None:
    text = "Die Stellen wurden besetzt.Danach kam mehr. Siehe z.B. dort."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Die Stellen wurden besetzt.",
        "Danach kam mehr.",
        "Siehe z.B. dort.",
    ]


# --------------------------------------------------------------------------- second round: non-figures


@pytest.mark.parametrize(
    "text",
    [
        # a four-digit year without a thousands separator counts nothing
        "Der Jahresbericht 2021 Seite 4 nennt die Schwerpunkte.",
        "© 2019 Stadtverwaltung Musterstadt, Marktplatz 1",
        # codes: digits first, letters inside; a file label with a hyphenated code
        "Beschlussvorlage 12/0456/XI/2019 der Verwaltung",
        "Az.: 32-1 KI/Org",
        # pay grades, visitor counters, durations by a compound of "Tag"
        "Die Stelle ist nach Entgeltgruppe 9 TVöD bewertet.",
        "Besucher: 5321\nHeute: 87\nOnline: 2",
        "Anmeldungen bitte spätestens zehn Werktage vorher.",
        "Lesezeit: 5 Minuten\nAnna Beispiel",
        # "ein Teil" is no number; a rank of several centres is no running total
        "Das gilt nur für einen Teil der Kurse.",
        "Die ersten Integrationszentren öffneten ihre Türen.",
    ],
)
def test_years_codes_grades_counters_and_durations_are_no_figures(text: str) -> None:
    assert facts(text) == []


def test_thousands_dots_are_no_version_string() -> None:
    assert facts("Für das Projekt stehen 3.250.000 Euro bereit.") == [("funding_eur", 3_250_000.0, "EUR")]


def test_circles_of_people_are_no_districts() -> None:
    assert facts("Die Fachleute treffen sich in drei Arbeitskreisen.") == [("other", 3.0, "count")]
    assert facts("Elf Nachbarkreise beteiligen sich.") == [("district_count", 11.0, "count")]


def test_number_words_of_sixty_and_sixteen() -> None:
    assert [(n.text, n.value) for n in scan("Sechzig Gäste und sechzehn Kinder")] == [
        ("Sechzig", 60.0),
        ("sechzehn", 16.0),
    ]


# --------------------------------------------------------------------------- second round: what a number refers to


def test_partitives_with_a_word_before_the_whole() -> None:
    assert facts("Das Land trägt 2,5 der insgesamt 6 ½ Stellen im Team.") == [
        ("staff_positions", 2.5, "FTE"),
        ("staff_positions", 6.5, "FTE"),
    ]
    rows = fact_rows("Rund 300 der knapp 5.000 Schülerinnen sprechen Arabisch.")
    assert [(r["measure"], r["value"], r["qualifier"]) for r in rows] == [
        ("people_count", 300.0, "approx"),
        ("people_count", 5000.0, "almost"),
    ]


def test_a_part_of_a_figure_takes_its_measure() -> None:
    assert facts("Im Zentrum arbeiten 18 Beschäftigte, 7 davon in Teilzeit.") == [
        ("people_count", 18.0, "count"),
        ("people_count", 7.0, "count"),
    ]
    assert facts("Geplant sind vier neue Stellen, drei davon für die Beratung.") == [
        ("staff_positions", 4.0, "FTE"),
        ("staff_positions", 3.0, "FTE"),
    ]
    assert facts("Das Team zählt elf Beschäftigte. Drei davon sind Lehrerinnen.") == [
        ("people_count", 11.0, "count"),
        ("teachers", 3.0, "count"),  # the noun after the copula
    ]
    assert facts("Im Jahr kamen 900 Geflüchtete, rund 300 von ihnen sind Kinder.") == [
        ("people_count", 900.0, "count"),
        ("people_count", 300.0, "count"),
    ]
    assert facts("Es wurden 40 Lehrerstellen geschaffen, davon 12 für die Zentren.") == [
        ("teachers", 40.0, "FTE"),
        ("teachers", 12.0, "FTE"),  # the figure before, not the nearest noun
    ]


def test_elliptic_numbers_continue_the_figure_before_them() -> None:
    assert facts("Kleine Schulen erhalten eine zusätzliche Lehrerstelle, große Schulen bekommen zwei.") == [
        ("teachers", 1.0, "FTE"),
        ("teachers", 2.0, "FTE"),
    ]
    assert facts("In Dörfern sind es oft drei Helferinnen, in Städten mehr als dreißig.") == [
        ("people_count", 3.0, "count"),
        ("people_count", 30.0, "count"),
    ]
    assert facts("Derzeit arbeiten 50 Integrationszentren; zwei weitere sollen folgen.") == [
        ("ki_count", 50.0, "count"),
        ("other", 2.0, "count"),  # new centres are no running total
    ]
    assert facts(
        "Die Lotsinnen treffen sich monatlich. 45 sind es derzeit, im Vorjahr waren es noch 38."
    ) == [
        ("people_count", 45.0, "count"),
        ("people_count", 38.0, "count"),
    ]


def test_the_number_of_things_without_a_measure_is_other() -> None:
    assert facts("Im Jahr stieg die Zahl der Beratungen um 12 Prozent auf 480.") == [
        ("percent", 12.0, "percent"),
        ("other", 480.0, "count"),
    ]


# --------------------------------------------------------------------------- second round: teachers


def test_articles_after_zusaetzlich_je_and_before_ganze_count() -> None:
    rows = fact_rows("Jedes Zentrum erhält zusätzlich eine Lehrerstelle.")
    assert [(r["measure"], r["value"], r["unit"], r["per_unit"]) for r in rows] == [
        ("teachers", 1.0, "FTE", True)
    ]
    assert facts("Die Schulen stellen je eine Lehrkraft ab.") == [("teachers", 1.0, "count")]
    assert facts("Jeder Pate begleitet jeweils einen Jugendlichen.") == []


def test_posts_shared_out_over_seconded_teachers() -> None:
    rows = fact_rows("Zwei Kolleginnen sind ans Zentrum abgeordnet, jede mit halber Stelle.")
    assert [(r["measure"], r["value"], r["unit"], r["per_unit"]) for r in rows] == [
        ("teachers", 2.0, "count", False),
        ("teachers", 0.5, "FTE", True),
    ]
    assert facts("Ab August kommen zwei Lehrerinnen, zusammen also eine ganze Stelle.") == [
        ("teachers", 2.0, "count"),
        ("teachers", 1.0, "FTE"),
    ]


def test_bare_posts_are_teachers_posts_only_next_to_them() -> None:
    text = "Das Land gab 30 Lehrerstellen. Die Kreise zahlen die Räume. Landesweit entstanden so 400 Stellen."
    assert facts(text) == [("teachers", 30.0, "FTE"), ("staff_positions", 400.0, "FTE")]
    assert facts("Das Land gab 30 Lehrerstellen. Im Mai kamen 12 Stellen hinzu.") == [
        ("teachers", 30.0, "FTE"),
        ("teachers", 12.0, "FTE"),
    ]


# --------------------------------------------------------------------------- second round: centres and districts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a place where one centre each is: the noun decides
        (
            "Seit Mai ist das Team komplett. Nun gibt es in 44 Kreisen ein Integrationszentrum.",
            ["district_count"],
        ),
        # ... unless it continues a series of centre counts
        (
            "2014 arbeiteten 40 Integrationszentren, 2015 waren es 45. Nun gibt es in 50 Kreisen ein Zentrum.",
            ["ki_count", "ki_count", "ki_count"],
        ),
        # the sentence counts the centres by their noun: the districts are districts
        (
            "Heute arbeiten in 51 Kreisen Integrationszentren, insgesamt 52 Zentren.",
            ["district_count", "ki_count"],
        ),
        # districts that applied so far; centres approved are centres to come
        (
            "Für ein Integrationszentrum haben 20 Kreise einen Antrag gestellt, 12 Zentren wurden bewilligt.",
            ["district_count", "other"],
        ),
        ("Elf Kreise haben eine Förderzusage für ein Integrationszentrum erhalten.", ["district_count"]),
        ("Im Herbst kamen fünf Integrationszentren hinzu.", ["other"]),
        # a pronoun takes up the centres of the sentence before
        (
            "Die Integrationszentren beraten Familien. Heute gibt es sie in 50 der 53 Kreise.",
            ["ki_count", "district_count"],
        ),
        # a part of the centres with some property; the whole is the running total
        ("In 12 von 50 Integrationszentren sind Stellen frei.", ["other", "ki_count"]),
        ("Das Programm läuft an 60 Standorten.", ["other"]),
    ],
)
def test_centres_and_districts_second_round(text: str, expected: list[str]) -> None:
    assert [m for m, _, _ in facts(text)] == expected


def test_an_elliptic_ordinal_after_a_centre_is_a_running_total() -> None:
    assert facts("Der Kreis hat jetzt ein Integrationszentrum – als 47. im Land.") == [
        ("ki_count", 47.0, "count")
    ]


# --------------------------------------------------------------------------- second round: tables


def test_a_table_set_one_blank_line_apart_with_one_header_over_its_columns() -> None:
    text = (
        "Die Verteilung zeigt die folgende Übersicht (Stand: 15.03.2020):\n\nBezirk\n\n"
        "Lehrerstellen davon besetzt\n\nNord\n\n12,0\n\n11,5\n\nSüd\n\n8,5\n\n8,0\n\nSo weit die Zahlen.\n"
    )
    rows = fact_rows(text, "2020-06-01")
    assert [(r["measure"], r["value"], r["unit"], r["period"]) for r in rows] == [
        ("teachers", 12.0, "FTE", "2020-03-15"),
        ("teachers", 11.5, "FTE", "2020-03-15"),
        ("teachers", 8.5, "FTE", "2020-03-15"),
        ("teachers", 8.0, "FTE", "2020-03-15"),
    ]


def test_a_table_of_amounts_with_an_empty_cell_and_a_rate_column() -> None:
    text = (
        "Kosten (jährlich ab 2021):\n\nStellenart\nAnzahl\nBetrag je Stelle\nGesamt\n"
        "Sozialarbeit\n3\n60.000 €\n180.000 €\nVerwaltung\n1\n45.000 €\n45.000 €\nSumme\n4\n\n225.000 €\n\n"
        "Die Mittel sind im Haushalt eingeplant.\n"
    )
    rows = fact_rows(text, "2020-11-01")
    assert [(r["measure"], r["value"], r["per_unit"], r["period"]) for r in rows] == [
        ("staff_positions", 3.0, False, "2021"),  # the label column's header names what is counted
        ("funding_eur", 60_000.0, True, "2021"),
        ("funding_eur", 180_000.0, False, "2021"),
        ("staff_positions", 1.0, False, "2021"),
        ("funding_eur", 45_000.0, True, "2021"),
        ("funding_eur", 45_000.0, False, "2021"),
        ("staff_positions", 4.0, False, "2021"),
        ("funding_eur", 225_000.0, False, "2021"),
    ]


def test_a_table_in_thousands_of_euros_with_years_as_columns() -> None:
    text = (
        "Auswirkungen in Tsd. €\n\nJahr\n\n2022\n\n2023\n\nAufwand\n\n120,5\n\n130,0\n\n"
        "Anteil Kreis\n\n40,5\n\n50,0\n\nDer Kreistag berät im Mai darüber.\n"
    )
    rows = fact_rows(text, "2021-09-01")
    assert [(r["measure"], r["value"], r["period"]) for r in rows] == [
        ("funding_eur", 120_500.0, "2022"),
        ("funding_eur", 130_000.0, "2023"),
        ("funding_eur", 40_500.0, "2022"),  # the money of the caption, not the "Kreis" of the row label
        ("funding_eur", 50_000.0, "2023"),
    ]


def test_qualifiers_through_amount_phrases_articles_and_prepositions() -> None:
    def quals(text: str) -> list[str]:
        return [r["qualifier"] for r in fact_rows(text)]

    assert quals("Gefördert wird bis zu einer Höhe von 40.000 €.") == ["at_most"]
    assert quals("Das Zentrum erhält rund eine halbe Million Euro.") == ["approx"]
    assert quals("Die Anträge laufen über die drei Bezirksregierungen.") == ["exact"]
    assert quals("Über die Hälfte der Mittel fließt in Sprachkurse.") == ["at_least"]
    assert quals("Der Rat streitet über zwei neue Stellen.") == ["exact"]


# --------------------------------------------------------------------------- second round: per unit and period


def test_a_per_unit_cue_reaches_over_figures_that_are_per_unit_by_it() -> None:
    def per_unit(text: str) -> list[tuple[float, bool]]:
        return [(r["value"], r["per_unit"]) for r in fact_rows(text)]

    assert per_unit("Das Land fördert je Zentrum 3 Stellen (2 Fachkräfte, 1 Verwaltungskraft).") == [
        (3.0, True),
        (2.0, True),
        (1.0, True),
    ]
    assert per_unit("Die Ausstattung je Zentrum wächst von bisher 3 auf 4 Stellen.") == [
        (3.0, True),
        (4.0, True),
    ]
    assert per_unit("Je Stelle gibt es bis zu 50.000 Euro, für die Leitung bis zu 80.000 Euro.") == [
        (50_000.0, True),
        (80_000.0, False),
    ]
    # a number that is no figure does not stand between a figure and its "je Stelle"
    assert per_unit("Die Zuwendung beträgt je Stelle für Fachkräfte (Entgeltgruppe S 12) 60.000 Euro.") == [
        (60_000.0, True)
    ]


def test_event_days_and_time_stamps_date_no_figure() -> None:
    rows = fact_rows(
        "Zum Kurs, der am 11. Januar beginnt, haben sich 40 Teilnehmende angemeldet.", "2020-01-05"
    )
    assert [r["period"] for r in rows] == ["2020-01-05"]
    rows = fact_rows("Anna schrieb am 8. Mai 2019 um 09:14: Es gibt jetzt zwei Lehrerstellen.", "2019-05-07")
    assert [r["period"] for r in rows] == ["2019-05-07"]


def test_an_age_after_a_copula_and_a_quoted_post_are_no_new_figures() -> None:
    assert facts("Die meisten unserer Helferinnen sind über 70, viele fahren kein Auto mehr.") == []
    post = "mir wurde gesagt, ab dem 1. März gibt es eine halbe Stelle für das Team in unserem Kreis."
    ex = extract(f"Hallo zusammen, {post}\n\nZitat von Anna {post}", "2020-01-01")
    assert [(f["measure"], f["value"]) for f in ex.facts] == [("staff_positions", 0.5)]


def test_elliptic_amounts_keep_the_scale_of_the_amount_before() -> None:
    rows = fact_rows("Das Land gab 2016 insgesamt 40 Millionen Euro; 2017 waren es 45.")
    assert [(r["measure"], r["value"]) for r in rows] == [("funding_eur", 40e6), ("funding_eur", 45e6)]
    assert facts("Für das Projekt gibt es 20.000 Euro, für die Schulen weitere 5.000.") == [
        ("funding_eur", 20_000.0, "EUR"),
        ("funding_eur", 5_000.0, "EUR"),
    ]
    assert facts("Gezahlt werden 5.000 Euro aus Mitteln des Kapitels 07 050.") == [
        ("funding_eur", 5_000.0, "EUR")
    ]


def test_a_relative_pronoun_takes_up_its_noun_and_davon_the_figure() -> None:
    assert facts("Es gibt 200 Euro für die Lotsinnen, von denen sich etwa 40 engagieren.") == [
        ("funding_eur", 200.0, "EUR"),
        ("people_count", 40.0, "count"),
    ]


def test_es_with_fillers_and_bounds_before_the_number() -> None:
    rows = fact_rows("Rund 40 Prozent der Kinder sind zugewandert, in Grundschulen sind es fast 50.")
    assert [(r["measure"], r["value"], r["qualifier"]) for r in rows] == [
        ("percent", 40.0, "approx"),
        ("percent", 50.0, "almost"),
    ]
    assert facts("Im Jahr kamen 900 Geflüchtete, im Vorjahr waren es noch rund 600.") == [
        ("people_count", 900.0, "count"),
        ("people_count", 600.0, "count"),
    ]


# --------------------------------------------------------------------------- third round: tables


def test_one_header_line_that_names_a_measure_per_column_is_one_header_per_column() -> None:
    # PDF text joins the two column headers into one wrapped line ("davon" starts lower-case)
    text = (
        "Die Ausstattung zum Stichtag 30.06.2019 zeigt die folgende Übersicht:\n\nKreis\n"
        "Stellen gesamt davon Lehrerstellen\nKreis Nord\n7,5\n2\nKreis Süd\n6\n1,5\n\nSoweit die Zahlen.\n"
    )
    rows = fact_rows(text, "2019-09-01")
    assert [(r["measure"], r["value"], r["unit"], r["period"]) for r in rows] == [
        ("staff_positions", 7.5, "FTE", "2019-06-30"),
        ("teachers", 2.0, "FTE", "2019-06-30"),  # the column's own noun wins over a generic "Stellen"
        ("staff_positions", 6.0, "FTE", "2019-06-30"),
        ("teachers", 1.5, "FTE", "2019-06-30"),
    ]
    # posts and persons side by side
    text = "Übersicht:\n\nBezirk\nLehrerstellen abgeordnete Lehrkräfte\nOst\n12\n14\nWest\n9,5\n10\n"
    assert [(r["measure"], r["unit"]) for r in fact_rows(text)] == [
        ("teachers", "FTE"),
        ("teachers", "count"),
    ] * 2


# --------------------------------------------------------------------------- third round: non-figures


@pytest.mark.parametrize(
    "text",
    [
        # a dot before one or two digits makes a code (German decimals take a comma); a hyphen code
        "Die Beratung findet in den Räumen C 1.04 bis C 1.09 statt.",
        "Runderlass des Ministeriums\n- 321-4.56.07 -\nVom 3. Mai 2019",
        # an outline number on a line of its own, a room by the end of its word
        "Förderrichtlinie\n\n2.3\nGefördert werden Personalausgaben.",
        "Die Sitzung fand im Ratssaal 3 des Rathauses statt.",
        # a paywall ends the article: the offer after it is the page's chrome
        "Der Kreis plant weiter.\n\nLesen Sie jetzt weiter mit Plus\n\nJetzt 6 Wochen für 1,99 € testen",
        # section numbers of an excerpt that starts at 4
        "4 Ausblick\n\nDas Zentrum plant viel.\n\n5 Anhang\n\nSiehe oben.",
        # weekly hours are a duration
        "Die Stelle umfasst 19,5 Wochenstunden.",
    ],
)
def test_codes_rooms_outlines_and_paywall_offers_are_no_figures(text: str) -> None:
    assert facts(text) == []


def test_running_heads_of_pdf_pages_are_page_numbers_and_paragraphs() -> None:
    raw = (
        "Bericht 2019 | Integrationszentrum Musterkreis          7\n\n\n"
        "Im Jahr 2019 wurden 212 Familien beraten.\n\n\n"
        "Bericht 2019 | Integrationszentrum Musterkreis          8\n\n\n"
        "Das Team umfasst neun Beschäftigte.\n"
    )
    text = normalise(raw)[0]
    assert "Musterkreis 7\n\nIm Jahr" in text
    assert facts(text, "2020-03-01") == [("people_count", 212.0, "count"), ("people_count", 9.0, "count")]


def test_a_figure_wrapped_before_its_currency_stays_one_sentence() -> None:
    raw = "Im Rahmen des Programms flossen 2019 insgesamt 84.250\nEuro an 14 Vereine im Kreis.\n"
    text = normalise(raw)[0]
    assert "84.250 Euro" in text
    rows = fact_rows(text, "2020-03-01")
    assert [(r["measure"], r["value"], r["period"]) for r in rows] == [
        ("funding_eur", 84_250.0, "2019"),
        ("other", 14.0, "2019"),
    ]


# --------------------------------------------------------------------------- third round: measures


def test_a_headline_ordinal_without_an_article_counts_centres() -> None:
    text = "Kreis Musterland eröffnet 51. Kommunales Integrationszentrum\n\nDer Landrat freut sich."
    assert facts(text) == [("ki_count", 51.0, "count")]


def test_feminine_role_nouns_and_articles_in_a_staff_list() -> None:
    assert facts("Dort beraten drei Lehrerinnen und eine Psychologin die Familien.") == [
        ("teachers", 3.0, "count"),
        ("people_count", 1.0, "count"),
    ]
    assert facts("Gesucht wird ein/e Sozialpädagoge/in (m/w/d) für das Team.") == [
        ("people_count", 1.0, "count")
    ]
    # an article after a clause that ends in a verb is no member of an enumeration
    assert facts("Der Rat hat mit 30 zu 8 Stimmen beschlossen, ein Integrationszentrum einzurichten.") == []


def test_a_batch_of_approvals_is_centres_to_come_a_running_count_of_approvals_districts() -> None:
    assert facts("Acht Kreise erhielten im Mai die Förderzusage für ein Integrationszentrum.") == [
        ("other", 8.0, "count")
    ]
    assert facts("Damit haben nun 30 Kreise eine Förderzusage für ein Integrationszentrum erhalten.") == [
        ("district_count", 30.0, "count")
    ]


def test_bare_posts_take_the_kind_of_post_named_last() -> None:
    text = (
        "Das Land gibt 40 Lehrerstellen. Die Lehrkräfte werden abgeordnet. Jede Schule erhält zwei Stellen."
    )
    assert facts(text) == [("teachers", 40.0, "FTE"), ("teachers", 2.0, "FTE")]
    text = (
        "Das Land gibt zwei Lehrerstellen. Der Kreis ergänzt eine halbe Verwaltungsstelle, sodass das Team "
        "5 Stellen einschließlich der Lehrkräfte hat."
    )
    assert facts(text) == [
        ("teachers", 2.0, "FTE"),
        ("staff_positions", 0.5, "FTE"),
        ("staff_positions", 5.0, "FTE"),
    ]


def test_a_noun_of_things_heads_its_phrase_and_votes_count_nobody() -> None:
    assert facts("Bisher haben 12 Schulen Kinder aus dem Ausland aufgenommen.") == [("other", 12.0, "count")]
    assert facts("Der Antrag wurde angenommen, drei Mitglieder enthielten sich.") == []


# --------------------------------------------------------------------------- third round: periods


def periods(text: str, date: str = "2020-05-04") -> list[tuple[float, str]]:
    return [(f["value"], f["period"]) for f in extract(text, date).facts]


def test_a_word_that_takes_up_a_figure_of_its_own_sentence_does_not_reach_back() -> None:
    text = "Das Zentrum gibt es seit 2014. Dort arbeiten 14 Mitarbeitende, davon drei Lehrkräfte."
    assert periods(text) == [(14.0, "2020-05-04"), (3.0, "2020-05-04")]
    text = "Im Jahr 2019 kamen 800 Kinder neu an. Heute leben 9.000 Geflüchtete im Kreis, viele von ihnen in Wohnungen."
    assert periods(text) == [(800.0, "2019"), (9000.0, "2020-05-04")]
    # the part of a figure before it ("25 davon", a range) still continues the sentence before
    text = "Im Jahr 2019 kamen 80 Kinder neu an. 25 davon gingen zur Grundschule."
    assert periods(text) == [(80.0, "2019"), (25.0, "2019")]


def test_the_same_reference_day_again() -> None:
    text = (
        "Zum Stichtag 1. März 2020 sind 120 Lehrerstellen zugewiesen. Auf diese Stellen sind zum selben "
        "Stichtag 131 Lehrkräfte abgeordnet. Die Stellen waren zum Stichtag mit 140 Personen besetzt."
    )
    assert periods(text) == [(120.0, "2020-03-01"), (131.0, "2020-03-01"), (140.0, "2020-03-01")]


def test_a_clause_that_adds_to_a_figure_takes_its_period() -> None:
    text = "Das Land gibt in diesem Jahr 12 Millionen Euro, hinzu kommen 90 Lehrerstellen."
    assert periods(text, "2021-06-01") == [(12_000_000.0, "2021"), (90.0, "2021")]
    text = "Für 2022 sind zwei Stellen geplant; bislang arbeiten dort 8 Stellen, hinzu kommen 0,5 Stellen."
    assert periods(text, "2021-06-01") == [(2.0, "2022"), (8.0, "2021-06-01"), (0.5, "2021-06-01")]
    text = "Im Jahr 2016 waren es 20 Kinder. Hinzu kamen zwei Lehrkräfte."
    assert periods(text, "2017-06-01") == [(20.0, "2016"), (2.0, "2016")]


def test_an_annual_amount_dates_its_own_sentence_only() -> None:
    text = "Die Kosten liegen bei jährlich 400.000 Euro; davon trägt das Land 60 Prozent."
    assert periods(text, "2019-03-01") == [(400_000.0, "2019"), (60.0, "2019")]
    text = "Die Kosten liegen bei 400.000 Euro pro Jahr. Das entspricht 0,5 Prozent des Haushalts."
    assert periods(text, "2019-03-01") == [(400_000.0, "2019"), (0.5, "2019-03-01")]


def test_a_sentence_after_a_table_continues_its_period() -> None:
    text = (
        "Für das Haushaltsjahr 2021 ergeben sich folgende Kosten:\n\nPosition\nStellen\nKosten (Tsd. Euro)\n"
        "Fachkräfte\n2,0\n120,0\nVerwaltung\n0,5\n25,0\n\nDavon trägt das Land rund 90.000 Euro.\n"
    )
    assert periods(text, "2020-10-01")[-1] == (90_000.0, "2021")


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("Seit Jahresbeginn sind 700 Kinder neu in die Stadt gekommen.", "2020"),
        ("Bis Jahresende rechnet die Stadt mit 900 Menschen.", "2020"),
        ("Zum Jahresende 2019 bestand das Team aus 12 Beschäftigten.", "2019"),
        ("Das Team wurde im Sommer um zwei Stellen verstärkt.", "2020"),
        ("Im ganzen Vorjahr waren es 310 Kinder.", "2019"),
        ("Die Mittel wurden im laufenden Haushaltsjahr um 3 Millionen Euro erhöht.", "2020"),
        ("Wo vor einem Jahr noch drei Menschen arbeiteten, sind es heute mehr.", "2019"),
        ("Jahresbericht 2019\n\nIm Berichtsjahr hat das Land 95.000 Euro bereitgestellt.", "2019"),
        ("Zum neuen Schuljahr erhält das Zentrum zwei Lehrerstellen.", "2020/2021"),
        ("Gewährt wird eine Pauschale von 8.000 Euro je Zentrum und Jahr.", "2020"),
        # a change since a season, a start to come: as of the document date
        ("Seit dem Sommer wurden die Sprechzeiten um ein Drittel ausgeweitet.", "2020-05-04"),
    ],
)
def test_points_and_parts_of_the_year_without_a_date(text: str, period: str) -> None:
    assert [p for _, p in periods(text)][-1] == period


def test_the_parts_of_a_whole_after_a_colon_or_in_brackets_take_its_period() -> None:
    text = (
        "Im März 2019 wurden 3,5 Stellen bewilligt: zwei Stellen für Beratung und anderthalb für Verwaltung."
    )
    assert periods(text) == [(3.5, "2019-03"), (2.0, "2019-03"), (1.5, "2019-03")]
    text = "Der Stellenplan 2021 wächst um 4 Stellen (drei Stellen Sozialarbeit, eine Stelle Verwaltung)."
    assert periods(text) == [(4.0, "2021"), (3.0, "2021"), (1.0, "2021")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an annual rate since a year is of the document's year; until a later year, each year up to it
        ("Die Förderung je Zentrum beträgt seit 2018 bis zu 95.000 Euro jährlich.", ["2020"]),
        ("Der Kreis erhält bis Ende 2023 jährlich 70.000 Euro.", ["2020/2023"]),
        # the date right after a figure is its own; the date right after another figure is that one's
        ("Die Zahl der Stellen stieg von 40 im Jahr 2016 auf 52 im Jahr 2019.", ["2016", "2019"]),
        # the date of a law or decree, the end of a term: no period of the figure
        ("Nach dem Integrationsgesetz von 2012 fördert das Land je Zentrum 3,5 Stellen.", ["2020-05-04"]),
        ("Derzeit werden aus dem Programm zwei Stellen finanziert, befristet bis Ende 2021.", ["2020-05-04"]),
        # a date in another main clause or in a condition
        ("Die Hälfte der Stellen ist besetzt; die übrigen sollen bis zum 1. Oktober folgen.", ["2020-05-04"]),
        (
            "Die Förderung steigt um zwei Stellen, wenn die Zahl der Kinder im Vorjahr gestiegen ist.",
            ["2020-05-04"],
        ),
        # a reference date in brackets after the figure; the relative clause of a figure
        ("Im Kreis leben 9.000 Menschen aus Syrien (Stand 31.12.2019).", ["2019-12-31"]),
        ("Im Jahr 2019 gab es 12 Kurse, an denen 150 Personen teilnahmen.", ["2019", "2019"]),
        # posts created since a year are a flow; a count of towns is a stock
        ("Seit 2017 wurden landesweit mehr als 300 Stellen geschaffen.", ["2017/2020"]),
        ("Das Zentrum unterstützt seit 2014 die zwölf Städte und Gemeinden des Kreises.", ["2020-05-04"]),
        # that year; since an event at a date
        ("2016 startete das Programm; allein in jenem Jahr kamen vier Zentren hinzu.", ["2016"]),
        ("Seit Kriegsbeginn Ende Februar sind 600 Kinder angekommen.", ["2020"]),
    ],
)
def test_which_date_gives_a_figure_its_period(text: str, expected: list[str]) -> None:
    assert [p for _, p in periods(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Die 52-jährige Leiterin kennt den Kreis gut.",
        "Zum Auftakt gibt es eine 2-tägige Schulung.",
        "Das Zentrum liegt nur 12 Kilometer vom Bahnhof entfernt.",
        "Die neuen Räume haben 180 Quadratmeter.",
        "Die Initiative „500 Lesepaten“ sucht noch Freiwillige.",
    ],
)
def test_ages_lengths_measurements_and_names_are_no_figures(text: str) -> None:
    assert facts(text) == []


def test_a_far_year_after_a_noun_is_a_name_and_a_deadline_dates_nothing() -> None:
    assert periods("Die Strategie Integration 2035 nennt fünf Handlungsfelder.", "2021-02-01") == [
        (5.0, "2021-02-01")
    ]
    assert periods("Die Bewerbungsfrist endet am 31. März, Stellenumfang 50 Prozent.", "2021-02-01") == [
        (50.0, "2021-02-01")
    ]
    assert facts("Das Team hat 7,5 Stellen, verteilt auf zehn Köpfe.") == [
        ("staff_positions", 7.5, "FTE"),
        ("people_count", 10.0, "count"),
    ]


def test_a_headline_wrapped_inside_a_name_or_after_a_preposition_is_one_line() -> None:
    raw = (
        "Ministerin: 80 Lehrerstellen für die Kommunalen\nIntegrationszentren zum neuen Schuljahr\n\n"
        "Die Kommunalen Integrationszentren erhalten Verstärkung.\n"
    )
    text = normalise(raw)[0]
    assert text.startswith("Ministerin: 80 Lehrerstellen für die Kommunalen Integrationszentren zum neuen")
    assert periods(text, "2020-06-10") == [(80.0, "2020/2021")]
    assert normalise("Mehr Geld für\nSchulen im Kreis\n\nText.")[0].startswith("Mehr Geld für Schulen")


def test_offices_named_with_stelle_are_no_posts() -> None:
    assert facts("Im Kreis gibt es fünf Beratungsstellen und 12 Anlaufstellen.") == [
        ("other", 5.0, "count"),
        ("other", 12.0, "count"),
    ]
    assert facts("Die Mittel sind auf der Kostenstelle 4711 gebucht.") == []


def test_parts_and_comparison_values_take_the_measure_of_their_whole() -> None:
    assert facts("Im KI arbeiten 16 Menschen, zwei davon als abgeordnete Lehrkräfte.") == [
        ("people_count", 16.0, "count"),
        ("teachers", 2.0, "count"),
    ]
    rows = fact_rows("Die Zahl der Seiteneinsteiger ist 2021 auf 940 gestiegen (2020: 810).", "2022-02-01")
    assert [(r["measure"], r["value"], r["period"]) for r in rows] == [
        ("people_count", 940.0, "2021"),
        ("people_count", 810.0, "2020"),
    ]
    text = "Das KI hat 20,5 Stellen, davon 4 Lehrerstellen. Hinzu kommen 2 Stellen aus dem Programm."
    assert facts(text) == [
        ("staff_positions", 20.5, "FTE"),
        ("teachers", 4.0, "FTE"),
        ("staff_positions", 2.0, "FTE"),
    ]
    text = "Finanzielle Auswirkungen:\nHaushaltsjahr 2022: 80.000 € (ab 01.07.2022)\nab 2023: 160.000 € p.a."
    assert periods(text, "2022-03-01") == [(80_000.0, "2022"), (160_000.0, "2023")]


def test_a_per_unit_cue_after_two_coordinated_figures_reaches_both() -> None:
    rows = fact_rows("Das Land finanziert 3,5 Stellen und zwei Lehrerstellen pro Zentrum.")
    assert [(r["value"], r["per_unit"]) for r in rows] == [(3.5, True), (2.0, True)]
    rows = fact_rows("Im Land gibt es 54 Integrationszentren und 3,5 Stellen je Zentrum.")
    assert [(r["value"], r["per_unit"]) for r in rows] == [(54.0, False), (3.5, True)]


def test_teachers_from_the_school_service_and_the_posts_they_share() -> None:
    assert facts("Im KI sind vier Pädagoginnen aus dem Schuldienst tätig.") == [("teachers", 4.0, "count")]
    assert facts("Zwei Kolleginnen aus dem Schuldienst verstärken das Team.") == [("teachers", 2.0, "count")]
    assert facts("Die drei Lehrkräfte teilen sich 2,5 Stellen.") == [
        ("teachers", 3.0, "count"),
        ("teachers", 2.5, "FTE"),
    ]
    # a social pedagogue is no teacher
    assert facts("Im KI arbeiten zwei Sozialpädagoginnen.") == [("people_count", 2.0, "count")]


def test_an_elliptic_number_before_a_prepositional_phrase_continues_the_figure_before() -> None:
    assert facts("Vier Stellen sind mit Sozialarbeiterinnen, zwei mit Verwaltungskräften besetzt.") == [
        ("staff_positions", 4.0, "FTE"),
        ("staff_positions", 2.0, "FTE"),
    ]


def test_the_part_of_the_possible_centres_that_exists_is_the_running_total() -> None:
    text = "Die Integrationszentren wachsen. Damit sind 50 von 54 möglichen Zentren eingerichtet."
    assert facts(text) == [("ki_count", 50.0, "count"), ("district_count", 54.0, "count")]


@pytest.mark.parametrize(
    "text",
    [
        "Cookie-Einstellungen: Wir nutzen 3 Arten von Cookies.\n\nDas Zentrum berät Familien.",
        "Das Zentrum berät Familien.\n\n© 2022 Kreis Musterland | Impressum",
        "Das Zentrum berät Familien. 2021 Kreis Musterland, Impressum.",
        "Digital-Abo ab 9,90 € im Monat – jetzt 4 Wochen gratis testen!\n\nDas Zentrum berät Familien.",
        "Das Zentrum berät Familien.\n\nAntworten · 4 Gefällt mir",
        "Rechtsgrundlage: Förderrichtlinie, Nr. 5.4; §§ 23, 44 und 45 LHO.",
        "Mehr dazu in Folge 17 unseres Podcasts.",
        "Kennziffer 32.1-17/24 | Interamt-Stellen-ID 1098765",
    ],
)
def test_cookie_banners_copyright_lines_and_years_before_a_district_are_no_figures(text: str) -> None:
    assert facts(text) == []


def test_page_clutter_rules_leave_the_figures_beside_them() -> None:
    assert facts("Der Kreis fördert die Abordnung von 2 Lehrkräften.") == [("teachers", 2.0, "count")]
    assert facts("Das KI hat in Folge 3 Jahre lang 40 Familien beraten.") != []
    assert ("funding_eur", 150000.0, "EUR") in facts("Nach § 44 LHO erhält das KI 150.000 Euro.")


# --------------------------------------------------------------------------- fourth round


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ihm helfen ein halbes Dutzend Lotsinnen.", [("people_count", 6.0, "count")]),
        ("Dazu kommen einem halben Dutzend Ehrenamtlichen.", [("people_count", 6.0, "count")]),
        ("Zur Feier kamen zwei Dutzend Gäste.", [("people_count", 24.0, "count")]),
        ("Zur Feier kam ein Dutzend Gäste.", [("people_count", 12.0, "count")]),
    ],
)
def test_a_numeral_before_dutzend_counts_dozens(text: str, expected: list) -> None:
    assert facts(text) == expected


def test_a_seconding_verb_of_the_next_conjunct_leaves_the_posts_before_it_alone() -> None:
    text = "Der Bund zahlt zweieinhalb Fachkraftstellen und ordnet drei Lehrerinnen an das Zentrum ab."
    assert facts(text) == [("staff_positions", 2.5, "FTE"), ("teachers", 3.0, "count")]
    assert facts("Das Land hat dem Zentrum vier Stellen abgeordnet.") == [("teachers", 4.0, "FTE")]


def test_a_short_bracketed_name_does_not_end_the_clause() -> None:
    text = "Ab Mai sollen zwei Lehrerinnen mit zusammen anderthalb Stellen an das Zentrum (ZfI) Musterstadt abgeordnet werden."
    assert facts(text) == [("teachers", 2.0, "count"), ("teachers", 1.5, "FTE")]


def test_a_year_column_with_a_note_heads_its_cells() -> None:
    text = (
        "Kosten im Überblick in Euro\nPosten\n2019 (ab 01.07.)\n2020\nPersonal\n80.000\n160.000\n"
        "Sachmittel\n5.000\n10.000\n\nDer Rat entscheidet im Herbst.\n"
    )
    rows = fact_rows(text, "2018-11-20")
    assert [(r["measure"], r["value"], r["period"]) for r in rows] == [
        ("funding_eur", 80_000.0, "2019"),
        ("funding_eur", 160_000.0, "2020"),
        ("funding_eur", 5_000.0, "2019"),
        ("funding_eur", 10_000.0, "2020"),
    ]


@pytest.mark.parametrize(
    ("caption", "period"),
    [
        ("Stand 3. März 2021", "2021-03-03"),
        ("Stichtag: 15. Mai 2021", "2021-05-15"),
        ("Stand: Mai 2021", "2021-05"),
    ],
)
def test_a_reference_date_with_a_month_name_dates_the_cells(caption: str, period: str) -> None:
    text = f"Lehrerstellen der Zentren, {caption}\nBezirk\nLehrerstellen\nNord\n12\nSüd\n9\n"
    rows = fact_rows(text, "2021-09-01")
    assert [(r["measure"], r["value"], r["period"]) for r in rows] == [
        ("teachers", 12.0, period),
        ("teachers", 9.0, period),
    ]


def per_units(text: str) -> list[tuple[float, bool]]:
    return [(r["value"], r["per_unit"]) for r in fact_rows(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a prepositional phrase between the noun and the cue
        ("Gefördert werden 2 Stellen für die Elternarbeit je Kreis.", [(2.0, True)]),
        ("Bewilligt sind drei Stellen beim Kommunalen Integrationszentrum pro Kommune.", [(3.0, True)]),
        # a cue after a coordinated fraction with its article reaches the figure before it
        (
            "Gefördert werden bis zu 2,5 Fachkraftstellen und eine halbe Stelle für die Verwaltung je Zentrum.",
            [(2.5, True), (0.5, True)],
        ),
        # "und je ..." opens a new conjunct, it is no rate of the figure before
        (
            "Der Zuschuss beträgt je Stelle 40.000 Euro und je Zentrum für Sachmittel 8.000 Euro.",
            [(40_000.0, True), (8_000.0, True)],
        ),
        # "insgesamt" of another figure before does not make a total of this one
        (
            "Der Preis ist mit insgesamt 3.000 Euro dotiert, jeder Verein erhält 1.000 Euro.",
            [(3_000.0, False), (1_000.0, True)],
        ),
        ("Insgesamt fließen 50.000 Euro an die Vereine.", [(50_000.0, False)]),
    ],
)
def test_per_unit_cues_in_funding_rules(text: str, expected: list) -> None:
    assert per_units(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Die Stadt hat 2019 eine unbefristete Stelle für die Elternarbeit eingerichtet.",
            [("staff_positions", 1.0, "FTE")],
        ),
        ("Der Kreis schafft eine neue Verwaltungsstelle.", [("staff_positions", 1.0, "FTE")]),
        ("Das Zentrum ist eine wichtige Anlaufstelle für Familien.", []),
    ],
)
def test_an_article_before_a_described_post_counts_it(text: str, expected: list) -> None:
    assert facts(text) == expected


def test_n_weitere_before_a_verb_leaves_out_the_noun_of_the_figure_before() -> None:
    text = "Das Land fördert die Kommunalen Integrationszentren. Heute arbeiten 40 Zentren, fünf weitere haben einen Antrag gestellt."
    assert facts(text) == [("ki_count", 40.0, "count"), ("other", 5.0, "count")]
    text = "Im Zentrum arbeiten zwölf Sozialarbeiterinnen, drei weitere sind ausgeschrieben."
    assert facts(text) == [("people_count", 12.0, "count"), ("people_count", 3.0, "count")]


def quals_of(text: str) -> list[tuple[float, str]]:
    return [(r["value"], r["qualifier"]) for r in fact_rows(text)]


def test_ueber_as_a_preposition_of_a_verb_and_as_a_bound() -> None:
    # "verfügen über" reaches no further than its clause: a relative clause has its own "über"
    text = "Das Zentrum verfügt über 9 Stellen – für einen Kreis, von denen über 30 Prozent zugewandert sind."
    assert quals_of(text) == [(9.0, "exact"), (30.0, "at_least")]
    # a verb at the clause end that takes "über"
    assert quals_of("Der Rat will bald über drei neue Stellen entscheiden.") == [(3.0, "exact")]
    assert quals_of("Das Land stellt über 50 Lehrerstellen zur Verfügung.") == [(50.0, "at_least")]


@pytest.mark.parametrize(
    "text",
    [
        "Abgedruckt sind die Nummern 2 bis 5 der Richtlinie.",
        "Die Richtlinie mit den Anlagen 1 bis 4 steht im Amtsblatt.",
        "Stellenangebot AB-KI-2023-204\nDas Zentrum sucht Verstärkung.",
        "Das Zentrum sucht Verstärkung.\n\nXY+ · Weiterlesen für 2 € im ersten Monat\n\nFür 5 Euro im Monat mehr lesen.",
    ],
)
def test_numbered_ranges_capital_codes_and_paywall_offers_are_no_figures(text: str) -> None:
    assert facts(text) == []


@pytest.mark.parametrize(
    "text",
    ["Mit den Lehrerinnen sind wir neun.", "Wir sind neun im Team.", "Im Frühjahr waren wir 9, sagt sie."],
)
def test_we_are_n_counts_people(text: str) -> None:
    assert facts(text) == [("people_count", 9.0, "count")]
