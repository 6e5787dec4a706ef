"""Real clients: JupyterLab and the HTML reports in headless Chromium, papermill's CLI, nbval.

Chromium is Debian's ``chromium`` package (``.ci/run`` installs it); Playwright only
drives it and never downloads a browser. Every server listens on 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import harness
import nbformat
import pytest
from harness import REPO, TRACEBACK, guard_env, ki_env, record

CHROMIUM = os.environ.get("KI_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NO_CHROMIUM = (
    f"Debian's chromium is not installed ({CHROMIUM} missing); "
    ".ci/run installs it with apt-get when it runs as root"
)
# One xdist worker runs every browser and JupyterLab check, one after the other: two JupyterLab
# servers and Chromiums at once on a 2-core machine starve each other's kernels.
pytestmark = pytest.mark.xdist_group("browser")
needs_chromium = pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK), reason=NO_CHROMIUM)

NOTEBOOKS = (
    sorted(p.relative_to(REPO / "notebooks").as_posix() for p in (REPO / "notebooks").glob("*.ipynb"))
    if (REPO / "notebooks").is_dir()
    else []
)
TEMPLATES = (
    sorted((REPO / "notebooks" / "templates").glob("*.ipynb"))
    if (REPO / "notebooks" / "templates").is_dir()
    else []
)


def make_recipe(target: str) -> list[list[str]]:
    """The commands ``make TARGET`` would run (from ``make -n``), continuation lines joined."""
    out = subprocess.run(
        ["make", "-s", "-n", target], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    return [shlex.split(line) for line in out.replace("\\\n", " ").splitlines() if line.strip()]


def _venv_exe(word: str) -> str:
    """``.venv/bin/x`` from the Makefile, made absolute (the commands run in a copy)."""
    return str(Path(sys.executable).parent / Path(word).name) if word.startswith(".venv/") else word


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- the browser


# Module scope: a live sync Playwright holds an event loop, and `ki report --pdf` tests in other
# modules start their own on the same worker; Chromium starts in about a second.
@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class PageLog:
    """Console errors, page errors, failed and outside requests of one page."""

    def __init__(self, page: object, allowed_prefixes: tuple[str, ...]) -> None:
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.failed: list[str] = []
        self.outside: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} {r.failure}"))

        def route(route: object) -> None:
            url = route.request.url
            if url.startswith(allowed_prefixes):
                route.continue_()
            else:
                self.outside.append(url)  # offline by design: nothing leaves the machine
                route.abort()

        page.route("**/*", route)


# --------------------------------------------------------------------------- (a) JupyterLab

SMOKE = "reliability_smoke.ipynb"


def _smoke_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "ki-analysis",
        "display_name": "Python (ki-analysis)",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import ki_analysis, pandas as pd\nfrom ki_analysis.config import paths\n"
            "print('root', paths().root.name)"
        ),
        nbformat.v4.new_code_cell("pd.DataFrame({'district': ['Kreis Wesel', 'Kreis Düren'], 'n': [1, 2]})"),
        nbformat.v4.new_code_cell(
            "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3], [3, 1, 2])\nplt.title('smoke'); plt.show()"
        ),
    ]
    return nb


@pytest.fixture(scope="session")  # other modules' tests run between these: no second setup
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Path]]:
    """``make lab`` as the Makefile runs it, in a project copy, on 127.0.0.1 with a token."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(NO_CHROMIUM)
    root = harness.copy_project(tmp_path_factory.mktemp("lab") / "project")
    (root / "notebooks").mkdir(exist_ok=True)
    nbformat.write(_smoke_notebook(), root / "notebooks" / SMOKE)
    cmd = next(c for c in make_recipe("lab") if "lab" in c and any("jupyter" in w for w in c))
    port, token = free_port(), secrets.token_hex(16)
    cmd = [_venv_exe(w) for w in cmd] + [
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]
    if os.geteuid() == 0:  # containers and CI run as root; a user's `make lab` does not
        cmd.append("--allow-root")
    state = root / ".ki" / "jupyter"
    env = ki_env(
        root,
        {
            "JUPYTER_CONFIG_DIR": str(state / "config"),
            "JUPYTER_RUNTIME_DIR": str(state / "run"),
            "JUPYTERLAB_SETTINGS_DIR": str(state / "settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(state / "workspaces"),
            "BROWSER": "true",
        },
    )
    # Render every cell (JupyterLab 4 leaves off-screen cells out of the DOM by default).
    tracker = state / "settings" / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True, exist_ok=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}), encoding="utf-8")
    log = open(root.parent / "lab.log", "wb")  # noqa: SIM115 (the server writes to it until stopped)
    server = subprocess.Popen(
        cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not start:\n{(root.parent / 'lab.log').read_text()[-3000:]}")
            time.sleep(0.5)
        yield base, token, root
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


KERNEL_IDLE = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  return !!(w && w.sessionContext && w.sessionContext.session
            && w.sessionContext.session.kernel && w.sessionContext.session.kernel.status === 'idle');
}"""
# Only the notebook in front counts: JupyterLab keeps other tabs in the page (their prompts stay [ ]).
# Done when every cell has run, or as soon as one shows an error (the cells after it never run).
ALL_DONE = """() => {
  const prompts = [...window.jupyterapp.shell.currentWidget.node.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')];
  const outputs = [...window.jupyterapp.shell.currentWidget.node.querySelectorAll('.jp-Notebook .jp-OutputArea-output')];
  const failed = outputs.some(o => /Traceback|\\w+Error:/.test(o.innerText));
  return failed || (prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent)));
}"""
# Started when a prompt shows [*] or a count: the menu's click reached the notebook.
STARTED = """() => [...window.jupyterapp.shell.currentWidget.node.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
  .some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent))"""
STATE = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return {kernel: k ? k.status : 'none', connection: k ? k.connectionStatus : 'none',
          prompts: [...window.jupyterapp.shell.currentWidget.node.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
                   .map(p => p.textContent.trim()),
          dialogs: [...document.querySelectorAll('.jp-Dialog')].map(d => d.innerText.slice(0, 200))};
}"""
OUTPUTS = """() => {
  const cells = [...window.jupyterapp.shell.currentWidget.node.querySelectorAll('.jp-Notebook .jp-CodeCell')];
  const text = cells.map(c => c.querySelector('.jp-OutputArea')?.innerText || '');
  const imgs = [...window.jupyterapp.shell.currentWidget.node.querySelectorAll('.jp-Notebook .jp-OutputArea img')];
  return {n_cells: cells.length,
          n_with_output: cells.filter(c => c.querySelector('.jp-OutputArea-output')).length,
          has_output: cells.map(c => !!c.querySelector(".jp-OutputArea-output")),
          errors: text.filter(t => /Traceback|\\w+Error:/.test(t)).map(t => t.slice(0, 800)),
          n_images: imgs.length, broken_images: imgs.filter(i => !(i.complete && i.naturalWidth > 0)).length};
}"""


