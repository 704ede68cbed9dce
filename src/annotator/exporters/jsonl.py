"""JSON Lines export: one passage–tag row per line, an object with the CSV's columns as keys
(numbers as numbers) and the tag fields' values, for pandas (`read_json(lines=True)`) and jq."""

from __future__ import annotations

import json
from collections.abc import Sequence

from annotator.exporters.base import Exporter, Row


class JsonLinesExporter(Exporter):
    format = "jsonl"
    concatenable = True  # no header, no footer: parts join line by line

    def write(self, batch: Sequence[Row]) -> None:
        names = self.header_names
        encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        self.handle.write("".join(encode(dict(zip(names, row, strict=True))) + "\n" for row in batch))
