"""The agreement view's choices on the real window (issue 13 review): documents (all or the open
one), coders and tags (checkable lists), a row per document; α per field of the chosen tag;
"Accept agreed" through the undo stack; and the open view following another coder's tagging."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.ui.dialogs.agreement_dialog import COLUMNS
from tests.cli.test_cli import annotator
from tests.ui.conftest import press

PARADE = "a parade dedicated to the third anniversary"  # document 1: ann and bob alike (agreed)


def _code(window, *, third=False):
    """Document 4: ann and bob differ on one claim, ann alone marked another; document 1: both
    marked two claims alike. With `third`, cy and ann each mark a framing in document 4. Then lea (lead) looks."""
    services = window.controller.services
    done = {}
    for coder, doc, quote, tag in (
        ("ann", 4, "Armenia and Azerbaijan", "claim"),
        ("ann", 4, "Karabakh", "claim"),
        ("bob", 4, "between Armenia and Azerbaijan", "claim"),
        ("ann", 1, PARADE, "claim"),
        ("bob", 1, PARADE, "claim"),
        ("ann", 1, "Khankendi", "claim"),
        ("bob", 1, "Khankendi", "claim"),
        *(
            (("cy", 4, "Armenia and Azerbaijan", "framing"), ("ann", 4, "our victory in Karabakh", "framing"))
            if third
            else ()
        ),
    ):
        services.coders.switch(coder)
        done[coder, doc, quote] = services.annotations.tag_quote(doc, quote, [tag], nth=1).annotation
    services.coders.add("Lea", lead=True)
    services.coders.switch("lea")
    return done


def _open_view(window, qtbot):
    action = next(a for a in window.tags_menu.actions() if a.text().replace("&", "").startswith("Agreement"))
    action.trigger()
    view = window.agreement
    qtbot.waitUntil(lambda: view.figures.rowCount() > 0, timeout=20_000)
    return view


def _recomputed(view, qtbot, change):
    """Make a choice and wait for the computation it starts to be delivered."""
    before = view.report
    change()
    qtbot.waitUntil(lambda: view.report is not before and view.report is not None, timeout=20_000)
    view.controller.tasks.wait_idle()
    qtbot.wait(1)


def _rows(view):
    """(tag, document) of each row of the table."""
    f = view.figures
    return [(f.item(r, 0).text(), f.item(r, 1).text()) for r in range(f.rowCount())]


def _check(checklist, name, state):
    item = next(checklist.item(i) for i in range(checklist.count()) if checklist.item(i).text() == name)
    item.setCheckState(state)


def test_the_open_document_choice_computes_that_document_alone(window, qtbot):
    _code(window)
    view = _open_view(window, qtbot)
    assert "documents compared: 2" in view.caveat.text()
    assert {d.document for d in view.all_found} == {4}  # document 1 has no disagreement
    window.controller.open_document(1)
    _recomputed(view, qtbot, lambda: view.scope.documents.setCurrentIndex(1))
    assert "documents compared: 1" in view.caveat.text()
    assert view.all_found == [] and view.disagreements.count() == 0
    claim = view.figures.item(0, 2).text()  # α_U on document 1 alone: ann and bob alike
    assert claim == "1.000"


def test_unchecking_a_coder_or_a_tag_leaves_them_out(window, qtbot):
    _code(window, third=True)
    view = _open_view(window, qtbot)
    coders = [view.scope.coders.item(i).text() for i in range(view.scope.coders.count())]
    tags = [view.scope.tags.item(i).text() for i in range(view.scope.tags.count())]
    assert coders == ["ann", "bob", "cy"] and tags == ["claim", "framing"]
    assert view.report.coders == ("ann", "bob", "cy")
    _recomputed(view, qtbot, lambda: _check(view.scope.coders, "cy", Qt.CheckState.Unchecked))
    assert view.report.coders == ("ann", "bob")
    assert all("cy" not in d.passages[0].coder for d in view.all_found)
    assert [t for t, _ in _rows(view)] == ["claim", "framing", "(all tags)"]
    _recomputed(view, qtbot, lambda: _check(view.scope.tags, "framing", Qt.CheckState.Unchecked))
    assert [t for t, _ in _rows(view)] == ["claim", "(all tags)"]
    assert {d.tag for d in view.all_found} == {"claim"}
    view.scope.tags.item(0).setCheckState(Qt.CheckState.Unchecked)  # no tag at all: said, not "all tags"
    qtbot.waitUntil(lambda: view.figures.rowCount() == 0)
    assert "Check a tag" in view.caveat.text()


def test_by_document_shows_a_row_per_document_and_a_documents_disagreements(window, qtbot):
    _code(window)
    view = _open_view(window, qtbot)
    assert view.table.isColumnHidden(1) and all(doc == "" for _, doc in _rows(view))
    _recomputed(view, qtbot, lambda: qtbot.mouseClick(view.scope.by_document, Qt.MouseButton.LeftButton))
    assert not view.table.isColumnHidden(1)
    rows = _rows(view)
    assert ("claim", "1") in rows and ("claim", "4") in rows and ("claim", "") in rows
    one = rows.index(("claim", "1"))
    assert view.figures.item(one, 2).text() == "1.000"  # document 1: the same span
    qtbot.mouseClick(
        view.table.viewport(), Qt.MouseButton.LeftButton, pos=view.table.visualRect(view.figures.index(one, 2)).center()
    )
    assert view.document == 1 and view.disagreements.count() == 0
    four = rows.index(("claim", "4"))
    view.choose_row(four)
    assert view.document == 4 and view.disagreements.count() == 2
    view.choose_row(one)
    # Back to overall rows: the chosen document's row is gone, so is its filter.
    _recomputed(view, qtbot, lambda: qtbot.mouseClick(view.scope.by_document, Qt.MouseButton.LeftButton))
    assert view.document is None and view.disagreements.count() == 2


def test_field_alpha_shows_for_the_chosen_tag_with_its_counts(window, qtbot):
    done = _code(window)
    services = window.controller.services
    for coder, doc, quote, value in (
        ("ann", 4, "Armenia and Azerbaijan", "Aliyev"),
        ("bob", 4, "between Armenia and Azerbaijan", "Aliyev"),
        ("ann", 1, PARADE, "Pashinyan"),
        ("bob", 1, PARADE, "Pashinyan"),
    ):
        services.coders.switch(coder)
        services.annotations.set_fields(done[coder, doc, quote].id, {"claimant": value})
    services.coders.switch("lea")
    view = _open_view(window, qtbot)
    view.choose_row(0)
    assert view.tag == "claim"
    f = view.field_figures
    shown = [[f.item(r, c).text() for c in range(f.columnCount())] for r in range(f.rowCount())]
    # Three aligned pairs; the two with values coded alike, two values between them: α = 1. Karabakh
    # (ann alone) is unmatched.
    assert shown == [["claim", "claimant", "1.000", "3", "1"]]
    assert [f.headerData(c, Qt.Orientation.Horizontal) for c in range(f.columnCount())] == [
        "tag",
        "field",
        "α",
        "aligned",
        "unmatched",
    ]
    _recomputed(view, qtbot, lambda: qtbot.mouseClick(view.scope.by_document, Qt.MouseButton.LeftButton))
    view.choose_row(_rows(view).index(("claim", "1")))
    shown = [[f.item(r, c).text() for c in range(f.columnCount())] for r in range(f.rowCount())]
    # Document 1 alone: two aligned pairs, one value (Pashinyan) on both sides: no variation, α undefined.
    assert shown == [["claim", "claimant", "—", "2", "0"]]


def test_accept_agreed_takes_every_agreed_passage_into_gold_and_undoes_in_one_step(window, qtbot):
    _code(window)
    services = window.controller.services
    view = _open_view(window, qtbot)
    qtbot.mouseClick(view.agreed_button, Qt.MouseButton.LeftButton)
    golden = [a for a in services.annotations.for_document(1) if a.layer == "gold"]
    assert sorted(a.quote for a in golden) == sorted([PARADE, "Khankendi"]) and {a.coder for a in golden} == {"lea"}
    assert [d.decision for d in services.gold.decisions([1])] == ["accepted", "accepted"]
    assert services.gold.decisions([4]) == []  # differing spans are the lead's to decide one by one
    assert view.said.text() == "Accepted 2 agreed passages into gold (document 1)."
    assert window.controller.undo_stack.undoText() == "Accept the agreed passages"
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert services.gold.decisions([1]) == [] and not [a for a in services.annotations.for_document(1) if a.layer == "gold"]
    window.controller.redo()
    assert sorted(a.id for a in services.annotations.for_document(1) if a.layer == "gold") == sorted(a.id for a in golden)
    count = window.controller.undo_stack.count()
    qtbot.mouseClick(view.agreed_button, Qt.MouseButton.LeftButton)  # nothing left: said, no empty undo step
    assert view.said.text() == "No agreed passages left to accept in the chosen documents."
    assert window.controller.undo_stack.count() == count


def test_accept_agreed_keeps_to_the_open_document_when_chosen(window, qtbot):
    _code(window)
    services = window.controller.services
    view = _open_view(window, qtbot)
    window.controller.open_document(4)
    _recomputed(view, qtbot, lambda: view.scope.documents.setCurrentIndex(1))
    qtbot.mouseClick(view.agreed_button, Qt.MouseButton.LeftButton)
    assert services.gold.decisions([1]) == []  # document 1's agreed passage was not in scope
    assert view.said.text() == "No agreed passages left to accept in the chosen documents."


def test_the_open_view_follows_another_coder_tagging(window, qtbot):
    _code(window)
    view = _open_view(window, qtbot)
    assert view.disagreements.count() == 2  # spans differ; only ann marked Karabakh
    window.controller.open_document(4)
    window.controller.services.coders.switch("bob")  # bob, at this window, marks Karabakh too
    claim = next(t for t in window.controller.tags if t.name == "claim")
    press(window, qtbot, "Karabakh", claim.shortcut)
    qtbot.waitUntil(lambda: view.disagreements.count() == 1, timeout=20_000)
    assert all(d.kind == "span" for d in view.found)
    assert "bob 4" in view.figures.item(0, COLUMNS.index("passages")).text()


def test_the_open_document_choice_follows_the_reader_to_another_document(window, qtbot):
    _code(window)
    view = _open_view(window, qtbot)
    window.controller.open_document(1)
    _recomputed(view, qtbot, lambda: view.scope.documents.setCurrentIndex(1))
    assert view.all_found == []  # document 1: ann and bob agree
    window.controller.open_document(4)  # the lead opens another article from the library
    qtbot.waitUntil(lambda: len(view.all_found) == 2, timeout=20_000)
    assert {d.document for d in view.all_found} == {4}


def test_the_open_view_follows_a_coder_tagging_from_another_program(window, qtbot):
    """Heard by SQLite's PRAGMA data_version poll, or on a server by LISTEN and the change log."""
    _code(window)
    view = _open_view(window, qtbot)
    assert view.disagreements.count() == 2
    db = window.controller.services.library.url
    annotator(db, "--annotator", "bob", "tag", "4", "--quote", "Karabakh", "--nth", "1", "--tag", "claim")
    qtbot.waitUntil(lambda: view.disagreements.count() == 1, timeout=20_000)
    assert "bob 4" in view.figures.item(0, COLUMNS.index("passages")).text()


