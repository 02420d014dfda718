"""`balorg serve` in headless Chromium, against a minimal Textual app served the same way, in one run.

Two measures, each for both programs in turns (the same browser, the same server code:
:func:`wizard.commands.serve.make_server`, only the command each tab runs differs):

- **start to first screen**: from starting the server process to its first screen's text shown in
  the page (the page opened as soon as the server says it listens): for balorg, Home's title, its
  drafts section and the Footer's keys (drawn last); for the minimal app (Header, Label, Input,
  Button, Footer, as in bench_tui_startup.py), its label, its button and its Footer's key;
- **keystroke to echo**: a letter sent into the page until it shows in the terminal's buffer: for
  balorg in the Structure step's name field (checked as typed, autosaved), for the minimal app in
  its Input.

The text is read through xterm.js's public buffer API inside the page, on each of its writes (no
polling from Python). Target: each median ratio at most 1.3. Needs chromium and chromedriver
(`make test` installs them), else says so and ends. Everything listens on 127.0.0.1.

Run: `make bench`, or `.venv/bin/python bench/bench_serve.py [--runs N] [--keys N] [--screenshot docs/serve.png]`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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

SERVE_MINIMAL = '''
import sys
from pathlib import Path
from wizard.commands.serve import write_page, make_server, quote_command
import tempfile
port, app = int(sys.argv[1]), sys.argv[2]
with tempfile.TemporaryDirectory() as folder:
    write_page(Path(folder))
    make_server(quote_command([sys.executable, app]), "127.0.0.1", port, templates=Path(folder), title="minimal",
                on_ready=lambda: print("balorg est servi sur", flush=True)).serve()
'''
"""The minimal app behind the very server `balorg serve` builds (its page, logging, readiness)."""

OURS = ("BAL ORG — Accueil", "Brouillons", "^q Quitter")
THEIRS = ("Prêt", "Valider", "^p palette")

CATCH_TERMINAL = r"""
window.__terms = [];
Object.defineProperty(Object.prototype, 'terminal', {
  configurable: true,
  set(value) {
    Object.defineProperty(this, 'terminal', {value, writable: true, configurable: true, enumerable: true});
    if (value && value.buffer && value.buffer.active) window.__terms.push(value);
  },
});
window.__screen = () => {
  const term = window.__terms[0];
  if (!term) return '';
  const buffer = term.buffer.active, lines = [];
  for (let y = 0; y < term.rows; y++) { const l = buffer.getLine(buffer.viewportY + y); lines.push(l ? l.translateToString(true) : ''); }
  return lines.join('\n');
};
window.__shows = (texts) => texts.every((text) => window.__screen().includes(text));
"""

WAIT = r"""
const [texts, done] = [arguments[0], arguments[arguments.length - 1]];
const start = performance.now();
const check = () => {
  if (window.__shows(texts)) { done(performance.now() - start); return true; }
  return false;
};
if (check()) return;
const poll = setInterval(() => { if (check()) clearInterval(poll); }, 2);
"""
"""Resolves, in the page, once every text shows (checked every 2 ms: xterm.js draws on its next frame)."""

FLAGS = ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1100,720", "--no-first-run",
         "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--disable-default-apps", "--no-proxy-server", "--enable-unsafe-swiftshader",
         "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1")

BALORG = Path(sys.executable).with_name("balorg")
READY: dict[str, list[float]] = {}
"""Seconds from each server's start to its listening, by program: the part of the start the page does not wait for."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Browser:
    def __init__(self, chromium: str, chromedriver: str) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for flag in FLAGS:
            options.add_argument(flag)
        self.driver = webdriver.Chrome(options=options, service=Service(chromedriver))
        self.driver.set_script_timeout(120)
        self.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CATCH_TERMINAL})

    def wait(self, *texts: str) -> None:
        self.driver.execute_async_script(WAIT, list(texts))

    def keys(self, *keys: str, modifier: str | None = None) -> None:
        from selenium.webdriver.common.action_chains import ActionChains

        self.driver.execute_script("document.querySelector('.xterm-helper-textarea').focus()")
        chain = ActionChains(self.driver)
        if modifier:
            chain.key_down(modifier).send_keys(*keys).key_up(modifier)
        else:
            chain.send_keys(*keys)
        chain.perform()


class Server:
    def __init__(self, command: list[str], env: dict[str, str], folder: Path) -> None:
        self.out = folder / f"out-{time.monotonic_ns()}"
        self.start = time.perf_counter()
        with self.out.open("wb") as out:
            self.process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            env=env, start_new_session=True)

    def wait_ready(self) -> None:
        while "balorg est servi sur" not in self.out.read_text(encoding="utf-8", errors="replace"):
            if self.process.poll() is not None or time.perf_counter() - self.start > 60:
                raise RuntimeError(self.out.read_text(encoding="utf-8", errors="replace"))
            time.sleep(0.005)
        self.ready = time.perf_counter() - self.start

    def stop(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGINT)
            self.process.wait(60)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)


def run_once(browser: Browser, command: list[str], markers: tuple[str, ...], env: dict[str, str], folder: Path,
             port: int, then: Any = None) -> tuple[float, list[float]]:
    """Seconds from the server's start to `markers` in the page, then `then(browser)`'s echo times."""
    server = Server(command, env, folder)
    try:
        server.wait_ready()
        browser.driver.get(f"http://127.0.0.1:{port}/")
        browser.wait(*markers)
        startup = time.perf_counter() - server.start
        echoes = then(browser) if then else []
        READY.setdefault(command[0], []).append(server.ready)
        return startup, echoes
    finally:
        browser.driver.get("about:blank")
        server.stop()


