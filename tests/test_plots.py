"""Charts: the data behind each one, its text, its refusal to draw unsourced figures,
and deterministic PNGs. nbval does not compare images, so these tests check the data."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib as mpl
import pandas as pd
import plot_fixtures as F
import pytest

from ki_analysis import fmt, plots
from ki_analysis.config import paths
from ki_analysis.errors import InputError, KiError
from ki_analysis.phrases import phrase
from ki_analysis.plots import geo
from ki_analysis.vocab import label

PLOTS = Path(plots.__file__).parent


@pytest.fixture(scope="module")
def shapes():
    return geo.read_districts(paths().reference / "nrw_districts.geojson")


@pytest.fixture(scope="module")
def boundaries():
    return geo.read_boundaries(paths().reference / "nrw_districts.geojson")


@pytest.fixture()
def tables(shapes):
    return dict(F.TABLES, districts=F.districts_from(shapes))


def test_rollout_data_labels_and_sources(tables):
    c = plots.chart("rollout", "de", tables=tables)
    assert list(c.data["ki_count"]) == [40, 45, 50]
    assert list(c.data["label"]) == ["40/50", "≈\u00a045", "50/50"]
    assert list(c.sources["doc_id"]) == ["d2013b", "d2013", "d2015", "d2017"]
    assert c.source_line.startswith("Quellen: PB, Dezember 2013; MA, 2. Dezember 2013")
    assert c.title == phrase(
        "rollout_title_coverage", "de", first="40", last="50", period="2013–2017", pct="100\u202f%"
    )
    assert c.subtitle == " · ".join(
        [
            phrase(
                "rollout_sub",
                "de",
                table="Kommunale Integrationszentren in NRW",
                centres="Zentren",
                districts="Kreise",
            ),
            "Nordrhein-Westfalen",
            "2013–2017",
            phrase("rollout_sub_spans", "de"),
        ]
    )
    # events mark the law and the opening; each point names its source
    assert "Gesetz verabschiedet (Februar 2012)" in c.alt_text
    assert "[MA 02.12.2013 + PB 12/2013]" in c.alt_text


def test_rollout_without_events_draws_no_marks(tables):
    c = plots.rollout_chart(tables["rollout"], tables["documents"], None, "en")
    assert "Marked" not in c.alt_text
    assert (
        c.title == "Municipal integration centres grew from 40 to 50 (2013–2017), covering 100% of districts"
    )
    points = (
        "40/50 (80.0%), as of 2 December 2013 [MA 2 Dec 2013 + PB Dec 2013]; ≈\u00a045, as of 9 December 2015 "
        "[MC 9 Dec 2015]; 50/50 (100.0%), as of 2017 [MD 2017]"
    )
    assert c.alt_text == phrase("rollout_alt", "en", kind="Line chart", title=c.title, points=points)


def test_funding_composition_shares_and_derived_rows(tables):
    c = plots.chart("funding", "en", tables=tables)
    d = c.data.set_index("group")
    parts = c.data[c.data["group"] == "part"]
    assert list(parts["funder"]) == ["kommunal", "Land", "Stiftungs- und Drittmittel"]
    assert list(parts["share_pct"]) == [50.0, 37.5, 12.5]
    assert d.loc["total", "amount_eur"] == 40_000_000
    assert d.loc["sum_of_parts", "is_derived"] and not d.loc["total", "is_derived"]
    assert d.loc["annual", "amount_eur"] == 10_000_000
    assert list(parts["label"]) == ["€20m", "€15m", "<\u00a0€5m"]  # "fast 5" stays visible
    # derived rows come from the table, labelled at the precision they were rounded to
    assert d.loc["sum_of_parts", "label"] == "<\u00a0€40m"
    assert d.loc["per_centre", "label"] == "≈\u00a0€0.89m"
    assert d.loc["per_centre", "formula"] == "≈ 40 000 000 EUR (2016) / ≈ 45 centres (as of 2015-12-09)"
    assert c.title == phrase(
        "funding_title_lead", "en", total="≈\u00a0€40m", period="2016", funder="kommunal", share="50%"
    )
    assert (
        c.subtitle == "Funding of the Kommunale Integrationszentren: amounts by funder, euros · "
        "North Rhine-Westphalia · 2016"
    )
    assert (
        "sum of the parts (derived: 20 000 000 + 15 000 000 + < 5 000 000 EUR (2016)): <\u00a0€40m"
        in c.alt_text
    )
    assert c.alt_text.startswith(f"Bar chart: {c.title}. kommunal: €20m, 50.0%;")


def test_funding_chart_computes_nothing(tables):
    """Every amount drawn is a row of the funding table; change the table, the chart follows."""
    c = plots.chart("funding", "de", tables=tables)
    amounts = tables["funding"].set_index("funding_id")["amount_eur"]
    assert (c.data["amount_eur"].to_numpy() == amounts[c.data["funding_id"]].to_numpy()).all()
    changed = tables["funding"].copy()
    changed.loc[changed["funding_id"] == "f_tot*per_centre", "amount_eur"] = 123_000.0
    changed = changed[changed["funding_id"] != "f_tot*sum_of_parts"]
    c = plots.chart("funding", "de", tables=dict(tables, funding=changed))
    assert c.data.set_index("group").loc["per_centre", "amount_eur"] == 123_000
    assert "sum_of_parts" not in set(c.data["group"])  # no row in the table, no bar


def test_funding_mixed_dates_are_noted(tables):
    c = plots.chart("funding", "de", tables=tables)
    note = phrase(
        "note_mixed_dates",
        "de",
        what="je Zentrum",
        formula="≈\u00a040\u00a0000\u00a0000 EUR (2016) / ≈\u00a045 Zentren (Stand 2015-12-09)",
    )
    assert c.source_line.endswith(note)  # the formula's words in German, its numbers as written
    en = plots.chart("funding", "en", tables=tables).source_line
    assert en.endswith("EUR (2016) / ≈\u00a045 centres (as of 2015-12-09).")
    same_date = tables["funding"].assign(has_mixed_dates=False)
    assert "Hinweis" not in plots.chart("funding", "de", tables=dict(tables, funding=same_date)).source_line


def test_funding_unknown_period_refuses(tables):
    with pytest.raises(KiError, match="no stated total for period '1999'"):
        plots.chart("funding", "de", tables=tables, period="1999")


def test_staffing_marks_derived_rows(tables):
    c = plots.chart("staffing", "de", tables=tables)
    derived = c.data[c.data["is_derived"]]
    assert sorted(derived["value"]) == [100.0, 200.0]
    assert set(c.data.loc[c.data["per_unit"], "value"]) == {4.0, 2.0}
    assert "> 90".replace(" ", "\u00a0") in set(c.data["label"])
    assert c.title == phrase(
        "staffing_title_implied",
        "de",
        items="4 Personalstellen und 2 Lehrkräfte",
        implied="100",
        teachers="Lehrkräfte",
        stated=">\u00a090",
    )
    # the formula shown is the stated per-centre figure and the count, both from the table
    assert "Lehrkräfte insgesamt (abgeleitet: 2 × 50): 100" in c.alt_text


def test_mentions_counts(tables):
    c = plots.chart("mentions", "en", tables=tables)
    assert list(c.data["district_name"]) == ["Düren", "Wesel", "Dortmund"]  # ties: by AGS
    assert list(c.data["n_mentions"]) == [3, 1, 1]
    assert list(c.data["n_documents"]) == [2, 1, 1]
    assert c.title == phrase("mentions_title", "en", n="3", total="53", name="Düren", count="3")


def test_counts_of_districts_come_from_the_districts_table(tables, shapes):
    """No typed 53: the count is the districts table's length."""
    fewer = tables["districts"].iloc[:50]
    c = plots.chart("mentions", "en", tables=dict(tables, districts=fewer))
    assert c.title.startswith("3 of 50 districts")
    m = plots.chart("map", "en", tables=tables, shapes=shapes, view="corpus")
    assert m.title == phrase("map_corpus_title", "en", n="3", total="53")
    assert m.alt_text.startswith(phrase("map_view_alt", "en", n="53", title=m.title, items="x")[:20])


