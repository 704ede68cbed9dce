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
from annotator.domain.suggest.model import ABBREVIATIONS, Suggestion, alternation, sentence_bounds

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
            if j < line_end or c in '“"«„':  # an unclosed quote runs to the end of its paragraph
                if j > i + 1:
                    quotes.append(_Quote(i + 1, j, paragraph))
                i = j + 1
                continue
        i += 1
    return quotes


@lru_cache(maxsize=8)
def _cues(language: Language) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{alternation(language.speech_verbs + language.attribution)})\b", re.I)


def _first_clause(chunk: str) -> str:
    """Up to the first , ; : or full stop that is not an abbreviation's ("said Dr. Hana Mourad.")."""
    for m in re.finditer(r"[,;:.]", chunk):
        word = re.search(r"(\w+)$", chunk[: m.start()])
        if m.group() != "." or not word or not (word.group(1) in ABBREVIATIONS or len(word.group(1)) == 1):
            return chunk[: m.start()]
    return chunk


def _who(chunk: str, language: Language, after_verb: bool = False) -> str:
    chunk = _RELATIVE_CLAUSE.sub("", chunk).strip(" ,:;—–-\n\t")
    # "said Dr. Hana Mourad in Ain Tala": a name after "in"/"at" is where, not who
    chunk = _place(language).sub("", chunk)
    names = _NAME.findall(chunk)
    if names:
        return names[-1].strip()
    words = chunk.split()
    while words and words[0].lower() in ("as", "and", "but", "while", "so", "then", "which"):
        words = words[1:]
    if after_verb and words and words[0].lower() in language.pronouns:  # "сказала она журналистам"
        return words[0]
    if len(words) > 2 and words[-1].lower() in _CONJUNCTIONS:
        # a headline's "X addresses a parade and says '…'": X is the subject, before its first verb
        verb = next((i for i, w in enumerate(words) if i >= 2 and w.islower() and w.endswith(("s", "ed"))), 0)
        words = words[:verb] if verb else words[:-1]
    if len(words) > 6:  # "a Western diplomat involved in the talks": the noun phrase before its modifier
        cut = next(
            (
                i
                for i, w in enumerate(words)
                if i >= 2 and (w.lower() in language.modifier_starts or w.lower().endswith(("ed", "ing")))
            ),
            0,
        )
        words = words[:cut] if 0 < cut <= 6 else []
    if not words:
        return ""
    return " ".join(words)


@lru_cache(maxsize=8)
def _place(language: Language) -> re.Pattern[str]:
    """A trailing "in Ain Tala" after a speaker's name."""
    places = alternation(language.place_prepositions) or "(?!)"
    return re.compile(rf"\s+(?:{places})\s+[A-ZА-ЯЁ][\w'’.-]*(?:\s+[A-ZА-ЯЁ][\w'’.-]*)*\s*$")


@lru_cache(maxsize=8)
def _passive(language: Language) -> re.Pattern[str]:
    """A copula right before the speech verb: "was (persistently) urged"."""
    copulas = alternation(language.copulas) or "(?!)"
    return re.compile(rf"\b(?:{copulas})(?:\s+\w+ly)?\s+$", re.I)


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
    if text[q.end - 1] in ".!?…" and re.match(r"\s+[\"“«„‘A-ZА-ЯЁ]", text[q.end + 1 : q.end + 3]):
        after = ""  # "…with nothing." About 8,000 people…: the quotation ended its sentence
    m = cues.search(after)
    if m and not re.search(r"[“«„\"]", after[: m.start()]):
        lead = after[: m.start()].strip(" ,.:;—–-\n")
        if not lead:  # ,” said Amina Rahimi, a volunteer
            who = _first_clause(after[m.end() :])
            return True, _who(who, language, after_verb=True)
        if lead.split()[0].lower() not in _CONJUNCTIONS:  # ,” the head of state said.
            return True, _who(lead, language)
        # "X described it as a “…” and said": the subject is before the quotation
        return True, _subject(before, cues, language)
    if cues.search(before):
        return True, _subject(before, cues, language)
    if before.rstrip().endswith(":"):
        # "The defence minister rejected the criticism: “…”": not attributed by a speech verb (so only
        # a long quotation counts), but the speaker is the sentence's subject, the words before its verb
        words = before.split()
        verb = next((i for i, w in enumerate(words) if i and w.islower() and w.endswith(("ed", "ла", "ал", "ил"))), 0)
        return False, " ".join(words[:verb]) if 0 < verb <= 6 else ""
    return False, ""


