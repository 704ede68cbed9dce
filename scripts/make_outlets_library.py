"""Make the outlets library: the four sample articles coded for the three questions of issue 14 —
whom did each outlet quote, which casualty figures did it report and when, which frames and
loaded terms did it use.

    .venv/bin/python scripts/make_outlets_library.py outlets.sqlite3   # a new file
    annotator --db outlets.sqlite3 compare --tag quote --by speaker     # then: crosstab, compare …

Only the app's own commands (`annotator import --samples`, `annotator tag … --field`), one coder
(ann). Every passage is the articles' exact text and every value is what the text says: direct
speech in quotation marks is a quote (speaker: the person the text names, written the same way
in every outlet so the counts line up); reported speech is a claim with its claimant; the only
number of people killed, wounded or displaced in the four articles is AP's "more than 100,000".
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the demo script's helpers, beside this one
from make_demo_library import SAMPLES, annotator  # noqa: E402

# (document, tag, exact passage, fields, nth occurrence): documents numbered as SAMPLES.
AP, TASS, TREND_2025, TREND_2026 = 1, 2, 3, 4
ALIYEV = "speaker=Ilham Aliyev"
LOADED = "frame=loaded term"
CODING: tuple[tuple[int, str, str, tuple[str, ...], int], ...] = (
    # AP, 2023-11-08: one direct quote, the one casualty figure of the four articles.
    (
        AP,
        "quote",
        "We showed the whole world the strength, determination and indomitable spirit of the Azerbaijani people",
        (ALIYEV,),
        1,
    ),
    (
        AP,
        "casualty figure",
        "More than 100,000 ethnic Armenians",
        ("count_min=100000", "qualifier=more than", "kind=displaced"),
        1,
    ),
    (AP, "framing", "Patriotic War", (LOADED,), 1),
    (AP, "framing", "lightning rout of ethnic Armenian forces", ("frame=conflict",), 1),
    (AP, "framing", "self-declared", (LOADED,), 1),
    (AP, "framing", "separatist", (LOADED,), 1),
    (AP, "framing", "separatist", (LOADED,), 2),
    (AP, "framing", "separatist", (LOADED,), 3),
    (AP, "framing", "separatist", (LOADED,), 4),
    (AP, "framing", "blockading that road", ("frame=conflict",), 1),
    (AP, "framing", "severe food and medicine shortages", ("frame=human interest",), 1),
    (AP, "framing", "leaving the city nearly deserted", ("frame=human interest",), 1),
    # The report citing TASS, 2023-09: no quotation marks at all — everyone is reported speech.
    (
        TASS,
        "claim",
        "Azerbaijan’s recent use of force in Nagorno-Karabakh as a setback to the ongoing efforts to secure a "
        "peaceful settlement",
        ("claimant=Antony Blinken",),
        1,
    ),
    (
        TASS,
        "claim",
        "unacceptable because they undermine diplomatic work and the shared objective of a peaceful resolution "
        "in the region",
        ("claimant=Antony Blinken",),
        1,
    ),
    (TASS, "claim", "the week’s events run directly counter to that collaborative path", ("claimant=Antony Blinken",), 1),
    (
        TASS,
        "claim",
        "a draft peace agreement had been forwarded to Armenia for consideration",
        ("claimant=Elchin Amirbekov",),
        1,
    ),
    (
        TASS,
        "claim",
        "all stated objectives of the operation had been achieved and sovereignty over the region reaffirmed",
        ("claimant=Ilham Aliyev",),
        1,
    ),
    (TASS, "framing", "anti-terrorist campaign", (LOADED,), 1),
    (TASS, "framing", "recent use of force", ("frame=responsibility",), 1),
    (
        TASS,
        "framing",
        "the fragile balancing act between asserting territorial claims and pursuing a negotiated settlement",
        ("frame=conflict",),
        1,
    ),
    # Trend, 2025-09-25: no direct speech; the UN Secretary-General's statement reported.
    (
        TREND_2025,
        "claim",
        "the agreement signed between President Ilham Aliyev and the Prime Minister of Armenia under the watch "
        "of U.S. President Donald Trump as a crucial step for regional stability",
        ("claimant=UN Secretary-General",),
        1,
    ),
    (TREND_2025, "framing", "strategic global actor", (LOADED,), 1),
    (TREND_2025, "framing", "a historic achievement", (LOADED,), 1),
    (TREND_2025, "framing", "a global peace promoter", (LOADED,), 1),
    (TREND_2025, "framing", "strategic energy partner", ("frame=economic consequences",), 1),
    (TREND_2025, "framing", "energy security", ("frame=economic consequences",), 1),
    (TREND_2025, "framing", "occupation", (LOADED,), 1),
    (TREND_2025, "framing", "double standards", ("frame=morality",), 1),
    # Trend, 2026-01-06: Aliyev's interview quoted at length ("the head of state said").
    (
        TREND_2026,
        "quote",
        "We have been living in peace for several months now. We are learning what it is like to live in peace "
        "since after gaining independence, and even before that, the people and the state of Azerbaijan lived in "
        "a state of war",
        (ALIYEV,),
        1,
    ),
    (TREND_2026, "quote", "in the number one office in the world", (ALIYEV,), 1),
    (TREND_2026, "quote", "accept the realities on the ground", ("speaker=OSCE Minsk Group",), 1),
    (
        TREND_2026,
        "quote",
        "And all my arguments about Security Council resolutions, international law, and violations of "
        "international law were met again with a kind of wall of silence. So, realities on the ground. I said, "
        "okay, we will change the realities on the ground. So we did it, and now the whole world recognizes it",
        (ALIYEV,),
        1,
    ),
    (TREND_2026, "quote", "wall of silence", (ALIYEV,), 2),  # “in his words”; the 1st is inside the quote above
    (TREND_2026, "framing", "restoration of territorial integrity", (LOADED,), 1),
    (TREND_2026, "framing", "absolute and complete victory", (LOADED,), 1),
    (TREND_2026, "framing", "anti-terrorist operation", (LOADED,), 1),
    (TREND_2026, "framing", "managed uncertainty", ("frame=responsibility",), 1),
    (TREND_2026, "framing", "prolonged suffering for entire populations", ("frame=human interest",), 1),
    (TREND_2026, "framing", "liberated territories", (LOADED,), 1),
    (TREND_2026, "framing", "aggressive separatism", (LOADED,), 1),
    (TREND_2026, "framing", "restoring justice", ("frame=morality",), 1),
    (TREND_2026, "framing", "expanding economic opportunities", ("frame=economic consequences",), 1),
)
CODER = "ann"


def make(db: str) -> None:
    imported = annotator(db, "import", "--samples", who=CODER)
    for number, name in enumerate(SAMPLES, 1):  # the numbering the passages above rely on
        if f"imported {number}: " not in imported or f"({name})" not in imported:
            raise SystemExit(f"document {number} was to be {name}; the import said:\n{imported}")
    for doc, tag, quote, fields, nth in CODING:
        values = [arg for value in fields for arg in ("--field", value)]
        annotator(db, "tag", str(doc), "--quote", quote, "--nth", str(nth), "--tag", tag, *values, who=CODER)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    target = argv[0]
    if "://" not in target and Path(target).exists():
        print(f"{target} exists: give a new file (the library is made from scratch)", file=sys.stderr)
        return 1
    make(target)
    print(f"made {target}: the four samples coded for quotes, claims, casualty figures and framing; try:")
    print(f'  annotator --db {target} compare --tag "casualty figure"')
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
