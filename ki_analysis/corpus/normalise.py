"""Normalisation: extraction artefacts become plain paragraphs, with an offset map.

For every character of the normalised text the offset map keeps the index of the raw
character it came from, so any span can be traced back to the raw bytes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container

from ..vocab import DEFINITE_ARTICLES

# Characters replaced one for one (the offset map is unchanged by these).
_CHAR_MAP = {
    "\u00a0": " ",
    "\u2007": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\t": " ",
    "\f": "\n",
    "\v": "\n",
    "\u2028": "\n",
    "\u2029": "\n",
    "\u2019": "'",
    "\u00b4": "'",
    "\u0060": "'",
}


# Characters dropped: soft hyphen, zero-width characters, BOM.
_DROP = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")


_DQUOTES = frozenset('"“”„«»')


_DQUOTE_RE = re.compile('["“”„«»]')


_TERMINAL = tuple('.!?:;“"”)»«')


_EMPHASIS = re.compile(
    r"(?<![\w*])(\*\*|__)(?=\S)(?:(?!\1).)+?(?<=\S)\1(?![\w*])"
    r"|(?<![\w*])(\*)(?=[^\s*])[^*\n]+?(?<=[^\s*])\*(?![\w*])"
)


_WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)
# two neighbouring words with one space between, the second lower-case (overlapping, by lookahead)
_WORD_PAIR = re.compile(r"(?<![^\W\d_])([^\W\d_]+)(?= ([^\W\d_]+))")


_CONJ_AFTER_HYPHEN = frozenset(["und", "oder", "bzw", "sowie", "als", "bis", "wie", "noch"])


_SPECIAL = re.compile(
    "[" + re.escape("".join(sorted(set(_CHAR_MAP) | _DROP))) + "\r\x00-\x08\x0e-\x1f\x7f-\x9f]"
)


def _drop(text: str, idx: list[int], drop: list[int]) -> tuple[str, list[int]]:
    """``text`` and ``idx`` without the characters at the (sorted, distinct) positions ``drop``."""
    if not drop:
        return text, idx
    parts: list[str] = []
    out: list[int] = []
    pos = 0
    for k in drop:
        parts.append(text[pos:k])
        out += idx[pos:k]
        pos = k + 1
    parts.append(text[pos:])
    out += idx[pos:]
    return "".join(parts), out


def _chars(raw: str) -> tuple[str, list[int]]:
    """Map single characters; drop invisible ones; CR LF -> LF.

    Plain stretches between special characters are copied in bulk (speed).
    """
    n = len(raw)
    if not _SPECIAL.search(raw):
        return raw, list(range(n))
    parts: list[str] = []
    idx: list[int] = []
    pos = 0
    for m in _SPECIAL.finditer(raw):
        i = m.start()
        parts.append(raw[pos:i])
        idx += range(pos, i)
        pos = i + 1
        c = raw[i]
        if c in _DROP:
            continue
        if c == "\r":
            if i + 1 < n and raw[i + 1] == "\n":
                continue
            c = "\n"
        elif c in _CHAR_MAP:
            c = _CHAR_MAP[c]
        else:
            continue  # other control characters
        parts.append(c)
        idx.append(i)
    parts.append(raw[pos:])
    idx += range(pos, n)
    return "".join(parts), idx


def _strip_emphasis(text: str, idx: list[int]) -> tuple[str, list[int]]:
    """Remove markdown ``**x**``, ``__x__`` and ``*x*`` markers, keeping ``x``."""
    if "*" not in text and "__" not in text:
        return text, idx
    drop: set[int] = set()
    for m in _EMPHASIS.finditer(text):
        k = len(m.group(1) or m.group(2))
        drop.update(range(m.start(), m.start() + k))
        drop.update(range(m.end() - k, m.end()))
    return _drop(text, idx, sorted(drop))


_RUN = re.compile(r"[^ ]+")


def _lines(text: str, idx: list[int]) -> list[tuple[str, list[int], int]]:
    """Split into lines: (text trimmed, runs of spaces as one, its offsets, raw index of its newline)."""
    lines = []
    pos = 0
    while True:
        nl = text.find("\n", pos)
        stop = len(text) if nl < 0 else nl
        line = text[pos:stop]
        if line and line[0] != " " and line[-1] != " " and "  " not in line:
            # the common case: nothing to trim or collapse (the offsets are a plain slice)
            lines.append((line, idx[pos:stop], idx[nl] if nl >= 0 else (idx[-1] + 1 if idx else 0)))
            if nl < 0:
                return lines
            pos = nl + 1
            continue
        out: list[str] = []
        offs: list[int] = []
        for m in _RUN.finditer(text, pos, stop):
            if out:
                out.append(" ")
                offs.append(idx[m.start() - 1])  # the space right before this run
            out.append(m.group())
            offs += idx[m.start() : m.end()]
        if nl < 0:
            lines.append(("".join(out), offs, idx[-1] + 1 if idx else 0))
            return lines
        lines.append(("".join(out), offs, idx[nl]))
        pos = nl + 1


def _wrap_gap(blocks: list[tuple[str, list[int], int, int]]) -> int:
    """Blank lines that a plain line wrap leaves in this text.

    1: PDF text with a blank line after every wrapped line; 0: lines wrapped with
    single line breaks; -1: no wrapping (every line break means something). Decided
    by how often a gap falls inside a sentence (line ends without punctuation and
    the next starts lower-case).
    """
    for gap in (1, 0):
        pairs = [(a, b) for a, b in zip(blocks, blocks[1:]) if b[3] == gap]
        mid = sum(1 for a, b in pairs if not a[0].endswith(_TERMINAL) and b[0][:1].islower())
        if mid >= 3 and mid >= 0.3 * len(pairs):
            return gap
    return -1


# a line that opens with the unit of the number ending the line before: "flossen insgesamt 186.400" /
# "Euro an 27 Initiativen" is one sentence wrapped inside its figure
_UNIT_START = re.compile(r"(?:Euro|EUR|€|Prozent|%|Mio\.|Millionen|Mrd\.|Milliarden|Tsd\.)(?!\w)")


def _join_kind(a: str, b: str, gap: int, wrap_gap: int, short: int) -> str:
    """How line ``a`` continues into ``b``: 'para', 'line', 'space', 'hyphen' or 'glue'."""
    ends_word_hyphen = len(a) >= 2 and a[-1] == "-" and a[-2].isalpha()
    if ends_word_hyphen and b[:1].isalpha():
        first = b.split(" ", 1)[0].rstrip(".,;:")
        if b[0].islower() and first not in _CONJ_AFTER_HYPHEN:
            return "hyphen"  # "Bünde-" + "lungsbehörde"
        if b[0].isupper():
            return "glue"  # "NRW-" + "Landesregierung"
        return "space"  # "Teilhabe-" + "und"
    continues = not a.endswith(_TERMINAL) and (
        b[:1].islower() or (a[-1:].isdigit() and " " in a and _UNIT_START.match(b) is not None)
    )
    if continues:
        return "space"  # a wrap or page break inside a sentence
    if gap <= wrap_gap:
        # a line ending well short of the text width closes its paragraph (or headline)
        return "para" if len(a) < short else "space"
    if gap == 0:
        return "line"
    if gap > wrap_gap + 1 and wrap_gap >= 0 and not a.endswith(_TERMINAL) and len(a) >= max(40, short):
        return "space"  # page break after a full line that ends mid-sentence
    return "para"


_PAGE_NO_END = re.compile(r"(.{12,}?) \d{1,3}")
_PAGE_NO_START = re.compile(r"\d{1,3} (.{12,})")


def _running_heads(lines: list[str]) -> set[int]:
    """Indices of lines that repeat with only a page number at their end or start changed: the running
    head or foot of a PDF's pages ("Jahresbericht 2017 | Kreis Musterland   5")."""
    seen: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        if not line[-1:].isdigit() and not line[:1].isdigit():
            continue
        m = _PAGE_NO_END.fullmatch(line) or _PAGE_NO_START.fullmatch(line)
        if m:
            seen.setdefault(m.group(1), []).append(i)
    return {i for found in seen.values() if len(found) > 1 for i in found}


