"""Documents speed: rendering each document (what the Review step's preview costs), and `balorg documents` whole.

No target in the issue; the preview should feel instant (well under 50 ms per
document for the sheet's cases and for the largest request the rules allow:
20 co-holders on each of 10 mailboxes, 30 delegates each).

Run: `make bench` or `.venv/bin/python bench/bench_documents.py`.
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

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from wizard.documents import FORMATS, KINDS, render  # noqa: E402

RUNS = 20


def large_request() -> dict:
    """Case 2 grown to 10 mailboxes x 20 co-holders x 30 delegates."""
    data = json.loads((REPO / "examples" / "cas2-cabinet-medical.json").read_text(encoding="utf-8"))
    base = data["people"][0]
    data["people"] = [dict(base, id=f"p{i}", rpps=f"{10000000000 + i:011d}", last_name=f"Nom{i}") for i in range(1, 21)]
    holders = [{"person": "p1", "principal": True, "appointed_by": None}]
    holders += [{"person": f"p{i}", "principal": False, "appointed_by": f"p{i - 1}"} for i in range(2, 21)]
    delegate = data["mailboxes"][0]["delegates"][0]
    box = data["mailboxes"][0]
    data["mailboxes"] = [
        dict(box, local_part=f"cabinet-des-lilas-{m}.93260", address=None, annuaire=None, co_holders=holders,
             delegates=[dict(delegate, last_name=f"Délégué{d}", delegated_by=["p1", "p2"]) for d in range(30)])
        for m in range(10)
    ]
    return data


def per_call_ms(request: dict, kind: str, fmt: str) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        render(request, kind, fmt, generated_on="2026-11-26")
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    examples = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted((REPO / "examples").glob("*.json"))}
    cases = {**examples, "large (10 BAL x 20 cotitulaires x 30 délégataires)": large_request()}
    print(f"render, median of {RUNS} calls (ms), machine: {os.cpu_count()} cores")
    for name, request in cases.items():
        figures = ", ".join(f"{kind}.{fmt} {per_call_ms(request, kind, fmt):.2f}" for kind in KINDS for fmt in FORMATS)
        print(f"  {name}: {figures}")
    with tempfile.TemporaryDirectory() as folder:
        walls = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "wizard", "documents", str(REPO / "examples" / "cas4-ministere-interieur.json"),
                            "-o", folder], check=True, capture_output=True, cwd=REPO)
            walls.append((time.perf_counter() - start) * 1000)
        print(f"balorg documents (case 4, 4 files), whole process, median of 5: {statistics.median(walls):.0f} ms")


if __name__ == "__main__":
    main()
