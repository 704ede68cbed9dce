"""The agreement's read of a range of documents on a server walks the passages and their tags in
step (a merge join over revision 0017's (document, annotation id) indexes) instead of probing
`pk_annotation_tags` once per passage, ~1 s of the server's CPU per million rows (decision 059);
and it gives exactly the rows of the plain join (passage, its tags), a link's copy of its
document never standing in for its passage's."""

from __future__ import annotations

import json
import random
from collections import Counter

import pytest

from annotator.services import open_services
from annotator.storage import agreement_query

PASSAGES = 150  # per coder and document


@pytest.fixture
def coded(postgres_server):
    """The samples on a server, coded by ann and bob (one or two tags a passage, some field values),
    and the lead's gold layer with a date."""
    url = postgres_server.database()
    services = open_services(url, backup=False)
    try:
        services.documents.import_samples()
        tags = {t.name: t.id for t in services.codebook.tags()}
        rng = random.Random(7)
        for coder in ("ann", "bob"):
            services.coders.switch(coder)
            for document in (1, 2, 3, 4):
                length = len(services.documents.text(document))
                items = []
                for _ in range(PASSAGES):
                    start = rng.randrange(0, length - 30)
                    chosen = rng.sample(["claim", "framing", "quote"], rng.choice((1, 1, 2)))
                    items.append((start, start + rng.randrange(1, 30), [tags[t] for t in chosen], {}))
                services.annotations.tag_many(document, items)
        services.coders.add("Lea", lead=True)
        services.coders.switch("lea")
        services.gold.add(3, "date", 0, 4)
        with services.library.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")  # as autovacuum would, in its time
        yield services
    finally:
        services.close()
        postgres_server.drop(url)


def _nodes(plan):
    stack = [plan[0]["Plan"]]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(node.get("Plans", ()))


PLAIN = (
    "SELECT a.document_id, a.coder_id, t.tag_id, a.start_offset, a.end_offset, a.fields FROM annotations a "
    "JOIN annotation_tags t ON t.annotation_id = a.id WHERE a.layer = 'coder' AND a.document_id BETWEEN 2 AND 3"
)


def test_a_parts_read_is_a_merge_join_with_the_plain_joins_rows(coded):
    library = coded.library
    with library.reading() as session:
        sql, parameters = agreement_query.unit_rows_sql(session, [], [], 2, 3)
        connection = session.connection()
        connection.exec_driver_sql("SET LOCAL jit = off")
        # The plan of the cursor the read declares (a cursor's plan favours its first rows).
        (plan,) = connection.exec_driver_sql("EXPLAIN (FORMAT JSON) DECLARE c CURSOR FOR " + sql, parameters).one()
        plan = plan if isinstance(plan, list) else json.loads(plan)
        kinds = [node["Node Type"] for node in _nodes(plan)]
        assert kinds[0] == "Merge Join", kinds
        assert "Sort" not in kinds and "Nested Loop" not in kinds and "Hash Join" not in kinds
        scanned = {node.get("Relation Name"): node.get("Index Name") for node in _nodes(plan) if "Scan" in node["Node Type"]}
        assert scanned == {
            "annotations": "ix_annotations_document_id",
            "annotation_tags": "ix_annotation_tags_document",
        }
        # Each side reads the range only (the planner carries equalities across a join, not ranges).
        conditions = {
            node.get("Relation Name"): node.get("Index Cond", "") for node in _nodes(plan) if "Scan" in node["Node Type"]
        }
        assert all("document_id >= 2" in c and "document_id <= 3" in c for c in conditions.values()), conditions
        rows = [row for chunk in agreement_query.unit_rows(session, [], [], 2, 3) for row in chunk]
        plain = connection.exec_driver_sql(PLAIN).all()
    assert Counter(rows) == Counter(tuple(row) for row in plain)
    assert len(rows) > 2 * 2 * PASSAGES  # two documents, two coders, some passages with two tags
    documents = [row[0] for row in rows]
    assert documents == sorted(documents)  # document by document, as the sums need


def test_the_documents_chosen_are_one_parameter_each(coded):
    """libpq takes at most 65,535 parameters: the chosen documents are said once, not on both sides
    of the join (the range is said on both: a planner carries equalities across a join, not ranges)."""
    chosen = list(range(1, 40_001))
    with coded.library.reading() as session:
        _sql, parameters = agreement_query.unit_rows_sql(session, chosen, [], 1, 40_000)
    assert len(parameters) <= len(chosen) + 8  # besides the ids: the layer and the ranges