def _shut_down_kernels(base: str, token: str) -> None:
    """One notebook's kernel at a time: idle kernels of earlier notebooks hold memory and wake on timers."""
    with urllib.request.urlopen(f"{base}/api/sessions?token={token}", timeout=10) as r:
        sessions = json.load(r)
    for session in sessions:
        req = urllib.request.Request(f"{base}/api/sessions/{session['id']}?token={token}", method="DELETE")
        with contextlib.suppress(OSError), urllib.request.urlopen(req, timeout=30):
            pass


def _expected_outputs(path: Path) -> int:
    nb = nbformat.read(path, as_version=4)
    return sum(1 for c in nb.cells if c.cell_type == "code" and c.get("outputs"))


class LabPage:
    """One JupyterLab page for all notebooks, as a user keeps one tab open and opens one notebook
    after another from it (the app boots once; each boot took ~2.5 s of the 4 s before a run)."""

    def __init__(self, browser: object, base: str, token: str) -> None:
        self.base, self.token = base, token
        self.page = browser.new_page(viewport={"width": 1280, "height": 2000})
        self.log = PageLog(self.page, (base,))
        self.boot()

    def boot(self) -> None:
        """Load the app with a fresh workspace (?reset: no tabs restored from before)."""
        self.page.goto(f"{self.base}/lab?reset&token={self.token}", wait_until="domcontentloaded")
        self.page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell", timeout=90_000)
        self.page.evaluate("() => window.jupyterapp.restored.then(() => true)")

    def open(self, notebook: str) -> None:
        """Close the notebook before (its run left it changed: no save dialog, it is a copy), open
        ``notebook``. After a failure left a dialog, start again from a fresh app."""
        if self.page.evaluate("() => document.querySelectorAll('.jp-Dialog').length"):
            self.boot()
        self.page.evaluate(
            """async (path) => {
              const app = window.jupyterapp;
              for (const w of [...app.shell.widgets('main')]) {
                if (w.context && w.context.model) w.context.model.dirty = false;
                w.close();
              }
              await app.commands.execute('docmanager:open', {path});
            }""",
            notebook,
        )
        self.page.wait_for_function(
            "(path) => { const w = window.jupyterapp.shell.currentWidget;"
            " return !!(w && w.context && w.context.path === path && w.node.querySelector('.jp-Notebook .jp-Cell')); }",
            arg=notebook,
            timeout=90_000,
        )