@pytest.mark.parametrize("view", plots.MAP_VIEWS)
def test_map_covers_all_53_districts(tables, shapes, view):
    c = plots.chart(
        "map",
        "de",
        tables=tables,
        shapes=shapes,
        view=view,
        **({"highlight": "05358"} if view == "locator" else {}),
    )
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
        "Arnsberg": 12,
        "Detmold": 7,
        "Düsseldorf": 15,
        "Köln": 11,
        "Münster": 8,
    }
    assert "Köln" in rb.title


def test_map_highlight(tables, shapes):
    c = plots.chart("map", "de", tables=tables, shapes=shapes, highlight="05358")
    assert c.subtitle.endswith(phrase("map_outlined", "de", name="Düren"))
    assert c.alt_text.endswith(phrase("map_highlighted", "de", name="Düren"))
    with pytest.raises(KiError, match="not an AGS"):
        plots.chart("map", "de", tables=tables, shapes=shapes, highlight="99999")


def test_checks_and_corpus_charts(tables):
    c = plots.chart("checks", "de", tables=tables)
    assert c.data.groupby("status")["n_checks"].sum().to_dict() == {"conflict": 1, "ok": 3}
    assert c.title == phrase("checks_title", "de", n="4", counts="stimmig: 3, prüfen: 0, Widerspruch: 1")
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
    x0, y0, x1, y1 = (
        min(s.bounds[0] for s in shapes),
        min(s.bounds[1] for s in shapes),
        max(s.bounds[2] for s in shapes),
        max(s.bounds[3] for s in shapes),
    )
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
    assert set(plots.chart("map", "de").data["district_ags"]) == set(
        ki_analysis.load("districts")["district_ags"]
    )


