"""Curation: confirm / correct / reject by fact id, checked against the document text."""

from __future__ import annotations

from pathlib import Path

import pytest

from ki_analysis import config
from ki_analysis.corpus import make_document
from ki_analysis.curation import apply_curation, load_curation
from ki_analysis.errors import InputError, KiError
from ki_analysis.extract import extract_corpus

TEXT = (
    "2016 wurden insgesamt rund 39,4 Millionen Euro bereitgestellt. Davon kamen 19,6 Millionen Euro aus den "
    "kommunalen Haushalten und fast 5,3 Millionen Euro waren Stiftungs- und Drittmittel."
)


def _Doc(doc_id: str, text: str):
    """An undated document (its figures get no period)."""
    return make_document(doc_id, text, {"date_precision": "year"}, f"data/raw/{doc_id}.txt")


@pytest.fixture()
def facts():
    return extract_corpus([_Doc("d", TEXT)], gazetteer=None)["facts"]


def fid(facts, value: float) -> str:
    return facts[facts.value == value].fact_id.iloc[0]


def test_empty_curation_marks_all_unreviewed(facts) -> None:
    out = apply_curation(facts, {"d": TEXT}, [])
    assert set(out.review_status) == {"unreviewed"}
    assert len(out) == len(facts) == 3
    assert "review_status" not in facts.columns  # the input is not changed


def test_confirm_and_reject(facts) -> None:
    cur = [
        {"fact_id": fid(facts, 39.4e6), "action": "confirm", "reason": "budget table", "reviewer": "AM"},
        {"fact_id": fid(facts, 19.6e6), "action": "reject", "reason": "double count", "reviewer": "AM"},
    ]
    out = apply_curation(facts, [_Doc("d", TEXT)], cur)
    assert list(out.review_status) == ["confirmed", "rejected", "unreviewed"]
    assert list(out.reviewed_by) == ["AM", "AM", ""]


def test_correct_points_to_its_span(facts) -> None:
    cur = [
        {
            "fact_id": fid(facts, 5.3e6),
            "action": "correct",
            "reason": "qualifier",
            "reviewer": "AM",
            "span": "fast 5,3 Millionen Euro",
            "set": {"qualifier": "exact", "period": 2016},
        }
    ]
    out = apply_curation(facts, {"d": TEXT}, cur)
    row = out[out.review_status == "corrected"].iloc[0]
    assert (row.qualifier, row.period) == ("exact", "2016")
    assert TEXT[row.start : row.end] == row.value_text == "fast 5,3 Millionen Euro"


def test_correct_value_must_be_in_the_span(facts) -> None:
    base = {"fact_id": fid(facts, 5.3e6), "action": "correct", "reason": "r", "reviewer": "AM"}
    ok = [{**base, "span": "5,3 Millionen Euro", "set": {"value": 5300000}}]
    assert apply_curation(facts, {"d": TEXT}, ok).value.tolist()[2] == 5.3e6
    with pytest.raises(KiError, match="never adds a figure"):
        apply_curation(
            facts, {"d": TEXT}, [{**base, "span": "5,3 Millionen Euro", "set": {"value": 5400000}}]
        )


@pytest.mark.parametrize(
    "entry, message",
    [
        ({"action": "confirm", "reason": "r", "reviewer": "x"}, "no fact_id"),
        ({"fact_id": "d:1-2:other", "action": "confirm", "reason": "r", "reviewer": "x"}, "no such fact"),
        ({"action": "approve", "reason": "r", "reviewer": "x"}, "action must be"),
        ({"action": "confirm", "reviewer": "x"}, "reason is required"),
        ({"action": "confirm", "reason": "r"}, "reviewer is required"),
        (
            {"action": "correct", "reason": "r", "reviewer": "x", "set": {"qualifier": "exact"}},
            "verbatim 'span'",
        ),
        (
            {
                "action": "correct",
                "reason": "r",
                "reviewer": "x",
                "span": "5,3 Mio. Euro",
                "set": {"qualifier": "exact"},
            },
            "does not occur verbatim",
        ),
        (
            {
                "action": "correct",
                "reason": "r",
                "reviewer": "x",
                "span": "39,4 Millionen Euro",
                "set": {"qualifier": "exact"},
            },
            "does not occur verbatim in the fact's sentence",
        ),
        (
            {
                "action": "correct",
                "reason": "r",
                "reviewer": "x",
                "span": "5,3 Millionen",
                "set": {"measure": "money"},
            },
            "measure 'money'",
        ),
        (
            {
                "action": "correct",
                "reason": "r",
                "reviewer": "x",
                "span": "5,3 Millionen",
                "set": {"start": 0},
            },
            "cannot set",
        ),
        (
            {
                "action": "correct",
                "reason": "r",
                "reviewer": "x",
                "span": "Stiftungs- und Drittmittel",
                "set": {"funder": "EU"},
            },
            "does not hold the fact's value",
        ),
        ({"action": "confirm", "reason": "r", "reviewer": "x", "span": "5,3"}, "only a correction"),
    ],
)
def test_bad_entries_are_named(facts, entry: dict, message: str) -> None:
    entry = (
        {"fact_id": fid(facts, 5.3e6), **entry}
        if "fact_id" not in entry and message != "no fact_id"
        else entry
    )
    with pytest.raises(KiError, match=message):
        apply_curation(facts, {"d": TEXT}, [entry])


def test_twice_is_an_error(facts) -> None:
    e = {"fact_id": fid(facts, 5.3e6), "action": "confirm", "reason": "r", "reviewer": "x"}
    with pytest.raises(KiError, match="twice"):
        apply_curation(facts, {"d": TEXT}, [e, e])


def test_load_curation(tmp_path: Path) -> None:
    assert load_curation(tmp_path / "missing.yml") == []
    p = tmp_path / "c.yml"
    p.write_text("", encoding="utf-8")
    assert load_curation(p) == []
    p.write_text("a: 1\n", encoding="utf-8")
    with pytest.raises(InputError, match="YAML list"):
        load_curation(p)
    p.write_text("- [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid YAML"):
        load_curation(p)


def test_the_project_curation_file_applies() -> None:
    from ki_analysis.corpus import read_corpus

    docs = read_corpus(config.paths().raw).documents
    facts = extract_corpus(docs, gazetteer=None)["facts"]
    out = apply_curation(facts, docs, load_curation(config.paths().curation))
    assert len(out) == len(facts)
