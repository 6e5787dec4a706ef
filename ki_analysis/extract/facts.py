"""Figures from German press releases: every numeral becomes a fact, a date or a named non-figure.

``extract(text, doc_date, doc_id)`` is a pure function of the text and its date. It

1. finds every numeral (:func:`ki_analysis.numbers.scan`) and every date
   (:func:`ki_analysis.dates.find_dates`);
2. marks numbers that are no figures: phone and fax numbers, postal codes, house
   numbers, clock times, page and file numbers, law sections, version strings,
   party names, URLs, e-mail addresses, list enumerations, ordinals that count
   nothing ("zum dritten Mal");
3. turns the rest into facts. The *measure* comes from the noun phrase after the
   number (its head noun, skipping adjectives), from a partitive ("47 von 53
   Kommunalen Integrationszentren", "53 der 54 Kreise") or from the noun phrase
   before it ("Die Zahl der Zentren stieg auf 50"); the *unit* from the currency,
   percent sign or noun; the *qualifier* from the words right before the number
   (only those: "fast flächendeckend, in 54 Kreisen" stays exact); *per_unit*
   from "jeweils", "je", "pro Zentrum", "jedes Zentrum"; the *period* from "zurzeit"/
   "heute" next to it, a date in its own clause, in the clause whose verb it leaves out,
   elsewhere in the sentence where no other figure claims it, in the sentence it
   continues ("Davon", "damit"), "jährlich", or else the document date; the
   *subject* from a programme name or a district in the sentence (gazetteer), else
   NRW; the *funder* from the nearest funding source in the number's own part of the
   sentence (a linking word after the figure, "aus", "waren", points forward).

Measures (vocabulary): ``ki_count`` (running total of centres), ``district_count``
(Kreise und kreisfreie Städte), ``funding_eur``, ``staff_positions`` (FTE),
``teachers``, ``people_count``, ``percent``, ``other``. Newly opened centres
("zwei neue Zentren") are ``other`` with rule ``ki_new``: they are not the total.

``rule`` names what fired, e.g. ``ki_count:head``, ``ki_count:partitive_part``,
``district_count:partitive_whole``, ``funding_eur:currency``, plus ``+annual``,
``+range_low``/``+range_high``, ``+now``, ``+period_inherited``, ``+period_gapped`` suffixes.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .. import registry
from ..corpus.dates import DateMention, find_dates
from ..corpus.numbers import NumberMention, is_fraction_noun, scaled, scan
from ..corpus.sentences import split_sentences
from ..errors import KiError
from .flat_tables import Cell, Layout, cell_value, table_cells
from .funder import funder_of
from .grammar import Context, clause_bounds, has_verb, own_stretch
from .measure import KI_CUE, elided_second, measure_of
from .nonfigures import code_reason, context_reason, might_be_code, nonfigure_zones, zone_of
from .per_unit import COORDINATED, cue_after, is_per_unit
from .period import annual_in, period_of
from .qualifier import qualifier_of, range_role
from .subject import subject_of

#: The columns of the facts, numbers and dates tables that extraction fills (registry order);
#: the review columns are the curation stage's.
FACT_COLUMNS = [
    c for c in registry.table("facts").columns if c not in ("review_status", "review_reason", "reviewed_by")
]
NUMBER_COLUMNS = registry.table("numbers").columns
DATE_COLUMNS = registry.table("dates").columns


@dataclass
class Extraction:
    facts: list[dict] = field(default_factory=list)
    numbers: list[dict] = field(default_factory=list)
    dates: list[dict] = field(default_factory=list)


# --------------------------------------------------------------------------- tokens


# --------------------------------------------------------------------------- no-figure zones


# --------------------------------------------------------------------------- vocabularies


# --------------------------------------------------------------------------- extraction


def extract(
    text: str,
    doc_date: dt.date | str | None = None,
    doc_id: str = "doc",
    *,
    sentences: list[tuple[int, int]] | None = None,
    gazetteer: Any = None,
    date_precision: str | None = None,
) -> Extraction:
    """Facts, number dispositions and dates of one document (pure; see the module doc).

    ``doc_date`` may be a date or an ISO string of a day, month or year ("2013-12", "2017");
    a partial date sets ``date_precision`` (else "day") and resolves to its first day.
    """
    doc_date, date_precision = _doc_date(doc_date, date_precision)
    if sentences is None:
        sentences = split_sentences(text)
    sentences = list(sentences) or ([(0, len(text))] if text.strip() else [])
    mentions = scan(text)
    sentences = _join_at_ordinals(sentences, mentions)
    sent_starts = [s for s, _ in sentences]  # after the join: indices must match ``sentences``
    date_mentions = find_dates(text, doc_date)
    zones = nonfigure_zones(text, [n.start for n in mentions if n.form != "word"])
    zone_starts = [z[0] for z in zones]
    date_starts = [d.start for d in date_mentions]
    has_ki_context = bool(KI_CUE.search(text))
    layout = table_cells(text)
    # numbers that are no figures are known before any figure is read: they neither hold a period or a
    # funder away from a figure nor stand between a figure and its "je Zentrum"
    pre = [_non_figure(text, n, zones, zone_starts, date_mentions, date_starts, layout) for n in mentions]
    ctx = Context(
        text,
        doc_date,
        date_precision,
        sentences,
        date_mentions,
        gazetteer,
        has_ki_context,
        date_starts=date_starts,
        sent_starts=sent_starts,
        table_periods=sorted((k, c.period, c.precision) for k, c in layout.cells.items() if c.period),
        figures=[
            n
            for n, why in zip(mentions, pre)
            if n.value is not None and n.form != "ordinal" and (why is None or (n.unit and why[0] == "date"))
        ],
    )
    low = text.lower()
    ctx.low_text = low if len(low) == len(text) else None

    out = Extraction()
    for d in date_mentions:
        out.dates.append(
            {
                "doc_id": doc_id,
                "start": d.start,
                "end": d.end,
                "text": d.text,
                "date": d.date or "",
                "date_end": d.date_end,
                "precision": d.precision,
                "kind": d.kind,
            }
        )
    by_group: dict[int, list[NumberMention]] = {}
    for n in mentions:
        if n.group is not None:
            by_group.setdefault(n.group, []).append(n)
    # a sentence repeated verbatim (a teaser repeated as the first paragraph, a quoted post) states its
    # figures once: the later mention points at the first one's fact (reason "repeated")
    first_facts: dict[str, list[str]] = {}
    unit_of = _repetition_units(text, sentences, mentions)

    for n, why in zip(mentions, pre):
        row = {
            "doc_id": doc_id,
            "start": n.start,
            "end": n.end,
            "text": n.text,
            "value": n.value,
            "form": n.form,
            "disposition": "",
            "reason": "",
            "fact_id": "",
        }
        out.numbers.append(row)
        unit = unit_of.get(n.start)
        if why is not None:
            row["disposition"], row["reason"] = why
            if unit is not None and unit[2]:
                first_facts.setdefault(unit[0], []).append("")  # keeps the repeats' mentions in step
            continue
        if unit is not None and unit[0] in first_facts and unit[1] < len(first_facts[unit[0]]):
            first_id = first_facts[unit[0]][unit[1]]
            if first_id:
                row["disposition"], row["reason"], row["fact_id"] = "fact", "repeated", first_id
                continue
        si = bisect.bisect_right(sent_starts, n.start) - 1
        if si < 0 or n.start >= sentences[si][1]:
            si = max(0, si)
        members = by_group.get(n.group, [n]) if n.group is not None else [n]
        cell = layout.cells.get(n.start)
        facts, reason = _table_fact(ctx, n, si, cell) if cell is not None else _fact(ctx, n, si, members)
        if unit is not None and unit[2]:
            first_facts.setdefault(unit[0], []).append(
                f"{doc_id}:{facts[0]['start']}-{facts[0]['end']}:{facts[0]['measure']}" if facts else ""
            )
        if not facts:
            if n.is_article:
                out.numbers.pop()  # an article that counts no figure is an article, not a number
                continue
            row["disposition"], row["reason"] = (
                ("ignored", reason) if reason != "unexplained" else ("unexplained", "")
            )
            continue
        for k, fact in enumerate(facts):
            if fact["per_unit"]:
                ctx.per_unit_at[fact["start"]] = fact["end"]
            fact["doc_id"] = doc_id
            fact["fact_id"] = f"{doc_id}:{fact['start']}-{fact['end']}:{fact['measure']}"
            if k == 0:
                row["disposition"], row["reason"], row["fact_id"] = "fact", fact["rule"], fact["fact_id"]
            ctx.prev_fact = (fact["measure"], fact["unit"])
            ctx.prev_scale = cell.scale if cell is not None else n.scale
            ctx.prev_fact_at = fact["start"]
            ctx.prev_period = (fact["period"], fact["period_precision"])
            if not ctx.fact_periods or ctx.fact_periods[-1][0] < fact["start"]:
                ctx.fact_periods.append((fact["start"], fact["period"], fact["period_precision"]))
            out.facts.append({c: fact[c] for c in FACT_COLUMNS})
            ctx.prev_fact_row = out.facts[-1]
    return out


def _non_figure(
    text: str,
    n: NumberMention,
    zones: list[tuple[int, int, str]],
    zone_starts: list[int],
    dates: list[DateMention],
    date_starts: list[int],
    layout: Layout,
) -> tuple[str, str] | None:
    """(disposition, reason) of a number that is no figure: unparsed, in a non-figure zone, named so by
    the word before or after it, alone on a line, a date, a table's label; None for a candidate figure."""
    if n.value is None:
        return "ignored", f"unparsed_{n.problem}"
    reason = zone_of(zones, zone_starts, n.start, n.end)
    if reason == "file_number" and _date_of(dates, date_starts, n) is not None:
        reason = None  # "2016/17" is a school year, not a file number
    if reason is None:
        reason = context_reason(text, n)
    if reason is not None:
        return "ignored", reason
    if n.start in layout.lone and n.start not in layout.cells:
        return "ignored", "page_number"  # "2313", "- 2 -" on a line of its own
    dm = _date_of(dates, date_starts, n)
    if dm is not None:
        return "date", dm.kind
    if might_be_code(text, n):
        reason = code_reason(text, n)
        if reason is not None:
            return "ignored", reason
    if n.start not in layout.cells and layout.is_label(n.start):
        return "ignored", "table_label"
    return None