def echo_times(browser: Browser, count: int) -> list[float]:
    """Seconds from each letter sent to its echo in the page (the text typed so far, shown)."""
    browser.keys("Z")  # a first letter that shows nowhere else: the measured ones follow it
    browser.wait("Z")
    typed, times = "Z", []
    for index in range(count):
        letter = "abcdefghijklmnopqrstuvwxyz"[index % 26]
        typed += letter
        start = time.perf_counter()
        browser.keys(letter)
        browser.wait(typed)
        times.append(time.perf_counter() - start)
    return times


def to_structure_name(browser: Browser) -> None:
    """Home → blank request → Infos → Eligibility answered → Structure, the focus on its name."""
    from selenium.webdriver.common.keys import Keys

    browser.keys(Keys.ENTER)
    browser.wait("S'informer sur la BAL ORG")
    browser.keys("n", modifier=Keys.CONTROL)
    browser.wait("Sommes-nous éligibles ?")
    browser.keys(Keys.ENTER, Keys.TAB, Keys.DOWN, Keys.ENTER, Keys.TAB, Keys.ENTER)
    browser.wait("Résultat : Éligible")
    browser.keys("n", modifier=Keys.CONTROL)
    browser.wait("Nom de la structure")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keys", type=int, default=20, help="letters typed per run for the echo")
    parser.add_argument("--screenshot", type=Path, default=None, help="save the page's Home screen there (docs/serve.png)")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    chromedriver = shutil.which("chromedriver")
    try:
        import selenium  # noqa: F401
        import textual_serve  # noqa: F401
    except ImportError as error:
        print(f"skipped: {error.name} is not installed (make install)")
        return 0
    if not (chromium and chromedriver):
        print("skipped: chromium or chromedriver is not installed (make test installs them)")
        return 0
    # As installed: pip writes each module's bytecode at install time, an editable install the
    # first time it runs (unless PYTHONDONTWRITEBYTECODE is set, as on some build machines).
    import compileall

    import wizard

    compileall.compile_dir(Path(wizard.__file__).parent, quiet=1)
    browser = Browser(chromium, chromedriver)
    folder = Path(tempfile.mkdtemp(prefix="balorg-bench-serve-"))
    app = folder / "minimal.py"
    app.write_text(MINIMAL, encoding="utf-8")
    env = {**os.environ, "BALORG_CONFIG_DIR": str(folder / "config"), "TEXTUAL_ANIMATIONS": "none"}
    ours_start: list[float] = []
    theirs_start: list[float] = []
    ours_echo: list[float] = []
    theirs_echo: list[float] = []

    def ours_then(b: Browser) -> list[float]:
        to_structure_name(b)
        return echo_times(b, args.keys)

    def theirs_then(b: Browser) -> list[float]:
        return echo_times(b, args.keys)  # the Input has the focus from the start

    try:
        for run in range(args.runs + 1):  # the first round warms the caches up (disk, browser): not counted
            data = folder / f"data-{run}"
            port = free_port()
            ours = run_once(browser, [str(BALORG), "--data-dir", str(data), "serve", "--no-browser", "--port", str(port)],
                            OURS, env, folder, port, ours_then)
            if run == 0 and args.screenshot is not None:
                port = free_port()
                server = Server([str(BALORG), "--data-dir", str(folder / "shot"), "serve", "--no-browser", "--port", str(port)],
                                env, folder)
                try:
                    server.wait_ready()
                    browser.driver.get(f"http://127.0.0.1:{port}/")
                    browser.wait(*OURS)
                    browser.driver.save_screenshot(str(args.screenshot))
                    print(f"screenshot: {args.screenshot}")
                finally:
                    browser.driver.get("about:blank")
                    server.stop()
            port = free_port()
            theirs = run_once(browser, [sys.executable, "-c", SERVE_MINIMAL, str(port), str(app)], THEIRS, env, folder, port,
                              theirs_then)
            if run:
                ours_start.append(ours[0])
                theirs_start.append(theirs[0])
                ours_echo += ours[1]
                theirs_echo += theirs[1]
    finally:
        browser.driver.quit()
        shutil.rmtree(folder, ignore_errors=True)

    def line(what: str, ours: list[float], theirs: list[float]) -> float:
        o, t = statistics.median(ours) * 1000, statistics.median(theirs) * 1000
        ratio = o / t
        print(f"{what}: balorg median {o:.1f} ms (min {min(ours) * 1000:.1f}, max {max(ours) * 1000:.1f}), "
              f"minimal app median {t:.1f} ms (min {min(theirs) * 1000:.1f}, max {max(theirs) * 1000:.1f}), "
              f"ratio {ratio:.2f} (target ≤ 1.3)")
        return ratio

    for program, times in READY.items():
        print(f"server listening after {statistics.median(times[1:] or times) * 1000:.1f} ms ({Path(program).name})")
    print(f"balorg serve in headless Chromium, {args.runs} runs each, {args.keys} letters a run")
    ratios = [line("start to first screen", ours_start, theirs_start), line("keystroke to echo", ours_echo, theirs_echo)]
    print("within target" if all(r <= 1.3 for r in ratios) else "OVER TARGET")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
