"""`annotator gold` as a subprocess: accept-agreed takes what every coder marked identically, once;
only the lead; adjudicated sets the phase — of a blind document only when told to reveal it."""

from annotator.services import open_services
from tests.cli.test_agreement_cli import annotator, two_coders


def test_gold_accept_agreed_list_and_adjudicated(db, tmp_path):
    two_coders(db)
    annotator(db, "tag", "1", "--quote", "Armenia", "--nth", "2", "--tag", "claim", user="ann")
    annotator(db, "--annotator", "bob", "tag", "1", "--quote", "Armenia", "--nth", "2", "--tag", "claim")
    refused = annotator(db, "gold", "accept-agreed", user="ann", check=False)
    assert refused.returncode == 1 and "only the lead" in refused.stderr.decode()
    annotator(db, "coders", "add", "Lea", "--lead")
    said = annotator(db, "gold", "accept-agreed", user="lea").stdout.decode()
    assert said.startswith("accepted 1 agreed passage into gold (documents 1)"), said
    assert annotator(db, "gold", "accept-agreed", user="lea").stdout.decode().startswith("accepted 0")
    listed = annotator(db, "gold", "list", "--doc", "1", user="lea").stdout.decode().splitlines()
    assert listed[0].split()[:3] == ["document", "tag", "decision"] and len(listed) == 2
    assert "accepted" in listed[1] and "lea" in listed[1]
    refused = annotator(db, "gold", "adjudicated", "1", user="lea", check=False)  # blind: decision 044
    assert refused.returncode == 1 and "document 1 is still blind" in refused.stderr.decode()
    assert annotator(db, "gold", "adjudicated", "1", "--reveal", user="lea").stdout.decode().strip() == "adjudicated 1"
    agreement = annotator(db, "agreement", "--doc", "1", "--format", "csv").stdout.decode()
    assert "passages_lea" not in agreement  # gold is not a coder


def _phases(db):
    services = open_services(db, backup=False)
    try:
        return services.documents.phases([1, 2, 4])
    finally:
        services.close()


def test_a_blind_document_is_refused_in_one_sentence_saying_how(db):
    """Decision 044: `gold adjudicated` on a blind document used to reveal it to the coders silently."""
    two_coders(db)
    annotator(db, "coders", "add", "Lea", "--lead")
    annotator(db, "reveal", "2")
    refused = annotator(db, "gold", "adjudicated", "2", "4", "1", user="lea", check=False)
    said = refused.stderr.decode()
    assert refused.returncode == 1 and said.count("\n") == 1 and "Traceback" not in said
    assert "documents 1, 4 are still blind" in said
    assert "`annotator reveal 1 4` first, or `annotator gold adjudicated 2 4 1 --reveal`" in said
    assert _phases(db) == {1: "blind", 2: "revealed", 4: "blind"}  # nothing changed, not even document 2
    annotator(db, "reveal", "4", user="lea")
    assert annotator(db, "gold", "adjudicated", "2", "4", user="lea").stdout.decode().strip() == "adjudicated 2, 4"
    assert annotator(db, "gold", "adjudicated", "1", "--reveal", user="lea").stdout.decode().strip() == "adjudicated 1"
    assert _phases(db) == {1: "adjudicated", 2: "adjudicated", 4: "adjudicated"}
