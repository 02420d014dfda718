"""Validation speed: throughput in one process, and `balorg validate` as a whole process.

Targets (issues 2 and 10): at least 2,000 requests/s over 1,000 request files,
start-up excluded; `balorg validate FILE` at most 1.5x the wall time of
`python -c "import pydantic"` measured in the same run. Both with the export
reading (the committed schema, every derived field compared), what `validate`
does by default, in an empty data folder (no list imported, no drafts).

Run: `make bench` or `.venv/bin/python bench/bench_validate.py`.
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

FILES = 1000
RUNS = 30
ENV = dict(os.environ)


def make_files(folder: Path) -> list[Path]:
    """1,000 distinct valid requests, varied from the four examples."""
    sources = sorted((REPO / "examples").glob("*.json"))
    bases = [json.loads(p.read_text(encoding="utf-8")) for p in sources]
    paths = []
    for i in range(FILES):
        data = json.loads(json.dumps(bases[i % len(bases)]))
        data["structure"]["name"] += f" {i}"
        data["request_id"] = f"00000000-0000-4000-8000-{i:012d}"
        path = folder / f"r{i:04d}.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths


def throughput(paths: list[Path]) -> float:
    from wizard.model.validate import validate_file

    validate_file(paths[0])  # warm caches (data files, schema)
    best = 0.0
    for _ in range(3):
        start = time.perf_counter()
        for path in paths:
            report = validate_file(path)
            assert not report.has_errors, report.findings
        best = max(best, len(paths) / (time.perf_counter() - start))
    return best


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    return time.perf_counter() - start


def process_ratio(path: Path) -> tuple[float, float]:
    # As installed: pip writes each module's bytecode at install time, an editable install the
    # first time it runs (unless PYTHONDONTWRITEBYTECODE is set, as on this machine).
    import compileall

    import wizard

    compileall.compile_dir(Path(wizard.__file__).parent, quiet=1)
    compileall.compile_dir(REPO / "schema", quiet=1)
    python = sys.executable
    balorg = str(Path(python).with_name("balorg"))
    pyd, val = [], []
    for _ in range(3):  # warm the OS caches
        wall([python, "-c", "import pydantic"])
        wall([balorg, "validate", str(path)])
    for _ in range(RUNS):  # interleaved, so both see the same machine load
        pyd.append(wall([python, "-c", "import pydantic"]))
        val.append(wall([balorg, "validate", str(path)]))
    return statistics.median(pyd), statistics.median(val)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as data:
        ENV["BALORG_DATA_DIR"] = data
        paths = make_files(Path(tmp))
        rate = throughput(paths)
        print(f"validation throughput: {rate:,.0f} requests/s over {FILES} files (target >= 2,000)")
        pyd, val = process_ratio(paths[1])
        print(f"python -c 'import pydantic': median {pyd * 1000:.0f} ms over {RUNS} runs")
        print(f"balorg validate FILE:        median {val * 1000:.0f} ms over {RUNS} runs")
        print(f"ratio: {val / pyd:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
