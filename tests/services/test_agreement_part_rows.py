"""The agreement's passages read on a server comes in PostgreSQL's binary format (decision 056):
the same Python values as the text format gives, field values with quotes, backslashes and
characters beyond the BMP included — in this process (storage.raw) and in a worker (part_rows)."""

from __future__ import annotations

import json

import psycopg
import pytest

from annotator.services import open_services
from annotator.storage import agreement_query, part_rows

QUALIFIER = "about \"12\" \\ émigrés 𝐀 👩🏽‍⚕️ 'quoted' \\u00e9"


@pytest.fixture
def coded(postgres_server):
    """Two coders on the first sample: claims, and casualty figures with every kind of field value."""
    url = postgres_server.database()
    services = open_services(url, backup=False)
    try:
        services.documents.import_samples()
        tags = {t.name: t.id for t in services.codebook.tags()}
        fields = {"count_min": "12", "qualifier": QUALIFIER, "kind": "killed"}
        for n, coder in enumerate(("ann", "bob")):
            services.coders.switch(coder)
            items = [(10 + n, 30, [tags["casualty figure"]], fields), (40, 60 + n, [tags["claim"]], {})]
            items.append((5, 9, [tags["casualty figure"], tags["claim"]], {"qualifier": "ß" * n}))
            services.annotations.tag_many(1, items)
        yield services
    finally:
        services.close()
        postgres_server.drop(url)


def test_the_binary_rows_equal_the_text_rows_here_and_in_a_worker(coded):
    library = coded.library
    with library.reading() as session:
        here = [row for chunk in agreement_query.unit_rows(session, [], []) for row in chunk]
        sql, params = agreement_query.unit_rows_sql(session, [], [], 1, 4)
    worker = [row for chunk in part_rows.batches(part_rows.target(library), sql, params) for row in chunk]
    with psycopg.connect(**part_rows.target(library)["postgresql"]) as connection:  # the text format
        as_text = [tuple(row) for row in connection.execute(sql, params)]
    assert len(as_text) == 8
    assert sorted(here) == sorted(worker) == sorted(as_text)
    assert all(type(v) is int for row in worker for v in row[:5]) and all(type(row[5]) is str for row in worker)
    assert sorted(json.loads(row[5])["qualifier"] for row in worker if row[5]) == [QUALIFIER, QUALIFIER, "ß", "ß"]
