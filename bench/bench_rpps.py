"""The RPPS directory (issue 13): import, load and lookup speed on a 2,500,000-line ``PS_LibreAcces_Personne_activite``.

Targets, on a generated file of 2,500,000 lines (bench/gen_rpps.py: about 0.8 GB):

- import at most 2x the time a plain `csv` read of the same file takes in the same
  run (``csv.reader(f, delimiter="|", quoting=csv.QUOTE_NONE)`` counting rows), in
  wall time and in CPU time; each timed in a fresh process, in turns, three times: medians compared;
- peak memory of the import (VmHWM of the fresh process doing it) at most 400 MB;
- loading the index in a fresh process (module import and load, the interpreter's
  start excepted) at most 0.3 s;
- ``who`` over 10,000 RPPS numbers of the file, drawn at random: p95 at most 1 ms.

Run: `make bench`, or `.venv/bin/python bench/bench_rpps.py [--lines N] [--seed S] [--file FILE] [--turns 3]`.
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
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.gen_rpps import generate  # noqa: E402

CSV = """
import csv, json, sys, time
wall, cpu = time.perf_counter(), time.process_time()
csv.field_size_limit(1 << 30)
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    rows = sum(1 for _ in csv.reader(f, delimiter="|", quoting=csv.QUOTE_NONE))
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
print(json.dumps({"wall": wall, "cpu": cpu, "rows": rows}))
"""

IMPORT = """
import json, sys, time
from pathlib import Path
from wizard.store.directory.rpps import import_rpps

def peak():
    with open("/proc/self/status") as f:
        return next((int(line.split()[1]) * 1024 for line in f if line.startswith("VmHWM:")), 0)

before = peak()
wall, cpu = time.perf_counter(), time.process_time()
with open(sys.argv[1], "rb") as stream:
    summary = import_rpps(stream, Path(sys.argv[2]), source=sys.argv[1])
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
print(json.dumps({"wall": wall, "cpu": cpu, "peak": peak(), "before": before, "summary": summary.to_dict()}))
"""

LOAD = """
import json, sys, time
start = time.perf_counter()
from wizard.store.directory.rpps import RppsIndex
index = RppsIndex.load(sys.argv[1])
loaded = time.perf_counter() - start
person = index.who(sys.argv[2])
first = time.perf_counter() - start
with open("/proc/self/statm") as f:
    rss = int(f.read().split()[1]) * 4096
