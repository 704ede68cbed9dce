"""Team coding in the window (issue 12, decision 046): File → Switch coder… does not offer an
inactive coder (nor takes one typed); File → Merge from a team server… takes a typed URL and a
password in a field of its own, runs the same merge service, and shows the password nowhere."""

import uuid

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QInputDialog

from annotator.services import open_services
from annotator.ui.dialogs.server_dialog import ServerDialog
from tests.ui.conftest import open_doc, rows


def test_an_inactive_coder_is_not_offered_in_switch_coder(window, location, monkeypatch, no_blocking_dialogs):
    services = window.controller.services
    services.coders.add("Lea", lead=True)
    bob = f"bob_{uuid.uuid4().hex[:8]}"  # on a server a login role's name is the cluster's
    services.coders.add(bob)
    lead = open_services(location, annotator="lea", backup=False)
    try:
        lead.coders.set_active(bob, False)
    finally:
        lead.close()
    offered = []

    def pick(*args, **_kwargs):
        offered.extend(args[3])
        return bob, True  # typed anyway

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(pick))
    window.libraries.ask_coder()
    assert "Lea" in offered and bob not in offered
    assert any("inactive" in said for said in no_blocking_dialogs)  # typed: refused with a sentence
    assert window.libraries.coder.text() == "Coding as gui-tester"


def test_merge_from_a_team_server_by_url_and_a_hidden_password(
    window, qtbot, postgres_server, monkeypatch, no_blocking_dialogs, tmp_path
):
    other = postgres_server.database()
    try:
        bob = open_services(other, annotator="bob", backup=False)
        try:
            bob.documents.import_samples()
            made = bob.annotations.tag(1, 10, 20, [bob.codebook.by_name("claim").id]).annotation
        finally:
            bob.close()
        open_doc(window, 1)
        secret = "s3cr;et pw"
        steps = []

        def drive():
            dialog = QApplication.activeModalWidget()
            if not isinstance(dialog, ServerDialog):
                QTimer.singleShot(20, drive)
                return
            with_password = other.replace("postgres@", "postgres:" + "pw1@", 1)
            qtbot.keyClicks(dialog.url, with_password)
            ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
            qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)  # a password in the URL: refused, taken out
            steps.append((dialog.isVisible(), dialog.url.text(), dialog.problem.text()))
            qtbot.keyClicks(dialog.password, secret)
            assert dialog.password.echoMode() == dialog.password.EchoMode.Password
            qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

        QTimer.singleShot(0, drive)
        (action,) = [a for a in window.menuBar().actions()[0].menu().actions() if a.text() == "Merge from a team &server…"]
        action.trigger()
        qtbot.waitUntil(lambda: not window.controller.merging, timeout=20_000)
        qtbot.waitUntil(lambda: window.workspace.reader.highlight_count() == 1, timeout=10_000)
        ((visible, url, problem),) = steps
        assert visible and "pw1" not in url and "own field" in problem
        (stored,) = rows(window, 1)
        assert stored.uuid == made.uuid and stored.coder == "bob"
        report = [said for said in no_blocking_dialogs if "added: 1 coder, 1 annotation" in said]
        assert report and other.split("?")[0].rsplit("/", 1)[1] in report[0]  # the server is named
        for seen in [*no_blocking_dialogs, (tmp_path / "settings.ini").read_text(encoding="utf-8")]:
            assert secret not in seen and "s3cr" not in seen and "pw1" not in seen
    finally:
        postgres_server.drop(other)


def test_copy_library_to_a_team_server_from_the_file_menu(window, qtbot, postgres_server, no_blocking_dialogs):
    target = postgres_server.database()  # empty, migrated (`annotator migrate`)
    try:
        open_doc(window, 4)
        window.controller.services.annotations.tag_quote(4, "Armenia and Azerbaijan", ["claim"], nth=1)

        def drive():
            dialog = QApplication.activeModalWidget()
            if not isinstance(dialog, ServerDialog):
                QTimer.singleShot(20, drive)
                return
            qtbot.keyClicks(dialog.url, target)
            qtbot.keyClicks(dialog.password, "hidden-pw")
            ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
            qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

        QTimer.singleShot(0, drive)
        (action,) = [
            a for a in window.menuBar().actions()[0].menu().actions() if a.text() == "Copy library to a &team server…"
        ]
        action.trigger()
        qtbot.waitUntil(lambda: any("copied " in said or "Nothing" in said for said in no_blocking_dialogs), timeout=20_000)
        assert any("copied " in said for said in no_blocking_dialogs), no_blocking_dialogs
        assert not any("hidden-pw" in said for said in no_blocking_dialogs)
        copied = open_services(target, annotator="admin", backup=False)
        try:
            assert len(copied.documents.list()) == len(window.controller.services.documents.list())
            assert [a.quote for a in copied.annotations.for_document(4)] == ["Armenia and Azerbaijan"]
        finally:
            copied.close()
    finally:
        postgres_server.drop(target)
