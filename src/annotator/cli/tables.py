"""Commands that count and compare: `crosstab` (tags by a document column or variable),
`cooccurrence`, and `compare` (what each outlet reported, from the fields stored)."""

from __future__ import annotations

import argparse
import csv
import sys
from typing import TYPE_CHECKING

from annotator.cli.common import add_layer, print_table

SOURCE = "Values come from the coders' fields and accepted suggestions, not read from the text."

if TYPE_CHECKING:
    from annotator.domain.tables import CountTable
    from annotator.services import Services


def add_commands(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("crosstab", help="count passages (or documents) per tag by source, year, … or a variable")
    p.add_argument("--rows", choices=("tag",), default="tag", help="what the rows are (tags)")
    p.add_argument(
        "--cols",
        default="source",
        metavar="COLUMN",
        help="source, year, month, language, coder, or a document variable's name (default: source)",
    )
    p.add_argument("--count", choices=("passages", "documents"), default="passages", help="a document counts once")
    p.add_argument("--percent", choices=("row", "col"), help="each cell as a share of its row's or column's total")
    p.add_argument("--doc", dest="docs", type=int, action="append", metavar="ID", help="only these documents")
    add_layer(p, "count passages")
    _formats(p)
    p.set_defaults(handler=cmd_crosstab)

    p = commands.add_parser("cooccurrence", help="how often tags occur together: in a passage, overlapping, in a document")
    p.add_argument("--within", choices=("passage", "overlap", "document"), default="passage")
    p.add_argument("--doc", dest="docs", type=int, action="append", metavar="ID", help="only these documents")
    _formats(p)
    p.set_defaults(handler=cmd_cooccurrence)

    p = commands.add_parser("compare", help="outlets side by side: the figures, speakers or frames each one reported")
    p.add_argument("--tag", required=True, metavar="NAME", help='e.g. "casualty figure", quote, framing')
    p.add_argument(
        "--by",
        default="",
        metavar="FIELD",
        help="one of the tag's fields, quote (the passage's words) or term (the framing lexicon's term it is); "
        "default: figures by date and kind, else the first field",
    )
    p.add_argument("--doc", dest="docs", type=int, action="append", metavar="ID", help="only these documents")
    p.add_argument("--source", default="", metavar="S", help="only documents of this source")
    p.add_argument(
        "--from", dest="date_from", default="", metavar="DATE", help="published on or after (2024, 2024-03, 2024-03-12)"
    )
    p.add_argument(
        "--to", dest="date_to", default="", metavar="DATE", help="published on or before (a partial date: all of it)"
    )
    add_layer(p, "compare passages")
    _formats(p)
    p.set_defaults(handler=cmd_compare)


def _formats(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("table", "csv", "xlsx"), default="table")
    p.add_argument("--output", metavar="FILE", help="with --format xlsx: the file to write (- for standard output)")


def _check_output(args: argparse.Namespace) -> None:
    from annotator.services import UserError

    if args.format == "xlsx" and not args.output:
        raise UserError("--format xlsx writes a file: give --output FILE")
    if args.format != "xlsx" and args.output:
        raise UserError("--output is for --format xlsx; the table and CSV go to standard output")


def cmd_crosstab(services: Services, args: argparse.Namespace) -> int:
    _check_output(args)
    table = services.tables.crosstab(args.cols, count=args.count, documents=args.docs, layer=args.layer)
    _print(services, table, args, args.percent, totals=True)
    return 0


def cmd_cooccurrence(services: Services, args: argparse.Namespace) -> int:
    _check_output(args)
    table = services.tables.cooccurrence(args.within, documents=args.docs)
    _print(services, table, args, None, totals=False)
    return 0


def cmd_compare(services: Services, args: argparse.Namespace) -> int:
    from annotator.domain.compare import FigureTable, figure_grid
    from annotator.services.search import Filters

    _check_output(args)
    # Search's filters, read by the one rule that search uses (partial dates take in all of them).
    filters = Filters(source=args.source, published_from=args.date_from, published_to=args.date_to)
    found = services.tables.compare(args.tag, by=args.by, documents=args.docs, filters=filters, layer=args.layer)
    if not isinstance(found, FigureTable):
        _print(services, found, args, None, totals=True)
    else:
        header, rows = figure_grid(found)
        if args.format == "xlsx":
            notes = [f"{args.tag}: the figures each outlet reported, by date and kind, as written", SOURCE]
            services.tables.export_xlsx(args.output, header, rows, keys=2, numbers=False, sheet="compare", notes=notes)
        elif args.format == "csv":
            writer = csv.writer(sys.stdout, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)
        else:
            print(f"{args.tag} by date and kind, one column per outlet")
            print_table(header, rows)
    if args.format == "table":  # where the values come from: said once, under the table
        print("(values from the coders' fields and accepted suggestions, not read from the text)")
    return 0


def _print(services: Services, table: CountTable, args: argparse.Namespace, percent: str | None, *, totals: bool) -> None:
    from annotator.domain.tables import grid

    form = args.format
    header, rows = grid(table, percent, totals=totals, bare=form != "table")
    if form == "xlsx":
        notes = [f"{table.counting} by {table.column_title}" + (f", % of each {percent}" if percent else "")]
        if args.handler is cmd_compare:
            notes.append(SOURCE)
        services.tables.export_xlsx(args.output, header, rows, sheet=args.command, notes=notes)
    elif form == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    else:
        print(f"{table.counting} by {table.column_title}" + (f", % of each {percent}" if percent else ""))
        print_table(header, rows)
