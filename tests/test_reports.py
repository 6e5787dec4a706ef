"""ki report without kernels: parameters, injection safety, the one district resolver, the
root parameter, the import chain of report/, wording from the vocabulary, escaping, incremental
hashes, what-changed, the index and the run lock."""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from report_fixture import HOSTILE, documents, make_project, report_args, tables, write_processed

from ki_analysis import plots, vocab
from ki_analysis.config import paths
from ki_analysis.errors import InputError, KiError
from ki_analysis.report import data as rd
from ki_analysis.report import html as H
from ki_analysis.report import params as rq
from ki_analysis.report import parts as rp
from ki_analysis.report import run as reports

REPO = Path(__file__).resolve().parent.parent
REPORT_PKG = REPO / "ki_analysis" / "report"
HOSTILE_PARAMS = [
    '"; import os; os.system("touch pwned") #',
    "'; __import__('os').system('touch pwned'); '",
    '\\"; open("pwned", "w"); x = \\"',
    "Wesel\nimport os\nos.system('touch pwned')",
    "{{7*7}} ${7*7} <script>alert(1)</script>",
    '2017-01-01"; raise SystemExit(3) #',
]
TODAY = dt.date(2020, 1, 1)


def _args(**kw) -> argparse.Namespace:
    return report_args(jobs=1, **kw)


def _plan(p, **kw) -> list[reports.Planned]:
    base = dict(state=False, districts=[], all_=False, as_of=None, lang="de", today=TODAY)
    return reports.plan(p, **{**base, **kw})


# ---------------------------------------------------------------- parameters


def test_as_of_accepts_iso_dates_and_defaults_to_today():
    assert rq.parse_as_of("2015-12-31") == dt.date(2015, 12, 31)
    assert rq.parse_as_of("", today=dt.date(2020, 1, 2)) == dt.date(2020, 1, 2)


@pytest.mark.parametrize(
    "bad", ["2015-13-01", "31.12.2015", "2015-12-31T00:00", "yesterday", *HOSTILE_PARAMS]
)
def test_bad_as_of_is_a_clear_error(bad):
    with pytest.raises(KiError, match="YYYY-MM-DD"):
        rq.parse_as_of(bad)


def test_the_gazetteer_resolves_names_aliases_and_ags_once_in_the_plan(project):
    spellings = ["Kreis Wesel", "05170", "5170", "  kreis   WESEL ", "StädteRegion Aachen", "Stadt Aachen"]
    planned = _plan(project, districts=spellings)
    assert [p.slug for p in planned] == ["kreis-wesel", "staedteregion-aachen"]
    assert [p.label for p in planned] == [
        "district=Wesel (05170), lang=de",
        "district=Städteregion Aachen (05334), lang=de",
    ]


@pytest.mark.parametrize("typo", ["Kreis Wsel", "Wessel"])
def test_unknown_district_lists_the_closest_names(project, typo):
    with pytest.raises(KiError) as err:
        reports.main(_args(district=[typo]))
    msg = str(err.value)
    assert msg.startswith("--district: unknown district") and "closest names" in msg and "Wesel" in msg


@pytest.mark.parametrize("bad", ["", "   ", "x" * 500])
def test_empty_or_overlong_district_is_refused_unread(project, bad):
    with pytest.raises(InputError, match="not a district name, alias or AGS"):
        _plan(project, districts=[bad])


def test_the_ags_parameter_gets_its_leading_zero_back_in_one_place():
    assert rq.ags("05170") == "05170"
    assert rq.ags(5170) == "05170"  # papermill's CLI: -p ags 05170 arrives as an int
    for bad in ["Kreis Wesel", "5170", "06170", "05170; x", True, 99999]:
        with pytest.raises(InputError, match="not the AGS"):
            rq.ags(bad)


def test_a_district_report_takes_the_ags_not_a_name(project):
    assert rp.district_context(5170, "de", project.root).district.name == "Wesel"
    with pytest.raises(InputError, match="resolves names"):
        rp.district_context("Kreis Wesel", "de", project.root)


@pytest.mark.parametrize("hostile", HOSTILE_PARAMS)
def test_hostile_parameters_are_refused_before_any_kernel_starts(project, monkeypatch, hostile):
    def no_kernels(*a, **k):
        raise AssertionError("a kernel was about to start")

    monkeypatch.setattr(reports, "render_jobs", no_kernels)
    monkeypatch.setattr(reports, "start_workers", no_kernels)
    with pytest.raises(KiError):
        reports.main(_args(district=[hostile]))
    with pytest.raises(KiError):
        reports.main(_args(state=True, as_of=hostile))
    assert not list(Path(project.root).rglob("pwned")) and not Path("pwned").exists()


