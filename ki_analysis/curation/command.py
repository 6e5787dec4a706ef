"""``ki review ID``: confirm, correct or reject each figure of a document, or add a missed one.

In a terminal it asks figure by figure; ``--list``, ``--confirm-all`` and ``--decisions FILE``
are for scripts and tests. Every decision is written at once (``review.save_decisions``), so a
quit or a kill keeps the decisions made so far and never leaves a half-written file.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from collections.abc import Callable
from typing import Any, TextIO

import yaml

from .. import config
from ..errors import KiError
from . import review as rv

DEFAULT_REASON = "checked against the text"
FIELDS_HELP = "measure, value, unit, qualifier, per_unit, period, subject, district_ags, funder"


def parse_fields(line: str) -> dict[str, Any]:
    """``qualifier=approx period=2018 funder="Land (MKFFI)"`` -> a mapping (values read as YAML)."""
    out: dict[str, Any] = {}
    try:
        tokens = shlex.split(line)
    except ValueError as err:
        raise KiError(f"cannot read the fields ({err})") from None
    for tok in tokens:
        key, sep, value = tok.partition("=")
        if not sep or not key:
            raise KiError(f"{tok!r}: write fields as name=value ({FIELDS_HELP})")
        try:
            out[key] = yaml.safe_load(value) if value else None
        except yaml.YAMLError:
            out[key] = value
        if isinstance(out[key], str | int | float | bool) or out[key] is None:
            continue
        out[key] = value
    return out


def _use_color(out: TextIO) -> bool:
    return out.isatty() and not os.environ.get("NO_COLOR")


def interactive(
    paths: config.Paths,
    doc_id: str,
    reviewer: str,
    ask: Callable[[str], str] = input,
    out: TextIO | None = None,
    color: bool = False,
) -> rv.DocReview:
    """Ask about every figure, then about every number not taken as a figure."""
    out = out or sys.stdout
    review = rv.load_review(doc_id, paths)
    print(f"{doc_id}: {review.summary()}; reviewer {reviewer}", file=out)
    print("Enter a letter; Enter alone skips. Decisions are saved at once.", file=out)

    def question(prompt: str) -> str | None:
        try:
            return ask(prompt).strip()
        except EOFError:
            return None

    def record(decision: dict[str, Any]) -> bool:
        nonlocal review
        try:
            review = rv.save_decisions(paths, doc_id, [decision], reviewer)
        except KiError as err:
            print(f"  not recorded: {err}", file=out)
            return False
        print("  recorded", file=out)
        return True

    for n in range(1, len(review.figures) + 1):
        fig = review.figure(n)
        print("", file=out)
        print("\n".join(rv.figure_lines(review, fig, color)), file=out)
        while True:
            a = question("  [c]onfirm  [x] correct  [r]eject  [s]kip  [q]uit > ")
            if a is None or a.lower() == "q":
                print(review.summary(), file=out)
                return review
            a = a.lower()
            if a in ("", "s"):
                break
            key = {"fact_id": fig.fact_id}
            reason: str | None
            if a == "c":
                reason = question(f"  reason [{DEFAULT_REASON}] > ") or DEFAULT_REASON
                if record({**key, "action": "confirm", "reason": reason}):
                    break
            elif a == "r":
                reason = question("  reason (required) > ")
                if reason and record({**key, "action": "reject", "reason": reason}):
                    break
                if not reason:
                    print("  a reason is required", file=out)
            elif a == "x":
                span = question(f"  span [{fig.fact['value_text']}] > ") or str(fig.fact["value_text"])
                try:
                    fields = parse_fields(question(f"  fields to change ({FIELDS_HELP}) > ") or "")
                except KiError as err:
                    print(f"  {err}", file=out)
                    continue
                reason = question("  reason (required) > ")
                if not reason:
                    print("  a reason is required", file=out)
                    continue
                if record({**key, "action": "correct", "span": span, "set": fields, "reason": reason}):
                    break
            else:
                print("  c, x, r, s or q", file=out)
    missed = list(review.missed)
    if missed:
        print("", file=out)
        print(f"Numbers not taken as figures ({len(missed)}): add one the extractor missed.", file=out)
    for m in missed:
        print(rv.mention_line(review, m, color), file=out)
        while True:
            a = question("  [a]dd as a figure  [s]kip  [q]uit > ")
            if a is None or a.lower() == "q":
                print(review.summary(), file=out)
                return review
            if a.lower() in ("", "s"):
                break
            if a.lower() != "a":
                print("  a, s or q", file=out)
                continue
            span = question(f"  span [{m.text}] > ") or m.text
            why: str | None
            try:
                fields = parse_fields(
                    question("  fields (measure=… value=… unit=…, optional qualifier, period, …) > ") or ""
                )
            except KiError as err:
                print(f"  {err}", file=out)
                continue
            why = question("  reason (required) > ")
            if not why:
                print("  a reason is required", file=out)
                continue
            start = m.start if span == m.text else None
            decision: dict[str, Any] = {"action": "add", "span": span, "set": fields, "reason": why}
            if start is not None:
                decision["start"] = start
            if record(decision):
                break
    print(review.summary(), file=out)
    return review


def main(args: argparse.Namespace) -> int:
    """Entry point of ``ki review ID [--list | --confirm-all | --decisions FILE]``."""
    paths = config.paths()
    reviewer = args.reviewer or rv.default_reviewer()
    out = sys.stdout
    if args.list:
        print("\n".join(rv.list_lines(rv.load_review(args.doc_id, paths), _use_color(out))), file=out)
        return 0
    if args.confirm_all or args.decisions:
        if args.confirm_all:
            review = rv.load_review(args.doc_id, paths)
            decisions = rv.confirm_all(review, args.reason or f"{DEFAULT_REASON} (ki review --confirm-all)")
        else:
            decisions = rv.read_decisions(args.decisions)
        after = rv.save_decisions(paths, args.doc_id, decisions, reviewer)
        print(
            f"{args.doc_id}: {len(decisions)} decision(s) recorded in data/curation.yml; {after.summary()}",
            file=out,
        )
        print("next: make data   # the tables carry the review status", file=out)
        return 0
    if not sys.stdin.isatty():
        raise KiError(
            "ki review asks questions in a terminal; in a script use --list, --confirm-all or --decisions FILE"
        )
    interactive(paths, args.doc_id, reviewer, color=_use_color(out))
    return 0
