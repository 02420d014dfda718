"""The drafts' folder: opened whatever its state, repaired, locked, and its draft files read and written.

:class:`DraftFolder` is the lower half of :class:`wizard.store.drafts.DraftStore`
(the layout and its reasons are described there): everything about files,
locks and damage, so that the store's public methods read as the operations
they are.

Whatever is found in the folder, nothing hangs, nothing is read without end
and nothing raises past the store:

- only regular files are read, up to a limit (:func:`wizard.fileio.read_regular`):
  a pipe is never waited on, a device never read;
- a draft file that is no regular file (a folder, a pipe, a device, a loop of
  links, a link to nothing), is too large, is not JSON, or whose own keys have
  the wrong type (:func:`wizard.store.drafts.migrations.check_current`) is moved to
  ``aside/``, unchanged, and said once;
- a folder, pipe or device in place of ``lock``, ``index.json``,
  ``index.journal`` or ``index.cache`` is moved to ``aside/`` too (a file in
  place of ``items/``, ``aside/`` or ``migrated/`` likewise), the file made
  again (the index rebuilt from the drafts), and said once;
- an index document of the wrong shape (:func:`wizard.store.drafts.records.valid_entry`)
  is never shown: it is made again from its draft's file.
"""

from __future__ import annotations

import errno
import json
import os
import secrets
import shutil
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document

from wizard.fileio import POSIX_MODES, PRIVATE_DIR, SpecialFile, TooLarge, atomic_write, ensure_private_dir, read_regular
from wizard.store.drafts import migrations
from wizard.store.drafts.errors import DraftNotFound, StoreError, StoreProblem, message, reason
from wizard.store.drafts.journal import FileLock, IndexDamaged, JournalStorage, JournalTable, LockTimeout
from wizard.store.drafts.records import entry_of, valid_entry, valid_id

TABLE = "drafts"
_TEMP_MAX_AGE = 600.0
"""Temporary files older than this (seconds) are leftovers of a killed process."""
_REBUILD_OVER = 200
"""More drafts than this to index one by one: rebuild the whole index instead."""


def _valid_document(table: str, doc_id: str, doc: Any) -> bool:
    return table == TABLE and valid_entry(doc_id, doc)


