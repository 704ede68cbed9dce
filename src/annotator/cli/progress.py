"""`annotator progress`: every coder's status of every document (the lead's view; a coder on a
team server sees their own column only), as a table or CSV."""

from __future__ import annotations

import argparse
import csv
import sys
from typing import TYPE_CHECKING

from annotator.cli.common import print_table
from annotator.terminal import shown

if TYPE_CHECKING:
    from annotator.services import Services


def add_commands(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("progress", help="each coder's status of each document (new, in progress, done)")
    p.add_argument("--format", choices=("table", "csv"), default="table", help="csv: one column per coder login")
    p.set_defaults(handler=cmd_progress)


def cmd_progress(services: Services, args: argparse.Namespace) -> int:
    progress = services.progress.progress()
    header = ["id", "title", *(c.login for c in progress.coders), "done"]
    rows = [
        [
            str(document_id),
            title,
            *(progress.status(document_id, c.id).value for c in progress.coders),
            f"{progress.done(document_id)}/{len(progress.coders)}",
        ]
        for document_id, title in progress.documents
    ]
    if args.format == "csv":
        out = csv.writer(sys.stdout, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)  # exact values: a script reads them
    else:
        print_table(header, rows)
    if not progress.everyone:
        print(shown("(only your own column: the others' stay hidden while coding is blind)"), file=sys.stderr)
    return 0
