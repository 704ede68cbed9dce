"""Document variables and memos on a team library (issue 14): every coder reads them, only the
lead changes them — enforced by PostgreSQL's grants (revision 0010), checked through the services,
the command line and raw psycopg with a coder's own login."""

from __future__ import annotations

import psycopg
import pytest

from annotator.services import LibraryError


def test_the_lead_sets_variables_and_memos_and_a_coder_reads_but_cannot_change_them(team):
    lead = team.services(team.lead)
    try:
        lead.variables.define("stance", "choice", "critical|neutral|supportive")
        lead.variables.set_values([1, 2], {"stance": "neutral"})
        lead.variables.set_memo(2, "the lead's memo")
    finally:
        lead.close()
    bob = team.services(team.bob)
    try:
        assert bob.variables.values([1, 2]) == {
            1: {"notes": bob.variables.values()[1]["notes"], "stance": "neutral"},
            2: {"notes": bob.variables.values()[2]["notes"], "stance": "neutral"},
        }
        assert bob.variables.memo(2).text == "the lead's memo"
        with pytest.raises(LibraryError, match="only the lead changes document variables"):
            bob.variables.set_values([1], {"stance": "critical"})
        with pytest.raises(LibraryError, match="only the lead changes the document variables"):
            bob.variables.define("bobs_own")
        with pytest.raises(LibraryError, match="only the lead changes memos"):
            bob.variables.set_memo(2, "bob was here")
        assert bob.variables.values([1])[1]["stance"] == "neutral"
        assert bob.variables.memo(2).text == "the lead's memo"
    finally:
        bob.close()
    refused = team.cli(team.alice, "vars", "set", "stance=critical", "--doc", "1", check=False)
    assert refused.returncode == 1 and "only the lead" in refused.stderr
    with team.raw(team.alice) as raw:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            raw.execute("UPDATE document_values SET value = 'critical'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            raw.execute("DELETE FROM document_memos")
        assert raw.execute("SELECT count(*) FROM document_values WHERE value = 'neutral'").fetchone() == (2,)
