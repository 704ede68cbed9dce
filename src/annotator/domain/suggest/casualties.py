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
    number = (
        rf"(?:(?:{digits})(?:\s+(?:{magnitudes}))?(?![\d:.,]\d)"
        rf"|(?i:(?:{word_numbers})(?:-(?:{word_numbers}))?(?:\s+(?:{magnitudes}))*)(?![\w-]))"
    )
    qualifier = alternation(q for q in language.qualifiers if language.qualifiers[q] != "range")
    person = alternation(language.person_nouns)
    groups = f"|{language.groups}" if language.groups else ""
    # who is counted: up to two words before a person noun, the longest ("four staff members"), never a
    # verb or a conjunction ("9,400 are children", "soldiers and civilians"), never across a line
    not_verb = rf"(?!(?i:{alternation(language.copulas + language.conjunctions)})\s)"
    counted = (
        rf"(?P<who>[^\S\n]+of[^\S\n]+(?:them|whom|those|these)\b"
        rf"|[^\S\n]+(?:of[^\S\n]+)?(?:{not_verb}[^\W\d_][\w-]+[^\S\n]+){{0,2}}"
        rf"(?:(?i:{person}){groups})(?!\w))?"
    )
    # one person named by a noun: "a man", "a coast guard volunteer", "her son", "a man and his daughter"
    single = alternation(language.person_singular)
    owners = alternation(language.owners)
    one = (
        (
            rf"(?P<one>(?i:{alternation(language.articles)}|{owners})\s+(?:[^\W\d_][\w-]+\s+){{0,2}}(?i:{single})"
            rf"(?P<pair>\s+(?i:and)\s+(?i:{owners})\s+(?i:{single}))?(?![\w-]))"
        )
        if single
        else "(?P<one>(?!)(?P<pair>))"
    )
    figure = re.compile(  # (?=\w): every figure starts a word, so other positions fail at once
        rf"(?<![\w:.,$€£#-])(?=\w)(?:(?P<q>(?i:{qualifier}))\s+)?(?:a\s+(?:record|total\s+of)\s+)?"
        rf"(?:(?i:(?P<between>between))\s+(?P<lo>{number})\s+and\s+(?P<hi>{number})"
        rf"|(?P<lo2>{number})\s*(?:-|–|to)\s*(?P<hi2>{number})"
        rf"|(?P<vague>(?i:{alternation(language.vague)}))(?![\w-])"
        rf"|{one}"
        rf"|(?P<n>{number}))"
        rf"{counted}"
    )
    terms = alternation(language.casualty_terms)
    after = re.compile(rf"\b(?P<term>{terms})\b", re.I)
    # a term at most two words before the figure, not across ";" or ":" ("with injuries; the seven others")
    before = re.compile(rf"\b(?P<term>{terms})\b[^\w;:]+(?:\w+[^\w;:]+){{0,2}}$", re.I)
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
    if m.group("one"):
        people = "2" if m.group("pair") else "1"
        return people, people, ""
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


def _kind_after(
    text: str,
    end: int,
    limit: int,
    after: re.Pattern[str],
    language: Language,
    later: list[tuple[int, int]],
    verb_before: bool = False,
) -> str:
    """The casualty term that follows a figure across nothing but glue words, if any. Figures that
    follow are stepped over ("Three fishermen and a volunteer drowned", "17 people, including six
    children, died"), and so is an aside between dashes; a term right before a later figure is that
    figure's ("killed 12 soldiers and wounded 20 others": 20 are the wounded). With a casualty verb
    right before the figure, a term after a comma belongs to another clause ("Погибли трое, еще пять
    человек получили ранения")."""
    stop = min(limit, end + _WINDOW + sum(e - s for s, e in later))
    pieces: list[str] = []
    cuts: list[int] = []
    at = end
    for s, e in later:
        if s >= stop:
            break
        pieces.append(text[at:s])
        cuts.append(sum(len(p) for p in pieces))
        at = e
    pieces.append(text[at:stop])
    window = "".join(pieces)
    aside = re.match(r"\s*[—–]\s[^—–\n]{1,80}?\s[—–]", window)
    if aside:
        window, cuts = window[aside.end() :], [c - aside.end() for c in cuts]
    window = re.split(r"[.;:!?\d]", window, maxsplit=1)[0]
    if verb_before:
        window = window.split(",", 1)[0]
    for m in after.finditer(window):
        between = [w for w in re.findall(r"[^\W\d_][\w'-]*", window[: m.start()])]
        lowered = [w.lower() for w in between]
        # "1,200 residents of frontline villages had been evacuated": a short of-phrase is part of
        # who is counted, not something else in between
        if lowered[:1] == ["of"] and len(lowered) > 1:
            skip = 1 + next((i for i, w in enumerate(lowered[1:]) if w not in language.articles), 0)
            rest = lowered[skip:]  # "of a medical charity who were kidnapped"
            k = next((i for i, w in enumerate(rest) if w in language.glue), len(rest))
            between, lowered = (between[skip + k :], rest[k:]) if 0 < k <= 3 else (between, lowered)
        # glue, or a place name ("Двое жителей села Заречье погибли", "five people in Gaza were killed")
        if all(
            w in language.glue or (i and w[0].isupper()) or (not i and w[0].isupper() and len(between) > 1)
            for i, w in enumerate(between)
        ):
            if any(m.end() <= c <= len(window) and not window[m.end() : c].strip() for c in cuts):
                return ""
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
    return not (
        word in language.glue or word.endswith("ly") or word in language.casualty_terms or word in _first_words(language)
    )


