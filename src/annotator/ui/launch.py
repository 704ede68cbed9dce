"""Start the desktop app."""

import sys


def launch(db: str | None, annotator: str | None) -> int:
    print("annotator: the desktop app is not built yet; use the commands (annotator --help)", file=sys.stderr)
    return 2
