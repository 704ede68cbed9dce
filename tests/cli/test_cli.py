"""The command line, run as a subprocess on real files, as a user runs it."""

import codecs
import csv
import io
import os
import subprocess
import sys

import pytest

from tests.conftest import write


def annotator(db, *args, check=True, stdin=None):
    env = {**os.environ, "ANNOTATOR_USER": "cli-tester"}
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(db), *args],
        capture_output=True,
        env=env,
        input=stdin,
        timeout=120,
    )
    if check and done.returncode != 0:
        raise AssertionError(done.stderr.decode())
    return done


def test_done_when_scenario(db, tmp_path):
    """import --samples, tag by quote, export to stdout: the row with exactly that passage."""
    annotator(db, "import", "--samples")
    quote = "the war between Armenia and Azerbaijan was conclusively brought to an end last year"
    out = annotator(db, "tag", "4", "--quote", quote, "--tag", "claim").stdout.decode()
    assert out.startswith("tagged annotation 1:")
    rows = list(csv.DictReader(io.StringIO(annotator(db, "export", "--out", "-").stdout.decode())))
    assert len(rows) == 1
    text = annotator(db, "text", "4").stdout.decode()
    row = rows[0]
    assert row["text"] == quote and text[int(row["start"]) : int(row["end"])] == quote
    assert row["annotator"] == "cli-tester" and row["tag"] == "claim"


def test_counts_of_one_read_in_the_singular(db, tmp_path):
    """ "1 annotation", "1 row", "1 suggestion": the CLI's messages count the way the window's do."""
    annotator(db, "import", "--samples")
    annotator(db, "tag", "1", "--quote", "More than 100,000 ethnic Armenians", "--tag", "claim")
    assert annotator(db, "check").stdout.decode().strip() == "library OK: 4 documents, 1 annotation"
    out = tmp_path / "one.csv"
    assert "exported 1 row to" in annotator(db, "export", "--out", str(out)).stderr.decode()
    accepted = annotator(db, "suggest", "2", "--tag", "framing", "--accept").stderr.decode()
    assert accepted.strip().endswith("suggestion accepted") and "suggestions" not in accepted, accepted


def test_docs_and_tags_listing(db, tmp_path):
    annotator(db, "import", "--samples")
    docs = annotator(db, "docs").stdout.decode()
    assert "Trend News Agency" in docs and "2023-09" in docs
    assert "casualty figure" in annotator(db, "tags").stdout.decode()


def test_text_is_exact_bytes(db, tmp_path):
    sample = tmp_path / "s.txt"
    sample.write_bytes("no newline at the end — 😀".encode())
    annotator(db, "import", str(sample))
    assert annotator(db, "text", "1").stdout == sample.read_bytes()


OFFSET_CASES = {
    "emoji": "Before 😀 the passage after",
    "flag": "Flag 🇦🇿🇦🇲 then the passage after",
    "math": "Bold 𝐀𝐁 then the passage after",
    "combining": "Cafe\u0301 noe\u0308l the passage after",
    "zwj": "Family 👨\u200d👩\u200d👧 the passage after",
    "crlf": "Line one\r\nLine two\r\nthe passage after",
    "bom": "\ufeffthe passage after a BOM",
    "all": "\ufeff😀 🇦🇿 𝐀 e\u0301\r\n\r\nthe passage after",
}


@pytest.mark.parametrize("case", sorted(OFFSET_CASES))
def test_offsets_are_code_points_into_canonical_text(db, tmp_path, case):
    raw = OFFSET_CASES[case]
    write(tmp_path / "doc.txt", raw.encode("utf-8"))
    annotator(db, "import", str(tmp_path / "doc.txt"))
    canonical = raw.removeprefix("\ufeff").replace("\r\n", "\n")
    assert annotator(db, "text", "1").stdout.decode() == canonical
    annotator(db, "tag", "1", "--quote", "the passage", "--tag", "quote")
    row = next(csv.DictReader(io.StringIO(annotator(db, "export").stdout.decode())))
    start = canonical.index("the passage")
    assert (int(row["start"]), int(row["end"])) == (start, start + len("the passage"))


