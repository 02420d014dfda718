"""Step changes and keystroke feedback in the wizard, headless at 80×24 (Textual's Pilot).

- Step change: 100 presses of Ctrl+N / Ctrl+B walking the seven steps of the
  sheet's case 4 (the largest example) back and forth; each is timed from the
  key event entering the app to the first frame written showing the new step
  (its panel mounted and current: ``shown_step``). Target (issue 11): p95 at
  most 30 ms; first visit p95 at most 60 ms; both on Textual's public API only.
  While a step shows, the App builds the next step, the one before, then every
  other step reached (``BalOrgApp.prepare_around``): mounted hidden in the
  wizard's screen, so showing one is a switch of panels (laid out and painted
  as it shows). Each change is made once the app is idle, as when a person
  reads the step. The same walk is run again with that turned off, to show
  what building a step on show costs.
- Jumps through the step bar between steps far apart (what a click on a tab
  does), timed the same way.
- Keystroke to feedback on the Name step: 100 keys typed into the local part
  (letters, then backspaces, five times); each is timed from the key event to
  the first frame written after it. The part spent in the wizard's own code
  (the edit, the rules, the refresh of the step) is reported as well, and the
  same measure on a minimal app (one Input), in the same run. Target (issue
  11): p95 at most 2× the minimal app's.

The frames are watched through ``App._display``: a bench may look at Textual's
internals to measure; the wizard itself does not (tests/test_private_api.py).
Pilot's own idle wait (``pilot.pause``) polls every 20 ms, so it is only used
to let the app settle between measures, never inside one.

Run: `make bench`, or `.venv/bin/python bench/bench_tui_steps.py`.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from pathlib import Path

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Input

from wizard.app import BalOrgApp

CASE4 = Path(__file__).resolve().parent.parent / "examples" / "cas4-ministere-interieur.json"
STEPS = ("inform", "eligibility", "structure", "roles", "name", "usage", "review")


def p95(values: list[float]) -> float:
    """The 95th percentile (inclusive method)."""
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def show(label: str, values: list[float], target: float | None = None) -> None:
    ms = [v * 1000 for v in values]
    verdict = "" if target is None else f"  (target p95 <= {target:.0f} ms: {'ok' if p95(ms) <= target else 'MISSED'})"
    print(f"  {label:<34} n={len(ms):3d}  p50 {statistics.median(ms):6.1f} ms  p95 {p95(ms):6.1f} ms"
          f"  max {max(ms):6.1f} ms{verdict}")


def shown_step(screen: object) -> str | None:
    """The step a frame of `screen` shows: its panel mounted and current, else None (Home, a dialog)."""
    panel = getattr(screen, "panel", None)
    if panel is None or not panel.ready:
        return None
    return panel.STEP if screen.switcher.current == panel.id else None  # type: ignore[attr-defined]


class Painted:
    """Times when the app writes a frame to the terminal (``App._display``), with the step it shows.

    A bench may watch Textual's internals (the wizard itself does not: tests/test_private_api.py).
    """

    def __init__(self, app: App[None]) -> None:
        self.frames: list[tuple[float, object]] = []
        original = app._display

        def display(screen, renderable):  # type: ignore[no-untyped-def]
            self.frames.append((time.perf_counter(), shown_step(screen)))
            return original(screen, renderable)

        app._display = display  # type: ignore[method-assign]

    async def key_to_frame(self, app: App[None], key: str, *, new_step: bool = False) -> float:
        """Seconds from sending `key` to the first frame after it (showing another step if `new_step`)."""
        before = shown_step(app.screen)
        mark = len(self.frames)
        start = time.perf_counter()
        event = events.Key(key, key if len(key) == 1 else None)
        app._driver.send_message(event)  # type: ignore[union-attr]
        while time.perf_counter() - start < 5:
            for when, step in self.frames[mark:]:
                if not new_step or (step is not None and step != before):
                    return when - start
            await asyncio.sleep(0.0005)
        raise RuntimeError(f"no frame after {key!r}")


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let the app settle, and the App build the steps around the one shown (a person reading it)."""
    await pilot.pause()
    await asyncio.sleep(0.05)
    start = time.perf_counter()
    while any(w.group == "prepare" and not w.is_finished for w in pilot.app.workers):
        if time.perf_counter() - start > 5:
            raise RuntimeError("the steps around were not built within 5 s")
        await asyncio.sleep(0.01)
    await pilot.pause()


