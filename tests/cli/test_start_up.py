"""A command loads only what it uses (issue 17, decision 027): the detectors, merging, agreement,
Alembic on a current library, Qt and the HTML importer stay off the path of the commands that do
not need them, so that a command starts in the time of SQLAlchemy and its own work."""

import json
import subprocess
import sys

import pytest

from tests.conftest import write

# What no everyday command needs (a current library: no migration; .txt files: no HTML parser).
NEVER = (
    "alembic",
    "PySide6",
    "trafilatura",
    "charset_normalizer",
    "annotator.services.merge",
    "annotator.storage.transfer",
    "annotator.services.agreement",
    "annotator.ui",
)
DETECTORS = "annotator.domain.suggest.languages"

LOADED = """
import json, sys
from annotator.app import main
code = main(sys.argv[2:])
sys.stdout.flush()
with open(sys.argv[1], "w") as out:
    json.dump({"code": code, "modules": sorted(sys.modules)}, out)
"""


def loaded_by(tmp_path, *argv):
    """The modules a command's process holds when it is done, and its exit code."""
    record = tmp_path / "modules.json"
    done = subprocess.run([sys.executable, "-c", LOADED, str(record), *argv], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    found = json.loads(record.read_text())
    assert found["code"] == 0, done.stderr
    return found["modules"]


def heavy(modules, names):
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


@pytest.mark.parametrize(
    "command",
    [
        ("import", "{article}"),
        ("docs",),
        ("annotations", "1"),
        ("text", "1"),
        ("tag", "1", "--quote", "Azerbaijan", "--nth", "1", "--tag", "claim"),
        ("export", "--out", "{csv}"),
    ],
)
def test_an_everyday_command_loads_neither_the_detectors_nor_merge_nor_alembic(db, tmp_path, command):
    article = write(tmp_path / "article.txt", "A headline\n\nBAKU, Azerbaijan, Nov. 8, 2023. Azerbaijan said so.\n")
    subprocess.run([sys.executable, "-m", "annotator", "--db", db, "import", str(article)], check=True, capture_output=True)
    second = write(tmp_path / "second.txt", "Another article about Azerbaijan.\n")
    argv = [part.format(article=second, csv=tmp_path / "out.csv") for part in command]
    modules = loaded_by(tmp_path, "--db", db, *argv)
    assert heavy(modules, NEVER) == []
    assert heavy(modules, (DETECTORS,)) == []


def test_suggest_still_loads_the_detectors(db, tmp_path):
    article = write(tmp_path / "article.txt", "On 8 November 2023 officials said 12 people died.\n")
    subprocess.run([sys.executable, "-m", "annotator", "--db", db, "import", str(article)], check=True, capture_output=True)
    modules = loaded_by(tmp_path, "--db", db, "suggest", "1")
    assert DETECTORS in modules  # the guard above can see a detector load: it is not vacuous


@pytest.mark.parametrize("command", [("docs",), ("text", "1")])
def test_listing_and_reading_load_no_importer_and_no_date_parser(db, tmp_path, command):
    article = write(tmp_path / "article.txt", "A headline\n\nIt happened on Nov. 8, 2023.\n")
    subprocess.run([sys.executable, "-m", "annotator", "--db", db, "import", str(article)], check=True, capture_output=True)
    modules = loaded_by(tmp_path, "--db", db, *command)
    assert heavy(modules, ("annotator.importers", "annotator.services.sidecar", "dateutil")) == []
