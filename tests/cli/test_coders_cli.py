"""`annotator coders` and the coder in `annotations` and `export`, as a subprocess on a real library."""

import csv
import io
import os
import subprocess
import sys
import uuid


def annotator(db, *args, user="cli-tester", check=True):
    env = {**os.environ, "ANNOTATOR_USER": user}
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(db), *args], capture_output=True, env=env, timeout=120
    )
    if check and done.returncode != 0:
        raise AssertionError(done.stderr.decode())
    return done


def test_coders_add_and_list(location):
    db = location
    annotator(db, "import", "--samples")
    added = annotator(db, "coders", "add", "Ann Lee", "--lead").stdout.decode()
    assert added.strip() == "added coder ann_lee (Ann Lee), lead"
    hostile = "O'Brien; DROP TABLE coders --"
    annotator(db, "coders", "add", "bob", "--display", hostile)
    listed = annotator(db, "coders", "list", user="ann_lee").stdout.decode().splitlines()
    assert listed[0].split() == ["me", "id", "login", "name", "role", "active", "since"]
    assert listed[1].split()[:4] == ["*", "1", "ann_lee", "Ann"] and " lead " in listed[1]
    assert "bob" in listed[2] and hostile in listed[2]
    again = annotator(db, "coders", "add", "ann lee", check=False)  # the same login
    assert again.returncode != 0 and "already" in again.stderr.decode() and "Traceback" not in again.stderr.decode()


def test_two_coders_on_one_passage_each_have_theirs_in_annotations_and_export(location):
    db = location
    annotator(db, "import", "--samples")
    annotator(db, "--annotator", "Ann Lee", "tag", "4", "--quote", "Armenia and Azerbaijan", "--tag", "claim")
    annotator(db, "tag", "4", "--quote", "Armenia and Azerbaijan", "--tag", "claim", user="bob")
    lines = annotator(db, "annotations", "4").stdout.decode().splitlines()
    assert lines[0].split()[-1] == "coder"
    assert [line.split()[-1] for line in lines[1:]] == ["ann_lee", "bob"]
    rows = list(csv.DictReader(io.StringIO(annotator(db, "export").stdout.decode())))
    assert [(r["annotator"], r["coder"]) for r in rows] == [("Ann Lee", "ann_lee"), ("bob", "bob")]
    assert len({r["annotation_uuid"] for r in rows}) == 2 and all(len(r["annotation_uuid"]) == 36 for r in rows)
    # the existing columns keep their names and places; the new ones come after them
    header = next(csv.reader(io.StringIO(annotator(db, "export").stdout.decode())))
    assert header[:15] == [
        "annotation_id",
        "document_id",
        "document_title",
        "source",
        "published",
        "tag",
        "text",
        "start",
        "end",
        "note",
        "annotator",
        "created_at",
        "updated_at",
        "prefix",
        "suffix",
    ]
    assert header[15:17] == ["coder", "annotation_uuid"]
    listed = annotator(db, "coders", "list").stdout.decode()
    assert "ann_lee" in listed and "bob" in listed and "cli-tester" not in listed  # reading made nobody


def test_a_lead_makes_a_coder_inactive_and_active_again(location):
    """`coders deactivate` / `activate` (decision 046): an inactive coder writes nothing (a
    sentence, no traceback), their passages stay in the export; only a lead does it on a file
    (on a server, the administrator's connection this test runs as)."""
    db = location
    bob = f"bob_{uuid.uuid4().hex[:8]}"  # on a server a login role's name is the cluster's
    server = str(db).startswith("postgresql")
    annotator(db, "import", "--samples")
    annotator(db, "coders", "add", "Lea", "--lead")
    annotator(db, "tag", "4", "--quote", "Armenia and Azerbaijan", "--tag", "claim", user=bob)
    if not server:  # a file: only a lead; on a server the administrator runs it
        refused = annotator(db, "coders", "deactivate", bob, user=bob, check=False)
        assert refused.returncode == 1 and "only a lead" in refused.stderr.decode()
        assert "Traceback" not in refused.stderr.decode()
        itself = annotator(db, "coders", "deactivate", "lea", user="lea", check=False)
        assert itself.returncode == 1 and "themselves" in itself.stderr.decode()
    said = annotator(db, "coders", "deactivate", bob, user="lea").stdout.decode()
    assert said.strip() == f"{bob} ({bob}) is inactive; their annotations stay (agreement, exports)"
    listed = [line.split() for line in annotator(db, "coders", "list", user="lea").stdout.decode().splitlines()]
    assert [row[row.index(bob) + 3] for row in listed if bob in row] == ["no"]  # login, name, role, active
    tagged = annotator(db, "tag", "4", "--quote", "anti-terrorist operation", "--tag", "claim", user=bob, check=False)
    assert tagged.returncode == 1 and "inactive" in tagged.stderr.decode() and "Traceback" not in tagged.stderr.decode()
    rows = list(csv.DictReader(io.StringIO(annotator(db, "export", user="lea").stdout.decode())))
    assert [r["coder"] for r in rows] == [bob]  # their work stays
    assert "already" in annotator(db, "coders", "deactivate", bob, user="lea").stdout.decode()
    assert "is active" in annotator(db, "coders", "activate", bob, user="lea").stdout.decode()
    annotator(db, "tag", "4", "--quote", "anti-terrorist operation", "--tag", "claim", user=bob)
    missing = annotator(db, "coders", "deactivate", "nobody", user="lea", check=False)
    assert missing.returncode == 1 and "no coder 'nobody'" in missing.stderr.decode()


def test_an_inactive_coder_deletes_imports_and_reveals_nothing_and_an_inactive_lead_decides_nothing(location, tmp_path):
    """Found by review: an inactive coder's tag was refused, but `delete-doc` took the document and
    everyone's passages with it, `import` and `reveal` went through, and an inactive lead could make
    themselves active again. Every write of the library's shared rows is refused now (decision 046)."""
    db = location
    bob = f"bob_{uuid.uuid4().hex[:8]}"
    server = str(db).startswith("postgresql")
    annotator(db, "import", "--samples")
    annotator(db, "coders", "add", "Lea", "--lead")
    annotator(db, "coders", "add", "Max", "--lead")
    annotator(db, "tag", "1", "--quote", "Hundreds", "--tag", "claim", user="lea")
    annotator(db, "tag", "4", "--quote", "Armenia and Azerbaijan", "--tag", "claim", user=bob)
    annotator(db, "coders", "deactivate", bob, user="lea")
    article = tmp_path / "new.txt"
    article.write_text("A new article.", encoding="utf-8")
    for args in (("delete-doc", "1", "--yes"), ("import", str(article)), ("reveal", "1")):
        done = annotator(db, *args, user=bob, check=False)
        said = done.stderr.decode()
        assert done.returncode == 1 and "inactive" in said and "Traceback" not in said, (args, said)
    assert len(annotator(db, "docs", user="lea").stdout.decode().strip().splitlines()) == 1 + 4  # header + 4
    assert "Hundreds" in annotator(db, "annotations", "1", user="lea").stdout.decode()
    if not server:  # on a server the administrator's connection makes coders (in)active, not a lead
        annotator(db, "coders", "deactivate", "lea", user="max")
        for args in (("coders", "activate", "lea"), ("coders", "deactivate", "max")):
            done = annotator(db, *args, user="lea", check=False)
            assert done.returncode == 1 and "inactive" in done.stderr.decode(), (args, done.stderr)
