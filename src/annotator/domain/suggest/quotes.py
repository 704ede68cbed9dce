"""Quotes: speech in “…”, "…", «…», „…“, '…' and ‘…’, with the speaker from nearby speech verbs.

A quoted passage is suggested when its sentence attributes it (a speech verb such as "said" or
"told", or "according to", "in his words"), when it follows an attributed quote as the next
sentence of the same paragraph ("…," said X. "…"), or when it is long enough (8 words) to be
speech rather than a scare-quoted term. The suggested span is what is between the marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from annotator.domain.suggest.detect import Context
from annotator.domain.suggest.languages import Language
from annotator.domain.suggest.model import Suggestion, alternation, sentence_bounds

_CLOSERS = {"“": "”", "„": "“”", "«": "»", '"': '"', "‘": "’", "'": "'", "‹": "›", "»": "«"}
_LONG = 8  # words: a quotation this long is speech even without a verb nearby
_NAME = re.compile(r"(?:[A-ZА-ЯЁ][\w'’.-]+\s+)+[A-ZА-ЯЁ][\w'’-]+")
_CONJUNCTIONS = frozenset(("and", "but", "while", "then", "or", "и", "а", "но"))
_RELATIVE_CLAUSE = re.compile(r",\s+(?:who|which|whose)\b[^,]*,?")


@dataclass(frozen=True, slots=True)
class _Quote:
    start: int  # first character inside the marks
    end: int  # the closing mark
    paragraph: int


def _opens(text: str, i: int) -> bool:
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if text[i] in "'\"":
        return (before.isspace() or before in "([—–-:") and not after.isspace()
    return not after.isspace() or text[i] in "«„"


def _closes(text: str, j: int) -> bool:
    after = text[j + 1] if j + 1 < len(text) else " "
    if text[j] in "'’":
        return not after.isalpha() and not text[j - 1].isspace()
    return True


def _find_quotes(text: str) -> list[_Quote]:
    quotes: list[_Quote] = []
    paragraph = 0
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            paragraph += 1
        elif c in _CLOSERS and _opens(text, i):
            line_end = text.find("\n", i)
            line_end = n if line_end == -1 else line_end
            j = i + 1
            while j < line_end and not (text[j] in _CLOSERS[c] and _closes(text, j)):
                j += 1
            if j < line_end or c in "“\"«„":  # an unclosed quote runs to the end of its paragraph
                if j > i + 1:
                    quotes.append(_Quote(i + 1, j, paragraph))
                i = j + 1
                continue
        i += 1
    return quotes


@lru_cache(maxsize=8)
def _cues(language: Language) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{alternation(language.speech_verbs + language.attribution)})\b", re.I)


def _who(chunk: str, language: Language) -> str:
    chunk = _RELATIVE_CLAUSE.sub("", chunk).strip(" ,:;—–-\n\t")
    names = _NAME.findall(chunk)
    if names:
        return names[-1].strip()
    words = chunk.split()
    while words and words[0].lower() in ("as", "and", "but", "while", "so", "then", "which"):
        words = words[1:]
    if not words or len(words) > 6:
        return ""
    return " ".join(words)


@lru_cache(maxsize=8)
def _titled(language: Language) -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(language.titles)})\s+{_NAME.pattern}")


def _resolve(speaker: str, text: str, before: int, language: Language) -> str:
    """A pronoun speaker ("he said", "in his words") becomes the last person named before the
    quote: the last name with a title ("President Ilham Aliyev") if there is one, else the last
    full name (which may be an organisation)."""
    if speaker.lower() not in language.pronouns:
        return speaker
    window = text[max(0, before - 600) : before]
    titled = list(_titled(language).finditer(window)) if language.titles else []
    if titled:
        return titled[-1].group().strip()
    names = _NAME.findall(window[-400:])
    return names[-1].strip() if names else speaker


def _attribution(text: str, q: _Quote, language: Language) -> tuple[bool, str]:
    """(attributed, speaker) from the sentence around the quotation."""
    left, right = sentence_bounds(text, q.start - 1, q.end + 1, 400)
    cues = _cues(language)
    before = text[left : q.start - 1]
    after = text[q.end + 1 : right]
    m = cues.search(after)
    if m and not re.search(r"[“«„\"]", after[: m.start()]):
        lead = after[: m.start()].strip(" ,.:;—–-\n")
        if not lead:  # ,” said Amina Rahimi, a volunteer
            who = re.split(r"[,.;:]", after[m.end() :], maxsplit=1)[0]
            return True, _resolve(_who(who, language), text, q.start, language)
        if lead.split()[0].lower() not in _CONJUNCTIONS:  # ,” the head of state said.
            return True, _resolve(_who(lead, language), text, q.start, language)
        # "X described it as a “…” and said": the subject is before the quotation
        return True, _resolve(_subject(before, cues, language), text, q.start, language)
    if cues.search(before):
        return True, _resolve(_subject(before, cues, language), text, q.start, language)
    return False, ""


def _subject(before: str, cues: re.Pattern[str], language: Language) -> str:
    """Who speaks in the text before a quotation: the clause in front of its last speech verb."""
    found = list(cues.finditer(before))
    pronoun = next((w for w in found[-1].group().lower().split() if w in language.pronouns), None) if found else None
    if pronoun:  # "in his words": whoever "his" is, not the clause in front
        return pronoun
    chunk = _RELATIVE_CLAUSE.sub("", before[: found[-1].start()] if found else before)
    parts = [p for p in re.split(r"[,;:](?=\s)", chunk) if p.strip()]
    return _who(parts[-1] if parts else "", language)


def detect(text: str, context: Context) -> list[Suggestion]:
    language = context.language
    found: list[Suggestion] = []
    previous: tuple[_Quote, str] | None = None
    for q in _find_quotes(text):
        start, end = q.start, q.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        attributed, speaker = _attribution(text, q, language)
        if not attributed and previous is not None:
            prior, prior_speaker = previous
            between = text[prior.end + 1 : q.start - 1]
            opens_sentence = text[sentence_bounds(text, q.start - 1, q.end, 400)[0] : q.start - 1].strip() == ""
            if (opens_sentence and prior.paragraph == q.paragraph and len(between) < 160
                    and not re.search(r"[“«„\"]", between)):
                attributed, speaker = True, prior_speaker
        if not attributed and len(text[start:end].split()) < _LONG:
            continue
        found.append(Suggestion(start, end, "quote", (("speaker", speaker),)))
        previous = (q, speaker)
    return found
