"""--db and --annotator work before or after the command, as users type them."""

import os
import subprocess
import sys


def run(*args):
    env = {**os.environ, "ANNOTATOR_USER": "env-user"}
    return subprocess.run([sys.executable, "-m", "annotator", *args], capture_output=True, env=env, timeout=120)


def test_global_options_after_the_command(db):
    assert run("import", "--samples", "--db", str(db)).returncode == 0
    done = run("text", "1", "--db", str(db))
    assert done.returncode == 0, done.stderr.decode()
    assert (
        done.stdout
        == subprocess.run(
            [sys.executable, "-m", "annotator", "--db", str(db), "text", "1"], capture_output=True, timeout=120
        ).stdout
    )
    tagged = run(
        "tag", "1", "--quote", "Azerbaijan", "--nth", "1", "--tag", "claim", "--annotator", "after-name", "--db", str(db)
    )
    assert tagged.returncode == 0, tagged.stderr.decode()
    exported = run("--db", str(db), "export").stdout.decode()
    assert "after-name" in exported and "env-user" not in exported


def test_an_option_after_the_command_wins_over_none_before(db):
    """Given before the command and not after, the value before is kept (the subcommand does not reset it)."""
    assert run("--db", str(db), "import", "--samples").returncode == 0
    assert run("--db", str(db), "docs").stdout.count(b"\n") >= 5
