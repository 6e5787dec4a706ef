"""ki report with real kernels (slow): end to end, failures, incremental re-runs,
and warm kernels that leave no trace from one report in the next."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
from pathlib import Path

import harness
import pandas as pd
import pytest
from report_fixture import (
    add_release,
    build,
    make_corpus_project,
    make_project,
    report_args,
    tables,
    write_processed,
)

from ki_analysis.config import KERNEL_NAME, paths
from ki_analysis.errors import KiError
from ki_analysis.report import engine
from ki_analysis.report import run as reports

pytestmark = pytest.mark.slow


def _args(jobs: int = 1, **kw) -> argparse.Namespace:
    """One worker: each worker boots a kernel, and these runs render a few small reports
    (the end-to-end test runs two)."""
    return report_args(jobs=jobs, **kw)


def _no_local_paths(text: str, root: Path) -> None:
    assert str(root) not in text and "/tmp/" not in text and "/home/" not in text
    assert "/work/" not in text and str(Path.home()) not in text and "file://" not in text


#: The reports of the shared render: the state and three districts, in both languages.
SHARED = dict(state=True, district=["Wesel", "Kleve", "Köln"], lang="de,en")


@pytest.fixture(scope="session")
def shared_render(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small project with the ``SHARED`` reports rendered once per test run, under umask
    022, for the tests that only read them or work on a copy (``rendered_copy``)."""

    def make(folder: Path) -> None:
        root = make_project(folder / "proj")
        old = os.umask(0o022)
        try:
            with pytest.MonkeyPatch.context() as mp:
                mp.setenv("KI_ROOT", str(root))
                assert reports.main(_args(**SHARED)) == 0
        finally:
            os.umask(old)

    return harness.once(tmp_path_factory, "small-reports", make) / "proj"