# what ends the reach of a "je Zentrum" over a second figure: a total, a semicolon, a recipient of its own
# ("je Vollzeitstelle bis zu 62.400 Euro, für die Koordinierungsstelle bis zu 70.000 Euro")
_TOTAL = re.compile(
    r"(?<!\w)(?:insgesamt|landesweit|zusammen|gesamt|Summe|für[ ](?:die|den|das|der))(?!\w)|;"
)


# what is shared out per unit: posts, teachers, money, people
_SHARED_OUT = frozenset({"staff_positions", "teachers", "funding_eur", "people_count"})


def _repetition_units(
    text: str, sentences: list[tuple[int, int]], mentions: list[NumberMention]
) -> dict[int, tuple[str, int, bool]]:
    """For each mention: (key of its unit, its index among the unit's mentions, is the unit's first
    occurrence). A unit runs from the start of the mention's clause (after ", ", ": ", a dateline's
    " · ", a " | " or a line break) to the end of its line in the sentence, with white space
    collapsed; units shorter than 25 characters are never repeats."""
    out: dict[int, tuple[str, int, bool]] = {}
    seen: dict[str, int] = {}  # key -> start of its first unit
    starts = [s for s, _ in sentences]
    counter: dict[tuple[str, int], int] = {}
    keys: dict[tuple[int, int], str] = {}  # mentions of one clause share its unit
    for n in mentions:
        si = bisect.bisect_right(starts, n.start) - 1
        if si < 0:
            continue
        s, e = sentences[si]
        # from the start of the mention's clause (after ", ", ": ", " · ", " | " or a line break) to the
        # end of its line in the sentence: "Hallo zusammen, mir wurde angeboten, ab dem 1. Oktober ..."
        # and a quote of it in a later post share "ab dem 1. Oktober ..."
        lo = max(s, text.rfind("\n", s, n.start) + 1)
        hi = text.find("\n", n.end, e)
        hi = e if hi < 0 else hi
        # after the last separator before the mention (no line break lies between ``lo`` and it)
        cut = max(text.rfind(", ", lo, n.start), text.rfind(": ", lo, n.start))
        cut_end = cut + 2 if cut >= 0 else -1
        for sep in (" · ", " | "):
            k = text.rfind(sep, lo, n.start)
            if k >= 0 and k > cut:
                cut, cut_end = k, k + 3
        if cut_end >= 0:
            lo = cut_end
        if hi - lo < 25:
            continue  # collapsing white space only shortens it
        key = keys.get((lo, hi))
        if key is None:
            key = keys[(lo, hi)] = " ".join(text[lo:hi].split())
        if len(key) < 25:
            continue
        first = seen.setdefault(key, lo)
        idx = counter.get((key, lo), 0)
        counter[(key, lo)] = idx + 1
        out[n.start] = (key, idx, first == lo)
    return out


