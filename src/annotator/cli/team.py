"""Commands for coders and team libraries: coders, migrate, reveal, agreement, merge, copy."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from annotator.cli.common import add_global_options, print_table
from annotator.terminal import shown

if TYPE_CHECKING:
    from annotator.services import Services


def add_commands(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("coders", help="list the library's coders, add one, make one inactive or active")
    coders = p.add_subparsers(dest="coders_command", metavar="list|add|deactivate|activate", required=True)
    coders_list = coders.add_parser("list", help="every coder: login, name, role")
    coders_add = coders.add_parser(
        "add", help="add a coder (on a server: or make the login of a coder brought in by merge or copy)"
    )
    coders_add.add_argument("name", metavar="NAME", help="gives the login (lower case, _ for spaces)")
    coders_add.add_argument("--lead", action="store_true", help="a lead coder (adjudicates; later: reveals)")
    coders_add.add_argument("--display", metavar="NAME", help="the name people see (default: NAME)")
    switches = []
    for verb, said in (
        ("deactivate", "make a coder inactive: they write nothing more (on a server their login stops); their work stays"),
        ("activate", "make an inactive coder active again"),
    ):
        switch = coders.add_parser(verb, help=f"{said} (the lead; on a server an administrator)")
        switch.add_argument("name", metavar="NAME", help="the coder's login or name")
        switches.append(switch)
    for nested in (coders_list, coders_add, *switches):
        add_global_options(nested, argparse.SUPPRESS)
    p.set_defaults(handler=cmd_coders)

    p = commands.add_parser("migrate", help="create or upgrade the library's schema (a team library: an admin's step)")

    p = commands.add_parser("reveal", help="end the blind phase of documents: coders see each other's annotations")
    p.add_argument("doc_ids", type=int, nargs="+", metavar="DOC_ID")
    p.set_defaults(handler=cmd_reveal)

    p = commands.add_parser("agreement", help="inter-coder agreement per tag: α_U, κ, α, percent, Holsti, κ_n")
    p.add_argument("--doc", dest="docs", type=int, action="append", default=[], metavar="ID")
    p.add_argument("--tag", dest="tags", action="append", default=[], metavar="NAME")
    p.add_argument("--coders", default="", metavar="A,B,…", help="whose annotations (logins or names); default: all")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--by-document", action="store_true", help="add a row per document")
    p.set_defaults(handler=cmd_agreement)

    p = commands.add_parser("merge", help="bring another library (a file or a database URL) into this one")
    p.add_argument("other", metavar="OTHER", help="the library to read (it is not changed)")
    p.add_argument("--json", action="store_true", help="the report as JSON")
    p.set_defaults(handler=cmd_merge)

    p = commands.add_parser("copy", help="copy a whole library into an empty one (file <-> server, file -> file)")
    p.add_argument("source", metavar="SRC", help="the library to copy (a file or a database URL; not changed)")
    p.add_argument("target", metavar="DST", help="an empty library: a new file, or a migrated empty database")


def cmd_coders(services: Services, args: argparse.Namespace) -> int:
    """`coders list` (the current coder starred) and `coders add NAME [--lead] [--display …]`."""
    if args.coders_command == "add":
        done = services.coders.register(args.name, lead=args.lead, display=args.display)
        coder = done.coder
        if done.login_only:
            print(
                shown(
                    f"{coder.login} ({coder.display_name}) was a {coder.role.value} of this library without a login "
                    f"on the server (brought in by merge or copy): made their login {coder.login}; set its "
                    f"password with psql's \\password {coder.login} (or use ~/.pgpass, certificates)"
                )
            )
        else:
            print(shown(f"added coder {coder.login} ({coder.display_name}), {coder.role.value}"))
        return 0
    if args.coders_command in ("deactivate", "activate"):
        active = args.coders_command == "activate"
        done = services.coders.set_active(args.name, active)
        state = "active" if active else "inactive"
        said = f"{done.coder.login} ({done.coder.display_name}) is {state}" + ("" if done.changed else " already")
        if done.login == "role":
            said += f"; their login {'may log in again' if active else 'may no longer log in'}"
        elif done.login == "database":  # a login of other libraries on this server too: kept there
            said += "; their login may no longer connect to this library (it stays for the other libraries it codes in)"
        if not active:
            said += "; their annotations stay (agreement, exports)"
        print(shown(said))
        return 0
    me = services.coders.current().login
    rows = [
        (
            "*" if c.login == me else "",
            str(c.id),
            c.login,
            c.display_name,
            c.role.value,
            "yes" if c.active else "no",
            c.created_at,
        )
        for c in services.coders.list()
    ]
    print_table(("me", "id", "login", "name", "role", "active", "since"), rows)
    return 0


def cmd_reveal(services: Services, args: argparse.Namespace) -> int:
    """`reveal DOC…`: the lead ends the blind phase (a coder is refused by the server)."""
    done = services.documents.reveal(args.doc_ids)
    print(f"revealed {', '.join(map(str, done))}: every coder now sees the others' annotations there")
    return 0


def cmd_agreement(services: Services, args: argparse.Namespace) -> int:
    import csv
    import json

    from annotator.services import agreement as shown

    coders = tuple(dict.fromkeys(c.strip() for c in args.coders.split(",") if c.strip()))
    options = shown.AgreementOptions(tuple(args.docs), tuple(args.tags), coders, args.by_document)
    report = shown.AgreementService(services.library).compute(options)
    if args.format == "json":
        print(json.dumps(shown.as_json(report), ensure_ascii=False, indent=1))
    elif args.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerows([shown.header(report), *shown.table_rows(report)])
    else:
        print_table(shown.header(report), shown.table_rows(report, empty="—"))
    for line in shown.summary(report):
        print(line, file=sys.stderr)
    return 0


def cmd_merge(services: Services, args: argparse.Namespace) -> int:
    report = services.merge.merge(args.other)
    if args.json:
        import json

        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
    else:
        for line in report.lines():
            print(shown(line))
    return 0


def cmd_copy(args: argparse.Namespace) -> int:
    from annotator.services.copy import copy_library

    for line in copy_library(args.source, args.target).lines():
        print(shown(line))
    return 0
