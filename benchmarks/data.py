"""Deterministic benchmark data, generated (seeded) from the sample articles.

Libraries are built with the app's own `open_library` (real schema, migrations and pragmas) and
filled in bulk through the storage tables, so a million annotations take seconds, not hours.
"""

from __future__ import annotations

import hashlib
import random
import uuid
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy import select as sql_select

from annotator.domain.spans import select
from annotator.paths import sample_docs
from annotator.storage.engine import Library, open_library
from annotator.storage.schema import AnnotationRow, AnnotationTagRow, CoderRow, DocumentRow, DocumentTextRow

NOW = "2026-01-01T00:00:00.000Z"


def paragraphs() -> list[str]:
    found = []
    for path in sorted(sample_docs().glob("*.txt")):
        found += [p for p in path.read_text(encoding="utf-8").split("\n") if len(p) > 40]
    return found


def article(rng: random.Random, size: int, salt: str = "") -> str:
    """About `size` characters of shuffled sample paragraphs (unique per salt)."""
    pool = paragraphs()
    parts = [salt] if salt else []
    total = len(salt)
    while total < size:
        paragraph = rng.choice(pool)
        parts.append(paragraph)
        total += len(paragraph) + 1
    return "\n".join(parts)[:size]


def spans(rng: random.Random, text: str, count: int) -> list[tuple[int, int]]:
    """Random word-aligned spans of 5-200 characters."""
    starts = [i for i in range(1, len(text)) if text[i - 1] == " "] or [0]
    found = []
    for _ in range(count):
        start = rng.choice(starts)
        end = min(len(text), start + rng.randint(5, 200))
        found.append((start, end))
    return found


def add_document(library: Library, text: str, title: str) -> int:
    with library.writing() as session:
        row = DocumentRow(
            title=title,
            source="Benchmark",
            published="2026-01-01",
            dateline="",
            url="",
            language="en",
            filename=f"{title}.txt",
            sha256=hashlib.sha256(text.encode()).hexdigest(),
            length=len(text),
            imported_at=NOW,
        )
        session.add(row)
        session.flush()
        session.add(DocumentTextRow(document_id=row.id, text=text))
        return row.id


def coder_id(library: Library, login: str = "bench") -> int:
    """The id of the benchmark's coder (made on first use, as the app does)."""
    with library.writing() as session:
        found = session.scalar(sql_select(CoderRow.id).where(CoderRow.login == login))
        if found is None:
            row = CoderRow(login=login, display_name=login, role="coder", active=True, created_at=NOW)
            session.add(row)
            session.flush()
            found = row.id
        return found


def add_annotations(
    library: Library,
    document_id: int,
    text: str,
    count: int,
    rng: random.Random,
    tag_ids: list[int],
    first_id: int,
    tags_per: tuple[int, ...] = (1,),
) -> int:
    """Bulk-insert `count` annotations with a number of tags drawn from `tags_per`; returns the
    next free id."""
    batch_a, batch_t = [], []
    next_id = first_id
    coder = coder_id(library)
    for start, end in spans(rng, text, count):
        s = select(text, start, end)
        batch_a.append(
            {
                "id": next_id,
                "document_id": document_id,
                "start_offset": s.start,
                "end_offset": s.end,
                "quote": s.quote,
                "prefix": s.prefix,
                "suffix": s.suffix,
                "note": "",
                "coder_id": coder,
                "uuid": str(uuid.UUID(int=next_id, version=4)),  # unique as the id is
                "created_at": NOW,
                "updated_at": NOW,
            }
        )
        for tag_id in rng.sample(tag_ids, rng.choice(tags_per)):
            batch_t.append({"annotation_id": next_id, "tag_id": tag_id})
        next_id += 1
    with library.engine.begin() as connection:
        for i in range(0, len(batch_a), 20000):
            connection.execute(insert(AnnotationRow), batch_a[i : i + 20000])
        for i in range(0, len(batch_t), 40000):
            connection.execute(insert(AnnotationTagRow), batch_t[i : i + 40000])
    return next_id


def build(
    path: Path, *, documents: int, total_annotations: int, big_size: int, big_annotations: int, seed: int = 2026
) -> dict[str, int]:
    """A library with one big article, one typical 10 KB article with 50 annotations, and
    `documents` ~5 KB articles holding the rest of `total_annotations`. Cached by file name."""
    marker = path.with_suffix(".ids")
    if path.exists() and marker.exists():
        return {key: int(value) for key, value in (item.split("=") for item in marker.read_text().split())}
    for stale in path.parent.glob(path.name + "*"):
        stale.unlink()
    rng = random.Random(seed)
    library = open_library(str(path))
    tags = [1, 2, 3, 4, 5]
    big_text = article(rng, big_size, "big")
    big = add_document(library, big_text, "big")
    # The big article has overlapping passages with one or two tags; elsewhere one tag each, so
    # the library holds about as many passage–tag rows as annotations.
    next_id = add_annotations(library, big, big_text, big_annotations, rng, tags, 1, (1, 1, 2))
    typical_text = article(rng, 10_000, "typical")
    typical = add_document(library, typical_text, "typical")
    next_id = add_annotations(library, typical, typical_text, 50, rng, tags, next_id)
    rest = max(0, total_annotations - big_annotations - 50)
    per_doc = rest // max(1, documents)
    for n in range(documents):
        text = article(rng, 5_000, f"doc {n}")
        doc = add_document(library, text, f"doc {n}")
        next_id = add_annotations(library, doc, text, per_doc, rng, tags, next_id)
    library.close()
    ids = {"big": big, "typical": typical, "next_id": next_id}
    marker.write_text(" ".join(f"{k}={v}" for k, v in ids.items()))
    return ids
