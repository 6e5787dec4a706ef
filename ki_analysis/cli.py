"""The ``ki`` command: thin argument parsing over the package's functions.

Errors the user can fix (``KiError``) print one clear message and exit non-zero;
they never end in a traceback.
"""

from __future__ import annotations

import argparse
import sys

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

    r = sub.add_parser("report", help="render the HTML reports")
    r.add_argument("--state", action="store_true", help="the state report")
    r.add_argument(
        "--district",
        action="append",
        default=[],
        metavar="X",
        help="a district report (name, alias or AGS); repeatable",
    )
    r.add_argument("--all", action="store_true", help="the state report and all 53 districts")
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


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "build":
            from .build import main as run
        elif args.command == "extract":
            from .extract.command import main as run
        elif args.command == "check":
            from .tables.checks import main as run
        else:
            from .report.run import main as run
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
