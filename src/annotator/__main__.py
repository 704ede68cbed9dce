"""`python -m annotator` runs the same entry point as the `annotator` command."""

from annotator.app import main

if __name__ == "__main__":  # a spawned export worker imports this module too
    raise SystemExit(main())