# words that end no headline or sentence: a line that ends in one goes on in the next
_OPEN_END = frozenset(
    [
        *DEFINITE_ARTICLES,
        "ein",
        "eine",
        "einen",
        "einem",
        "einer",
        "eines",
        "für",
        "und",
        "oder",
        "mit",
        "von",
        "zu",
        "zum",
        "zur",
        "im",
        "in",
        "an",
        "am",
        "auf",
        "bei",
        "beim",
        "aus",
        "nach",
        "über",
        "unter",
        "vor",
        "durch",
        "gegen",
        "ohne",
        "um",
        "sowie",
        "bzw",
    ]
)


def _wrapped_phrase(a: str, b: str, text: str) -> bool:
    """Does line ``a`` go on in line ``b`` although ``b`` starts with a capital? When ``a`` ends in a word
    that ends nothing ("... für die"), or the two words at the break stand together elsewhere in the
    text ("... für die Kommunalen" / "Integrationszentren zum neuen Schuljahr")."""
    if a.endswith(_TERMINAL) or not b[:1].isupper() or not a[-1:].isalpha():
        return False
    last = a.rsplit(" ", 1)[-1]
    if last in _OPEN_END:
        return " " in a  # not a one-word line (a label of a table)
    first = b.split(" ", 1)[0]
    return len(last) > 3 and len(first) > 3 and last[:1].isupper() and f"{last} {first}" in text


