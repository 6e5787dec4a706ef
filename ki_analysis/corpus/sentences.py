"""German sentence boundaries for press releases.

A sentence ends at ``.``, ``!`` or ``?`` (plus closing quotes or brackets) that is
followed by whitespace and a character that can start a sentence, unless the
dot belongs to an abbreviation ("Dr.", "Mio.", "z.B.", "v.l."), an ordinal or a
day of a date ("2. Dezember", "50. Kommunale"). A blank line always ends a
sentence, so headlines and datelines standing in their own paragraph are
sentences of their own; a single line break is plain whitespace (except before
a bullet). Dots inside a token ("09.12.2015", URLs, "9,83") never end one.

The scan looks at each candidate boundary once with a bounded look-back, so the
run time is linear in the length of the text.
"""

from __future__ import annotations

import re

#: Abbreviations (without the final dot) after which a dot does not end a sentence.
#: Compared case-sensitively first, then lower-cased, because "Abs." and "abs." both occur.
ABBREVIATIONS: frozenset[str] = frozenset(
    [
        "Dr",
        "Prof",
        "Dipl",
        "Ing",
        "Hr",
        "Hrn",
        "Fr",
        "Frl",
        "Mag",
        "St",
        "Sr",
        "Jr",
        "Nr",
        "Nrn",
        "No",
        "Abs",
        "Art",
        "Bd",
        "Bde",
        "Kap",
        "Ziff",
        "lit",
        "Anm",
        "Aufl",
        "Hrsg",
        "Mio",
        "Mrd",
        "Tsd",
        "Tsd",
        "Bio",
        "Std",
        "Min",
        "Sek",
        "ca",
        "rd",
        "bzw",
        "bspw",
        "ca",
        "evtl",
        "ggf",
        "inkl",
        "insb",
        "inkl",
        "vgl",
        "zzgl",
        "abzgl",
        "sog",
        "ehem",
        "gem",
        "geb",
        "gest",
        "verh",
        "Tel",
        "Fax",
        "Str",
        "Pl",
        "Mo",
        "Di",
        "Mi",
        "Do",
        "Fr",
        "Sa",
        "So",
        "Jan",
        "Feb",
        "Mär",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Okt",
        "Nov",
        "Dez",
        "Jh",
        "Jhd",
        "Jhs",
        "allg",
        "bes",
        "einschl",
        "entspr",
        "erg",
        "gegr",
        "Gr",
        "Kl",
        "hl",
        "bzw",
        "u.a",
        "z.B",
        "z.T",
        "d.h",
        "u.ä",
        "o.ä",
        "o.g",
        "u.U",
        "i.d.R",
        "v.a",
        "v.l",
        "v.r",
        "u.v.m",
        "s.o",
        "s.u",
        "z.Zt",
        "Hl",
        "Reg",
        "Bez",
        "Reg.-Bez",
        "Kfz",
        "Co",
        "MdL",
        "MdB",
        "Abg",
        "Verf",
        "Anl",
        "Bsp",
        "Fa",
    ]
)
_ABBREV_LOWER = frozenset(a.lower() for a in ABBREVIATIONS)

_MONTHS = frozenset(
    [
        "Januar",
        "Jänner",
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
    ]
)
#: Words that typically open a German sentence; after a short number they signal
#: "…in 47. Die …" (a real end) rather than an ordinal ("50. Kommunale").
_SENTENCE_OPENERS = frozenset(
    [
        "Der",
        "Die",
        "Das",
        "Dies",
        "Diese",
        "Dieser",
        "Dieses",
        "Es",
        "Er",
        "Sie",
        "Wir",
        "Ich",
        "Ihr",
        "Man",
        "Im",
        "In",
        "Mit",
        "Auch",
        "Seit",
        "Zudem",
        "Damit",
        "Dabei",
        "Davon",
        "Dazu",
        "Daher",
        "Deshalb",
        "Heute",
        "Nun",
        "So",
        "Zurzeit",
        "Bereits",
        "Weitere",
        "Ein",
        "Eine",
        "Einer",
        "Hierzu",
        "Außerdem",
        "Zuvor",
        "Danach",
        "Aber",
        "Doch",
        "Und",
        "Nach",
        "Bei",
        "Für",
        "Von",
        "Am",
        "An",
        "Auf",
        "Aus",
        "Zum",
        "Zur",
    ]
)

