"""The frame every step shares: step bar, form, help panel, Back/Next, findings of the step.

A step screen keeps no state of its own: it is composed from the App's draft,
sends every edit through :meth:`BalOrgApp.update_draft`, and shows the
findings the App computed with the model's rules (never a rule of its own).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Static

from wizard.model.findings import STEPS, Finding
from wizard.screens.helptext import long_help, short_help
from wizard.screens.localise import localise_bindings
from wizard.screens.modal import Modal
from wizard.screens.shown import ShownOnce
from wizard.screens.texts import tr
from wizard.widgets.fields import FieldError, field_id
from wizard.widgets.findings import FindingsList
from wizard.widgets.stepbar import StepBar
from wizard.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from wizard.app import BalOrgApp

WIZARD_STEPS = STEPS[1:]
"""The steps shown in the step bar (Home is not a step of the request)."""


class HelpScreen(Modal[None]):
    """F1: the step's detailed help, drawn from the sheet."""

    BINDINGS: ClassVar = [Binding("escape,f1", "dismiss", tr("close"))]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical { width: 76; max-width: 100%; height: auto; max-height: 90%;
        border: thick $accent; background: $surface; padding: 0 1; }
    HelpScreen VerticalScroll { height: auto; max-height: 18; }
    HelpScreen Button { margin-top: 1; }
    """

    def __init__(self, step: str) -> None:
        super().__init__()
        self.step = step
        localise_bindings(self, {"dismiss": tr("close")})

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = tr("help.title", step=tr("title." + self.step))
            with VerticalScroll():
                yield Static(Content(long_help(self.step)), id="help-long")
            yield Button(tr("close"), id="help-close", variant="primary", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)


class StepFooter(Footer):
    """The Footer, rebuilt only when the keys it shows change, and once for a burst of changes.

    Textual's Footer rebuilds all its keys (and the screen's layout) each time
    the screen's bindings may have changed: a focus move, the screen shown
    again, Next enabled. Building a step asks three or four times in a row,
    and most of those rebuilds would show the same keys.
    """

    _shown: tuple[object, ...] | None = None
    _pending = False

    def _keys(self) -> tuple[object, ...]:
        """What :meth:`Footer.compose` draws from: each active binding and whether it is enabled."""
        return tuple(
            (key, binding.key, binding.action, binding.description, binding.show, binding.group, enabled, tooltip)
            for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
        )

    def compose(self) -> ComposeResult:
        self._pending = False
        self._shown = self._keys() if self._bindings_ready else None
        yield from super().compose()

    def bindings_changed(self, screen: Screen[None]) -> None:
        # Footer.bindings_changed, but with one rebuild pending at most (it reads the bindings
        # when it runs) and none when the keys are those already shown.
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if self._pending or self._keys() == self._shown:
            return
        self._pending = True
        self.call_after_refresh(self.recompose)


class StepScreen(ShownOnce):
    """Base of the step screens: subclasses set `STEP` and write :meth:`compose_form`."""

    STEP: ClassVar[str] = ""
    DEPENDS: ClassVar[tuple[str, ...]] = ()
    """Top-level keys of the draft the step's widgets are built from; what else it shows, it
    refreshes from the draft in :meth:`refresh_form`. A change there rebuilds the screen."""
    FINDINGS_FIRST: ClassVar[bool] = False
    """List the findings above the form (the review) rather than under it."""
    FIRST_FOCUS: ClassVar[str] = "#form Input, #form Select, #form RadioSet, #form Checkbox, #form Button"
    """The widgets that may get the focus when the step is built, the first that can take it."""
    AUTO_FOCUS = ""  # focused in on_mount, without scrolling (see focus_first)
    BINDINGS: ClassVar = [
        Binding("ctrl+b", "back", tr("nav.back.key"), priority=True),
        Binding("ctrl+n", "next", tr("nav.next.key"), priority=True),
        Binding("f1", "help", tr("nav.help")),
        Binding("f2", "toggle_help_panel", tr("help.panel"), show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._status = ""
        self._can_go_on: bool | None = None
        self._ready = False
        self._built_for = -1
        localise_bindings(self, {
            "back": tr("nav.back.key"), "next": tr("nav.next.key"),
            "help": tr("nav.help"), "toggle_help_panel": tr("help.panel"),
        })

    @property
    def wizard(self) -> BalOrgApp:
        """The App, typed."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        self._built_for = self.wizard.generation  # the draft these widgets are built from
        yield TitleBar()
        yield StepBar(WIZARD_STEPS)
        with Horizontal(id="body"):
            with VerticalScroll(id="form"):
                yield Static(tr("title." + self.STEP), classes="step-title")
                findings = FindingsList(id="step-findings", with_step=self.STEP == WIZARD_STEPS[-1])
                if self.FINDINGS_FIRST:
                    yield findings
                yield from self.compose_form()
                if not self.FINDINGS_FIRST:
                    yield findings
            with VerticalScroll(id="help-panel"):
                yield Static(Content(short_help(self.STEP)), id="help-short")
                yield Static(tr("help.more"), classes="help-more")
        with Horizontal(id="nav"):
            yield Button(tr("nav.back"), id="back", compact=True)
            yield Static("", id="nav-status")
            yield Button(tr("nav.next"), id="next", variant="primary", compact=True)
        yield StepFooter()

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        if self.focused is None:
            self.focus_first()  # what had the focus is gone (a table emptied, a dialog closed)
        laid_out = self._size == self.app.size
        super()._on_screen_resume(event)
        if not laid_out and self._size == self.app.size:
            # First shown: the whole screen was just laid out, which covers every layout its
            # widgets asked for while they were mounted off-screen.
            self._layout_required = False
        # Once this step is on show, the App builds the steps around it while the user reads it.
        self.call_after_refresh(self._prepare_around)

    def lay_out_ahead(self, size: Size) -> bool:
        """Lay the screen out at `size` while another screen shows (built ahead by the App).

        Returns:
            True when it was laid out; False when nothing was left to do (or it is on show).
        """
        if self.is_current or not self.is_attached or (self._size == size and not self._layout_required):
            return False
        self._refresh_layout(size)
        self._layout_required = False
        return True

    def paint_ahead(self) -> None:
        """Paint the screen while another shows: each widget's painted lines are then cached."""
        if not self.is_current and self.is_attached and self._size:
            self._compositor.render_update(full=True)
            # The screen's update timer waits a whole period (1/60 s) the first time it runs,
            # then answers at once: run it once now (off-screen it does nothing), not on show.
            self._update_timer.resume()

    def _prepare_around(self) -> None:
        # Only when a step shows, not after each edit: a step built while the user types would
        # delay their keys. Until the App builds screens ahead (``BalOrgApp.prepare_around``),
        # a step is built when it is first shown.
        prepare = getattr(self.wizard, "prepare_around", None)
        if prepare is not None and self.is_current:
            prepare(self.STEP)

    def compose_form(self) -> ComposeResult:
        """The step's fields, composed from the draft."""
        yield from ()

    def focus_first(self) -> None:
        """Focus the step's first field (:attr:`FIRST_FOCUS`), without scrolling to it.

        Textual's auto focus scrolls the focused widget to the middle of the
        form, once the screen's size is known: for a step built ahead that is
        after it is laid out, and the step would show with its title scrolled
        away. The first field is near the top: the step starts at its top.
        """
        for widget in self.query(self.FIRST_FOCUS):
            if widget.focusable:
                self.set_focus(widget, scroll_visible=False)
                return

    def on_mount(self) -> None:
        self._ready = True
        self.focus_first()
        self.sub_title = tr("title." + self.STEP)
        self.refresh_state()

    # The draft changed (or the screen was just built): show the model's findings.
    def refresh_state(self) -> None:
        """Show findings under fields, in the step's list, in the nav bar and the step bar."""
        if not self._ready or not self.is_running or not self.app.is_running or self._pruning:
            return  # built ahead and not composed yet (on_mount shows the state), or being taken down
        if self._built_for != self.wizard.generation:
            return  # built from a draft since replaced (a new request, a file opened): never shown
        app = self.wizard
        findings = app.step_findings(self.STEP)
        for widget in self.query(FieldError):
            widget.show(findings)
        self.query_one("#step-findings", FindingsList).show(self.listed_findings())
        blocked = self.blocking()
        if blocked:
            text = tr("nav.blocked", count=len(blocked))
        elif findings:
            text = tr("nav.ready_warnings", count=len(findings))
        else:
            text = tr("nav.ready")
        if text != self._status:
            self._status = text
            status = self.query_one("#nav-status", Static)
            status.update(text)
            status.set_class(bool(blocked), "-blocked")
        self.query_one(StepBar).show(app.step_states(), self.STEP, app.reachable_steps())
        self.refresh_form()
        can_go_on = not blocked and self.STEP != WIZARD_STEPS[-1]
        if can_go_on != self._can_go_on:
            # Only when it changes: refreshing bindings recomposes the Footer.
            self._can_go_on = can_go_on
            self.query_one("#next", Button).disabled = not can_go_on
            self.refresh_bindings()

    def listed_findings(self) -> list[Finding]:
        """The findings listed at the bottom of the step (the step's own, by default)."""
        return self.wizard.step_findings(self.STEP)

    def refresh_form(self) -> None:
        """Hook: update what the step derives from the draft (previews, counters)."""

    def blocking(self) -> list[Finding]:
        """The errors that keep this step from moving on."""
        return [f for f in self.wizard.step_findings(self.STEP) if f.severity == "error"]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self._ready or not self.is_current:
            return False  # keys that arrive while the step is still being built, or already left
        if action == "next":
            # None greys the key out in the Footer rather than hiding it.
            return None if self.blocking() or self.STEP == WIZARD_STEPS[-1] else True
        return True

    def action_next(self) -> None:
        """Go to the next step, when this one has no error."""
        if self.blocking() or self.STEP == WIZARD_STEPS[-1]:
            self.app.bell()
            return
        self.wizard.goto(STEPS[STEPS.index(self.STEP) + 1])

    def action_back(self) -> None:
        """Go to the previous step (Home before the first)."""
        self.wizard.goto(STEPS[STEPS.index(self.STEP) - 1])

    def action_help(self) -> None:
        """Show the step's detailed help."""
        self.app.push_screen(HelpScreen(self.STEP))

    def action_toggle_help_panel(self) -> None:
        """Show or hide the side help (more room for the form on small terminals)."""
        for panel in self.query("#help-panel"):
            panel.display = not panel.display

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "next":
            event.stop()
            self.action_next()
        elif event.button.id == "back":
            event.stop()
            self.action_back()

    def on_step_bar_selected(self, event: StepBar.Selected) -> None:
        event.stop()
        if event.step in self.wizard.reachable_steps():
            self.wizard.goto(event.step)
        else:
            self.notify(tr("nav.not_reached"), severity="warning")

    def on_findings_list_jump(self, event: FindingsList.Jump) -> None:
        event.stop()
        self.focus_path(event.finding.path)

    def focus_path(self, path: str) -> bool:
        """Focus the field edited at `path`, or the nearest field above it; True when one was found."""
        candidate = path
        while candidate:
            found = self.query(f"#{field_id(candidate)}")
            if found:
                widget: Widget = found.first()
                widget.focus()
                widget.scroll_visible()
                return True
            cut = max(candidate.rfind("."), candidate.rfind("["))
            candidate = candidate[:cut] if cut > 0 else ""
        return False
