"""scripts/make_demo_library.py makes the two-coder demo with the app's own commands: agreement
figures are defined, the coders agree on some passages and disagree on others, and every passage
is its document's text at its offsets."""

import json
import subprocess
import sys
from pathlib import Path

from annotator.services import open_services

ROOT = Path(__file__).resolve().parents[2]


def _run(*args, cwd=None):
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, encoding="utf-8", cwd=cwd)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_the_demo_library_has_figures_agreements_and_disagreements(tmp_path):
    db = str(tmp_path / "demo.sqlite3")
    said = _run(str(ROOT / "scripts" / "make_demo_library.py"), db, cwd=tmp_path)
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
        steps = services.gold.accept_agreed()
        assert len(steps) >= 6  # passages both marked the same: accepted in one step
    finally:
        services.close()
