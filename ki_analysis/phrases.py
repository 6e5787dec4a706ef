"""Every sentence and heading a reader sees, in German and English, as templates.

Charts, reports, the report index and ``ki check`` word their titles, headings and notes from
here; the placeholders (``{n}``, ``{date}``, ...) are filled with the data, never typed in
("{n} von {total} Kreisen", not "53"). Labels of codes (measures, qualifiers, funders, ...)
are not here but in ``ki_analysis.vocab``.
"""

from __future__ import annotations

from .vocab import Term, check_lang

PHRASES: dict[str, Term] = {
    "source": Term("Quelle", "Source"),
    "sources": Term("Quellen", "Sources"),
    "nrw": Term("Nordrhein-Westfalen", "North Rhine-Westphalia"),
    "stated": Term("genannt", "stated"),
    "derived_computed": Term("abgeleitet (berechnet)", "derived (computed)"),
    "derived": Term("abgeleitet", "derived"),
    "per_centre": Term("je Zentrum", "per centre"),
    "total": Term("insgesamt", "total"),
    "chart_map": Term("Karte", "Map"),
    "bar": Term("Balkendiagramm", "Bar chart"),
    "line": Term("Liniendiagramm", "Line chart"),
    "timeline": Term("Zeitleiste", "Timeline"),
    "and": Term("und", "and"),
    "state_title": Term(
        "Kommunale Integrationszentren in NRW: Stand {date}",
        "Municipal integration centres in NRW: as of {date}",
    ),
    "state_lede": Term(
        "Was die Pressemitteilungen im Korpus bis zum {date} sagten ({n} Dokumente).",
        "What the press releases in the corpus said up to {date} ({n} documents).",
    ),
    "district_title": Term("{name}: Kommunales Integrationszentrum", "{name}: municipal integration centre"),
    "district_lede": Term(
        "Was der Korpus über {name} sagt, mit Quellen.", "What the corpus says about {name}, with sources."
    ),
    "data_version": Term("Datenstand (Inhalts-Hash)", "Data version (content hash)"),
    "rollout": Term("Aufbau: Zahl der Zentren", "Rollout: number of centres"),
    "funding": Term("Finanzierung", "Funding"),
    "staffing": Term("Personal", "Staffing"),
    "conflicts": Term("Offene Widersprüche zwischen Quellen", "Open conflicts between sources"),
    "releases": Term("Zitierte Pressemitteilungen", "Press releases cited"),
    "reference": Term("Stammdaten", "Reference data"),
    "section_map": Term("Lage in NRW", "Location in NRW"),
    "passages": Term("Textstellen über {name}", "Passages about {name}"),
    "events": Term("Ereignisse (z. B. Besuche)", "Events (e.g. visits)"),
    "programmes": Term("Programme und lokale Zahlen", "Programmes and local figures"),
    "context": Term("Landesweiter Zusammenhang", "Statewide context"),
    "none": Term("Keine Angaben im Korpus.", "Nothing in the corpus."),
    "nothing_specific": Term(
        "Der Korpus enthält nichts Spezifisches zu {name}. Die Angaben unten betreffen ganz NRW.",
        "The corpus has nothing specific on {name}. The figures below are for NRW as a whole.",
    ),
    "aachen": Term(
        "Die Stadt Aachen gehört zur Städteregion Aachen, betreibt aber ein eigenes Kommunales Integrationszentrum (das 54. in NRW). Dieser Bericht betrifft die Städteregion; Textstellen zur Stadt Aachen sind mit aufgeführt.",
        "The city of Aachen is part of the Städteregion Aachen but runs its own municipal integration centre (the 54th in NRW). This report covers the Städteregion; passages about the city of Aachen are listed too.",
    ),
    "type": Term("Typ", "Type"),
    "rb": Term("Regierungsbezirk", "Administrative region"),
    "population": Term("Einwohner ({date})", "Population ({date})"),
    "area": Term("Fläche (km²)", "Area (km²)"),
    "ags": Term("Amtlicher Gemeindeschlüssel", "Official municipality key (AGS)"),
    "date": Term("Datum", "Date"),
    "publisher": Term("Herausgeber", "Publisher"),
    "title": Term("Titel", "Title"),
    "url": Term("Adresse", "URL"),
    "no_url": Term("keine Adresse erfasst", "no address recorded"),
    "figure": Term("Angabe", "Figure"),
    "value": Term("Wert", "Value"),
    "quote": Term("Zitat", "Quote"),
    "event": Term("Ereignis", "Event"),
    "place": Term("Ort", "Place"),
    "people": Term("Personen", "People"),
    "message": Term("Befund", "Finding"),
    "data_csv": Term("Daten (CSV)", "Data (CSV)"),
    "src_corpus": Term(
        "Quelle: Pressemitteilungen im Korpus (ki-analysis)",
        "Source: press releases in the corpus (ki-analysis)",
    ),
    "src_map": Term(
        "Karte: © GeoBasis-DE / BKG {year} (Daten verändert), dl-de/by-2-0",
        "Map: © GeoBasis-DE / BKG {year} (data modified), dl-de/by-2-0",
    ),
    "map_title": Term("{name} in Nordrhein-Westfalen", "{name} in North Rhine-Westphalia"),
    "map_sub": Term(
        "Kreise und kreisfreie Städte, Gebietsstand {date}",
        "Districts and county-level cities, boundaries as of {date}",
    ),
    "map_alt": Term(
        "Karte der {n} Kreise und kreisfreien Städte Nordrhein-Westfalens; {name} ({rb}) ist dunkel "
        "hervorgehoben.",
        "Map of the {n} districts of North Rhine-Westphalia; {name} ({rb}) is highlighted in dark colour.",
    ),
    # charts (ki_analysis.plots): titles state the message, subtitles measure, area and period
    "chart_alt": Term("{kind}: {title}. {items}.", "{kind}: {title}. {items}."),
    "as_of": Term("Stand {date}", "as of {date}"),
    "none_listed": Term("keine", "none"),
    "axis_eur_m": Term("Mio. €", "€m"),
    "note_mixed_dates": Term(
        "Hinweis: „{what}“ verbindet Angaben verschiedener Stichtage: {formula}.",
        "Note: “{what}” combines figures of different dates: {formula}.",
    ),
    # the mark of a figure no person has checked, explained under a chart or a table
    "note_unreviewed": Term(
        "{mark} ungeprüft: maschinell aus dem Text gelesen, noch von keiner Person bestätigt.",
        "{mark} unreviewed: machine-read from the text, not yet confirmed by a person.",
    ),
    "rollout_title": Term(
        "Von {first} auf {last} Kommunale Integrationszentren ({period})",
        "Municipal integration centres grew from {first} to {last} ({period})",
    ),
    "rollout_title_coverage": Term(
        "Von {first} auf {last} Kommunale Integrationszentren ({period}): {pct} der Kreise abgedeckt",
        "Municipal integration centres grew from {first} to {last} ({period}), covering {pct} of districts",
    ),
    "rollout_sub": Term(
        "{table}: Anzahl der {centres} und der {districts}; Abdeckung in %",
        "{table}: number of {centres} and of {districts}; coverage in %",
    ),
    "rollout_sub_spans": Term(
        "Balken: Stand nur auf Monat oder Jahr genau", "bars: as-of date known to the month or year only"
    ),
    "rollout_alt": Term("{kind}: {title}. Punkte: {points}.", "{kind}: {title}. Points: {points}."),
    "rollout_alt_marks": Term(
        "{kind}: {title}. Punkte: {points}. Markiert: {marks}.",
        "{kind}: {title}. Points: {points}. Marked: {marks}.",
    ),
    "funding_title": Term(
        "{total} für die Kommunalen Integrationszentren {period}",
        "{total} for the municipal integration centres in {period}",
    ),
    "funding_title_lead": Term(
        "{total} für die Kommunalen Integrationszentren {period}: den größten Teil tragen {funder} ({share})",
        "{total} for the municipal integration centres in {period}; {funder} paid the largest share "
        "({share})",
    ),
    "funding_sub": Term("{table}: Beträge nach Geldgeber, {unit}", "{table}: amounts by funder, {unit}"),
    "funding_total_stated": Term("insgesamt (genannt)", "total (stated)"),
    "funding_sum_of_parts": Term("Summe der Teile", "sum of the parts"),
    "funding_annual_head": Term("jährlich: {funder}, {period}", "annual: {funder}, {period}"),
    "funding_per_centre_head": Term(
        "je Zentrum {period} (abgeleitet): {formula}", "per centre {period} (derived): {formula}"
    ),
    "funder_unknown": Term("Geldgeber nicht genannt", "funder not stated"),
    "staffing_title": Term("Je Zentrum {items}", "Each centre: {items}"),
    "staffing_title_implied": Term(
        "Je Zentrum {items}; rechnerisch {implied} {teachers}, genannt {stated}",
        "Each centre: {items}; {implied} {teachers} implied, {stated} stated",
    ),
    "staffing_title_none": Term(
        "Personal der Kommunalen Integrationszentren", "Staff of the municipal integration centres"
    ),
    "staffing_sub": Term(
        "{table}: {positions} und {teachers}, je Zentrum und insgesamt",
        "{table}: {positions} and {teachers}, per centre and total",
    ),
    "mentions_title": Term(
        "{n} von {total} Kreisen und kreisfreien Städten werden genannt, {name} am häufigsten ({count}-mal)",
        "{n} of {total} districts are named; {name} most often ({count} times)",
    ),
    "mentions_sub": Term(
        "{table}: Anzahl der Nennungen je Kreis (Dokumente in Klammern)",
        "{table}: number of mentions per district (documents in brackets)",
    ),
    "mentions_top": Term("die {top} häufigsten", "top {top}"),
    "mentions_axis": Term("Nennungen", "mentions"),
    "mentions_item": Term("{name}: {n} (Dokumente: {docs})", "{name}: {n} (documents: {docs})"),
    "map_view_alt": Term(
        "Karte der {n} Kreise und kreisfreien Städte: {title}. {items}.",
        "Map of the {n} districts: {title}. {items}.",
    ),
    "map_highlighted": Term("Hervorgehoben: {name}.", "Highlighted: {name}."),
    "map_outlined": Term("schwarz umrandet: {name}", "outlined in black: {name}"),
    "map_corpus_title": Term(
        "{n} von {total} Kreisen und kreisfreien Städten werden in den Pressemitteilungen genannt",
        "{n} of NRW's {total} districts are named in the press releases",
    ),
    "map_corpus_measure": Term("Kreise mit mindestens einer Nennung", "districts with at least one mention"),
    "map_several_docs": Term("in mehreren Dokumenten", "in several documents"),
    "map_one_doc": Term("in einem Dokument", "in one document"),
    "map_not_named": Term("nicht genannt", "not named"),
    "map_visits_title": Term(
        "Besuche in {done} Kreisen erfolgt, in {planned} angekündigt",
        "Visits made in {done} districts, announced in {planned}",
    ),
    "map_visits_measure": Term("Besuche je Kreis", "visits per district"),
    "map_no_visit": Term("kein Besuch genannt", "no visit named"),
    "map_rb_title": Term(
        "Nennungen nach Regierungsbezirk: {rb} vorn ({n})",
        "Mentions by administrative region: {rb} leads ({n})",
    ),
    "map_rb_measure": Term(
        "Regierungsbezirke; genannte Kreise kräftig, Nennungen in der Legende",
        "administrative regions; named districts in strong colour, mentions in the legend",
    ),
    "map_rb_item": Term(
        "{rb}: {named}/{total} Kreise, Nennungen: {n}", "{rb}: {named}/{total} districts, mentions: {n}"
    ),
    "checks_title": Term("{n} Abgleiche – {counts}", "{n} checks – {counts}"),
    "checks_sub": Term(
        "{table}: Anzahl nach Prüfart und Status", "{table}: number by kind of check and status"
    ),
    "checks_axis": Term("Anzahl der Abgleiche", "number of checks"),
    "documents_title": Term(
        "{n} Dokumente ({releases} Pressemitteilungen) von {publishers} Herausgebern, {period}",
        "{n} documents ({releases} press releases) from {publishers} publishers, {period}",
    ),
    "documents_sub": Term(
        "{table}: Datum nach Herausgeber und Art; Balken und offene Kreise: Datum nur auf Monat oder "
        "Jahr bekannt",
        "{table}: date by publisher and kind; bars and open circles: date known to the month or year only",
    ),
    "numbers_title": Term("{n} Zahlen in den Texten – {counts}", "{n} numbers in the texts – {counts}"),
    "numbers_sub": Term(
        "{table}: Anzahl je Dokument nach Verwendung", "{table}: count per document by disposition"
    ),
    "numbers_axis": Term("Zahlen", "numbers"),
    "annual": Term("jährlich", "annual"),
    "period": Term("Zeitraum", "Period"),
    "funder": Term("Geldgeber", "Funder"),
    "recipient": Term("Empfänger / Programm", "Recipient / programme"),
    "programme": Term("Programm", "Programme"),
    # reports: navigation, key points, tables (ki_analysis.report.parts)
    "nav_index": Term("Alle Berichte", "All reports"),
    "nav_other_lang": Term("English version", "Deutsche Fassung"),
    "key_points": Term("Das Wichtigste", "Key points"),
    "kp_source": Term("Quelle: {sources}", "Source: {sources}"),
    "kp_sources": Term("Quellen: {sources}", "Sources: {sources}"),
    "kp_centres": Term(
        "Zuletzt genannt ({date}): {count} {centres} für {districts} {district_word}, eine Abdeckung "
        "von {pct}.",
        "Latest figure ({date}): {count} {centres} for {districts} {district_word}, a coverage of {pct}.",
    ),
    "kp_centres_plain": Term(
        "Zuletzt genannt ({date}): {count} {centres}.", "Latest figure ({date}): {count} {centres}."
    ),
    "kp_funding": Term(
        "Jüngste Gesamtsumme der {funding} ({period}): {total}; größter Teil: {funder}, {part} ({share}).",
        "Latest total {funding} ({period}): {total}; largest part: {funder}, {part} ({share}).",
    ),
    "kp_funding_plain": Term(
        "Jüngste Gesamtsumme der {funding} ({period}): {total}.",
        "Latest total {funding} ({period}): {total}.",
    ),
    "kp_staffing": Term("Je Zentrum ({date}): {items}.", "Per centre ({date}): {items}."),
    "kp_news": Term(
        "Neu seit dem Lauf vom {since}: {docs}; {facts} neue und {changed} geänderte Angaben.",
        "New since the run of {since}: {docs}; {facts} new and {changed} changed figures.",
    ),
    "kp_news_docs": Term("{n} Pressemitteilung(en): {titles}", "{n} press release(s): {titles}"),
    "kp_news_no_docs": Term("keine neue Pressemitteilung", "no new press release"),
    "kp_latest": Term(
        "Neueste Pressemitteilung im Korpus: {latest}.", "Newest press release in the corpus: {latest}."
    ),
    "kp_no_conflicts": Term(
        "Keine offenen Widersprüche zwischen den Quellen.", "No open conflicts between the sources."
    ),
    "kp_conflict_one": Term(
        "Ein offener Widerspruch zwischen Quellen: {what} (unten erklärt).",
        "One open conflict between sources: {what} (explained below).",
    ),
    "kp_conflicts": Term(
        "{n} offene Widersprüche zwischen Quellen, darunter {what} (unten erklärt).",
        "{n} open conflicts between sources, among them {what} (explained below).",
    ),
    "review_summary": Term(
        "{n} von {total} Angaben in diesem Bericht sind von einer Person geprüft (bestätigt oder korrigiert); "
        "ungeprüfte sind mit „{mark}“ markiert.",
        "{n} of {total} figures in this report are confirmed or corrected by a person; unreviewed ones are "
        "marked “{mark}”.",
    ),
    "kp_district_named": Term(
        "Der Korpus nennt {name} {n}-mal in {docs} ({period}).",
        "The corpus names {name} {n} times in {docs} ({period}).",
    ),
    "docs_one": Term("einem Dokument", "one document"),
    "docs": Term("{n} Dokumenten", "{n} documents"),
    "figures": Term("{n} Angaben", "{n} figures"),
    "figures_one": Term("{n} Angabe", "{n} figure"),
    "kp_district_event": Term(
        "Jüngstes Ereignis: {event}, {date}{place}.", "Most recent event: {event}, {date}{place}."
    ),
    "kp_district_figures": Term("Zahlen zu {name} selbst: {items}.", "Figures on {name} itself: {items}."),
    "kp_district_programmes": Term("Programme vor Ort: {names}.", "Local programmes: {names}."),
    "kp_statewide": Term("Landesweit zuletzt: {items}.", "Statewide, latest: {items}."),
    "in_place": Term(" in {place}", " in {place}"),
    "derived_legend": Term(
        "Kursiv: abgeleitet, aus genannten Angaben berechnet (Rechnung in der Anmerkung).",
        "Italics: derived, computed from stated figures (the computation is in the note).",
    ),
    "notes": Term("Anmerkungen: die zitierten Sätze", "Notes: the sentences quoted"),
    "computed": Term("Rechnung: {formula}", "Computation: {formula}"),
    "kind": Term("Art", "Kind"),
    "part_of_total": Term("Teil der Summe ({share})", "part of the total ({share})"),
    "coverage": Term("Abdeckung", "Coverage"),
    "footer": Term(
        "Erstellt mit ki-analysis aus Pressemitteilungen; jede Zahl mit ihrem Satz. {version}",
        "Made with ki-analysis from press releases; every figure with its sentence. {version}",
    ),
    "index_groups": Term("Berichte nach Regierungsbezirk", "Reports by administrative region"),
    "index_state": Term("Landesbericht", "State report"),
    "index_downloads": Term("Daten zum Herunterladen", "Data downloads"),
    "index_xlsx": Term(
        "Excel-Arbeitsmappe: alle Tabellen, Datenlexikon und Quellen",
        "Excel workbook: every table, the data dictionary and the sources",
    ),
    "index_datapackage": Term(
        "Datenpaket-Beschreibung (Frictionless)", "Data package descriptor (Frictionless)"
    ),
    "index_dictionary": Term("Datenlexikon", "Data dictionary"),
    "index_csv": Term("Tabellen als CSV (UTF-8)", "Tables as CSV (UTF-8)"),
    "index_lang_de": Term("Deutsch", "German"),
    "index_lang_en": Term("Englisch", "English"),
    "index_other": Term("Dieses Verzeichnis auf Englisch", "This index in German"),
    "pdf": Term("PDF", "PDF"),
    "index_versions": Term("Fassungen", "Versions"),
    "index_title": Term(
        "Berichte: Kommunale Integrationszentren in NRW", "Reports: municipal integration centres in NRW"
    ),
    "index_news": Term("Neu seit dem letzten Lauf", "New since the previous run"),
    "index_first": Term("Erster Lauf: noch kein Vergleich möglich.", "First run: nothing to compare yet."),
    "index_nothing": Term(
        "Nichts Neues seit dem letzten Lauf ({when}).", "Nothing new since the previous run ({when})."
    ),
    "index_new_docs": Term("Neue Dokumente", "New documents"),
    "index_new_facts": Term("Neue Angaben", "New figures"),
    "index_changed_facts": Term("Geänderte Angaben", "Changed figures"),
    "index_new_conflicts": Term("Neue Widersprüche", "New conflicts"),
    "index_removed_docs": Term("Entfernte Dokumente", "Removed documents"),
    "index_reports": Term("Berichte", "Reports"),
    "index_report": Term("Bericht", "Report"),
    "index_params": Term("Parameter", "Parameters"),
    "index_version": Term("Datenstand", "Data version"),
    "index_rendered": Term("Erstellt (UTC)", "Rendered (UTC)"),
    "index_status": Term("Status", "Status"),
    "index_run": Term(
        "Lauf vom {when} (UTC): {figures} aus {documents} (Datenstand {version}).",
        "Run of {when} (UTC): {figures} from {documents} (data version {version}).",
    ),
    "index_failed": Term("fehlgeschlagen", "failed"),
    # Reconciliation (tables.checks): each check's sentence, published in both languages.
    "check_eur": Term("€", "EUR"),
    "check_parts_ok": Term(
        "Die {n} Teile ({parts} {eur}) passen zur genannten Summe von {total} {eur} für {period}.",
        "The {n} parts ({parts} {eur}) agree with the stated total of {total} {eur} for {period}.",
    ),
    "check_parts_warn": Term(
        "Die {n} Teile ({parts} {eur}) passen fast zur genannten Summe von {total} {eur} für {period}.",
        "The {n} parts ({parts} {eur}) nearly agree with the stated total of {total} {eur} for {period}.",
    ),
    "check_parts_conflict": Term(
        "Die {n} Teile ({parts} {eur}) ergeben nicht die genannte Summe von {total} {eur} für {period}.",
        "The {n} parts ({parts} {eur}) do not add up to the stated total of {total} {eur} for {period}.",
    ),
    "check_period_unknown": Term("einen unbekannten Zeitraum", "an unknown period"),
    "check_product_ok": Term("passt", "agrees"),
    "check_product_warn": Term("passt fast", "nearly agrees"),
    "check_product_conflict": Term("passt nicht", "disagrees"),
    "check_per_centre": Term(
        "{measure} je Zentrum mal Zahl der Zentren ergibt {products}; genannt sind insgesamt {total}.",
        "Per-centre {measure} times the number of centres give {products}, against a stated total of {total}.",
    ),
    "check_districts": Term(
        "Die Quellen nennen {values} Kreise: {why}", "Sources give {values} districts: {why}"
    ),
    "check_districts_aachen": Term(
        "{n} zählt die Kreise und kreisfreien Städte NRWs; {n_plus} zählt auch die Stadt Aachen, die "
        "innerhalb der Städteregion Aachen ein eigenes Kommunales Integrationszentrum hat (siehe "
        "data/reference/SOURCES.md). Beide Zahlen sind nach ihrer eigenen Zählweise richtig.",
        "{n} counts NRW's Kreis-level units; {n_plus} also counts Stadt Aachen, which keeps its own "
        "Kommunales Integrationszentrum inside Städteregion Aachen (see data/reference/SOURCES.md). "
        "Both are right under their own convention.",
    ),
    "check_districts_other": Term(
        "Die Quellen zählen die Kreise und kreisfreien Städte unterschiedlich.",
        "The sources count the Kreise und kreisfreie Städte differently.",
    ),
    "check_centres_differ": Term(
        "Angaben für {when} nennen unterschiedliche Zahlen von Zentren; alle stehen nebeneinander.",
        "Statements for {when} give different numbers of centres; both are kept side by side.",
    ),
    "check_centres_of": Term("{centres} für {districts}", "{centres} of {districts}"),
    "check_corroborated": Term(
        "„{what}“ steht in {how}; gezählt wird die Angabe einmal.",
        "{what} is stated in {how}; it is counted once.",
    ),
    "check_one_release": Term("einer Mitteilung in {n} Fassungen", "one release in {n} editions"),
    "check_releases": Term("{n} verschiedenen Mitteilungen", "{n} separate releases"),
    "check_releases_docs": Term(
        "{n} verschiedenen Mitteilungen ({m} Dokumenten)", "{n} separate releases, {m} documents"
    ),
    "check_no_period": Term(
        "Der Text nennt für diese Angabe (Tabelle {table}) keinen Zeitraum; sie ist nach ihrem Dokument "
        "datiert und bleibt erhalten.",
        "The text gives no period for this {table} figure; it is dated by its document and kept.",
    ),
    "check_missing_document": Term(
        "Angaben verweisen auf das Dokument {doc_id}, das in der Tabelle documents fehlt.",
        "Facts refer to document {doc_id}, which is not in the documents table.",
    ),
    "check_over_coverage": Term(
        "{centres} Zentren für {districts} Kreise sind mehr als eins je Kreis.",
        "{centres} centres for {districts} districts is more than one per district.",
    ),
    "check_schema": Term(
        "Die Tabelle {table} entspricht nicht ihrem Schema ({summary}).",
        "Table {table} does not match its schema ({summary}).",
    ),
}


def phrase(key: str, lang: str, **values: object) -> str:
    """The phrase ``key`` in ``lang`` with its placeholders filled from ``values``."""
    return PHRASES[key](check_lang(lang)).format(**values)


def counted(key: str, n: int, lang: str, shown: str | None = None) -> str:
    """``n`` things in ``lang``, singular for one ("1 Dokument", "2 Dokumente"): the phrase ``key``
    or ``key_one``; ``shown`` is ``n`` as the caller formats it."""
    one = f"{key}_one"
    return phrase(one if n == 1 and one in PHRASES else key, lang, n=str(n) if shown is None else shown)
