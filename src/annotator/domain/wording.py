"""How counts read in messages: "1 document", "2 documents" (English; no Qt, for the app and the CLI)."""

from __future__ import annotations


def count_of(count: int, one: str, many: str | None = None) -> str:
    """`count_of(1, "document")` → "1 document"; the plural is `one + "s"` unless given."""
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def one_of(kinds: str) -> str:
    """A plural kind's name for one of them: "annotations" → "annotation", "statuses" → "status"."""
    return kinds[:-2] if kinds.endswith("ses") else kinds.removesuffix("s")