def _not_a_file(path: Path) -> str | None:
    """Why `path`, where a regular file is wanted, is none (folder, pipe, device, loop or dangling link).

    None when it is a regular file (or a link to one), or is not there at all.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return _dangling(path)
    except OSError as exc:
        return reason(exc) if exc.errno == errno.ELOOP else None  # anything else: the reading says it
    return None if stat.S_ISREG(info.st_mode) else reason(SpecialFile(path, info.st_mode))


def _dangling(path: Path) -> str | None:
    """The reason for a symbolic link to nothing at `path`, else None."""
    try:
        target = os.readlink(path)
    except OSError:
        return None
    return message("reason.dangling_link", target=target)


def _damage(path: Path, exc: OSError) -> str | None:
    """Why a draft file that could not be read is damage to set aside, or None for a passing failure.

    A file that is no regular file (folder, pipe, device, socket: told by its type even
    where opening it is refused, as on a ``nodev`` mount), a loop of links, a link to
    nothing or a file over the limit will never be read: it is set aside. Permissions,
    a disk error... may pass: they are only said.
    """
    if isinstance(exc, TooLarge):
        return reason(exc)
    return _not_a_file(path)


class _Table(JournalTable):
    """The index table: one document per draft, keyed by the draft's id (not TinyDB's counters)."""


class _TinyDB(TinyDB):
    table_class = _Table


def _usable_folder(folder: Path) -> bool:
    """True when `folder` is a folder we can list and read."""
    try:
        return folder.is_dir() and os.access(folder, os.R_OK | os.X_OK) and bool(os.listdir(folder) or True)
    except OSError:
        return False


class _Damaged(Exception):
    """A draft file that cannot be read as a draft."""


class _TooNew(Exception):
    """A draft written by a newer balorg: left where it is, untouched."""


class DraftFolder:
    """The store's folder and files; see :class:`wizard.store.drafts.DraftStore` for the API."""

    def __init__(self, root: str | Path | None = None) -> None:
        if root is None:
            from wizard.paths import data_dir

            root = data_dir() / "drafts"
        self.root = Path(root)
        self.items = self.root / "items"
        self.problems: list[StoreProblem] = []
        """What went wrong while opening, already dealt with: show each message once."""
        self.available = True
        """False when the folder cannot be read at all: nothing can be listed or saved."""
        self.writable = True
        """False when the folder is read-only: drafts can be listed and loaded, not saved."""
        self.known: Any = None
        """What this machine knows of existing addresses (:class:`wizard.store.directory.known.Known`),
        once whoever opened the store loaded it: the error and warning counts of the drafts saved
        from then on include the known-address findings, as Review, export and `validate` do.
        Drafts indexed from their files when the index is rebuilt are counted without them (a
        lookup per draft would make a rebuild of 10,000 drafts take many seconds); their next
        save counts them."""
        self._lock: FileLock | None = None
        self._db: _TinyDB | None = None
        self._fold_cache: dict[str, tuple[int, str]] = {}
        self._open()

    # -- opening -------------------------------------------------------------------------------

    def _open(self) -> None:
        try:
            ensure_private_dir(self.root.parent)
            ensure_private_dir(self.root)
            self._probe()
            if self.writable:
                self._folders_in_place()
            ensure_private_dir(self.items)
        except OSError as exc:
            if not _usable_folder(self.items):
                self._unavailable(exc)
                return
            if self.writable:
                self.writable = False
                self._ro_reason = reason(exc)
        if not self.writable:
            self.problems.append(StoreProblem.make("store.read_only", self.root, path=self.root, reason=self._ro_reason))
        else:
            self._tighten()
        try:
            if self.writable:
                self._set_aside_if_not_a_file("lock", "store.lock_set_aside")
            self._lock = FileLock(self.root / "lock", writable=self.writable)
            storage = JournalStorage(self.root, writable=self.writable, validate=_valid_document)
            self._db = _TinyDB(storage=lambda: storage)
            with self._lock.hold(exclusive=self.writable):
                rebuild = False
                if self.writable:
                    self._set_aside_if_not_a_file(JournalStorage.CACHE, "store.cache_set_aside")
                    for name in (JournalStorage.SNAPSHOT, JournalStorage.JOURNAL):
                        rebuild |= self._set_aside_if_not_a_file(name, "store.index_set_aside")
                if rebuild:
                    self._rebuild()
                else:
                    self._load_index()
                    self._repair_entries()
                self._reconcile()
        except OSError as exc:
            self._unavailable(exc)
        except LockTimeout:
            self._unavailable(OSError(0, message("store.busy", seconds=10)))

    def _set_aside_if_not_a_file(self, name: str, code: str) -> bool:
        """Move ``root/name`` aside when it is there but is no regular file; True when moved.

        The lock is checked before it is held: a lock file balorg made is always a regular
        file, so only what is not one is moved (checked again just before the move).
        """
        path = self.root / name
        why = _not_a_file(path)
        if why is None:
            return False
        try:
            aside = self._move_aside(path, unless_regular=True)
        except OSError:
            return False  # then opening or reading it says what is wrong
        if aside is None:
            return False
        self.problems.append(StoreProblem.make(code, aside, path=path, reason=why, aside=aside))
        return True

    def _folders_in_place(self) -> None:
        """A file (or a pipe, a device...) where ``aside/``, ``items/`` or ``migrated/`` belongs is moved aside."""
        for name in ("aside", "items", "migrated"):
            path = self.root / name
            if path.is_dir() or not os.path.lexists(path):
                continue
            try:
                info = os.stat(path)
                why = message("reason.not_a_folder") if stat.S_ISREG(info.st_mode) else reason(SpecialFile(path, info.st_mode))
            except FileNotFoundError as exc:
                why = _dangling(path) or reason(exc)
            except OSError as exc:
                why = reason(exc)
            if name == "aside":  # it cannot be moved into itself: out of the way first, then in
                parked = self.root / f".aside-{secrets.token_hex(4)}"
                os.rename(path, parked)
                ensure_private_dir(path)
                aside = self._move_aside(parked, name="aside")
            else:
                aside = self._move_aside(path)
            if aside is not None:
                self.problems.append(StoreProblem.make("store.folder_set_aside", aside, path=path, reason=why, aside=aside))

    _ro_reason = ""

    def _probe(self) -> None:
        """Try a real write: permissions alone do not tell a read-only or full disk (sets :attr:`writable`)."""
        probe = self.root / f".probe-{os.getpid()}-{secrets.token_hex(4)}"
        try:
            fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                os.write(fd, b"x")
            finally:
                os.close(fd)
                os.unlink(probe)
        except OSError as exc:
            self.writable = False
            self._ro_reason = reason(exc)

    def _tighten(self) -> None:
        if not POSIX_MODES:
            return  # Windows: every folder shows 0o777; the profile's ACLs say who may open it
        self._tighten_data_folder()
        for folder in (self.root, self.items):
            try:
                mode = folder.stat().st_mode & 0o777
                if mode & 0o077:
                    os.chmod(folder, PRIVATE_DIR)
                    if folder == self.root:
                        self.problems.append(StoreProblem.make("store.permissions_fixed", folder, path=folder))
            except OSError:
                pass

    def _tighten_data_folder(self) -> None:
        """The data folder (drafts, the directory) opened to others: ours is made private, else said."""
        folder = self.root.parent
        try:
            info = folder.stat()
        except OSError:
            return
        if not POSIX_MODES or not info.st_mode & 0o077:
            return
        ours = info.st_uid == getattr(os, "geteuid", lambda: -1)()
        if ours and not info.st_mode & stat.S_ISVTX:  # never a shared folder such as /tmp
            try:
                os.chmod(folder, PRIVATE_DIR)
            except OSError:
                pass
            else:
                self.problems.append(StoreProblem.make("store.data_dir_fixed", folder, path=folder))
                return
        self.problems.append(StoreProblem.make("store.data_dir_open", folder, path=folder))

    _unavailable_reason = ""

    def _unavailable(self, exc: BaseException) -> None:
        self._unavailable_reason = reason(exc)
        self.available = False
        self.writable = False
        self._db = None
        self.problems.append(StoreProblem.make("store.unavailable", self.root, path=self.root, reason=self._unavailable_reason))

    @property
    def _storage(self) -> JournalStorage:
        assert self._db is not None
        return self._db.storage  # type: ignore[return-value]

    @property
    def _table(self) -> _Table:
        assert self._db is not None
        return self._db.table(TABLE, cache_size=0)  # type: ignore[return-value]

    def _load_index(self) -> None:
        try:
            self._storage.refresh()
        except IndexDamaged as exc:
            if not self.writable:  # nothing can be moved aside: read the drafts themselves, write nothing
                self.problems.append(
                    StoreProblem.make("store.index_unreadable", exc.path, reason=exc.reason[:120], path=exc.path)
                )
                self._rebuild()
                return
            paths = (self._storage.snapshot_path, self._storage.journal_path)
            asides = [self._move_aside(path) for path in paths if os.path.lexists(path)]
            shown = [str(a) for a in asides if a is not None] or [str(exc.path)]
            self.problems.append(StoreProblem.make("store.index_damaged", shown[0], aside=", ".join(shown)))
            self._rebuild()

    def _repair_entries(self) -> None:
        """Make again from their files the index documents the storage left out (wrong shape, bit flips).

        Under the exclusive lock (or in memory only, in a read-only store). A document
        without a file, or not keyed by a file name, is deleted.
        """
        storage = self._storage
        invalid = storage.invalid()
        if not invalid:
            return
        where = ", ".join(map(str, storage.invalid_in)) or str(storage.snapshot_path)
        ids = sorted(invalid.pop(TABLE, set()))
        named = [i[:40] for i in ids] + [f"{t[:20]}/{i[:20]}" for t, docs in sorted(invalid.items()) for i in sorted(docs)]
        shown = ", ".join(named[:5]) + (", …" if len(named) > 5 else "")
        self.problems.append(
            StoreProblem.make("store.index_entries_repaired", where, path=where, count=len(named), ids=shown)
        )
        if self.writable and len(ids) > _REBUILD_OVER:
            self._rebuild()
            return
        for draft_id in ids:
            entry = None
            if valid_id(draft_id) and os.path.lexists(self._path(draft_id)):
                entry = self._entry_from_file(draft_id)
            self._set_entry(draft_id, entry)
        for table, docs in invalid.items():  # tables this version does not know: a flipped table name
            for doc_id in docs:
                self._set_entry(doc_id, None, table=table)

    def _set_entry(self, draft_id: str, entry: dict[str, Any] | None, *, table: str = TABLE) -> None:
        """Write (None: delete) the index document of a draft left out by the storage."""
        if self.writable:
            try:
                if entry is not None and table == TABLE:
                    self._put(draft_id, entry)
                else:
                    self._storage.write_changes(table, {draft_id: None})
                return
            except OSError:
                pass  # a full disk...: right in memory at least, written by the next process that can
        self._storage.remember(table, draft_id, entry)

    def _rebuild(self) -> None:
        """Rebuild the whole index from the draft files."""
        entries = {}
        for draft_id in self._item_ids():
            entry = self._entry_from_file(draft_id)
            if entry is not None:
                entries[draft_id] = entry
        if self.writable:
            self._storage.replace_all({TABLE: entries})
        else:
            self._storage.adopt({TABLE: entries})

    def _item_ids(self) -> list[str]:
        names = os.listdir(self.items)  # plain names: 10,000 of them in a couple of ms
        hidden = [name for name in names if name.startswith(".")]
        if hidden:
            now = time.time()
            for name in hidden:
                self._drop_leftover(self.items / name, now)
        # What valid_id() accepts: a listed name has no "/" and fits (startswith() is 3 ms cheaper per 10,000).
        return [name[:-5] for name in names if name.endswith(".json") and not name.startswith(".")]

    def _drop_leftover(self, path: Path, now: float) -> None:
        # A temporary file of a process killed mid-save; recent ones may belong to a live process.
        if not self.writable or not path.name.endswith(".tmp"):
            return
        try:
            if now - path.stat().st_mtime > _TEMP_MAX_AGE:
                path.unlink()
        except OSError:
            pass

    def _reconcile(self) -> None:
        """Add drafts missing from the index (killed between file and index), drop entries without a file."""
        on_disk = set(self._item_ids())
        indexed = set(self._storage.documents(TABLE))
        missing = on_disk - indexed
        gone = indexed - on_disk
        if not self.writable:  # nothing written: the list is made right in memory (the files are the truth)
            for draft_id in missing:
                entry = self._entry_from_file(draft_id)
                if entry is not None:
                    self._storage.remember(TABLE, draft_id, entry)
            for draft_id in gone:
                self._storage.remember(TABLE, draft_id, None)
            return
        if len(missing) > _REBUILD_OVER:
            self._rebuild()
            return
        for draft_id in missing:
            entry = self._entry_from_file(draft_id)
            if entry is not None:
                self._table.insert(Document(entry, doc_id=draft_id))  # type: ignore[arg-type]  # ids are str here
        if gone:
            self._table.remove(doc_ids=list(gone))  # type: ignore[arg-type]  # ids are str here

    def _entry_from_file(self, draft_id: str) -> dict[str, Any] | None:
        try:
            record, _ = self._read(draft_id)
            try:
                return entry_of(record)
            except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
                raise _Damaged(f"{type(exc).__name__}: {str(exc)[:160]}") from None
        except _Damaged as exc:
            self._quarantine(draft_id, str(exc))
        except _TooNew as exc:
            path = self._path(draft_id)
            self.problems.append(StoreProblem.make("store.draft_unreadable", path, id=draft_id, reason=str(exc), path=path))
        except OSError as exc:
            path = self._path(draft_id)
            self.problems.append(StoreProblem.make("store.draft_unreadable", path, id=draft_id, reason=reason(exc), path=path))
        return None

    def _move_aside(self, path: Path, *, name: str | None = None, unless_regular: bool = False) -> Path | None:
        """Move a damaged file (or folder, pipe, link...) to ``aside/`` under a new name; never overwrite.

        Args:
            name: the name to base the new one on (default: `path`'s).
            unless_regular: leave `path` alone (and return None) if it has become a regular
                file meanwhile (another process moved the damage aside and made it again).

        Returns None when there was nothing to move (another process moved it first).
        """
        aside = ensure_private_dir(self.root / "aside")
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        while True:
            target = aside / f"{name or path.name}.{stamp}-{secrets.token_hex(3)}.damaged"
            if not os.path.lexists(target):
                break
        try:
            if unless_regular and stat.S_ISREG(os.stat(path).st_mode):
                return None
        except OSError:
            pass
        try:
            os.rename(path, target)
        except FileNotFoundError:
            if not os.path.lexists(path):
                return None
            raise
        return target

    def _quarantine(self, draft_id: str, why: str) -> StoreError:
        """Move a damaged draft file aside (said in :attr:`problems`); the error to raise for it."""
        path = self._path(draft_id)
        if not self.writable:
            code, params = "store.draft_unreadable", {"id": draft_id, "reason": why, "path": path}
        else:
            try:
                aside = self._move_aside(path) or path  # None: another process moved it first
                code, params = "store.draft_damaged", {"id": draft_id, "reason": why, "aside": aside}
            except OSError as exc:
                code, params = "store.draft_unreadable", {"id": draft_id, "reason": f"{why} ; {reason(exc)}", "path": path}
            if draft_id in self._storage.documents(TABLE):
                try:
                    self._table.remove(doc_ids=[draft_id])  # type: ignore[list-item]  # ids are str here
                except OSError:
                    pass  # its file is gone: the next opening drops the line
        self.problems.append(StoreProblem.make(code, params.get("aside", path), **params))
        return StoreError(code, **params)

    # -- locking and files ---------------------------------------------------------------------

    @contextmanager
    def _locked(self, exclusive: bool) -> Iterator[None]:
        if not self.available or self._lock is None:
            raise StoreError("store.unavailable", path=self.root, reason=self._unavailable_reason)
        if exclusive and not self.writable:
            raise StoreError("store.read_only", path=self.root, reason=self._ro_reason)
        lock = self._lock
        try:
            with lock.hold(exclusive=exclusive):
                if self._refreshed(repair=exclusive or not self.writable or lock.depth > 1):
                    yield
                    return
            # Damage found under the shared lock: repaired under the exclusive one, where the block then runs.
            with lock.hold(exclusive=True):
                self._refreshed(repair=True)
                yield
        except LockTimeout:
            raise StoreError("store.busy", seconds=int(lock.timeout)) from None

    def _refreshed(self, *, repair: bool) -> bool:
        """Catch up with the index files; False when they need a repair that `repair` does not allow.

        A repair writes, so it needs the exclusive lock in a writable store; within a shared
        hold that cannot be given up (a nested one), invalid documents stay left out (never
        shown) and a damaged index is refused, as before.
        """
        assert self._lock is not None
        can_write = not self.writable or self._lock.exclusive
        try:
            self._storage.refresh()
        except IndexDamaged:
            if not repair:
                return False
            if not can_write:
                raise StoreError("store.index_damaged", aside="?") from None
            self._load_index()
        if self._storage.invalid():
            if not repair:
                return False
            if can_write:
                self._repair_entries()
        return True

    def _path(self, draft_id: str) -> Path:
        return self.items / f"{draft_id}.json"

    def _read(self, draft_id: str) -> tuple[dict[str, Any], int]:
        """The draft's record in the current format (its own keys checked), and the format it was stored in.

        Raises:
            _Damaged: the file will never be read as a draft (no regular file, too large,
                not JSON, keys of the wrong type...): the reason says why, in the user's language.
            _TooNew: written by a newer balorg.
            OSError: it cannot be read now (missing, permissions, disk error...).
        """
        path = self._path(draft_id)
        try:
            raw = read_regular(path)
        except OSError as exc:
            why = _damage(path, exc)
            if why is not None:
                raise _Damaged(why) from None
            raise
        try:
            record = json.loads(raw)
        except UnicodeDecodeError as exc:
            raise _Damaged(reason(exc)) from None
        except RecursionError:
            raise _Damaged(message("reason.too_deep")) from None
        except MemoryError:
            raise OSError(errno.ENOMEM, "out of memory", str(path)) from None  # the file may be sound
        except ValueError as exc:
            raise _Damaged(message("reason.not_json", detail=str(exc)[:120])) from None
        if not isinstance(record, dict):
            raise _Damaged(message("reason.not_a_record"))
        try:
            stored = migrations.format_of(record)
            if stored > migrations.CURRENT:
                raise _TooNew(message("reason.too_new", found=stored, current=migrations.CURRENT))
            record = migrations.migrate(record, draft_id)
        except (ValueError, RecursionError, KeyError, TypeError) as exc:
            raise _Damaged(str(exc)[:200]) from None
        record["id"] = draft_id  # the file name is the id, whatever the file says
        return record, stored

    def _current(self, draft_id: str) -> tuple[dict[str, Any], int]:
        """Read the draft's file, moving it aside when damaged."""
        try:
            return self._read(draft_id)
        except FileNotFoundError:
            if draft_id in self._storage.documents(TABLE) and self.writable:
                self._table.remove(doc_ids=[draft_id])  # type: ignore[list-item]  # ids are str here
            raise DraftNotFound("draft.not_found", id=draft_id) from None
        except _Damaged as exc:
            raise self._quarantine(draft_id, str(exc)) from None
        except _TooNew as exc:
            raise StoreError("store.draft_unreadable", id=draft_id, reason=str(exc), path=self._path(draft_id)) from None
        except OSError as exc:
            raise StoreError("store.draft_unreadable", id=draft_id, reason=reason(exc), path=self._path(draft_id)) from None

    def _write(self, record: dict[str, Any], stored_format: int = migrations.CURRENT, *,
               counts: tuple[int, int] | None = None) -> None:
        """Write a record (file first, then index), under the exclusive lock; `counts`: see :func:`entry_of`."""
        draft_id = record["id"]
        path = self._path(draft_id)
        try:
            migrations.check_current(record)  # never write a file that reading would set aside
        except ValueError as exc:
            raise StoreError("store.write_failed", path=path, reason=str(exc)) from None
        raw = json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
        try:
            if stored_format < migrations.CURRENT and path.exists():
                keep = ensure_private_dir(self.root / "migrated") / f"{draft_id}.v{stored_format}.json"
                if not os.path.lexists(keep):
                    shutil.copy2(path, keep)
            atomic_write(path, raw)
        except OSError as exc:
            raise StoreError("store.write_failed", path=path, reason=reason(exc)) from None
        entry = entry_of(record, known=self.known, counts=counts)
        try:
            self._put(draft_id, entry)
        except OSError as exc:
            # The draft itself is saved; its line in the list catches up on the next save or start.
            raise StoreError("store.write_failed", path=self._storage.journal_path, reason=reason(exc)) from None

    def _put(self, draft_id: str, entry: dict[str, Any]) -> None:
        """Set the index document of a draft (replacing it whole: documents are sparse)."""
        if draft_id in self._storage.documents(TABLE):

            def replace(doc: dict[str, Any]) -> None:
                doc.clear()
                doc.update(entry)

            self._table.update(replace, doc_ids=[draft_id])  # type: ignore[arg-type,list-item]  # ids are str here
        else:
            self._table.insert(Document(entry, doc_id=draft_id))  # type: ignore[arg-type]  # ids are str here

    def close(self) -> None:
        """Release the lock file (the store must not be used afterwards)."""
        if self._lock is not None:
            self._lock.close()
            self._lock = None
        self.available = False
