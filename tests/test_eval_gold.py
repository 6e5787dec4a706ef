"""The evaluation gold (tests/eval/) is well-formed, and the scorer counts correctly."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load_scorer():
    spec = importlib.util.spec_from_file_location("eval_extract", ROOT / "benchmarks" / "eval_extract.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_extract"] = module  # dataclasses look the module up by name
    spec.loader.exec_module(module)
    return module


ev = _load_scorer()
DOCS = {name: ev.load_gold(name) for name in ev.SETS}
ALL_DOCS = [d for docs in DOCS.values() for d in docs]
#: The sets written for the project (all but the seed releases in data/raw).
WRITTEN = [name for name in ev.SETS if name != "seeds"]
#: The first, clean sets were written to press-release length; the realistic ones (dev3 on) are pages.
CLEAN = ("dev", "dev2", "holdout", "holdout2")
FIELDS = {"measure", "value", "unit", "qualifier", "per_unit", "period", "text"}
PERIOD = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?")


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# --------------------------------------------------------------------------- gold files


def test_set_sizes():
    assert len(DOCS["dev"]) >= 15
    assert len(DOCS["holdout"]) == 10
    assert len(DOCS["dev"]) + len(DOCS["holdout"]) >= 25
    assert len({d.doc_id for d in ALL_DOCS}) == len(ALL_DOCS), "doc ids must be unique across sets"


def test_seeds_label_every_raw_document():
    raw_ids = {p.name[: -len(".txt")] for p in (ROOT / "data" / "raw").glob("*.txt")}
    assert {d.doc_id for d in DOCS["seeds"]} == raw_ids


def test_every_text_has_labels_and_vice_versa():
    for set_name in WRITTEN:
        folder = ROOT / "tests" / "eval" / set_name
        assert {p.stem for p in folder.glob("*.txt")} == {p.stem for p in folder.glob("*.yml")}
        for path in folder.glob("*.txt"):
            assert re.fullmatch(r"\d{2,3}_[a-z0-9-]+(_[a-z0-9-]+)*", path.stem), path.name


@pytest.mark.parametrize("doc", ALL_DOCS, ids=lambda d: d.doc_id)
def test_figures_follow_the_schema(doc):
    assert doc.figures, "every evaluation text has figures"
    assert doc.date is not None and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", doc.date)
    if doc.set_name in CLEAN:
        dt.date.fromisoformat(doc.date)  # the clean sets carry a full date; a real page may not
    for f in doc.figures:
        assert set(f) == FIELDS, f
        assert f["measure"] in ev.MEASURES, f
        assert f["unit"] in ev.MEASURE_UNITS[f["measure"]], f
        assert f["qualifier"] in ev.QUALIFIERS, f
        assert isinstance(f["per_unit"], bool), f
        assert isinstance(f["value"], float) and f["value"] > 0, f
        assert f["period"] is None or PERIOD.fullmatch(f["period"]), f
        if f["unit"] == "count":
            assert f["value"] == int(f["value"]), f


@pytest.mark.parametrize("doc", ALL_DOCS, ids=lambda d: d.doc_id)
def test_each_text_span_occurs_in_its_document(doc):
    collapsed = _collapse(doc.text)
    for f in doc.figures:
        assert f["text"] in doc.text or _collapse(f["text"]) in collapsed, f
        assert not f["text"].lower().startswith(("rund ", "über ", "fast ", "bis zu ", "knapp ")), f


@pytest.mark.parametrize("doc", [d for name in CLEAN for d in DOCS[name]], ids=lambda d: d.doc_id)
def test_new_texts_are_press_release_length(doc):
    assert 150 <= len(doc.text.split()) <= 600


def test_new_texts_do_not_copy_seed_sentences():
    # 12 words: longer than any shared proper name (the law's title has 11), shorter than a copied sentence.
    def shingles(text: str, n: int = 12) -> set[tuple[str, ...]]:
        words = re.findall(r"\w+", text.lower())
        return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}

    seed = set().union(*(shingles(d.text) for d in DOCS["seeds"]))
    for d in (d for name in WRITTEN for d in DOCS[name]):
        assert not shingles(d.text) & seed, d.doc_id


def test_new_texts_cover_the_number_forms():
    texts = "\n".join(d.text for d in DOCS["dev"] + DOCS["holdout"])
    lower = texts.lower()
    for form in [
        "Mio.",
        "Millionen",
        "Mrd.",
        "Milliarden",
        "Tausend",
        "EUR",
        "€",
        "Prozent",
        "%",
        "eineinhalb",
        "dreieinhalb",
        "halbe Stelle",
        "Hälfte",
        "zwölf",
        "bis zu rund",
        "jeweils",
        "pro Zentrum",
        "je Kommune",
        "zum dritten Mal",
        "50.",
        "§ 7",
        "Bündnis 90",
        "für drei Jahre",
        "für das kommende Jahr",
        "jährlich",
    ]:
        assert form.lower() in lower, form
    assert re.search(r"\d{1,3}\.\d{3},\d{2}", texts)  # 114.000,00
    assert re.search(r"\b\d{1,3} \d{3}\b", texts)  # 57 000
    assert re.search(r"\b\d{5} [A-ZÄÖÜ]", texts)  # postcode + town
    assert re.search(r"\w-\n\w", texts)  # hyphenation across a PDF line break
    assert "fast flächendeckend, in" in lower
    measures = {f["measure"] for d in DOCS["holdout"] for f in d.figures}
    assert measures == set(ev.MEASURES), "the holdout covers every measure"


def test_seed_gold_has_the_design_card_figures():
    facts = {
        (f["measure"], f["value"], f["qualifier"], f["per_unit"], f["period"])
        for d in DOCS["seeds"]
        for f in d.figures
    }
    for expected in [
        ("funding_eur", 39_400_000.0, "approx", False, "2016"),
        ("funding_eur", 19_600_000.0, "exact", False, "2016"),
        ("funding_eur", 14_500_000.0, "exact", False, "2016"),
        ("funding_eur", 5_300_000.0, "almost", False, "2016"),
        ("funding_eur", 9_830_000.0, "exact", False, "2013"),
        ("ki_count", 47.0, "exact", False, "2013-12-02"),
        ("district_count", 53.0, "exact", False, "2013-12-02"),
        ("ki_count", 49.0, "exact", False, "2015-12-09"),
        ("ki_count", 53.0, "exact", False, "2017"),
        ("district_count", 54.0, "exact", False, "2017"),
        ("staff_positions", 3.5, "exact", True, "2013-12"),
        ("teachers", 2.0, "exact", True, "2013-12"),
        ("teachers", 100.0, "at_least", False, "2013"),
    ]:
        assert expected in facts, expected


# --------------------------------------------------------------------------- scorer


def fact(doc="d1", measure="ki_count", value=47.0, qualifier="exact", per_unit=False, period="2013", **kw):
    return {
        "doc_id": doc,
        "measure": measure,
        "value": value,
        "qualifier": qualifier,
        "per_unit": per_unit,
        "period": period,
        **kw,
    }


def test_perfect_prediction_scores_one():
    gold = [fact(), fact(measure="funding_eur", value=9_830_000.0)]
    r = ev.score(gold, [dict(g) for g in gold])
    assert r["overall"] == {"tp": 2, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert r["attributes"]["period"] == {"correct": 2, "total": 2, "accuracy": 1.0}


def test_duplicates_are_matched_as_a_multiset():
    gold = [fact(), fact()]
    once = ev.score(gold, [fact()])
    assert once["overall"]["tp"] == 1 and once["overall"]["fn"] == 1 and once["overall"]["fp"] == 0
    thrice = ev.score(gold, [fact(), fact(), fact()])
    assert (thrice["overall"]["tp"], thrice["overall"]["fp"], thrice["overall"]["fn"]) == (2, 1, 0)
    assert thrice["overall"]["precision"] == pytest.approx(2 / 3)
    assert thrice["overall"]["f1"] == pytest.approx(0.8)


def test_value_tolerance_is_relative():
    gold = [fact(measure="funding_eur", value=9_830_000.0)]
    assert ev.score(gold, [fact(measure="funding_eur", value=9_830_000.000_01)])["overall"]["tp"] == 1
    assert ev.score(gold, [fact(measure="funding_eur", value=9_830_010.0)])["overall"]["tp"] == 0
    small = [fact(measure="staff_positions", value=0.5)]
    assert ev.score(small, [fact(measure="staff_positions", value=0.5000000001)])["overall"]["tp"] == 1
    assert ev.score(small, [fact(measure="staff_positions", value=0.5001)])["overall"]["tp"] == 0
    assert ev.values_match(100 / 3, 33.33333333)
    assert not ev.values_match(float("nan"), float("nan"))


def test_wrong_measure_is_a_false_positive_and_a_false_negative():
    r = ev.score([fact(measure="ki_count")], [fact(measure="district_count")])
    assert r["per_measure"]["ki_count"] == {
        "tp": 0,
        "fp": 0,
        "fn": 1,
        "precision": None,
        "recall": 0.0,
        "f1": None,
    }
    assert r["per_measure"]["district_count"]["fp"] == 1
    assert r["overall"]["f1"] == 0.0
    assert list(r["per_measure"]) == ["ki_count", "district_count"]  # vocabulary order


def test_matching_is_per_document():
    r = ev.score([fact(doc="a")], [fact(doc="b")])
    assert (r["overall"]["tp"], r["overall"]["fp"], r["overall"]["fn"]) == (0, 1, 1)


def test_attributes_are_compared_on_the_best_pairing():
    gold = [
        fact(measure="teachers", value=2.0, per_unit=True),
        fact(measure="teachers", value=2.0, per_unit=False),
    ]
    pred = [
        fact(measure="teachers", value=2.0, per_unit=False),
        fact(measure="teachers", value=2.0, per_unit=True),
    ]
    r = ev.score(gold, pred)
    assert r["attributes"]["per_unit"]["accuracy"] == 1.0
    wrong = ev.score([fact(qualifier="approx")], [fact(qualifier="exact")])
    assert wrong["overall"]["tp"] == 1
    assert wrong["attributes"]["qualifier"] == {"correct": 0, "total": 1, "accuracy": 0.0}


def test_periods_compare_as_iso_text():
    gold = [fact(period="2015-12-09"), fact(value=49.0, period="2016"), fact(value=50.0, period=None)]
    pred = [
        fact(period=dt.date(2015, 12, 9)),
        fact(value=49.0, period=2016),
        fact(value=50.0, period=float("nan")),
    ]
    assert ev.score(gold, pred)["attributes"]["period"]["accuracy"] == 1.0


def test_no_predictions_leaves_precision_undefined():
    r = ev.score([fact()], [])
    assert r["overall"]["precision"] is None and r["overall"]["recall"] == 0.0 and r["overall"]["f1"] is None
    assert "-" in ev.format_table("t", r)


def test_main_scores_an_injected_extractor_and_honours_min_f1(capsys):
    by_doc = {d.doc_id: d.figures for d in ALL_DOCS}

    def perfect(text, date, doc_id):
        return [dict(f) for f in by_doc[doc_id]]

    assert ev.main(["--set", "all", "--min-f1", "1.0"], extract_fn=perfect) == 0
    out = capsys.readouterr().out
    assert "== holdout: 10 documents" in out and "overall (micro)" in out
    assert ev.main(["--set", "dev", "--min-f1", "0.5", "-v"], extract_fn=lambda t, d, i: []) == 1
    out = capsys.readouterr().out
    assert out.count("FN  ") == sum(len(d.figures) for d in DOCS["dev"])
    assert ev.main(["--set", "seeds"], extract_fn=lambda t, d, i: []) == 0  # no threshold: exit 0


def test_seed_dates_come_from_the_sidecars():
    dates = {d.doc_id: d.date for d in DOCS["seeds"]}
    assert dates["2013-12_spd-mdl-dortmund_47-zentren"] == "2013-12"
    assert dates["2017_mkffi_sommertour-kreis-wesel"] == "2017"
    assert dates["2015-12-09_msw_kreis-dueren_web"] == "2015-12-09"


def test_partial_dates_keep_their_precision():
    assert ev.parse_partial_date("2013-12-02") == (dt.date(2013, 12, 2), "day")
    assert ev.parse_partial_date("2013-12") == (dt.date(2013, 12, 1), "month")
    assert ev.parse_partial_date("2017") == (dt.date(2017, 1, 1), "year")
    calls = []

    def with_precision(text, doc_date=None, doc_id="doc", *, date_precision="day"):
        calls.append((doc_date, date_precision))
        return {"facts": []}

    def without_precision(text, doc_date=None, doc_id="doc"):
        calls.append((doc_date,))
        return {"facts": []}

    ev._call_extract(with_precision, "t", "2017", "x")
    ev._call_extract(without_precision, "t", "2013-12", "x")
    assert calls == [(dt.date(2017, 1, 1), "year"), (dt.date(2013, 12, 1),)]
