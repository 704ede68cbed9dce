"""Opening documents all day holds memory flat: the reader keeps one QTextDocument, not one per
document opened (issue 17 §2: 8 opens left 8 documents alive; 17 opens of a 1 MB article held
0.9–1.5 GB)."""

from PySide6.QtGui import QTextDocument

from tests.ui.conftest import open_doc


def test_after_many_opens_the_reader_holds_one_text_document(window, qtbot):
    reader = window.workspace.reader
    for n in range(8):
        open_doc(window, 1 + n % 4)  # in a row, no return to the event loop: deleteLater would not run
        reader.viewport().repaint()  # painting leaves blocks to prepare in idle time…
    qtbot.wait(50)  # …which must not be blocks of a deleted document
    assert len(reader.findChildren(QTextDocument)) == 1
    assert reader.document().toPlainText().startswith(window.controller.services.documents.text(4)[:20])
