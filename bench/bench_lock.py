"""Benchmark of the drafts store's lock: fcntl.flock called directly (before issue 16) vs portalocker.

Prints, for shared and exclusive holds, the median and p95 cost of one
acquire-and-release by :class:`wizard.store.drafts.journal.FileLock` (portalocker:
flock on Linux and macOS, LockFileEx on Windows) and by the class it replaced
(``fcntl.flock`` called directly, its code kept below), uncontended; then one
`DraftStore.list()` and one save, which each take the lock once; then what
importing portalocker adds (paid once, when the store is first locked).
Run with ``make bench`` or ``python bench/bench_lock.py [N]``.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from wizard.model.examples import EXAMPLES
from wizard.store.drafts import DraftStore
from wizard.store.drafts.journal import FileLock


class FlockLock:
    """The store's lock before issue 16 (fcntl.flock called directly), as it was, for comparison."""

    def __init__(self, path: Path) -> None:
        import fcntl

        self._fcntl = fcntl
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._mode = 0
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | getattr(os, "O_NONBLOCK", 0), 0o600)

    @contextmanager
    def hold(self, exclusive: bool) -> Iterator[None]:
        fcntl = self._fcntl
        with self._thread_lock:
            if self._depth and (self._mode == fcntl.LOCK_EX or not exclusive):
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
            while True:
                try:
                    fcntl.flock(self._fd, mode | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    time.sleep(random.uniform(0.0002, 0.001))
            self._mode = mode
            self._depth = 1
            try:
                yield
            finally:
                self._depth = 0
                self._mode = 0
                fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        os.close(self._fd)


def _cycle_us(lock: FlockLock | FileLock, exclusive: bool, count: int) -> list[float]:
    times = []
    for _ in range(count):
        start = time.perf_counter_ns()
        with lock.hold(exclusive=exclusive):
            pass
        times.append((time.perf_counter_ns() - start) / 1000)
    return times


def _p95(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.95)]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "lock"
        old, new = FlockLock(path), FileLock(path)
        for kind, exclusive in (("shared", False), ("exclusive", True)):
            results = {"fcntl.flock (before)": [], "portalocker (now)": []}
            for _ in range(5):  # interleaved rounds: neither side gets the warmer cache
                results["fcntl.flock (before)"] += _cycle_us(old, exclusive, count // 5)
                results["portalocker (now)"] += _cycle_us(new, exclusive, count // 5)
            for name, values in results.items():
                print(f"{kind:9} hold, {name:21}: median {statistics.median(values):5.2f} µs, "
                      f"p95 {_p95(values):5.2f} µs ({len(values)} acquire+release)")
        old.close()
        new.close()

        store = DraftStore(Path(tmp) / "drafts")
        draft = store.create(EXAMPLES["cas2-cabinet-medical.json"]())
        lists, saves = [], []
        for n in range(200):
            start = time.perf_counter()
            store.list()
            lists.append((time.perf_counter() - start) * 1000)
            draft.request.structure.name = f"Cabinet {n}"
            start = time.perf_counter()
            draft = store.save(draft)
            saves.append((time.perf_counter() - start) * 1000)
        store.close()
        print(f"store, one draft, portalocker: list() median {statistics.median(lists):.3f} ms, "
              f"save() median {statistics.median(saves):.3f} ms (fsync included)")

    # After what the wizard and `balorg drafts` have loaded before their first lock: the store's modules
    # and a request built (pydantic loads importlib.metadata then, which portalocker needs too).
    code = ("import time, wizard.store.drafts\nfrom wizard.model.examples import EXAMPLES\n"
            "next(iter(EXAMPLES.values()))()\nt = time.perf_counter()\nimport portalocker\n"
            "print(time.perf_counter() - t)")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-c", "import portalocker"], env=env, check=True)  # bytecode compiled, as installed
    imports = [float(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                    check=True).stdout) * 1000 for _ in range(9)]
    print(f"import portalocker after the store's imports and a request built: median {statistics.median(imports):.1f} ms "
          f"(once per process, on the first lock; never for `balorg validate`)")


if __name__ == "__main__":
    main()
