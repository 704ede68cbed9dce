"""Adjudication with the reader, on the real window: each disagreement opened or stepped to (F8)
is selected and brought into view in the reader; the lead corrects the span there and accepts it
("accept edited", F9) or adds a passage nobody marked ("add", Shift+F9); Ctrl+Z in the view
undoes the decision; the stored quote is the text at the stored offsets, past astral characters too."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox

from tests.ui.conftest import select_text

EARLY = "our victory in Karabakh"  # ann only, near the top of document 4
LATE = "the victory in Karabakh is an example"  # both, near the end; bob's span is longer
LATE_BOB = "the victory in Karabakh is an example of how peace is only possible for the strong"


def _code(window, doc=4, passages=((("ann", EARLY), ("ann", LATE), ("bob", LATE_BOB)))):
    services = window.controller.services
    for coder, quote in passages:
        services.coders.switch(coder)
        services.annotations.tag_quote(doc, quote, ["claim"], nth=1)
    services.coders.add("Lea", lead=True)
    services.coders.switch("lea")


def _open_view(window, qtbot, count):
    action = next(a for a in window.tags_menu.actions() if a.text().replace("&", "").startswith("Agreement"))
    action.trigger()
    view = window.agreement
    qtbot.waitUntil(lambda: view.disagreements.count() == count, timeout=20_000)
    return view


def _in_view(reader, passage):
    """Both ends of the passage's first occurrence lie inside the reader's visible area."""
    found = reader.document().find(passage)
    area = QRect(0, 0, reader.viewport().width(), reader.viewport().height())
    cursor = QTextCursor(reader.document())
    ends = []
    for position in (found.selectionStart(), found.selectionEnd()):
        cursor.setPosition(position)
        ends.append(area.contains(reader.cursorRect(cursor).center()))
    return all(ends)


def _gold(window, doc):
    return [a for a in window.controller.services.annotations.for_document(doc) if a.layer == "gold"]


def test_stepping_with_f8_selects_and_shows_the_disagreement_in_the_reader(window, qtbot):
    _code(window)
    text = window.controller.services.documents.text(4)
    view = _open_view(window, qtbot, 2)
    reader = window.workspace.reader
    first, second = view.found
    assert (first.start, first.end) == (text.index(EARLY), text.index(EARLY) + len(EARLY))
    assert reader.selected_span() == (first.start, first.end)
    qtbot.keyClick(view, Qt.Key.Key_F8)
    assert view.current() is second
    late = text.index(LATE)
    assert (second.start, second.end) == (late, late + len(LATE_BOB))  # every coder's span: the union
    assert reader.selected_span() == (second.start, second.end)
    assert reader.verticalScrollBar().value() > 0  # near the end of a long article: scrolled down to it
    assert _in_view(reader, LATE_BOB)
    qtbot.keyClick(view, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert reader.selected_span() == (first.start, first.end) and _in_view(reader, EARLY)


def test_accept_edited_takes_the_span_corrected_in_the_reader_and_ctrl_z_undoes_it(window, qtbot):
    _code(window)
    services = window.controller.services
    text = services.documents.text(4)
    view = _open_view(window, qtbot, 2)
    reader = window.workspace.reader
    qtbot.keyClick(view, Qt.Key.Key_F8)
    late = view.current()
    corrected = "victory in Karabakh is an example of how peace"
    select_text(reader, corrected)  # the lead narrows the union the view selected
    qtbot.keyClick(reader, Qt.Key.Key_F9)  # from the reader: the view's key answers there too
    (gold,) = _gold(window, 4)
    assert gold.quote == corrected == text[gold.start : gold.end] and gold.start == text.index(corrected)
    assert (gold.layer, gold.coder, gold.tag_ids) == ("gold", "lea", (services.codebook.by_name("claim").id,))
    (decision,) = services.gold.decisions([4])
    assert (decision.decision, decision.gold_uuid, decision.tag) == ("edited", gold.uuid, "claim")
    assert set(decision.sources) == {p.uuid for p in late.passages} and len(decision.sources) == 2
    assert window.controller.tasks.wait_idle()  # the figures computed again after the decision
    assert view.current() == late and reader.selected_span() == (gold.start, gold.end)  # not reselected
    assert view.disagreements.item(1).text().endswith("✓ edited")  # decided: said in the list
    assert "✓" not in view.disagreements.item(0).text()
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _gold(window, 4) == [] and services.gold.decisions([4]) == []
    assert window.controller.tasks.wait_idle() and "✓" not in view.disagreements.item(1).text()
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert [a.uuid for a in _gold(window, 4)] == [gold.uuid] and services.gold.decisions([4]) == [decision]


def test_add_and_edit_past_astral_characters_store_the_text_at_their_offsets(window, qtbot, tmp_path):
    path = tmp_path / "emoji.txt"
    body = "Flags 🇦🇿🇦🇲 and 😀 and 𝐀 before the claim one coder made and the passage nobody marked.\n"
    path.write_text(body, encoding="utf-8")
    (outcome,) = window.controller.services.documents.import_files([path])
    window.reload_library()
    doc = outcome.document.id
    _code(window, doc, (("ann", "the claim one coder made"), ("bob", "Flags")))
    services = window.controller.services
    text = services.documents.text(doc)
    view = _open_view(window, qtbot, 2)
    reader = window.workspace.reader
    view.disagreements.setCurrentRow(next(i for i, d in enumerate(view.found) if d.start > 0))
    assert reader.selected_span() == (text.index("the claim"), text.index(" and the passage"))
    select_text(reader, "the passage nobody marked")
    qtbot.keyClick(view, Qt.Key.Key_F9, Qt.KeyboardModifier.ShiftModifier)  # add
    select_text(reader, "claim one coder made")
    qtbot.mouseClick(view.edited_button, Qt.MouseButton.LeftButton)
    found = {a.quote: a for a in _gold(window, doc)}
    assert sorted(found) == ["claim one coder made", "the passage nobody marked"]
    for quote, a in found.items():
        assert text[a.start : a.end] == quote and a.start == text.index(quote)
    decisions = {d.gold_uuid: d for d in services.gold.decisions([doc])}
    added, edited = decisions[found["the passage nobody marked"].uuid], decisions[found["claim one coder made"].uuid]
    assert (added.decision, added.sources, edited.decision) == ("added", (), "edited")


def test_without_a_selection_in_its_document_nothing_is_written_and_the_lead_is_told(window, qtbot, no_blocking_dialogs):
    _code(window)
    view = _open_view(window, qtbot, 2)
    reader = window.workspace.reader
    cursor = reader.textCursor()
    cursor.clearSelection()
    reader.setTextCursor(cursor)
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    window.controller.open_document(1)  # a selection, but in another document
    select_text(reader, "Azerbaijan")
    qtbot.keyClick(view, Qt.Key.Key_F9)
    assert window.controller.services.gold.decisions() == []
    assert sum("Select the passage in the reader first" in said for said in no_blocking_dialogs) == 2


def test_mark_the_document_adjudicated_from_the_view_and_undo_it(window, qtbot, no_blocking_dialogs):
    _code(window)
    documents = window.controller.services.documents
    view = _open_view(window, qtbot, 2)
    before = documents.phases([4])[4]
    assert before == "blind"
    qtbot.mouseClick(view.adjudicated_button, Qt.MouseButton.LeftButton)  # asked first: answered Yes
    assert [said for said in no_blocking_dialogs if "Document 4 is still blind" in said]
    assert documents.phases([4]) == {4: "adjudicated"}
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert documents.phases([4]) == {4: before}
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert documents.phases([4]) == {4: "adjudicated"}


def test_a_blind_document_stays_blind_when_the_lead_says_no(window, qtbot, monkeypatch, no_blocking_dialogs):
    """Decision 044: marking a blind document adjudicated reveals it, so the view asks; No changes nothing.
    A revealed document is not asked about."""
    _code(window)
    documents = window.controller.services.documents
    view = _open_view(window, qtbot, 2)
    asked: list[str] = []

    def answer_no(_parent, title, text, *_args, **_kwargs):
        asked.append(f"{title} {text}")
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer_no))
    qtbot.mouseClick(view.adjudicated_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and "Document 4 is still blind" in asked[0]
    assert documents.phases([4]) == {4: "blind"}
    assert "not marked adjudicated" in view.said.text()
    assert not window.controller.undo_stack.canUndo() or "adjudicated" not in window.controller.undo_stack.undoText()
    documents.reveal([4])
    qtbot.mouseClick(view.adjudicated_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1  # revealed already: nothing to ask
    assert documents.phases([4]) == {4: "adjudicated"}
