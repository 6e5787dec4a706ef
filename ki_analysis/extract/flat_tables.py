"""Tables flattened into one cell per line: each number gets its measure and period from its headers.

PDF and web text often turns a table into a run of short lines, row by row: a header row (the row
label's header, then one header per column), then for each row its label and its numbers::

    Schulform                        <- header of the label column
    Anzahl Schülerinnen und Schüler  <- header of column 1: its noun gives the measure
    Grundschule                      <- row label
    418                              <- cell: people_count
    ...

:func:`table_cells` finds such runs (at least two rows of a label followed by the same number of
numeric lines) and gives every numeric cell what its headers say: the measure from the column
header, else the row label, else the caption above the table (a currency in a header makes money,
"(Mio. Euro)" a scale); the period from the column header ("Stellen 2016", "Schuljahr 2014/15"),
else the row label ("2019"), else a reference date above the table ("Stand: 30.09.2018"). A first
row whose cells are all years is the header row of a table with years as columns. Numbers in the
labels and headers are no figures. A number alone on a line outside any table is a page number
or a code ("2313", "- 2 -").

The scan is linear: each line is typed once, and each candidate table is walked row by row.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ..corpus.dates import MONTH_PATTERN, MONTHS
from ..corpus.numbers import scaled
from .measure import noun_measure

# a cell: a dash for none, or a number with a fraction, a currency or a percent sign ("64.300 €")
_CELL = re.compile(
    r"[ ]*(?:[-–—]|(?:\d{1,3}(?:[. ]\d{3})*(?:,\d+)?(?:[ ]?[½¼¾])?|\d+(?:,\d+)?)"
    r"(?:[ ]?(?:€|EUR|Euro|%|Prozent))?)[ ]*"
)
_CELL_MONEY = re.compile(r"\d[ ]?(?:€|EUR|Euro)[ ]*$")
_CELL_PERCENT = re.compile(r"\d[ ]?(?:%|Prozent)[ ]*$")
# a header of amounts per unit: "Betrag je Stelle", "Kosten pro Kopf"
_PER_UNIT = re.compile(r"(?<!\w)(?:je|pro)[ ]+[A-ZÄÖÜ]")
_EMPTY = re.compile(r"[ ]*[-–—][ ]*")
_PAGE = re.compile(r"[ ]*[-–][ ]*\d{1,3}[ ]*[-–][ ]*")  # "- 2 -"
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?:/((?:19|20)?\d\d))?(?![\d.,])")
# a reference date: "Stand: 30.09.2018", "zum Stichtag 31.12.2020", "Stand 1. Februar 2016", "Stand: Mai 2019"
_STAND = re.compile(
    r"(?:Stand|Stichtag)\W{0,3}(?:am[ ]|zum[ ]|vom[ ])?"
    rf"(?:(\d{{1,2}})\.(\d{{1,2}})\.|(?:(\d{{1,2}})\.[ ]?)?({MONTH_PATTERN})[ ])(\d{{4}})"
)
_MONEY = re.compile(r"(?<!\w)(?:EUR|Euro|€)(?!\w)")
_SCALE = re.compile(r"(?<!\w)(?:(Mio|Millionen)|(Tsd|Tausend)|(Mrd|Milliarden))\.?(?!\w)")
_WORD = re.compile(r"[A-ZÄÖÜ][\w-]+")
MAX_COLUMNS = 6
len_max = 1 << 62
MAX_LINES = 2000


@dataclass(frozen=True)
class Cell:
    """What the headers say about one numeric cell."""

    measure: str
    unit: str
    scale: float
    period: str  # ISO year, interval "YYYY/YYYY" or date; "" when the headers state none
    precision: str  # year | month | day | ""
    header: str  # the column header (or row label) that gave the measure
    per_unit: bool = False  # the column header is a rate ("Betrag je Stelle")


@dataclass(frozen=True)
class Layout:
    """Cells of all tables of a text, by the start of their number; numbers that are labels."""

    cells: dict[int, Cell]
    labels: list[tuple[int, int]]  # spans of the header lines and row labels, in text order
    lone: set[int]  # starts of numbers alone on a line outside any table

    def is_label(self, pos: int) -> bool:
        i = bisect_right(self.labels, (pos, len_max)) - 1
        return i >= 0 and self.labels[i][0] <= pos < self.labels[i][1]


def table_cells(text: str) -> Layout:
    """Find flattened tables in ``text`` (see the module doc)."""
    lines = _lines(text)
    # every row of a table has a number on a line of its own: prose without two such lines has none
    if len(lines) < 6 or len(lines) > MAX_LINES * 50 or sum(num for _, _, num in lines) < 2:
        return Layout({}, [], _lone(text, lines, set()))
    cells: dict[int, Cell] = {}
    labels: list[tuple[int, int]] = []
    in_table: set[int] = set()
    _scan(text, lines, list(range(len(lines))), cells, labels, in_table, spaced=False)
    # PDF text often puts a blank line after every line: read the non-blank lines as a table where
    # each of them (header to last row) stands one blank line after the one before
    dense = [k for k, (s, e, _) in enumerate(lines) if e > s and k not in in_table]
    if len(dense) < len(lines) - len(in_table):
        _scan(text, [lines[k] for k in dense], dense, cells, labels, in_table, spaced=True)
    return Layout(cells, sorted(labels), _lone(text, lines, in_table))


def _scan(
    text: str,
    lines: list[tuple[int, int, bool]],
    index: list[int],
    cells: dict[int, Cell],
    labels: list[tuple[int, int]],
    in_table: set[int],
    *,
    spaced: bool,
) -> None:
    """Find and read the tables of ``lines`` (``index`` maps them to the text's line numbers)."""
    i = 0
    while i < len(lines):
        found = _table_at(text, lines, i)
        if found is None:
            i += 1
            continue
        # a header line may pass for a row label: the table that reads the most cells wins
        for k in range(i + 1, min(len(lines), i + MAX_COLUMNS + 1)):
            other = _table_at(text, lines, k)
            if other is not None and other[1] * other[2] > found[1] * found[2]:
                found = other
        first, ncols, nrows = found
        stop = first + ncols * nrows
        top = first - _header_block(text, lines, first, ncols)
        if spaced and any(index[k + 1] - index[k] != 2 for k in range(max(0, top), stop - 1)):
            i += 1  # not a table set one line apart: the blank lines end paragraphs
            continue
        _read(text, lines, first, ncols, nrows, cells, labels)
        in_table.update(range(index[max(0, first - ncols - 2)], index[stop - 1] + 1))
        i = stop


def _lines(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_number) of every line; blank lines are kept as (pos, pos, False)."""
    out = []
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        out.append((pos, end, bool(_CELL.fullmatch(text, pos, end)) and end > pos))
        if nl < 0:
            break
        pos = nl + 1
    return out


def _is_label(text: str, line: tuple[int, int, bool]) -> bool:
    s, e, num = line
    if e <= s or not text[s:e].strip():
        return False
    if not num:
        return e - s <= 80
    return bool(_YEAR.fullmatch(text[s:e].strip()))  # a year labels a row ("2019")


def _is_cell(lines: list[tuple[int, int, bool]], k: int, lo: int, hi: int) -> bool:
    """A numeric line, or an empty cell: a blank line between two numbers of the row ("5", "", "310.000 €")."""
    s, e, num = lines[k]
    if num:
        return True
    return e == s and lo < k < hi - 1 and lines[k - 1][2] and lines[k + 1][2]


def _header_block(text: str, lines: list[tuple[int, int, bool]], first: int, ncols: int) -> int:
    """How many lines right above the first row are its headers: up to ``ncols`` short lines, not a
    sentence that introduces the table ("... aus der folgenden Übersicht (Stand: 01.06.2016):")."""
    b = 0
    while b < ncols and first - b - 1 >= 0:
        s, e, num = lines[first - b - 1]
        line = text[s:e].strip()
        # a column of a year ("2014", "2013 (ab 01.04.)") heads the cells under it
        if not line or (num and not _YEAR.fullmatch(line)) or len(line) > 60 or line.endswith((":", ".")):
            break
        b += 1
    return b


def _table_at(text: str, lines: list[tuple[int, int, bool]], i: int) -> tuple[int, int, int] | None:
    """A table whose first row starts at line ``i``: (first line, columns, rows), at least two rows."""
    if not _is_label(text, lines[i]):
        return None
    best = None
    for ncols in range(2, MAX_COLUMNS + 1):
        rows = 0
        j = i
        while j + ncols <= len(lines):
            if not _is_label(text, lines[j]) or not all(
                _is_cell(lines, k, j + 1, j + ncols) for k in range(j + 1, j + ncols)
            ):
                break
            rows += 1
            j += ncols
        if rows >= 2 and (best is None or rows * ncols > best[1] * best[2]):
            best = (i, ncols, rows)
    return best


def _period_of(text: str, *, last: bool = False) -> tuple[str, str]:
    """A "Stand" date, else the first year of a header (``last``: the year of a caption nearest the table)."""
    m = _STAND.search(text)
    if m:
        year = int(m.group(5))
        if m.group(1):
            return f"{year:04d}-{int(m.group(2)):02d}-{int(m.group(1)):02d}", "day"
        month = MONTHS.get(m.group(4).lower(), 0)
        if m.group(3):
            return f"{year:04d}-{month:02d}-{int(m.group(3)):02d}", "day"
        return f"{year:04d}-{month:02d}", "month"
    found = list(_YEAR.finditer(text)) if last else [m for m in [_YEAR.search(text)] if m]
    y = found[-1] if found else None
    if y:
        if y.group(2):
            end = y.group(2) if len(y.group(2)) == 4 else y.group(1)[:2] + y.group(2)
            return f"{y.group(1)}/{end}", "year"
        return y.group(1), "year"
    return "", ""


def _split_header(line: str, columns: int) -> list[str] | None:
    """``line`` cut into ``columns`` headers when it names exactly one measure noun per column, in
    order ("Stellen insgesamt davon Lehrerstellen" -> "Stellen insgesamt", "davon Lehrerstellen")."""
    if columns < 2:
        return None
    starts = [m.start() for m in _WORD.finditer(line) if noun_measure(m.group().lower())]
    if len(starts) != columns:
        return None
    cuts = [0, *starts[1:], len(line)]
    return [line[a:b].strip() for a, b in zip(cuts, cuts[1:])]


def _measure_of(text: str) -> tuple[str, str, float] | None:
    """(measure, unit, scale) a header names: a currency, else the first noun with a measure."""
    if _MONEY.search(text):
        sm = _SCALE.search(text)
        scale = 1.0 if sm is None else 1e6 if sm.group(1) else 1e3 if sm.group(2) else 1e9
        return "funding_eur", "EUR", scale
    for w in _WORD.findall(text):
        low = w.lower()
        m = noun_measure(low)
        if m:
            unit = "FTE" if m == "staff_positions" or (m == "teachers" and "stelle" in low) else "count"
            return m, unit, 1.0
    return None


def _read(
    text: str,
    lines: list[tuple[int, int, bool]],
    first: int,
    ncols: int,
    nrows: int,
    cells: dict[int, Cell],
    labels: list[tuple[int, int]],
) -> None:
    rows = [lines[first + r * ncols : first + (r + 1) * ncols] for r in range(nrows)]
    header_row = rows[0]
    if all(_YEAR.fullmatch(text[s:e].strip()) for s, e, _ in header_row[1:]):
        headers = [text[s:e] for s, e, _ in header_row]  # years as columns ("Haushaltsjahr / 2021 / 2022")
        data = rows[1:]
        labels.extend((s, e) for s, e, _ in header_row)
        head_top = first  # the caption stands right above the header row
    else:
        b = _header_block(text, lines, first, ncols)
        top = lines[first - b : first]
        headers = [text[s:e] for s, e, _ in top] if b else [""] * ncols
        if b < ncols and b:
            # one header line over the number columns: "Lehrerstellen davon besetzt" stands over both; a
            # line that names one measure per column ("Stellen insgesamt davon Lehrerstellen", header
            # lines joined as one wrapped line) is read as one header per column
            covered = ncols - b + 1 if b > 1 else ncols - 1
            parts = _split_header(headers[-1], covered)
            if parts is not None:
                headers = headers[:-1] + ([""] if b == 1 else []) + parts
            elif b > 1:
                headers += [headers[-1]] * (ncols - b)
        labels.extend((s, e) for s, e, _ in top)
        data = rows
        head_top = first - b if b else first - ncols
    # the caption: up to two lines above the header, and the sentence before them ("Stand: ...")
    above_start = lines[max(0, head_top - 2)][0]
    caption = text[max(0, above_start - 300) : lines[max(0, head_top)][0]]
    cap_text = text[above_start : lines[max(0, head_top)][0]]
    cap_measure = _measure_of(cap_text)
    cap_money = cap_measure if cap_measure is not None and cap_measure[0] == "funding_eur" else None
    cap_period = _period_of(caption, last=True)
    for row in data:
        s0, e0, _ = row[0]
        label = text[s0:e0]
        labels.append((s0, e0))
        for j in range(1, ncols):
            s, e, _ = row[j]
            if _EMPTY.fullmatch(text, s, e):
                continue
            head = headers[j] if j < len(headers) else ""
            cell = text[s:e]
            if _CELL_MONEY.search(cell):
                got: tuple[str, str, float] | None = ("funding_eur", "EUR", 1.0)  # "64.300 €"
            elif _CELL_PERCENT.search(cell):
                got = ("percent", "percent", 1.0)
            else:
                # the column's header; a table of money ("in Tsd. €") before its row labels ("Eigenanteil
                # Kreis"); the header of the label column ("Stellenart") before the row's label
                got = (
                    _measure_of(head)
                    or cap_money
                    or _measure_of(headers[0])
                    or _measure_of(label)
                    or cap_measure
                )
            if got is None:
                continue
            period = _period_of(head) if _YEAR.search(head) else ("", "")
            if not period[0]:
                period = _period_of(label) if _YEAR.search(label) else ("", "")
            if not period[0]:
                period = cap_period
            start = s + (len(text[s:e]) - len(text[s:e].lstrip()))
            per_unit = bool(_PER_UNIT.search(head))
            cells[start] = Cell(got[0], got[1], got[2], period[0], period[1], head or label, per_unit)


def _lone(text: str, lines: list[tuple[int, int, bool]], in_table: set[int]) -> set[int]:
    """Numbers alone on a line (a page number, a code) outside any table."""
    out = set()
    for k, (s, e, num) in enumerate(lines):
        if k in in_table or e <= s:
            continue
        if num and not _EMPTY.fullmatch(text, s, e):
            out.add(s + (len(text[s:e]) - len(text[s:e].lstrip())))
        elif _PAGE.fullmatch(text, s, e):
            out.add(s + text[s:e].index(next(c for c in text[s:e] if c.isdigit())))
    return out


def cell_value(cell: Cell, value: float) -> float:
    """The value of a cell in base units (a header's "(Mio. Euro)" scales it)."""
    return scaled(value, cell.scale)
