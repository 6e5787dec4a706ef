"""District matching and look-up against data/reference."""

from __future__ import annotations

from pathlib import Path

import pytest

from ki_analysis.corpus.gazetteer import Gazetteer, default_gazetteer, find_districts, resolve_district
from ki_analysis.errors import InputError, KiError

REF = Path(__file__).resolve().parent.parent / "data" / "reference"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.from_reference(REF)


def found(gaz: Gazetteer, text: str) -> list[tuple[str, str, str]]:
    return [(m.surface, m.ags, m.kind) for m in gaz.find(text)]


def test_reference_loads_53_districts_with_text_ags(gaz: Gazetteer) -> None:
    assert len(gaz.ags_codes) == 53
    assert all(isinstance(a, str) and len(a) == 5 and a.startswith("05") for a in gaz.ags_codes)
    d = gaz.district("05111")
    assert d["name"] == "Düsseldorf" and d["name_official"] == "Landeshauptstadt Düsseldorf"
    assert d["type"] == "kreisfreie Stadt" and d["regierungsbezirk"] == "Düsseldorf"
    assert isinstance(d["population"], int) and d["population"] > 500_000
    assert isinstance(d["area_km2"], float) and d["stats_date"] == "2021-12-31"


def test_longest_alias_wins(gaz: Gazetteer) -> None:
    assert found(gaz, "im Rhein-Kreis Neuss") == [("Rhein-Kreis Neuss", "05162", "canonical")]
    assert found(gaz, "das KI Kreis Wesel") == [("KI Kreis Wesel", "05170", "ki_name")]
    assert found(gaz, "Die Stadt Aachen hat ein eigenes KI.") == [("Stadt Aachen", "05334", "part")]


def test_spans_index_the_text(gaz: Gazetteer) -> None:
    text = "Weitere Stationen sind Ennepe-Ruhr-Kreis, Kreis Herford und Düsseldorf."
    for m in gaz.find(text):
        assert text[m.start : m.end] == m.surface
    assert [m.ags for m in gaz.find(text)] == ["05954", "05758", "05111"]


def test_case_sensitive_and_whole_words(gaz: Gazetteer) -> None:
    assert found(gaz, "Wir essen gemeinsam.") == []
    assert found(gaz, "Die Dortmunder Abgeordneten") == []
    assert found(gaz, "In Mönchengladbach") == [("Mönchengladbach", "05116", "canonical")]
    assert found(gaz, "in Essen-Steele") == [("Essen", "05113", "canonical")]


def test_regierungsbezirk_is_never_a_district(gaz: Gazetteer) -> None:
    text = "Die Bezirksregierung Düsseldorf und der Regierungsbezirk Köln sowie Reg.-Bez. Münster."
    assert found(gaz, text) == []
    assert found(gaz, "die Bezirksregierung Köln in Köln") == [("Köln", "05315", "canonical")]


def test_ambiguous_names_need_context(gaz: Gazetteer) -> None:
    assert found(gaz, "Aachen ist schön.") == []
    assert found(gaz, "Sie war in Aachen.") == [("Aachen", "05334", "ambiguous")]
    assert found(gaz, "nach Mülheim Ende Oktober") == [("Mülheim", "05117", "ambiguous")]
    assert found(gaz, "Köln-Mülheim") == [("Köln", "05315", "canonical")]
    assert found(gaz, "in Bergisch Gladbach") == []
    # a list next to an accepted district is context enough
    text = "Stationen: Düsseldorf, Siegen und Neuss."
    assert [m.surface for m in gaz.find(text)] == ["Düsseldorf", "Siegen", "Neuss"]


def test_abbreviations_need_context(gaz: Gazetteer) -> None:
    assert found(gaz, "EN und MK sind Kennzeichen.") == []
    assert found(gaz, "im Hochsauerlandkreis (HSK)") == [
        ("Hochsauerlandkreis", "05958", "canonical"),
        ("HSK", "05958", "abbreviation"),
    ]
    assert found(gaz, "im Kreis EN") == [("EN", "05954", "abbreviation")]


def test_resolve_names_aliases_and_ags(gaz: Gazetteer) -> None:
    assert gaz.resolve("05334") == "05334"
    assert gaz.resolve("5111") == "05111"
    assert gaz.resolve("Kreis Düren") == "05358"
    assert gaz.resolve("kreis dueren") == "05358"
    assert gaz.resolve("Cologne") == "05315"
    assert gaz.resolve("Stadt Aachen") == "05334"


def test_resolve_unknown_lists_closest_names(gaz: Gazetteer) -> None:
    with pytest.raises(KiError) as info:
        gaz.resolve("Dürren")
    msg = str(info.value)
    assert "Dürren" in msg and "Düren" in msg
    assert 3 <= msg.split("closest names: ")[1].count(",") + 1 <= 5
    with pytest.raises(KiError):
        gaz.district("99999")


def test_bad_reference_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="missing"):
        Gazetteer.from_reference(tmp_path)
    (tmp_path / "nrw_districts.csv").write_text(
        (REF / "nrw_districts.csv").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "nrw_district_aliases.csv").write_text(
        "alias,ags,name,kind\nFoo,05999,Foo,canonical\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match="unknown AGS"):
        Gazetteer.from_reference(tmp_path)


def test_module_helpers_use_project_reference() -> None:
    assert default_gazetteer() is default_gazetteer()
    assert resolve_district("Wesel") == "05170"
    assert [m.ags for m in find_districts("im Kreis Wesel")] == ["05170"]


def test_large_text_scan() -> None:
    text = "Der Kreis Düren und Aachen sowie Essen, HSK. " * 50_000  # ~2 MB
    assert len(default_gazetteer().find(text)) == 3 * 50_000