@pytest.fixture(scope="module")
def lab_page(lab: tuple[str, str, Path], browser: object) -> Iterator[LabPage]:
    base, token, _ = lab
    page = LabPage(browser, base, token)
    yield page
    page.page.close()


@needs_chromium
@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("notebook", [SMOKE, *NOTEBOOKS])
def test_jupyterlab_runs_notebook(notebook: str, lab: tuple[str, str, Path], lab_page: LabPage) -> None:
    base, token, root = lab
    expected = 3 if notebook == SMOKE else _expected_outputs(root / "notebooks" / notebook)
    page, log = lab_page.page, lab_page.log
    n_page_errors = len(log.page_errors)
    try:
        lab_page.open(notebook)
        page.wait_for_function(KERNEL_IDLE, timeout=120_000, polling=250)
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
        # As a user does it: Run > Run All Cells.
        page.click('.lm-MenuBar-itemLabel:text-is("Run")')
        page.click('.lm-Menu-itemLabel:text-is("Run All Cells")')
        try:
            page.wait_for_function(STARTED, timeout=60_000, polling=250)
        except Exception:  # a click under load can land before the notebook takes it: run it again
            page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        try:
            page.wait_for_function(ALL_DONE, timeout=300_000, polling=500)
        except Exception as exc:
            shot = root.parent / f"{notebook}.png"
            page.screenshot(path=str(shot), full_page=True)
            lab_log = (root.parent / "lab.log").read_text(errors="replace")[-3000:]
            pytest.fail(
                f"{notebook} did not finish in JupyterLab: {exc}\n{page.evaluate(STATE)}\n{shot}\n{lab_log}"
            )
        with contextlib.suppress(Exception):  # outputs may render a moment after the execution count
            page.wait_for_function(
                f"() => window.jupyterapp.shell.currentWidget.node.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-OutputArea-output')"
                f".length >= {expected}",
                timeout=30_000,
                polling=250,
            )
        result = page.evaluate(OUTPUTS)
    finally:
        _shut_down_kernels(base, token)
    assert not result["errors"], f"{notebook} raised in JupyterLab:\n" + "\n".join(result["errors"])
    assert result["n_with_output"] >= expected, (
        f"{notebook}: outputs of {result['n_with_output']} cells, expected {expected}: {result['has_output']}"
    )
    assert result["broken_images"] == 0, f"{notebook}: {result['broken_images']} images did not load"
    assert log.page_errors[n_page_errors:] == [], log.page_errors[n_page_errors:]
    record(
        "browser",
        f"JupyterLab ran {notebook}: {result['n_cells']} code cells, "
        f"{result['n_with_output']} with output, {result['n_images']} images, "
        f"{len(log.console_errors)} console errors so far, {len(log.outside)} outside requests blocked",
    )


# --------------------------------------------------------------------------- (b) reports


