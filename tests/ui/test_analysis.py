"""Analysis → Crosstab… and Compare outlets… in the real window (issue 14): opened by their keys,
counted off the GUI thread, the cells as the library holds them, a cell opening its passages in
the reader, the chart painted in the palette's colours and saved as PNG and SVG."""

from __future__ import annotations

import re
from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPalette
from PySide6.QtWidgets import QApplication

from annotator.domain.models import DocumentMeta
from annotator.ui.widgets.chart import PALETTE, ChartWidget, Series


def _coded(window):
    """Passages with tags and figures in documents of three outlets."""
    services = window.controller.services
    tags = {t.name: t.id for t in services.codebook.tags()}
    figures = (
        (1, 100, {"count_min": "200", "qualifier": "at least", "kind": "killed"}),
        (2, 100, {"count_min": "32", "count_max": "32", "kind": "killed"}),
        (4, 120, {"count_min": "25", "count_max": "30", "kind": "wounded"}),
    )
    for doc, start, fields in figures:
        services.annotations.tag(doc, start, start + 12, [tags["casualty figure"]], fields=fields)
    for doc, start in ((1, 10), (1, 40), (3, 10), (4, 60)):
        services.annotations.tag(doc, start, start + 9, [tags["claim"]])
    meta = services.documents.get(3).meta
    services.documents.set_meta(3, DocumentMeta(meta.title, "", meta.published, meta.dateline, meta.url, meta.language))
    return services


def _stored_counts(services):
    """(tag, outlet) -> passages, from the stored annotations and documents."""
    names = {t.id: t.name for t in services.codebook.tags()}
    counts = Counter()
    for document in services.documents.list():
        for a in services.annotations.for_document(document.id):
            for tag_id in a.tag_ids:
                counts[names[tag_id], document.meta.source or "(none)"] += 1
    return counts


def _wait(window, qtbot, model):
    qtbot.waitUntil(lambda: window.controller.tasks.wait_idle(0.05) and model.rowCount() > 0, timeout=10000)


def test_crosstab_window_counts_as_stored_and_a_cell_opens_its_passage(window, qtbot, tmp_path):
    services = _coded(window)
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.analysis
    assert dialog is not None and dialog.isVisible()
    pane = dialog.crosstab
    _wait(window, qtbot, pane.model)
    header, rows = pane.model.header, pane.model.rows
    shown = {(r[0], c): int(v) for r in rows if r[0] != "total" for c, v in zip(header[1:-1], r[1:-1], strict=True)}
    assert {k: v for k, v in shown.items() if v} == dict(_stored_counts(services))
    # A click on the cell "claim" × Trend lists its passages; Enter opens one in the reader.
    row = next(i for i, r in enumerate(rows) if r[0] == "claim")
    column = header.index("Trend News Agency")
    index = pane.proxy.mapFromSource(pane.model.index(row, column))
    qtbot.mouseClick(pane.table.viewport(), Qt.MouseButton.LeftButton, pos=pane.table.visualRect(index).center())
    qtbot.waitUntil(lambda: pane.passages.count() == int(rows[row][column]), timeout=10000)
    document_id, annotation_id = pane.passages.currentItem().data(Qt.ItemDataRole.UserRole)
    pane.passages.setFocus()
    qtbot.keyClick(pane.passages, Qt.Key.Key_Return)
    assert window.controller.document.id == document_id
    assert window.workspace.reader.current() == annotation_id
    assert services.documents.get(document_id).meta.source == "Trend News Agency"
    # Percentages of each row, then the chart: bars in the series' colours, saved both ways.
    pane.percent.setCurrentText("row")
    _wait(window, qtbot, pane.model)
    assert pane.model.rows[row][-1] == f"{sum(int(v) for v in rows[row][1:-1])} (100.0%)"
    image = pane.chart.grab().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)}
    assert PALETTE[0] in colours and PALETTE[1] in colours
    for name in ("chart.png", "chart.svg", "table.csv"):  # written off the GUI thread, by the services
        (pane.write_csv if name.endswith(".csv") else pane.write_chart)(str(tmp_path / name))
        qtbot.waitUntil(lambda: window.controller.tasks.wait_idle(0.05) and pane.status.text().startswith("Saved"))
    assert (tmp_path / "chart.png").stat().st_size > 1000
    svg = (tmp_path / "chart.svg").read_text(encoding="utf-8")
    assert "<svg" in svg and "Trend News Agency" in svg
    assert (tmp_path / "table.csv").read_text(encoding="utf-8").splitlines()[0].startswith("tag,")


