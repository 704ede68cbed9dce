"""Commands for adjudication: the disagreements between coders, and the gold layer."""

from __future__ import annotations

import argparse
import csv
import sys
from typing import TYPE_CHECKING

from annotator.cli.common import add_global_options, print_table
from annotator.domain.wording import count_of

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

    p = commands.add_parser("gold", help="the gold layer (the lead's): accept-agreed, adjudicated, list")
    gold = p.add_subparsers(dest="gold_command", metavar="accept-agreed|adjudicated|list", required=True)
    agreed = gold.add_parser("accept-agreed", help="every passage all coders marked on the same span, into gold")
    add_scope(agreed, coders=False)
    done = gold.add_parser("adjudicated", help="mark documents adjudicated (their phase)")
    done.add_argument("doc_ids", type=int, nargs="+", metavar="DOC_ID")
    done.add_argument(
        "--reveal", action="store_true", help="a blind document is revealed to the coders too (else it is refused)"
    )
    listed = gold.add_parser("list", help="the decisions: document, tag, decision, gold UUID, sources, curator, time")
    add_scope(listed, coders=False)
    for nested in (agreed, done, listed):
        add_global_options(nested, argparse.SUPPRESS)
    p.set_defaults(handler=cmd_gold)


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
    for line in (f"{count_of(len(found.items), 'disagreement')} between {', '.join(found.coders)}", *found.notes):
        print(line, file=sys.stderr)
    return 0


def cmd_gold(services: Services, args: argparse.Namespace) -> int:
    """`gold accept-agreed [--doc …]`, `gold adjudicated DOC…`, `gold list [--doc …]`."""
    if args.gold_command == "accept-agreed":
        steps = services.gold.accept_agreed(tuple(args.docs))
        documents = sorted({s.decision.document_id for s in steps})
        print(
            f"accepted {count_of(len(steps), 'agreed passage')} into gold"
            + (f" (documents {', '.join(map(str, documents))})" if documents else "")
        )
    elif args.gold_command == "adjudicated":
        from annotator.services import UserError
        from annotator.services.gold import BlindDocuments

        try:
            done = services.gold.mark_adjudicated(args.doc_ids, reveal=args.reveal)
        except BlindDocuments as blind:
            raise UserError(
                f"{blind.named} still blind: marking {blind.them} adjudicated would show the coders each other's "
                f"passages; run `annotator reveal {' '.join(map(str, blind.documents))}` first, or "
                f"`annotator gold adjudicated {' '.join(map(str, args.doc_ids))} --reveal` to do both"
            ) from None
        print(f"adjudicated {', '.join(map(str, done))}")
    else:
        rows = [
            (str(d.document_id), d.tag, d.decision, d.gold_uuid or "", " ".join(d.sources), d.curator, d.decided_at)
            for d in services.gold.decisions(tuple(args.docs))
        ]
        print_table(("document", "tag", "decision", "gold", "sources", "curator", "at"), rows)
    return 0
