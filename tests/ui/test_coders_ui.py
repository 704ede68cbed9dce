"""Switch coder… in the window: the status bar, the library's status column (mine), the tag key in
my layer, and View → Passages of (all / mine / one coder)."""

from PySide6.QtWidgets import QInputDialog

from tests.ui.conftest import open_doc, press, rows


def switch(window, monkeypatch, name):
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: (name, True)))
    window.libraries.ask_coder()


def status_cell(window, document_id):
    model = window.library.model
    return model.index(model.row_of(document_id), 4).data()


def test_switching_coder_tags_in_their_own_layer_and_shows_their_status(window, qtbot, monkeypatch):
    from annotator.domain.models import Status

    services = window.controller.services
    open_doc(window, 4)
    press(window, qtbot, "absolute and complete victory", "1")
    services.documents.set_status(4, Status.DONE)
    window.reload_library()
    done = status_cell(window, 4)
    assert window.controller.undo_stack.count() == 1
    switch(window, monkeypatch, "Second Coder")
    assert window.libraries.coder.text() == "Coding as Second Coder (second_coder)"
    assert window.controller.undo_stack.count() == 0  # their undo history is not mine to undo
    assert status_cell(window, 4) != done  # my status of document 4: new
    press(window, qtbot, "absolute and complete victory", "1")  # the same span and tag, by me
    coders = sorted(a.coder for a in rows(window, 4))
    assert coders == ["gui-tester", "second_coder"]
    switch(window, monkeypatch, "gui-tester")  # a listed coder, picked again
    assert status_cell(window, 4) == done


def test_passages_of_mine_or_all(window, qtbot, monkeypatch):
    from annotator.ui.coder_view import ALL, MINE

    open_doc(window, 4)
    press(window, qtbot, "absolute and complete victory", "1")
    switch(window, monkeypatch, "bob")
    press(window, qtbot, "historical outcome", "2")
    reader = window.workspace.reader
    assert reader.highlight_count() == 2  # every coder's passages by default
    window.controller.coder_view.choose(MINE)
    assert reader.highlight_count() == 1 and window.workspace.pane.model.rowCount() == 1
    window.controller.coder_view.choose("gui-tester")
    (shown,) = [a for a in rows(window, 4) if a.coder == "gui-tester"]
    assert reader.highlight_count() == 1 and reader.tags_of(shown.id)
    window.controller.coder_view.choose(ALL)
    assert reader.highlight_count() == 2


def test_picking_a_listed_coder_codes_as_exactly_that_coder(window, monkeypatch):
    """Names from the free-text era that differ only in case or spacing ("Anna", "anna", "Mary  Lee")
    are three coders; picking one from the list codes as that one — now and after a restart (the
    saved choice) — never as a look-alike and never as a new coder (found by review)."""
    from annotator.services import open_services
    from annotator.ui.library_menu import saved_coder

    services = window.controller.services
    services.coders.add("Anna")  # as revision 0005 makes them from old free-text names
    services.coders.add("anna two", display="anna")
    services.coders.add("Mary Lee", display="Mary  Lee")
    coders = {c.display_name: c.login for c in services.coders.list()}
    for label in ("Anna", "anna", "Mary  Lee"):
        switch(window, monkeypatch, label)
        assert services.coders.current().login == coders[label]
        again = open_services(window.controller.services.library.url, annotator=saved_coder(window.settings), backup=False)
        try:
            assert again.coders.current().login == coders[label]
        finally:
            again.close()
    assert len(services.coders.list()) == len(coders)  # nobody new
