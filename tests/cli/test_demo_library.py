"""scripts/make_demo_library.py makes the two-coder demo with the app's own commands: agreement
figures are defined, the coders agree on some passages and disagree on others, and every passage
is its document's text at its offsets; the README's walk-through quotes what its commands print."""

import csv
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from annotator.services import open_services

ROOT = Path(__file__).resolve().parents[2]


def _run(*args, cwd=None):
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, encoding="utf-8", cwd=cwd)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """The demo library as the script leaves it, made once (some 40 commands), and what it said."""
    folder = tmp_path_factory.mktemp("demo")
    db = folder / "demo.sqlite3"
    return db, _run(str(ROOT / "scripts" / "make_demo_library.py"), str(db), cwd=folder)


@pytest.fixture
def demo(made, tmp_path):
    """A copy of it for one test (tests write gold into it)."""
    made_db, said = made
    db = tmp_path / "demo.sqlite3"
    with closing(sqlite3.connect(made_db)) as source, closing(sqlite3.connect(db)) as copy:
        source.backup(copy)
    return str(db), said


def test_the_demo_library_has_figures_agreements_and_disagreements(demo):
    db, said = demo
    assert "annotator --db" in said
    figures = json.loads(_run("-m", "annotator", "--db", db, "agreement", "--format", "json"))
    overall = next(row for row in figures["rows"] if row["tag"] is None and row.get("document") is None)
    for measure in ("alpha_u", "kappa", "alpha_binary", "percent"):
        assert overall[measure] is not None and 0 < overall[measure] < 1, (measure, overall)
    listed = _run("-m", "annotator", "--db", db, "disagreements", "--format", "csv").splitlines()
    assert len(listed) - 1 >= 8  # rows under the header: spans that differ, passages only one coder marked
    services = open_services(db, annotator="lea", backup=False)
    try:
        coders = {c.login: c for c in services.coders.list()}
        assert coders["lea"].is_lead and not coders["ann"].is_lead and not coders["bob"].is_lead
        for doc in services.documents.list():
            text = services.annotations.text(doc.id)
            marked = services.annotations.for_document(doc.id)
            assert {a.coder for a in marked} == {"ann", "bob"}  # both coders coded all four samples
            assert all(text[a.start : a.end] == a.quote for a in marked)
            assert all(a.fields for a in marked)  # every passage has its field values (decision 044)
        steps = services.gold.accept_agreed()
        assert len(steps) >= 6  # passages both marked the same: accepted in one step
    finally:
        services.close()


def test_the_script_names_an_annotator_command_that_runs(demo):
    """`annotator` is not on the PATH after setup.sh (it is .venv/bin/annotator): the command the
    script tells the user to type must be one that exists."""
    _, said = demo
    command = re.search(r"^  (\S+) --db ", said, re.MULTILINE).group(1)
    assert Path(command).is_file() and os.access(command, os.X_OK), said


def _walkthrough() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("### Walk-through: two coders, agreement, adjudication, a gold export")
    return readme[start : readme.index("\n## ", start)]


def test_the_readme_walkthrough_quotes_what_the_commands_print(demo):
    """The numbers a user checks against in the README's walk-through are what the commands print."""
    db, _ = demo
    text = " ".join(_walkthrough().split())
    said = re.search(
        r"agree on (\d+) passages; on (\d+) they marked the same thing with different spans .*?; (\d+) passages only one",
        text,
    )
    agreed, spans, missing = (int(n) for n in said.groups())
    overall = re.search(
        r"reads α_U ([\d.]+), κ ([\d.]+), percent ([\d.]+), with (\d+) passages aligned and (\d+) unmatched "
        r"\((\d+) passages each\); framing is the weakest tag \(α_U ([\d.]+)\)",
        text,
    )
    figures = json.loads(_run("-m", "annotator", "--db", db, "agreement", "--format", "json"))
    rows = {row["tag"]: row for row in figures["rows"] if row.get("document") is None}
    printed = rows[None]
    assert [f"{printed[m]:.4f}" for m in ("alpha_u", "kappa", "percent")] == list(overall.groups()[:3])
    assert (printed["aligned"], printed["unmatched"]) == (int(overall[4]), int(overall[5])) == (agreed + spans, missing)
    assert set(printed["passages"].values()) == {int(overall[6])}
    # α per field is a number (the agreement screenshot showed "—" when the demo had no values).
    fields = re.search(
        r"α per field, over the aligned passages: claimant ([\d.]+) .*?, date ([\d.]+) .*?, speaker ([\d.]+), "
        r"frame ([\d.]+); the one casualty figure gives none",
        text,
    )
    for tag, name, shown in zip(
        ("claim", "date", "quote", "framing"), ("claimant", "date", "speaker", "frame"), fields.groups(), strict=True
    ):
        assert f"{rows[tag]['fields'][name]:.4f}" == shown, (tag, name)
    assert set(rows["casualty figure"]["fields"].values()) == {None} and rows["casualty figure"]["aligned"] == 1
    weakest = min((row for tag, row in rows.items() if tag), key=lambda row: row["alpha_u"])
    assert (weakest["tag"], f"{weakest['alpha_u']:.4f}") == ("framing", overall[7])
    listed = list(csv.DictReader(io.StringIO(_run("-m", "annotator", "--db", db, "disagreements", "--format", "csv"))))
    kinds = [row["kind"] for row in listed]
    assert (kinds.count("span"), kinds.count("missing")) == (spans, missing)
    assert f"has {len(listed)} rows: the {spans} differing spans" in text
    accepted = re.search(r"it says `(accepted \d+ agreed passages into gold \(documents [\d, ]+\))`", text)[1]
    assert _run("-m", "annotator", "--db", db, "--annotator", "lea", "gold", "accept-agreed").strip() == accepted
    assert f"one row per gold passage ({agreed} if you only accepted the agreed ones)" in text
