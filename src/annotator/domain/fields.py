"""Typed fields per tag: what a tag records besides the passage (a date's value, a casualty count…).

A tag's fields are written as one line, which is also how the codebook editor shows them::

    count_min:int; count_max:int; qualifier; kind:killed|wounded|displaced|missing|detained|other

Each field is ``name`` (free text), ``name:int``, ``name:date`` (ISO 8601, partial allowed) or
``name:a|b|c`` (one of a list). Values are stored as text; an empty value is always allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotator.domain import isodates
from annotator.domain.nul import nul_problem

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
RESERVED = frozenset(
    {
        "document_id",
        "title",
        "source",
        "published",
        "annotation_id",
        "start",
        "end",
        "quote",
        "prefix",
        "suffix",
        "tag",
        "note",
        "annotator",
        "created_at",
        "updated_at",
    }
)


class FieldError(ValueError):
    """A field definition or value that does not fit."""


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    kind: str = "text"
    choices: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.kind == "choice":
            return f"{self.name}:{'|'.join(self.choices)}"
        return self.name if self.kind == "text" else f"{self.name}:{self.kind}"


FieldValues = tuple[tuple[str, str], ...]  # (name, value) pairs, non-empty values only

DEFAULT_FIELDS: dict[str, str] = {
    "date": "date:date",
    "casualty figure": "count_min:int; count_max:int; qualifier; kind:killed|wounded|displaced|missing|detained|other",
    "quote": "speaker",
    "claim": "claimant",
    "framing": "frame:conflict|responsibility|human interest|morality|economic consequences|loaded term",
}


def parse_specs(line: str) -> tuple[FieldSpec, ...]:
    """The fields a definition line describes; raises FieldError with the reason."""
    specs: list[FieldSpec] = []
    for part in (p.strip() for p in line.split(";")):
        if not part:
            continue
        name, _, kind = (s.strip() for s in part.partition(":"))
        name = name.lower()
        if not _NAME.match(name):
            raise FieldError(f"{name!r}: a field name is lower-case letters, digits and _ (starting with a letter)")
        if name in RESERVED:
            raise FieldError(f"{name!r} is already an export column; choose another field name")
        if any(s.name == name for s in specs):
            raise FieldError(f"the field {name!r} is defined twice")
        if "|" in kind:
            choices = tuple(dict.fromkeys(c.strip() for c in kind.split("|") if c.strip()))
            specs.append(FieldSpec(name, "choice", choices))
        elif kind in ("", "text", "int", "date"):
            specs.append(FieldSpec(name, kind or "text"))
        else:
            raise FieldError(f"{name!r}: the type must be text, int, date or a list like a|b|c, not {kind!r}")
    return tuple(specs)


def stored_specs(line: str) -> tuple[FieldSpec, ...]:
    """The fields of a stored definition; one written badly by hand gives none rather than an error."""
    try:
        return parse_specs(line)
    except FieldError:
        return ()


def format_specs(specs: tuple[FieldSpec, ...]) -> str:
    return "; ".join(str(s) for s in specs)


def valid_date(value: str) -> bool:
    """ISO 8601 as Annotator writes it: 2023, 2023-09, 2023-09-25, 2023-W24, or an interval a/b."""
    return isodates.valid(value)


def normalise(spec: FieldSpec, value: str) -> str:
    """The stored form of a value, or FieldError saying what is wrong with it."""
    problem = nul_problem(f"the value of {spec.name}", value)
    if problem is not None:
        raise FieldError(problem)
    value = " ".join(value.split())
    if not value:
        return ""
    if spec.kind == "int":
        digits = value.replace(",", "").replace(" ", "").replace("\u202f", "")
        if not digits.isdecimal():  # not isdigit(): "²" is a digit that int() refuses
            raise FieldError(f"{spec.name} must be a whole number, not {value!r}")
        return str(int(digits))
    if spec.kind == "date":
        if not valid_date(value):
            raise FieldError(f"{spec.name} must be an ISO 8601 date such as 2023-11-08, 2023-11 or 2023, not {value!r}")
        return value
    if spec.kind == "choice":
        for choice in spec.choices:
            if choice.lower() == value.lower():
                return choice
        raise FieldError(f"{spec.name} must be one of {', '.join(spec.choices)}, not {value!r}")
    return value


def merge(current: FieldValues, changes: dict[str, str]) -> FieldValues:
    """``current`` with ``changes`` applied; an empty value removes the field."""
    values = dict(current)
    values.update(changes)
    return tuple((k, v) for k, v in values.items() if v)
