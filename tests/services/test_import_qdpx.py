"""REFI-QDA import (`import-qdpx`): a project written by hand as another tool would write it, read
as far as the standard allows with a report of the rest; bad and hostile files refused with one
sentence and the library untouched."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from annotator.services import UserError
from tests.rawdb import RawDB

TEXT_ONE = "Line one\r\nBAKU \U0001f600 — Три said: ceasefire.\r\n"  # CRLF in the file: positions count it
TEXT_TWO = "Inline text about talks."
G = "{:08x}-0000-4000-8000-{:012x}"


def gid(n: int) -> str:
    return G.format(n, n)


def project(sources: str = "", extra: str = "", users: str = "", codes: str = "") -> str:
    users = users or f'<Users><User guid="{gid(1)}" name="Ann Lee" id="ann"/><User guid="{gid(2)}" name="Bo"/></Users>'
    codes = codes or (
        f'<CodeBook><Codes><Code guid="{gid(10)}" name="Actors" isCodable="true" color="#f00">'
        f"<Description>who acts</Description>"
        f'<Code guid="{gid(11)}" name="officials" isCodable="true"/></Code>'
        f'<Code guid="{gid(12)}" name="claim" isCodable="true" color="#123456"/></Codes></CodeBook>'
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<Project xmlns="urn:QDA-XML:project:1.0" name="from another tool">{users}{codes}'
        f"<Sources>{sources}</Sources>{extra}</Project>"
    )


def text_source(n: int, name: str, selections: str = "", inline: str | None = None) -> str:
    where = f'plainTextPath="internal://{gid(n)}.txt"' if inline is None else ""
    content = f"<PlainTextContent>{inline}</PlainTextContent>" if inline is not None else ""
    return f'<TextSource guid="{gid(n)}" name="{name}" {where}>{content}{selections}</TextSource>'


def selection(
    n: int, start: int, end: int, codes: tuple[int, ...], user: int = 1, note: str = "", noteref: bool = False
) -> str:
    described = f"<Description>{note}</Description>" if note else ""
    codings = "".join(f'<Coding guid="{gid(1000 + n * 10 + c)}"><CodeRef targetGUID="{gid(c)}"/></Coding>' for c in codes)
    ref = f'<NoteRef targetGUID="{gid(999)}"/>' if noteref else ""
    return (
        f'<PlainTextSelection guid="{gid(n)}" name="s{n}" startPosition="{start}" endPosition="{end}" '
        f'creatingUser="{gid(user)}" creationDateTime="2024-01-02T03:04:05Z">{described}{codings}{ref}</PlainTextSelection>'
    )


def qdpx(path: Path, qde: str | bytes, files: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", qde if isinstance(qde, bytes) else qde.encode("utf-8"))
        for name, data in (files or {}).items():
            archive.writestr(name, data)
    return path


def other_tools_project(tmp_path: Path) -> Path:
    start = TEXT_ONE.index("\U0001f600")  # counted in the file's text, CRLF and all
    said = TEXT_ONE.index("ceasefire")
    sources = (
        text_source(
            20,
            "Report one",
            selection(30, start, start + 1, (11,), note="line one\nline two")
            + selection(31, said, said + 9, (12, 11), user=2, noteref=True)
            + selection(32, 5, 500, (12,)),  # does not fit its text: reported, never moved
        )
        + text_source(21, "Inline", selection(33, 0, 6, (12,), user=77), inline=TEXT_TWO)
        + f'<PictureSource guid="{gid(40)}" name="photo" path="internal://{gid(40)}.png">'
        f'<PictureSelection guid="{gid(41)}" firstX="0" firstY="0" secondX="5" secondY="5"/></PictureSource>'
    )
    extra = (
        f'<Notes><Note guid="{gid(999)}" name="memo"><PlainTextContent>a memo</PlainTextContent></Note></Notes>'
        f'<Sets><Set guid="{gid(50)}" name="a set"/></Sets>'
    )
    cases = f'<Cases><Case guid="{gid(60)}" name="case one"/></Cases>'
    qde = project(sources, extra).replace("<Sources>", cases + "<Sources>")
    return qdpx(tmp_path / "other.qdpx", qde, {f"sources/{gid(20)}.txt": TEXT_ONE.encode("utf-8")})


def snapshot(location: str) -> tuple:
    with RawDB(location) as db:
        return tuple(
            db.scalar(f"SELECT count(*) FROM {table}")
            for table in ("documents", "tags", "coders", "annotations", "annotation_tags", "variables", "document_values")
        )


def test_a_project_from_another_tool_is_read_as_far_as_the_standard_allows(services, location, tmp_path):
    report = services.refi.import_project(other_tools_project(tmp_path))
    assert report.added == {"coders": 3, "tags": 2, "documents": 2, "annotations": 3}
    assert report.already == {"tags": 1}  # claim: in the codebook a library starts with
    assert report.skipped == {
        "picture source": 1,
        "selection in a picture source": 1,
        "case": 1,
        "set": 1,
    }
    assert [p for p in report.problems if gid(32) in p] == [
        f"selection {gid(32)} in source {gid(20)} ('Report one'): positions 5–500 do not fit its text of "
        f"{len(TEXT_ONE)} characters"
    ]
    assert any("'officials' was under 'Actors'" in n for n in report.notes)
    canonical = TEXT_ONE.replace("\r\n", "\n")
    (one,) = [d for d in services.documents.list() if d.meta.title == "Report one"]
    assert services.documents.text(one.id) == canonical
    with RawDB(location) as db:
        rows = db.all(
            "SELECT a.uuid, a.start_offset, a.end_offset, a.quote, a.note, c.login, c.display_name, a.layer, a.created_at "
            "FROM annotations a JOIN coders c ON c.id = a.coder_id ORDER BY a.uuid"
        )
        tags = db.all(
            "SELECT a.uuid, t.name FROM annotation_tags x JOIN annotations a ON a.id = x.annotation_id JOIN tags t ON t.id = x.tag_id ORDER BY 1, 2"
        )
        colour = db.scalar("SELECT color FROM tags WHERE name = 'Actors'")
    emoji = canonical.index("\U0001f600")
    said = canonical.index("ceasefire")
    assert [tuple(r) for r in rows] == [
        (gid(30), emoji, emoji + 1, "\U0001f600", "line one\nline two", "ann", "Ann Lee", "coder", "2024-01-02T03:04:05Z"),
        (gid(31), said, said + 9, "ceasefire", "a memo", "bo", "Bo", "coder", "2024-01-02T03:04:05Z"),
        (gid(33), 0, 6, "Inline", "", "refi_import", "REFI-QDA import", "coder", "2024-01-02T03:04:05Z"),
    ]
    assert [tuple(t) for t in tags] == [
        (gid(30), "officials"),
        (gid(31), "claim"),
        (gid(31), "officials"),
        (gid(33), "claim"),
    ]
    assert colour == "#FF0000"


def test_importing_the_same_project_again_adds_nothing(services, location, tmp_path):
    path = other_tools_project(tmp_path)
    services.refi.import_project(path)
    before = snapshot(location)
    again = services.refi.import_project(path)
    assert snapshot(location) == before
    assert again.added == {}
    assert again.already == {"coders": 2, "tags": 3, "documents": 2, "annotations": 3}  # refi_import: not needed


def _not_a_zip(tmp_path: Path) -> Path:
    return qdpx_bytes(tmp_path / "x.qdpx", b"this is text, not a zip")


def qdpx_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _no_qde(tmp_path: Path) -> Path:
    path = tmp_path / "x.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("sources/a.txt", "text")
    return path


def _invalid(tmp_path: Path) -> Path:  # a selection without its required endPosition
    bad = selection(30, 0, 4, (12,)).replace(' endPosition="4"', "")
    return qdpx(tmp_path / "x.qdpx", project(text_source(21, "Inline", bad, inline=TEXT_TWO)))


def _zip_slip_member(tmp_path: Path) -> Path:
    return qdpx(tmp_path / "x.qdpx", project(text_source(21, "Inline", inline=TEXT_TWO)), {"../../evil.txt": b"x"})


def _zip_slip_path(tmp_path: Path) -> Path:
    qde = project(text_source(20, "Report one").replace(f"internal://{gid(20)}.txt", "internal://../../../etc/passwd"))
    return qdpx(tmp_path / "x.qdpx", qde)


def _entities(tmp_path: Path) -> Path:
    qde = project(text_source(21, "&big;", inline="&big;")).replace(
        '<?xml version="1.0" encoding="utf-8"?>\n',
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa"><!ENTITY big "&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY file SYSTEM "file:///etc/passwd">]>\n',
    )
    return qdpx(tmp_path / "x.qdpx", qde)


def _bomb(tmp_path: Path) -> Path:  # 3 MB of one byte: a few kB packed; the test's cap is 1 MB
    return qdpx(
        tmp_path / "x.qdpx",
        project(text_source(20, "Report one", selection(30, 0, 4, (12,)))),
        {f"sources/{gid(20)}.txt": b"a" * 3_000_000},
    )


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_not_a_zip, "not a zip file"),
        (_no_qde, "it holds no project.qde"),
        (_invalid, "project.qde is not valid REFI-QDA XML"),
        (_zip_slip_member, "'../../evil.txt', outside the project (refused: zip slip)"),
        (_zip_slip_path, "outside the project (refused: zip slip)"),
        (_entities, "declares a DTD (refused: entities are never expanded)"),
        (_bomb, "unpacks to more than 1,000,000 bytes (refused: a zip bomb?)"),
    ],
)
def test_a_bad_or_hostile_file_is_refused_in_one_sentence_and_the_library_is_untouched(
    services, location, tmp_path, monkeypatch, make, reason
):
    import annotator.importers.qdpx as reader

    monkeypatch.setattr(reader, "LIMIT", 1_000_000)
    services.documents.import_samples()
    before = snapshot(location)
    path = make(tmp_path)
    with pytest.raises(UserError) as refused:
        services.refi.import_project(path)
    message = str(refused.value)
    assert message.startswith(f"{path}: ") and reason in message and "\n" not in message
    assert snapshot(location) == before


def test_a_long_time_and_name_from_another_tool_fit_their_columns(services, location, tmp_path):
    """xsd:dateTime allows more than milliseconds and an offset; a stored time has 32 characters
    at most (PostgreSQL refused the whole import), a coder's name 200."""
    users = f'<Users><User guid="{gid(1)}" name="{"N" * 250}"/></Users>'
    one = selection(30, 0, 6, (12,)).replace("2024-01-02T03:04:05Z", "2024-01-02T03:04:05.1234567+01:00")
    path = qdpx(tmp_path / "x.qdpx", project(text_source(21, "Inline", one, inline=TEXT_TWO), users=users))
    assert services.refi.import_project(path).added["annotations"] == 1
    with RawDB(location) as db:
        assert db.all("SELECT created_at, updated_at FROM annotations")[0] == ("2024-01-02T02:04:05.123Z",) * 2
        assert db.scalar("SELECT display_name FROM coders") == "N" * 200


def test_the_same_text_twice_in_a_project_is_one_document(services, tmp_path):
    sources = text_source(21, "One", selection(30, 0, 6, (12,)), inline=TEXT_TWO) + text_source(
        22, "Two", selection(31, 7, 11, (12,)), inline=TEXT_TWO
    )
    report = services.refi.import_project(qdpx(tmp_path / "x.qdpx", project(sources)))  # a unique-key error before
    assert report.added["documents"] == 1 and report.added["annotations"] == 2
    assert f"source {gid(22)}: the same text as source {gid(21)}: one document" in report.notes
    assert [a.quote for a in services.annotations.for_document(services.documents.list()[0].id)] == ["Inline", "text"]
