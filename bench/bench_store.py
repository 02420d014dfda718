"""Benchmark of the drafts store with 10,000 drafts: autosave p95, listing, start-up ratio.

Targets (issue 4): autosave p95 <= 20 ms; Home's list within 200 ms; start-up
with 10,000 drafts <= 1.2 x start-up with an empty store. Prints its figures;
run with ``make bench`` or ``python bench/bench_store.py [N]``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from wizard.model.examples import EXAMPLES
from wizard.store.drafts import DraftStore
from wizard.store.drafts.migrations import CURRENT

CITIES = ["Nantes", "Lyon", "Brest", "Lille", "Pau", "Metz", "Nîmes", "Rouen"]


def populate(root: Path, count: int) -> None:
    """Write `count` draft files (the 4 sheet examples, renamed) and let the store index them."""
    items = root / "items"
    items.mkdir(parents=True, mode=0o700)
    bases = [build().to_data() for build in EXAMPLES.values()]
    for n in range(count):
        data = json.loads(json.dumps(bases[n % len(bases)]))
        data["structure"]["name"] = f"Structure {n:05d}"
        data["structure"]["address"]["city"] = CITIES[n % len(CITIES)]
        record = {
            "store_format": CURRENT, "id": f"{n:012x}", "revision": 1, "name": "", "step": "structure",
            "created_at": "2026-11-01T10:00:00Z", "updated_at": f"2026-11-{1 + n % 28:02d}T10:00:00Z",
            "trashed_at": None, "exported": None, "origin": None, "request": data,
        }
        fd = os.open(items / f"{n:012x}.json", os.O_WRONLY | os.O_CREAT, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(record, handle, ensure_ascii=False, indent=1)
    DraftStore(root).close()  # rebuilds the index from the files
    # The store fsyncs every file it writes; these were written in bulk without, and on ext4
    # (data=ordered) the first fsyncs would pay for writing them all back: settle that first.
    os.sync()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def bench_autosave(root: Path, saves: int = 400) -> list[float]:
    store = DraftStore(root)
    drafts = [store.load(f"{n:012x}") for n in range(0, 40)]
    times = []
    for i in range(saves):
        draft = drafts[i % len(drafts)]
        draft.request.structure.name = f"Structure modifiée {i}"
        start = time.perf_counter()
        store.save(draft)  # what the autosave thread does: snapshot + save
        times.append(time.perf_counter() - start)
    store.close()
    return times


def bench_list(root: Path) -> tuple[float, float, float]:
    start = time.perf_counter()
    store = DraftStore(root)
    opened = time.perf_counter() - start
    runs = []
    for _ in range(20):
        start = time.perf_counter()
        store.list()
        runs.append(time.perf_counter() - start)
    start = time.perf_counter()
    store.list(filter="struct 0042")
    filtered = time.perf_counter() - start
    start = time.perf_counter()
    store.count()
    store.list(limit=200)
    home = time.perf_counter() - start
    store.close()
    return opened, statistics.median(runs), filtered, home


_STARTUP = "import sys; from wizard.store.drafts import DraftStore; print(len(DraftStore(sys.argv[1]).list()))"
# What the wizard's start-up adds to its own imports: open the store, count, show the 200 most recent.
_WIZARD = (
    "import sys, wizard.app; from wizard.store.drafts import DraftStore; s = DraftStore(sys.argv[1]); "
    "print(s.count(), len(s.list(limit=200)))"
)


def startup(first: list[str], second: list[str], runs: int = 21) -> tuple[float, float]:
    """Medians of `runs` start-ups of each command, interleaved so that load changes hit both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for argv, bucket in ((first, times[0]), (second, times[1])):
            start = time.perf_counter()
            subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
            bucket.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        full, empty = Path(tmp) / "full" / "drafts", Path(tmp) / "empty" / "drafts"
        start = time.perf_counter()
        populate(full, count)
        DraftStore(empty).close()
        print(f"setup: {count} drafts written and indexed in {time.perf_counter() - start:.1f} s")

        times = bench_autosave(full)
        print(
            f"autosave (save of one draft, {count} in store): p50 {percentile(times, 0.5) * 1e3:.2f} ms, "
            f"p95 {percentile(times, 0.95) * 1e3:.2f} ms, max {max(times) * 1e3:.2f} ms (target p95 <= 20 ms)"
        )
        opened, listed, filtered, home = bench_list(full)
        print(
            f"open store {opened * 1e3:.1f} ms; list all {count} drafts {listed * 1e3:.1f} ms; "
            f"filtered list {filtered * 1e3:.1f} ms; count + 200 most recent {home * 1e3:.1f} ms; "
            f"open + list all {(opened + listed) * 1e3:.1f} ms (target <= 200 ms)"
        )
        python = sys.executable
        for label, argv_of in (
            ("process opening the store and listing", lambda root: [python, "-c", _STARTUP, str(root)]),
            ("wizard start-up path (imports wizard.app, opens, counts, lists 200)", lambda root: [python, "-c", _WIZARD, str(root)]),
            ("balorg drafts --json", lambda root: [python, "-m", "wizard", "--data-dir", str(root.parent), "drafts", "--json"]),
        ):
            startup(argv_of(empty), argv_of(full), runs=2)  # warm the file cache
            base, loaded = startup(argv_of(empty), argv_of(full))
            print(
                f"start-up, {label}: empty {base * 1e3:.0f} ms, {count} drafts {loaded * 1e3:.0f} ms, "
                f"ratio {loaded / base:.2f} (target <= 1.2)"
            )


if __name__ == "__main__":
    main()
