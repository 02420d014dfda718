"""The wizard's side of the drafts store and the known addresses (issues 4 and 5), mixed into the App.

Every change of the draft reaches :meth:`DraftsMixin.on_draft_changed`, which
hands a snapshot to the :class:`~wizard.store.autosave.AutoSaver` (saving on
its own thread, at most a second behind). The saver's outcomes come back as
:class:`StoreEvent` messages: a failure is said once, a conflict with another
process asks the user what to do. Quitting, Ctrl+S and the platform's
termination signals (SIGTERM, SIGHUP, SIGINT; SIGBREAK on Windows) flush; a save that failed at quit leaves a rescue file, which is named.

The known addresses (the imported directory plus this store's exports) load
in a thread worker after the first screen shows; :attr:`known` is the list
without the current draft's own exported addresses.
"""

from __future__ import annotations

import asyncio
import secrets
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.message import Message

from wizard.model.findings import STEPS
from wizard.model.i18n import t

if TYPE_CHECKING:
    from wizard.store.autosave import AutoSaver, Event
    from wizard.store.directory_known import Known
    from wizard.store.drafts import Draft, DraftStore

KNOWN_DELAY = 0.4
"""Seconds after start-up before the known addresses start loading (in a thread)."""

_TEXT = {
    "saved": ("Brouillon enregistré.", "Draft saved."),
    "store.title": ("Brouillons", "Drafts"),
    "save.failed.title": ("Enregistrement impossible", "Could not save"),
    "conflict.title": ("Brouillon modifié ailleurs", "Draft changed elsewhere"),
    "conflict.keep_mine": ("Votre version a été enregistrée.", "Your version was saved."),
    "conflict.take_theirs": ("L'autre version est chargée.", "The other version is loaded."),
    "conflict.save_as_new": (
        "Votre version est enregistrée comme nouveau brouillon ; vous éditez celui-ci.",
        "Your version is saved as a new draft; you are editing that one.",
    ),
    "read_only": (
        "Demande exportée le {at} dans {path} : consultation seule, rien n'est modifié. "
        "Rouvrez-la comme nouveau brouillon depuis l'accueil pour la changer.",
        "Request exported on {at} to {path}: view only, nothing is changed. "
        "Reopen it as a new draft from Home to change it.",
    ),
    "exported": (
        "La demande est marquée exportée ({path}) : le brouillon n'est plus modifiable.",
        "The request is marked exported ({path}): the draft can no longer be changed.",
    ),
    "quit.failed": ("{message}\n\nQuitter quand même ?", "{message}\n\nQuit anyway?"),
    "quit.anyway": ("Quitter", "Quit"),
    "quit.stay": ("Rester", "Stay"),
}


class StoreEvent(Message):
    """An autosave outcome (:class:`~wizard.store.autosave.Saved`, ``SaveConflict``, ``SaveFailed``)."""

    def __init__(self, event: Event) -> None:
        super().__init__()
        self.event = event


