"""Entry point and composition root: parse the command line, then run a command or the app."""

from __future__ import annotations

import errno
import io
import os
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from annotator.cli import build_parser, run

    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return run_gui(args.db, args.annotator)
    from annotator.services import LibraryError, UserError
    from annotator.services.output import stdout_problem

    if sys.stdout is None:  # started with standard output closed (`>&-`): say so when it is used
        sys.stdout = _ClosedStdout()  # type: ignore[assignment]
    try:
        code = run(args)
        sys.stdout.flush()  # a short output meets a full device here: still inside, so a sentence
        return code
    except (LibraryError, UserError) as exc:
        from annotator.terminal import shown

        print(shown(f"annotator: error: {exc}"), file=sys.stderr)
        _drop_stdout()
        return 1
    except BrokenPipeError:  # `annotator export | head`: the reader has what it wanted
        _drop_stdout()
        return 0
    except OSError as exc:
        # Writes to files go through services.output and come back as UserError naming the file;
        # an OSError without a file name here is standard output failing (closed, full, I/O error).
        if exc.filename is not None or exc.errno not in _STDOUT_ERRORS:
            raise
        print(f"annotator: error: {stdout_problem(exc)}", file=sys.stderr)
        _drop_stdout()
        return 1
    except KeyboardInterrupt:
        return 130


_STDOUT_ERRORS = {errno.EBADF, errno.ENOSPC, errno.EIO, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


class _ClosedStdout(io.TextIOBase):
    """sys.stdout when file descriptor 1 was closed: a write fails as writing to fd 1 would."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "Bad file descriptor")

    def fileno(self) -> int:
        raise OSError(errno.EBADF, "Bad file descriptor")

    @property
    def buffer(self) -> _ClosedStdout:
        return self


def _drop_stdout() -> None:
    """Point standard output at the null device, so that the interpreter's flush at exit does
    not fail a second time with a traceback-like message (Python's documented idiom)."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.close(null)
    except OSError:
        pass


def run_gui(db: str | None, annotator: str | None) -> int:
    if not _display_available():
        print(
            "annotator: there is no display to open the app on; use the commands (annotator --help), "
            "or start it on a virtual display: xvfb-run -a annotator …",
            file=sys.stderr,
        )
        return 1
    from annotator.ui.launch import launch

    return launch(db, annotator)


def _display_available() -> bool:
    """Qt aborts the process without a display; say so in a sentence instead (Linux/BSD only)."""
    import os

    if not sys.platform.startswith(("linux", "freebsd", "openbsd")) or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
