"""`balorg serve`: the wizard in a real headless Chromium, the refusals, and what the server prints.

The browser test drives Debian's chromium through chromium-driver (selenium); `make test` installs
them when it can (root with apt-get), else the test is skipped with the reason printed, as the tmux
smoke test is. Everything stays on this machine: the server listens on 127.0.0.1, the browser is
told to resolve no other name, and the page itself forbids any other origin.

The page draws the terminal on a canvas (xterm.js): its text is read from xterm.js's public buffer
API (``buffer.active.getLine(y).translateToString()``), the terminal object being caught as the
page's script stores it (a setter injected before the page loads, test-side only).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

BALORG = Path(sys.executable).with_name("balorg")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
_CREATE_CONNECTION = socket.create_connection  # before conftest's fixture forbids it: loopback only, below

CATCH_TERMINAL = r"""
window.__balorgTerminals = [];
Object.defineProperty(Object.prototype, 'terminal', {
  configurable: true,
  set(value) {
    Object.defineProperty(this, 'terminal', {value, writable: true, configurable: true, enumerable: true});
    if (value && value.buffer && value.buffer.active) window.__balorgTerminals.push(value);
  },
});
"""
"""Catches the xterm.js Terminal as textual-serve's page stores it (``this.terminal = new Terminal(...)``)."""

READ_SCREEN = r"""
const term = (window.__balorgTerminals || [])[0];
if (!term) return null;
const buffer = term.buffer.active, lines = [];
for (let y = 0; y < term.rows; y++) {
  const line = buffer.getLine(buffer.viewportY + y);
  lines.push(line ? line.translateToString(true) : '');
}
return lines.join('\n');
"""
"""The terminal's text as shown, one line per row."""

CHROMIUM_FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1100,720",
    "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps", "--no-proxy-server",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",  # nothing but this machine
    "--enable-unsafe-swiftshader",  # WebGL in software, as headless has no GPU
)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(condition: Callable[[], Any], what: str, timeout: float = 60.0, every: float = 0.05) -> Any:
    """`condition()`'s first true value, polled until `timeout` (generous: a loaded CI machine)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not after {timeout}s")
        time.sleep(every)


class Served:
    """`balorg serve --no-browser` on a free port, in its own process group, its output in files."""

    def __init__(self, folder: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.out = folder / "serve.out"
        self.err = folder / "serve.err"
        command = [str(BALORG), *args, "serve", "--no-browser", "--port", str(self.port)]
        with self.out.open("wb") as out, self.err.open("wb") as err:
            self.process = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                            start_new_session=True, env=env)

    def output(self) -> str:
        return self.out.read_text(encoding="utf-8", errors="replace") + self.err.read_text(encoding="utf-8", errors="replace")

    def wait_ready(self, timeout: float = 60.0) -> None:
        def ready() -> bool:
            assert self.process.poll() is None, f"balorg serve ended:\n{self.output()}"
            return "balorg est servi sur " in self.output()

        wait_until(ready, "balorg serve ready", timeout)

    def interrupt(self, timeout: float = 60.0) -> int:
        """Ctrl+C as a terminal sends it: SIGINT to the whole process group (the server and every tab)."""
        os.killpg(self.process.pid, signal.SIGINT)
        return self.process.wait(timeout)

    def group_gone(self) -> bool:
        """No process left in the server's group: the server and every tab's wizard have ended."""
        try:
            os.killpg(self.process.pid, 0)
        except ProcessLookupError:
            return True
        return False

    def kill(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(10)


class Browser:
    """A headless Chromium on selenium, reading the page's terminal as text."""

    def __init__(self, chromium: str, chromedriver: str) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        self.driver = webdriver.Chrome(options=options, service=Service(chromedriver))
        self.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CATCH_TERMINAL})

    def open(self, url: str) -> None:
        self.driver.get(url)

    def screen(self) -> str:
        return self.driver.execute_script(READ_SCREEN) or ""

    def wait_for(self, text: str, timeout: float = 60.0) -> str:
        try:
            return wait_until(lambda: (screen := self.screen()) and text in screen and screen, f"{text!r} in the page", timeout)
        except AssertionError as error:
            raise AssertionError(f"{error}\n{self.screen()}") from None

    def focus(self) -> None:
        """The keyboard to the terminal (xterm.js's input), as a click on the page would, without clicking the app."""
        self.driver.execute_script("document.querySelector('.xterm-helper-textarea').focus()")

    def press(self, *keys: str) -> None:
        """Type into the page: keys as selenium names them (``Keys.ENTER``), or text."""
        from selenium.webdriver.common.action_chains import ActionChains

        self.focus()
        ActionChains(self.driver).send_keys(*keys).perform()

    def chord(self, modifier: str, key: str) -> None:
        from selenium.webdriver.common.action_chains import ActionChains

        self.focus()
        ActionChains(self.driver).key_down(modifier).send_keys(key).key_up(modifier).perform()

    def screenshot(self, path: Path) -> None:
        self.driver.save_screenshot(str(path))

    def quit(self) -> None:
        self.driver.quit()


