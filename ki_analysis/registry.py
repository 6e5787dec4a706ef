"""The one metadata registry: every field and every published table, defined once.

PUDL-style: a field (name, type, unit, description, labels) is written here once
and reused by every table that holds the same quantity under the same name. The
pandera schemas, typed loading (``coerce``), the data dictionary
(``data/processed/README.md``) and ``datapackage.json`` are all generated from it,
so none of them can drift from the others.

dtypes: ``string``, ``int`` (nullable Int64), ``float``, ``bool`` (nullable
boolean), ``date`` (ISO ``YYYY-MM-DD`` on disk, datetime64 in memory) and ``ags``
(5-digit Kreisschlüssel, kept as a string so the leading zero survives).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Iterable

import pandas as pd

from .errors import KiError

DTYPES = ("string", "int", "float", "bool", "date", "ags")
AGS_PATTERN = r"^05\d{3}$"
#: Significant digits kept for a float: enough for any figure in a press release,
#: few enough that arithmetic noise (0.1 + 0.2) disappears.
FLOAT_DIGITS = 12
#: Written for a missing value in every CSV; declared in datapackage.json.
MISSING = ""

# Vocabularies (DESIGN.md §3 and docs/architecture.md).
MEASURES = ("ki_count", "district_count", "funding_eur", "staff_positions", "teachers",
            "people_count", "percent", "other")
UNITS = ("EUR", "count", "FTE", "percent")
QUALIFIERS = ("exact", "approx", "at_least", "at_most", "almost")
PRECISIONS = ("day", "month", "year")
CHECK_STATUSES = ("ok", "warn", "conflict", "error")
EVENT_TYPES = ("law_passed", "office_opened", "funding_approved", "visit_done", "visit_planned",
               "programme_start", "other")


@dataclass(frozen=True)
class Field:
    """One column: its name, type, unit and meaning (German and English labels)."""

    name: str
    dtype: str
    description: str
    label_de: str
    label_en: str
    unit: str | None = None
    nullable: bool = True
    enum: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.dtype not in DTYPES:
            raise ValueError(f"field {self.name}: unknown dtype {self.dtype!r}")


@dataclass(frozen=True)
class Table:
    """One published table: its fields, key, titles and how charts present it."""

    name: str
    title_de: str
    title_en: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    chart_title_de: str | None = None
    chart_title_en: str | None = None
    chart_unit: str | None = None
    sort_by: tuple[str, ...] = ()
    #: tables derived from the corpus vs reference data copied in with attribution
    source: str = "corpus"

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KiError(f"table {self.name!r} has no field {name!r}; fields: {', '.join(self.columns)}")

    @property
    def order(self) -> tuple[str, ...]:
        """Row order on disk: ``sort_by`` if set, else the primary key."""
        return self.sort_by or self.primary_key


# --------------------------------------------------------------------------- fields
_F: dict[str, Field] = {}


def _field(name: str, dtype: str, description: str, de: str, en: str, *, unit: str | None = None,
           nullable: bool = True, enum: Iterable[str] | None = None) -> None:
    if name in _F:
        raise ValueError(f"field {name} defined twice")
    _F[name] = Field(name, dtype, description, de, en, unit, nullable,
                     tuple(enum) if enum is not None else None)


# identity and provenance
_field("doc_id", "string", "Identifier of a press release: its raw file name without extension.",
       "Dokument", "Document", nullable=False)
_field("doc_ids", "string", "Every document that states this figure, joined by \"; \".",
       "Dokumente", "Documents", nullable=False)
_field("fact_id", "string", "Identifier of an extracted figure: `<doc_id>:<start>-<end>:<measure>`.",
       "Angabe", "Fact")
_field("fact_ids", "string", "Every extracted figure behind this row, joined by \"; \".",
       "Angaben", "Facts")
_field("n_sources", "int", "Number of distinct documents that state this figure.",
       "Anzahl Quellen", "Number of sources", unit="count", nullable=False)
_field("start", "int", "Start offset (characters) of the span in the normalised document text.",
       "Anfang", "Start", nullable=False)
_field("end", "int", "End offset (characters, exclusive) of the span in the normalised text.",
       "Ende", "End", nullable=False)
_field("sentence_start", "int", "Start offset of the sentence holding the span.",
       "Satzanfang", "Sentence start")
_field("sentence_end", "int", "End offset of the sentence holding the span.", "Satzende", "Sentence end")
_field("quote", "string", "The sentence the figure or mention comes from (normalised text).",
       "Zitat", "Quote")
_field("rule", "string", "Name of the extraction rule that produced the fact.", "Regel", "Rule")
_field("curation_status", "string",
       "Review of the fact in data/curation.yml: unreviewed, confirmed, corrected or rejected "
       "(rejected facts stay listed but no derived table uses them).",
       "Kuratierung", "Curation", enum=("unreviewed", "confirmed", "corrected", "rejected"))
_field("curation_reason", "string", "The reviewer's reason, from data/curation.yml.",
       "Begründung der Kuratierung", "Curation reason")
_field("curation_reviewer", "string", "Who reviewed the fact, from data/curation.yml.",
       "Kuratiert von", "Curated by")

# documents
_field("title", "string", "Headline of the press release.", "Titel", "Title")
_field("publisher", "string", "Publisher of the release, as named in its sidecar.",
       "Herausgeber", "Publisher")
_field("publisher_short", "string", "Short name of the publisher (e.g. MAIS, MSW).",
       "Herausgeber (kurz)", "Publisher (short)")
_field("kind", "string", "Kind of publisher or record (e.g. ministry, party).", "Art", "Kind")
_field("date", "date", "Date (ISO). Documents: the publication date; dates: the date mentioned; "
       "events: the date of the event.", "Datum", "Date")
_field("date_precision", "string", "How precisely the date is known: day, month or year.",
       "Datumsgenauigkeit", "Date precision", enum=PRECISIONS)
_field("date_earliest", "date", "Earliest possible publication date, when the date is not exact.",
       "frühestes Datum", "Earliest date")
_field("date_latest", "date", "Latest possible publication date, when the date is not exact.",
       "spätestes Datum", "Latest date")
_field("url", "string", "Address of the release, when recorded.", "URL", "URL")
_field("n_chars", "int", "Length of the normalised text in characters.", "Zeichen", "Characters",
       unit="count")
_field("n_sentences", "int", "Number of sentences in the normalised text.", "Sätze", "Sentences",
       unit="count")
_field("duplicate_cluster", "string",
       "Documents with the same value carry the same release (e.g. web text and PDF text).",
       "Dublettengruppe", "Duplicate cluster")
_field("sha256", "string", "SHA-256 of the raw file, as recorded in its sidecar.", "SHA-256", "SHA-256")
_field("path", "string", "Path of the raw file, relative to the project root.", "Pfad", "Path")

# facts
_field("measure", "string", "What the figure counts or measures (documented vocabulary).",
       "Messgröße", "Measure", enum=MEASURES)
_field("value", "float", "The figure in base units (13 Millionen Euro -> 13000000.0).",
       "Wert", "Value")
_field("unit", "string", "Unit of `value`.", "Einheit", "Unit", enum=UNITS)
_field("qualifier", "string", "How the text bounds the figure: exact, approx (rund, etwa), "
       "at_least (über, mehr als), at_most (bis zu), almost (fast, knapp).",
       "Einschränkung", "Qualifier", enum=QUALIFIERS)
_field("per_unit", "bool", "True for a figure per centre or per district (\"jeweils\", \"pro Zentrum\").",
       "je Einheit", "Per unit")
_field("period", "string", "Year or date (ISO) the figure refers to; empty when unknown.",
       "Bezugszeitraum", "Period")
_field("period_precision", "string", "Precision of `period`: day, month or year.",
       "Genauigkeit Bezugszeitraum", "Period precision", enum=PRECISIONS)
_field("subject", "string", "What the figure is about (e.g. the centres, a programme).",
       "Gegenstand", "Subject")
_field("funder", "string", "Who pays, where the text says so.", "Geldgeber", "Funder")
_field("value_text", "string", "The number exactly as written in the text.", "Zahl im Text",
       "Number as written")
_field("value_start", "int", "Start offset of the number itself.", "Zahlanfang", "Number start")
_field("value_end", "int", "End offset of the number itself.", "Zahlende", "Number end")

# places
_field("district_ags", "ags", "5-digit Kreisschlüssel (AGS) of the district; empty if state-wide "
       "or not stated.", "Kreis (AGS)", "District (AGS)")
_field("district_name", "string", "Short name of the district.", "Kreis", "District")
_field("alias_kind", "string", "Kind of name that matched (canonical, official, inflected, part, ...).",
       "Namensform", "Name form")
_field("surface", "string", "The words exactly as they appear in the text.", "Textstelle", "Surface")
_field("place", "string", "Place named for an event.", "Ort", "Place")

# numbers and dates
_field("text", "string", "The matched text, verbatim.", "Text", "Text")
_field("form", "string", "How the number is written.", "Schreibweise", "Form",
       enum=("digits", "word", "ordinal"))
_field("disposition", "string", "What became of a numeric mention.", "Verwendung", "Disposition",
       enum=("fact", "date", "ignored", "unexplained"))
_field("reason", "string", "Why the numeric mention got its disposition.", "Grund", "Reason")
_field("date_end", "date", "End of a date range, if the mention is a range.", "Enddatum", "End date")
_field("precision", "string", "Precision of a date mentioned in the text.", "Genauigkeit", "Precision",
       enum=("day", "month", "year", "decade"))

# programmes and events
_field("programme", "string", "Canonical name of a programme or service.", "Programm", "Programme")
_field("event_id", "string", "Identifier of an event.", "Ereignis", "Event", nullable=False)
_field("event_type", "string", "Kind of event.", "Ereignisart", "Event type", enum=EVENT_TYPES)
_field("people", "string", "People named, as \"Name (Rolle)\", joined by \"; \".", "Personen", "People")
_field("is_planned", "bool", "True if the event lies in the future from the document's view.",
       "geplant", "Planned")
_field("source_doc_ids", "string", "Every document that reports the event, joined by \"; \".",
       "Quelldokumente", "Source documents")

# rollout
_field("statement_id", "string", "Identifier of a statement (its first fact).", "Aussage", "Statement",
       nullable=False)
_field("as_of_date", "date", "Date the statement refers to: the stated period, else the document date.",
       "Stand", "As of")
_field("ki_count", "int", "Number of Kommunale Integrationszentren.", "Anzahl KI", "Number of KI",
       unit="count")
_field("district_count", "int", "Number of Kreise und kreisfreie Städte the statement counts "
       "(53 Kreis-level units, or 54 with Stadt Aachen).", "Anzahl Kreise", "Number of districts",
       unit="count")
_field("coverage_pct", "float", "ki_count / district_count × 100; empty without a district count.",
       "Abdeckung", "Coverage", unit="%")
_field("has_conflict", "bool", "True if another statement for the same period gives a different figure.",
       "widersprüchlich", "Has conflict")
_field("has_unknown_period", "bool", "True if the text gives no period; the document date is used.",
       "Zeitraum unbekannt", "Unknown period")

# funding
_field("funding_id", "string", "Identifier of a funding row (its first fact).", "Förderposten",
       "Funding item", nullable=False)
_field("recipient_or_programme", "string", "Who or what receives the money.", "Empfänger/Programm",
       "Recipient or programme")
_field("amount_eur", "float", "Amount in euros.", "Betrag", "Amount", unit="EUR")
_field("is_annual", "bool", "True if the text states a recurring yearly amount (jährlich, pro Jahr).",
       "jährlich", "Annual")
_field("is_total", "bool", "True if other rows of the same document and period are parts of this one.",
       "Gesamtsumme", "Total")
_field("share_pct", "float", "Share of the stated total of the same document and period.",
       "Anteil", "Share", unit="%")
_field("total_id", "string", "funding_id of the stated total this row is part of.", "Gesamtposten",
       "Total item")

# staffing
_field("staffing_id", "string", "Identifier of a staffing row.", "Personalposten", "Staffing item",
       nullable=False)
_field("centre_count", "int", "Number of centres a per-centre figure is multiplied by (derived rows).",
       "Anzahl Zentren", "Number of centres", unit="count")
_field("centre_basis", "string", "Which count the multiplier is: ki_count (centres existing) or "
       "district_count (one centre per district).", "Basis", "Basis",
       enum=("ki_count", "district_count"))
_field("is_derived", "bool", "True for a row computed from other rows, not stated in a text.",
       "abgeleitet", "Derived")
_field("formula", "string", "How a derived row is computed, e.g. \"3.5 × 53\".", "Formel", "Formula")

# checks
_field("check_id", "string", "Stable identifier of a check.", "Prüfung", "Check", nullable=False)
_field("check_kind", "string", "What is checked.", "Prüfart", "Check kind",
       enum=("parts_total", "per_centre_total", "count_conflict", "corroboration", "unknown_period",
             "reference"))
_field("status", "string", "ok, warn, conflict (documented disagreement) or error (broken data).",
       "Status", "Status", enum=CHECK_STATUSES)
_field("values", "string", "The figures compared, as written out.", "Werte", "Values")
_field("observed", "float", "The figure computed from the parts (sum, product).", "berechnet",
       "Observed")
_field("expected", "float", "The stated figure it is compared with.", "angegeben", "Expected")
_field("tolerance", "string", "The range accepted and why (qualifiers, rounding).", "Toleranz",
       "Tolerance")
_field("explanation", "string", "One sentence that explains the result.", "Erläuterung", "Explanation")

# districts (reference)
_field("name_official", "string", "Name with its designation (Kreis X, Stadt X).", "amtlicher Name",
       "Official name")
_field("district_type", "string", "kreisfreie Stadt, Kreis or Städteregion.", "Kreistyp", "District type",
       enum=("kreisfreie Stadt", "Kreis", "Städteregion"))
_field("regierungsbezirk", "string", "Regierungsbezirk the district belongs to.", "Regierungsbezirk",
       "Administrative region")
_field("regierungsbezirk_code", "string", "3-digit code of the Regierungsbezirk.", "Regierungsbezirk-Code",
       "Region code")
_field("nuts3", "string", "NUTS-3 code.", "NUTS-3", "NUTS-3")
_field("name_destatis", "string", "Regional name, verbatim from Destatis.", "Name (Destatis)",
       "Name (Destatis)")
_field("population", "int", "Population on 31.12.2021 (Zensus-2011 basis).", "Einwohner", "Population",
       unit="persons")
_field("area_km2", "float", "Area, Gebietsstand 31.12.2021.", "Fläche", "Area", unit="km²")
_field("stats_date", "date", "Reference date of population and area.", "Stichtag", "Reference date")

FIELDS: dict[str, Field] = dict(_F)


def _fields(*names: str, **overrides: dict) -> tuple[Field, ...]:
    """Fields by name; ``overrides`` may tighten one field for one table (e.g. nullable=False)."""
    out = []
    for n in names:
        f = FIELDS[n]
        if n in overrides:
            f = replace(f, **overrides[n])
        out.append(f)
    return tuple(out)


_SOURCES = ("doc_ids", "fact_ids", "quote", "n_sources")

TABLES: dict[str, Table] = {t.name: t for t in (
    Table("documents", "Dokumente", "Documents",
          "One row per press release in data/raw, with its origin record and duplicate cluster.",
          _fields("doc_id", "title", "publisher", "publisher_short", "kind", "date", "date_precision",
                  "date_earliest", "date_latest", "url", "n_chars", "n_sentences", "duplicate_cluster",
                  "sha256", "path"),
          ("doc_id",), sort_by=("date", "doc_id")),
    Table("facts", "Angaben", "Facts",
          "One row per figure extracted from a document, with its span, quote and rule.",
          _fields("fact_id", "doc_id", "start", "end", "quote", "measure", "value", "unit", "qualifier",
                  "per_unit", "period", "is_annual", "subject", "district_ags", "funder", "rule", "value_text",
                  "value_start", "value_end", "period_precision", "sentence_start", "sentence_end",
                  "curation_status", "curation_reason", "curation_reviewer",
                  # the extractor always states these (DESIGN.md §3); a gap is a bug, not data
                  **{n: {"nullable": False} for n in ("fact_id", "quote", "measure", "value", "unit",
                                                      "qualifier", "per_unit")}),
          ("fact_id",), sort_by=("doc_id", "start", "end", "measure")),
    Table("numbers", "Zahlen im Text", "Numbers in the text",
          "Every numeric mention in every document and what became of it.",
          _fields("doc_id", "start", "end", "text", "value", "form", "disposition", "reason", "fact_id"),
          ("doc_id", "start", "end")),
    Table("dates", "Datumsangaben", "Dates",
          "Every date mentioned in every document, with its precision.",
          _fields("doc_id", "start", "end", "text", "date", "date_end", "precision", "kind"),
          ("doc_id", "start", "end")),
    Table("mentions", "Erwähnungen von Kreisen", "District mentions",
          "Every mention of a Kreis or kreisfreie Stadt, with its AGS and span.",
          _fields("doc_id", "start", "end", "surface", "district_ags", "district_name", "alias_kind",
                  "sentence_start", "sentence_end"),
          ("doc_id", "start", "end")),
    Table("programmes", "Programme und Angebote", "Programmes and services",
          "Named programmes and services and where they are mentioned.",
          _fields("programme", "doc_id", "start", "end", "surface", "district_ags", "quote"),
          ("doc_id", "start", "end")),
    Table("events", "Ereignisse", "Events",
          "Laws passed, offices opened, funding approved, visits and programme starts.",
          _fields("event_id", "event_type", "date", "date_precision", "district_ags", "place", "people",
                  "is_planned", "doc_id", "start", "end", "quote", "source_doc_ids"),
          ("event_id",), sort_by=("date", "event_id")),
    Table("rollout", "Aufbau des Netzes", "Rollout of the network",
          "The network's size over time: one row per as-of date and statement. The same statement "
          "in several documents is one row listing all its sources; conflicting statements stay "
          "side by side.",
          _fields("statement_id", "as_of_date", "date_precision", "ki_count", "district_count",
                  "coverage_pct", "qualifier", "has_conflict", "has_unknown_period", *_SOURCES),
          ("statement_id",),
          chart_title_de="Kommunale Integrationszentren in NRW",
          chart_title_en="Kommunale Integrationszentren in NRW",
          chart_unit="Anzahl Zentren", sort_by=("as_of_date", "statement_id")),
    Table("funding", "Förderung", "Funding",
          "One row per period, funder and recipient or programme, with the amount in euros, its "
          "qualifier, whether it is annual and its share of a stated total.",
          _fields("funding_id", "period", "period_precision", "funder", "recipient_or_programme",
                  "district_ags", "amount_eur", "qualifier", "is_annual", "is_total", "share_pct",
                  "total_id", "has_unknown_period", *_SOURCES),
          ("funding_id",),
          chart_title_de="Finanzierung der Kommunalen Integrationszentren",
          chart_title_en="Funding of the Kommunale Integrationszentren",
          chart_unit="Euro", sort_by=("period", "funding_id")),
    Table("staffing", "Personal", "Staffing",
          "Positions and teachers per centre and in total. Totals implied by a per-centre figure "
          "times a number of centres are derived rows with their formula.",
          _fields("staffing_id", "as_of_date", "date_precision", "measure", "value", "unit", "qualifier",
                  "per_unit", "is_derived", "formula", "centre_count", "centre_basis", "funder",
                  "has_unknown_period", *_SOURCES),
          ("staffing_id",),
          chart_title_de="Personal der Kommunalen Integrationszentren",
          chart_title_en="Staff of the Kommunale Integrationszentren",
          chart_unit="Stellen bzw. Lehrkräfte", sort_by=("as_of_date", "staffing_id")),
    Table("checks", "Abgleich", "Reconciliation checks",
          "Reconciliation of the figures: parts against totals, per-centre figures against totals, "
          "conflicting counts, corroboration by several documents and figures without a period.",
          _fields("check_id", "check_kind", "status", "values", "observed", "expected", "unit",
                  "tolerance", "doc_ids", "explanation", check_kind={"nullable": False},
                  status={"nullable": False}, explanation={"nullable": False},
                  doc_ids={"nullable": True}),
          ("check_id",)),
    Table("districts", "Kreise und kreisfreie Städte", "Districts",
          "Reference: NRW's 53 Kreis-level units (Destatis GV-ISys, Gebietsstand 31.12.2021).",
          _fields("district_ags", "district_name", "name_official", "district_type", "regierungsbezirk",
                  "regierungsbezirk_code", "nuts3", "name_destatis", "population", "area_km2",
                  "stats_date", district_ags={"nullable": False}),
          ("district_ags",), source="reference"),
)}

#: Tables written by the build, in the order the data dictionary lists them.
TABLE_NAMES: tuple[str, ...] = tuple(TABLES)


def table(name: str) -> Table:
    """The registry entry of ``name``; a clear KiError listing the valid names otherwise."""
    try:
        return TABLES[name]
    except KeyError:
        raise KiError(f"unknown table {name!r}; valid names: {', '.join(TABLE_NAMES)}") from None


def label(field_name: str, lang: str = "de", *, with_unit: bool = False) -> str:
    """Human label of a field in German (``de``) or English (``en``), optionally with its unit."""
    if lang not in ("de", "en"):
        raise KiError(f"unknown language {lang!r}; use 'de' or 'en'")
    try:
        f = FIELDS[field_name]
    except KeyError:
        raise KiError(f"unknown field {field_name!r}") from None
    text = f.label_de if lang == "de" else f.label_en
    if with_unit and f.unit:
        text = f"{text} ({f.unit})"
    return text


# ----------------------------------------------------------------- dtypes and coercion
_PANDAS_DTYPES = {"string": "string", "int": "Int64", "float": "Float64", "bool": "boolean",
                  "date": "datetime64[s]", "ags": "string"}


def dtypes(name: str) -> dict[str, str]:
    """pandas dtype per column of a table, as ``coerce`` produces them."""
    return {f.name: _PANDAS_DTYPES[f.dtype] for f in table(name).fields}


def _to_bool(s: pd.Series) -> pd.Series:
    if s.dtype == "boolean":
        return s
    mapping = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False}

    def one(v: object) -> object:
        if v is None or (isinstance(v, float) and v != v) or v is pd.NA or v == "":
            return pd.NA
        if isinstance(v, str):
            key = v.strip().lower()
            if key not in mapping:
                raise ValueError(f"not a boolean: {v!r}")
            return mapping[key]
        return bool(v)

    return s.map(one).astype("boolean")


def _to_ags(s: pd.Series) -> pd.Series:
    def one(v: object) -> object:
        if v is None or v is pd.NA or (isinstance(v, float) and v != v) or v == "":
            return pd.NA
        if isinstance(v, (int,)) or (isinstance(v, float) and float(v).is_integer()):
            return f"{int(v):05d}"  # a reader that lost the leading zero
        return str(v).strip()

    return s.map(one).astype("string")


def _to_date(s: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(s):
        return s.astype("datetime64[s]")
    vals = s.map(lambda v: pd.NA if v is None or v is pd.NA or v == "" or
                 (isinstance(v, float) and v != v) else str(v))
    return pd.to_datetime(vals, format="ISO8601").astype("datetime64[s]")


def coerce(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with exactly the registry's columns of ``name``, in order and typed.

    Missing nullable columns are added empty (a producer that does not know a field
    yet still yields a valid table); a missing non-nullable column is a KiError.
    Columns the registry does not know are dropped: nothing is published undocumented.
    """
    t = table(name)
    missing = [f.name for f in t.fields if f.name not in df.columns and not f.nullable]
    if missing:
        raise KiError(f"table {name!r} lacks required column(s): {', '.join(missing)}")
    out = {}
    n = len(df)
    for f in t.fields:
        s = df[f.name] if f.name in df.columns else pd.Series([pd.NA] * n, index=df.index, dtype="object")
        try:
            if f.dtype == "bool":
                s = _to_bool(s)
            elif f.dtype == "ags":
                s = _to_ags(s)
            elif f.dtype == "date":
                s = _to_date(s)
            elif f.dtype == "int":
                s = pd.to_numeric(s.replace("", pd.NA)).astype("Int64")
            elif f.dtype == "float":
                s = pd.to_numeric(s.replace("", pd.NA)).astype("Float64")
                # binary noise from arithmetic (16.4 * 1e6 = 16399999.999999998) is not data
                s = s.map(lambda v: v if pd.isna(v) else float(f"{v:.{FLOAT_DIGITS}g}")).astype("Float64")
            else:
                # "" is missing too: it is how a CSV writes a missing value
                s = s.map(lambda v: pd.NA if v is None or v is pd.NA or v == "" or
                          (isinstance(v, float) and v != v) else str(v)).astype("string")
        except (ValueError, TypeError) as err:
            raise KiError(f"table {name!r}, column {f.name!r}: cannot read as {f.dtype}: {err}") from None
        out[f.name] = s
    return pd.DataFrame(out, index=df.index).reset_index(drop=True)


