"""Warm kernels for papermill: start a kernel and import pandas/matplotlib/seaborn
once per worker process, then render report after report in it.

``WarmEngine`` is a papermill engine (registered as ``ki-warm``): papermill still
parameterises and records the notebook, but nbclient runs it in the worker's
kernel instead of starting a new one. Between reports the kernel is reset to the
state right after the warm-up imports (namespace, figures, rcParams, seaborn
theme, pandas options, warning filters, sys.path, cwd, execution count), so a
report rendered in a reused kernel is identical to one rendered in a fresh one.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import atomic
from . import html as H

ENGINE_NAME = "ki-warm"
#: The report kernel keeps its input history in memory: nothing to write to disk per cell.
KERNEL_ARGS = ("--HistoryManager.hist_file=:memory:",)
#: Seconds one cell may run before the report counts as failed.
CELL_TIMEOUT_S = 300
START_TIMEOUT_S = 60

WARMUP = """
import matplotlib, matplotlib.pyplot, pandas, seaborn
import ki_analysis.report.parts  # with it data, html, plots, published and the gazetteer
from ki_analysis.report import engine as _ki_engine
_ki_engine.kernel_warm_up()
del _ki_engine
"""
RESET = "__import__('ki_analysis.report.engine', fromlist=['x']).kernel_reset()"

# ---------------------------------------------------------------- inside the kernel

_SNAPSHOT: dict[str, Any] = {}


def kernel_warm_up() -> None:
    """Pay the one-time costs (first PNG, fonts, CSV parser), then take the snapshot."""
    import io

    import matplotlib.pyplot as plt
    import pandas as pd

    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1], "o")
    ax.set_title("warm-up")
    fig.savefig(io.BytesIO(), format="png", bbox_inches="tight")
    plt.close(fig)
    pd.read_csv(io.StringIO("a,b\n1,x\n"), dtype={"b": "str"}).to_csv(io.StringIO())
    kernel_snapshot()


def kernel_snapshot() -> None:
    """Remember the kernel's state right after the warm-up imports."""
    import sys
    import warnings

    import matplotlib

    _SNAPSHOT.update(
        rc=dict(matplotlib.rcParams),
        filters=list(warnings.filters),
        path=list(sys.path),
        cwd=os.getcwd(),
        modules=set(sys.modules),
    )


def kernel_reset() -> None:
    """Bring the kernel back to the snapshot, as if it had just started."""
    import gc
    import sys
    import warnings

    import matplotlib
    import matplotlib.pyplot as plt
    import pandas as pd
    from IPython import get_ipython

    ip = get_ipython()
    # %reset -f with the execution count back at 1. IPython's reset runs two full garbage
    # collections (about 80 ms each with pandas loaded) and opens a new history session: that
    # was a third of what a report cost beyond its own work. Cycles left behind are collected by
    # Python's own collector as usual; the kernel keeps no history on disk.
    collect = gc.collect
    gc.collect = lambda *args, **kwargs: 0
    try:
        ip.reset(new_session=False)
    finally:
        gc.collect = collect
    ip.execution_count = 1
    plt.close("all")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        matplotlib.rcParams.clear()
        dict.update(matplotlib.rcParams, _SNAPSHOT["rc"])  # restores seaborn themes too
        pd.reset_option("all")
    warnings.filters[:] = _SNAPSHOT["filters"]  # type: ignore[index]  # a list at run time
    warnings._filters_mutated()  # type: ignore[attr-defined]
    sys.path[:] = _SNAPSHOT["path"]
    os.chdir(_SNAPSHOT["cwd"])
    gc.collect(1)  # the young generations only: cheap, and what a report made most of


# ----------------------------------------------------------- in the worker process


