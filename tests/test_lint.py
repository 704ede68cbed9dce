"""ruff's lint and format check over the whole tree, as CI runs them: the rules chosen in
pyproject.toml hold everywhere, and the layout is ruff's (`ruff format src tests benchmarks`)."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _ruff() -> list[str]:
    beside = Path(sys.executable).with_name("ruff")  # the one the test extras installed in this venv
    found = str(beside) if beside.exists() else shutil.which("ruff")
    assert found, "ruff is not installed: run scripts/setup.sh (it installs the test extras, ruff among them)"
    return [found]


def test_ruff_check_passes_on_the_tree():
    run = subprocess.run(
        [*_ruff(), "check", "--no-cache", "src", "tests", "benchmarks"], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_lint_sees_a_fault(tmp_path):
    """The check can fail: an unused import in a file under the same settings is reported."""
    bad = tmp_path / "bad.py"
    bad.write_text("import os\n")
    run = subprocess.run(
        [*_ruff(), "check", "--no-cache", "--config", str(ROOT / "pyproject.toml"), str(bad)], capture_output=True, text=True
    )
    assert run.returncode == 1 and "F401" in run.stdout


def test_ruff_format_leaves_the_tree_as_it_is():
    run = subprocess.run(
        [*_ruff(), "format", "--check", "--no-cache", "src", "tests", "benchmarks"], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, "run `ruff format src tests benchmarks`:\n" + run.stdout + run.stderr


def test_the_format_check_sees_a_fault(tmp_path):
    """The format check can fail: a file laid out otherwise is reported."""
    bad = tmp_path / "bad.py"
    bad.write_text("x = {  'a':1 }\n")
    run = subprocess.run(
        [*_ruff(), "format", "--check", "--no-cache", "--config", str(ROOT / "pyproject.toml"), str(bad)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1


MAX_LINES = 500  # HOUSE_STYLE: modules stay small
DATA_MODULES = {"src/annotator/domain/suggest/languages.py"}  # vocabulary lists, not logic


def _too_long(root, paths):
    names = {p: p.relative_to(root).as_posix() for p in paths}
    return {
        name: n
        for p, name in names.items()
        if name not in DATA_MODULES and (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }


def test_every_module_of_the_program_and_its_benchmarks_stays_under_500_lines():
    modules = [*(ROOT / "src").rglob("*.py"), *(ROOT / "benchmarks").glob("*.py")]
    assert len(modules) > 100 and _too_long(ROOT, modules) == {}


def test_the_length_check_sees_a_long_module(tmp_path):
    long = tmp_path / "src" / "long.py"
    long.parent.mkdir()
    long.write_text("x = 1\n" * (MAX_LINES + 1), encoding="utf-8")
    assert _too_long(tmp_path, [long]) == {"src/long.py": MAX_LINES + 1}