# ------------------------------------------------------------------------- pandera
def schema(name: str):
    """pandera DataFrameSchema of a table, generated from the registry."""
    import pandera.pandas as pa

    t = table(name)
    cols = {}
    for f in t.fields:
        checks = []
        if f.enum is not None:
            checks.append(pa.Check.isin(list(f.enum)))
        if f.dtype == "ags":
            checks.append(pa.Check.str_matches(AGS_PATTERN))
        if f.name.endswith("_pct") or f.name in ("amount_eur", "n_sources", "ki_count",
                                                 "district_count", "centre_count"):
            checks.append(pa.Check.ge(0))
        cols[f.name] = pa.Column(_PANDAS_DTYPES[f.dtype], checks=checks, nullable=f.nullable,
                                 required=True)
    return pa.DataFrameSchema(cols, strict=True, ordered=True,
                              unique=list(t.primary_key), name=name)


# ------------------------------------------------------------- frictionless metadata
_FRICTIONLESS_TYPES = {"string": "string", "int": "integer", "float": "number", "bool": "boolean",
                       "date": "date", "ags": "string"}

LICENSES = [
    {"name": "dl-de-by-2.0", "path": "https://www.govdata.de/dl-de/by-2-0",
     "title": "Datenlizenz Deutschland – Namensnennung – Version 2.0 (reference data on districts)"},
]

