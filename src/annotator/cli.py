"""The command line: parse arguments, call the services, print results. No SQL here."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from annotator import __version__
from annotator.domain.models import META_FIELDS
from annotator.terminal import shown

if TYPE_CHECKING:
    from annotator.domain.models import Annotation
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
  annotator coders add "Ann Lee" --lead; annotator coders list
  annotator migrate --db postgresql://admin@server/team   # a team library: made or upgraded by an admin
  annotator reveal 1 2              # the lead ends the blind phase of documents 1 and 2
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


SPREADSHEET = (
    "for a spreadsheet: a byte-order mark so Excel reads UTF-8, and cells starting with "
    "= + - @ tab or CR prefixed with ' so they are shown, not run (without it every cell is exact)"
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Read, highlight and tag news articles; export the tagged passages exactly.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    _add_global_options(parser, argparse.SUPPRESS)
    parser.set_defaults(db=None, annotator=None)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = commands.add_parser("import", help="import .txt, .md or .html articles")
    p.add_argument("files", nargs="*", type=Path, metavar="FILE")
    p.add_argument("--samples", action="store_true", help="import the bundled sample articles")
    for field in META_FIELDS:  # --title, --source, --published, …: one per metadata field
        p.add_argument(f"--{field.name}", default="", help=field.help)

    commands.add_parser("docs", help="list documents: id, title, source, published, annotations, your status")

    p = commands.add_parser("delete-doc", help="delete a document with its annotations (asks first)")
    p.add_argument("doc_id", type=int, metavar="DOC_ID")
    p.add_argument("--yes", action="store_true", help="do not ask")

    p = commands.add_parser("text", help="print a document's stored text, exactly")
    p.add_argument("doc_id", type=int, metavar="DOC_ID")

    commands.add_parser("tags", help="list the codebook")

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

    p = commands.add_parser("suggest", help="detected dates, casualty figures, quotes and loaded terms")
    p.add_argument("doc_ids", type=int, nargs="+", metavar="DOC_ID")
    p.add_argument("--tag", dest="tags", action="append", metavar="NAME", help="only this tag (repeatable)")
    p.add_argument("--format", choices=("table", "csv"), default="table")
    p.add_argument("--excel", action="store_true", help=f"with --format csv: {SPREADSHEET}")
    p.add_argument("--accept", action="store_true", help="turn them into annotations")

    p = commands.add_parser("lexicon", help="list the framing lexicon, or replace it from / write it to a CSV file")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--import", dest="import_file", type=Path, metavar="FILE", help="replace it with FILE (term,frame)")
    group.add_argument(
        "--export", dest="export_file", type=Path, metavar="FILE", help="write it to FILE (- for standard output)"
    )
    p.add_argument("--excel", action="store_true", help=f"with --export: {SPREADSHEET}")

    p = commands.add_parser("coders", help="list the library's coders, or add one")
    coders = p.add_subparsers(dest="coders_command", metavar="list|add", required=True)
    coders_list = coders.add_parser("list", help="every coder: login, name, role")
    coders_add = coders.add_parser("add", help="add a coder")
    coders_add.add_argument("name", metavar="NAME", help="gives the login (lower case, _ for spaces)")
    coders_add.add_argument("--lead", action="store_true", help="a lead coder (adjudicates; later: reveals)")
    coders_add.add_argument("--display", metavar="NAME", help="the name people see (default: NAME)")
    for nested in (coders_list, coders_add):
        _add_global_options(nested, argparse.SUPPRESS)

    commands.add_parser("migrate", help="create or upgrade the library's schema (a team library: an admin's step)")

    p = commands.add_parser("reveal", help="end the blind phase of documents: coders see each other's annotations")
    p.add_argument("doc_ids", type=int, nargs="+", metavar="DOC_ID")

    p = commands.add_parser("annotations", help="list a document's annotations")
    p.add_argument("doc_id", type=int, metavar="DOC_ID")

    commands.add_parser("check", help="check the library: integrity, links, every passage against its text")

    p = commands.add_parser("backup", help="copy the library now (default: into its backups folder)")
    p.add_argument("file", nargs="?", type=Path, metavar="FILE")
    p.add_argument(
        "--daily",
        action="store_true",
        help="make the day's rolling backup if it is due (what commands start in the background)",
    )

    p = commands.add_parser("restore", help="replace the library with a backup (the current one is backed up first)")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--yes", action="store_true", help="really replace the library")

    p = commands.add_parser("export", help="export passage–tag rows to CSV")
    p.add_argument("--out", default="-", help="file to write, or - for standard output")
    p.add_argument("--doc", dest="docs", type=int, action="append", default=[], metavar="ID")
    p.add_argument("--tag", dest="tags", action="append", default=[], metavar="NAME")
    p.add_argument("--excel", action="store_true", help=SPREADSHEET)
    p.add_argument("--raw", action="store_true", help=argparse.SUPPRESS)  # exact is the default now: kept, says so

    p = commands.add_parser("agreement", help="inter-coder agreement per tag: α_U, κ, α, percent, Holsti, κ_n")
    p.add_argument("--doc", dest="docs", type=int, action="append", default=[], metavar="ID")
    p.add_argument("--tag", dest="tags", action="append", default=[], metavar="NAME")
    p.add_argument("--coders", default="", metavar="A,B,…", help="whose annotations (logins or names); default: all")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--by-document", action="store_true", help="add a row per document")

    p = commands.add_parser("merge", help="bring another library (a file or a database URL) into this one")
    p.add_argument("other", metavar="OTHER", help="the library to read (it is not changed)")
    p.add_argument("--json", action="store_true", help="the report as JSON")

    p = commands.add_parser("copy", help="copy a whole library into an empty one (file <-> server, file -> file)")
    p.add_argument("source", metavar="SRC", help="the library to copy (a file or a database URL; not changed)")
    p.add_argument("target", metavar="DST", help="an empty library: a new file, or a migrated empty database")

    for sub in commands.choices.values():  # `annotator text 1 --db lib` as well as `annotator --db lib text 1`
        _add_global_options(sub, argparse.SUPPRESS)
    return parser


def _add_global_options(parser: argparse.ArgumentParser, default: str) -> None:
    """--db and --annotator, accepted before or after the command (SUPPRESS: a subcommand never resets them)."""
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=default,
        help="the library file or database URL (default: see annotator --help)",
    )
    parser.add_argument(
        "--annotator",
        metavar="NAME",
        default=default,
        help="the coder: a name or login (default: ANNOTATOR_USER, else the OS user); "
        "a new name becomes a coder when they first tag",
    )


def run(args: argparse.Namespace) -> int:
    from annotator.paths import library_location
    from annotator.services import UserError, migrate, open_services

    if args.command == "migrate":  # before any open: opening a server library never migrates it
        before, now = migrate(library_location(args.db))
        print(f"the library is at schema {now}" + (f" (upgraded from {before})" if before else ""))
        return 0
    if args.command == "copy":  # two libraries, neither of them --db
        return cmd_copy(args)
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
        handler = HANDLERS[args.command]
        code = handler(services, args)
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


def cmd_import(services: Services, args: argparse.Namespace) -> int:
    from annotator.services.documents import Overrides

    if not args.samples and not args.files:
        print("annotator: error: give files to import, or --samples", file=sys.stderr)
        return 2
    if args.title and len(args.files) > 1:
        print("annotator: error: --title applies to a single file", file=sys.stderr)
        return 2
    overrides = Overrides(**{field.name: getattr(args, field.name) for field in META_FIELDS})
    outcomes = services.documents.import_samples() if args.samples else []
    outcomes += services.documents.import_files(args.files, overrides)
    failed = 0
    for note in dict.fromkeys(n for outcome in outcomes for n in outcome.notes):  # once per batch
        print(f"annotator: note: {note}", file=sys.stderr)
    for outcome in outcomes:
        if outcome.document is not None:
            doc = outcome.document
            print(shown(f"imported {doc.id}: {doc.title} ({outcome.path.name})"))
        elif outcome.duplicate_of is not None:
            print(shown(f"skipped {outcome.path}: the same text is already document {outcome.duplicate_of}"))
        else:
            failed += 1
            print(shown(f"annotator: {outcome.path}: {outcome.problem}"), file=sys.stderr)
    return 1 if failed else 0


def cmd_docs(services: Services, _args: argparse.Namespace) -> int:
    rows = [
        (str(d.id), d.title, d.meta.source, d.meta.published, str(d.annotation_count), d.status.value)
        for d in services.documents.list()
    ]
    print_table(("id", "title", "source", "published", "annotations", "status"), rows)
    return 0


def cmd_delete_doc(services: Services, args: argparse.Namespace) -> int:
    from annotator.domain.wording import count_of
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
    _tag_names(services, services.annotations.for_document(args.doc_id))  # before anything is written
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
    names = _tag_names(services, [a])
    tags = ", ".join(names[t] for t in a.tag_ids)
    print(
        shown(f"{verb} annotation {a.id}: [{a.start}:{a.end}] {tags}" + (f" ({_fields_text(a.fields)})" if a.fields else ""))
    )
    if result.kept:  # saved work is never overwritten in silence
        print(shown(f"annotator: {_kept_sentence(a.id, result.kept)}"), file=sys.stderr)
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


def cmd_annotations(services: Services, args: argparse.Namespace) -> int:
    services.documents.get(args.doc_id)
    annotations = services.annotations.for_document(args.doc_id)
    names = _tag_names(services, annotations)
    rows = [
        (
            str(a.id),
            str(a.start),
            str(a.end),
            ", ".join(names[t] for t in a.tag_ids),
            " ".join(a.quote.split()),
            _fields_text(a.fields),
            a.note,
            a.coder,
        )
        for a in annotations
    ]
    print_table(("id", "start", "end", "tags", "passage", "fields", "note", "coder"), rows)
    return 0


def cmd_coders(services: Services, args: argparse.Namespace) -> int:
    """`coders list` (the current coder starred) and `coders add NAME [--lead] [--display …]`."""
    if args.coders_command == "add":
        coder = services.coders.add(args.name, lead=args.lead, display=args.display)
        print(shown(f"added coder {coder.login} ({coder.display_name}), {coder.role.value}"))
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


def _tag_names(services: Services, annotations: Sequence[Annotation]) -> dict[int, str]:
    """The codebook's names by id; a sentence if an annotation links to a tag that is not there
    (deleted by another program with foreign keys off)."""
    from annotator.services import UserError

    names = {t.id: t.name for t in services.codebook.tags()}
    for a in annotations:
        missing = [t for t in a.tag_ids if t not in names]
        if missing:
            raise UserError(
                f"annotation {a.id} has tag {missing[0]}, which is not in the codebook: the library "
                "was changed outside Annotator (`annotator check` lists what is wrong)"
            )
    return names


def _fields_text(fields: Sequence[tuple[str, str]]) -> str:
    return "; ".join(f"{name}={value}" for name, value in fields)


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
            print(f"document {doc_id}: {len(accepted)} suggestions accepted", file=sys.stderr)
    if args.format == "csv":
        services.suggestions.write_table(found, excel=args.excel)
        return 0
    rows = [(str(doc_id), str(s.start), str(s.end), s.tag, passage, _fields_text(s.fields)) for doc_id, s, passage in found]
    print_table(("doc", "start", "end", "tag", "text", "fields"), rows)
    return 0


def cmd_lexicon(services: Services, args: argparse.Namespace) -> int:
    if args.excel and not args.export_file:
        print("annotator: error: --excel is for --export FILE", file=sys.stderr)
        return 2
    if args.import_file:
        entries, _ = services.suggestions.import_lexicon(args.import_file)
        print(shown(f"the lexicon now has {len(entries)} terms, from {args.import_file}"), file=sys.stderr)
    elif args.export_file:
        count = services.suggestions.export_lexicon(args.export_file, excel=args.excel)
        print(shown(f"wrote {count} terms to {args.export_file}"), file=sys.stderr)
    else:
        print_table(("term", "frame"), services.suggestions.lexicon())
    return 0


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
    options = ExportOptions(tuple(args.docs), tuple(args.tags), excel=args.excel)
    count = services.exports.export_csv(args.out, options)
    if args.out != "-":
        print(shown(f"exported {count} rows to {Path(args.out).absolute()}"), file=sys.stderr)
    return 0


def cmd_check(services: Services, _args: argparse.Namespace) -> int:
    report = services.integrity.check()
    for line in report.problems:
        print(shown(line))
    if not report.problems:
        print(f"library OK: {report.documents} documents, {report.annotations} annotations")
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


HANDLERS = {
    "merge": cmd_merge,
    "import": cmd_import,
    "docs": cmd_docs,
    "delete-doc": cmd_delete_doc,
    "text": cmd_text,
    "tags": cmd_tags,
    "tag": cmd_tag,
    "annotations": cmd_annotations,
    "coders": cmd_coders,
    "reveal": cmd_reveal,
    "suggest": cmd_suggest,
    "lexicon": cmd_lexicon,
    "export": cmd_export,
    "check": cmd_check,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "agreement": cmd_agreement,
}


def print_table(header: Sequence[str], rows: Sequence[Sequence[str]], width: int = 60) -> None:
    def cell(value: str) -> str:
        value = shown(" ".join(value.split()))
        return value if len(value) <= width else value[: width - 1] + "…"

    table = [tuple(header)] + [tuple(cell(v) for v in row) for row in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
