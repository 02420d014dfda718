"""The wizard's one screen: the frame every step shares, and the steps as its panels.

:class:`WizardScreen` holds the title, the step bar, the help panel, Back/Next
and the Footer; each step is a :class:`StepPanel` of its ``ContentSwitcher``.
Going to a step shows its panel: one panel laid out, nothing restyled, the
frame untouched (``bench/bench_navigation_shapes.py`` measured this shape
against App modes, both on Textual's public API). The App builds the panels
around the one on show ahead of time, with a plain ``mount`` of a hidden panel.

A step panel keeps no state of its own: it is composed from the App's draft,
sends every edit through :meth:`BalOrgApp.update_draft`, and shows the
findings the App computed with the model's rules (never a rule of its own).
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Checkbox, ContentSwitcher, Input, Select, Static, TextArea

from wizard.model.findings import STEPS, Finding
from wizard.model.i18n import t
from wizard.screens.modal import Modal
from wizard.screens.shown import ShownOnce
from wizard.ui.helptext import long_help, short_help
from wizard.ui.keys import keys_help
from wizard.ui.localise import Localised
from wizard.ui.texts import tr
from wizard.widgets.fields import FieldError, field_id, path_of
from wizard.widgets.findings import ApplyFix, FindingsList
from wizard.widgets.footer import WizardFooter
from wizard.widgets.scroll import ScrollArea
from wizard.widgets.stepbar import StepBar
from wizard.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from wizard.app import BalOrgApp

WIZARD_STEPS = STEPS[1:]
"""The steps shown in the step bar (Home is not a step of the request)."""

_UNDO_TEXT = {
    "undo": ("Annuler", "Undo"),
    "redo": ("Rétablir", "Redo"),
    "nothing_undo": ("Rien à annuler.", "Nothing to undo."),
    "nothing_redo": ("Rien à rétablir.", "Nothing to redo."),
}


def undo_text(key: str) -> str:
    """The undo keys' words, in the language in force."""
    return t(_UNDO_TEXT, key)


