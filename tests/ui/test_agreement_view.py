"""Tags → Agreement… on the real window: tags × measures, a row lists its disagreements, F8 steps
through them, accept and reject write gold through the undo stack."""

from __future__ import annotations

from PySide6.QtCore import Qt


def _code(window):
    services = window.controller.services
    for coder, quotes in (("ann", ["Armenia and Azerbaijan", "Karabakh"]), ("bob", ["between Armenia and Azerbaijan"])):
        services.coders.switch(coder)
        for quote in quotes:
            services.annotations.tag_quote(4, quote, ["claim"], nth=1)
    services.coders.add("Lea", lead=True)
    services.coders.switch("lea")


def _open_view(window, qtbot):
    action = next(a for a in window.tags_menu.actions() if a.text().replace("&", "").startswith("Agreement"))
    action.trigger()
    view = window.agreement
    qtbot.waitUntil(lambda: view.figures.rowCount() > 0, timeout=20_000)
    return view


def test_the_view_shows_measures_steps_through_disagreements_and_adjudicates(window, qtbot, qtmodeltester):
    _code(window)
    view = _open_view(window, qtbot)
    qtmodeltester.check(view.figures)
    tags = [view.figures.item(r, 0).text() for r in range(view.figures.rowCount())]
    assert tags == ["claim", "(all tags)"]
    assert view.figures.item(0, 2).text() not in ("", "—")  # α_U of claim
    assert "percent agreement is high while κ stays low" in view.caveat.text()
    qtbot.mouseClick(
        view.table.viewport(), Qt.MouseButton.LeftButton, pos=view.table.visualRect(view.figures.index(0, 2)).center()
    )
    assert view.tag == "claim" and view.disagreements.count() == 2  # spans differ; only ann marked Karabakh
    first = view.current()
    assert sorted(d.kind for d in view.found) == ["missing", "span"] and first is view.found[0]
    assert view.passages.count() == 2 and window.controller.document.id == 4
    qtbot.keyClick(view, Qt.Key.Key_F8)
    assert view.current() is view.found[1]
    qtbot.keyClick(view, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert view.current() is first
    missing = next(d for d in view.found if d.kind == "missing")
    view.disagreements.setCurrentRow(view.found.index(missing))
    assert "bob: not marked" in view.passages.item(1).text()
    view.disagreements.setCurrentRow(1 - view.found.index(missing))  # the one whose spans differ
    view.passages.setCurrentRow(1)  # bob's longer span
    qtbot.mouseClick(view.accept_button, Qt.MouseButton.LeftButton)
    gold = window.controller.services.gold
    (decision,) = gold.decisions([4])
    assert decision.decision == "accepted" and decision.curator == "lea"
    golden = [a for a in window.controller.services.annotations.for_document(4) if a.layer == "gold"]
    assert [a.quote for a in golden] == ["between Armenia and Azerbaijan"]
    window.controller.undo()
    assert gold.decisions([4]) == []
    window.controller.redo()
    assert [d.id for d in gold.decisions([4])] == [decision.id]
    view.disagreements.setCurrentRow(view.found.index(missing))
    qtbot.mouseClick(view.reject_button, Qt.MouseButton.LeftButton)
    assert [d.decision for d in gold.decisions([4])] == ["accepted", "rejected"]


def test_a_coder_is_told_only_the_lead_adjudicates(window, qtbot, no_blocking_dialogs):
    _code(window)
    window.controller.services.coders.switch("ann")
    view = _open_view(window, qtbot)
    view.choose_row(0)
    qtbot.mouseClick(view.reject_button, Qt.MouseButton.LeftButton)
    assert window.controller.services.gold.decisions([4]) == []
    assert any("only the lead" in said for said in no_blocking_dialogs), no_blocking_dialogs
