"""German dates in press releases, resolved against the document date.

``find_dates(text, doc_date)`` returns one :class:`DateMention` per date expression:

=====================================  ========  =========  ==========================
text                                   kind      precision  date (doc date 2013-12-02)
=====================================  ========  =========  ==========================
"09.12.2015", "9. Dezember 2015"       date      day        2015-12-09
"2. Dezember" (no year)                date      day        2013-12-02 (doc year)
"am 28. und 29. Juni 2016"             range     day        2016-06-28 .. 2016-06-29
"Ende Oktober", "im Juli", "Juni 2016" date      month      2013-10-01 / 2013-07-01
"2013" used as a year, "im Jahr 2016"  year      year       2013-01-01
"seit 2012", "seit dem 2. Dezember"    since     year/day   2012-01-01
"seit den 1980er Jahren"               since     decade     1980-01-01 .. 1989-12-31
"vor eineinhalb Jahren"                relative  month      2012-06-02 -> 2012-06-01
"im Vorjahr", "im kommenden Jahr"      relative  year       2012-01-01 / 2014-01-01
"heute"                                relative  day        2013-12-02
"in den beiden kommenden Jahren"       period    year       2014-01-01 .. 2015-12-31
"für drei Jahre", "innerhalb von ..."  duration  year/month start .. end
"Schuljahr 2016/17", "2016/2017"       range     year       2016-01-01 .. 2017-12-31
"zum selben Stichtag"                  date      day        the day named last before it
=====================================  ========  =========  ==========================

``date``/``date_end`` are ISO strings (``date_end`` empty for a point); relative
expressions get ``date=None`` when there is no document date. Every pattern is
linear (bounded repetitions, literal anchors).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..vocab import LABEL_NOUNS
from .numbers import parse_word

MONTHS = {
    "januar": 1,
    "jänner": 1,
    "februar": 2,
    "märz": 3,
    "april": 4,
    "mai": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "dezember": 12,
    "jan.": 1,
    "feb.": 2,
    "febr.": 2,
    "apr.": 4,
    "jun.": 6,
    "jul.": 7,
    "aug.": 8,
    "sep.": 9,
    "sept.": 9,
    "okt.": 10,
    "nov.": 11,
    "dez.": 12,
}
_MONTH = r"(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|Jan\.|Febr?\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Okt\.|Nov\.|Dez\.)"
MONTH_PATTERN = _MONTH  # a month name or its abbreviation, for other modules
_YEAR = r"(?:19|20)\d{2}"
_NUMWORD = r"[A-Za-zäöüß]{3,20}"


@dataclass(slots=True, unsafe_hash=True)
class DateMention:
    """One date expression (a value: never changed after it is made; not frozen, for speed)."""

    start: int
    end: int
    text: str
    date: str | None  # ISO yyyy-mm-dd of the (first) day
    date_end: str  # ISO of the last day of a range / period, else ""
    precision: str  # day | month | year | decade
    kind: str  # date | range | year | since | relative | period | duration


# Every pattern starts with a literal or a character class (the regex engine then scans fast);
# what must stand before a match (a cue word, no letter) is checked in Python on a short window.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "day_range",
        re.compile(
            rf"\d(?<![\w.]\d)\d?\.[ \u00a0]?(?:und|bis|-|–)[ \u00a0]?\d{{1,2}}\.[ \u00a0]?"
            rf"(?P<mon>{_MONTH})(?:[ \u00a0](?P<y>{_YEAR}))?(?!\w)"
        ),
    ),
    ("numeric", re.compile(r"\d(?<![\w.]\d)\d?\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d{2}|\d{2})(?![\w])")),
    (
        "day_month",
        re.compile(rf"\d(?<![\w.]\d)\d?\.[ \u00a0]?(?P<mon>{_MONTH})(?:[ \u00a0](?P<y>{_YEAR}))?(?!\w)"),
    ),
    ("decade", re.compile(r"[12](?<![\w.][12])[09]\d0er(?:[ \u00a0]Jahren?|-Jahren?)?(?!\w)")),
    ("month_year", re.compile(rf"(?P<mon>{_MONTH})[ \u00a0](?P<y>{_YEAR})(?!\w)")),
    ("month", re.compile(rf"(?P<mon>{_MONTH})(?![\w])")),
    (
        "year_range",
        re.compile(
            rf"[12](?<![\w.,/][12])[09]\d\d[ \u00a0]?(?:bis|-|–|und)[ \u00a0]?(?P<y2>{_YEAR})(?![\w/]|[.,]\d)"
        ),
    ),
    (
        "past_years",
        re.compile(
            r"(?:vergangenen|letzten|zurückliegenden)[ \u00a0]"
            r"(?:(?P<w>beiden|zwei|drei|vier|fünf|zehn|\d{1,2})[ \u00a0])?Jahren?(?!\w)"
        ),
    ),
    (
        "school_year_rel",
        re.compile(
            r"(?:[Ii]m|[Zz]um|[Dd]es|[Ff]ür[ \u00a0]das|[Ii]n[ \u00a0]diesem|[Dd]ieses)[ \u00a0]"
            r"(?P<which>laufenden?|kommenden?|nächsten?|vergangenen?|aktuellen?|neuen?)?[ \u00a0]?"
            r"(?:Schul|Kindergarten|Kita)jahr(?:es|s)?(?!\w|\s?\d)"
        ),
    ),
    (
        "year_before_prev",
        re.compile(
            r"(?:[Ii]m|[Ee]in)[ \u00a0]Jahr[ \u00a0](?:davor|zuvor|früher|darauf|später)(?!\w)"
            r"|(?:[Ii]n[ \u00a0]jenem|[Ii]m[ \u00a0](?:selben|gleichen))[ \u00a0]Jahr(?!\w)"
        ),
    ),
    ("school_year", re.compile(rf"[12](?<![\w/.][12])[09]\d\d/(?P<y2>\d{{2}}|{_YEAR})(?![\w/])")),
    (
        "ago",
        re.compile(
            rf"[Vv]or[ \u00a0](?P<n>\d+(?:,\d+)?|{_NUMWORD})[ \u00a0](?P<u>Jahren|Monaten|Wochen|Tagen|Jahr|Monat)(?!\w)"
        ),
    ),
    (
        "within",
        re.compile(
            rf"[Ii]nnerhalb[ \u00a0](?:von[ \u00a0])?(?:nur[ \u00a0]|knapp[ \u00a0]|gut[ \u00a0])?(?P<n>\d+(?:,\d+)?|{_NUMWORD})"
            rf"[ \u00a0](?P<u>Jahren|Jahres|Monaten|Wochen)(?!\w)"
        ),
    ),
    (
        "for_years",
        re.compile(
            rf"(?:[Ff]ür|[Üü]ber)[ \u00a0](?:die[ \u00a0](?:nächsten|kommenden)[ \u00a0])?(?P<n>\d+|{_NUMWORD})[ \u00a0](?P<u>Jahre|Monate)(?!\w)"
        ),
    ),
    (
        "coming_years",
        re.compile(
            r"(?:[Ii]n[ \u00a0]den|[Ff]ür[ \u00a0]die)[ \u00a0](?:(?P<w1>beiden|zwei|drei|vier|fünf)[ \u00a0])?(?:kommenden|nächsten)"
            r"[ \u00a0](?:(?P<w2>zwei|drei|vier|fünf)[ \u00a0])?Jahren?(?!\w)"
        ),
    ),
    (
        "prev_year",
        re.compile(
            r"(?:[Ii]m|[Dd]es|[Dd]em)[ \u00a0](?:(?:ganzen|gesamten)[ \u00a0])?"
            r"(?:Vorjahr(?:es|s)?|vergangenen[ \u00a0]Jahr(?:es)?|letzten[ \u00a0]Jahr(?:es)?)(?!\w)"
        ),
    ),
    (
        "next_year",
        re.compile(
            r"(?:[Ii]m|[Ff]ür[ \u00a0]das|[Dd]as|[Dd]es|[Aa]b[ \u00a0]dem)[ \u00a0](?:kommenden?|nächsten?|neuen?)[ \u00a0]Jahr(?:es)?(?!\w)"
            r"|[Nn]ächstes[ \u00a0]Jahr(?!\w)"
        ),
    ),
    (
        "this_year",
        re.compile(
            r"(?:[Ii]n[ \u00a0]diesem|[Ii]m[ \u00a0](?:laufenden|aktuellen)|[Ff]ür[ \u00a0]dieses)[ \u00a0]"
            r"(?:Jahr|Haushaltsjahr|Kalenderjahr|Geschäftsjahr)(?!\w)|[Dd]ieses[ \u00a0]Jahres(?!\w)"
        ),
    ),
    ("today", re.compile(r"[Hh]eute(?<![\w-][Hh]eute)(?![\w-])")),
    (
        "year_part",
        re.compile(
            r"(?:[Jj]ahresbeginn|[Jj]ahresanfang|[Jj]ahresende|[Jj]ahresmitte)(?<![\w-][Jj]ahresbeginn)"
            r"(?<![\w-][Jj]ahresanfang)(?<![\w-][Jj]ahresende)(?<![\w-][Jj]ahresmitte)"
            r"(?:[ \u00a0](?P<y>(?:19|20)\d\d)(?![\w.,]\d))?(?![\w-])"
        ),
    ),
    (
        "season",
        # the cue before it ("im", "bis zum", "seit dem") is looked for in _CUE_BEFORE (the scan starts at
        # the season's name: speed)
        re.compile(r"(?:Frühjahr|Frühling|Sommer|Herbst|Winter)(?!\w|[ \u00a0]?(?:19|20)\d\d|[ \u00a0]des)"),
    ),
    ("report_year", re.compile(r"[Ii]m[ \u00a0]Berichts(?:jahr|zeitraum)(?!\w)")),
    (
        "same_day",
        re.compile(r"(?:Stichtag|Zeitpunkt)(?!\w|[ \u00a0]?:|[ \u00a0]+\d{1,2}\.)"),  # its cue: _CUE_BEFORE
    ),
    (
        "year",
        re.compile(
            r"[12](?<![\w.,/-][12])[09]\d\d(?![\w/]|[.,]\d|[ \u00a0]?(?:%|€|Euro|EUR|Prozent|Mio|Millionen|Mrd|Milliarden)(?!\w))"
        ),
    ),
]
_CUE_BEFORE = {
    "decade": re.compile(r"(?P<cue>[Ss]eit|[Ii]n|Ende|Anfang|Mitte)[ \u00a0](?:den|der)[ \u00a0]$"),
    "month_year": re.compile(
        r"(?P<cue>Anfang|Mitte|Ende|[Ss]eit|[Ii]m|[Bb]is|[Aa]b)[ \u00a0](?:Monat[ \u00a0])?$"
    ),
    "month": re.compile(
        r"(?<!\w)(?P<cue>(?:[Bb]is[ \u00a0]|[Ss]eit[ \u00a0])?(?:Anfang|Mitte|Ende)|[Ss]eit|[Ii]m|[Bb]is|[Aa]b)[ \u00a0]$"
    ),
    "year_range": re.compile(
        r"(?<!\w)(?P<cue>[Vv]on|[Ii]n[ \u00a0]den[ \u00a0]Jahren|[Ff]ür[ \u00a0]die[ \u00a0]Jahre|[Zz]wischen)[ \u00a0]$"
    ),
    "past_years": re.compile(r"(?<!\w)(?P<cue>[Ii]n[ \u00a0]den|[Ww]ährend[ \u00a0]der|der)[ \u00a0]$"),
    "season": re.compile(
        r"(?<!\w)(?P<cue>[Ii]m|[Bb]is[ \u00a0]zum|[Zz]um|[Ss]eit[ \u00a0]dem|[Aa]b[ \u00a0]dem)[ \u00a0]$"
    ),
    "same_day": re.compile(
        r"(?<!\w)(?P<cue>[Zz]u[ \u00a0]diesem|[Zz]um(?:[ \u00a0](?:selben|gleichen))?"
        r"|[Aa]m(?:[ \u00a0](?:selben|gleichen))?)[ \u00a0]$"
    ),
}
_NEEDS_CUE = frozenset({"month", "season", "same_day"})
_DAY_AT = re.compile(r"\d{1,2}")
_SECOND_DAY = re.compile(r"(\d{1,2})\.[ \u00a0]?" + _MONTH)
# "seit 2012", "seit Ende 2014", "seit dem Projektstart 2014"
# "seit 2012", "seit Ende 2014", "seit dem Projektstart 2014", "seit dem Start des Projekts 2014", "seit
# Kriegsbeginn Ende Februar"
_SINCE = re.compile(
    r"(?:seit|Seit)(?:[ \u00a0](?:dem|der))?(?:[ \u00a0][A-ZÄÖÜ][a-zäöüß]{2,20})?"
    r"(?:[ \u00a0](?:des|der)[ \u00a0][A-ZÄÖÜ][a-zäöüß]{2,20})?(?:[ \u00a0](?:Anfang|Ende|Mitte))?[ \u00a0]+$"
)
_YEAR_CUE = re.compile(
    r"(?:^|[\s(„\"])(?:seit|Seit|im|Im|Jahr|Jahre|Jahres|bis|Bis|ab|Ab|von|Von|in|In|vor|Vor|Ende|Anfang|Mitte|für|Für|zum|Zum|nach|Nach|um|Um|des|und|bzw\.|oder|Herbst|Sommer|Frühjahr|Winter|Haushaltsjahr|Schuljahr)[ \u00a0]+$"
)
_START_YEAR = re.compile(
    r"(?<!\w)(?:[Aa]b|[Vv]on)[ \u00a0](?:dem[ \u00a0]Jahr[ \u00a0])?(?P<y>(?:19|20)\d\d)(?:[ \u00a0][a-zäöüß]+){0,2}[ \u00a0]+$"
)
_WORD_BEFORE = re.compile(r"(\w+)\.?[ \u00a0]+$")
_REPORT_TITLE = re.compile(
    r"(?:Jahres|Tätigkeits|Sach|Geschäfts|Sozial)bericht[ \u00a0](?:\w+[ \u00a0])?((?:19|20)\d\d)(?!\d)"
)
_NAME_BEFORE_YEAR = re.compile(r"(?:Agenda|Strategie|Vision|Perspektive)[ \u00a0]$")
_CAP_WORD_BEFORE = re.compile(r"[A-ZÄÖÜ][a-zäöüß]+[ \u00a0]$")
_CAP_NOUN_AFTER = re.compile(r"[ \u00a0]+[A-ZÄÖÜ][a-zäöüß]")


def _iso(d: dt.date) -> str:
    return d.isoformat()


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _year_end(y: int) -> str:
    return f"{y:04d}-12-31"


def _amount(s: str) -> float | None:
    s = s.strip()
    if s[:1].isdigit():
        try:
            return float(s.replace(",", "."))
        except ValueError:
            return None
    low = s.lower()
    if low in ("ein", "einem", "einen", "eines", "einer", "eine"):
        return 1.0
    parsed = parse_word(s)
    return parsed[0] if parsed and parsed[1] == "word" else None


def _shift_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.year * 12 + (d.month - 1) + months, 12)
    return dt.date(y, m + 1, 1)


_TIME_PATTERNS = frozenset(
    {
        "school_year_rel",
        "past_years",
        "year_before_prev",
        "ago",
        "within",
        "for_years",
        "coming_years",
        "prev_year",
        "next_year",
        "this_year",
    }
)
_MONTH_PATTERNS = frozenset({"day_range", "day_month", "month_year", "month"})
_TIME_TRIGGER = re.compile(r"ahr|onat|oche|Tag")
_MONTH_TRIGGER = re.compile(_MONTH)


def _windows(text: str, trigger: re.Pattern[str], before: int, after: int) -> list[tuple[int, int]]:
    """Merged ``[start - before, end + after)`` windows around every trigger match."""
    out: list[tuple[int, int]] = []
    for m in trigger.finditer(text):
        lo, hi = max(0, m.start() - before), min(len(text), m.end() + after)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


# A word every match of a pattern holds: where none of them stands, the pattern cannot match (speed).
_REQUIRED: dict[str, tuple[str, ...]] = {
    "decade": ("0er",),
    "past_years": ("vergangenen", "letzten", "zurückliegenden"),
    "school_year_rel": ("Schuljahr", "Kindergartenjahr", "Kitajahr"),
    "year_before_prev": ("davor", "zuvor", "früher", "darauf", "später", "jenem", "selben", "gleichen"),
    "school_year": ("/",),
    "ago": ("Jahr", "Monat", "Wochen", "Tagen"),
    "within": ("nnerhalb",),
    "for_years": ("Jahre", "Monate"),
    "coming_years": ("kommenden", "nächsten"),
    "prev_year": ("Vorjahr", "vergangenen", "letzten"),
    "next_year": ("kommende", "nächste", "neue", "ächstes"),
    "this_year": ("diesem", "laufenden", "aktuellen", "ieses"),
    "today": ("heute", "Heute"),
    "same_day": ("Stichtag", "Zeitpunkt"),
    "year_part": ("ahresbeginn", "ahresanfang", "ahresende", "ahresmitte"),
    "season": ("Frühjahr", "Frühling", "Sommer", "Herbst", "Winter"),
    "report_year": ("Berichts",),
}


def _holds(text: str, words: tuple[str, ...] | None, lo: int, hi: int) -> bool:
    return words is None or any(text.find(w, lo, hi) >= 0 for w in words)


def find_dates(text: str, doc_date: dt.date | None = None) -> list[DateMention]:
    """All date expressions in ``text``; overlapping matches keep the earliest, longest one."""
    cands: list[DateMention] = []
    time_windows = _windows(text, _TIME_TRIGGER, 50, 25)
    month_windows = _windows(text, _MONTH_TRIGGER, 24, 30)
    n = len(text)
    for name, pat in _PATTERNS:
        cue_pat = _CUE_BEFORE.get(name)
        required = _REQUIRED.get(name)
        # patterns that need a time word or a month name only run next to one (a few short windows)
        windows = (
            time_windows if name in _TIME_PATTERNS else month_windows if name in _MONTH_PATTERNS else None
        )
        if windows is None:
            if not _holds(text, required, 0, n):
                continue
            matches = pat.finditer(text)
        else:
            matches = (
                m for lo, hi in windows if _holds(text, required, lo, hi) for m in pat.finditer(text, lo, hi)
            )
        for m in matches:
            cue = cue_pat.search(text, max(0, m.start() - 25), m.start()) if cue_pat else None
            if name in _NEEDS_CUE and cue is None:
                continue  # a bare month name needs a cue word: "August" is also a first name
            got = _resolve(name, m, text, doc_date, cue)
            if got is not None:
                cands.append(got)
    cands.sort(key=lambda d: (d.start, -(d.end - d.start)))
    out: list[DateMention] = []
    for d in cands:
        if out and d.start < out[-1].end:
            continue
        if d.kind == "same_day":
            # "zum selben Stichtag", "zu diesem Zeitpunkt": the day named last
            prev = next(
                (p for p in reversed(out) if p.date and p.precision == "day" and p.kind == "date"), None
            )
            d = DateMention(d.start, d.end, d.text, prev.date if prev else None, "", "day", "date")
        elif d.kind in ("relative_prev", "relative_next", "relative_same"):
            # "im Jahr davor": one year before the last dated year; "in jenem Jahr": that year
            prev = next(
                (p for p in reversed(out) if p.date and p.precision in ("day", "month", "year")), None
            )
            if prev is None:
                d = DateMention(d.start, d.end, d.text, None, "", "year", "relative")
            else:
                y = int(str(prev.date)[:4]) + {"relative_prev": -1, "relative_next": 1}.get(d.kind, 0)
                d = DateMention(d.start, d.end, d.text, f"{y:04d}-01-01", "", "year", "relative")
        out.append(d)
    return out


def _resolve(
    name: str, m: re.Match[str], text: str, doc: dt.date | None, cue: re.Match[str] | None = None
) -> DateMention | None:
    s, e = m.start(), m.end()
    g = dict(m.groupdict())
    g["cue"] = cue.group("cue") if cue else None
    if cue is not None:
        s = cue.start()
    doc_year = doc.year if doc else None
    if name in ("day_range", "numeric", "day_month"):
        day = _DAY_AT.match(text, m.start())
        assert day is not None  # the pattern starts with the day
        g["d1"] = g["d"] = day.group(0)
        if name == "day_range":
            second = _SECOND_DAY.search(m.group(0))
            assert second is not None  # the pattern ends with the second day
            g["d2"] = second.group(1)
    if name in ("month", "month_year") and m.start() > 0 and text[m.start() - 1].isalpha():
        return None  # inside a word
    if name in ("year_range", "school_year", "year", "decade"):
        g["y"] = m.group(0)[:4]
        g["dec"] = m.group(0)[:4]

    def mk(date: str | None, end: str, precision: str, kind: str, start: int = s) -> DateMention:
        return DateMention(start, e, text[start:e], date, end, precision, kind)

    lo = max(0, s - 40)
    since = (text.find("eit", lo, s) >= 0 and bool(_SINCE.search(text, lo, s))) or (
        g["cue"] or ""
    ).lower() == "seit"
    if name == "day_range":
        y = int(g["y"]) if g["y"] else doc_year
        mon = MONTHS[g["mon"].lower()]
        if y is None:
            return mk(None, "", "day", "range")
        d1, d2 = _safe_date(y, mon, int(g["d1"])), _safe_date(y, mon, int(g["d2"]))
        if not d1 or not d2:
            return None
        return mk(_iso(d1), _iso(d2), "day", "range")
    if name == "numeric":
        wm = _WORD_BEFORE.search(text, max(0, s - 30), s)
        if wm and wm.group(1).lower() in LABEL_NOUNS:
            return None  # "im Produkt 03.01.02": a code after a label word, not a date
        y = int(g["y"])
        y = y + 2000 if y < 100 else y
        d = _safe_date(y, int(g["m"]), int(g["d"]))
        return mk(_iso(d), "", "day", "since" if since else "date") if d else None
    if name == "day_month":
        y = int(g["y"]) if g["y"] else doc_year
        if y is None:
            return mk(None, "", "day", "since" if since else "date")
        d = _safe_date(y, MONTHS[g["mon"].lower()], int(g["d"]))
        return mk(_iso(d), "", "day", "since" if since else "date") if d else None
    if name == "decade":
        dec = int(g["dec"])
        kind = "since" if (g["cue"] or "").lower() == "seit" else "period"
        return mk(f"{dec:04d}-01-01", _year_end(dec + 9), "decade", kind)
    if name in ("month_year", "month"):
        y = int(g["y"]) if g.get("y") else doc_year
        mon = MONTHS[g["mon"].lower()]
        # a bare month needs a cue word: "August" is also a first name
        kind = "since" if (g.get("cue") or "").lower() == "seit" or since else "date"
        if y is None:
            return mk(None, "", "month", kind)
        return mk(f"{y:04d}-{mon:02d}-01", "", "month", kind)
    if name == "year_range":
        y1, y2 = int(g["y"]), int(g["y2"])
        if not y1 < y2 <= y1 + 30:
            return None
        return mk(f"{y1:04d}-01-01", _year_end(y2), "year", "range")
    if name == "past_years":
        w = (g["w"] or "").lower()
        count = (
            int(w)
            if w.isdigit()
            else {"beiden": 2, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "zehn": 10}.get(w)
        )
        if not doc:
            return mk(None, "", "year", "period")
        if count is None:  # "in den vergangenen Jahren": unspecified, a few years
            return mk(None, "", "year", "period")
        return mk(f"{doc.year - count:04d}-01-01", _year_end(doc.year - 1), "year", "period")
    if name == "school_year_rel":
        if not doc:
            return mk(None, "", "year", "period")
        y = doc.year if doc.month >= 8 else doc.year - 1  # the school year runs from August to July
        which = (g.get("which") or "").lower()
        y += 1 if which.startswith(("kommend", "nächst")) else -1 if which.startswith("vergangen") else 0
        if which.startswith("neu") and doc.month < 8:
            y += 1  # "zum neuen Schuljahr" before the summer: the one that starts in August
        return mk(f"{y:04d}-08-01", f"{y + 1:04d}-07-31", "year", "period")
    if name == "year_before_prev":
        # resolved against the previous dated year in find_dates
        text_m = m.group(0)
        if not text_m.lower().startswith(("im jahr", "ein jahr")):
            return mk(None, "", "year", "relative_same")
        return mk(
            None,
            "",
            "year",
            "relative_prev" if "darauf" not in text_m and "später" not in text_m else "relative_next",
        )
    if name == "school_year":
        y1 = int(g["y"])
        y2 = int(g["y2"]) if len(g["y2"]) == 4 else (y1 // 100) * 100 + int(g["y2"])
        if y2 != y1 + 1:
            return None
        return mk(f"{y1:04d}-01-01", _year_end(y2), "year", "range")
    if name in ("ago", "within"):
        n = _amount(g["n"])
        if n is None:
            return None
        months = {"jahren": 12, "jahres": 12, "jahr": 12, "monaten": 1, "monat": 1, "wochen": 0, "tagen": 0}[
            g["u"].lower()
        ]
        precision = "year" if months == 12 and n == int(n) else "month"
        if months == 0:
            if not doc:
                return mk(None, "", "day", "relative" if name == "ago" else "duration")
            days = n * (7 if g["u"].lower() == "wochen" else 1)
            start = doc - dt.timedelta(days=round(days))
            if name == "ago":
                return mk(_iso(start), "", "day", "relative")
            return mk(_iso(start), _iso(doc), "day", "duration")
        if not doc:
            return mk(None, "", precision, "relative" if name == "ago" else "duration")
        start = _shift_months(doc, -round(n * months))
        if precision == "year":
            start = dt.date(start.year, 1, 1)
        if name == "ago":
            return mk(_iso(start), "", precision, "relative")
        return mk(_iso(start), _iso(doc), precision, "duration")
    if name == "for_years":
        n = _amount(g["n"])
        if n is None or n != int(n) or n <= 0 or n > 50:
            return None
        if not doc:
            return mk(None, "", "year", "duration")
        if g["u"] == "Monate":
            return mk(
                _iso(doc.replace(day=1)),
                _iso(_shift_months(doc, int(n)) - dt.timedelta(days=1)),
                "month",
                "duration",
            )
        sm = _START_YEAR.search(text, max(0, s - 40), s)
        y = int(sm.group("y")) if sm else doc.year  # "ab 2016 für drei Jahre": from the stated start
        return mk(f"{y:04d}-01-01", _year_end(y + int(n) - 1), "year", "duration")
    if name == "coming_years":
        w = (g["w1"] or g["w2"] or "").lower()
        n = 2 if w in ("beiden", "zwei") else {"drei": 3, "vier": 4, "fünf": 5}.get(w, 1)
        if not doc:
            return mk(None, "", "year", "period")
        return mk(f"{doc.year + 1:04d}-01-01", _year_end(doc.year + n), "year", "period")
    if name in ("prev_year", "next_year", "this_year"):
        if not doc:
            return mk(None, "", "year", "relative")
        y = doc.year + {"prev_year": -1, "next_year": 1, "this_year": 0}[name]
        return mk(f"{y:04d}-01-01", "", "year", "relative")
    if name == "today":
        return mk(_iso(doc) if doc else None, "", "day", "relative")
    if name == "year_part":
        # "seit Jahresbeginn", "bis Jahresende", "Zum Jahresende 2017": a point in a year, read as the year
        y = int(g["y"]) if g.get("y") else doc_year
        if y is None:
            return mk(None, "", "year", "since" if since else "date")
        return mk(f"{y:04d}-01-01", "", "year", "since" if since else "date")
    if name == "season":
        # "im Sommer", "bis zum Sommer" without a year: of the document's year ("seit dem Sommer", "ab dem
        # Sommer" give no period: a change since then, a start to come, are as of the document date)
        if (g.get("cue") or "")[:4].lower() in ("seit", "ab d"):
            return None
        if doc_year is None:
            return mk(None, "", "year", "date")
        return mk(f"{doc_year:04d}-01-01", "", "year", "date")
    if name == "report_year":
        # "im Berichtsjahr": the year in the title of the report ("Jahresbericht 2023")
        rm = _REPORT_TITLE.search(text)
        return mk(f"{rm.group(1)}-01-01", "", "year", "date") if rm else None
    if name == "same_day":
        return mk(None, "", "day", "same_day")  # resolved against the day named last in find_dates
    if name == "year":
        return _year(m, text, since, doc_year)
    return None


def _year(m: re.Match[str], text: str, since: bool, doc_year: int | None = None) -> DateMention | None:
    """A four-digit number is a year after a cue word, at a sentence start, or when no noun follows; a
    year far ahead right after a noun is part of a name ("die Strategie Integration 2030")."""
    s, e = m.start(), m.end()
    y = int(m.group(0)[:4])
    if not 1900 <= y <= 2099:
        return None
    if _NAME_BEFORE_YEAR.search(text, max(0, s - 12), s):
        return None  # "Agenda 2030": part of a name
    cue = _YEAR_CUE.search(text, max(0, s - 25), s)
    before = text[max(0, s - 3) : s]
    at_start = (
        s == 0
        or before.strip() == ""
        and ("\n" in before or s < 3)
        or before.rstrip().endswith((".", "„", "(", ":"))
    )
    if not cue and not at_start and _CAP_NOUN_AFTER.match(text, e):
        return None  # "2013 Menschen": a count
    if (
        not cue
        and not at_start
        and doc_year is not None
        and y > doc_year + 5
        and _CAP_WORD_BEFORE.search(text, max(0, s - 30), s)
    ):
        return None  # "Integration 2030", "Vision 2040": a name
    kind = "since" if since else "year"
    return DateMention(s, e, text[s:e], f"{y:04d}-01-01", "", "year", kind)
