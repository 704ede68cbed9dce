"""Dependencies point one way: ui -> services -> storage -> domain; importers/exporters see domain.

The database's libraries (SQLAlchemy, sqlite3, Alembic) are storage's: services reach the library
through storage's functions and errors only. The command line is a face of the services, like the
window: it imports the services, the domain, paths and terminal — never storage, ui or a format."""

import ast
from pathlib import Path

import annotator

ROOT = Path(annotator.__file__).parent
FORBIDDEN = {
    "domain": {
        "annotator.storage",
        "annotator.services",
        "annotator.ui",
        "annotator.importers",
        "annotator.exporters",
        "sqlalchemy",
        "PySide6",
        "alembic",
    },
    "importers": {"annotator.storage", "annotator.services", "annotator.ui", "sqlalchemy", "PySide6"},
    "exporters": {"annotator.storage", "annotator.services", "annotator.ui", "sqlalchemy", "PySide6"},
    "storage": {"annotator.services", "annotator.ui", "PySide6"},
    "services": {"annotator.ui", "PySide6", "sqlalchemy", "sqlite3", "alembic"},
    "ui": {"sqlalchemy", "alembic", "annotator.storage"},
}


# The command line (cli/) may import, of our own package, only these (and the standard library).
CLI_MAY_USE = {
    "annotator",
    "annotator.cli",
    "annotator.services",
    "annotator.domain",
    "annotator.paths",
    "annotator.terminal",
}
CLI_FORBIDDEN = {"sqlalchemy", "sqlite3", "alembic", "PySide6"}


def imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_import_crosses_a_layer_the_wrong_way():
    wrong = []
    for layer, forbidden in FORBIDDEN.items():
        for path in (ROOT / layer).rglob("*.py"):
            for name in imports(path):
                if any(name == f or name.startswith(f + ".") for f in forbidden):
                    wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    assert wrong == []


def test_the_command_line_uses_only_services_domain_paths_and_terminal():
    wrong = []
    for path in (ROOT / "cli").rglob("*.py"):
        for name in imports(path):
            ours = name == "annotator" or name.startswith("annotator.")
            allowed = any(name == m or name.startswith(m + ".") for m in CLI_MAY_USE - {"annotator"}) or name == "annotator"
            if (ours and not allowed) or any(name == f or name.startswith(f + ".") for f in CLI_FORBIDDEN):
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    assert wrong == []


def test_the_checker_sees_a_wrong_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from annotator.storage import engine\n")
    assert "annotator.storage" in imports(bad)
