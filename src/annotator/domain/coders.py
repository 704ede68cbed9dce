"""Coders as data: who codes (login, display name, role) and the layers annotations belong to.

A login names a coder for programs (the command line, a PostgreSQL role later), so it is short,
lower-case and unique; the display name is what people typed and see, kept exactly.
"""

from __future__ import annotations

import getpass
import os
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

LOGIN_BYTES = 63  # PostgreSQL's limit for a role name (NAMEDATALEN - 1), in UTF-8 bytes
DISPLAY_LENGTH = 200
UNNAMED = "(no annotator)"  # annotations saved before anyone was named, as earlier versions showed them


class Role(StrEnum):
    CODER = "coder"
    LEAD = "lead"


class Layer(StrEnum):
    """Whose view an annotation belongs to: one coder's own coding, or the adjudicated gold."""

    CODER = "coder"
    GOLD = "gold"  # the agreement issue's adjudicated layer (not written yet)


@dataclass(frozen=True, slots=True)
class Coder:
    id: int
    login: str
    display_name: str
    role: Role
    active: bool
    created_at: str

    @property
    def is_lead(self) -> bool:
        return self.role is Role.LEAD


def default_annotator() -> str:
    """Who codes when nobody said: ANNOTATOR_USER if set, else the operating-system user name."""
    name = os.environ.get("ANNOTATOR_USER", "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


class CoderError(ValueError):
    """A coder's name that cannot be stored (one sentence)."""


def display_name(name: str) -> str:
    """A name as typed, checked: kept exactly, but never empty, NUL or too long."""
    if not name.strip():
        raise CoderError("a coder needs a name")
    if "\x00" in name:
        raise CoderError("a coder's name cannot hold a NUL character")
    if len(name) > DISPLAY_LENGTH:
        raise CoderError(f"a coder's name has at most {DISPLAY_LENGTH} characters")
    return name


def login_for(name: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """The login made from a display name: lower-case letters and digits of any script, `_` for
    spaces, `.` and `-` kept, at most LOGIN_BYTES bytes of UTF-8; `-2`, `-3`… when taken."""
    text = unicodedata.normalize("NFC", name).casefold()
    kept = "".join(c if c.isalnum() or c in "._-" else "_" if c.isspace() else "" for c in text)
    base = "_".join(part for part in kept.split("_") if part) or "coder"
    login, n = _fit(base, ""), 1
    while login in taken:
        n += 1
        login = _fit(base, f"-{n}")
    return login


def _fit(base: str, suffix: str) -> str:
    room = LOGIN_BYTES - len(suffix.encode())
    while len(base.encode()) > room:
        base = base[:-1]
    return base + suffix
