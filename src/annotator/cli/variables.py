"""Commands for document variables and memos: `vars list|define|remove|set|show`, `memo`."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from annotator.cli.common import add_global_options, print_table
from annotator.domain.wording import count_of
from annotator.terminal import shown

if TYPE_CHECKING:
    from annotator.services import Services

KINDS = ("text", "number", "date", "choice")


def add_commands(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("vars", help="document variables: define them, set their values, show them")
    sub = p.add_subparsers(dest="vars_command", metavar="list|define|remove|set|show", required=True)
    listing = sub.add_parser("list", help="the library's variables: name, type, documents with a value")
    define = sub.add_parser("define", help="define a variable, or change its type (its values must fit)")
    define.add_argument("name", metavar="NAME", help="lower-case letters, digits and _ (outlet_country)")
    define.add_argument("--type", dest="kind", choices=KINDS, default="text")
    define.add_argument("--choices", default="", metavar="A|B|C", help="a choice's values: state|private|foreign")
    remove = sub.add_parser("remove", help="delete a variable with every document's value of it")
    remove.add_argument("name", metavar="NAME")
    setter = sub.add_parser("set", help="set values for documents: NAME=VALUE (an empty VALUE removes it)")
    setter.add_argument("assignments", nargs="+", metavar="NAME=VALUE")
    setter.add_argument("--doc", dest="docs", type=int, action="append", required=True, metavar="ID")
    show = sub.add_parser("show", help="documents and their values, one column per variable")
    show.add_argument("--doc", dest="docs", type=int, action="append", default=[], metavar="ID")
    show.add_argument("--format", choices=("table", "csv"), default="table")
    for nested in (listing, define, remove, setter, show):
        add_global_options(nested, argparse.SUPPRESS)
    p.set_defaults(handler=cmd_vars)

    p = commands.add_parser("memo", help="print a document's memo, or write it (TEXT; - reads it from input)")
    p.add_argument("doc_id", type=int, metavar="DOC_ID")
    p.add_argument("text", nargs="?", metavar="TEXT", help='the new memo ("" removes it)')
    p.set_defaults(handler=cmd_memo)


def cmd_vars(services: Services, args: argparse.Namespace) -> int:
    handler = {"list": _list, "define": _define, "remove": _remove, "set": _set, "show": _show}[args.vars_command]
    return handler(services, args)


def _list(services: Services, _args: argparse.Namespace) -> int:
    held: dict[str, int] = {}
    for values in services.variables.values().values():
        for name in values:
            held[name] = held.get(name, 0) + 1
    rows = [(v.name, v.shown_kind, str(held.get(v.name, 0))) for v in services.variables.variables()]
    print_table(("name", "type", "documents"), rows)
    return 0


def _define(services: Services, args: argparse.Namespace) -> int:
    variable, _ = services.variables.define(args.name, args.kind, args.choices)
    print(shown(f"variable {variable.name}: {variable.shown_kind}"))
    return 0


def _remove(services: Services, args: argparse.Namespace) -> int:
    variable, held, _ = services.variables.remove(args.name)
    print(shown(f"removed variable {variable.name} and its values in {count_of(len(held), 'document')}"))
    return 0


def _set(services: Services, args: argparse.Namespace) -> int:
    values = {}
    for assignment in args.assignments:
        name, equals, value = assignment.partition("=")
        if not equals:
            print(shown(f"annotator: error: {assignment!r} is not NAME=VALUE"), file=sys.stderr)
            return 2
        values[name.strip()] = value
    services.variables.set_values(args.docs, values)
    after = services.variables.values(args.docs)
    for document_id in sorted(set(args.docs)):
        held = after.get(document_id, {})
        text = "; ".join(f"{n}={held[n]}" if n in held else f"{n} removed" for n in (k.strip().lower() for k in values))
        print(shown(f"document {document_id}: {text}"))
    return 0


def _show(services: Services, args: argparse.Namespace) -> int:
    import csv

    names = [v.name for v in services.variables.variables()]
    wanted = set(args.docs)
    documents = [d for d in services.documents.list() if not wanted or d.id in wanted]
    values = services.variables.values([d.id for d in documents])
    header = ("id", "title", *names)
    rows = [(str(d.id), d.title, *(values.get(d.id, {}).get(n, "") for n in names)) for d in documents]
    if args.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    else:
        print_table(header, rows)
    return 0


def cmd_memo(services: Services, args: argparse.Namespace) -> int:
    if args.text is None:
        memo = services.variables.memo(args.doc_id)
        if memo.text:
            print(shown(f"(written {memo.updated_at})"), file=sys.stderr)
            print(memo.text)
        return 0
    text = sys.stdin.read() if args.text == "-" else args.text
    services.variables.set_memo(args.doc_id, text.strip("\n"))
    print(f"memo of document {args.doc_id} {'written' if text.strip() else 'removed'}")
    return 0
