"""Document variables (issue 14): what a library records of each document beyond its metadata —
outlet country, outlet type, stance — each with a kind: text, number, date or one of a list.

Values are stored as text in their normalised form (a number without grouping, a date as partial
ISO 8601, a choice spelled as defined); an empty value means "no value". The value rules of the
tags' fields (domain.fields) are reused: one rule per kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotator.domain.fields import FieldError, FieldSpec
from annotator.domain.fields import normalise as normalise_field
from annotator.domain.models import META_FIELDS, DocumentMeta
from annotator.domain.nul import nul_problem

KINDS = ("text", "number", "date", "choice")
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# Names a variable cannot take: the metadata fields, the file name, and the other columns a table
# can be counted by (a crosstab's --cols names either a variable or one of these).
RESERVED = frozenset({f.name for f in META_FIELDS} | {"filename", "id", "document_id", "year", "month", "coder", "tag"})


class VariableError(ValueError):
    """A variable definition or value that does not fit; the message says why."""


@dataclass(frozen=True, slots=True)
class Variable:
    """A variable of the library; `id` is 0 before it is stored."""

    name: str
    kind: str = "text"
    choices: tuple[str, ...] = ()
    id: int = 0
    position: int = 0

    @property
    def shown_kind(self) -> str:
        """The kind as people read it: `one of: a | b | c` for a list."""
        return f"one of: {' | '.join(self.choices)}" if self.kind == "choice" else self.kind


@dataclass(frozen=True, slots=True)
class Memo:
    """A document's memo and when it was last written (ISO 8601 UTC)."""

    text: str = ""
    updated_at: str = ""


def column_name(header: str) -> str:
    """A metadata.csv column's name as a variable name: lower case, spaces and dashes as _."""
    return re.sub(r"[\s\-]+", "_", header.strip().lower())


def check_name(name: str) -> str:
    """The name as stored, or VariableError saying why it cannot be a variable's."""
    name = name.strip().lower()
    if not _NAME.match(name):
        raise VariableError(
            f"{name!r}: a variable's name is lower-case letters, digits and _ (starting with a letter, at most 40)"
        )
    if name in RESERVED:
        raise VariableError(f"{name!r} is a document field or a table column already; choose another name")
    return name


def define(name: str, kind: str = "text", choices: str | tuple[str, ...] = ()) -> Variable:
    """A checked definition (choices as a tuple or as "a|b|c")."""
    name = check_name(name)
    if kind not in KINDS:
        raise VariableError(f"{name!r}: the type must be one of {', '.join(KINDS)}, not {kind!r}")
    items = choices.split("|") if isinstance(choices, str) else list(choices)
    cleaned = tuple(dict.fromkeys(" ".join(c.split()) for c in items if c.strip()))
    for choice in cleaned:
        problem = nul_problem(f"a choice of {name}", choice)
        if problem:
            raise VariableError(problem)
    if kind == "choice" and not cleaned:
        raise VariableError(f"{name!r}: a list needs its choices, such as state|private|foreign")
    if kind != "choice" and cleaned:
        raise VariableError(f"{name!r}: only a list (type choice) has choices")
    return Variable(name, kind, cleaned)


def normalise(variable: Variable, value: str) -> str:
    """The stored form of a value ('' for none), or VariableError saying what is wrong with it."""
    if variable.kind == "number":
        problem = nul_problem(f"the value of {variable.name}", value)
        if problem:
            raise VariableError(problem)
        compact = "".join(value.split()).replace(",", "").replace("\u202f", "")
        if not compact:
            return ""
        from decimal import Decimal, InvalidOperation  # here: the window's start-up path imports this module

        try:
            number = Decimal(compact)
        except InvalidOperation:
            raise VariableError(f"{variable.name} must be a number, not {value!r}") from None
        if not number.is_finite():
            raise VariableError(f"{variable.name} must be a number, not {value!r}")
        # 2.50 -> 2.5, 1E+1 -> 10: one spelling per number, so equal values count together.
        text = format(number.normalize(), "f")
        return "0" if text in ("-0", "0") else text
    spec = FieldSpec(variable.name, variable.kind, variable.choices)
    try:
        return normalise_field(spec, value)
    except FieldError as exc:
        raise VariableError(str(exc)) from None


@dataclass(frozen=True, slots=True)
class Details:
    """All a details dialog edits of one document: its metadata, its variables' values (name ->
    value; '' removes one) and its memo (a memo without a time is stamped when written)."""

    meta: DocumentMeta
    values: tuple[tuple[str, str], ...] = ()
    memo: Memo = Memo()
