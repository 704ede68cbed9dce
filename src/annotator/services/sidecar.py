"""metadata.csv beside imported files: one row per file name, as the sample articles ship."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SIDECAR = "metadata.csv"


@dataclass(frozen=True, slots=True)
class Hints:
    title: str = ""
    source: str = ""
    published: str = ""
    dateline: str = ""
    url: str = ""
    language: str = ""


def sidecar_metadata(path: Path) -> Hints:
    """The row for this file in a metadata.csv in the same folder, if there is one."""
    sidecar = path.parent / SIDECAR
    try:
        stamp = sidecar.stat().st_mtime_ns
    except OSError:
        return Hints()
    table = _read(sidecar, stamp)
    row = table.get(path.name)
    if row is None:
        return Hints()
    return Hints(**{field: (row.get(field) or "").strip() for field in Hints.__dataclass_fields__})


@lru_cache(maxsize=32)
def _read(sidecar: Path, _stamp: int) -> dict[str, dict[str, str]]:
    try:
        with sidecar.open(encoding="utf-8-sig", newline="") as handle:
            return {row["filename"]: row for row in csv.DictReader(handle) if row.get("filename")}
    except (OSError, UnicodeDecodeError, csv.Error, KeyError):
        return {}