print(json.dumps({"load": loaded, "first": first, "persons": len(index), "found": person is not None, "rss": rss}))
"""

WHO = """
import json, random, sys, time
from wizard.store.directory.rpps import RppsIndex
index = RppsIndex.load(sys.argv[1])
sample = json.loads(open(sys.argv[2]).read())
rng = random.Random(5)
wanted = [rng.choice(sample) for _ in range(10_000)]
absent = [str(10**10 + rng.randrange(10**9)) for _ in range(1_000)]  # mostly not listed (nor valid RPPS numbers)
def measure(numbers):
    times, found = [], 0
    for number in numbers:
        start = time.perf_counter()
        person = index.who(number)
        times.append(time.perf_counter() - start)
        found += person is not None
    times.sort()
    return {"p50": times[len(times) // 2], "p95": times[int(len(times) * 0.95)], "max": times[-1], "found": found, "n": len(numbers)}
print(json.dumps({"present": measure(wanted), "absent": measure(absent)}))
"""


def _run(script: str, *args: str) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run([sys.executable, "-c", script, *args], cwd=REPO, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"bench child failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _walls(runs: list[dict[str, Any]]) -> str:
    return ", ".join(f"{float(run['wall']):.2f}" for run in runs)


def _mark(ok: bool) -> str:
    return "ok" if ok else "OVER TARGET"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=2_500_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--file", help="an existing PS_LibreAcces_Personne_activite file (default: generate one; no lookup sample then)")
    parser.add_argument("--turns", type=int, default=3)
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory(prefix="bench-rpps-") as tmp:
        folder = Path(tmp)
        free = shutil.disk_usage(folder).free
        sample: list[str] = []
        if args.file:
            path = Path(args.file)
        else:
            need = args.lines * 450  # the file (~330 bytes a line) and its index
            if free < need:
                print(f"not enough disk space in {folder}: {free / 1e9:.1f} GB free, {need / 1e9:.1f} GB needed")
                return 1
            path = folder / "PS_LibreAcces_Personne_activite_202612010930.txt"
            start = time.perf_counter()
            counts = generate(path, args.lines, seed=args.seed, sample_size=20_000)
            sample = counts.sample
            print(f"generated {counts.rows:,} lines ({path.stat().st_size / 1e6:,.0f} MB; {counts.persons:,} persons, "
                  f"{counts.skipped:,} malformed, {counts.scattered:,} with lines apart) in {time.perf_counter() - start:.1f} s")
        target = folder / "rpps.bin"
        plain: list[dict[str, Any]] = []
        imports: list[dict[str, Any]] = []
        for _ in range(args.turns):
            plain.append(_run(CSV, str(path)))
            imports.append(_run(IMPORT, str(path), str(target)))
        summary = imports[-1]["summary"]
        assert isinstance(summary, dict)
        print(f"import: {summary['rows']:,} lines read, {summary['persons']:,} persons (RPPS {summary['rpps']:,}, ADELI {summary['adeli']:,}), "
              f"{summary['activities']:,} activities, {summary['skipped']:,} skipped; index {target.stat().st_size / 1e6:,.0f} MB")
        csv_wall = statistics.median(float(p["wall"]) for p in plain)
        csv_cpu = statistics.median(float(p["cpu"]) for p in plain)
        imp_wall = statistics.median(float(i["wall"]) for i in imports)
        imp_cpu = statistics.median(float(i["cpu"]) for i in imports)
        print(f"plain csv read: median wall {csv_wall:.2f} s, CPU {csv_cpu:.2f} s over {args.turns} "
              f"(walls {_walls(plain)})")
        print(f"import_rpps:    median wall {imp_wall:.2f} s, CPU {imp_cpu:.2f} s over {args.turns} "
              f"(walls {_walls(imports)})")
        ratio_wall, ratio_cpu = imp_wall / csv_wall, imp_cpu / csv_cpu
        ok = ratio_wall <= 2 and ratio_cpu <= 2
        failed |= not ok
        print(f"import / csv: wall {ratio_wall:.2f}x, CPU {ratio_cpu:.2f}x (target <= 2x): {_mark(ok)}")
        peak = max(int(i["peak"]) for i in imports)
        before = max(int(i["before"]) for i in imports)
        ok = peak <= 400e6
        failed |= not ok
        print(f"import peak memory (VmHWM of its fresh process): {peak / 1e6:.0f} MB, of which {before / 1e6:.0f} MB before the import "
              f"(interpreter and modules) (target <= 400 MB): {_mark(ok)}")
        probe = sample[0] if sample else "10000000000"
        loads = [_run(LOAD, str(target), probe) for _ in range(7)]
        load = statistics.median(float(x["load"]) for x in loads)
        first = statistics.median(float(x["first"]) for x in loads)
        ok = max(float(x["load"]) for x in loads) <= 0.3
        failed |= not ok
        print(f"load (fresh process, module import included): median {load * 1000:.1f} ms, max {max(float(x['load']) for x in loads) * 1000:.1f} ms "
              f"over 7; with a first who: {first * 1000:.1f} ms; RSS after {int(loads[0]['rss']) / 1e6:.0f} MB (target <= 0.3 s): {_mark(ok)}")
        if sample:
            numbers = folder / "sample.json"
            numbers.write_text(json.dumps(sample))
            who = _run(WHO, str(target), str(numbers))
            present, absent = who["present"], who["absent"]
            assert isinstance(present, dict) and isinstance(absent, dict)
            ok = present["p95"] <= 0.001 and present["found"] == present["n"]
            failed |= not ok
            print(f"who over {present['n']:,} listed RPPS: p50 {present['p50'] * 1e6:.0f} µs, p95 {present['p95'] * 1e6:.0f} µs, "
                  f"max {present['max'] * 1e6:.0f} µs, {present['found']:,} found (target p95 <= 1 ms): {_mark(ok)}")
            print(f"who over {absent['n']:,} unlisted numbers: p50 {absent['p50'] * 1e6:.0f} µs, p95 {absent['p95'] * 1e6:.0f} µs")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