async def step_changes(*, ahead: bool = True) -> tuple[list[float], list[float]]:
    app = BalOrgApp(file=str(CASE4), tune_gc=True)
    app.animation_level = "none"
    if not ahead:
        app.prepare_around = None  # type: ignore[assignment,method-assign]  # steps built when shown
    painted = Painted(app)
    first, again = [], []
    seen: set[str] = set()
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        app.goto("inform")
        await _settle(pilot)
        seen.add("inform")
        forward = True
        for _ in range(100):
            index = STEPS.index(app.screen.STEP)
            if (forward and index == len(STEPS) - 1) or (not forward and index == 0):
                forward = not forward
            elapsed = await painted.key_to_frame(app, "ctrl+n" if forward else "ctrl+b", new_step=True)
            await _settle(pilot)
            step = app.screen.STEP
            (again if step in seen else first).append(elapsed)
            seen.add(step)
    return first, again


async def jumps() -> list[float]:
    """Jumps through the step bar between steps far apart (all reached: case 4 opens at Review)."""
    from wizard.widgets.stepbar import StepBar

    app = BalOrgApp(file=str(CASE4), tune_gc=True)
    app.animation_level = "none"
    painted = Painted(app)
    times = []
    order = ["inform", "review", "structure", "usage", "eligibility", "name", "inform", "roles", "review"]
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        for step in order * 4:
            if step == app.screen.STEP:
                continue
            mark = len(painted.frames)
            start = time.perf_counter()
            app.screen.query_one(StepBar).post_message(StepBar.Selected(step))  # what a click on the tab posts
            while not any(shown == step for _, shown in painted.frames[mark:]):
                await asyncio.sleep(0.0005)
            times.append(next(when for when, shown in painted.frames[mark:] if shown == step) - start)
            await _settle(pilot)
    return times


async def keystrokes() -> tuple[list[float], list[float]]:
    app = BalOrgApp(file=str(CASE4), tune_gc=True)
    app.animation_level = "none"
    painted = Painted(app)
    inner: list[float] = []
    original = app.update_draft

    def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        result = original(*args, **kwargs)
        if result:  # count real edits, not widgets echoing the value they were built with
            inner.append(time.perf_counter() - start)
        return result

    app.update_draft = timed  # type: ignore[method-assign]
    times = []
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        app.goto("name")
        await _settle(pilot)
        field = app.screen.panel.query_one("#f-mailboxes-0-local_part", Input)
        field.cursor_blink = False
        field.focus()
        await pilot.press("end")
        await _settle(pilot)
        # Five rounds of ten letters and ten backspaces: the name stays within its 80 characters.
        for key in (["x", "y", "z", "w", "v"] * 2 + ["backspace"] * 10) * 5:
            times.append(await painted.key_to_frame(app, key))
            await _settle(pilot)
    return times, inner


class _Minimal(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(id="i")


async def harness() -> list[float]:
    app = _Minimal()
    painted = Painted(app)
    times = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one("#i", Input).cursor_blink = False
        app.query_one("#i").focus()
        await _settle(pilot)
        for key in ["x"] * 50 + ["backspace"] * 50:
            times.append(await painted.key_to_frame(app, key))
            await _settle(pilot)
    return times


def main() -> int:
    first, again = asyncio.run(step_changes())
    print("step change, key press to the first frame of the new step (headless, 80x24, case 4):")
    show("all 100 changes", first + again, 30)
    ahead = hasattr(BalOrgApp, "prepare_around")
    show("first visit (built ahead)" if ahead else "first visit (no prepare_around)", first, 60)
    show("step shown before", again)
    first, again = asyncio.run(step_changes(ahead=False))
    print("the same, steps built only when shown:")
    show("all 100 changes", first + again)
    show("first visit (built on show)", first)
    print("jump through the step bar to a step two or more away (case 4, every step reached):")
    show("click to the first frame", asyncio.run(jumps()))
    times, inner = asyncio.run(keystrokes())
    print("keystroke to feedback, Name step (headless, 80x24, case 4):")
    show("key press to the frame showing it", times)
    show("wizard code (edit, rules, refresh)", inner)
    minimal = asyncio.run(harness())
    show("same, minimal app with one Input", minimal)
    ratio = p95(times) / p95(minimal)
    print(f"  keystroke p95 ratio wizard/minimal: {ratio:.2f}x (target <= 2x: {'ok' if ratio <= 2 else 'MISSED'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
