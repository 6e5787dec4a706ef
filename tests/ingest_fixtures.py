"""Fixtures of ``ki add``: web pages shaped like the real publishers' (``tests/fixtures/ingest``)
and PDFs generated here with fpdf2 (one column, line-end hyphenation, two pages, header and footer
with page numbers; a scan without a text layer; an encrypted one)."""

from __future__ import annotations

import io
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
PAGES = ("ministry", "kreis", "newspaper", "party")

#: The release of the two-page PDF, as lines the way a word processor broke them.
PDF_HEADER = "Ministerium für Schule und Bildung des Landes Nordrhein-Westfalen – Pressemitteilung"
PDF_PAGES: tuple[tuple[str, ...], ...] = (
    (
        "Mehr Lehrerstellen für die Kommunalen Integrationszentren",
        "",
        "Düsseldorf, 12. Juli 2016. Das Land stärkt die Kommunalen Integrations-",
        "zentren: Zum Schuljahr 2016/2017 erhalten die 53 Zentren zusätzlich",
        "insgesamt 106 Lehrerstellen. Jedes Zentrum bekommt damit jeweils zwei",
        "weitere Stellen für die Beratung neu zugewanderter Schülerinnen und",
        "Schüler.",
        "",
        "„Die Integrationszentren leisten hervorragende Arbeit“, sagte die Minis-",
        "terin. „Mit den zusätzlichen Stellen können sie noch mehr Familien errei-",
        "chen.“",
    ),
    (
        "Für die Kommunalen Integrationszentren stellt das Land in diesem Jahr",
        "rund 9,83 Millionen Euro bereit. Hinzu kommen Mittel der Kommunen.",
        "",
        "Pressekontakt: Pressestelle, Telefon 0211 5867-3505",
    ),
)


def font_path() -> str:
    """DejaVu Sans, shipped with matplotlib (German quotes are not in the PDF core fonts)."""
    import matplotlib

    return str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf")


def _pdf():
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(__import__("datetime").datetime(2016, 7, 12, 10, 0))  # reproducible bytes
    pdf.add_font("dejavu", "", font_path())
    pdf.set_auto_page_break(False)
    return pdf


def release_pdf(pages: tuple[tuple[str, ...], ...] = PDF_PAGES, header: str = PDF_HEADER) -> bytes:
    """A release in one column with a running header and "Seite n von N" footers."""
    pdf = _pdf()
    for n, lines in enumerate(pages, start=1):
        pdf.add_page()
        pdf.set_font("dejavu", size=8)
        pdf.set_xy(20, 10)
        pdf.cell(0, 5, header)
        pdf.set_font("dejavu", size=11)
        pdf.set_xy(20, 30)
        for line in lines:
            pdf.set_x(20)
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("dejavu", size=8)
        pdf.set_xy(20, 280)
        pdf.cell(0, 5, f"Seite {n} von {len(pages)}")
    return bytes(pdf.output())


def one_page_pdf(lines: tuple[str, ...]) -> bytes:
    pdf = _pdf()
    pdf.add_page()
    pdf.set_font("dejavu", size=11)
    pdf.set_xy(20, 20)
    for line in lines:
        pdf.set_x(20)
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def scanned_pdf() -> bytes:
    """A page that is only a picture of text (no text layer), as a scanner makes it."""
    from PIL import Image, ImageDraw

    img = Image.new("L", (600, 200), 255)
    ImageDraw.Draw(img).text((20, 80), "Kommunales Integrationszentrum: 54 Zentren", fill=0)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    pdf = _pdf()
    pdf.add_page()
    pdf.image(io.BytesIO(buf.getvalue()), x=10, y=10, w=190)
    return bytes(pdf.output())


def encrypted_pdf() -> bytes:
    pdf = _pdf()
    pdf.set_encryption(owner_password="owner", user_password="geheim")
    pdf.add_page()
    pdf.set_font("dejavu", size=11)
    pdf.cell(0, 6, "Vertraulich: 54 Zentren")
    return bytes(pdf.output())


def page(name: str) -> bytes:
    return (FIXTURES / f"{name}.html").read_bytes()
