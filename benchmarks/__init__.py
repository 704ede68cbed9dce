"""Annotator's benchmarks (see run.py).

Importing this package compiles the app's modules to bytecode first, as an installed app has
them: where PYTHONDONTWRITEBYTECODE is set (this machine's environment), every command the
benchmarks start would otherwise compile ~120 modules (~0.3 s) — the launch row read 0.67 s for
that reason, not the app's.
"""

import compileall
from pathlib import Path

import annotator

compileall.compile_dir(Path(annotator.__file__).parent, quiet=1)