def _paragraphs(text: str, idx: list[int], raw: str) -> tuple[str, list[int]]:
    """Join wrapped lines into paragraphs; paragraphs are separated by a blank line."""
    blocks: list[tuple[str, list[int], int, int]] = []  # text, offsets, newline index, blank lines before
    blank = 0
    for line, offs, nl in _lines(text, idx):
        if not line:
            blank += 1 if blocks else 0
            continue
        blocks.append((line, offs, nl, blank))
        blank = 0
    if not blocks:
        return "", []
    wrap_gap = _wrap_gap(blocks)
    heads = _running_heads([b[0] for b in blocks])
    lengths = sorted(len(b[0]) for b in blocks)
    # "short" = below 80 % of the usual full line (90th percentile of line lengths)
    short = int(0.8 * lengths[int(0.9 * (len(lengths) - 1))]) if wrap_gap >= 0 else 0
    out_c: list[str] = [blocks[0][0]]
    out_i: list[int] = list(blocks[0][1])
    for k, (prev, cur) in enumerate(zip(blocks, blocks[1:])):
        kind = _join_kind(prev[0], cur[0], cur[3], wrap_gap, short)
        if kind == "space" and (k in heads or k + 1 in heads):
            kind = "para"  # a page's running head stands on its own, also after a page break
        elif kind in ("para", "line") and cur[3] == 0 and _wrapped_phrase(prev[0], cur[0], text):
            kind = "space"
        nl = prev[2]
        if kind == "hyphen":
            out_c[-1] = out_c[-1][:-1]
            out_i.pop()
        elif kind == "space":
            out_c.append(" ")
            out_i.append(nl)
        elif kind == "line":
            out_c.append("\n")
            out_i.append(nl)
        elif kind == "para":
            # map the two newlines to two raw line breaks where there are two
            second = raw.find("\n", nl + 1, cur[1][0])
            out_c.append("\n\n")
            out_i += (nl, second if second > nl else nl)
        out_c.append(cur[0])
        out_i += cur[1]
    return "".join(out_c), out_i


