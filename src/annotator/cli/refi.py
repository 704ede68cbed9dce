"""REFI-QDA in: `import-qdpx FILE.qdpx` (a project from QualCoder, MAXQDA, NVivo, ATLAS.ti or
Annotator itself) — its own command rather than `import`: a project brings coders, tags and
passages with its texts, where `import` reads articles; `codebook export|import FILE.qdc`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.domain.wording import count_of
from annotator.terminal import shown

if TYPE_CHECKING:
    from annotator.services import Services


def add_commands(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "import-qdpx",
        help="import a REFI-QDA project (.qdpx): its texts, codes, users and coded passages, in one transaction",
    )
    p.add_argument("file", type=Path, metavar="FILE.qdpx")
    p.set_defaults(handler=cmd_import_qdpx)

    p = commands.add_parser(
        "codebook", help="the codebook as a REFI-QDA .qdc file: export it, or import one (tags matched by name)"
    )
    p.add_argument("action", choices=("export", "import"))
    p.add_argument("file", metavar="FILE.qdc", help="the file to write ('-': standard output) or read")
    p.set_defaults(handler=cmd_codebook)


def cmd_import_qdpx(services: Services, args: argparse.Namespace) -> int:
    report = services.refi.import_project(args.file)
    for line in report.lines():
        print(shown(line))
    return 0


def cmd_codebook(services: Services, args: argparse.Namespace) -> int:
    if args.action == "export":
        count = services.refi.export_codebook(args.file)
        if args.file != "-":
            print(shown(f"wrote {count_of(count, 'code')} to {args.file}"), file=sys.stderr)
        return 0
    for line in services.refi.import_codebook(Path(args.file)).lines():
        print(shown(line))
    return 0