class WarmKernel:
    """One kernel, started once, reset between notebooks."""

    def __init__(self, kernel_name: str, cwd: Path):
        self.kernel_name = kernel_name
        self.cwd = Path(cwd)
        self.km: Any = None
        self.kc: Any = None

    def start(self) -> None:
        self.launch()
        self.ready()

    def launch(self) -> None:
        """Start the kernel process (returns while it is still booting)."""
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        self.km = AsyncKernelManager(kernel_name=self.kernel_name)
        run_sync(self.km.start_kernel)(
            cwd=str(self.cwd),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            extra_arguments=list(KERNEL_ARGS),
        )

    def ready(self) -> None:
        """Wait for the kernel, then import what every report needs."""
        from jupyter_core.utils import run_sync

        self.kc = self.km.client()
        self.kc.start_channels()
        run_sync(self.kc.wait_for_ready)(timeout=START_TIMEOUT_S)
        self.run(WARMUP)

    def run(self, code: str, timeout: float = 120) -> None:
        """Run housekeeping code silently; raise if it fails."""
        from jupyter_core.utils import run_sync

        reply = run_sync(self.kc.execute_interactive)(
            code, silent=True, store_history=False, timeout=timeout, output_hook=lambda msg: None
        )
        if reply["content"]["status"] != "ok":
            c = reply["content"]
            raise RuntimeError(f"kernel housekeeping failed: {c.get('ename')}: {c.get('evalue')}")

    def reset(self) -> None:
        if self.km is None or not self.is_alive():
            self.restart()
        self.run(RESET)

    def is_alive(self) -> bool:
        from jupyter_core.utils import run_sync

        return bool(run_sync(self.km.is_alive)())

    def restart(self) -> None:
        """A new kernel (after a crash or a timeout that left the old one busy)."""
        self.shutdown()
        self.start()

    def shutdown(self) -> None:
        from jupyter_core.utils import run_sync

        if self.kc is not None:
            self.kc.stop_channels()
            self.kc = None
        if self.km is not None:
            with contextlib.suppress(Exception):  # the kernel may be gone already
                run_sync(self.km.shutdown_kernel)(now=True)
            self.km = None


_WARM: WarmKernel | None = None


def _engine_class() -> type:
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import Engine
    from papermill.utils import merge_kwargs, remove_args

    class WarmEngine(Engine):
        """papermill engine that executes in this process's warm kernel."""

        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man: Any,
            kernel_name: str,
            log_output: bool = False,
            stdout_file: Any = None,
            stderr_file: Any = None,
            start_timeout: int = START_TIMEOUT_S,
            execution_timeout: int | None = None,
            **kwargs: Any,
        ) -> Any:
            if _WARM is None:
                raise RuntimeError("no warm kernel in this process; call engine.init_worker first")
            _WARM.reset()
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            final = merge_kwargs(
                kwargs,
                timeout=execution_timeout,
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
            )
            client = PapermillNotebookClient(nb_man, km=_WARM.km, **final)
            client.kc = _WARM.kc  # nbclient keeps a client it did not create
            return client.execute(cleanup_kc=False)

    return WarmEngine


def register() -> None:
    from papermill.engines import papermill_engines

    if ENGINE_NAME not in papermill_engines._engines:
        papermill_engines.register(ENGINE_NAME, _engine_class())


def init_worker(kernel_name: str, cwd: str) -> None:
    """Pool initializer: one warm kernel per worker process, shut down at exit."""
    from multiprocessing import util

    global _WARM
    register()
    _WARM = WarmKernel(kernel_name, Path(cwd))
    _WARM.launch()
    # While the kernel boots, this process imports papermill once.
    import nbformat
    import papermill  # noqa: F401

    blank = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")])
    nbformat.validate(blank)  # compiles the JSON schema once
    _WARM.ready()
    # pool workers leave through multiprocessing's exit hooks, not atexit
    util.Finalize(_WARM, _WARM.shutdown, exitpriority=10)


# ------------------------------------------------------------------- one report


@dataclass(frozen=True)
class Job:
    slug: str
    template: str  # absolute path of the template notebook
    parameters: dict[str, str]
    lang: str
    build_dir: str  # executed notebooks (build output)
    out_dir: str  # HTML + CSV
    kernel_name: str


@dataclass(frozen=True)
class Result:
    slug: str
    ok: bool
    title: str = ""
    files: tuple[str, ...] = ()
    error: str = ""
    notebook: str = ""  # the executed notebook (kept on failure for debugging)
    seconds: float = 0.0


