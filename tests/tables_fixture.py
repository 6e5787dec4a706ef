"""Invented test corpus for the tables/checks/package tests (not the seed figures).

Four made-up releases: a ministry release (web + PDF, one duplicate cluster), a party
release that copies its count sentence, a year-dated release with a funding total and
its parts, and a second year-dated release whose count disagrees.
"""

from __future__ import annotations

import pandas as pd

TEXTS = {
    "2020-03-02_land_web": (
        "Inzwischen gibt es 12 von 30 Zentren. Das Land zahlt jährlich 4,25 Mio. Euro an die Zentren. "
        "Jedes Zentrum erhält jeweils 1,5 Stellen und jeweils drei Lehrkräfte. "
        "Insgesamt sind über 80 Lehrkräfte abgeordnet."
    ),
    "2020-03-02_land_pdf": "Inzwischen gibt es 12 von 30 Zentren.",
    "2020-03_partei": (
        "Die Partei freut sich. Inzwischen gibt es 12 von 30 Zentren im Land. "
        "Ziel sind Zentren in allen 31 Kreisen."
    ),
    "2021_land_bericht": (
        "Heute haben 29 der 31 Kreise ein Zentrum. 2020 wurden insgesamt rund 20,0 Millionen Euro "
        "bereitgestellt. Davon kamen 11,2 Millionen Euro von den Kommunen, 6,3 Millionen Euro vom Land "
        "und fast 2,5 Millionen Euro von Stiftungen. Dazu kommen 7 Stellen in der Zentrale. "
        "Angeblich gibt es 99 Zentren."
    ),
    "2021_partei_b": "Derzeit arbeiten 28 Zentren.",
}

DOCS = [
    # doc_id, date, precision, cluster, publisher_short, kind
    ("2020-03-02_land_web", "2020-03-02", "day", "c-land", "LAND", "ministry"),
    ("2020-03-02_land_pdf", "2020-03-02", "day", "c-land", "LAND", "ministry"),
    ("2020-03_partei", "2020-03-01", "month", None, "PARTEI", "party"),
    ("2021_land_bericht", "2021-01-01", "year", None, "LAND", "ministry"),
    ("2021_partei_b", "2021-01-01", "year", None, "PARTEI", "party"),
]


def documents() -> pd.DataFrame:
    rows = []
    for doc_id, date, prec, cluster, pub, kind in DOCS:
        rows.append(
            {
                "doc_id": doc_id,
                "title": f"Titel {doc_id}",
                "publisher": f"{pub} NRW",
                "publisher_short": pub,
                "kind": kind,
                "date": date,
                "date_precision": prec,
                "url": None,
                "n_chars": len(TEXTS[doc_id]),
                "n_sentences": TEXTS[doc_id].count(". ") + 1,
                "duplicate_cluster": cluster,
                "sha256": "0" * 64,
                "path": f"data/raw/{doc_id}.txt",
            }
        )
    return pd.DataFrame(rows)


def _sentence(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind(". ", 0, pos)
    start = 0 if start < 0 else start + 2
    end = text.find(".", pos)
    return start, (len(text) if end < 0 else end + 1)


def fact(
    doc_id: str,
    value_text: str,
    measure: str,
    value: float,
    unit: str,
    *,
    qualifier="exact",
    per_unit=False,
    period=None,
    funder=None,
    subject=None,
    nth=0,
    review_status=None,
) -> dict:
    text = TEXTS[doc_id]
    pos = -1
    for _ in range(nth + 1):
        pos = text.find(value_text, pos + 1)
    assert pos >= 0, (doc_id, value_text)
    s0, s1 = _sentence(text, pos)
    start, end = pos, pos + len(value_text)
    return {
        "fact_id": f"{doc_id}:{start}-{end}:{measure}",
        "doc_id": doc_id,
        "start": start,
        "end": end,
        "quote": text[s0:s1],
        "measure": measure,
        "value": value,
        "unit": unit,
        "qualifier": qualifier,
        "per_unit": per_unit,
        "period": period,
        "subject": subject,
        "district_ags": None,
        "funder": funder,
        "rule": "test",
        "value_text": value_text,
        "value_start": start,
        "value_end": end,
        "period_precision": None if period is None else {4: "year", 7: "month", 10: "day"}[len(period)],
        "sentence_start": s0,
        "sentence_end": s1,
        "review_status": review_status,
    }


def facts() -> pd.DataFrame:
    W, P, Q, B, D = (
        "2020-03-02_land_web",
        "2020-03-02_land_pdf",
        "2020-03_partei",
        "2021_land_bericht",
        "2021_partei_b",
    )
    rows = [
        fact(W, "12", "ki_count", 12, "count", period="2020-03-02"),
        fact(W, "30", "district_count", 30, "count", period="2020-03-02"),
        fact(W, "4,25", "funding_eur", 4_250_000, "EUR", period="2020", funder="Land", subject="Zentren"),
        fact(W, "1,5", "staff_positions", 1.5, "FTE", per_unit=True, period="2020-03-02", funder="Land"),
        fact(W, "drei", "teachers", 3, "count", per_unit=True, period="2020-03-02"),
        fact(W, "80", "teachers", 80, "count", qualifier="at_least", period="2020-03-02"),
        fact(P, "12", "ki_count", 12, "count", period="2020-03-02"),
        fact(P, "30", "district_count", 30, "count", period="2020-03-02"),
        fact(Q, "12", "ki_count", 12, "count", period="2020-03"),
        fact(Q, "30", "district_count", 30, "count", period="2020-03"),
        fact(Q, "31", "district_count", 31, "count", period="2020-03"),
        fact(B, "29", "ki_count", 29, "count", period="2021"),
        fact(B, "31", "district_count", 31, "count", period="2021"),
        fact(B, "20,0", "funding_eur", 20_000_000, "EUR", qualifier="approx", period="2020"),
        fact(B, "11,2", "funding_eur", 11_200_000, "EUR", period="2020", funder="Kommunen"),
        fact(B, "6,3", "funding_eur", 6_300_000, "EUR", period="2020", funder="Land"),
        fact(
            B, "2,5", "funding_eur", 2_500_000, "EUR", qualifier="almost", period="2020", funder="Stiftungen"
        ),
        fact(B, "7", "staff_positions", 7, "FTE"),  # no period in the text
        fact(B, "99", "ki_count", 99, "count", period="2021", review_status="rejected"),
        fact(D, "28", "ki_count", 28, "count", period="2021"),
    ]
    return pd.DataFrame(rows)


def districts(n: int = 30) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ags": [f"05{i:03d}" for i in range(100, 100 + n)],
            "name": [f"Kreis {i}" for i in range(n)],
            "type": ["Kreis"] * n,
            "population": [1000 + i for i in range(n)],
            "area_km2": [10.5] * n,
            "stats_date": ["2021-12-31"] * n,
        }
    )


def base() -> dict[str, pd.DataFrame]:
    return {"documents": documents(), "facts": facts(), "districts": districts()}
