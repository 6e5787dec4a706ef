"""District mentions, named programmes and events, from the normalised texts.

All three are rule-based and sentence-scoped; every row keeps its span and
sentence so it can be checked against the text.

- ``mentions_table``: every district mention found by the gazetteer.
- ``programmes_table``: named programmes and services, detected by pattern, not
  by a fixed list: a quoted name after a programme noun ("das Programm „SmiLe –
  …“"), a quoted name ending in a service noun ("der „Ehrenamtliche
  Dolmetscherdienst“"), an upper-case acronym with "NRW" ("KOMM-AN NRW"), and an
  acronym defined in brackets after its long form ("Regionale Arbeitsstellen …
  (RAA)"). Every later whole-word use of a detected short name is a mention too.
- ``events_table``: laws passed, offices opened, funding approved, visits done
  and planned, programme starts, each with its date (from the ``dates`` table),
  place, people ("Name (Rolle)") and the documents that report it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from .. import registry
from ..corpus import Document, duplicate_clusters
from ..corpus.gazetteer import DistrictMatch, Gazetteer
from ..vocab import ROLE_CUES

MENTION_COLUMNS = registry.table("mentions").columns
PROGRAMME_COLUMNS = registry.table("programmes").columns
EVENT_COLUMNS = registry.table("events").columns


# --------------------------------------------------------------------------- mentions


def _sentence(doc: Document, pos: int) -> tuple[int, int]:
    return doc.sentence_at(pos) or (pos, pos)


def mentions_table(documents: Iterable[Document], gazetteer: Gazetteer) -> pd.DataFrame:
    """One row per district mention, with its sentence span and the sentence as ``quote``."""
    rows = []
    for doc in sorted(documents, key=lambda d: d.doc_id):
        for m in gazetteer.find(doc.text):
            s0, s1 = _sentence(doc, m.start)
            rows.append(
                {
                    "doc_id": doc.doc_id,
                    "start": m.start,
                    "end": m.end,
                    "surface": m.surface,
                    "district_ags": m.ags,
                    "district_name": m.name,
                    "alias_kind": m.kind,
                    "sentence_start": s0,
                    "sentence_end": s1,
                    "quote": doc.text[s0:s1],
                }
            )
    return pd.DataFrame(rows, columns=MENTION_COLUMNS)


# --------------------------------------------------------------------------- programmes

_PROGRAMME_NOUN = (
    r"(?:Förder|Landes|Bundes|Modell|Sonder|Pilot)?(?:programm|projekt|[Pp]rogramm|[Pp]rojekt)"
    r"|Initiative|Angebot|Netzwerk|Modellvorhaben|Kampagne"
)
_QUOTED_AFTER_NOUN = re.compile(r"\b(?:" + _PROGRAMME_NOUN + r")(?:es|s|e|en)?\s+„(?P<name>[^„“\n]{2,100})“")
_SERVICE_END = r"(?:dienst|programm|projekt|netzwerk|initiative|stelle|büro|agentur|fonds|offensive|paten)"
_QUOTED_SERVICE = re.compile(
    r"\b(?:der|die|das|den|dem|des|ein|eine|einen|einem)\s+„(?P<name>[A-ZÄÖÜ][^„“\n]{1,80}?"
    + _SERVICE_END
    + r"(?:e|es|s|en)?)“"
)
_ACRONYM_NRW = re.compile(r"(?<![\w-])(?P<name>[A-ZÄÖÜ]{2,}(?:-[A-ZÄÖÜ]{2,})*\s+NRW)\b")
_DEFINED_ACRONYM = re.compile(r"\((?P<acr>[A-ZÄÖÜ][A-Za-zÄÖÜäöü]{1,7})\)")
#: Bodies, parties and the KI themselves: acronyms that are not programmes.
NOT_PROGRAMMES = frozenset(
    [
        "KI",
        "NRW",
        "MAIS",
        "MSW",
        "MKFFI",
        "MIK",
        "MFKJKS",
        "MGEPA",
        "MWIDE",
        "MHKBG",
        "MKW",
        "MULNV",
        "MKJFGFI",
        "MSB",
        "MAGS",
        "BAMF",
        "SPD",
        "CDU",
        "FDP",
        "AfD",
        "EU",
        "BRD",
    ]
)


#: A long form naming an authority, parliament, party or place is a body, not a programme.
_BODY_WORDS = re.compile(
    r"(?:[Mm]inisterium|Landesregierung|Bezirksregierung|Landtag|Bundestag|Fraktion|Partei|[Aa]mt|"
    r"Behörde|Kreis|Stadt|Gemeinde|Verwaltung)$"
)


@dataclass(frozen=True)
class _Prog:
    programme: str
    start: int
    end: int


def _short_name(name: str) -> str:
    """ "SmiLe – Sprachliche Bildung …" -> "SmiLe" (the part before a dash or colon)."""
    short = re.split(r"\s+[–—-]\s+|:\s+", name, maxsplit=1)[0].strip()
    return short or name.strip()


def _initials_match(acr: str, words: list[str]) -> int | None:
    """Index in ``words`` where the acronym's capitals start matching the initials, if they do."""
    caps = [c.lower() for c in acr if c.isupper()]
    if len(caps) < 2:
        return None
    initials = [w[0].lower() for w in words]
    # match caps as a subsequence of initials that starts at a capitalised word
    for first in reversed(range(len(words))):  # the shortest long form that explains the acronym
        if not words[first][0].isupper() or initials[first] != caps[0]:
            continue
        k = 1
        for w in initials[first + 1 :]:
            if k < len(caps) and w == caps[k]:
                k += 1
        if k == len(caps):
            return first
    return None


