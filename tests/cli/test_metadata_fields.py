"""A document's metadata fields are declared once (domain.models.META_FIELDS): the import's
overrides on the command line, metadata.csv, the stored columns and the details all follow it."""

import dataclasses

from annotator.domain.models import META_FIELDS, DocumentMeta
from annotator.services import open_services
from tests.cli.test_cli import annotator
from tests.conftest import write


def test_every_metadata_field_can_be_given_on_import(db, tmp_path):
    article = write(tmp_path / "a.txt", "Some words of an article.\n")
    values = {
        "title": "A title",
        "source": "Trend",
        "published": "2023-09-19",
        "dateline": "BAKU",
        "url": "https://example.org/a",
        "language": "en",
    }
    assert set(values) == {f.name for f in META_FIELDS}
    annotator(db, "import", str(article), *[arg for name, value in values.items() for arg in (f"--{name}", value)])
    services = open_services(str(db), backup=False)
    try:
        (document,) = services.documents.list()
        assert dataclasses.asdict(document.meta) == values
    finally:
        services.close()


def test_the_declaration_is_the_record_and_the_columns(tmp_path):
    from annotator.services.sidecar import COLUMNS
    from annotator.storage.schema import DocumentRow

    assert tuple(f.name for f in dataclasses.fields(DocumentMeta)) == tuple(f.name for f in META_FIELDS)
    assert ("filename", *(f.name for f in META_FIELDS)) == COLUMNS
    for field in META_FIELDS:
        column = DocumentRow.__table__.c[field.name]
        assert column.type.length == field.max_length, field.name
