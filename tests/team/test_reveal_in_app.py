"""The lead reveals a document from the app's File menu; a coder who tries is refused by the server
and told so in one sentence (the real main window, offscreen, connected with each login)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from annotator.ui.launch import build_window


@pytest.fixture
def said(monkeypatch):
    told: list[str] = []

    def record(*args, **_kwargs):
        told.append(" ".join(str(a) for a in args[1:] if isinstance(a, str)))
        return QMessageBox.StandardButton.Yes

    for name in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(record))
    return told


def _window(team, login, qtbot, tmp_path):
    settings = QSettings(str(tmp_path / f"{login}.ini"), QSettings.Format.IniFormat)
    window = build_window(team.url_as(login), None, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.controller.ready, timeout=10_000)
    window.controller.open_document(4)
    return window


def _close(window):
    assert window.controller.tasks.wait_idle()
    window.close()
    window.controller.services.close()


def _reveal_action(window):
    return next(a for a in window.menuBar().actions()[0].menu().actions() if "Reveal" in a.text().replace("&", ""))


def test_the_lead_reveals_from_the_menu_and_a_coder_is_refused(coded, qtbot, tmp_path, said):
    bob = _window(coded, coded.bob, qtbot, tmp_path)
    try:
        assert "Coding as" in bob.libraries.coder.text() and coded.bob in bob.libraries.coder.text()
        assert [a.coder for a in bob.controller.services.annotations.for_document(4)] == [coded.bob]
        _reveal_action(bob).trigger()
        assert len(said) == 1 and "only the lead" in said[0]
    finally:
        _close(bob)
    lead = _window(coded, coded.lead, qtbot, tmp_path)
    try:
        heard = []  # the views learn of the reveal from the one signal, as of every change the window makes
        lead.controller.changed.connect(lambda changes, initiator: heard.append((changes.documents, initiator)))
        _reveal_action(lead).trigger()
        assert len(said) == 1, said
        assert (frozenset({4}), lead.controller) in heard
        assert lead.controller.services.documents.phases([4]) == {4: "revealed"}
    finally:
        _close(lead)
    bob = _window(coded, coded.bob, qtbot, tmp_path)
    try:
        assert sorted(a.coder for a in bob.controller.services.annotations.for_document(4)) == sorted(
            [coded.alice, coded.bob]
        )
    finally:
        _close(bob)


def test_a_reveal_reaches_a_coders_open_reader(coded, qtbot, tmp_path):
    """Bob reads document 4 while it is blind (his passages only); the lead reveals it from another
    program: Bob's open reader and list show Alice's passages too, without reopening. (Found by a
    review: the reveal logs only the document's row, and the window reloaded a document only when
    its text changed, so the others' passages came with the next opening.)"""
    bob = _window(coded, coded.bob, qtbot, tmp_path)
    try:
        reader, pane = bob.workspace.reader, bob.workspace.pane
        qtbot.waitUntil(lambda: pane.model.rowCount() == 1, timeout=10_000)
        assert reader.highlight_count() == 1
        lead = coded.services(coded.lead)
        try:
            lead.documents.reveal([4])
        finally:
            lead.close()
        qtbot.waitUntil(lambda: pane.model.rowCount() == 2 and reader.highlight_count() == 2, timeout=10_000)
    finally:
        _close(bob)
