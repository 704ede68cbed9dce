"""scripts/make_outlets_library.py codes the four samples for issue 14's three questions with the
app's own commands; the README's section "Document variables, tables and outlets compared" shows
these very figures, so they are checked here against the commands' CSV output."""

import csv
import io
import subprocess
import sys
from pathlib import Path

from annotator.services import open_services

ROOT = Path(__file__).resolve().parents[2]
AP, TASS, TREND = "Associated Press (via a local TV news site)", "Report citing TASS", "Trend News Agency"


def _run(*args, cwd=None):
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, encoding="utf-8", cwd=cwd)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _table(db, *args):
    """A command's CSV as {first column: {header: cell}}."""
    rows = list(csv.reader(io.StringIO(_run("-m", "annotator", "--db", db, *args, "--format", "csv"))))
    header = rows[0]
    return {row[0]: dict(zip(header[1:], row[1:], strict=True)) for row in rows[1:]}


def test_the_outlets_library_answers_the_three_questions_as_the_readme_shows(tmp_path):
    db = str(tmp_path / "outlets.sqlite3")
    said = _run(str(ROOT / "scripts" / "make_outlets_library.py"), db, cwd=tmp_path)
    assert "compare --tag" in said
    crosstab = _table(db, "crosstab", "--cols", "source")
    assert {t: (c[AP], c[TASS], c[TREND]) for t, c in crosstab.items() if t != "date"} == {
        "claim": ("0", "5", "1"),
        "quote": ("1", "0", "5"),
        "casualty figure": ("1", "0", "0"),
        "framing": ("10", "3", "16"),
        "total": ("12", "8", "22"),
    }
    figures = list(
        csv.DictReader(
            io.StringIO(_run("-m", "annotator", "--db", db, "compare", "--tag", "casualty figure", "--format", "csv"))
        )
    )
    assert [(r["date"], r["kind"], r[AP], r[TASS], r[TREND]) for r in figures] == [
        ("2023-11-08", "displaced", "more than 100000", "", "")  # TASS and Trend: compared, no figure
    ]
    speakers = _table(db, "compare", "--tag", "quote", "--by", "speaker")
    assert {k: (v[AP], v[TASS], v[TREND]) for k, v in speakers.items()} == {
        "Ilham Aliyev": ("1", "0", "4"),  # the TASS report quotes nobody directly
        "OSCE Minsk Group": ("0", "0", "1"),
        "total": ("1", "0", "5"),
    }
    claimants = _table(db, "compare", "--tag", "claim", "--by", "claimant")
    assert {k: (v[AP], v[TASS], v[TREND]) for k, v in claimants.items()} == {
        "Antony Blinken": ("0", "3", "0"),
        "Elchin Amirbekov": ("0", "1", "0"),
        "Ilham Aliyev": ("0", "1", "0"),
        "UN Secretary-General": ("0", "0", "1"),
        "total": ("0", "5", "1"),
    }
    frames = _table(db, "compare", "--tag", "framing", "--by", "frame")
    assert {k: (v[AP], v[TASS], v[TREND]) for k, v in frames.items()} == {
        "loaded term": ("6", "1", "9"),
        "conflict": ("2", "1", "0"),
        "economic consequences": ("0", "0", "3"),
        "human interest": ("2", "0", "1"),
        "morality": ("0", "0", "2"),
        "responsibility": ("0", "1", "1"),
        "total": ("10", "3", "16"),
    }
    terms = _table(db, "compare", "--tag", "framing", "--by", "quote")
    assert len(terms) - 1 == 26 and terms["separatist"][AP] == "4"  # rows under the header, less the total
    services = open_services(db, annotator="ann", backup=False)
    try:
        for doc in services.documents.list():  # every passage is its document's text at its offsets
            text = services.annotations.text(doc.id)
            assert all(text[a.start : a.end] == a.quote for a in services.annotations.for_document(doc.id))
    finally:
        services.close()
