"""``ki add`` on each fixture: the derived text (chrome dropped, figures kept), the sidecar with
its evidence, and the figures the extractor finds in it. The web pages are shaped like the real
publishers' (a ministry, a Kreis CMS, a newspaper with a paywall teaser, a party site); the PDFs
are generated here (fpdf2)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
import yaml
from ingest_fixtures import (
    FIXTURES,
    PDF_HEADER,
    encrypted_pdf,
    one_page_pdf,
    page,
    release_pdf,
    scanned_pdf,
)

from ki_analysis import config
from ki_analysis.corpus import add, ingest, normalise, read_corpus
from ki_analysis.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
TODAY = __import__("datetime").date(2026, 11, 29)

# page -> (words the text keeps, chrome it must drop)
TEXTS = {
    "ministry": (
        [
            "Inzwischen arbeiten 54 Kommunale Integrationszentren",
            "rund 44,6 Millionen Euro",
            "16,4 Millionen",
        ],
        [
            "Cookies",
            "Weitere Pressemitteilungen",
            "über 3 Millionen",
            "Haroldstraße",
            "Facebook",
            "Startseite",
        ],
    ),
    "kreis": (
        ["Detmold, 03.02.2020", "zwölf Mitarbeiterinnen und Mitarbeiter auf 9,5 Stellen", "480.000 Euro"],
        [
            "Öffnungszeiten",
            "Felix-Fechenbach",
            "Jugendhilfeausschuss",
            "Cookies",
            "Archiv 2019",
            "Leichte Sprache",
        ],
    ),
    "newspaper": (
        ["Es ist das 48. in Nordrhein-Westfalen", "jeweils 3,5 Personalstellen"],
        ["0,99", "WZ+", "Sturmtief", "187 Partner", "Kommentare", "Stadtlauf", "3,99", "Lesezeit"],
    ),
    "party": (
        ["jeweils 3,5 Personalstellen", "rund 100 Lehrerstellen", "227.000 Euro", "in allen 53 Kreisen"],
        [
            "Neueste Beiträge",
            "Musterstraße",
            "Newsletter",
            "Kita-Gipfel",
            "Twitter",
            "WordPress",
            "Wahlkreis 93",
        ],
    ),
}

# page -> sidecar fields (value, words of the evidence)
SIDECARS = {
    "ministry": {
        "title": ("Staatssekretärin Güler besucht Kommunales Integrationszentrum Lippe", "og:title"),
        "publisher": ("Land.NRW", "og:site_name"),
        "kind": ("ministry", "Land.NRW"),
        "date_published": ("2019-05-14", "article:published_time"),
        "url": (
            "https://www.land.nrw/pressemitteilung/staatssekretaerin-gueler-besucht-kommunales-integrationszentrum-lippe",
            "canonical",
        ),
    },
    "kreis": {
        "title": ("Kommunales Integrationszentrum stellt Jahresbilanz vor", "h1"),
        "publisher": ("Kreis Lippe", "page title"),
        "kind": ("district", "Kreis"),
        "date_published": ("2020-02-03", "dateline in the first lines: 'Detmold, 03.02.2020'"),
        "url": (None, None),
    },
    "newspaper": {
        "title": ("Kreis eröffnet 48. Integrationszentrum", "JSON-LD headline"),
        "publisher": ("Westfalen-Zeitung", "JSON-LD publisher"),
        "kind": ("news", "Zeitung"),
        "date_published": ("2014-03-18", "article:published_time"),
        "url": (
            "https://www.westfalen-zeitung.example/lokales/coesfeld/kreis-eroeffnet-48-integrationszentrum-123456",
            "og:url",
        ),
    },
    "party": {
        "title": ("Integrationszentren: Land hält Wort", "og:title"),
        "publisher": ("Maria Muster MdL", "og:site_name"),
        "kind": ("party", "MdL"),
        "date_published": ("2018-01-24", "article:published_time"),
        "url": ("https://www.maria-muster.example/2018/01/integrationszentren-land-haelt-wort/", "canonical"),
    },
}

# page -> figures (measure, value, per_unit) that must be found
FIGURES = {
    "ministry": [
        ("ki_count", 54, False),
        ("funding_eur", 44_600_000, False),
        ("funding_eur", 21_800_000, False),
        ("funding_eur", 16_400_000, False),
        ("funding_eur", 6_400_000, False),
    ],
    "kreis": [("staff_positions", 9.5, False), ("teachers", 2, False), ("funding_eur", 480_000, False)],
    "newspaper": [("staff_positions", 3.5, True)],
    "party": [
        ("ki_count", 54, False),
        ("staff_positions", 3.5, True),
        ("teachers", 100, False),
        ("funding_eur", 227_000, False),
    ],
}


def make_project(dest: Path) -> config.Paths:
    """A project with the seed corpus, the reference data and an empty curation file."""
    (dest / "data").mkdir(parents=True)
    for sub in ("raw", "reference"):
        shutil.copytree(ROOT / "data" / sub, dest / "data" / sub)
    shutil.copy2(ROOT / "data" / "curation.yml", dest / "data" / "curation.yml")
    return config.paths(dest)


@pytest.fixture(scope="module")
def added(tmp_path_factory) -> tuple[config.Paths, dict[str, str]]:
    """All four pages and the two-page PDF added to one project."""
    paths = make_project(tmp_path_factory.mktemp("ingest") / "p")
    ids = {}
    for name in TEXTS:
        ids[name] = add.run(paths, str(FIXTURES / f"{name}.html"), today=TODAY, out=io.StringIO())
    pdf = paths.root.parent / "release.pdf"
    pdf.write_bytes(release_pdf())
    ids["pdf"] = add.run(
        paths,
        str(pdf),
        add.Options(
            publisher="Ministerium für Schule und Bildung des Landes Nordrhein-Westfalen (MSB)",
            kind="ministry",
        ),
        today=TODAY,
        out=io.StringIO(),
    )
    return paths, ids


@pytest.mark.parametrize("name", list(TEXTS))
def test_page_text_keeps_the_release_and_drops_the_chrome(name: str) -> None:
    text = ingest.html_text(page(name)).text
    keep, drop = TEXTS[name]
    for words in keep:
        assert words in text
    for words in drop:
        assert words not in text, f"{name}: chrome {words!r} kept"
    assert "\n\n" in text and text.endswith("\n")  # paragraphs set one blank line apart


def test_derivation_is_deterministic() -> None:
    for name in TEXTS:
        assert ingest.html_text(page(name)).text == ingest.html_text(page(name)).text
    assert release_pdf() == release_pdf()
    assert ingest.pdf_text(release_pdf()).text == ingest.pdf_text(release_pdf()).text


@pytest.mark.parametrize("name", list(SIDECARS))
def test_page_sidecar_with_evidence(added, name: str) -> None:
    paths, ids = added
    meta = yaml.safe_load((paths.raw / f"{ids[name]}.meta.yml").read_text(encoding="utf-8"))
    for key, (value, evidence) in SIDECARS[name].items():
        assert meta.get(key) == value, key
        ev_key = "date_evidence" if key == "date_published" else f"{key}_evidence"
        if evidence:
            assert evidence in meta[ev_key], (key, meta[ev_key])
    assert meta["date_precision"] == "day"
    assert meta["language"] == "de" and "lang" in meta["language_evidence"]
    assert meta["format"] == "html"
    assert meta["date_accessed"] == TODAY.isoformat()
    assert meta["original_file"] == f"{ids[name]}.html"
    original = (paths.raw / meta["original_file"]).read_bytes()
    assert original == page(name)  # byte for byte
    assert meta["original_sha256"] == ingest.sha256(original)
    assert meta["sha256"] == ingest.sha256((paths.raw / f"{ids[name]}.txt").read_bytes())
    assert meta["derived_with"].startswith("trafilatura ")
    assert meta["terms_of_use"] == ingest.DEFAULT_TERMS[meta["kind"]]
    if SIDECARS[name]["url"][0] is None:
        assert meta["url"] is None and "url" in meta["not_found"]
    date = meta["date_published"]
    assert ids[name].startswith(f"{date}_")


@pytest.mark.parametrize("name", list(FIGURES))
def test_page_figures(added, name: str) -> None:
    paths, ids = added
    found = {(f["measure"], f["value"], bool(f["per_unit"])) for f in add.figures(paths, ids[name])}
    for measure, value, per_unit in FIGURES[name]:
        assert (measure, float(value), per_unit) in found, (name, measure, value)


def test_the_corpus_reads_the_added_documents_and_checks_their_derivation(added) -> None:
    paths, ids = added
    corpus = read_corpus(paths.raw, root=paths.root, today=TODAY)
    assert set(ids.values()) <= {d.doc_id for d in corpus.documents}
    assert not corpus.problems


def test_two_page_pdf_drops_header_and_footer_and_keeps_wraps(added) -> None:
    paths, ids = added
    raw = (paths.raw / f"{ids['pdf']}.txt").read_text(encoding="utf-8")
    assert PDF_HEADER not in raw and "Seite 1 von 2" not in raw and "Seite 2 von 2" not in raw
    assert "Integrations-\nzentren" in raw  # the .txt keeps the PDF's line ends ...
    text = normalise(raw)[0]
    assert "Kommunalen Integrationszentren: Zum Schuljahr" in text  # ... the normaliser mends them
    assert "sagte die Ministerin." in text and "Familien erreichen." in text
    assert "rund 9,83 Millionen Euro" in text  # page 2 follows page 1
    meta = yaml.safe_load((paths.raw / f"{ids['pdf']}.meta.yml").read_text(encoding="utf-8"))
    assert meta["title"] == "Mehr Lehrerstellen für die Kommunalen Integrationszentren"
    assert meta["title_evidence"] == "the text's first line"
    assert meta["date_published"] == "2016-07-12" and "Düsseldorf, 12. Juli 2016" in meta["date_evidence"]
    assert meta["publisher_short"] == "MSB" and meta["publisher_evidence"] == "given with --publisher"
    assert meta["format"] == "pdf" and meta["derived_with"].startswith("pypdf ")
    assert (paths.raw / meta["original_file"]).read_bytes() == release_pdf()
    found = {(f["measure"], f["value"], bool(f["per_unit"])) for f in add.figures(paths, ids["pdf"])}
    assert {("teachers", 106.0, False), ("teachers", 2.0, True), ("funding_eur", 9_830_000.0, False)} <= found


def test_one_page_pdf_keeps_every_line() -> None:
    lines = (
        "Kommunale Integrationszentren",
        "Seite 1 von 1",
        "Es gibt 54 Zentren in NRW und viele mehr Worte hier.",
    )
    text = ingest.pdf_text(one_page_pdf(lines)).text
    assert all(line in text for line in lines)


def test_running_lines() -> None:
    pages = [["Kopf", "Text eins", "Seite 1"], ["Kopf", "Text zwei", "Seite 2"]]
    assert ingest.strip_running_lines(pages) == [["Text eins"], ["Text zwei"]]
    assert ingest.strip_running_lines([["a", "b"], ["c", "d"]]) == [["a", "b"], ["c", "d"]]


@pytest.mark.parametrize(
    "data, message",
    [
        (scanned_pdf(), "no text layer"),
        (encrypted_pdf(), "encrypted"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "not a PDF"),
        (release_pdf()[:400], "broken PDF"),
    ],
    ids=["scan", "encrypted", "junk", "truncated"],
)
def test_bad_pdfs_are_never_silently_empty(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        ingest.pdf_text(data, "x.pdf")


def test_html_without_main_text() -> None:
    nav = b"<html><body><nav><a href='/'>Start</a> <a href='/a'>Presse</a></nav><footer>Impressum</footer></body></html>"
    with pytest.raises(InputError, match="no main text"):
        ingest.html_text(nav, "x.html")


@pytest.mark.parametrize(
    "publisher, kind",
    [
        ("Ministerium für Kinder, Familie, Flüchtlinge und Integration (MKFFI)", "ministry"),
        ("SPD-Kreistagsfraktion Neuss", "party"),
        ("Kölner Stadt-Anzeiger", "news"),
        ("Stadt Remscheid", "district"),
    ],
)
def test_kind_from_the_publisher_name(publisher: str, kind: str) -> None:
    found = ingest.kind_of(publisher)
    assert found is not None and found.value == kind
    assert ingest.kind_of("Landesweite Koordinierungsstelle") is None  # no cue: left to --kind


def test_id_and_short_name() -> None:
    assert ingest.short_name("Ministerium für Schule (MSW)") == "MSW"
    assert ingest.make_id(
        "2014-03-18", None, "Westfalen-Zeitung", "Kreis eröffnet 48. Integrationszentrum"
    ) == ("2014-03-18_westfalen-zeitung_kreis-eroeffnet-48-integrationszentrum")
    assert ingest.slug("Grüße aus Düsseldorf – Straße") == "gruesse-aus-duesseldorf-strasse"
