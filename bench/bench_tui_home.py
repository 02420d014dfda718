"""Home's drafts list with 10,000 drafts: time to the list shown, and start-up against an empty store.

Targets (issue 4): Home's list shown within 200 ms with 10,000 drafts;
start-up with 10,000 drafts at most 1.2 x start-up with an empty store.

Each start-up is a fresh process running the wizard headless (Textual's
``run_test``, 80x24) that stops the clock when Home's table holds its rows
(or, for the empty store, when Home's one line says there are none); the two stores
are measured in turns so that load changes hit both alike. In the same
processes, "list" is the time Home spends reading and filling the list
(``DraftsPanel.reload``: ``count()`` plus the 200 most recent).

Run: `make bench`, or `.venv/bin/python bench/bench_tui_home.py [--drafts N] [--runs N]`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_store import populate

_CHILD = r'''
import asyncio, json, sys, time
start = time.perf_counter()
from wizard.app import BalOrgApp
from wizard.widgets import drafts

listing = []
reload = drafts.DraftsPanel.reload
def timed(self):
    began = time.perf_counter()
    reload(self)
    listing.append(time.perf_counter() - began)
drafts.DraftsPanel.reload = timed

async def main():
    app = BalOrgApp()
    async with app.run_test(size=(80, 24)) as pilot:
        while True:
            try:
                panel = app.screen.query_one(drafts.DraftsPanel)
            except Exception:
                panel = None
            if panel is not None and panel.query("#drafts-none"):
                break  # an empty store: one line says so
            if panel is not None and listing and str(panel.query_one("#drafts-count").render()):
                break
            await asyncio.sleep(0.001)
        await pilot.pause()  # and drawn
        shown = time.perf_counter() - start
        rows = panel.query_one("#drafts-table").row_count if not panel.empty else 0
        began = time.perf_counter()
        rows_filtered = len(panel._read("structure 0042")[0])
        filtered = time.perf_counter() - began
    print(json.dumps({"shown": shown, "list": listing[0] if listing else 0.0, "rows": rows, "total": panel.total,
                      "filtered": filtered, "rows_filtered": rows_filtered}))

asyncio.run(main())
'''


def run_once(data: Path) -> dict[str, float]:
    """One start-up of the wizard on the data folder `data`; its figures."""
    env = {**os.environ, "BALORG_DATA_DIR": str(data), "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    out = subprocess.run([sys.executable, "-c", _CHILD], env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        full, empty = Path(tmp) / "full", Path(tmp) / "empty"
        began = time.perf_counter()
        populate(full / "drafts", args.drafts)
        empty.mkdir(mode=0o700)
        print(f"setup: {args.drafts} drafts written and indexed in {time.perf_counter() - began:.1f} s")
        run_once(full)  # warm the page cache and Python's bytecode cache for both
        run_once(empty)
        results: dict[str, list[dict[str, float]]] = {"full": [], "empty": []}
        for _ in range(args.runs):
            results["full"].append(run_once(full))
            results["empty"].append(run_once(empty))
    med = {key: {k: statistics.median(r[k] for r in runs) for k in runs[0]} for key, runs in results.items()}
    full_m, empty_m = med["full"], med["empty"]
    print(f"Home's list with {args.drafts} drafts ({int(full_m['rows'])} rows shown of {int(full_m['total'])}): "
          f"read and filled in {full_m['list'] * 1e3:.1f} ms (median of {args.runs}; target <= 200 ms); "
          f"empty store: {empty_m['list'] * 1e3:.1f} ms")
    print(f"filter as you type ('structure 0042', {int(full_m['rows_filtered'])} match): "
          f"{full_m['filtered'] * 1e3:.1f} ms (in a thread, after a 120 ms pause in typing)")
    ratio = full_m["shown"] / empty_m["shown"]
    print(f"start-up to Home's list shown (process start, headless 80x24): {args.drafts} drafts "
          f"{full_m['shown'] * 1e3:.0f} ms, empty store {empty_m['shown'] * 1e3:.0f} ms, "
          f"ratio {ratio:.2f} (target <= 1.2)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