REFERENCE_SOURCES = [
    {"title": "Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV-ISys, Gebietsstand "
              "31.12.2021 (2022): Kreisfreie Städte und Landkreise nach Fläche, Bevölkerung und "
              "Bevölkerungsdichte",
     "path": "https://www.destatis.de/DE/Themen/Laender-Regionen/Regionales/Gemeindeverzeichnis/"
             "Administrativ/04-kreise.html",
     "license": "dl-de/by-2-0",
     "attribution": "Quelle: Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV-ISys, "
                    "Gebietsstand 31.12.2021 (2022)."},
    {"title": "Bundesamt für Kartographie und Geodäsie (BKG), Verwaltungsgebiete 1:250 000 (VG250), "
              "Stand 01.01.2020",
     "path": "https://www.govdata.de/dl-de/by-2-0",
     "license": "dl-de/by-2-0",
     "attribution": "Verwaltungsgrenzen: © GeoBasis-DE / BKG (2020), dl-de/by-2-0, Daten verändert "
                    "(generalisiert, bereinigt)"},
]


def _document_sources(documents: pd.DataFrame | None) -> list[dict]:
    """One Frictionless source per press release: publisher, title, date, URL."""
    if documents is None or documents.empty:
        return []
    out = []
    docs = documents.sort_values("doc_id", kind="stable")
    for row in docs.itertuples(index=False):
        rec = {"title": f"{_s(getattr(row, 'publisher_short', None)) or _s(getattr(row, 'publisher', None))}: "
                        f"{_s(getattr(row, 'title', None))}".strip(": "),
               "doc_id": row.doc_id}
        url = _s(getattr(row, "url", None))
        if url:
            rec["path"] = url
        d = getattr(row, "date", None)
        if d is not None and not pd.isna(d):
            rec["date"] = pd.Timestamp(d).date().isoformat()
        prec = _s(getattr(row, "date_precision", None))
        if prec:
            rec["date_precision"] = prec
        publisher = _s(getattr(row, "publisher", None))
        if publisher:
            rec["publisher"] = publisher
        out.append(rec)
    return out


