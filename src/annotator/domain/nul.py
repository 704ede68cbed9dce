"""The NUL character (U+0000) is never stored: PostgreSQL's text cannot hold it, and C tools,
terminals and spreadsheets cut a text at it. One rule for every text a user types or imports."""

from __future__ import annotations

NUL = "\x00"


def nul_problem(what: str, value: str) -> str | None:
    """The sentence refusing `value` (named `what`) if it holds a NUL; None if it is fine."""
    if NUL not in value:
        return None
    return f"{what} cannot hold the NUL character (U+0000, at position {value.index(NUL)}); nothing was saved"
