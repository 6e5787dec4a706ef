"""Report parameters, checked without pandas or Jupyter (so that a run with nothing to do
stays fast): languages, dates, district spellings and AGS, data version, report file names.

District names are resolved by the gazetteer (``ki_analysis.corpus.gazetteer``), once, when
``ki report`` plans; a template receives the AGS.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from pathlib import Path

from ..errors import InputError
from ..registry import AGS_PATTERN
from ..vocab import LANGS

#: Stadt Aachen is a Gemeinde inside Städteregion Aachen with its own KI (the 54th).
AACHEN_AGS = "05334"
#: Longer than any district name or alias; a longer ``--district`` is refused unread.
MAX_DISTRICT_CHARS = 120


def check_lang(lang: object) -> str:
    """``lang`` if reports exist in it (``vocab.LANGS``), else a clear error."""
    if lang not in LANGS:
        raise InputError("--lang", f"{str(lang)[:20]!r} is not one of {', '.join(LANGS)}")
    return str(lang)


def parse_as_of(value: str | None, today: dt.date | None = None) -> dt.date:
    """``YYYY-MM-DD`` (empty: today) -> date; anything else is a clear error."""
    if value is None or str(value).strip() == "":
        return today or dt.date.today()
    text = str(value).strip()
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError("--as-of", f"{text[:40]!r} is not a date of the form YYYY-MM-DD") from None


def district_spelling(value: str) -> str:
    """What a user typed for ``--district``, with runs of white space as one space; the
    gazetteer resolves it. Empty or overlong input is refused before any look-up."""
    text = " ".join(str(value).split())
    if not text or len(text) > MAX_DISTRICT_CHARS:
        raise InputError("--district", f"{text[:40]!r} is not a district name, alias or AGS")
    return text


def ags(value: object) -> str:
    """The AGS a district template receives, as text with its leading zero.

    ``ki report`` passes "05170"; papermill's command line (``-p ags 05170``) turns it into the
    int 5170. This is the one place that gives it back its zero."""
    text = f"{value:05d}" if isinstance(value, int) and not isinstance(value, bool) else str(value).strip()
    if not re.fullmatch(AGS_PATTERN, text):
        raise InputError(
            "ags",
            f"{text[:40]!r} is not the AGS of an NRW district (05xxx); "
            "`ki report --district NAME` resolves names",
        )
    return text


def data_version(processed: Path) -> str:
    """Content hash of every file in ``data/processed`` (names and bytes), 12 hex digits."""
    h = hashlib.sha256()
    root = Path(processed)
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            h.update(path.relative_to(root).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:12]


def slug(kind: str, params: Mapping[str, str]) -> str:
    """File name stem of a report, from its (already resolved) parameters."""
    lang = params.get("lang", "de")
    suffix = "" if lang == "de" else f"-{lang}"
    if kind == "state":
        as_of = params.get("as_of") or ""
        return f"state-{as_of}{suffix}" if as_of else f"state{suffix}"
    return f"district-{params['ags']}{suffix}"
