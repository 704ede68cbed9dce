"""W3C Web Annotation export (JSON-LD): one Annotation per passage in an AnnotationCollection,
with a tagging body per tag, a commenting body for the note, a describing body per field value,
the coder as creator, created/modified, and a target whose source is the document's text hash
(`urn:sha256:…` of its canonical text in UTF-8: the same document in any copy of any library)
selected by a TextQuoteSelector (exact, prefix, suffix) and a TextPositionSelector in code points,
the model's unit and ours. Streamed: the collection's items are written as the rows come.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import IO, Any

from annotator.domain.export_rows import WIDTH, ExportRow
from annotator.exporters.base import ExportContext, Exporter, Row

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


class WebAnnotationExporter(Exporter):
    format = "jsonld"
    needs = frozenset({"hashes"})

    def __init__(self, handle: IO[str], field_names: Sequence[str] = (), context: ExportContext | None = None) -> None:
        super().__init__(handle, field_names, context)
        self._hashes = self.context.hashes
        self._current: list[Row] = []  # the rows (one per tag) of the passage being read
        self._first = True
        self._encode = json.JSONEncoder(ensure_ascii=False, indent=None, separators=(", ", ": ")).encode

    def header(self) -> None:
        opening = {"@context": CONTEXT, "type": "AnnotationCollection", "label": "Annotator export"}
        self.handle.write(self._encode(opening)[:-1] + ',\n "first": {"type": "AnnotationPage", "startIndex": 0, "items": [')

    def write(self, batch: Sequence[Row]) -> None:
        # A passage's rows are consecutive (the export's order ends with the tag), and may run on
        # into the next batch: an annotation is written when the next passage starts.
        current = self._current
        for row in batch:
            if current and row[0] != current[0][0]:
                self._item(current)
                current = []
            current.append(row)
        self._current = current

    def finish(self) -> None:
        if self._current:
            self._item(self._current)
        self.handle.write("\n]}}\n")

    def _item(self, rows: Sequence[Row]) -> None:
        self.handle.write(("\n" if self._first else ",\n") + self._encode(self.annotation(rows)))
        self._first = False

    def annotation(self, rows: Sequence[Row]) -> dict[str, Any]:
        """The Web Annotation of one passage from its rows (one per tag)."""
        first = ExportRow._make(rows[0][:WIDTH])
        bodies: list[dict[str, Any]] = [{"type": "TextualBody", "purpose": "tagging", "value": str(row[5])} for row in rows]
        if first.note:
            bodies.append({"type": "TextualBody", "purpose": "commenting", "value": first.note})
        values = {name: str(value) for row in rows for name, value in zip(self.field_names, row[WIDTH:], strict=False)}
        bodies += [
            {"type": "TextualBody", "purpose": "describing", "value": f"{name}: {value}"}
            for name, value in values.items()
            if value
        ]
        quote: dict[str, Any] = {"type": "TextQuoteSelector", "exact": first.text}
        if first.prefix:
            quote["prefix"] = first.prefix
        if first.suffix:
            quote["suffix"] = first.suffix
        found = self._hashes.get(first.document_id)
        return {
            "@context": CONTEXT,
            "id": f"urn:uuid:{first.annotation_uuid}",
            "type": "Annotation",
            "motivation": "tagging",
            "body": bodies,
            "creator": {"type": "Person", "nickname": first.coder, "name": first.annotator},
            "created": first.created_at,
            "modified": first.updated_at,
            "target": {
                "source": f"urn:sha256:{found}" if found else f"urn:annotator:document:{first.document_id}",
                "selector": [quote, {"type": "TextPositionSelector", "start": first.start, "end": first.end}],
            },
        }
