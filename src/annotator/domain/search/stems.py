"""Stems (Snowball, the algorithms PostgreSQL's text search configurations use), and the prefix
every word sharing a stem begins with, which the index is asked for."""

from __future__ import annotations

import os.path
import threading
from functools import lru_cache

import snowballstemmer

# Where a document's language names one of these, its words are compared by stem. Only stemmers
# that cut endings off are here: a word with a given stem then begins with that stem (English's
# y -> i aside, handled below), so a prefix search of the index finds every candidate. Serbian's,
# for one, transliterates Cyrillic, and German's folds umlauts: not here (exact words there).
ALGORITHMS = {
    "ru": "russian",
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "pt": "portuguese",
    "nl": "dutch",
}
_NAMES = {name: name for name in ALGORITHMS.values()}
_local = threading.local()  # a stemmer object keeps state while it works: one per thread


def algorithm(language: str, sample: str = "") -> str:
    """The stemmer for a document's language ('ru', 'en-GB', 'Russian'…); when the language is
    unknown, the one of the query word's script (Cyrillic: Russian, otherwise English)."""
    key = language.strip().lower().replace("_", "-").split("-")[0]
    found = ALGORITHMS.get(key) or _NAMES.get(key)
    if found:
        return found
    return "russian" if any("\u0400" <= c <= "\u04ff" for c in sample) else "english"


@lru_cache(maxsize=200_000)
def stem(word: str, name: str) -> str:
    """The stem of a folded word."""
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    stemmer = stemmers.get(name) or stemmers.setdefault(name, snowballstemmer.stemmer(name))
    return str(stemmer.stemWord(word))


@lru_cache(maxsize=4096)
def index_prefix(word: str) -> str:
    """What every word sharing `word`'s stem (under any of ALGORITHMS) begins with."""
    found = [word]
    for name in set(ALGORITHMS.values()):
        key = stem(word, name)
        if name == "english" and key.endswith("i") and len(key) > 1:
            key = key[:-1]  # happy -> happi: "happy" begins with "happ" only
        found.append(key)
    return os.path.commonprefix(found)
