"""Agreement benchmarks: `python -m benchmarks.agreement [--quick]` (the pure domain part, on generated units).

1. One document, two coders, 200 passages each: every measure for every tag (target ≤ 20 ms).
2. 10,000 documents × 2 coders × 100 passages (2M units): every measure, every tag, overall
   (target ≤ 5 s, memory growth ≤ 200 MB). Baseline in the same run: a plain loop summing the span
   lengths of the same units. The SQL read is not measured here (benchmarks/agreement_library.py does).
   A5: the same as rows through the streamed tally the service runs (decision 030).
Prints a table and writes benchmarks/agreement_results.json.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import statistics
import threading
import time
from pathlib import Path

from annotator.domain.agreement import Tallies, Unit, agreement, tally
from annotator.domain.agreement.stream import tally_rows

HERE = Path(__file__).parent
LENGTH = 6_000  # characters per generated document
TAGS = ("claim", "quote", "date", "framing", "casualty figure")
FIELDS = {"casualty figure": {"count_min": "interval", "kind": "nominal"}, "framing": {"frame": "nominal"}}
NO_FIELDS: dict[str, str] = {}


def generate(documents: int, passages: int, length: int, seed: int = 7) -> tuple[list[Unit], dict[int, int]]:
    """Coder A marks `passages` random spans per document; coder B marks most of the same ones,
    a few characters off, some with another tag, and a few of his own."""
    rng = random.Random(seed)
    units: list[Unit] = []
    for doc in range(1, documents + 1):
        for _ in range(passages):
            start = rng.randrange(0, length - 200)
            end = start + rng.randrange(5, 200)
            tag = rng.choice(TAGS)
            fields = NO_FIELDS
            if tag == "casualty figure":
                fields = {"count_min": str(rng.randrange(1, 50)), "kind": rng.choice(("killed", "wounded"))}
            elif tag == "framing":
                fields = {"frame": rng.choice(("conflict", "morality"))}
            units.append(Unit(doc, "A", tag, start, end, fields))
            roll = rng.random()
            if roll < 0.8:
                s = max(0, start + rng.randrange(-3, 4))
                other = tag if roll < 0.75 else rng.choice(TAGS)
                units.append(Unit(doc, "B", other, s, max(s + 1, end + rng.randrange(-3, 4)), fields))
            else:
                s = rng.randrange(0, length - 200)
                units.append(Unit(doc, "B", rng.choice(TAGS), s, s + rng.randrange(5, 200), NO_FIELDS))
    return units, {doc: length for doc in range(1, documents + 1)}


def rss(pid: int | str = "self") -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * 4096
    except OSError:  # a child that ended between the listing and the read
        return 0


def tree_rss(pid: int | None = None) -> int:
    """The resident size of this process and every process it started (the agreement's workers),
    added up: the memory a computation in parts takes, not only this process's."""
    pid = os.getpid() if pid is None else pid
    total = rss(pid)
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return total
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as f:
                children = f.read().split()
        except OSError:
            continue
        total += sum(tree_rss(int(child)) for child in children)
    return total


class Peak:
    """The largest resident size seen while the block runs (sampled every 5 ms); `tree`: of this
    process and its children together."""

    def __init__(self, tree: bool = False) -> None:
        self._rss = tree_rss if tree else rss

    def __enter__(self) -> Peak:
        self.start = self.peak = self._rss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def _watch(self) -> None:
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, self._rss())

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._rss())


_SHARED: list[Unit] = []  # the units, inherited by forked workers (as each would read its own range)


def _part(bounds: tuple[int, int]) -> Tallies:
    part = _SHARED[bounds[0] : bounds[1]]
    docs = {u.document for u in part}
    return tally(part, {d: LENGTH for d in docs}, coders=("A", "B"), tags=TAGS, fields=FIELDS)


def in_parts(units: list[Unit], parts: int) -> Tallies:
    """The same figures from `parts` processes, each on a range of whole documents, merged."""
    import multiprocessing

    cuts = [0]
    for k in range(1, parts):
        i = len(units) * k // parts
        while i < len(units) and units[i].document == units[i - 1].document:
            i += 1
        cuts.append(i)
    cuts.append(len(units))
    _SHARED[:] = units
    with multiprocessing.get_context("fork").Pool(parts) as pool:
        tallies = pool.map(_part, list(zip(cuts, cuts[1:], strict=False)))
    _SHARED.clear()
    whole = tallies[0]
    for t in tallies[1:]:
        whole.merge(t)
    return whole


