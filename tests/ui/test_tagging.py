"""Drive the real window as a user: select in the reader, press keys, check library and paint."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QTextCursor

from tests.ui.conftest import open_doc, press, rows, select_text


def select_qt(reader, start, end):
    cursor = reader.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    reader.setTextCursor(cursor)


def point_in(window, annotation_id):
    reader = window.workspace.reader
    rect = reader._span_rects(*_qt_span(reader, annotation_id))[0]
    dy = -reader.verticalScrollBar().value()
    return QPoint(int(rect.left()) + 2, int(rect.top() + dy) + 2)


def pixel_under(window, annotation_id):
    point = point_in(window, annotation_id)
    return QColor(window.workspace.reader.viewport().grab().toImage().pixel(point))


def _qt_span(reader, annotation_id):
    h = reader._index.get(annotation_id)
    return h.start, h.end


def test_select_and_press_1_saves_and_paints(window, qtbot):
    text = open_doc(window, 4)
    reader = window.workspace.reader
    select_text(reader, "absolute and complete victory")
    before = reader.viewport().grab().toImage()
    qtbot.keyClick(reader, "1")
    (a,) = rows(window, 4)
    start = text.index("absolute and complete victory")
    assert (a.start, a.end, a.quote) == (start, start + 29, "absolute and complete victory")
    assert a.coder == "gui-tester"
    claim = window.controller.tag_by_key(1)
    assert a.tag_ids == (claim.id,)
    painted = pixel_under(window, a.id)
    assert painted != QColor(before.pixel(point_in(window, a.id)))
    assert painted.blue() > painted.red() + 20, "claim is blue: the passage must be painted blue"
    window.workspace.pane.flush()  # the list follows the reader a moment later
    assert window.workspace.pane.model.rowCount() == 1
    count = window.library.model.index(window.library.model.row_of(4), 3)
    qtbot.waitUntil(lambda: window.library.model.data(count) == "1", timeout=2000)
    assert "1 annotation in this document" in window.counts.text()


def test_selection_snaps_to_words(window, qtbot):
    text = open_doc(window, 4)
    press(window, qtbot, "solute and compl", "3")
    (a,) = rows(window, 4)
    assert a.quote == "absolute and complete" and text[a.start : a.end] == a.quote


def test_second_key_adds_same_key_removes_then_delete_and_undo(window, qtbot):
    open_doc(window, 4)
    reader = window.workspace.reader
    press(window, qtbot, "anti-terrorist operation", "5")
    (a,) = rows(window, 4)
    qtbot.keyClick(reader, "1")  # the passage is current: the key adds a tag
    assert set(rows(window, 4)[0].tag_ids) == {window.controller.tag_by_key(5).id, window.controller.tag_by_key(1).id}
    qtbot.keyClick(reader, "1")  # the same key again removes it
    assert rows(window, 4)[0].tag_ids == (window.controller.tag_by_key(5).id,)
    qtbot.keyClick(reader, Qt.Key.Key_Delete)
    assert rows(window, 4) == []
    stack = window.controller.undo_stack
    stack.undo()  # the delete
    (back,) = rows(window, 4)
    assert back.id == a.id and back.quote == a.quote
    stack.undo()  # the removal of claim
    stack.undo()  # the addition of claim
    stack.undo()  # the tagging itself
    assert rows(window, 4) == []
    stack.redo()
    assert rows(window, 4)[0] == a  # the same annotation: id, times, tags
    assert window.workspace.reader.highlight_count() == 1


def test_overlapping_annotations_both_painted(window, qtbot):
    open_doc(window, 4)
    reader = window.workspace.reader
    press(window, qtbot, "absolute and complete", "1")
    press(window, qtbot, "complete victory", "5")
    found = rows(window, 4)
    assert [a.quote for a in found] == ["absolute and complete", "complete victory"]
    assert reader.highlight_count() == 2
    first, second = (pixel_under(window, a.id) for a in found)
    assert first != second


def test_emoji_before_the_selection_tags_the_right_characters(window, qtbot, tmp_path):
    path = tmp_path / "emoji.txt"
    path.write_text("Flags 🇦🇿🇦🇲 and 😀 and 𝐀 before e\u0301 the passage we want.\n", encoding="utf-8")
    (outcome,) = window.controller.services.documents.import_files([path])
    window.reload_library()
    text = open_doc(window, outcome.document.id)
    press(window, qtbot, "the passage", "2")
    (a,) = rows(window, outcome.document.id)
    assert a.quote == "the passage" and text[a.start : a.end] == "the passage"
    assert a.start == text.index("the passage")


def test_half_a_flag_is_never_selected(window, qtbot, tmp_path):
    path = tmp_path / "flag.txt"
    path.write_text("x 🇦🇿 y", encoding="utf-8")
    (outcome,) = window.controller.services.documents.import_files([path])
    open_doc(window, outcome.document.id)
    reader = window.workspace.reader
    reader.snap_words = False
    select_qt(reader, 3, 4)  # inside the flag's first surrogate pair
    assert reader.selected_span() == (2, 4)  # the whole flag, two code points


def test_keyboard_selection(window, qtbot):
    text = open_doc(window, 2)
    reader = window.workspace.reader
    reader.setFocus()
    reader.moveCursor(QTextCursor.MoveOperation.Start)
    for _ in range(4):
        qtbot.keyClick(reader, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(reader, "1")
    (a,) = rows(window, 2)
    assert a.quote == "U.S." == text[: text.index(" ")]


def test_clicking_a_highlight_selects_its_row_and_list_reveals(window, qtbot):
    open_doc(window, 4)
    reader = window.workspace.reader
    press(window, qtbot, "anti-terrorist operation", "5")
    press(window, qtbot, "Second Karabakh War", "1")
    a, b = rows(window, 4)
    window.workspace.pane.select(None)
    reader.set_current(None)
    cursor = reader.textCursor()
    cursor.clearSelection()
    reader.setTextCursor(cursor)
    rect = reader._span_rects(*_qt_span(reader, b.id))[0]
    point = QPoint(int(rect.center().x()), int(rect.center().y() - reader.verticalScrollBar().value()))
    qtbot.mouseClick(reader.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.workspace.pane.current_id() == b.id
    view = window.workspace.pane.list
    view.setCurrentIndex(window.workspace.pane.model.index(0, 0))
    assert reader.current() == a.id


def test_note_editing_is_saved_and_undoable(window, qtbot):
    open_doc(window, 4)
    press(window, qtbot, "Second Karabakh War", "1")
    pane = window.workspace.pane
    pane.flush()
    pane.note.setPlainText("framed as a war of liberation")
    pane.commit_note()
    assert rows(window, 4)[0].note == "framed as a war of liberation"
    window.controller.undo_stack.undo()
    assert rows(window, 4)[0].note == ""


def test_next_and_previous_annotation(window, qtbot):
    open_doc(window, 4)
    reader = window.workspace.reader
    for passage in ("Second Karabakh War", "anti-terrorist operation"):
        select_text(reader, passage)
        qtbot.keyClick(reader, "1")
    a, b = rows(window, 4)
    window.workspace.go_to_neighbour(False)
    assert reader.current() == a.id
    window.workspace.go_to_neighbour(True)
    assert reader.current() == b.id


def test_long_documents_load_their_list_after_the_first_paint(window, qtbot, monkeypatch):
    import annotator.ui.controller as controller_module

    monkeypatch.setattr(controller_module, "SYNC_LOAD_LIMIT", 1)
    open_doc(window, 4)
    reader = window.workspace.reader
    for passage in ("Second Karabakh War", "anti-terrorist operation"):
        select_text(reader, passage)
        qtbot.keyClick(reader, "1")
    window.controller.open_document(1)  # a stale load for document 4 must not land here
    with qtbot.waitSignal(window.controller.annotationsLoaded, timeout=5000):
        window.controller.open_document(4)
    assert reader.highlight_count() == 2
    qtbot.waitUntil(lambda: window.workspace.pane.model.rowCount() == 2, timeout=5000)
    assert window.controller.document.id == 4


def test_a_key_on_exactly_a_passage_adds_or_removes_as_the_service_decides(window, qtbot):
    """Selecting a passage's exact span again and pressing a key: the service decides (one rule,
    AnnotationService.tag_or_toggle) and the undo step says what happened."""
    open_doc(window, 4)
    framing, claim = window.controller.tag_by_key(5).id, window.controller.tag_by_key(1).id
    press(window, qtbot, "anti-terrorist operation", "5")
    (a,) = rows(window, 4)
    press(window, qtbot, "anti-terrorist operation", "1")  # the same span again: the tag is added
    (b,) = rows(window, 4)
    assert b.id == a.id and set(b.tag_ids) == {framing, claim}
    assert window.controller.undo_stack.undoText() == "Tag as “claim”"
    press(window, qtbot, "anti-terrorist operation", "5")  # a tag it has: removed
    assert rows(window, 4)[0].tag_ids == (claim,)
    assert window.controller.undo_stack.undoText() == "Remove “framing”"
    window.controller.undo_stack.undo()
    assert set(rows(window, 4)[0].tag_ids) == {framing, claim}
