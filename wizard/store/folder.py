"""The drafts' folder: opened whatever its state, repaired, locked, and its draft files read and written.

:class:`DraftFolder` is the lower half of :class:`wizard.store.drafts.DraftStore`
(the layout and its reasons are described there): everything about files,
locks and damage, so that the store's public methods read as the operations
they are.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document

from wizard.fileio import PRIVATE_DIR, atomic_write, ensure_private_dir
from wizard.store import migrations
from wizard.store.errors import DraftNotFound, StoreError, StoreProblem, message, reason
from wizard.store.journal import FileLock, IndexDamaged, JournalStorage, JournalTable, LockTimeout
from wizard.store.records import entry_of

TABLE = "drafts"
_TEMP_MAX_AGE = 600.0
"""Temporary files older than this (seconds) are leftovers of a killed process."""


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
        """What this machine knows of existing addresses (:class:`wizard.store.directory_known.Known`),
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
            ensure_private_dir(self.items)
        except OSError as exc:
            if not _usable_folder(self.items):
                self._unavailable(exc)
                return
            self.writable = False
            self._ro_reason = reason(exc)
        if self.writable:
            self._probe()
        if not self.writable:
            self.problems.append(StoreProblem.make("store.read_only", self.root, path=self.root, reason=self._ro_reason))
        else:
            self._tighten()
        try:
            self._lock = FileLock(self.root / "lock", writable=self.writable)
            storage = JournalStorage(self.root, writable=self.writable)
            self._db = _TinyDB(storage=lambda: storage)  # type: ignore[arg-type]
            with self._lock.hold(exclusive=self.writable):
                self._load_index()
                self._reconcile()
        except OSError as exc:
            self._unavailable(exc)
        except LockTimeout:
            self._unavailable(OSError(0, message("store.busy", seconds=10)))

    _ro_reason = ""

    def _probe(self) -> None:
        """Try a real write: permissions alone do not tell a read-only or full disk."""
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
        for folder in (self.root, self.items):
            try:
                mode = folder.stat().st_mode & 0o777
                if mode & 0o077:
                    os.chmod(folder, PRIVATE_DIR)
                    if folder == self.root:
                        self.problems.append(StoreProblem.make("store.permissions_fixed", folder, path=folder))
            except OSError:
                pass

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
            asides = [self._move_aside(path) for path in (self._storage.snapshot_path, self._storage.journal_path) if path.exists()]
            self.problems.append(StoreProblem.make("store.index_damaged", asides[0], aside=", ".join(map(str, asides))))
            self._rebuild()

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
        if not self.writable:
            return
        if len(missing) > 200:
            self._rebuild()
            return
        for draft_id in missing:
            entry = self._entry_from_file(draft_id)
            if entry is not None:
                self._table.insert(Document(entry, doc_id=draft_id))
        if gone:
            self._table.remove(doc_ids=list(gone))

    def _entry_from_file(self, draft_id: str) -> dict[str, Any] | None:
        try:
            record, _ = self._read(draft_id)
            return entry_of(record)
        except _Damaged as exc:
            self._quarantine(draft_id, str(exc))
        except _TooNew as exc:
            path = self._path(draft_id)
            self.problems.append(StoreProblem.make("store.draft_unreadable", path, id=draft_id, reason=str(exc), path=path))
        except OSError as exc:
            path = self._path(draft_id)
            self.problems.append(StoreProblem.make("store.draft_unreadable", path, id=draft_id, reason=reason(exc), path=path))
        return None

    def _move_aside(self, path: Path) -> Path:
        """Move a damaged file to ``aside/`` under a name never used before; never overwrite it."""
        aside = ensure_private_dir(self.root / "aside")
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        target = aside / f"{path.name}.{stamp}-{secrets.token_hex(3)}.damaged"
        os.rename(path, target)
        return target

    def _quarantine(self, draft_id: str, why: str) -> None:
        path = self._path(draft_id)
        if not self.writable:
            self.problems.append(StoreProblem.make("store.draft_unreadable", path, id=draft_id, reason=why, path=path))
            return
        try:
            aside = self._move_aside(path)
        except OSError as exc:
            self.problems.append(StoreProblem.make("store.draft_unreadable", path, id=draft_id, reason=reason(exc), path=path))
            return
        self.problems.append(StoreProblem.make("store.draft_damaged", aside, id=draft_id, reason=why, aside=aside))
        if draft_id in self._storage.documents(TABLE):
            self._table.remove(doc_ids=[draft_id])

    # -- locking and files ---------------------------------------------------------------------

    @contextmanager
    def _locked(self, exclusive: bool) -> Iterator[None]:
        if not self.available or self._lock is None:
            raise StoreError("store.unavailable", path=self.root, reason=self._unavailable_reason)
        if exclusive and not self.writable:
            raise StoreError("store.read_only", path=self.root, reason=self._ro_reason)
        try:
            with self._lock.hold(exclusive=exclusive):
                try:
                    self._storage.refresh()
                except IndexDamaged:
                    if not exclusive:
                        raise StoreError("store.index_damaged", aside="?") from None
                    self._load_index()
                yield
        except LockTimeout:
            raise StoreError("store.busy", seconds=int(self._lock.timeout)) from None

    def _path(self, draft_id: str) -> Path:
        return self.items / f"{draft_id}.json"

    def _read(self, draft_id: str) -> tuple[dict[str, Any], int]:
        """The draft's record in the current format, and the format it was stored in."""
        raw = self._path(draft_id).read_bytes()
        try:
            record = json.loads(raw)
            if not isinstance(record, dict):
                raise ValueError("not an object")
            stored = migrations.format_of(record)
            if stored > migrations.CURRENT:
                raise _TooNew(f"store_format {stored} > {migrations.CURRENT}")
            record = migrations.migrate(record, draft_id)
            if not isinstance(record.get("request"), dict) or not isinstance(record.get("revision"), int):
                raise ValueError("not a draft record")
            record["id"] = draft_id  # the file name is the id, whatever the file says
        except (ValueError, UnicodeDecodeError, RecursionError, KeyError, TypeError) as exc:
            raise _Damaged(str(exc)[:200]) from None
        return record, stored

    def _current(self, draft_id: str) -> tuple[dict[str, Any], int]:
        """Read the draft's file, moving it aside when damaged."""
        try:
            return self._read(draft_id)
        except FileNotFoundError:
            if draft_id in self._storage.documents(TABLE) and self.writable:
                self._table.remove(doc_ids=[draft_id])
            raise DraftNotFound("draft.not_found", id=draft_id) from None
        except _Damaged as exc:
            if self.writable:
                self._quarantine(draft_id, str(exc))
                raise StoreError("store.draft_damaged", id=draft_id, reason=str(exc), aside=self.problems[-1].path) from None
            raise StoreError("store.draft_unreadable", id=draft_id, reason=str(exc), path=self._path(draft_id)) from None
        except _TooNew as exc:
            raise StoreError("store.draft_unreadable", id=draft_id, reason=str(exc), path=self._path(draft_id)) from None
        except OSError as exc:
            raise StoreError("store.draft_unreadable", id=draft_id, reason=reason(exc), path=self._path(draft_id)) from None

    def _write(self, record: dict[str, Any], stored_format: int = migrations.CURRENT) -> None:
        """Write a record (file first, then index), under the exclusive lock."""
        draft_id = record["id"]
        path = self._path(draft_id)
        raw = json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
        try:
            if stored_format < migrations.CURRENT and path.exists():
                keep = ensure_private_dir(self.root / "migrated") / f"{draft_id}.v{stored_format}.json"
                if not keep.exists():
                    shutil.copy2(path, keep)
            atomic_write(path, raw)
        except OSError as exc:
            raise StoreError("store.write_failed", path=path, reason=reason(exc)) from None
        entry = entry_of(record, known=self.known)
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

            self._table.update(replace, doc_ids=[draft_id])
        else:
            self._table.insert(Document(entry, doc_id=draft_id))

    def close(self) -> None:
        """Release the lock file (the store must not be used afterwards)."""
        if self._lock is not None:
            self._lock.close()
            self._lock = None
        self.available = False