def baseline(units: list[Unit]) -> int:
    total = 0
    for u in units:
        total += u.end - u.start
    return total


def timed(fn, repeats: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, out = [], None
    for _ in range(repeats):
        gc.collect()
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="small sizes, no targets judged")
    parser.add_argument("--out", default=str(HERE / "agreement_results.json"))
    args = parser.parse_args()
    big_docs = 100 if args.quick else 10_000
    results = []

    units, lengths = generate(1, 200, 20_000)
    small, report = timed(lambda: agreement(units, lengths, fields=FIELDS, by_document=True), 3 if args.quick else 15)
    base, _ = timed(lambda: baseline(units), 15)
    results.append(
        dict(
            metric="A1 one document, 2 coders × 200 passages, all measures all tags",
            value=small * 1000,
            unit="ms",
            target="<= 20 ms",
            baseline_ms=base * 1000,
            met=small <= 0.020,
        )
    )

    units, lengths = generate(big_docs, 100, LENGTH)
    gc.collect()
    base, _ = timed(lambda: baseline(units), 3)
    with Peak() as peak:
        cpu = time.process_time()
        big, report = timed(lambda: agreement(units, lengths, fields=FIELDS), 1)
        cpu = time.process_time() - cpu  # the machine is shared: CPU time says what wall time cannot
    growth = (peak.peak - peak.start) / 2**20
    overall = report.rows[-1]  # type: ignore[attr-defined]
    results.append(
        dict(
            metric=f"A2 {big_docs:,} documents × 2 coders × 100 passages ({len(units):,} units)",
            value=big,
            unit="s",
            target="<= 5 s",
            baseline_s=base,
            ratio=big / base,
            cpu_s=cpu,
            met=big <= 5.0,
        )
    )
    results.append(dict(metric="A3 memory growth during A2", value=growth, unit="MB", target="<= 200 MB", met=growth <= 200))
    parts = max(2, os.cpu_count() or 1)
    gc.collect()
    split, split_report = timed(lambda: in_parts(units, parts).report(), 1)
    assert split_report.rows[-1].alpha_u == overall.alpha_u  # type: ignore[attr-defined]
    results.append(
        dict(
            metric=f"A4 A2 in {parts} processes (document ranges, merged)",
            value=split,
            unit="s",
            target="<= 5 s",
            baseline_s=base,
            ratio=split / base,
            met=split <= 5.0,
        )
    )
    rows = [(u.document, u.coder, u.tag, u.start, u.end, u.fields) for u in units]
    gc.collect()
    with Peak() as peak:
        streamed, streamed_report = timed(
            lambda: tally_rows(rows, lengths, coders=("A", "B"), tags=sorted(TAGS), fields=FIELDS).report(), 1
        )
    assert abs(streamed_report.rows[-1].alpha_u - overall.alpha_u) < 1e-9  # type: ignore[attr-defined]
    results.append(
        dict(
            metric="A5 A2 streamed as rows (domain.agreement.stream, what the service runs)",
            value=streamed,
            unit="s",
            target="<= 5 s",
            baseline_s=base,
            ratio=streamed / base,
            memory_growth_mb=(peak.peak - peak.start) / 2**20,
            met=streamed <= 5.0,
        )
    )
    for r in results:
        if args.quick:
            r["met"] = None
        base_value = r.get("baseline_ms", r.get("baseline_s"))
        print(
            f"{r['metric']:<75} {r['value']:>9.3f} {r['unit']:<3} target {r['target']:<10} "
            + ("" if base_value is None else f"baseline {base_value:.3f} ")
            + (f"cpu {r['cpu_s']:.3f} s " if "cpu_s" in r else "")
            + ("" if r["met"] is None else ("met" if r["met"] else "MISSED"))
        )
    print(
        f"overall: α_U {overall.alpha_u:.4f}  κ {overall.kappa:.4f}  α {overall.alpha_binary:.4f}  "
        f"percent {overall.percent:.4f}  Holsti {overall.holsti:.4f}  κ_n {overall.bp_kappa:.4f}"
    )
    Path(args.out).write_text(
        json.dumps(
            {"python": platform.python_version(), "machine": platform.machine(), "quick": args.quick, "results": results},
            indent=1,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
