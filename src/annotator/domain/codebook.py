"""The codebook a new library starts with: five tags, colour-blind-safe (Okabe–Ito), keys 1–5."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from annotator.domain.fields import DEFAULT_FIELDS, FieldSpec, parse_specs
from annotator.domain.models import Tag, TagSpec
from annotator.domain.suggest.model import DETECTORS

DEFAULT_TAGS: tuple[TagSpec, ...] = (
    TagSpec(
        "claim",
        "#0072B2",
        "1",
        "An assertion of fact or judgement that the text presents as true; mark the whole assertion.",
    ),
    TagSpec(
        "quote",
        "#009E73",
        "2",
        "Words in quotation marks given as someone's speech (a verb of saying or 'according to' nearby, or a "
        "whole sentence of speech). Mark what is between the marks; speaker as the text names them. "
        "Scare-quoted terms are framing, not quotes.",
    ),
    TagSpec(
        "date",
        "#E69F00",
        "3",
        "A point or period in time that ISO 8601 can write: absolute ('Nov. 8, 2023', '2020'), relative to the "
        "publication date ('last year', 'on Wednesday'), decades. Not durations ('six-week'), times of day, or "
        "times anchored to other events ('the following days').",
    ),
    TagSpec(
        "casualty figure",
        "#D55E00",
        "4",
        "A number of people killed, wounded, displaced, missing or detained: mark qualifier, number and who "
        "('more than 100,000 ethnic Armenians'). More than/at least N: min N; nearly/up to N: max N; about N: "
        "both N; dozens 24, hundreds 200, thousands 2,000, several 3 (min).",
    ),
    TagSpec(
        "framing",
        "#CC79A7",
        "5",
        "A word or phrase that casts the events in a frame (loaded term, blame, morality, cost).",
    ),
)

# Okabe–Ito colours not used above, offered for new tags before any colour repeats.
EXTRA_COLORS: tuple[str, ...] = ("#56B4E9", "#F0E442", "#000000", "#999999", "#882255", "#44AA99")

DEFAULT_TAGS = tuple(
    TagSpec(
        t.name,
        t.color,
        t.shortcut,
        t.description,
        parse_specs(DEFAULT_FIELDS.get(t.name, "")),
        t.name if t.name in DETECTORS else "",
    )
    for t in DEFAULT_TAGS
)

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
SHORTCUT_KEYS = "123456789"


def valid_color(color: str) -> bool:
    return bool(_COLOR.match(color))


def next_color(used: set[str]) -> str:
    """The first palette colour no tag uses yet (the palette repeats when all are taken)."""
    palette = [t.color for t in DEFAULT_TAGS] + list(EXTRA_COLORS)
    for color in palette:
        if color.upper() not in {u.upper() for u in used}:
            return color
    return palette[len(used) % len(palette)]


def fields_of(tags: Iterable[Tag]) -> dict[str, FieldSpec]:
    """The fields some tags have, by name, in the tags' order; where two tags define the same name,
    the first one's definition counts. The one answer to "which fields": the fields editor shows
    them, the service checks values against them, the export makes a column of each."""
    found: dict[str, FieldSpec] = {}
    for tag in tags:
        for spec in tag.fields:
            found.setdefault(spec.name, spec)
    return found


def annotation_fields(tag_ids: Sequence[int], codebook: Iterable[Tag]) -> list[FieldSpec]:
    """The fields of an annotation with these tags (its tags' fields, fields_of), in its tags' order."""
    by_id = {t.id: t for t in codebook}
    return list(fields_of(by_id[t] for t in tag_ids if t in by_id).values())
