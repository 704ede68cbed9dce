"""Two leads deciding on one document at the same instant through the services, each in a thread
with connections of its own (decision 033): the first has taken the document's hold and not yet
committed (held there by a third connection that locks gold_decisions) when the second takes it
over. PostgreSQL only: on SQLite a writer takes the write lock first, so two decisions never
overlap (tests/services/test_curator_race.py covers both backends with a raw transaction)."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text

from annotator.services import open_services
from annotator.services.errors import UserError
from tests.services.test_curator_race import LONG_AGO, InFlight, _decided_by, _holder


@pytest.fixture
def leads(postgres_server):
    url = postgres_server.database()
    admin = open_services(url, annotator="admin", backup=False)
    admin.documents.import_samples()
    for name in ("Lea", "Max", "Cy"):
        admin.coders.add(name, lead=True)  # on a server: login roles too (the cluster's; unused here)
    opened = {name: open_services(url, annotator=name, backup=False) for name in ("lea", "max", "cy")}
    yield admin, opened
    for services in (admin, *opened.values()):
        services.close()
    postgres_server.drop(url)


def test_two_leads_deciding_at_once_through_the_services_leave_one_curator(leads):
    admin, lead = leads
    lead["cy"].gold.add(4, "claim", 0, 4)  # cy took document 4 and walked away: the hold expired
    with admin.library.writing() as session:
        session.execute(text("UPDATE curators SET expires_at = :t WHERE document_id = 4"), {"t": LONG_AGO})
    lock = InFlight(admin.library.url)
    lock.execute("LOCK TABLE gold_decisions IN EXCLUSIVE MODE")
    results: dict[str, BaseException | None] = {}

    def decide(name: str, start: int) -> None:
        try:
            lead[name].gold.add(4, "claim", start, start + 4)
            results[name] = None
        except BaseException as exc:  # noqa: BLE001 — handed to the test
            results[name] = exc

    threads = [threading.Thread(target=decide, args=(name, start)) for name, start in (("lea", 10), ("max", 20))]
    deadline = time.monotonic() + 20
    for waiting, thread in enumerate(threads, start=1):
        thread.start()  # lea waits at gold_decisions holding the document; then max waits too
        while lock.waiting() < waiting and time.monotonic() < deadline:
            time.sleep(0.02)
    assert lock.waiting() == 2
    lock.commit()
    for thread in threads:
        thread.join(30)
    assert results["lea"] is None, repr(results["lea"])
    assert isinstance(results["max"], UserError) and "adjudicated by lea" in str(results["max"]), repr(results["max"])
    assert _holder(admin, 4) == "lea" and _decided_by(admin, 4) == ["cy", "lea"]
