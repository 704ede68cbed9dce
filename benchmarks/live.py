"""Live updates (issue 12): `python -m benchmarks.live [--quick]`.

1. Another coder's tag visible in an open reader, after its commit: a writer process tags one
   passage every 200 ms and prints the wall-clock time right after each commit; the real main
   window (offscreen, in this process) records when the annotation reaches the reader. p50/p95
   on PostgreSQL (LISTEN + QSocketNotifier; a throwaway cluster on a Unix socket) and on SQLite
   (the 300 ms data_version probe), side by side in one run. On PostgreSQL both connect with
   login roles, as the app does (the superuser only sets up): the writer is the coder `writer`;
   the window is the lead's while the document is blind (`lead_blind`), and the coder `reader`'s
   once it is revealed (`coder_revealed`) — row security decides what either may see.
2. The SQLite poll after another program's commit at 100,000 documents: reading the change log
   (now) against the comparison it replaced (every document row, the codebook, the lexicon and
   the open document's annotation versions), both measured here in the same run.
Writes benchmarks/live_results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
BIN = Path("/usr/lib/postgresql/15/bin")

WRITER = """
import sys, time
from annotator.services import open_services
services = open_services(sys.argv[1], annotator="writer", backup=False)  # on a server: the login's own name
text = services.documents.text(1)
tag = services.codebook.tags()[0].id
for i in range(int(sys.argv[2])):
    time.sleep(0.2)
    made = services.annotations.tag(1, 40 * i, 40 * i + 20, [tag]).annotation
    print(made.id, time.time(), flush=True)
services.close()
"""


def _as_postgres(*args: str) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else list(args)


def start_cluster() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="annotator-bench-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    subprocess.run(
        _as_postgres(
            str(BIN / "initdb"),
            "-D",
            str(folder / "data"),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        ),
        check=True,
        capture_output=True,
    )
    subprocess.run(
        _as_postgres(
            str(BIN / "pg_ctl"),
            "-D",
            str(folder / "data"),
            "-w",
            "-l",
            str(folder / "log"),
            "-o",
            f"-k {folder} -c listen_addresses='' -c fsync=off",
            "start",
        ),
        check=True,
        capture_output=True,
    )
    import psycopg

    with psycopg.connect(host=str(folder), user="postgres", dbname="postgres", autocommit=True) as c:
        c.execute("CREATE DATABASE bench")
    return folder


def stop_cluster(folder: Path) -> None:
    subprocess.run(_as_postgres(str(BIN / "pg_ctl"), "-D", str(folder / "data"), "-m", "fast", "stop"), capture_output=True)
    shutil.rmtree(folder, ignore_errors=True)


def as_login(url: str, login: str) -> str:
    return url.replace("postgres@", f"{login}@", 1)


def prepare(location: str, *, reveal: bool = False) -> None:
    """The samples, and on a server the login roles: `writer` and `reader` (coders), `lead`; made
    by the administrator's connection (the superuser), which measures nothing."""
    from annotator.services import open_services

    admin = open_services(location, annotator="admin", backup=False)
    try:
        admin.documents.import_samples()
        if not admin.library.is_sqlite:
            admin.coders.add("writer")
            admin.coders.add("reader")
            admin.coders.add("lead", lead=True)
            if reveal:
                admin.documents.reveal([1])
    finally:
        admin.close()


