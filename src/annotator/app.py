"""Entry point and composition root: parse the command line, then run a command or the app."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from annotator.cli import build_parser, run

    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return run_gui(args.db, args.annotator)
    from annotator.services import LibraryError, UserError

    try:
        return run(args)
    except (LibraryError, UserError) as exc:
        print(f"annotator: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `annotator export | head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130


def run_gui(db: str | None, annotator: str | None) -> int:
    from annotator.ui.launch import launch

    return launch(db, annotator)
