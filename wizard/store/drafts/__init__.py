"""The drafts store: every request being prepared, saved as it is typed, never lost, never half-written.

Layout, under ``wizard.paths.data_dir() / "drafts"`` (folders 0700, files 0600)::

    lock                 flock: shared to read, exclusive to write (several processes)
    items/<id>.json      one file per draft: the truth (format: wizard.store.drafts.migrations)
    index.json           TinyDB snapshot of the index: one small document per draft
    index.journal        TinyDB journal of index changes (wizard.store.drafts.journal)
    aside/               damaged files moved aside, never overwritten nor deleted
    migrated/            originals of drafts migrated from an older format

Why this layout: a save must be atomic and cost the same with 10 drafts or
10,000. So a draft's content lives in its own file, replaced atomically
(temporary file, fsync, rename): a save writes ~3 KB. What Home and
``balorg drafts`` list (structure, city, step reached, errors, dates, export
marker, revision) lives in a TinyDB index, so listing never parses the drafts
themselves; the index's storage appends only the changed document to a journal
(:class:`wizard.store.drafts.journal.JournalStorage`) instead of rewriting the whole
database as TinyDB's stock storage does.

The draft files are the truth; the index is derived from them. A save writes
the file first, then the index: a kill between the two leaves at worst an
index entry one save behind (repaired on the next save or load of that draft)
or a file missing from the index (added back when a store is opened). A
damaged index is moved aside and rebuilt from the files.

Two processes: every change happens under the exclusive lock and checks the
draft's revision *in its file*: a save based on an older revision raises
:class:`~wizard.store.drafts.errors.ConflictError` instead of overwriting the other
process's work, and the UI asks the user what to do.

Modules: :mod:`~wizard.store.drafts.records` (what a draft and a list line hold),
:mod:`~wizard.store.drafts.folder` (opening, repair, locks, file I/O),
:mod:`~wizard.store.drafts.journal` (the index's TinyDB storage and the lock),
:mod:`~wizard.store.drafts.migrations` (stored formats), :mod:`~wizard.store.drafts.autosave`
(debounced saving for the wizard), :mod:`~wizard.store.drafts.importing` (request files
as drafts).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wizard.store.drafts import migrations
from wizard.store.drafts.errors import ConflictError, DraftNotFound, ReadOnlyDraft, StoreError, message, reason
from wizard.store.drafts.folder import TABLE, DraftFolder, _Damaged, _TooNew
from wizard.store.drafts.records import (
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


class DraftStore(DraftFolder):
    """The drafts of this user, in `root` (default: ``data_dir() / "drafts"``).

    Opening never raises: a store that cannot be used is opened unavailable
    or read-only, and :attr:`problems` says what happened in French. Every
    method may raise :class:`~wizard.store.drafts.errors.StoreError`, whose
    ``message`` is meant for the user; nothing is ever half-written.

    Methods are thread-safe (the autosave thread and the UI may share a store).
    """

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
                name, structure, city, id, professionals' and delegates' names or mailbox addresses.
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

    def is_empty(self) -> bool:
        """True when the store holds no draft at all, in the trash or not.

        False when it cannot be read now (a damaged index, another process holding
        it): the caller then lists it, and says what is wrong, as usual.
        """
        if not self.available:
            return True
        try:
            with self._locked(exclusive=False):
                return not self._storage.documents(TABLE)
        except StoreError:
            return False

    def count(self, *, trashed: bool = False) -> int:
        """How many drafts (or drafts in the trash) there are."""
        if not self.available:
            return 0
        with self._locked(exclusive=False):
            return sum(("trashed_at" in v) == trashed for v in self._storage.documents(TABLE).values())

    def _folded(self, draft_id: str, entry: dict[str, Any]) -> str:
        cached = self._fold_cache.get(draft_id)
        if cached is None or cached[0] != entry["revision"]:
            text = _fold(" ".join((draft_id, entry.get("name", ""), entry["structure"], entry.get("city", ""),
                                   entry.get("people", ""), entry.get("addresses", ""))))
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
                entry = entry_of(record, known=self.known)
                if self.writable and self._storage.documents(TABLE).get(draft_id) != entry:
                    self._put(draft_id, entry)  # a line one save behind, after a kill
        return self._draft(record)

    def _draft(self, record: dict[str, Any]) -> Draft:
        from pydantic import ValidationError

        from wizard.model.request import Request

        try:
            request = Request.from_data(record["request"])
        except (ValueError, TypeError, RecursionError) as exc:  # ValidationError is a ValueError
            draft_id = record["id"]
            if isinstance(exc, ValidationError):
                where = ".".join(map(str, exc.errors()[0]["loc"])) or "request"
                why = message("reason.invalid_fields", count=exc.error_count(), where=where)
            else:
                why = f"{type(exc).__name__}: {str(exc)[:160]}"
            with self._locked(exclusive=self.writable):
                raise self._quarantine(draft_id, why) from None
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
            while os.path.lexists(self._path(draft_id)):
                draft_id = secrets.token_hex(6)
            now = _now()
            draft = Draft(draft_id, request, name=name, step=step, revision=1, created_at=now, updated_at=now, origin=origin)
            self._write(self._record(draft, request.to_data(), revision=1, updated_at=now))
        return draft

    def save(self, draft: Draft, *, data: dict[str, Any] | None = None, force: bool = False,
             counts: tuple[int, int] | None = None) -> Draft:
        """Save `draft`; on success its ``revision`` and ``updated_at`` are updated in place.

        Args:
            draft: the draft, based on ``draft.revision``.
            data: the request data to save, when taken earlier (the autosave
                snapshot); default ``draft.request.to_data()``.
            force: overwrite even if another process saved since (the user chose "keep mine").
            counts: the errors and warnings the rules found in `data` (the wizard ran them on
                this very snapshot): the drafts list's counts, without running the rules again.

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
                raise ConflictError(draft.id, summary_of(draft.id, entry_of(current, known=self.known)))
            revision = current["revision"] + 1
            now = _now()
            self._write(self._record(draft, data, revision=revision, updated_at=now), stored, counts=counts)
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
                self._table.remove(doc_ids=[draft_id])  # type: ignore[list-item]  # ids are str here

    def empty_trash(self, older_than_days: float = 0) -> int:
        """Delete for good the drafts in the trash for more than `older_than_days`; return how many.

        Under one exclusive lock: a draft another process restores meanwhile is either
        restored before (and kept) or purged with the others. A file the disk refuses to
        remove stops the purge there (StoreError); those removed before stay removed.
        """
        limit = datetime.now(UTC).timestamp() - older_than_days * 86400
        with self._locked(exclusive=True):
            trashed = [(k, v["trashed_at"]) for k, v in self._storage.documents(TABLE).items() if "trashed_at" in v]
            gone = []
            try:
                for draft_id, at in trashed:
                    when = datetime.fromisoformat(at.replace("Z", "+00:00")).timestamp()  # checked by valid_entry
                    if when > limit:
                        continue
                    try:
                        os.unlink(self._path(draft_id))
                    except FileNotFoundError:
                        pass
                    except OSError as exc:
                        raise StoreError("store.write_failed", path=self._path(draft_id), reason=reason(exc)) from None
                    gone.append(draft_id)
            finally:
                if gone:
                    self._table.remove(doc_ids=gone)  # type: ignore[arg-type]  # ids are str here
                    for draft_id in gone:
                        self._fold_cache.pop(draft_id, None)
        return len(gone)

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


def _fresh(request: Request) -> Request:
    """A copy of `request` as a new request: new id and creation date, derived fields dropped."""
    from wizard.model.request import Request

    data = request.to_data()
    for key in ("request_id", "created_at", "exported_at", "generator"):
        data.pop(key, None)
    return Request.from_data(data)
