"""Agreement on a real library, read and all (issue 13 "Performance"):
`python -m benchmarks.agreement_library [--quick] [--backend sqlite|postgresql|both] [--keep DIR]`.

The library holds 10,000 documents × 2 coders × 100 passages (2M passage–tag rows; the units of
benchmarks/agreement.py, seeded), filled in bulk through the storage tables. Timed: the app's own
`AgreementService.compute()` (every measure, every tag, overall: the SQL read included), against
a pure-SQL count of the same annotations (count and Σ length of the coders' passage–tag rows) in
the same run; medians of 3, with the machine's load before and after and the peak memory growth.
`--keep DIR` keeps the SQLite library there (and reuses it): an older checkout can then time the
same file with `--reuse` (before/after in one sitting). Writes benchmarks/agreement_library_results.json.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.agreement import TAGS, generate

HERE = Path(__file__).parent
NOW = "2026-01-01T00:00:00.000Z"
SQL_COUNT = (
    "SELECT count(*), sum(a.end_offset - a.start_offset) FROM annotations a "
    "JOIN annotation_tags t ON t.annotation_id = a.id WHERE a.layer = 'coder'"
)


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def build(location: str, documents: int, passages: int, length: int) -> int:
    """The library: documents of `length` characters, coders A and B, the five tags (fields as in
    benchmarks/agreement.py), and the generated units as annotations. Returns the passage–tag rows."""
    from sqlalchemy import insert, select, update

    from annotator.storage.bulk_annotations import LINK_OWNERS
    from annotator.storage.engine import open_library
    from annotator.storage.schema import AnnotationRow, AnnotationTagRow, CoderRow, DocumentRow, DocumentTextRow, TagRow

    units, lengths = generate(documents, passages, length)
    library = open_library(location, migrate=True)
    text = ("The quick brown fox jumps over the lazy dog. " * (length // 45 + 1))[:length]
    kinds = {"casualty figure": "count_min:int; kind:killed|wounded", "framing": "frame:conflict|morality"}
    with library.engine.begin() as c:
        if not library.is_sqlite:  # row triggers (kept counts, change log) off for the bulk load
            for table in ("annotations", "annotation_tags"):
                c.exec_driver_sql(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        c.execute(
            insert(CoderRow),
            [dict(login=x, display_name=x, role="coder", active=True, created_at=NOW) for x in ("A", "B")],
        )
        known = {name for (name,) in c.execute(select(TagRow.name))}  # a new library has a codebook
        new = [dict(name=t, color="#808080", position=90 + n) for n, t in enumerate(TAGS) if t not in known]
        if new:
            c.execute(insert(TagRow), new)
        for t, spec in kinds.items():
            c.execute(update(TagRow).where(TagRow.name == t).values(fields=spec))
        tag_id = dict(c.execute(select(TagRow.name, TagRow.id)).all())
        coder_id = dict(c.execute(select(CoderRow.login, CoderRow.id)).all())
        rows = [
            dict(
                id=d,
                title=f"doc {d}",
                source="Benchmark",
                sha256=hashlib.sha256(str(d).encode()).hexdigest(),
                length=n,
                imported_at=NOW,
                phase="revealed",
            )  # fmt: skip
            for d, n in lengths.items()
        ]
        for i in range(0, len(rows), 5000):
            c.execute(insert(DocumentRow), rows[i : i + 5000])
            c.execute(insert(DocumentTextRow), [dict(document_id=r["id"], text=text) for r in rows[i : i + 5000]])
    batch_a, batch_t = [], []

    def flush() -> None:
        with library.engine.begin() as c:
            c.execute(insert(AnnotationRow), batch_a)
            c.execute(insert(AnnotationTagRow), batch_t)
        batch_a.clear()
        batch_t.clear()

    for n, u in enumerate(units, start=1):
        batch_a.append(
            dict(
                id=n,
                document_id=u.document,
                start_offset=u.start,
                end_offset=u.end,
                quote=text[u.start : u.end],
                prefix="",
                suffix="",
                note="",
                created_at=NOW,
                updated_at=NOW,
                fields=json.dumps(dict(u.fields)) if u.fields else "",
                uuid=f"00000000-0000-4000-8000-{n:012d}",
                coder_id=coder_id[u.coder],
                layer="coder",
            )  # fmt: skip
        )
        batch_t.append(dict(annotation_id=n, tag_id=tag_id[u.tag]))
        if len(batch_a) == 20_000:
            flush()
    if batch_a:
        flush()
    if not library.is_sqlite:
        with library.engine.begin() as c:
            c.exec_driver_sql(LINK_OWNERS)  # what the links' trigger would have set (revision 0014)
            for table in ("annotations", "annotation_tags"):
                c.exec_driver_sql(f"ALTER TABLE {table} ENABLE TRIGGER USER")
            # What the triggers would have kept: each document's count of annotations (the
            # agreement cuts its parts by it, decision 039; `annotator check` compares it).
            c.exec_driver_sql(
                "UPDATE documents SET annotation_count = "
                "(SELECT count(*) FROM annotations a WHERE a.document_id = documents.id)"
            )
        with library.engine.connect() as c:
            c.exec_driver_sql("ANALYZE")
            c.commit()
    library.close()
    return len(units)


def sql_count(location: str) -> tuple[int, int]:
    from annotator.storage.engine import open_library

    library = open_library(location)
    try:
        with library.reading() as session:
            found = session.connection().exec_driver_sql(SQL_COUNT).one()
            return int(found[0]), int(found[1])
    finally:
        library.close()


def compute(location: str) -> object:
    """What `annotator agreement` does: open the library, every figure for every tag and overall."""
    from annotator.services.agreement import AgreementOptions, AgreementService
    from annotator.storage.engine import open_library

    library = open_library(location)
    try:
        return AgreementService(library).compute(AgreementOptions())
    finally:
        library.close()


BEFORE = """
import json, os, sys, time
sys.path.insert(0, sys.argv[1])
from benchmarks.agreement import Peak
import annotator
assert annotator.__file__.startswith(sys.argv[1]), annotator.__file__
t = time.perf_counter()
from annotator.services.agreement import AgreementOptions, AgreementService
from annotator.storage.engine import open_library
library = open_library(sys.argv[2])
opened = time.perf_counter() - t
try:
    with Peak(tree=True) as peak:  # this process and the agreement's worker processes together
        c, t, k = time.process_time(), time.perf_counter(), os.times()
        AgreementService(library).compute(AgreementOptions())
        wall, cpu, done = time.perf_counter() - t, time.process_time() - c, os.times()
