"""ki report without kernels: parameters, injection safety, escaping, incremental
hashes, what-changed, the index and the run lock."""
from __future__ import annotations

import argparse
import ast
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ki_analysis.report import html as H
from ki_analysis.report import data as rd
from ki_analysis.report import parts as rp
from ki_analysis.report import run as reports
from ki_analysis.config import paths
from ki_analysis.errors import KiError

from report_fixture import HOSTILE, make_project, tables, write_processed, project, report_args  # noqa: F401 (fixture)

REPO = Path(__file__).resolve().parent.parent
HOSTILE_PARAMS = [
    '"; import os; os.system("touch pwned") #',
    "'; __import__('os').system('touch pwned'); '",
    '\\"; open("pwned", "w"); x = \\"',
    "Wesel\nimport os\nos.system('touch pwned')",
    "{{7*7}} ${7*7} <script>alert(1)</script>",
    "2017-01-01\"; raise SystemExit(3) #",
]


def _args(**kw) -> argparse.Namespace:
    return report_args(jobs=1, **kw)


# ---------------------------------------------------------------- parameters

def test_as_of_accepts_iso_dates_and_defaults_to_today():
    assert rd.parse_as_of("2015-12-31") == dt.date(2015, 12, 31)
    assert rd.parse_as_of("", today=dt.date(2020, 1, 2)) == dt.date(2020, 1, 2)


@pytest.mark.parametrize("bad", ["2015-13-01", "31.12.2015", "2015-12-31T00:00", "yesterday",
                                 *HOSTILE_PARAMS])
def test_bad_as_of_is_a_clear_error(bad):
    with pytest.raises(KiError, match="YYYY-MM-DD"):
        rd.parse_as_of(bad)


def test_district_resolves_names_aliases_and_ags():
    ref = paths(REPO).reference
    d, a = rd.read_districts(ref), rd.read_aliases(ref)
    assert rd.resolve_district("Kreis Wesel", d, a) == "05170"
    assert rd.resolve_district("05170", d, a) == "05170"
    assert rd.resolve_district("5170", d, a) == "05170"  # papermill -p 05170 gives an int
    assert rd.resolve_district("  StädteRegion   Aachen ", d, a) == "05334"
    assert rd.resolve_district("Stadt Aachen", d, a) == "05334"


def test_unknown_district_lists_the_closest_names():
    ref = paths(REPO).reference
    with pytest.raises(KiError) as err:
        rd.resolve_district("Kreis Wsel", rd.read_districts(ref), rd.read_aliases(ref))
    assert "closest names" in str(err.value) and "Wesel" in str(err.value)


@pytest.mark.parametrize("hostile", HOSTILE_PARAMS)
def test_hostile_parameters_are_refused_before_any_kernel_starts(project, monkeypatch, hostile):
    def no_kernels(*a, **k):
        raise AssertionError("a kernel was about to start")
    monkeypatch.setattr(reports, "render_jobs", no_kernels)
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


@pytest.mark.parametrize("hostile", HOSTILE_PARAMS)
def test_papermill_injects_parameters_as_string_literals(hostile):
    """Even unvalidated, papermill turns a value into one literal, never into code."""
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook
    nb = load_notebook_node(str(REPO / "notebooks" / "templates" / "district.ipynb"))
    out = parameterize_notebook(nb, {"district": hostile, "lang": hostile}, kernel_name="ki-analysis",
                                language="python")
    cell = next(c for c in out.cells if "injected-parameters" in c.metadata.tags)
    tree = ast.parse(cell.source)
    assigned = {}
    for node in tree.body:
        assert isinstance(node, ast.Assign), ast.dump(node)
        assert isinstance(node.value, ast.Constant)
        assigned[node.targets[0].id] = node.value.value
    assert assigned == {"district": hostile, "lang": hostile}


def test_plan_injects_the_resolved_ags_not_the_users_spelling(project):
    planned = reports.plan(project, state=True, districts=["kreis wesel", "05170", "Aachen"],
                           all_=False, as_of=None, lang="en", today=dt.date(2020, 1, 1))
    assert [p.slug for p in planned] == ["state-en", "district-05170-en", "district-05334-en"]
    assert planned[1].parameters == {"district": "05170", "lang": "en"}
    assert len(reports.plan(project, state=False, districts=[], all_=True, as_of=None, lang="de",
                            today=dt.date(2020, 1, 1))) == 54


# -------------------------------------------------------------- data slices

def test_state_report_sees_only_documents_published_by_as_of():
    t = rd.read_tables(Path("/nonexistent"))
    t.update(tables())
    early = rd.state_inputs(t, dt.date(2016, 1, 1))
    assert list(early["documents"]["doc_id"]) == ["d2013"]
    assert early["funding"].empty and len(early["rollout"]) == 1
    assert early["conflicts"].empty  # one of its sources was not yet published
    mid = rd.state_inputs(t, dt.date(2017, 8, 1))  # the 2017 release may not exist yet
    assert list(mid["documents"]["doc_id"]) == ["d2013"]
    late = rd.state_inputs(t, dt.date(2018, 1, 1))
    assert list(late["documents"]["doc_id"]) == ["d2013", "d2017"]
    assert len(late["conflicts"]) == 1 and len(late["funding"]) == 1