def test_nothing_to_render_and_misplaced_as_of_are_errors(project):
    with pytest.raises(KiError, match="--state"):
        reports.main(_args())
    with pytest.raises(KiError, match="--as-of"):
        reports.main(_args(district=["Wesel"], as_of="2015-01-01"))


@pytest.mark.parametrize("template", ["state", "district"])
@pytest.mark.parametrize("hostile", HOSTILE_PARAMS)
def test_papermill_injects_parameters_as_string_literals(template, hostile):
    """Even unvalidated, papermill turns a value into one literal, never into code."""
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    nb = load_notebook_node(str(REPO / "notebooks" / "templates" / f"{template}.ipynb"))
    params = {"as_of" if template == "state" else "ags": hostile, "lang": hostile, "root": hostile}
    out = parameterize_notebook(nb, params, kernel_name="ki-analysis", language="python")
    cell = next(c for c in out.cells if "injected-parameters" in c.metadata.tags)
    tree = ast.parse(cell.source)
    assigned = {}
    for node in tree.body:
        assert isinstance(node, ast.Assign), ast.dump(node)
        assert isinstance(node.value, ast.Constant)
        assigned[node.targets[0].id] = node.value.value
    assert assigned == params


def test_plan_injects_the_resolved_ags_not_the_users_spelling(project):
    planned = _plan(project, state=True, districts=["kreis wesel", "05170", "Aachen"], lang="en")
    assert [p.slug for p in planned] == ["en/state", "en/kreis-wesel", "en/staedteregion-aachen"]
    assert planned[1].parameters == {"ags": "05170", "lang": "en"}
    assert len(_plan(project, all_=True)) == 54


# --------------------------------------------------------------- the project root


def test_templates_take_the_project_root_as_a_parameter():
    for name in ("state", "district"):
        source = (REPO / "notebooks" / "templates" / f"{name}.ipynb").read_text(encoding="utf-8")
        assert 'root = \\"\\"' in source and re.search(r"_context\([^)]*, root\b", source)


def test_the_kernel_gets_the_root_as_a_parameter_but_the_manifest_does_not(project, tmp_path):
    planned = reports.with_hashes(project, _plan(project, state=True, districts=["Wesel"]), TODAY)
    jobs = reports._jobs(project, planned, tmp_path / "out", tmp_path / "build")
    assert [j.parameters["root"] for j in jobs] == [str(project.root)] * 2
    assert all("root" not in p.parameters and str(project.root) not in p.label for p in planned)
    # the same project elsewhere: the same hashes and labels (the manifest is location-free)
    elsewhere = paths(shutil.copytree(project.root, tmp_path / "moved"))
    moved = reports.with_hashes(elsewhere, _plan(elsewhere, state=True, districts=["Wesel"]), TODAY)
    assert [(p.input_hash, p.label) for p in moved] == [(p.input_hash, p.label) for p in planned]

    def keys(p, items):
        return [x.quick_key for x in reports.with_quick_keys(p, items, TODAY, "v")]

    assert keys(elsewhere, moved) == keys(project, planned)


def test_a_context_reads_the_project_at_root_whatever_ki_root_says(project, monkeypatch, tmp_path):
    monkeypatch.setenv("KI_ROOT", str(tmp_path / "elsewhere"))
    ctx = rp.state_context("2014-01-01", "de", project.root)
    assert list(ctx.inputs["documents"]["doc_id"]) == ["d2013"]
    assert rp.district_context("05170", "de", str(project.root)).inputs["mentions"]["surface"].tolist() == [
        "Kreis Wesel"
    ]
    assert "KI_ROOT" not in (REPORT_PKG / "run.py").read_text(encoding="utf-8")


# ---------------------------------------------------------------- the layout

ORDER = ("params", "data", "parts", "engine", "index", "run")


