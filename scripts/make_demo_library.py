"""Make the two-coder demo library: the four sample articles coded by Ann and Bob, Lea the lead.

    .venv/bin/python scripts/make_demo_library.py demo.sqlite3   # a new file
    .venv/bin/annotator --db demo.sqlite3 --annotator lea         # open it as the lead: Tags → Agreement…

Only the app's own commands, run as a user runs them (`annotator import --samples`, `coders add`,
`tag` as each coder with --annotator): every passage is given by its exact text, so its offsets
are the app's own. The coders agree on some passages and differ on others — a span one of them
drew longer, a passage only one of them marked — so agreement figures are defined and there are
disagreements to step through and adjudicate. Their field values (speakers, claimants, dates,
frames, a figure's count and kind) mostly agree, so α per field is a number too. Nothing is
adjudicated: that is the walk-through.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# The sample files (the library numbers them in this order: sorted by file name).
SAMPLES = (
    "ap-2023-11-08-khankendi-parade.txt",
    "tass-report-2023-09-blinken-remarks.txt",
    "trend-2025-09-25-aliyev-us-visit.txt",
    "trend-2026-01-06-karabakh-victory-analysis.txt",
)

# (document, tag, Ann's passage, Bob's passage): None where that coder did not mark it; the
# same text where they agree; a longer or shorter text where their spans differ. Each passage
# carries its field values as that coder filled them in (`--field`): they agree on most, and
# differ where coders do — a name spelled two ways, a year guessed from the context, a frame.
Passage = tuple[str, dict[str, str]] | None
CODING: tuple[tuple[int, str, Passage, Passage], ...] = (
    (
        1,
        "quote",
        (
            "We showed the whole world the strength, determination and indomitable spirit of the Azerbaijani people",
            {"speaker": "Ilham Aliyev"},
        ),
        (
            "We showed the whole world the strength, determination and indomitable spirit of the Azerbaijani people",
            {"speaker": "Ilham Aliyev"},
        ),
    ),
    (
        1,
        "framing",
        ("lightning rout of ethnic Armenian forces", {"frame": "conflict"}),
        ("a lightning rout", {"frame": "conflict"}),
    ),
    (1, "date", ("Wednesday, Nov. 8, 2023", {"date": "2023-11-08"}), ("Nov. 8, 2023", {"date": "2023-11-08"})),
    (
        1,
        "claim",
        ("More than 100,000 ethnic Armenians fled the region", {"claimant": "Associated Press"}),
        ("More than 100,000 ethnic Armenians fled the region", {"claimant": "Associated Press"}),
    ),
    (
        1,
        "casualty figure",
        ("More than 100,000 ethnic Armenians", {"count_min": "100000", "qualifier": "more than", "kind": "displaced"}),
        ("More than 100,000 ethnic Armenians", {"count_min": "100000", "qualifier": "more than", "kind": "displaced"}),
    ),
    (1, "framing", None, ("Victory Day", {"frame": "loaded term"})),
    (
        2,
        "claim",
        ("Azerbaijan’s recent use of force in Nagorno-Karabakh as a setback", {"claimant": "Antony Blinken"}),
        ("Azerbaijan’s recent use of force in Nagorno-Karabakh as a setback", {"claimant": "Blinken"}),
    ),
    (
        2,
        "framing",
        ("anti-terrorist campaign", {"frame": "loaded term"}),
        ("an anti-terrorist campaign", {"frame": "conflict"}),
    ),
    (2, "claim", ("a draft peace agreement had been forwarded to Armenia", {"claimant": "Elchin Amirbekov"}), None),
    (
        3,
        "framing",
        ("a global peace promoter", {"frame": "loaded term"}),
        ("a global peace promoter", {"frame": "loaded term"}),
    ),
    (3, "date", ("August 9, 2025", {"date": "2025-08-09"}), ("August 9, 2025", {"date": "2025-08-09"})),
    (
        3,
        "claim",
        (
            "Azerbaijan is no longer on the periphery of the international system",
            {"claimant": "Trend News Agency"},
        ),
        (
            "Azerbaijan is no longer on the periphery of the international system but is moving toward its center",
            {"claimant": "Trend News Agency"},
        ),
    ),
    (3, "framing", None, ("strategic global actor", {"frame": "loaded term"})),
    (
        4,
        "framing",
        ("absolute and complete victory", {"frame": "conflict"}),
        ("absolute and complete victory", {"frame": "loaded term"}),
    ),
    # The interview was on January 5 of the article's year (2026); Bob took the year of the events.
    (4, "date", ("January 5", {"date": "2026-01-05"}), ("January 5", {"date": "2025-01-05"})),
    (
        4,
        "quote",
        ("We have been living in peace for several months now", {"speaker": "Ilham Aliyev"}),
        (
            "We have been living in peace for several months now. We are learning what it is like to live in peace",
            {"speaker": "Ilham Aliyev"},
        ),
    ),
    (
        4,
        "quote",
        ("accept the realities on the ground", {"speaker": "OSCE Minsk Group"}),
        ("accept the realities on the ground", {"speaker": "Minsk Group"}),
    ),
    (4, "framing", ("anti-terrorist operation", {"frame": "loaded term"}), None),
    (
        4,
        "claim",
        (
            "the war between Armenia and Azerbaijan was conclusively brought to an end last year",
            {"claimant": "Ilham Aliyev"},
        ),
        (
            "the war between Armenia and Azerbaijan was conclusively brought to an end last year",
            {"claimant": "Ilham Aliyev"},
        ),
    ),
)
CODERS = (("Ann", ""), ("Bob", ""), ("Lea", "--lead"))


def annotator(db: str, *args: str, who: str = "lea") -> str:
    """One command of the app, as a user types it; its output (it stops the script if it fails)."""
    command = [sys.executable, "-m", "annotator", "--db", db, "--annotator", who, *args]
    done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8")
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def make(db: str) -> None:
    # Some 40 commands start here: compiled once first, where PYTHONDONTWRITEBYTECODE is set each
    # would compile the app's modules again (as an installed app, not as the script, would not).
    compiled = (
        "import compileall, pathlib, annotator; compileall.compile_dir(pathlib.Path(annotator.__file__).parent, quiet=1)"
    )
    subprocess.run([sys.executable, "-c", compiled], check=True)
    imported = annotator(db, "import", "--samples")
    for number, name in enumerate(SAMPLES, 1):  # the numbering the passages below rely on
        if f"imported {number}: " not in imported or f"({name})" not in imported:
            raise SystemExit(f"document {number} was to be {name}; the import said:\n{imported}")
    for name, lead in CODERS:
        annotator(db, "coders", "add", name, *([lead] if lead else []))
    for doc, tag, *passages in CODING:
        for who, passage in zip(("ann", "bob"), passages, strict=True):
            if passage is not None:
                quote, fields = passage
                values = [a for name, value in fields.items() for a in ("--field", f"{name}={value}")]
                annotator(db, "tag", str(doc), "--quote", quote, "--tag", tag, *values, who=who)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    target = argv[0]
    if "://" not in target and Path(target).exists():
        print(f"{target} exists: give a new file (the demo is made from scratch)", file=sys.stderr)
        return 1
    make(target)
    print(f"made {target}: two coders (ann, bob) on the four samples; open it as the lead:")
    print(f"  {_command()} --db {target} --annotator lea")
    return 0


def _command() -> str:
    """The `annotator` a user types: the one beside this Python (`.venv/bin/annotator`, which is not
    on the PATH unless the environment is activated), relative to here when it is below here."""
    beside = Path(sys.executable).parent / "annotator"
    if not beside.exists():
        return "annotator"
    try:
        return str(beside.relative_to(Path.cwd()))
    except ValueError:
        return str(beside)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
