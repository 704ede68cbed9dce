"""REFI-QDA codebook export (.qdc, QDA-XML codebook 1.0): the tags as Codes (name, colour,
description), with the same GUIDs as in a .qdpx project of the same library (uuid5 of the name).
Tags are not nested, so neither are the codes; fields have no place in the standard."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

from annotator.domain.models import Tag
from annotator.exporters.qdpx import _attr, _text, guid

SCHEMA = "urn:QDA-XML:codebook:1.0"


def write_codebook(tags: Sequence[Tag], out: IO[str]) -> int:
    """Write the codebook (at least one tag: the schema wants a code); returns the codes written."""
    out.write('<?xml version="1.0" encoding="utf-8"?>\n')
    out.write(f'<CodeBook xmlns="{SCHEMA}" origin="Annotator">\n<Codes>\n')
    for tag in tags:
        out.write(
            f'<Code guid="{guid("tag", tag.name)}" name={_attr(tag.name)} isCodable="true" color={_attr(tag.color.upper())}>'
        )
        if tag.description:
            out.write(f"<Description>{_text(tag.description)}</Description>")
        out.write("</Code>\n")
    out.write("</Codes>\n</CodeBook>\n")
    return len(tags)
