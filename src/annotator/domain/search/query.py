"""The search query language: words (stemmed), "phrases", prefix*, NEAR(a b, N); terms side by
side must all occur in a document (AND, as in FTS5). Parsed into plain terms: no database, no Qt."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A word is a run of letters and digits (underscore and punctuation separate words, as in
# SQLite's unicode61 tokenizer); the same rule finds words in the query and in the texts.
TOKEN = re.compile(r"[^\W_]+")
NEAR_DEFAULT = 10  # FTS5's default distance


class QueryError(ValueError):
    """A query that cannot be read; the message is a sentence for the user."""


def fold(word: str) -> str:
    """Case and ё folded away: what words are compared by (the index folds ё the same way)."""
    return word.casefold().replace("ё", "е")


@dataclass(frozen=True)
class Word:
    text: str  # folded
    prefix: bool = False  # written with '*': any word beginning with it, not stemmed


@dataclass(frozen=True)
class Term:
    """One word, a phrase (its words next to each other, in order) or a NEAR group (all its words
    within `near` words of each other, in any order)."""

    words: tuple[Word, ...]
    near: int | None = None


@dataclass(frozen=True)
class Query:
    text: str
    terms: tuple[Term, ...]


_NEAR = re.compile(r"NEAR\s*\(", re.IGNORECASE)


def _words(chunk: str, star_applies: bool) -> tuple[Word, ...]:
    found = list(TOKEN.finditer(chunk))
    words = []
    for i, m in enumerate(found):
        prefix = chunk[m.end() : m.end() + 1] == "*" or (star_applies and i == len(found) - 1 and chunk.endswith("*"))
        words.append(Word(fold(m.group()), prefix))
    return tuple(words)


def parse(text: str) -> Query:
    """The query `text` as terms; QueryError says what is wrong with it."""
    terms: list[Term] = []
    i = 0
    while i < len(text):
        if text[i].isspace():
            i += 1
            continue
        near = _NEAR.match(text, i)
        if near:
            close = text.find(")", near.end())
            if close < 0:
                raise QueryError("NEAR( has no closing bracket: write NEAR(word word, 10)")
            inside, _, distance = text[near.end() : close].partition(",")
            words = _words(inside.replace('"', " "), False)
            if len(words) < 2:
                raise QueryError("NEAR(…) needs at least two words")
            try:
                n = int(distance) if distance.strip() else NEAR_DEFAULT
            except ValueError:
                raise QueryError(f"NEAR(…, {distance.strip()}): the distance is a whole number of words") from None
            if n < 0:
                raise QueryError("NEAR(…): the distance cannot be negative")
            terms.append(Term(words, n))
            i = close + 1
        elif text[i] == '"':
            close = text.find('"', i + 1)
            if close < 0:
                raise QueryError('a phrase has no closing quote: write "two words"')
            end = close + 1
            star = text[end : end + 1] == "*"  # "the phrase"* : its last word is a prefix (FTS5)
            words = _words(text[i + 1 : close] + ("*" if star else ""), star)
            if words:
                terms.append(Term(words))
            i = end + (1 if star else 0)
        else:
            end = i
            while end < len(text) and not text[end].isspace() and text[end] != '"':
                end += 1
            chunk = text[i:end]
            if chunk.upper() not in ("AND",):  # AND is what side by side means anyway
                if chunk.upper() in ("OR", "NOT"):
                    raise QueryError(f"{chunk} is not supported: terms side by side must all occur")
                words = _words(chunk, True)
                if words:  # e-mail: one phrase of two words, as FTS5 reads it
                    terms.append(Term(words))
            i = end
    if not terms:
        raise QueryError("the query has no words to search for")
    return Query(text, tuple(terms))
