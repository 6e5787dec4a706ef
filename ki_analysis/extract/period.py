"""The period a figure refers to: a date in its clause, an inherited one, or the document date."""

from __future__ import annotations

import bisect
import re

from ..corpus.dates import DateMention
from ..corpus.numbers import NumberMention
from ..vocab import CREATION_CUES, DOCUMENT_DATE_CUES
from .grammar import Context, Tok

ANNUAL = re.compile(
    r"(?<!\w)(?:jährlich\w*|alljährlich\w*|pro[ ]Jahr|im[ ]Jahr(?![ ](?:\d|davor|zuvor|darauf|danach|vorher))|jedes[ ]Jahr|"
    r"jeweils[ ]im[ ]Jahr|Jahresbudget\w*|Jahresmittel\w*|per[ ]anno|p\.[ ]?a\.|"
    r"(?:pro|je)[ ][A-ZÄÖÜ][\w-]*[ ]und[ ]Jahr(?!\w))",
    re.I,
)


# every match of ANNUAL holds one of these (lower case; no "i", "k" or "s", whose case folding in a
# regular expression reaches beyond ASCII)
_ANNUAL_WORDS = ("jahr", "jährl", "anno", "p.")


def annual_in(ctx: Context, lo: int, hi: int) -> bool:
    """Does ``text[lo:hi]`` say the figure is annual ("jährlich", "pro Jahr")? A cheap look for the
    words first (the text in lower case), the expression only where one stands."""
    low = ctx.low_text
    if low is not None and not any(low.find(w, lo, hi) >= 0 for w in _ANNUAL_WORDS):
        return False
    return bool(ANNUAL.search(ctx.text, lo, hi))


_ANAPHORA = re.compile(
    r"(?:Davon|Hiervon|Darunter|Dabei|Damit|Dazu|Hinzu[ ]k(?:ommen|ommt|am|amen)|Außerdem|Zudem|Diese[rs]?|Hierbei"
    r"|Davon[ ]entf\w+)(?!\w)"
)


def _fmt_period(date: str | None, precision: str) -> str:
    if not date:
        return ""
    if precision == "day":
        return date
    if precision == "month":
        return date[:7]
    return date[:4]


_COMPARISON = re.compile(
    r"(?:gegenüber|Gegenüber|im[ ]Vergleich[ ]zu[rm]?|verglichen[ ]mit|als)[ ]"
    r"(?:(?:dem|im|in|der|des|den|gleichen|selben|entsprechenden|Zeitraum|Jahr)[ ]){0,4}$"
)


# "zur Ratssitzung am 24. Oktober": a day that dates an event noun, not the figure
# "der Kurs, der am 11. Januar beginnt": the day of an event in a relative clause; "die Frist endet am 15. März"
_EVENT_DAY = re.compile(
    r"[a-zäöüß,][ ][A-ZÄÖÜ][\w-]+[ ](?:am|vom)[ ]$|,[ ](?:der|die|das|den|dem)[ ](?:am|vom|ab)[ ]$"
    r"|(?<!\w)(?:endet|endete|beginnt|begann|startet|startete)[ ](?:am|zum)[ ]$"
)
# "8. Mai 2013 um 09:14", "am 5. März um 18 Uhr": a time stamp of a post or an event
_TIME_AFTER = re.compile(r"[ ,]*(?:um[ ])?\d{1,2}[:.]\d{2}(?!\d)|[ ,]*um[ ]\d{1,2}[ ]Uhr")


