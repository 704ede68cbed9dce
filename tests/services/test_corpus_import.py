"""Importing a corpus file through the service: batches, cancel, variables, on both backends."""

import json

from annotator.services.corpus import import_corpus


def jsonl(path, count, start=0):
    path.write_text(
        "\n".join(
            json.dumps({"text": f"Article {n}: a text of its own.", "desk": f"d{n % 3}"})
            for n in range(start, start + count)
        ),
        encoding="utf-8",
    )
    return path


def test_cancel_stops_between_rows_and_what_was_stored_stays(services, tmp_path):
    path = jsonl(tmp_path / "many.jsonl", 1500)
    seen = []

    def progress(rows, fraction):
        seen.append((rows, fraction))
        return rows < 700  # the user presses Cancel at row 700

    result = import_corpus(services.documents, path, progress=progress)
    assert result.cancelled
    # reading stops at Cancel; the rows read until then are stored (one batch of 500, then the 200 read since)
    assert len(result.imported) == 700 == len(services.documents.list()) == len(result.outcomes)
    assert 0 < seen[0][1] < seen[-1][1] < 1


def test_a_corpus_is_stored_in_batches_with_its_variables(services, tmp_path):
    path = jsonl(tmp_path / "c.jsonl", 1200)
    result = import_corpus(services.documents, path)
    assert len(result.imported) == 1200 and not result.cancelled
    assert result.outcomes[0].notes == (f"{path}: new document variable desk (text) from its columns",)
    docs = services.documents.list()
    assert docs[-1].filename == "c.jsonl row 1200" and docs[-1].title == "Article 1199: a text of its own."
    values = services.variables.values([docs[0].id, docs[-1].id])
    assert values[docs[0].id] == {"desk": "d0"} and values[docs[-1].id] == {"desk": "d2"}
    again = import_corpus(services.documents, jsonl(tmp_path / "d.jsonl", 10, start=1195))
    assert [o.duplicate_of is not None for o in again.outcomes] == [True] * 5 + [False] * 5


def test_a_metadata_csv_given_with_its_files_is_said_to_be_no_corpus(services, tmp_path):
    path = tmp_path / "metadata.csv"
    path.write_text("filename,title\na.txt,A\n", encoding="utf-8")
    result = import_corpus(services.documents, path)
    assert result.problem == "is the metadata of the files beside it (read when they are imported), not a corpus of articles"


def test_a_row_json_cannot_read_is_that_rows_problem_not_a_traceback(services, tmp_path):
    """json.loads raises a plain ValueError for an integer of over 4,300 digits and RecursionError
    for deep nesting: each is that row's problem, and the rows around it are imported."""
    path = tmp_path / "hostile.jsonl"
    lines = [
        '{"text": "A first article about talks."}',
        '{"text": "An article about numbers.", "n": ' + "1" * 5000 + "}",
        '{"text": "x", "v": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"text": "A last article about talks."}',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = import_corpus(services.documents, path)
    assert [o.failed for o in result.outcomes] == [False, True, True, False]
    assert len(services.documents.list()) == 2
