"""``ki build``: data/raw -> data/processed, deterministic and all-or-nothing.

Three steps, each a pure function except the last:

1. ``read_corpus``: every raw file checked; all problems reported in one run.
2. ``build_tables(corpus, paths)``: documents, extraction (facts, numbers,
   dates) and the derived tables, as DataFrames.
3. ``serialise(tables)``: file name -> exact bytes; then the folder is replaced
   as a whole (``atomic.replace_dir``), or, with ``--check``, compared.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from . import atomic, config, package
from .corpus import Corpus, read_corpus, documents_table
from .curation import apply_curation, load_curation
from .extract import extract_corpus
from .tables import derive_tables
from .errors import KiError
from .gazetteer import Gazetteer, _cached
from .lock import LockedError, run_lock


def build_tables(corpus: Corpus, paths: config.Paths,
                 curation: list[dict] | None = None) -> dict[str, pd.DataFrame]:
    """Every table of data/processed from a checked corpus (no writes).

    ``curation`` defaults to the entries of ``data/curation.yml``.
    """
    docs = corpus.documents
    base: dict[str, pd.DataFrame] = {"documents": documents_table(docs)}
    base.update(extract_corpus(docs))
    if curation is None:
        curation = load_curation(paths.curation)
    base["facts"] = apply_curation(base["facts"], docs, curation)
    gazetteer: Gazetteer = _cached(str(paths.reference))
    return derive_tables(docs, base, gazetteer)


def serialise(tables: dict[str, pd.DataFrame]) -> dict[str, bytes]:
    """File name -> exact bytes of every file in data/processed, sorted by name."""
    return dict(sorted(package.serialise(tables).items()))


def stale_files(files: dict[str, bytes], out_dir: Path) -> dict[str, list[str]]:
    """Files of ``out_dir`` that differ from ``files``: missing, changed, extra."""
    present = (
        {p.name for p in out_dir.iterdir() if p.is_file() and not p.name.startswith(".")}
        if out_dir.is_dir() else set()
    )
    return {
        "missing": sorted(set(files) - present),
        "changed": sorted(n for n in set(files) & present if (out_dir / n).read_bytes() != files[n]),
        "extra": sorted(present - set(files)),
    }


def write_files(files: dict[str, bytes], out_dir: Path) -> None:
    """Replace ``out_dir`` as a whole with exactly ``files``."""
    with atomic.replace_dir(out_dir) as tmp:
        for name, data in files.items():
            (Path(tmp) / name).write_bytes(data)


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def run(paths: config.Paths, *, skip_invalid: bool = False, check: bool = False,
        out=None) -> int:
    """Build (or check) data/processed for the project at ``paths``; return the exit code."""
    out = out or sys.stdout
    try:
        with run_lock(paths.state / "build.lock", what="ki build"):
            corpus = read_corpus(paths.raw, skip_invalid=skip_invalid, root=paths.root)
            for p in corpus.problems:
                print(f"skipped {p.path}: {p.reason}", file=out)
            files = serialise(build_tables(corpus, paths))
            target = _rel(paths.processed, paths.root)
            if check:
                stale = stale_files(files, paths.processed)
                bad = [f"{kind}: {name}" for kind, names in stale.items() for name in names]
                if bad:
                    print(f"{target} is stale ({len(bad)} file(s)); run `ki build`:", file=out)
                    for line in bad:
                        print(f"  {line}", file=out)
                    return 1
                print(f"{target} is up to date ({len(files)} files, "
                      f"{len(corpus.documents)} documents)", file=out)
                return 0
            write_files(files, paths.processed)
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
    return run(config.paths(), skip_invalid=bool(getattr(args, "skip_invalid", False)),
               check=bool(getattr(args, "check", False)))