#: Words before a number that make "N." an ordinal ("das 50. Kommunale", "zum 2. Mal"); after
#: any other word a short number with a dot ends the sentence ("waren es 611. Viele …").
_ORDINAL_CUES = frozenset(
    [
        "der",
        "die",
        "das",
        "dem",
        "den",
        "des",
        "am",
        "im",
        "zum",
        "zur",
        "vom",
        "beim",
        "ab",
        "bis",
        "seit",
        "ins",
        "ihr",
        "ihre",
        "ihrem",
        "ihren",
        "ihres",
        "sein",
        "seine",
        "seinem",
        "seinen",
        "seines",
        "unser",
        "unsere",
        "unserem",
        "unseren",
        "jedes",
        "jeder",
        "jede",
        "jedem",
        "ein",
        "eine",
        "einem",
        "einen",
        "eines",
        "fürs",
        "aufs",
        "übers",
        "zu",
        "zum",
    ]
)

_CLOSERS = "“”\"»«’'‘)]"
# A candidate: terminal punctuation plus closers before whitespace, or a blank line,
# or a single line break before a bullet.
_CANDIDATE = re.compile(
    r"(?P<punct>[.!?…]+[" + re.escape(_CLOSERS) + r"]*)(?=\s)"
    r"|(?P<blank>\n[ \t\r\f\v\u00a0]*\n)"
    r"|(?P<bullet>\n(?=[ \t]*(?:[-•*–▪]\s|\d+\)\s)))"
    # a scraping artefact: "abgeordnet.Damit", "Land.Ab": the space after the dot was lost
    r"|(?P<glued>\.(?<=[a-zäöüß]{3}\.)(?=[A-ZÄÖÜ][a-zäöüß]))"  # the dot first: a fast scan
)
_WS = re.compile(r"\s+")
#: No sentence is longer: the longest in real releases are some 600 characters.
MAX_SENTENCE_CHARS = 2000


def _token_before(text: str, dot: int) -> str:
    """The whitespace-delimited token that ends right before ``text[dot]`` (bounded)."""
    stretch = text[max(0, dot - 40) : dot]
    if not stretch or stretch[-1].isspace():
        return ""
    return stretch.split()[-1].lstrip("(„“\"»«‚'[")  # str.split and str.isspace agree on white space


def _next_word(text: str, pos: int) -> str:
    """The word that starts at ``pos`` (letters only, bounded)."""
    j = pos
    end = min(len(text), pos + 40)
    while j < end and (text[j].isalpha() or text[j] == "-"):
        j += 1
    return text[pos:j]


def _is_boundary(text: str, m: re.Match[str]) -> bool:
    punct = m.group("punct")
    after = m.end()
    # first non-space character after the candidate
    n = len(text)
    k = after
    while k < n and text[k].isspace():
        k += 1
    if k >= n:
        return True
    nxt = text[k]
    if nxt.islower():
        return False  # German sentences start upper-case (or with a digit / quote)
    if nxt in ",;:)":
        return False
    if punct[0] != "." or len(punct.rstrip(_CLOSERS)) > 1:
        return True  # ! ? … and "..." end a sentence before an upper-case word
    if len(punct) > 1:
        return True  # "… vor Ort.“ Die …": a quote closed after the dot
    token = _token_before(text, m.start())
    if not token:
        return True
    if token in ABBREVIATIONS or token.lower() in _ABBREV_LOWER:
        return False
    if "." in token and not token[-1].isdigit() and all(len(p) <= 3 for p in token.split(".")):
        return False  # dotted abbreviations not in the list: "u.v.m.", "i.V.", "v.l."
    if len(token) == 1 and token.isalpha():
        return False  # an initial: "A. Müller"
    if token.isdigit():
        word = _next_word(text, k)
        if word in _MONTHS:
            return False  # "2. Dezember"
        if len(token) <= 3 and word and word not in _SENTENCE_OPENERS:
            j = m.start() - len(token)
            while j > 0 and text[j - 1] in " \t":
                j -= 1
            prev = _token_before(text, j).lower()
            if prev in _ORDINAL_CUES:
                return False  # ordinal: "das 50. Kommunale", "zum 3. Mal"
    return True


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of every sentence in ``text``, without surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _CANDIDATE.finditer(text):
        if m.group("glued") is not None:
            cut = m.end()
        elif m.group("punct") is not None:
            if not _is_boundary(text, m):
                continue
            cut = m.end()
        else:
            cut = m.start()
        _add(text, start, cut, spans)
        start = m.end() if m.group("punct") is None and m.group("glued") is None else cut
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    # Longer "sentences" are not prose (lists of numbers, pasted tables, hostile input): cut them
    # at a space so that every later step that works per sentence stays linear in the text.
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        if piece_end > start:
            spans.append((start, piece_end))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        spans.append((start, end))
