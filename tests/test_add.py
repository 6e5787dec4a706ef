"""``ki add`` as a command: every bad input gets one clear message and a non-zero exit, with
``data/raw`` and ``data/curation.yml`` exactly as they were; URLs are fetched from a local HTTP
server the tests start (nothing reaches outside); duplicates; a killed run leaves no part."""

from __future__ import annotations

import contextlib
import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import harness
import pytest
import yaml
from ingest_fixtures import FIXTURES, encrypted_pdf, page, release_pdf, scanned_pdf
from test_ingest import make_project

from ki_analysis import cli, config
from ki_analysis.corpus import fetch as fetch_mod

TRACEBACK = "Traceback (most recent call last)"


def snapshot(paths: config.Paths) -> dict[str, bytes]:
    files = {
        p.relative_to(paths.data).as_posix(): p.read_bytes() for p in paths.raw.rglob("*") if p.is_file()
    }
    files["curation.yml"] = paths.curation.read_bytes()
    return files


@pytest.fixture()
def proj(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> config.Paths:
    paths = make_project(tmp_path / "p")
    monkeypatch.setenv("KI_ROOT", str(paths.root))
    return paths


def ki(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------- a local web server

ROUTES: dict[str, tuple[int, dict[str, str], bytes]] = {
    "/pm/ministry": (200, {"Content-Type": "text/html; charset=utf-8"}, page("ministry")),
    "/pm/release.pdf": (200, {"Content-Type": "application/pdf"}, release_pdf()),
    "/old": (301, {"Location": "/pm/ministry"}, b""),
    "/loop-a": (302, {"Location": "/loop-b"}, b""),
    "/loop-b": (302, {"Location": "/loop-a"}, b""),
    "/big": (200, {"Content-Type": "text/html"}, b"<html><body>" + b"x" * 5000 + b"</body></html>"),
    "/image": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n" + b"\0" * 100),
    "/empty": (200, {"Content-Type": "text/html"}, b""),
}
SEEN_AGENTS: list[str] = []


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        SEEN_AGENTS.append(self.headers.get("User-Agent", ""))
        if self.path == "/slow":
            time.sleep(3)
        status, headers, body = ROUTES.get(self.path, (404, {"Content-Type": "text/plain"}, b"not found"))
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):  # the client gave up (timeout tests)
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


# --------------------------------------------------------------------------- adding


def test_add_a_page_prints_fields_figures_and_next_steps(proj, capsys) -> None:
    code, out, err = ki(capsys, "add", str(FIXTURES / "ministry.html"))
    assert code == 0, err
    doc_id = "2019-05-14_land-nrw_staatssekretaerin-gueler-besucht-kommunales"
    assert f"added {doc_id} to data/raw" in out
    assert "date_published: 2019-05-14 (day)  [meta article:published_time]" in out
    assert "6 figure(s) found" in out and "44,6" in out
    assert f"ki review {doc_id}" in out and "make data" in out
    assert {p.name for p in proj.raw.glob(f"{doc_id}.*")} == {
        f"{doc_id}.{s}" for s in ("html", "txt", "meta.yml")
    }


def test_add_a_text_file_with_flags(proj, capsys, tmp_path: Path) -> None:
    src = tmp_path / "mitteilung.md"
    src.write_text(
        "Neue Stellen für das Integrationszentrum\n\nDüsseldorf, 3. März 2021. Das Kommunale "
        "Integrationszentrum erhält jeweils 2 weitere Stellen für die Beratung von Familien.\n",
        encoding="utf-8",
    )
    code, out, err = ki(
        capsys, "add", str(src), "--publisher", "Stadt Hagen", "--url", "https://www.hagen.de/pm/1"
    )
    assert code == 0, err
    meta = yaml.safe_load(
        next(proj.raw.glob("2021-03-03_stadt-hagen_*.meta.yml")).read_text(encoding="utf-8")
    )
    assert (meta["kind"], meta["format"], meta["url"]) == ("district", "text", "https://www.hagen.de/pm/1")
    assert meta["url_evidence"] == "given with --url" and "original_file" not in meta


def test_add_with_date_and_id(proj, capsys, tmp_path: Path) -> None:
    pdf = tmp_path / "scan-frei.pdf"
    pdf.write_bytes(release_pdf())
    code, out, err = ki(
        capsys,
        "add",
        str(pdf),
        "--id",
        "2016-07_msb_lehrerstellen",
        "--date",
        "2016-07",
        "--publisher",
        "MSB NRW",
        "--kind",
        "ministry",
    )
    assert code == 0, err
    meta = yaml.safe_load((proj.raw / "2016-07_msb_lehrerstellen.meta.yml").read_text(encoding="utf-8"))
    assert (meta["date_published"], meta["date_precision"], meta["date_evidence"]) == (
        "2016-07",
        "month",
        "given with --date",
    )
    assert (proj.raw / "2016-07_msb_lehrerstellen.pdf").read_bytes() == release_pdf()


def test_a_missing_field_is_named_with_its_flag(proj, capsys, tmp_path: Path) -> None:
    pdf = tmp_path / "release.pdf"
    pdf.write_bytes(release_pdf())
    before = snapshot(proj)
    code, out, err = ki(capsys, "add", str(pdf))
    assert code != 0 and TRACEBACK not in err
    assert "publisher (--publisher)" in err and "kind (--kind)" in err
    assert snapshot(proj) == before


def test_same_bytes_are_refused_and_name_the_document(proj, capsys) -> None:
    assert ki(capsys, "add", str(FIXTURES / "party.html"))[0] == 0
    before = snapshot(proj)
    code, out, err = ki(capsys, "add", str(FIXTURES / "party.html"), "--id", "another-id")
    assert code != 0 and "same bytes as the document 2018-01-24_maria-muster-mdl_" in err
    assert snapshot(proj) == before


def test_a_near_duplicate_is_accepted_marked_and_reported(proj, capsys, tmp_path: Path) -> None:
    """The same release as a web page and as text copied from its PDF edition."""
    assert ki(capsys, "add", str(FIXTURES / "ministry.html"))[0] == 0
    text = (next(proj.raw.glob("2019-05-14_land-nrw_*.txt"))).read_text(encoding="utf-8")
    copy = tmp_path / "pdf-edition.txt"
    copy.write_text("Pressemitteilung\n\n" + text.replace("\n\n", "\n"), encoding="utf-8")
    code, out, err = ki(
        capsys,
        "add",
        str(copy),
        "--publisher",
        "Ministerium für Kinder, Familie, Flüchtlinge und Integration (MKFFI)",
        "--date",
        "2019-05-14",
        "--title",
        "Güler besucht KI Lippe (PDF)",
    )
    assert code == 0, err
    assert "note: the same release as 2019-05-14_land-nrw_" in out
    meta = yaml.safe_load(next(proj.raw.glob("2019-05-14_mkffi_*.meta.yml")).read_text(encoding="utf-8"))
    assert meta["near_duplicates"][0]["relation"] == "duplicate"


def test_the_pdf_edition_of_a_web_release_is_marked_as_its_duplicate(proj, capsys, tmp_path: Path) -> None:
    import textwrap

    from ingest_fixtures import one_page_pdf

    assert ki(capsys, "add", str(FIXTURES / "ministry.html"))[0] == 0
    text = next(proj.raw.glob("2019-05-14_land-nrw_*.txt")).read_text(encoding="utf-8")
    lines = tuple(line for para in text.split("\n\n") for line in textwrap.wrap(para, 80) + [""])
    pdf = tmp_path / "pm-guelers-besuch.pdf"
    pdf.write_bytes(one_page_pdf(("Pressemitteilung des MKFFI", *lines)))
    code, out, err = ki(
        capsys, "add", str(pdf), "--publisher", "MKFFI NRW", "--kind", "ministry", "--date", "2019-05-14"
    )
    assert code == 0, err
    assert "note: the same release as 2019-05-14_land-nrw_" in out
    from ki_analysis.build import run

    assert run(proj, out=__import__("io").StringIO()) == 0
    import ki_analysis

    docs = ki_analysis.load("documents", root=proj.root).set_index("doc_id")
    web, pdf_edition = sorted(d for d in docs.index if d.startswith("2019-05-14_"))  # land-nrw, mkffi-nrw
    assert docs.loc[web, "duplicate_cluster"] == docs.loc[pdf_edition, "duplicate_cluster"] == web
    rollout = ki_analysis.load("rollout", root=proj.root)
    assert len(rollout[rollout["doc_ids"].str.contains("2019-05-14_", regex=False)]) == 1  # counted once


# --------------------------------------------------------------------------- bad input


def _bad_files(tmp: Path, paths: config.Paths) -> dict[str, tuple[list[str], str]]:
    def put(name: str, data: bytes) -> str:
        p = tmp / name
        p.write_bytes(data)
        return str(p)

    inside = paths.raw / "2013-12-02_mais_laki-eroeffnung.txt"
    return {
        "unknown format": ([put("release.docx", b"PK\x03\x04 word")], "unknown format"),
        "empty file": ([put("empty.html", b"")], "is empty"),
        "missing file": ([str(tmp / "nope.html")], "no such file"),
        "a folder": ([str(tmp)], "is a folder"),
        "html without main text": (
            [
                put(
                    "nav.html",
                    b"<html><body><nav><a href='/'>Start</a></nav><footer>Impressum</footer></body></html>",
                )
            ],
            "no main text",
        ),
        "scanned pdf": ([put("scan.pdf", scanned_pdf())], "no text layer"),
        "encrypted pdf": ([put("secret.pdf", encrypted_pdf())], "encrypted PDF"),
        "broken pdf": ([put("broken.pdf", release_pdf()[:500])], "broken PDF"),
        "junk renamed to .pdf": ([put("junk.pdf", bytes(range(256)) * 8)], "is not a PDF"),
        "binary renamed to .html": ([put("junk.html", b"\x00\x01\x02" * 100)], "looks binary"),
        "text with a BOM": ([put("bom.txt", b"\xef\xbb\xbf" + b"Wort " * 30)], "byte-order mark"),
        "text not UTF-8": ([put("latin.txt", "Straße Größe ".encode("latin-1") * 20)], "not UTF-8"),
        "not a date": ([str(FIXTURES / "ministry.html"), "--date", "2019-13-45"], "not a date"),
        "a date in words": ([str(FIXTURES / "ministry.html"), "--date", "gestern"], "not a date"),
        "a future date": ([str(FIXTURES / "ministry.html"), "--date", "2999-01-01"], "in the future"),
        "an id that exists": (
            [str(FIXTURES / "ministry.html"), "--id", "2013-12-02_mais_laki-eroeffnung"],
            "exists already",
        ),
        "a bad id": ([str(FIXTURES / "ministry.html"), "--id", "../escape"], "letters, digits"),
        "a bad kind": ([str(FIXTURES / "ministry.html"), "--kind", "blog"], "use one of"),
        "a file inside data/raw": ([str(inside)], "inside data/raw already"),
    }


CASES = [
    "unknown format", "empty file", "missing file", "a folder", "html without main text", "scanned pdf",
    "encrypted pdf", "broken pdf", "junk renamed to .pdf", "binary renamed to .html", "text with a BOM",
    "text not UTF-8", "not a date", "a date in words", "a future date", "an id that exists", "a bad id",
    "a bad kind", "a file inside data/raw",
]  # fmt: skip


@pytest.mark.parametrize("case", CASES)
def test_bad_input_one_message_nothing_changed(proj, capsys, tmp_path: Path, case: str) -> None:
    src = tmp_path / "in"
    src.mkdir()
    args, message = _bad_files(src, proj)[case]
    before = snapshot(proj)
    code, out, err = ki(capsys, "add", *args)
    assert code != 0
    assert TRACEBACK not in out + err
    assert message in err, err
    assert len(err.strip().splitlines()) == 1, err
    assert snapshot(proj) == before
    assert not harness.stray_files(proj.root)


def test_too_large_a_file(proj, capsys, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(config, "MAX_ORIGINAL_BYTES", 1000)
    before = snapshot(proj)
    code, out, err = ki(capsys, "add", str(FIXTURES / "ministry.html"))
    assert code != 0 and "the limit is 1,000" in err and snapshot(proj) == before


# --------------------------------------------------------------------------- URLs


def test_add_a_url_after_a_redirect(proj, capsys, server, no_network) -> None:
    code, out, err = ki(capsys, "add", f"{server}/old")
    assert code == 0, err
    meta = yaml.safe_load(next(proj.raw.glob("2019-05-14_land-nrw_*.meta.yml")).read_text(encoding="utf-8"))
    # the address it was fetched from wins over the page's canonical link: that is where the bytes came from
    assert meta["url"] == f"{server}/pm/ministry" and meta["url_requested"] == f"{server}/old"
    assert meta["url"] == meta["url"] and "fetched from" in meta["url_evidence"]
    assert meta["original_media_type"] == "text/html; charset=utf-8"
    assert meta["retrieved_at"].endswith("Z") and meta["date_accessed"] == meta["retrieved_at"][:10]
    assert (proj.raw / meta["original_file"]).read_bytes() == page("ministry")
    assert SEEN_AGENTS and SEEN_AGENTS[-1].startswith("ki-analysis/") and "research" in SEEN_AGENTS[-1]
    assert not no_network


def test_add_a_pdf_url(proj, capsys, server, no_network) -> None:
    code, out, err = ki(capsys, "add", f"{server}/pm/release.pdf", "--publisher", "MSB", "--kind", "ministry")
    assert code == 0, err
    assert "release.pdf" not in {p.name for p in proj.raw.iterdir()}
    assert len(list(proj.raw.glob("2016-07-12_msb_*.pdf"))) == 1


@pytest.mark.parametrize(
    "path, message",
    [
        ("/missing", "answered HTTP 404"),
        ("/loop-a", "redirects in a loop"),
        ("/slow", "timed out"),
        ("/big", "limit"),
        ("/image", "unsupported content type 'image/png'"),
        ("/empty", "empty body"),
    ],
)
def test_bad_urls(proj, capsys, server, no_network, monkeypatch, path: str, message: str) -> None:
    monkeypatch.setattr(config, "FETCH_TIMEOUT_S", 0.5)
    monkeypatch.setattr(config, "MAX_ORIGINAL_BYTES", 2000)
    before = snapshot(proj)
    code, out, err = ki(capsys, "add", f"{server}{path}")
    assert code != 0 and TRACEBACK not in err and message in err, err
    assert snapshot(proj) == before


def test_only_http_is_fetched() -> None:
    assert not fetch_mod.is_url("file:///etc/passwd") and not fetch_mod.is_url("ftp://x/y")
    with pytest.raises(Exception, match="not an http"):
        fetch_mod.fetch("file:///etc/passwd")


# --------------------------------------------------------------------------- kills


@pytest.mark.slow
def test_a_killed_add_leaves_no_part(tmp_path: Path) -> None:
    """SIGKILL at points spread over a run: data/raw holds the old files or all new ones, and the
    next run (or build) cleans up and succeeds."""
    base = make_project(tmp_path / "base").root
    old = harness.tree_state(base / "data" / "raw")
    args = ("add", str(FIXTURES / "kreis.html"), "--id", "killed-add")
    probe = harness.clone_tree(base, tmp_path / "probe")
    t0 = time.monotonic()
    proc = harness.run_ki_forked(probe, *args)
    duration = time.monotonic() - t0
    assert proc.returncode == 0, proc.stderr
    new = harness.tree_state(probe / "data" / "raw")
    outcomes = []
    for i in range(10):
        delay = duration * (0.2 + 0.9 * i / 9)
        work = harness.clone_tree(base, tmp_path / f"t{i}")
        pid = harness.start_ki_forked(work, *args, out=tmp_path / f"t{i}.out", err=tmp_path / f"t{i}.err")
        if harness.wait_pid(pid, delay) is None:
            harness.kill_group(pid)
        state = harness.tree_state(work / "data" / "raw")
        assert state in (old, new), harness.state_diff(old, state)
        outcomes.append("old" if state == old else "new")
        if state == old:
            rerun = harness.run_ki_forked(work, *args)
            assert rerun.returncode == 0, rerun.stderr
        else:
            assert harness.run_ki_forked(work, "build").returncode == 0
        assert harness.tree_state(work / "data" / "raw") == new
        assert not harness.stray_files(work), harness.stray_files(work)
    harness.record("kill trials", f"ki add: 10 SIGKILLs over {duration * 1000:.0f} ms: {outcomes}")