def _output_html(out: Any) -> str:
    """One cell output as HTML: the report's own HTML, else an image or escaped text."""
    data = out.get("data", {})
    if "text/html" in data:
        html = data["text/html"]
        return html if isinstance(html, str) else "".join(html)
    if "image/png" in data:
        return f'<img src="data:image/png;base64,{data["image/png"]}" alt="">'
    text = out.get("text") if out.get("output_type") == "stream" else data.get("text/plain")
    if text:
        return f"<pre>{H.esc(text if isinstance(text, str) else ''.join(text))}</pre>"
    return ""


def notebook_html(nb: Any, lang: str) -> tuple[str, str, list[dict[str, str]]]:
    """Executed notebook -> (title, complete HTML page, chart CSV files).

    The page is the cells' outputs in order, without code (what ``nbconvert --no-input
    --template basic`` shows, without its wrappers): every output of a report template is
    finished HTML from ``report.parts``, so a template engine adds nothing but 0.1 s a report."""
    title, files, body = "", [], []
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            extra = out.get("data", {}).get(H.KI_MIME)
            if extra:
                files.extend(extra.get("files", []))
                title = title or extra.get("report", {}).get("title", "")
            body.append(_output_html(out))
    return title, H.page(title, "\n".join(b for b in body if b), lang), files


def build_name(slug: str) -> str:
    """A report's executed notebook in ``.ki/build/``: one flat name (``en.kreis-wesel``)."""
    return slug.replace("/", ".")


def render(job: Job, engine_name: str = ENGINE_NAME) -> Result:
    """Execute one template with papermill, then write its HTML and chart CSVs beside it."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    t0 = time.perf_counter()
    build = Path(job.build_dir)
    build.mkdir(parents=True, exist_ok=True)
    flat = build_name(job.slug)
    tmp = build / f".{flat}.tmp.ipynb"
    final_nb = build / f"{flat}.ipynb"
    try:
        nb = pm.execute_notebook(
            job.template,
            str(tmp),
            parameters=dict(job.parameters),
            engine_name=engine_name if engine_name != "nbclient" else None,
            kernel_name=job.kernel_name,
            progress_bar=False,
            request_save_on_cell_execute=False,
            execution_timeout=CELL_TIMEOUT_S,
            start_timeout=START_TIMEOUT_S,
        )
    except Exception as err:  # a failed cell, a timeout, a dead kernel
        failed = build / "failed" / f"{flat}.ipynb"
        failed.parent.mkdir(parents=True, exist_ok=True)
        if tmp.exists():
            os.replace(tmp, failed)
        if engine_name == ENGINE_NAME and _WARM is not None and not isinstance(err, PapermillExecutionError):
            _WARM.restart()  # the kernel may be dead or still busy
        reason = (
            f"{err.ename}: {err.evalue}"
            if isinstance(err, PapermillExecutionError)
            else f"{type(err).__name__}: {err}"
        )
        return Result(
            job.slug,
            False,
            error=reason.strip().splitlines()[0][:300] if reason.strip() else type(err).__name__,
            notebook=str(failed),
            seconds=time.perf_counter() - t0,
        )
    os.replace(tmp, final_nb)
    title, page, files = notebook_html(nb, job.lang)
    out = Path(job.out_dir)
    folder = job.slug.rpartition("/")[0]  # "en" for "en/kreis-wesel", "" for "kreis-wesel"
    prefix = f"{folder}/" if folder else ""
    written = []
    for f in files:
        name = prefix + Path(f["name"]).name  # a bare file name beside the page: never elsewhere
        atomic.write_text(out / name, f["csv"])
        written.append(name)
    atomic.write_text(out / f"{job.slug}.html", page)
    (build / "failed" / f"{flat}.ipynb").unlink(missing_ok=True)
    return Result(
        job.slug,
        True,
        title=title,
        files=(f"{job.slug}.html", *written),
        notebook=str(final_nb),
        seconds=time.perf_counter() - t0,
    )
