"""Framing: terms from the library's lexicon of loaded words, each suggesting its frame.

A lexicon term matches whole words, case-insensitively, with any run of spaces between its words;
a trailing ``*`` matches any ending ("separatis*": separatist, separatists, separatism).
"""

from __future__ import annotations

import re
from functools import lru_cache

from annotator.domain.suggest.detect import Context
from annotator.domain.suggest.model import Suggestion
from annotator.domain.suggest.terms import term_pattern


@lru_cache(maxsize=4)
def _compiled(lexicon: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str] | None, tuple[str, ...]]:
    entries = sorted((e for e in lexicon if e[0].strip().rstrip("*").strip()), key=lambda e: len(e[0]), reverse=True)
    if not entries:
        return None, ()
    alternatives = "|".join(f"(?P<t{i}>{term_pattern(term)})" for i, (term, _) in enumerate(entries))
    return re.compile(rf"(?<![\w-])(?:{alternatives})", re.I), tuple(frame for _, frame in entries)


def detect(text: str, context: Context) -> list[Suggestion]:
    pattern, frames = _compiled(context.lexicon)
    if pattern is None:
        return []
    found = []
    for m in pattern.finditer(text):
        index = int(m.lastgroup[1:]) if m.lastgroup else 0
        found.append(Suggestion(m.start(), m.end(), "framing", (("frame", frames[index]),)))
    return found