def find_programmes(text: str) -> list[_Prog]:
    """Programme names defined in ``text`` (the spans where they are named)."""
    found: list[_Prog] = []
    for m in _QUOTED_AFTER_NOUN.finditer(text):
        found.append(_Prog(_short_name(m.group("name")), m.start("name") - 1, m.end("name") + 1))
    for m in _QUOTED_SERVICE.finditer(text):
        found.append(_Prog(m.group("name").strip(), m.start("name") - 1, m.end("name") + 1))
    for m in _ACRONYM_NRW.finditer(text):
        acr = m.group("name").split()[0]
        if acr not in NOT_PROGRAMMES:
            found.append(_Prog(re.sub(r"\s+", " ", m.group("name")), m.start("name"), m.end("name")))
    for m in _DEFINED_ACRONYM.finditer(text):
        acr = m.group("acr")
        if acr in NOT_PROGRAMMES:
            continue
        head = text[max(0, m.start() - 120) : m.start()]
        head = re.split(r"[.;:„“()]", head)[-1]
        words = [(w.start(), w.group()) for w in re.finditer(r"[\w-]+", head)][-10:]
        first = _initials_match(acr, [w for _, w in words])
        if first is not None and not any(_BODY_WORDS.search(w) for _, w in words[first:]):
            offset = m.start() - len(head)
            found.append(_Prog(acr, offset + words[first][0], m.end()))
    # one definition per span; the longest at a start
    found.sort(key=lambda p: (p.start, -p.end))
    out: list[_Prog] = []
    for p in found:
        if out and p.start < out[-1].end:
            continue
        out.append(p)
    return out


def programmes_table(documents: Iterable[Document], gazetteer: Gazetteer) -> pd.DataFrame:
    """Every mention of a named programme or service, with the district of its sentence."""
    documents = sorted(documents, key=lambda d: d.doc_id)
    defined = {d.doc_id: find_programmes(d.text) for d in documents}
    names = sorted({p.programme for ps in defined.values() for p in ps}, key=lambda n: (-len(n), n))
    rows = []
    for doc in documents:
        spans = list(defined[doc.doc_id])
        taken = [(p.start, p.end) for p in spans]
        for name in names:  # later uses of a short name ("LaKI", "RAA") anywhere in the corpus
            for m in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", doc.text):
                if not any(a <= m.start() < b for a, b in taken):
                    spans.append(_Prog(name, m.start(), m.end()))
                    taken.append((m.start(), m.end()))
        districts = gazetteer.find(doc.text)
        for p in sorted(spans, key=lambda p: (p.start, p.end)):
            s0, s1 = _sentence(doc, p.start)
            ags = next((d.ags for d in districts if s0 <= d.start < s1), None)
            rows.append(
                {
                    "programme": p.programme,
                    "doc_id": doc.doc_id,
                    "start": p.start,
                    "end": p.end,
                    "surface": doc.text[p.start : p.end],
                    "district_ags": ags,
                    "quote": doc.text[s0:s1],
                }
            )
    return pd.DataFrame(rows, columns=PROGRAMME_COLUMNS)


# --------------------------------------------------------------------------- people

