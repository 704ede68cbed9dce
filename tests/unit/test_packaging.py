"""The wheel lists its packages by hand (resources/ and sample_docs/ are mapped in): every package
under src/annotator must be in that list, or a non-editable install lacks it."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_package_is_in_the_wheel():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    src = ROOT / "src"
    found = {".".join(p.parent.relative_to(src).parts) for p in (src / "annotator").rglob("__init__.py")}
    assert found - listed == set()