def _report_imports(module: str) -> set[str]:
    tree = ast.parse((REPORT_PKG / f"{module}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found |= {node.module} if node.module else {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ki_analysis.report."):
            found.add(node.module.rsplit(".", 1)[1])
        elif isinstance(node, ast.Import):
            found |= {
                a.name.rsplit(".", 1)[1] for a in node.names if a.name.startswith("ki_analysis.report.")
            }
    return found


def test_data_flows_one_way_inside_report():
    """params -> data -> parts -> engine -> index -> run; html is a leaf any of them may use."""
    assert _report_imports("html") == set() and _report_imports("pdf") == set()
    for i, module in enumerate(ORDER):
        assert _report_imports(module) <= {*ORDER[:i], "html", "pdf"}, module
    assert _report_imports("parts") == {"params", "data", "html"}


def test_planning_needs_neither_pandas_nor_jupyter():
    code = (
        "import sys, ki_analysis.report.run, ki_analysis.report.params, ki_analysis.corpus.gazetteer\n"
        "print(sorted(m for m in ('pandas', 'papermill', 'nbformat', 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("module", ["params", "data", "parts", "html", "index", "run"])
def test_no_fallbacks_in_report(module):
    """Errors are caught by type (KiError), never swallowed; no import or attribute guesses."""
    source = (REPORT_PKG / f"{module}.py").read_text(encoding="utf-8")
    leftovers = [
        "except ImportError",
        "hasattr(",
        "except:",
        "_STR_COLUMNS",
        "CONFLICT_STATUSES",
        "resolve_district",
        "read_reference",
        "read_columns",
        "_corpus_texts",
    ]
    if module != "run":  # run records a worker process that died as a failed report
        leftovers.append("except Exception")
    for leftover in leftovers:
        assert leftover not in source, (module, leftover)


# -------------------------------------------------------------- data slices


def test_state_report_sees_only_documents_published_by_as_of(project):
    t = rd.read_tables(project.root)
    early = rd.state_inputs(t, dt.date(2016, 1, 1))
    assert list(early["documents"]["doc_id"]) == ["d2013"]
    assert early["funding"].empty and len(early["rollout"]) == 1
    assert early["conflicts"].empty  # one of its sources was not yet published
    mid = rd.state_inputs(t, dt.date(2017, 8, 1))  # the 2017 release may not exist yet
    assert list(mid["documents"]["doc_id"]) == ["d2013"]
    late = rd.state_inputs(t, dt.date(2018, 1, 1))
    assert list(late["documents"]["doc_id"]) == ["d2013", "d2017"]
    assert len(late["conflicts"]) == 1 and len(late["funding"]) == 1
    assert set(late["conflicts"]["status"]) == {"conflict"} <= set(vocab.codes("status"))


def test_tables_are_typed_by_the_registry_and_absent_before_the_first_build(project, tmp_path):
    t = rd.read_tables(project.root)
    assert set(t) == set(rd.TABLES)
    assert t["mentions"]["district_ags"].tolist() == ["05170", "05334"]
    assert str(t["documents"]["date"].dtype).startswith("datetime64")
    bare = rd.read_tables(make_project(tmp_path / "bare", processed=False))
    assert all(df.empty for df in bare.values())
    assert list(bare["funding"].columns) == list(t["funding"].columns)


def test_an_unreadable_table_is_named_before_any_kernel_starts(project, monkeypatch):
    monkeypatch.setattr(reports, "render_jobs", lambda *a, **k: pytest.fail("a kernel was about to start"))
    monkeypatch.setattr(reports, "start_workers", lambda *a, **k: pytest.fail("a kernel was about to start"))
    bad = tables()["mentions"].assign(sentence_start="not a number")
    write_processed(project.root, {"mentions": bad})
    with pytest.raises(KiError, match="'mentions', column 'sentence_start'"):
        reports.main(_args(district=["Wesel"]))
    write_processed(project.root, {"mentions": tables()["mentions"]})
    (project.processed / "programmes.csv").unlink()
    with pytest.raises(KiError, match="programmes"):
        rd.read_tables(project.root)


def test_a_remembered_frame_hash_never_passes_to_a_new_frame():
    """``with_hashes`` slices each district's frames, hashes them and drops them: a frame made
    later may get the id of one that was freed, and must not get its hash with it."""
    known: dict = {}
    for i in range(200):
        frame = {"facts": pd.DataFrame({"value": [float(i)]})}
        assert rd.frames_hash(frame, known) == rd.frames_hash(frame), i


def test_input_hash_changes_only_for_reports_whose_data_changed(project):
    planned = _plan(project, state=True, districts=["Wesel", "Kleve"])
    before = {p.slug: p.input_hash for p in reports.with_hashes(project, planned, TODAY)}
    t = tables()
    extra = t["mentions"].iloc[[0]].assign(district_ags="05170", start=99, quote="Neu.")
    write_processed(project.root, {"mentions": pd.concat([t["mentions"], extra])})
    after = {p.slug: p.input_hash for p in reports.with_hashes(project, planned, TODAY)}
    assert after["kreis-wesel"] != before["kreis-wesel"]
    assert after["kreis-kleve"] == before["kreis-kleve"]  # Kleve: nothing new
    assert after["state"] == before["state"]  # mentions are not in it


# ------------------------------------------------------------------- sections


def _context(kind: str, root: Path, lang: str | None = None) -> rp.Context:
    if kind == "state":
        return rp.state_context("2020-01-01", lang or "de", root)
    return rp.district_context("05170", lang or "en", root)


def _all_html(ctx: rp.Context) -> str:
    parts = [rp.header, rp.timeline, rp.releases]
    parts += (
        [rp.rollout, rp.funding, rp.staffing, rp.conflicts]
        if ctx.kind == "state"
        else [rp.reference, rp.district_map, rp.passages, rp.programmes, rp.context]
    )
    return "".join(f(ctx).body for f in parts)


@pytest.mark.parametrize("kind", ["state", "district"])
def test_document_text_is_escaped(project, kind):
    out = _all_html(_context(kind, project.root))
    assert HOSTILE not in out and "<script>" not in out and "<img src=x" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&lt;img src=x onerror=alert(2)&gt;" in out
    assert 'href="javascript:' not in out  # a non-http URL is shown, not linked
    assert str(project.root) not in out


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("\u00a0", " ")


def test_figures_and_codes_are_worded_by_the_vocabulary(project):
    de = _text(_all_html(_context("state", project.root, "de")))
    en = _text(_all_html(_context("state", project.root, "en")))
    assert "rund 39,4 Mio. €" in de and "about €39.4m" in en
    assert "million" not in en and "Mio." not in en  # English stays English
    assert "Besuch erfolgt" in de and "visit made" in en  # vocab.EVENT_TYPE
    assert "Kommunale Integrationszentren" in de and "Municipal integration centres" in en
    assert "3,5 je Zentrum" in de and "3.5 per centre" in en
    district = _text(rp.context(_context("district", project.root, "de")).body)
    assert "Kommunale Integrationszentren 53" in district  # the latest statewide count
    # the qualifier words of charts and reports are the same words ("über", not "mindestens")
    for lang in ("de", "en"):
        word = vocab.label("qualifier", "at_least", lang)
        assert rp._figure(100.0, "count", "at_least", lang) == f"{word}\u00a0100"
    assert rp._figure(100.0, "count", "at_least", "de").startswith("über")


def test_chart_is_a_figure_with_alt_text_and_its_data_as_csv(project):
    out = rp.funding(_context("state", project.root))
    assert '<figure><img src="data:image/png;base64,' in out.body and 'alt="' in out.body
    assert [f["name"] for f in out.files] == ["state-2020-01-01.funding.csv"]
    assert 'href="state-2020-01-01.funding.csv"' in out.body
    assert "amount_eur" in out.files[0]["csv"].splitlines()[0]  # the chart's own data (plots)


def test_a_chart_that_cannot_be_drawn_is_left_out_but_a_bug_fails_the_report(project, monkeypatch):
    ctx = _context("state", project.root)

    def cannot(*a, **k):
        raise KiError("nothing to chart")

    monkeypatch.setattr(plots, "chart", cannot)
    out = rp.rollout(ctx)
    assert "<figure>" not in out.body and "<table" in out.body and not out.files

    def bug(*a, **k):
        raise ValueError("a bug")

    monkeypatch.setattr(plots, "chart", bug)
    with pytest.raises(ValueError):
        rp.rollout(ctx)


def test_the_district_map_is_drawn_by_plots(project, monkeypatch):
    calls = []
    real = plots.chart

    def spy(name, lang, **kw):
        calls.append((name, kw))
        return real(name, lang, **kw)

    monkeypatch.setattr(plots, "chart", spy)
    out = rp.district_map(_context("district", project.root))
    assert [(n, kw["highlight"]) for n, kw in calls] == [("map", "05170")]
    assert "<figure>" in out.body and "Location in NRW" in out.body
    assert [f["name"] for f in out.files] == ["kreis-wesel.map.csv"]
    data = pd.read_csv(__import__("io").StringIO(out.files[0]["csv"]), dtype=str)
    assert len(data) == 53 and "05170" in set(data["district_ags"])
    (project.reference / "nrw_districts.geojson").unlink()  # no boundaries: no map, no heading
    assert rp.district_map(_context("district", project.root)).body == ""


def test_passages_quote_each_sentence_once_from_the_mentions_table(project):
    t = tables()
    twice = t["mentions"].iloc[[0]].assign(start=75, end=80, surface="Wesel")  # same sentence
    write_processed(project.root, {"mentions": pd.concat([t["mentions"], twice])})
    body = rp.passages(_context("district", project.root)).body
    assert body.count("<blockquote") == 1 and '<blockquote lang="de">' in body  # quoted German
    assert "Das Zentrum im Kreis Wesel &lt;script&gt;" in body and "arbeitet." in body


def test_district_without_corpus_data_says_so_and_aachen_explains_its_two_centres(tmp_path):
    root = make_project(tmp_path / "bare", processed=False)
    for ags, lang in [("05154", "de"), ("05334", "en")]:
        ctx = rp.district_context(ags, lang, root)
        points = rp.key_points(ctx).body  # said first, in the key points
        assert ("nichts Spezifisches" in points) if lang == "de" else ("nothing specific" in points)
        body = rp.reference(ctx).body
    assert "runs its own municipal integration centre" in body
    assert "city region" in body  # the district type, worded by vocab.DISTRICT_TYPE


# ------------------------------------------------------------- what changed


def test_changes_lists_new_documents_new_and_changed_figures_and_new_conflicts(project):
    t = rd.read_tables(project.root)
    before = rd.snapshot(t)
    assert rd.changes(None, before) is None
    assert not any(rd.changes(before, before).values())
    t2 = dict(t)
    facts = t["facts"].copy()
    facts.loc[0, "value"] = 49.0
    t2["facts"] = facts
    t2["documents"] = t["documents"].iloc[[0]]
    t2["checks"] = t["checks"].assign(check_id="c2")
    news = rd.changes(rd.snapshot(t2), before)
    assert news["documents"] == ["d2017"] and news["facts_changed"] == ["d2013:10-20:ki_count"]
    assert news["conflicts"] == ["c1"] and news["facts_new"] == []


def test_index_shows_the_news_first_and_every_report(project, tmp_path):
    snap = rd.snapshot(rd.read_tables(project.root))
    manifest = {
        "snapshot": snap,
        "run_at": "2020-01-01T00:00:00",
        "previous_run_at": "x",
        "data_version": "abc",
        "reports": {
            "state": {
                "kind": "state",
                "key": "state",
                "title": "Stand",
                "label": "as_of=2020-01-01",
                "parameters": {"as_of": "", "lang": "de"},
                "files": ["state.html"],
                "status": "ok",
                "data_version": "abc",
                "rendered_at": "2020-01-01T00:00:00",
            },
            "en/state": {
                "kind": "state",
                "key": "state",
                "title": "As of",
                "parameters": {"as_of": "", "lang": "en"},
                "files": ["en/state.html"],
                "status": "ok",
            },
        },
    }
    (tmp_path / "state.html").write_text("x")
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "state.html").write_text("x")
    news = {
        "documents": ["d2017"],
        "facts_new": ["d2017:30-40:funding_eur"],
        "facts_changed": [],
        "conflicts": ["c1"],
        "documents_removed": [],
    }
    page = reports.index_html(manifest, news, tmp_path, "de")
    assert page.index("Neu seit dem letzten Lauf") < page.index("<h2>Berichte")
    assert "&lt;script&gt;" in page and "<script>" not in page
    assert "<td>Stand</td>" in page and "53 vs. 54 Zentren" in page
    assert "Lauf vom 1. Januar 2020, 00:00 (UTC)" in page and "<td>01.01.2020, 00:00</td>" in page
    n_docs, n_facts = len(manifest["snapshot"]["documents"]), len(manifest["snapshot"]["facts"])
    assert f"(UTC): {n_facts} Angabe" in page and f"aus {n_docs} Dokument" in page  # not a bare hash
    one = {**manifest, "snapshot": {**manifest["snapshot"], "documents": {"d1": "T"}, "facts": {"f": "x"}}}
    assert "(UTC): 1 Angabe aus einem Dokument (Datenstand" in reports.index_html(one, None, tmp_path, "de")
    assert "(UTC): 1 figure from one document (data version" in reports.index_html(one, None, tmp_path, "en")
    assert '<a href="state.html" hreflang="de">Deutsch</a>' in page  # both languages, side by side
    assert '<a href="en/state.html" hreflang="en">Englisch</a>' in page
    en = reports.index_html(manifest, news, tmp_path, "en")
    assert '<a href="../en/state.html" hreflang="en">English</a>' in en and "<td>As of</td>" in en
    assert "Fördermittel: rund\u00a039,4\u00a0Mio.\u00a0€" in page  # worded as in the reports
    assert "Funding: about\u00a0€39.4m" in reports.index_html(manifest, news, tmp_path, "en")
    manifest["reports"]["kreis-wesel"] = {
        "kind": "district",
        "key": "kreis-wesel",
        "title": "Wesel",
        "name": "Wesel",
        "ags": "05170",
        "regierungsbezirk": "Düsseldorf",
        "status": "ok",
    }
    page = reports.index_html(manifest, None, tmp_path, "en")
    assert "First run" in page and page.index("As of") < page.index("Wesel (05170)")  # the state first
    assert page.index("Düsseldorf") < page.index("Wesel (05170)")  # districts by Regierungsbezirk


# --------------------------------------------------------------------- lock


def test_a_second_run_refuses_while_the_first_holds_the_lock(project):
    from ki_analysis.lock import run_lock

    with (
        run_lock(project.state / "report.lock"),
        pytest.raises(KiError, match="another ki report run is running"),
    ):
        reports.main(_args(district=["Wesel"]))


def test_a_killed_runs_lock_is_not_stale(project):
    lock = project.state / "report.lock"
    code = (
        "import sys, time; from ki_analysis.lock import run_lock\n"
        f"with run_lock({str(lock)!r}):\n    print('held', flush=True); time.sleep(60)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    from ki_analysis.lock import LockedError, run_lock

    with pytest.raises(LockedError), run_lock(lock):
        pass
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    with run_lock(lock):  # taken at once: the kernel released the dead holder's flock
        assert lock.exists()


# ------------------------------------------------------- names, languages, modes


def test_report_files_have_names_a_person_can_find():
    from ki_analysis.corpus.gazetteer import project_gazetteer

    g = project_gazetteer(paths(REPO))
    stems = {ags: rq.district_slug(g.district(ags)["name"], g.district(ags)["type"]) for ags in g.ags_codes}
    assert len(set(stems.values())) == len(stems) == 53  # unique
    assert stems["05170"] == "kreis-wesel" and stems["05315"] == "stadt-koeln"
    assert stems["05162"] == "rhein-kreis-neuss" and stems["05334"] == "staedteregion-aachen"
    assert stems["05117"] == "stadt-muelheim-an-der-ruhr" and stems["05958"] == "hochsauerlandkreis"
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s) for s in stems.values())
    assert not set(stems.values()) & rq.RESERVED
    assert rq.slug("district", {"ags": "05170", "lang": "en"}, "kreis-wesel") == "en/kreis-wesel"
    assert rq.slug("state", {"as_of": "2015-12-31", "lang": "de"}) == "state-2015-12-31"
    assert rq.relative("en/kreis-wesel", "index.html") == "../index.html"
    assert rq.relative("en/kreis-wesel", "en/index.html") == "index.html"
    assert rq.relative("kreis-wesel", "en/kreis-wesel.html") == "en/kreis-wesel.html"