finally:
    library.close()
workers = done.children_user + done.children_system - k.children_user - k.children_system
print(json.dumps([wall, cpu + workers, (peak.peak - peak.start) / 2**20, workers, opened]))
"""


def time_before(source: str, location: str) -> tuple[float, float, float, float, float]:
    """(wall, cpu, memory growth, workers' CPU, open) of the agreement by the checkout whose src
    is `source`, in a fresh child process (this checkout's, or an older one's for the before
    figure), on a library open as the app has it: the modules imported and the library opened
    before the clock starts (that is the last figure: what `annotator agreement` pays besides).
    The CPU time and the memory growth include the agreement's worker processes (decision 039);
    the fourth figure is the workers' share of that CPU time."""
    import subprocess
    import sys

    # PYTHONPATH: the agreement's worker processes (`python -m annotator.services.agreement_worker`)
    # must be that checkout's too, not the installed one (an older parent's job would not fit ours).
    env = {**os.environ, "PYTHONPATH": source}
    done = subprocess.run(
        [sys.executable, "-c", BEFORE, source, location],
        cwd=HERE.parent,
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    wall, cpu, growth, workers, opened = json.loads(done.stdout.strip().splitlines()[-1])
    return wall, cpu, growth, workers, opened


def server_cpu(cluster: Path | None) -> float:
    """CPU seconds the server has used so far (0 without one): the postmaster's own and its
    children's, reaped (their times add to its own) or still running. Read before and after a run,
    the difference is the server's share of the agreement (decision 050)."""
    if cluster is None:
        return 0.0
    tick = os.sysconf("SC_CLK_TCK")

    def stat(pid: str) -> list[str]:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()  # after the command's name, which may hold spaces

    with open(cluster / "data" / "postmaster.pid") as f:
        postmaster = f.readline().strip()
    total = sum(int(x) for x in stat(postmaster)[11:15])  # utime, stime, cutime, cstime
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                fields = stat(pid)
            except OSError:  # ended meanwhile
                continue
            if fields[1] == postmaster:
                total += int(fields[11]) + int(fields[12])
    return total / tick


def _timed(source: str, location: str, cluster: Path | None) -> tuple[float, float, float, float, float]:
    """time_before's figures and the server's CPU seconds during the run."""
    start = server_cpu(cluster)
    figures = time_before(source, location)
    time.sleep(0.3)  # the run's backends have ended; the postmaster reaps them
    return (*figures, server_cpu(cluster) - start)


def one_document(location: str, repeats: int) -> dict[str, object]:
    """The view's case: one document, two coders × 200 passages, every measure for every tag, by
    document too, through the service on an open library (target <= 20 ms; median of `repeats`)."""
    from annotator.services.agreement import AgreementOptions, AgreementService
    from annotator.storage.engine import open_library

    build(location, 1, 200, 20_000)
    library = open_library(location)
    try:
        service = AgreementService(library)
        options = AgreementOptions(document_ids=(1,), by_document=True)
        t = time.perf_counter()
        service.compute(options)  # the first: SQLAlchemy compiles and caches the statements
        first = (time.perf_counter() - t) * 1000
        times, cpu = [], []
        for _ in range(repeats):
            c, t = time.process_time(), time.perf_counter()
            service.compute(options)
            times.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
    finally:
        library.close()
    return dict(
        ms=statistics.median(times), cpu_ms=statistics.median(cpu), first_ms=first, runs=times, target_ms=20, load=load()
    )


def measure(location: str, repeats: int, source: str | None = None, cluster: Path | None = None) -> dict[str, object]:
    """Baseline and the agreement (and an older checkout's, if given), alternating, `repeats` times
    each; medians. On a server (`cluster`: its folder) the server's CPU time too."""
    import annotator

    ours = str(Path(annotator.__file__).parents[1])
    base, times, cpu, old, in_workers, server, opening = [], [], [], [], [], [], []
    growth = 0.0
    before = load()
    for _ in range(repeats):
        gc.collect()
        t = time.perf_counter()
        count = sql_count(location)
        base.append(time.perf_counter() - t)
        # In a fresh process, as `before`: this one's heap still holds the library build's objects,
        # which would hide the memory the agreement takes.
        wall, used, grown, workers, opened, served = _timed(ours, location, cluster)
        times.append(wall)
        opening.append(opened)
        server.append(served)
        cpu.append(used)
        in_workers.append(workers)
        growth = max(growth, grown)
        if source:
            old.append(_timed(source, location, cluster))
    report = compute(location)  # the figures printed (here, once)
    overall = report.rows[len(TAGS)]  # type: ignore[attr-defined]
    return dict(
        seconds=statistics.median(times),
        runs=times,
        cpu_s=statistics.median(cpu),
        cpu_runs=cpu,
        cpu_workers_s=statistics.median(in_workers),  # of cpu_s: the worker processes' share
        # Besides `seconds`: importing the services and opening the library, which the app has
        # done before its agreement view asks and `annotator agreement` does first.
        open_s=statistics.median(opening),
        server_cpu_s=statistics.median(server) if cluster else None,  # the server's, besides cpu_s
        server_cpu_runs=server if cluster else None,
        baseline_s=statistics.median(base),
        baseline_runs=base,
        ratio=statistics.median(times) / statistics.median(base),
        memory_growth_mb=growth,
        rows=count[0],
        load_before=before,
        load_after=load(),
        overall={m: getattr(overall, m) for m in ("alpha_u", "kappa", "alpha_binary", "percent", "holsti", "bp_kappa")},
        before=None
        if not old
        else dict(
            source=source,
            seconds=statistics.median(w for w, *_ in old),
            runs=[w for w, *_ in old],
            cpu_s=statistics.median(c for _, c, *_ in old),
            cpu_runs=[c for _, c, *_ in old],
            memory_growth_mb=max(g for _, _, g, *_ in old),
            server_cpu_s=statistics.median(x[5] for x in old) if cluster else None,
        ),
        fields={r.tag: r.fields for r in report.rows[: len(TAGS)] if r.fields},  # type: ignore[attr-defined]
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="100 documents, one run, no targets judged")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--keep", help="a folder to keep (and reuse) the SQLite library in")
    parser.add_argument("--reuse", action="store_true", help="time the kept library only (no PostgreSQL)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--one", action="store_true", help="only the one-document row (both backends)")
    parser.add_argument("--documents", type=int, help="another size than 10,000 (or 100 with --quick)")
    parser.add_argument("--before", help="an older checkout's src folder: timed in the same run, alternating")
    parser.add_argument("--out", default=str(HERE / "agreement_library_results.json"))
    args = parser.parse_args()
    documents = args.documents or (100 if args.quick else 10_000)
    repeats = 1 if args.quick else args.repeats
    import annotator

    results: dict[str, object] = {"documents": documents, "quick": args.quick, "repeats": repeats}
    results["annotator"] = annotator.__file__  # which checkout was timed
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="annotator-agree-"))
    work.mkdir(parents=True, exist_ok=True)
    if args.one:
        return _one(work, args)
    if args.backend in ("sqlite", "both"):
        location = str(work / f"agreement-{documents}.sqlite3")
        if not (args.reuse and Path(location).exists()):
            for stale in work.glob(f"agreement-{documents}.sqlite3*"):
                stale.unlink()
            t = time.perf_counter()
            build(location, documents, 100, 6_000)
            results["sqlite_build_s"] = time.perf_counter() - t
        results["sqlite"] = measure(location, repeats, args.before)
        _print("sqlite", results["sqlite"], args.quick)  # type: ignore[arg-type]
    if args.backend in ("postgresql", "both") and not args.reuse:
        from benchmarks.live import start_cluster, stop_cluster

        cluster = start_cluster()
        try:
            location = f"postgresql+psycopg://postgres@/bench?host={cluster}"
            t = time.perf_counter()
            build(location, documents, 100, 6_000)
            results["postgresql_build_s"] = time.perf_counter() - t
            results["postgresql"] = measure(location, repeats, args.before, cluster)
            _print("postgresql", results["postgresql"], args.quick)  # type: ignore[arg-type]
        finally:
            stop_cluster(cluster)
    Path(args.out).write_text(json.dumps(results, indent=1))
    return 0


