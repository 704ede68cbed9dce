"""REFI-QDA codebook export (.qdc, QDA-XML codebook 1.0): the tags as Codes (name, colour,
description), with the same GUIDs as in a .qdpx project of the same library (uuid5 of the name).
Tags are not nested, so neither are the codes; a tag's fields end its Description (qdpx.code_element)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

from annotator.domain.models import Tag
from annotator.exporters.qdpx import code_element

SCHEMA = "urn:QDA-XML:codebook:1.0"


def write_codebook(tags: Sequence[Tag], out: IO[str]) -> int:
    """Write the codebook (at least one tag: the schema wants a code); returns the codes written."""
    out.write('<?xml version="1.0" encoding="utf-8"?>\n')
    out.write(f'<CodeBook xmlns="{SCHEMA}" origin="Annotator">\n<Codes>\n')
    for tag in tags:
        out.write(code_element(tag))
    out.write("</Codes>\n</CodeBook>\n")
    return len(tags)