def test_utf16_file_offsets(db, tmp_path):
    text = "🇦🇿 Şuşa\r\nthe passage"
    write(tmp_path / "u16.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    annotator(db, "import", str(tmp_path / "u16.txt"))
    annotator(db, "tag", "1", "--quote", "the passage", "--tag", "quote")
    row = next(csv.DictReader(io.StringIO(annotator(db, "export").stdout.decode())))
    assert row["start"] == str(len("🇦🇿 Şuşa\n"))


def test_bad_files_get_one_line_each_and_exit_1(db, tmp_path):
    good = write(tmp_path / "good.txt", "Good text.")
    empty = write(tmp_path / "empty.txt", b"")
    binary = write(tmp_path / "bin.txt", b"\x89PNG\x00\x00\x01")
    done = annotator(db, "import", str(empty), str(good), str(binary), str(tmp_path / "nope.txt"), check=False)
    assert done.returncode == 1
    errors = done.stderr.decode().strip().splitlines()
    assert len(errors) == 3 and "Traceback" not in done.stderr.decode()
    assert "empty.txt: is empty" in errors[0] and "bin.txt" in errors[1] and "nope.txt" in errors[2]
    assert "imported 1" in done.stdout.decode()


@pytest.mark.parametrize(
    "args,message",
    [
        (("text", "9"), "no document 9"),
        (("tag", "1", "--quote", "zzz not there", "--tag", "claim"), "not found"),
        (("tag", "1", "--quote", "Azerbaijan", "--tag", "claim"), "occurs"),
        (("tag", "1", "--quote", "Khankendi", "--nth", "1", "--tag", "nope"), "no tag named"),
        (("export", "--tag", "nope"), "no tag named"),
    ],
)
def test_user_errors_are_one_line(db, tmp_path, args, message):
    annotator(db, "import", "--samples")
    done = annotator(db, *args, check=False)
    assert done.returncode == 1
    err = done.stderr.decode()
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize(
    "args",
    [("--db", "{bad}", "docs"), ("merge", "{bad}"), ("copy", "{db}", "{bad}")],
)
def test_a_server_url_with_a_port_that_is_no_number_is_one_sentence(db, args):
    """Found by review: `…@host:abc/db` raised a ValueError inside SQLAlchemy's URL parser, a traceback
    (the app's server dialog showed "invalid literal for int()"). Its password is never shown."""
    annotator(db, "import", "--samples")
    bad = "postgresql+psycopg://ann:s3cret@localhost:abc/team"
    done = annotator(db, *(a.format(bad=bad, db=db) for a in args), check=False)
    err = done.stderr.decode()
    assert done.returncode != 0 and "not a database Annotator can open" in err, err
    assert err.count("\n") == 1 and "Traceback" not in err and "s3cret" not in err


def test_not_a_library_is_refused(tmp_path):
    bogus = write(tmp_path / "x.db", "hello, not a database")
    done = annotator(bogus, "docs", check=False)
    assert done.returncode == 1 and "not an Annotator library" in done.stderr.decode()
    assert bogus.read_text() == "hello, not a database"


def test_env_variable_chooses_the_library(db):
    env = {**os.environ, "ANNOTATOR_DB": str(db)}
    subprocess.run(
        [sys.executable, "-m", "annotator", "import", "--samples"], env=env, check=True, capture_output=True, timeout=120
    )
    assert annotator(db, "docs").stdout.count(b"\n") >= 5  # the samples went where ANNOTATOR_DB said


def test_version_and_help():
    done = subprocess.run([sys.executable, "-m", "annotator", "--help"], capture_output=True, timeout=60)
    assert b"examples:" in done.stdout
    done = subprocess.run([sys.executable, "-m", "annotator", "--version"], capture_output=True, timeout=60)
    assert done.stdout.startswith(b"annotator ")


def test_no_display_is_a_sentence(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(tmp_path / "x.db")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 1 and "no display" in done.stderr and "Traceback" not in done.stderr
    assert "xvfb-run" in done.stderr  # offscreen, the other way to start Qt, would show nothing to anyone


def test_suggest_lists_csv_and_accepts(db, tmp_path):
    annotator(db, "import", "--samples")
    table = annotator(db, "suggest", "1", "3", "--tag", "date").stdout.decode()
    assert "Wednesday, Nov. 8, 2023" in table and "date=2025-08-09" in table
    out = annotator(db, "suggest", "1", "--format", "csv", "--tag", "casualty figure").stdout.decode()
    rows = list(csv.reader(io.StringIO(out)))
    assert rows == [
        ["document_id", "start", "end", "tag", "text", "count_min", "qualifier", "kind"],
        [
            "1",
            rows[1][1],
            rows[1][2],
            "casualty figure",
            "More than 100,000 ethnic Armenians",
            "100000",
            "more than",
            "displaced",
        ],
    ]
    done = annotator(db, "suggest", "1", "--tag", "quote", "--accept")
    assert b"2 suggestions accepted" in done.stderr
    listed = annotator(db, "annotations", "1").stdout.decode()
    assert "speaker=Azerbaijan President Ilham Aliyev" in listed
    assert annotator(db, "suggest", "1", "--tag", "quote").stdout.decode().count("\n") == 1  # header only
    export = annotator(db, "export", "--tag", "quote").stdout.decode()
    header, *records = list(csv.reader(io.StringIO(export)))
    # the headline "Azerbaijan's president addresses a military parade … and says '…'" names its speaker
    assert [dict(zip(header, r, strict=True))["speaker"] for r in records] == [
        "Azerbaijan's president",
        "Azerbaijan President Ilham Aliyev",
    ]


def test_tag_with_a_field_and_bad_field_values_get_a_sentence(db, tmp_path):
    annotator(db, "import", "--samples")
    done = annotator(db, "tag", "3", "--quote", "August 9, 2025", "--tag", "date", "--field", "date=2025-08-09")
    assert b"(date=2025-08-09)" in done.stdout
    for field, message in [("date=9 Aug", b"ISO 8601"), ("when", b"NAME=VALUE"), ("speaker=x", b"no tag")]:
        bad = annotator(db, "tag", "3", "--quote", "1992", "--tag", "date", "--field", field, check=False)
        assert bad.returncode != 0 and message in bad.stderr and b"Traceback" not in bad.stderr
    lexicon = tmp_path / "terms.csv"
    annotator(db, "lexicon", "--export", str(lexicon))
    assert lexicon.read_text(encoding="utf-8").startswith("term,frame\n")


# Spreadsheet neutralising: written out here, not imported, so that one dropped from the code fails.
def _rename_tag(db, old, new):
    from annotator.domain.models import TagSpec
    from annotator.services import open_services

    services = open_services(str(db), backup=False)
    try:
        tag = services.codebook.by_name(old)
        services.codebook.change(tag.id, TagSpec(new, tag.color, tag.shortcut, tag.description, tag.fields, tag.detector))
    finally:
        services.close()


@pytest.mark.parametrize("first", ["=", "+", "-", "@"])  # a tag name holds no tab or line break
def test_suggest_csv_is_exact_and_its_excel_flavour_neutralises(db, tmp_path, first):
    annotator(db, "import", "--samples")
    name = f'{first}HYPERLINK("http://example.com","date")'
    _rename_tag(db, "date", name)
    plain = annotator(db, "suggest", "3", "--tag", "date", "--format", "csv").stdout
    rows = list(csv.reader(io.StringIO(plain.decode("utf-8"))))
    assert not plain.startswith(codecs.BOM_UTF8) and len(rows) > 2
    assert {r[3] for r in rows[1:]} == {name}
    text = annotator(db, "text", "3").stdout.decode()
    assert all(text[int(r[1]) : int(r[2])] == r[4] for r in rows[1:])
    excel = annotator(db, "suggest", "3", "--tag", "date", "--format", "csv", "--excel").stdout
    assert excel.startswith(codecs.BOM_UTF8)
    cells = list(csv.reader(io.StringIO(excel.decode("utf-8-sig"))))
    assert {r[3] for r in cells[1:]} == {"'" + name}


@pytest.mark.parametrize("first", ["=", "+", "-", "@"])  # the lexicon trims its terms: no tab or line break
def test_lexicon_export_is_exact_and_its_excel_flavour_neutralises(db, tmp_path, first):
    terms = write(tmp_path / "terms.csv", f'term,frame\n"{first}cmd|\' /C calc",plain frame\nplain term,{first}frame\n')
    annotator(db, "lexicon", "--import", str(terms))
    exact = tmp_path / "exact.csv"
    annotator(db, "lexicon", "--export", str(exact))
    rows = list(csv.reader(io.StringIO(exact.read_text(encoding="utf-8"))))
    assert rows == [["term", "frame"], [f"{first}cmd|' /C calc", "plain frame"], ["plain term", f"{first}frame"]]
    annotator(db, "lexicon", "--import", str(exact))  # exact, so it imports back unchanged
    again = tmp_path / "again.csv"
    annotator(db, "lexicon", "--export", str(again))
    assert again.read_bytes() == exact.read_bytes() and not exact.read_bytes().startswith(codecs.BOM_UTF8)
    excel = tmp_path / "excel.csv"
    annotator(db, "lexicon", "--export", str(excel), "--excel")
    assert excel.read_bytes().startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(excel.read_text(encoding="utf-8-sig"))))
    assert rows == [["term", "frame"], [f"'{first}cmd|' /C calc", "plain frame"], ["plain term", f"'{first}frame"]]