def test_one_run_plans_both_languages(project):
    planned = _plan(project, state=True, districts=["Wesel"], lang="de,en")
    assert [p.slug for p in planned] == ["state", "en/state", "kreis-wesel", "en/kreis-wesel"]
    assert planned[3].meta == {
        "key": "kreis-wesel",
        "name": "Wesel",
        "ags": "05170",
        "regierungsbezirk": "Düsseldorf",
    }
    assert rq.parse_langs("en, de,en") == ("en", "de")
    for bad in ["fr", "de,,en", ""]:
        with pytest.raises(InputError, match="--lang"):
            rq.parse_langs(bad)


@pytest.mark.parametrize("mask", [0o022, 0o027, 0o002])
def test_written_files_get_the_mode_the_umask_gives(tmp_path, mask):
    from ki_analysis import atomic

    old = os.umask(mask)
    try:
        atomic.write_text(tmp_path / "a" / "f.html", "x")
        with atomic.replace_dir(tmp_path / "swapped") as stage:
            (stage / "g.csv").write_text("y")
    finally:
        os.umask(old)
    assert (tmp_path / "a" / "f.html").stat().st_mode & 0o777 == 0o666 & ~mask
    assert (tmp_path / "swapped").stat().st_mode & 0o777 == 0o777 & ~mask


