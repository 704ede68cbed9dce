"""Help → Keyboard shortcuts: every key the app answers to, on one page."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

SHORTCUTS = (
    ("Reading", (("Ctrl+O", "Open the selected document (or Enter / double-click in the library)"),
                 ("Ctrl+F", "Find in the document; Enter next, Shift+Enter previous, Esc close"),
                 ("Ctrl++ / Ctrl+- / Ctrl+0", "Larger / smaller / default text"),
                 ("Arrows, Page Up/Down, Home/End", "Move the caret (click in the text first)"),
                 ("Shift+arrows, double-click, triple-click", "Select a passage, a word, a paragraph"))),
    ("Tagging", (("1 … 9", "Tag the selection with the tag that has this key; with no selection, add or "
                  "remove that tag on the current passage"),
                 ("Right-click → Tag as", "Tag the selection with any tag"),
                 ("] / [", "Next / previous annotation"),
                 ("Del", "Delete the current annotation"),
                 ("Ctrl+Enter in the note box", "Save the note (it also saves when you leave the box)"))),
    ("Suggestions", (("N / Shift+N", "Next / previous suggestion (dashed outline in the reader)"),
                     ("A or Enter", "Accept it: it becomes an annotation with its fields filled in"),
                     ("Shift+A", "Accept every suggestion of its tag in this document (one undo step)"),
                     ("X or Backspace", "Reject it: not suggested again for this document"),
                     ("Ctrl+Shift+L", "The Suggestions list (Accept all of a tag: choose the tag, then the button)"),
                     ("Ctrl+Shift+S", "Show or hide suggestions"))),
    ("Editing", (("Ctrl+Z", "Undo (tags, notes, deletions, codebook, document details)"),
                 ("Ctrl+Shift+Z or Ctrl+Y", "Redo"),
                 ("Ctrl+Shift+K", "Codebook"),
                 ("Ctrl+I", "Edit document details"))),
    ("Library", (("Ctrl+Shift+I", "Import files (or drop them on the window)"),
                 ("Ctrl+E", "Export to CSV"),
                 ("Ctrl+L", "Filter the library"),
                 ("Ctrl+Q", "Quit (everything is already saved)"))),
)


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.resize(640, 560)
        browser = QTextBrowser(self)
        html = ["<style>td{padding:3px 10px 3px 0} th{text-align:left;padding-top:10px}</style><table>"]
        for section, rows in SHORTCUTS:
            html.append(f"<tr><th colspan=2>{section}</th></tr>")
            html.extend(f"<tr><td><b>{key}</b></td><td>{what}</td></tr>" for key, what in rows)
        html.append("</table><p>Every change is saved the moment you make it; there is no Save command.</p>")
        browser.setHtml("".join(html))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(browser)
        layout.addWidget(buttons)
