"""How a framing lexicon term matches a text: whole words, any case, any run of spaces between its
words, a trailing ``*`` for any ending ("separatis*": separatist, separatists, separatism). Apart
from the detector (framing.py) so that the compare view can count passages by the same rule without
loading the detectors' vocabularies before the window's first paint."""

from __future__ import annotations

import re


def term_pattern(term: str) -> str:
    """The regular expression for one lexicon term."""
    stem = term.strip()
    wildcard = stem.endswith("*")
    words = stem.rstrip("*").split()
    body = r"\s+".join(re.escape(w) for w in words)
    return body + (r"[\w-]*" if wildcard else "") + r"(?![\w-])"
