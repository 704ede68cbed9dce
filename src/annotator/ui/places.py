"""Per-library reading state kept with the user's settings: the last open document, where in
each document the reader was (a code-point offset, so a new zoom or window width does not move it)
and the window's filters. Keyed by the library's location, so library B never opens "document 3"
of library A, nor shows A's filters."""

from __future__ import annotations

import os

from PySide6.QtCore import QCryptographicHash, QSettings


class ReadingPlaces:
    def __init__(self, settings: QSettings, location: str) -> None:
        self._settings = settings
        if location.startswith("sqlite:///"):  # the same file named as a URL
            location = location.removeprefix("sqlite:///")
        where = location if "://" in location else os.path.realpath(os.path.expanduser(location))
        # sha256 by Qt's hash: hashlib would load OpenSSL on the way to the first frame (decision 049)
        digest = QCryptographicHash.hash(where.encode("utf-8", "surrogatepass"), QCryptographicHash.Algorithm.Sha256)
        self._group = "libraries/" + bytes(digest.toHex()).decode("ascii")[:16]

    def _get_int(self, key: str) -> int | None:
        value = self._settings.value(f"{self._group}/{key}")
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    def last_document(self) -> int | None:
        return self._get_int("last_document")

    def set_last_document(self, document_id: int) -> None:
        self._settings.setValue(f"{self._group}/last_document", document_id)

    def place(self, document_id: int) -> int:
        return self._get_int(f"place/{document_id}") or 0

    def set_place(self, document_id: int, offset: int) -> None:
        self._settings.setValue(f"{self._group}/place/{document_id}", offset)

    def filter(self, name: str) -> str:
        """A filter of the window as last set in this library ('' when never set)."""
        return str(self._settings.value(f"{self._group}/filters/{name}", "") or "")

    def set_filter(self, name: str, value: str) -> None:
        self._settings.setValue(f"{self._group}/filters/{name}", value)
