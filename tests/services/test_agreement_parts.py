"""Agreement summed in parts by worker processes (decision 039) gives the one-process report to the
last bit, on a real library on both backends; a cancelled agreement stops its workers."""

from __future__ import annotations

import gc
import os
import random
import shutil
import sys
from pathlib import Path

import pytest

from annotator.services import agreement_parts
from annotator.services.agreement import AgreementOptions, AgreementService

KINDS = ("killed", "wounded", "displaced")


def _fill(services, seed: int = 3) -> None:
    """Three coders on the four sample articles: spans that overlap, nest, repeat and touch, with
    field values (a count, a kind, a frame) that repeat across documents (so the parts' counts of
    the same values must be added together), and one article only two coders coded."""
    rng = random.Random(seed)
    tags = {t.name: t.id for t in services.codebook.tags()}
    documents = [d.id for d in services.documents.list()]
    for coder in ("ann", "bob", "cy"):
        services.coders.switch(coder)
        for document in documents:
            if coder == "cy" and document == documents[-1]:
                continue  # a document only two of the three coded: binary α's missing coder
            length = len(services.documents.text(document))
            items = []
            for _ in range(12):
                start = rng.randrange(0, min(length, 400) - 40)
                end = start + rng.choice((3, 8, 20, 40))
                name = rng.choice(("claim", "framing", "casualty figure"))
                fields: dict[str, str] = {}
                if name == "casualty figure" and rng.random() < 0.8:
                    fields = {"count_min": str(rng.randrange(1, 4)), "kind": rng.choice(KINDS)}
                elif name == "framing" and rng.random() < 0.8:
                    fields = {"frame": rng.choice(("conflict", "morality"))}
                items.append((start, end, [tags[name]], fields))
            services.annotations.tag_many(document, items)


def _both(services, monkeypatch, **options):
    """(the report in one process, the report in parts: this process and two workers)."""
    service = AgreementService(services.library)
    one = service.compute(AgreementOptions(**options))
    monkeypatch.setattr(agreement_parts, "PARALLEL_FROM", 2)  # a few passages: split all the same
    monkeypatch.setattr(agreement_parts, "CORES", 3)
    monkeypatch.setattr(agreement_parts, "MAX_PARTS", 3)
    return one, service.compute(AgreementOptions(**options))


@pytest.mark.parametrize("by_document", [False, True])
def test_the_parts_give_the_one_process_report_to_the_last_bit(loaded, monkeypatch, by_document):
    _fill(loaded)
    one, parts = _both(loaded, monkeypatch, by_document=by_document)
    assert one.rows[-1].documents >= 4 or by_document
    assert any(row.fields and any(v is not None for v in row.fields.values()) for row in one.rows)
    assert parts == one  # every figure compared with ==: floats to the last bit


def test_two_coders_and_a_narrowed_scope_in_parts(loaded, monkeypatch):
    _fill(loaded, seed=11)
    documents = tuple(d.id for d in loaded.documents.list())[:3]
    one, parts = _both(loaded, monkeypatch, coders=("bob", "ann"), document_ids=documents, tag_names=("framing",))
    assert one.coders == ("bob", "ann")
    assert parts == one


def _children() -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        found |= {int(pid) for pid in (task / "children").read_text().split()}
    return found


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="counts child processes through Linux's /proc")
def test_a_cancelled_agreement_stops_its_workers(loaded, monkeypatch):
    _fill(loaded)
    monkeypatch.setattr(agreement_parts, "PARALLEL_FROM", 2)
    monkeypatch.setattr(agreement_parts, "CORES", 3)
    monkeypatch.setattr(agreement_parts, "MAX_PARTS", 3)
    before = _children()
    asked = []

    def cancelled() -> bool:  # the view asks again while this one runs: its result is no longer wanted
        asked.append(_children() - before)
        return True

    with pytest.raises(agreement_parts.Cancelled):
        AgreementService(loaded.library).compute(AgreementOptions(), cancelled)
    assert asked and asked[0], "the workers had started when the cancel came"
    assert _children() - before == set()


@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
def test_a_cancelled_agreement_in_one_process_ends_its_read_at_once(loaded):
    _fill(loaded)
    service = AgreementService(loaded.library)
    with pytest.raises(agreement_parts.Cancelled) as caught:
        service.compute(AgreementOptions(), lambda: True)
    # The window closes the library while the cancelled work's traceback is still about: the
    # read's cursor must have been closed with its session, not be left to the collector.
    loaded.library.close()
    del caught
    gc.collect()


@pytest.mark.parametrize("interpreter", ["/nonexistent/python", shutil.which("false") or "/bin/false"])
def test_a_worker_that_cannot_start_or_fails_leaves_its_range_to_this_process(loaded, monkeypatch, interpreter):
    _fill(loaded)
    one, _ = _both(loaded, monkeypatch)
    monkeypatch.setattr(sys, "executable", interpreter)  # no Python to start / a program that fails at once
    assert AgreementService(loaded.library).compute(AgreementOptions()) == one