_NAME_WORD = r"[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?"
_PERSON = re.compile(
    r"(?<![\w-])(?P<role>"
    + ROLE_CUES
    + r")\s+(?P<name>(?:(?:Dr|Prof)\.\s+)*"
    + _NAME_WORD
    + r"(?:\s+"
    + _NAME_WORD
    + r")?)(?![\w-])"
)
#: Words that the person pattern may take for a surname but are not names.
_NOT_NAMES = frozenset(
    [
        "Der",
        "Die",
        "Das",
        "Den",
        "Dem",
        "Des",
        "Und",
        "Oder",
        "Mit",
        "Für",
        "Im",
        "In",
        "An",
        "Auf",
        "Aus",
        "Bei",
        "Von",
        "Vom",
        "Zum",
        "Zur",
        "Nach",
        "Kommunale",
        "Kommunalen",
        "Kommunales",
        "Integration",
        "Nordrhein-Westfalen",
        "NRW",
        "Landes",
        "Land",
        "Dabei",
        "Zuvor",
    ]
)


@dataclass(frozen=True)
class _Person:
    start: int
    end: int
    role: str
    name: str

    def label(self) -> str:
        return f"{self.name} ({self.role})"


def find_people(text: str) -> list[_Person]:
    """People with a role: "Schulministerin Sylvia Löhrmann", "Landrat Dr. Ansgar Müller".

    A bare surname ("Ministerin Löhrmann") is completed from a full mention in the same text.
    """
    people: list[_Person] = []
    for m in _PERSON.finditer(text):
        name = m.group("name")
        parts = name.split()
        while parts and parts[-1] in _NOT_NAMES:
            parts.pop()
        if not parts or parts[0] in _NOT_NAMES:
            continue
        name = " ".join(parts)
        people.append(_Person(m.start(), m.start("name") + len(name), m.group("role"), name))
    full = {p.name.split()[-1]: p.name for p in people if len(p.name.split()) >= 2}
    return [
        _Person(p.start, p.end, p.role, full.get(p.name, p.name)) if " " not in p.name else p for p in people
    ]


# --------------------------------------------------------------------------- events

_LAW = re.compile(r"\b\w*[Gg]esetz\w*")  # \b: without it a long word backtracks quadratically
# "seit Inkrafttreten des …gesetzes" only refers to the law; it does not report its passing
_LAW_VERB = re.compile(
    r"\b(?:beschlossen|verabschiedet\w*|in Kraft getreten|tritt\s+\w*\s*in Kraft|verkündet|"
    r"verpflichtet)\b"
)
_OPENED = re.compile(
    r"\b(?:eröffnet|eröffnen|eröffnete|Eröffnung|eingeweiht|beheimatet|gegründet|"
    r"nimmt\s+\w+\s+Arbeit\s+auf|Arbeit\s+aufgenommen|an\s+den\s+Start\s+gegangen|"
    r"Arbeit\s+beginnt|beginnt\s+\w+\s+Arbeit|einrichten|eingerichtet)\b"
)
_FUNDING = re.compile(r"\b(?:bewilligt|Bewilligung|Förderzusage|Förderbescheid\w*|genehmigt)\b")
_VISIT_DONE = re.compile(
    r"\b(?:besuchte|besucht|Besuch|Besuche|war\s+\w+\s+bereits\s+in|zuvor\s+war|"
    r"Zuvor\s+war)\b"
)
_VISIT_PLANNED = re.compile(
    r"\b(?:Weitere\s+Stationen|nächste[n]?\s+Station\w*|wird\s+\w+\s+besuchen|"
    r"will\s+.{0,60}besuchen|geplant\w*\s+Besuch\w*)"
)
_START = re.compile(
    r"\b(?:startet|gestartet|Start|ins\s+Leben\s+gerufen|eingeführt|aufgelegt)\b"
    r"|\b[Ss]eit\s+(?:dem\s+|den\s+)?(?:\d|Jahr|\w+er\s+Jahren)"
)
_PLANNED_WORDS = re.compile(
    r"\b(?:will|wollen|soll|sollen|geplant|plant|planen|künftig|perspektivisch|"
    r"Perspektivisch|werden\s+\w+\s+(?:eröffnet|besucht))\b"
)


def _date_rows(dates: pd.DataFrame | None, doc_id: str) -> list[dict]:
    if dates is None or dates.empty:
        return []
    sub = dates[dates["doc_id"] == doc_id]
    return sub.to_dict("records")


def _pick_date(
    cands: list[dict], anchor: int, *, avoid_kinds: Sequence[str] = ("duration", "period")
) -> dict | None:
    """The date mention nearest to ``anchor`` (a duration or period is no event date)."""
    usable = [d for d in cands if d.get("kind") not in avoid_kinds and d.get("date")]
    if not usable:
        return None
    return min(usable, key=lambda d: (min(abs(d["start"] - anchor), abs(d["end"] - anchor)), d["start"]))


