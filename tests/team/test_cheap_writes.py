"""A coder's bulk writes pay row security once per statement, not once per row (decision 054).

Every statement a coder's login runs on annotations or their links evaluates the policies' init
plans (`annotator_me()`, `annotator_active()`: each a planned SQL function with its own search
path). psycopg's executemany runs one statement per row, so a coder's merge of 20,000 passages
ran them ~150,000 times (2.3× the superuser's merge). Counted on the server: statement-level
triggers added by the superuser count the INSERT statements the merge's rows arrive in."""

from __future__ import annotations

from annotator.services import open_services
from tests.team.test_round_trips import _log_size, _logging, _sent_since

PASSAGES = 600

COUNTING = (
    "CREATE TABLE statements_seen (tbl text)",
    """CREATE FUNCTION count_statement() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
       BEGIN INSERT INTO statements_seen VALUES (TG_TABLE_NAME); RETURN NULL; END $$""",
    "CREATE TRIGGER count_a AFTER INSERT ON annotations FOR EACH STATEMENT EXECUTE FUNCTION count_statement()",
    "CREATE TRIGGER count_t AFTER INSERT ON annotation_tags FOR EACH STATEMENT EXECUTE FUNCTION count_statement()",
)


def _offline(path, login: str) -> str:
    """A file coded offline by `login`: PASSAGES passages of document 4, one tag each."""
    services = open_services(str(path), annotator=login, backup=False)
    try:
        services.documents.import_samples()
        tag = services.codebook.tags()[0].id
        services.annotations.text(4)
        services.annotations.tag_many(4, [(i, i + 4, [tag], {}) for i in range(PASSAGES)])
    finally:
        services.close()
    return str(path)


def test_a_coders_merge_inserts_many_rows_per_statement(team, tmp_path):
    other = _offline(tmp_path / "offline.sqlite3", team.alice)
    with team.raw("postgres") as admin:
        for statement in COUNTING:
            admin.execute(statement)
    done = team.cli(team.alice, "merge", other)
    assert "Traceback" not in done.stderr
    with team.raw("postgres") as admin:
        counted = dict(admin.execute("SELECT tbl, count(*) FROM statements_seen GROUP BY tbl").fetchall())
        merged = admin.execute("SELECT count(*) FROM annotations a JOIN coders c ON c.id = a.coder_id").fetchone()[0]
        owners = admin.execute(  # the links' trigger-kept copies (0014) are right in a multi-row insert too
            "SELECT count(*) FROM annotation_tags t JOIN annotations a ON a.id = t.annotation_id "
            "WHERE t.document_id = a.document_id AND t.coder_id = a.coder_id"
        ).fetchone()[0]
    assert merged == PASSAGES and owners == PASSAGES
    assert counted == {"annotations": 1, "annotation_tags": 1}, f"INSERT statements per table: {counted}"
    with team.raw(team.alice) as alice:  # hers, as a tag in the app would have made them
        assert alice.execute("SELECT count(*) FROM annotations").fetchone()[0] == PASSAGES


def test_a_coders_tag_reads_the_coder_once(team):
    """The tag's transaction reads who writes once (046's check), not again for the new row.
    Counted where the statements arrive (the server's log): the tag key reads its coder in its
    first statement, on the DB-API cursor (decision 060)."""
    _logging(team, team.alice)
    services = team.services(team.alice)
    try:
        tag = services.codebook.tags()[0].id
        services.annotations.text(4)
        mark = _log_size(team)
        made = services.annotations.tag_or_toggle(4, 0, 10, tag)
        sent = _sent_since(team, mark)
    finally:
        services.close()
    assert made.created and made.annotation.coder == team.alice
    assert sum("coders" in s and not s.startswith("INSERT") for s in sent) == 1, sent
