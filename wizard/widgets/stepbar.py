"""The step bar: every step of the sheet with its state at a glance, clickable once reached."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from wizard.model.i18n import t
from wizard.ui.texts import tr

_TEXT = {"not_reached": ("pas encore atteinte", "not reached yet")}

GLYPHS = {"not_started": "○", "incomplete": "◐", "errors": "✗", "complete": "✓"}
"""One glyph per state, so the state reads without colour too."""

CURRENT = "▶"
"""Before the step on show (the others have a space there): the current step reads without colour too."""

NOT_REACHED = "·"
"""After a step not reached yet (it cannot be opened), in place of its state's glyph."""


class StepTab(Static):
    """One step in the bar."""

    def __init__(self, step: str, number: int) -> None:
        super().__init__(id=f"tab-{step}", classes="step-tab")
        self.step = step
        self.number = number

    _shown: tuple[str, bool, bool] | None = None

    def show(self, state: str, current: bool, reachable: bool) -> None:
        """Render the tab for `state` (a key of :data:`GLYPHS`)."""
        if self._shown == (state, current, reachable):
            return  # unchanged: no repaint, no style recomputation on every keystroke
        self._shown = (state, current, reachable)
        glyph = GLYPHS[state] if reachable or current else NOT_REACHED
        self.update(Content(f"{CURRENT if current else ' '}{self.number} {tr('step.' + self.step)} {glyph}"))
        said = tr("state." + state) if reachable or current else t(_TEXT, "not_reached")
        self.tooltip = f"{tr('title.' + self.step)} : {said}"
        for name in GLYPHS:
            self.set_class(name == state, f"-{name}")
        self.set_class(current, "-current")
        self.set_class(reachable, "-reachable")

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(StepBar.Selected(self.step))


class StepBar(Horizontal):
    """The wizard's steps, from Inform to Review."""

    DEFAULT_CSS = """
    StepBar { height: 1; width: 1fr; background: $panel; }
    StepBar .step-tab { width: auto; padding: 0; color: $text-muted; }
    StepBar .step-tab.-reachable { color: $text; }
    StepBar .step-tab.-complete { color: $text-success; }
    StepBar .step-tab.-errors { color: $text-error; }
    StepBar .step-tab.-incomplete { color: $text-warning; }
    StepBar .step-tab.-current { background: $accent; color: $text; text-style: bold; }
    StepBar .step-tab.-reachable:hover { text-style: underline; }
    """

    @dataclass
    class Selected(Message):
        """The user clicked a step."""

        step: str

    def __init__(self, steps: tuple[str, ...], *, id: str | None = "step-bar") -> None:
        super().__init__(id=id)
        self.steps = steps

    def compose(self) -> ComposeResult:
        for number, step in enumerate(self.steps, start=1):
            yield StepTab(step, number)

    def show(self, states: dict[str, str], current: str, reached: set[str]) -> None:
        """Show each step's state; `current` highlighted; steps in `reached` can be clicked."""
        for tab in self.query(StepTab):
            tab.show(states.get(tab.step, "not_started"), tab.step == current, tab.step in reached)
