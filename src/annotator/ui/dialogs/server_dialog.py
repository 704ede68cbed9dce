"""Ask for a team library's address (File → Merge from a team server…, Copy library to a team
server…): a database URL typed, and its password in a field of its own that never shows what is
typed (decision 046). The password is put into the URL handed back, in memory only: nothing here
is saved, and whatever shows or remembers a location (reports, progress, recent libraries) runs
it through paths.without_password. A URL typed with a password in it is refused with a sentence
(it would have been on the screen); libpq's ways (~/.pgpass, PGPASSWORD) still work with the
password field left empty."""

from __future__ import annotations

from urllib.parse import quote

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from annotator.paths import without_password

SCHEMES = ("postgresql://", "postgresql+psycopg://")


class ServerDialog(QDialog):
    def __init__(self, parent: QWidget | None, title: str, prompt: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QFormLayout(self)
        layout.addRow(QLabel(prompt))
        self.url = QLineEdit(self)
        self.url.setPlaceholderText("postgresql+psycopg://login@host/database")
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("(none: ~/.pgpass or PGPASSWORD)"))
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        layout.addRow(self.tr("Server URL:"), self.url)
        layout.addRow(self.tr("Password:"), self.password)
        layout.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)

    def accept(self) -> None:
        url = self.url.text().strip()
        if not url.startswith(SCHEMES):
            self.problem.setText(self.tr("A team library's URL starts with postgresql+psycopg:// (or postgresql://)."))
            return
        if without_password(url) != url:
            self.url.setText(without_password(url))
            self.problem.setText(self.tr("Type the password in its own field (where it is not shown), not in the URL."))
            return
        super().accept()

    def location(self) -> str:
        """The URL to connect to: the password, if one was typed, as its `password` parameter."""
        url = self.url.text().strip()
        if url.startswith("postgresql://"):  # SQLAlchemy's default PostgreSQL driver is not ours
            url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        if not self.password.text():
            return url
        return f"{url}{'&' if '?' in url else '?'}password={quote(self.password.text(), safe='')}"


def ask_server(parent: QWidget | None, title: str, prompt: str) -> str | None:
    """The typed server URL (its password inside, in memory only), or None if cancelled."""
    dialog = ServerDialog(parent, title, prompt)
    try:
        return dialog.location() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
