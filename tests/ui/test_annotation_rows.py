"""An annotation row shows both lines of its passage whole, whatever the theme's font: a font with
leading (line spacing beyond its height, as some dark GTK themes' fonts have) clipped the second
line when rows were sized by the font's height (issue 11, bug 8)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication

from annotator.ui.launch import build_window

LEADING_FONT = "DejaVu Math TeX Gyre"  # the one font here with leading (fonts-dejavu-core ships it)


def _ink_bands(image, left: int, right: int) -> list[tuple[int, int]]:
    """Runs of pixel rows holding dark text (the separator line and the chips' fills are lighter)."""
    bands: list[tuple[int, int]] = []
    start = None
    for y in range(image.height()):
        inked = any(image.pixelColor(x, y).lightness() < 90 for x in range(left, right))
        if inked and start is None:
            start = y
        elif not inked and start is not None:
            bands.append((start, y))
            start = None
    if start is not None:
        bands.append((start, image.height()))
    return bands


@pytest.mark.sqlite_only(reason="how a row is painted: the same on both backends, one is enough")
def test_both_lines_of_a_passage_show_whole_in_a_font_with_leading(location, qtbot, tmp_path):
    font = QFont(LEADING_FONT, 17)  # large: the leading (5 px a line) adds up to what was clipped
    if QFontMetrics(font).leading() <= 0:
        pytest.skip(f"{LEADING_FONT} is not installed here, or has no leading")
    app = QApplication.instance()
    before = app.font()
    app.setFont(font)  # a theme's font: set before the window is built, as at start-up
    try:
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        window = build_window(location, "gui-tester", settings)
        qtbot.addWidget(window)
        services = window.controller.services
        services.documents.import_samples()
        window.reload_library()
        text = services.documents.text(1)
        start = text.index("Hundreds")
        services.annotations.tag(1, start, start + 400, [services.codebook.tags()[0].id])  # wraps past two lines
        window.resize(1400, 900)
        window.show()
        qtbot.waitExposed(window)
        window.controller.open_document(1)
        pane = window.workspace.pane
        qtbot.waitUntil(lambda: pane.model.rowCount() == 1, timeout=10_000)
        rect = pane.list.visualRect(pane.model.index(0, 0))
        image = pane.list.viewport().grab(rect).toImage()
        bands = _ink_bands(image, 6, image.width() - 6)
        quote_lines = [b for b in bands if b[0] > image.height() // 3]  # below the chips' line
        assert len(quote_lines) == 2, (bands, image.height())
        first, second = quote_lines
        assert second[1] - second[0] >= (first[1] - first[0]) - 2  # the second line is not cut at the bottom
        assert second[1] < image.height() - 1  # and ends above the row's separator
        assert window.controller.tasks.wait_idle()
        window.close()
        services.close()
    finally:
        app.setFont(before)
