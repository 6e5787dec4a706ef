"""``ki build``: data/raw -> data/processed, deterministic and all-or-nothing.

``build_tables`` runs the stages in order, each a pure function of what the one before
gave it:

1. corpus: ``read_corpus`` checks every raw file and sidecar (all problems in one run);
2. extract: figures, numbers and dates (``extract_corpus``), then district mentions,
   programmes and events (``event_tables``);
3. curation: ``data/curation.yml`` confirms, corrects or rejects figures;
4. tables: ``derive_tables`` gives rollout, funding, staffing and the checks;
5. package: ``serialise`` turns the tables into exact bytes, and the folder is replaced
   as a whole (``atomic.replace_dir``), or, with ``--check``, compared.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

import pandas as pd

from . import atomic, config
from .corpus import Corpus, documents_table, read_corpus
from .corpus.gazetteer import project_gazetteer
from .curation import apply_curation, load_curation
from .errors import KiError
from .extract import event_tables, extract_corpus
from .lock import LockedError, run_lock
from .tables import derive_tables, package


def build_tables(
    corpus: Corpus, paths: config.Paths, curation: list[dict] | None = None
) -> dict[str, pd.DataFrame]:
    """Every table of data/processed from a checked corpus (no writes).

    ``curation`` defaults to the entries of ``data/curation.yml``.
    """
    docs = corpus.documents
    gazetteer = project_gazetteer(paths)
    base: dict[str, pd.DataFrame] = {"documents": documents_table(docs)}
    base.update(extract_corpus(docs, gazetteer))
    base.update(event_tables(docs, gazetteer, base["dates"]))
    entries = load_curation(paths.curation) if curation is None else curation
    base["facts"] = apply_curation(base["facts"], docs, entries)
    base["districts"] = gazetteer.table()
    return derive_tables(base)


def stale_files(files: dict[str, bytes], out_dir: Path) -> dict[str, list[str]]:
    """Files of ``out_dir`` that differ from ``files``: missing, changed, extra."""
    present = (
        {p.name for p in out_dir.iterdir() if p.is_file() and not p.name.startswith(".")}
        if out_dir.is_dir()
        else set()
    )
    return {
        "missing": sorted(set(files) - present),
        "changed": sorted(n for n in set(files) & present if (out_dir / n).read_bytes() != files[n]),
        "extra": sorted(present - set(files)),
    }


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def run(
    paths: config.Paths, *, skip_invalid: bool = False, check: bool = False, out: TextIO | None = None
) -> int:
    """Build (or check) data/processed for the project at ``paths``; return the exit code."""
    out = out or sys.stdout
    try:
        with run_lock(paths.build_lock, what="ki build"):
            atomic.recover(paths.raw)  # a ki add killed while it swapped data/raw
            corpus = read_corpus(paths.raw, skip_invalid=skip_invalid, root=paths.root)
            for p in corpus.problems:
                print(f"skipped {p.path}: {p.reason}", file=out)
            files = package.serialise(build_tables(corpus, paths))
            target = _rel(paths.processed, paths.root)
            if check:
                stale = stale_files(files, paths.processed)
                bad = [f"{kind}: {name}" for kind, names in stale.items() for name in names]
                if bad:
                    print(f"{target} is stale ({len(bad)} file(s)); run `ki build`:", file=out)
                    for line in bad:
                        print(f"  {line}", file=out)
                    return 1
                print(
                    f"{target} is up to date ({len(files)} files, {len(corpus.documents)} documents)",
                    file=out,
                )
                return 0
            package.write_files(files, paths.processed)
    except LockedError as err:
        raise KiError(str(err)) from None
    print(
        f"built {target}: {len(corpus.documents)} documents, {len(corpus.problems)} skipped, "
        f"{len(files)} files ({', '.join(files)})",
        file=out,
    )
    return 0


def main(args: argparse.Namespace) -> int:
    """Entry point of ``ki build [--skip-invalid] [--check]``."""
    return run(config.paths(), skip_invalid=args.skip_invalid, check=args.check)
