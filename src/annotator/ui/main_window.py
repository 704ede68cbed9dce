"""The main window: composition and wiring only — panes, menus, settings, dialogs, jobs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMessageBox, QSplitter, QStackedWidget

from annotator import __version__
from annotator.domain.models import Tag
from annotator.domain.wording import count_of
from annotator.services import Changes
from annotator.services.options import ExportOptions

if TYPE_CHECKING:
    from annotator.services.documents import Outcome
    from annotator.ui.dialogs.analysis_dialog import AnalysisDialog
from annotator.ui import dialogs
from annotator.ui.agreement_flow import AgreementFlow
from annotator.ui.coder_view import CoderViewMenu
from annotator.ui.commands import DeleteDocumentCommand, DetailsCommand, LexiconCommand, SetValuesCommand
from annotator.ui.controller import Controller
from annotator.ui.import_run import IMPORT_FILTER, STEPS, import_work
from annotator.ui.jobs import Job
from annotator.ui.kept_filters import KeptFilters
from annotator.ui.lanes_mode import LanesMode
from annotator.ui.library_menu import LibraryMenu
from annotator.ui.pane_split import PaneSplit
from annotator.ui.places import ReadingPlaces
from annotator.ui.search_flow import SearchFlow
from annotator.ui.widgets.empty_state import EmptyState
from annotator.ui.widgets.file_drops import pass_file_drops
from annotator.ui.widgets.library_pane import LibraryPane
from annotator.ui.widgets.workspace import Workspace


class MainWindow(QMainWindow):
    def __init__(self, controller: Controller, settings: QSettings, places: ReadingPlaces) -> None:
        super().__init__()
        self.controller = controller
        controller.setParent(self)  # its timers and threads' results die with the window
        self.settings = settings
        self.places = places
        self.job: Job | None = None
        self.analysis: AnalysisDialog | None = None  # Analysis → Crosstab… / Co-occurrence… / Compare outlets…, made once
        self.search = SearchFlow(self)
        self.agreements = AgreementFlow(self)  # Tags → Agreement…, its view made once
        self.setWindowTitle("Annotator")
        self.setAcceptDrops(True)
        self.library = LibraryPane(self)
        self.workspace = Workspace(controller, self)
        self.workspace.places = places
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.empty = EmptyState(self)
        self.right = QStackedWidget(self)  # the workspace, or what to do while the library is empty
        self.right.addWidget(self.workspace)
        self.right.addWidget(self.empty)
        self.splitter.addWidget(self.library)
        self.splitter.addWidget(self.right)
        self.split = PaneSplit(self.splitter, self.library)  # the library's room: a 60-character title
        self.workspace.setSizes([800, 300])
        self.setCentralWidget(self.splitter)
        self.counts = QLabel(self)
        self.statusBar().addPermanentWidget(self.counts)
        self.connection = QLabel(self)  # a server library that cannot be reached says so here
        self.connection.hide()
        self.statusBar().addPermanentWidget(self.connection)
        self._build_menus()
        self._wire()
        self._restore()
        self.filters = KeptFilters(self, places)  # this library's filters as they were left
        pass_file_drops(self.splitter)  # a file dropped on a note or filter box is imported too

    # --- menus ---------------------------------------------------------------------------
    def _action(self, menu: object, text: str, slot: object, shortcut: object = None, *, library: bool = False) -> QAction:
        """A menu action; with library=True it waits for the library to be open (the window
        shows before it is)."""
        action = QAction(text, self)
        if shortcut is not None:
            keys = shortcut if isinstance(shortcut, list) else [shortcut]
            action.setShortcuts([QKeySequence(k) for k in keys])
        if library:
            action.triggered.connect(lambda: slot() if self.controller.ready else self._not_yet())  # type: ignore[operator]
        else:
            action.triggered.connect(slot)
        menu.addAction(action)  # type: ignore[attr-defined]
        return action

    def _not_yet(self) -> None:
        self.statusBar().showMessage(self.tr("The library is still opening…"), 3000)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        stack = self.controller.undo_stack
        file = bar.addMenu(self.tr("&File"))
        self._action(
            file, self.tr("&Import…"), self.choose_imports, [QKeySequence.StandardKey.Open, "Ctrl+Shift+I"], library=True
        )
        self._action(file, self.tr("Import the &sample articles"), self.import_samples, library=True)
        self._action(file, self.tr("&Export to CSV…"), self.export, "Ctrl+E", library=True)
        self._action(file, self.tr("&Delete document…"), self.delete_document, library=True)
        file.addSeparator()
        self.libraries = LibraryMenu(self, file)
        file.addSeparator()
        self._action(file, self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)

        edit = bar.addMenu(self.tr("&Edit"))
        # Undo and redo go through the controller: the stack moves only when the library did.
        self.undo_action = self._action(edit, self.tr("&Undo"), self.controller.undo)
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = self._action(edit, self.tr("&Redo"), self.controller.redo, ["Ctrl+Shift+Z", "Ctrl+Y"])
        for action, can, text, name in (
            (self.undo_action, stack.canUndoChanged, stack.undoTextChanged, self.tr("&Undo")),
            (self.redo_action, stack.canRedoChanged, stack.redoTextChanged, self.tr("&Redo")),
        ):
            action.setEnabled(False)
            can.connect(action.setEnabled)
            text.connect(lambda label, a=action, n=name: a.setText(f"{n} {label}".strip()))
        edit.addSeparator()
        self._action(edit, self.tr("&Find…"), self.workspace.open_find, QKeySequence.StandardKey.Find)
        self._action(edit, self.tr("&Search the library…"), self.search.open, "Ctrl+Shift+F", library=True)
        self._action(edit, self.tr("&Delete annotation"), self.workspace.delete_current, library=True)
        self._action(edit, self.tr("Edit &note"), self.workspace.pane.edit_note, "F2")
        self._action(edit, self.tr("Document &details…"), self.edit_details, "Ctrl+I", library=True)
        edit.addSeparator()
        self.snap = self._action(edit, self.tr("&Snap selections to whole words"), self._set_snap)
        self.snap.setCheckable(True)

        view = bar.addMenu(self.tr("&View"))
        reader = self.workspace.reader
        self._action(view, self.tr("Zoom &in"), lambda: reader.zoom(1), [QKeySequence.StandardKey.ZoomIn, "Ctrl+="])
        self._action(view, self.tr("Zoom &out"), lambda: reader.zoom(-1), QKeySequence.StandardKey.ZoomOut)
        self._action(view, self.tr("&Actual size"), lambda: reader.zoom(0), "Ctrl+0")
        view.addSeparator()
        self._action(view, self.tr("&Next annotation"), lambda: self.workspace.go_to_neighbour(True), "]")
        self._action(view, self.tr("&Previous annotation"), lambda: self.workspace.go_to_neighbour(False), "[")
        view.addSeparator()
        flow = self.workspace.suggestions
        self.show_suggestions = self._action(view, self.tr("Show &suggestions"), self._set_suggestions, "Ctrl+Shift+S")
        self.show_suggestions.setCheckable(True)
        self._action(view, self.tr("Ne&xt suggestion\tN"), lambda: flow.step(True))
        self._action(view, self.tr("Pre&vious suggestion\tShift+N"), lambda: flow.step(False))
        self.advance = self._action(view, self.tr("&Go to the next suggestion after A or X"), self._set_advance)
        self.advance.setCheckable(True)
        self._action(view, self.tr("Suggestions &list"), self._focus_suggestions, "Ctrl+Shift+L")
        view.addSeparator()
        CoderViewMenu(self.controller.coder_view, lambda: self.controller.services if self.controller.ready else None, view)
        self.lanes = LanesMode(reader, self.settings, view)  # View → Lanes by coder (F7)
        view.addSeparator()
        self._action(view, self.tr("Everyone's &progress…"), self.show_progress, library=True)
        self._action(view, self.tr("Go to &library"), self.library.filter.setFocus, "Ctrl+L")
        self._action(view, self.tr("Go to &reader"), reader.setFocus, "Ctrl+R")

        self.tags_menu = bar.addMenu(self.tr("&Tags"))
        analysis = bar.addMenu(self.tr("&Analysis"))
        self._action(analysis, self.tr("&Crosstab…"), lambda: self.show_analysis("crosstab"), "Ctrl+Shift+T", library=True)
        self._action(
            analysis, self.tr("Co-occ&urrence…"), lambda: self.show_analysis("cooccurrence"), "Ctrl+Shift+Y", library=True
        )
        self._action(
            analysis, self.tr("Compare &outlets…"), lambda: self.show_analysis("compare"), "Ctrl+Shift+O", library=True
        )
        help_menu = bar.addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("&Keyboard shortcuts"), self.show_shortcuts, QKeySequence.StandardKey.HelpContents)
        self._action(help_menu, self.tr("&About Annotator"), self.about)

    def show_shortcuts(self) -> None:
        """Not modal: the page can stay open beside the reader while one learns the keys."""
        dialog = dialogs.ShortcutsDialog(self.menuBar(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def _fill_tags_menu(self, tags: list[Tag]) -> None:
        from annotator.ui import theme

        self.tags_menu.clear()
        for tag in tags:
            action = self.tags_menu.addAction(theme.swatch(tag.color), self.tr("Tag as “%s”") % tag.name)
            if tag.shortcut:
                action.setText(action.text() + f"\t{tag.shortcut}")  # the reader handles the key itself
            action.triggered.connect(lambda _=False, t=tag.id: self.workspace.tag_with(t))
        self.tags_menu.addSeparator()
        self._action(self.tags_menu, self.tr("&Codebook…"), self.edit_codebook, "Ctrl+Shift+K", library=True)
        self._action(self.tags_menu, self.tr("Framing &lexicon…"), self.edit_lexicon, library=True)
        self._action(self.tags_menu, self.tr("&Agreement…"), self.show_agreement, library=True)

    # --- wiring --------------------------------------------------------------------------
    def _wire(self) -> None:
        c = self.controller
        self.library.openRequested.connect(c.open_document)
        self.library.deleteRequested.connect(self.delete_document)
        self.library.setVariableRequested.connect(self.set_variable)
        self.empty.samplesRequested.connect(self.import_samples)
        self.empty.importRequested.connect(self.choose_imports)
        c.documentOpened.connect(lambda document, *_: self._on_opened(document.id))
        c.documentsChanged.connect(self.library.update_documents)
        c.documentsChanged.connect(lambda _docs: self._update_counts())
        c.codebookChanged.connect(self._fill_tags_menu)
        c.errorOccurred.connect(self.show_error)
        c.busy.connect(lambda m: self.statusBar().showMessage(m) if m else self.statusBar().clearMessage())
        c.messageRequested.connect(lambda m: self.statusBar().showMessage(m, 8000))
        c.connectionChanged.connect(lambda m: (self.connection.setText(m), self.connection.setVisible(bool(m))))
        c.changed.connect(self._on_changed)
        self.workspace.messageRequested.connect(lambda m: self.statusBar().showMessage(m, 5000))
        self._fill_tags_menu(c.tags)

    def reload_library(self) -> None:
        self.library.set_rows(self.controller.services.documents.listing())
        self._update_counts()

    def _update_counts(self) -> None:
        # Before the library is listed, a previewed document is proof enough that it is not empty
        # (the empty state there hid the reader until the services had loaded: 0.3 s at start-up).
        previewing = not self.controller.ready and self.controller.document is not None
        self.right.setCurrentWidget(self.workspace if self.library.model.total() or previewing else self.empty)
        self._show_counts()

    def _on_changed(self, changes: Changes, initiator: object) -> None:
        """Documents added or removed (by another program): the list again, same place and row."""
        if not changes.library:
            return
        bar = self.library.table.verticalScrollBar()
        place = bar.value()
        open_id = self.controller.document.id if self.controller.document is not None else None
        open_row = self.library.model.row_of(open_id) if open_id is not None else None
        self.reload_library()
        if open_id is not None and self.library.model.row_of(open_id) is not None:
            self.library.select_document(open_id)
        elif initiator is self.controller and open_row is not None and self.library.model.rowCount():
            # The window deleted the open document: the one that took its row opens.
            row = min(open_row, self.library.model.rowCount() - 1)
            self.controller.open_document(self.library.model.index(row, 0).data(Qt.ItemDataRole.UserRole).id)
        bar.setValue(place)

    def _on_opened(self, document_id: int) -> None:
        self.library.select_document(document_id)
        self.places.set_last_document(document_id)
        self._update_counts()

    def _show_counts(self) -> None:
        documents = self.library.model.rowCount()
        here = self.workspace.reader.highlight_count()  # current even while the list is loading
        text = count_of(documents, self.tr("document"), self.tr("documents"))
        if self.controller.document is not None:
            text += self.tr("  ·  %s in this document") % count_of(here, self.tr("annotation"), self.tr("annotations"))
        self.counts.setText(text)

    # --- actions -------------------------------------------------------------------------
    def show_progress(self) -> None:
        """Each coder's status of each document, in a window of its own that stays current."""
        from annotator.ui.dialogs.progress_dialog import ProgressDialog

        if getattr(self, "progress", None) is None:
            self.progress = ProgressDialog(self.controller, self)
        self.progress.show()
        self.progress.raise_()

    def choose_imports(self) -> None:
        folder = str(self.settings.value("import_folder", str(Path.home())))
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Import articles"), folder, IMPORT_FILTER)
        if paths:
            self.settings.setValue("import_folder", str(Path(paths[0]).parent))
            self.import_paths([Path(p) for p in paths])

    def import_samples(self) -> None:
        self.import_paths(self.controller.services.documents.sample_files())

    def import_paths(self, paths: list[Path]) -> Job | None:
        """Import on a job thread; refused (None) while a merge or copy runs, as every write is."""
        if self.controller.refuse_while_merging():
            return None
        work = import_work(self.controller.services.documents, paths, self.tr)
        self.job = Job(self, self.tr("Importing articles"), work, len(paths) * STEPS, tasks=self.controller.tasks)  # type: ignore[arg-type]
        self.job.done.connect(self._imported)
        self.job.failed.connect(self.show_error)
        self.job.start()
        return self.job

    def _imported(self, outcomes: list[Outcome]) -> None:
        added = [o for o in outcomes if o.document is not None]
        ids = frozenset(o.document.id for o in added)  # type: ignore[union-attr]
        self.controller.changed.emit(Changes(documents=ids, library=True), self.controller)  # the one signal
        duplicates = [o for o in outcomes if o.duplicate_of is not None]
        failed = [o for o in outcomes if o.failed]
        summary = self.tr("Imported %d, already in the library %d, failed %d.") % (len(added), len(duplicates), len(failed))
        self.statusBar().showMessage(summary, 8000)
        if added and self.controller.document is None:
            self.controller.open_document(added[0].document.id)  # type: ignore[union-attr]
        notes = dict.fromkeys(n for o in outcomes for n in o.notes)  # a metadata.csv ignored: once
        if failed or notes:
            lines = "\n".join([f"• {_where(o)}: {o.problem}" for o in failed[:50]] + [f"• {n}" for n in notes])
            if len(failed) > 50:  # a corpus may have thousands of bad rows: the dialog shows the first
                lines += "\n" + self.tr("… and %d more") % (len(failed) - 50)
            QMessageBox.warning(self, self.tr("Import"), f"{summary}\n\n{lines}")

    def export(self) -> None:
        folder = str(self.settings.value("export_folder", str(Path.home())))
        dialog = dialogs.ExportDialog(self.controller.tags, self.controller.document, folder, self)
        if not dialog.exec():
            return
        self.settings.setValue("export_folder", str(dialog.chosen_path().parent))
        self.run_export(dialog.chosen_path(), dialog.options())

    def run_export(self, path: Path, options: ExportOptions) -> Job:
        exports = self.controller.services.exports

        def work(report: object) -> int:
            def progress(rows: int) -> bool:  # False: the user cancelled
                return report(rows, self.tr("%s written") % count_of(rows, self.tr("row"), self.tr("rows")))  # type: ignore[operator,no-any-return]

            return exports.export(path, options, progress=progress, said=notes.append)

        notes: list[str] = []  # what the format tells (an XLSX's cut cells), shown with the result
        self.job = Job(self, self.tr("Exporting"), work, tasks=self.controller.tasks)
        self.job.done.connect(
            lambda count: QMessageBox.information(
                self,
                self.tr("Export"),
                "\n\n".join(
                    [self.tr("Exported %s to\n%s") % (count_of(count, self.tr("row"), self.tr("rows")), path), *notes]
                ),
            )
        )
        self.job.failed.connect(lambda message: self.show_error(message or self.tr("The export was cancelled.")))
        self.job.start()
        return self.job

    def edit_codebook(self) -> None:
        dialogs.CodebookDialog(self.controller, self).exec()

    def show_agreement(self) -> None:
        self.agreement = self.agreements.open()

    def edit_lexicon(self) -> None:
        dialog = dialogs.LexiconDialog(self.controller, self)
        if dialog.exec():
            self.controller.perform(LexiconCommand(self.controller, dialog.entries()))

    def _set_suggestions(self, on: bool) -> None:
        self.workspace.suggestions.set_visible(on)
        self.settings.setValue("show_suggestions", on)

    def _set_advance(self, on: bool) -> None:
        self.workspace.suggestions.advance = on
        self.settings.setValue("advance_suggestions", on)

    def _focus_suggestions(self) -> None:
        self.workspace.tabs.setCurrentWidget(self.workspace.suggestions_pane)
        self.workspace.suggestions_pane.list.setFocus()

    def edit_details(self) -> None:
        document = self.controller.document
        if document is None:
            return
        variables, details = self.controller.details(document.id)
        dialog = dialogs.MetadataDialog(document, self, variables=variables, details=details)
        if dialog.exec():
            self.controller.perform(DetailsCommand(self.controller, document.id, dialog.details()))

    def set_variable(self, document_ids: list[int]) -> None:
        """One variable's value for the documents chosen in the library pane, as one undo step."""
        variables = self.controller.services.variables.variables()
        if not variables:
            QMessageBox.information(self, self.tr("Set variable"), self.tr("The library has no document variables yet."))
            return
        dialog = dialogs.SetVariableDialog(variables, len(document_ids), self)
        if dialog.exec():
            name, value = dialog.chosen()
            self.controller.perform(SetValuesCommand(self.controller, document_ids, name, value))

    def show_analysis(self, which: str) -> None:
        """The Analysis window (not modal), made once; each opening counts again (tables change)."""
        if self.analysis is None:
            self.analysis = dialogs.AnalysisDialog(self.controller, self)
            self.analysis.passageRequested.connect(self._open_passage)
        self.analysis.show()
        self.analysis.raise_()
        self.analysis.show_tab(which)

    def _open_passage(self, document_id: int, annotation_id: int) -> None:
        if self.controller.open_document(document_id):
            self.library.select_document(document_id)
            self.workspace.show_annotation(annotation_id)

    def about(self) -> None:
        from html import escape

        QMessageBox.about(
            self,
            self.tr("About Annotator"),
            self.tr(
                "<h3>Annotator %s</h3><p>Read, highlight and tag news articles; export the tagged passages "
                "exactly.</p><p>Library: <code>%s</code></p>"
            )
            % (__version__, escape(self.library_place())),
        )

    def library_place(self) -> str:
        """Where the library is, as a person names it: the file's path, or a server's address
        (never its password)."""
        library = self.controller.services.library
        return str(library.file) if library.file is not None else library.shown

    def show_error(self, message: str) -> None:
        QMessageBox.warning(self, "Annotator", message)

    def _set_snap(self, on: bool) -> None:
        self.workspace.reader.snap_words = on
        self.settings.setValue("snap_words", on)

    # --- drag and drop -------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # --- settings ------------------------------------------------------------------------
    def _restore(self) -> None:
        s = self.settings
        geometry = s.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 860)
        self.split.restore(s)
        if isinstance(state := s.value("workspace"), QByteArray):
            self.workspace.restoreState(state)
        snap = str(s.value("snap_words", "true")).lower() != "false"
        self.snap.setChecked(snap)
        self.workspace.reader.snap_words = snap
        shown = str(s.value("show_suggestions", "true")).lower() != "false"
        self.show_suggestions.setChecked(shown)
        self.workspace.suggestions.set_visible(shown)
        advance = str(s.value("advance_suggestions", "true")).lower() != "false"
        self.advance.setChecked(advance)
        self.workspace.suggestions.advance = advance
        self.workspace.reader.set_point_size(int(s.value("point_size", self.workspace.reader.point_size())))

    def delete_document(self, document_id: int | None = None) -> None:
        """Delete a document (the open one unless given) after asking; Edit → Undo brings it back."""
        if document_id is None:
            if self.controller.document is None:
                return
            document_id = self.controller.document.id
        row = self.library.model.row_of(document_id)
        listed = self.library.model.index(row, 0).data(Qt.ItemDataRole.UserRole) if row is not None else None
        title = (listed.title or listed.filename) if listed is not None else str(document_id)
        passages = count_of(
            listed.annotation_count if listed is not None else 0, self.tr("annotation"), self.tr("annotations")
        )
        asked = QMessageBox.question(
            self,
            self.tr("Delete document"),
            self.tr("Delete “%s” and its %s? Edit → Undo brings it back.") % (title, passages),
        )
        if asked == QMessageBox.StandardButton.Yes:
            self.controller.perform(DeleteDocumentCommand(self.controller, document_id, title))

    def open_last_document(self) -> None:
        last = self.places.last_document()
        if last is not None and self.library.model.row_of(last) is not None:
            self.controller.open_document(last)
        elif self.library.model.rowCount():
            self.controller.open_document(self.library.model.index(0, 0).data(Qt.ItemDataRole.UserRole).id)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.workspace.pane.commit_note()
        self.workspace.remember_place()
        if self.job is not None:  # a stuck import must not keep the window open: cancelled, waited for briefly
            self.job.abandon()
        self.controller.stop()
        s = self.settings
        s.setValue("geometry", self.saveGeometry())
        self.split.save(s)
        s.setValue("workspace", self.workspace.saveState())
        s.setValue("point_size", self.workspace.reader.point_size())
        s.sync()
        super().closeEvent(event)


def _where(outcome: Outcome) -> str:
    """The file, and for a corpus file the row, an outcome is about."""
    return f"{outcome.path.name} row {outcome.row}" if outcome.row else outcome.path.name
