"""Autosave for the wizard: every change saved without asking, at most a second behind.

The app calls :meth:`AutoSaver.schedule` after each change of the draft (it
takes a snapshot of the request, ~0.1 ms, so the UI may keep editing), and
:meth:`AutoSaver.flush` on quit. A background thread writes the latest
snapshot once the user pauses for ``quiet`` seconds, or at the latest
``max_delay`` seconds after the first unsaved change (typing without pause
never postpones saving beyond that). Disk writes never run on the UI's
thread, so a slow disk never stalls typing.

Outcomes reach the app through ``notify(event)``, called from the saver
thread: it must not block; Textual's ``App.post_message`` (thread-safe) is
the intended target. Events: :class:`Saved`, :class:`SaveConflict` (another
process changed the draft: autosave pauses until the app calls
:meth:`AutoSaver.resolve`), :class:`SaveFailed` (disk full, read-only...:
retried on the next change, and :meth:`flush` writes a rescue copy).

:func:`install_signal_handlers` makes the platform's :data:`TERMINATION_SIGNALS`
(SIGTERM, SIGINT, and SIGHUP where there is one: the terminal closed; SIGBREAK
on Windows: Ctrl+Break, and the console window closed when Python is told in
time) flush before the process ends; SIGKILL cannot be caught, nor can Windows'
end of a process from the Task Manager, and either loses at most ``max_delay``
seconds of typing, never the store.
"""

from __future__ import annotations

import asyncio
import getpass
import os
import re
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from wizard.fileio import atomic_write, ensure_private_dir
from wizard.store.drafts import Draft, DraftStore
from wizard.store.drafts.errors import ConflictError, ReadOnlyDraft, StoreError


@dataclass(frozen=True)
class Saved:
    """The draft was saved at `revision`."""

    draft_id: str
    revision: int
    updated_at: str


@dataclass(frozen=True)
class SaveConflict:
    """Another process changed (or deleted) the draft; autosave is paused for it.

    Show ``error.message`` and ``error.choices``; then call :meth:`AutoSaver.resolve`.
    """

    draft_id: str
    error: ConflictError


@dataclass(frozen=True)
class SaveFailed:
    """The store refused the save (``error.message`` says why); edits stay in memory."""

    draft_id: str
    error: StoreError


Event = Saved | SaveConflict | SaveFailed


