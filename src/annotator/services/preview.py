"""A first look at the last document before the library is fully open (no SQLAlchemy)."""

from __future__ import annotations

from annotator.storage.peek import Peek, peek

__all__ = ["Peek", "preview"]


def preview(location: str, document_id: int | None, coder: str = "") -> Peek | None:
    """The document to paint at start-up (or None: the normal path will open one); the status
    shown is `coder`'s (the name the app will code as)."""
    return peek(location, document_id, coder)