def test_compare_window_lines_up_the_stored_figures_and_follows_a_dark_palette(window, qtbot):
    _coded(window)
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    pane = window.analysis.compare
    assert window.analysis.tabs.currentWidget() is pane and pane.tag.currentText() == "casualty figure"
    _wait(window, qtbot, pane.model)
    header, rows = pane.model.header, pane.model.rows
    assert header[:2] == ["date", "kind"]
    cells = {(r[0], r[1], o): v for r in rows for o, v in zip(header[2:], r[2:], strict=True) if v}
    services = window.controller.services
    meta = {d.id: d.meta for d in services.documents.list()}
    assert cells == {
        (meta[1].published, "killed", meta[1].source): "at least 200",
        (meta[2].published, "killed", meta[2].source): "32",
        (meta[4].published, "wounded", meta[4].source): "25–30",
    }
    assert pane.chart.kind == "lines" and len(pane.chart.series) == len(header) - 2
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
    pane.chart.setPalette(dark)
    image = pane.chart.grab().toImage()
    assert image.pixelColor(2, 2).name() == "#1e1e1e"
    assert QApplication.activeModalWidget() is None  # the window is not modal


def test_compare_chart_shows_each_figure_as_reported_below_the_top_of_its_axis(window, qtbot):
    """The line chart of figures says what each point is ("at least 200": the qualifier a bare
    point loses), and the highest point sits below the axis's top line, not on the frame."""
    _coded(window)
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    pane = window.analysis.compare
    _wait(window, qtbot, pane.model)
    pane.chart.resize(640, 320)
    svg = pane.chart.encoded("svg").decode("utf-8")
    for shown in ("at least 200", "32"):  # the killed, the most reported kind: the chart's first
        assert f">{shown}<" in svg, shown
    assert ">25–30<" not in svg and pane.kind.currentText() == "killed"
    pane.kind.setCurrentText("wounded")
    assert ">25–30<" in pane.chart.encoded("svg").decode("utf-8")
    pane.kind.setCurrentText("killed")
    # The documents without a source hold no figure: their outlet is a column and a legend entry still.
    assert pane.model.header[-1] == "(none)" and all(row[-1] == "" for row in pane.model.rows)
    assert pane.chart.series[-1].name == "(none): no figure" and set(pane.chart.series[-1].values) == {None}
    highest = max(pane.chart.series, key=lambda s: max(v or 0 for v in s.values))
    image = pane.chart.grab().toImage()
    plot_width = image.width() * 2 // 3  # left of the legend, whose swatches share the colours
    rows = [
        y
        for y in range(image.height())
        for x in range(0, plot_width)
        if image.pixelColor(x, y).name() == QColor(highest.color).name()
    ]
    assert rows and min(rows) > 12, min(rows or [0])  # the top gridline is at 10 px: nothing on or above it


def test_chart_labels_of_close_figures_do_not_cover_each_other(qtbot):
    """Two outlets' figures a unit apart on one day: both labels drawn, one below its point."""
    chart = ChartWidget()
    qtbot.addWidget(chart)
    chart.resize(640, 320)
    series = [Series("AP", (32.0,), labels=("32",)), Series("TASS", (33.0,), labels=("several 33",))]
    chart.set_data(["2023-09-20"], series, kind="lines", x_title="date", y_title="figure reported")
    svg = chart.encoded("svg").decode("utf-8")
    baseline = {
        label: float(re.search(rf'\sy="([0-9.]+)"[^>]*>\s*{label}</text>', svg).group(1)) for label in ("32", "several 33")
    }
    assert abs(baseline["32"] - baseline["several 33"]) >= QFontMetricsF(chart.font()).height() - 0.5, baseline


def test_a_count_of_digits_int_cannot_read_is_shown_as_written():
    """'10²' is digits to str.isdigit but not a number to int: the chart label keeps it as written."""
    from annotator.ui.dialogs.analysis_dialog import _grouped

    assert _grouped({"count_min": "10²", "count_max": "100000"}) == {"count_min": "10²", "count_max": "100,000"}


def test_figures_chart_plots_one_kind_at_a_time_so_32_killed_is_not_hidden_by_200_wounded(window, qtbot):
    """One outlet reported 32 killed and 200 wounded the same day: the chart of the killed shows
    32 (the highest across kinds showed 200); the kind chooser starts on the most reported kind."""
    services = window.controller.services
    tag = next(t.id for t in services.codebook.tags() if t.name == "casualty figure")
    for doc, start, fields in (
        (1, 100, {"count_min": "32", "count_max": "32", "kind": "killed"}),
        (1, 140, {"count_min": "200", "count_max": "200", "kind": "wounded"}),
        (2, 100, {"count_min": "5", "kind": "killed"}),
    ):
        services.annotations.tag(doc, start, start + 12, [tag], fields=fields)
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    pane = window.analysis.compare
    _wait(window, qtbot, pane.model)
    meta = services.documents.get(1).meta
    assert [pane.kind.itemText(i) for i in range(pane.kind.count())] == ["killed", "wounded"]
    assert pane.kind.isVisible() and pane.kind.currentText() == "killed"

    def point(outlet):
        series = next(s for s in pane.chart.series if s.name == outlet)
        return series.values[list(pane.chart.categories).index(meta.published)], pane.chart.y_title

    assert point(meta.source) == (32.0, "figure reported: killed")
    pane.kind.setCurrentText("wounded")
    assert point(meta.source) == (200.0, "figure reported: wounded")
    assert services.documents.get(2).meta.published not in pane.chart.categories  # no wounded that day
