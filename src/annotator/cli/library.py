"""Commands about documents: import, list, print, delete, and a document's annotations."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.cli.common import fields_text, print_table, tag_names
from annotator.domain.models import META_FIELDS
from annotator.domain.wording import count_of
from annotator.terminal import shown

if TYPE_CHECKING:
    from annotator.services import Services
    from annotator.services.documents import Outcome, Overrides


def add_commands(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "import",
        help="import .txt, .md, .html, .docx or .pdf articles, or a corpus file (.csv, .jsonl: one article per row)",
    )
    p.add_argument("files", nargs="*", type=Path, metavar="FILE")
    p.add_argument("--samples", action="store_true", help="import the bundled sample articles")
    for field in META_FIELDS:  # --title, --source, --published, …: one per metadata field
        p.add_argument(f"--{field.name}", default="", help=field.help)
    p.add_argument(
        "--text-column", default="text", metavar="NAME", help="a corpus file's column of the text (default: text)"
    )
    for field in META_FIELDS:  # --title-column, --source-column, …: a corpus's columns named otherwise
        p.add_argument(f"--{field.name}-column", default="", metavar="NAME", help=f"a corpus file's {field.name} column")
    p.set_defaults(handler=cmd_import)

    p = commands.add_parser("docs", help="list documents: id, title, source, published, annotations, your status")
    p.set_defaults(handler=cmd_docs)

    p = commands.add_parser("delete-doc", help="delete a document with its annotations (asks first)")
    p.add_argument("doc_id", type=int, metavar="DOC_ID")
    p.add_argument("--yes", action="store_true", help="do not ask")
    p.set_defaults(handler=cmd_delete_doc)

    p = commands.add_parser("text", help="print a document's stored text, exactly")
    p.add_argument("doc_id", type=int, metavar="DOC_ID")
    p.set_defaults(handler=cmd_text)

    p = commands.add_parser("annotations", help="list a document's annotations")
    p.add_argument("doc_id", type=int, metavar="DOC_ID")
    p.set_defaults(handler=cmd_annotations)


def cmd_import(services: Services, args: argparse.Namespace) -> int:
    from annotator.services.corpus import is_corpus
    from annotator.services.documents import Overrides

    if not args.samples and not args.files:
        print("annotator: error: give files to import, or --samples", file=sys.stderr)
        return 2
    corpora = [path for path in args.files if is_corpus(path)]
    if args.title and (len(args.files) > 1 or corpora):
        print("annotator: error: --title applies to a single file (a corpus's titles: --title-column)", file=sys.stderr)
        return 2
    overrides = Overrides(**{field.name: getattr(args, field.name) for field in META_FIELDS})
    outcomes = services.documents.import_samples() if args.samples else []
    outcomes += services.documents.import_files([p for p in args.files if not is_corpus(p)], overrides)
    failed = _report(outcomes)
    for path in corpora:
        failed += import_corpus_file(services, path, args, overrides)
    return 1 if failed else 0


def _report(outcomes: list[Outcome]) -> int:
    """Print each outcome (notes first, once each); returns how many failed."""
    failed = 0
    for note in dict.fromkeys(n for outcome in outcomes for n in outcome.notes):  # once per batch
        print(f"annotator: note: {note}", file=sys.stderr)
    for outcome in outcomes:
        where = f"{outcome.path} row {outcome.row}" if outcome.row else str(outcome.path)
        if outcome.document is not None:
            doc = outcome.document
            print(shown(f"imported {doc.id}: {doc.title} ({doc.filename})"))
        elif outcome.duplicate_of is not None:
            print(shown(f"skipped {where}: the same text is already document {outcome.duplicate_of}"))
        else:
            failed += 1
            print(shown(f"annotator: {where}: {outcome.problem}"), file=sys.stderr)
    return failed


def import_corpus_file(services: Services, path: Path, args: argparse.Namespace, overrides: Overrides) -> int:
    """Import one corpus file with a progress line on standard error; returns how many rows failed
    (or 1 if the file could not be read at all)."""
    from annotator.services.corpus import Columns, import_corpus

    names = {f.name: getattr(args, f"{f.name}_column") for f in META_FIELDS if getattr(args, f"{f.name}_column")}
    live = sys.stderr.isatty()

    def progress(rows: int, fraction: float) -> bool:
        line = f"annotator: {path.name}: {rows:,} rows read ({fraction:.0%})"
        if live:  # one line that updates itself
            print(f"\r{line}", end="", file=sys.stderr, flush=True)
        elif rows % 1000 == 0 or fraction >= 1.0:  # a log: a line every thousand rows
            print(line, file=sys.stderr)
        return True

    result = import_corpus(services.documents, path, Columns(args.text_column, names), overrides, progress)
    if live:
        print(file=sys.stderr)
    if result.problem:
        print(shown(f"annotator: {path}: {result.problem}"), file=sys.stderr)
        return 1
    failed = _report(result.outcomes)
    duplicates = sum(1 for o in result.outcomes if o.duplicate_of is not None)
    print(
        shown(
            f"annotator: {path.name}: {len(result.imported):,} imported, {duplicates:,} already in the library, "
            f"{failed:,} skipped (of {count_of(len(result.outcomes), 'row')}; {result.encoding})"
        ),
        file=sys.stderr,
    )
    return failed


def cmd_docs(services: Services, _args: argparse.Namespace) -> int:
    rows = [
        (str(d.id), d.title, d.meta.source, d.meta.published, str(d.annotation_count), d.status.value)
        for d in services.documents.list()
    ]
    print_table(("id", "title", "source", "published", "annotations", "status"), rows)
    return 0


def cmd_delete_doc(services: Services, args: argparse.Namespace) -> int:
    from annotator.services import UserError

    try:
        document = services.documents.get(args.doc_id)
    except UserError as exc:
        print(shown(f"annotator: {exc}"), file=sys.stderr)
        return 1
    what = shown(
        f"document {document.id} ({document.title or document.filename}) with "
        f"{count_of(document.annotation_count, 'annotation', 'annotations')}"
    )
    if not args.yes:
        if not sys.stdin.isatty():
            print(f"annotator: deleting {what} cannot be undone here; run again with --yes to do it.", file=sys.stderr)
            return 1
        answer = input(f"Delete {what}? This cannot be undone. [y/N] ")
        if answer.strip().casefold() not in ("y", "yes"):
            print("nothing deleted")
            return 1
    try:
        services.documents.delete(document.id)
    except UserError as exc:
        print(shown(f"annotator: {exc}"), file=sys.stderr)
        return 1
    print(f"deleted {what}")
    return 0


def cmd_text(services: Services, args: argparse.Namespace) -> int:
    sys.stdout.buffer.write(services.documents.text(args.doc_id).encode("utf-8"))
    sys.stdout.buffer.flush()
    return 0


def cmd_annotations(services: Services, args: argparse.Namespace) -> int:
    services.documents.get(args.doc_id)
    annotations = services.annotations.for_document(args.doc_id)
    names = tag_names(services, annotations)
    rows = [
        (
            str(a.id),
            str(a.start),
            str(a.end),
            ", ".join(names[t] for t in a.tag_ids),
            " ".join(a.quote.split()),
            fields_text(a.fields),
            a.note,
            a.coder,
        )
        for a in annotations
    ]
    print_table(("id", "start", "end", "tags", "passage", "fields", "note", "coder"), rows)
    return 0