_STAND = re.compile(r"(?:Stand|Stichtag|stichtag)\W{0,3}(?:am[ ]|zum[ ]|vom[ ])?$")
_DOCUMENT_DATE = re.compile(DOCUMENT_DATE_CUES)
_UNTIL = re.compile(r"(?<!\w)[Bb]is[ ](?:Ende[ ]|zum[ ]Jahr[ ]|einschließlich[ ])?$")
_CREATION = re.compile(CREATION_CUES)
# a date that ends a term, not the time of the figure: "befristet bis Ende 2018"
_TERM_END = re.compile(r"(?<!\w)(?:befristet|begrenzt|längstens|gültig)[ ](?:bis[ ])?(?:zum[ ]|Ende[ ])?$")
# a clause of a condition or of time: "..., wenn die Zahl im Vorjahr gestiegen ist"
_CONDITION = re.compile(r"[ ]*(?:wenn|falls|sofern|soweit|sobald|nachdem|bevor|sodass|so[ ]dass)(?!\w)")
# a relative clause that the figure stands in: "14 Schulungen ..., an denen über 380 Personen teilnahmen"
_RELATIVE = re.compile(
    r"[ ]*(?:(?:an|bei|in|mit|für|aus)[ ](?:denen|dem|der|deren|welche[nmr]?)|denen|deren|dessen|welche[nmrs]?)[ ]"
)


_INHERIT_WORDS = re.compile(
    r"(?<!\w)(?:damit|davon|hiervon|darunter|somit|dabei|hierbei|von[ ]ihnen|unter[ ]ihnen|"
    r"das[ ]sind|dies[ ]sind|das[ ]waren|das[ ]entspricht|dies[ ]entspricht|"
    r"hinzu[ ]k(?:ommen|ommt|am|amen)|k(?:ommen|ommt|am|amen)[ ]hinzu)(?!\w)",
    re.I,
)


_STOCKS = frozenset({"ki_count", "district_count", "staff_positions", "teachers"})


# pronominal adverbs that point at the previous sentence's activity; they date flows, not counts of things
_ACTIVITY_REF = re.compile(r"(?<!\w)(?:[Dd]afür|[Hh]ierfür|[Dd]aran|[Hh]ieran)(?!\w)")


_NOW = frozenset(
    {
        "heute",
        "zurzeit",
        "derzeit",
        "aktuell",
        "mittlerweile",
        "inzwischen",
        "momentan",
        "gegenwärtig",
        "jetzt",
        "nunmehr",
    }
)


def _doc_period(ctx: Context) -> tuple[str, str, str]:
    if ctx.doc_date is None:
        return "", "", ""
    prec = ctx.date_precision if ctx.date_precision in ("day", "month", "year") else "day"
    return _fmt_period(ctx.doc_date.isoformat(), prec), prec, ""


def _usable_dates(ctx: Context, lo: int, hi: int, measure: str) -> list[DateMention]:
    """Dates in ``[lo, hi)`` that can give a figure its period.

    Not: decades; comparison bases ("gegenüber 2014", "mehr als vor einem Jahr"); day dates of
    events ("zum 1. Oktober") unless they are a reference date ("Stand: 31. März 2016"); "seit"
    dates of stock measures (a count "seit 2014" is still as of the document date).
    """
    i = bisect.bisect_left(ctx.date_starts, lo)
    out = []
    while i < len(ctx.dates) and ctx.dates[i].start < hi:
        d = ctx.dates[i]
        ok = ctx.date_usable.get(i)
        if ok is None:
            ok = ctx.date_usable[i] = _can_date(ctx, d)  # what depends on the date alone, once
        i += 1
        if not ok:
            continue
        if (
            d.kind == "since"
            and measure in _STOCKS
            and not _CREATION.search(ctx.text, d.end, min(hi, d.end + 160))
        ):
            continue  # a count "seit 2014" is as of the document date; posts created since then are a flow
        out.append(d)
    return out


def _can_date(ctx: Context, d: DateMention) -> bool:
    """Can date ``d`` give any figure its period (see :func:`_usable_dates`)?"""
    if not d.date or d.precision == "decade":
        return False
    if _DOCUMENT_DATE.search(ctx.text, max(0, d.start - 40), d.start):
        return False  # "nach dem Gesetz von 2012", "Runderlass vom 15. Juni 2020": the date of a document
    if _TERM_END.search(ctx.text, max(0, d.start - 30), d.start):
        return False  # "befristet bis Ende 2018"
    if _COMPARISON.search(ctx.text, max(0, d.start - 45), d.start):
        return False
    return not (
        d.precision == "day"
        and d.kind == "date"
        and (_EVENT_DAY.search(ctx.text, max(0, d.start - 40), d.start) or _TIME_AFTER.match(ctx.text, d.end))
        and not _STAND.search(ctx.text, max(0, d.start - 20), d.start)
    )