@pytest.fixture
def loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """selenium talks to chromium-driver on 127.0.0.1: let connections to this machine through, still no other."""

    def create_connection(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        if address[0] not in ("127.0.0.1", "localhost", "::1"):
            raise RuntimeError("tests must not reach the network")
        return _CREATE_CONNECTION(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", create_connection)


@pytest.fixture
def browser(loopback: None) -> Iterator[Browser]:
    """Debian's chromium and chromium-driver through selenium; skipped, with the reason, when missing."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        reason = "selenium is not installed: the browser test of balorg serve is skipped (make install installs it)"
        print(reason)
        pytest.skip(reason)
    if CHROMIUM is None or CHROMEDRIVER is None:
        reason = "chromium or chromedriver is not installed: the browser test of balorg serve is skipped (make test installs them)"
        print(reason)
        pytest.skip(reason)
    started = Browser(CHROMIUM, CHROMEDRIVER)
    try:
        yield started
    finally:
        started.quit()


def drafts(data: Path) -> list[dict[str, Any]]:
    listed = subprocess.run([str(BALORG), "--data-dir", str(data), "drafts", "--json"], capture_output=True, text=True, timeout=60)
    assert listed.returncode == 0, listed.stderr
    return list(json.loads(listed.stdout))


def test_a_blank_request_typed_in_the_browser_is_saved(tmp_path: Path, browser: Browser) -> None:
    """Home in the page, a blank request, the structure's name typed: the draft is in the store, and
    Ctrl+C stops the server and the tab's wizard cleanly, the name never in the server's output."""
    from selenium.webdriver.common.keys import Keys

    data = tmp_path / "un dossier à espaces"  # the tab's command line quotes it
    served = Served(tmp_path, "--data-dir", str(data))
    try:
        served.wait_ready()
        browser.open(served.url)
        screen = browser.wait_for("BAL ORG — Accueil")
        assert "Demande vierge" in screen
        browser.wait_for("^q Quitter")  # the Footer: drawn last
        browser.press(Keys.ENTER)  # "Demande vierge", the first option
        browser.wait_for("S'informer sur la BAL ORG")
        # The keys a browser could keep for itself reach the wizard: the palette, F1's help.
        browser.chord(Keys.CONTROL, "p")
        browser.wait_for("Chercher une commande")
        browser.press(Keys.ESCAPE)
        wait_until(lambda: "Chercher une commande" not in browser.screen(), "the palette closed", timeout=60)
        browser.press(Keys.F1)
        browser.wait_for("Aide : S'informer sur la BAL ORG")
        browser.press(Keys.ESCAPE)
        wait_until(lambda: "Aide :" not in browser.screen(), "F1's help closed", timeout=60)
        browser.chord(Keys.CONTROL, "n")
        browser.wait_for("Sommes-nous éligibles ?")
        # The three questions: yes, no (no FINESS), yes.
        browser.press(Keys.ENTER, Keys.TAB, Keys.DOWN, Keys.ENTER, Keys.TAB, Keys.ENTER)
        browser.wait_for("Résultat : Éligible")  # the answers taken: Next is no longer greyed (a Ctrl+N sooner is refused)
        browser.chord(Keys.CONTROL, "n")
        browser.wait_for("Nom de la structure")
        name = "Cabinet Zébulon"
        browser.press(name)
        browser.wait_for(name)
        saved = wait_until(lambda: [d for d in drafts(data) if name in json.dumps(d, ensure_ascii=False)],
                           "the draft saved with the name typed", timeout=60, every=0.5)
        assert len(saved) == 1
        assert served.interrupt() == 0
        wait_until(served.group_gone, "every tab's wizard ended with the server", timeout=60, every=0.1)
        output = served.output()
        assert "balorg serve arrêté" in output
        assert "Traceback" not in output and name not in output and "Zébulon" not in output
        assert [d for d in drafts(data) if name in json.dumps(d, ensure_ascii=False)]  # still there after the stop
    finally:
        served.kill()


def to_structure_name(browser: Browser, url: str) -> None:
    """Home, a blank request, Infos, the eligibility answered (yes, no FINESS, yes), Structure's name field."""
    from selenium.webdriver.common.keys import Keys

    browser.open(url)
    browser.wait_for("^q Quitter")
    browser.press(Keys.ENTER)
    browser.wait_for("S'informer sur la BAL ORG")
    browser.chord(Keys.CONTROL, "n")
    browser.wait_for("Sommes-nous éligibles ?")
    browser.press(Keys.ENTER, Keys.TAB, Keys.DOWN, Keys.ENTER, Keys.TAB, Keys.ENTER)
    browser.wait_for("Résultat : Éligible")
    browser.chord(Keys.CONTROL, "n")
    browser.wait_for("Nom de la structure")


def test_two_tabs_on_one_draft_meet_the_conflict_choice(tmp_path: Path, browser: Browser) -> None:
    """Each tab is its own wizard on the same store: the second lists the first's draft, resumes it,
    changes it; the first, typing on, is offered the wizard's conflict choice."""
    from selenium.webdriver.common.keys import Keys

    assert CHROMIUM is not None and CHROMEDRIVER is not None  # the fixture skipped otherwise
    data = tmp_path / "data"
    served = Served(tmp_path, "--data-dir", str(data))
    second = None
    try:
        served.wait_ready()
        to_structure_name(browser, served.url)
        browser.press("Alpha")
        browser.wait_for("Alpha")
        wait_until(lambda: any("Alpha" in json.dumps(d) for d in drafts(data)), "the first tab's draft saved", every=0.5)
        second = Browser(CHROMIUM, CHROMEDRIVER)
        second.open(served.url)
        second.wait_for("Alpha")  # Home's drafts list
        second.press(Keys.TAB, Keys.TAB, Keys.TAB, Keys.TAB, Keys.ENTER)  # the file's field, Open, the filter, the list
        second.wait_for("Nom de la structure")
        second.press(Keys.END, "Beta")
        second.wait_for("AlphaBeta")
        wait_until(lambda: any("AlphaBeta" in json.dumps(d) for d in drafts(data)), "the second tab's change saved", every=0.5)
        browser.press("Gamma")
        screen = browser.wait_for("Brouillon modifié ailleurs")
        assert "Garder ma version" in screen and "Prendre l'autre version" in screen
    finally:
        if second is not None:
            second.quit()
        served.kill()


def test_a_remote_host_is_refused_without_allow_remote(tmp_path: Path) -> None:
    for host in ("0.0.0.0", "192.168.1.20", "machine.example"):
        refused = subprocess.run([str(BALORG), "serve", "--no-browser", "--host", host], capture_output=True, text=True, timeout=60)
        assert refused.returncode == 2, refused
        assert f"refus d'écouter sur {host}" in refused.stderr
        assert "tunnel SSH" in refused.stderr and "ssh -N -L 8000:127.0.0.1:8000" in refused.stderr
        assert "--allow-remote" in refused.stderr and "Traceback" not in refused.stderr
    english = subprocess.run([str(BALORG), "--lang", "en", "serve", "--host", "0.0.0.0"], capture_output=True, text=True, timeout=60)
    assert english.returncode == 2 and "refusing to listen on 0.0.0.0" in english.stderr


def test_without_textual_serve_it_says_how_to_get_it() -> None:
    """The extra balorg[web] missing: a French message naming it, exit 2, no traceback."""
    hide = ("import sys\n"
            "class Hide:\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name.split('.')[0] == 'textual_serve': raise ImportError(name)\n"
            "sys.meta_path.insert(0, Hide())\n"
            "from wizard.cli import main\n"
            "raise SystemExit(main(['serve', '--no-browser']))\n")
    result = subprocess.run([sys.executable, "-c", hide], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result
    assert "textual-serve" in result.stderr and "pip install 'balorg[web]'" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_loopback_addresses_and_the_page_address() -> None:
    from wizard.commands.serve import is_loopback, url_for

    assert all(is_loopback(h) for h in ("127.0.0.1", "127.0.1.1", "::1", "[::1]", "localhost", "LOCALHOST"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "192.168.1.2", "10.0.0.1", "example.org", ""))
    assert url_for("127.0.0.1", 8000) == "http://127.0.0.1:8000/"
    assert url_for("::1", 8000) == "http://[::1]:8000/"
    assert url_for("0.0.0.0", 8000) == "http://127.0.0.1:8000/"


def test_the_page_fetches_nothing_from_elsewhere() -> None:
    """textual-serve's page, as served: no Google Fonts, a policy refusing other origins, French words."""
    from importlib.resources import files

    from wizard.commands.serve import page_template

    original = (files("textual_serve") / "templates" / "app_index.html").read_text(encoding="utf-8")
    page = page_template(original)
    assert "googleapis" not in page and "Content-Security-Policy" in page
    assert "https://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert 'lang="fr"' in page and "Session terminée" in page and ">Recommencer<" in page
    assert "{{ app_websocket_url }}" in page  # textual-serve's own template still drives it


def test_the_tab_command_keeps_the_options(tmp_path: Path) -> None:
    import argparse
    import shlex

    from wizard.commands.serve import tab_command

    folder = tmp_path / "a b'c"
    command = tab_command(argparse.Namespace(lang="en", data_dir=str(folder), config_dir=None))
    assert shlex.split(command) == [sys.executable, "-m", "wizard.commands.serve", "--lang", "en", "--data-dir", str(folder.resolve())]


def test_registering_serve_imports_nothing_heavy() -> None:
    """Every `balorg` command registers `serve` at start-up: that brings neither asyncio nor textual-serve."""
    code = ("import sys\nfrom wizard.cli import build_parser\nbuild_parser()\n"
            "print(sorted(m for m in ('asyncio', 'textual_serve', 'aiohttp', 'textual') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]", result


def _status(port: int, path: str, headers: dict[str, str]) -> int:
    """The status of one HTTP request to the server, its headers as given (Host included)."""
    with _CREATE_CONNECTION(("127.0.0.1", port), timeout=30) as connection:
        lines = [f"GET {path} HTTP/1.1", *(f"{k}: {v}" for k, v in headers.items()), "Connection: close", "", ""]
        connection.sendall("\r\n".join(lines).encode("ascii"))
        return int(connection.recv(200).split(b" ", 2)[1])


def test_only_this_servers_page_opens_a_wizard(tmp_path: Path) -> None:
    """Another site's page (any site may open a websocket to 127.0.0.1) and a name re-pointed at
    127.0.0.1 (DNS rebinding) are refused before any wizard starts; the page itself is served."""
    served = Served(tmp_path, "--data-dir", str(tmp_path / "data"))
    try:
        served.wait_ready()
        port = served.port
        here = f"127.0.0.1:{port}"
        upgrade = {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
                   "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}
        assert _status(port, "/", {"Host": here}) == 200
        assert _status(port, "/", {"Host": f"rebound.example:{port}"}) == 403
        assert _status(port, "/ws", {"Host": here, "Origin": "http://evil.example", **upgrade}) == 403
        assert _status(port, "/ws", {"Host": here, **upgrade}) == 403  # no Origin: not a page of ours
        assert _status(port, "/ws", {"Host": f"rebound.example:{port}", "Origin": f"http://rebound.example:{port}", **upgrade}) == 403
    finally:
        served.kill()


def test_same_origin_rules() -> None:
    from wizard.commands.serve import same_origin, split_host

    assert split_host("127.0.0.1:8000") == "127.0.0.1" and split_host("[::1]:8000") == "::1" and split_host("localhost") == "localhost"
    assert same_origin("127.0.0.1:8000", "http://127.0.0.1:8000", remote=False)
    assert same_origin("localhost:9000", "http://localhost:9000", remote=False)  # a tunnel's own port
    assert not same_origin("127.0.0.1:8000", "http://localhost:8000", remote=False)
    assert not same_origin("127.0.0.1:8000", None, remote=False)
    assert not same_origin("evil.example:8000", "http://evil.example:8000", remote=False)
    assert same_origin("192.168.1.20:8000", "http://192.168.1.20:8000", remote=True)
    assert not same_origin("192.168.1.20:8000", "http://evil.example", remote=True)
