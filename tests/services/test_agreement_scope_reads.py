"""The agreement's read of the tags in scope, asked before the passages stream, finds each tag's
first passage and stops: on PostgreSQL its EXISTS became one semi-join that hashed every
passage–tag pair of the library (2M rows: longer than a part of the agreement's own read, and
before the parts could start; decision 050). Judged by the server's own count of the rows each
plan node read (EXPLAIN ANALYZE), on a real library."""

from __future__ import annotations

import json
import random

import pytest
from sqlalchemy import event

from annotator.services import open_services
from annotator.services.agreement import AgreementOptions, AgreementService

PASSAGES = 150  # per coder and document: 4 × 2 × 150 = 1,200 passage–tag rows


@pytest.fixture
def coded(postgres_server):
    """The samples on a server, coded by ann and bob (claims and framings); cy marked one quote,
    and the lead's gold layer holds the only date."""
    url = postgres_server.database()
    services = open_services(url, backup=False)
    try:
        services.documents.import_samples()
        tags = {t.name: t.id for t in services.codebook.tags()}
        rng = random.Random(5)
        for coder in ("ann", "bob"):
            services.coders.switch(coder)
            for document in (1, 2, 3, 4):
                length = len(services.documents.text(document))
                items = []
                for _ in range(PASSAGES):
                    start = rng.randrange(0, length - 30)
                    items.append((start, start + rng.randrange(1, 30), [tags[rng.choice(("claim", "framing"))]], {}))
                services.annotations.tag_many(document, items)
        services.coders.switch("cy")
        services.annotations.tag_many(2, [(0, 5, [tags["quote"]], {})])
        services.coders.add("Lea", lead=True)
        services.coders.switch("lea")
        services.gold.add(3, "date", 0, 4)
        with services.library.engine.connect() as connection:  # as autovacuum would, in its time
            connection.exec_driver_sql("ANALYZE")
            connection.commit()
        yield services
    finally:
        services.close()
        postgres_server.drop(url)


def _rows_read(connection, statement: str, parameters) -> int:
    """Rows the plan's scans read (each node's actual rows × loops), by the server's count."""
    (plan,) = connection.exec_driver_sql("EXPLAIN (ANALYZE, FORMAT JSON) " + statement, parameters).one()
    plan = plan if isinstance(plan, list) else json.loads(plan)
    found, stack = 0, [plan[0]["Plan"]]
    while stack:
        node = stack.pop()
        if "Scan" in node["Node Type"]:
            found += node["Actual Rows"] * node["Actual Loops"]
        stack.extend(node.get("Plans", ()))
    return found


@pytest.mark.parametrize("coders", [(), ("ann", "bob")])
def test_the_tags_in_scope_of_the_whole_library_are_read_without_every_passage(coded, coders):
    library = coded.library
    ran: list[tuple[str, object]] = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("SELECT tags.name") and "annotation_tags" in statement:
            ran.append((statement, parameters))

    event.listen(library.engine, "before_cursor_execute", seen)
    try:
        report = AgreementService(library).compute(AgreementOptions(coders=coders))
    finally:
        event.remove(library.engine, "before_cursor_execute", seen)
    # The tags in scope: the coders' layers only (gold's date is not one), cy's quote only when cy counts.
    assert [row.tag for row in report.rows if row.document is None] == (
        ["claim", "framing", "quote", None] if not coders else ["claim", "framing", None]
    )
    assert len(ran) == 1
    with library.engine.connect() as connection:
        assert _rows_read(connection, *ran[0]) < PASSAGES  # of about 1,200 passages


def test_the_passages_read_runs_without_jit_here_and_in_a_worker(coded):
    """A part's read costs PostgreSQL enough to compile it with LLVM before its first row, for
    nothing (decision 050): JIT is off for that transaction, in this process and in a worker's."""
    from sqlalchemy import text

    from annotator.storage import agreement_query, part_rows

    library = coded.library
    with library.reading() as session:
        assert session.execute(text("SHOW jit")).scalar() == "on"  # the server's default
        rows = agreement_query.unit_rows(session, [], [])
        assert len(next(rows)) > 0
        assert session.execute(text("SHOW jit")).scalar() == "off"
        rows.close()
    target = part_rows.target(library)
    sql = "SELECT current_setting('jit')"
    assert [row for chunk in part_rows.batches(target, sql, {}) for row in chunk] == [("on",)]
    worker = part_rows.batches(target, sql, {}, settings=agreement_query.SERVER_SETTINGS)
    assert [row for chunk in worker for row in chunk] == [("off",)]