@pytest.fixture(scope="session")
def rendered(guarded_reports: tuple[Path, str]) -> Path:
    """The project the security checks rendered under the network guard (shared: only read)."""
    return guarded_reports[0]


def _check_page(browser: object, url: str) -> dict:
    page = browser.new_page()
    log = PageLog(page, ("file://", "data:", "blob:"))
    try:
        page.goto(url, wait_until="load")
        page.wait_for_timeout(300)
        facts = page.evaluate("""() => ({
            title: document.title,
            n_images: document.images.length,
            broken: [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src.slice(0, 120)),
            links: [...document.querySelectorAll('a[href]')].map(a => a.href),
            pwned: window.__pwned === undefined ? null : window.__pwned,
        })""")
    finally:
        page.close()
    facts.update(
        console=log.console_errors, page_errors=log.page_errors, outside=log.outside, failed=log.failed
    )
    return facts


def _assert_clean(name: str, facts: dict) -> None:
    assert not facts["console"], f"{name}: console errors {facts['console']}"
    assert not facts["page_errors"], f"{name}: page errors {facts['page_errors']}"
    assert not facts["outside"], (
        f"{name}: requests leave the machine (reports must work offline): {facts['outside']}"
    )
    assert not facts["failed"], f"{name}: failed loads {facts['failed']}"
    assert not facts["broken"], f"{name}: images not loaded {facts['broken']}"
    assert facts["pwned"] is None, f"{name}: script from a document ran (window.__pwned={facts['pwned']})"


@needs_chromium
@pytest.mark.browser
@pytest.mark.slow
def test_reports_open_cleanly_in_chromium(rendered: Path, browser: object) -> None:
    index = rendered / "reports" / "index.html"
    facts = _check_page(browser, index.as_uri())
    _assert_clean("index.html", facts)
    local = [link for link in facts["links"] if link.startswith("file://")]
    for link in local:
        target = Path(urllib.request.url2pathname(link.split("#")[0].removeprefix("file://")))
        assert target.exists(), f"index.html links a missing file: {target}"
    pages = [link for link in local if link.endswith(".html") and not link.endswith("index.html")]
    assert pages, "index.html links no report"
    checked = 0
    for link in pages:
        facts = _check_page(browser, link)
        _assert_clean(link.rsplit("/", 1)[-1], facts)
        for sub in facts["links"]:
            if sub.startswith("file://"):
                target = Path(urllib.request.url2pathname(sub.split("#")[0].removeprefix("file://")))
                assert target.exists(), f"{link} links a missing file: {target}"
        checked += 1
        images = facts["n_images"]
    record(
        "browser",
        f"reports: index.html + {checked} reports opened in Chromium: 0 console errors, "
        f"all images loaded (last report: {images} images), no outside requests, no injected script ran",
    )


# --------------------------------------------------------------------------- (c) papermill CLI


def _parameters(path: Path) -> set[str]:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            return {
                line.split("=")[0].strip()
                for line in cell.source.splitlines()
                if "=" in line and not line.lstrip().startswith("#")
            }
    return set()


