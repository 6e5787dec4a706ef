"""Corpus: checks on raw files and sidecars, normalisation, offset map, duplicates."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ki_analysis import config
from ki_analysis.corpus import (
    CorpusError,
    Document,
    documents_table,
    normalise,
    read_corpus,
    shared_passages,
)

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 21)


@pytest.fixture(scope="module")
def corpus():
    return read_corpus(ROOT / "data" / "raw", today=TODAY)


@pytest.fixture(scope="module")
def docs(corpus) -> dict[str, Document]:
    return {d.doc_id: d for d in corpus.documents}


# ------------------------------------------------------------------ helpers for bad corpora


def meta_for(data: bytes, **changes) -> dict:
    meta = {
        "title": "Eine Meldung",
        "publisher": "Ministerium",
        "publisher_short": "M",
        "kind": "ministry",
        "date_published": "2015-12-09",
        "date_precision": "day",
        "date_evidence": "Dateline.",
        "url": None,
        "date_accessed": "2026-11-21",
        "language": "de",
        "terms_of_use": "Press release.",
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    for k, v in changes.items():
        if v is ...:
            meta.pop(k)
        else:
            meta[k] = v
    return meta


def put(
    raw: Path, doc_id: str, data: bytes | str = "Der Kreis Düren hat ein Zentrum.\n", sidecar=True, **changes
) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    data = data.encode("utf-8") if isinstance(data, str) else data
    (raw / f"{doc_id}.txt").write_bytes(data)
    if sidecar:
        text = yaml.safe_dump(meta_for(data, **changes), allow_unicode=True)
        (raw / f"{doc_id}.meta.yml").write_text(text, encoding="utf-8")


def problems_of(raw: Path) -> list[tuple[str, str]]:
    result = read_corpus(raw, skip_invalid=True, root=raw.parent.parent, today=TODAY)
    return [(p.path, p.reason) for p in result.problems]


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    return tmp_path / "data" / "raw"


# ------------------------------------------------------------------ the seed corpus


def test_seed_corpus_reads_clean(corpus) -> None:
    assert corpus.problems == []
    assert len(corpus.documents) == 5
    for d in corpus.documents:
        assert d.path == f"data/raw/{d.doc_id}.txt"
        assert d.sentences and d.text


def test_dates_come_from_sidecars(docs) -> None:
    spd = docs["2013-12_spd-mdl-dortmund_47-zentren"]
    assert (spd.date, spd.date_precision) == (dt.date(2013, 12, 1), "month")
    wesel = docs["2017_mkffi_sommertour-kreis-wesel"]
    assert (wesel.date, wesel.date_precision) == (dt.date(2017, 1, 1), "year")
    assert docs["2015-12-09_msw_kreis-dueren_pdf"].date == dt.date(2015, 12, 9)


def test_pdf_text_is_mended(docs) -> None:
    pdf = docs["2015-12-09_msw_kreis-dueren_pdf"].text
    assert pdf.startswith("Besuch des Kommunalen Integrationszentrums Kreis Düren\n\n")
    assert "Dü ren" not in pdf
    assert (
        "\n\nMinisterin Löhrmann: Kommunale Integrationszentren verstärken Integrationskräfte vor Ort\n\n"
        in pdf
    )
    assert "Kreisen und kreisfreien Städten gebündelt" in pdf  # across a page break
    assert "hat ihre Besuche in" in pdf  # across a line wrap
    assert "  " not in pdf and "\u00a0" not in pdf


def test_pdf_sentences_equal_web_sentences(docs) -> None:
    def sentence_set(d: Document) -> set[str]:
        return {d.text[a:b] for a, b in d.sentences}

    pdf = sentence_set(docs["2015-12-09_msw_kreis-dueren_pdf"])
    web = sentence_set(docs["2015-12-09_msw_kreis-dueren_web"])
    assert "Zurzeit arbeiten 49 Kommunale Integrationszentren in NRW." in pdf & web
    assert len(pdf & web) >= 17


def test_hyphenation_and_markdown(docs) -> None:
    mais = docs["2013-12-02_mais_laki-eroeffnung"].text
    assert "Bündelungsbehörde" in mais
    assert "Teilhabe- und Integrationsgesetzes" in mais
    assert "*" not in mais
    assert "die Landesweite Koordinierungsstelle Kommunale Integrationszentren (LaKI) eröffnet" in mais
    assert "Schwerpunkten „Integration als Querschnittsaufgabe“" in mais


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Das ist **fett** und *kursiv*.", "Das ist fett und kursiv."),
        ("5 * 3 * 2 bleibt", "5 * 3 * 2 bleibt"),
        ('Er sagte "gut" und «sehr gut».', "Er sagte „gut“ und „sehr gut“."),
        ("Zwei\u00a0 Leer  zeichen\t hier.  ", "Zwei Leer zeichen hier."),
        ("Titel\n\n\nText eins.\r\nText zwei.", "Titel\n\nText eins.\nText zwei."),
        ("Die Bünde-\n\n\n\nlungsbehörde", "Die Bündelungsbehörde"),
        ("Teilhabe-\nund Integration", "Teilhabe- und Integration"),
        ("die NRW-\nLandesregierung", "die NRW-Landesregierung"),
        ("Soft\u00adhyphen", "Softhyphen"),
    ],
)
def test_normalise_cases(raw: str, expected: str) -> None:
    text, offsets = normalise(raw)
    assert text == expected
    assert len(offsets) == len(text) + 1 and offsets[-1] == len(raw)


def test_broken_words_are_mended_only_with_evidence() -> None:
    assert normalise("Kreis Dü ren")[0] == "Kreis Dü ren"
    assert normalise("Kreis Dü ren", frozenset({"Düren"}))[0] == "Kreis Düren"
    # two real words are never glued, even if the joined form exists
    assert normalise("wir in den Kreisen", frozenset({"inden", "in", "den"}))[0] == "wir in den Kreisen"
    # evidence from the same text counts too (the word occurs intact elsewhere)
    assert normalise("Kreis Dü ren. Der Kreis Düren.")[0] == "Kreis Düren. Der Kreis Düren."


# ------------------------------------------------------------------ offset map

_SAME = {
    " ": set(" \u00a0\t\n\r\u2009\u202f\u2007\u2002\u2003\f\v"),
    "\n": set("\n\r\f\v\u2028\u2029"),
    "„": set('"“”„«»'),
    "“": set('"“”„«»'),
    "'": set("'\u2019\u00b4`"),
}


def comes_from(norm: str, raw: str) -> bool:
    return norm == raw or raw in _SAME.get(norm, ())


@settings(max_examples=300, deadline=None)
@given(data=st.data())
@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")
def test_every_span_maps_back_to_raw(docs, data) -> None:
    doc = docs[data.draw(st.sampled_from(sorted(docs)))]
    start = data.draw(st.integers(0, len(doc.text) - 1))
    end = data.draw(st.integers(start + 1, min(len(doc.text), start + 200)))
    for i in range(start, end):
        assert comes_from(doc.text[i], doc.raw[doc.offsets[i]]), (i, doc.text[i], doc.raw[doc.offsets[i]])
        assert doc.offsets[i] < doc.offsets[i + 1] or doc.text[i : i + 2] == "\n\n"
    a, b = doc.raw_span(start, end)
    raw_bytes = Path(ROOT / doc.path).read_bytes()
    ba, bb = doc.raw_byte_span(start, end)
    assert raw_bytes[ba:bb].decode("utf-8") == doc.raw[a:b]
    # letters are never invented: the raw slice holds the span's letters in order
    letters = [c for c in doc.text[start:end] if c.isalnum()]
    raw_letters = [c for c in doc.raw[a:b] if c.isalnum()]
    assert letters == raw_letters


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab Ä-\n\n*"“„\u00a0.,Dü ren')), max_size=150))
def test_offset_map_holds_for_any_text(raw: str) -> None:
    text, offsets = normalise(raw, frozenset({"Düren"}))
    assert len(offsets) == len(text) + 1
    for i, c in enumerate(text):
        assert comes_from(c, raw[offsets[i]])
        assert offsets[i] < offsets[i + 1] or text[i : i + 2] == "\n\n"


def test_fact_span_maps_to_raw_bytes(docs) -> None:
    doc = docs["2013-12-02_mais_laki-eroeffnung"]
    start = doc.text.index("9,83 Mio. €")
    end = start + len("9,83 Mio. €")
    ba, bb = doc.raw_byte_span(start, end)
    assert (ROOT / doc.path).read_bytes()[ba:bb].decode("utf-8") == "9,83 Mio. €"
    s = doc.sentence_at(start)
    assert s is not None and doc.text[s[0] : s[1]].startswith("Das NRW-Integrationsministerium investiert")


# ------------------------------------------------------------------ duplicates and the table


def test_duplicates_and_shared_passages(corpus) -> None:
    pairs = shared_passages(corpus.documents)
    rel = {(r.doc_a, r.doc_b): r.relation for r in pairs.itertuples()}
    assert rel[("2015-12-09_msw_kreis-dueren_pdf", "2015-12-09_msw_kreis-dueren_web")] == "duplicate"
    assert (
        rel[("2013-12-02_mais_laki-eroeffnung", "2013-12_spd-mdl-dortmund_47-zentren")] == "shares_passages"
    )
    assert len(rel) == 2  # Wesel shares nothing substantial with the others
    assert set(pairs["relation"]) <= {"duplicate", "shares_passages"}


def test_documents_table(corpus) -> None:
    df = documents_table(corpus.documents)
    assert list(df.columns) == [
        "doc_id",
        "title",
        "publisher",
        "publisher_short",
        "kind",
        "date",
        "date_precision",
        "date_earliest",
        "date_latest",
        "url",
        "n_chars",
        "n_sentences",
        "duplicate_cluster",
        "sha256",
        "path",
    ]
    assert df["doc_id"].is_unique and len(df) == 5
    row = df.set_index("doc_id")
    assert (
        row.loc["2015-12-09_msw_kreis-dueren_web", "duplicate_cluster"] == "2015-12-09_msw_kreis-dueren_pdf"
    )
    assert (
        row.loc["2015-12-09_msw_kreis-dueren_pdf", "duplicate_cluster"] == "2015-12-09_msw_kreis-dueren_pdf"
    )
    assert row["duplicate_cluster"].nunique() == 4
    assert row.loc["2013-12_spd-mdl-dortmund_47-zentren", "date_earliest"] == "2013-12-02"
    assert row.loc["2015-12-09_msw_kreis-dueren_web", "date_latest"] == "2015-12-09"
    assert (row["n_sentences"] > 10).all()


# ------------------------------------------------------------------ every check on bad input


def test_good_minimal_document(raw: Path) -> None:
    put(raw, "ok")
    corpus = read_corpus(raw, root=raw.parent.parent, today=TODAY)
    assert [d.doc_id for d in corpus.documents] == ["ok"]


@pytest.mark.parametrize(
    ("setup", "where", "reason"),
    [
        (lambda r: put(r, "x", sidecar=False), "x.txt", "missing sidecar"),
        (lambda r: put(r, "x", title=...), "x.meta.yml", "misses field(s): title"),
        (lambda r: put(r, "x", sha256=...), "x.meta.yml", "sha256"),
        (lambda r: put(r, "x", kind="blog"), "x.meta.yml", "kind is 'blog'"),
        (lambda r: put(r, "x", date_precision="week"), "x.meta.yml", "date_precision is 'week'"),
        (lambda r: put(r, "x", date_published="2015-12"), "x.meta.yml", "expected YYYY-MM-DD"),
        (lambda r: put(r, "x", date_published="2015-13-01"), "x.meta.yml", "date_published"),
        (lambda r: put(r, "x", date_accessed="gestern"), "x.meta.yml", "date_accessed"),
        (lambda r: put(r, "x", url="www.example.org"), "x.meta.yml", "url"),
        (lambda r: put(r, "x", sha256="0" * 64), "x.meta.yml", "sha256 mismatch"),
        (lambda r: put(r, "x", sha256="abc"), "x.meta.yml", "not 64 lower-case hex"),
        (lambda r: put(r, "x", date_published="2099-01-01"), "x.meta.yml", "in the future"),
        (
            lambda r: put(r, "x", date_published="2015", date_precision="year", date_earliest="2016-01-01"),
            "x.meta.yml",
            "outside date_published",
        ),
        (lambda r: put(r, "x", data=b""), "x.txt", "empty"),
        (lambda r: put(r, "x", data=" \n\t\n"), "x.txt", "only whitespace"),
        (lambda r: put(r, "x", data=b"D\xfcren"), "x.txt", "not valid UTF-8"),
        (lambda r: put(r, "x", data="\ufeffText".encode("utf-8")), "x.txt", "byte-order mark"),
        (lambda r: put(r, "x", data=b"Te\x00xt"), "x.txt", "NUL bytes"),
        (lambda r: put(r, "x", data=b"a" * (config.MAX_RAW_BYTES + 1)), "x.txt", "limit"),
        (lambda r: (put(r, "x"), (r / "x.txt").unlink()), "x.meta.yml", "sidecar without a text"),
        (
            lambda r: (put(r, "x"), (r / "x.meta.yml").write_text("title: [unclosed\n")),
            "x.meta.yml",
            "not valid YAML",
        ),
        (
            lambda r: (put(r, "x"), (r / "x.meta.yml").write_text("- a list\n")),
            "x.meta.yml",
            "not a YAML mapping",
        ),
        (
            lambda r: (put(r, "x"), (r / "x.meta.yml").write_bytes(b"title: \xff\n")),
            "x.meta.yml",
            "not valid UTF-8",
        ),
        (lambda r: (put(r, "Dup"), put(r, "dup")), "dup.txt", "duplicate document id"),
        (lambda r: put(r, "bad id"), "bad id.txt", "bad document id"),
        (
            lambda r: (r.mkdir(parents=True), (r / "notes.pdf").write_bytes(b"%PDF")),
            "notes.pdf",
            "unexpected file",
        ),
        (
            lambda r: (
                put(r, "x"),
                (r.parent.parent / "outside.txt").write_text("geheim"),
                (r / "x.txt").unlink(),
                (r / "x.txt").symlink_to(r.parent.parent / "outside.txt"),
            ),
            "x.txt",
            "points outside data/raw",
        ),
    ],
)
def test_each_bad_input_is_reported(raw: Path, setup, where: str, reason: str) -> None:
    setup(raw)
    problems = problems_of(raw)
    assert any(p == f"data/raw/{where}" and reason in r for p, r in problems), problems


def test_all_problems_in_one_pass_and_skip_invalid(raw: Path) -> None:
    put(raw, "good")
    put(raw, "empty", data=b"")
    put(raw, "nosidecar", sidecar=False)
    put(raw, "badsha", sha256="f" * 64)
    with pytest.raises(CorpusError) as info:
        read_corpus(raw, root=raw.parent.parent, today=TODAY)
    paths = {p.path for p in info.value.problems}
    assert paths == {"data/raw/empty.txt", "data/raw/nosidecar.txt", "data/raw/badsha.meta.yml"}
    assert "data/raw/empty.txt" in str(info.value)
    skipped = read_corpus(raw, skip_invalid=True, root=raw.parent.parent, today=TODAY)
    assert [d.doc_id for d in skipped.documents] == ["good"]
    assert len(skipped.problems) == 3


def test_readme_and_dotfiles_are_not_documents(raw: Path) -> None:
    put(raw, "ok")
    (raw / "README.md").write_text("# raw\n")
    (raw / ".gitkeep").write_text("")
    assert problems_of(raw) == []


def test_missing_raw_folder(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="does not exist"):
        read_corpus(tmp_path / "data" / "raw", root=tmp_path)


_VALUES = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.integers(-5, 3000),
    st.booleans(),
    st.dates(),
    st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.sampled_from(["day", "month", "year", "ministry", "2015-12-09", "2015-12", "2015", "http://x.de"]),
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(list(meta_for(b"x")) + ["date_earliest", "date_latest"]), _VALUES))
def test_check_meta_never_raises(changes: dict) -> None:
    from ki_analysis.corpus.documents import check_meta

    meta = {**meta_for(b"x"), **changes}
    reasons = check_meta(meta, b"x", TODAY)
    assert all(isinstance(r, str) and r for r in reasons)
    assert check_meta(["not", "a", "dict"], b"x", TODAY) == ["sidecar is not a YAML mapping of fields"]