class HelpScreen(Localised, Modal[None]):
    """F1: the step's detailed help, drawn from the sheet."""

    BINDINGS: ClassVar = [Binding("escape,f1", "dismiss", tr("close"))]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical { width: 76; max-width: 100%; height: auto; max-height: 90%;
        border: thick $accent; background: $surface; padding: 0 1; }
    HelpScreen ScrollArea { height: auto; max-height: 18; }
    HelpScreen Button { margin-top: 1; }
    HelpScreen #help-keys { margin-top: 1; }
    """

    def __init__(self, step: str, keys: str = "") -> None:
        super().__init__()
        self.step = step
        self.keys = keys
        """The keys of the screen it was opened from (:func:`wizard.ui.keys.keys_help`), listed after the help."""

    @classmethod
    def binding_descriptions(cls) -> dict[str, str]:
        return {"dismiss": tr("close")}

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = tr("help.title", step=tr("title." + self.step))
            with ScrollArea():
                yield Static(Content(long_help(self.step)), id="help-long")
                if self.keys:
                    yield Static(Content(self.keys), id="help-keys")
            yield Button(tr("close"), id="help-close", variant="primary", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)


class StepPanel(ScrollArea):
    """Base of the step panels: subclasses set `STEP` and write :meth:`compose_form`."""

    STEP: ClassVar[str] = ""
    DEPENDS: ClassVar[tuple[str, ...]] = ()
    """Top-level keys of the draft the step's widgets are built from; what else it shows, it
    refreshes from the draft in :meth:`refresh_form`. A change there builds the panel again."""
    FINDINGS_FIRST: ClassVar[bool] = False
    """List the findings above the form (the review) rather than under it."""
    FIRST_FOCUS: ClassVar[str] = "Input, Select, RadioSet, Checkbox, Button"
    """The widgets that may get the focus when the step is first shown, the first that can take it
    (looked for in the panel, then in the Back/Next bar)."""

    built = 0

    def __init__(self) -> None:
        StepPanel.built += 1
        super().__init__(id=f"step-{self.STEP}-{StepPanel.built}", classes="step-form")
        self.ready = False
        """True once mounted: its widgets exist."""
        self.built_for = -1
        """The App's draft generation these widgets were built from."""
        self.last_focus: Widget | None = None
        """What had the focus in this step when it was left: it gets it back when the step shows again."""
        self.focus_wanted: str | None = None
        """The path of the field to focus when this panel, mounted to be shown, first shows (an undo's field)."""

    @property
    def wizard(self) -> BalOrgApp:
        """The App, typed."""
        return self.app  # type: ignore[return-value]

    @property
    def facts(self) -> Any:
        """The imported public lists (:class:`wizard.model.facts.Directories`), or None when none is."""
        return getattr(self.wizard.known, "facts", None)

    @property
    def shown(self) -> bool:
        """True when this panel is the step on show in the wizard's screen, and that screen is in front."""
        screen = self.screen if self.is_attached else None
        return isinstance(screen, WizardScreen) and screen.panel is self and screen.is_current

    def compose(self) -> ComposeResult:
        self.built_for = self.wizard.generation  # the draft these widgets are built from
        yield Static(tr("title." + self.STEP), classes="step-title")
        findings = FindingsList(id="step-findings", with_step=WIZARD_STEPS[-1] == self.STEP)
        if self.FINDINGS_FIRST:
            yield findings
        yield from self.compose_form()
        if not self.FINDINGS_FIRST:
            yield findings

    def compose_form(self) -> ComposeResult:
        """The step's fields, composed from the draft."""
        yield from ()

    def on_mount(self) -> None:
        if self.ready:
            return  # a subclass's on_mount called this one already (Textual calls each class's in turn)
        self.ready = True
        screen = self.screen
        if isinstance(screen, WizardScreen) and screen.panel is self and screen.ready:
            screen.panel_shown(self)  # mounted as the step to show (not built ahead)

    def focus_first(self) -> None:
        """Focus the step's first field (:attr:`FIRST_FOCUS`), without scrolling to it.

        Textual's auto focus would scroll the focused widget to the middle of
        the form; the first field is near the top: the step starts at its top.
        Only a widget of the screen's focus chain (one that Tab reaches: on show, not in a
        hidden part such as "Précisez les autres échanges" while "Autre" is not chosen).
        """
        reachable = set(self.screen.focus_chain)
        candidates = [*self.query(self.FIRST_FOCUS)]
        for nav in self.screen.query("#nav"):
            candidates.extend(nav.query(self.FIRST_FOCUS))
        for widget in candidates:
            if widget in reachable:
                self.screen.set_focus(widget, scroll_visible=False)
                return

    # The draft changed (or the panel was just shown): show the model's findings.
    def refresh_state(self) -> None:
        """Show findings under fields and in the step's list, and what the step derives from the draft."""
        if not self.ready or not self.is_attached or not self.app.is_running:
            return  # built ahead and not composed yet (on_mount shows the state), or being taken down
        if self.built_for != self.wizard.generation:
            return  # built from a draft since replaced (a new request, a file opened): never shown
        findings = self.wizard.step_findings(self.STEP)
        for widget in self.query(FieldError):
            widget.show(findings)
        self.query_one("#step-findings", FindingsList).show(self.listed_findings())
        self.refresh_form()

    def listed_findings(self) -> list[Finding]:
        """The findings listed at the bottom of the step (the step's own, by default)."""
        return self.wizard.step_findings(self.STEP)

    def refresh_form(self) -> None:
        """Hook: update what the step derives from the draft (previews, counters)."""

    def blocking(self) -> list[Finding]:
        """The errors that keep this step from moving on."""
        return [f for f in self.wizard.step_findings(self.STEP) if f.severity == "error"]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.shown  # a step's own keys act only while it shows

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Hook for a step's own buttons (Back and Next are the screen's)."""

    # One field binding: a field widget knows the JSON path it was built from (widgets.fields.bind);
    # these write any bound field. A step that writes a field its own way handles the event
    # and calls ``event.prevent_default()``, which keeps these from writing it too.
    def on_input_changed(self, event: Input.Changed) -> None:
        self._changed(event.input, event.value, typed=True)

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self._changed(event.checkbox, event.value)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._changed(event.text_area, event.text_area.text, typed=True)

    def on_select_changed(self, event: Select.Changed) -> None:
        self._changed(event.select, None if event.select.is_blank() else event.value)

    def _changed(self, widget: Widget, value: object, *, typed: bool = False) -> None:
        path = path_of(widget)
        if path is not None:
            self.write_field(path, value, typed=typed)

    def write_field(self, path: str, value: object, *, typed: bool = False) -> bool:
        """Write `value` (as typed) to the draft's field at `path`; True when the draft changed.

        `typed`: text typed in the field; the characters typed one after the other in it are
        one step to undo.
        """
        from wizard.model.fields import set_field

        return self.wizard.update_draft(lambda request: set_field(request, path, value), key=path if typed else None)

    def on_findings_list_jump(self, event: FindingsList.Jump) -> None:
        event.stop()
        self.focus_path(event.finding.path)

    def on_apply_fix(self, event: ApplyFix) -> None:
        """A finding's suggested correction, chosen under its field or in the list: one change of the draft."""
        event.stop()
        from wizard.model.fields import set_field

        fix = event.fix
        changes = fix.changes()

        def apply(request: Any) -> None:
            for path, value in changes:
                set_field(request, path, value)

        self.wizard.update_draft(apply)
        shown = [(path, value) for path, value in changes if not isinstance(value, list)]
        for path, value in changes:  # a list (address lines) is shown in one field per item
            if isinstance(value, list):
                n = 0
                while n < len(value) or self.query(f"#{field_id(f'{path}[{n}]')}"):
                    shown.append((f"{path}[{n}]", str(value[n]) if n < len(value) else ""))
                    n += 1
        for path, value in shown:
            for widget in self.query(f"#{field_id(path)}"):
                if isinstance(widget, Input) and isinstance(value, str) and widget.value != value:
                    widget.value = value  # shows it; the Changed it posts finds the draft already so
        for widget in self.query(f"#{field_id(fix.path)}"):
            if isinstance(self.screen.focused, FieldError):
                widget.focus()  # the error line offered it; once applied, it offers nothing

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