class AutoSaver:
    """Debounced background saving of the draft being edited.

    Args:
        store: the drafts store.
        notify: called with each :data:`Event`, from the saver thread (must not block).
        quiet: save after this many seconds without a change.
        max_delay: never be more than this many seconds behind the first unsaved change.
    """

    def __init__(
        self,
        store: DraftStore,
        notify: Callable[[Event], Any] | None = None,
        *,
        quiet: float = 0.3,
        max_delay: float = 1.0,
    ) -> None:
        self.store = store
        self.notify = notify or (lambda event: None)
        self.quiet = quiet
        self.max_delay = max_delay
        self._lock = threading.RLock()  # re-entrant: a signal handler may run while it is held
        self._wake = threading.Condition(self._lock)
        self._pending: tuple[Draft, dict[str, Any]] | None = None
        self._pending_counts: tuple[int, int] | None = None
        """The rules' counts for the pending snapshot, when the caller gave them."""
        self._first_change = 0.0
        self._last_change = 0.0
        self._paused: str | None = None
        """Id of a draft in conflict: not saved again until resolved."""
        self._writing = threading.RLock()
        """Held while writing; re-entrant so that a signal handler's flush may interrupt a save."""
        self._closed = False
        self.last_error: StoreError | None = None
        self._thread = threading.Thread(target=self._run, name="balorg-autosave", daemon=True)
        self._thread.start()

    @property
    def pending(self) -> bool:
        """True while a change is not yet on disk."""
        return self._pending is not None

    def schedule(self, draft: Draft, *, data: dict[str, Any] | None = None, counts: tuple[int, int] | None = None) -> None:
        """Note that `draft` changed; it will be saved shortly. Cheap: call it on every change.

        Args:
            draft: the draft.
            data: its snapshot, when the caller made one for this change (never edited after;
                default: one is made here, the UI may go on editing the model).
            counts: the errors and warnings the rules found in `data`, when the caller ran them:
                the store then does not run them again for the drafts list.
        """
        if draft.read_only:
            return
        if data is None:
            data, counts = draft.request.to_data(), None
        with self._lock:
            switching = self._pending is not None and self._pending[0] is not draft
        if switching:
            self._save_now()  # another draft was being edited: never drop its last change
        now = time.monotonic()
        with self._lock:
            if self._pending is None:
                self._first_change = now
            self._pending = (draft, data)
            self._pending_counts = counts
            self._last_change = now
            self._wake.notify()

    def flush(self) -> Event | None:
        """Save what is pending now (on quit, on a signal, before export); returns the outcome.

        When the draft cannot be saved (disk refused, unresolved conflict), a
        rescue copy is written (see :func:`rescue`) so that nothing typed is
        lost, and a :class:`SaveFailed` naming it is returned.
        """
        event = self._save_now()
        with self._lock:
            pending = self._pending
        if isinstance(event, (SaveFailed, SaveConflict)) and pending is not None:
            path = rescue(pending[0], pending[1])
            if path is not None:
                event = SaveFailed(pending[0].id, StoreError("draft.rescued", path=path))
                self.notify(event)
        return event

    def resolve(self, choice: str, draft: Draft) -> Draft:
        """Settle a conflict with the user's choice and resume autosave.

        Args:
            choice: ``"keep_mine"`` (overwrite the other version), ``"take_theirs"``
                (drop local changes: the returned draft is the stored one), or
                ``"save_as_new"`` (the returned draft is a new copy; edit that one).
            draft: the draft being edited.

        Returns:
            The draft the app should now edit.
        """
        with self._writing:
            with self._lock:
                pending = self._pending
                data = pending[1] if pending is not None and pending[0] is draft else None
            if choice == "keep_mine":
                result = self.store.save(draft, data=data, force=True)
            elif choice == "take_theirs":
                result = self.store.load(draft.id)
            elif choice == "save_as_new":
                result = self.store.save_as_new(draft)
            else:
                raise ValueError(f"unknown choice {choice!r}")
            with self._lock:
                if self._pending is pending:
                    self._pending = None
                self._paused = None
        return result

    def close(self) -> Event | None:
        """Flush and stop the thread (on quit)."""
        event = self.flush()
        with self._lock:
            self._closed = True
            self._wake.notify()
        self._thread.join(timeout=5)
        return event

    # -- the thread --------------------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            with self._lock:
                while True:
                    if self._closed:
                        return
                    if self._pending is None or self._paused == self._pending[0].id:
                        self._wake.wait()
                        continue
                    now = time.monotonic()
                    due = min(self._last_change + self.quiet, self._first_change + self.max_delay)
                    if now < due:
                        self._wake.wait(due - now)
                        continue
                    break
            self._save_now()

    def _save_now(self) -> Event | None:
        """Save the pending snapshot; the disk is written without holding ``_lock`` (typing never waits)."""
        with self._writing:
            with self._lock:
                if self._pending is None or self._paused == self._pending[0].id:
                    return None
                draft, data = self._pending
                counts = self._pending_counts
            try:
                self.store.save(draft, data=data, counts=counts)
            except ConflictError as exc:
                with self._lock:
                    self._paused = draft.id
                event: Event = SaveConflict(draft.id, exc)
            except ReadOnlyDraft as exc:
                with self._lock:
                    if self._pending is not None and self._pending[1] is data:
                        self._pending = None
                event = SaveFailed(draft.id, exc)
            except StoreError as exc:
                self.last_error = exc
                with self._lock:
                    # Keep the change; retry after the next change rather than in a tight loop.
                    self._first_change = time.monotonic() + 3600
                    self._last_change = self._first_change
                event = SaveFailed(draft.id, exc)
            else:
                with self._lock:
                    if self._pending is not None and self._pending[1] is data:
                        self._pending = None
                self.last_error = None
                event = Saved(draft.id, draft.revision, draft.updated_at)
        self.notify(event)
        return event


def _user_name() -> str:
    """The user's login name as a file name part (``user`` when the system does not say)."""
    try:
        name = getpass.getuser()
    except (ImportError, KeyError, OSError):  # no USERNAME and no passwd entry (no pwd module on Windows)
        name = ""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "user"


def rescue_folders() -> list[Path]:
    """Where rescue copies go, in order of preference: folders that only the user can open.

    POSIX: ``balorg-rescue-<uid>`` in the system's temporary folder (the store's
    own folder is what failed; the temporary one is often another disk), made
    0700 and checked to be ours. Without user ids (Windows): the same name with
    the user's login name, when the temporary folder lies in the user's profile
    (Windows' own default, ``%LOCALAPPDATA%\\Temp``, whose ACLs give the user
    alone access), then the user's cache folder (platformdirs), in the profile too.
    """
    temp = Path(tempfile.gettempdir())
    if hasattr(os, "getuid"):
        return [temp / f"balorg-rescue-{os.getuid()}"]
    from platformdirs import user_cache_dir

    folders = []
    try:
        home = Path.home().resolve()
        if temp.resolve().is_relative_to(home) and temp.resolve() != home:
            folders.append(temp / f"balorg-rescue-{_user_name()}")
    except (OSError, RuntimeError):
        pass  # no profile folder known: the cache folder only
    folders.append(Path(user_cache_dir("balorg", appauthor=False)) / "rescue")
    return folders