@pytest.fixture()
def rendered_copy(shared_render: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A copy of the shared render (reports, manifest and all), with KI_ROOT pointing at it."""
    root = harness.clone_tree(shared_render, tmp_path / "proj")
    monkeypatch.setenv("KI_ROOT", str(root))
    return paths(root)


@pytest.fixture()
def corpus(tmp_path, monkeypatch):
    """The seed releases plus a hostile one, built by the real pipeline."""
    root = make_corpus_project(tmp_path / "corpus")
    monkeypatch.setenv("KI_ROOT", str(root))
    build(root)
    return paths(root)


def test_end_to_end_render_rerun_and_news(corpus, capsys):
    project = corpus
    names = ["Kreis Wesel", "Aachen", "Kleve", "Höxter"]
    assert reports.main(_args(state=True, district=names, jobs=2)) == 0
    out = project.reports
    for slug in ["state", "kreis-wesel", "staedteregion-aachen", "kreis-kleve", "kreis-hoexter"]:
        page = (out / f"{slug}.html").read_text()
        assert page.startswith("<!DOCTYPE html>") and "<h1>" in page
        assert "rp." not in page and "import " not in page  # no code in the report
        assert "<script" not in page and "onerror=alert" not in page.replace(
            "&lt;img src=x onerror=alert(2)&gt;", ""
        )
        _no_local_paths(page, project.root)
        for csv in re.findall(r'href="([^"]+\.csv)"', page):
            assert (out / csv).is_file() and "/" not in csv
        img = re.search(r"<figure><img [^>]+>", page).group(0)  # nbconvert reorders attributes
        assert re.search(r'src="data:image/png;base64,[^"]+"', img)
        assert re.search(r'alt="[^"]{20,}"', img)
    kleve = (out / "kreis-kleve.html").read_text()
    assert "&lt;img src=x onerror=alert(2)&gt;" in kleve and "&lt;script&gt;alert(1)&lt;/script&gt;" in kleve
    assert "Sommertour" in (out / "kreis-wesel.html").read_text()
    assert "Stadt Aachen" in (out / "staedteregion-aachen.html").read_text()
    assert "nichts Spezifisches" in (out / "kreis-hoexter.html").read_text()
    state = (out / "state.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in state  # the hostile title in the release list
    index = (out / "index.html").read_text()
    assert (
        "Erster Lauf" in index
        and len(re.findall(r'<a href="(kreis|staedteregion)-[a-z-]+\.html"', index)) == 4
    )
    _no_local_paths(index, project.root)
    assert not list((project.state / "build").glob("failed/*.ipynb"))
    # the kernels read this project because it was passed as the parameter root, which stays
    # out of the manifest (the same project elsewhere has the same manifest keys)
    import nbformat

    executed = nbformat.read(project.report_build / "kreis-wesel.ipynb", as_version=4)
    assert executed.metadata.papermill.parameters == {"ags": "05170", "lang": "de", "root": str(project.root)}
    manifest = project.report_manifest.read_text(encoding="utf-8")
    assert str(project.root) not in manifest and '"root"' not in manifest

    capsys.readouterr()
    assert reports.main(_args(state=True, district=names)) == 0
    assert "0 rendered, 5 up to date" in capsys.readouterr().err
    assert "Nichts Neues" in (out / "index.html").read_text()

    # A new release about Kleve: the state and Kleve are rendered again, Wesel is not.
    add_release(
        project.root,
        "2018-04-01_kreis-kleve_fachtag",
        "Fachtag im Kreis Kleve",
        "Fachtag im Kreis Kleve\n\nKleve, 1. April 2018. Der Kreis Kleve lädt zum Fachtag Integration ein.\n",
        date="2018-04-01",
    )
    build(project.root)
    capsys.readouterr()
    assert reports.main(_args(state=True, district=names)) == 0
    err = capsys.readouterr().err
    assert "kreis-kleve ok" in err and "state ok" in err and "kreis-wesel" not in err
    assert "2 rendered, 3 up to date" in err
    index = (out / "index.html").read_text()
    assert "Neue Dokumente: 1" in index and "Fachtag im Kreis Kleve" in index
    assert index.index("Neue Dokumente") < index.index("<h2>Berichte")
    assert "Der Kreis Kleve lädt zum Fachtag" in (out / "kreis-kleve.html").read_text()


def test_a_failed_report_is_named_kept_and_the_others_render(project, capsys):
    t = tables()
    # a precision outside the vocabulary reads, but no date can be worded with it
    bad = t["events"].assign(event_id="e2", district_ags="05154", date_precision="fortnight")
    write_processed(project.root, {"events": pd.concat([t["events"], bad])})
    assert reports.main(_args(district=["Kleve", "Wesel"])) == 1
    err = capsys.readouterr().err
    assert "FAILED kreis-kleve" in err and "ValueError: unknown date precision 'fortnight'" in err
    assert (project.state / "build" / "failed" / "kreis-kleve.ipynb").is_file()
    assert (project.reports / "kreis-wesel.html").is_file()
    assert not (project.reports / "kreis-kleve.html").exists()
    assert "fehlgeschlagen" in (project.reports / "index.html").read_text()
    # still failing: rendered again next time (a failure is never "up to date")
    assert reports.main(_args(district=["Kleve"])) == 1


def test_kernels_read_the_project_passed_as_root_not_the_one_ki_root_names(project, monkeypatch):
    monkeypatch.setenv("KI_ROOT", str(project.root.parent / "not-this-project"))
    today = dt.date.today()
    planned = reports.plan(
        project, state=True, districts=["Wesel"], all_=False, as_of=None, lang="en", today=today
    )
    summary = reports.run(
        project, planned, jobs=1, force=True, now=dt.datetime(2020, 1, 1), today=today, progress=False
    )
    assert [r.slug for r in summary.rendered if r.ok] == ["en/kreis-wesel", "en/state"]
    assert "The corpus has nothing specific" not in (project.reports / "en/kreis-wesel.html").read_text()
    assert "LaKI eröffnet" in (project.reports / "en/state.html").read_text()


def _job(project, slug: str, template: str, params: dict, out: Path) -> engine.Job:
    return engine.Job(
        slug,
        str(project.notebooks / "templates" / template),
        params,
        params["lang"],
        str(out / "build"),
        str(out),
        KERNEL_NAME,
    )


@pytest.fixture()
def warm(project):
    engine.init_worker(KERNEL_NAME, str(project.root))
    yield engine
    engine._WARM.shutdown()
    engine._WARM = None


def test_warm_kernel_reports_are_identical_to_fresh_ones_in_any_order(project, warm, tmp_path):
    a = ("kreis-wesel", "district.ipynb", {"ags": "05170", "lang": "de"})
    b = (
        "en/state-2018-01-01",
        "state.ipynb",
        {"as_of": "2018-01-01", "lang": "en", "root": str(project.root)},
    )
    c = ("en/staedteregion-aachen", "district.ipynb", {"ags": "05334", "lang": "en"})
    fresh = {}
    # A as the papermill CLI passes it ("-p ags 05170" arrives as the int 5170; the browser
    # tests run the CLI itself): the template gives the zero back, so the page is the same.
    hand = ("kreis-wesel", "district.ipynb", {"ags": 5170, "lang": "de"})
    for slug, tpl, params in (hand, b, c):
        res = engine.render(_job(project, slug, tpl, params, tmp_path / "fresh"), engine_name="nbclient")
        assert res.ok, res.error
        fresh[slug] = (tmp_path / "fresh" / f"{slug}.html").read_text()
    # Every pair in both orders.
    for i, order in enumerate([(a, b, c), (c, b, a)]):
        for slug, tpl, params in order:
            res = engine.render(_job(project, slug, tpl, params, tmp_path / f"warm{i}"))
            assert res.ok, res.error
            assert (tmp_path / f"warm{i}" / f"{slug}.html").read_text() == fresh[slug], (i, slug)


def test_reset_removes_state_style_and_options_left_by_a_report(project, warm, tmp_path):
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    dirty = new_notebook(
        cells=[
            new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
            new_code_cell(
                "import matplotlib, seaborn, pandas as pd, warnings, sys, os\n"
                "seaborn.set_theme(style='darkgrid', palette='husl')\n"
                "matplotlib.rcParams['lines.linewidth'] = 9\n"
                "pd.set_option('display.max_rows', 3)\n"
                "warnings.simplefilter('error')\n"
                "sys.path.insert(0, '/leak'); os.chdir('/')\n"
                "import matplotlib.pyplot as plt; plt.figure()\n"
                "leaked = 'yes'"
            ),
        ]
    )
    check = new_notebook(
        cells=[
            new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
            new_code_cell(
                "import matplotlib, pandas as pd, warnings, sys, os\n"
                "import matplotlib.pyplot as plt\n"
                "assert 'leaked' not in globals()\n"
                "assert matplotlib.rcParams['lines.linewidth'] == 1.5\n"
                "assert matplotlib.rcParams['axes.facecolor'] == 'white'\n"
                "assert pd.get_option('display.max_rows') == 60\n"
                "assert '/leak' not in sys.path and os.getcwd() != '/'\n"
                "assert plt.get_fignums() == []\n"
                "assert ('error', None, Warning, None, 0) not in warnings.filters\n"
                "print('execution count', get_ipython().execution_count)"
            ),
        ]
    )
    for name, nb in (("dirty", dirty), ("check", check)):
        nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": "k", "language": "python"}
        nbformat.write(nb, tmp_path / f"{name}.ipynb")

    def run(name: str, out: str, engine_name: str = engine.ENGINE_NAME) -> str:
        job = engine.Job(
            name,
            str(tmp_path / f"{name}.ipynb"),
            {"x": 2},
            "de",
            str(tmp_path / "b"),
            str(tmp_path / out),
            KERNEL_NAME,
        )
        res = engine.render(job, engine_name=engine_name)
        assert res.ok, res.error
        return (tmp_path / out / f"{name}.html").read_text()

    fresh = run("check", "fresh", "nbclient")
    assert "execution count" in fresh
    for i in range(2):
        run("dirty", f"warm{i}")
        assert run("check", f"warm{i}") == fresh


# ------------------------------------------------------- served as it is: modes, links, PDF


def _tree(root: Path) -> list[Path]:
    return sorted(root.rglob("*"))


@pytest.mark.parametrize("mask", [0o022, 0o027])
def test_a_rendered_folder_follows_the_umask_and_loads_nothing_from_outside(
    mask, shared_render, tmp_path, monkeypatch
):
    if mask == 0o022:  # the shared render was made under this mask
        out = shared_render / "reports"
    else:
        root = make_project(tmp_path / "proj")
        monkeypatch.setenv("KI_ROOT", str(root))
        old = os.umask(mask)
        try:
            assert reports.main(_args(state=True, district=["Wesel"], lang="de,en")) == 0
        finally:
            os.umask(old)
        out = root / "reports"
    names = {p.relative_to(out).as_posix() for p in _tree(out)}
    assert {"index.html", "en/index.html", "state.html", "en/state.html", "kreis-wesel.html"} <= names
    assert {
        "en/kreis-wesel.html",
        "kreis-wesel.map.csv",
        "en/kreis-wesel.map.csv",
        "data/funding.csv",
    } <= names
    for path in _tree(out):
        mode = path.stat().st_mode & 0o777
        want = (0o777 if path.is_dir() else 0o666) & ~mask
        assert mode == want, f"{path.relative_to(out)}: {oct(mode)} != {oct(want)}"
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script" not in html and "<link" not in html and "@import" not in html
        for ref in re.findall(r'(?:src|href)="([^"]+)"', html):
            if ref.startswith(("data:image/png;base64,", "#", "https://example.org")):
                continue  # embedded charts, anchors, a press release's own address (a link, not a load)
            assert not re.match(r"[a-z]+:|/", ref), f"{page.name}: {ref} is not relative"
            assert (page.parent / ref.split("#")[0]).resolve().is_file(), f"{page.name}: {ref} is missing"


def test_the_index_groups_districts_and_offers_both_languages_and_the_downloads(shared_render):
    out = shared_render / "reports"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.index("Landesbericht") < index.index("Regierungsbezirk Düsseldorf")
    assert index.index("Regierungsbezirk Düsseldorf") < index.index("Regierungsbezirk Köln")
    assert index.index("Kleve (05154)") < index.index("Wesel (05170)") < index.index("Köln (05315)")
    assert '<a href="kreis-wesel.html" hreflang="de">Deutsch</a>' in index
    assert '<a href="en/kreis-wesel.html" hreflang="en">Englisch</a>' in index
    assert 'href="data/funding.csv"' in index
    en = (out / "en" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../en/kreis-wesel.html" hreflang="en">English</a>' in en
    assert "Reports by administrative region" in en and 'href="../data/funding.csv"' in en
    wesel = (out / "en" / "kreis-wesel.html").read_text(encoding="utf-8")
    assert 'href="index.html"' in wesel and 'href="../kreis-wesel.html"' in wesel  # its index, German
    assert "05170" in wesel  # the AGS stays in the page


def test_a_re_run_with_nothing_new_keeps_everything_and_old_names_are_removed(rendered_copy, capsys):
    project = rendered_copy  # a copy made elsewhere: nothing in the manifest names its place
    stale = project.reports / "district-05170.html"  # a file of the old naming
    stale.write_text("old")
    (project.reports / "README.md").write_text("kept")
    before = {p: p.stat().st_mtime_ns for p in project.reports.rglob("*.html") if p != stale}
    capsys.readouterr()
    assert reports.main(_args(**SHARED)) == 0
    assert "0 rendered, 8 up to date" in capsys.readouterr().err
    after = {p: p.stat().st_mtime_ns for p in before}
    assert {p: t for p, t in after.items() if p.name != "index.html"} == {
        p: t for p, t in before.items() if p.name != "index.html"
    }
    assert reports.main(_args(state=True, lang="de", force=True)) == 0
    assert not stale.exists() and (project.reports / "README.md").read_text() == "kept"
    assert (project.reports / "en" / "stadt-koeln.html").is_file()  # not rendered this time: kept


needs_pdf = pytest.mark.skipif(
    __import__("ki_analysis.report.pdf", fromlist=["x"]).chromium_path() is None
    or __import__("importlib.util").util.find_spec("playwright") is None,
    reason="ki report --pdf needs Chromium and playwright",
)


@needs_pdf
def test_pdf_of_the_state_report_and_a_district(rendered_copy, capsys):
    project = rendered_copy  # the HTML is up to date: only the PDFs are made
    assert reports.main(_args(state=True, district=["Wesel"], lang="de", pdf=True)) == 0
    err = capsys.readouterr().err
    assert "2 PDF" in err and "0 rendered" in err
    for name in ("state.pdf", "kreis-wesel.pdf"):
        data = (project.reports / name).read_bytes()
        assert data.startswith(b"%PDF-") and len(data) > 20_000
        assert (project.reports / name).stat().st_mode & 0o777 == 0o666 & ~_umask()
    index = (project.reports / "index.html").read_text(encoding="utf-8")
    assert 'href="state.pdf"' in index and 'href="kreis-wesel.pdf"' in index
    # rendered again without --pdf: the PDF of the old HTML is gone, not left stale
    assert reports.main(_args(state=True, force=True)) == 0
    assert not (project.reports / "state.pdf").exists() and (project.reports / "kreis-wesel.pdf").exists()


def _umask() -> int:
    from ki_analysis.atomic import umask

    return umask()


def test_pdf_without_an_engine_says_what_to_install_and_renders_nothing(project, monkeypatch):
    monkeypatch.setenv("KI_CHROMIUM", str(project.root / "no-chromium"))
    monkeypatch.setattr(reports, "start_workers", lambda *a, **k: pytest.fail("a kernel was about to start"))
    with pytest.raises(KiError, match="apt-get install chromium"):
        reports.main(_args(state=True, pdf=True))
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda n, *a: None if n == "playwright" else real(n, *a))
    with pytest.raises(KiError, match="the `pdf` extra"):
        reports.main(_args(state=True, pdf=True))
    assert not project.reports.exists() or not list(project.reports.rglob("*.html"))
