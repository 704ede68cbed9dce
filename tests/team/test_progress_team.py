"""Per-coder progress on a team library: the lead sees every coder's status of every document, a
coder only their own (blind coding: row security on document_status agrees), through the services,
the command line as each login, and live in the lead's open window (the change log)."""

from __future__ import annotations

import csv
import io

import pytest
from PySide6.QtCore import QSettings

from annotator.domain.models import Status
from annotator.ui.launch import build_window


@pytest.fixture
def statused(coded):
    """Alice is done with document 4, Bob is in progress on it and done with document 1."""
    for login, pairs in ((coded.alice, [(4, Status.DONE)]), (coded.bob, [(4, Status.IN_PROGRESS), (1, Status.DONE)])):
        services = coded.services(login)
        try:
            for document_id, status in pairs:
                services.documents.set_status(document_id, status)
        finally:
            services.close()
    return coded


def _csv(team, login):
    done = team.cli(login, "progress", "--format", "csv")
    return list(csv.DictReader(io.StringIO(done.stdout))), done.stderr


def test_the_lead_sees_everyones_progress_a_coder_only_their_own(statused):
    team = statused
    lead = team.services(team.lead)
    try:
        progress = lead.progress.progress()
        assert progress.everyone
        logins = [c.login for c in progress.coders]
        assert {team.alice, team.bob, team.lead} <= set(logins)
        alice, bob = (next(c.id for c in progress.coders if c.login == who) for who in (team.alice, team.bob))
        assert progress.status(4, alice) is Status.DONE and progress.status(4, bob) is Status.IN_PROGRESS
        assert progress.status(1, bob) is Status.DONE and progress.status(1, alice) is Status.NEW
    finally:
        lead.close()
    bob = team.services(team.bob)
    try:
        progress = bob.progress.progress()
        assert not progress.everyone and [c.login for c in progress.coders] == [team.bob]
        assert {k: v.value for k, v in progress.statuses.items()} == {
            (4, progress.coders[0].id): "in progress",
            (1, progress.coders[0].id): "done",
        }
    finally:
        bob.close()
    rows, said = _csv(team, team.bob)
    assert list(rows[0]) == ["id", "title", team.bob, "done"] and "only your own" in said
    assert {r["id"]: r[team.bob] for r in rows}["4"] == "in progress"
    rows, said = _csv(team, team.lead)
    assert {team.alice, team.bob} <= set(rows[0]) and said == ""
    four = {r["id"]: r for r in rows}["4"]
    assert (four[team.alice], four[team.bob]) == ("done", "in progress")


def test_another_coders_status_reaches_the_leads_open_progress_window(statused, qtbot, tmp_path):
    team = statused
    settings = QSettings(str(tmp_path / "lead.ini"), QSettings.Format.IniFormat)
    window = build_window(team.url_as(team.lead), None, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.controller.ready, timeout=10_000)
    try:
        (action,) = [a for a in window.menuBar().actions()[2].menu().actions() if "progress" in a.text()]
        action.trigger()
        model = window.progress.model
        qtbot.waitUntil(lambda: model.row_of(3) is not None, timeout=10_000)
        assert model.status_text(model.row_of(3), team.alice).endswith("new")
        alice = team.services(team.alice)
        try:
            alice.documents.set_status(3, Status.DONE)  # another coder's app
        finally:
            alice.close()
        qtbot.waitUntil(lambda: model.status_text(model.row_of(3), team.alice).endswith("done"), timeout=5_000)
        assert model.data(model.index(model.row_of(4), 1)).startswith("1/")  # alice done, bob not yet
    finally:
        assert window.controller.tasks.wait_idle()
        window.close()
        window.controller.services.close()