# ----------------------------------------------------- key points and tables


def test_the_state_report_opens_with_key_points_each_with_its_sources(project):
    de = rp.key_points(_context("state", project.root, "de")).body
    items = re.findall(r"<li>(.*?)</li>", de)
    assert 3 <= len(items) <= 5
    text = _text(de)
    assert "Zuletzt genannt (2017): 53 Kommunale Integrationszentren für 54 Kreise" in text
    assert "Abdeckung von 98 %" in text
    assert "rund 39,4 Mio. €" in text and "Je Zentrum (2. Dezember 2013): 3,5 Personalstellen" in text
    assert "Ein offener Widerspruch zwischen Quellen" in text
    assert "0 von 4 Angaben in diesem Bericht sind von einer Person geprüft" in text  # review_summary
    # the count is a line of its own under the points, not glued to the last point's sources
    assert re.search(r'</ul><p class="ki-review-count">0 von 4 Angaben[^<]+</p></section>$', de)
    assert all('class="ki-src">(Quelle' in i for i in items if "Neueste" not in i)
    en = _text(rp.key_points(_context("state", project.root, "en")).body)
    assert "Latest figure (2017): 53 municipal integration centres for 54 districts" in en
    assert "0 of 4 figures in this report are confirmed or corrected by a person" in en


