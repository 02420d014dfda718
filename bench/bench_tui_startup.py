"""Start-up of the wizard to its home screen, in a real terminal, against a minimal Textual app.

Both are started the same way in the same run, in turns: a fresh tmux server
runs the program in an 80×24 window, and the clock stops when the screen
(read with ``tmux capture-pane``) shows the program's marker text: "Nouvelle
demande" for balorg, "Prêt" for the minimal app (Header, Label, Input, Button,
Footer). Target: median ratio at most 1.3.

Run: `make bench`, or `.venv/bin/python bench/bench_tui_startup.py [--runs N]`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MINIMAL = '''
from textual.app import App
from textual.widgets import Button, Footer, Header, Input, Label

class Minimal(App):
    def compose(self):
        yield Header()
        yield Label("Prêt")
        yield Input(placeholder="Nom")
        yield Button("Valider")
        yield Footer()

Minimal().run()
'''


def measure(command: list[str], marker: str, env: dict[str, str]) -> float:
    """Seconds from starting `command` in tmux until `marker` shows on the screen."""
    socket = f"balorg-bench-{os.getpid()}-{time.monotonic_ns()}"
    base = ["tmux", "-L", socket, "-f", "/dev/null"]
    start = time.perf_counter()
    subprocess.run([*base, "new-session", "-d", "-s", "b", "-x", "80", "-y", "24", " ".join(command)],
                   env=env, check=True)
    try:
        while True:
            screen = subprocess.run([*base, "capture-pane", "-p", "-t", "b"], capture_output=True, text=True).stdout
            if marker in screen:
                return time.perf_counter() - start
            if time.perf_counter() - start > 60:
                raise RuntimeError(f"{marker!r} never showed:\n{screen}")
            time.sleep(0.005)
    finally:
        subprocess.run([*base, "kill-server"], capture_output=True, check=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("tmux is not installed: start-up benchmark skipped")
        return 0
    python = Path(sys.executable)
    balorg = python.with_name("balorg")
    with tempfile.TemporaryDirectory() as folder:
        minimal = Path(folder) / "minimal.py"
        minimal.write_text(MINIMAL, encoding="utf-8")
        env = {**os.environ, "TERM": "xterm-256color", "BALORG_DATA_DIR": str(Path(folder) / "data")}
        # One untimed run each: the first start pays for cold file caches.
        measure([str(balorg)], "Nouvelle demande", env)
        measure([str(python), str(minimal)], "Prêt", env)
        ours, theirs = [], []
        for _ in range(args.runs):
            ours.append(measure([str(balorg)], "Nouvelle demande", env))
            theirs.append(measure([str(python), str(minimal)], "Prêt", env))
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"start-up to home screen, median of {args.runs} (real terminal, tmux 80x24):")
    print(f"  balorg        {a * 1000:7.0f} ms  (min {min(ours) * 1000:.0f}, max {max(ours) * 1000:.0f})")
    print(f"  minimal app   {b * 1000:7.0f} ms  (min {min(theirs) * 1000:.0f}, max {max(theirs) * 1000:.0f})")
    print(f"  ratio         {a / b:7.2f}     (target <= 1.30: {'ok' if a / b <= 1.3 else 'MISSED'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
