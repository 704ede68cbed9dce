"""The codebook a new library starts with: five tags, colour-blind-safe (Okabe–Ito), keys 1–5."""

from __future__ import annotations

import re

from annotator.domain.models import TagSpec

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
        "Words attributed to a speaker, direct or reported; mark the quoted words, not the verb.",
    ),
    TagSpec(
        "date",
        "#E69F00",
        "3",
        "A point or period in time (absolute or relative: 'Nov. 8, 2023', 'last year').",
    ),
    TagSpec(
        "casualty figure",
        "#D55E00",
        "4",
        "A number of people killed, wounded, displaced, missing or detained, with its qualifier.",
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
