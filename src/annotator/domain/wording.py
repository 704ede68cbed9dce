"""How counts read in messages: "1 document", "2 documents" (English; no Qt, for the app and the CLI)."""

from __future__ import annotations


def count_of(count: int, one: str, many: str | None = None) -> str:
    """`count_of(1, "document")` → "1 document"; the plural is `one + "s"` unless given."""
    return f"{count:,} {one if count == 1 else (many or one + 's')}"