def test_the_documents_listed_in_the_library_are_a_choice_and_its_filter_changes_them(window, qtbot):
    """The library's filter (title, source, date…) picks documents: "2023-11" lists the parade
    article (document 1, published 2023-11-08), and agreement is computed on what it lists."""
    _code(window)
    view = _open_view(window, qtbot)
    choice = view.scope.documents.findText("The documents listed in the library")
    assert choice >= 0
    _recomputed(view, qtbot, lambda: view.scope.documents.setCurrentIndex(choice))
    assert "documents compared: 2" in view.caveat.text()  # no filter: the whole library is listed
    qtbot.keyClicks(window.library.filter, "2023-11")
    qtbot.waitUntil(lambda: "documents compared: 1" in view.caveat.text(), timeout=20_000)
    assert view.all_found == []  # document 1 alone: ann and bob agree
    qtbot.keyClicks(window.library.filter, "-99")  # nothing listed: said, not the whole library
    qtbot.waitUntil(lambda: view.figures.rowCount() == 0, timeout=20_000)
    assert "lists no documents" in view.caveat.text()


def test_the_open_document_choice_with_none_open_is_said_and_accepts_nothing(window, qtbot):
    """Not read as "all documents": accept agreed there would take the whole library into gold.
    (Only agreed passages: no disagreement opens a document in the reader.)"""
    services = window.controller.services
    for coder in ("ann", "bob"):
        services.coders.switch(coder)
        services.annotations.tag_quote(1, PARADE, ["claim"], nth=1)
    services.coders.add("Lea", lead=True)
    services.coders.switch("lea")
    view = _open_view(window, qtbot)
    assert window.controller.document is None and view.disagreements.count() == 0
    view.scope.documents.setCurrentIndex(1)
    qtbot.waitUntil(lambda: view.figures.rowCount() == 0, timeout=20_000)
    assert "Open a document in the reader" in view.caveat.text()
    qtbot.mouseClick(view.agreed_button, Qt.MouseButton.LeftButton)
    assert services.gold.decisions() == []
    assert "Open a document in the reader" in view.said.text()
