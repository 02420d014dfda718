"""Smoke test: `balorg` in a real terminal (tmux), read the home screen as a person sees it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

BALORG = Path(sys.executable).with_name("balorg")


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[list[str]]:
    """A private tmux server (its own socket), killed at the end; skipped when tmux is missing."""
    if shutil.which("tmux") is None:
        reason = "tmux is not installed: the real-terminal smoke test is skipped (make test installs it)"
        print(reason)
        pytest.skip(reason)
    base = ["tmux", "-L", f"balorg-test-{os.getpid()}-{tmp_path.name}", "-f", "/dev/null"]
    yield base
    subprocess.run([*base, "kill-server"], capture_output=True, check=False)


def _screen(base: list[str]) -> str:
    return subprocess.run([*base, "capture-pane", "-p", "-t", "w"], capture_output=True, text=True).stdout


def _wait_for(base: list[str], text: str, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = _screen(base)
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} not on screen after {timeout}s:\n{screen}")


def _start(base: list[str], *args: str) -> None:
    env = {**os.environ, "TERM": "xterm-256color"}
    command = " ".join([str(BALORG), *args])
    subprocess.run([*base, "new-session", "-d", "-s", "w", "-x", "80", "-y", "24", command], env=env, check=True)


def test_home_screen_in_a_real_terminal(tmux: list[str]) -> None:
    _start(tmux)
    _wait_for(tmux, "^q Quitter")  # the Footer's keys
    screen = _wait_for(tmux, "BAL ORG — Accueil")  # the title bar may be drawn a frame later
    assert "Nouvelle demande" in screen
    assert "Cas n°1 : cabinet infirmier" in screen
    assert "Quitter" in screen
    subprocess.run([*tmux, "send-keys", "-t", "w", "C-q"], check=True)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if subprocess.run([*tmux, "has-session", "-t", "w"], capture_output=True).returncode != 0:
            break
        time.sleep(0.2)
    else:
        raise AssertionError("balorg did not quit on Ctrl+Q")


def test_home_then_the_first_step_in_a_real_terminal(tmux: list[str]) -> None:
    """Home, then Enter on "Demande vierge": the first step (Infos) drawn whole, then quit cleanly."""
    env = {**os.environ, "TERM": "xterm-256color"}
    command = f"sh -c '{BALORG}; echo BALORG-EXIT=$?; sleep 60'"
    subprocess.run([*tmux, "new-session", "-d", "-s", "w", "-x", "80", "-y", "24", command], env=env, check=True)
    _wait_for(tmux, "^q Quitter")
    subprocess.run([*tmux, "send-keys", "-t", "w", "Enter"], check=True)  # "Demande vierge", the first option
    screen = _wait_for(tmux, "^n Suivant")
    assert "BAL ORG — S'informer sur la BAL ORG" in screen
    assert "1 Infos" in screen and "7 " in screen  # the step bar, all seven steps on one line
    assert "Votre région" in screen
    assert "Traceback" not in screen
    subprocess.run([*tmux, "send-keys", "-t", "w", "C-q"], check=True)
    assert "Traceback" not in _wait_for(tmux, "BALORG-EXIT=0")


def test_home_screen_in_english(tmux: list[str]) -> None:
    _start(tmux, "--lang", "en")
    screen = _wait_for(tmux, "^q Quit")  # the Footer's keys: drawn last
    assert "New request" in screen


def test_two_enters_in_one_read_on_the_palette(tmux: list[str]) -> None:
    """Keys that arrive together (a slow SSH link, a busy app) never end the wizard with a traceback."""
    env = {**os.environ, "TERM": "xterm-256color"}
    command = f"sh -c '{BALORG}; echo BALORG-EXIT=$?; sleep 60'"
    subprocess.run([*tmux, "new-session", "-d", "-s", "w", "-x", "80", "-y", "24", command], env=env, check=True)
    _wait_for(tmux, "^q Quitter")
    for _ in range(3):
        subprocess.run([*tmux, "send-keys", "-t", "w", "C-p"], check=True)
        _wait_for(tmux, "Chercher une commande")
        subprocess.run([*tmux, "send-keys", "-t", "w", "Enter", "Enter"], check=True)  # one write, one read
        time.sleep(0.8)
        screen = _screen(tmux)
        assert "BALORG-EXIT" not in screen and "Traceback" not in screen and "Error" not in screen, screen
    subprocess.run([*tmux, "send-keys", "-t", "w", "C-q"], check=True)
    assert _wait_for(tmux, "BALORG-EXIT=0")
