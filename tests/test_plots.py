"""Charts: the data behind each one, its text, its refusal to draw unsourced figures,
and deterministic PNGs. nbval does not compare images, so these tests check the data."""
from __future__ import annotations

import matplotlib as mpl
import pandas as pd
import pytest

import plot_fixtures as F
from ki_analysis import plots
from ki_analysis.plots import geo
from ki_analysis.config import paths
from ki_analysis.errors import InputError, KiError


@pytest.fixture(scope="module")
def shapes():
    return geo.read_districts(paths().reference / "nrw_districts.geojson")


@pytest.fixture()
def tables(shapes):
    return dict(F.TABLES, districts=F.districts_from(shapes))


def test_rollout_data_labels_and_sources(tables):
    c = plots.chart("rollout", "de", tables=tables)
    assert list(c.data["ki_count"]) == [40, 45, 50]
    assert list(c.data["label"]) == ["40/50", "≈\u00a045", "50/50"]
    assert list(c.sources["doc_id"]) == ["d2013b", "d2013", "d2015", "d2017"]
    assert c.source_line.startswith("Quellen: PB, Dezember 2013; MA, 2. Dezember 2013")
    assert "40" in c.title and "50" in c.title and "100\u202f%" in c.title
    assert "2013–2017" in c.subtitle and "Nordrhein-Westfalen" in c.subtitle
    # events mark the law and the opening; each point names its source
    assert "Gesetz verabschiedet (Februar 2012)" in c.alt_text
    assert "[MA 02.12.2013 + PB 12/2013]" in c.alt_text


def test_rollout_without_events_draws_no_marks(tables):
    c = plots.rollout_chart(tables["rollout"], tables["documents"], None, "en")
    assert "Marked" not in c.alt_text
    assert c.title.startswith("Integration centres grew from 40 to 50")


def test_funding_composition_shares_and_derived_sum(tables):
    c = plots.chart("funding", "en", tables=tables)
    d = c.data.set_index("group")
    parts = c.data[c.data["group"] == "part"]
    assert list(parts["funder"]) == ["kommunal", "Land", "Stiftungs- und Drittmittel"]
    assert list(parts["share_pct"]) == [50.0, 37.5, 12.5]
    assert d.loc["total", "amount_eur"] == 40_000_000
    assert d.loc["sum_of_parts", "is_derived"] and not d.loc["total", "is_derived"]
    assert d.loc["sum_of_parts", "amount_eur"] == 40_000_000
    assert d.loc["annual", "amount_eur"] == 10_000_000
    assert list(parts["label"]) == ["€20m", "€15m", "<\u00a0€5m"]   # "fast 5" stays visible
    assert c.title.startswith("≈\u00a0€40m for the integration centres in 2016")
    assert "sum of the parts (derived): €40m" in c.alt_text


def test_funding_unknown_period_refuses(tables):
    with pytest.raises(KiError, match="no stated total for period '1999'"):
        plots.chart("funding", "de", tables=tables, period="1999")


def test_staffing_marks_derived_rows(tables):
    c = plots.chart("staffing", "de", tables=tables)
    derived = c.data[c.data["is_derived"]]
    assert sorted(derived["value"]) == [100.0, 200.0]
    assert set(c.data.loc[c.data["per_unit"], "value"]) == {4.0, 2.0}
    assert "> 90".replace(" ", "\u00a0") in set(c.data["label"])
    assert "rechnerisch 100 Lehrkräfte" in c.title


def test_mentions_counts(tables):
    c = plots.chart("mentions", "en", tables=tables)
    assert list(c.data["district_name"]) == ["Düren", "Wesel", "Dortmund"]  # ties: by AGS
    assert list(c.data["n_mentions"]) == [3, 1, 1]
    assert list(c.data["n_documents"]) == [2, 1, 1]


@pytest.mark.parametrize("view", plots.MAP_VIEWS)
def test_map_covers_all_53_districts(tables, shapes, view):
    c = plots.chart("map", "de", tables=tables, shapes=shapes, view=view)
    assert len(c.data) == 53 and c.data["district_ags"].is_unique
    assert "GeoBasis-DE / BKG" in c.source_line


def test_map_views(tables, shapes):
    visits = plots.chart("map", "en", tables=tables, shapes=shapes, view="visits").data
    cats = visits.set_index("district_ags")["category"]
    assert cats["05170"] == "visit_done" and cats["05358"] == "visit_planned"
    assert (cats == "none").sum() == 51
    corpus = plots.chart("map", "en", tables=tables, shapes=shapes, view="corpus").data
    assert set(corpus.loc[corpus["category"] == "mentioned", "district_ags"]) == {"05170", "05358", "05913"}
    rb = plots.chart("map", "en", tables=tables, shapes=shapes, view="regierungsbezirk")
    assert rb.data.groupby("regierungsbezirk")["district_ags"].size().to_dict() == {
        "Arnsberg": 12, "Detmold": 7, "Düsseldorf": 15, "Köln": 11, "Münster": 8}
    assert "Köln" in rb.title


def test_map_highlight(tables, shapes):
    c = plots.chart("map", "de", tables=tables, shapes=shapes, highlight="05358")
    assert "Düren" in c.subtitle and "Hervorgehoben: Düren" in c.alt_text
    with pytest.raises(KiError, match="not an AGS"):
        plots.chart("map", "de", tables=tables, shapes=shapes, highlight="99999")