def visible_latency(location: str, writer_at: str, count: int, settings_dir: Path) -> list[float]:
    """Milliseconds from the writer's commit (connected at `writer_at`) to the annotation in the
    reader open at `location`, one per tag."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from annotator.ui.launch import build_window

    app = QApplication.instance() or QApplication([])
    window = build_window(location, "bench", QSettings(str(settings_dir / "s.ini"), QSettings.Format.IniFormat))
    assert window is not None
    window.reload_library()
    window.resize(1400, 900)
    window.show()
    window.controller.open_document(1)
    seen: dict[int, float] = {}
    reader = window.workspace.reader

    def arrived(annotation: object) -> None:
        if reader.tags_of(annotation.id):  # type: ignore[attr-defined]
            seen.setdefault(annotation.id, time.time())  # type: ignore[attr-defined]

    window.controller.annotationChanged.connect(arrived)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, writer_at, str(count)], stdout=subprocess.PIPE)
    committed: dict[int, float] = {}
    out = writer.stdout.fileno()  # type: ignore[union-attr]
    os.set_blocking(out, False)
    buffer = ""
    deadline = time.monotonic() + count * 0.2 + 30
    while (len(seen) < count or writer.poll() is None) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.001)
        try:
            buffer += os.read(out, 65536).decode()
        except BlockingIOError:
            pass
        *lines, buffer = buffer.split("\n")
        for line in lines:
            annotation_id, at = line.split()
            committed[int(annotation_id)] = float(at)
    window.controller.stop()
    window.close()
    window.controller.services.close()
    return [(seen[i] - committed[i]) * 1000 for i in committed if i in seen]


def poll_cost(folder: Path, documents: int, repeats: int) -> tuple[float, float]:
    """(comparison before, change-log read now) in ms, after one other program's commit."""
    from sqlalchemy import text

    from annotator.services import open_services
    from annotator.services.watch import LibraryWatch
    from annotator.storage import annotations as annotations_repo
    from annotator.storage import documents as documents_repo
    from annotator.storage import suggestions as suggestions_repo
    from annotator.storage import tags as tags_repo

    location = str(folder / "big.sqlite3")
    services = open_services(location, backup=False)
    services.documents.import_samples()
    with services.library.writing() as session:
        session.execute(
            text(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :n) "
                "INSERT INTO documents (title, source, published, dateline, url, language, filename, sha256, length, "
                "imported_at) SELECT 'Article ' || i, 'Wire', '2023-09-20', '', '', 'en', '', "
                "printf('%064d', i), 100, '2024-01-01T00:00:00Z' FROM n"
            ),
            {"n": documents},
        )  # status: per coder (0005)
    watch = LibraryWatch(services.library, busy_ms=100)
    watch.follow(1)
    other = open_services(location, annotator="other", backup=False)
    tag = other.codebook.tags()[0].id

    me = services.coders.id  # whose rejections the suggestions read (revision 0015)

    def before() -> None:  # what LibraryWatch.changes() read until this change (docs/decisions/007)
        with services.library.reading() as session:
            documents_repo.states(session, 0)  # (the status is per coder since 0005)
            tags_repo.list_all(session)
            suggestions_repo.lexicon(session)
            annotations_repo.versions_for_document(session, 1)
            suggestions_repo.rejected(session, 1, me)

    old, new = [], []
    for i in range(repeats):
        other.annotations.tag(1, 10 * i, 10 * i + 5, [tag])
        assert watch.poll()
        start = time.perf_counter()
        changes, mark = watch.changes()
        new.append((time.perf_counter() - start) * 1000)
        watch.advance(mark)
        assert changes.annotations
        start = time.perf_counter()
        before()
        old.append((time.perf_counter() - start) * 1000)
    other.close()
    services.close()
    return statistics.median(old), statistics.median(new)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    quick = parser.parse_args().quick
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    count, documents, repeats = (5, 1_000, 3) if quick else (40, 100_000, 7)
    results: dict[str, object] = {"load": os.getloadavg(), "cores": os.cpu_count()}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cluster = start_cluster()
        try:
            import psycopg

            from annotator.services import migrate

            pg = {}
            for row, window_login, reveal in (("lead_blind", "lead", False), ("coder_revealed", "reader", True)):
                url = f"postgresql+psycopg://postgres@/{row}?host={cluster}"
                with psycopg.connect(host=str(cluster), user="postgres", dbname="postgres", autocommit=True) as c:
                    c.execute(f"CREATE DATABASE {row}")
                migrate(url)  # a server library is made by the admin step, never on open
                prepare(url, reveal=reveal)
                pg[row] = visible_latency(as_login(url, window_login), as_login(url, "writer"), count, folder)
        finally:
            stop_cluster(cluster)
        prepare(lite_at := str(folder / "live.sqlite3"))
        lite = visible_latency(lite_at, lite_at, count, folder)
        old, new = poll_cost(folder, documents, repeats)
    results["visible_ms"] = {
        **{
            f"postgresql_{row}": {"n": len(ms), "p50": statistics.median(ms), "p95": p95(ms), "target_p95": 250}
            for row, ms in pg.items()
        },
        "sqlite": {"n": len(lite), "p50": statistics.median(lite), "p95": p95(lite)},
    }
    results["sqlite_poll_ms"] = {
        "documents": documents,
        "before_compare": old,
        "after_log": new,
        "ratio": old / new if new else None,
    }
    results["load_after"] = os.getloadavg()
    print(json.dumps(results, indent=1))
    if not quick:
        (HERE / "live_results.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