@lru_cache(maxsize=8)
def _first_words(language: Language) -> frozenset[str]:
    """The first words of casualty terms of several words ("taken" of "taken to hospital")."""
    return frozenset(t.split()[0] for t in language.casualty_terms if " " in t)


@lru_cache(maxsize=8)
def _count_patterns(language: Language) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    ratio = alternation(language.ratio_words)
    return (
        re.compile(rf"\b(?:{alternation(language.age_words)})\s+$", re.I),
        re.compile(rf"(?:\d|\b(?:{alternation(language.number_words)}))\s+(?:{ratio})\s+$", re.I),
        re.compile(rf"\s+(?:{ratio})\s+\d", re.I),
    )


def _not_a_count(text: str, start: int, end: int, language: Language) -> bool:
    """An age ("Anna Price, 37,", "aged 24", "turned 71") or a ratio ("eight in 10 residents")."""
    head = text[max(0, start - 30) : start]
    if re.search(r"[^\W\d_][\w'-]*,\s*$", head) and re.match(r"\s*(?:[,.;)]|and\b)", text[end : end + 6]):
        return bool(re.search(r"(?:^|\s)[A-ZА-ЯЁ][\w'-]*,\s*$", head))  # after a name
    age, share_of, share = _count_patterns(language)
    # the 10 of "eight in 10", or the eight
    return bool(age.search(head) or share_of.search(head) or share.match(text, end, end + 12))


@lru_cache(maxsize=8)
def _link_patterns(language: Language) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """What ties a figure to the one before: a subset marker, a conjunction, "along with"."""
    return (
        re.compile(rf"(?:{alternation(language.subset_markers)})\s*$", re.I),
        re.compile(rf"\s*(?:,\s*)?(?:(?:{alternation(language.conjunctions)})\s+)?$", re.I),
        re.compile(rf"\b(?:{alternation(language.companions)})\s+$", re.I),
    )


def detect(text: str, context: Context) -> list[Suggestion]:
    language = context.language
    figure, after, before, toll = _patterns(language)
    candidates: list[tuple[int, int, tuple[str, str, str], re.Match[str]]] = []
    for m in figure.finditer(text):
        start, end = m.span()
        # A figure that names who it counts ("eight of the victims") is not blocked by what follows.
        if context.taken.overlaps(start, end) or (
            not m.group("who") and not m.group("one") and _blocked(text, end, language)
        ):
            continue
        if _not_a_count(text, start, end, language):
            continue
        counts = _counts(m, language)
        if counts is not None:
            candidates.append((start, end, counts, m))
    subset, joined, along = _link_patterns(language)
    found: list[Suggestion] = []
    for i, (start, end, counts, m) in enumerate(candidates):
        left, right = sentence_bounds(text, start, end, 300)
        later = [(s, e) for s, e, *_ in candidates[i + 1 : i + 9]]  # the next few: it stays linear
        later = later[: next((k for k, (s, _) in enumerate(later) if s >= right), len(later))]
        inside = after.search(text, start, end)  # "96 wounded people"
        kind = language.casualty_terms[inside.group("term").lower()] if inside else ""
        head = before.search(text, max(left, start - 40), start)
        if m.group("one") and text[max(0, start - 3) : start].rstrip().endswith(","):
            # "Margaret Ellis, 71, a retired nurse from Shrewsbury, was snatched", "Her brother, a
            # teacher, disappeared": after a name, an age or between commas a person noun is an
            # apposition; otherwise only its own clause says what befell it ("In Palo, a man was killed")
            named = re.search(r"(?:\d|([A-ZА-ЯЁ][\w'-]*)\s+[A-ZА-ЯЁ][\w'-]*),\s*$", text[max(0, start - 60) : start])
            if text[end : end + 1] == "," or (named and (named.group(1) or "").lower() not in language.date_prepositions):
                continue  # (not "In Palo, a man…": a preposition makes it a place)
            kind = _kind_after(text, end, right, after, language, later, True)
            if kind:
                found.append(_suggestion(start, end, counts, kind))
            continue
        kind = kind or _kind_after(text, end, right, after, language, later, bool(head))
        last = found[-1] if found and found[-1].end >= left else None
        if not kind and last and joined.fullmatch(text[last.end : start]):
            kind = last.field_dict["kind"]  # "killed 38 fighters and four civilians"
        if not kind and last and subset.search(text, last.end, start):
            kind = last.field_dict["kind"]  # "212,400 people were sheltering, including 60,000 children"
        if not kind and head:
            kind = language.casualty_terms[head.group("term").lower()]
        if not kind and (
            toll.search(text, max(left, start - 40), start) or along.search(text, max(left, start - 30), start)
        ):
            earlier = list(after.finditer(text, left, start))  # "snatched ..., along with a Dutch doctor"
            if earlier:
                kind = language.casualty_terms[earlier[-1].group("term").lower()]
        if not kind:
            continue
        found.append(_suggestion(start, end, counts, kind))
    return found


def _suggestion(start: int, end: int, counts: tuple[str, str, str], kind: str) -> Suggestion:
    count_min, count_max, qualifier = counts
    return Suggestion(
        start,
        end,
        "casualty figure",
        (("count_min", count_min), ("count_max", count_max), ("qualifier", qualifier), ("kind", kind)),
    )