def _as_period(ctx: Context, d: DateMention, annual: bool = False) -> tuple[str, str, str]:
    if annual and ctx.doc_date is not None and d.kind in ("since", "year", "date") and d.date:
        y = int(d.date[:4])
        if d.kind == "since":
            return f"{ctx.doc_date.year:04d}", "year", ""  # "seit 2022 bis zu 301.000 Euro jährlich": a rate
        if y > ctx.doc_date.year and _UNTIL.search(ctx.text, max(0, d.start - 12), d.start):
            # "bis Ende 2025 jährlich 184.000 Euro": each year from now to then
            return f"{ctx.doc_date.year:04d}/{y:04d}", "year", ""
    if d.kind == "since":  # a cumulative amount "seit 2012": from then to the document date
        end_year = ctx.doc_date.year if ctx.doc_date else None
        start = _fmt_period(d.date, "year")
        return (f"{start}/{end_year:04d}" if end_year and str(end_year) != start else start), "year", ""
    if d.kind in ("period", "range") or (d.kind == "duration" and d.text.lower().startswith(("für", "über"))):
        a, b = _fmt_period(d.date, d.precision), _fmt_period(d.date_end, d.precision)
        return (a if a == b or not b else f"{a}/{b}"), d.precision, ""
    if d.kind == "duration" or (
        ctx.doc_date and d.kind == "relative" and d.precision == "day" and d.date == ctx.doc_date.isoformat()
    ):
        return _doc_period(ctx)  # "innerhalb von eineinhalb Jahren", "heute": as of the document date
    return _fmt_period(d.date, d.precision), d.precision, ""


def _explicit_period(
    ctx: Context,
    si: int,
    measure: str,
    pos: int | None = None,
    clause: tuple[int, int] | None = None,
    annual: bool = False,
    end: int | None = None,
) -> tuple[str, str, str] | None:
    """Period stated in ``clause`` (default: the whole sentence): the date right after the figure ("auf
    216 im Jahr 2023"), else the nearest date before ``pos`` that no other figure holds right before it
    ("von 189 im Jahr 2019"), else after."""
    s, e = clause or ctx.sentences[si]
    usable = _usable_dates(ctx, s, e, measure)
    if not usable:
        return None
    if pos is not None:
        after = pos if end is None else end
        own = next(
            (d for d in usable if d.start >= after and _OWN_DATE.fullmatch(ctx.text, after, d.start)), None
        )
        if own is not None:
            return _as_period(ctx, own, annual)
        prior = [d for d in usable if d.end <= pos and not _owned_by_other(ctx, d, s, pos)]
        if prior:
            d = prior[-1]
        else:
            # a date after the figure counts unless another figure stands between ("3,4 Mio. (2015: 3,1 Mio.)")
            later = [
                d
                for d in usable
                if not any(pos < f.span_start < d.start for f in ctx.figures_in(s, e))
                and "(" not in ctx.text[pos : d.start]
                and ctx.text[d.end : d.end + 1] != ":"
            ]
            if not later:
                return None
            d = later[0]
    else:
        d = usable[0]
    return _as_period(ctx, d, annual)


# what stands between a figure and its own date: "216 im Jahr 2023", "500 (2016)", "1.200 in 2019"
_OWN_DATE = re.compile(r"[ ]?(?:\(|im[ ]Jahr[ ]|in[ ]|im[ ])")


def _owned_by_other(ctx: Context, d: DateMention, s: int, pos: int) -> bool:
    """Does another figure stand right before date ``d`` ("von 189 im Jahr 2019 auf 216")?"""
    for f in ctx.figures_in(s, d.start):
        if (
            f.span_end <= d.start
            and f.span_start < pos
            and _OWN_DATE.fullmatch(ctx.text, f.span_end, d.start)
        ):
            return True
    return False