def _subject(before: str, cues: re.Pattern[str], language: Language) -> str:
    """Who speaks in the text before a quotation: the clause in front of its last speech verb."""
    found = list(cues.finditer(before))
    pronoun = next((w for w in found[-1].group().lower().split() if w in language.pronouns), None) if found else None
    if pronoun:  # "in his words": whoever "his" is, not the clause in front
        return pronoun
    if found and _passive(language).search(before, 0, found[-1].start()):
        return ""  # "Azerbaijan was persistently urged to “…”": the subject is spoken to, not speaking
    chunk = _RELATIVE_CLAUSE.sub("", before[: found[-1].start()] if found else before)
    chunk = re.split(r"[”»\"“]", chunk)[-1]  # '"We will light candles," she said, "…': after the first half
    asides = tuple(language.asides)
    parts = [
        p
        for p in re.split(r"[,;:](?=\s)", chunk)
        if p.strip() and not p.strip().isdigit() and not p.strip().lower().startswith(asides)
    ]
    who = _who(parts[-1] if parts else "", language)
    if found and (not who or who.lower() in language.speech_openers):
        # "Как отметила уполномоченный … Елена Смирнова, …": the speaker follows the verb
        rest = re.split(r"[,;:.]", before[found[-1].end() :], maxsplit=1)[0]
        who = _who(rest, language) if rest.strip() else who
    return who


def _not_speech(text: str, start: int, end: int, language: Language) -> bool:
    """A name in quotation marks ("Sons of the Dunes", «Север», «84 на 84») or a scare-quoted term
    (one lower-case word; a short phrase used as a modifier: "safe passage" cards)."""
    quoted = text[start:end]
    words = quoted.split()
    if len(words) > 5 or quoted[-1] in ".,!?…;:":
        return False
    counts = [w for i, w in enumerate(words) if len(w) > 3 or i == 0]
    if all(w[0].isupper() or w[0].isdigit() for w in counts):
        return True  # every word that counts is capitalised: a name, not a sentence
    if len(words) == 1 and quoted.islower():
        return True
    follower = re.match(r"[”»\"“’']\s+([^\W\d_][\w-]*)", text[end : end + 30])
    return bool(
        follower
        and follower.group(1).islower()
        and follower.group(1) not in language.quote_followers
        and follower.group(1) not in language.pronouns
        and not any(v.startswith(follower.group(1)) for v in language.speech_verbs)
    )


def _antecedent(text: str, q: _Quote, language: Language, previous: tuple[_Quote, str] | None) -> str:
    """Who "he"/"she" is before a quotation: the speaker of a quotation just before (same paragraph,
    or the last paragraph when this one opens with the quotation); else whoever the paragraph last
    reported as speaking ("One army officer, speaking on condition of anonymity, told us…"); else the
    last person the paragraph names ("For Vuk, …" when "Irena Vuk" was named before)."""
    paragraph_start = text.rfind("\n", 0, q.start) + 1
    lead = text[paragraph_start : q.start - 1]
    if previous is not None and previous[1] and previous[1].lower() not in language.pronouns:
        gap = q.paragraph - previous[0].paragraph
        if gap == 0 or (not lead.strip() and gap <= 2 and q.start - previous[0].end < 400):
            return previous[1]
    plain = re.sub(r"[“«„\"][^”»“\"]*[”»“\"]", " ", lead)  # what the paragraph says outside quotations
    cues = _cues(language)
    if cues.search(plain):
        who = _subject(plain, cues, language)
        if who and who.lower() not in language.pronouns:
            return who
    if language.titles and _titled(language).search(plain):
        return ""  # a titled person in the paragraph: _resolve's rule
    surnames = {n.split()[-1] for n in _NAME.findall(text, max(0, q.start - 3000), q.start)}
    named = [
        m
        for m in re.finditer(r"(?<![.!?]\s)(?<!^)\b[A-ZА-ЯЁ][\w'’-]+", plain)
        if m.group() in surnames and m.group().lower() not in language.pronouns
    ]
    return named[-1].group() if named else ""


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
        if _not_speech(text, start, end, language):
            continue
        attributed, speaker = _attribution(text, q, language)
        if speaker.lower() in language.pronouns:
            speaker = _antecedent(text, q, language, previous) or _resolve(speaker, text, q.start, language)
        if not attributed and previous is not None:
            prior, prior_speaker = previous
            between = text[prior.end + 1 : q.start - 1]
            opens_sentence = text[sentence_bounds(text, q.start - 1, q.end, 400)[0] : q.start - 1].strip() == ""
            if (
                opens_sentence
                and prior.paragraph == q.paragraph
                and len(between) < 160
                and not re.search(r"[“«„\"]", between)
            ):
                attributed, speaker = True, prior_speaker
        if not attributed and len(text[start:end].split()) < _LONG:
            continue
        found.append(Suggestion(start, end, "quote", (("speaker", speaker),)))
        previous = (q, speaker)
    return found
