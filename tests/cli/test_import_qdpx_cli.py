"""`annotator import-qdpx` as a user runs it: a project exported by one library, imported into
another as a subprocess; a file that is not a project refused in one line, nothing changed."""

from tests.cli.test_cli import annotator


def test_import_qdpx_from_the_command_line(db, new_location, tmp_path):
    annotator(db, "import", "--samples")
    annotator(db, "tag", "4", "--quote", "anti-terrorist operation", "--nth", "1", "--tag", "claim", "--note", "two\nlines")
    project = tmp_path / "project.qdpx"
    annotator(db, "export", "--format", "qdpx", "--out", str(project))
    other = new_location()
    done = annotator(other, "import-qdpx", str(project)).stdout.decode("utf-8").splitlines()
    assert done[0] == f"imported {project}"
    # every sample is a source, tagged or not; they carry a variable (metadata.csv's notes column)
    assert done[1] == "added: 1 coder, 4 documents, 1 variable, 4 variable values, 1 annotation"
    rows = annotator(other, "export", "--format", "jsonl").stdout.decode("utf-8")
    assert '"text":"anti-terrorist operation"' in rows and '"note":"two\\nlines"' in rows

    bad = tmp_path / "notes.qdpx"
    bad.write_text("not a project", encoding="utf-8")
    refused = annotator(other, "import-qdpx", str(bad), check=False)
    assert refused.returncode != 0
    assert f"{bad}: is not a REFI-QDA project: not a zip file" in refused.stderr.decode("utf-8")
    assert annotator(other, "export", "--format", "jsonl").stdout.decode("utf-8") == rows


def test_codebook_export_and_import_from_the_command_line(db, new_location, tmp_path):
    from lxml import etree  # a test dependency: never skipped

    from tests.services.test_qdc import SCHEMAS

    annotator(db, "tags")  # the library, made with its codebook
    out = tmp_path / "codebook.qdc"
    done = annotator(db, "codebook", "export", str(out))
    assert done.stderr.decode("utf-8").strip() == f"wrote 5 codes to {out}"
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "Codebook-mrt2019.xsd")))
    assert schema.validate(etree.parse(str(out)))
    assert annotator(db, "codebook", "export", "-").stdout == out.read_bytes()
    lines = annotator(new_location(), "codebook", "import", str(out)).stdout.decode("utf-8").splitlines()
    assert lines == [f"imported {out}", "added: nothing", "already here: 5 tags"]