_SEPARATOR = re.compile(r",\s|;|:\s|\s[–-]\s|[()]")


def _segment(ctx: Context, si: int, pos: int) -> tuple[int, int]:
    """The stretch of sentence ``si`` between the separators (", ", ";", ": ", " – ", brackets) around ``pos``."""
    s, e = ctx.sentences[si]
    if si not in ctx.separators:
        ctx.separators[si] = [m.start() for m in _SEPARATOR.finditer(ctx.text, s, e)]
    seps = ctx.separators[si]
    i = bisect.bisect_right(seps, pos)
    return (seps[i - 1] + 1 if i > 0 else s), (seps[i] if i < len(seps) else e)


def _ownerless_period(ctx: Context, si: int, n: NumberMention, measure: str) -> tuple[str, str, str] | None:
    """A date elsewhere in the sentence whose own stretch holds no other figure
    ("Von den 2,4 Mio. Euro, die dem Zentrum in diesem Jahr zur Verfügung stehen, kommen 480.000 Euro ...")."""
    s, e = ctx.sentences[si]
    cands = []
    for d in _usable_dates(ctx, s, e, measure):
        lo, hi = _segment(ctx, si, d.start)
        if lo <= n.span_start < hi:
            continue  # the figure's own stretch was already looked at
        stand = _STAND.search(ctx.text, max(lo, d.start - 20), d.start)
        if (
            (ctx.text[d.end : d.end + 1] == ":" or ctx.text[lo - 1 : lo] == "(")
            and n.span_start < d.start
            and not stand
        ):
            continue  # "3,4 Mio. (2015: 3,1 Mio.)": the label is for what follows it; "(Stand 31.12.2017)" is not
        if ";" in ctx.text[min(d.end, n.span_end) : max(d.start, n.span_start)]:
            continue  # another main clause: "...; die übrigen Stellen sollen bis zum 1. Oktober besetzt werden"
        if _CONDITION.match(ctx.text, lo) and not lo <= n.span_start < hi:
            continue  # a condition: "..., wenn die Zahl im Vorjahr gestiegen ist"
        if any(f is not n and (n.group is None or f.group != n.group) for f in ctx.figures_in(lo, hi)):
            continue
        cands.append(d)
    if not cands:
        return None
    return _as_period(ctx, min(cands, key=lambda d: abs(d.start - n.span_start)))


_BREAKDOWN = re.compile(
    r"(?<!\w)(?:[Dd]avon|[Ww]eitere[nr]?|Teil|Rest|Anteil|stamm\w*|kommen|kamen|trägt|tragen|"
    r"steuer\w*|entf\w*|übernimmt|übernehmen|finanziert|zusätzlich\w*)(?!\w)"
)


def _inherit_words(ctx: Context, si: int) -> list[tuple[int, int]]:
    """Spans of the words of sentence ``si`` that continue an earlier time reference (searched once per
    sentence; no two of them overlap, and none crosses a separator, so a stretch holds one exactly when
    its span lies inside the stretch)."""
    if si not in ctx.inherit_spans:
        s, e = ctx.sentences[si]
        ctx.inherit_spans[si] = [m.span() for m in _INHERIT_WORDS.finditer(ctx.text, s, e)]
    return ctx.inherit_spans[si]


def _inherits(ctx: Context, si: int, measure: str) -> bool:
    """Does sentence ``si`` continue the time reference of the one before it? (cached per sentence)"""
    key = (si, measure == "funding_eur", measure in _STOCKS or measure == "other")
    if key not in ctx.inherit_cache:
        ctx.inherit_cache[key] = _inherits_uncached(ctx, si, measure)
    return ctx.inherit_cache[key]


