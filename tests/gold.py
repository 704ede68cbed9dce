"""The gold set in tests/data/gold.json, resolved into offsets, and the detectors scored on it."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.domain.suggest import Context, Suggestion, suggest
from annotator.domain.suggest.languages import language_for
from annotator.domain.suggest.scoring import Score, score

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "gold.json"
SCORED_TAGS = ("date", "casualty figure", "quote")


def documents() -> list[tuple[str, str, str, list[Suggestion]]]:
    """(file, published, language, text, gold suggestions) for every document of the gold set."""
    result = []
    for doc in json.loads(GOLD.read_text(encoding="utf-8"))["documents"]:
        text = (ROOT / doc["file"]).read_text(encoding="utf-8")
        items = []
        for tag, quote, nth, fields in doc["items"]:
            at = -1
            for _ in range(nth + 1):
                at = text.find(quote, at + 1)
                if at < 0:
                    raise ValueError(f"{doc['file']}: {quote!r} (occurrence {nth}) is not in the text")
            items.append(Suggestion(at, at + len(quote), tag, tuple(fields.items())))
        result.append((doc["file"], doc["published"], doc.get("language", "en"), text, items))
    return result


def batch_files(batch: int) -> set[str]:
    """The files of one held-out batch (the gold set's ``batch`` key; batches 1-2 predate it)."""
    return {doc["file"] for doc in json.loads(GOLD.read_text(encoding="utf-8"))["documents"] if doc.get("batch") == batch}


def evaluate(only: str = "", batch: int | None = None) -> dict[str, Score]:
    """Scores per tag over the gold documents whose path contains ``only`` (and of ``batch``, if given)."""
    scores: dict[str, Score] = {}
    files = batch_files(batch) if batch is not None else None
    for file, published, language, text, gold in documents():
        if only in file and (files is None or file in files):
            found = suggest(text, Context(published=published, language=language_for(language)), SCORED_TAGS)
            score(text, gold, found, scores)
    return scores


if __name__ == "__main__":
    for label, only, batch in (
        ("samples", "sample_docs", None),
        ("news texts", "tests/data/news", None),
        ("held out", "heldout", None),
        ("Russian", "/ru/", None),
        ("held out, batch 3", "", 3),
        ("held out, batch 4", "", 4),
        ("all", "", None),
    ):
        print(f"## {label}")
        for tag, s in evaluate(only, batch).items():
            print(
                f"{tag:16} gold {s.gold:3} found {s.found:3} P {s.precision:.2f} R {s.recall:.2f} "
                f"exact {s.exact}/{s.matched} fields {s.field_accuracy:.2f}  misses {s.misses} false {s.false_alarms}"
            )
