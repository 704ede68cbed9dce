"""`python -m annotator` runs the same entry point as the `annotator` command."""

from annotator.app import main

raise SystemExit(main())
