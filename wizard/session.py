"""The drafts session, headless: the drafts store as the wizard uses it, with no textual.

:class:`DraftsSession` owns the store, the autosaver, the stored draft being
edited, the known addresses loaded for this machine, and every decision about
them: when a change is saved (with the state's one snapshot and counts), what
a saver's outcome means, how a conflict is settled, resuming, reopening,
marking exported, refusing to change an exported draft, opening a file (the
store's importer, as ``balorg drafts import`` and ``balorg open`` do). What it
has to say comes back as :class:`Said` values; the App shows them (a toast, a
dialog) and never decides. ``tests/test_session.py`` drives it without a screen.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from wizard.model.findings import STEPS, Finding
from wizard.model.i18n import t

if TYPE_CHECKING:
    from wizard.model.request import Request
    from wizard.model.state import DraftState
    from wizard.store.directory.known import Known
    from wizard.store.drafts import Draft, DraftStore
    from wizard.store.drafts.autosave import AutoSaver, Event

_TEXT = {
    "saved": ("Brouillon enregistré.", "Draft saved."),
    "store.title": ("Brouillons", "Drafts"),
    "save.failed.title": ("Enregistrement impossible", "Could not save"),
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
}

Severity = Literal["information", "warning", "error"]


@dataclass(frozen=True)
class Said:
    """Something to tell the user (the App shows it as a toast)."""

    text: str
    severity: Severity = "information"
    title: str | None = None
    timeout: float | None = None


@dataclass(frozen=True)
class Resumed:
    """A stored draft to edit now (resumed, reopened, or the outcome of a conflict)."""

    draft: Draft
    step: int
    """Index in STEPS of the furthest step it reached."""


class DraftsSession:
    """The store, the saver and the stored draft behind the wizard's one :class:`DraftState`.

    Args:
        state: the draft's state (the session reads its draft, snapshot and counts).
        notify: called with each autosave outcome, from the saver's thread.
        store: the drafts store (default: the user's, never raising; an unusable folder is
            opened unavailable, with problems).
    """

    def __init__(self, state: DraftState, notify: Callable[[Event], Any], *, store: DraftStore | None = None) -> None:
        from wizard.store.drafts import DraftStore
        from wizard.store.drafts.autosave import AutoSaver

        self.state = state
        self.store: DraftStore = store if store is not None else DraftStore()
        self.saver: AutoSaver = AutoSaver(self.store, notify=notify)
        self.stored: Draft | None = None
        """The draft as the store knows it (its ``request`` is the state's draft); None until first stored."""
        self.dirty = False
        """True while the draft has changes not yet saved."""
        self.known_all: Known | None = None
        """Everything known of existing addresses on this machine (the imported list, this store's exports)."""
        self._failure_shown: set[str] = set()

    # -- what the store says at start ------------------------------------------------------------

    def problems(self) -> list[Said]:
        """The store's problems (a folder set aside, modes fixed), each said once at start-up."""
        return [Said(p.message, "warning", t(_TEXT, "store.title"), 30) for p in self.store.problems]

    # -- saving ----------------------------------------------------------------------------------

    def changed(self, reason: str) -> Said | None:
        """The draft changed (`reason`: ``edit``, ``new``, ``open``, ``resume``): saved soon."""
        draft = self.state.draft
        if draft is None:
            return None
        if self.stored is None or self.stored.request is not draft:
            if reason == "new":
                return None  # stored at its first edit: a click on "new" leaves no empty draft behind
            self.stored, said = self._create()
            if self.stored.revision == 0:
                self.saver.schedule(self.stored)  # not stored: autosave retries, and quitting writes a rescue file
            return said
        if self.stored.read_only or reason == "resume":
            return None
        self.stored.step = STEPS[self.state.reached]
        if self.state.snapshot is not None:
            # The change's one snapshot, and what the rules found in it: nothing serialised or checked again.
            self.saver.schedule(self.stored, data=self.state.snapshot, counts=self.state.rule_counts())
        else:
            self.saver.schedule(self.stored)
        return None

    def _create(self) -> tuple[Draft, Said | None]:
        from wizard.store.drafts import Draft
        from wizard.store.drafts.errors import StoreError

        draft = self.state.draft
        assert draft is not None
        step = STEPS[self.state.reached]
        try:
            return self.store.create(draft, step=step), None
        except StoreError as exc:
            # A draft in memory only: autosave keeps reporting, and quitting writes a rescue file.
            return Draft(secrets.token_hex(6), draft, step=step), self._failure(exc.message)

    def note_step(self) -> None:
        """The furthest step reached moved on: remember it with the draft."""
        if self.stored is not None and not self.stored.read_only and self.stored.request is self.state.draft:
            self.stored.step = STEPS[self.state.reached]
            self.saver.schedule(self.stored)

    def saver_event(self, event: Event) -> tuple[Said | None, bool]:
        """An autosave outcome: ``(what to say, whether to ask how to settle a conflict)``."""
        from wizard.store.drafts.autosave import SaveConflict, Saved, SaveFailed

        if isinstance(event, Saved):
            if self.stored is not None and event.draft_id == self.stored.id and not self.saver.pending:
                self.dirty = False
            self._failure_shown.clear()
        elif isinstance(event, SaveFailed):
            return self._failure(event.error.message), False
        elif isinstance(event, SaveConflict):
            return None, self.stored is not None and event.draft_id == self.stored.id
        return None, False

    def _failure(self, text: str) -> Said | None:
        """A failure, said once until a save succeeds (a full disk fails every save)."""
        if text in self._failure_shown:
            return None
        self._failure_shown.add(text)
        return Said(text, "error", t(_TEXT, "save.failed.title"), 30)

    def settle(self, choice: str) -> tuple[Resumed | None, Said]:
        """Settle a conflict with the user's choice: the draft to edit now when it is another one."""
        from wizard.store.drafts.errors import StoreError

        current = self.stored
        if current is None:
            return None, Said("")
        try:
            result = self.saver.resolve(choice, current)
        except StoreError as exc:
            return None, Said(exc.message, "error")
        said = Said(t(_TEXT, f"conflict.{choice}"))
        if result is current:
            self.dirty = False
            return None, said
        self.stored = result
        self.dirty = False
        return Resumed(result, step_index(result.step)), said

    def flush(self) -> tuple[Event | None, Said | None]:
        """Ctrl+S: save now; what to say (saved, or why not)."""
        from wizard.store.drafts.autosave import SaveFailed

        event = self.saver.flush()
        if isinstance(event, SaveFailed):
            self._failure_shown.add(event.error.message)  # said here: the saver's own report of it stays quiet
            return event, Said(event.error.message, "error", t(_TEXT, "save.failed.title"))
        if self.stored is not None and not self.stored.read_only:
            self.dirty = False
            return event, Said(t(_TEXT, "saved"))
        return event, None

    def flush_to_quit(self) -> str | None:
        """Save everything to quit; the failure's message (naming the rescue copy) when it failed."""
        from wizard.store.drafts.autosave import SaveFailed

        event = self.saver.flush()
        if not isinstance(event, SaveFailed):
            return None
        self._failure_shown.add(event.error.message)  # the dialog says it: no toast as well
        return event.error.message

    def close(self) -> None:
        """Save what is pending and stop the saver (quitting)."""
        self.saver.close()

    # -- resuming, reopening, opening ------------------------------------------------------------

    def resume(self, draft_id: str) -> tuple[Resumed | None, Said | None]:
        """The stored draft `draft_id` to edit (an exported one is shown read-only, and said so)."""
        from wizard.store.drafts.errors import StoreError

        try:
            stored = self.store.load(draft_id)
        except StoreError as exc:
            return None, Said(exc.message, "error")
        self.saver.flush()  # the draft edited until now keeps its last change
        self.stored = stored
        self.dirty = False
        said = None
        if stored.read_only and stored.exported is not None:
            said = Said(t(_TEXT, "read_only", at=local_time(stored.exported.at), path=stored.exported.path),
                        "warning", timeout=15)
        return Resumed(stored, step_index(stored.step)), said

    def reopen(self, draft_id: str) -> tuple[Resumed | None, Said | None]:
        """An exported draft reopened as a new, editable draft, to be edited."""
        from wizard.store.drafts.errors import StoreError

        try:
            fresh = self.store.reopen(draft_id)
        except StoreError as exc:
            return None, Said(exc.message, "error")
        return self.resume(fresh.id)

    def open_file(self, path: str | Path) -> tuple[Request | None, list[Finding]]:
        """Read a request file as a draft, the store's importer's way (``balorg drafts import`` and
        ``balorg open`` read files the same way): ``(None, why)`` when it cannot be one."""
        from wizard.store.drafts.importing import request_from_file

        return request_from_file(path, known=self.known_for(None))

    def read_only_refusal(self) -> Said | None:
        """What to say when the draft is exported and must not change; None when it may change."""
        stored = self.stored
        if stored is None or not stored.read_only or stored.request is not self.state.draft:
            return None
        exported = stored.exported
        assert exported is not None
        return Said(t(_TEXT, "read_only", at=local_time(exported.at), path=exported.path), "warning")

    # -- export ----------------------------------------------------------------------------------

    def exported(self, path: str | Path) -> Said | None:
        """The draft was exported to `path`: saved, marked exported (read-only); what to say."""
        from wizard.store.drafts.errors import StoreError

        if self.state.draft is None:
            return None
        said: Said | None = None
        if self.stored is None or self.stored.request is not self.state.draft:
            self.stored, said = self._create()
        self.saver.flush()
        try:
            self.store.mark_exported(self.stored, path)
        except StoreError as exc:
            return self._failure(exc.message)
        self.dirty = False
        return said or Said(t(_TEXT, "exported", path=str(path)))

    # -- known addresses -------------------------------------------------------------------------

    def load_known(self) -> Known | None:
        """In a thread: the imported list plus this store's exports (None when nothing is known)."""
        from wizard.store.directory import load_known

        return load_known(store=self.store) if self.store.available else load_known(exports=False)

    def known_loaded(self, known: Known | None) -> bool:
        """What :meth:`load_known` found; True when it changes what is known."""
        if known is None and self.known_all is None:
            return False  # nothing known, before as now
        self.known_all = known
        self.store.known = known  # the drafts' error counts include the known addresses from now on
        return True

    def known_for(self, draft: Request | None) -> Known | None:
        """What is known, for `draft`: its own exported addresses do not count."""
        known = self.known_all
        if known is None or draft is None:
            return known
        return known.without(draft.request_id)


def step_index(step: str) -> int:
    """A stored draft's step as an index in STEPS (at least the first step after Home)."""
    return max(1, STEPS.index(step)) if step in STEPS else 1


def local_time(stamp: str) -> str:
    """An RFC 3339 UTC time as local day and time (``26/11/2026 17:05``)."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone().strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return stamp