def _s(v: object) -> str:
    return "" if v is None or v is pd.NA or (isinstance(v, float) and v != v) else str(v)


def table_schema(name: str) -> dict:
    """Frictionless Table Schema of a table."""
    t = table(name)
    fields = []
    for f in t.fields:
        d: dict = {"name": f.name, "type": _FRICTIONLESS_TYPES[f.dtype], "title": f.label_en,
                   "description": f.description}
        if f.dtype == "date":
            d["format"] = "default"  # ISO 8601 YYYY-MM-DD
        if f.unit:
            d["unit"] = f.unit
        constraints: dict = {}
        if not f.nullable:
            constraints["required"] = True
        if f.enum is not None:
            constraints["enum"] = list(f.enum)
        if f.dtype == "ags":
            constraints["pattern"] = AGS_PATTERN.strip("^$")
        if constraints:
            d["constraints"] = constraints
        fields.append(d)
    return {"fields": fields, "primaryKey": list(t.primary_key), "missingValues": [MISSING]}


def datapackage(names: Iterable[str], documents: pd.DataFrame | None = None) -> dict:
    """The Frictionless Data Package descriptor for the written tables (CSV resources)."""
    resources = []
    for n in names:
        t = table(n)
        resources.append({
            "name": n, "path": f"{n}.csv", "profile": "tabular-data-resource",
            "title": t.title_en, "description": t.description,
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "dialect": {"delimiter": ",", "quoteChar": "\"", "header": True},
            "schema": table_schema(n),
            "sources": REFERENCE_SOURCES if t.source == "reference" else [
                {"title": "Press releases in data/raw (see the documents table and the sources below)"}],
        })
    return {
        "profile": "tabular-data-package",
        "name": "ki-analysis",
        "title": "Kommunale Integrationszentren in NRW: figures from press releases",
        "description": "Tidy, sourced tables on the rollout, funding and staffing of North Rhine-"
                       "Westphalia's Kommunale Integrationszentren, extracted from German press "
                       "releases. Every figure keeps the document and sentence it came from.",
        "licenses": LICENSES,
        "sources": _document_sources(documents) + REFERENCE_SOURCES,
        "resources": resources,
    }


