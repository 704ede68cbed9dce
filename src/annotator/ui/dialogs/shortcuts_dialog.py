"""Help → Keyboard shortcuts: every key the app answers to, on one page."""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMenuBar, QTextBrowser, QVBoxLayout, QWidget

# Keys the widgets answer to themselves. Menu commands are not listed here: the page reads them
# from the menus, so it cannot drift from what a shortcut really does.
SHORTCUTS = (
    (
        "Reading",
        (
            ("Click, arrow keys or Enter in the library", "Open that document"),
            ("Enter / Shift+Enter / Esc in the find bar", "Next / previous match, close"),
            ("Arrows, Page Up/Down, Home/End", "Move the caret (click in the text first)"),
            ("Shift+arrows, double-click, triple-click", "Select a passage, a word, a paragraph"),
        ),
    ),
    (
        "Tagging",
        (
            (
                "1 … 9",
                "Tag the selection with the tag that has this key; with no selection, add or "
                "remove that tag on the current passage",
            ),
            ("Right-click → Tag as", "Tag the selection with any tag"),
            (
                "Del, or Backspace",
                "Delete the current annotation (in the reader; Backspace rejects the current suggestion when there is one)",
            ),
            ("Ctrl+Enter in the note box", "Save the note (it also saves when you leave the box)"),
        ),
    ),
    (
        "Suggestions",
        (
            ("N / Shift+N", "Next / previous suggestion (dashed outline in the reader)"),
            ("A or Enter", "Accept it: it becomes an annotation with its fields filled in"),
            ("Shift+A", "Accept every suggestion of its tag in this document (one undo step)"),
            ("X or Backspace", "Reject it: not suggested again for this document"),
        ),
    ),
    (
        "Agreement view (Tags → Agreement…), also from the reader while it is open",
        (
            ("F8 / Shift+F8", "Next / previous disagreement: its document opens, its span selected"),
            ("F9", "Accept edited: the span selected in the reader, with the disagreement's tag"),
            ("Shift+F9", "Add: the reader's selection, a passage nobody marked, with that tag"),
            ("Ctrl+Z / Ctrl+Shift+Z in the view", "Undo / redo the last decision"),
        ),
    ),
)


def menu_shortcuts(menu_bar: QMenuBar) -> list[tuple[str, str]]:
    """(keys, "Menu → Command") for every menu command that has a shortcut, in menu order."""
    found = []
    for top in menu_bar.actions():
        menu = top.menu()
        if menu is None:
            continue
        for action in menu.actions():
            native = (k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())
            keys = " or ".join(k for k in native if k)
            if keys:
                name = action.text().split("\t")[0].replace("&", "")
                found.append((keys, f"{top.text().replace('&', '')} → {name}"))
    return found


class ShortcutsDialog(QDialog):
    def __init__(self, menu_bar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.resize(640, 560)
        self.browser = browser = QTextBrowser(self)
        html = ["<style>td{padding:3px 10px 3px 0} th{text-align:left;padding-top:10px}</style><table>"]
        for section, rows in (*SHORTCUTS, ("Menu commands", menu_shortcuts(menu_bar))):
            html.append(f"<tr><th colspan=2>{section}</th></tr>")
            html.extend(f"<tr><td><b>{escape(key)}</b></td><td>{escape(what)}</td></tr>" for key, what in rows)
        html.append("</table><p>Every change is saved the moment you make it; there is no Save command.</p>")
        browser.setHtml("".join(html))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(browser)
        layout.addWidget(buttons)