def test_input_hash_changes_only_for_reports_whose_data_changed(project):
    today = dt.date(2020, 1, 1)
    planned = reports.plan(project, state=True, districts=["Wesel", "Kleve"], all_=False, as_of=None,
                           lang="de", today=today)
    before = {p.slug: p.input_hash for p in reports.with_hashes(project, planned, today)}
    t = tables()
    extra = t["mentions"].iloc[[0]].assign(district_ags="05170", start=99, quote="Neu.")
    write_processed(project.root, {"mentions": __import__("pandas").concat([t["mentions"], extra])})
    after = {p.slug: p.input_hash for p in reports.with_hashes(project, planned, today)}
    assert after["district-05170"] != before["district-05170"]
    assert after["district-05154"] == before["district-05154"]  # Kleve: nothing new
    assert after["state"] == before["state"]                    # mentions are not in it


# ------------------------------------------------------------------- escaping

def _context(kind: str) -> rp.Context:
    t = rd.read_tables(Path("/nonexistent"))
    t.update(tables())
    ref = paths(REPO).reference
    if kind == "state":
        return rp.Context("state", "de", "state", "T", rd.state_inputs(t, dt.date(2020, 1, 1)),
                          t["documents"], "v", as_of=dt.date(2020, 1, 1))
    districts = rd.read_districts(ref)
    return rp.Context("district", "en", "district-05170-en", "T",
                      rd.district_inputs(t, districts, "05170"), t["documents"], "v",
                      district=rd.district(districts, "05170"))


def _all_html(ctx: rp.Context) -> str:
    parts = [rp.header, rp.timeline, rp.releases]
    parts += [rp.rollout, rp.funding, rp.staffing, rp.conflicts] if ctx.kind == "state" else \
        [rp.reference, rp.passages, rp.programmes, rp.context]
    return "".join(f(ctx).body for f in parts)


@pytest.mark.parametrize("kind", ["state", "district"])
def test_document_text_is_escaped(kind):
    out = _all_html(_context(kind))
    assert HOSTILE not in out and "<script>" not in out and "<img src=x" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&lt;img src=x onerror=alert(2)&gt;" in out
    assert 'href="javascript:' not in out  # a non-http URL is shown, not linked


def test_chart_is_a_figure_with_alt_text_and_its_data_as_csv():
    out = rp.funding(_context("state"))
    assert "<figure><img src=\"data:image/png;base64," in out.body and 'alt="' in out.body
    assert [f["name"] for f in out.files] == ["state.funding.csv"]
    assert 'href="state.funding.csv"' in out.body
    assert "amount_eur" in out.files[0]["csv"].splitlines()[0]  # the chart's own data (plots)


def test_district_without_corpus_data_says_so_and_aachen_explains_its_two_centres():
    t = rd.read_tables(Path("/nonexistent"))
    districts = rd.read_districts(paths(REPO).reference)
    for ags, lang in [("05154", "de"), ("05334", "en")]:
        ctx = rp.Context("district", lang, "x", "T", rd.district_inputs(t, districts, ags),
                         t["documents"], "v", district=rd.district(districts, ags))
        body = rp.reference(ctx).body
        assert ("nichts Spezifisches" in body) if lang == "de" else ("nothing specific" in body)
    assert "runs its own municipal integration centre" in body


# ------------------------------------------------------------- what changed

def test_changes_lists_new_documents_new_and_changed_figures_and_new_conflicts():
    t = rd.read_tables(Path("/nonexistent"))
    t.update(tables())
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


def test_index_shows_the_news_first_and_every_report(tmp_path):
    t = rd.read_tables(Path("/nonexistent"))
    t.update(tables())
    snap = rd.snapshot(t)
    manifest = {"snapshot": snap, "run_at": "2020-01-01T00:00:00", "previous_run_at": "x",
                "data_version": "abc",
                "reports": {"state": {"kind": "state", "title": "Stand", "label": "as_of=2020-01-01", "status": "ok",
                                      "data_version": "abc", "rendered_at": "2020-01-01T00:00:00"}}}
    (tmp_path / "state.html").write_text("x")
    page = reports.index_html(manifest, {"documents": ["d2017"], "facts_new": [], "facts_changed": [],
                                         "conflicts": ["c1"], "documents_removed": []},
                              tmp_path, "de")
    assert page.index("Neu seit dem letzten Lauf") < page.index("<h2>Berichte")
    assert "&lt;script&gt;" in page and "<script>" not in page
    assert '<a href="state.html">Stand</a>' in page and "53 vs. 54 Zentren" in page
    manifest["reports"]["district-05170"] = {"kind": "district", "title": "Wesel", "status": "ok"}
    page = reports.index_html(manifest, None, tmp_path, "en")
    assert "First run" in page and page.index("Stand") < page.index("Wesel")  # the state first


# --------------------------------------------------------------------- lock

def test_a_second_run_refuses_while_the_first_holds_the_lock(project):
    from ki_analysis.lock import run_lock
    with run_lock(project.state / "report.lock"):
        with pytest.raises(KiError, match="another ki report run is running"):
            reports.main(_args(district=["Wesel"]))


def test_a_killed_runs_lock_is_not_stale(project):
    lock = project.state / "report.lock"
    code = ("import sys, time; from ki_analysis.lock import run_lock\n"
            f"with run_lock({str(lock)!r}):\n    print('held', flush=True); time.sleep(60)\n")
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    from ki_analysis.lock import LockedError, run_lock
    with pytest.raises(LockedError):
        with run_lock(lock):
            pass
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    with run_lock(lock):  # taken at once: the kernel released the dead holder's flock
        assert lock.exists()
