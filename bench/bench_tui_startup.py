"""Start-up of the wizard to its home screen, in a real terminal, against a minimal Textual app.

Both are started the same way in the same run, in turns: a fresh tmux server
runs the program in an 80×24 window, and the clock stops when the screen
(read with ``tmux capture-pane``) shows the program drawn whole: for balorg,
Home's first section, its last (the drafts) and the Footer's keys, which are
drawn last; for the minimal app (Header, Label, Input, Button, Footer), its label,
its button and its Footer's key. Target: median ratio at most 1.1 (issue 11: keep what it was).

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


OURS = ("Nouvelle demande", "Brouillons", "^q Quitter")
"""Home drawn whole: its first lines, its last section, and the Footer's keys (drawn last)."""
THEIRS = ("Prêt", "Valider", "^p palette")
"""The minimal app drawn whole, Footer included."""


def measure(command: list[str], markers: tuple[str, ...], env: dict[str, str]) -> float:
    """Seconds from starting `command` in tmux until every one of `markers` shows on the screen."""
    socket = f"balorg-bench-{os.getpid()}-{time.monotonic_ns()}"
    base = ["tmux", "-L", socket, "-f", "/dev/null"]
    start = time.perf_counter()
    subprocess.run([*base, "new-session", "-d", "-s", "b", "-x", "80", "-y", "24", " ".join(command)],
                   env=env, check=True)
    try:
        while True:
            screen = subprocess.run([*base, "capture-pane", "-p", "-t", "b"], capture_output=True, text=True).stdout
            if all(marker in screen for marker in markers):
                return time.perf_counter() - start
            if time.perf_counter() - start > 60:
                raise RuntimeError(f"{markers!r} never all showed:\n{screen}")
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
    # As installed: pip writes each module's bytecode at install time, an editable install the
    # first time it runs (unless PYTHONDONTWRITEBYTECODE is set, as on some build machines).
    import compileall

    import wizard

    compileall.compile_dir(Path(wizard.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory() as folder:
        minimal = Path(folder) / "minimal.py"
        minimal.write_text(MINIMAL, encoding="utf-8")
        # No preferences unless BALORG_CONFIG_DIR names a folder of them (to time start-up with a theme).
        env = {"BALORG_CONFIG_DIR": str(Path(folder) / "config"), **os.environ, "TERM": "xterm-256color",
               "BALORG_DATA_DIR": str(Path(folder) / "data")}
        # One untimed run each: the first start pays for cold file caches.
        measure([str(balorg)], OURS, env)
        measure([str(python), str(minimal)], THEIRS, env)
        ours, theirs = [], []
        for _ in range(args.runs):
            ours.append(measure([str(balorg)], OURS, env))
            theirs.append(measure([str(python), str(minimal)], THEIRS, env))
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"start-up to home screen, median of {args.runs} (real terminal, tmux 80x24):")
    print(f"  balorg        {a * 1000:7.0f} ms  (min {min(ours) * 1000:.0f}, max {max(ours) * 1000:.0f})")
    print(f"  minimal app   {b * 1000:7.0f} ms  (min {min(theirs) * 1000:.0f}, max {max(theirs) * 1000:.0f})")
    print(f"  ratio         {a / b:7.2f}     (target <= 1.10: {'ok' if a / b <= 1.1 else 'MISSED'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