def _table_fact(ctx: Context, n: NumberMention, si: int, cell: Cell) -> tuple[list[dict], str]:
    """The fact of a table cell: measure, unit and period from its headers (see flat_tables)."""
    assert n.value is not None
    s_start, s_end = ctx.sentences[si]
    if cell.period:
        period, precision = cell.period, cell.precision
    elif ctx.doc_date is not None:
        prec = ctx.date_precision if ctx.date_precision in ("day", "month", "year") else "day"
        iso = ctx.doc_date.isoformat()
        period, precision = (iso if prec == "day" else iso[:7] if prec == "month" else iso[:4]), prec
    else:
        period, precision = "", ""
    subject, ags = subject_of(ctx, n, si, cell.measure, ctx.text[s_start:s_end])
    return [
        {
            "start": n.start,
            "end": n.end,
            "quote": ctx.text[s_start:s_end],
            "measure": cell.measure,
            "value": cell_value(cell, float(n.value)),
            "unit": cell.unit,
            "qualifier": "exact",
            "per_unit": cell.per_unit,
            "period": period,
            "period_precision": precision,
            "is_annual": False,
            "subject": subject,
            "district_ags": ags,
            "funder": "",
            "rule": f"{cell.measure}:table_cell",
            "value_text": ctx.text[n.start : n.end],
            "value_start": n.start,
            "value_end": n.end,
            "sentence_start": s_start,
            "sentence_end": s_end,
        }
    ], ""


