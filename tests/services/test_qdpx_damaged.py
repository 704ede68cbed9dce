"""A .qdpx whose zip is damaged (a member's bytes changed: its CRC fails) or encrypted is refused in one
sentence naming the file, never a traceback, and the library is untouched (found by a review)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from annotator.services import UserError
from tests.services.test_import_qdpx import gid, project, selection, snapshot, text_source


def _corrupt_member(path: Path, member: str) -> Path:
    """Flip a byte inside the stored data of `member` (CRC no longer matches)."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    data = bytearray(path.read_bytes())
    header = info.header_offset
    name_len = int.from_bytes(data[header + 26 : header + 28], "little")
    extra_len = int.from_bytes(data[header + 28 : header + 30], "little")
    at = header + 30 + name_len + extra_len + 2
    data[at] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


def _stored_qdpx(path: Path, qde: str, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("project.qde", qde.encode("utf-8"))
        for name, data in files.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize("member", ["project.qde", f"sources/{gid(20)}.txt"])
def test_a_damaged_zip_member_is_refused_in_one_sentence(services, location, tmp_path, member):
    services.documents.import_samples()
    before = snapshot(location)
    qde = project(text_source(20, "Report one", selection(30, 0, 4, (12,))))
    path = _stored_qdpx(tmp_path / "x.qdpx", qde, {f"sources/{gid(20)}.txt": b"Some text of the report. " * 40})
    _corrupt_member(path, member)
    with pytest.raises(UserError) as refused:
        services.refi.import_project(path)
    assert str(refused.value).startswith(f"{path}: ")
    assert snapshot(location) == before


def test_an_encrypted_project_member_is_refused_in_one_sentence(services, location, tmp_path):
    qde = project(text_source(21, "Inline", inline="Inline text about talks."))
    path = _stored_qdpx(tmp_path / "x.qdpx", qde, {})
    data = bytearray(path.read_bytes())
    # set the "encrypted" flag bit in the local header and in the central directory entry
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("project.qde")
    data[info.header_offset + 6] |= 1
    central = data.rfind(b"PK\x01\x02")
    data[central + 8] |= 1
    path.write_bytes(bytes(data))
    with pytest.raises(UserError) as refused:
        services.refi.import_project(path)
    assert str(refused.value).startswith(f"{path}: ")