def _one(work: Path, args: argparse.Namespace) -> int:
    results: dict[str, object] = {}
    repeats = 3 if args.quick else 15
    if args.backend in ("sqlite", "both"):
        location = work / "agreement-one.sqlite3"
        for stale in work.glob("agreement-one.sqlite3*"):
            stale.unlink()
        results["sqlite"] = one_document(str(location), repeats)
    if args.backend in ("postgresql", "both"):
        from benchmarks.live import start_cluster, stop_cluster

        cluster = start_cluster()
        try:
            results["postgresql"] = one_document(f"postgresql+psycopg://postgres@/bench?host={cluster}", repeats)
        finally:
            stop_cluster(cluster)
    for backend, r in results.items():
        print(
            f"{backend:<10} one document, 2 coders × 200 passages: {r['ms']:.1f} ms (cpu {r['cpu_ms']:.1f} ms, "  # type: ignore[index]
            f"first call {r['first_ms']:.1f} ms) target <= 20 ms, load {r['load']}"  # type: ignore[index]
        )
    Path(args.out).write_text(json.dumps(results, indent=1))
    return 0


def _print(backend: str, r: dict[str, object], quick: bool) -> None:
    met = "" if quick else ("met" if r["seconds"] <= 5 and r["memory_growth_mb"] <= 200 else "MISSED")  # type: ignore[operator]
    print(
        f"{backend:<10} agreement {r['seconds']:.3f} s (cpu {r['cpu_s']:.3f} s, of which workers "
        f"{r['cpu_workers_s']:.3f} s"
        + ("" if r.get("server_cpu_s") is None else f"; server cpu {r['server_cpu_s']:.3f} s")
        + "; runs "
        + ", ".join(f"{x:.2f}" for x in r["runs"])  # type: ignore[attr-defined]
        + f") target <= 5 s; SQL count {r['baseline_s']:.3f} s; ratio {r['ratio']:.1f}; "
        f"memory +{r['memory_growth_mb']:.0f} MB (<= 200); {r['rows']:,} rows; load {r['load_before']} -> "
        f"{r['load_after']} {met}; besides: import and open {r.get('open_s', 0):.3f} s"
    )
    if r.get("before"):
        b = r["before"]
        served = "" if b.get("server_cpu_s") is None else f", server cpu {b['server_cpu_s']:.3f} s"  # type: ignore[attr-defined, index]
        print(
            f"{'':<10} before    {b['seconds']:.3f} s (cpu {b['cpu_s']:.3f} s{served}, runs "  # type: ignore[index]
            + ", ".join(f"{x:.2f}" for x in b["runs"])  # type: ignore[index]
            + f"); memory +{b['memory_growth_mb']:.0f} MB; after/before {r['seconds'] / b['seconds']:.2f}"  # type: ignore[index, operator]
        )
    print(f"           overall {r['overall']}")


if __name__ == "__main__":
    raise SystemExit(main())
