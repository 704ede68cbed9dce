"""Two programs start as the same new coder at the same moment: both look the login up, find
nothing, and insert it. The second insert meets the first's row (on a server its statement fails
and would end the whole write). The row another program has just made is this coder too: the
write goes on with it. The race itself is timing-bound (tests/reliability/test_concurrency.py meets
it about one run in three); here the second program's insert is made to come after the first's."""

from __future__ import annotations

from annotator.domain.coders import Role
from annotator.services import open_services
from annotator.storage import coders as repo


def test_a_login_another_program_has_just_taken_gives_none_and_the_write_goes_on(loaded):
    other = open_services(loaded.library.url, annotator="Nia", backup=False)
    try:
        other.annotations.tag_quote(1, "Azerbaijani soldiers", ["claim"])  # the other program's first write makes coder nia
    finally:
        other.close()
    with loaded.library.writing() as session:
        assert repo.add_unless_taken(session, "nia", "Nia", Role.CODER, "2026-01-01T00:00:00.000Z") is None
        made = repo.add_unless_taken(session, "oda", "Oda", Role.CODER, "2026-01-01T00:00:00.000Z")
        assert made is not None and repo.by_login(session, "oda") == made  # the transaction still writes
    logins = [c.login for c in loaded.coders.list()]
    assert logins.count("nia") == 1 and "oda" in logins