def test_export_raw_is_the_default_now_and_says_so(db, tmp_path):
    annotator(db, "import", "--samples")
    annotator(db, "tag", "4", "--quote", "anti-terrorist operation", "--nth", "1", "--tag", "claim", "--note", "=1+2")
    default = annotator(db, "export").stdout
    raw = annotator(db, "export", "--raw")
    assert raw.stdout == default and b"=1+2" in default and b"'=1+2" not in default
    assert b"--raw" in raw.stderr and raw.stderr.count(b"\n") == 1
    both = annotator(db, "export", "--raw", "--excel", check=False)
    assert both.returncode == 2 and b"--raw" in both.stderr and b"Traceback" not in both.stderr


# --- hostile files on the command line (issue 10, items 10, 11, 14, 20) -----------------------
def bounded(db, *args, timeout=30):
    """Run the command line with at most 2 GB of memory and a time limit, so a hang or an endless
    read fails the test (TimeoutExpired, or a MemoryError on stderr) instead of stalling it."""
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    env = {**os.environ, "ANNOTATOR_USER": "cli-tester"}
    return subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(db), *args],
        capture_output=True,
        env=env,
        timeout=timeout,
        preexec_fn=limit,
    )


def test_odd_charsets_are_each_files_business_and_the_batch_goes_on(db, tmp_path):
    idna = write(
        tmp_path / "idna.html",
        '<html><head><meta charset="idna"></head><body>'
        "<p>The page mentions .xn--. in its article text, and goes on.</p></body></html>",
    )
    escape = write(
        tmp_path / "escape.html",
        '<html><head><meta charset="unicode_escape"></head><body>'
        "<p>The page holds \\ud800 in its article text, and goes on.</p></body></html>",
    )
    plain = write(tmp_path / "plain.txt", "A plain article after the odd ones.")
    done = bounded(db, "import", str(idna), str(escape), str(plain))
    err = done.stderr.decode()
    assert "Traceback" not in err
    out = done.stdout.decode()
    assert all(f"({p.name})" in out for p in (idna, escape, plain)), (out, err)
    assert done.returncode == 0