def datapackage_json(names: Iterable[str], documents: pd.DataFrame | None = None) -> str:
    return json.dumps(datapackage(names, documents), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


# ----------------------------------------------------------------- data dictionary
def _md(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def data_dictionary(names: Iterable[str] | None = None) -> str:
    """``data/processed/README.md``: every table and field with DE+EN labels and units."""
    names = list(names) if names is not None else list(TABLE_NAMES)
    lines = [
        "# data/processed: data dictionary",
        "",
        "Generated by `ki build` from the metadata registry (`ki_analysis/registry.py`); do not edit.",
        "",
        "Every table is written twice: `<table>.csv` and `<table>.parquet`, described by",
        "`datapackage.json` (Frictionless Data Package).",
        "",
        "- CSV: UTF-8 without BOM, comma-separated, `\"` quotes, LF line ends, one header row, no index.",
        "  A missing value is an empty field. Dates are ISO 8601 (`YYYY-MM-DD`); decimals use a point.",
        "- Excel: use *Data > From Text/CSV* and pick UTF-8 (double-clicking may assume another",
        "  encoding and a semicolon). R: `readr::read_csv(path, col_types = cols(district_ags = \"c\"))`",
        "  keeps the AGS leading zero. pandas: `ki_analysis.load(\"funding\")` returns typed columns.",
        "- `district_ags` is the 5-digit Kreisschlüssel as text (`05111`); never read it as a number.",
        "- Several sources for one row are joined by `\"; \"` in `doc_ids` and `fact_ids`.",
        "",
        "Reference data on districts: Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV-ISys,",
        "Gebietsstand 31.12.2021 (2022), dl-de/by-2-0. Boundaries: © GeoBasis-DE / BKG (2020),",
        "dl-de/by-2-0, Daten verändert. The press releases' origins are listed in the `documents` table",
        "and in `datapackage.json`.",
        "",
        "## Tables",
        "",
    ]
    for n in names:
        t = table(n)
        lines.append(f"- [`{n}`](#{n}): {t.title_de} / {t.title_en}")
    for n in names:
        t = table(n)
        lines += ["", f"## {n}", "", f"**{t.title_de}** / **{t.title_en}**", "", t.description, "",
                  f"Primary key: {', '.join(f'`{k}`' for k in t.primary_key)}. "
                  f"Rows sorted by {', '.join(f'`{k}`' for k in t.order)}."]
        if t.chart_title_de:
            lines.append(f"Charts: \"{t.chart_title_de}\" / \"{t.chart_title_en}\" ({t.chart_unit}).")
        lines += ["", "| field | type | unit | Bezeichnung | label | required | description |",
                  "| --- | --- | --- | --- | --- | --- | --- |"]
        for f in t.fields:
            desc = f.description + (f" One of: {', '.join(f.enum)}." if f.enum else "")
            lines.append(f"| `{f.name}` | {f.dtype} | {f.unit or ''} | {_md(f.label_de)} | "
                         f"{_md(f.label_en)} | {'yes' if not f.nullable else ''} | {_md(desc)} |")
    return "\n".join(lines) + "\n"
