"""The drafts store: every request being prepared, saved as it is typed, never lost, never half-written.

Layout, under ``wizard.paths.data_dir() / "drafts"`` (folders 0700, files 0600)::

    lock                 flock: shared to read, exclusive to write (several processes)
    items/<id>.json      one file per draft: the truth (format: wizard.store.migrations)
    index.json           TinyDB snapshot of the index: one small document per draft
    index.journal        TinyDB journal of index changes (wizard.store.journal)
    aside/               damaged files moved aside, never overwritten nor deleted
    migrated/            originals of drafts migrated from an older format

Why this layout: a save must be atomic and cost the same with 10 drafts or
10,000. So a draft's content lives in its own file, replaced atomically
(temporary file, fsync, rename): a save writes ~3 KB. What Home and
``balorg drafts`` list (structure, city, step reached, errors, dates, export
marker, revision) lives in a TinyDB index, so listing never parses the drafts
themselves; the index's storage appends only the changed document to a journal
(:class:`wizard.store.journal.JournalStorage`) instead of rewriting the whole
database as TinyDB's stock storage does.

The draft files are the truth; the index is derived from them. A save writes
the file first, then the index: a kill between the two leaves at worst an
index entry one save behind (repaired on the next save or load of that draft)
or a file missing from the index (added back when a store is opened). A
damaged index is moved aside and rebuilt from the files.

Two processes: every change happens under the exclusive lock and checks the
draft's revision *in its file*: a save based on an older revision raises
:class:`~wizard.store.errors.ConflictError` instead of overwriting the other
process's work, and the UI asks the user what to do.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tinydb import TinyDB
from tinydb.table import Document

from wizard.fileio import PRIVATE_DIR, atomic_write, ensure_private_dir
from wizard.store import migrations
from wizard.store.errors import (
    ConflictError,
    DraftNotFound,
    ReadOnlyDraft,
    StoreError,
    StoreProblem,
    message,
    reason,
)
from wizard.store.journal import FileLock, IndexDamaged, JournalStorage, JournalTable, LockTimeout
from wizard.store.records import (
    SORTS,
    Draft,
    DraftSummary,
    Exported,
    _fold,
    _now,
    entry_of,
    sort_entries,
    summary_of,
)

if TYPE_CHECKING:
    from wizard.model.request import Request

__all__ = ["SORTS", "Draft", "DraftStore", "DraftSummary", "Exported", "entry_of", "summary_of"]

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


class DraftStore:
    """The drafts of this user, in `root` (default: ``data_dir() / "drafts"``).

    Opening never raises: a store that cannot be used is opened unavailable
    or read-only, and :attr:`problems` says what happened in French. Every
    method may raise :class:`~wizard.store.errors.StoreError`, whose
    ``message`` is meant for the user; nothing is ever half-written.

    Methods are thread-safe (the autosave thread and the UI may share a store).
    """

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
        entry = entry_of(record)
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

    # -- reading -------------------------------------------------------------------------------

    def list(
        self,
        *,
        sort: str = "updated",
        descending: bool | None = None,
        filter: str = "",
        trashed: bool = False,
        limit: int | None = None,
    ) -> list[DraftSummary]:
        """The drafts for Home and ``balorg drafts``, from the index alone.

        Args:
            sort: one of :data:`SORTS`.
            descending: default: newest first for dates, most errors first, else ascending.
            filter: words that must all appear (any case, any accents) in the
                name, structure, city or id.
            trashed: list the trash instead.
            limit: at most this many (the first ones in the order asked).
        """
        if not self.available:
            return []
        with self._locked(exclusive=False):
            docs = self._storage.documents(TABLE)
            wanted = [(k, v) for k, v in docs.items() if ("trashed_at" in v) == trashed]
        words = _fold(filter).split()
        if words:
            wanted = [(k, v) for k, v in wanted if all(w in self._folded(k, v) for w in words)]
        return [summary_of(k, v) for k, v in sort_entries(wanted, sort, descending, limit)]

    def count(self, *, trashed: bool = False) -> int:
        """How many drafts (or drafts in the trash) there are."""
        if not self.available:
            return 0
        with self._locked(exclusive=False):
            return sum(("trashed_at" in v) == trashed for v in self._storage.documents(TABLE).values())

    def _folded(self, draft_id: str, entry: dict[str, Any]) -> str:
        cached = self._fold_cache.get(draft_id)
        if cached is None or cached[0] != entry["revision"]:
            text = _fold(" ".join((draft_id, entry.get("name", ""), entry["structure"], entry.get("city", ""))))
            cached = self._fold_cache[draft_id] = (entry["revision"], text)
        return cached[1]

    def resolve(self, prefix: str) -> str:
        """The id of the draft whose id is `prefix` or starts with it (at least 4 characters).

        Raises:
            DraftNotFound: none, or several.
        """
        with self._locked(exclusive=False):
            ids = self._storage.documents(TABLE).keys()
            if prefix in ids:
                return prefix
            matches = sorted(i for i in ids if len(prefix) >= 4 and i.startswith(prefix))
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise DraftNotFound("draft.ambiguous", id=prefix, ids=", ".join(matches[:5]))
        raise DraftNotFound("draft.not_found", id=prefix)

    def load(self, draft_id: str) -> Draft:
        """The draft as last saved (by any process).

        Raises:
            DraftNotFound, StoreError: a damaged file is moved aside and reported.
        """
        with self._locked(exclusive=False):
            try:
                record, _ = self._read(draft_id)
            except (OSError, _Damaged, _TooNew):
                record = None  # dealt with below, under the exclusive lock (it may move the file aside)
            stale = record is not None and self._storage.documents(TABLE).get(draft_id, {}).get("revision") != record["revision"]
        if record is None or (stale and self.writable):
            with self._locked(exclusive=self.writable):
                record, _ = self._current(draft_id)
                entry = entry_of(record)
                if self.writable and self._storage.documents(TABLE).get(draft_id) != entry:
                    self._put(draft_id, entry)  # a line one save behind, after a kill
        return self._draft(record)

    def _draft(self, record: dict[str, Any]) -> Draft:
        from pydantic import ValidationError

        from wizard.model.request import Request

        try:
            request = Request.from_data(record["request"])
        except ValidationError as exc:
            draft_id = record["id"]
            why = f"{exc.error_count()} champ(s) invalide(s) : {exc.errors()[0]['loc']}"
            if self.writable:
                with self._locked(exclusive=True):
                    self._quarantine(draft_id, why)
                raise StoreError("store.draft_damaged", id=draft_id, reason=why, aside=self.problems[-1].path) from None
            raise StoreError("store.draft_unreadable", id=draft_id, reason=why, path=self._path(draft_id)) from None
        exported = record.get("exported")
        return Draft(
            id=record["id"],
            request=request,
            name=record.get("name", ""),
            step=record.get("step", "home"),
            revision=record["revision"],
            created_at=record.get("created_at", ""),
            updated_at=record.get("updated_at", ""),
            exported=Exported(exported["path"], exported["at"]) if exported else None,
            trashed_at=record.get("trashed_at"),
            origin=record.get("origin"),
        )

    # -- writing -------------------------------------------------------------------------------

    def create(self, request: Request | None = None, *, name: str = "", step: str = "home", origin: str | None = None) -> Draft:
        """Store a new draft: blank, or from `request` (kept as given)."""
        from wizard.model.request import Request

        request = request if request is not None else Request()
        with self._locked(exclusive=True):
            draft_id = secrets.token_hex(6)
            while self._path(draft_id).exists():
                draft_id = secrets.token_hex(6)
            now = _now()
            draft = Draft(draft_id, request, name=name, step=step, revision=1, created_at=now, updated_at=now, origin=origin)
            self._write(self._record(draft, request.to_data(), revision=1, updated_at=now))
        return draft

    def save(self, draft: Draft, *, data: dict[str, Any] | None = None, force: bool = False) -> Draft:
        """Save `draft`; on success its ``revision`` and ``updated_at`` are updated in place.

        Args:
            draft: the draft, based on ``draft.revision``.
            data: the request data to save, when taken earlier (the autosave
                snapshot); default ``draft.request.to_data()``.
            force: overwrite even if another process saved since (the user chose "keep mine").

        Raises:
            ConflictError: another process saved (or deleted) the draft since ``draft.revision``.
            ReadOnlyDraft: the draft was exported.
            StoreError: the disk refused (full, read-only...); nothing was changed.
        """
        data = draft.request.to_data() if data is None else data
        with self._locked(exclusive=True):
            try:
                current, stored = self._current(draft.id)
            except DraftNotFound:
                if not force:
                    raise ConflictError(draft.id, None) from None
                current, stored = {"revision": draft.revision}, migrations.CURRENT
            if current.get("exported"):
                exported = current["exported"]
                raise ReadOnlyDraft("draft.read_only", at=exported["at"], path=exported["path"])
            if current["revision"] != draft.revision and not force:
                raise ConflictError(draft.id, summary_of(draft.id, entry_of(current)))
            revision = current["revision"] + 1
            now = _now()
            self._write(self._record(draft, data, revision=revision, updated_at=now), stored)
            draft.revision = revision
            draft.updated_at = now
        return draft

    def save_as_new(self, draft: Draft) -> Draft:
        """Store a copy of `draft` as a new draft (the third choice of a conflict)."""
        return self.create(_fresh(draft.request), name=draft.name, step=draft.step, origin=draft.id)

    def duplicate(self, draft_id: str) -> Draft:
        """A new draft with the same content (a new request id), not exported."""
        source = self.load(draft_id)
        name = f"{source.title} (copie)" if source.name or source.request.structure.name else ""
        return self.create(_fresh(source.request), name=name, step=source.step, origin=draft_id)

    def reopen(self, draft_id: str) -> Draft:
        """An exported (read-only) draft reopened as a new, editable draft."""
        source = self.load(draft_id)
        return self.create(_fresh(source.request), name=source.name, step=source.step, origin=draft_id)

    def rename(self, draft_id: str, name: str) -> Draft:
        """Give the draft a name of its own ("" to show the structure's name again)."""
        return self._update(draft_id, lambda r: r.update(name=name.strip()))

    def delete(self, draft_id: str) -> Draft:
        """Move the draft to the trash (undo with :meth:`restore`)."""
        return self._update(draft_id, lambda r: r.update(trashed_at=_now()))

    def restore(self, draft_id: str) -> Draft:
        """Take the draft out of the trash."""
        return self._update(draft_id, lambda r: r.update(trashed_at=None))

    def mark_exported(self, draft: Draft, path: str | Path, at: str | None = None) -> Draft:
        """Record that `draft` (its current content) was exported to `path`: it becomes read-only."""
        draft.exported = Exported(str(Path(path).resolve()), at or _now())
        draft.trashed_at = None
        with self._locked(exclusive=True):
            try:
                current, stored = self._current(draft.id)
                revision = current["revision"] + 1
            except DraftNotFound:
                revision, stored = draft.revision + 1, migrations.CURRENT
            now = _now()
            self._write(self._record(draft, draft.request.to_data(), revision=revision, updated_at=now), stored)
            draft.revision, draft.updated_at = revision, now
        return draft

    def purge(self, draft_id: str) -> None:
        """Delete a draft for good (the file is removed)."""
        with self._locked(exclusive=True):
            try:
                os.unlink(self._path(draft_id))
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise StoreError("store.write_failed", path=self._path(draft_id), reason=reason(exc)) from None
            if draft_id in self._storage.documents(TABLE):
                self._table.remove(doc_ids=[draft_id])

    def empty_trash(self, older_than_days: float = 0) -> int:
        """Purge drafts in the trash for more than `older_than_days`; return how many."""
        limit = datetime.now(timezone.utc).timestamp() - older_than_days * 86400
        count = 0
        for summary in self.list(trashed=True):
            at = datetime.strptime(summary.trashed_at or "", "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
            if at.timestamp() <= limit:
                self.purge(summary.id)
                count += 1
        return count

    def _update(self, draft_id: str, change: Callable[[dict[str, Any]], None]) -> Draft:
        with self._locked(exclusive=True):
            record, stored = self._current(draft_id)
            change(record)
            record["revision"] += 1
            record["updated_at"] = _now()
            self._write(record, stored)
            return self._draft(record)

    def _record(self, draft: Draft, data: dict[str, Any], *, revision: int, updated_at: str) -> dict[str, Any]:
        return {
            "store_format": migrations.CURRENT,
            "id": draft.id,
            "revision": revision,
            "name": draft.name,
            "step": draft.step,
            "created_at": draft.created_at or updated_at,
            "updated_at": updated_at,
            "trashed_at": draft.trashed_at,
            "exported": asdict(draft.exported) if draft.exported else None,
            "origin": draft.origin,
            "request": data,
        }

    def close(self) -> None:
        """Release the lock file (the store must not be used afterwards)."""
        if self._lock is not None:
            self._lock.close()
            self._lock = None
        self.available = False


def _fresh(request: Request) -> Request:
    """A copy of `request` as a new request: new id and creation date, derived fields dropped."""
    from wizard.model.request import Request

    data = request.to_data()
    for key in ("request_id", "created_at", "exported_at", "generator"):
        data.pop(key, None)
    return Request.from_data(data)
