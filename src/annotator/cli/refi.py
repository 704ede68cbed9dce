"""REFI-QDA in: `import-qdpx FILE.qdpx` (a project from QualCoder, MAXQDA, NVivo, ATLAS.ti or
Annotator itself). Its own command rather than `import`: a project brings coders, tags and
passages with its texts, where `import` reads articles."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

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


def cmd_import_qdpx(services: Services, args: argparse.Namespace) -> int:
    report = services.refi.import_project(args.file)
    for line in report.lines():
        print(shown(line))
    return 0