def test_key_points_say_what_is_new_since_the_last_run(project):
    news = '{"since": "2019-12-31T02:30:00", "documents": ["d2017"], "facts_new": 4, "facts_changed": 1}'
    ctx = rp.state_context("2020-01-01", "de", project.root, news)
    text = _text(rp.key_points(ctx).body)
    assert "Neu seit dem Lauf vom 31. Dezember 2019: 1 Pressemitteilung(en): Besuch in Wesel" in text
    assert "4 neue und 1 geänderte Angaben" in text
    assert "Neueste Pressemitteilung im Korpus: „Besuch in Wesel" in _text(
        rp.key_points(rp.state_context("2020-01-01", "de", project.root)).body
    )


def test_district_key_points_say_what_the_corpus_says_about_it_and_the_statewide_figures(project):
    text = _text(rp.key_points(_context("district", project.root, "de")).body)
    assert "Der Korpus nennt Wesel 1-mal in einem Dokument (2017)" in text
    assert "Jüngstes Ereignis: Besuch erfolgt, 2017 in Wesel" in text
    assert (
        "Landesweit zuletzt: 53 Kommunale Integrationszentren (2017); rund 39,4 Mio. € Fördermittel" in text
    )
    assert text.rstrip().endswith(
        "Angaben in diesem Bericht sind von einer Person geprüft (bestätigt oder "
        "korrigiert); ungeprüfte sind mit „°“ markiert."
    )


