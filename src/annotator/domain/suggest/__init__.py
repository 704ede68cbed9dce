"""Suggestions: passages a detector proposes for a tag, with the tag's field values filled in.

Plain Python over the canonical text (code-point offsets), no Qt, no database. Each detector is a
function ``(text, context) -> list[Suggestion]``; the words each one looks for live in a
``Language`` (``languages.py``) so another language is another vocabulary, not another detector.

The detectors (and the date tables they load) are imported on first use: the window imports this
package for ``Suggestion`` before its first paint.
"""

from __future__ import annotations

from typing import Any

from annotator.domain.suggest.model import DETECTORS, Suggestion

__all__ = ["DETECTORS", "Context", "Suggestion", "suggest"]


def __getattr__(name: str) -> Any:
    if name in ("Context", "suggest"):
        from annotator.domain.suggest import detect

        return getattr(detect, name)
    raise AttributeError(name)
