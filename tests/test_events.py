"""Mentions, programmes and events from the normalised texts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from ki_analysis.corpus import Document, make_document, read_corpus
from ki_analysis.corpus.gazetteer import Gazetteer
from ki_analysis.extract import extract_corpus
from ki_analysis.extract.events import (
    EVENT_COLUMNS,
    MENTION_COLUMNS,
    PROGRAMME_COLUMNS,
    event_tables,
    events_table,
    find_people,
    find_programmes,
    programmes_table,
)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.from_reference(ROOT / "data" / "reference")


@pytest.fixture(scope="module")
def seeds(gaz):
    docs = read_corpus(ROOT / "data" / "raw").documents
    return docs, event_tables(docs, gaz, extract_corpus(docs, gaz)["dates"])


def doc(text: str, doc_id: str = "t", date: str = "2017-08-01") -> Document:
    return make_document(
        doc_id, text, {"date_published": date, "date_precision": "day"}, f"data/raw/{doc_id}.txt"
    )


def test_columns(seeds) -> None:
    _, t = seeds
    assert list(t["mentions"].columns) == MENTION_COLUMNS
    assert list(t["programmes"].columns) == PROGRAMME_COLUMNS
    assert list(t["events"].columns) == EVENT_COLUMNS
    assert t["events"]["event_id"].is_unique


def test_mentions_carry_spans_and_sentences(seeds) -> None:
    docs, t = seeds
    by_id = {d.doc_id: d for d in docs}
    for r in t["mentions"].itertuples():
        text = by_id[r.doc_id].text
        assert text[r.start : r.end] == r.surface
        assert r.sentence_start <= r.start < r.end <= r.sentence_end
        assert r.quote == text[r.sentence_start : r.sentence_end]  # the passage a report quotes
    wesel = t["mentions"][t["mentions"]["doc_id"] == "2017_mkffi_sommertour-kreis-wesel"]
    assert {"05170", "05954", "05334", "05711"} <= set(wesel["district_ags"])


def test_programmes_found_by_pattern() -> None:
    text = (
        "Im Kreis Düren gehören dazu das Programm „SmiLe – Sprachliche Bildung mit individuellem "
        "Lernerfolg“ oder der „Ehrenamtliche Dolmetscherdienst“. Sie kommen aus den Regionalen "
        "Arbeitsstellen für Kinder und Jugendliche aus Zuwandererfamilien (RAA). Die Kommunalen "
        "Integrationszentren (KI) und Ringo Schoepke (Fachkraft Förderprogramm KOMM-AN NRW) sowie "
        "Dr. Andreas Deimann (MKFFI NRW). Das Landesprogramm „Fit für Vielfalt“ startet."
    )
    names = [p.programme for p in find_programmes(text)]
    assert names == ["SmiLe", "Ehrenamtliche Dolmetscherdienst", "RAA", "KOMM-AN NRW", "Fit für Vielfalt"]
    bodies = (
        "Das Ministerium für Kultur und Wissenschaft (MKW) und das Bundesamt für Migration und "
        "Flüchtlinge (BAMF) fördern mit dem Landesintegrationsrat (LIR) das Netzwerk Sprache (NeSp)."
    )
    assert [p.programme for p in find_programmes(bodies)] == ["NeSp"]
    raa = [p for p in find_programmes(text) if p.programme == "RAA"][0]
    assert text[raa.start : raa.end].startswith("Regionalen Arbeitsstellen")


def test_programme_mentions_and_district(seeds) -> None:
    _, t = seeds
    p = t["programmes"]
    assert {"SmiLe", "Ehrenamtliche Dolmetscherdienst", "RAA", "LaKI", "KOMM-AN NRW"} <= set(p["programme"])
    smile = p[p["programme"] == "SmiLe"]
    assert set(smile["district_ags"]) == {"05358"}
    assert "MKFFI NRW" not in set(p["programme"])


def test_later_uses_of_a_short_name_are_mentions(gaz) -> None:
    d = doc(
        "Die Landesweite Koordinierungsstelle Kommunale Integrationszentren (LaKI) berät. Die LaKI sitzt in Dortmund."
    )
    p = programmes_table([d], gaz)
    assert list(p["programme"]) == ["LaKI", "LaKI"]
    assert p.iloc[1]["surface"] == "LaKI" and p.iloc[1]["district_ags"] == "05913"


def test_people_with_roles() -> None:
    text = (
        "Schulministerin Sylvia Löhrmann und Landrat Dr. Ansgar Müller trafen sich. "
        "Ministerin Löhrmann sprach. Der Regierungspräsident Gerd Bollermann auch."
    )
    labels = [p.label() for p in find_people(text)]
    assert labels == [
        "Sylvia Löhrmann (Schulministerin)",
        "Dr. Ansgar Müller (Landrat)",
        "Sylvia Löhrmann (Ministerin)",
        "Gerd Bollermann (Regierungspräsident)",
    ]


def test_sommertour_done_and_planned_visits(seeds) -> None:
    _, t = seeds
    ev = t["events"]
    wesel = ev[ev["doc_id"] == "2017_mkffi_sommertour-kreis-wesel"]
    planned = wesel[wesel["event_type"] == "visit_planned"]
    done = wesel[wesel["event_type"] == "visit_done"]
    assert set(planned["place"]) == {
        "Ennepe-Ruhr-Kreis",
        "Kreis Herford",
        "Düsseldorf",
        "Hochsauerlandkreis",
        "Kreis Heinsberg",
        "Kreis Unna",
        "Rhein-Sieg-Kreis",
        "Solingen",
    }
    assert planned["is_planned"].all() and planned["date"].isna().all()
    assert set(done["place"]) == {"Kreis Wesel", "Aachen", "Münster", "Herne", "Bielefeld"}
    assert not done["is_planned"].any()
    assert set(wesel.loc[wesel["event_type"].str.startswith("visit"), "people"]) == {
        "Serap Güler (Integrationsstaatssekretärin)"
    }


def test_visit_dates_follow_their_place(seeds) -> None:
    _, t = seeds
    ev = t["events"].set_index("place")
    assert ev.loc["Mülheim", "date"] == "2015-10-01" and ev.loc["Mülheim", "date_precision"] == "month"
    duren = t["events"][
        (t["events"]["district_ags"] == "05358") & (t["events"]["event_type"] == "visit_done")
    ]
    assert list(duren["date"]) == ["2015-12-09"]
    # web and PDF edition report one visit
    assert (
        duren.iloc[0]["source_doc_ids"] == "2015-12-09_msw_kreis-dueren_pdf; 2015-12-09_msw_kreis-dueren_web"
    )


def test_office_law_and_funding(seeds) -> None:
    _, t = seeds
    ev = t["events"]
    opened = ev[ev["event_type"] == "office_opened"]
    assert len(opened) == 1
    o = opened.iloc[0]
    assert (o["date"], o["district_ags"]) == ("2013-12-02", "05913")
    assert "Sylvia Löhrmann" in o["people"] and "Guntram Schneider" in o["people"]
    assert o["source_doc_ids"] == "2013-12-02_mais_laki-eroeffnung; 2013-12_spd-mdl-dortmund_47-zentren"
    funding = ev[ev["event_type"] == "funding_approved"].iloc[0]
    assert (funding["date"], funding["date_precision"], funding["district_ags"]) == (
        "2013-07-01",
        "month",
        "05913",
    )
    laws = ev[ev["event_type"] == "law_passed"]
    assert set(laws["date"]) == {"2012-06-01", "2012-01-01"}
    assert laws["district_ags"].isna().all()


def test_events_without_dates_table_use_document_date(gaz) -> None:
    d = doc("Dabei besuchte die Ministerin Anna Beispiel das Kommunale Integrationszentrum im Kreis Kleve.")
    ev = events_table([d], None, gaz)
    assert list(ev["event_type"]) == ["visit_done"]
    assert ev.iloc[0]["date"] == "2017-08-01" and ev.iloc[0]["district_ags"] == "05154"
    assert ev.iloc[0]["people"] == "Anna Beispiel (Ministerin)"


def test_no_events_in_plain_text(gaz) -> None:
    d = doc("Die Zentren arbeiten gut. Das ist wichtig.")
    t = event_tables([d], gaz, extract_corpus([d], gaz)["dates"])
    assert t["events"].empty and t["programmes"].empty and t["mentions"].empty
    assert list(t["events"].columns) == EVENT_COLUMNS


def test_deterministic(seeds, gaz) -> None:
    docs, t = seeds
    again = event_tables(list(reversed(docs)), gaz, extract_corpus(docs, gaz)["dates"])
    for name in t:
        pd.testing.assert_frame_equal(t[name], again[name])


def test_no_documents_give_empty_tables(gaz) -> None:
    t = event_tables([], gaz, extract_corpus([], gaz)["dates"])
    assert all(df.empty for df in t.values())
    assert list(t["events"].columns) == EVENT_COLUMNS


def test_openings_per_place_planned_and_undated_headlines_fold(gaz) -> None:
    d = doc(
        "Minister übergibt Förderbescheid: Kreis Lippe erhält ein Zentrum\n\n"
        "Minister Max Muster hat heute in Lippe den Förderbescheid für das Zentrum überreicht. "
        "Die Arbeit beginnt am 1. März 2018 im Kreishaus. "
        "Mit den Kreisen Borken und Steinfurt sind zum 1. Oktober zwei neue Zentren an den Start gegangen. "
        "Der Kreis Olpe will im kommenden Jahr ein Kommunales Integrationszentrum einrichten. "
        "In allen Kreisen wurden Zentren eingerichtet.",
        date="2017-06-01",
    )
    ev = event_tables([d], gaz, extract_corpus([d], gaz)["dates"])["events"]
    got = [
        (r.event_type, r.date, None if pd.isna(r.place) else r.place, r.is_planned) for r in ev.itertuples()
    ]
    assert got == [
        ("funding_approved", "2017-06-01", "Lippe", False),  # the undated headline folded into it
        ("office_opened", "2018-03-01", None, False),
        ("office_opened", "2017-10-01", "Borken", False),
        ("office_opened", "2017-10-01", "Steinfurt", False),
        ("office_opened", "2018-01-01", "Kreis Olpe", True),
    ]
