"""`annotator search`: keyword-in-context hits across the library, or counts per document."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from annotator.cli.common import SPREADSHEET, print_table
from annotator.domain.wording import count_of
from annotator.terminal import shown

if TYPE_CHECKING:
    from annotator.services import Services

QUERY_HELP = (
    'words (any form: снаряд finds снаряды), "a phrase", prefix*, NEAR(word word, 10); terms side by side must all occur'
)


def add_commands(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("search", help="search every document (or passages, notes): keyword in context")
    p.add_argument("query", metavar="QUERY", help=QUERY_HELP)
    p.add_argument(
        "--doc", dest="docs", type=int, action="append", default=[], metavar="ID", help="only this document (repeatable)"
    )
    p.add_argument("--source", default="", metavar="S", help="only documents of this source")
    p.add_argument(
        "--from", dest="date_from", default="", metavar="DATE", help="published on or after (2024, 2024-03, 2024-03-12)"
    )
    p.add_argument(
        "--to", dest="date_to", default="", metavar="DATE", help="published on or before (a partial date: all of it)"
    )
    p.add_argument(
        "--tag", dest="tags", action="append", default=[], metavar="NAME", help="only documents with a passage tagged NAME"
    )
    p.add_argument(
        "--no-tag", dest="no_tags", action="append", default=[], metavar="NAME", help="only documents without one"
    )
    p.add_argument("--coder", default="", metavar="LOGIN", help="only documents this coder tagged in")
    p.add_argument(
        "--var",
        dest="values",
        type=_name_value,
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="only documents whose variable NAME has VALUE, as `vars set` stores it "
        '("outlet_country=United States"; repeatable: all must hold)',
    )
    p.add_argument("--in", dest="scope", choices=("documents", "passages", "notes"), default="documents")
    p.add_argument("--count", action="store_true", help="hits per document instead of the hits")
    p.add_argument("--limit", type=int, metavar="N", help="only the first N hits")
    p.add_argument("--width", type=int, default=40, metavar="N", help="characters of context on each side (40)")
    p.add_argument("--format", choices=("table", "csv"), default="table")
    p.add_argument("--excel", action="store_true", help=f"with --format csv: {SPREADSHEET}")
    p.set_defaults(handler=cmd_search)


def _name_value(given: str) -> tuple[str, str]:
    """NAME=VALUE split at the first '=' (a value may hold '=' and spaces); a usage error without one."""
    name, equals, value = given.partition("=")
    if not equals or not name.strip():
        raise argparse.ArgumentTypeError(f"{given!r} is not NAME=VALUE (a document variable and its value)")
    return name.strip(), value


def cmd_search(services: Services, args: argparse.Namespace) -> int:
    from annotator.services.search import Filters, Scope, write_csv

    if args.excel and args.format != "csv":
        print("annotator: error: --excel is for --format csv", file=sys.stderr)
        return 2
    filters = Filters(
        documents=tuple(args.docs),
        source=args.source,
        published_from=args.date_from,
        published_to=args.date_to,
        tags=tuple(args.tags),
        without_tags=tuple(args.no_tags),
        coder=args.coder,
        values=tuple(args.values),
    )
    limit = None if args.count else args.limit
    result = services.search.search(args.query, filters, scope=Scope(args.scope), limit=limit, width=max(0, args.width))
    if args.format == "csv":
        write_csv(result, counts=args.count, excel=args.excel)
        return 0
    if args.count:
        titles = {d.id: d.meta.title for d in services.documents.list()} if result.counts else {}
        rows = [(str(d), str(n), titles.get(d, "")) for d, n in sorted(result.counts.items())]
        print_table(("document", "hits", "title"), rows)
        print(shown(f"{count_of(result.total, 'hit')} in {count_of(len(result.counts), 'document')}"), file=sys.stderr)
        return 0
    _print_kwic(result.hits, args.scope != "documents")
    more = "" if result.complete else f" (the first {len(result.hits)}: --limit)"
    print(shown(f"{count_of(len(result.hits), 'hit')} in {count_of(len(result.counts), 'document')}{more}"), file=sys.stderr)
    return 0


def _print_kwic(hits: list, with_annotation: bool) -> None:
    """Aligned lines: the left context right-aligned, the match, the right context."""
    ids = [f"{h.document_id}{f'/{h.annotation_id}' if with_annotation else ''}" for h in hits]
    spans = [f"{h.start}-{h.end}" for h in hits]
    w_id = max((len(s) for s in ids), default=0)
    w_span = max((len(s) for s in spans), default=0)
    w_left = max((len(h.left) for h in hits), default=0)
    for doc, span, h in zip(ids, spans, hits, strict=True):
        match = " ".join(h.match.split("\n"))
        print(shown(f"{doc.rjust(w_id)}  {span.ljust(w_span)}  {h.left.rjust(w_left)} [{match}] {h.right}".rstrip()))
