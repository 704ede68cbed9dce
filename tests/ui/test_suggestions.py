"""Suggestions and typed fields in the real window: keys, the list, undo, the dialogs."""

from PySide6.QtCore import Qt

from tests.ui.conftest import open_doc, press, rows


def ready(window, qtbot, document_id=1):
    text = open_doc(window, document_id)
    flow = window.workspace.suggestions
    qtbot.waitUntil(lambda: len(flow.offers) > 0, timeout=5000)
    return flow, text


def passages(flow, text):
    return [text[s.start : s.end] for s in flow.offers]


def test_n_then_a_accepts_the_next_suggestion_with_its_fields_and_undo_brings_it_back(window, qtbot):
    flow, text = ready(window, qtbot)
    reader = window.workspace.reader
    reader.setFocus()
    qtbot.keyClick(reader, "n")
    first = flow.offers[flow.current()]
    qtbot.keyClick(reader, "a")
    (made,) = rows(window, 1)
    assert (made.start, made.end) == (first.start, first.end)
    assert text[made.start : made.end] == made.quote
    assert dict(made.fields) == first.field_dict
    assert first.key not in {s.key for s in flow.offers}
    assert flow.current() is not None  # the next one is ready for the next key
    window.controller.undo_stack.undo()
    assert rows(window, 1) == []
    qtbot.waitUntil(lambda: first.key in {s.key for s in flow.offers}, timeout=5000)


def test_x_rejects_and_it_stays_rejected_until_undone(window, qtbot):
    flow, text = ready(window, qtbot)
    reader = window.workspace.reader
    target = passages(flow, text).index("1994")
    flow.make_current(target)
    qtbot.keyClick(reader, "x")
    assert "1994" not in passages(flow, text)
    services = window.controller.services
    assert "1994" not in [text[s.start : s.end] for s in services.suggestions.suggest(1)]
    open_doc(window, 2)
    flow, text = ready(window, qtbot, 1)
    assert "1994" not in passages(flow, text)
    window.controller.undo_stack.undo()
    qtbot.waitUntil(lambda: "1994" in passages(flow, text), timeout=5000)


def test_accept_all_of_a_tag_is_one_undo_step(window, qtbot):
    flow, text = ready(window, qtbot)
    pane = window.workspace.suggestions_pane
    dates = [s for s in flow.offers if s.tag == "date"]
    pane.tag_filter.setCurrentIndex(pane.tag_filter.findData("date"))
    qtbot.mouseClick(pane.accept_all, Qt.MouseButton.LeftButton)
    made = rows(window, 1)
    assert sorted((a.start, a.end) for a in made) == sorted((s.start, s.end) for s in dates)
    assert all(dict(a.fields).get("date") for a in made)
    assert not [s for s in flow.offers if s.tag == "date"]
    assert f"Accepted {len(dates)} “date” suggestions" in window.statusBar().currentMessage()
    window.controller.undo_stack.undo()
    assert rows(window, 1) == []


def test_the_list_accepts_with_enter_and_rejects_with_backspace(window, qtbot):
    flow, text = ready(window, qtbot)
    pane = window.workspace.suggestions_pane
    window.workspace.tabs.setCurrentWidget(pane)
    pane.list.setFocus()
    pane.list.setCurrentIndex(pane.model.index(0))
    first = flow.offers[pane.current()]
    qtbot.keyClick(pane.list, Qt.Key.Key_Return)
    assert [(a.start, a.end) for a in rows(window, 1)] == [(first.start, first.end)]
    second = flow.offers[pane.current()]
    qtbot.keyClick(pane.list, Qt.Key.Key_Backspace)
    assert second.key not in {s.key for s in flow.offers}
    assert len(rows(window, 1)) == 1


def test_suggestions_are_drawn_and_can_be_hidden(window, qtbot):
    flow, _ = ready(window, qtbot)
    viewport = window.workspace.reader.viewport()
    shown = viewport.grab().toImage()
    window.show_suggestions.trigger()  # hide
    hidden = viewport.grab().toImage()
    assert shown != hidden
    assert window.workspace.reader.current_suggestion() is None
    qtbot.keyClick(window.workspace.reader, "n")
    qtbot.keyClick(window.workspace.reader, "a")
    assert rows(window, 1) == []
    window.show_suggestions.trigger()
    assert viewport.grab().toImage() == shown