def _place_date(place: DistrictMatch, places: list[DistrictMatch], dates: list[dict]) -> dict | None:
    """The date of one place in a list of visits: the first date after it and before the next
    place ("nach Mülheim Ende Oktober – nun in Düren"), or one before the first place."""
    later = [p.start for p in places if p.start > place.start]
    stop = min(later) if later else None
    after = [d for d in dates if d["start"] >= place.end and (stop is None or d["start"] < stop)]
    if after:
        return min(after, key=lambda d: d["start"])
    if place is places[0]:
        before = [d for d in dates if d["end"] <= place.start]
        if before:
            return max(before, key=lambda d: d["start"])
    return None


def _doc_events(doc: Document, dates: list[dict], gazetteer: Gazetteer) -> list[dict]:
    """Events of one document, one per (sentence, type, place)."""
    people = find_people(doc.text)
    districts = gazetteer.find(doc.text)
    events: list[dict] = []
    # who visits when a sentence names nobody ("Dabei besuchte sie …"): the visitor of the
    # previous visit, else the first person the release names (its protagonist)
    visitor: list[_Person] = people[:1]
    doc_date = doc.date.isoformat() if doc.date else None
    for s0, s1 in doc.sentences:
        sent = doc.text[s0:s1]
        in_sent = [p for p in people if s0 <= p.start < s1]
        here = [d for d in districts if s0 <= d.start < s1]
        sdates = [d for d in dates if s0 <= d["start"] < s1 and d.get("kind") not in ("duration", "period")]
        fired = False

        def add(
            kind: str,
            start: int,
            end: int,
            place: DistrictMatch | None,
            date: dict | None,
            who: list[_Person],
            *,
            planned: bool = False,
            fallback_doc_date: bool = False,
            sent: str = sent,
            s0: int = s0,
        ) -> None:
            if date is not None:
                # a decade ("seit den 1980er Jahren") is given as its first year
                d, prec = date["date"], ("year" if date["precision"] == "decade" else date["precision"])
            elif fallback_doc_date:
                d, prec = doc_date, doc.date_precision
            else:
                d, prec = None, None
            events.append(
                {
                    "event_type": kind,
                    "date": d,
                    "date_precision": prec,
                    "district_ags": place.ags if place else None,
                    "place": place.surface if place else None,
                    "people": "; ".join(dict.fromkeys(p.label() for p in who)) or None,
                    "is_planned": planned,
                    "doc_id": doc.doc_id,
                    "start": start,
                    "end": end,
                    "quote": sent,
                    "sentence_start": s0,
                }
            )

        planned_visit = _VISIT_PLANNED.search(sent)
        done_visit = _VISIT_DONE.search(sent)
        if planned_visit or done_visit:
            # "Weitere Stationen … sind A, B. Zuvor war Sie bereits in C": split the sentence at the
            # cue of done visits so each place gets its own status
            for place in here:
                rel = place.start - s0
                cue_planned = max(
                    (m.start() for m in _VISIT_PLANNED.finditer(sent) if m.start() <= rel), default=-1
                )
                cue_done = max(
                    (m.start() for m in _VISIT_DONE.finditer(sent) if m.start() <= rel), default=-1
                )
                if cue_planned < 0 and cue_done < 0:
                    cue_done = done_visit.start() if done_visit else -1
                    cue_planned = planned_visit.start() if planned_visit else -1
                planned = cue_planned > cue_done
                add(
                    "visit_planned" if planned else "visit_done",
                    place.start,
                    place.end,
                    place,
                    _place_date(place, here, sdates),
                    in_sent or visitor,
                    planned=planned,
                    fallback_doc_date=not planned,
                )
                fired = True
            if in_sent:
                visitor = in_sent
        for kind, rx in (("office_opened", _OPENED), ("funding_approved", _FUNDING)):
            m = rx.search(sent)
            if m is None or (
                kind == "office_opened" and done_visit and not m.group().startswith(("eröffn", "Eröffn"))
            ):
                continue
            planned = bool(_PLANNED_WORDS.search(sent))
            date = _pick_date(sdates, s0 + m.start())
            if (
                kind == "office_opened"
                and not here
                and date is None
                and not m.group().lower().startswith("eröffn")
            ):
                continue  # "in allen Kreisen eingerichtet": no place, no date, no event
            # one event per place ("Mit den Kreisen Coesfeld und Warendorf sind … an den Start gegangen")
            places = list({p.ags: p for p in here}.values()) if kind == "office_opened" else here[:1]
            for place in places or [None]:  # type: ignore[list-item]  # None: the event has no place
                add(
                    kind,
                    s0 + m.start() if place is None else place.start,
                    s0 + m.end() if place is None else place.end,
                    place,
                    date,
                    in_sent,
                    planned=planned,
                    fallback_doc_date=kind == "office_opened" and not planned,
                )
            fired = True
        law = _LAW.search(sent)
        verb = _LAW_VERB.search(sent)
        if law and verb:
            date = _pick_date(sdates, s0 + verb.start())
            add("law_passed", s0 + law.start(), s0 + law.end(), None, date, in_sent)
        elif not fired:
            m = _START.search(sent)
            if m is not None and sdates:
                date = _pick_date(sdates, s0 + m.start(), avoid_kinds=("duration",))
                if (
                    date is not None
                    and date.get("kind") in ("since", "date", "year")
                    and abs(date["start"] - (s0 + m.start())) < 20
                ):
                    add(
                        "programme_start",
                        s0 + m.start(),
                        s0 + m.end(),
                        here[0] if here else None,
                        date,
                        in_sent,
                    )
    return events


