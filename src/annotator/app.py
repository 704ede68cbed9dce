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
        from annotator.terminal import shown

        print(shown(f"annotator: error: {exc}"), file=sys.stderr)
        return 1
    except BrokenPipeError:  # `annotator export | head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130


def run_gui(db: str | None, annotator: str | None) -> int:
    if not _display_available():
        print("annotator: there is no display to open the app on; use the commands (annotator --help), "
              "or set QT_QPA_PLATFORM=offscreen", file=sys.stderr)
        return 1
    from annotator.ui.launch import launch

    return launch(db, annotator)


def _display_available() -> bool:
    """Qt aborts the process without a display; say so in a sentence instead (Linux/BSD only)."""
    import os

    if not sys.platform.startswith(("linux", "freebsd", "openbsd")) or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