def _refers_back(ctx: Context, si: int) -> bool:
    """Does a word of sentence ``si`` take up the sentence before ("Davon", "Damit", "25 davon")? Not one
    that takes up a figure of its own sentence: "rund 1.100 Mitarbeitende, gut 40 Prozent von ihnen",
    "17 Mitarbeitende, davon fünf Lehrkräfte" (a figure stands before it, apart from the one it ends)."""
    s, _ = ctx.sentences[si]
    for a, _ in _inherit_words(ctx, si):
        before = ctx.figures_in(s, a)
        if not before:
            return True
        last = before[-1]
        one = len(before) == 1 or (last.group is not None and all(f.group == last.group for f in before))
        if one and a - last.span_end <= 16 and "," not in ctx.text[last.span_end : a]:
            # "25 davon kamen aus Syrien", "Zwischen 40 und 50 Prozent davon": the part of a figure before
            return True
    return False


def _inherits_uncached(ctx: Context, si: int, measure: str) -> bool:
    s, e = ctx.sentences[si]
    if _ANAPHORA.match(ctx.text, s) or _refers_back(ctx, si):
        return True
    if measure not in _STOCKS and measure != "other" and _ACTIVITY_REF.search(ctx.text, s, e):
        return True  # "fördert in diesem Jahr … Der Rat hat dafür 60.000 Euro": money and people of that activity
    if any(
        _COMPARISON.search(ctx.text, max(0, d.start - 30), d.start)
        for d in ctx.dates[bisect.bisect_left(ctx.date_starts, s) : bisect.bisect_left(ctx.date_starts, e)]
    ):
        return True  # "Gegenüber 2014 ist die Summe um 4,2 Mio. € gestiegen": about the year before
    if measure == "funding_eur" and si > 0 and _BREAKDOWN.search(ctx.text, s, e):
        ps, pe = ctx.sentences[si - 1]  # a breakdown of the amounts of the sentence before
        return any(f.unit == "EUR" for f in ctx.figures_in(ps, pe))
    return False


def _annual_period(ctx: Context, lo: int, hi: int) -> tuple[str, str, str] | None:
    """The year of the document when ``text[lo:hi]`` is annual: the clause that continues "Die Kosten
    liegen bei jährlich 520.000 Euro" ("; davon trägt das Land 40 Prozent") is of that year."""
    if ctx.doc_date is None or not annual_in(ctx, lo, hi):
        return None
    return f"{ctx.doc_date.year:04d}", "year", ""


_NOW_RE = re.compile(r"(?<!\w)(?:" + "|".join(sorted(_NOW)) + r")(?!\w)")


def _now_in(ctx: Context, lo: int, hi: int) -> bool:
    """Does a word of "now" ("derzeit", "heute") stand in ``text[lo:hi]``? (in the text in lower case)"""
    if hi <= lo:
        return False
    if ctx.low_text is not None:
        return _NOW_RE.search(ctx.low_text, lo, hi) is not None
    return _NOW_RE.search(ctx.text[lo:hi].lower()) is not None


_YEAR_END = re.compile(r"(?:19|20)\d\d$")


def _whole_period(ctx: Context, si: int, n: NumberMention) -> tuple[str, str, str] | None:
    """The period of the whole a figure is a part of: a breakdown after a colon or in brackets ("im Mai
    2022 2,5 Stellen bewilligt: zwei Stellen für Sozialarbeit und eine halbe Stelle", "den Stellenplan
    2016 um 4,5 Stellen erweitern (drei Stellen ..., eine Stelle ...)") is of the figure before it."""
    s, _ = ctx.sentences[si]
    text = ctx.text
    colon = text.rfind(": ", s, n.span_start)
    bracket = text.rfind("(", s, n.span_start)
    if bracket >= 0 and text.find(")", bracket, n.span_start) >= 0:
        bracket = -1  # closed before the figure
    opener = max(colon, bracket)
    if (
        opener < 0
        or not ctx.fact_periods
        or (opener == colon and _YEAR_END.search(text, max(s, colon - 8), colon))
    ):
        return None  # "(2020: 1.210)", "Haushaltsjahr 2022: 146.250 €": a year's label, not a breakdown
    i = bisect.bisect_left(ctx.fact_periods, (opener,)) - 1
    if i < 0 or ctx.fact_periods[i][0] < s or not ctx.fact_periods[i][1]:
        return None
    return ctx.fact_periods[i][1], ctx.fact_periods[i][2], "+period_of_whole"


