"""``ki report``: check the parameters, render what changed, write the index.

1. *Check first*: every date is checked and every district resolved to its AGS by the gazetteer
   before any kernel starts; a template receives the AGS.
2. *Incremental*: a report is rendered again only when its template, its
   parameters, the package code or the data it reads changed (content hashes in
   ``.ki/reports-manifest.json``); ``--force`` renders all.
3. *Render*: a pool of ``--jobs`` worker processes, each with one warm kernel
   (``report.engine``); each template gets the project root as the papermill parameter
   ``root`` (not hashed: the manifest does not depend on where the checkout lies). A failed
   report keeps its executed notebook under ``.ki/build/failed/`` and the others still render.
4. *Index*: ``reports/index.html`` with what is new since the previous run first.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import datetime as dt
import hashlib
import json
import multiprocessing
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .. import atomic
from ..config import KERNEL_NAME, Paths, paths
from ..corpus.gazetteer import project_gazetteer
from ..errors import InputError, KiError
from ..lock import LockedError, run_lock
from ..vocab import LANGS
from . import engine
from . import params as rq
from .index import index_html

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Planned:
    """One report to have: what to render and the hash of everything it reads."""

    slug: str
    kind: str  # state | district
    template: Path
    parameters: dict[str, str]  # papermill parameters as hashed and recorded (``root`` is added
    # when rendering)
    label: str  # human-readable parameters for the index
    input_hash: str = ""  # template, parameters, code and the rows the report reads
    quick_key: str = ""  # the same with the whole data version (no pandas needed)
    meta: dict[str, str] = field(default_factory=dict)  # key, name, ags, regierungsbezirk (index)

    def but(self, **changes: object) -> Planned:
        return replace(self, **changes)  # type: ignore[arg-type]


# ------------------------------------------------------------------- planning


def templates(p: Paths) -> dict[str, Path]:
    return {k: p.templates / f"{k}.ipynb" for k in ("state", "district")}


def code_hash() -> str:
    """Hash of the package source: a change in any code a report runs (parts, plots, fmt,
    vocab, ...) re-renders reports."""
    h = hashlib.sha256()
    pkg = Path(__file__).resolve().parent.parent
    for path in sorted(pkg.rglob("*.py")):
        h.update(path.relative_to(pkg).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _hash(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def plan(
    p: Paths,
    *,
    state: bool,
    districts: Iterable[str],
    all_: bool,
    as_of: str | None,
    lang: str | Sequence[str],
    today: dt.date,
) -> list[Planned]:
    """Validate every parameter and list the reports, each in every language of ``lang``
    ("de", "en", "de,en" or a sequence); raises ``KiError`` on bad input."""
    names = list(districts)
    if not (state or names or all_):
        raise KiError("say what to render: --state, --district NAME (repeatable) or --all")
    langs = rq.parse_langs(lang) if isinstance(lang, str) else rq.parse_langs(",".join(lang))
    if as_of is not None and not (state or all_):
        raise KiError("--as-of applies to the state report; add --state or --all")
    date = rq.parse_as_of(as_of, today)  # raises on a bad date
    for _kind, path in templates(p).items():
        if not path.is_file():
            raise KiError(f"template missing: notebooks/templates/{path.name}")
    gazetteer = project_gazetteer(p)
    wanted: list[str] = list(gazetteer.ags_codes) if all_ else []
    for name in names:
        spelling = rq.district_spelling(name)
        try:
            ags = gazetteer.resolve(spelling)
        except KiError as err:  # the gazetteer's message names the closest districts
            raise InputError("--district", str(err)) from None
        if ags not in wanted:
            wanted.append(ags)
    out: list[Planned] = []
    tpl = templates(p)
    if state or all_:
        for lg in langs:
            params = {"as_of": as_of or "", "lang": lg}
            slug = rq.slug("state", params)
            meta = {"key": slug.rpartition("/")[2], "name": "", "ags": "", "regierungsbezirk": ""}
            label = f"as_of={date.isoformat()}, lang={lg}"
            out.append(Planned(slug, "state", tpl["state"], params, label, meta=meta))
    for ags in wanted:
        # The AGS, not the user's spelling, is injected: one report per district.
        info = gazetteer.district(ags)
        stem = rq.district_slug(info["name"], info["type"])
        for lg in langs:
            params = {"ags": ags, "lang": lg}
            meta = {
                "key": stem,
                "name": info["name"],
                "ags": ags,
                "regierungsbezirk": info["regierungsbezirk"],
            }
            out.append(
                Planned(
                    rq.slug("district", params, stem),
                    "district",
                    tpl["district"],
                    params,
                    f"district={info['name']} ({ags}), lang={lg}",
                    meta=meta,
                )
            )
    return out


def _ref_hash(p: Paths) -> str:
    return _hash(*(f.read_bytes() for f in sorted(p.reference.glob("*")) if f.is_file()))


def with_quick_keys(p: Paths, planned: list[Planned], today: dt.date, version: str) -> list[Planned]:
    """A key per report from whole files: equal keys mean nothing it reads can have changed."""
    code, ref = code_hash(), _ref_hash(p)
    out = []
    for x in planned:
        date = rq.parse_as_of(x.parameters.get("as_of"), today).isoformat() if x.kind == "state" else ""
        key = _hash(
            x.template.read_bytes(), json.dumps(x.parameters, sort_keys=True), code, ref, version, date
        )
        out.append(x.but(quick_key=key))
    return out


def with_hashes(
    p: Paths, planned: list[Planned], today: dt.date, tables: Mapping[str, pd.DataFrame] | None = None
) -> list[Planned]:
    """Attach the content hash of template, parameters, code and the data each report reads."""
    from . import data as rd

    tables = rd.read_tables(p.root) if tables is None else tables
    code = code_hash()
    ref_files = _ref_hash(p)
    context = rd.statewide_context(tables)  # the same for every district: sliced and hashed once
    # id of a frame shared by many reports -> the frame (kept alive) and its hash
    frame_hashes: dict[int, tuple[pd.DataFrame, str]] = {}
    data_hashes: dict[tuple[str, str], str] = {}  # a report's data, the same in each language
    out = []
    for item in planned:
        if item.kind == "state":
            date = rq.parse_as_of(item.parameters["as_of"], today)
            key = ("state", date.isoformat())
            if key not in data_hashes:
                data_hashes[key] = rd.frames_hash(rd.state_inputs(tables, date), frame_hashes)
            extra = date.isoformat()
        else:
            key = ("district", item.parameters["ags"])
            if key not in data_hashes:
                inputs = rd.district_inputs(tables, item.parameters["ags"], context)
                data_hashes[key] = rd.frames_hash(inputs, frame_hashes)
            extra = ref_files
        digest = _hash(
            item.template.read_bytes(),
            json.dumps(item.parameters, sort_keys=True),
            code,
            extra,
            data_hashes[key],
        )
        out.append(item.but(input_hash=digest))
    return out


# -------------------------------------------------------------------- rendering


@dataclass
class RunSummary:
    rendered: list[engine.Result] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    pdfs: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[engine.Result]:
        return [r for r in self.rendered if not r.ok]


def _jobs(p: Paths, planned: Iterable[Planned], out_dir: Path, build_dir: Path) -> list[engine.Job]:
    """One render job per report; the kernel reads the project at ``root`` (a parameter, so the
    report does not depend on the environment the kernel inherits)."""
    return [
        engine.Job(
            x.slug,
            str(x.template),
            {**x.parameters, "root": str(p.root)},
            x.parameters["lang"],
            str(build_dir),
            str(out_dir),
            KERNEL_NAME,
        )
        for x in planned
    ]


def start_workers(n_workers: int, root: Path) -> cf.ProcessPoolExecutor:
    """``n_workers`` processes, each starting one warm kernel in ``root`` now (they boot while the
    caller still works out what to render)."""
    pool = cf.ProcessPoolExecutor(
        max_workers=max(1, n_workers),
        mp_context=multiprocessing.get_context("fork"),  # forked: all workers start at once
        initializer=engine.init_worker,
        initargs=(KERNEL_NAME, str(root)),
    )
    pool.submit(int)  # start them
    return pool


def render_jobs(
    jobs: list[engine.Job],
    n_workers: int,
    root: Path,
    on_done: Callable[[engine.Result], None] = lambda r: None,
    pool: cf.ProcessPoolExecutor | None = None,
) -> list[engine.Result]:
    """Render jobs on ``n_workers`` processes, each with one warm kernel started in ``root``
    (or on ``pool``, from ``start_workers``, which the caller shuts down)."""
    if not jobs:
        return []
    own = pool is None
    workers = start_workers(min(n_workers, len(jobs)), root) if pool is None else pool
    results = []
    try:
        futures = {workers.submit(engine.render, job): job for job in jobs}
        for fut in cf.as_completed(futures):
            try:
                res = fut.result()
            except Exception as err:  # a worker died (e.g. its kernel could not start)
                job = futures[fut]
                res = engine.Result(job.slug, False, error=f"{type(err).__name__}: {err}")
            results.append(res)
            on_done(res)
    finally:
        if own:
            workers.shutdown()
    return sorted(results, key=lambda r: r.slug)


def _check_kernel() -> None:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    except NoSuchKernel:
        raise KiError(f"Jupyter kernel {KERNEL_NAME!r} is not installed; run `make env`") from None


def _progress(total: int) -> tuple[Callable[[engine.Result], None], Callable[[], None]]:
    """A tqdm bar on a terminal, one plain line per report in a log."""
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=total, unit="report", file=sys.stderr)

        def step(r: engine.Result) -> None:
            bar.set_postfix_str(r.slug)
            bar.update(1)
            if not r.ok:
                bar.write(f"FAILED {r.slug}: {r.error}")

        return step, bar.close
    count = [0]

    def line(r: engine.Result) -> None:
        count[0] += 1
        status = "ok" if r.ok else f"FAILED: {r.error}"
        print(f"[{count[0]}/{total}] {r.slug} {status} ({r.seconds:.1f} s)", file=sys.stderr, flush=True)

    return line, lambda: None


def run(
    p: Paths,
    planned: list[Planned],
    *,
    jobs: int,
    force: bool,
    now: dt.datetime,
    today: dt.date,
    progress: bool = True,
    pdf: bool = False,
) -> RunSummary:
    """Render what is out of date, update the manifest and the index; with ``pdf``, also a
    PDF of every planned report that has none for its current HTML."""
    manifest = load_manifest(p)
    entries: dict[str, dict] = {k: v for k, v in manifest.get("reports", {}).items() if v.get("key")}
    version = rq.data_version(p.processed)
    if manifest.get("data_version") == version and "report_news" in manifest:
        # The data did not change: the state report's "what is new" is the one of last time.
        quick = with_quick_keys(p, with_news(planned, manifest["report_news"]), today, version)
        if (
            not force
            and all(_up_to_date(p, entries.get(x.slug), x, quick=True) for x in quick)
            and (not pdf or all((p.reports / f"{x.slug}.pdf").is_file() for x in quick))
        ):
            # Nothing any report reads changed: no tables to load, no kernel to start.
            _write_index(
                p,
                {
                    **manifest,
                    "reports": entries,
                    "previous_run_at": manifest.get("run_at"),
                    "run_at": now.isoformat(timespec="seconds"),
                },
                news_empty(),
            )
            return RunSummary(skipped=[x.slug for x in quick])
    from . import data as rd

    tables = rd.read_tables(p.root)
    current = rd.snapshot(tables)
    news = rd.changes(manifest.get("snapshot"), current)
    if manifest.get("data_version") == version and "report_news" in manifest:
        news_param = str(manifest["report_news"])
    else:
        news_param = news_parameter(news, manifest.get("run_at"))
    planned = with_news(planned, news_param)
    if pdf:
        from .pdf import check_engine

        check_engine()  # before any report renders: say plainly what is missing
    planned = with_quick_keys(p, planned, today, version)
    stale = [x for x in planned if force or not _up_to_date(p, entries.get(x.slug), x, quick=True)]
    pool = None
    if stale:  # something may need rendering: the kernels boot while the data is hashed
        _check_kernel()
        pool = start_workers(min(jobs, len(stale)), p.root)
    try:
        return _render_run(
            p,
            manifest,
            entries,
            planned,
            tables,
            current,
            news,
            news_param,
            version,
            pool,
            jobs=jobs,
            force=force,
            now=now,
            today=today,
            progress=progress,
            pdf=pdf,
        )
    finally:
        if pool is not None:
            pool.shutdown()


def _render_run(
    p: Paths,
    manifest: dict,
    entries: dict[str, dict],
    planned: list[Planned],
    tables: Mapping[str, pd.DataFrame],
    current: dict,
    news: Mapping[str, list[str]] | None,
    news_param: str,
    version: str,
    pool: cf.ProcessPoolExecutor | None,
    *,
    jobs: int,
    force: bool,
    now: dt.datetime,
    today: dt.date,
    progress: bool,
    pdf: bool,
) -> RunSummary:
    """The part of ``run`` after the kernels were started: hash, render, record, index."""
    planned = with_hashes(p, planned, today, tables)
    todo = [x for x in planned if force or not _up_to_date(p, entries.get(x.slug), x)]
    summary = RunSummary(skipped=[x.slug for x in planned if x not in todo])
    step, close = _progress(len(todo)) if progress and todo else ((lambda r: None), (lambda: None))
    # Render into a copy of reports/ and swap it in whole at the end: a run killed half-way
    # leaves the old set of reports, never some new reports beside an old index.
    with atomic.replace_dir(p.reports) as stage:
        _carry_over(p.reports, stage)
        _publish_data(p.processed, stage / DATA_DIR)
        try:
            results = render_jobs(_jobs(p, todo, stage, p.report_build), jobs, p.root, step, pool)
        finally:
            close()
        new_manifest = _record(manifest, entries, planned, todo, results, version, now, current)
        new_manifest["report_news"] = news_param
        rendered = {r.slug for r in results if r.ok}
        for slug in rendered:  # a PDF of the HTML before is stale
            new_manifest["reports"][slug].pop("pdf", None)
        if pdf:
            summary.pdfs = _print_pdfs(stage, planned, new_manifest["reports"])
        _prune(stage, new_manifest["reports"])
        for lg in LANGS:
            atomic.write_text(stage / index_path(lg), index_html(new_manifest, news, stage, lg))
    atomic.write_text(p.report_manifest, json.dumps(new_manifest, ensure_ascii=False, indent=1) + "\n")
    summary.rendered = results
    return summary


#: Where ``reports/`` keeps a copy of the data package (``data/processed``) for download.
DATA_DIR = "data"
#: Report files that belong to a report (written by the engine or by ``--pdf``).
REPORT_SUFFIXES = (".html", ".csv", ".pdf")


def index_path(lang: str) -> str:
    """``index.html`` (German) and ``en/index.html``: the index sits beside its reports."""
    return "index.html" if lang == "de" else f"{lang}/index.html"


def with_news(planned: list[Planned], news: str) -> list[Planned]:
    """The state report of today gets what is new as the parameter ``news`` (a report as of a
    past date has no "since the last run")."""
    return [
        x.but(parameters={**x.parameters, "news": news})
        if x.kind == "state" and not x.parameters.get("as_of")
        else x
        for x in planned
    ]


def news_parameter(news: Mapping[str, list[str]] | None, since: object) -> str:
    """What changed in the data since the run before, as the JSON the state report reads:
    the new documents by id, and counts of new and changed figures and new conflicts. Empty on
    a first run. It changes only when the data changes, so a run with nothing new keeps it."""
    if news is None or not since:
        return ""
    return json.dumps(
        {
            "since": str(since),
            "documents": list(news["documents"]),
            "facts_new": len(news["facts_new"]),
            "facts_changed": len(news["facts_changed"]),
            "conflicts": len(news["conflicts"]),
            "documents_removed": len(news["documents_removed"]),
        },
        sort_keys=True,
    )


def _files(root: Path) -> list[Path]:
    """Every file below ``root`` (no dot files, no dot folders), sorted."""
    return sorted(
        f
        for f in root.rglob("*")
        if f.is_file() and not any(x.startswith(".") for x in f.relative_to(root).parts)
    )


def _carry_over(reports: Path, stage: Path) -> None:
    """Hard-link (or copy) every current file of reports/ into the stage folder."""
    if not reports.is_dir():
        return
    for f in _files(reports):
        dst = stage / f.relative_to(reports)
        dst.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(f, dst)
        except OSError:
            shutil.copy2(f, dst)


def _publish_data(processed: Path, target: Path) -> None:
    """``reports/data/``: a copy of the data package as ``ki build`` wrote it, for the index's
    downloads (copied, not linked: the copies get this run's umask, like every report file)."""
    if target.exists():
        shutil.rmtree(target)
    if not processed.is_dir():
        return
    target.mkdir()
    for f in _files(processed):
        shutil.copyfile(f, target / f.name)


def _prune(stage: Path, entries: Mapping[str, Mapping]) -> None:
    """Remove report files no report owns any more (renamed reports, stale PDFs)."""
    keep = {index_path(lg) for lg in LANGS}
    for e in entries.values():
        keep.update(e.get("files", []))
        if e.get("pdf"):
            keep.add(e["pdf"])
    for f in _files(stage):
        rel = f.relative_to(stage).as_posix()
        if f.suffix in REPORT_SUFFIXES and not rel.startswith(f"{DATA_DIR}/") and rel not in keep:
            f.unlink()


def _print_pdfs(stage: Path, planned: list[Planned], entries: dict[str, dict]) -> list[str]:
    """A PDF of each planned report that rendered and has none for its current HTML."""
    from .pdf import print_pdfs

    wanted = [
        x.slug
        for x in planned
        if entries.get(x.slug, {}).get("status") == "ok"
        and not (entries[x.slug].get("pdf") and (stage / f"{x.slug}.pdf").is_file())
    ]
    done = print_pdfs(stage, wanted)
    for slug in done:
        entries[slug]["pdf"] = f"{slug}.pdf"
    return done


def _record(
    manifest: dict,
    entries: dict[str, dict],
    planned: list[Planned],
    todo: list[Planned],
    results: list[engine.Result],
    version: str,
    now: dt.datetime,
    current: Mapping[str, Mapping[str, str]],
) -> dict:
    """The manifest of this run."""
    by_slug = {x.slug: x for x in todo}
    for res in results:
        x = by_slug[res.slug]
        if res.ok:
            entries[res.slug] = {
                "kind": x.kind,
                "label": x.label,
                "title": res.title,
                "parameters": x.parameters,
                "input_hash": x.input_hash,
                "quick_key": x.quick_key,
                "files": list(res.files),
                "data_version": version,
                "rendered_at": now.isoformat(timespec="seconds"),
                "status": "ok",
                **x.meta,
            }
        else:
            old = entries.get(res.slug, {})
            entries[res.slug] = {
                **old,
                "kind": x.kind,
                "label": x.label,
                "parameters": x.parameters,
                "input_hash": "",
                "quick_key": "",
                "status": "failed",
                "error": res.error,
                "title": old.get("title") or x.slug,
                **x.meta,
            }
    for x in planned:  # up to date by content although a file changed: remember the new key
        if x not in todo and x.slug in entries:
            entries[x.slug] = {**entries[x.slug], "quick_key": x.quick_key}
    return {
        "reports": dict(sorted(entries.items())),
        "snapshot": dict(current),
        "previous_run_at": manifest.get("run_at"),
        "run_at": now.isoformat(timespec="seconds"),
        "data_version": version,
    }


def news_empty() -> dict[str, list[str]]:
    return {"documents": [], "facts_new": [], "facts_changed": [], "conflicts": [], "documents_removed": []}


def _write_index(p: Paths, manifest: dict, news: Mapping[str, list[str]] | None) -> None:
    """The indexes and the manifest they were made from (the manifest last: it marks the run done)."""
    for lg in LANGS:
        atomic.write_text(p.reports / index_path(lg), index_html(manifest, news, p.reports, lg))
    atomic.write_text(p.report_manifest, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")


def _up_to_date(p: Paths, entry: Mapping | None, item: Planned, quick: bool = False) -> bool:
    if not entry or entry.get("status") != "ok":
        return False
    if (entry.get("quick_key") != item.quick_key) if quick else (entry.get("input_hash") != item.input_hash):
        return False
    return all((p.reports / f).is_file() for f in entry.get("files", [])) and bool(entry.get("files"))


def load_manifest(p: Paths) -> dict:
    try:
        return json.loads(p.report_manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


# -------------------------------------------------------------------------- CLI


def main(args: argparse.Namespace) -> int:
    """``ki report``: exit 0 when every report rendered, 1 when any failed."""
    p = paths()
    today = dt.date.today()
    planned = plan(
        p,
        state=args.state,
        districts=args.district,
        all_=args.all,
        as_of=args.as_of,
        lang=args.lang,
        today=today,
    )
    if not p.processed.is_dir():
        print(
            "ki report: note: data/processed does not exist yet; run `ki build` first "
            "(reports will say the corpus has nothing)",
            file=sys.stderr,
        )
    jobs = args.jobs if args.jobs else (os.cpu_count() or 1)
    if jobs < 1:
        raise KiError("--jobs must be at least 1")
    try:
        with run_lock(p.report_lock, what="ki report run"):
            now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
            summary = run(
                p, planned, jobs=jobs, force=args.force, now=now, today=today, pdf=getattr(args, "pdf", False)
            )
    except LockedError as err:
        raise KiError(str(err)) from None
    ok = len(summary.rendered) - len(summary.failed)
    pdfs = f", {len(summary.pdfs)} PDF" if getattr(args, "pdf", False) else ""
    print(
        f"ki report: {ok} rendered, {len(summary.skipped)} up to date, "
        f"{len(summary.failed)} failed{pdfs}; index: reports/index.html",
        file=sys.stderr,
    )
    for r in summary.failed:
        rel = os.path.relpath(r.notebook, p.root) if r.notebook else "-"
        print(f"ki report: FAILED {r.slug}: {r.error} (executed notebook: {rel})", file=sys.stderr)
    return 1 if summary.failed else 0
