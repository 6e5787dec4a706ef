"""Extraction: the design card's figures on the seeds, each rule on its own, dispositions, bad input, CLI."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from ki_analysis import config
from ki_analysis.corpus import read_corpus
from ki_analysis.errors import InputError, KiError
from ki_analysis.extract.command import guess_doc_date, main, read_text_file
from ki_analysis.extract.facts import FACT_COLUMNS, extract, extract_corpus
from ki_analysis.vocab import codes

RAW = config.paths().raw


@pytest.fixture(scope="module")
def corpus():
    return read_corpus(RAW)


@pytest.fixture(scope="module")
def tables(corpus):
    return extract_corpus(corpus.documents, gazetteer=None)


def facts_of(text: str, date: str | dt.date | None = "2016-06-01", **kw) -> list[dict]:
    return extract(text, date, **kw).facts


def brief(text: str, date: str | dt.date | None = "2016-06-01") -> list[tuple]:
    return [
        (f["measure"], f["value"], f["qualifier"], f["per_unit"], f["period"]) for f in facts_of(text, date)
    ]


# --------------------------------------------------------------------------- seeds (design card)


def _fact(tables, doc: str, value_text: str, measure: str, nth: int = 0) -> dict:
    f = tables["facts"]
    rows = f[(f.doc_id == doc) & (f.value_text.str.startswith(value_text)) & (f.measure == measure)]
    assert len(rows) > nth, f"{doc}: no {measure} {value_text!r}"
    return rows.iloc[nth].to_dict()


W = "2017_mkffi_sommertour-kreis-wesel"
SPD = "2013-12_spd-mdl-dortmund_47-zentren"
MAIS = "2013-12-02_mais_laki-eroeffnung"


@pytest.mark.parametrize(
    "doc, text, measure, value, qualifier, period, funder",
    [
        (W, "39,4", "funding_eur", 39.4e6, "approx", "2016", ""),
        (W, "19,6", "funding_eur", 19.6e6, "exact", "2016", "kommunale Haushalte"),
        (W, "14,5", "funding_eur", 14.5e6, "exact", "2016", "Land"),
        (W, "5,3", "funding_eur", 5.3e6, "almost", "2016", "Stiftungs- und Drittmittel"),
        (MAIS, "9,83", "funding_eur", 9.83e6, "exact", "2013", "Land (Integrationsministerium)"),
        (SPD, "9,83", "funding_eur", 9.83e6, "exact", "2013", "Land (Integrationsministerium)"),
        (MAIS, "100", "teachers", 100.0, "at_least", "2013", "Land (Schulministerium)"),
        (SPD, "3,5", "staff_positions", 3.5, "exact", "2013-12", "Land (Integrationsministerium)"),
        (SPD, "zwei", "teachers", 2.0, "exact", "2013-12", "Land (Schulministerium)"),
        (W, "53", "ki_count", 53.0, "exact", "2017", ""),
        (W, "54", "district_count", 54.0, "exact", "2017", ""),
        ("2015-12-09_msw_kreis-dueren_web", "49", "ki_count", 49.0, "exact", "2015-12-09", ""),
        ("2015-12-09_msw_kreis-dueren_pdf", "49", "ki_count", 49.0, "exact", "2015-12-09", ""),
    ],
)
def test_design_card_figures(tables, doc, text, measure, value, qualifier, period, funder) -> None:
    f = _fact(tables, doc, text, measure)
    assert f["value"] == pytest.approx(value)
    assert (f["qualifier"], f["period"], f["funder"]) == (qualifier, period, funder)


def test_design_card_per_unit_and_annual(tables) -> None:
    assert _fact(tables, SPD, "3,5", "staff_positions")["per_unit"]
    assert _fact(tables, SPD, "zwei", "teachers")["per_unit"]
    assert not _fact(tables, SPD, "100", "teachers")["per_unit"]
    assert _fact(tables, MAIS, "9,83", "funding_eur")["is_annual"]
    # "investiert jährlich 9,83 Mio. €; das Schulministerium weitere Mittel für über 100 Lehrkräfte":
    # the second clause leaves the verb out and shares its "jährlich"
    assert _fact(tables, SPD, "100", "teachers")["is_annual"]
    assert "+annual" in _fact(tables, SPD, "100", "teachers")["rule"]


def test_jaehrlich_stays_in_its_clause_when_the_next_has_a_verb() -> None:
    f = facts_of("Das Land zahlt jährlich 9,83 Mio. €, der Bund gibt einmalig 3 Mio. €.")
    assert [x["is_annual"] for x in f] == [True, False]


@pytest.mark.parametrize("doc", [MAIS, SPD])
def test_47_of_53(tables, doc) -> None:
    f = tables["facts"]
    sel = f[(f.doc_id == doc) & f.rule.str.contains("partitive")]
    assert list(zip(sel.measure, sel.value)) == [("ki_count", 47.0), ("district_count", 53.0)]
    assert set(f[f.doc_id == doc].measure) >= {"ki_count", "district_count"}


def test_seed_facts_follow_the_contract(tables) -> None:
    f = tables["facts"]
    assert list(f.columns) == FACT_COLUMNS
    assert set(f.measure) <= set(codes("measure"))
    assert set(f.unit) <= set(codes("unit"))
    assert set(f.qualifier) <= set(codes("qualifier"))
    assert f.fact_id.is_unique
    for row in f.itertuples():
        assert row.quote[row.start - row.sentence_start : row.end - row.sentence_start] == row.value_text


def test_spans_index_the_normalised_text(corpus, tables) -> None:
    texts = {d.doc_id: d.text for d in corpus.documents}
    for row in tables["facts"].itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.value_text
        assert texts[row.doc_id][row.sentence_start : row.sentence_end] == row.quote
    for row in tables["numbers"].itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.text


def test_no_number_on_the_seed_corpus_is_unexplained(tables) -> None:
    nums = tables["numbers"]
    assert len(nums) > 40
    assert (nums.disposition != "unexplained").all(), nums[nums.disposition == "unexplained"]
    assert (nums[nums.disposition == "ignored"].reason != "").all()
    facts = nums[nums.disposition == "fact"]
    assert set(facts.fact_id) == set(tables["facts"].fact_id)


def test_seed_non_figures_have_named_reasons(tables) -> None:
    nums = tables["numbers"]
    reasons = dict(zip(nums.text + "@" + nums.doc_id, nums.reason))
    assert reasons[f"3118@{MAIS}"] == "phone"
    assert reasons[f"3127@{MAIS}"] == "fax"
    assert reasons[f"90@{W}"] == "party_name"
    assert reasons[f"001736398@{SPD}"] == "version"


def test_extract_corpus_is_deterministic(corpus) -> None:
    a = extract_corpus(corpus.documents, gazetteer=None)
    b = extract_corpus(list(reversed(corpus.documents)), gazetteer=None)
    for name in ("facts", "numbers", "dates"):
        assert a[name].to_csv(index=False) == b[name].to_csv(index=False)


# --------------------------------------------------------------------------- measures


@pytest.mark.parametrize(
    "text, measure, value",
    [
        ("Zurzeit arbeiten 49 Kommunale Integrationszentren in NRW.", "ki_count", 49.0),
        ("Mit Olpe erhält das 50. Kommunale Integrationszentrum seinen Bescheid.", "ki_count", 50.0),
        ("Die Zahl der Integrationszentren ist auf 51 gestiegen.", "ki_count", 51.0),
        ("Heute verfügen 53 der 54 Kreise über ein Kommunales Integrationszentrum.", "ki_count", 53.0),
        ("Die KI sollen in allen 53 Kreisen und kreisfreien Städten entstehen.", "district_count", 53.0),
        ("Das KI hat 3,5 Personalstellen.", "staff_positions", 3.5),
        ("Dazu kommt eine halbe Stelle für die Verwaltung.", "staff_positions", 0.5),
        ("Das KI erhält zwei Lehrkräfte.", "teachers", 2.0),
        ("Im Kreis engagieren sich 250 Ehrenamtliche.", "people_count", 250.0),
        ("Rund 1.800 Flüchtlinge leben in der Stadt.", "people_count", 1800.0),
        ("Knapp 40 % sind Kinder.", "percent", 40.0),
        ("Die Hälfte davon trägt das Land.", "percent", 50.0),
        ("Das Zentrum arbeitet in zwei Schwerpunkten.", "other", 2.0),
        ("Das KI berät Schulen in allen 17 Städten und Gemeinden des Kreises.", "other", 17.0),
        ("Die Länder verlangen vier Milliarden Euro.", "funding_eur", 4e9),
    ],
)
def test_measure(text: str, measure: str, value: float) -> None:
    got = [(f["measure"], f["value"]) for f in facts_of(text)]
    assert (measure, pytest.approx(value)) in got, got


def test_new_centres_are_not_the_total() -> None:
    (f,) = facts_of("Zum 1. Oktober sind zwei neue Zentren an den Start gegangen.")
    assert (f["measure"], f["rule"]) == ("other", "ki_new")
    text = "Die Kommunalen Integrationszentren wachsen. Damit gibt es nun 52 Zentren in Nordrhein-Westfalen."
    (f,) = facts_of(text)
    assert f["measure"] == "ki_count"
    (f,) = facts_of("Der Verein hat nun 52 Zentren.")  # without any KI in the text "Zentren" are not KI
    assert f["measure"] == "other"


def test_teacher_posts_are_fte() -> None:
    (f,) = facts_of("Das Land stellt 200 Lehrerstellen zur Verfügung.")
    assert (f["measure"], f["unit"]) == ("teachers", "FTE")


# --------------------------------------------------------------------------- qualifiers, per unit, period


@pytest.mark.parametrize(
    "text, qualifier",
    [
        ("Es gibt rund 40 Zentren.", "approx"),
        ("Es gibt ca. 40 Zentren.", "approx"),
        ("Es gibt über 40 Zentren.", "at_least"),
        ("Es gibt mehr als 40 Zentren.", "at_least"),
        ("Es gibt bis zu 40 Zentren.", "at_most"),
        ("Es gibt fast 40 Zentren.", "almost"),
        ("Das Land zahlt bis zu rund 173.000 Euro.", "at_most"),
        ("Die KI arbeiten fast flächendeckend, in 54 Kreisen.", "exact"),
        ("Es gibt insgesamt 40 Zentren.", "exact"),
    ],
)
def test_qualifier(text: str, qualifier: str) -> None:
    (f,) = facts_of(text)
    assert f["qualifier"] == qualifier


def test_range_bounds() -> None:
    got = brief("Vorgesehen sind zwischen 3 und 5 Stellen.")
    assert [(m, v, q) for m, v, q, _, _ in got] == [
        ("staff_positions", 3.0, "at_least"),
        ("staff_positions", 5.0, "at_most"),
    ]
    got = brief("Die Kosten liegen bei 250.000 bis 300.000 Euro im Jahr.")
    assert [(v, q, p) for _, v, q, _, p in got] == [
        (250000.0, "at_least", "2016"),
        (300000.0, "at_most", "2016"),
    ]


def test_list_shares_unit_and_per_unit() -> None:
    got = brief("Jede Kommune erhält 10.000, 15.000 oder 20.000 Euro.")
    assert got == [("funding_eur", v, "exact", True, "2016-06-01") for v in (10000.0, 15000.0, 20000.0)]


@pytest.mark.parametrize(
    "text, per_unit",
    [
        ("Das Ministerium fördert jeweils 3,5 Personalstellen.", True),
        ("Es gibt 2 Lehrerstellen pro Zentrum.", True),
        ("Je Kommune kommen bis zu 40.000 Euro hinzu.", True),
        ("Das Land fördert jedes Zentrum mit 173.000 Euro.", True),
        ("Das Zentrum erhält pro Jahr 180.000 Euro.", False),
        ("Je nach Größe erhält der Kreis 40.000 Euro.", False),
        ("Insgesamt werden 216 Stellen finanziert.", False),
    ],
)
def test_per_unit(text: str, per_unit: bool) -> None:
    (f,) = facts_of(text)
    assert f["per_unit"] is per_unit


@pytest.mark.parametrize(
    "text, period",
    [
        ("2016 wurden rund 39,4 Millionen Euro bereitgestellt.", "2016"),
        ("Das Land zahlt jährlich 9,83 Mio. €.", "2016"),
        ("Für das kommende Jahr sind 12 Millionen Euro eingeplant.", "2017"),
        ("Das Land stellt für drei Jahre 200 Lehrerstellen bereit.", "2016/2018"),
        ("Für die Jahre 2017 bis 2019 sind jährlich 15,2 Mio. € geplant.", "2017/2019"),
        ("Im vergangenen Jahr wurden 86 Projekte gefördert.", "2015"),
        ("Seit 2012 hat das Land rund 150 Millionen Euro investiert.", "2012/2016"),
        ("Stand: 31. März 2016 arbeiten 14 Fachkräfte im KI.", "2016-03-31"),
        ("Zum 1. Juli schafft die Stadt drei neue Stellen.", "2016-07-01"),
        ("Von den 2,4 Mio. Euro, die in diesem Jahr bereitstehen, kommen 480.000 Euro vom Land.", "2016"),
        ("Das Budget beträgt 3,4 Mio. EUR (2015: 3,1 Mio. EUR).", "2016-06-01"),
        ("Zurzeit arbeiten 49 Kommunale Integrationszentren.", "2016-06-01"),
        ("Im Dezember 2013 arbeiteten 47 Zentren, Ende 2015 waren es 49.", "2013-12"),
    ],
)
def test_period(text: str, period: str) -> None:
    f = facts_of(text)[0]
    assert f["period"] == period


def test_period_carries_over_a_breakdown() -> None:
    text = (
        "2016 wurden insgesamt rund 39,4 Millionen Euro bereitgestellt. Davon kamen 19,6 Millionen Euro "
        "aus den kommunalen Haushalten."
    )
    assert [f["period"] for f in facts_of(text, "2017")] == ["2016", "2016"]


def test_period_follows_the_document_precision() -> None:
    (f,) = facts_of("Es arbeiten 47 Zentren.", "2013-12")
    assert (f["period"], f["period_precision"]) == ("2013-12", "month")
    (f,) = facts_of("Es arbeiten 47 Zentren.", None)
    assert f["period"] == ""


# --------------------------------------------------------------------------- subject and funder


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    surface: str
    ags: str
    kind: str
    name: str


class _FakeGazetteer:
    """Knows one district; the real one lives in ki_analysis.corpus.gazetteer."""

    def find(self, text: str) -> list[_Match]:
        i = text.find("Kreis Wesel")
        return [] if i < 0 else [_Match(i, i + 11, "Kreis Wesel", "05170", "name", "Wesel")]


def test_subject_district_via_gazetteer() -> None:
    (f,) = facts_of("Im Kreis Wesel arbeiten 14 Fachkräfte.", gazetteer=_FakeGazetteer())
    assert (f["subject"], f["district_ags"]) == ("Wesel", "05170")
    (f,) = facts_of("In NRW arbeiten 49 Kommunale Integrationszentren.", gazetteer=_FakeGazetteer())
    assert (f["subject"], f["district_ags"]) == ("NRW", "")


def test_subject_programme() -> None:
    (f,) = facts_of("Für das Programm KOMM-AN NRW stehen 11,7 Mio. Euro bereit.")
    assert f["subject"] == "KOMM-AN NRW"


@pytest.mark.parametrize(
    "text, funder",
    [
        ("Das NRW-Integrationsministerium investiert 9,83 Mio. €.", "Land (Integrationsministerium)"),
        ("Weitere 96.000 Euro stammen aus dem Europäischen Sozialfonds.", "EU"),
        ("Der Bund gibt 3 Millionen Euro.", "Bund"),
        ("Davon kamen 19,6 Millionen Euro aus den kommunalen Haushalten.", "kommunale Haushalte"),
        ("Das Ministerium für Schule und Weiterbildung stellt 108 Lehrerstellen.", "Land (Schulministerium)"),
        ("Der Kreis stellt 85.000 € jährlich aus dem eigenen Haushalt bereit.", "kommunale Haushalte"),
    ],
)
def test_funder(text: str, funder: str) -> None:
    (f,) = facts_of(text)
    assert f["funder"] == funder


# --------------------------------------------------------------------------- non-figures


@pytest.mark.parametrize(
    "text, reason",
    [
        ("Telefon: 0211 855-3118", "phone"),
        ("Telefax 0211 855-3127", "fax"),
        ("Haroldstraße 4", "house_number"),
        ("Platz des Landtags 1, 40221 Düsseldorf", {"house_number", "postal_code"}),
        ("Sitz: 40213 Düsseldorf", "postal_code"),
        ("Beginn um 17 Uhr", "clock_time"),
        ("von 8.30 bis 12.00 Uhr", "clock_time"),
        ("Seite 2 von 4", "page_number"),
        ("Az. 312", "file_number"),
        ("Vorlage 16/4471", "file_number"),
        ("nach § 7 des Gesetzes", "law_section"),
        ("WebsoziCMS 3.9.9 - 001736398", "version"),
        ("Bündnis 90/Die Grünen", "party_name"),
        ("unter www.example.org/seite-12 abrufbar", "url"),
        ("per E-Mail an team-2016@stadt.de", "email"),
        ("Die Konferenz findet zum dritten Mal statt.", "ordinal_no_figure"),
        ("1. Ausgangslage", "list_enumeration"),
        ("mit 9 zu 6 Stimmen abgelehnt", "vote_tally"),
        ("Er ist seit 10 Jahren im Amt.", "duration"),
    ],
)
def test_non_figures(text: str, reason: str | set) -> None:
    ex = extract(text, "2016-06-01")
    assert ex.facts == []
    expected = reason if isinstance(reason, set) else {reason}
    assert ex.numbers and {n["reason"] for n in ex.numbers} == expected, ex.numbers
    assert {n["disposition"] for n in ex.numbers} == {"ignored"}


def test_dates_are_dispositioned_as_dates() -> None:
    ex = extract("Am 9. Dezember 2015 und seit 2012.", "2016-06-01")
    assert {(n["text"], n["disposition"]) for n in ex.numbers} == {
        ("9.", "date"),
        ("2015", "date"),
        ("2012", "date"),
    }
    assert [d["kind"] for d in ex.dates] == ["date", "since"]


# --------------------------------------------------------------------------- bad input


def test_empty_and_numberless() -> None:
    assert extract("", None).facts == []
    ex = extract("Keine Zahlen hier. Wirklich nicht.", None)
    assert (ex.facts, ex.numbers) == ([], [])


def test_malformed_numerals_are_recorded() -> None:
    ex = extract("Es gibt 1 ,5 Stellen und 1..000 Euro.", None)
    assert [(n["text"], n["disposition"], n["reason"]) for n in ex.numbers] == [
        ("1 ,5", "ignored", "unparsed_malformed"),
        ("1..000", "ignored", "unparsed_malformed"),
    ]


def test_huge_inputs_finish() -> None:
    ex = extract("9" * 100_000, None)
    assert ex.numbers[0]["reason"] == "unparsed_too_long"
    big = "Das Land zahlt 9,83 Mio. € an 49 Zentren. " * 2_500  # ~110 KB, one line
    ex = extract(big, "2016-01-01")
    # one sentence repeated verbatim: two facts, every later mention points at them
    assert len(ex.facts) == 2
    assert sum(r["disposition"] == "fact" for r in ex.numbers) == 5_000


@pytest.mark.slow
def test_ten_megabytes_finish(corpus) -> None:
    # ten megabytes of press-release text in one document (the seeds, over and over)
    one = "\n\n".join(d.text for d in corpus.documents)
    text = (one * (10_000_000 // len(one) + 1))[:10_000_000]
    ex = extract(text, "2016-01-01")
    assert sum(r["disposition"] == "fact" for r in ex.numbers) > 10_000


def test_document_date_strings() -> None:
    with pytest.raises(KiError):
        extract("x", "Dezember")
    assert guess_doc_date("Presse\n\nDüsseldorf, 9. Dezember 2015. Text") == dt.date(2015, 12, 9)
    assert guess_doc_date("Ohne Datum") is None


# --------------------------------------------------------------------------- files and CLI


def test_read_text_file_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_text_file(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="directory"):
        read_text_file(tmp_path)
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x89PNG\x00\x00\x01")
    with pytest.raises(InputError, match="binary"):
        read_text_file(binary)
    latin = tmp_path / "l.txt"
    latin.write_bytes("Es gibt 49 Zentren für Bürger.".encode("cp1252"))
    text, warnings = read_text_file(latin)
    assert "für" in text and warnings and "cp1252" in warnings[0]


def _args(files, date=None, as_json=True):
    return argparse.Namespace(files=[str(f) for f in files], date=date, json=as_json)


def test_cli_json(tmp_path: Path, capsys) -> None:
    p = tmp_path / "release.txt"
    p.write_text(
        "Düsseldorf, 9. Dezember 2015. Zurzeit arbeiten 49 Kommunale Integrationszentren in NRW.\n",
        encoding="utf-8",
    )
    assert main(_args([p])) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 1
    assert set(FACT_COLUMNS) <= set(rows[0])
    assert (rows[0]["measure"], rows[0]["value"], rows[0]["period"]) == ("ki_count", 49.0, "2015-12-09")
    assert main(_args([p], date="2016-01-31")) == 0
    assert json.loads(capsys.readouterr().out)["period"] == "2016-01-31"


def test_cli_table_and_errors(tmp_path: Path, capsys) -> None:
    p = tmp_path / "r.txt"
    p.write_text("Das Land zahlt jährlich 9,83 Mio. €.", encoding="utf-8")
    assert main(_args([p], date="2013-12-02", as_json=False)) == 0
    out = capsys.readouterr().out
    assert "funding_eur" in out and "9.830.000" in out and "1 figures" in out
    with pytest.raises(InputError, match="missing.txt"):
        main(_args([tmp_path / "missing.txt"]))
    with pytest.raises(KiError, match="YYYY-MM-DD"):
        main(_args([p], date="2.12.2013"))


def test_cli_through_the_ki_command(tmp_path: Path, capsys) -> None:
    from ki_analysis.cli import main as ki

    assert ki(["extract", str(tmp_path / "nope.txt")]) == 2
    assert "nope.txt" in capsys.readouterr().err


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Als 12. Kommune im Regierungsbezirk erhält Hamm ein Kommunales Integrationszentrum.",
            [("ki_count", 12.0, False)],
        ),
        ("Die Teilnahme kostet 40 Euro pro Teilnehmer.", [("funding_eur", 40.0, True)]),
        ("Dolmetscher erhalten 15 € je Stunde.", [("funding_eur", 15.0, True)]),
        ("In den Jahren 2019 bis 2021 stehen jeweils 5 Mio. Euro bereit.", [("funding_eur", 5e6, False)]),
        ("Die Mittel kommen zu zwei Dritteln vom Land.", [("percent", pytest.approx(66.666667), False)]),
        ("Im Rahmen der Agenda 2030 wurden 14 Projekte gestartet.", [("other", 14.0, False)]),
        ("Sie besuchen die Klasse 5 oder 6.", []),
        ("Es kamen doppelt so viele Kinder wie vor zwei Jahren.", []),
    ],
)
def test_more_forms(text: str, expected: list) -> None:
    assert [(f["measure"], f["value"], f["per_unit"]) for f in facts_of(text)] == expected


def test_current_school_year() -> None:
    (f,) = facts_of("Im laufenden Schuljahr werden 420 Kinder beraten.", "2016-06-01")
    assert f["period"] == "2015/2016"


def test_funders_in_a_gapped_sentence() -> None:
    f = facts_of("Das Land stellt dafür 3,2 Millionen Euro, die Kommunen weitere 1,1 Millionen Euro bereit.")
    assert [x["funder"] for x in f] == ["Land", "kommunale Haushalte"]


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_ALPHABET = (
    "0123456789 .,;:-–/()%€§@\n\tEuroMioMrdProzentjeweilsrundüberfastzweidreiHälfteKreiseZentrenStellen"
)


@given(st.text(alphabet=_ALPHABET, max_size=300), st.sampled_from([None, "2016", "2013-12", "2015-12-09"]))
@settings(max_examples=150, deadline=None)
def test_extract_never_raises_and_explains_spans(text: str, date: str | None) -> None:
    ex = extract(text, date)
    for n in ex.numbers:
        assert text[n["start"] : n["end"]] == n["text"]
        assert n["disposition"] in ("fact", "date", "ignored", "unexplained")
    for f in ex.facts:
        assert text[f["start"] : f["end"]] == f["value_text"]
        assert (
            f["measure"] in codes("measure")
            and f["unit"] in codes("unit")
            and f["qualifier"] in codes("qualifier")
        )


def test_mixed_and_odd_characters() -> None:
    text = "Es gibt 49\u00a0Zentren \ufeffund 9,83\u202fMio. € – Stra\u00dfe 5\u200b, \x0c 12 % fast 3,5 Stellen."
    ex = extract(text, "2016-01-01")
    assert {f["measure"] for f in ex.facts} >= {"funding_eur", "percent", "staff_positions"}


def test_period_follows_das_sind_and_von_ihnen() -> None:
    text = "Im Jahr 2015 kamen 300 Menschen. Das sind 20 Prozent mehr als 2014. Von ihnen sind 120 Kinder."
    assert [f["period"] for f in facts_of(text)] == ["2015", "2015", "2015"]


def test_sentences_joined_at_an_ordinal_keep_every_quote_right() -> None:
    """After "Als 12. Kommune" is joined back into one sentence, later figures still get their own
    sentence as quote (an index mix-up once crashed here or quoted the wrong sentence)."""
    text = (
        "Als 12. Kommune im Land erhält der Kreis ein Kommunales Integrationszentrum. "
        "Das Land fördert dort 3,5 Stellen. Der Kreis gibt jährlich 120.000 Euro dazu. "
        "Für Sprachkurse stehen weitere 40.000 Euro bereit."
    )
    ex = extract(text, "2016-03-01", "t")
    assert ex.facts, "the figures were found"
    for f in ex.facts:
        assert f["value_text"] in f["quote"], f
        assert text[f["sentence_start"] : f["sentence_end"]] == f["quote"]


# --------------------------------------------------------------------------- generalisation (dev2 classes)


def _m(text: str, date: str = "2016-06-01") -> list[tuple[str, float]]:
    return [(f["measure"], f["value"]) for f in facts_of(text, date)]


def test_fronted_partitive_base_and_part_with_a_centre() -> None:
    text = "Von den 53 Kreisen und kreisfreien Städten haben 47 ein Kommunales Integrationszentrum aufgebaut."
    assert _m(text) == [("district_count", 53.0), ("ki_count", 47.0)]


def test_missing_only_in_its_own_clause() -> None:
    text = (
        "Das Integrationszentrum Kleve ist neu. Damit haben nun 48 Kreise ein Zentrum, "
        "von den 53 Kreisen fehlen nur noch fünf."
    )
    assert _m(text) == [("ki_count", 48.0), ("district_count", 53.0), ("district_count", 5.0)]


def test_ordinal_place_with_a_loose_centre_cue() -> None:
    text = (
        "Das Kommunale Integrationszentrum ist beschlossen. Der Kreis Olpe erhält damit als 30. Kreis "
        "ein solches Zentrum."
    )
    assert _m(text) == [("ki_count", 30.0)]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Das Land hat 60 Lehrerstellen zugewiesen, davon sind knapp 50 besetzt.",
            [("teachers", 60.0, "FTE"), ("teachers", 50.0, "FTE")],
        ),
        (
            "Sie bewilligten 12 Stellen, von denen bislang 9 besetzt sind.",
            [("staff_positions", 12.0, "FTE"), ("staff_positions", 9.0, "FTE")],
        ),
        (
            "Es gibt 10 Euro für die Ehrenamtlichen, von denen sich etwa 300 engagieren.",
            [("funding_eur", 10.0, "EUR"), ("people_count", 300.0, "count")],
        ),
    ],
)
def test_bare_number_takes_the_noun_it_refers_back_to(text: str, expected: list) -> None:
    assert [(f["measure"], f["value"], f["unit"]) for f in facts_of(text)] == expected


def test_change_figure_takes_the_measure_of_the_figure_before() -> None:
    text = "Angemeldet wurden 900 Seiteneinsteiger, etwa 200 mehr als im Vorjahr."
    assert _m(text) == [("people_count", 900.0), ("people_count", 200.0)]


def test_from_to_change_takes_the_noun_of_the_target() -> None:
    assert _m("Das Team wächst von 6 auf 9 Stellen.") == [("staff_positions", 6.0), ("staff_positions", 9.0)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Der Kreisausschuss berät unter Tagesordnungspunkt 7 über das Zentrum.", []),
        ("Das Programm läuft in 40 Kindertageseinrichtungen.", [("other", 40.0)]),
        ("Es gibt 12 Elterngruppen und 30 Mütter.", [("other", 12.0), ("people_count", 30.0)]),
        ("In 4 Nachbarkreisen gibt es Beratung.", [("district_count", 4.0)]),
    ],
)
def test_compound_heads_and_institutions(text: str, expected: list) -> None:
    assert _m(text) == expected


def test_annaehernd_is_approx() -> None:
    assert brief("Eingeplant sind annähernd 17 Mio. Euro.")[0][2] == "approx"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Jeder Verein erhält 500 Euro pro Jahr und Projekt.", True),
        ("Vereine können Zuschüsse von 500, 800 oder 1.000 Euro beantragen.", True),
        ("Höchstens 20 Personen können pro Gruppe teilnehmen.", True),
        ("Die Kosten von 50.000 Euro je Stelle trägt zu 70 Prozent das Land.", False),
    ],
)
def test_per_unit_cues(text: str, expected: bool) -> None:
    assert facts_of(text)[-1]["per_unit"] is expected


@pytest.mark.parametrize(
    "text, date, period",
    [
        # the clause a "von ihnen"/"davon" clause refers to carries its date
        (
            "Im laufenden Jahr kamen 900 Geflüchtete, fast die Hälfte von ihnen sind Kinder.",
            "2016-06-01",
            "2016",
        ),
        (
            "Zum Stichtag 1. Mai 2016 gab es 80 Lehrerstellen, davon sind 70 besetzt.",
            "2016-06-01",
            "2016-05-01",
        ),
        # "dafür"/"daran" carry the previous sentence's date to money and people, not to counts of things
        (
            "Die Stadt fördert in diesem Jahr Projekte. Der Rat hat dafür 30.000 Euro beschlossen.",
            "2017-05-01",
            "2017",
        ),
        ("Im Vorjahr gab es ein Fest. Daran nahmen 400 Menschen teil.", "2017-05-01", "2016"),
        (
            "Im Vorjahr kamen viele Familien. Dafür hat der Kreis 3 Stellen geschaffen.",
            "2017-05-01",
            "2017-05-01",
        ),
        # an event day attached to a noun dates the event, not the figure
        ("Zur Ratssitzung am 24. Oktober fordert die Fraktion drei Stellen.", "2018-10-04", "2018-10-04"),
        ("Die Fraktion schafft zum 1. November drei Stellen.", "2018-10-04", "2018-11-01"),
        # a comparison base is no period
        (
            "Es gab 1.900 Beratungen im ersten Halbjahr 2018, 14 Prozent mehr als im gleichen Zeitraum des Vorjahres.",
            "2018-10-04",
            "2018",
        ),
        ("Ab 2016 stehen für drei Jahre insgesamt 18 Mio. Euro bereit.", "2015-11-26", "2016/2018"),
        ("Seit dem Projektstart 2014 wurden 200 Lotsen ausgebildet.", "2015-12-15", "2014/2015"),
    ],
)
def test_period_rules(text: str, date: str, period: str) -> None:
    assert facts_of(text, date)[-1]["period"] == period


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Der Antrag wurde mit 12 zu 3 Stimmen bei zwei Enthaltungen angenommen.", []),
        ("Es gab drei Gegenstimmen.", []),
        ("Das Land stellt 1,2 Mrd. für Integration bereit.", [("funding_eur", 1.2e9)]),
        ("Bereits 2,5 Mio. sind hier.", [("other", 2.5e6)]),  # "bereits" is no money verb
    ],
)
def test_vote_tallies_and_bare_scaled_money(text: str, expected: list) -> None:
    assert _m(text) == expected


def test_percentage_points_are_percent() -> None:
    assert [
        (f["measure"], f["value"], f["unit"]) for f in facts_of("Die Quote stieg um 3 Prozentpunkte.")
    ] == [("percent", 3.0, "percent")]