def test_map_of_a_district_the_corpus_never_names(tables, shapes):
    """District reports highlight districts with no mention; the map still renders."""
    empty = tables["mentions"].iloc[0:0]
    c = plots.chart(
        "map", "en", tables=dict(tables, mentions=empty), shapes=shapes, view="corpus", highlight="05554"
    )
    assert c.title.startswith("0 of NRW's 53 districts")
    assert c.source_line == phrase("src_map", "en", year=2020) and c.sources.empty
    with pytest.raises(KiError, match="no district mentions"):
        plots.chart("map", "en", tables=dict(tables, mentions=empty), shapes=shapes, view="regierungsbezirk")


# ------------------------------------------------------------------ the locator map
def test_locator_map_needs_only_the_districts(tables, shapes, boundaries):
    districts = tables["districts"]
    c = plots.chart(
        "map", "de", tables={"districts": districts}, shapes=shapes, view="locator", highlight="05358"
    )
    assert c.name == "map_locator" and len(c.data) == len(districts) == 53
    assert c.data.set_index("district_ags")["is_highlighted"].sum() == 1
    assert c.data.set_index("district_ags").loc["05358", "is_highlighted"]
    assert c.title == phrase("map_title", "de", name="Düren") == "Düren in Nordrhein-Westfalen"
    assert c.subtitle == phrase("map_sub", "de", date=fmt.fmt_date(boundaries.as_of, "de"))
    assert c.subtitle.endswith("Gebietsstand 1. Januar 2020")  # the date in the GeoJSON's attribution
    assert c.source_line == phrase("src_map", "de", year=boundaries.as_of.year)
    assert c.alt_text == phrase("map_alt", "de", n="53", name="Düren", rb="Köln")
    assert c.sources.empty
    en = plots.chart(
        "map", "en", tables={"districts": districts}, shapes=shapes, view="locator", highlight="05358"
    )
    assert en.title == "Düren in North Rhine-Westphalia" and "53 districts" in en.alt_text
    with pytest.raises(KiError, match="needs highlight"):
        plots.chart("map", "de", tables={"districts": districts}, shapes=shapes, view="locator")


def test_locator_alt_counts_the_districts_it_draws(tables, shapes, boundaries):
    few = [s for s in shapes if s.regierungsbezirk == "Köln"]
    districts = F.districts_from(few)
    c = plots.map_chart(
        districts, few, None, None, lang="en", view="locator", highlight="05358", boundaries=boundaries
    )
    assert c.alt_text.startswith("Map of the 11 districts")