def _quotes(text: str) -> str:
    """Double quotes to German „…“: opening before a word, closing after one."""
    if not _DQUOTE_RE.search(text):
        return text
    n = len(text)
    parts: list[str] = []
    pos = 0
    for m in _DQUOTE_RE.finditer(text):
        k = m.start()
        before = text[k - 1] if k else " "
        after = text[k + 1] if k + 1 < n else " "
        opening = (before.isspace() or before in "([{/–—-") and not after.isspace()
        parts.append(text[pos:k])
        parts.append("„" if opening else "“")
        pos = k + 1
    parts.append(text[pos:])
    return "".join(parts)


def _mend(text: str, idx: list[int], vocabulary: Container[str]) -> tuple[str, list[int]]:
    """Join "Dü ren" -> "Düren" where the joined word is attested and a part is not a word."""
    # the words, and each two words with one space between joined: one scan for both (speed)
    found: list[str] = []
    joined: set[str] = set()
    prev, prev_end = "", -2
    for m in _WORDS.finditer(text):
        w = m.group()
        start = m.start()
        if start == prev_end + 1 and text[prev_end] == " ":
            joined.add(prev + w)
        found.append(w)
        prev, prev_end = w, m.end()
    # only a pair whose joined form is attested can be mended: most texts have none (cheap check first)
    if not joined & set(found) and not (vocabulary and any(w in vocabulary for w in joined)):
        return text, idx
    own = Counter(found)
    drop: list[int] = []

    def known(w: str) -> bool:
        return w in vocabulary or own[w] > 1

    # a word, one space, a lower-case word: the only places where a break may be mended
    n = len(text)
    for m in _WORD_PAIR.finditer(text):
        a, b = m.group(1, 2)
        if not b[0].islower():
            continue
        if a + b not in vocabulary and a + b not in own:
            continue
        end = m.end(2)
        if end < n and text[end] in "-'":
            continue
        if known(a) and known(b):
            continue  # two real words ("in den"): never glue
        drop.append(m.end(1))
    return _drop(text, idx, drop)


# Scraping artefacts read as a reader reads them: "1 ,5" is 1,5 (a stray space before the decimal
# comma), "Kl-Team" is the KI team (a lower-case L for the capital I of "KI").
_SPACED_COMMA = re.compile(r"(?<=\d)[ ]+(?=,\d)")
_KL_FOR_KI = re.compile(r"(?<![\w.-])Kl(?=-[\wÄÖÜäöü]|[ ](?=[A-Za-zÄÖÜäöü])(?![A-Za-z]*\.))(?!\w)")


def _artefacts(text: str, idx: list[int]) -> tuple[str, list[int]]:
    """Mend scraping artefacts (see above); characters are dropped or replaced one for one."""
    if "Kl" in text:
        text = _KL_FOR_KI.sub("KI", text)
    if " ," not in text:
        return text, idx
    drop: list[int] = []
    for m in _SPACED_COMMA.finditer(text):
        drop += range(m.start(), m.end())
    return _drop(text, idx, drop)


def normalise(raw: str, vocabulary: Container[str] | None = None) -> tuple[str, list[int]]:
    """Normalised text and its offset map.

    ``offsets[i]`` is the index in ``raw`` of ``text[i]``; the list has
    ``len(text) + 1`` entries, the last being ``len(raw)``. Offsets never
    decrease; two characters share one raw index only where a single raw line
    break became a paragraph break ("\n\n"). ``vocabulary`` (words
    of the other documents of the corpus) enables mending of words broken by
    extraction; without it only words attested in ``raw`` itself are used.
    """
    text, idx = _chars(raw)
    text, idx = _strip_emphasis(text, idx)
    text, idx = _paragraphs(text, idx, raw)
    text, idx = _artefacts(text, idx)
    text = _quotes(text)
    text, idx = _mend(text, idx, vocabulary or frozenset())
    idx.append(len(raw))
    return text, idx


def words(text: str) -> set[str]:
    """The distinct words (letters only) of a text: the vocabulary used for mending."""
    return set(_WORDS.findall(text))