def _ours(folder: Path) -> bool:
    """True when `folder` is a real folder (no link planted there) and, on POSIX, ours and 0700."""
    info = os.lstat(folder)  # lstat: a symlink planted in /tmp is refused, not followed
    if not stat.S_ISDIR(info.st_mode):
        return False
    if hasattr(os, "getuid"):
        return info.st_uid == os.getuid() and not info.st_mode & 0o077
    return True  # Windows: the profile's ACLs protect it (st_mode says nothing about them)


def rescue(draft: Draft, data: dict[str, Any]) -> Path | None:
    """Write `data` as a request file for ``balorg drafts import``, when the store refused it.

    The file goes to the first of :func:`rescue_folders` that can be written
    (created 0700 on POSIX; someone else's folder is never used). Returns the
    path, or None when nothing could be written.
    """
    import json

    raw = (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    stamp = time.strftime("%Y%m%dT%H%M%S")
    for folder in rescue_folders():
        try:
            ensure_private_dir(folder)
            if not _ours(folder):
                continue  # someone else's folder: personal data does not go there
            path = folder / f"brouillon-{draft.id}-{stamp}.json"
            atomic_write(path, raw)
        except OSError:
            continue
        return path
    return None


def termination_signals() -> tuple[int, ...]:
    """The signals that end balorg on this platform, each caught to save first.

    SIGTERM (``kill``, a shutdown) and SIGINT (Ctrl+C outside the wizard)
    everywhere; SIGHUP (the terminal closed) where it exists (Linux, macOS);
    SIGBREAK where it exists (Windows: Ctrl+Break, and what Python is sent
    when the console window is closed, logging off or shutting down).
    """
    names = ("SIGTERM", "SIGHUP", "SIGINT", "SIGBREAK")
    return tuple(getattr(signal, name) for name in names if hasattr(signal, name))


TERMINATION_SIGNALS: tuple[int, ...] = termination_signals()
"""The platform's termination signals: ``(SIGTERM, SIGHUP, SIGINT)`` on Linux and macOS,
``(SIGTERM, SIGINT, SIGBREAK)`` on Windows."""


def install_signal_handlers(
    saver: AutoSaver,
    on_signal: Callable[[int], Any] | None = None,
    signals: tuple[int, ...] = TERMINATION_SIGNALS,
    *,
    loop: asyncio.AbstractEventLoop | None = None,
) -> Callable[[], None]:
    """Flush `saver` when the process gets one of `signals` (by default the platform's own).

    Call it from the main thread. After the flush, ``on_signal(signum)`` runs
    if given (e.g. to exit the app cleanly); otherwise the previous handler
    runs, or the process ends as the signal would have ended it.

    Args:
        saver: the autosaver to flush.
        on_signal: what to do once flushed, instead of ending the process.
        signals: the signals to catch (:data:`TERMINATION_SIGNALS` unless said).
        loop: an asyncio loop (a Textual app's): the handlers then run inside
            the loop, between two of its tasks rather than at any point of the
            main thread; ``on_signal`` may then call ``app.exit()``. Where the
            loop cannot watch signals itself (Windows' proactor loop), a plain
            handler hands the signal to the loop (``call_soon_threadsafe``).

    Returns:
        A function that restores the previous handlers.
    """
    previous: dict[int, Any] = {}

    def finish(signum: int, frame: FrameType | None = None) -> None:
        saver.flush()
        if on_signal is not None:
            on_signal(signum)
            return
        old = previous.get(signum)
        if callable(old):
            old(signum, frame)
            return
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    in_loop: set[int] = set()

    def to_loop(signum: int, frame: FrameType | None = None) -> None:
        assert loop is not None
        try:
            loop.call_soon_threadsafe(finish, signum)
        except RuntimeError:  # the loop is closed: save here and now
            finish(signum, frame)

    for signum in signals:
        previous[signum] = signal.getsignal(signum)
        if loop is not None:
            try:
                loop.add_signal_handler(signum, finish, signum)
            except NotImplementedError:  # Windows: the proactor loop has no signal handlers
                signal.signal(signum, to_loop)
            else:
                in_loop.add(signum)
        else:
            signal.signal(signum, finish)

    def restore() -> None:
        for signum, old in previous.items():
            if loop is not None and signum in in_loop:
                loop.remove_signal_handler(signum)
            signal.signal(signum, old if old is not None else signal.SIG_DFL)

    return restore


__all__ = [
    "TERMINATION_SIGNALS",
    "AutoSaver",
    "Event",
    "SaveConflict",
    "SaveFailed",
    "Saved",
    "install_signal_handlers",
    "rescue",
    "rescue_folders",
    "termination_signals",
]