@pytest.mark.slow
@pytest.mark.parametrize("template", [t.name for t in TEMPLATES])
def test_papermill_cli_renders_template(template: str, project_copy: Path) -> None:
    # the copy's data/processed is the committed one, which `ki build --check` holds current
    params = _parameters(project_copy / "notebooks" / "templates" / template)
    assert params, f"{template} has no cell tagged 'parameters'"
    cli = [
        _venv_exe(".venv/bin/papermill"),
        f"notebooks/templates/{template}",
        "out.ipynb",
        "-k",
        "ki-analysis",
    ]
    if "ags" in params:  # papermill's CLI makes the int 5170 of it; the template gives the zero back
        cli += ["-p", "ags", "05170"]
    if "as_of" in params:
        cli += ["-p", "as_of", "2016-12-31"]
    env, netlog = guard_env(project_copy, ki_env(project_copy))
    proc = subprocess.run(cli, cwd=project_copy, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    nb = nbformat.read(project_copy / "out.ipynb", as_version=4)
    if "ags" in params:  # what the template's conversion (tested in test_reports_render) receives
        assert nb.metadata.papermill.parameters["ags"] == 5170
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, errors[:1]
    n_out = sum(1 for c in nb.cells if c.cell_type == "code" and c.get("outputs"))
    assert n_out > 0, "papermill ran the template but no cell has output"
    assert netlog.read_text() == "", f"the template reached for the network:\n{netlog.read_text()}"
    record(
        "clients",
        f"papermill CLI rendered {template} ({' '.join(cli[5:]) or 'defaults'}): "
        f"{n_out} cells with output, no errors, no network",
    )


# --------------------------------------------------------------------------- (d) pytest --nbval


@pytest.mark.slow
def test_nbval_as_a_user_runs_it(project_copy: Path) -> None:
    """``make nbval``'s command, in a fresh copy, with the network guard on (``make test`` runs
    nbval only through this test)."""
    cmd = next(c for c in make_recipe("nbval") if "--nbval" in c)
    cmd = [_venv_exe(w) for w in cmd]
    env, netlog = guard_env(project_copy, ki_env(project_copy))
    proc = subprocess.run(cmd, cwd=project_copy, env=env, capture_output=True, text=True, timeout=1800)
    tail = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert TRACEBACK not in proc.stderr
    assert netlog.read_text() == "", f"a notebook reached for the network:\n{netlog.read_text()}"
    record("clients", f"pytest --nbval on notebooks/ (make nbval's command, in a copy, no network): {tail}")


# --------------------------------------------------------------------------- (e) first screens

#: Where the screenshots go (run state, not committed): look at them after a run.
SHOTS = REPO / ".ki" / "screenshots"
FIRST_SCREEN = {"width": 1280, "height": 800}
KEY_POINTS = """() => {
  const box = document.querySelector('.ki-keypoints');
  if (!box) return null;
  const r = box.getBoundingClientRect();
  return {bottom: r.bottom, items: [...box.querySelectorAll('li')].map(li => li.innerText),
          sources: [...box.querySelectorAll('li')].filter(li => li.querySelector('.ki-src')).length};
}"""


@needs_chromium
@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize(
    "page_path", ["state.html", "en/state.html", "kreis-wesel.html", "en/kreis-wesel.html", "index.html"]
)
def test_the_first_screen_says_what_matters_with_sources(
    rendered: Path, browser: object, page_path: str
) -> None:
    """Each report's first screen (1280 × 800) holds its key points, each with its sources;
    screenshots of the first screen and the whole page are kept in .ki/screenshots/."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    url = (rendered / "reports" / page_path).as_uri()
    page = browser.new_page(viewport=FIRST_SCREEN)
    log = PageLog(page, ("file://", "data:", "blob:"))
    stem = page_path.replace("/", "_").removesuffix(".html")
    try:
        page.goto(url, wait_until="load")
        page.wait_for_timeout(200)
        page.screenshot(path=str(SHOTS / f"{stem}.first-screen.png"))
        page.screenshot(path=str(SHOTS / f"{stem}.full.png"), full_page=True)
        points = page.evaluate(KEY_POINTS)
        broken = page.evaluate(
            "() => [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).length"
        )
    finally:
        page.close()
    assert not log.console_errors and not log.page_errors and not log.outside and not log.failed, vars(log)
    assert broken == 0
    if page_path.endswith("index.html"):
        assert points is None
        record("browser", f"{page_path}: first screen and full page captured in .ki/screenshots/")
        return
    assert points is not None, f"{page_path}: no key points"
    assert 3 <= len(points["items"]) <= 5, points["items"]
    assert points["bottom"] <= FIRST_SCREEN["height"], (
        f"{page_path}: the key points end below the first screen"
    )
    assert points["sources"] >= len(points["items"]) - 1, points["items"]  # "newest release" names it inline
    record(
        "browser",
        f"{page_path}: {len(points['items'])} key points on the first screen (end at {points['bottom']:.0f} px "
        f"of {FIRST_SCREEN['height']}), screenshots in .ki/screenshots/{stem}.*.png",
    )
