"""The balorg wizard: a Textual App that shows the draft's state and moves between the sheet's steps.

The draft and everything derived from it belong to :class:`wizard.model.state.DraftState`
(headless); every change goes through :meth:`BalOrgApp.update_draft`, which applies it there
(one serialisation, one run of the rules) and posts :class:`DraftChanged`: the one place where
saving plugs in (:class:`wizard.session.DraftsSession`, headless: autosave to the drafts store, conflicts, resume,
known addresses). Two modes: Home, and the wizard's one screen
(:class:`wizard.screens.base.WizardScreen`), whose steps are panels built once, reused while
what they were built from is unchanged, and built ahead around the step on show.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import threading
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen

from wizard.model.findings import STEPS, Finding
from wizard.model.i18n import get_language, set_language, t
from wizard.model.state import DraftState
from wizard.session import DraftsSession, Resumed, Said
from wizard.ui.localise import Localised
from wizard.ui.texts import tr

if TYPE_CHECKING:
    from wizard.model.request import Request
    from wizard.model.rules import KnownAddresses
    from wizard.screens.base import StepPanel, WizardScreen
    from wizard.store.directory.known import Known
    from wizard.store.drafts import Draft, DraftStore
    from wizard.store.drafts.autosave import AutoSaver, Event
    from wizard.store.prefs import Loaded, Prefs

KNOWN_DELAY = 0.4
"""Seconds after start-up before the known addresses start loading (in a thread)."""
FULL_GC_THRESHOLD = 100
"""Second-generation collections between two full ones, once start-up is over (Python's default: 10)."""
START_UP_OVER = 1.0
"""Seconds after the first screen when start-up is over: see :meth:`BalOrgApp.start_up_over`."""

PREFS_DELAY = 0.5
"""Seconds after a preference changes before it is written (a burst of changes writes once)."""
_PREFS_TEXT = {
    "prefs.title": ("Préférences", "Preferences"),
    "read_only": (
        "Demande exportée : consultation seule. Pour la modifier, rouvrez-la depuis l'accueil.",
        "Exported request: view only. To change it, reopen it from Home.",
    ),
    "cmd.language": ("Langue : passer en anglais", "Language: switch to French"),
    "cmd.language.help": (
        "L'assistant en anglais au prochain lancement (--lang l'emporte pour un lancement)",
        "The wizard in French from the next start (--lang wins for one run)",
    ),
    "language.next": (
        "L'assistant sera en anglais au prochain lancement de balorg.",
        "The wizard will be in French from the next start of balorg.",
    ),
}


class StoreEvent(Message):
    """An autosave outcome (:class:`~wizard.store.drafts.autosave.Saved`, ``SaveConflict``, ``SaveFailed``)."""

    def __init__(self, event: Event) -> None:
        super().__init__()
        self.event = event


@dataclass
class DraftChanged(Message):
    """The draft changed (an edit, a new request, an opened file): save it, refresh what shows it."""

    reason: str = "edit"


def _screen_class(step: str) -> type[Screen[Any]]:
    """Home's screen class (the steps are panels of the wizard's screen: :func:`_panel_class`)."""
    from wizard.screens.home import HomeScreen

    return HomeScreen


def _panel_class(step: str) -> type[StepPanel]:
    # Imported on demand: start-up only pays for the Home screen.
    from importlib import import_module

    module = import_module(f"wizard.screens.{step}")
    panel: type[StepPanel] = module.PANEL
    return panel


class BalOrgApp(Localised, App[None]):
    """The BAL ORG wizard.

    Args:
        file: a request file to open at once (it becomes a new draft).
        draft_id: a stored draft to resume at once (``balorg open``).
    """

    TITLE = "BAL ORG"
    # Every screen's sheet is read with the App's, before the first frame: a screen bringing a
    # sheet of its own makes Textual parse every sheet again and restyle every screen built so far.
    CSS_PATH: ClassVar = [f"screens/{name}.tcss" for name in ("common", "dialogs", "documents", *STEPS)]
    MODES: ClassVar = {"home": lambda: _screen_class("home")()}
    """Two modes: Home, and the wizard's one screen (added with its first step, :meth:`goto`)."""
    DEFAULT_MODE = "home"
    ENABLE_COMMAND_PALETTE = False  # the wizard's own palette (wizard/screens/palette.py), Ctrl+P below
    BINDINGS: ClassVar = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("ctrl+p", "command_palette", "Commands", priority=True),
        Binding("ctrl+s", "save", "Save", show=False),
    ]

    def __init__(self, *, file: str | None = None, draft_id: str | None = None, tune_gc: bool = False,
                 prefs: Loaded | None = None) -> None:
        super().__init__()
        self.title = tr("app.title")
        self.sub_title = tr("app.subtitle")
        self.state = DraftState()
        """The draft and everything derived from it: its one owner (headless, :mod:`wizard.model.state`)."""
        self.session = DraftsSession(self.state, notify=lambda event: self.post_message(StoreEvent(event)))
        """The drafts store as the wizard uses it: the store, the saver, the stored draft (headless)."""
        self._open_id = draft_id
        self._restore_signals: Callable[[], None] | None = None
        self._conflict_open = False
        self.open_findings: list[Finding] = []
        """Why the last file could not be opened (shown on Home)."""
        self._last_export: Path | None = None
        self._open_at_start = file
        self._panels: dict[str, tuple[StepPanel, tuple[Any, ...]]] = {}
        """Each step's panel, with what it was built from (:meth:`_fingerprint`)."""
        self._wizard_screen: WizardScreen | None = None
        """The screen of the steps, made at the first step shown and kept for the App's life."""
        self._mounting: dict[StepPanel, Awaitable[Any]] = {}
        """Panels built ahead whose mounting has not finished."""
        self._stale: set[StepPanel] = set()
        """Step panels replaced while on show: taken away once another step shows."""
        self._apply_prefs(prefs)
        self._read_only_told: int | None = None
        """The draft generation (one per opening) whose refusal to change was said."""
        self._tune_gc = tune_gc
        if tune_gc:
            # What is built so far (the modules, Textual's classes, the sheet's data, the store)
            # lives as long as the app: out of the collector's full passes, which would walk it all
            # again each time (a pause of 50 to 130 ms every few seconds of use). Frozen now, before
            # any screen or draft exists: those are collected as usual once replaced.
            gc.freeze()

    @classmethod
    def binding_descriptions(cls) -> dict[str, str]:
        return {"quit": tr("nav.quit"), "command_palette": tr("nav.palette"), "save": tr("nav.save")}

    # The draft's state, read through its owner
    @property
    def draft(self) -> Request | None:
        """The request being prepared (None on Home before any choice)."""
        return self.state.draft

    @property
    def findings(self) -> list[Finding]:
        """Every finding of the draft: the rules' and, once looked up, the known addresses'."""
        return self.state.findings

    @property
    def known_findings(self) -> list[Finding]:
        """The known-address findings for the draft's addresses as they are now."""
        return self.state.known_findings

    @property
    def known(self) -> KnownAddresses | None:
        """What this machine knows of existing addresses, for this draft (its own exports left out)."""
        return self.state.known

    @known.setter
    def known(self, known: KnownAddresses | None) -> None:
        self.state.set_known(known)
        self._look_up_known()

    @property
    def reached(self) -> int:
        """Index in STEPS of the furthest step reached: every step up to it can be jumped to."""
        return self.state.reached

    @reached.setter
    def reached(self, index: int) -> None:
        self.state.reached = index

    @property
    def preset(self) -> dict[str, Any] | None:
        """The sheet's use case the draft started from, for hints (delegate functions...)."""
        return self.state.preset

    @property
    def generation(self) -> int:
        """Bumped when a new draft is set (new request, opened file): every step panel is rebuilt."""
        return self.state.generation

    # Preferences (wizard/store/prefs.py, headless): read at start-up, written back when changed.
    def _apply_prefs(self, loaded: Loaded | None) -> None:
        from wizard.store.prefs import load

        loaded = loaded if loaded is not None else load()
        self.prefs: Prefs = loaded.prefs
        """What the user chose in earlier runs (theme, side help, language, last export folder)."""
        self._prefs_problem = loaded.problem
        self._prefs_pending = False
        theme = self.prefs.theme
        if theme is not None and theme in self.available_themes and theme != self.theme:
            self.theme = theme
        self._theme_at_start = self.theme

    @property
    def help_panel_shown(self) -> bool:
        """Whether the side help shows (F2 hides it, and the choice stays)."""
        return self.prefs.help_panel is not False

    def remember(self, **values: Any) -> None:
        """Keep preferences for the next runs: written a moment later (F2 pressed ten times writes once),
        and when the App stops."""
        prefs = self.prefs.changed(**values)
        if prefs == self.prefs:
            return
        self.prefs = prefs
        if not self._prefs_pending:
            self._prefs_pending = True
            if self.is_running:
                self.set_timer(PREFS_DELAY, self.write_prefs)
            else:
                self.write_prefs()

    def write_prefs(self) -> None:
        """Write the preferences now, if they changed since last written; a failure is said, never raised."""
        from wizard.store.prefs import save

        if not self._prefs_pending:
            return
        self._prefs_pending = False
        problem = save(self.prefs)
        if problem is not None and self.is_running:
            self.notify(problem, title=t(_PREFS_TEXT, "prefs.title"), severity="warning", markup=False)

    def _theme_changed(self, theme: Any) -> None:
        name = getattr(theme, "name", None)
        if not isinstance(name, str) or (self.prefs.theme is None and name == self._theme_at_start):
            return  # the theme applied at start-up, not a choice
        self.remember(theme=name)

    def choose_language(self, language: str) -> None:
        """The palette's language command: kept for the next runs (the screens are built in the one in force)."""
        self.remember(language=language)
        self.notify(t(_PREFS_TEXT, "language.next"), markup=False)

    # Start-up: Home is the first mode's screen (the first frame shows it, not an empty screen).
    async def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self._prefs_problem:
            self.notify(self._prefs_problem, title=t(_PREFS_TEXT, "prefs.title"), severity="warning", timeout=20,
                        markup=False)
        self._start_store()
        self.set_timer(START_UP_OVER, self.start_up_over)
        if self._open_at_start:
            self.call_after_refresh(self.open_file, self._open_at_start)

    def start_up_over(self) -> None:
        """Start-up is over: the garbage collector is turned back on.

        The ``balorg`` process turns it off before its imports
        (:func:`wizard.cli.start_wizard`). With `tune_gc`, what was built
        before the App's first screen was frozen out of the collector's full
        passes (see ``__init__``), and full passes are made ten times rarer:
        the wizard's screen holds every step built (a few hundred widgets and
        their styles), and a full pass over them takes 100 to 140 ms, which
        the default (one every ten second-generation passes) made happen
        every few step changes (``bench/bench_tui_steps.py``). Young objects
        are still collected as often as before.
        """
        if self._tune_gc:
            first, second, third = gc.get_threshold()
            gc.set_threshold(first, second, max(third, FULL_GC_THRESHOLD))
        gc.enable()

    def on_unmount(self) -> None:
        """Save what is pending and stop the saver (quitting, or the end of a test run)."""
        self.write_prefs()
        self._stop_store()

    # The draft
    def set_draft(
        self,
        request: Request,
        *,
        reason: str,
        dirty: bool,
        preset: dict[str, Any] | None = None,
        reached: int | None = None,
        show: str | None = None,
    ) -> None:
        """Make `request` the draft and go to the step to work on.

        Args:
            request: the request.
            reason: ``new``, ``open`` (a file: stored as a new draft) or ``resume`` (a stored draft).
            dirty: whether it has changes not saved yet.
            preset: the sheet's use case it started from.
            reached: the furthest step reached (resumed drafts); default: the first step with errors.
            show: the step to show (default: the furthest reached).
        """
        if reason != "resume":
            self.stored = None  # stored by the autosave hook: at once when opened, at the first edit when new
        self.state.set_draft(request, preset=preset)
        self.dirty = dirty
        self.apply_known()  # the draft's own exported addresses are not known to it; rechecks
        if reached is not None:
            self.reached = reached
        else:
            self.reached = STEPS.index("inform") if reason == "new" else self.state.first_blocked()
        self.workers.cancel_group(self, "prepare")  # it was building screens of the draft before
        self.post_message(DraftChanged(reason))
        self.goto(show or ("inform" if reason == "new" else STEPS[self.reached]))

    def update_draft(self, change: Callable[[Request], object], *, reason: str = "edit", key: object = None) -> bool:
        """Apply `change` to the draft: the one way the draft is edited.

        Args:
            change: edits the draft in place.
            reason: why, for saving.
            key: what it edits while typing (a field's path): consecutive changes with the
                same key are one step to undo.

        Returns:
            True when the draft actually changed (the findings were recomputed).
        """
        if self.draft is None or self.refuse_read_only(change):
            return False
        if not self.state.apply(change, key=key):
            return False  # a widget echoing the value it was built with: nothing to save
        self.dirty = True
        wizard = self._wizard_screen
        if wizard is not None:
            shown = wizard.panel
            current = self._panels.get(shown.STEP)
            if current is not None and current[0] is shown:
                # The step on show made this edit and shows it: it stays in step with the draft.
                self._panels[shown.STEP] = (shown, self._fingerprint(shown))
        self._look_up_known()
        self.refresh_steps()
        self.post_message(DraftChanged(reason))
        return True

    def undo_edit(self, *, redo: bool = False) -> bool:
        """Ctrl+Z (Ctrl+Y with `redo`): the draft as before its last edit (or as again after it).

        The steps are built again from the draft restored (as when a draft is opened), the
        step where it differs shows with the focus on that field, and the draft is saved as
        after any edit. Nothing to undo, or a draft exported (read-only): a word, nothing more.
        """
        if self.draft is None or self.refuse_read_only():
            return False
        changed = self.state.redo() if redo else self.state.undo()
        if changed is None:
            from wizard.screens.base import undo_text

            self.notify(undo_text("nothing_redo" if redo else "nothing_undo"), timeout=3)
            return False
        self.dirty = True
        self.workers.cancel_group(self, "prepare")  # it was building steps of the draft as it was
        self._look_up_known()
        self.post_message(DraftChanged("edit"))
        from wizard.model.findings import step_of

        wizard = self._wizard_screen
        here = wizard.panel.STEP if wizard is not None else STEPS[self.reached]
        path = changed[0]
        step = step_of(path) if path else here
        if STEPS.index(step) > self.reached:
            step = here
        self.goto(step, focus=path or None)
        return True

    def on_draft_changed(self, event: DraftChanged) -> None:
        """Every change of the draft: saved to the drafts store, at most a second later."""
        self.say(self.session.changed(event.reason))

    def _look_up_known(self) -> None:
        """Look the draft's addresses up among the known ones, in a thread, when its answer is not on hand.

        Until it answers for the addresses as they are now, none of its findings shows (an
        answer about an older spelling is never shown). Every reader (each step, the step bar,
        Review, export, the store's counts) reads the state's one list.
        """
        wanted = self.state.lookup_wanted()
        if wanted is None:
            return
        key, data, known = wanted

        def look_up() -> None:
            from wizard.model.rules import known_findings

            found = known_findings(data, known)
            self.call_from_thread(self._known_answered, key, found)

        self.run_worker(look_up, thread=True, group="known-lookup", exclusive=True, exit_on_error=False)

    def _known_answered(self, key: tuple[Any, ...], found: list[Finding]) -> None:
        """A lookup's answer: kept only if the addresses are still those it was asked about."""
        if self.state.known_answered(key, found):
            self.refresh_steps()

    def refresh_steps(self) -> None:
        """Show the findings as they are now in the step on show."""
        wizard = self._wizard_screen
        if wizard is not None:
            wizard.refresh_state()

    def step_findings(self, step: str) -> list[Finding]:
        """The findings edited at `step`."""
        return self.state.step_findings(step)

    def blocking_findings(self, step: str) -> list[Finding]:
        """The errors that keep `step` from moving on."""
        return self.state.blocking(step)

    def step_states(self) -> dict[str, str]:
        """Each step's state: ``not_started``, ``incomplete``, ``errors`` or ``complete``."""
        return self.state.step_states()

    def reachable_steps(self) -> set[str]:
        """Steps the user may jump to: every step up to the furthest reached."""
        return self.state.reachable_steps()

    # Moving
    def goto(self, step: str, *, focus: str | None = None) -> None:
        """Show `step`, as built from the draft; `focus` is a JSON path whose field gets the focus."""
        if step != "home":
            if self.draft is None:
                self.notify(tr("cmd.no_draft"), severity="warning")
                return
            if self.state.set_reached(step):
                self.note_step()
        if step == "home" and self.store.writable and self.saver.pending:
            self.saver.flush()  # Home's list shows the draft as it is now, not as it was a second ago
        while len(self.screen_stack) > 1:  # a modal left open (help, palette): close it first
            self.pop_screen()
        if step == "home":
            if self.current_mode != "home":
                # A new Home each time: its list of drafts as they are now.
                self.remove_mode("home")
                self.add_mode("home", self.MODES["home"])
                self.switch_mode("home")
            return
        panel = self._panel(step)
        wizard = self._wizard_screen
        if wizard is None:
            from wizard.screens.base import WizardScreen

            made = wizard = self._wizard_screen = WizardScreen(panel)
            self.add_mode("wizard", lambda: made)  # kept while Home shows: the steps stay built
        left = wizard.panel
        wizard.show_panel(panel)
        if self.current_mode != "wizard":
            self.switch_mode("wizard")
        if left is not panel and left in self._stale:
            self._stale.discard(left)  # replaced while on show: taken away now that another shows
            self._discard(left)
        if focus and not panel.ready:
            panel.focus_wanted = focus  # mounted now: focused once shown (WizardScreen.panel_shown)
        elif focus:
            self.call_after_refresh(lambda: panel.focus_path(focus))

    def _panel(self, step: str) -> StepPanel:
        """The panel of `step`: the one already built if what it shows is unchanged, else a new one.

        Building a step's widgets is the slow part of a step change. Each step
        panel names the parts of the draft its widgets are built from
        (``DEPENDS``; the rest it refreshes from the draft each time it shows);
        while those parts are unchanged, going Back and Next reuses the panel.
        """
        cls = _panel_class(step)
        cached = self._panels.get(step)
        if cached is not None:
            panel, fingerprint = cached
            if fingerprint == self._fingerprint(cls) and (panel.parent is None or panel.is_attached):
                return panel
            self._discard(panel)
        panel = cls()
        self._panels[step] = (panel, self._fingerprint(cls))
        return panel

    def _discard(self, panel: StepPanel) -> None:
        """Take away a step panel replaced by a new one (else it stays mounted, unseen, for good)."""
        wizard = self._wizard_screen
        if wizard is not None and panel is wizard.panel:
            self._stale.add(panel)  # on show: taken away once another step shows (goto)
            return
        pending = self._mounting.pop(panel, None)
        if pending is not None:  # built ahead, not mounted yet: taken away once it is
            mounted = pending
            self.run_worker(partial(self._remove_once_mounted, panel, mounted), group="remove")  # type: ignore[arg-type]  # Textual's stub wants a Coroutine[None, None, T]
        elif panel.is_attached:
            panel.remove()

    async def _remove_once_mounted(self, panel: StepPanel, mounted: Awaitable[Any]) -> None:
        await mounted
        await panel.remove()

    def prepare_around(self, step: str) -> None:
        """Build ahead, in the background, the steps the user may go to from `step`.

        The next step and the one before first, then every other step already
        reached (the step bar and the palette jump to them), nearest first.
        Going to one is then only a switch of panels; a step whose ``DEPENDS``
        parts changed since it was built is built again.
        """
        here = STEPS.index(step)
        steps = {here + 1, *range(1, self.reached + 1)} - {here}
        order = sorted((i for i in steps if 0 < i < len(STEPS)), key=lambda i: (abs(i - here), i < here))
        # A function, not a coroutine: a worker cancelled before it starts leaves no coroutine unawaited.
        self.run_worker(partial(self._prepare, [STEPS[i] for i in order]), group="prepare", exclusive=True)  # type: ignore[arg-type]  # as above

    async def _prepare(self, steps: list[str]) -> None:
        generation = self.generation
        for step in steps:
            wizard = self._wizard_screen
            if self.draft is None or self.generation != generation or wizard is None or not wizard.ready:
                return  # nothing to show, another draft, or quitting
            panel = self._panel(step)
            if panel is wizard.panel or panel.parent is not None:
                continue
            # Composed and styled hidden, in this worker's task, while the app goes on answering
            # keys between its messages; shown, it is only laid out.
            mounted = wizard.add_ahead(panel)
            if mounted is None:
                return  # the screen is being taken down (quitting)
            self._mounting[panel] = mounted  # kept if this worker is cancelled meanwhile
            await mounted
            self._mounting.pop(panel, None)
            await asyncio.sleep(0.02)  # the app answers what came in meanwhile (keys first)

    def _fingerprint(self, panel: Any) -> tuple[Any, ...]:
        """What a step panel's widgets were built from: the draft's generation and its ``DEPENDS`` parts."""
        return self.state.fingerprint(getattr(panel, "DEPENDS", ()))

    # New and open
    def new_request(self, preset_id: str | None = None) -> None:
        """Start a new request, blank or from one of the sheet's four use cases."""
        from wizard.model import data
        from wizard.model.request import Eligibility, Mailbox, Request

        preset = next((p for p in data.presets() if p["id"] == preset_id), None) if preset_id else None
        request = Request()
        count = 1
        if preset is not None:
            request.structure.kind = preset["structure_kind"]
            # The eligibility answers of the sheet's case (data/presets.json), for the user to check.
            request.eligibility = Eligibility(**preset.get("eligibility", {}))
            request.usage.exchanged = list(preset["exchanged"])
            count = preset["mailboxes"]
        request.mailboxes = [Mailbox() for _ in range(count)]
        self.set_draft(request, reason="new", dirty=True, preset=preset)

    def open_file(self, path: str | Path) -> list[Finding]:
        """Open a request file (exported or a saved draft) as a new draft; its problems are returned, never raised.

        Read the one way files become drafts, the store's importer (as ``balorg drafts import``
        and ``balorg open`` do): a file whose structure is wrong (not JSON, unknown keys, wrong
        types) is refused and its findings are kept in :attr:`open_findings` for Home to show;
        a well-formed file opens even when incomplete, its derived fields dropped.
        """
        request, findings = self.session.open_file(path)
        if request is None:
            return self._refuse(findings)
        self.open_findings = []
        self.set_draft(request, reason="open", dirty=False)
        return findings

    def _refuse(self, findings: list[Finding]) -> list[Finding]:
        self.open_findings = findings
        refresh = getattr(self.screen, "show_open_findings", None)
        if refresh is not None:
            refresh()
        return findings

    # The drafts session: the store, autosave, conflicts, resume (headless: wizard/session.py).
    # What follows only shows what the session says: toasts, dialogs, the draft set.
    @property
    def store(self) -> DraftStore:
        """The drafts store."""
        return self.session.store

    @property
    def saver(self) -> AutoSaver:
        """The autosaver (saving on its own thread, at most a second behind)."""
        return self.session.saver

    @property
    def stored(self) -> Draft | None:
        """The draft as the store knows it (its ``request`` is :attr:`draft`); None until first stored."""
        return self.session.stored

    @stored.setter
    def stored(self, draft: Draft | None) -> None:
        self.session.stored = draft

    @property
    def dirty(self) -> bool:
        """True while the draft has changes not yet saved."""
        return self.session.dirty

    @dirty.setter
    def dirty(self, value: bool) -> None:
        self.session.dirty = value

    def say(self, said: Said | None) -> None:
        """Show what the session has to say, as a toast (never read as markup)."""
        if said is None or not said.text:
            return
        if said.timeout is None:
            self.notify(said.text, title=said.title or "", severity=said.severity, markup=False)
        else:
            self.notify(said.text, title=said.title or "", severity=said.severity, timeout=said.timeout, markup=False)

    def _start_store(self) -> None:
        """After the first screen: the store's problems said once, signals, the known addresses."""
        for problem in self.session.problems():
            self.say(problem)
        if threading.current_thread() is threading.main_thread():
            from wizard.store.drafts.autosave import TERMINATION_SIGNALS, install_signal_handlers

            try:
                self._restore_signals = install_signal_handlers(
                    self.saver, on_signal=lambda signum: self.exit(),
                    signals=TERMINATION_SIGNALS, loop=asyncio.get_running_loop())
            except (ValueError, RuntimeError, NotImplementedError):
                self._restore_signals = None  # not the main thread's loop: quitting still flushes
        # A moment after the first frame: the loading thread (it holds the GIL for tens of ms with
        # 10,000 drafts) must not compete with drawing Home; the Name step is minutes away.
        self.set_timer(KNOWN_DELAY, self._reload_known)
        if self._open_id:
            self.call_after_refresh(self.resume_draft, self._open_id)

    def _stop_store(self) -> None:
        if self._restore_signals is not None:
            try:
                self._restore_signals()
            except (ValueError, RuntimeError):
                pass
            self._restore_signals = None
        self.session.close()

    def note_step(self) -> None:
        """The furthest step reached moved on: remember it with the draft."""
        self.session.note_step()

    def on_store_event(self, message: StoreEvent) -> None:
        """An autosave outcome, from the saver's thread."""
        said, ask = self.session.saver_event(message.event)
        self.say(said)
        if ask and not self._conflict_open:
            self._ask_conflict(message.event)

    def _ask_conflict(self, event: Any) -> None:
        from wizard.screens.dialogs import ChoiceScreen

        self._conflict_open = True
        self.push_screen(
            ChoiceScreen(tr("conflict.title"), event.error.message, event.error.choices, cancel=None, id="conflict"),
            lambda choice: self._settle(choice or "save_as_new"),
        )

    def _settle(self, choice: str) -> None:
        self._conflict_open = False
        resumed, said = self.session.settle(choice)
        if resumed is not None:
            step = getattr(self.screen, "STEP", None)
            self._edit(resumed, show=step if step in STEPS[1:] else None)
        self.say(said)

    def _edit(self, resumed: Resumed, *, show: str | None = None) -> None:
        self.set_draft(resumed.draft.request, reason="resume", dirty=False, reached=resumed.step, show=show)

    def flush_now(self) -> Event | None:
        """Ctrl+S: save now and say so."""
        event, said = self.session.flush()
        self.say(said)
        return event

    def quit_saving(self) -> None:
        """Quit once everything is saved; when a save failed, say where the rescue copy is first."""
        from wizard.screens.dialogs import ChoiceScreen

        failed = self.session.flush_to_quit()
        if failed is None:
            self.exit()
            return
        if isinstance(self.screen, ChoiceScreen) and self.screen.id == "quit-failed":
            return
        self.push_screen(
            ChoiceScreen(tr("save.failed.title"), tr("quit.failed", message=failed),
                         [("quit", tr("quit.anyway")), ("stay", tr("quit.stay"))],
                         cancel="stay", focus="stay", danger=("quit",), id="quit-failed"),
            lambda choice: self.exit() if choice == "quit" else None,
        )

    def resume_draft(self, draft_id: str) -> bool:
        """Edit the stored draft `draft_id` (exported ones are shown read-only); False if it cannot be read."""
        resumed, said = self.session.resume(draft_id)
        if resumed is not None:
            self._edit(resumed)
        self.say(said)
        return resumed is not None

    def reopen_draft(self, draft_id: str) -> bool:
        """An exported draft reopened as a new, editable draft, which is then edited."""
        resumed, said = self.session.reopen(draft_id)
        if resumed is not None:
            self._edit(resumed)
        self.say(said)
        return resumed is not None

    def refuse_read_only(self, change: Callable[[Request], object] | None = None) -> bool:
        """True (and a bell) when the draft is exported and must not change; said in a word once per opening.

        Every key typed in an exported draft is refused: one short notice, not one per key. A
        `change` that changes nothing (a widget echoing the value it was built with) is refused
        silently.
        """
        said = self.session.read_only_refusal()
        if said is None:
            return False
        if change is not None and self.draft is not None:
            candidate = self.draft.model_copy(deep=True)
            change(candidate)
            if candidate == self.draft:
                return True
        self.bell()
        if self._read_only_told != self.generation:
            self._read_only_told = self.generation
            self.notify(t(_PREFS_TEXT, "read_only"), severity="warning", markup=False)
        return True

    def after_export(self, path: str | Path) -> None:
        """The draft was exported to `path`: saved, marked exported (read-only), known addresses reloaded."""
        self.say(self.session.exported(path))
        self.remember(export_dir=str(Path(path).parent))
        self._reload_known()  # this export is a known address now (for the other drafts)

    def _reload_known(self) -> None:
        self.run_worker(self._load_known, thread=True, group="known", exclusive=True, exit_on_error=False)

    def _load_known(self) -> None:
        known = self.session.load_known()  # in a thread
        self.call_from_thread(self._known_loaded, known)

    def _known_loaded(self, known: Known | None) -> None:
        if self.session.known_loaded(known):
            self.apply_known()
            self.refresh_steps()  # a lookup of the names already entered is on its way: what is shown is current

    def apply_known(self) -> None:
        """:attr:`known` for the current draft (its own exported addresses do not count); rechecks the draft."""
        self.known = self.session.known_for(self.draft)

    def export_folder(self) -> Path:
        """Where files the wizard writes go by default (the request, the documents): the folder of
        the last export when it still exists, else the user's documents folder (or home), never the
        current folder."""
        from wizard.paths import documents_dir

        folder = self.prefs.export_dir
        if folder:
            path = Path(folder).expanduser()
            if path.is_absolute() and path.is_dir():
                return path
        return documents_dir()

    # Saving, quitting
    @property
    def last_export(self) -> Path | None:
        """The file the draft was last exported to in this session."""
        return self._last_export

    @last_export.setter
    def last_export(self, path: Path | None) -> None:
        # Review sets it after a successful export: the draft is then marked exported in the store.
        self._last_export = path
        if path is not None:
            self.after_export(path)

    def action_save(self) -> None:
        """Ctrl+S: save the draft to the drafts store now (it is saved automatically anyway)."""
        if self.draft is None:
            self.notify(tr("cmd.no_draft"), severity="warning")
            return
        self.flush_now()

    async def action_quit(self) -> None:
        """Quit: everything is saved first; only a failed save asks (and names the rescue file)."""
        self.quit_saving()

    def action_help_quit(self) -> None:
        """Ctrl+C does not quit: say how, in the user's language."""
        self.notify(tr("quit.hint", key="Ctrl+Q"), title=tr("quit.hint.title"))

    # Command palette, in French
    def action_command_palette(self) -> None:
        """Ctrl+P: the commands of the screen on show, filtered as you type."""
        from wizard.screens.palette import Command, CommandsScreen

        if isinstance(self.screen, CommandsScreen):
            return
        commands = [Command(c.title, c.help, c.callback) for c in self.get_system_commands(self.screen)]
        self.push_screen(CommandsScreen(commands, placeholder=tr("palette.placeholder")))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette's commands: the steps that can be opened (in the sheet's order), Home, new, save,
        export, help, theme, quit."""
        from wizard.screens.palette import palette_text

        if self.draft is not None:
            reachable = self.reachable_steps()
            for step in STEPS[1:]:
                if step not in reachable:
                    continue  # not reached yet: offered once it can be opened
                title = tr("title." + step)
                yield SystemCommand(tr("cmd.goto", step=title), tr("cmd.goto.help", step=title),
                                    lambda s=step: self._palette_goto(s))
            yield SystemCommand(tr("cmd.save"), tr("cmd.save.help"), self.action_save)
            if "review" in reachable:
                yield SystemCommand(tr("cmd.export"), tr("cmd.export.help"), lambda: self._palette_goto("review"))
        if not isinstance(screen, _screen_class("home")):
            yield SystemCommand(palette_text("home"), palette_text("home.help"), lambda: self.goto("home"))
        yield SystemCommand(tr("cmd.new"), tr("cmd.new.help"), lambda: self.goto("home"))
        if hasattr(screen, "action_help"):
            yield SystemCommand(tr("cmd.help"), tr("cmd.help.help"), screen.action_help)
        yield SystemCommand(tr("cmd.theme"), tr("cmd.theme.help"), self._search_themes)
        other = "en" if get_language() == "fr" else "fr"
        yield SystemCommand(t(_PREFS_TEXT, "cmd.language"), t(_PREFS_TEXT, "cmd.language.help"),
                            lambda: self.choose_language(other))
        yield SystemCommand(tr("cmd.screenshot"), tr("cmd.screenshot.help"),
                            lambda: self.set_timer(0.1, self.save_private_screenshot))
        yield SystemCommand(tr("cmd.quit"), tr("cmd.quit.help"), lambda: self.run_action("quit"))

    def save_private_screenshot(self) -> Path | None:
        """Write an SVG of the screen where only the user can read it, and say where (or why not).

        The screen shows names and RPPS numbers: the capture goes into the data folder's
        ``captures`` (0700), as a 0600 file, not into a shared Downloads folder.
        """
        from datetime import datetime

        from wizard.fileio import atomic_write, ensure_private_dir, os_reason
        from wizard.paths import data_dir

        folder = data_dir() / "captures"
        target = folder / f"balorg-{datetime.now():%Y%m%d-%H%M%S}.svg"
        try:
            ensure_private_dir(folder)
            atomic_write(target, self.export_screenshot().encode("utf-8"))
        except OSError as exc:
            self.notify(tr("screenshot.failed", path=str(folder), reason=os_reason(exc)), severity="error",
                        markup=False)
            return None
        self.notify(tr("screenshot.done", path=str(target)), markup=False)
        return target

    def _palette_goto(self, step: str) -> None:
        if step in self.reachable_steps():
            self.goto(step)
        else:
            self.notify(tr("nav.not_reached"), severity="warning")

    def _search_themes(self) -> None:
        from wizard.screens.palette import Command, CommandsScreen

        def choose(name: str) -> Callable[[], None]:
            return lambda: setattr(self, "theme", name)

        themes = [
            Command(name, tr("theme.dark" if theme.dark else "theme.light"), choose(name))
            for name, theme in sorted(self.available_themes.items())
        ]
        self.push_screen(CommandsScreen(themes, placeholder=tr("palette.themes")))


def make_app(args: argparse.Namespace, *, tune_gc: bool = False) -> BalOrgApp:
    """The App for ``args``, with the user's preferences: their language unless ``--lang`` says one."""
    from wizard.store.prefs import load

    loaded = load()
    if getattr(args, "lang", None) is None and loaded.prefs.language is not None:
        set_language(loaded.prefs.language)  # before the App: its keys are described in the language in force
    draft_id = getattr(args, "draft_id", None)
    return BalOrgApp(file=None if draft_id else getattr(args, "file", None), draft_id=draft_id, tune_gc=tune_gc,
                     prefs=loaded)


def run_wizard(args: argparse.Namespace) -> int:
    """Run the wizard on ``args.draft_id`` (a stored draft, from ``balorg open``) or ``args.file``."""
    app = make_app(args, tune_gc=True)
    try:
        app.run()
    finally:
        app.saver.close()  # an exception or a stray signal still saves what was typed
        gc.enable()
    return app.return_code or 0