def test_a_sentence_in_quotation_marks_is_not_quoted_twice(project):
    assert H.unquote("„Wir freuen uns.“") == "Wir freuen uns."
    assert H.unquote(' "12 Stellen" ') == "12 Stellen"
    assert H.unquote("„A“ und „B“") == "„A“ und „B“"  # two quotations: left as they are
    assert H.unquote("„Gut“, sagte sie.") == "„Gut“, sagte sie."
    funding = tables()["funding"].assign(quote="„Rund 39,4 Millionen Euro stehen bereit.“")
    write_processed(project.root, {"funding": funding})
    for lang in ("de", "en"):
        body = rp.funding(_context("state", project.root, lang)).body
        assert "Rund 39,4 Millionen Euro stehen bereit.</q>" in body and "„Rund" not in body, lang


def test_tables_quote_each_sentence_once_as_a_numbered_note_and_mark_unreviewed_figures(project):
    t = tables()
    part = t["funding"].assign(
        funding_id="d2017:41-50:funding_eur",
        is_total=False,
        total_id="d2017:30-40:funding_eur",
        amount_eur=19.6e6,
        share_pct=49.75,
        funder="kommunale Haushalte",
        qualifier="exact",
        review_status="confirmed",
    )
    derived = t["funding"].assign(
        funding_id="d2017:30-40:funding_eur*per_centre",
        is_total=False,
        is_derived=True,
        amount_eur=8e5,
        formula="≈ 39 400 000 EUR (2016) / 49 centres",
    )
    write_processed(project.root, {"funding": pd.concat([t["funding"], part, derived])})
    body = rp.funding(_context("state", project.root, "de")).body
    table = body[body.index("<table") :]
    assert table.count("Rund 39,4 Millionen Euro") == 1  # the sentence of three rows, once
    assert re.findall(r'href="#funding-(\d)"', table) == ["1", "1", "2"]
    assert '<li id="funding-2" value="2">Rechnung: ≈ 39 400 000 EUR (2016) / 49 Zentren' in table
    assert table.count('class="ki-unrev"') == 2  # the confirmed part has no mark
    assert '<em class="ki-derived">' in table and "Teil der Summe (50\u202f%)" in table
    assert "° ungeprüft" in table and "Kursiv: abgeleitet" in table
    assert "größter Teil: kommunale Haushalte, 19,6 Mio. € (50 %)" in _text(
        rp.key_points(_context("state", project.root, "de")).body
    )


