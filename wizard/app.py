"""The balorg wizard: a Textual App that holds the draft and moves between the sheet's steps.

Every change to the draft goes through :meth:`BalOrgApp.update_draft`, which
recomputes the findings with the model's rules and posts :class:`DraftChanged`:
the one place where saving plugs in (:mod:`wizard.app_drafts`: autosave to the
drafts store, conflicts, resume, known addresses). Screens are rebuilt from
the draft on every step change and keep nothing of their own.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen

from wizard.app_drafts import DraftsMixin
from wizard.model.findings import STEPS, Finding, error, step_of
from wizard.screens.localise import localise_bindings
from wizard.screens.texts import tr

if TYPE_CHECKING:
    from wizard.model.request import Request
    from wizard.model.rules import KnownAddresses

_MISSING_CODES = ("eligibility.unanswered", "co_holders.no_principal")
_DERIVED_MAILBOX_KEYS = ("address", "annuaire")
START_UP_OVER = 1.0
"""Seconds after the first screen when start-up is over: see :meth:`BalOrgApp.start_up_over`."""


@dataclass
class DraftChanged(Message):
    """The draft changed (an edit, a new request, an opened file): save it, refresh what shows it."""

    reason: str = "edit"


def _screen_class(step: str) -> type[Screen[Any]]:
    # Imported on demand: start-up only pays for the Home screen.
    if step == "home":
        from wizard.screens.home import HomeScreen

        return HomeScreen
    from importlib import import_module

    module = import_module(f"wizard.screens.{step}")
    return module.SCREEN  # type: ignore[no-any-return]


def _is_missing(finding: Finding) -> bool:
    """A finding that says something is not entered yet (rather than entered wrong)."""
    return finding.code.endswith((".missing", ".empty")) or finding.code in _MISSING_CODES


class BalOrgApp(DraftsMixin, App[None]):
    """The BAL ORG wizard.

    Args:
        file: a request file to open at once (it becomes a new draft).
        draft_id: a stored draft to resume at once (``balorg open``).
    """

    TITLE = "BAL ORG"
    # Every screen's sheet is read with the App's, before the first frame: a screen bringing a
    # sheet of its own makes Textual parse every sheet again and restyle every screen built so far.
    CSS_PATH: ClassVar = [f"screens/{name}.tcss" for name in ("common", *STEPS)]
    ENABLE_COMMAND_PALETTE = False  # the wizard's own palette (wizard/screens/palette.py), Ctrl+P below
    BINDINGS: ClassVar = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("ctrl+p", "command_palette", "Commands", priority=True),
        Binding("ctrl+s", "save", "Save", show=False),
    ]

    def __init__(self, *, file: str | None = None, draft_id: str | None = None, tune_gc: bool = False) -> None:
        super().__init__()
        localise_bindings(self, {
            "quit": tr("nav.quit"), "command_palette": tr("nav.palette"), "save": tr("nav.save"),
        })
        self.title = tr("app.title")
        self.sub_title = tr("app.subtitle")
        self.draft: Request | None = None
        """The request being prepared (None on Home before any choice)."""
        self.findings: list[Finding] = []
        """The model's findings for the draft (derived fields are computed on export, not checked)."""
        self.dirty = False
        """True while the draft has changes not yet saved."""
        self.reached = 0
        """Index in STEPS of the furthest step reached: every step up to it can be jumped to."""
        self.preset: dict[str, Any] | None = None
        """The sheet's use case the draft started from, for hints (delegate functions...)."""
        self.known: KnownAddresses | None = None
        """What this machine knows of existing addresses, once loaded (the imported list, this store's exports)."""
        self.known_findings: list[Finding] = []
        """The known-address findings for the draft's addresses as they are now (looked up in a thread)."""
        self.known_version = 0
        """Bumped each time :attr:`known` is replaced: the lookups made before are out of date."""
        self._known_key: tuple[Any, ...] | None = None
        """What :attr:`known_findings` were looked up for: the known addresses and the draft's addresses."""
        self.open_findings: list[Finding] = []
        """Why the last file could not be opened (shown on Home)."""
        self._last_export: Path | None = None
        self._file = file
        self._by_step: dict[str, list[Finding]] = {}
        self.generation = 0
        """Bumped when a new draft is set (new request, opened file): every step screen is rebuilt."""
        self._screens: dict[str, tuple[Screen[Any], tuple[Any, ...]]] = {}
        self._installed = 0
        self._mounting: dict[Screen[Any], Awaitable[Any]] = {}
        """Screens built ahead whose mounting has not finished."""
        self._stale: set[Screen[Any]] = set()
        """Step screens replaced while on show: uninstalled once switched away from."""
        self._init_store(draft_id)
        if tune_gc:
            # What is built so far (the modules, Textual's classes, the sheet's data, the store)
            # lives as long as the app: out of the collector's full passes, which would walk it all
            # again each time (a pause of 50 to 130 ms every few seconds of use). Frozen now, before
            # any screen or draft exists: those are collected as usual once replaced.
            gc.freeze()

    # Start-up
    def get_default_screen(self) -> Screen[Any]:
        """Home is the first screen: the first frame shows it (not an empty screen, then Home)."""
        home = _screen_class("home")()
        # What push_screen and switch_screen give each screen they show, and switch_screen takes
        # back from the one it replaces: the first screen must have one too.
        home._push_result_callback(home, None)
        return home

    async def on_mount(self) -> None:
        self._start_store()
        self.set_timer(START_UP_OVER, self.start_up_over)
        if self._file:
            self.call_after_refresh(self.open_file, self._file)

    def start_up_over(self) -> None:
        """Start-up is over: the garbage collector is turned back on.

        The ``balorg`` process turns it off before its imports
        (:func:`wizard.cli.start_wizard`). With `tune_gc`, what was built
        before the App's first screen was frozen out of the collector's full
        passes (see ``__init__``).
        """
        gc.enable()

    def on_unmount(self) -> None:
        """Save what is pending and stop the saver (quitting, or the end of a test run)."""
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
        self.draft = request
        self.preset = preset
        self.generation += 1
        self.dirty = dirty
        self.apply_known()  # the draft's own exported addresses are not known to it; rechecks
        if reached is not None:
            self.reached = reached
        else:
            self.reached = STEPS.index("inform") if reason == "new" else self._first_blocked()
        self.workers.cancel_group(self, "prepare")  # it was building screens of the draft before
        self.post_message(DraftChanged(reason))
        self.goto(show or ("inform" if reason == "new" else STEPS[self.reached]))

    def update_draft(self, change: Callable[[Request], None], *, reason: str = "edit") -> bool:
        """Apply `change` to the draft: the one way the draft is edited.

        Returns:
            True when the draft actually changed (the findings were recomputed).
        """
        if self.draft is None or self.refuse_read_only():
            return False
        before = self.draft.to_data()
        change(self.draft)
        if self.draft.to_data() == before:
            return False  # a widget echoing the value it was built with: nothing to save
        self.dirty = True
        step = getattr(self.screen, "STEP", "")
        current = self._screens.get(step)
        if current is not None and current[0] is self.screen:
            # The screen on show made this edit and shows it: it stays in step with the draft.
            self._screens[step] = (self.screen, self._fingerprint(self.screen))
        self._recheck()
        screen = self.screen
        refresh = getattr(screen, "refresh_state", None)
        if refresh is not None:
            refresh()
        self.post_message(DraftChanged(reason))
        return True

    def on_draft_changed(self, event: DraftChanged) -> None:
        """Every change of the draft: saved to the drafts store, at most a second later."""
        self._store_change(event.reason)

    def _recheck(self) -> None:
        """The draft's findings: the rules' at once, the known addresses' as their lookup answers.

        The rules take about a millisecond and run here; looking the addresses up among the
        known ones runs in a thread (:meth:`_look_up_known`), and until it answers for the
        addresses as they are now, none of its findings shows (an answer about an older spelling
        is never shown). Every reader (each step, the step bar, Review, export, the store's
        counts) reads the one list this makes.
        """
        from wizard.model.rules import check  # imported when first needed: start-up stays light

        data = self.draft.to_data() if self.draft is not None else None
        findings = check(data, derived=False) if data is not None else []
        key = self._known_lookup_key(data)
        if key is not None and key == self._known_key:
            findings.extend(self.known_findings)
        elif key is not None:
            self._look_up_known(key, data)  # type: ignore[arg-type]
        self._set_findings(findings)

    def _set_findings(self, findings: list[Finding]) -> None:
        self.findings = findings
        by_step: dict[str, list[Finding]] = {step: [] for step in STEPS}
        for finding in findings:
            by_step[step_of(finding.path)].append(finding)
        self._by_step = by_step

    def _known_lookup_key(self, data: dict[str, Any] | None) -> tuple[Any, ...] | None:
        """What the known-address findings depend on, or None when there is nothing to look up."""
        if data is None or self.known is None:
            return None
        addresses = tuple((m.get("local_part"), m.get("domain")) for m in data.get("mailboxes") or [])
        return (self.known_version, data.get("request_id"), addresses)

    def _look_up_known(self, key: tuple[Any, ...], data: dict[str, Any]) -> None:
        known = self.known
        if known is None:
            return

        def look_up() -> None:
            from wizard.model.rules import known_findings

            found = known_findings(data, known)
            self.call_from_thread(self._known_answered, key, found)

        self.run_worker(look_up, thread=True, group="known-lookup", exclusive=True, exit_on_error=False)

    def _known_answered(self, key: tuple[Any, ...], found: list[Finding]) -> None:
        """A lookup's answer: kept only if the addresses are still those it was asked about."""
        data = self.draft.to_data() if self.draft is not None else None
        if self._known_lookup_key(data) != key:
            return  # typed on meanwhile: a newer lookup is on its way
        self._known_key, self.known_findings = key, found
        self._recheck()
        refresh = getattr(self.screen, "refresh_state", None)
        if refresh is not None:
            refresh()

    def _first_blocked(self) -> int:
        for index, step in enumerate(STEPS[1:], start=1):
            if any(f.severity == "error" for f in self._by_step.get(step, [])):
                return index
        return len(STEPS) - 1

    def step_findings(self, step: str) -> list[Finding]:
        """The findings edited at `step`."""
        return self._by_step.get(step, [])

    def blocking_findings(self, step: str) -> list[Finding]:
        """The errors that keep `step` from moving on."""
        return [f for f in self.step_findings(step) if f.severity == "error"]

    def step_states(self) -> dict[str, str]:
        """Each step's state: ``not_started``, ``incomplete``, ``errors`` or ``complete``."""
        states = {}
        for index, step in enumerate(STEPS[1:], start=1):
            # The last step is the export: it is complete only when nothing anywhere blocks it.
            mine = self.findings if step == STEPS[-1] else self._by_step.get(step, [])
            errors = [f for f in mine if f.severity == "error"]
            if index > self.reached:
                states[step] = "not_started"
            elif not errors:
                states[step] = "complete"
            elif all(_is_missing(f) for f in errors):
                states[step] = "incomplete"
            else:
                states[step] = "errors"
        return states

    def reachable_steps(self) -> set[str]:
        """Steps the user may jump to: every step up to the furthest reached."""
        return set(STEPS[: self.reached + 1]) if self.draft is not None else {"home"}

    # Moving
    def goto(self, step: str, *, focus: str | None = None) -> None:
        """Show `step`, rebuilt from the draft; `focus` is a JSON path whose field gets the focus."""
        if step != "home":
            if self.draft is None:
                self.notify(tr("cmd.no_draft"), severity="warning")
                return
            before = self.reached
            self.reached = max(self.reached, STEPS.index(step))
            if self.reached != before:
                self.note_step()
        if step == "home" and self.store.writable and self.saver.pending:
            self.saver.flush()  # Home's list shows the draft as it is now, not as it was a second ago
        while len(self.screen_stack) > 1:  # a modal left open (help, palette): close it first
            self.pop_screen()
        screen = self._step_screen(step)
        if screen is not self.screen:
            shown = self.screen
            self.switch_screen(screen)
            if shown in self._stale:
                # Replaced while on show (it could not be uninstalled then): uninstalled now that it
                # has left the stack, so that the switch removes it.
                self._stale.discard(shown)
                if self.is_screen_installed(shown):
                    self.uninstall_screen(shown)
        if focus:
            self.call_after_refresh(lambda: screen.focus_path(focus))  # type: ignore[attr-defined]

    def _step_screen(self, step: str) -> Screen[Any]:
        """The screen of `step`: the one already built if what it shows is unchanged, else a new one.

        Building a step's widgets is the slow part of a step change. Each step
        screen names the parts of the draft its widgets are built from
        (``DEPENDS``; the rest it refreshes from the draft each time it shows);
        while those parts are unchanged, going Back and Next reuses the screen.
        """
        if step == "home":
            return _screen_class(step)()
        cls = _screen_class(step)
        cached = self._screens.get(step)
        if cached is not None:
            screen, fingerprint = cached
            if fingerprint == self._fingerprint(cls) and screen.is_attached:
                screen.refresh_state()  # type: ignore[attr-defined]
                return screen
            self._discard(screen)
        screen = cls()
        self._screens[step] = (screen, self._fingerprint(cls))
        self._installed += 1
        self.install_screen(screen, name=f"step-{step}-{self._installed}")
        return screen

    def _discard(self, screen: Screen[Any]) -> None:
        """Take away a step screen replaced by a new one (else it stays mounted, unseen, for good)."""
        if screen is self.screen:
            self._stale.add(screen)  # on show: uninstalled when left (goto), then the switch removes it
            return
        if self.is_screen_installed(screen):
            self.uninstall_screen(screen)
        if not screen.is_running:
            return
        pending = self._mounting.pop(screen, None)
        if pending is None:
            screen.remove()
        else:  # its build ahead cancelled: removed under its widgets' feet, they would fail
            self.run_worker(partial(self._remove_once_mounted, screen, pending), group="remove")

    async def _remove_once_mounted(self, screen: Screen[Any], mounted: Awaitable[Any]) -> None:
        await mounted
        await screen.remove()

    def prepare_around(self, step: str) -> None:
        """Build ahead, in the background, the steps the user may go to from `step`.

        The next step and the one before first, then every other step already
        reached (the step bar and the palette jump to them), nearest first.
        Going to one is then only a switch of screens; a step whose ``DEPENDS``
        parts changed since it was built is built again.
        """
        here = STEPS.index(step)
        steps = {here + 1, *range(1, self.reached + 1)} - {here}
        order = sorted((i for i in steps if 0 < i < len(STEPS)), key=lambda i: (abs(i - here), i < here))
        # A function, not a coroutine: a worker cancelled before it starts leaves no coroutine unawaited.
        self.run_worker(partial(self._prepare, [STEPS[i] for i in order]), group="prepare", exclusive=True)

    async def _prepare(self, steps: list[str]) -> None:
        generation = self.generation
        for step in steps:
            if self.draft is None or self.generation != generation or self._exit or not self.is_running:
                return  # nothing to show, another draft, or quitting
            screen = self._step_screen(step)
            if screen is self.screen:
                continue
            changed = not screen.is_running
            if changed:
                # What switch_screen does, without showing it: composed and styled off-screen, in
                # this worker's task, while the app goes on answering keys between its messages.
                self._load_screen_css(screen)
                _, mounted = self._get_screen(screen)
                self._mounting[screen] = mounted  # kept if this worker is cancelled meanwhile
                await mounted
                self._mounting.pop(screen, None)
            # Laid out and painted too: laying widgets out makes them ask for another layout
            # (their size is known at last), so again, a few rounds at most, until none asks.
            # Shown, the screen then only has to be written out.
            await asyncio.sleep(0.02)  # what the screen's widgets asked for comes in as each goes idle
            for _ in range(4):
                if not screen.lay_out_ahead(self.size):  # type: ignore[attr-defined]
                    break
                changed = True
                await asyncio.sleep(0.02)
            if changed:
                screen.paint_ahead()  # type: ignore[attr-defined]

    def _fingerprint(self, screen: Any) -> tuple[Any, ...]:
        """What a step screen's widgets were built from: the draft's generation and its ``DEPENDS`` parts."""
        if self.draft is None:
            return (self.generation,)
        data = self.draft.to_data()
        return (self.generation, *(data.get(key) for key in getattr(screen, "DEPENDS", ())))

    # New and open
    def new_request(self, preset_id: str | None = None) -> None:
        """Start a new request, blank or from one of the sheet's four use cases."""
        from wizard.model import data
        from wizard.model.request import Mailbox, Request

        preset = next((p for p in data.presets() if p["id"] == preset_id), None) if preset_id else None
        request = Request()
        count = 1
        if preset is not None:
            request.structure.kind = preset["structure_kind"]
            request.usage.exchanged = list(preset["exchanged"])
            count = preset["mailboxes"]
        request.mailboxes = [Mailbox() for _ in range(count)]
        self.set_draft(request, reason="new", dirty=True, preset=preset)

    def open_file(self, path: str | Path) -> list[Finding]:
        """Open a request file (exported or a saved draft); its problems are returned, never raised.

        A file whose structure is wrong (not JSON, unknown keys, wrong types)
        is refused and its findings are kept in :attr:`open_findings` for Home
        to show; a well-formed file opens even when incomplete.
        """
        from wizard.model.rules import check
        from wizard.model.validate import parse_json, read_request_file

        raw, problem = read_request_file(path)
        if raw is None:
            return self._refuse([problem] if problem else [])
        value, problem = parse_json(raw)
        if problem is not None:
            return self._refuse([problem])
        findings = check(value, derived=True)
        if any(f.code.startswith(("file.", "schema.")) for f in findings):
            return self._refuse(findings)
        from pydantic import ValidationError

        from wizard.model.request import Request

        try:
            request = Request.from_data(value)
        except ValidationError as exc:  # the structural check should have caught it: say so plainly
            return self._refuse([error("file.unreadable", "$", reason=str(exc.errors()[0].get("msg", "")))])
        _clear_derived(request)
        self.open_findings = []
        self.set_draft(request, reason="open", dirty=False)
        return findings

    def _refuse(self, findings: list[Finding]) -> list[Finding]:
        self.open_findings = findings
        refresh = getattr(self.screen, "show_open_findings", None)
        if refresh is not None:
            refresh()
        return findings

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
        """The palette's commands: steps, new, save, export, help, theme, quit."""
        if self.draft is not None:
            for step in STEPS[1:]:
                title = tr("title." + step)
                yield SystemCommand(tr("cmd.goto", step=title), tr("cmd.goto.help", step=title),
                                    lambda s=step: self._palette_goto(s))
            yield SystemCommand(tr("cmd.save"), tr("cmd.save.help"), self.action_save)
            yield SystemCommand(tr("cmd.export"), tr("cmd.export.help"), lambda: self._palette_goto("review"))
        yield SystemCommand(tr("cmd.new"), tr("cmd.new.help"), lambda: self.goto("home"))
        if hasattr(screen, "action_help"):
            yield SystemCommand(tr("cmd.help"), tr("cmd.help.help"), screen.action_help)  # type: ignore[attr-defined]
        yield SystemCommand(tr("cmd.theme"), tr("cmd.theme.help"), self._search_themes)
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


def _clear_derived(request: Request) -> None:
    """Drop the derived fields of an opened file: export recomputes them from what was entered."""
    request.exported_at = None
    request.generator = None
    request.structure.idnat_struct = None
    request.structure.department = None
    request.structure.region = None
    request.eligibility.outcome = None
    request.eligibility.advice = None
    for mailbox in request.mailboxes:
        for key in _DERIVED_MAILBOX_KEYS:
            setattr(mailbox, key, None)


def run_wizard(args: argparse.Namespace) -> int:
    """Run the wizard on ``args.draft_id`` (a stored draft, from ``balorg open``) or ``args.file``."""
    draft_id = getattr(args, "draft_id", None)
    app = BalOrgApp(file=None if draft_id else getattr(args, "file", None), draft_id=draft_id, tune_gc=True)
    try:
        app.run()
    finally:
        app.saver.close()  # an exception or a stray signal still saves what was typed
        gc.enable()
    return app.return_code or 0