def test_fields_are_edited_in_the_annotations_pane_with_undo(window, qtbot, no_blocking_dialogs):
    open_doc(window, 1)
    press(window, qtbot, "last winter", "3")
    (made,) = rows(window, 1)
    pane = window.workspace.pane
    pane.flush()
    editor = pane.fields.editor("date")
    assert editor is not None and editor.text() == ""
    editor.setFocus()
    qtbot.keyClicks(editor, "2022-12/2023-02")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert dict(rows(window, 1)[0].fields) == {"date": "2022-12/2023-02"}
    pane.flush()
    pane.fields.editor("date").selectAll()
    qtbot.keyClicks(pane.fields.editor("date"), "last winter")
    qtbot.keyClick(pane.fields.editor("date"), Qt.Key.Key_Return)
    assert "ISO 8601" in no_blocking_dialogs[-1]
    assert dict(rows(window, 1)[0].fields) == {"date": "2022-12/2023-02"}
    qtbot.waitUntil(lambda: pane.fields.editor("date").text() == "2022-12/2023-02")  # the refused value goes
    window.controller.undo_stack.undo()
    assert rows(window, 1)[0].fields == ()
    assert made.id == rows(window, 1)[0].id


def test_the_codebook_dialog_edits_fields(window, qtbot, no_blocking_dialogs):
    from annotator.ui.dialogs.codebook_dialog import FIELDS, CodebookDialog

    dialog = CodebookDialog(window.controller, window)
    row = [t.name for t in window.controller.tags].index("quote")
    dialog.table.item(row, FIELDS).setText("speaker; role:official|witness|expert")
    quote = window.controller.services.codebook.by_name("quote")
    assert [f.name for f in quote.fields] == ["speaker", "role"]
    dialog.table.item(row, FIELDS).setText("Bad Name")
    assert "field name" in no_blocking_dialogs[-1]
    window.controller.undo_stack.undo()
    assert [f.name for f in window.controller.services.codebook.by_name("quote").fields] == ["speaker"]


def test_the_lexicon_dialog_saves_as_one_undoable_change(window, qtbot):
    from annotator.ui.commands import LexiconCommand
    from annotator.ui.dialogs.lexicon_dialog import LexiconDialog

    flow, text = ready(window, qtbot)
    before = window.controller.services.suggestions.lexicon()
    dialog = LexiconDialog(window.controller, window)
    assert dialog.entries() == before
    dialog.table.setRowCount(0)
    dialog._append("paraded", "conflict")
    window.controller.undo_stack.push(LexiconCommand(window.controller, dialog.entries()))
    qtbot.waitUntil(
        lambda: [p for s, p in zip(flow.offers, passages(flow, text), strict=True) if s.tag == "framing"] == ["paraded"],
        timeout=5000,
    )
    window.controller.undo_stack.undo()
    assert window.controller.services.suggestions.lexicon() == before


def test_shift_a_accepts_all_of_the_current_suggestions_tag(window, qtbot):
    flow, _ = ready(window, qtbot)
    reader = window.workspace.reader
    framing = [s for s in flow.offers if s.tag == "framing"]
    flow.make_current(flow.offers.index(framing[0]))
    qtbot.keyClick(reader, "A", Qt.KeyboardModifier.ShiftModifier)
    assert sorted((a.start, a.end) for a in rows(window, 1)) == sorted((s.start, s.end) for s in framing)
    assert all(dict(a.fields).get("frame") for a in rows(window, 1))
    window.controller.undo_stack.undo()
    assert rows(window, 1) == []


def test_the_codebook_links_a_tag_to_a_detector_and_renaming_keeps_it(window, qtbot):
    from annotator.ui.dialogs.codebook_dialog import NAME, SUGGESTS, CodebookDialog

    flow, _ = ready(window, qtbot)
    dialog = CodebookDialog(window.controller, window)
    names = [t.name for t in window.controller.tags]
    dialog.table.item(names.index("date"), NAME).setText("when")
    qtbot.waitUntil(lambda: flow.settled and {s.tag for s in flow.offers} >= {"when"}, timeout=5000)
    claim_box = dialog.table.cellWidget(names.index("claim"), SUGGESTS)
    claim_box.setCurrentIndex(claim_box.findData("quote"))
    claim_box.activated.emit(claim_box.currentIndex())
    assert window.controller.services.codebook.by_name("claim").detector == "quote"
    assert window.controller.services.codebook.by_name("quote").detector == ""
    qtbot.waitUntil(
        lambda: "quote" not in {s.tag for s in flow.offers} and "claim" in {s.tag for s in flow.offers}, timeout=5000
    )
    window.controller.undo_stack.undo()
    assert window.controller.services.codebook.by_name("quote").detector == "quote"


def test_a_refused_field_value_keeps_the_redo_history(window, qtbot, no_blocking_dialogs):
    open_doc(window, 1)
    press(window, qtbot, "last winter", "3")
    (first,) = rows(window, 1)
    press(window, qtbot, "1994", "3")
    stack = window.controller.undo_stack
    stack.undo()  # "1994" can be redone
    window.workspace._on_fields(first.id, {"date": "soon"})
    assert "ISO 8601" in no_blocking_dialogs[-1]
    assert stack.canRedo()
    stack.redo()
    assert len(rows(window, 1)) == 2