def _doc_date(value: dt.date | str | None, precision: str | None) -> tuple[dt.date | None, str]:
    if value is None or value == "":
        return None, precision or "day"
    if isinstance(value, dt.datetime):
        return value.date(), precision or "day"
    if isinstance(value, dt.date):
        return value, precision or "day"
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", str(value).strip())
    if not m:
        raise KiError(f"document date {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
    y, mo, d = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    try:
        date = dt.date(y, mo, d)
    except ValueError:
        raise KiError(f"document date {value!r} does not exist") from None
    guessed = "day" if m.group(3) else "month" if m.group(2) else "year"
    return date, precision or guessed


def _join_at_ordinals(
    sentences: list[tuple[int, int]], mentions: list[NumberMention]
) -> list[tuple[int, int]]:
    """Undo sentence ends the splitter put after an ordinal ("Als 12. Kommune ..."): the scanner
    has read "12." as an ordinal, so the sentence goes on."""
    ends = {n.end for n in mentions if n.form == "ordinal" and n.text.endswith(".")}
    if not ends or not any(e in ends for _, e in sentences):
        return sentences
    out: list[tuple[int, int]] = []
    join = False
    for s, e in sentences:
        if join and out:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
        join = e in ends
    return out


def _date_of(dates: list[DateMention], starts: list[int], n: NumberMention) -> DateMention | None:
    i = bisect.bisect_right(starts, n.start) - 1
    if i >= 0 and dates[i].start <= n.start < dates[i].end:
        return dates[i]
    return None


def _fact(ctx: Context, n: NumberMention, si: int, members: list[NumberMention]) -> tuple[list[dict], str]:
    text = ctx.text
    s_start, s_end = ctx.sentences[si]
    toks = ctx.tokens(si)
    starts = ctx.token_starts(si)
    i_before = bisect.bisect_left(starts, n.span_start)  # tokens[:i_before] are before the number
    i_after = bisect.bisect_left(starts, n.span_end)
    before = toks[max(0, i_before - 10) : i_before]
    after = toks[i_after : i_after + 12]
    last = members[-1]
    if last is not n:  # list members take the noun phrase of the last one
        j = bisect.bisect_left(starts, last.span_end)
        after = toks[j : j + 12]
    sentence = text[s_start:s_end]

    measure, unit, rule = measure_of(ctx, n, before, after, toks, starts, sentence)
    if measure is None:
        return [], rule
    assert n.value is not None  # unparsed numbers are ignored before
    value = float(n.value)
    if (
        measure == "funding_eur"
        and n.unit is None
        and n.scale == 1.0
        and ctx.prev_scale != 1.0
        and value < 1000
        and ctx.figure_before(n) is not None
    ):
        value = scaled(value, ctx.prev_scale)  # "40 Millionen Euro ...; 2017 waren es 45": 45 million
    if measure == "percent" and n.unit != "percent" and value < 1 and n.form == "word":
        value = round(value * 100, 6)  # "die Hälfte" -> 50 %
    qualifier = qualifier_of(before, toks[:i_before], fraction=is_fraction_noun(n.text), after=after)
    if len(members) > 1:
        rng = range_role(text, n, members)
        if rng:
            qualifier = "at_least" if rng == "low" else "at_most"
            rule += f"+range_{rng}"

    region = (s_start, s_end)
    neighbours = [
        x for x in ctx.figures_in(s_start, s_end) if x is not n and (n.group is None or x.group != n.group)
    ]
    lo, hi = own_stretch(members[-1] if len(members) > 1 else n, neighbours, s_start, s_end)
    lo = min(lo, n.span_start)
    per_unit = is_per_unit(
        text,
        n,
        before,
        after,
        s_start,
        s_end,
        qualifier,
        len(members) > 1 and "+range" in rule,
        # a figure between that is itself per unit by the same cue does not take it away: "je Zentrum
        # 3,5 Stellen (2,5 Fachkräfte, 1 Verwaltungskraft)", "je Zentrum 3,5 Stellen und 25.000 Euro"
        [
            x.span_start
            for x in neighbours
            if x.span_start not in ctx.per_unit_at
            or _TOTAL.search(text, ctx.per_unit_at[x.span_start], n.span_start)
        ],
        [x.span_end for x in neighbours],
    )
    if not per_unit and n.unit == "EUR" and len(members) > 1 and members[-1].connector.lower() == "oder":
        per_unit = True  # "Zuschüsse von 1.000, 2.500 oder 4.000 Euro": alternative amounts are rates
    if (
        per_unit
        and ctx.prev_fact_row is not None
        and not ctx.prev_fact_row["per_unit"]
        and ctx.prev_fact_row["measure"] in _SHARED_OUT
        and s_start <= ctx.prev_fact_row["end"] <= n.span_start
        and COORDINATED.fullmatch(text, ctx.prev_fact_row["end"], n.span_start)
        and cue_after(text, n, after, s_end)
    ):
        ctx.prev_fact_row["per_unit"] = True  # "3,5 Stellen und zwei Lehrerstellen pro Zentrum": both
    ci_lo, ci_hi = clause_bounds(toks, i_before, i_after)
    clause = (
        toks[ci_lo].start if ci_lo < len(toks) else s_start,
        toks[ci_hi - 1].end if ci_hi > 0 else s_end,
    )
    gapped_from = None
    if ci_lo > 1 and toks[ci_lo - 1].text in (",", ";") and not has_verb(toks[ci_lo:ci_hi]):
        # "investiert jährlich 9,83 Mio. €; das Schulministerium weitere Mittel für über 100 Lehrkräfte"
        plo, _ = clause_bounds(toks, ci_lo - 1, ci_lo - 1)
        if plo < ci_lo - 1:
            gapped_from = (toks[plo].start, toks[ci_lo - 2].end)
    is_annual = annual_in(ctx, lo, hi) or bool(gapped_from and annual_in(ctx, *gapped_from))
    # the towns of a district are a stock like the districts: "unterstützt seit 2013 die elf Städte und
    # Gemeinden" counts them as of the document date
    stock = "district_count" if rule.startswith("other:municipalities") else measure
    period, precision, prule = period_of(ctx, n, si, is_annual, stock, before, clause, gapped_from)
    if prule:
        rule += prule
    if is_annual:
        rule += "+annual"
    subject, ags = subject_of(ctx, n, si, measure, sentence)
    funder = (
        funder_of(text, n, region, neighbours, ctx.funders_in(si))
        if measure in ("funding_eur", "staff_positions", "teachers")
        else ""
    )
    start, end = n.span_start, n.span_end
    fact = {
        "start": start,
        "end": end,
        "quote": sentence,
        "measure": measure,
        "value": value,
        "unit": unit,
        "qualifier": qualifier,
        "per_unit": per_unit,
        "period": period,
        "period_precision": precision,
        "is_annual": is_annual,
        "subject": subject,
        "district_ags": ags,
        "funder": funder,
        "rule": rule,
        "value_text": text[start:end],
        "value_start": n.start,
        "value_end": n.end,
        "sentence_start": s_start,
        "sentence_end": s_end,
    }
    # "je drei Lehrer- und Erzieherstellen": a hyphen-elided compound names two kinds, two figures
    second = elided_second(ctx, n, before, after, toks, starts, sentence, measure, unit)
    if second is None:
        return [fact], ""
    return [fact, {**fact, "measure": second[0], "unit": second[1], "rule": second[2]}], ""


# --------------------------------------------------------------------------- corpus and CLI


def extract_corpus(documents: Iterable[Any], gazetteer: Any = None) -> dict[str, Any]:
    """Facts, numbers and dates of all documents as DataFrames, in (doc_id, start) order."""
    import pandas as pd

    if gazetteer is None:
        from ..corpus.gazetteer import default_gazetteer

        gazetteer = default_gazetteer()
    facts: list[dict] = []
    numbers: list[dict] = []
    dates: list[dict] = []
    for doc in sorted(documents, key=lambda d: d.doc_id):
        ex = extract(
            doc.text,
            doc.date,
            doc.doc_id,
            sentences=list(doc.sentences) or None,
            gazetteer=gazetteer,
            date_precision=doc.date_precision,
        )
        facts += ex.facts
        numbers += ex.numbers
        dates += ex.dates
    f = pd.DataFrame(facts, columns=FACT_COLUMNS)
    nu = pd.DataFrame(numbers, columns=NUMBER_COLUMNS)
    da = pd.DataFrame(dates, columns=DATE_COLUMNS)
    f = f.astype(
        {
            "start": "int64",
            "end": "int64",
            "value": "float64",
            "per_unit": "bool",
            "is_annual": "bool",
            "value_start": "int64",
            "value_end": "int64",
            "sentence_start": "int64",
            "sentence_end": "int64",
        }
    )
    nu = nu.astype({"start": "int64", "end": "int64", "value": "float64"})
    da = da.astype({"start": "int64", "end": "int64"})
    f = f.sort_values(["doc_id", "start", "end", "measure"], kind="stable").reset_index(drop=True)
    nu = nu.sort_values(["doc_id", "start", "end"], kind="stable").reset_index(drop=True)
    da = da.sort_values(["doc_id", "start", "end"], kind="stable").reset_index(drop=True)
    return {"facts": f, "numbers": nu, "dates": da}