def special_files(folder):
    """A symlink to /dev/zero, one to /dev/urandom and a FIFO, all named like articles."""
    folder.mkdir()
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "random.txt").symlink_to("/dev/urandom")
    os.mkfifo(folder / "pipe.txt")
    return [folder / "zero.txt", folder / "random.txt", folder / "pipe.txt"]


def test_special_files_are_refused_by_name_and_the_batch_goes_on(db, tmp_path):
    specials = special_files(tmp_path / "in")
    plain = write(tmp_path / "plain.txt", "A plain article after the special files.")
    done = bounded(db, "import", *map(str, specials), str(plain))
    err = done.stderr.decode()
    assert "Traceback" not in err and "MemoryError" not in err
    for path in specials:
        assert f"annotator: {path}: is not a regular file" in err, err
    assert "(plain.txt)" in done.stdout.decode()
    assert done.returncode == 1 and len(err.splitlines()) == 3


def test_lexicon_import_refuses_special_files(db, tmp_path):
    annotator(db, "lexicon", "--export", str(tmp_path / "before.csv"))
    for path in special_files(tmp_path / "in"):
        lexicon = path.with_suffix(".csv")
        path.rename(lexicon)
        done = bounded(db, "lexicon", "--import", str(lexicon))
        err = done.stderr.decode()
        assert done.returncode == 1 and "Traceback" not in err and "MemoryError" not in err
        assert err.startswith("annotator: error: ") and str(lexicon) in err and "not a regular file" in err
        assert len(err.splitlines()) == 1
    annotator(db, "lexicon", "--export", str(tmp_path / "after.csv"))
    assert (tmp_path / "after.csv").read_bytes() == (tmp_path / "before.csv").read_bytes()


