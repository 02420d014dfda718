"""Which shape for the wizard's steps, on Textual's public API only: measured, not guessed.

Two shapes of the same nine-step form (each step ~60 widgets: labels, inputs,
checkboxes, a select, as the wizard's steps have), at 80×24, headless:

- **panels**: one screen; each step is a panel of a ``ContentSwitcher``
  sharing one step bar, Footer and Back/Next frame; the panels are mounted
  ahead (a plain ``mount``, hidden until shown); a step change sets
  ``ContentSwitcher.current``.
- **modes**: each step is an App mode (``App.MODES``); a step change is
  ``switch_mode``; modes are created on first visit (Textual has no public way
  to build a screen ahead without showing it).

Each is timed from the key event entering the app to the first frame written
after the step changed: 100 changes once every step was visited (a person
going Back and Next), and the first visit of each step. Run:
`.venv/bin/python bench/bench_navigation_shapes.py`.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from typing import Any, ClassVar

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Checkbox, ContentSwitcher, Footer, Input, Label, Select, Static

STEPS = [f"s{i}" for i in range(9)]


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def form(step: str) -> ComposeResult:
    yield Static(f"Step {step}", classes="title")
    for row in range(12):
        yield Label(f"Field {row}")
        yield Input(placeholder=f"{step}-{row}", id=f"{step}-in{row}")
        yield Static("", classes="error")
        if row % 3 == 0:
            yield Checkbox(f"Option {row}")
    yield Select([(f"choice {i}", i) for i in range(8)], prompt="Choose")


class Panel(VerticalScroll):
    def __init__(self, step: str) -> None:
        super().__init__(id=step)
        self.step = step

    def compose(self) -> ComposeResult:
        yield from form(self.step)


class Frame(Screen[None]):
    """What both shapes share: a step bar, the body, Back/Next, the Footer."""

    BINDINGS: ClassVar = [Binding("ctrl+n", "app.next", "Next"), Binding("ctrl+b", "app.back", "Back")]

    def __init__(self, step: str | None = None) -> None:
        super().__init__()
        self.step = step

    def compose(self) -> ComposeResult:
        yield Static(" ".join(STEPS), id="bar")
        with Horizontal(id="body"):
            yield from self.body()
            yield Static("help " * 40, id="help")
        with Horizontal(id="nav"):
            yield Button("Back", compact=True)
            yield Button("Next", compact=True)
        yield Footer()

    def body(self) -> ComposeResult:
        assert self.step is not None
        yield Panel(self.step)


class PanelsScreen(Frame):
    def body(self) -> ComposeResult:
        with ContentSwitcher(initial=STEPS[0], id="switcher"):
            yield Panel(STEPS[0])


CSS = """
#bar { height: 1; } #nav { height: 1; } #help { width: 24; }
Label { height: 1; } .error { height: auto; }
"""


class PanelsApp(App[None]):
    CSS = CSS

    def get_default_screen(self) -> Screen[Any]:
        return PanelsScreen()

    @property
    def switcher(self) -> ContentSwitcher:
        return self.screen.query_one(ContentSwitcher)

    async def build_ahead(self) -> None:
        for step in STEPS[1:]:
            await self.switcher.add_content(Panel(step))  # mounted hidden, as the wizard builds ahead
            await asyncio.sleep(0)

    def current(self) -> str:
        return self.switcher.current or ""

    def action_next(self) -> None:
        self._move(1)

    def action_back(self) -> None:
        self._move(-1)

    def _move(self, delta: int) -> None:
        index = STEPS.index(self.current()) + delta
        if 0 <= index < len(STEPS):
            step = STEPS[index]
            if not self.switcher.query(f"#{step}"):
                self.switcher.add_content(Panel(step), set_current=True)
            else:
                self.switcher.current = step


class ModesApp(App[None]):
    CSS = CSS
    MODES: ClassVar = {step: (lambda s=step: Frame(s)) for step in STEPS}
    DEFAULT_MODE = STEPS[0]

    def current(self) -> str:
        return self.current_mode

    def action_next(self) -> None:
        self._move(1)

    def action_back(self) -> None:
        self._move(-1)

    def _move(self, delta: int) -> None:
        index = STEPS.index(self.current()) + delta
        if 0 <= index < len(STEPS):
            self.switch_mode(STEPS[index])


class Frames:
    """Times of the frames the app writes (``App._display``: a bench may watch Textual's internals)."""

    def __init__(self, app: App[None]) -> None:
        self.times: list[float] = []
        original = app._display

        def display(screen, renderable):  # type: ignore[no-untyped-def]
            self.times.append(time.perf_counter())
            return original(screen, renderable)

        app._display = display  # type: ignore[method-assign]


async def change(app: Any, frames: Frames, key: str) -> float:
    before = app.current()
    start = time.perf_counter()
    app._driver.send_message(events.Key(key, None))
    while time.perf_counter() - start < 5:
        if app.current() != before:
            mark = len(frames.times)
            while len(frames.times) == mark and time.perf_counter() - start < 5:
                await asyncio.sleep(0.0005)
            return frames.times[mark] - start
        await asyncio.sleep(0.0005)
    raise RuntimeError("no step change")


async def measure(cls: type[App[None]]) -> tuple[list[float], list[float]]:
    app = cls()
    firsts: list[float] = []
    changes: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        frames = Frames(app)
        await pilot.pause(0.2)
        if isinstance(app, PanelsApp):
            await app.build_ahead()
            await pilot.pause(0.3)
        for _ in STEPS[1:]:
            firsts.append(await change(app, frames, "ctrl+n"))
            await pilot.pause(0.1)
        key = "ctrl+b"
        for _ in range(100):
            if app.current() == STEPS[0]:
                key = "ctrl+n"
            elif app.current() == STEPS[-1]:
                key = "ctrl+b"
            changes.append(await change(app, frames, key))
            await pilot.pause(0.05)
    return firsts, changes


def main() -> None:
    results = {}
    for name, cls in (("panels (ContentSwitcher)", PanelsApp), ("modes (switch_mode)", ModesApp)):
        results[name] = asyncio.run(measure(cls))
    for name, (firsts, changes) in results.items():
        f = [v * 1000 for v in firsts]
        c = [v * 1000 for v in changes]
        print(f"{name:<26} step change p50 {statistics.median(c):6.1f} ms  p95 {p95(c):6.1f} ms   "
              f"first visit p50 {statistics.median(f):6.1f} ms  max {max(f):6.1f} ms")


if __name__ == "__main__":
    main()
