"""`annotator gold` as a subprocess: accept-agreed takes what every coder marked identically, once;
only the lead; adjudicated sets the phase."""

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
    assert annotator(db, "gold", "adjudicated", "1", user="lea").stdout.decode().strip() == "adjudicated 1"
    agreement = annotator(db, "agreement", "--doc", "1", "--format", "csv").stdout.decode()
    assert "passages_lea" not in agreement  # gold is not a coder
