"""Numbers, dates and vocabulary labels for ``lang="de"|"en"``, without the OS locale.

Everything here is a pure function of its arguments: the same value gives the
same string on every machine, whatever ``LANG``/``LC_ALL`` say (``locale`` and
``strftime`` are never used). Rounding is half-up on the decimal value, as a
reader expects ("5,25" -> "5,3"), not banker's rounding on the binary float.

Labels of codes and qualifier symbols come from ``ki_analysis.vocab``.
"""

from __future__ import annotations

import datetime as _dt
import math
from decimal import ROUND_HALF_UP, Decimal

from .vocab import FORMULA_WORDS, QUALIFIER_SYMBOL, check_lang, label

#: Shown for a missing value (None / NaN / NA).
MISSING = "–"

_SEP = {"de": (",", "."), "en": (".", ",")}  # (decimal mark, thousands separator)

_MONTHS = {
    "de": (
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def is_missing(value: object) -> bool:
    """True for None, NaN and pandas' NA/NaT (without importing pandas)."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, NaT
    except (TypeError, ValueError):  # pd.NA raises on bool()
        return True


def _decimal(value: float | int, decimals: int) -> str:
    """Round half-up to ``decimals`` places; digits with '.' as the decimal mark."""
    q = Decimal(1).scaleb(-decimals)
    d = Decimal(str(value)).quantize(q, rounding=ROUND_HALF_UP)
    if d == 0:
        d = abs(d)  # no "-0"
    return f"{d:f}"


def fmt_number(
    value: float | int | None, lang: str = "de", decimals: int | None = None, *, max_decimals: int = 2
) -> str:
    """A number with the language's decimal mark and thousands separator.

    ``decimals=None`` shows up to ``max_decimals`` places and drops trailing zeros
    (9.83 -> "9,83", 13.0 -> "13"); an int-like value never gets a decimal part.
    """
    dec, thou = _SEP[check_lang(lang)]
    if value is None or is_missing(value):
        return MISSING
    if isinstance(value, float) and math.isinf(value):
        return ("-" if value < 0 else "") + "∞"
    text = _decimal(value, max_decimals if decimals is None else decimals)
    if decimals is None and "." in text:
        text = text.rstrip("0").rstrip(".")
    sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _, frac = text.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = thou.join(groups)
    return sign + out + (dec + frac if frac else "")


def fmt_count(value: float | int | None, lang: str = "de") -> str:
    """A count with thousands separators: 181727 -> "181.727" (de) / "181,727" (en)."""
    return fmt_number(value, lang, decimals=None, max_decimals=1)


def fmt_pct(value: float | None, lang: str = "de", decimals: int | None = 1) -> str:
    """A percentage (given in per cent, 94.3 not 0.943): "94,3 %" (de) / "94.3%" (en).

    German typesetting puts a (narrow no-break) space before %, English none.
    """
    if value is None or is_missing(value):
        return MISSING
    num = fmt_number(value, lang, decimals)
    return f"{num}\u202f%" if check_lang(lang) == "de" else f"{num}%"


_SCALES = ((1e9, {"de": "Mrd.", "en": "bn"}), (1e6, {"de": "Mio.", "en": "m"}))


def fmt_eur(
    value: float | int | None, lang: str = "de", decimals: int | None = None, *, millions: bool = False
) -> str:
    """An amount in euros, scaled for reading.

    19_600_000 -> "19,6 Mio. €" (de) / "€19.6m" (en); 9_830_000 -> "9,83 Mio. €";
    below a million the full amount in whole euros: 173_000 -> "173.000 €" / "€173,000";
    cents only below 1.000 € ("12,5 €"). ``millions=True`` writes an amount below a million
    in millions too, for a rounded figure that whole euros would make look exact:
    800_000 -> "0,8 Mio. €", not "800.000 €".
    """
    lang = check_lang(lang)
    if value is None or is_missing(value):
        return MISSING
    sign = "-" if value < 0 else ""
    amount = abs(float(value))
    for factor, words in _SCALES:
        if amount >= factor * 0.9995 or (millions and factor == 1e6):  # 999.999.999: "1 Mrd."
            num = fmt_number(amount / factor, lang, decimals)
            word = words[lang]
            return f"{sign}{num}\u00a0{word}\u00a0€" if lang == "de" else f"{sign}€{num}{word}"
    if decimals is None and amount >= 1000:
        decimals = 0  # whole euros: "804.082 €", not "804.081,63 €"
    num = fmt_number(amount, lang, decimals)
    return f"{sign}{num}\u00a0€" if lang == "de" else f"{sign}€{num}"


def qualifier_symbol(qualifier: str | None) -> str:
    """The symbol shown before a figure: "≈", ">", "≤", "<" or "" (exact / unknown)."""
    if is_missing(qualifier):
        return ""
    try:
        return QUALIFIER_SYMBOL[str(qualifier)]
    except KeyError:
        raise ValueError(
            f"unknown qualifier {qualifier!r}; use one of {', '.join(QUALIFIER_SYMBOL)}"
        ) from None


def qualifier_word(qualifier: str | None, lang: str = "de") -> str:
    """The word for running text: "rund" / "about", "" for exact."""
    if is_missing(qualifier) or qualifier == "exact":
        return ""
    return label("qualifier", str(qualifier), lang)


def fmt_value(
    value: float | int | None,
    unit: str,
    lang: str = "de",
    qualifier: str | None = None,
    *,
    symbol: bool = True,
    millions: bool = False,
) -> str:
    """A figure in its unit with its qualifier: ("≈ 39,4 Mio. €", "> 100", "< €5.3m").

    ``symbol=False`` uses the qualifier word instead ("rund 39,4 Mio. €"); ``millions`` is
    passed on to ``fmt_eur``.
    """
    if unit == "EUR":
        text = fmt_eur(value, lang, millions=millions)
    elif unit == "percent":
        text = fmt_pct(value, lang)
    elif unit in ("count", "FTE", None) or is_missing(unit):
        text = fmt_number(value, lang)
    else:
        raise ValueError(f"unknown unit {unit!r}; use EUR, count, FTE or percent")
    if text == MISSING:
        return text
    prefix = qualifier_symbol(qualifier) if symbol else qualifier_word(qualifier, lang)
    return f"{prefix}\u00a0{text}" if prefix else text


def _as_date(value: _dt.date | str) -> _dt.date:
    if isinstance(value, _dt.datetime):  # a pandas Timestamp too
        return value.date()
    if isinstance(value, _dt.date):
        return value
    text = str(value)
    try:
        if len(text) == 4:
            return _dt.date(int(text), 1, 1)
        if len(text) == 7:
            return _dt.date(int(text[:4]), int(text[5:7]), 1)
        return _dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(f"not an ISO date: {text!r}") from None


def fmt_date(value: _dt.date | str | None, lang: str = "de", precision: str = "day") -> str:
    """A date at its precision: "9. Dezember 2015" / "9 December 2015", "Dezember 2015", "2015".

    ``value`` may be a date, a Timestamp or an ISO string ("2015-12-09", "2013-12", "2017").
    Precision ``decade`` gives "2010er-Jahre" / "2010s".
    """
    lang = check_lang(lang)
    if value is None or is_missing(value) or value == "":
        return MISSING
    d = _as_date(value)
    month = _MONTHS[lang][d.month - 1]
    if precision == "day":
        return f"{d.day}. {month} {d.year}" if lang == "de" else f"{d.day} {month} {d.year}"
    if precision == "month":
        return f"{month} {d.year}"
    if precision == "year":
        return str(d.year)
    if precision == "decade":
        start = d.year - d.year % 10
        return f"{start}er-Jahre" if lang == "de" else f"{start}s"
    raise ValueError(f"unknown date precision {precision!r}; use day, month, year or decade")


def fmt_date_short(value: _dt.date | str | None, lang: str = "de", precision: str = "day") -> str:
    """A compact date for axis and point labels: "09.12.2015" / "9 Dec 2015", "12/2013" / "Dec 2013"."""
    lang = check_lang(lang)
    if value is None or is_missing(value) or value == "":
        return MISSING
    d = _as_date(value)
    mon = _MONTHS["en"][d.month - 1][:3]
    if precision == "day":
        return f"{d.day:02d}.{d.month:02d}.{d.year}" if lang == "de" else f"{d.day} {mon} {d.year}"
    if precision == "month":
        return f"{d.month:02d}/{d.year}" if lang == "de" else f"{mon} {d.year}"
    return fmt_date(d, lang, precision)


def formula(text: object, lang: str = "de") -> str:
    """A derived row's formula in ``lang``: its words (``vocab.FORMULA_WORDS``) in that language,
    numbers and dates as the table writes them. "49 centres (as of 2015-12-09)" -> "49 Zentren
    (Stand 2015-12-09)"."""
    out = "" if is_missing(text) else str(text)
    for term in FORMULA_WORDS.values():
        out = out.replace(term.en, term(check_lang(lang)))
    return out