def _table_period(ctx: Context, si: int) -> tuple[str, str, str] | None:
    """The period of the last dated cell of a flattened table in sentence ``si`` ("Davon trägt das Land
    ..." after a table of the costs for 2013)."""
    if not ctx.table_periods:
        return None
    s, e = ctx.sentences[si]
    i = bisect.bisect_left(ctx.table_periods, (e,)) - 1
    if i < 0 or ctx.table_periods[i][0] < s:
        return None
    return ctx.table_periods[i][1], ctx.table_periods[i][2], ""


def period_of(
    ctx: Context,
    n: NumberMention,
    si: int,
    is_annual: bool,
    measure: str,
    before: list[Tok] | None = None,
    clause: tuple[int, int] | None = None,
    gapped_from: tuple[int, int] | None = None,
) -> tuple[str, str, str]:
    """The period of a figure, in this order: "zurzeit"/"heute" next to it; a date in its own clause;
    in the clause whose verb it leaves out; elsewhere in the sentence where no other figure claims it;
    in the sentence it continues ("Davon", "damit"); "jährlich"; the document date."""
    if before and any(t.low in _NOW for t in before[-6:] if clause is None or t.start >= clause[0]):
        now = _doc_period(ctx)
        return now[0], now[1], "+now" if now[0] else ""
    got = _explicit_period(ctx, si, measure, n.span_start, clause, is_annual, n.span_end)
    if got:
        return got
    if clause is not None and _now_in(ctx, clause[0], n.span_start):
        # "Derzeit werden aus dem Landesprogramm zweienhalb Stellen finanziert": a "now" of its clause
        now = _doc_period(ctx)
        return now[0], now[1], "+now" if now[0] else ""
    if gapped_from:
        got = _explicit_period(ctx, si, measure, None, gapped_from)
        if got:
            return got[0], got[1], "+period_gapped"
    got = _whole_period(ctx, si, n)
    if got:
        return got
    seg = _segment(ctx, si, n.span_start)
    s0 = ctx.sentences[si][0]
    if _RELATIVE.match(ctx.text, seg[0] + 1) and s0 <= ctx.prev_fact_at < seg[0] and ctx.prev_period[0]:
        # "14 Schulungen ..., an denen über 380 Personen teilnahmen": the relative clause of a figure
        return ctx.prev_period[0], ctx.prev_period[1], "+period_of_antecedent"
    got = _ownerless_period(ctx, si, n, measure)
    if got:
        return got
    if any(seg[0] <= a and b <= seg[1] for a, b in _inherit_words(ctx, si)):
        # "im laufenden Jahr 1.870 Menschen aufgenommen, knapp die Hälfte von ihnen": the clause it refers to
        # "... in diesem Jahr mit 31 Millionen Euro, hinzu kommen 229 Lehrerstellen", "bislang arbeiten 12,5
        # Vollzeitstellen, hinzu kommen 0,5 Stellen": the period of the figure the clause takes up
        if s0 <= ctx.prev_fact_at < seg[0] and ctx.prev_period[0] and not is_annual:
            return ctx.prev_period[0], ctx.prev_period[1], "+period_clause_inherited"
        got = _explicit_period(ctx, si, measure, seg[0]) or _annual_period(ctx, s0, seg[0])
        if got:
            return got[0], got[1], "+period_clause_inherited"
    j = si
    for _ in range(6):  # follow a chain of continuing sentences back, a few at most
        if j <= 0 or not _inherits(ctx, j, measure):
            break
        j -= 1
        # "jährlich" does not carry over to the next sentence ("... 260.000 Euro pro Jahr. Das entspricht
        # 0,02 Prozent des Haushalts" is as of the document date); in its own sentence it does
        prev = _explicit_period(ctx, j, measure) or _table_period(ctx, j)
        if prev:
            return prev[0], prev[1], "+period_inherited"
    if ctx.doc_date is None:
        return "", "", ""
    if is_annual:
        return f"{ctx.doc_date.year:04d}", "year", ""
    return _doc_period(ctx)
