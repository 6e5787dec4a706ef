"""Stage 4, the published tables: pure functions from the base tables to rollout, funding,
staffing and the reconciliation checks, and the package that writes them.

``derive_tables(base)`` takes DataFrames only (documents, facts after curation, numbers,
dates, mentions, programmes, events, districts) and returns every published table, typed by
the registry, with ``checks`` last.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .. import registry, schema
from ..errors import KiError
from .checks import reconcile
from .facts import prepare_facts
from .funding import funding_table
from .rollout import rollout_table
from .staffing import staffing_table

#: Base tables passed through with their types checked (no rows added or removed).
PASSED_THROUGH = ("documents", "facts", "numbers", "dates", "mentions", "programmes", "events")


def districts_table(reference: pd.DataFrame) -> pd.DataFrame:
    """The reference districts CSV (`nrw_districts.csv`) under the registry's names."""
    ref = reference.rename(columns={"ags": "district_ags", "name": "district_name", "type": "district_type"})
    return schema.coerce("districts", ref)


def derive_tables(base: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """All published tables from the base tables, in the registry's order."""
    if "facts" not in base:
        raise KiError(f"derive_tables needs a facts table; got {', '.join(sorted(base)) or 'nothing'}")
    facts = prepare_facts(base["facts"], base.get("documents"))
    rollout = rollout_table(facts)
    tables = {name: schema.coerce(name, base[name]) for name in PASSED_THROUGH if name in base}
    tables.update(
        rollout=rollout, funding=funding_table(facts, rollout), staffing=staffing_table(facts, rollout)
    )
    if "districts" in base:
        tables["districts"] = districts_table(base["districts"])
    tables["checks"] = reconcile(tables)
    return {name: tables[name] for name in registry.TABLE_NAMES if name in tables}
