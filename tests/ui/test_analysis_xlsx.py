"""Export XLSX… beside Export CSV… in each Analysis pane (issue 14): the button writes the table
off the GUI thread; read back by openpyxl, every cell is the CSV's of the same table (names as
text, counts as numbers, figures as reported)."""

from __future__ import annotations

import csv

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton

from tests.ui.test_analysis import _coded, _wait

SHIFT_CTRL = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _export_both(window, qtbot, pane, tmp_path, monkeypatch):
    """Press Export XLSX… (the save dialog answered with a path), and write the CSV too."""
    out = tmp_path / f"{pane.key}.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(out), "XLSX (*.xlsx)")))
    button = pane.findChild(QPushButton, f"{pane.key}-xlsx")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.controller.tasks.wait_idle(0.05) and out.exists(), timeout=10000)
    assert pane.status.text().startswith("Saved")
    pane.write_csv(str(tmp_path / f"{pane.key}.csv"))
    qtbot.waitUntil(lambda: window.controller.tasks.wait_idle(0.05) and (tmp_path / f"{pane.key}.csv").exists())
    with open(tmp_path / f"{pane.key}.csv", encoding="utf-8", newline="") as handle:
        written = list(csv.reader(handle))
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [pane.key, "notes"]
    return written, list(book[pane.key].iter_rows())


def _agrees(cell, written):
    if cell.value is None:
        return written == ""
    if cell.data_type == "n":
        return float(written) == cell.value
    return cell.value == written


def test_each_pane_exports_xlsx_with_the_cells_of_its_csv(window, qtbot, tmp_path, monkeypatch):
    _coded(window)
    qtbot.keyClick(window, Qt.Key.Key_T, SHIFT_CTRL)
    dialog = window.analysis
    crosstab = dialog.crosstab
    _wait(window, qtbot, crosstab.model)
    crosstab.percent.setCurrentText("row")
    _wait(window, qtbot, crosstab.model)
    for pane in (crosstab, dialog.cooccurrence, dialog.compare):
        dialog.show_tab(pane.key)
        _wait(window, qtbot, pane.model)
        written, cells = _export_both(window, qtbot, pane, tmp_path, monkeypatch)
        assert [c.value for c in cells[0]] == written[0] and len(cells) == len(written)
        for row, line in zip(written[1:], cells[1:], strict=True):
            assert all(_agrees(c, w) for c, w in zip(line, row, strict=True)), (pane.key, row)
        keys = 2 if pane is dialog.compare else 1
        assert all(c.data_type == "s" for line in cells[1:] for c in line[:keys] if c.value is not None)
        if pane is dialog.compare:  # figures as reported: text
            assert {c.value for line in cells[1:] for c in line[2:]} - {None} == {"at least 200", "32", "25–30"}
        else:
            assert any(c.data_type == "n" for line in cells[1:] for c in line[1:])
    # The crosstab by row percentages: the shares, as the command line's CSV has them.
    written, _cells = _export_both(window, qtbot, crosstab, tmp_path, monkeypatch)
    assert all(r[-1] in ("100.0", "") for r in written[1:-1])
