"""``ki report --pdf``: each report printed to PDF by headless Chromium, driven by Playwright.

A leaf of ``report/`` like ``html``: it knows files, not reports. Chromium is the browser the
reports are tested in (``tests/reliability/test_browser.py``), so the PDF is the page a reader
sees, laid out by the report's own print stylesheet (``html.CSS``, ``@media print``: A4, no
navigation, headings kept with what follows, charts and table rows never cut). Chromium adds
the page numbers and the report's title in the footer. Playwright only drives the Chromium
that is installed (Debian's ``/usr/bin/chromium``, or ``KI_CHROMIUM``); it never downloads a
browser. The HTML reports never need any of this.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from .. import atomic
from ..errors import KiError

#: Where Chromium is looked for, in this order, when ``KI_CHROMIUM`` is not set.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
DEBIAN_CHROMIUM = "/usr/bin/chromium"
ENV_CHROMIUM = "KI_CHROMIUM"
CHROMIUM_ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking")
#: Footer of every page: the report's title left, "page / pages" right (Chromium fills the spans).
FOOTER = (
    '<div style="font:8px system-ui,sans-serif;color:#555;width:100%;margin:0 14mm;'
    'display:flex;justify-content:space-between"><span class="title"></span>'
    '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>'
)
INSTALL_PLAYWRIGHT = (
    "`ki report --pdf` needs the Python package playwright (the `pdf` extra): run `make env`, "
    "or `.tools/bin/uv sync --extra pdf`, or `pip install 'ki-analysis[pdf]'`; "
    "it drives the installed Chromium and downloads no browser"
)
INSTALL_CHROMIUM = (
    "`ki report --pdf` needs Chromium and found none ({where}): on Debian or Ubuntu run "
    "`apt-get install chromium`, or set KI_CHROMIUM to a Chromium or Chrome binary"
)


def chromium_path() -> str | None:
    """The Chromium binary to print with: ``KI_CHROMIUM``, else one on ``PATH``, else Debian's."""
    env = os.environ.get(ENV_CHROMIUM)
    if env:
        return env if os.access(env, os.X_OK) else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return DEBIAN_CHROMIUM if os.access(DEBIAN_CHROMIUM, os.X_OK) else None


def check_engine() -> str:
    """The Chromium path, or a ``KiError`` that says plainly what to install."""
    if importlib.util.find_spec("playwright") is None:
        raise KiError(INSTALL_PLAYWRIGHT)
    path = chromium_path()
    if path is None:
        where = os.environ.get(ENV_CHROMIUM) or f"PATH, {DEBIAN_CHROMIUM}"
        raise KiError(INSTALL_CHROMIUM.format(where=where))
    return path


def print_pdfs(folder: Path, slugs: Sequence[str]) -> list[str]:
    """Print ``folder/<slug>.html`` to ``folder/<slug>.pdf`` for each slug; the slugs done.

    One browser for all pages; each PDF is written atomically with the umask's mode."""
    if not slugs:
        return []
    executable = check_engine()
    from playwright.sync_api import sync_playwright

    done = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=list(CHROMIUM_ARGS), headless=True)
        try:
            page = browser.new_page()
            page.route("**/*", _offline)
            for slug in slugs:
                html = folder / f"{slug}.html"
                page.goto(html.resolve().as_uri(), wait_until="load")
                page.emulate_media(media="print")
                data = page.pdf(
                    prefer_css_page_size=True,
                    print_background=True,
                    display_header_footer=True,
                    header_template="<span></span>",
                    footer_template=FOOTER,
                    outline=True,
                    tagged=True,
                )
                atomic.write_bytes(folder / f"{slug}.pdf", data)
                done.append(slug)
        finally:
            browser.close()
    return done


def _offline(route: object) -> None:
    """A report loads nothing from the network; a PDF does not either."""
    url = route.request.url  # type: ignore[attr-defined]
    if url.startswith(("file://", "data:")):
        route.continue_()  # type: ignore[attr-defined]
    else:
        route.abort()  # type: ignore[attr-defined]
