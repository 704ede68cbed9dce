"""The README's team walk-through ("Try it on one machine"), run as written: its commands are read
from README.md and run one by one as subprocesses against the test suite's server (a fresh empty
database stands in for `team-server.sh start`, which tests/cli/test_team_server_script.py runs),
each as the login its URL names. What the README's comments promise is checked after each step,
so the README cannot drift from what the program does. The two app windows (`… &`) are not
started here: tests/team/test_live_logins.py drives windows with these logins."""

from __future__ import annotations

import csv
import os
import re
import shlex
import subprocess
import sys
import uuid
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"
URL = re.compile(r"^postgresql\+psycopg://(\w+)@127\.0\.0\.1:5433/team$")
VARIABLE = re.compile(r"^([A-Z]+)=(\S+)$")


def walkthrough() -> list[str]:
    """The walk-through's lines, as the README has them."""
    after = README.read_text(encoding="utf-8").split("Try it on one machine", 1)[1]
    block = after.split("```", 2)[1]
    return [line for line in block.strip().splitlines() if line.strip() and not line.startswith("#")]


def _docs_count(out: str, document_id: int) -> str:
    """The annotations column of a document in `annotator docs`."""
    for line in out.splitlines()[1:]:
        if line.split()[0] == str(document_id):
            return line.split()[-2]
    raise AssertionError(out)


def test_the_readme_team_walkthrough_runs_as_written(postgres_server, tmp_path):
    lines = walkthrough()
    suffix = uuid.uuid4().hex[:6]  # login roles are the cluster's: this test's own names
    logins = {name: f"{name}_{suffix}" for name in ("alice", "bob", "lena")}
    alice, bob = logins["alice"], logins["bob"]
    database: str | None = None
    urls: dict[str, str] = {}
    ran: list[str] = []

    def command(line: str) -> list[str]:
        words = shlex.split(line, comments=True)
        assert words[0] == ".venv/bin/annotator", line
        out = [sys.executable, "-m", "annotator"]
        for word in words[1:]:
            out.append(urls[word[1:]] if word.startswith("$") else logins.get(word, word))
        return out

    def run(line: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            command(line),
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env={**os.environ, "ANNOTATOR_USER": "someone-else"},
            timeout=180,
        )

    try:
        for line in lines:
            plain = line.split(" #", 1)[0].strip()
            if plain == "bash scripts/team-server.sh start":
                database = postgres_server.empty_database()
                continue
            if plain == "bash scripts/team-server.sh stop":
                continue
            if found := VARIABLE.match(plain):
                who = URL.match(found.group(2))
                assert who is not None, f"the README's URL is not the team server's: {line}"
                login = logins.get(who.group(1), who.group(1))
                urls[found.group(1)] = database.replace("postgres@", f"{login}@", 1)  # type: ignore[union-attr]
                continue
            if plain.endswith("&"):  # an app window: not here
                continue
            key = " ".join(plain.split()[1:])  # the command as the README writes it, after the program
            done = run(plain)
            ran.append(key)
            assert "Traceback" not in done.stderr, (line, done.stderr)
            if key == "--db $BOB reveal 4":  # refused: only the lead changes phases
                assert done.returncode != 0 and "only the lead" in done.stderr, (line, done.stderr)
                continue
            assert done.returncode == 0, (line, done.stdout, done.stderr)
            out = done.stdout
            if key == "--db $BOB annotations 4":  # bob's two passages only: 4 is blind
                assert out.count(bob) == 2 and alice not in out, out
            elif key == "--db $BOB docs":
                assert _docs_count(out, 4) == "2", out
            elif key == "--db $ALICE export --out alice.csv":
                rows = list(csv.DictReader((tmp_path / "alice.csv").read_text(encoding="utf-8-sig").splitlines()))
                assert [r["coder"] for r in rows] == [alice], rows
            elif key == "--db $LENA agreement":  # the lead, while they are blind
                assert "claim" in out and "0.8146" in out, out
            elif key == "--db $LENA reveal 4":
                both = run(".venv/bin/annotator --db $BOB annotations 4").stdout
                assert both.count(bob) == 2 and both.count(alice) == 1, both  # both see both
                counted = run(".venv/bin/annotator --db $BOB docs").stdout
                assert _docs_count(counted, 4) == "3", counted
            elif key == "--db $ALICE annotations 4":  # now alice sees bob's passages too
                assert out.count(bob) == 2 and out.count(alice) == 1, out
            elif key == "--db $ALICE merge alice.sqlite3":  # added: 1 annotation; again: nothing
                assert re.search(r"added:? 1 annotation", out), out
                again = run(plain)
                assert again.returncode == 0 and not re.search(r"added:? [1-9]", again.stdout), again.stdout
        assert ran[:4] == ["--db $ADMIN migrate", "--db $ADMIN import --samples", "--db $ADMIN coders add alice",
                           "--db $ADMIN coders add bob"]  # fmt: skip
        promised = {
            "--db $BOB annotations 4",
            "--db $BOB docs",
            "--db $ALICE export --out alice.csv",
            "--db $LENA agreement",
            "--db $BOB reveal 4",
            "--db $LENA reveal 4",
            "--db $ALICE annotations 4",
            "--db $ALICE merge alice.sqlite3",
        }
        assert promised <= set(ran), f"the README no longer has {sorted(promised - set(ran))}"
        assert ran.index("--db $BOB reveal 4") < ran.index("--db $LENA reveal 4") < ran.index("--db $ALICE annotations 4")
    finally:
        if database is not None:
            postgres_server.drop(database)