def test_tagging_a_suggested_passage_with_its_key_takes_the_suggestions_values(window, qtbot):
    flow, text = ready(window, qtbot)
    offer = next(o for o in flow.offers if o.tag == "date" and o.field_dict)
    reader = window.workspace.reader
    reader.select_span(offer.start, offer.end)
    qtbot.keyClick(reader, "3")  # 3: date
    (made,) = rows(window, 1)
    assert (made.start, made.end) == (offer.start, offer.end)
    assert dict(made.fields) == offer.field_dict


def test_n_brings_the_whole_suggestion_well_into_view(window, qtbot):
    flow, text = ready(window, qtbot, 4)
    reader = window.workspace.reader
    reader.setFocus()
    reader.verticalScrollBar().setValue(0)
    height = reader.viewport().height()
    checked = 0
    for _ in range(min(12, len(flow.offers))):
        qtbot.keyClick(reader, "n")
        offer = flow.offers[flow.current()]
        cursor = reader.textCursor()
        cursor.setPosition(reader._map.to_qt(offer.start))
        top = reader.cursorRect(cursor).top()
        cursor.setPosition(reader._map.to_qt(offer.end))
        bottom = reader.cursorRect(cursor).bottom()
        if bottom - top < height * 0.6:
            assert top >= 0 and bottom <= height * 0.85 + 1, (text[offer.start : offer.end], top, bottom, height)
            checked += 1
    assert checked >= 5


def test_after_a_the_next_suggestion_is_current_and_in_view_unless_turned_off(window, qtbot):
    flow, text = ready(window, qtbot, 4)
    reader = window.workspace.reader
    reader.setFocus()
    qtbot.keyClick(reader, "n")
    for _ in range(4):
        qtbot.keyClick(reader, "a")
        offer = flow.offers[flow.current()]
        cursor = reader.textCursor()
        cursor.setPosition(reader._map.to_qt(offer.start))
        assert reader.viewport().rect().contains(reader.cursorRect(cursor).center())
    window.advance.trigger()  # View → Go to the next suggestion after A or X: off
    qtbot.keyClick(reader, "x")
    assert flow.current() is None
    qtbot.keyClick(reader, "n")
    assert flow.current() is not None


def test_x_rejects_for_this_coder_only_and_the_next_coder_is_offered_it(window, qtbot, monkeypatch):
    """Rejections are each coder's (revision 0015): N then X hides a suggestion from this coder;
    after File → Switch coder the other coder of this library is offered it again."""
    from PySide6.QtWidgets import QInputDialog

    flow, text = ready(window, qtbot)
    reader = window.workspace.reader
    reader.setFocus()
    qtbot.keyClick(reader, "n")
    rejected = flow.offers[flow.current()].key
    qtbot.keyClick(reader, "x")
    assert rejected not in {s.key for s in flow.offers}
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: ("Second Coder", True)))
    window.libraries.ask_coder()
    assert window.libraries.coder.text() == "Coding as Second Coder (second_coder)"
    qtbot.waitUntil(lambda: rejected in {s.key for s in flow.offers}, timeout=5000)
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: ("gui-tester", True)))
    window.libraries.ask_coder()  # back to the first coder: still rejected for them
    qtbot.waitUntil(lambda: flow.settled and len(flow.offers) > 0, timeout=5000)
    qtbot.wait(300)
    assert rejected not in {s.key for s in flow.offers}


def test_another_coders_passage_by_another_program_leaves_the_offer(window, qtbot):
    """Only this coder's passages hide a suggestion: another coder (the command line, another
    program) tags the offered span with its tag, the window shows their passage, and the offer
    stays; this coder's own A then takes it."""
    from tests.cli.test_cli import annotator

    flow, text = ready(window, qtbot)
    offer = flow.offers[0]
    quote = text[offer.start : offer.end]
    nth = sum(1 for i in range(offer.start) if text.startswith(quote, i)) + 1
    library = window.controller.services.library
    annotator(library.file or library.url, "tag", "1", "--quote", quote, "--nth", str(nth), "--tag", offer.tag)
    qtbot.waitUntil(lambda: len(rows(window, 1)) == 1, timeout=5000)
    (theirs,) = rows(window, 1)
    assert (theirs.start, theirs.end, theirs.coder) == (offer.start, offer.end, "cli-tester")
    qtbot.wait(300)  # a refresh of the offers would come within this
    assert offer.key in {s.key for s in flow.offers}
    reader = window.workspace.reader
    reader.setFocus()
    flow.make_current(0)
    qtbot.keyClick(reader, "a")
    assert offer.key not in {s.key for s in flow.offers}
