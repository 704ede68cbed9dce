"""Suggestions: passages a detector proposes for a tag, with the tag's field values filled in.

Plain Python over the canonical text (code-point offsets), no Qt, no database. Each detector is a
function ``(text, context) -> list[Suggestion]``; the words each one looks for live in a
``Language`` (``languages.py``) so another language is another vocabulary, not another detector.
"""

from __future__ import annotations

from annotator.domain.suggest.detect import DETECTORS, Context, suggest
from annotator.domain.suggest.model import Suggestion

__all__ = ["DETECTORS", "Context", "Suggestion", "suggest"]