def test_the_editions_of_one_release_are_one_row_in_the_release_list(project):
    docs = documents()
    web = docs.iloc[[0]].assign(duplicate_cluster="d2013")
    pdf = web.assign(doc_id="d2013pdf", url="https://example.org/a.pdf", sha256="c" * 64)
    write_processed(project.root, {"documents": pd.concat([web, pdf, docs.iloc[[1]]])})
    facts = tables()["facts"]
    extra = facts.iloc[[0]].assign(fact_id="d2013pdf:10-20:ki_count", doc_id="d2013pdf")
    write_processed(project.root, {"facts": pd.concat([facts, extra])})
    ctx = _context("state", project.root, "de")
    body = rp.releases(ctx).body
    assert body.count("LaKI eröffnet") == 1
    assert '<a href="https://example.org/a">' in body and '<a href="https://example.org/a.pdf">' in body


def test_a_figure_a_person_rejected_is_not_in_the_district_report(project):
    t = tables()
    wesel = t["facts"].iloc[[0]].assign(district_ags="05170", measure="staff_positions", unit="FTE")
    facts = pd.concat(
        [
            t["facts"],
            wesel.assign(fact_id="d2017:1-2:a", doc_id="d2017", value=12.0, review_status="rejected"),
            wesel.assign(fact_id="d2017:3-4:b", doc_id="d2017", value=7.0, review_status="confirmed"),
        ]
    )
    write_processed(project.root, {"facts": facts})
    shown = rd.district_inputs(rd.read_tables(project.root), "05170")["facts"]
    assert shown["fact_id"].tolist() == ["d2017:3-4:b"]
    ctx = _context("district", project.root, "de")
    points, table = rp.key_points(ctx).body, rp.programmes(ctx).body
    assert "Zahlen zu Wesel selbst: Personalstellen 7." in _text(points)
    assert "Personalstellen 7 MKFFI" in _text(table) and "Personalstellen 12" not in _text(points + table)
    assert "ki-unrev" not in table  # the confirmed one: no mark


def _german_labels() -> set[str]:
    """Every German label and phrase that differs from its English one (placeholders cut out)."""
    from ki_analysis import phrases

    terms = [t for v in vocab.VOCABULARIES.values() for t in v.values()] + list(phrases.PHRASES.values())
    out = set()
    for t in terms:
        if t.de == t.en:
            continue
        for piece in re.split(r"\{[^}]*\}", t.de):
            piece = piece.strip(" .,:;()–-„“")
            if len(piece) > 5 and piece.lower() not in t.en.lower():
                out.add(piece)
    return out


def test_conflicts_are_explained_in_the_language_of_the_report(project):
    checks = tables()["checks"].assign(
        explanation="Sources give 53 and 54.",
        explanation_de="Die Quellen nennen 53 und 54.",
        values_de="53; 54 (deutsch)",
    )
    write_processed(project.root, {"checks": checks})
    de = rp.conflicts(_context("state", project.root, "de")).body
    en = rp.conflicts(_context("state", project.root, "en")).body
    assert "Die Quellen nennen 53 und 54." in de and "Sources give" not in de and "(deutsch)" in de
    assert "Sources give 53 and 54." in en and "Die Quellen" not in en and "(deutsch)" not in en


@pytest.mark.parametrize("kind", ["state", "district"])
def test_the_english_report_has_no_untranslated_label(project, kind):
    """What a German label says must not show in an English report, except in text quoted from
    the corpus, which is marked lang="de"."""
    checks = tables()["checks"].assign(explanation="Sources give 53 and 54.")  # written in English
    write_processed(project.root, {"checks": checks})
    ctx = _context(kind, project.root, "en")
    html = _all_html(ctx) + rp.key_points(ctx).body + rp.footer(ctx).body
    for _ in range(3):  # nested elements
        html = re.sub(r'<(\w+)[^>]*\blang="de"[^>]*>.*?</\1>', " ", html, flags=re.S)
    html = re.sub(r"<img [^>]*>|<style>.*?</style>", " ", html, flags=re.S)
    text = _text(html)
    leaks = sorted(label for label in _german_labels() if label in text)
    assert leaks == [], leaks
    assert "Mio." not in text and "Personalstellen" not in text