class DraftsMixin:
    """Autosave, resume, conflicts, quitting and known addresses for :class:`wizard.app.BalOrgApp`."""

    store: DraftStore
    saver: AutoSaver
    stored: Draft | None
    known: Any
    draft: Any
    reached: int
    dirty: bool

    def _init_store(self, draft_id: str | None) -> None:
        from wizard.store.autosave import AutoSaver
        from wizard.store.drafts import DraftStore

        self.store = DraftStore()  # never raises: an unusable folder is opened unavailable, with problems
        self.stored = None
        """The draft as the store knows it (its ``request`` is :attr:`draft`); None until first stored."""
        self.saver = AutoSaver(self.store, notify=lambda event: self.post_message(StoreEvent(event)))  # type: ignore[attr-defined]
        self._open_id = draft_id
        self._known_all: Known | None = None
        self._restore_signals: Any = None
        self._failure_shown: set[str] = set()
        """Failures already said (until a save succeeds): a full disk fails every save, said once."""
        self._conflict_open = False

    def _start_store(self) -> None:
        """After the first screen: the store's problems said once, signals, the known addresses."""
        app: Any = self
        for problem in self.store.problems:
            app.notify(problem.message, title=t(_TEXT, "store.title"), severity="warning", timeout=30, markup=False)
        if threading.current_thread() is threading.main_thread():
            from wizard.store.autosave import TERMINATION_SIGNALS, install_signal_handlers

            try:
                self._restore_signals = install_signal_handlers(
                    self.saver, on_signal=lambda signum: app.exit(),
                    signals=TERMINATION_SIGNALS, loop=asyncio.get_running_loop())
            except (ValueError, RuntimeError, NotImplementedError):
                self._restore_signals = None  # not the main thread's loop: quitting still flushes
        # A moment after the first frame: the loading thread (it holds the GIL for tens of ms with
        # 10,000 drafts) must not compete with drawing Home; the Name step is minutes away.
        app.set_timer(KNOWN_DELAY, self._reload_known)
        if self._open_id:
            app.call_after_refresh(self.resume_draft, self._open_id)

    def _stop_store(self) -> None:
        if self._restore_signals is not None:
            try:
                self._restore_signals()
            except (ValueError, RuntimeError):
                pass
            self._restore_signals = None
        self.saver.close()

    # -- saving ----------------------------------------------------------------------------------

    def _store_change(self, reason: str) -> None:
        """Save the draft after a change (the autosave hook)."""
        if self.draft is None:
            return
        if self.stored is None or self.stored.request is not self.draft:
            if reason == "new":
                return  # stored at its first edit: a click on "new" leaves no empty draft behind
            self.stored = self._create()
            if self.stored.revision == 0:
                self.saver.schedule(self.stored)  # not stored: autosave retries, and quitting writes a rescue file
            return
        if self.stored.read_only or reason == "resume":
            return
        self.stored.step = STEPS[self.reached]
        state = self.state  # type: ignore[attr-defined]
        if state.draft is self.stored.request and state.snapshot is not None:
            # The change's one snapshot, and what the rules found in it: nothing serialised or checked again.
            self.saver.schedule(self.stored, data=state.snapshot, counts=state.rule_counts())
        else:
            self.saver.schedule(self.stored)

    def _create(self) -> Draft:
        from wizard.store.drafts import Draft
        from wizard.store.errors import StoreError

        step = STEPS[self.reached]
        try:
            return self.store.create(self.draft, step=step)
        except StoreError as exc:
            self._say_failure(exc.message)
            # A draft in memory only: autosave keeps reporting, and quitting writes a rescue file.
            return Draft(secrets.token_hex(6), self.draft, step=step)

    def note_step(self) -> None:
        """The furthest step reached moved on: remember it with the draft."""
        if self.stored is not None and not self.stored.read_only and self.stored.request is self.draft:
            self.stored.step = STEPS[self.reached]
            self.saver.schedule(self.stored)

    def on_store_event(self, message: StoreEvent) -> None:
        """An autosave outcome, from the saver's thread."""
        from wizard.store.autosave import SaveConflict, Saved, SaveFailed

        event = message.event
        if isinstance(event, Saved):
            if self.stored is not None and event.draft_id == self.stored.id and not self.saver.pending:
                self.dirty = False
            self._failure_shown.clear()
        elif isinstance(event, SaveFailed):
            self._say_failure(event.error.message)
        elif isinstance(event, SaveConflict):
            if self.stored is not None and event.draft_id == self.stored.id and not self._conflict_open:
                self._ask_conflict(event)

    def _say_failure(self, text: str) -> None:
        if text not in self._failure_shown:  # a full disk fails every save: say it once, not at every pause
            self._failure_shown.add(text)
            app: Any = self
            app.notify(text, title=t(_TEXT, "save.failed.title"), severity="error", timeout=30, markup=False)

    def _ask_conflict(self, event: Any) -> None:
        from wizard.screens.dialogs import ChoiceScreen

        self._conflict_open = True
        app: Any = self
        app.push_screen(
            ChoiceScreen(t(_TEXT, "conflict.title"), event.error.message, event.error.choices, cancel=None,
                         id="conflict"),
            lambda choice: self._settle(choice or "save_as_new"),
        )

    def _settle(self, choice: str) -> None:
        from wizard.store.errors import StoreError

        self._conflict_open = False
        app: Any = self
        current = self.stored
        if current is None:
            return
        try:
            result = self.saver.resolve(choice, current)
        except StoreError as exc:
            app.notify(exc.message, severity="error", markup=False)
            return
        if result is not current:
            self.stored = result
            step = app.screen.STEP if getattr(app.screen, "STEP", "home") != "home" else None
            app.set_draft(result.request, reason="resume", dirty=False, reached=_step_index(result.step), show=step)
        else:
            self.dirty = False
        app.notify(t(_TEXT, f"conflict.{choice}"))

    def flush_now(self) -> Event | None:
        """Ctrl+S: save now and say so."""
        from wizard.store.autosave import SaveFailed

        app: Any = self
        event = self.saver.flush()
        if isinstance(event, SaveFailed):
            self._failure_shown.add(event.error.message)  # said here: the saver's own report of it stays quiet
            app.notify(event.error.message, title=t(_TEXT, "save.failed.title"), severity="error", markup=False)
        elif self.stored is not None and not self.stored.read_only:
            self.dirty = False
            app.notify(t(_TEXT, "saved"))
        return event

    def quit_saving(self) -> None:
        """Quit once everything is saved; when a save failed, say where the rescue copy is first."""
        from wizard.screens.dialogs import ChoiceScreen
        from wizard.store.autosave import SaveFailed

        app: Any = self
        event = self.saver.flush()
        if not isinstance(event, SaveFailed):
            app.exit()
            return
        self._failure_shown.add(event.error.message)  # the dialog says it: no toast as well
        if isinstance(app.screen, ChoiceScreen) and app.screen.id == "quit-failed":
            return
        app.push_screen(
            ChoiceScreen(t(_TEXT, "save.failed.title"), t(_TEXT, "quit.failed", message=event.error.message),
                         [("quit", t(_TEXT, "quit.anyway")), ("stay", t(_TEXT, "quit.stay"))],
                         cancel="stay", focus="stay", danger=("quit",), id="quit-failed"),
            lambda choice: app.exit() if choice == "quit" else None,
        )

    # -- resuming --------------------------------------------------------------------------------

    def resume_draft(self, draft_id: str) -> bool:
        """Edit the stored draft `draft_id` (exported ones are shown read-only); False if it cannot be read."""
        from wizard.store.errors import StoreError

        app: Any = self
        try:
            stored = self.store.load(draft_id)
        except StoreError as exc:
            app.notify(exc.message, severity="error", markup=False)
            return False
        self.saver.flush()  # the draft edited until now keeps its last change
        self.stored = stored
        app.set_draft(stored.request, reason="resume", dirty=False, reached=_step_index(stored.step))
        if stored.read_only and stored.exported is not None:
            app.notify(t(_TEXT, "read_only", at=_local(stored.exported.at), path=stored.exported.path),
                       severity="warning", timeout=15, markup=False)
        return True

    def reopen_draft(self, draft_id: str) -> bool:
        """An exported draft reopened as a new, editable draft, which is then edited."""
        from wizard.store.errors import StoreError

        try:
            fresh = self.store.reopen(draft_id)
        except StoreError as exc:
            app: Any = self
            app.notify(exc.message, severity="error", markup=False)
            return False
        return self.resume_draft(fresh.id)

    def refuse_read_only(self) -> bool:
        """True (and a bell and a word) when the draft is exported and must not change."""
        if self.stored is None or not self.stored.read_only or self.stored.request is not self.draft:
            return False
        app: Any = self
        app.bell()
        exported = self.stored.exported
        assert exported is not None
        app.notify(t(_TEXT, "read_only", at=_local(exported.at), path=exported.path), severity="warning",
                   markup=False)
        return True

    # -- export ----------------------------------------------------------------------------------

    def after_export(self, path: str | Path) -> None:
        """The draft was exported to `path`: flush, mark it exported (read-only), refresh known addresses."""
        from wizard.store.errors import StoreError

        app: Any = self
        if self.draft is None:
            return
        if self.stored is None or self.stored.request is not self.draft:
            self.stored = self._create()
        self.saver.flush()
        try:
            self.store.mark_exported(self.stored, path)
        except StoreError as exc:
            self._say_failure(exc.message)
            return
        self.dirty = False
        app.notify(t(_TEXT, "exported", path=str(path)), markup=False)
        self._reload_known()  # this export is a known address now (for the other drafts)

    # -- known addresses -------------------------------------------------------------------------

    def _reload_known(self) -> None:
        app: Any = self
        app.run_worker(self._load_known, thread=True, group="known", exclusive=True, exit_on_error=False)

    def _load_known(self) -> None:
        """In a thread: the imported list plus this store's exports (None when nothing is known)."""
        from wizard.store.directory import load_known

        known = load_known(store=self.store) if self.store.available else load_known(exports=False)
        app: Any = self
        app.call_from_thread(self._known_loaded, known)

    def _known_loaded(self, known: Known | None) -> None:
        if known is None and self._known_all is None:
            return  # nothing known, before as now: leave :attr:`known` as it is
        self._known_all = known
        self.store.known = known  # the drafts' error counts include the known addresses from now on
        self.apply_known()
        self.refresh_steps()  # type: ignore[attr-defined]  # a lookup of the names already entered is on its way: what is shown is current

    def apply_known(self) -> None:
        """:attr:`known` for the current draft (its own exported addresses do not count); rechecks the draft."""
        known = self._known_all
        app: Any = self
        app.known = known.without(self.draft.request_id) if known is not None and self.draft is not None else known


def _step_index(step: str) -> int:
    return max(1, STEPS.index(step)) if step in STEPS else 1


def _local(stamp: str) -> str:
    """An RFC 3339 UTC time as local day and time (``26/11/2026 17:05``)."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone().strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return stamp
