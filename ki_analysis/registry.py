"""The one metadata registry: every field and every published table, defined once.

PUDL-style: a field (name, type, unit, description, labels) is written here once
and reused by every table that holds the same quantity under the same name. The
schema checks and typed loading (``ki_analysis.schema``), the data dictionary
(``data/processed/README.md``) and ``datapackage.json`` (``tables.package``) are all
generated from it, so none of them can drift from the others. A field with a unit is a
magnitude (a count, an amount, a share) and is never negative.

dtypes: ``string``, ``int`` (nullable Int64), ``float``, ``bool`` (nullable
boolean), ``date`` (ISO ``YYYY-MM-DD`` on disk, datetime64 in memory) and ``ags``
(5-digit Kreisschlüssel, kept as a string so the leading zero survives).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from . import vocab
from .errors import KiError

DTYPES = ("string", "int", "float", "bool", "date", "ags")
AGS_PATTERN = r"^05\d{3}$"
#: Significant digits kept for a float: enough for any figure in a press release,
#: few enough that arithmetic noise (0.1 + 0.2) disappears.
FLOAT_DIGITS = 12
#: Written for a missing value in every CSV; declared in datapackage.json.
MISSING = ""


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


def _field(
    name: str,
    dtype: str,
    description: str,
    de: str,
    en: str,
    *,
    unit: str | None = None,
    nullable: bool = True,
    enum: Iterable[str] | None = None,
) -> None:
    if name in _F:
        raise ValueError(f"field {name} defined twice")
    _F[name] = Field(
        name, dtype, description, de, en, unit, nullable, tuple(enum) if enum is not None else None
    )


# identity and provenance
_field(
    "doc_id",
    "string",
    "Identifier of a press release: its raw file name without extension.",
    "Dokument",
    "Document",
    nullable=False,
)
_field(
    "doc_ids",
    "string",
    'Every document that states this figure, joined by "; ".',
    "Dokumente",
    "Documents",
    nullable=False,
)
_field(
    "fact_id",
    "string",
    "Identifier of an extracted figure: `<doc_id>:<start>-<end>:<measure>`.",
    "Angabe",
    "Fact",
)
_field("fact_ids", "string", 'Every extracted figure behind this row, joined by "; ".', "Angaben", "Facts")
_field(
    "n_sources",
    "int",
    "Number of distinct documents that state this figure.",
    "Anzahl Quellen",
    "Number of sources",
    unit="count",
    nullable=False,
)
_field(
    "start",
    "int",
    "Start offset (characters) of the span in the normalised document text.",
    "Anfang",
    "Start",
    nullable=False,
)
_field(
    "end",
    "int",
    "End offset (characters, exclusive) of the span in the normalised text.",
    "Ende",
    "End",
    nullable=False,
)
_field(
    "sentence_start", "int", "Start offset of the sentence holding the span.", "Satzanfang", "Sentence start"
)
_field("sentence_end", "int", "End offset of the sentence holding the span.", "Satzende", "Sentence end")
_field(
    "quote", "string", "The sentence the figure or mention comes from (normalised text).", "Zitat", "Quote"
)
_field("rule", "string", "Name of the extraction rule that produced the fact.", "Regel", "Rule")
_field(
    "review_status",
    "string",
    "Whether a person has checked the figure (ki review, data/curation.yml): unreviewed (as "
    "extracted), confirmed, corrected, or rejected (facts only: kept and marked, left out of every "
    "derived table). A row of rollout, funding or staffing is as reviewed as its best-reviewed "
    "source; a derived row only as reviewed as its least-reviewed input.",
    "Prüfstatus",
    "Review status",
    enum=vocab.codes("review_status"),
)
_field(
    "review_reason",
    "string",
    "The reviewer's reason, from data/curation.yml.",
    "Begründung der Prüfung",
    "Review reason",
)
_field(
    "reviewed_by",
    "string",
    "Who reviewed the figure, from data/curation.yml.",
    "Geprüft von",
    "Reviewed by",
)

# documents
_field("title", "string", "Headline of the press release.", "Titel", "Title")
_field(
    "publisher", "string", "Publisher of the release, as named in its sidecar.", "Herausgeber", "Publisher"
)
_field(
    "publisher_short",
    "string",
    "Short name of the publisher (e.g. MAIS, MSW).",
    "Herausgeber (kurz)",
    "Publisher (short)",
)
_field("kind", "string", "Kind of publisher or record (e.g. ministry, party).", "Art", "Kind")
_field(
    "date",
    "date",
    "Date (ISO). Documents: the publication date; dates: the date mentioned; events: the date of the event.",
    "Datum",
    "Date",
)
_field(
    "date_precision",
    "string",
    "How precisely the date is known: day, month or year.",
    "Datumsgenauigkeit",
    "Date precision",
    enum=vocab.PERIOD_PRECISIONS,
)
_field(
    "date_earliest",
    "date",
    "Earliest possible publication date, when the date is not exact.",
    "frühestes Datum",
    "Earliest date",
)
_field(
    "date_latest",
    "date",
    "Latest possible publication date, when the date is not exact.",
    "spätestes Datum",
    "Latest date",
)
_field("url", "string", "Address of the release, when recorded.", "URL", "URL")
_field(
    "n_chars", "int", "Length of the normalised text in characters.", "Zeichen", "Characters", unit="count"
)
_field(
    "n_sentences", "int", "Number of sentences in the normalised text.", "Sätze", "Sentences", unit="count"
)
_field(
    "duplicate_cluster",
    "string",
    "Documents with the same value carry the same release (e.g. web text and PDF text).",
    "Dublettengruppe",
    "Duplicate cluster",
)
_field("sha256", "string", "SHA-256 of the raw file, as recorded in its sidecar.", "SHA-256", "SHA-256")
_field("path", "string", "Path of the raw file, relative to the project root.", "Pfad", "Path")

# facts
_field(
    "measure",
    "string",
    "What the figure counts or measures (documented vocabulary).",
    "Messgröße",
    "Measure",
    enum=vocab.codes("measure"),
)
_field("value", "float", "The figure in base units (13 Millionen Euro -> 13000000.0).", "Wert", "Value")
_field("unit", "string", "Unit of `value`.", "Einheit", "Unit", enum=vocab.codes("unit"))
_field(
    "qualifier",
    "string",
    "How the text bounds the figure: exact, approx (rund, etwa), "
    "at_least (über, mehr als), at_most (bis zu), almost (fast, knapp).",
    "Einschränkung",
    "Qualifier",
    enum=vocab.codes("qualifier"),
)
_field(
    "per_unit",
    "bool",
    'True for a figure per centre or per district ("jeweils", "pro Zentrum").',
    "je Einheit",
    "Per unit",
)
_field(
    "period",
    "string",
    "Year or date (ISO) the figure refers to; empty when unknown.",
    "Bezugszeitraum",
    "Period",
)
_field(
    "period_precision",
    "string",
    "Precision of `period`: day, month or year.",
    "Genauigkeit Bezugszeitraum",
    "Period precision",
    enum=vocab.PERIOD_PRECISIONS,
)
_field(
    "subject", "string", "What the figure is about (e.g. the centres, a programme).", "Gegenstand", "Subject"
)
_field("funder", "string", "Who pays, where the text says so.", "Geldgeber", "Funder")
_field(
    "value_text", "string", "The number exactly as written in the text.", "Zahl im Text", "Number as written"
)
_field("value_start", "int", "Start offset of the number itself.", "Zahlanfang", "Number start")
_field("value_end", "int", "End offset of the number itself.", "Zahlende", "Number end")

# places
_field(
    "district_ags",
    "ags",
    "5-digit Kreisschlüssel (AGS) of the district; empty if state-wide or not stated.",
    "Kreis (AGS)",
    "District (AGS)",
)
_field("district_name", "string", "Short name of the district.", "Kreis", "District")
_field(
    "alias_kind",
    "string",
    "Kind of name that matched (canonical, official, inflected, part, ...).",
    "Namensform",
    "Name form",
)
_field("surface", "string", "The words exactly as they appear in the text.", "Textstelle", "Surface")
_field("place", "string", "Place named for an event.", "Ort", "Place")

# numbers and dates
_field("text", "string", "The matched text, verbatim.", "Text", "Text")
_field("form", "string", "How the number is written.", "Schreibweise", "Form", enum=vocab.codes("form"))
_field(
    "disposition",
    "string",
    "What became of a numeric mention.",
    "Verwendung",
    "Disposition",
    enum=vocab.codes("disposition"),
)
_field("reason", "string", "Why the numeric mention got its disposition.", "Grund", "Reason")
_field("date_end", "date", "End of a date range, if the mention is a range.", "Enddatum", "End date")
_field(
    "precision",
    "string",
    "Precision of a date mentioned in the text.",
    "Genauigkeit",
    "Precision",
    enum=vocab.codes("precision"),
)

# programmes and events
_field("programme", "string", "Canonical name of a programme or service.", "Programm", "Programme")
_field("event_id", "string", "Identifier of an event.", "Ereignis", "Event", nullable=False)
_field("event_type", "string", "Kind of event.", "Ereignisart", "Event type", enum=vocab.codes("event_type"))
_field("people", "string", 'People named, as "Name (Rolle)", joined by "; ".', "Personen", "People")
_field(
    "is_planned",
    "bool",
    "True if the event lies in the future from the document's view.",
    "geplant",
    "Planned",
)
_field(
    "source_doc_ids",
    "string",
    'Every document that reports the event, joined by "; ".',
    "Quelldokumente",
    "Source documents",
)

# rollout
_field(
    "statement_id",
    "string",
    "Identifier of a statement (its first fact).",
    "Aussage",
    "Statement",
    nullable=False,
)
_field(
    "as_of_date",
    "date",
    "Date the statement refers to: the stated period, else the document date.",
    "Stand",
    "As of",
)
_field(
    "ki_count",
    "int",
    "Number of Kommunale Integrationszentren.",
    "Anzahl Integrationszentren",
    "Number of integration centres",
    unit="count",
)
_field(
    "district_count",
    "int",
    "Number of Kreise und kreisfreie Städte the statement counts "
    "(53 Kreis-level units, or 54 with Stadt Aachen).",
    "Anzahl Kreise",
    "Number of districts",
    unit="count",
)
_field(
    "coverage_pct",
    "float",
    "ki_count / district_count × 100; empty without a district count.",
    "Abdeckung",
    "Coverage",
    unit="%",
)
_field(
    "has_conflict",
    "bool",
    "True if another statement for the same period gives a different figure.",
    "widersprüchlich",
    "Has conflict",
)
_field(
    "has_unknown_period",
    "bool",
    "True if the text gives no period; the document date is used.",
    "Zeitraum unbekannt",
    "Unknown period",
)

# funding
_field(
    "funding_id",
    "string",
    "Identifier of a funding row (its first fact).",
    "Förderposten",
    "Funding item",
    nullable=False,
)
_field(
    "recipient_or_programme",
    "string",
    "Who or what receives the money.",
    "Empfänger/Programm",
    "Recipient or programme",
)
_field("amount_eur", "float", "Amount in euros.", "Betrag", "Amount", unit="EUR")
_field(
    "is_annual",
    "bool",
    "True if the text states a recurring yearly amount (jährlich, pro Jahr).",
    "jährlich",
    "Annual",
)
_field(
    "is_total",
    "bool",
    "True if other rows of the same document and period are parts of this one.",
    "Gesamtsumme",
    "Total",
)
_field(
    "share_pct",
    "float",
    "Share of the stated total of the same document and period.",
    "Anteil",
    "Share",
    unit="%",
)
_field(
    "total_id", "string", "funding_id of the stated total this row is part of.", "Gesamtposten", "Total item"
)

# staffing
_field(
    "staffing_id",
    "string",
    "Identifier of a staffing row.",
    "Personalposten",
    "Staffing item",
    nullable=False,
)
_field(
    "centre_count",
    "int",
    "Number of centres a per-centre figure is multiplied by (derived rows).",
    "Anzahl Zentren",
    "Number of centres",
    unit="count",
)
_field(
    "centre_basis",
    "string",
    "Which count the multiplier is: ki_count (centres existing) or district_count (one centre per district).",
    "Basis",
    "Basis",
    enum=vocab.codes("centre_basis"),
)
_field(
    "is_derived",
    "bool",
    "True for a row computed from other rows, not stated in a text.",
    "abgeleitet",
    "Derived",
)
_field(
    "formula",
    "string",
    "How a derived row is computed from its inputs, the same in every language "
    '(thousands grouped by spaces, ISO dates), e.g. "3.5 × 53" or '
    '"≈ 39 400 000 EUR (2016) / 49 centres (as of 2015-12-09)".',
    "Formel",
    "Formula",
)
_field(
    "has_mixed_dates",
    "bool",
    "True if a derived row combines figures of different dates; its formula names each input's date.",
    "verschiedene Stichtage",
    "Has mixed dates",
)

# checks
_field("check_id", "string", "Stable identifier of a check.", "Prüfung", "Check", nullable=False)
_field("check_kind", "string", "What is checked.", "Prüfart", "Check kind", enum=vocab.codes("check_kind"))
_field(
    "status",
    "string",
    "ok, warn, conflict (documented disagreement) or error (broken data).",
    "Status",
    "Status",
    enum=vocab.codes("status"),
)
_field("values", "string", "The figures compared, as written out.", "Werte", "Values")
_field("observed", "float", "The figure computed from the parts (sum, product).", "berechnet", "Observed")
_field("expected", "float", "The stated figure it is compared with.", "angegeben", "Expected")
_field("tolerance", "string", "The range accepted and why (qualifiers, rounding).", "Toleranz", "Tolerance")
_field("explanation", "string", "One sentence that explains the result.", "Erläuterung", "Explanation")
_field(
    "values_de",
    "string",
    "The figures compared, written out in German (qualifier words, decimal comma).",
    "Werte (deutsch)",
    "Values (German)",
)
_field(
    "explanation_de",
    "string",
    "The explanation in German, for German reports and readers.",
    "Erläuterung (deutsch)",
    "Explanation (German)",
)

# districts (reference)
_field(
    "name_official",
    "string",
    "Name with its designation (Kreis X, Stadt X).",
    "amtlicher Name",
    "Official name",
)
_field(
    "district_type",
    "string",
    "kreisfreie Stadt, Kreis or Städteregion.",
    "Kreistyp",
    "District type",
    enum=vocab.codes("district_type"),
)
_field(
    "regierungsbezirk",
    "string",
    "Regierungsbezirk the district belongs to.",
    "Regierungsbezirk",
    "Administrative region",
)
_field(
    "regierungsbezirk_code",
    "string",
    "3-digit code of the Regierungsbezirk.",
    "Regierungsbezirk-Code",
    "Region code",
)
_field("nuts3", "string", "NUTS-3 code.", "NUTS-3", "NUTS-3")
_field(
    "name_destatis", "string", "Regional name, verbatim from Destatis.", "Name (Destatis)", "Name (Destatis)"
)
_field(
    "population",
    "int",
    "Population on 31.12.2021 (Zensus-2011 basis).",
    "Einwohner",
    "Population",
    unit="persons",
)
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


_SOURCES = ("doc_ids", "fact_ids", "quote", "n_sources", "review_status")

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "documents",
            "Dokumente",
            "Documents",
            "One row per press release in data/raw, with its origin record and duplicate cluster.",
            _fields(
                "doc_id",
                "title",
                "publisher",
                "publisher_short",
                "kind",
                "date",
                "date_precision",
                "date_earliest",
                "date_latest",
                "url",
                "n_chars",
                "n_sentences",
                "duplicate_cluster",
                "sha256",
                "path",
            ),
            ("doc_id",),
            sort_by=("date", "doc_id"),
        ),
        Table(
            "facts",
            "Angaben",
            "Facts",
            "One row per figure extracted from a document, with its span, quote and rule.",
            _fields(
                "fact_id",
                "doc_id",
                "start",
                "end",
                "quote",
                "measure",
                "value",
                "unit",
                "qualifier",
                "per_unit",
                "period",
                "is_annual",
                "subject",
                "district_ags",
                "funder",
                "rule",
                "value_text",
                "value_start",
                "value_end",
                "period_precision",
                "sentence_start",
                "sentence_end",
                "review_status",
                "review_reason",
                "reviewed_by",
                # the extractor always states these (the facts contract); a gap is a bug, not data
                **{
                    n: {"nullable": False}
                    for n in ("fact_id", "quote", "measure", "value", "unit", "qualifier", "per_unit")
                },
            ),
            ("fact_id",),
            sort_by=("doc_id", "start", "end", "measure"),
        ),
        Table(
            "numbers",
            "Zahlen im Text",
            "Numbers in the text",
            "Every numeric mention in every document and what became of it.",
            _fields("doc_id", "start", "end", "text", "value", "form", "disposition", "reason", "fact_id"),
            ("doc_id", "start", "end"),
        ),
        Table(
            "dates",
            "Datumsangaben",
            "Dates",
            "Every date mentioned in every document, with its precision.",
            _fields("doc_id", "start", "end", "text", "date", "date_end", "precision", "kind"),
            ("doc_id", "start", "end"),
        ),
        Table(
            "mentions",
            "Erwähnungen von Kreisen",
            "District mentions",
            "Every mention of a Kreis or kreisfreie Stadt, with its AGS, span and sentence.",
            _fields(
                "doc_id",
                "start",
                "end",
                "surface",
                "district_ags",
                "district_name",
                "alias_kind",
                "sentence_start",
                "sentence_end",
                "quote",
            ),
            ("doc_id", "start", "end"),
        ),
        Table(
            "programmes",
            "Programme und Angebote",
            "Programmes and services",
            "Named programmes and services and where they are mentioned.",
            _fields("programme", "doc_id", "start", "end", "surface", "district_ags", "quote"),
            ("doc_id", "start", "end"),
        ),
        Table(
            "events",
            "Ereignisse",
            "Events",
            "Laws passed, offices opened, funding approved, visits and programme starts.",
            _fields(
                "event_id",
                "event_type",
                "date",
                "date_precision",
                "district_ags",
                "place",
                "people",
                "is_planned",
                "doc_id",
                "start",
                "end",
                "quote",
                "source_doc_ids",
            ),
            ("event_id",),
            sort_by=("date", "event_id"),
        ),
        Table(
            "rollout",
            "Aufbau des Netzes",
            "Rollout of the network",
            "The network's size over time: one row per as-of date and statement. The same statement "
            "in several documents is one row listing all its sources; conflicting statements stay "
            "side by side.",
            _fields(
                "statement_id",
                "as_of_date",
                "date_precision",
                "ki_count",
                "district_count",
                "coverage_pct",
                "qualifier",
                "has_conflict",
                "has_unknown_period",
                *_SOURCES,
            ),
            ("statement_id",),
            chart_title_de="Kommunale Integrationszentren in NRW",
            chart_title_en="Kommunale Integrationszentren in NRW",
            chart_unit="Anzahl Zentren",
            sort_by=("as_of_date", "statement_id"),
        ),
        Table(
            "funding",
            "Förderung",
            "Funding",
            "One row per period, funder and recipient or programme, with the amount in euros, its "
            "qualifier, whether it is annual and its share of a stated total. The sum of a total's "
            "parts and the amount per centre are derived rows with their formula, rounded to the "
            "precision of their inputs.",
            _fields(
                "funding_id",
                "period",
                "period_precision",
                "funder",
                "recipient_or_programme",
                "district_ags",
                "amount_eur",
                "qualifier",
                "is_annual",
                "is_total",
                "share_pct",
                "total_id",
                "is_derived",
                "formula",
                "has_mixed_dates",
                "has_unknown_period",
                *_SOURCES,
            ),
            ("funding_id",),
            chart_title_de="Finanzierung der Kommunalen Integrationszentren",
            chart_title_en="Funding of the Kommunale Integrationszentren",
            chart_unit="Euro",
            sort_by=("period", "funding_id"),
        ),
        Table(
            "staffing",
            "Personal",
            "Staffing",
            "Positions and teachers per centre and in total. Totals implied by a per-centre figure "
            "times a number of centres are derived rows with their formula.",
            _fields(
                "staffing_id",
                "as_of_date",
                "date_precision",
                "measure",
                "value",
                "unit",
                "qualifier",
                "per_unit",
                "is_derived",
                "formula",
                "has_mixed_dates",
                "centre_count",
                "centre_basis",
                "funder",
                "has_unknown_period",
                *_SOURCES,
            ),
            ("staffing_id",),
            chart_title_de="Personal der Kommunalen Integrationszentren",
            chart_title_en="Staff of the Kommunale Integrationszentren",
            chart_unit="Stellen bzw. Lehrkräfte",
            sort_by=("as_of_date", "staffing_id"),
        ),
        Table(
            "checks",
            "Abgleich",
            "Reconciliation checks",
            "Reconciliation of the figures: parts against totals, per-centre figures against totals, "
            "conflicting counts, corroboration by several documents and figures without a period.",
            _fields(
                "check_id",
                "check_kind",
                "status",
                "values",
                "observed",
                "expected",
                "unit",
                "tolerance",
                "doc_ids",
                "explanation",
                "values_de",
                "explanation_de",
                check_kind={"nullable": False},
                status={"nullable": False},
                explanation={"nullable": False},
                doc_ids={"nullable": True},
            ),
            ("check_id",),
        ),
        Table(
            "districts",
            "Kreise und kreisfreie Städte",
            "Districts",
            "Reference: NRW's 53 Kreis-level units (Destatis GV-ISys, Gebietsstand 31.12.2021).",
            _fields(
                "district_ags",
                "district_name",
                "name_official",
                "district_type",
                "regierungsbezirk",
                "regierungsbezirk_code",
                "nuts3",
                "name_destatis",
                "population",
                "area_km2",
                "stats_date",
                district_ags={"nullable": False},
            ),
            ("district_ags",),
            source="reference",
        ),
    )
}

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
