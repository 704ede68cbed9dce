"""What the command modules share: the global options, tables, tag names and fields as text."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

from annotator.terminal import shown

if TYPE_CHECKING:
    from annotator.domain.models import Annotation
    from annotator.services import Services

SPREADSHEET = (
    "for a spreadsheet: a byte-order mark so Excel reads UTF-8, and cells starting with "
    "= + - @ tab or CR prefixed with ' so they are shown, not run (without it every cell is exact)"
)


def add_layer(parser: argparse.ArgumentParser, what: str) -> None:
    """--layer gold|coders|CODER, one spelling for the export, the crosstab and compare (decision 044)."""
    parser.add_argument(
        "--layer",
        default="",
        metavar="gold|coders|CODER",
        help=f"{what} of the gold layer only, of every coder's own layer, or of one coder's (by login); default: all",
    )


def add_global_options(parser: argparse.ArgumentParser, default: str) -> None:
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


def tag_names(services: Services, annotations: Sequence[Annotation]) -> dict[int, str]:
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


def fields_text(fields: Sequence[tuple[str, str]]) -> str:
    return "; ".join(f"{name}={value}" for name, value in fields)


def print_table(header: Sequence[str], rows: Sequence[Sequence[str]], width: int = 60) -> None:
    def cell(value: str) -> str:
        value = shown(" ".join(value.split()))
        return value if len(value) <= width else value[: width - 1] + "…"

    table = [tuple(header)] + [tuple(cell(v) for v in row) for row in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