def test_checks_and_corpus_charts(tables):
    c = plots.chart("checks", "de", tables=tables)
    assert c.data.groupby("status")["n_checks"].sum().to_dict() == {"conflict": 1, "ok": 3}
    assert c.title.startswith("4 Abgleiche: 3 stimmig, 1 Widerspruch,")
    d = plots.chart("documents", "en", tables=tables)
    assert list(d.data["doc_id"]) == ["d2013b", "d2013", "d2015", "d2017"]
    assert list(d.data["date_label"]) == ["December 2013", "2 December 2013", "9 December 2015", "2017"]
    n = plots.chart("numbers", "de", tables=tables)
    assert n.data["n_numbers"].sum() == 5


def test_unsourced_rows_are_refused(tables):
    bad = tables["rollout"].copy()
    bad.loc[1, "doc_ids"] = pd.NA
    with pytest.raises(KiError, match="no source document"):
        plots.rollout_chart(bad, tables["documents"], None, "de")
    bad = tables["funding"].copy()
    bad["doc_ids"] = bad["doc_ids"].replace("d2017", "d_unknown")
    with pytest.raises(KiError, match="missing from the documents table: d_unknown"):
        plots.funding_chart(bad, tables["documents"], "de")


def test_unregistered_table_is_refused(tables):
    from ki_analysis.plots.base import sources_for

    with pytest.raises(KiError, match="unknown table 'rollouts'"):
        sources_for(tables["rollout"], tables["documents"], "rollouts")


def test_missing_columns_and_unknown_chart(tables):
    with pytest.raises(KiError, match="lacks column"):
        plots.rollout_chart(tables["rollout"].drop(columns=["coverage_pct"]), tables["documents"])
    with pytest.raises(KiError, match="unknown chart 'pie'"):
        plots.chart("pie", tables=tables)
    with pytest.raises(ValueError, match="unsupported language"):
        plots.chart("rollout", "fr", tables=tables)


def test_png_is_deterministic_and_theme_does_not_leak(tables):
    before = dict(mpl.rcParams)
    a = plots.chart("funding", "de", tables=tables).png()
    b = plots.chart("funding", "de", tables=tables).png()
    assert a == b and a.startswith(b"\x89PNG")
    assert b"Software" not in a and b"matplotlib" not in a.lower()
    assert dict(mpl.rcParams) == before


def test_every_chart_has_text_in_both_languages(tables, shapes):
    for name in plots.CHARTS:
        kw = {"shapes": shapes} if name == "map" else {}
        de = plots.chart(name, "de", tables=tables, **kw)
        en = plots.chart(name, "en", tables=tables, **kw)
        for c in (de, en):
            assert c.title and c.subtitle and c.alt_text and c.source_line
            assert repr(c).startswith(f"<Chart {c.name} ({c.lang})") and "0x" not in repr(c)
        assert de.title != en.title
        text = plots.describe(de)
        assert de.title in text and de.data.columns[0] in text


def test_geojson_errors_are_clear(tmp_path):
    with pytest.raises(InputError, match="not valid JSON"):
        geo.parse_districts("{", "x.geojson")
    with pytest.raises(InputError, match="lacks the properties"):
        geo.parse_districts('{"type":"FeatureCollection","features":[{"properties":{},"geometry":{}}]}')
    with pytest.raises(InputError, match="not found"):
        geo.read_districts(tmp_path / "none.geojson")


def test_geojson_reference_is_nrw(shapes):
    assert len(shapes) == 53
    x0, y0, x1, y1 = (min(s.bounds[0] for s in shapes), min(s.bounds[1] for s in shapes),
                      max(s.bounds[2] for s in shapes), max(s.bounds[3] for s in shapes))
    assert 5.8 < x0 < 6.0 and 9.4 < x1 < 9.5 and 50.3 < y0 < 50.4 and 52.5 < y1 < 52.6
    lon, lat = next(s for s in shapes if s.name == "Köln").label_point()
    assert 6.8 < lon < 7.2 and 50.8 < lat < 51.1


def test_no_state_leaks_between_charts(tables, shapes):
    """A chart rendered after others is byte-identical to one rendered first (warm kernels)."""
    first = plots.chart("rollout", "de", tables=tables).png()
    for name in ("map", "funding", "checks"):
        plots.chart(name, "en", tables=tables, **({"shapes": shapes} if name == "map" else {}))
    assert plots.chart("rollout", "de", tables=tables).png() == first


def test_charts_from_the_processed_data():
    """Every chart renders from data/processed and shows exactly the table's rows."""
    import ki_analysis

    documents = ki_analysis.load("documents")
    for name in plots.CHARTS:
        c = plots.chart(name, "en")
        assert len(c.data) and len(c.sources)
        assert set(c.sources["doc_id"]) <= set(documents["doc_id"])
    rollout = ki_analysis.load("rollout").dropna(subset=["as_of_date", "ki_count"])
    c = plots.chart("rollout", "de")
    assert sorted(c.data["ki_count"]) == sorted(rollout["ki_count"])
    assert set(plots.chart("map", "de").data["district_ags"]) == set(ki_analysis.load("districts")["district_ags"])


def test_map_of_a_district_the_corpus_never_names(tables, shapes):
    """District reports highlight districts with no mention; the map still renders."""
    empty = tables["mentions"].iloc[0:0]
    c = plots.chart("map", "en", tables=dict(tables, mentions=empty), shapes=shapes,
                    view="corpus", highlight="05554")
    assert c.title.startswith("0 of NRW's 53 districts")
    assert c.source_line.startswith("Verwaltungsgrenzen") and c.sources.empty
    with pytest.raises(KiError, match="no district mentions"):
        plots.chart("map", "en", tables=dict(tables, mentions=empty), shapes=shapes,
                    view="regierungsbezirk")
