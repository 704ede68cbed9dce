"""Commands that write or read whole files: export, check, backup, restore."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.cli.common import SPREADSHEET, add_layer
from annotator.domain.export_rows import FORMATS
from annotator.domain.wording import count_of
from annotator.terminal import shown

if TYPE_CHECKING:
    from annotator.services import Services


def add_commands(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("export", help="export passage–tag rows (CSV, JSON Lines, W3C Web Annotations …)")
    p.add_argument("--out", default="-", help="file to write, or - for standard output")
    p.add_argument("--format", default="csv", choices=FORMATS, help="file format (default: csv)")
    add_layer(p, "export rows")
    p.add_argument("--doc", dest="docs", type=int, action="append", default=[], metavar="ID")
    p.add_argument("--tag", dest="tags", action="append", default=[], metavar="NAME")
    p.add_argument("--excel", action="store_true", help=SPREADSHEET)
    p.add_argument("--raw", action="store_true", help=argparse.SUPPRESS)  # exact is the default now: kept, says so
    p.set_defaults(handler=cmd_export)

    p = commands.add_parser("check", help="check the library: integrity, links, every passage against its text")
    p.set_defaults(handler=cmd_check)

    p = commands.add_parser("backup", help="copy the library now (default: into its backups folder)")
    p.add_argument("file", nargs="?", type=Path, metavar="FILE")
    p.add_argument(
        "--daily",
        action="store_true",
        help="make the day's rolling backup if it is due (what commands start in the background)",
    )
    p.set_defaults(handler=cmd_backup)

    p = commands.add_parser("restore", help="replace the library with a backup (the current one is backed up first)")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--yes", action="store_true", help="really replace the library")
    p.set_defaults(handler=cmd_restore)


def cmd_export(services: Services, args: argparse.Namespace) -> int:
    from annotator.services.exports import ExportOptions

    if args.raw and args.excel:
        print(
            "annotator: error: --raw and --excel contradict each other: --excel neutralises formulas for a "
            "spreadsheet; without it every cell is exact",
            file=sys.stderr,
        )
        return 2
    if args.raw:
        print(
            "annotator: note: --raw is no longer needed: the export writes every cell exactly as stored "
            "(--excel is the spreadsheet flavour)",
            file=sys.stderr,
        )
    options = ExportOptions(tuple(args.docs), tuple(args.tags), excel=args.excel, format=args.format, layer=args.layer)
    count = services.exports.export(
        args.out, options, said=lambda note: print(shown(f"annotator: note: {note}"), file=sys.stderr)
    )
    if args.out != "-":
        print(shown(f"exported {count_of(count, 'row')} to {Path(args.out).absolute()}"), file=sys.stderr)
    return 0


def cmd_check(services: Services, _args: argparse.Namespace) -> int:
    report = services.integrity.check()
    for line in report.problems:
        print(shown(line))
    if not report.problems:
        print(f"library OK: {count_of(report.documents, 'document')}, {count_of(report.annotations, 'annotation')}")
    return 1 if report.problems else 0


def cmd_backup(services: Services, args: argparse.Namespace) -> int:
    if args.daily:
        from annotator.services.daily import run as daily

        made = daily(services.backups)
        print(shown(f"backed up to {made}" if made else "no backup made (not due, or being made by another process)"))
        return 0
    if args.file is None:
        print(shown(f"backed up to {services.backups.backup()}"))
    elif str(args.file) == "-":
        services.backups.backup_to("-")
        print("backed up to standard output", file=sys.stderr)
    else:
        print(shown(f"backed up to {services.backups.backup_to(args.file)}"))
    return 0


def cmd_restore(services: Services, args: argparse.Namespace) -> int:
    if not args.yes:
        print(
            shown(
                f"annotator: restoring {args.file} replaces everything in {services.library.shown}; "
                "the current library is backed up first. Run again with --yes to do it."
            ),
            file=sys.stderr,
        )
        return 1
    safety = services.backups.restore(args.file)
    print(shown(f"restored {args.file}; the library as it was is in {safety}"))
    return 0
