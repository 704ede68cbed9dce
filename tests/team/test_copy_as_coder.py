"""A coder (or the lead) copies the team library to a file of their own to code offline, as the
README's walk-through does (`annotator --db THEIR_URL copy … alice.sqlite3`). Only the
administrator may read the sequences themselves; the copy must not need to, and a refused copy
must leave no file behind that a later copy would then take as its own."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys


def _copy(source: str, target) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annotator", "copy", source, str(target)],
        capture_output=True,
        text=True,
        env={**os.environ, "ANNOTATOR_USER": "someone-else"},
        timeout=120,
    )


def test_a_coder_copies_the_team_library_to_a_file_and_the_file_holds_their_passages(coded, tmp_path):
    target = tmp_path / "alice.sqlite3"
    done = _copy(coded.url_as(coded.alice), target)
    assert done.returncode == 0, done.stderr
    rows = sqlite3.connect(target).execute("SELECT count(*) FROM annotations").fetchone()[0]
    assert rows == 1  # her passage; bob's is not hers to read while blind
    lead = _copy(coded.url_as(coded.lead), tmp_path / "lead.sqlite3")
    assert lead.returncode == 0, lead.stderr


def test_a_copy_that_fails_leaves_no_new_file_behind(coded, tmp_path):
    """A copy refused half-way, after the new file was made (here: the coders may no longer read
    the memos, as if an administrator had taken that away) leaves no file: an empty library there
    would pass for a copy, and a second copy would take it as its target."""
    target = tmp_path / "gone.sqlite3"
    coded.raw("postgres").execute("REVOKE SELECT ON document_memos FROM annotator_coders")
    done = _copy(coded.url_as(coded.bob), target)
    assert done.returncode != 0 and "memos" in done.stderr
    assert list(tmp_path.iterdir()) == []
