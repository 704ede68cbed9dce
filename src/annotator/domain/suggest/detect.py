"""Run the detectors over one text: each tag's detector, dates first so counts never claim a year."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import import_module

from annotator.domain.suggest.languages import ENGLISH, Language
from annotator.domain.suggest.model import DETECTOR_MODULES, DETECTORS, SpanSet, Suggestion


@dataclass(frozen=True)
class Context:
    """What a detector may know besides the text."""

    published: str = ""  # ISO 8601, maybe partial: relative dates are resolved against it
    language: Language = ENGLISH
    lexicon: tuple[tuple[str, str], ...] = ()  # (loaded term, frame)
    taken: SpanSet = field(default_factory=SpanSet)  # spans claimed by earlier detectors


Detector = Callable[[str, Context], list[Suggestion]]


def _detectors() -> dict[str, Detector]:
    """The registry (model.DETECTOR_MODULES) with its functions, in its order."""
    return {name: import_module(f"annotator.domain.suggest.{module}").detect for name, module in DETECTOR_MODULES.items()}


def suggest(text: str, context: Context, tags: Iterable[str] | None = None) -> list[Suggestion]:
    """Every suggestion for ``text`` (for the named tags only, if given), in text order."""
    wanted = set(DETECTORS if tags is None else tags)
    found: list[Suggestion] = []
    taken: set[tuple[int, int]] = set()
    for name, detector in _detectors().items():
        if name not in wanted and name != "date":
            continue
        results = detector(text, Context(context.published, context.language, context.lexicon, SpanSet(taken)))
        taken.update((s.start, s.end) for s in results)
        if name in wanted:
            found.extend(results)
    found.sort(key=lambda s: (s.start, s.end, s.tag))
    return found
