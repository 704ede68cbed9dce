"""Casualty figures: a number of people tied to a casualty term ("at least 47 people were killed",
"killing three", "14 wounded", "the death toll rose to 57").

Fields: ``count_min`` and ``count_max`` (integers as text), ``qualifier`` and ``kind``. The rule
for imprecise numbers (also in docs/gold-guideline.md): "more than/at least N" → min N, max empty;
"nearly/up to N" → max N, min empty; "about N" → both N; "between N and M" → N and M; a vague
plural ("dozens", "hundreds", "tens of thousands") → the smallest amount it can mean (two of the
unit: 24, 200, 20,000), max empty; "several" → 3.
"""

from __future__ import annotations

import re
from functools import lru_cache

from annotator.domain.suggest.detect import Context
from annotator.domain.suggest.languages import Language
from annotator.domain.suggest.model import Suggestion, alternation, sentence_bounds

_WINDOW = 60  # characters searched after a figure for its casualty term


@lru_cache(maxsize=8)
def _patterns(language: Language) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    word_numbers = alternation(language.number_words)
    magnitudes = alternation(language.magnitudes)
    digits = language.digits
    number = (rf"(?:(?:{digits})(?:\s+(?:{magnitudes}))?(?![\d:.,]\d)"
              rf"|(?i:(?:{word_numbers})(?:-(?:{word_numbers}))?(?:\s+(?:{magnitudes}))*)(?![\w-]))")
    qualifier = alternation(q for q in language.qualifiers if language.qualifiers[q] != "range")
    person = alternation(language.person_nouns)
    groups = f"|{language.groups}" if language.groups else ""
    counted = (rf"(?P<who>\s+of\s+(?:them|whom|those|these)\b|\s+(?:of\s+)?(?:[^\W\d_][\w-]+\s+){{0,2}}?"
               rf"(?:(?i:{person}){groups})(?!\w))?")
    figure = re.compile(
        rf"(?<![\w:.,$€£#-])(?:(?P<q>(?i:{qualifier}))\s+)?(?:a\s+(?:record|total\s+of)\s+)?"
        rf"(?:(?i:(?P<between>between))\s+(?P<lo>{number})\s+and\s+(?P<hi>{number})"
        rf"|(?P<lo2>{number})\s*(?:-|–|to)\s*(?P<hi2>{number})"
        rf"|(?P<vague>(?i:{alternation(language.vague)}))(?![\w-])"
        rf"|(?P<n>{number}))"
        rf"{counted}"
    )
    terms = alternation(language.casualty_terms)
    after = re.compile(rf"\b(?P<term>{terms})\b", re.I)
    before = re.compile(rf"\b(?P<term>{terms})\b\W+(?:\w+\W+){{0,2}}$", re.I)
    toll = re.compile(rf"\b(?:{alternation(language.toll_verbs)})\s+(?:a\s+(?:record|total\s+of)\s+)?$", re.I)
    return figure, after, before, toll


def _to_int(value: str, language: Language) -> int | None:
    text = re.sub(r"(?<=\d)[ \u00a0\u202f,](?=\d{3}(?!\d))", "", value.lower()).replace(",", ".").strip()
    total = 0.0
    current = 0.0
    for part in re.split(r"[\s-]+", text):
        if not part:
            continue
        if part in language.magnitudes:
            current = (current or 1) * language.magnitudes[part]
            if language.magnitudes[part] >= 1000:
                total, current = total + current, 0
        elif part in language.number_words:
            current += language.number_words[part]
        elif re.fullmatch(r"\d+(?:\.\d+)?", part):
            current += float(part)
        elif part == "a":
            continue
        elif f"a {part}" in language.number_words:
            current += language.number_words[f"a {part}"]
        else:
            return None
    result = total + current
    return int(round(result)) if result else None


def _counts(m: re.Match[str], language: Language) -> tuple[str, str, str] | None:
    """(count_min, count_max, qualifier) for a matched figure, or None when it is no count."""
    if m.group("vague"):
        word = m.group("vague").lower()
        return str(language.vague[word]), "", word
    if m.group("between") or m.group("lo2"):
        lo = _to_int(m.group("lo") or m.group("lo2"), language)
        hi = _to_int(m.group("hi") or m.group("hi2"), language)
        if lo is None or hi is None or hi <= lo:
            return None
        return str(lo), str(hi), "between"
    n = _to_int(m.group("n"), language)
    if n is None:
        return None
    qualifier = (m.group("q") or "").lower()
    sense = language.qualifiers.get(qualifier, "")
    if sense == "min":
        return str(n), "", qualifier
    if sense == "max":
        return "", str(n), qualifier
    return str(n), str(n), qualifier


def _kind_after(text: str, end: int, limit: int, after: re.Pattern[str], language: Language) -> str:
    """The casualty term that follows a figure across nothing but glue words, if any."""
    window = text[end:min(limit, end + _WINDOW)]
    window = re.split(r"[.;:!?\d]", window, maxsplit=1)[0]
    for m in after.finditer(window):
        between = [w.lower() for w in re.findall(r"[^\W\d_][\w'-]*", window[: m.start()])]
        # "1,200 residents of frontline villages had been evacuated": a short of-phrase is part of
        # who is counted, not something else in between
        if between[:1] == ["of"] and len(between) > 1:
            rest = between[1:]
            k = next((i for i, w in enumerate(rest) if w in language.glue), len(rest))
            between = rest[k:] if 0 < k <= 3 else between
        if all(w in language.glue for w in between):
            return language.casualty_terms[m.group("term").lower()]
        return ""
    return ""


def _blocked(text: str, end: int, language: Language) -> bool:
    """A figure followed by a word that is neither glue nor a casualty term counts something else."""
    m = re.match(r"\s*([^\W\d_][\w-]*|[%$€£-])", text[end : end + 40])  # a comma ends the phrase
    if not m:
        return False
    word = m.group(1).lower()
    if word.startswith("-") or word in ("%", "percent"):
        return True
    return not (word in language.glue or word.endswith("ly") or word in language.casualty_terms
                or any(t.startswith(word + " ") for t in language.casualty_terms))


def detect(text: str, context: Context) -> list[Suggestion]:
    language = context.language
    figure, after, before, toll = _patterns(language)
    found: list[Suggestion] = []
    for m in figure.finditer(text):
        start, end = m.span()
        # A figure that names who it counts ("eight of the victims") is not blocked by what follows.
        if context.taken.overlaps(start, end) or (not m.group("who") and _blocked(text, end, language)):
            continue
        counts = _counts(m, language)
        if counts is None:
            continue
        left, right = sentence_bounds(text, start, end, 300)
        inside = after.search(text, start, end)  # "96 wounded people"
        kind = language.casualty_terms[inside.group("term").lower()] if inside else ""
        kind = kind or _kind_after(text, end, right, after, language)
        if not kind and found and re.fullmatch(r"\s*(?:and|or|,)\s*", text[found[-1].end : start]):
            kind = found[-1].field_dict["kind"]  # "killed 38 fighters and four civilians"
        if not kind:
            head = before.search(text, max(left, start - 40), start)
            if head:
                kind = language.casualty_terms[head.group("term").lower()]
        if not kind and toll.search(text, max(left, start - 40), start):
            earlier = list(after.finditer(text, left, start))
            if earlier:
                kind = language.casualty_terms[earlier[-1].group("term").lower()]
        if not kind:
            continue
        count_min, count_max, qualifier = counts
        found.append(Suggestion(start, end, "casualty figure", (
            ("count_min", count_min), ("count_max", count_max), ("qualifier", qualifier),
            ("kind", kind),
        )))
    return found