def test_geojson_boundaries_need_a_date():
    with pytest.raises(InputError, match="names no date"):
        geo.parse_boundaries('{"type": "FeatureCollection", "attribution": "BKG", "features": []}')
    b = geo.parse_boundaries('{"type": "FeatureCollection", "attribution": "VG250 Stand 31.12.2021"}')
    assert str(b.as_of) == "2021-12-31"


# ---------------------------------------------------------- wording: phrases and vocab
def _template_pattern(template: str) -> re.Pattern:
    parts = re.split(r"\{[a-z_]+\}", template)
    return re.compile("^" + ".+".join(re.escape(p) for p in parts) + "$", re.S)


def _matches(text: str, keys: list[str], lang: str) -> bool:
    from ki_analysis.phrases import PHRASES

    return any(_template_pattern(PHRASES[k](lang)).match(text) for k in keys)


TEMPLATES = {
    "rollout": (
        ["rollout_title", "rollout_title_coverage"],
        ["rollout_sub"],
        ["rollout_alt", "rollout_alt_marks"],
    ),
    "funding": (["funding_title", "funding_title_lead"], ["funding_sub"], ["chart_alt"]),
    "staffing": (
        ["staffing_title", "staffing_title_implied", "staffing_title_none"],
        ["staffing_sub"],
        ["chart_alt"],
    ),
    "mentions": (["mentions_title"], ["mentions_sub"], ["chart_alt"]),
    "map": (["map_corpus_title"], [], ["map_view_alt"]),
    "checks": (["checks_title"], ["checks_sub"], ["chart_alt"]),
    "documents": (["documents_title"], ["documents_sub"], ["chart_alt"]),
    "numbers": (["numbers_title"], ["numbers_sub"], ["chart_alt"]),
}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_chart_text_is_a_phrase_template(tables, shapes, lang):
    """Title, subtitle (its first part) and alt text of every chart are phrase templates filled
    with data: a sentence typed into plotting code fails here."""
    assert set(TEMPLATES) == set(plots.CHARTS)
    for name, (titles, subs, alts) in TEMPLATES.items():
        c = plots.chart(name, lang, tables=tables, **({"shapes": shapes} if name == "map" else {}))
        assert _matches(c.title, titles, lang), (name, c.title)
        if subs:
            assert _matches(c.subtitle.split(" · ")[0], subs, lang), (name, c.subtitle)
        assert _matches(
            c.alt_text.split(f" {phrase('map_highlighted', lang, name='x')[:5]}")[0], alts, lang
        ), (name, c.alt_text)


def test_plotting_code_types_no_sentence_and_no_count():
    """No inline translations (``"..." if lang == "de" else "..."``) and no typed count of
    districts in the plotting code or the phrases."""
    from ki_analysis.phrases import PHRASES

    count = re.compile(r"(?<![\d.])5[34](?![\d.]|th)")  # 53 or 54, not the ordinal "54." / "54th"
    for path in sorted(PLOTS.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"lang\s*==\s*['\"](de|en)['\"]", source), path.name
        assert not count.search(source), path.name
    for key, term in PHRASES.items():
        assert not count.search(term.de + term.en), key


def test_a_code_is_worded_the_same_in_a_chart_and_by_ki_check(tables):
    """Status and kind of a check: the chart's legend and axis and `ki check` use the vocabulary."""
    from ki_analysis.tables.checks import format_table

    c = plots.chart("checks", "en", tables=tables)
    ax = c.figure.axes[0]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    kinds = [t.get_text() for t in ax.get_yticklabels()]
    assert legend == [label("status", s, "en") for s in ("ok", "conflict")]
    assert sorted(kinds) == sorted(label("check_kind", k, "en") for k in set(F.CHECKS["check_kind"]))
    checks = F.CHECKS.assign(values=pd.NA, observed=pd.NA, expected=pd.NA, unit=pd.NA, tolerance=pd.NA)
    text = format_table(checks)
    for word in legend + kinds:
        assert word in text
    assert text.splitlines()[-1] == "3 consistent, 0 to review, 1 conflict, 0 error"