class WizardScreen(Localised, ShownOnce):
    """The frame of every step, around the step on show (a panel of its ``ContentSwitcher``)."""

    AUTO_FOCUS = ""  # each step focuses its first field, without scrolling (StepPanel.focus_first)
    BINDINGS: ClassVar = [
        Binding("ctrl+b", "back", "Back", priority=True),
        Binding("ctrl+n", "next", "Next", priority=True),
        Binding("f1", "help", "Help"),
        Binding("f2", "toggle_help_panel", "Help panel", show=False),
        Binding("f3", "documents", "Documents"),
        # Priority: the same whatever has the focus (a TextArea binds these keys to its own undo,
        # which would undo part of one field only; the draft's undo restores that field too).
        # Ctrl+Y out of the Footer: at 80 columns it would cut the Footer's last keys (the F1 help says it).
        Binding("ctrl+z", "undo", "Undo", priority=True),
        Binding("ctrl+y", "redo", "Redo", show=False, priority=True),
    ]

    @classmethod
    def binding_descriptions(cls) -> dict[str, str]:
        return {"back": tr("nav.back.key"), "next": tr("nav.next.key"), "help": tr("nav.help"),
                "toggle_help_panel": tr("help.panel"), "documents": tr("nav.documents"),
                "undo": undo_text("undo"), "redo": undo_text("redo")}

    def __init__(self, first: StepPanel) -> None:
        super().__init__()
        self.panel: StepPanel = first
        """The step on show (or to show, until this screen is mounted)."""
        self.ready = False
        """True once mounted (its frame's widgets exist)."""
        self._status = ""
        self._can_go_on: bool | None = None

    @property
    def STEP(self) -> str:
        """The step on show."""
        return self.panel.STEP

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield StepBar(WIZARD_STEPS)
        with Horizontal(id="body"):
            with ContentSwitcher(id="steps", initial=self.panel.id):
                yield self.panel
            with ScrollArea(id="help-panel") as side_help:
                side_help.display = getattr(self.app, "help_panel_shown", True)  # the user's choice stays
                yield Static(Content(short_help(self.panel.STEP)), id="help-short")
                yield Static(tr("help.more"), classes="help-more")
        with Horizontal(id="nav"):
            yield Button(tr("nav.back"), id="back", compact=True)
            yield Static("", id="nav-status")
            yield Button(tr("nav.next"), id="next", variant="primary", compact=True)
        yield WizardFooter()

    def on_mount(self) -> None:
        self.ready = True
        if self.panel.parent is None:
            # Another step was asked for between compose and mount (keys in a burst at start-up,
            # a jump right after opening a file): it was not composed with the screen, mount it now.
            self.show_panel(self.panel)
        elif self.panel.ready:
            self.panel_shown(self.panel)  # the first step, mounted with the screen (before it)

    @property
    def switcher(self) -> ContentSwitcher:
        """The steps."""
        return self.query_one("#steps", ContentSwitcher)

    def _attached_switcher(self) -> ContentSwitcher | None:
        """The steps, or None once this screen is being taken down (its children already removed)."""
        found = self.query("#steps").results(ContentSwitcher)
        switcher = next(found, None)
        return switcher if switcher is not None and switcher.is_attached else None

    def add_ahead(self, panel: StepPanel) -> Awaitable[Any] | None:
        """Build `panel` hidden, while another step shows: showing it later is only a switch.

        Returns:
            What to await until it is mounted; None when this screen is being taken down (quitting).
        """
        switcher = self._attached_switcher()
        if switcher is None:
            return None
        panel.display = False
        return switcher.mount(panel)

    def show_panel(self, panel: StepPanel) -> None:
        """Show `panel` (mounted now if it was not built ahead)."""
        old = self.panel
        if old is not panel and old.is_attached:
            focused = self.focused
            if focused is not None and old in focused.ancestors:
                old.last_focus = focused
                # Never left on a field of a hidden step: keys would go on editing it, unseen.
                self.set_focus(None)
        self.panel = panel
        if not self.ready:
            return  # composed with it (compose reads self.panel)
        if panel.parent is None:
            switcher = self._attached_switcher()
            if switcher is None:
                return  # being taken down (quitting): nothing more to show
            panel.display = False
            switcher.mount(panel)  # its on_mount shows it (panel_shown)
            self.set_focus(None)  # keys typed until then go to no field rather than to the step left
            return
        self.switcher.current = panel.id
        if panel.ready:
            self.panel_shown(panel)

    def panel_shown(self, panel: StepPanel) -> None:
        """`panel` is on show: its help, its title, its state, the focus, then the steps around it."""
        if panel is not self.panel:
            return
        if self.switcher.current != panel.id:
            self.switcher.current = panel.id
        self.query_one("#help-short", Static).update(Content(short_help(panel.STEP)))
        self.sub_title = tr("title." + panel.STEP)
        self.refresh_state()
        last = panel.last_focus
        wanted, panel.focus_wanted = panel.focus_wanted, None
        if wanted is not None and panel.focus_path(wanted):
            pass
        elif last is not None and last.is_attached and last.focusable and panel in last.ancestors:
            self.set_focus(last, scroll_visible=False)
        else:
            panel.focus_first()
        # Once this step is on show, the App builds the steps around it while the user reads it.
        self.call_after_refresh(self._prepare_around, panel)

    def _prepare_around(self, panel: StepPanel) -> None:
        # Only when a step shows, not after each edit: a step built while the user types would
        # delay their keys.
        prepare = getattr(self.wizard, "prepare_around", None)  # None: the bench's "built on show" run
        if prepare is not None and panel is self.panel and self.is_current:
            prepare(panel.STEP)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # ShownOnce's handler runs too (Textual calls each class's in turn): not called from here.
        if self.focused is None and self.panel.ready:
            self.panel.focus_first()  # what had the focus is gone (a table emptied, a dialog closed)

    @property
    def wizard(self) -> BalOrgApp:
        """The App, typed."""
        return self.app  # type: ignore[return-value]

    def refresh_state(self) -> None:
        """Show the step's findings, the nav bar's state and the step bar."""
        panel = self.panel
        if not self.ready or not panel.ready or not self.app.is_running:
            return
        if panel.built_for != self.wizard.generation:
            return  # built from a draft since replaced: a new panel is on its way
        panel.refresh_state()
        app = self.wizard
        findings = app.step_findings(panel.STEP)
        blocked = panel.blocking()
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
        self.query_one(StepBar).show(app.step_states(), panel.STEP, app.reachable_steps())
        can_go_on = not blocked and WIZARD_STEPS[-1] != panel.STEP
        if can_go_on != self._can_go_on:
            # Only when it changes: refreshing bindings recomposes the Footer.
            self._can_go_on = can_go_on
            self.query_one("#next", Button).disabled = not can_go_on
            self.refresh_bindings()

    def focus_path(self, path: str) -> bool:
        """Focus the field edited at `path` in the step on show."""
        return self.panel.focus_path(path)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        panel = self.panel
        if not panel.ready or not self.is_current or panel.built_for != self.wizard.generation:
            return False  # keys that arrive while the step is still being built, or already left
        if action == "next":
            # None greys the key out in the Footer rather than hiding it; on the last step it never
            # acts: hidden, the room goes to the keys that do (F3, Ctrl+Z).
            if WIZARD_STEPS[-1] == panel.STEP:
                return False
            return None if panel.blocking() else True
        if action == "documents":
            return hasattr(panel, "action_documents")  # Review's key, whatever has the focus there
        return True

    def action_undo(self) -> None:
        """Ctrl+Z: undo the draft's last edit (a field's typing at once)."""
        self.wizard.undo_edit()

    def action_redo(self) -> None:
        """Ctrl+Y: make again the edit last undone."""
        self.wizard.undo_edit(redo=True)

    def action_documents(self) -> None:
        """F3 on Review: the documents to print or send."""
        documents = getattr(self.panel, "action_documents", None)
        if documents is not None:
            documents()

    def action_next(self) -> None:
        """Go to the next step, when this one has no error."""
        step = self.panel.STEP
        if self.panel.blocking() or step == WIZARD_STEPS[-1]:
            self.app.bell()
            return
        self.wizard.goto(STEPS[STEPS.index(step) + 1])

    def action_back(self) -> None:
        """Go to the previous step (Home before the first)."""
        self.wizard.goto(STEPS[STEPS.index(self.panel.STEP) - 1])

    def action_help(self) -> None:
        """Show the step's detailed help."""
        self.app.push_screen(HelpScreen(self.panel.STEP, keys_help(self)))

    def action_toggle_help_panel(self) -> None:
        """Show or hide the side help (more room for the form on small terminals)."""
        for panel in self.query("#help-panel"):
            panel.display = not panel.display
            remember = getattr(self.app, "remember", None)  # kept for the next runs (None: the bench's App)
            if remember is not None:
                remember(help_panel=panel.display)

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
