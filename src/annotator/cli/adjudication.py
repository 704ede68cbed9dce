"""Commands for adjudication: the disagreements between coders (later: the gold layer)."""

from __future__ import annotations

import argparse
import csv
import sys
from typing import TYPE_CHECKING

from annotator.cli.common import print_table

if TYPE_CHECKING:
    from annotator.services import Services


def add_scope(p: argparse.ArgumentParser, coders: bool = True) -> None:
    p.add_argument("--doc", dest="docs", type=int, action="append", default=[], metavar="ID")
    if coders:
        p.add_argument("--tag", dest="tags", action="append", default=[], metavar="NAME")
        p.add_argument("--coders", default="", metavar="A,B,…", help="whose annotations (logins or names); default: all")


def add_commands(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "disagreements",
        help="where coders differ: same tag, overlapping spans not identical, or a passage only some marked",
    )
    add_scope(p)
    p.add_argument("--format", choices=("table", "csv"), default="table")
    p.set_defaults(handler=cmd_disagreements)


def _options(args: argparse.Namespace) -> object:
    from annotator.services.agreement import AgreementOptions

    coders = tuple(dict.fromkeys(c.strip() for c in getattr(args, "coders", "").split(",") if c.strip()))
    return AgreementOptions(tuple(args.docs), tuple(getattr(args, "tags", ())), coders)


def cmd_disagreements(services: Services, args: argparse.Namespace) -> int:
    from annotator.services import agreement

    found = agreement.AgreementService(services.library).disagreements(_options(args))  # type: ignore[arg-type]
    header, rows = agreement.disagreement_header(found), agreement.disagreement_rows(found)
    if args.format == "csv":
        csv.writer(sys.stdout, lineterminator="\n").writerows([header, *rows])
    else:
        print_table(header, rows)
    for line in (f"{len(found.items)} disagreements between {', '.join(found.coders)}", *found.notes):
        print(line, file=sys.stderr)
    return 0
