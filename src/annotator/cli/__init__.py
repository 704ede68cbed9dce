"""The command line: parse arguments, call the services, print results. No SQL here.

Each group of commands is a module that adds its parsers and names each one's handler; this module
holds the global options, the examples and `run`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from annotator import __version__
from annotator.cli import adjudication, files, library, progress, refi, search, tables, tagging, team, variables
from annotator.cli.common import add_global_options
from annotator.terminal import shown

if TYPE_CHECKING:
    from annotator.services import Services

EXAMPLES = """\
examples:
  annotator import --samples
  annotator import article.txt page.html --source "Trend News Agency" --published 2025-09-25
  annotator docs
  annotator text 1 > article.txt
  annotator delete-doc 4            # with its annotations; asks first (--yes: does not ask)
  annotator tag 1 --quote "the war between Armenia and Azerbaijan" --tag claim --note "framing?"
  annotator tag 2 --quote "Azerbaijan" --nth 3 --tag framing --tag claim
  annotator tag 3 --quote "August 9, 2025" --tag date --field date=2025-08-09
  annotator suggest 1 2 --tag date --tag quote          # detected dates and quotes, as a table
  annotator suggest 1 --format csv > suggestions.csv
  annotator suggest 1 --format csv --excel > for-a-spreadsheet.csv
  annotator suggest 1 --tag "casualty figure" --accept  # make them annotations, fields filled
  annotator lexicon --import my-terms.csv               # the framing lexicon: term,frame
  annotator export --out passages.csv --tag quote --doc 1 --doc 2
  annotator export --out - --excel > passages.csv   # for a spreadsheet (see export --help)
  annotator import-qdpx project.qdpx   # a REFI-QDA project (QualCoder, MAXQDA, NVivo, ATLAS.ti)
  annotator coders add "Ann Lee" --lead; annotator coders list
  annotator vars define outlet_type --type choice --choices "state|private|foreign"
  annotator vars set outlet_type=state --doc 1 --doc 3; annotator vars show
  annotator memo 1 "Compare with the AP report"; annotator memo 1
  annotator crosstab --rows tag --cols source --count documents --percent col
  annotator crosstab --cols outlet_type --format csv > by-outlet-type.csv
  annotator crosstab --cols coder --layer coders       # the coders' own passages, without gold
  annotator cooccurrence --within overlap
  annotator migrate --db postgresql://admin@server/team   # a team library: made or upgraded by an admin
  annotator reveal 1 2              # the lead ends the blind phase of documents 1 and 2
  annotator agreement --format json; annotator disagreements --doc 4 --format csv
  annotator gold accept-agreed --doc 4; annotator gold adjudicated 4 --reveal   # the lead's gold layer
  annotator --annotator ann_lee tag 1 --quote "Azerbaijan" --nth 1 --tag claim   # in ann_lee's layer
  annotator check                   # integrity, links, every passage against its text
  annotator backup                  # now, into the library's backups folder
  annotator restore ~/.local/share/Annotator/library.sqlite3.backups/library-20260101-090000.sqlite3 --yes

With no command, annotator opens the desktop app on the library.
The library is a SQLite file under your user data folder; --db PATH or ANNOTATOR_DB chooses
another file (or a database URL). A backup is made once a day when the library is opened, into
LIBRARY.backups/ beside it, in the background (a command never waits for it); the last 7 are
kept, and a day on which nothing changed costs no space (a link to the day before).
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Read, highlight and tag news articles; export the tagged passages exactly.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    add_global_options(parser, argparse.SUPPRESS)
    parser.set_defaults(db=None, annotator=None)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    for group in (
        library,
        tagging,
        search,
        files,
        team,
        progress,
        adjudication,
        variables,
        tables,
        refi,
    ):  # the order of `annotator --help`
        group.add_commands(commands)

    for sub in commands.choices.values():  # `annotator text 1 --db lib` as well as `annotator --db lib text 1`
        add_global_options(sub, argparse.SUPPRESS)
    return parser


def run(args: argparse.Namespace) -> int:
    from annotator.paths import library_location
    from annotator.services import UserError, migrate, open_services

    if args.command == "migrate":  # before any open: opening a server library never migrates it
        before, now = migrate(library_location(args.db))
        print(f"the library is at schema {now}" + (f" (upgraded from {before})" if before else ""))
        return 0
    if args.command == "copy":  # two libraries, neither of them --db
        return team.cmd_copy(args)
    services = open_services(library_location(args.db), annotator=args.annotator, backup=False)
    try:
        fixed = services.coders.fixed
        if fixed and args.annotator and args.annotator != fixed:
            raise UserError(
                f"on this server you code as {fixed}, the login you connected with; --annotator "
                "cannot name another coder (connect with their login)"
            )
        # A library being checked may be damaged: no daily backup of it (it could push a good one out).
        # Backing up or restoring makes its own copy: a second one in the background would only compete.
        log = _daily_backup(services) if args.command not in ("check", "backup", "restore", "merge") else None
        code = args.handler(services, args)
    finally:
        services.close()
    if log is not None:  # after the command's own output; an error stays the one line it is
        print(shown(f"annotator: today's backup is being made in the background (log: {log})"), file=sys.stderr)
    return code


def _daily_backup(services: Services) -> Path | None:
    """Start the day's backup if it is due, without waiting for it (services.daily); returns its log."""
    from annotator.services import UserError
    from annotator.services.daily import start

    try:
        return start(services.backups)
    except (UserError, OSError) as exc:  # a backup that cannot be made must not stop the command
        print(shown(f"annotator: note: no backup today: {exc}"), file=sys.stderr)
        return None
