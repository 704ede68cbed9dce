"""The agreement view's scope: which documents (all, the open one, or those the library lists —
its filter matches titles, sources and dates), which coders and tags (checkable lists), and whether
to show a row per document — as the AgreementOptions the service takes."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.services.agreement import AgreementOptions

ALL, OPEN, LISTED = "all", "open", "listed"  # the document choices (the combo box's item data)


class AgreementScope(QWidget):
    scopeChanged = Signal()  # the user changed a choice: compute again

    def __init__(
        self,
        open_document: Callable[[], int | None],
        listed: Callable[[], list[int]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        # The window knows these, not the view: the reader's document id, the library's listed ids.
        self._open_document = open_document
        self._listed = listed
        self.documents = QComboBox(self)
        self.documents.addItem(self.tr("All documents"), ALL)
        self.documents.addItem(self.tr("The open document"), OPEN)
        self.documents.addItem(self.tr("The documents listed in the library"), LISTED)
        self.documents.setItemData(
            2,
            self.tr("Type in the library's filter (a title, a source, a date such as 2023-11)"),
            Qt.ItemDataRole.ToolTipRole,
        )
        self.documents.currentIndexChanged.connect(lambda _: self.scopeChanged.emit())
        self.by_document = QCheckBox(self.tr("By &document"), self)
        self.by_document.setToolTip(self.tr("A row per document under each tag's overall row"))
        self.by_document.toggled.connect(lambda _: self.scopeChanged.emit())
        self.coders = self._checklist(self.tr("Coders compared"))
        self.tags = self._checklist(self.tr("Tags"))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Documents:"), self))
        top.addWidget(self.documents)
        top.addWidget(self.by_document)
        top.addStretch(1)
        lists = QHBoxLayout()
        for said, checklist in ((self.tr("Coders:"), self.coders), (self.tr("Tags:"), self.tags)):
            label = QLabel(said, self)
            label.setBuddy(checklist)
            lists.addWidget(label)
            lists.addWidget(checklist, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(lists)

    def _checklist(self, name: str) -> QListWidget:
        checklist = QListWidget(self)
        checklist.setAccessibleName(name)
        checklist.setToolTip(name)
        checklist.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        checklist.setFlow(QListWidget.Flow.LeftToRight)  # a row of check boxes: the table keeps the height
        checklist.setWrapping(True)
        checklist.setMaximumHeight(checklist.fontMetrics().height() * 2 + 12)  # two rows of names show
        checklist.itemChanged.connect(lambda _: self.scopeChanged.emit())
        return checklist

    def offer(self, coders: Iterable[str], tags: Iterable[str]) -> None:
        """Coders and tags seen in a computation join the lists (checked); the user's choices stay."""
        for checklist, names in ((self.coders, coders), (self.tags, tags)):
            known = {checklist.item(i).text() for i in range(checklist.count())}
            checklist.blockSignals(True)  # filling is not a choice: no recomputation
            for name in sorted(set(names) - known):
                item = QListWidgetItem(name, checklist)
                item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
                item.setCheckState(Qt.CheckState.Checked)
            checklist.sortItems()
            checklist.blockSignals(False)

    def no_documents(self) -> str:
        """Why the document choice names none, in a sentence ("" if it names some, or all). Never
        read as "all documents": accept agreed there would take the whole library into gold."""
        if self.documents.currentData() == OPEN and self._open_document() is None:
            return self.tr("Open a document in the reader (or choose all documents).")
        if self.documents.currentData() == LISTED and not self._listed():
            return self.tr("The library lists no documents: clear or change its filter.")
        return ""

    def follows(self, what: str) -> bool:
        """The scope follows the reader's document (OPEN) or the library's list (LISTED)."""
        return bool(self.documents.currentData() == what)

    def document_ids(self) -> tuple[int, ...]:
        """The documents chosen: () for all; the open one; those listed (no_documents() first)."""
        if self.documents.currentData() == OPEN and (shown := self._open_document()) is not None:
            return (shown,)
        if self.documents.currentData() == LISTED:
            return tuple(sorted(self._listed()))
        return ()

    def unchosen(self) -> str:
        """What makes the choice empty, in a sentence ("" if nothing does)."""
        if said := self.no_documents():
            return said
        for checklist, said in ((self.coders, self.tr("Check two coders or more.")), (self.tags, self.tr("Check a tag."))):
            if checklist.count() and not any(
                checklist.item(i).checkState() == Qt.CheckState.Checked for i in range(checklist.count())
            ):
                return said
        return ""

    def options(self) -> AgreementOptions:
        """The choices as the service's options; every coder or tag checked means "all" (so coders
        or tags that appear later are compared too)."""
        return AgreementOptions(
            document_ids=self.document_ids(),
            coders=_checked(self.coders),
            tag_names=_checked(self.tags),
            by_document=self.by_document.isChecked(),
        )


def _checked(checklist: QListWidget) -> tuple[str, ...]:
    items = [checklist.item(i) for i in range(checklist.count())]
    chosen = tuple(item.text() for item in items if item.checkState() == Qt.CheckState.Checked)
    return () if len(chosen) == len(items) else chosen