def events_table(
    documents: Iterable[Document], dates_df: pd.DataFrame | None, gazetteer: Gazetteer
) -> pd.DataFrame:
    """One row per event; the same event reported by several documents is one row.

    Rows merge when type, place, date and status agree; ``source_doc_ids`` lists
    every document and ``doc_id``/``start``/``end``/``quote`` are from the first.
    """
    documents = sorted(documents, key=lambda d: d.doc_id)
    raw: list[dict] = []
    for doc in documents:
        raw.extend(_doc_events(doc, _date_rows(dates_df, doc.doc_id), gazetteer))
    raw = _fold_placeless(raw)
    cluster = duplicate_clusters(documents) if documents else {}
    merged: dict[tuple, dict] = {}
    for ev in sorted(raw, key=lambda e: (e["doc_id"], e["start"])):
        key: tuple = (ev["event_type"], ev["district_ags"] or ev["place"], ev["date"], ev["is_planned"])
        if ev["date"] is None and ev["district_ags"] is None:
            key = key + (cluster.get(ev["doc_id"], ev["doc_id"]), ev["quote"])
        if key in merged:
            m = merged[key]
            m["sources"].add(ev["doc_id"])
            if ev["people"] and not m["people"]:
                m["people"] = ev["people"]
            continue
        merged[key] = {**ev, "sources": {ev["doc_id"]}}
    rows = []
    for ev in merged.values():
        rows.append(
            {
                "event_id": f"{ev['doc_id']}:{ev['start']}-{ev['end']}:{ev['event_type']}",
                **{k: ev[k] for k in EVENT_COLUMNS if k in ev},
                "source_doc_ids": "; ".join(sorted(ev["sources"])),
            }
        )
    df = pd.DataFrame(rows, columns=EVENT_COLUMNS)
    if df.empty:
        return df
    df = df.sort_values(["doc_id", "start", "event_type"], kind="stable").reset_index(drop=True)
    return df.astype({"start": "int64", "end": "int64", "is_planned": "bool"})


def _fold_placeless(events: list[dict]) -> list[dict]:
    """Drop the vaguer report of an event the same document reports more precisely.

    An event without a place goes when the document reports the same type and date with a
    place ("die Eröffnung der neuen Koordinierungsstelle" after "… in Dortmund eröffnet"); an
    undated one goes when the same type and place (or no place) is reported with a date (the
    headline "übergibt Förderbescheid: Kreis Olpe …" and "hat heute in Olpe den Förderbescheid …").
    """
    placed = {(e["doc_id"], e["event_type"], e["date"]) for e in events if e["district_ags"]}
    dated = {(e["doc_id"], e["event_type"], e["district_ags"]) for e in events if e["date"]}
    dated_types = {(e["doc_id"], e["event_type"]) for e in events if e["date"]}
    keep = []
    for e in events:
        if not e["district_ags"] and e["date"] and (e["doc_id"], e["event_type"], e["date"]) in placed:
            continue
        if (
            not e["date"]
            and not e["is_planned"]
            and (
                (e["doc_id"], e["event_type"], e["district_ags"]) in dated
                or (not e["district_ags"] and (e["doc_id"], e["event_type"]) in dated_types)
            )
        ):
            continue
        keep.append(e)
    return keep


def event_tables(
    documents: Iterable[Document], gazetteer: Gazetteer, dates: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """``mentions``, ``programmes`` and ``events`` of the documents, in one call.

    ``dates`` is the dates table of the same documents (``extract_corpus``).
    """
    documents = sorted(documents, key=lambda d: d.doc_id)
    return {
        "mentions": mentions_table(documents, gazetteer),
        "programmes": programmes_table(documents, gazetteer),
        "events": events_table(documents, dates, gazetteer),
    }