@pytest.mark.parametrize("target", ["zero", "random", "pipe"])
def test_metadata_csv_that_is_a_special_file_is_ignored_and_said(db, tmp_path, target):
    folder = tmp_path / "in"
    specials = {p.stem: p for p in special_files(folder)}
    specials[target].rename(folder / "metadata.csv")
    article = write(folder / "article.txt", "An article beside a strange metadata.csv.")
    done = bounded(db, "import", str(article))
    err = done.stderr.decode()
    assert done.returncode == 0 and "(article.txt)" in done.stdout.decode(), err
    assert (
        err
        == f"annotator: note: {folder / 'metadata.csv'} was ignored: it is not a regular file ({'a named pipe' if target == 'pipe' else 'a device'})\n"
    )


METADATA_PROBLEMS = {
    "long field": ("filename,title\narticle.txt," + "T" * 200_000 + "\n", "a field is longer than 131072 characters"),
    "no filename column": ("file,title\narticle.txt,A title\n", "it has no filename column (its columns are: file, title)"),
    "not UTF-8": ("filename,title\narticle.txt,Caf\xe9\n".encode("latin-1"), "it is not UTF-8 text"),
}


@pytest.mark.parametrize("case", sorted(METADATA_PROBLEMS))
def test_metadata_csv_problems_are_said_once(db, tmp_path, case):
    data, reason = METADATA_PROBLEMS[case]
    write(tmp_path / "metadata.csv", data)
    articles = [write(tmp_path / f"article{n}.txt", f"Article number {n} of the batch.") for n in (1, 2)]
    done = bounded(db, "import", *map(str, articles))
    err = done.stderr.decode()
    assert done.returncode == 0 and done.stdout.decode().count("imported") == 2
    assert err.startswith(f"annotator: note: {tmp_path / 'metadata.csv'} was ignored: {reason}"), err
    assert len(err.splitlines()) == 1  # said once for the batch, not once per file


def test_delete_doc_asks_first_and_refuses_without_a_terminal(db, tmp_path):
    annotator(db, "import", "--samples")
    annotator(db, "tag", "2", "--quote", "Azerbaijan", "--nth", "1", "--tag", "claim")
    refused = annotator(db, "delete-doc", "2", check=False)  # no terminal, no --yes
    assert refused.returncode == 1 and b"--yes" in refused.stderr
    assert b"Azerbaijan" in annotator(db, "annotations", "2").stdout
    done = annotator(db, "delete-doc", "2", "--yes")
    assert b"deleted document 2" in done.stdout and b"1 annotation" in done.stdout
    assert annotator(db, "text", "2", check=False).returncode != 0
    listed = annotator(db, "docs").stdout.decode().splitlines()
    assert len(listed) == 4 and not any(line.startswith("2 ") for line in listed)
    missing = annotator(db, "delete-doc", "2", "--yes", check=False)
    assert missing.returncode == 1 and b"no document 2" in missing.stderr
