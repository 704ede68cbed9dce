"""Merging a file coded offline by several coders into a team library (issue 12, decision 046):
the lead's login brings every coder's layer and the gold decisions; a coder's login brings only
their own layer and is told what was skipped. Real logins, the command line as a subprocess."""

from __future__ import annotations

from annotator.services import open_services


def _offline(path, team, *, curator=""):
    """A file coded offline by Alice and Bob (each one passage of document 4: the coders are the
    team's logins), with `curator`'s gold passage on it (a lead of the file, not of the team)."""
    for login, quote_ in ((team.alice, "victory in Karabakh"), (team.bob, "anti-terrorist operation")):
        services = open_services(str(path), annotator=login, backup=False)
        try:
            if not services.documents.list():
                services.documents.import_samples()
            services.annotations.tag_quote(4, quote_, ["framing"], nth=1, note=f"offline by {login}")
        finally:
            services.close()
    if curator:
        services = open_services(str(path), annotator=team.alice, backup=False)
        try:
            services.coders.add(curator, lead=True)
            services.coders.switch(curator)
            text = services.annotations.text(4)
            services.gold.add(4, "framing", text.index("Karabakh War"), text.index("Karabakh War") + 12)
        finally:
            services.close()
    return str(path)


def _layers(team):
    with team.raw(team.lead) as raw:  # the lead sees every row
        return sorted(
            raw.execute(
                "SELECT c.login, a.quote FROM annotations a JOIN coders c ON c.id = a.coder_id ORDER BY 1, 2"
            ).fetchall()
        )


def test_the_lead_merges_every_coders_layer_and_the_gold_into_the_team_library(team, tmp_path):
    lea = f"lea_{team.lead.removeprefix('lead_')}"
    other = _offline(tmp_path / "offline.sqlite3", team, curator=lea)
    done = team.cli(team.lead, "merge", other, check=False)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert _layers(team) == sorted(
        [(team.alice, "victory in Karabakh"), (team.bob, "anti-terrorist operation"), (lea, "Karabakh War")]
    )
    with team.raw(team.lead) as raw:  # her decision came, under her (a coder here: a merge makes no leads)
        assert raw.execute(
            "SELECT g.decision, c.login, c.role FROM gold_decisions g JOIN coders c ON c.id = g.curator_id"
        ).fetchall() == [("added", lea, "coder")]
    with team.raw(team.alice) as raw:  # blind still: Alice sees only her own row
        assert raw.execute("SELECT quote FROM annotations").fetchall() == [("victory in Karabakh",)]
    again = team.cli(team.lead, "merge", other)  # idempotent as before
    assert "added: nothing" in again.stdout


def test_a_coder_merging_brings_only_their_own_layer_and_is_told_what_was_skipped(team, tmp_path):
    other = _offline(tmp_path / "offline.sqlite3", team, curator=f"lea_{team.lead.removeprefix('lead_')}")
    done = team.cli(team.alice, "merge", other, check=False)
    assert done.returncode == 0, done.stderr
    assert _layers(team) == [(team.alice, "victory in Karabakh")]
    said = done.stdout
    assert "skipped" in said and f"1 annotations of {team.bob}" in said  # Bob's passage: not hers to bring
    assert "1 gold decision" in said and "Traceback" not in done.stderr
    with team.raw(team.bob) as raw:
        assert raw.execute("SELECT count(*) FROM annotations").fetchone()[0] == 0
