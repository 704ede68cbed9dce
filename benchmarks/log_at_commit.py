"""Ten coders with the change log written at commit (revision 0016) and at each row (0015's plain
log triggers), alternating on one database in one session (decision 057):
`python -m benchmarks.log_at_commit [--total N] [--seconds S] [--rounds R] [--coders C]`.

The library and the ten coder processes are benchmarks/team.py's (`build`, `coders`: each coder's
login, an article of its own, 10 tags a second). Between runs the superuser swaps the 19 log
triggers as revision 0016 writes them (deferred) or as 0015 had them; `log_change` is 0016's in
both (it reads the link's copies either way). While the coders run, pg_stat_activity is sampled
every 20 ms: the share of the coders' busy backends waiting for the log's advisory lock. Prints
JSON; the machine's load is in it (2 shared cores: read every figure with it)."""

from __future__ import annotations

import argparse
import importlib.util
import json
import threading
from pathlib import Path

import psycopg

from benchmarks.live import start_cluster, stop_cluster
from benchmarks.team import FULL, build, coders, load, new_database

REVISION = next((Path(__file__).parents[1] / "src/annotator/storage/migrations/versions").glob("0016_*.py"))
SAMPLE = (
    "SELECT count(*) FILTER (WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'), "
    "count(*) FILTER (WHERE state <> 'idle') FROM pg_stat_activity WHERE usename LIKE 'coder%%'"
)


def _triggers() -> tuple[tuple[str, str, str, str], ...]:
    spec = importlib.util.spec_from_file_location("revision_0016", REVISION)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.TRIGGERS


def set_mode(cluster: Path, database: str, at_commit: bool) -> None:
    kind = "CONSTRAINT TRIGGER" if at_commit else "TRIGGER"
    deferred = " DEFERRABLE INITIALLY DEFERRED" if at_commit else ""
    with psycopg.connect(host=str(cluster), user="postgres", dbname=database) as c:
        for table, name, events, when in _triggers():
            c.execute(f"DROP TRIGGER {name} ON {table}")
            c.execute(
                f"CREATE {kind} {name} AFTER {events} ON {table}{deferred} FOR EACH ROW{when} EXECUTE FUNCTION log_change()"
            )


def sampled(cluster: Path, database: str, run: object) -> tuple[dict, float]:
    """Run `run()` while sampling the coders' backends; its result and the share waiting for the lock."""
    stop, counts = threading.Event(), [0, 0]

    def sample() -> None:
        with psycopg.connect(host=str(cluster), user="postgres", dbname=database, autocommit=True) as c:
            while not stop.wait(0.02):
                waiting, busy = c.execute(SAMPLE).fetchone()  # type: ignore[misc]
                counts[0] += waiting
                counts[1] += busy

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        result = run()  # type: ignore[operator]
    finally:
        stop.set()
        thread.join()
    return result, counts[0] / counts[1] if counts[1] else 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--total", type=int, default=200_000)
    parser.add_argument("--docs", type=int, default=1_000)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--coders", type=int, default=10)
    args = parser.parse_args()
    size = dict(FULL, total=args.total, docs=args.docs, seconds=args.seconds, coders=args.coders)
    size["big_annotations"] = min(size["big_annotations"], args.total // 4)
    results: dict[str, object] = {"load_before": load(), "sizes": size, "runs": []}
    cluster = start_cluster()
    try:
        location = new_database(cluster, "logc")
        ids = build(location, size)
        database = "logc"
        for round_ in range(args.rounds):
            for at_commit in (True, False) if round_ % 2 == 0 else (False, True):
                set_mode(cluster, database, at_commit)
                found, waiting = sampled(cluster, database, lambda: coders(location, ids, size))
                run = {
                    "log": "at commit (0016)" if at_commit else "at each row (0015)",
                    "p50_ms": round(found["p50_ms"], 1),
                    "p95_ms": round(found["p95_ms"], 1),
                    "writes": found["writes"],
                    "errors": found["errors"],
                    "lost": found["lost"],
                    "lock_wait_share": round(waiting, 3),
                    "load": [found["load_before"], found["load_after"]],
                }
                print(json.dumps(run), flush=True)
                results["runs"].append(run)  # type: ignore[attr-defined]
    finally:
        stop_cluster(cluster)
    results["load_after"] = load()
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
