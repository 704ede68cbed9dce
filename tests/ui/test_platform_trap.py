"""PySide6 6.12.0 on Python < 3.12 over-releases None and aborts later (QT_NOTES §1)."""

import sys

from PySide6.QtGui import QTextCursor, QTextDocument


def test_none_refcount_survives_void_qt_calls(qapp):
    document = QTextDocument("x" * 100)
    cursor = QTextCursor(document)
    before = sys.getrefcount(None)
    for i in range(1000):
        cursor.setPosition(i % 100)
    assert sys.getrefcount(None) >= before - 10, "this PySide6/Python pair loses references to None"
