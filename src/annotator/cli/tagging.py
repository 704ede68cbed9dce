"""Commands that read or make passages: the codebook, tagging, suggestions, the lexicon."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.cli.common import SPREADSHEET, fields_text, print_table, tag_names
from annotator.domain.wording import count_of
from annotator.terminal import shown

if TYPE_CHECKING:
    from annotator.services import Services


def add_commands(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("tags", help="list the codebook")
    p.set_defaults(handler=cmd_tags)

    p = commands.add_parser("tag", help="tag a passage given by its exact text")
    p.add_argument("doc_id", type=int, metavar="DOC_ID")
    p.add_argument("--quote", required=True, help="the exact passage")
    p.add_argument("--nth", type=int, help="which occurrence, counting from 1")
    p.add_argument("--tag", dest="tags", action="append", required=True, metavar="NAME")
    p.add_argument("--note", default="")
    p.add_argument(
        "--replace-note",
        action="store_true",
        help="replace the note the passage already has (without it, that note is kept)",
    )
    p.add_argument(
        "--field",
        dest="fields",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a field of the tag, e.g. date=2023-11-08 (see `annotator tags`)",
    )
    p.set_defaults(handler=cmd_tag)

    p = commands.add_parser("suggest", help="detected dates, casualty figures, quotes and loaded terms")
    p.add_argument("doc_ids", type=int, nargs="+", metavar="DOC_ID")
    p.add_argument("--tag", dest="tags", action="append", metavar="NAME", help="only this tag (repeatable)")
    p.add_argument("--format", choices=("table", "csv"), default="table")
    p.add_argument("--excel", action="store_true", help=f"with --format csv: {SPREADSHEET}")
    p.add_argument("--accept", action="store_true", help="turn them into annotations")
    p.set_defaults(handler=cmd_suggest)

    p = commands.add_parser("lexicon", help="list the framing lexicon, or replace it from / write it to a CSV file")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--import", dest="import_file", type=Path, metavar="FILE", help="replace it with FILE (term,frame)")
    group.add_argument(
        "--export", dest="export_file", type=Path, metavar="FILE", help="write it to FILE (- for standard output)"
    )
    p.add_argument("--excel", action="store_true", help=f"with --export: {SPREADSHEET}")
    p.set_defaults(handler=cmd_lexicon)


def cmd_tags(services: Services, _args: argparse.Namespace) -> int:
    from annotator.domain.fields import format_specs

    rows = [
        (t.shortcut, t.name, t.color, str(services.codebook.usage(t.id)), t.detector, format_specs(t.fields), t.description)
        for t in services.codebook.tags()
    ]
    print_table(("key", "name", "colour", "passages", "suggests", "fields", "guideline"), rows)
    return 0


def cmd_tag(services: Services, args: argparse.Namespace) -> int:
    from annotator.services import UserError

    fields = {}
    for item in args.fields:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UserError(f"--field {item!r}: write it as NAME=VALUE, e.g. date=2023-11-08")
        fields[name.strip().lower()] = value
    tag_names(services, services.annotations.for_document(args.doc_id))  # before anything is written
    result = services.annotations.tag_quote(
        args.doc_id,
        args.quote,
        args.tags,
        nth=args.nth,
        note=args.note,
        fields=fields,
        replace_note=args.replace_note,
    )
    a = result.annotation
    verb = "tagged" if result.created else "added tags to"
    names = tag_names(services, [a])
    tags = ", ".join(names[t] for t in a.tag_ids)
    print(
        shown(f"{verb} annotation {a.id}: [{a.start}:{a.end}] {tags}" + (f" ({fields_text(a.fields)})" if a.fields else ""))
    )
    if result.kept:  # saved work is never overwritten in silence
        print(shown(f"annotator: {_kept_sentence(a.id, result.kept)}"), file=sys.stderr)
    return 0


def cmd_suggest(services: Services, args: argparse.Namespace) -> int:
    if args.excel and args.format != "csv":
        print("annotator: error: --excel is for --format csv", file=sys.stderr)
        return 2
    found = []
    for doc_id in args.doc_ids:
        offers = services.suggestions.suggest(doc_id, args.tags)
        text = services.documents.text(doc_id)
        found.extend((doc_id, s, text[s.start : s.end]) for s in offers)
        if args.accept:
            accepted = services.suggestions.accept(doc_id, offers)
            print(f"document {doc_id}: {count_of(len(accepted), 'suggestion')} accepted", file=sys.stderr)
    if args.format == "csv":
        services.suggestions.write_table(found, excel=args.excel)
        return 0
    rows = [(str(doc_id), str(s.start), str(s.end), s.tag, passage, fields_text(s.fields)) for doc_id, s, passage in found]
    print_table(("doc", "start", "end", "tag", "text", "fields"), rows)
    return 0


def cmd_lexicon(services: Services, args: argparse.Namespace) -> int:
    if args.excel and not args.export_file:
        print("annotator: error: --excel is for --export FILE", file=sys.stderr)
        return 2
    if args.import_file:
        entries, _ = services.suggestions.import_lexicon(args.import_file)
        print(shown(f"the lexicon now has {count_of(len(entries), 'term')}, from {args.import_file}"), file=sys.stderr)
    elif args.export_file:
        count = services.suggestions.export_lexicon(args.export_file, excel=args.excel)
        print(shown(f"wrote {count_of(count, 'term')} to {args.export_file}"), file=sys.stderr)
    else:
        print_table(("term", "frame"), services.suggestions.lexicon())
    return 0


def _kept_sentence(annotation_id: int, kept: Sequence[str]) -> str:
    """What a second `tag` left as it was: the note and field values the passage already had."""
    fields = [name for name in kept if name != "note"]
    held = (["a different note"] if "note" in kept else []) + (
        [f"a different value for {fields[0]}" if len(fields) == 1 else f"different values for {', '.join(fields)}"]
        if fields
        else []
    )
    what = " and ".join(["note"] * ("note" in kept) + fields)
    sentence = f"{what} kept: annotation {annotation_id} already has {' and '.join(held)}"
    return sentence + ("; add --replace-note to replace the note" if "note" in kept else "")
