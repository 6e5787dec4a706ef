"""The ``ki`` command: thin argument parsing over the package's functions.

Errors the user can fix (``KiError``) print one clear message and exit non-zero;
they never end in a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from . import vocab
from .errors import KiError
from .vocab import LANGS


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="ki",
        description="Sourced tables and reports on NRW's Kommunale Integrationszentren.",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    b = sub.add_parser("build", help="raw press releases -> data/processed (deterministic)")
    b.add_argument(
        "--skip-invalid", action="store_true", help="process the valid documents and list the skipped ones"
    )
    b.add_argument(
        "--check", action="store_true", help="fail if the committed data/processed is stale; write nothing"
    )

    e = sub.add_parser("extract", help="print the figures of any plain-text German press release")
    e.add_argument("files", nargs="+", metavar="FILE")
    e.add_argument("--date", help="document date YYYY-MM-DD, to resolve relative periods")
    e.add_argument("--json", action="store_true", help="one JSON object per figure (JSON Lines)")

    sub.add_parser("check", help="validation and reconciliation summary")

    a = sub.add_parser(
        "add",
        help="bring a web page, PDF or text file (or a URL) into data/raw with a filled-in sidecar",
        description="Bring a release into data/raw: the original byte for byte, the text the extractor "
        "reads, and its origin record. Fields the document does not state are set with the flags. "
        "Only `ki add URL` uses the network.",
    )
    a.add_argument(
        "source", metavar="FILE|URL", help="a .html/.htm, .pdf, .txt or .md file, or an http(s) address"
    )
    a.add_argument("--id", help="document id (default: <date>_<publisher>_<title words>)")
    a.add_argument("--url", help="the release's address, when the document does not state it")
    a.add_argument("--publisher", help="who issued it, in full")
    a.add_argument("--date", help="publication date: YYYY-MM-DD, YYYY-MM or YYYY")
    a.add_argument("--kind", help=f"kind of publisher: {', '.join(vocab.codes('kind'))}")
    a.add_argument("--title", help="the headline, when the document does not state it")

    v = sub.add_parser(
        "review",
        help="confirm, correct or reject the figures of a document (data/curation.yml)",
        description="Show each figure of a document with its sentence and record a decision for it in "
        "data/curation.yml. Interactive in a terminal; --list, --confirm-all and --decisions for scripts.",
    )
    v.add_argument("doc_id", metavar="ID", help="the document's id (see data/raw)")
    how = v.add_mutually_exclusive_group()
    how.add_argument("--list", action="store_true", help="print the status of every figure; write nothing")
    how.add_argument("--confirm-all", action="store_true", help="confirm every figure not yet reviewed")
    how.add_argument(
        "--decisions", metavar="FILE", help="a YAML list of decisions (see ki_analysis/curation)"
    )
    v.add_argument("--reviewer", help="who decides (default: $KI_REVIEWER, else the login name)")
    v.add_argument("--reason", help="the reason recorded with --confirm-all")

    r = sub.add_parser("report", help="render the HTML reports")
    r.add_argument("--state", action="store_true", help="the state report")
    r.add_argument(
        "--district",
        action="append",
        default=[],
        metavar="X",
        help="a district report (name, alias or AGS); repeatable",
    )
    r.add_argument("--all", action="store_true", help="the state report and every district of the gazetteer")
    r.add_argument("--as-of", dest="as_of", help="state report as of this date (YYYY-MM-DD)")
    r.add_argument(
        "--lang",
        default=",".join(LANGS),
        metavar="de,en",
        help=f"language(s), comma-separated (default: {','.join(LANGS)}; English under reports/en/)",
    )
    r.add_argument("--jobs", type=int, default=None, help="worker processes (default: cores)")
    r.add_argument("--force", action="store_true", help="render even what is up to date")
    r.add_argument(
        "--pdf",
        action="store_true",
        help="also print each report to PDF (needs Chromium and Playwright; the HTML never does)",
    )
    return p


#: Each command's module and function, imported only when the command runs (``ki --help`` stays fast).
COMMANDS: dict[str, tuple[str, str]] = {
    "build": ("ki_analysis.build", "main"),
    "extract": ("ki_analysis.extract.command", "main"),
    "check": ("ki_analysis.tables.checks", "main"),
    "add": ("ki_analysis.curation.command", "add_main"),
    "review": ("ki_analysis.curation.command", "main"),
    "report": ("ki_analysis.report.run", "main"),
}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        module, function = COMMANDS[args.command]
        run = getattr(importlib.import_module(module), function)
        return int(run(args) or 0)
    except KiError as err:
        print(f"ki {args.command}: error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print(f"ki {args.command}: interrupted; nothing was half-written", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
